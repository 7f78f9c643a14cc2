"""Domain objects shared by the pipeline, the storage layer and the Discord adapters.

They are plain, immutable dataclasses with no behaviour beyond cheap derived values, so they
pickle cheaply across the process pool and serialise to JSON without surprises.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
# Scripts written without spaces between words: Han (CJK unified ideographs, extension A,
# compatibility ideographs, the iteration marks 々〆〇), Hiragana, Katakana (with its phonetic
# extensions and the half-width forms). In them a \w+ run is a whole clause, so a Japanese
# article of 400 characters would count as ~15 "words".
_UNSPACED = re.compile(
    "[\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]"
)
# Characters of those scripts per word-equivalent. Japanese news averages about two
# characters per word (a kanji compound is 2, a particle 1, a verb with its ending 3-4), and
# readers get through about twice as many characters a minute as English readers get words
# (~450-600 vs 230), so 2 keeps both the length floor and the reading time fair. Chinese words
# average nearer 1.6 characters, so its counts come out a little low, never inflated.
CHARS_PER_WORD_UNSPACED = 2
# A superset of _UNSPACED in few ranges: the scan that sends all other text down the old path
# is cheaper with fewer ranges to test per character (on the seed and quotes_ml dev texts it
# measured 13-23% of the old count's time on a noisy machine, _UNSPACED itself ~19%).
_MAYBE_UNSPACED = re.compile("[\u3005-\u9fff\uf900-\uff9f\U00020000-\U0003134f]")


def count_words(text: str) -> int:
    """Words as a reader counts them (numbers and hyphenated words count once).

    Text in a script written without spaces (Han, Kana) counts one word per
    :data:`CHARS_PER_WORD_UNSPACED` of its characters, rounded up; any other words in the
    same text count as usual. Text with no such character is counted exactly as before.
    """
    if not _MAYBE_UNSPACED.search(text):  # one C scan; Latin, Cyrillic etc. take this path
        return len(_WORD.findall(text))  # the list of strings is built in C, no step per word
    chars = len(_UNSPACED.findall(text))
    rest = len(_WORD.findall(_UNSPACED.sub(" ", text)))
    return rest + -(-chars // CHARS_PER_WORD_UNSPACED)


@dataclass(frozen=True, slots=True)
class Article:
    """An article's clean text and metadata, as extracted from a page or given as text."""

    paragraphs: tuple[str, ...]
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    site: str | None = None
    language: str | None = None

    @property
    def text(self) -> str:
        """Paragraphs joined by blank lines; all character offsets refer to this string."""
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return count_words(self.text)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: its text and where it sits in ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """The words in the article a speaker was resolved from (``text == article[start:end]``)."""

    text: str
    start: int
    end: int


QuoteKind = Literal["direct", "indirect"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation (or reported statement) and who said it.

    ``text`` is what stands inside the quote marks (for indirect speech, the reported clause);
    ``start``/``end`` slice it out of the article text exactly.
    """

    text: str
    start: int
    end: int
    speaker: str | None
    mention: Mention | None = None
    confidence: float = 0.0
    partial: bool = False
    kind: QuoteKind = "direct"
    role: str | None = None
    cue: str | None = None
    rule: str | None = None

    @property
    def display_text(self) -> str:
        """``text`` as a reader should see it on its own, with one rule for the end: a quote
        shown alone ends as a sentence does. The comma that tied it to "Putin said" becomes a
        full stop, a bare last word gets one, and ``?``, ``!``, ``…`` or a dash (an interrupted
        quote) stay as written, as does a bare word of a caseless script (「…したい」); "…" goes
        in front when it starts mid-sentence (lower case)."""
        t = self.text.strip()
        if t.endswith((",", ";", ":")):
            t = t[:-1].rstrip()
        body = t.rstrip(_CLOSERS)
        last = body[-1:]
        # Scripts without case (Han, Kana) end a quotation without a stop inside its marks:
        # a Latin full stop there would be wrong, so only cased letters and digits get one.
        if last.isdigit() or (last.isalpha() and (last.isupper() or last.islower())):
            t = body + "." + t[len(body) :]
        if t[:1].islower() and not t[1:2].isupper():  # "iPhone" is not mid-sentence
            t = "…" + t
        return t

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Closing marks of a nested quote or an aside: the added full stop goes inside them.
_CLOSERS = "\u2019'\u201d\")]\u00bb"


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary: chosen sentences in article order."""

    sentences: tuple[str, ...]
    indices: tuple[int, ...]
    algorithm: str


DEFAULT_SUMMARY_SENTENCES = 3
# The summariser used unless a guild or command picks another (bot.summarize.ALGORITHMS).
DEFAULT_ALGORITHM = "news"
MAX_SUMMARY_SENTENCES = 10
DEFAULT_QUOTE_COUNT = 3
MAX_QUOTE_COUNT = 10
MAX_RETENTION_DAYS = 36_500  # a century: long enough to mean "keep"


def clamp_sentences(n: int, available: int | None = None) -> int:
    """Summary length: 1..MAX_SUMMARY_SENTENCES, and never more than ``available`` (the
    article's sentence count, when known; 0 when the article has none)."""
    n = max(1, min(MAX_SUMMARY_SENTENCES, int(n)))
    return n if available is None else max(0, min(n, available))


# What "who said" answers when it finds the quote but its article names nobody: the quote and
# the article are still shown (the reader can judge), and a speaker is never guessed.
UNNAMED_SPEAKER = "The article does not name who said this."


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """How Precis behaves in one Discord server."""

    watched_channels: frozenset[int] = field(default_factory=frozenset)
    summary_sentences: int = DEFAULT_SUMMARY_SENTENCES
    algorithm: str = DEFAULT_ALGORITHM
    quote_count: int = DEFAULT_QUOTE_COUNT
    auto_summarise: bool = True
    threads: bool = False
    retention_days: int | None = None


@dataclass(frozen=True, slots=True)
class PostRef:
    """Where a link was posted: the Discord message that asked for a summary."""

    guild_id: int
    channel_id: int | None = None
    message_id: int | None = None
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything Precis tells about one article: the article, its summary and its quotes."""

    article: Article
    summary: Summary
    quotes: tuple[Quote, ...] = ()
    key_quotes: tuple[Quote, ...] = ()
    article_id: int | None = None
    from_cache: bool = False


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote found in a guild's cache, with the article it came from."""

    quote: Quote
    article_id: int
    title: str | None
    url: str | None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Answer:
    """A sentence that answers a question, with the article it came from."""

    text: str
    article_id: int
    title: str | None
    url: str | None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """An article matching a search."""

    article_id: int
    title: str | None
    url: str | None
    site: str | None
    published: date | None
    snippet: str
    score: float = 0.0
