"""Indirect speech: "<speaker> <verb> (<hearer>) that <clause>" as lower-confidence quotes.

They let "who said …" answer from reported statements; they are never shown as quotations.
Sentences that hold a direct quotation are left to the direct rules.
"""

from __future__ import annotations

import re

from bot.models import Mention, Quote
from bot.quotes.cues import INDIRECT_VERBS
from bot.quotes.extract import Context, resolve, verb_ok
from bot.quotes.speakers import subject_before, tokens

INDIRECT_CONFIDENCE = 0.6
_CLAUSE_PRONOUNS = {"he", "she", "they", "it", "we", "i", "there"}
# Where a reported clause stops: an appositive or aside about the statement itself.
_CLAUSE_END = re.compile(
    r",\s+(?:a|an|which|according to|in a|in an|adding|saying|as|though|although|but)\b"
    r"|\s+[—–]\s+|\s*\(|;"
)


def _sentences(ctx: Context) -> list[tuple[int, int, int]]:
    out = []
    for para, (lo, hi) in enumerate(ctx.paras):
        pos = lo
        for e in ctx.ends:
            if e <= lo:
                continue
            if e >= hi:
                break
            out.append((pos, e, para))
            pos = e
        if pos < hi:
            out.append((pos, hi, para))
    return out


def find_indirect(ctx: Context) -> list[Quote]:
    """Reported statements outside quotation marks, with their speakers."""
    text, masked = ctx.text, ctx.masked
    out: list[Quote] = []
    for lo, hi, para in _sentences(ctx):
        if "xxx" in masked[lo:hi]:
            continue
        toks = tokens(masked, lo, hi)
        for k, t in enumerate(toks):
            if t.text not in INDIRECT_VERBS or not verb_ok(toks, k):
                continue
            clause_at = None
            for j in range(k + 1, min(len(toks), k + 16)):
                w = toks[j]
                if w.low == "that":
                    clause_at = toks[j + 1].start if j + 1 < len(toks) else None
                    break
                if j == k + 1 and w.low in _CLAUSE_PRONOUNS and t.low in {"said", "says"}:
                    clause_at = w.start
                    break
                if w.text in {".", ";", ":", "?", "!"}:
                    break
            if clause_at is None:
                continue
            ph = subject_before(masked, lo, t.start)
            if ph is None:
                continue
            speaker, role, factor = resolve(ctx, ph, para)
            if speaker is None:
                continue
            end = hi
            m = _CLAUSE_END.search(text, clause_at, hi)
            if m:
                end = m.start()
            while end > clause_at and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
                end -= 1
            if end - clause_at < 8:
                continue
            out.append(
                Quote(
                    text=text[clause_at:end],
                    start=clause_at,
                    end=end,
                    speaker=speaker,
                    mention=Mention(text[ph.start : ph.end], ph.start, ph.end),
                    confidence=round(INDIRECT_CONFIDENCE * factor, 3),
                    partial=False,
                    kind="indirect",
                    role=role,
                    cue=t.text,
                    rule="indirect",
                )
            )
            break
    return out
