"""Quotes: lower-case roles before names, occupations opening a sentence, "that"-less and
"that"-late reported clauses (the failures found on the CLI fixture, in new sentences)."""

from __future__ import annotations

from bot.quotes import find_quotes


def direct(text: str) -> list:
    return [q for q in find_quotes(text) if q.kind == "direct"]


def indirect(text: str) -> list:
    return [q for q in find_quotes(text) if q.kind == "indirect"]


def only(text: str):
    qs = direct(text)
    assert len(qs) == 1, qs
    return qs[0]


# --- lower-case roles after an inverted cue ------------------------------------------------


def test_said_lowercase_role_then_name_with_relative_clause() -> None:
    text = (
        "The ferry service will resume in May.\n\n"
        "“We cannot run boats across a harbour that keeps silting up every winter,” said "
        "port director Milan Kovac, who ordered the dredging."
    )
    q = only(text)
    assert q.speaker == "Milan Kovac"
    assert q.role == "port director"
    assert q.rule == "said_speaker"
    assert q.mention is not None and q.mention.text == "port director Milan Kovac"
    assert text[q.mention.start : q.mention.end] == q.mention.text


def test_said_two_word_lowercase_title() -> None:
    q = only("“The smoke reached the school before the alarm sounded,” said fire chief Ida Moss.")
    assert (q.speaker, q.role) == ("Ida Moss", "fire chief")


def test_said_chief_occupation_name() -> None:
    q = only("“The cables were never rated for this much load,” said chief engineer Raj Menon.")
    assert (q.speaker, q.role) == ("Raj Menon", "chief engineer")


def test_lowercase_role_before_name_before_cue() -> None:
    q = only("“We ran out of beds by midnight on Saturday,” hospital spokeswoman Eva Lind said.")
    assert (q.speaker, q.role) == ("Eva Lind", "hospital spokeswoman")


def test_lowercase_role_at_clause_start_before_cue() -> None:
    text = "On Friday union leader Omar Haddad said: “Our members will not accept this offer.”"
    q = only(text)
    assert q.speaker == "Omar Haddad"
    assert q.role == "union leader"


def test_verb_is_not_part_of_role() -> None:
    q = only("“The books are balanced for the first time in years,” said treasurer Lia Moreau.")
    assert q.role == "treasurer"
    assert "said" not in (q.mention.text if q.mention else "")


def test_determiner_role_then_appositive_name_after_cue() -> None:
    q = only(
        "“We expect the new plant to open before the end of next year,” said the firm's "
        "chief executive, Paulo Reis, on Tuesday."
    )
    assert q.speaker == "Paulo Reis"
    assert q.role == "the firm's chief executive"


def test_determiner_role_then_appositive_name_before_cue() -> None:
    q = only(
        "“We expect the new plant to open before the end of next year,” the firm's chief "
        "executive, Paulo Reis, said."
    )
    assert q.speaker == "Paulo Reis"
    assert q.role == "the firm's chief executive"


def test_determiner_role_without_name_stays_a_phrase() -> None:
    q = only("“We expect the new plant to open before the end of next year,” said a spokesman.")
    assert q.speaker == "a spokesman"
    assert q.role is None


# --- occupations opening a sentence ---------------------------------------------------------


def test_listed_occupation_opening_sentence() -> None:
    text = (
        "Shops along the quay stayed shut on Monday.\n\n"
        "Fishmonger Tomas Berg, whose stall was washed away, said he had lost a month of "
        "trade. “I have rebuilt this stall twice and I will do it a third time,” he said."
    )
    q = only(text)
    assert q.speaker == "Tomas Berg"
    assert q.role == "Fishmonger"
    (ind,) = indirect(text)
    assert ind.speaker == "Tomas Berg"
    assert ind.role == "Fishmonger"
    assert ind.text == "he had lost a month of trade"


def test_occupation_shaped_word_opening_a_three_word_name() -> None:
    q = only(
        "Beekeeper Anna Lofgren said the hives had collapsed. “Half my colonies died in "
        "the cold snap,” Lofgren said."
    )
    assert q.speaker == "Anna Lofgren"
    assert q.role == "Beekeeper"


def test_real_first_names_are_kept() -> None:
    q = only(
        "Walter Hugh Brandt said the vote was rigged. “We counted every ballot twice and "
        "the numbers did not match,” Brandt said."
    )
    assert q.speaker == "Walter Hugh Brandt"
    q = only("“The numbers did not match at all,” said Christian Dahl.")
    assert q.speaker == "Christian Dahl"


# --- reported clauses -----------------------------------------------------------------------


def test_reported_clause_without_that_is_the_whole_complement() -> None:
    text = (
        "Mayor Ines Varga said the city would ask the state for a loan that could pay for "
        "most of the repairs."
    )
    (q,) = indirect(text)
    assert q.speaker == "Ines Varga"
    assert q.text == (
        "the city would ask the state for a loan that could pay for most of the repairs"
    )
    assert text[q.start : q.end] == q.text


def test_reported_clause_with_that_after_verb() -> None:
    text = "Varga said that the city would ask the state for a loan that could pay for it."
    (q,) = indirect(text)
    assert q.text == "the city would ask the state for a loan that could pay for it"


def test_reported_clause_with_hearer_and_that() -> None:
    text = "Inspectors told the board that the dam would need new sluice gates within a year."
    (q,) = indirect(text)
    assert q.speaker == "Inspectors"
    assert q.text == "the dam would need new sluice gates within a year"


def test_said_with_a_plain_object_is_not_reported_speech() -> None:
    assert indirect("Varga said the word twice and left the room without another one.") == []


# --- recall rules ---------------------------------------------------------------------------


def test_party_state_in_brackets_before_cue() -> None:
    q = only("“We have the votes to pass it this week,” Sen. Ada Quill (D-Ore.) said Monday.")
    assert q.speaker == "Ada Quill"


def test_adverbial_aside_between_name_and_cue() -> None:
    text = "“I will back whoever wins the primary,” Okoro, after a long silence, said of the race."
    q = only(text)
    assert q.speaker == "Okoro"
    assert q.rule == "after_quote"


def test_aside_with_lowercase_role_words() -> None:
    q = only(
        "“Families are sleeping in their cars again,” Lena Voss, housing program director "
        "at the city shelter, said."
    )
    assert q.speaker == "Lena Voss"


def test_capitalised_and_lowercase_role_words_after_inverted_cue() -> None:
    q = only("“Turnout will decide this one,” said Republican political consultant Ivo Marsh.")
    assert q.speaker == "Ivo Marsh"
    assert q.role == "Republican political consultant"


def test_compound_title_and_age_noun_phrases_speak() -> None:
    q = only(
        "“You have to listen before you can lead,” the retired neurosurgeon told a radio host."
    )
    assert q.speaker == "the retired neurosurgeon"
    q = only("“Nobody thought we would get this far,” said the 52-year-old.")
    assert q.speaker == "the 52-year-old"


def test_charged_is_a_cue_but_nouns_are_not() -> None:
    q = only("“You misled the committee twice about the contract,” Petrov charged.")
    assert q.speaker == "Petrov"
    q = only("The battery was charged overnight. “It lasted two days on a single charge.”")
    assert q.speaker is None


def test_source_close_to_and_plural_titles() -> None:
    text = (
        "“The deal was done weeks ago and the vote is a formality,” said a person close to "
        "the negotiations. “Nobody expects a surprise.”"
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["a person close to the negotiations"] * 2
    q = only("“The contract must be cancelled at once,” the committee chairmen wrote.")
    assert q.speaker == "the committee chairmen"


def test_pronoun_takes_a_role_phrase_speaker() -> None:
    text = (
        "“Wages have not kept up with rents for a decade,” the senator said at the rally.\n\n"
        "“It is not radical to ask for a fair day's pay,” he said."
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["the senator", "the senator"]


def test_pronoun_takes_name_introduced_by_role() -> None:
    text = (
        "Veteran union organiser Marta Silva opened the meeting on Monday, when she claimed "
        "that the company had broken the agreement signed by manager Tom Reyes.\n\n"
        "“They signed it and then they ignored every line of it,” she said."
    )
    qs = direct(text)
    assert qs[0].speaker == "Marta Silva"


def test_quote_after_the_previous_quotes_cue_inherits() -> None:
    text = (
        "“I understand why they back him,” said Sen. Ann Lee, R-Ore. “But I will not follow "
        "them down this road.”"
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Ann Lee", "Ann Lee"]


def test_second_cue_in_the_gap_blocks_inheritance() -> None:
    text = (
        "“He will win the state easily,” said one Ohio delegate. Yet another said, “Nobody "
        "here knows who will win the state.”"
    )
    qs = direct(text)
    assert qs[0].speaker == "one Ohio delegate"
    assert qs[1].speaker != "one Ohio delegate"


def test_phrasal_cues() -> None:
    q = only("“You had four years to fix the roads,” Ortega shot back.")
    assert q.speaker == "Ortega"
    q = only("“We will keep going until the last ballot is counted,” Ortega went on.")
    assert q.speaker == "Ortega"
    q = only("Ortega hit back, “The roads were fixed on time and under budget this year.”")
    assert q.speaker == "Ortega"
    assert only("The game went on. “Nobody left the stands before the end of it.”").speaker is None


def test_participle_aside_between_name_and_cue() -> None:
    q = only(
        "“We have had better conventions than this one,” delegate Bo Lind, wearing a straw "
        "hat and three campaign pins, said."
    )
    assert q.speaker == "Bo Lind"


def test_tail_cue_that_opens_before_a_colon_covers_both_quotes() -> None:
    text = (
        "“Having both of them on the team is a real advantage,” said Skelly, explaining how "
        "the pair met: “They have worked on every count since the last election.”"
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Skelly", "Skelly"]
    text = (
        "“Nobody here wants a fight tonight,” Ruiz said as a heckler yelled: “You already "
        "lost this one, go home now!”"
    )
    qs = direct(text)
    assert qs[0].speaker == "Ruiz"
    assert qs[1].speaker == "a heckler"


def test_document_after_reads() -> None:
    q = only("“The council has failed the town for a decade,” reads a Sunday editorial.")
    assert q.speaker == "the Sunday editorial"
    assert only("“The council has failed the town for a decade,” reads Ruiz.").speaker is None


def test_age_noun_before_cue_and_new_verbs() -> None:
    q = only("“I never expected to win this race at all,” the 43-year-old asked the crowd.")
    assert q.speaker == "the 43-year-old"
    q = only("“Sit down and let the man finish his answer,” Ortega barked.")
    assert q.speaker == "Ortega"


def test_possessive_roles_after_inverted_cue() -> None:
    q = only("“We are ahead in every county,” said Lee’s top policy aide Jo Brandt.")
    assert (q.speaker, q.role) == ("Jo Brandt", "Lee’s top policy aide")
    q = only("“We are ahead in every county,” said Ohio’s Pat Greer, a party consultant.")
    assert q.speaker == "Pat Greer"
    q = only("“We are ahead in every county,” said Lee’s deputy campaign manager, Jo Brandt.")
    assert (q.speaker, q.role) == ("Jo Brandt", "Lee’s deputy campaign manager")


# --- the CLI fixture end to end ---------------------------------------------------------------


def test_cli_fixture_article_speakers_roles_and_reported_clause(fixtures_dir) -> None:
    from bot.extract import extract_article

    html = (fixtures_dir / "cli_article.html").read_text(encoding="utf-8")
    text = extract_article(html).text
    quotes = find_quotes(text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    by_speaker = {(q.kind, q.speaker, q.role) for q in quotes}
    assert ("direct", "Aisha Rahman", "council leader") in by_speaker
    assert ("direct", "Tom Okafor", "chief engineer") in by_speaker
    assert ("direct", "Grace Bell", "Fishmonger") in by_speaker
    assert not any(q.speaker and "Fishmonger" in q.speaker for q in quotes)
    grant = [q for q in quotes if q.kind == "indirect" and "grant" in q.text]
    assert len(grant) == 1
    assert grant[0].speaker == "Aisha Rahman"
    assert grant[0].text.startswith("the council would apply for a national flood defence")
    assert grant[0].text.endswith("up to half of the cost")
    assert all(q.speaker is not None for q in quotes if q.kind == "direct")


def test_sentence_opening_cues_before_quote() -> None:
    q = only("According to the county report, “The levee was inspected only once in ten years.”")
    assert q.speaker == "the county report"
    assert q.rule == "according_to"
    q = only("Said Rosa Diaz, who grew up on the street, “Nobody ever came to fix the drains.”")
    assert q.speaker == "Rosa Diaz"
    q = only("Because of the calendar, explained Okafor, “the vote has to happen this month.”")
    assert q.speaker == "Okafor"


def test_lone_name_after_introductory_phrase_is_a_subject() -> None:
    q = only(
        "At the town hall on Sunday, Okafor compared the plan to the old one, saying, "
        "“This one at least has the money behind it.”"
    )
    assert q.speaker == "Okafor"
    q = only(
        "In Leeds, a crowd gathered outside the hall, with one man shouting, “Build the wall "
        "before the next storm comes!”"
    )
    assert q.speaker != "Leeds"


def test_participle_takes_the_subject_of_the_cue_before_it() -> None:
    text = (
        "Lee and Park will meet next week to settle the budget, Ortega said Tuesday, adding, "
        "“They need to sit down and talk before the money runs out.”"
    )
    q = only(text)
    assert q.speaker == "Ortega"


def test_went_on_is_a_cue_only_before_punctuation() -> None:
    text = (
        "Ann Lee said that once the council goes on recess, “I will visit every ward in "
        "the city myself.”"
    )
    assert only(text).speaker == "Ann Lee"


def test_participle_postmodified_source_and_more_phrasal_cues() -> None:
    q = only("“It is a way to take part without backing him,” says a source involved in the talks.")
    assert q.speaker == "a source involved in the talks"
    q = only("“They only came for the free food and the music,” Bennet shot back with a laugh.")
    assert q.speaker == "Bennet"
    q = only("“The paper says you met them in January, is that right?” Hanley started.")
    assert q.speaker == "Hanley"
