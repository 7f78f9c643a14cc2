"""Italian speakers and reported speech (issue #13): one test per construction, on sentences
written for these tests."""

from __future__ import annotations

from tests.romance_helpers import direct, indirect, speakers


def test_it_reported_clause_keeps_its_quoted_words() -> None:
    found = indirect(
        "Il sindaco Franco Sereni ha ammesso che il ponte era «in condizioni pessime» da anni.",
        "it",
    )
    assert [q.speaker for q in found] == ["Franco Sereni"]
    assert found[0].text.startswith("il ponte era «")


def test_it_sentence_opening_with_its_verb_takes_the_previous_subject() -> None:
    found = indirect(
        "L'assessora Giulia Neri ha incontrato i genitori. Ha poi annunciato che la mensa "
        "riaprirà lunedì.",
        "it",
    )
    assert [q.speaker for q in found] == ["Giulia Neri"]


def test_it_regular_verb_in_any_news_tense() -> None:
    # "puntualizzare" is listed once by infinitive; "puntualizzò" comes from the table.
    assert speakers(
        "Piero Gatti ha preso la parola. «Il bilancio è in ordine», puntualizzò Gatti.",
        "it",
    ) == ["Piero Gatti"]


def test_it_role_ending_in_an_institution_then_the_name() -> None:
    assert speakers(
        "«Le corse saranno raddoppiate», ha spiegato il direttore generale di Trasporti "
        "Valle, Marco Bini, durante la conferenza.",
        "it",
    ) == ["Marco Bini"]


def test_it_short_quote_of_its_own_carries_on_the_speaker() -> None:
    quotes = direct(
        '"Abbiamo corso bene per tutta la gara", ha detto Sara Conti. "Siamo felici".',
        "it",
    )
    assert [(q.speaker, q.partial) for q in quotes] == [("Sara Conti", False)] * 2


def test_it_secondo_lui_and_an_office_source() -> None:
    found = indirect(
        "Il sindaco Luca Ferri ha parlato in consiglio. Secondo lui, il bilancio è solido. "
        "Secondo fonti della prefettura, la strada riaprirà domani.",
        "it",
    )
    assert [q.speaker for q in found[:1]] == ["Luca Ferri"]
    assert [q.text for q in found] == ["il bilancio è solido", "la strada riaprirà domani"]


def test_it_institution_in_the_role_then_the_name() -> None:
    found = indirect(
        "Il presidente della Provincia, Carlo Serra, ha detto che le scuole riapriranno.",
        "it",
    )
    assert [q.speaker for q in found] == ["Carlo Serra"]


def test_it_irregular_reporting_verb() -> None:
    found = indirect("La sindaca Elena Ricci sostiene che il piano sia troppo caro.", "it")
    assert [q.speaker for q in found] == ["Elena Ricci"]


def test_it_pronoun_takes_the_person_of_its_gender() -> None:
    assert speakers(
        "Il sindaco Marco Riva ha incontrato la ministra Lucia Berti. «Sono soddisfatta», ha "
        "detto lei.",
        "it",
    ) == ["Lucia Berti"]
