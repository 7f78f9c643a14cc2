"""A plain-text article's front matter: the headline and byline people paste above the story.

HTML pages carry their title and author in markup; a ``.txt`` file or piped text only has its
first lines. Read as text, a headline becomes summary sentence 1 and a "By Maria Alvarez" line
a sentence of its own, so they are taken off the front and kept as title and author instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import count_words

HEADLINE_MAX_WORDS = 20
BYLINE_MAX_WORDS = 12
# "By" in the languages Precis summarises: a byline is one of these, then a name.
BYLINE_WORDS = ("by", "von", "par", "por", "di", "przez", "автор", "авторы")
_BYLINE = re.compile(
    rf"(?:{'|'.join(BYLINE_WORDS)})\s*:?\s+(?P<names>[^\W\d_][^\n]*)", re.IGNORECASE
)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*")
_NOT_A_HEADLINE_END = (".", ",", ";", ":", '"', "”", "»", "'", "’")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    title: str | None
    author: str | None
    body_start: int  # index of the first paragraph of the story itself


def read_front_matter(paragraphs: list[str]) -> FrontMatter:
    """Headline: a short single first line with no final full stop, with more text after it.
    Byline: a short single line of "By" and names, first or right after the headline."""
    title = author = None
    i = 0
    first = paragraphs[0].strip() if paragraphs else ""
    if len(paragraphs) > 1 and _is_headline(first):
        title, i = first, 1
    if i < len(paragraphs) - 1 and (names := _byline_names(paragraphs[i].strip())):
        author, i = names, i + 1
    return FrontMatter(title, author, i)


def _is_headline(line: str) -> bool:
    return (
        bool(line)
        and "\n" not in line
        and 2 <= count_words(line) <= HEADLINE_MAX_WORDS
        and not line.endswith(_NOT_A_HEADLINE_END)
        and _byline_names(line) is None
    )


def _byline_names(line: str) -> str | None:
    if "\n" in line or count_words(line) > BYLINE_MAX_WORDS or line.endswith("."):
        return None
    m = _BYLINE.fullmatch(line)
    if m is None:
        return None
    names = [n.strip() for n in _NAME_SEPARATORS.split(m["names"]) if n.strip()]
    # Names are capitalised words: "by the river" or "by now" is a sentence, not a byline.
    if not names or not all(n[:1].isupper() for n in names):
        return None
    return "; ".join(names)
