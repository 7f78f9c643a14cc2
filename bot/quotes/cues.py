"""Tokens for the attribution rules: words and punctuation, abbreviations kept whole.

The word lists the rules lean on (speech verbs, titles, pronouns …) are language data and
live in the language packs (``bot/langpacks/<code>/quotes.toml``, read by
:mod:`bot.quotes.pack`).
"""

from __future__ import annotations


def is_cap(word: str) -> bool:
    return word[:1].isupper()
