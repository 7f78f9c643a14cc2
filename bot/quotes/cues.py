"""Tokens for the attribution rules: words and punctuation, abbreviations kept whole.

The word lists the rules lean on (speech verbs, titles, pronouns …) are language data and
live in the language packs (``bot/langpacks/<code>/quotes.toml``, read by
:mod:`bot.quotes.pack`).
"""

from __future__ import annotations

import re

# Words and simple punctuation, with abbreviations (U.S., Sen., initials) kept whole.
TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|Jr|Sr|Prof|Rev"
    r"|Pres|Atty|Cmdr|Supt|Det|Insp|Hon|Gov)\."
    r"|[A-Z]\.(?=\s*[A-Z])"
    r"|\w+(?:[’'\-.]\w+)*\.(?=[,)])"  # "R-Ky.,", "(D-N.Y.)": a period before , or ) abbreviates
    r"|\w+(?:[’'\-.]\w+)*"
    r"|[^\w\s]"
)


def is_cap(word: str) -> bool:
    return word[:1].isupper()
