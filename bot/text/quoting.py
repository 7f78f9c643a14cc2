"""Quotation regions by language, so the sentence splitter never cuts a quotation.

Which character opens and which closes depends on the language (``“`` opens in English and
closes German ``„…“``; ``»`` closes French ``«…»`` and opens German ``»…«``), so the pairs come
from each language pack's ``sentences.toml``. A summary sentence that starts or ends inside a
quotation reads as garbage (a stray ``«`` at the end, a closing ``”`` at the start), so
boundaries found inside one are moved to its edge or dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence boundary is never dropped to keep a quotation whole when the joined sentence
# would be longer than this: a quotation running over a whole paragraph is better cut.
MAX_JOINED_CHARS = 800
# What may stand between a sentence's end and a quotation's closing mark (or between an
# opening mark and the next sentence) for the mark to move across the boundary.
_SPACE = re.compile(r"\s*")
# After a closing mark, these carry the sentence on (a cue: "…«, fragte er", "…» a-t-il dit").
_CONTINUES = ",;:-–—)]"


@dataclass(frozen=True, slots=True)
class QuotePairs:
    """Opening mark -> the marks that close it; ``symmetric`` marks open and close."""

    closers: dict[str, frozenset[str]]
    symmetric: frozenset[str]
    pattern: re.Pattern[str] | None


def parse_pairs(pairs: list[str]) -> QuotePairs:
    """``["« »", "“ ”", '" "']`` -> QuotePairs; a pack lists "open close" per entry."""
    closers: dict[str, set[str]] = {}
    symmetric: set[str] = set()
    for pair in pairs:
        opener, closer = pair.split()
        closers.setdefault(opener, set()).add(closer)
        if opener == closer:
            symmetric.add(opener)
    marks = set(closers) | {c for cs in closers.values() for c in cs}
    pattern = re.compile("[" + re.escape("".join(sorted(marks))) + "]") if marks else None
    return QuotePairs(
        {o: frozenset(cs) for o, cs in closers.items()}, frozenset(symmetric), pattern
    )


def _opens_here(text: str, i: int) -> bool:
    """A symmetric mark (straight quote) opens when it follows a space or opening punctuation
    and a non-space follows it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:;") and not after.isspace()


def quote_regions(text: str, pairs: QuotePairs) -> list[tuple[int, int]]:
    """(open mark offset, offset after the close mark) of each outermost closed quotation.

    Nested quotations (``„… ‚…‘ …“``) lie inside their outer one; marks that close nothing
    open are ignored, and a quotation left open at the end of ``text`` is no region.
    """
    if pairs.pattern is None:
        return []
    stack: list[tuple[int, frozenset[str]]] = []
    regions: list[tuple[int, int]] = []
    for m in pairs.pattern.finditer(text):
        ch, i = m.group(), m.start()
        # The innermost open quotation this mark can close ("“" closes „ in German).
        depth = next((d for d in range(len(stack) - 1, -1, -1) if ch in stack[d][1]), None)
        if ch in pairs.symmetric and depth is not None and _opens_here(text, i):
            depth = None  # a straight quote after a space opens a nested one
        if depth is None:
            if ch in pairs.closers and (ch not in pairs.symmetric or _opens_here(text, i)):
                stack.append((i, pairs.closers[ch]))
            continue
        start = stack[depth][0]
        del stack[depth:]  # inner quotations left open end with the outer one
        if not stack:
            regions.append((start, i + 1))
    return regions


def fix_quote_boundaries(
    block: str, spans: list[tuple[int, int]], pairs: QuotePairs
) -> list[tuple[int, int]]:
    """Sentence ``spans`` of ``block`` with no boundary inside a quotation.

    A boundary just after an opening mark moves before it; one just before a closing mark
    moves after it; one deeper inside is dropped (the sentences join) unless the result
    would exceed MAX_JOINED_CHARS.
    """
    regions = quote_regions(block, pairs)
    if not regions or len(spans) < 2:
        return spans
    out: list[tuple[int, int]] = [spans[0]]
    for s, e in spans[1:]:
        ps, pe = out[-1]
        region = next((r for r in regions if r[0] < pe and r[1] > s), None)
        if region is None:
            out.append((s, e))
            continue
        opened, closed = region
        if opened >= ps and not block[opened + 1 : pe].strip():
            # "… d'excuse. «" | "J'arrive …»": the mark belongs to the next sentence.
            new_pe = ps + len(block[ps:opened].rstrip())
            if new_pe > ps:
                out[-1] = (ps, new_pe)
                out.append((opened, e))
                continue
        if closed <= e and not block[s : closed - 1].strip():
            # "… tactique." | "» Il a ajouté": the mark belongs to the sentence before.
            rest = _SPACE.match(block, closed).end()
            if rest >= e or block[rest] in _CONTINUES or block[rest].islower():
                out[-1] = (ps, e)  # "»…?«" | ", fragte er.": the cue finishes the sentence
            else:
                out[-1] = (ps, closed)
                out.append((rest, e))
            continue
        if e - ps <= MAX_JOINED_CHARS:
            out[-1] = (ps, e)
        else:
            out.append((s, e))
    return out
