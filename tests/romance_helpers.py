"""Shared helpers for the per-language quote tests of French, Spanish, Italian and
Portuguese (tests/test_quotes_fr.py …): the direct and reported quotes of a short text."""

from __future__ import annotations

from bot.models import Quote
from bot.quotes import find_quotes


def direct(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "direct"]


def indirect(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "indirect"]


def speakers(text: str, lang: str) -> list[str | None]:
    """The speaker of each whole (non-fragment) direct quote, in order."""
    return [q.speaker for q in direct(text, lang) if not q.partial]
