"""Indirect speech: "<speaker> <verb> (<hearer>) that <clause>" as lower-confidence quotes.

They let "who said …" answer from reported statements; they are never shown as quotations.
Sentences that hold a direct quotation are left to the direct rules.
"""

from __future__ import annotations

import bisect
import re

from bot.models import Mention, Quote
from bot.quotes.direct import Context, resolve, verb_ok
from bot.quotes.pack import lang
from bot.quotes.speakers import subject_before, tokens

INDIRECT_CONFIDENCE = 0.6
# After a reporting verb: within a short stretch of the same clause "that", or (after say)
# straight into a pronoun subject: "said he would", "says it is".
_AFTER_VERB = re.compile(
    r"(?P<obj>[^;:?!\"“”\n]{0,90}?)\bthat\b\s*|(?P<pro>\s+)(?=(?:he|she|they|it|we|I|there)\b)"
)
_PRONOUN_NEXT = re.compile(r"\s+(?=(?:he|she|they|it|we|I|there)\b)")
_WORDS = re.compile(r"[\w’'\-]+")
_LOWER_WORD = re.compile(r"(?<![\w’'\-])[a-z]+(?![\w’'\-])")
# Where a reported clause stops: an appositive or aside about the statement itself.
_CLAUSE_END = re.compile(
    r",\s+(?:a|an|which|according to|in a|in an|adding|saying|as|though|although|but)\b"
    r"|\s+[—–]\s+|\s*\(|;"
)


def _object_ok(obj: str) -> bool:
    """The words between a verb and its "that" are a hearer or an adverbial ("told
    reporters on Monday"), not a clause of their own."""
    L = lang()
    words = _WORDS.findall(obj)
    return not any(w.lower() in L.finite for w in words)


def _bare_clause(masked: str, at: int) -> int | None:
    """Where a "that"-less reported clause starts after the verb ending at ``at``: a
    subject (determiner phrase or name) with a finite verb or modal soon after."""
    L = lang()
    m = re.match(r"[ \t]+", masked[at : at + 3])
    if m is None:
        return None
    start = at + m.end()
    words = _WORDS.findall(masked[start : start + 80])[:7]
    if len(words) < 3:
        return None
    first = words[0]
    if not (first.lower() in L.bare_openers or (first[:1].isupper() and first != "I")):
        return None
    if any(w.lower() in {"that", "which", "who"} for w in words[:2]):
        return None
    if not any(w in L.finite for w in words[1:]):
        return None
    return start


def _clause_start(masked: str, verb: str, at: int) -> int | None:
    L = lang()
    m = _AFTER_VERB.match(masked, at)
    if m is not None and m.group("obj") is not None and _object_ok(m.group("obj")):
        return m.end()
    if verb in {"said", "says"}:
        p = _PRONOUN_NEXT.match(masked, at)
        if p is not None:
            return p.end()
    if verb in L.indirect_bare:
        return _bare_clause(masked, at)
    return None


def find_indirect(ctx: Context) -> list[Quote]:
    """Reported statements outside quotation marks, with their speakers."""
    L = lang()
    text, masked = ctx.text, ctx.masked
    out: list[Quote] = []
    done_until = -1
    para_starts = [p[0] for p in ctx.paras]
    for w in _LOWER_WORD.finditer(masked):
        verb = w.group()
        if verb not in L.indirect_verbs or w.start() < done_until:
            continue
        clause_at = _clause_start(masked, verb, w.end())
        if clause_at is None:
            continue
        para = bisect.bisect_right(para_starts, w.start()) - 1
        lo, hi = ctx.sentence_of(w.start(), para)
        lo, hi = max(lo, w.start() - 400), min(hi, w.end() + 600)
        if "xxx" in masked[lo:hi] or clause_at >= hi:
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
