"""Key quotes: the few full, confidently attributed quotes worth showing under a summary."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

from bot.models import Quote, Sentence

MIN_CONFIDENCE = 0.7
MIN_WORDS = 6
_WORD = re.compile(r"[A-Za-z][\w’'\-]*")
_STOP = frozenset(
    """
    a an the and or but if of to in on at for from by with as is are was were be been being
    it its this that these those he she they we i you his her their our my your him them us
    me not no so than then there here what which who whom whose when where why how all any
    some more most very can could would should will may might must do does did has have had
    said says say told also just about into over after before up out new one two
    """.split()  # noqa: SIM905
)


def _content_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2]


def _sentence_index(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def select_key_quotes(
    quotes: Sequence[Quote],
    text: str,
    n: int = 3,
    sentences: Sequence[Sentence] | None = None,
    shown: Collection[int] = (),
) -> list[Quote]:
    """Best ``n`` full direct quotes with confident speakers, preferring ones that carry the
    article's main content; never two from the same sentence, and none from a sentence the reader
    already sees (``shown``: indices into ``sentences``, the summary's), so key quotes add to the
    summary rather than repeat it. Returned in article order."""
    if n <= 0:
        return []
    pool = [
        q
        for q in quotes
        if q.kind == "direct"
        and not q.partial
        and q.speaker
        and q.confidence >= MIN_CONFIDENCE
        and len(_WORD.findall(q.text)) >= MIN_WORDS
    ]
    if not pool:
        return []
    if sentences is None:
        from bot.text.sentences import split_sentences

        sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    # "Main content": words the article repeats, weighted by how often they occur.
    freq = Counter(_content_words(text))
    top = dict(freq.most_common(40))
    total = sum(top.values()) or 1

    def score(q: Quote) -> float:
        words = _content_words(q.text)
        if not words:
            return 0.0
        content = sum(top.get(w, 0) for w in set(words)) / total
        n_words = len(_WORD.findall(q.text))
        length = 1.0 if 10 <= n_words <= 45 else 0.8
        early = 1.0 - 0.2 * (q.start / max(1, len(text)))
        return q.confidence * (0.5 + content) * length * early

    chosen: list[Quote] = []
    seen_words: list[str] = []
    used: set[int] = set(shown)
    for q in sorted(pool, key=score, reverse=True):
        idx = _sentence_index(starts, q.start) if starts else -1
        if idx in used:
            continue
        # Articles quote the same words again further down (a recap, a caption): show once.
        words = " " + " ".join(w.lower() for w in _WORD.findall(q.text)) + " "
        if any(words in other or other in words for other in seen_words):
            continue
        used.add(idx)
        seen_words.append(words)
        chosen.append(q)
        if len(chosen) == n:
            break
    return sorted(chosen, key=lambda q: q.start)
