"""Quotes and speakers: every direct quote in an article, who said it, and the key ones.

Rule-based (quote marks, a speech-verb lexicon, name patterns and careful pronoun
resolution); no models. The words come from the article language's pack
(``bot/langpacks/<code>/quotes.toml``). ``find_quotes`` returns direct quotes (fragments
flagged ``partial``) and indirect statements (``kind="indirect"``); ``select_key_quotes``
picks the few worth showing under a summary.
"""

from __future__ import annotations

from bot.models import Quote
from bot.quotes.direct import Context, find_direct
from bot.quotes.indirect import find_indirect
from bot.quotes.pack import quote_pack, using
from bot.quotes.select import select_key_quotes
from bot.quotes.speakers import clear_token_cache

__all__ = ["find_quotes", "select_key_quotes"]


def find_quotes(text: str, language: str | None = None) -> list[Quote]:
    """All quotes in ``text`` sorted by start: direct (partial flagged) and indirect
    (``kind="indirect"``); ``text[q.start:q.end] == q.text`` always holds. ``language``
    (an ISO 639-1 code) picks the language pack; English where there is none."""
    try:
        with using(quote_pack(language)):
            ctx = Context(text)
            direct = find_direct(text, ctx)
            indirect = find_indirect(ctx)
    finally:
        clear_token_cache()  # the cache holds the article text; let it go
    return sorted([*direct, *indirect], key=lambda q: (q.start, q.end))
