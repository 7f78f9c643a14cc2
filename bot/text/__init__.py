"""Text layer: offline sentence splitting, word tokenisation, language detection."""

from __future__ import annotations

from bot.text.language import detect_language, sumy_language
from bot.text.sentences import split_sentences
from bot.text.tokenizer import OfflineTokenizer
from bot.text.words import is_word, tokenize_words

__all__ = [
    "OfflineTokenizer",
    "detect_language",
    "is_word",
    "split_sentences",
    "sumy_language",
    "tokenize_words",
]
