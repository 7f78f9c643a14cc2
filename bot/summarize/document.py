"""An article tokenised once: sentences, words and normalised terms, shared by every consumer.

The summarisers, the quote finder and the search index all read the same :class:`Document`, so
an article is split and stemmed exactly once. Words are exactly what our sumy-compatible
``OfflineTokenizer.to_words`` gives sumy (alphabetic tokens, inner apostrophes and hyphens
allowed), computed chunk by chunk with a cache because nltk's regex tokenizer is slow; terms are
what sumy's summarisers compare: the lowercased word, stop words removed, stemmed with sumy's
stemmer for the language. Stems are cached per word type and language because stemming word by
word is most of sumy's own cost.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Sentence

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "english"

# Languages whose words are separated by spaces and for which sumy has a stemmer that needs no
# extra package (its Greek and Polish stemmers do; Chinese, Japanese, Korean and Thai need
# segmenters we do not ship): these are summarised as English.
_SPACE_DELIMITED_SPECIAL = ("czech", "slovak", "ukrainian", "hebrew")

# A stem cache per language; bounded so a long-running bot cannot grow it without limit.
_STEM_CACHE_LIMIT = 200_000
_stem_caches: dict[str, dict[str, str]] = {}
# word as written → its term, or _STOP for a stop word (saves lowercasing on every lookup)
_STOP = "\x00stop"
_term_caches: dict[str, dict[str, str]] = {}


@dataclass(frozen=True, slots=True)
class Document:
    """One article's text, tokenised once.

    ``sentences[i]``, ``words[i]`` and ``terms[i]`` describe the same sentence. ``language`` is
    the sumy language actually used (after any fallback to English).
    """

    text: str
    language: str
    sentences: tuple[Sentence, ...]
    words: tuple[tuple[str, ...], ...]
    terms: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def word_count(self) -> int:
        return sum(len(w) for w in self.words)

    def paragraph_starts(self) -> list[bool]:
        """For each sentence: does it open a paragraph (a blank line before it, or first)?"""
        starts = []
        prev_end = 0
        for i, s in enumerate(self.sentences):
            gap = self.text[prev_end : s.start]
            starts.append(i == 0 or _BLANK_LINE.search(gap) is not None)
            prev_end = s.end
        return starts


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """What sumy uses for one language: its stemmer and (lowercased) stop words."""

    name: str
    stop_words: frozenset[str]
    raw_stop_words: frozenset[str]  # as sumy ships them (KL compares before lowercasing)


@lru_cache(maxsize=64)
def resolve_language(language: str | None) -> str:
    """Map a language name or code ("en", "de-AT", "German") to a sumy language we support.

    Unsupported or unknown languages fall back to English, with a log line saying so.
    """
    if not language or not language.strip():
        return DEFAULT_LANGUAGE
    from sumy.utils import normalize_language

    raw = language.strip()
    code = re.split(r"[-_]", raw, maxsplit=1)[0] if len(raw) <= 8 else raw
    try:
        name = normalize_language(code.lower())
    except Exception:  # pycountry raises assorted errors on odd input
        name = code.lower()
    if name in _supported_languages():
        return name
    log.info("No stemmer for language %r (%s); falling back to English", raw, name)
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def _supported_languages() -> frozenset[str]:
    from nltk.stem.snowball import SnowballStemmer

    names = set(SnowballStemmer.languages) - {"porter"}
    names.update(_SPACE_DELIMITED_SPECIAL)
    return frozenset(names)


def supported_languages() -> tuple[str, ...]:
    """Languages with their own stemmer; anything else is summarised as English."""
    return tuple(sorted(_supported_languages()))


@lru_cache(maxsize=64)
def language_profile(language: str) -> LanguageProfile:
    """Stop words for a resolved language (empty, with a log line, where sumy has none)."""
    from sumy.utils import get_stop_words

    try:
        raw = frozenset(get_stop_words(language))
    except LookupError:
        log.info("sumy has no stop words for %s; summarising without stop words", language)
        raw = frozenset()
    return LanguageProfile(language, frozenset(w.lower() for w in raw), raw)


@lru_cache(maxsize=64)
def _stemmer(language: str):
    from sumy.nlp.stemmers import Stemmer

    return Stemmer(language)


def stem(language: str, word: str) -> str:
    """sumy's ``stem_word``: the stem of the lowercased word, cached per word type."""
    cache = _stem_caches.get(language)
    if cache is None:
        cache = _stem_caches[language] = {}
    lowered = word.lower()
    try:
        return cache[lowered]
    except KeyError:
        pass
    if len(cache) >= _STEM_CACHE_LIMIT:
        cache.clear()
    result = cache[lowered] = _stemmer(language)(lowered)
    return result


def stem_all(language: str, words: Iterable[str]) -> list[str]:
    """Stems of every word, stop words included (what Luhn, LSA and Edmundson compare)."""
    cache = _stem_caches.get(language)
    if cache is None:
        cache = _stem_caches[language] = {}
    out = []
    for w in words:
        lw = w.lower()
        s = cache.get(lw)
        if s is None:
            s = stem(language, lw)
        out.append(s)
    return out


def terms_of(language: str, words: Iterable[str]) -> tuple[str, ...]:
    """sumy's ``_to_words_set``: lowercased, stop words dropped, stemmed."""
    cache = _term_caches.get(language)
    if cache is None:
        cache = _term_caches[language] = {}
    out = []
    for w in words:
        t = cache.get(w)
        if t is None:
            if len(cache) >= _STEM_CACHE_LIMIT:
                cache.clear()
            lw = w.lower()
            stop = lw in language_profile(language).stop_words
            t = cache[w] = _STOP if stop else stem(language, lw)
        if t is not _STOP:
            out.append(t)
    return tuple(out)


def words_of(text: str) -> tuple[str, ...]:
    """The words of one sentence, as ``OfflineTokenizer.to_words`` gives them to sumy.

    Same result as ``bot.text.words.words(text)``, much faster: that
    tokenizer's rules (nltk's Treebank-style regexes) only look one character across a space,
    except for the sentence-final period, so each whitespace-separated chunk can be tokenised
    on its own, given whether it starts the sentence and whether only closing quotes or
    brackets follow it. Plain alphabetic chunks need no tokenizer at all; the others are
    tokenised once and cached.
    """
    if _OTHER_SPACE.search(text):
        # Tabs or line breaks change a few of the tokenizer's rules: take the slow, sure path.
        from bot.text.words import words

        return tuple(words(text))
    chunks = text.split()
    if not chunks:
        return ()
    # The final-period rule reaches past trailing chunks of closing quotes and brackets, but
    # not past one that opens with " or '' (after a space those become opening quotes first).
    last = len(chunks) - 1
    while (
        last > 0 and not chunks[last].strip(_CLOSERS) and not chunks[last].startswith(('"', "''"))
    ):
        last -= 1
    if last == 0:
        out = list(_chunk(chunks[0], True, True))
        begin = 1
    else:
        # At the start of a sentence a chunk tokenises as after a word and a space (the only
        # start-anchored rule turns a leading " into ``, as a space before it would).
        out = []
        begin = 0
    mid = _mid_cache
    for chunk in chunks[begin:last]:
        got = mid.get(chunk)
        if got is None:
            if len(mid) >= _CHUNK_CACHE_LIMIT:
                mid.clear()
            got = mid[chunk] = _chunk_words(chunk, False, False)
        out += got
    for chunk in chunks[max(1, last) :]:
        out += _chunk(chunk, False, True)
    return tuple(out)


def words_of_many(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """``words_of`` for many sentences; uncached chunks are tokenised in a few batched calls."""
    pending: dict[str, None] = {}
    mid = _mid_cache
    for text in texts:
        if _OTHER_SPACE.search(text):
            continue
        chunks = text.split()
        for chunk in chunks[:-1]:
            if chunk not in mid and not (chunk.isalpha() and chunk.lower() not in _SPLIT_WORDS):
                pending[chunk] = None
    if pending:
        _tokenise_batch(list(pending))
    return [words_of(text) for text in texts]


# An alphabetic stand-in word that marks where one chunk's tokens end and the next begin.
_SENTINEL = "qqzxsepxzqq"
_BATCH = 1000


def _tokenise_batch(chunks: list[str]) -> None:
    """Fill the chunk cache with one tokenizer call per ``_BATCH`` chunks instead of one each.

    Joined as ``S c1 S c2 S … S``, every chunk sits between a word and a space on each side, as
    inside a sentence; the tokenizer never splits or joins the alphabetic sentinel. If the
    pieces do not line up (a chunk containing the sentinel), those chunks are left uncached.
    """
    from bot.text.words import is_word, tokenize_words

    safe = [c for c in chunks if _SENTINEL not in c.lower()]
    for i in range(0, len(safe), _BATCH):
        batch = safe[i : i + _BATCH]
        joined = f"{_SENTINEL} {f' {_SENTINEL} '.join(batch)} {_SENTINEL}"
        groups: list[list[str]] = []
        for token in tokenize_words(joined):
            if token == _SENTINEL:
                groups.append([])
            else:
                groups[-1].append(token)
        groups = groups[:-1]  # nothing follows the closing sentinel
        if len(groups) != len(batch):
            continue
        if len(_mid_cache) + len(batch) >= _CHUNK_CACHE_LIMIT:
            _mid_cache.clear()
        for chunk, tokens in zip(batch, groups, strict=True):
            _mid_cache[chunk] = tuple(t for t in tokens if is_word(t))


def _chunk(chunk: str, first: bool, last: bool) -> tuple[str, ...]:
    key = (chunk, first, last)
    got = _edge_cache.get(key)
    if got is None:
        if len(_edge_cache) >= _CHUNK_CACHE_LIMIT:
            _edge_cache.clear()
        got = _edge_cache[key] = _chunk_words(chunk, first, last)
    return got


# Closing quotes and brackets that may follow a sentence's final period (nltk's final-period
# rule allows them, and spaces, between the period and the end of the sentence).
_CLOSERS = "])}>\"'»”’"
# Whole words nltk's tokenizer splits in two (CONTRACTIONS2): cannot → can not, gonna → gon na.
_SPLIT_WORDS = frozenset({"cannot", "gimme", "gonna", "gotta", "lemme", "wanna"})
_OTHER_SPACE = re.compile(r"[^\S ]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# A sentence's last chunk that is one (hyphenated) word, its stops, and closing quotes.
_LAST_WORD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)[.?!][\"'”’)\]]*")
_CHUNK_CACHE_LIMIT = 100_000
# Words of a chunk inside a sentence, and of one that opens or closes it.
_mid_cache: dict[str, tuple[str, ...]] = {}
_edge_cache: dict[tuple[str, bool, bool], tuple[str, ...]] = {}


def _chunk_words(chunk: str, first: bool, last: bool) -> tuple[str, ...]:
    if chunk.isalpha() and chunk.lower() not in _SPLIT_WORDS:
        return (chunk,)
    if _HAS_LETTER.search(chunk) is None:
        return ()  # numbers and punctuation: no token of it can be a word
    if last:
        m = _LAST_WORD.fullmatch(chunk)
        if m and m.group(1).lower() not in _SPLIT_WORDS:
            return (m.group(1),)  # 'word."' closing a sentence: stop and quotes split off
    from bot.text.words import is_word, tokenize_words

    # Stand-in neighbours reproduce the context the chunk had inside its sentence: a word and a
    # space before it (unless it opened the sentence), and after it (unless it closed it).
    text = chunk if first else "x " + chunk
    if not last:
        text += " x"
    tokens = tokenize_words(text)
    if not first:
        tokens = tokens[1:]
    if not last:
        tokens = tokens[:-1]
    return tuple(t for t in tokens if is_word(t))


def build_document(
    text: str, sentences: Sequence[Sentence], language: str | None = None
) -> Document:
    """A :class:`Document` from sentences already split (offsets into ``text``)."""
    lang = resolve_language(language)
    sents = tuple(s for s in sentences if s.text.strip())
    words = tuple(words_of_many([s.text for s in sents]))
    terms = tuple(terms_of(lang, w) for w in words)
    return Document(text=text, language=lang, sentences=sents, words=words, terms=terms)


def analyse(text: str, language: str | None = None) -> Document:
    """Split ``text`` into sentences and words once, and normalise the words for summarising.

    ``language`` is a sumy name or an ISO code; None means English. Languages sumy cannot stem
    are analysed as English (logged).
    """
    from bot.text.sentences import split_sentences

    return build_document(text, split_sentences(text, _iso_code(language)), language)


def _iso_code(language: str | None) -> str | None:
    """The ISO 639-1 code for the sentence splitter's language packs ("german" -> "de")."""
    if not language:
        return None
    from bot.text.language import SUMY_LANGUAGES, normalise_code

    raw = language.strip().lower()
    by_name = {name: code for code, name in SUMY_LANGUAGES.items()}
    return by_name.get(raw) or normalise_code(raw)
