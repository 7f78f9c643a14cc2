"""Text layer: offline sentence splitting, word tokenisation, language detection."""

from __future__ import annotations

from bot.text.sentences import split_sentences
from bot.text.tokenizer import OfflineTokenizer
from bot.text.words import is_word, tokenize_words

__all__ = ["OfflineTokenizer", "is_word", "split_sentences", "tokenize_words"]
