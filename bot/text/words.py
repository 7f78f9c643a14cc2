"""Word tokenisation (nltk's Treebank-style ``NLTKWordTokenizer``, which needs no data)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from nltk.tokenize.destructive import NLTKWordTokenizer


def _stdlib(pattern: Any) -> re.Pattern[str]:
    flags = pattern.flags & (re.I | re.M | re.S | re.U | re.X | re.A)
    return re.compile(pattern.pattern, flags)


class _StdlibWordTokenizer(NLTKWordTokenizer):
    """nltk's rules with stdlib regexes: nltk 3.10 runs each of its ~30 substitutions per
    sentence through its ReDoS guard (the `regex` engine plus a timeout), which nearly halves
    the speed; these fixed, library-authored patterns don't need it. Output is identical
    (checked in tests/test_words.py)."""

    STARTING_QUOTES: ClassVar[list[tuple[re.Pattern[str], str]]] = [
        (_stdlib(p), s) for p, s in NLTKWordTokenizer.STARTING_QUOTES
    ]
    ENDING_QUOTES: ClassVar[list[tuple[re.Pattern[str], str]]] = [
        (_stdlib(p), s) for p, s in NLTKWordTokenizer.ENDING_QUOTES
    ]
    PUNCTUATION: ClassVar[list[tuple[re.Pattern[str], str]]] = [
        (_stdlib(p), s) for p, s in NLTKWordTokenizer.PUNCTUATION
    ]
    PARENS_BRACKETS = (
        _stdlib(NLTKWordTokenizer.PARENS_BRACKETS[0]),
        NLTKWordTokenizer.PARENS_BRACKETS[1],
    )
    DOUBLE_DASHES = (
        _stdlib(NLTKWordTokenizer.DOUBLE_DASHES[0]),
        NLTKWordTokenizer.DOUBLE_DASHES[1],
    )
    CONTRACTIONS2: ClassVar[list[re.Pattern[str]]] = [
        _stdlib(p) for p in NLTKWordTokenizer.CONTRACTIONS2
    ]
    CONTRACTIONS3: ClassVar[list[re.Pattern[str]]] = [
        _stdlib(p) for p in NLTKWordTokenizer.CONTRACTIONS3
    ]


_TOKENIZER = _StdlibWordTokenizer()
# Same notion of a word as sumy's own tokenizer: letters, with inner apostrophes or hyphens.
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-])*$")


# Treebank rules expect one sentence with straight apostrophes: they only split the final
# period and only know "n't"/"'s" with ASCII quotes. Prepare text so that holds anywhere.
_CURLY_APOSTROPHE = re.compile(r"(?<=\w)’(?=\w)")
_INNER_PERIOD = re.compile(r"(?<=[a-z]{2})\.(?=[”\"’')\]]*(?:\s|$))")


def tokenize_words(text: str) -> list[str]:
    """Treebank tokens of ``text``: words, numbers and punctuation, in order."""
    text = _CURLY_APOSTROPHE.sub("'", text)
    text = _INNER_PERIOD.sub(" .", text)
    return _TOKENIZER.tokenize(text)


def is_word(token: str) -> bool:
    """True for alphabetic tokens (``don't`` pieces and hyphenated words included)."""
    return _WORD.match(token) is not None


def words(text: str) -> list[str]:
    """Only the word tokens of ``text`` (no punctuation or numbers)."""
    return [t for t in tokenize_words(text) if _WORD.match(t)]
