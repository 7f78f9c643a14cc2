"""Finding quotation-mark spans: which marks open and close in the article's language.

The marks come from the language pack (``[marks]`` in ``quotes.toml``, after the Unicode CLDR
delimiters): ``pairs`` lists opening+closing marks in order of preference, ``nested`` the pairs
that only nest inside an open quotation. One character can open in one language and close in
another (“ opens in English and closes German „…“; » closes French «…» and opens German
»…«), so a pair is used only when its opening mark is in the text and no pair listed before it
gave one of its marks the other role; of two mirrored pairs (»« and «») the one whose opening
mark comes first in the text is used. CJK corner brackets 「」『』 pair everywhere. A mark
whose pair lost out still works in context: an open quotation is closed by its own closing
mark (“ closes „…“ even where “…” is also in the text), and an opening mark with no role
opens when nothing is open.

Only double quotes delimit quotations here (single quotes are nested quotes or apostrophes);
a text that uses no double quotes at all falls back to curly single quotes ‘…’. A quote still
open at the end of a paragraph ends there and, when the next paragraph opens with a quote
mark, that quote is marked as its continuation (the news convention for long quotations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.quotes.pack import lang

# Marks that pair in every language: they are never anything but quotation marks.
UNIVERSAL_PAIRS = ("「」", "『』")
# Every character that may delimit a double quotation in some language.
_ALL_DOUBLE = '"“”„«»‟「」『』'
_DOUBLE = re.compile(f"[{re.escape(_ALL_DOUBLE)}]")
_PARA_OPENERS = '"“„«»「『'
_SINGLE = re.compile(r"[‘’]")
# Characters after which a straight quote opens ("He said "…) rather than closes.
_OPEN_BEFORE = set(" \t\n([{—–-/:;")
_OPEN, _CLOSE = 1, 2


@dataclass(frozen=True, slots=True)
class Span:
    """A quotation: ``start``/``end`` bound the text inside the marks.

    ``open_at``/``close_at`` are the offsets of the marks themselves (``close_at`` is ``None``
    when the quote runs to the end of its paragraph unclosed); ``continues`` says the quote
    carries on an unclosed quote from the previous paragraph.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    para: int
    continues: bool = False


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blocks separated by blank lines."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\n[^\S\n]*\n\s*|\n(?=[^\S\n]*[\"“„«»「『])", text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) or not spans:
        spans.append((pos, len(text)))
    return spans


def mark_roles(text: str, pairs: tuple[str, ...]) -> dict[str, int]:
    """Which marks open and which close in ``text``, given the language's ``pairs``."""
    roles: dict[str, int] = {}
    everywhere = (*pairs, *UNIVERSAL_PAIRS)
    for pair in everywhere:
        o, c = pair[0], pair[1]
        if roles.get(o) == _CLOSE or roles.get(c) == _OPEN:
            continue
        if o not in text:
            # Only its closing mark is here: it closes, unless another pair opens with it.
            if c in text and not any(p[0] == c for p in everywhere):
                roles.setdefault(c, _CLOSE)
            continue
        if c + o in pairs:
            # Mirrored pairs (German »…« and Swiss «…»): the text's first mark opens.
            first_c = text.find(c)
            if first_c != -1 and first_c < text.find(o):
                continue
        roles[o] = _OPEN
        roles.setdefault(c, _CLOSE)
    return roles


def _direction(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or '?' for a straight (or ambiguous) mark at ``i`` in [lo, hi)."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    left_space = before.isspace() or before in _OPEN_BEFORE
    right_space = after.isspace() or after in ",.;:!?)]}—–"
    if left_space and not right_space:
        return "open"
    if right_space and not left_space:
        return "close"
    return "?"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _family(pairs: tuple[str, ...], ch: str) -> str:
    for pair in (*pairs, *UNIVERSAL_PAIRS):
        if ch == pair[0]:
            return pair
    return '""'


def _opens_a_pair(pairs: tuple[str, ...], ch: str) -> bool:
    return any(ch == pair[0] for pair in (*pairs, *UNIVERSAL_PAIRS))


def _scan_double(text: str, pairs: tuple[str, ...], nested: tuple[str, ...]) -> list[Span]:
    roles = mark_roles(text, pairs)
    nested_chars = {ch for pair in nested for ch in pair}
    nested_openers = {pair[0] for pair in nested}
    spans: list[Span] = []
    prev_unclosed = False
    for para_no, (lo, hi) in enumerate(paragraphs(text)):
        open_at: int | None = None
        family = ""  # the open quotation's pair
        first_in_para = True
        pending_continues = False
        for m in _DOUBLE.finditer(text, lo, hi):
            i = m.start()
            ch = text[i]
            role = roles.get(ch)
            if open_at is not None and ch in nested_chars and ch not in family:
                continue  # a quotation nested inside the open one is part of it
            if open_at is not None and family[0] != family[1] and ch == family[1]:
                # The open quotation's own closer closes it, whatever role the mark took in
                # the text's other pair (“ opens “…” but closes „…“ in one German article),
                # unless it opens a nested quotation („… “…” …“).
                if (
                    role != _CLOSE
                    and ch in nested_openers
                    and _direction(text, i, lo, hi) == "open"
                ):
                    continue
                kind = "close"
            elif role == _OPEN:
                kind = "open"
            elif role == _CLOSE:
                kind = "close"
                # A closer typed where an opener belongs: nothing open, it hugs the next word.
                if open_at is None and _direction(text, i, lo, hi) == "open":
                    kind = "open"
            elif ch == '"':
                kind = _direction(text, i, lo, hi)
                if kind == "?":
                    kind = "close" if open_at is not None else "open"
            elif open_at is None and _opens_a_pair(pairs, ch):
                kind = "open"  # „ of „…“ when “ opens the text's other pair
            else:
                continue  # a mark this language does not use here
            if kind == "open":
                if open_at is not None:
                    # Two openers in a row: the first was never closed; it ends here.
                    s, e = _trim(text, open_at + 1, i)
                    if e > s:
                        spans.append(Span(s, e, open_at, None, para_no))
                open_at = i
                family = _family(pairs, ch) if ch != '"' else '""'
                continues = first_in_para and prev_unclosed and text[lo:i].strip() == ""
                first_in_para = False
                pending_continues = continues
            else:
                if open_at is None:
                    continue  # a stray closer (or an inch mark) opens nothing
                s, e = _trim(text, open_at + 1, i)
                if e > s:
                    spans.append(Span(s, e, open_at, i, para_no, pending_continues))
                open_at = None
                first_in_para = False
        prev_unclosed = False
        if open_at is not None:
            s, e = _trim(text, open_at + 1, hi)
            if e > s:
                spans.append(Span(s, e, open_at, None, para_no, pending_continues))
                prev_unclosed = True
    return spans


def _scan_single(text: str) -> list[Span]:
    possessive = lang().possessive_endings
    spans: list[Span] = []
    prev_unclosed = False
    for para_no, (lo, hi) in enumerate(paragraphs(text)):
        open_at: int | None = None
        first_in_para = True
        pending_continues = False
        for m in _SINGLE.finditer(text, lo, hi):
            i = m.start()
            ch = text[i]
            # ’ between letters is an apostrophe (it’s, O’Neill), never a quote mark.
            if ch == "’" and i > lo and i + 1 < hi and text[i - 1].isalnum():
                if text[i + 1].isalnum():
                    continue
                if open_at is None:
                    continue  # possessive (the players’ union) with nothing open
                if text[i - 1 : i].lower().endswith(possessive) and re.match(
                    r"\s+[a-z]", text[i + 1 : i + 3]
                ):
                    continue  # plural possessive inside a quote: "the players’ union"
            if ch == "‘":
                if open_at is not None:
                    s, e = _trim(text, open_at + 1, i)
                    if e > s:
                        spans.append(Span(s, e, open_at, None, para_no))
                open_at = i
                pending_continues = first_in_para and prev_unclosed and not text[lo:i].strip()
                first_in_para = False
            else:
                if open_at is None:
                    continue
                s, e = _trim(text, open_at + 1, i)
                if e > s:
                    spans.append(Span(s, e, open_at, i, para_no, pending_continues))
                open_at = None
                first_in_para = False
        prev_unclosed = False
        if open_at is not None:
            s, e = _trim(text, open_at + 1, hi)
            if e > s:
                spans.append(Span(s, e, open_at, None, para_no, pending_continues))
                prev_unclosed = True
    return spans


def find_spans(text: str) -> list[Span]:
    """Every quotation in ``text`` in order of position (marks of the active pack)."""
    if _DOUBLE.search(text):
        pack = lang()
        return _scan_double(text, pack.mark_pairs, pack.nested_pairs)
    if "‘" in text:
        return _scan_single(text)
    return []


def mask(text: str, spans: list[Span]) -> str:
    """``text`` with each quotation's inside blanked to ``x`` (same length), keeping a final
    ``.?!`` so sentence ends inside quotes still count."""
    out = list(text)
    for sp in spans:
        end = sp.end
        keep = text[end - 1] if end > sp.start and text[end - 1] in ".?!" else None
        if end > sp.start:
            # Every character but a line break becomes x (a slice, not a step per character).
            inside = text[sp.start : end]
            out[sp.start : end] = (
                _NOT_NEWLINE.sub("x", inside) if "\n" in inside else "x" * (end - sp.start)
            )
        if keep:
            out[end - 1] = keep
    return "".join(out)


_NOT_NEWLINE = re.compile(r"[^\n]")
