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
