"""Speakers and reported speech in German, Russian and Polish (issue #13): one test per
construction per language, on sentences written for these tests."""

from __future__ import annotations

from bot.models import Quote
from bot.quotes import find_quotes


def direct(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "direct"]


def indirect(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "indirect"]


def reported(text: str, lang: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in indirect(text, lang)]


# --- reported clauses that take over a few quoted words --------------------------------------


def test_de_reported_clause_with_quoted_words() -> None:
    text = (
        "Kämmerin Helga Sturm stellte den Haushalt vor. Sie sagte, dass die Schulden "
        "„deutlich, aber nicht gefährlich“ steigen würden."
    )
    assert reported(text, "de") == [
        ("Helga Sturm", "die Schulden „deutlich, aber nicht gefährlich“ steigen würden")
    ]


def test_ru_reported_clause_with_quoted_words() -> None:
    text = (
        "Директор завода Олег Смирнов выступил на собрании. Он заявил, что коллектив "
        "«сделал невозможное»."
    )
    assert reported(text, "ru") == [("Олег Смирнов", "коллектив «сделал невозможное»")]


def test_pl_reported_clause_with_quoted_words() -> None:
    text = (
        "Dyrektor szkoły Jan Wiśniewski podsumował rok. Wiśniewski powiedział, że uczniowie "
        "„przeszli samych siebie”."
    )
    assert reported(text, "pl") == [("Jan Wiśniewski", "uczniowie „przeszli samych siebie”")]


def test_a_quotation_opening_the_clause_stays_direct() -> None:
    text = "Директор завода Олег Смирнов заявил: «Коллектив сделал невозможное»."
    assert indirect(text, "ru") == []
    assert [q.speaker for q in direct(text, "ru")] == ["Олег Смирнов"]


# --- sources: pronouns inside them, "как/jak" + any speech verb, offices -------------------


def test_de_pronoun_source_and_nach_ansicht_von() -> None:
    text = (
        "Landrätin Karin Vogt besuchte die Baustelle. Nach ihren Angaben fehlen noch vier "
        "Millionen Euro. Nach Ansicht von Vogt muss der Bund einspringen."
    )
    assert reported(text, "de") == [
        ("Karin Vogt", "fehlen noch vier Millionen Euro"),
        ("Karin Vogt", "muss der Bund einspringen"),
    ]


def test_ru_pronoun_source() -> None:
    text = "Глава района Ольга Миронова осмотрела дамбу. По её словам, ремонт займёт два месяца."
    assert reported(text, "ru") == [("Ольга Миронова", "ремонт займёт два месяца")]


def test_ru_pronoun_source_before_a_quotation_mid_sentence() -> None:
    text = (
        "Пенсионер Борис Ткачёв живёт у реки тридцать лет, и, по его словам, «вода никогда "
        "не поднималась так высоко»."
    )
    [q] = direct(text, "ru")
    assert (q.speaker, q.partial) == ("Борис Ткачёв", False)


def test_ru_kak_with_any_speech_verb_and_an_office() -> None:
    text = (
        "Как уточнил директор парка Олег Руденко, аттракционы откроются в мае. Как сообщила "
        "пресс-служба мэрии, вход останется бесплатным."
    )
    assert reported(text, "ru") == [
        ("Олег Руденко", "аттракционы откроются в мае"),
        ("пресс-служба мэрии", "вход останется бесплатным"),
    ]


def test_pl_pronoun_source_and_jak_with_a_name() -> None:
    text = (
        "Sołtys Marian Kubacki obszedł wał. Jego zdaniem woda opadnie do soboty. Jak twierdzi "
        "Kubacki, pomoc dotarła za późno."
    )
    assert reported(text, "pl") == [
        ("Marian Kubacki", "woda opadnie do soboty"),
        ("Marian Kubacki", "pomoc dotarła za późno"),
    ]


def test_pl_jak_with_the_verb_alone() -> None:
    text = (
        "Dyrektorka biblioteki Ewa Sadowska otworzyła nową czytelnię. Jak poinformowała, "
        "księgozbiór powiększy się o dwa tysiące tomów."
    )
    assert reported(text, "pl") == [
        ("Ewa Sadowska", "księgozbiór powiększy się o dwa tysiące tomów")
    ]
