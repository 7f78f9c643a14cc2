"""Indirect speech: "<speaker> <verb> (<hearer>) that <clause>" as lower-confidence quotes.

They let "who said …" answer from reported statements; they are never shown as quotations.
Sentences that hold a direct quotation are left to the direct rules.
"""

from __future__ import annotations

import bisect
import re

from bot.models import Mention, Quote
from bot.quotes.cues import INDIRECT_VERBS
from bot.quotes.extract import Context, resolve, verb_ok
from bot.quotes.speakers import subject_before, tokens

INDIRECT_CONFIDENCE = 0.6
# A reporting verb, then within a short stretch of the same clause "that", or (after say)
# straight into a pronoun subject: "said he would", "says it is".
_REPORT = re.compile(
    r"\b(?P<verb>{verbs})\b(?:(?P<obj>[^;:?!\"“”\n]{{0,90}}?)\bthat\b\s*"
    r"|\s+(?=(?:he|she|they|it|we|I|there)\b))".format(
        verbs="|".join(sorted(INDIRECT_VERBS, key=len, reverse=True))
    )
)
# Where a reported clause stops: an appositive or aside about the statement itself.
_CLAUSE_END = re.compile(
    r",\s+(?:a|an|which|according to|in a|in an|adding|saying|as|though|although|but)\b"
    r"|\s+[—–]\s+|\s*\(|;"
)


def find_indirect(ctx: Context) -> list[Quote]:
    """Reported statements outside quotation marks, with their speakers."""
    text, masked = ctx.text, ctx.masked
    out: list[Quote] = []
    done_until = -1
    for m in _REPORT.finditer(masked):
        verb = m.group("verb")
        if m.group("obj") is None and verb not in {"said", "says"}:
            continue
        if m.start() < done_until:
            continue
        para = bisect.bisect_right([p[0] for p in ctx.paras], m.start()) - 1
        lo, hi = ctx.sentence_of(m.start(), para)
        if "xxx" in masked[lo:hi] or m.end() >= hi:
            continue
        toks = tokens(masked, max(lo, m.start() - 240), m.end("verb"))
        if not toks or not verb_ok(toks, len(toks) - 1):
            continue
        ph = subject_before(masked, lo, m.start())
        if ph is None:
            continue
        speaker, role, factor = resolve(ctx, ph, para)
        if speaker is None:
            continue
        clause_at = m.end()
        end = hi
        cut = _CLAUSE_END.search(text, clause_at, hi)
        if cut:
            end = cut.start()
        while end > clause_at and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
            end -= 1
        if end - clause_at < 8:
            continue
        done_until = hi
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
                cue=verb,
                rule="indirect",
            )
        )
    return out
