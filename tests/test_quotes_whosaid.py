"""Speakers for quotes that stand without a cue of their own (issue #18, "who said …?").

Each shape below left a quote found but unattributed in the PolNeAR tuning half of
``benchmarks/whosaid.py``; the sentences are written fresh to show the same shape, and the
negative cases show where the rules must keep quiet (a wrong name is worse than none).
"""

from __future__ import annotations

from bot.quotes import find_quotes


def direct(text: str) -> list:
    return [q for q in find_quotes(text) if q.kind == "direct"]


def quote(text: str, start: str):
    hits = [q for q in direct(text) if q.text.startswith(start)]
    assert hits, [q.text for q in direct(text)]
    return hits[0]


# --- next_paragraph: paragraphs broken by a single newline, trailing spaces ---------------


def test_next_paragraph_after_a_cue_line_with_a_trailing_space() -> None:
    text = (
        "The harbour board met on Monday.\n\n"
        "“The cranes are older than most of our staff,” said Nora Quill, the board's chair. \n"
        "“We cannot keep patching them every winter.”\n\n"
        "The vote is due in March."
    )
    q = quote(text, "We cannot keep patching")
    assert (q.speaker, q.rule) == ("Nora Quill", "next_paragraph")


def test_next_paragraph_when_paragraphs_are_single_lines() -> None:
    text = (
        "The council published its audit on Friday.\n"
        "“The audit shows how little the depot spent on repairs,” said Omar Felder, who "
        "chairs the transport committee.\n"
        "“Nobody should be surprised that the buses break down.”\n"
        "The depot's manager did not reply to questions."
    )
    q = quote(text, "Nobody should be surprised")
    assert (q.speaker, q.rule) == ("Omar Felder", "next_paragraph")


def test_a_line_of_quotation_then_text_on_the_same_line_is_not_a_quote_paragraph() -> None:
    text = (
        "“The audit shows how little the depot spent on repairs,” said Omar Felder.\n"
        "“Nobody should be surprised” is how the depot's manager put it on Friday."
    )
    assert quote(text, "Nobody should be surprised").speaker != "Omar Felder"


# --- prior_sentence: the sentence before is about the speaker ----------------------------


def test_quote_paragraph_after_a_paragraph_ending_on_the_speakers_statement() -> None:
    text = (
        "The ferry company lost two routes last year.\n\n"
        "Marta Ilves said that for years rivals had predicted the company would fold, but "
        "that it never did.\n\n"
        "“We have outlasted every one of them, and we will outlast the next.”"
    )
    q = quote(text, "We have outlasted")
    assert (q.speaker, q.rule) == ("Marta Ilves", "prior_sentence")


def test_quote_sentence_after_the_speakers_announcement_in_the_same_paragraph() -> None:
    text = (
        "The county will close two libraries in May. Judge Alma Corvo announced on Monday a "
        "review of the way the two branches were chosen for closure. “We are asking the county to explain every figure in it.” "
        "The review is expected to take a month."
    )
    q = quote(text, "We are asking the county")
    assert (q.speaker, q.rule) == ("Alma Corvo", "prior_sentence")


def test_sentence_about_a_named_person_before_a_quote_paragraph() -> None:
    text = (
        "The mill reopened in June after a long strike.\n\n"
        "Reza Tamboli is upbeat about the mill's chances, in part because orders have "
        "doubled.\n\n"
        "“Not only will this mill survive, it will hire again before the winter.”"
    )
    assert quote(text, "Not only will this mill").speaker == "Reza Tamboli"


def test_no_speaker_after_a_list_of_people_who_argued() -> None:
    text = (
        "The panel met for an hour.\n\n"
        "Ines Brook, Paul Oduya and Lena Marsh argued that the plan was naive.\n\n"
        "“Nobody pays for a bridge by wishing it built.”"
    )
    assert quote(text, "Nobody pays for a bridge").speaker is None


def test_no_speaker_when_the_sentence_before_holds_a_quote() -> None:
    text = (
        "Pablo Renn called the budget “a disgrace” on Tuesday.\n\n"
        "“The schools will pay for this for a decade.”"
    )
    assert quote(text, "The schools will pay").rule != "prior_sentence"


def test_no_speaker_when_the_quote_runs_on_into_the_writers_sentence() -> None:
    text = (
        "Pablo Renn said the budget was late.\n\n"
        "“Fiscal discipline” is not a phrase the council has used in years."
    )
    assert quote(text, "Fiscal discipline").speaker is None


# --- a role before the full name that opens the sentence ----------------------------------


def test_subject_after_role_words_frames_an_embedded_quote() -> None:
    text = (
        "Independent mayoral candidate Rosa Delgado is asking whether the council would have "
        "approved the tower “if anyone on it had to live next door.”"
    )
    assert quote(text, "if anyone on it").speaker == "Rosa Delgado"


def test_subject_after_an_age_and_an_appositive() -> None:
    text = (
        "68-year-old Tomas Brenner, founder of the Riverside Tenants Union, endorsed Ms. "
        "Delgado on Monday, saying she “has fought for every family on this street.”"
    )
    assert quote(text, "has fought for every family").speaker == "Tomas Brenner"


def test_a_lone_role_word_is_not_a_subject() -> None:
    text = "Republican leaders spent the week praising what they called “a budget for families.”"
    assert quote(text, "a budget for families").speaker is None


# --- as_source: "as <speaker> <speech verb>" beside the quote ------------------------------


def test_as_clause_after_the_quote() -> None:
    text = (
        "Still, the fact that the count “is far too close to call,” as Dana Whitfield said on "
        "local radio on Monday, only raises the stakes for the recount."
    )
    q = quote(text, "is far too close to call")
    assert (q.speaker, q.rule) == ("Dana Whitfield", "as_source")


def test_as_clause_in_a_paragraph_ending_with_a_colon() -> None:
    text = (
        "The debate ran long.\n\n"
        "As Ivo Marchetti reported, even on Friday morning the council was still refusing to "
        "publish the names of the firms it had hired:\n\n"
        "“The council is still reluctant to name the contractors, citing a review of the "
        "tender that began in March.”"
    )
    q = quote(text, "The council is still reluctant")
    assert (q.speaker, q.rule) == ("Ivo Marchetti", "colon_paragraph")


def test_as_promised_is_not_a_source() -> None:
    text = (
        "The mayor opened the new bridge “before the first snow,” as Dana Whitfield said she would."
    )
    assert quote(text, "before the first snow").rule != "as_source"


def test_as_clause_in_the_next_sentence_is_not_this_quotes_source() -> None:
    text = (
        "“The law stands as it is and the court will not touch it this year.”\n"
        "And as Ruth Amsel pointed out, new rulings will follow."
    )
    assert quote(text, "The law stands").speaker is None


def test_as_clause_with_a_possessive_before_the_speaker() -> None:
    text = (
        "The inquiry stalled in May.\n\n"
        "As the Courier’s Ivo Marchetti reported after the council appeared to drop the "
        "matter entirely:\n\n"
        "“The council has done almost nothing with the files it seized during the audit.”"
    )
    assert quote(text, "The council has done almost").speaker == "Ivo Marchetti"


# --- comma_subject: a whole sentence quoted after a comma ---------------------------------


def test_quote_after_a_comma_in_a_sentence_about_its_speaker() -> None:
    text = (
        "Earlier this week, Maria Lindqvist shared some of her doubts with donors at a lunch "
        "in the old town hall, “I do not know which version of this budget will reach us.”"
    )
    q = quote(text, "I do not know which version")
    assert (q.speaker, q.rule) == ("Maria Lindqvist", "comma_subject")


def test_no_comma_subject_when_the_subject_was_asked() -> None:
    text = (
        "Hollis was asked by the host, Dara Penn, who had dismissed the story for weeks, "
        "“Has the story about the missing files moved on, or not?”"
    )
    assert quote(text, "Has the story about").speaker != "Hollis"


def test_no_comma_subject_when_a_relative_clause_speaks() -> None:
    text = (
        "Ostrow won backing from his former rival, Tilda Berg, who declared in the spin room, "
        "“It is time for all of us to unite.”"
    )
    assert quote(text, "It is time for all").rule != "comma_subject"


def test_no_comma_subject_for_a_lower_case_fragment() -> None:
    text = (
        "Maria Lindqvist spent the lunch talking about the budget, “the worst in a decade” by "
        "her own count."
    )
    assert quote(text, "the worst in a decade").rule != "comma_subject"


# --- repeated: a pull quote printed again where the article attributes it -----------------


def test_pull_quote_with_a_byline_line_takes_the_attributed_copys_speaker() -> None:
    text = (
        "The board met late into the night.\n\n"
        "\"We may see a rush of towns selling their water works to cover this year's gap.\n"
        'Ada Krol, Institute for Town Finance."\n\n'
        "Several mayors disagreed with the plan.\n\n"
        "“We may see a rush of towns selling their water works to cover this year's gap,” "
        "said Ada Krol, who directs the Institute for Town Finance."
    )
    pull = direct(text)[0]
    assert pull.text.startswith("We may see a rush")
    assert (pull.speaker, pull.rule) == ("Ada Krol", "repeated")


def test_short_repeated_words_are_not_a_pull_quote() -> None:
    text = (
        "“We will win,” said Ada Krol on Monday.\n\n"
        "The crowd outside chanted “We will win” until midnight."
    )
    assert direct(text)[1].rule != "repeated"


# --- same_paragraph: a participle after the last quote's cue carries its speaker on --------


def test_adding_that_after_an_inverted_cue_keeps_the_speaker() -> None:
    text = (
        "“It is nothing new in the valley,” said Rep. Hal Borden (D-Ore.) at the time, adding "
        "that “we have been electing farmers' children to office for a long time.”"
    )
    q = quote(text, "we have been electing")
    assert (q.speaker, q.rule) == ("Hal Borden", "same_paragraph")


def test_explaining_with_a_colon_keeps_the_speaker() -> None:
    text = (
        "“Having two people who know the file is worth a lot,” said Ines Vogt, explaining she "
        "had worked closely with the analyst who cleaned up state tax data for the office: "
        "“He is outstanding with numbers.”"
    )
    assert quote(text, "He is outstanding").speaker == "Ines Vogt"


def test_a_second_cue_after_the_participle_stops_the_inheritance() -> None:
    text = (
        "“The vote was fair,” said Ines Vogt, adding that her rival says “the count was "
        "rigged from the start.”"
    )
    assert quote(text, "the count was rigged").speaker != "Ines Vogt"


# --- subject: a later quotation of a sentence about one person ----------------------------


def test_second_quote_of_a_sentence_about_one_person() -> None:
    text = (
        "Tor Halvorsen thought some of the “Friends of the Harbour” campaign was artificial, a "
        "tribute to “the organising skills of the shipping lobby.”"
    )
    q = quote(text, "the organising skills")
    assert (q.speaker, q.rule) == ("Tor Halvorsen", "subject")


def test_no_subject_when_someone_else_is_named_between_the_quotes() -> None:
    text = (
        "Tor Halvorsen called the plan “a start” after Mayor Ines Vogt described it as “the best "
        "deal the harbour will get.”"
    )
    assert quote(text, "the best deal").speaker != "Tor Halvorsen"


def test_no_subject_when_a_clause_of_its_own_follows_the_first_quote() -> None:
    text = (
        "Tor Halvorsen called the plan “a start” because the board had promised “a fair hearing "
        "for every family on the quay.”"
    )
    assert quote(text, "a fair hearing").speaker != "Tor Halvorsen"


# --- colon: two people's joint words ----------------------------------------------------


def test_two_named_authors_before_a_colon() -> None:
    text = (
        "POLLS WERE EARLY, NOT WRONG - Nadia Ferraro and Luis Okafor: “Although the surveys "
        "missed the final swing, the signs of a late shift were there all along.”"
    )
    q = quote(text, "Although the surveys")
    assert (q.speaker, q.rule) == ("Nadia Ferraro and Luis Okafor", "colon")


def test_one_name_after_and_in_running_text_is_not_a_pair() -> None:
    text = "The count went on and Luis Okafor: “We will know by morning.”"
    assert quote(text, "We will know by morning").speaker is None


def test_party_label_in_parentheses_then_a_comma_before_the_cue() -> None:
    text = (
        "On Tuesday in Marlow, after winning the county, Gov. Ada Kern (R-Ohio), said, “We are "
        "going all the way to the convention.”"
    )
    assert quote(text, "We are going all the way").speaker == "Ada Kern"
