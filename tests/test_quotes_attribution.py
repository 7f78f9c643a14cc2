"""Attribution patterns from issue #18's error analysis, one test each (English, original text).

Each construction below left a quote without a speaker (or with the wrong one) in the PolNeAR
tuning articles; the sentences here are written fresh to show the same shape.
"""

from __future__ import annotations

from bot.quotes import find_quotes


def direct(text: str) -> list:
    return [q for q in find_quotes(text) if q.kind == "direct"]


def speaker_of(text: str, start: str) -> str | None:
    """The speaker of the direct quote whose text starts with ``start``."""
    hits = [q for q in direct(text) if q.text.startswith(start)]
    assert hits, [q.text for q in direct(text)]
    return hits[0].speaker


# --- cue verbs ---------------------------------------------------------------------------


def test_less_common_cue_verbs_after_the_quote() -> None:
    cases = {
        "implored": "“Go and register before Friday,” Senator Ruth Hale implored.",
        "upbraided": "“You should have read the report first,” Ms. Ortiz upbraided Mr. Kemp.",
        "confessed": "“I never expected to win this district,” Tom Reyes confessed.",
        "boomed": "“This harbour will be full of ships again,” the governor, Ed Marsh, boomed.",
        "shot back": "“That is simply not what happened,” Lena Park shot back.",
        "fired back": "“The mayor has it backwards,” Carla Diaz fired back on Tuesday.",
    }
    for verb, text in cases.items():
        (q,) = direct(text)
        assert q.speaker is not None and q.cue is not None, (verb, q)
        assert q.speaker.split()[-1] in ("Hale", "Ortiz", "Reyes", "Marsh", "Park", "Diaz")


# --- an appositive between speaker and cue -------------------------------------------------


def test_appositive_between_speaker_and_cue_after_quote() -> None:
    text = (
        "“Voters have made up their minds on the economy,” Republican pollster Dan Meyer, "
        "part of the team that runs the survey, told the station."
    )
    assert speaker_of(text, "Voters have made up") == "Dan Meyer"


def test_relative_clause_between_speaker_and_cue_after_quote() -> None:
    text = (
        "“We had more successful meetings last year,” delegate Amy Stone, who has attended "
        "every convention since 1996, said."
    )
    assert speaker_of(text, "We had more successful") == "Amy Stone"


def test_said_speaker_after_a_tail_of_the_writers_own() -> None:
    text = (
        "“It can be argued, but it seems very unlikely” that the bill will pass, said Omar "
        "Haddad, a lobbyist for the growers."
    )
    assert speaker_of(text, "It can be argued") == "Omar Haddad"


# --- a quote inside a participial or framing clause ------------------------------------------


def test_quote_in_an_opening_participial_clause() -> None:
    text = (
        "Calling her challenger “exactly the kind of partner the valley needs,” Mayor Ines "
        "Rocha endorsed him on Monday."
    )
    assert speaker_of(text, "exactly the kind of partner") == "Ines Rocha"


def test_quote_after_a_participle_of_the_subject() -> None:
    text = (
        "Rep. Paul Ng reacted to the ruling on Friday, saying: “This decision leaves farmers "
        "with nowhere to turn.”"
    )
    assert speaker_of(text, "This decision leaves") == "Paul Ng"


# --- a second quote right after an attributed one ------------------------------------------


def test_second_quote_in_the_next_sentence_inherits_the_speaker() -> None:
    text = "“Go register,” Senator Ruth Hale implored. “Make sure you go out and vote in May.”"
    assert speaker_of(text, "Make sure you go out") == "Ruth Hale"


def test_next_quote_paragraph_after_an_attributed_quote() -> None:
    text = (
        "“The plant will reopen in the spring,” said Nora Quist, the site manager.\n\n"
        "“We have already hired forty people and we will hire forty more by June.”"
    )
    assert speaker_of(text, "We have already hired") == "Nora Quist"


# --- institutional voices -------------------------------------------------------------------


def test_newspaper_editorial_is_the_speaker() -> None:
    text = (
        "“The council has failed the families it was elected to protect,” the newspaper said "
        "in its editorial on Sunday."
    )
    assert speaker_of(text, "The council has failed") == "the newspaper"


def test_the_daily_wrote() -> None:
    text = (
        "“No government can promise cheap bread for ever,” the influential daily wrote in "
        "an unsigned column."
    )
    assert speaker_of(text, "No government can promise") == "the influential daily"


def test_documents_released_by_a_ministry() -> None:
    text = (
        "According to documents released by the Ministry of Transport, “the tunnel was never "
        "expected to carry freight trains at night.”"
    )
    sp = speaker_of(text, "the tunnel was never")
    assert sp is not None and "Ministry of Transport" in sp


# --- reported speech ------------------------------------------------------------------------


def test_reported_speech_with_a_relative_clause_before_the_verb() -> None:
    text = (
        "Ada Harlow, who runs the tenants' union, said the fee would fall hardest on families "
        "in the older blocks."
    )
    reported = [q for q in find_quotes(text) if q.kind == "indirect"]
    assert len(reported) == 1
    assert reported[0].speaker == "Ada Harlow"
    assert reported[0].text.startswith("the fee would fall hardest")


# --- never a speaker that is not there ------------------------------------------------------


def test_framing_clause_without_a_person_names_nobody() -> None:
    text = "Calling it “a long winter for everyone,” the forecast ended on a cheerful note."
    sp = speaker_of(text, "a long winter")
    assert sp in (None, "the forecast")


# --- more shapes from the tuning articles ---------------------------------------------------


def test_source_after_from_before_a_colon() -> None:
    text = "Turnout rose in the suburbs. More from Carla Mendes: “Young voters came out in force.”"
    assert speaker_of(text, "Young voters came out") == "Carla Mendes"


def test_participle_with_a_named_subject() -> None:
    text = (
        "The rally ended in scuffles, with Senator Ruth Hale reportedly yelling: “Get them out "
        "of this hall right now!”"
    )
    assert speaker_of(text, "Get them out of this hall") == "Ruth Hale"


def test_role_then_appositive_name_before_the_cue() -> None:
    text = (
        "“The votes will come around by the summer,” Rep. Ana Ruiz’s chief of staff, Joe "
        "Barker, told reporters."
    )
    assert speaker_of(text, "The votes will come around") == "Joe Barker"


def test_party_parenthetical_before_a_participle() -> None:
    text = (
        "In a statement released Thursday, Rep. Paul Ng (D-Ore.) reacted to the news, saying: "
        "“The ruling leaves the valley's farmers with nowhere to turn.”"
    )
    assert speaker_of(text, "The ruling leaves") == "Paul Ng"


def test_in_someones_view_or_words() -> None:
    text = (
        "Ruth Hale spoke after the vote. “The port cannot wait another decade for a dredger,” "
        "for the fishing fleet and the ferries alike, in Hale’s view."
    )
    assert speaker_of(text, "The port cannot wait") == "Ruth Hale"
    text = "The summit moved to Porto because, in Reuters’ words, “no other city offered a hall.”"
    assert speaker_of(text, "no other city offered") == "Reuters"


def test_cue_sentence_before_a_quote() -> None:
    text = (
        "The council will vote on the budget next week. Councillor Mia Torres agreed. “We "
        "cannot keep the libraries open on these numbers.”"
    )
    assert speaker_of(text, "We cannot keep the libraries") == "Mia Torres"


def test_sentence_ending_on_its_cue() -> None:
    text = (
        "“There is a sense of calm now,” and donations began to pick up again last week, "
        "treasurer Hana Gilbert said."
    )
    assert speaker_of(text, "There is a sense of calm") == "Hana Gilbert"
