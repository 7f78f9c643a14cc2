"""Offline sentence splitting with character offsets.

nltk's Punkt algorithm with parameters shipped here (abbreviations, sentence starters), so
no trained nltk data is ever needed or loaded. Blank lines are hard boundaries, as are lines that start
with a list marker; single newlines are ordinary whitespace.

Every language's abbreviations and sentence starters come from its pack
(``bot/langpacks/<code>/sentences.toml``); English's also split languages without a pack. A
pack that lists quotation marks gets them respected: no sentence starts or ends inside a
quotation (see :mod:`bot.text.quoting`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

from bot.langpacks import load as load_pack
from bot.models import Sentence
from bot.text.quoting import QuotePairs, fix_quote_boundaries, parse_pairs

# English's data (bot/langpacks/en/sentences.toml), also used for languages without a pack.
_ENGLISH = load_pack("en", "sentences")
assert _ENGLISH is not None, "the English sentence pack ships with the code"
ABBREVIATIONS: frozenset[str] = frozenset(_ENGLISH["abbreviations"]["words"].split())
SENTENCE_STARTERS: frozenset[str] = frozenset(_ENGLISH["starters"]["words"].split())

# Orthographic contexts, as Punkt's trainer would have recorded them: the starters occur both
# capitalised at sentence starts and lower-case mid-sentence. This lets Punkt break after an
# initial or ellipsis when a starter follows ("Plan B. The ...").
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_LC = 1 << 4


# Abbreviations only before a number: "No. 10", "nos. 3-5", "c. 1871" (but "He said no. Then").
_BEFORE_NUMBER = tuple(_ENGLISH["abbreviations"]["before_number"].split())


def _parameters(
    abbreviations: frozenset[str] = ABBREVIATIONS,
    starters: frozenset[str] = SENTENCE_STARTERS,
    collocations: frozenset[tuple[str, str]] = frozenset(
        (word, "##number##") for word in _BEFORE_NUMBER
    ),
) -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    params.sent_starters = set(starters)
    for word in starters:
        params.add_ortho_context(word, _ORTHO_BEG_UC | _ORTHO_MID_LC)
    # Punkt's collocation heuristic: (word before the period, type of the word after it).
    params.collocations = set(collocations)
    return params


# nltk 3.10 sends every regex through its ReDoS guard (the third-party `regex` engine plus a
# timeout per call), which halves Punkt's speed. The patterns below are Punkt's own, fixed and
# linear-time, never caller-supplied, so we compile them with the standard library instead.
# tests/test_sentences.py checks the result is identical to stock Punkt's.
class _StdlibLanguageVars(PunktLanguageVars):
    __slots__ = ()
    re_boundary_realignment = re.compile(
        PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE
    )

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        try:
            return self._re_word_tokenizer
        except AttributeError:
            self._re_word_tokenizer = re.compile(
                self._word_tokenize_fmt
                % {
                    "NonWord": self._re_non_word_chars,
                    "MultiChar": self._re_multi_char_punct,
                    "WordStart": self._re_word_start,
                },
                re.UNICODE | re.VERBOSE,
            )
            return self._re_word_tokenizer

    def period_context_re(self) -> re.Pattern[str]:
        try:
            return self._re_period_context
        except AttributeError:
            self._re_period_context = re.compile(
                self._period_context_fmt
                % {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars},
                re.UNICODE | re.VERBOSE,
            )
            return self._re_period_context


class _StdlibToken(PunktToken):
    __slots__ = ()
    _RE_ELLIPSIS = re.compile(r"\.\.+$")
    _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = re.compile(r"[^\W\d]\.$")
    _RE_ALPHA = re.compile(r"[^\W\d]+$")


def _tokenizer(params: PunktParameters | None = None) -> PunktSentenceTokenizer:
    tokenizer = PunktSentenceTokenizer(lang_vars=_StdlibLanguageVars(), token_cls=_StdlibToken)
    tokenizer._params = params if params is not None else _parameters()
    return tokenizer


_TOKENIZER = _tokenizer()


@dataclass(frozen=True, slots=True)
class _Pack:
    """A language's splitting data, read once from its ``sentences.toml``."""

    tokenizer: PunktSentenceTokenizer
    pairs: QuotePairs
    never_final: re.Pattern[str] | None  # a sentence ending so is not finished
    after_number: re.Pattern[str] | None  # "2022 г." + capitalised word: a sentence ends


def _phrase(abbr: str) -> str:
    # "z. B." also matches "z.B." and "z.\u00a0B."
    return r"\s*".join(re.escape(part) for part in abbr.split())


def _parts(abbrs: list[str]) -> set[str]:
    """Punkt's abbreviation types in ``abbrs``: "z. B." -> {"z", "b"}, "Dott.ssa" -> {}."""
    return {p[:-1].lower() for a in abbrs for p in a.split() if p.endswith(".") and len(p) > 1}


@lru_cache(maxsize=32)
def _pack(code: str) -> _Pack | None:
    data = load_pack(code, "sentences")
    if data is None:
        return None
    abbr = data.get("abbreviations", {})
    never_final: list[str] = abbr.get("never_final", [])
    after_number: list[str] = abbr.get("after_number", [])
    words = set(abbr.get("words", "").split()) | _parts(never_final) | _parts(after_number)
    starters = frozenset(data.get("starters", {}).get("words", "").split())
    # Punkt's collocations: "3. Oktober" (a number, then the word) and "No. 10" (the word,
    # then a number).
    collocations = frozenset(("##number##", w) for w in abbr.get("after_ordinal", "").split())
    collocations |= {(w, "##number##") for w in abbr.get("before_number", "").split()}
    params = _parameters(frozenset(words), starters, collocations)
    return _Pack(
        tokenizer=_tokenizer(params),
        pairs=parse_pairs(data.get("quotes", {}).get("pairs", [])),
        never_final=(
            re.compile(r"(?<!\w)(?:" + "|".join(map(_phrase, never_final)) + r")$")
            if never_final
            else None
        ),
        after_number=(
            re.compile(r"\d\s?(?:" + "|".join(map(_phrase, after_number)) + r")(?=\s+[^\w\s]*(\w))")
            if after_number
            else None
        ),
    )


def _pack_for(language: str | None) -> _Pack | None:
    code = (language or "").strip().lower()
    code = re.split(r"[-_]", code, maxsplit=1)[0]
    return _pack(code) if code.isalpha() else None


# A blank (whitespace-only) line, or a newline before a list marker, ends a block.
_HARD_BREAK = re.compile(
    r"\n[^\S\n]*\n\s*"
    r"|\n(?=[^\S\n]*(?:[-–•*‣⁃▪·]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[^\S\n])"
)
# A "sentence" that is nothing but a list marker ("1.", "b)", "iv.") joins the next one.
_MARKER_ONLY = re.compile(r"^(?:\(?\d{1,3}|\(?[a-zA-Z]|[ivxlc]{1,5})[.)]{1,2}$")
# Pieces without a letter or digit ("?" of "??", "[...]") belong to the sentence before;
# so do bare citation marks like "[19]".
_NO_WORDS = re.compile(r"^(?:[^\w]+|\[\d{1,3}\])$")
# A question or exclamation, or any stop inside closing quotes, followed by a lower-case word
# is not the end of the sentence: '"Why?" asked the man.' / '"It is great." she said.'
_LEADING_CITATION = re.compile(r"(?:\[\d{1,3}\]\s*)+(?=\S)")
_LOWER_I = re.compile(r"i\b")  # informal text's lower-case "i" does start sentences
_SOFT_END = re.compile(r"(?:[?!][\"”’')\]]*|[.][\"”’']+[)\]]*)$")


def _blocks(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _HARD_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _merge(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo Punkt breaks that a reader would not make (see the patterns above)."""
    merged: list[tuple[int, int]] = []
    pending: int | None = None  # start of a list marker waiting for its sentence
    for s, e in spans:
        piece = block[s:e]
        if pending is not None:
            s, pending = pending, None
            piece = block[s:e]
        elif _MARKER_ONLY.match(piece):
            pending = s
            continue
        if merged:
            prev_s, prev_e = merged[-1]
            lead = _LEADING_CITATION.match(piece)
            if lead:  # "... in 1805. [19] Then" – the mark belongs to the sentence before
                merged[-1] = (prev_s, s + len(lead.group(0).rstrip()))
                s += lead.end()
                piece = block[s:e]
            if _NO_WORDS.match(piece) or (
                piece[0].islower()
                and not _LOWER_I.match(piece)
                and _SOFT_END.search(block, prev_s, prev_e)
            ):
                merged[-1] = (prev_s, e)
                continue
        merged.append((s, e))
    if pending is not None:
        end = len(block.rstrip())
        if merged:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((pending, end))
    return merged


def _pack_rules(block: str, spans: list[tuple[int, int]], pack: _Pack) -> list[tuple[int, int]]:
    """A pack's own boundaries: split after "2022 г." before a capital; join after titles and
    "z. B."; then keep quotations whole."""
    if pack.after_number is not None:
        split: list[tuple[int, int]] = []
        for s, e in spans:
            for m in pack.after_number.finditer(block, s, e):
                if m.group(1)[0].isupper() and m.end() < e:
                    split.append((s, m.end()))
                    s = m.end() + len(block[m.end() : e]) - len(block[m.end() : e].lstrip())
            split.append((s, e))
        spans = split
    if pack.never_final is not None:
        joined: list[tuple[int, int]] = []
        for s, e in spans:
            if joined and pack.never_final.search(block, joined[-1][0], joined[-1][1]):
                joined[-1] = (joined[-1][0], e)
            else:
                joined.append((s, e))
        spans = joined
    return fix_quote_boundaries(block, spans, pack.pairs)


# Full stops of scripts written without spaces (。 and its half-width form ｡, full-width ！ and
# ？) end a sentence in every language, as "." does: Punkt knows only ASCII stops. Closing
# brackets and quotation marks right after the stop stay with the sentence ("…完成する。」").
_UNSPACED_STOPS = "。｡！？"
_UNSPACED_END = re.compile(r"[。｡！？]+[」』）)〕】〉》\]\"”’]*")
_UNSPACED_CLOSERS = frozenset('」』"”’')
# 「…」 and 『…』 are quotations whatever the language (CJK corner brackets have no other use),
# so no sentence starts or ends inside one.
_CORNER_PAIRS = parse_pairs(["「 」", "『 』"])


def _unspaced_stops(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split ``spans`` after each 。！？ (with the closing marks after it).

    A stop closing a quotation that the sentence goes on after ("「…！」と話した", "「…。」他说")
    is the quotation's end, not the sentence's: no break when a word or a comma follows the
    closing mark directly. Breaks inside 「…」 are then dropped by the quotation rule."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        for m in _UNSPACED_END.finditer(block, s, e):
            end = m.end()
            if end >= e or _UNSPACED_CLOSERS.isdisjoint(m.group()):
                pass
            elif block[end].isalnum() or block[end] in "、，,：:":
                continue
            if end >= e:
                break
            out.append((s, end))
            s = end + len(block[end:e]) - len(block[end:e].lstrip())
        out.append((s, e))
    return [(s, e) for s, e in out if s < e]


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for each one.

    ``language`` (an ISO 639-1 code) picks that language's pack when there is one; None,
    English and languages without a pack are split the English way.
    """
    sentences: list[Sentence] = []
    # str's own search for one character (memchr-fast, instant when the text's characters are
    # all narrower than the stop) keeps this check free on other text; a regex class scan cost
    # benchmarks/sentences.py 7%.
    unspaced = any(stop in text for stop in _UNSPACED_STOPS)
    pack = _pack_for(language)
    span_tokenize = (pack.tokenizer if pack is not None else _TOKENIZER).span_tokenize
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        if not block or block.isspace():
            continue
        spans = []
        for s, e in span_tokenize(block):
            piece = block[s:e]
            if piece.isspace() or not piece:
                continue
            spans.append(
                (s + len(piece) - len(piece.lstrip()), e - len(piece) + len(piece.rstrip()))
            )
        merged = _merge(block, spans)
        if pack is not None:
            merged = _pack_rules(block, merged, pack)
        if unspaced:  # text with no such stop is split as it always was
            merged = fix_quote_boundaries(block, _unspaced_stops(block, merged), _CORNER_PAIRS)
        for s, e in merged:
            start, end = block_start + s, block_start + e
            sentences.append(Sentence(text[start:end], start, end))
    return sentences


def sentence_texts(text: str, language: str | None = None) -> list[str]:
    """Just the sentence strings (for callers that don't need offsets)."""
    return [s.text for s in split_sentences(text, language)]
