"""Turning user text into safe FTS5 queries, and the small cues used to re-rank answers.

Nothing a user types ever reaches SQLite's MATCH syntax as-is: text is split into word tokens
with our own regex and each token is sent as a double-quoted FTS5 string, so operators
(``AND``, ``NEAR``, ``*``, ``^``, column filters, parentheses) are inert. Input with no word
characters yields no query at all, and callers return ``[]``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.langpacks import codes
from bot.quotes.pack import quote_pack

# Tokens as unicode61 sees them, near enough: runs of letters and digits. Underscore is a
# separator for unicode61, so it is one here too.
_TOKEN = re.compile(r"[^\W_]+")

# Words that carry no content in a question or a search; dropping them keeps bm25 focused.
_STOPWORD_TEXT = """a an and are as at be been being but by can could did do does doing done for from had
has have having he her hers him his how i if in into is it its me my no nor not of on or our
    ours she so than that the their them then there these they this those to too us very was
    we were what when where which while who whom whose why will with would you your yours
    about after again against all am any before below between both during each few further
    here just more most much many once only other over own same should some such under until
    up down out off tell me please said say says"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Verbs that only frame a question ("When will the landing happen?"): the answer need not
# contain them, so matching them finds sentences about something else.
VAGUE = frozenset(
    {"happen", "happens", "happened", "happening", "occur", "occurs", "occurred", "occurring"}
)

# Question words whose presence picks a re-ranking cue, in priority order.
QUESTION_TYPES = ("how much", "how many", "who", "whom", "whose", "when", "where", "why")


def fold(text: str) -> str:
    """Lowercase and strip accents (``Zürich`` → ``zurich``), for matching people and words."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text``; quote marks, punctuation and symbols are separators."""
    return _TOKEN.findall(fold(text))


def content_tokens(text: str, *, fallback: bool = True) -> list[str]:
    """Tokens minus stopwords, de-duplicated in order.

    If only stopwords remain, all tokens with ``fallback`` (a search for "The Who"), else none.
    """
    toks = tokens(text)
    seen: dict[str, None] = {}
    for tok in toks:
        if tok not in STOPWORDS:
            seen.setdefault(tok, None)
    if not seen and fallback:
        for tok in toks:
            seen.setdefault(tok, None)
    return list(seen)


def _quoted(token: str) -> str:
    # Tokens only contain letters and digits, but doubling quotes keeps this safe regardless.
    return '"' + token.replace('"', '""') + '"'


def match_phrase(toks: Sequence[str]) -> str | None:
    """An FTS5 phrase query: the tokens adjacent and in order."""
    if not toks:
        return None
    return '"' + " ".join(t.replace('"', '""') for t in toks) + '"'


def match_all(toks: Iterable[str]) -> str | None:
    """An FTS5 query requiring every token (implicit AND)."""
    parts = [_quoted(t) for t in toks]
    return " AND ".join(parts) if parts else None


def match_any(toks: Iterable[str]) -> str | None:
    """An FTS5 query matching any token; bm25 rewards rows that match more of them."""
    parts = [_quoted(t) for t in toks]
    return " OR ".join(parts) if parts else None


def stem(token: str) -> str:
    """A crude suffix stripper, used only to measure how much of a phrase a quote covers."""
    for suffix in ("ingly", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def coverage(query_tokens: Sequence[str], text: str) -> float:
    """Fraction of ``query_tokens`` (by crude stem, or an irregular form) found in ``text``."""
    if not query_tokens:
        return 0.0
    have = {stem(t) for t in tokens(text)}
    found = sum(1 for t in query_tokens if any(stem(f) in have for f in forms(t)))
    return found / len(query_tokens)


# Irregular verbs the porter stemmer can't join: "Where did they meet?" → "they met".
_IRREGULAR_PAIRS = """meet met say said tell told go went buy bought pay paid win won take took
give gave make made leave left hold held begin began rise rose fall fell sell sold lose lost
find found speak spoke see saw come came run ran build built send sent spend spent bring
brought think thought keep kept know knew grow grew fly flew drive drove write wrote choose
chose strike struck fight fought lead led teach taught catch caught seek sought"""
_IRREGULAR: dict[str, str] = {}
_words = _IRREGULAR_PAIRS.split()
for _base, _past in zip(_words[::2], _words[1::2], strict=True):
    _IRREGULAR[_base] = _past
    _IRREGULAR[_past] = _base


def forms(token: str) -> tuple[str, ...]:
    """The token and its irregular counterpart, if any (``meet`` → ``meet``, ``met``)."""
    other = _IRREGULAR.get(token)
    return (token, other) if other else (token,)


def expanded(toks: Sequence[str]) -> list[str]:
    """Tokens plus their irregular forms, de-duplicated in order (for OR queries)."""
    out: dict[str, None] = {}
    for tok in toks:
        for form in forms(tok):
            out.setdefault(form, None)
    return list(out)


def speaker_key(name: str | None) -> str | None:
    """Normalised speaker name for matching: folded tokens joined by single spaces."""
    if not name:
        return None
    key = " ".join(tokens(name))
    return key or None


def speaker_stems(last: str) -> list[str]:
    """Stems a folded surname may have in the languages that inflect names (``петрову`` →
    ``петров``, ``kowalskiego`` → ``kowalsk``), longest first; a stored name in another case
    starts with one of them."""
    stems = {
        last[: -len(ending)]
        for ending in name_endings()
        if last.endswith(ending) and len(last) - len(ending) >= 4
    }
    return sorted(stems - {last}, key=len, reverse=True)


@lru_cache(maxsize=1)
def name_endings() -> frozenset[str]:
    """Every language pack's name case endings, folded like speaker keys."""
    return frozenset(
        fold(ending) for code in codes("quotes") for ending in quote_pack(code).name_endings
    )


def speaker_last(name: str | None) -> str | None:
    """The last word of a speaker's name, so ``Putin`` finds ``Vladimir Putin``."""
    key = speaker_key(name)
    return key.rsplit(" ", 1)[-1] if key else None


# --- question-type cues ---------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WHEN = re.compile(
    rf"\b(?:{_MONTHS}|{_DAYS}|today|yesterday|tomorrow|tonight|morning|afternoon|evening|"
    r"week|month|year|decade|century|(?:1[5-9]|20)\d{2}s?|\d{1,2}:\d{2}|since|until|ago)\b",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    r"trillion|dozen|dozens|percent|per cent|half|quarter)\b|[%$€£¥]",
    re.IGNORECASE,
)
_UNITS = re.compile(
    r"\b(?:meters?|metres?|kilometers?|kilometres?|miles?|tons?|tonnes?|barrels?|liters?|"
    r"litres?|dollars?|euros?|pounds?|yuan|rubles?|roubles?|cubic|square|kg|km|mw|gw|per)\b",
    re.IGNORECASE,
)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|stated|added|noted|argued|claimed|announced|declared|"
    r"according to|praised|warned|insisted|explained|wrote|asked|replied)\b",
    re.IGNORECASE,
)
# Two capitalised words in a row, not at the very start of the sentence: a likely name.
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")
# A place preposition before a capitalised word that is not a month or a weekday.
_WHERE = re.compile(
    r"\b(?i:in|at|near|from|to|across|inside|outside|into|throughout|off)\s+(?:the\s+)?"
    rf"(?!(?i:{_MONTHS}|{_DAYS})\b)[A-Z][\w’'-]+"
)
_WHY = re.compile(
    r"\b(?:because|since|due to|as a result|so that|in order to|reason|after|amid)\b",
    re.IGNORECASE,
)


def question_type(question: str) -> str | None:
    """``who``/``when``/``how much``/``where``/``why``, or None for other questions."""
    q = " ".join(tokens(question))
    padded = f" {q} "
    for qt in QUESTION_TYPES:
        if f" {qt} " in padded:
            if qt in ("how much", "how many"):
                return "how much"
            if qt in ("whom", "whose"):
                return "who"
            return qt
    return None


def cue_score(qtype: str | None, sentence: str) -> float:
    """How well a sentence fits the question type, in [0, 1]."""
    if qtype is None:
        return 0.0
    if qtype == "how much":
        if not _HOW_MUCH.search(sentence):
            return 0.0
        return 1.0 if _UNITS.search(sentence) else 0.6
    if qtype == "when":
        return 1.0 if _WHEN.search(sentence) else 0.0
    if qtype == "who":
        score = 0.0
        if _NAME.search(sentence):
            score += 0.6
        if _SPEECH.search(sentence):
            score += 0.4
        return score
    if qtype == "where":
        return 1.0 if _WHERE.search(sentence) else 0.0
    if qtype == "why":
        return 1.0 if _WHY.search(sentence) else 0.0
    return 0.0
