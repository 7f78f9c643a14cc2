"""Word tokenisation (nltk's Treebank-style ``NLTKWordTokenizer``, which needs no data)."""

from __future__ import annotations

import re

from nltk.tokenize.destructive import NLTKWordTokenizer

_TOKENIZER = NLTKWordTokenizer()
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
