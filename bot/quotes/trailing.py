"""Reported statements that end on their source: "<claim>, according to <source>."

Why it exists: news states figures and findings first and names where they come from last
("Premiums will rise by 9 percent, according to the state insurance department."). The claim is
the whole clause before the source, the speaker the source; like other indirect speech it is a
lower-confidence statement for "who said …", never shown as a quotation. Sentences holding a
direct quotation are left to the direct rules. The source phrases come from the language pack
(``trailing_sources``).
"""

from __future__ import annotations

import bisect

from bot.models import Quote
from bot.quotes.direct import Context, resolve
from bot.quotes.indirect import reported
from bot.quotes.pack import lang
from bot.quotes.speakers import Phrase, subject_after, tokens

TRAILING_CONFIDENCE = 0.6
_MIN_CLAIM_WORDS = 4


def find_trailing(ctx: Context) -> list[Quote]:
    """Every "<claim>, <source phrase> <source>[, aside]." sentence outside quotations."""
    L = lang()
    if not L.trailing_sources:
        return []
    masked = ctx.masked
    # A sentence without a phrase's first word can't hold the phrase: skip tokenising it
    # (most sentences; tokenising all of them was a fifth of find_quotes' time).
    firsts = tuple({p.split()[0] for p in L.trailing_sources})
    out: list[Quote] = []
    for para, (p_lo, p_hi) in enumerate(ctx.paras):
        # The sentence ends inside the paragraph (ctx.ends is sorted: a slice, not a pass
        # over every end of the article per paragraph).
        ends = ctx.ends[bisect.bisect_right(ctx.ends, p_lo) : bisect.bisect_left(ctx.ends, p_hi)]
        starts = [p_lo, *ends]
        for i, lo in enumerate(starts):
            hi = starts[i + 1] if i + 1 < len(starts) else p_hi
            if "xxx" in masked[lo:hi]:
                continue
            low = masked[lo:hi].lower()
            if not any(w in low for w in firsts):
                continue
            q = _sentence(ctx, para, lo, hi)
            if q is not None:
                out.append(q)
    return out


def _sentence(ctx: Context, para: int, lo: int, hi: int) -> Quote | None:
    L = lang()
    text, masked = ctx.text, ctx.masked
    toks = tokens(masked, lo, hi)
    for k in range(1, len(toks) - 2):
        if toks[k - 1].text != ",":
            continue
        n = _source_words(toks, k)
        if not n:
            continue
        ph = subject_after(masked, toks[k + n - 1].end, hi)
        rest = masked[ph.end : hi].strip() if ph is not None else ""
        if (ph is None or (rest and rest[0] not in ",.;")) and L.body_subjects:
            # …, según el informe del observatorio presentado este martes.: a body or a
            # document with its own short description, up to the sentence end.
            ph = _source_to_end(masked, toks, k + n, hi)
            rest = ""
        if ph is None or ph.kind == "pronoun":
            return None
        if rest and rest[0] not in ",.;":
            return None  # the source runs on into a clause of its own
        speaker, role, factor = resolve(ctx, ph, para)
        if speaker is None:
            return None
        start = lo
        while start < toks[k - 1].start and (text[start].isspace() or text[start] in '"“”'):
            start += 1
        end = toks[k - 1].start
        words = [t for t in tokens(masked, start, end) if t.text[:1].isalnum()]
        if len(words) < _MIN_CLAIM_WORDS or text[start:end].rstrip().endswith("?"):
            return None
        cue = " ".join(t.low for t in toks[k : k + n])
        return reported(text, start, end, ph, speaker, role, TRAILING_CONFIDENCE * factor, cue)
    return None


_SOURCE_WORDS = 12


def _source_to_end(masked: str, toks: list, k: int, hi: int) -> Phrase | None:
    """The words from ``toks[k]`` to the sentence end as the source, when they open with an
    article or a capital and are few."""
    L = lang()
    if k >= len(toks):
        return None
    first = toks[k]
    if not (first.low in L.determiners or first.text[:1].isupper()):
        return None
    end = hi
    while end > first.start and (masked[end - 1].isspace() or masked[end - 1] in ".;!?"):
        end -= 1
    words = [t for t in toks[k:] if t.text[:1].isalnum() and t.end <= end]
    if not 0 < len(words) <= _SOURCE_WORDS or any(t.low in L.finite for t in words):
        return None
    return Phrase(masked[first.start : end], first.start, end, "org")


def _source_words(toks: list, k: int) -> int:
    """How many tokens from ``k`` spell one of the pack's trailing source phrases."""
    for phrase in lang().trailing_sources:
        words = lang().token.findall(phrase)
        if [t.low for t in toks[k : k + len(words)]] == words:
            return len(words)
    return 0
