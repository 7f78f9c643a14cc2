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
# After a reporting verb: within a short stretch of the same clause "that", or (after say)
# straight into a pronoun subject: "said he would", "says it is".
_AFTER_VERB = re.compile(
    r"(?P<obj>[^;:?!\"“”\n]{0,90}?)\bthat\b\s*|(?P<pro>\s+)(?=(?:he|she|they|it|we|I|there)\b)"
)
_LOWER_WORD = re.compile(r"(?<![\w’'\-])[a-z]+(?![\w’'\-])")
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
    para_starts = [p[0] for p in ctx.paras]
    for w in _LOWER_WORD.finditer(masked):
        verb = w.group()
        if verb not in INDIRECT_VERBS or w.start() < done_until:
            continue
        m = _AFTER_VERB.match(masked, w.end())
        if m is None or (m.group("obj") is None and verb not in {"said", "says"}):
            continue
        para = bisect.bisect_right(para_starts, w.start()) - 1
        lo, hi = ctx.sentence_of(w.start(), para)
        lo, hi = max(lo, w.start() - 400), min(hi, w.end() + 600)
        if "xxx" in masked[lo:hi] or m.end() >= hi:
            continue
        toks = tokens(masked, max(lo, w.start() - 240), w.end())
        if not toks or not verb_ok(toks, len(toks) - 1):
            continue
        ph = subject_before(masked, lo, w.start())
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
