"""A sumy-compatible tokenizer that never loads nltk data.

sumy's own ``Tokenizer`` loads Punkt models from nltk_data; this one uses our shipped Punkt
parameters and nltk's data-free word tokenizer, so every sumy summarizer runs offline:
``PlaintextParser.from_string(text, OfflineTokenizer())``.
"""

from __future__ import annotations

from bot.text.sentences import split_sentences
from bot.text.words import is_word, tokenize_words


class OfflineTokenizer:
    """Duck-types ``sumy.nlp.tokenizers.Tokenizer`` (``language``, ``to_sentences``, ``to_words``).

    Sentence splitting uses English Punkt parameters whatever the language: the boundaries
    (., ?, !) and most abbreviation habits carry over to other Latin-script languages well
    enough for extractive summaries; ``language`` still picks sumy's stemmer and stop words.
    """

    def __init__(self, language: str = "english") -> None:
        self._language = language.lower()

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(t for t in tokenize_words(sentence) if is_word(t))

    def __repr__(self) -> str:
        return f"OfflineTokenizer({self._language!r})"
