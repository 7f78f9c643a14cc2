"""Direct quotes and who said them: the attribution rules, applied quote by quote in order.

For each quotation the rules are tried from the most to the least reliable, and the first
that finds a speaker wins (its name goes in ``Quote.rule``):

``after_quote``      "…," Putin said. / "…," the joint statement said.
``said_speaker``     "…," said Putin.
``according_to``     "…," according to the report.
``before_quote``     Putin said: "…" / He told reporters, "…"
``split``            "…," he said, "…" (the second half)
``framing``          Putin praised "unprecedented" ties / what it called "…"
``next_sentence``    "…." Putin said on Friday.
``same_paragraph``   a second quote in a paragraph whose earlier quote is attributed
``continued``        a paragraph that carries on an unclosed quote
``colon_paragraph``  a quote paragraph after one that ends "Putin said:"
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from bot.models import Mention, Quote
from bot.quotes.cues import (
    DETERMINERS,
    FRAMING_VERBS,
    INDIRECT_VERBS,
    INVERTED_VERBS,
    PASSIVE_AUX,
    SPEECH_VERBS,
)
from bot.quotes.marks import Span, find_spans, mask, paragraphs
from bot.quotes.speakers import Phrase, Registry, subject_after, subject_before, tokens

PARTIAL_MAX_WORDS = 5
_SALIENCE_CHARS = 250
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|Jr|Sr|Prof|Rev"
    r"|Pres|Atty|No|Vol|Inc|Corp|Co|Ltd|vs|etc)|\b[A-Z]|(?:[A-Z]\.)+[A-Z])$"
)
_SPEECH_RE = re.compile(
    r"\b(?:{})\b".format("|".join(sorted(SPEECH_VERBS | INDIRECT_VERBS, key=len, reverse=True)))
)
# Words that show the text after a quote has moved on to a new clause of the writer's own.
_NOT_LEAD = frozenset(
    [
        "that",
        "which",
        "who",
        "when",
        "if",
        "because",
        "as",
        "while",
        "although",
        "though",
        "since",
        "so",
        "than",
        "where",
        "whether",
        "not",
        "to",
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
    ]
)
_TAIL_RULES = {"after_quote", "said_speaker", "according_to", "before_quote", "split"}
_SENT_END = re.compile(r"[.!?]+[\"”’)]*(?=\s+(?:[\"“‘(]?[A-Z0-9]|[\"“]x))")

RULE_CONFIDENCE = {
    "after_quote": 0.95,
    "said_speaker": 0.95,
    "according_to": 0.85,
    "before_quote": 0.9,
    "split": 0.9,
    "framing": 0.7,
    "next_sentence": 0.75,
    "same_paragraph": 0.8,
    "continued": 0.85,
    "colon_paragraph": 0.8,
    "next_paragraph": 0.7,
}
KIND_FACTOR = {"person": 1.0, "org": 0.95, "document": 0.95, "group": 0.8, "np": 0.8}


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def sentence_bounds(masked: str) -> list[int]:
    """Offsets where sentences end (outside quotations), sorted."""
    ends = []
    for m in _SENT_END.finditer(masked):
        before = masked[max(0, m.start() - 12) : m.start()]
        if masked[m.start()] == "." and _ABBREV_END.search(before):
            continue
        ends.append(m.end())
    return ends


@dataclass(slots=True)
class _Found:
    phrase: Phrase
    rule: str
    cue: str | None


class Context:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = find_spans(text)
        self.masked = mask(text, self.spans)
        self.paras = paragraphs(text)
        self.ends = sentence_bounds(self.masked)
        self.registry = Registry(text, self.masked)
        self.last_person: tuple[int, str] | None = None  # (mention start, canonical)
        self.events = self._speech_events()
        self.last_other: tuple[int, str, str] | None = None  # (start, name, kind)

    def _speech_events(self) -> list[tuple[int, str]]:
        """(position, canonical name) of each person seen saying something outside quotes
        ("Viguerie argues", "Smith noted that"): the antecedents "he"/"she" may take."""
        out = []
        for m in _SPEECH_RE.finditer(self.masked):
            ph = subject_before(self.masked, max(0, m.start() - 120), m.start())
            if ph is not None and ph.kind == "person":
                out.append((ph.start, self.registry.canonical(ph.name, ph.start)))
        return out

    def last_speaker(self, pos: int) -> tuple[int, str] | None:
        k = bisect.bisect_left(self.events, (pos, ""))
        ev = self.events[k - 1] if k > 0 else None
        last = self.last_person
        if last is None or (ev is not None and ev[0] > last[0] and ev[0] < pos):
            return ev
        return last

    def sentence_of(self, pos: int, para: int) -> tuple[int, int]:
        lo, hi = self.paras[para]
        k = bisect.bisect_right(self.ends, pos)
        s = self.ends[k - 1] if k > 0 else 0
        e = self.ends[k] if k < len(self.ends) else len(self.text)
        return max(lo, s), min(hi, e)


def verb_ok(toks: list, k: int) -> bool:
    """A lower-case cue verb not made passive or nominal by the word before it."""
    return not (k > 0 and toks[k - 1].low in PASSIVE_AUX)


def _tail_cue(ctx: Context, lo: int, hi: int) -> _Found | None:
    text = ctx.masked
    toks = tokens(text, lo, hi)
    words = [t for t in toks if t.text[:1].isalnum()]
    if not words:
        return None
    first = words[0]
    # "…," said Putin.
    if first.text in INVERTED_VERBS:
        ph = subject_after(text, first.end, hi)
        if ph is not None:
            return _Found(ph, "said_speaker", first.text)
    # "…," according to CNN.
    if first.low == "according" and len(words) > 1 and words[1].low == "to":
        ph = subject_after(text, words[1].end, hi)
        if ph is not None:
            return _Found(ph, "according_to", "according to")
    # "…," Putin said. — the cue must come within a short subject's reach.
    for k, t in enumerate(toks[:32]):
        if t.text in SPEECH_VERBS:
            if not verb_ok(toks, k):
                return None
            ph = subject_before(text, lo, t.start)
            if ph is None:
                return None
            lead = [
                w
                for w in toks
                if w.end <= ph.start and w.text[:1].isalnum() and not w.text[:1].isupper()
            ]
            if len(lead) > 3 or any(w.low in _NOT_LEAD for w in lead):
                return None
            return _Found(ph, "after_quote", t.text)
        if t.text in {".", ";", "?", "!"} or (t.text[:1] == "x" and len(t.text) > 3):
            return None
    return None


def _head_cue(ctx: Context, lo: int, hi: int, framing: bool) -> _Found | None:
    text = ctx.masked
    toks = tokens(text, lo, hi)
    n = len(toks)
    for k in range(n - 1, -1, -1):
        t = toks[k]
        after = toks[k + 1 :]
        if not framing:
            if len([a for a in after if a.text[:1].isalnum()]) > 9:
                return None
            if t.text not in SPEECH_VERBS:
                continue
            tail = text[t.end : hi].rstrip()
            if after and not (
                tail.endswith((":", ",", "—", "–", "-")) or tail.endswith(" that") or not tail
            ):
                continue
        elif t.text not in FRAMING_VERBS:
            continue
        if not verb_ok(toks, k):
            continue
        if framing and k > 0 and toks[k - 1].text == "," and t.low.endswith("ing"):
            continue  # "…, calling it "…"": the subject is the main clause's
        ph = subject_before(text, lo, t.start)
        if ph is None:
            if framing:
                continue
            return None
        before = text[lo : ph.start]
        rule = "framing" if framing else "before_quote"
        if not framing and re.search(r"x{3}", before):
            rule = "split"
        return _Found(ph, rule, t.text)
    return None


def resolve(ctx: Context, ph: Phrase, para: int) -> tuple[str | None, str | None, float]:
    """Canonical speaker, role and a confidence factor for a phrase at the cue."""
    low = ph.name.lower()
    window_lo = ctx.paras[max(0, para - 1)][0]
    if ph.kind == "pronoun":
        if low in {"he", "she"}:
            last = ctx.last_speaker(ph.start)
            if last is not None and last[0] >= window_lo:
                # The latest named speaker, unless someone else has been named since.
                # Only names in the last stretch of text compete (salience fades fast).
                near = max(last[0], ph.start - _SALIENCE_CHARS)
                others = {c for _, c in ctx.registry.persons_between(near, ph.start)}
                others.discard(last[1])
                if not others:
                    return last[1], None, 0.9
                people = ctx.registry.persons_between(near, ph.start)
                if people and people[-1][1] == last[1]:
                    return last[1], None, 0.75
                return None, None, 0.0
            people = ctx.registry.persons_between(max(window_lo, ph.start - 600), ph.start)
            names = {c for _, c in people}
            if len(names) == 1:
                return names.pop(), None, 0.85
            return None, None, 0.0
        if low == "it":
            doc = ctx.registry.last_document(window_lo, ph.start)
            other = ctx.last_other
            if (
                other is not None
                and other[0] >= window_lo
                and (doc is None or other[0] > doc.start)
            ):
                return other[1], None, 0.8
            if doc is not None:
                return doc.name, None, 0.85
            return None, None, 0.0
        if low == "they":
            other = ctx.last_other
            if other is not None and other[0] >= window_lo and other[2] in {"group", "org"}:
                return other[1], None, 0.7
        return None, None, 0.0
    if ph.kind == "person":
        name = ctx.registry.canonical(ph.name, ph.start)
        return name, ph.role, KIND_FACTOR["person"]
    name = ph.name
    if ph.kind == "org" and name.lower().startswith("the "):
        name = name[4:]
    elif name[:1].isupper() and name.split()[0].lower() in DETERMINERS:
        name = name[0].lower() + name[1:]
    return name, ph.role, KIND_FACTOR.get(ph.kind, 0.8)


def note(ctx: Context, ph: Phrase, speaker: str | None) -> None:
    if speaker is None:
        return
    if ph.kind == "person" or (ph.kind == "pronoun" and ph.name.lower() in {"he", "she"}):
        ctx.last_person = (ph.start, speaker)
    elif ph.kind in {"org", "document", "group"}:
        ctx.last_other = (ph.start, speaker, ph.kind)


def _is_partial(ctx: Context, sp: Span, head_lo: int, found: _Found | None) -> bool:
    inner = ctx.text[sp.start : sp.end]
    if word_count(inner) <= PARTIAL_MAX_WORDS:
        return True
    if found is not None and found.rule in {"after_quote", "said_speaker", "according_to"}:
        return False
    head = ctx.text[head_lo : sp.open_at].rstrip()
    if not head or head.endswith((":", ",", "—", "–", "(", ";")):
        return False
    # Woven into the writer's own sentence: "… calling such exchanges "to a certain extent"".
    return inner[:1].islower() or head[-1:].isalnum()


def _only_quotes(ctx: Context, para: int) -> bool:
    """A paragraph with nothing outside its quotation marks but punctuation."""
    lo, hi = ctx.paras[para]
    return re.fullmatch(r"[\sx\"“”.,?!—–-]*", ctx.masked[lo:hi]) is not None


def find_direct(text: str, ctx: Context | None = None) -> list[Quote]:
    """Direct quotations with their speakers, in order."""
    ctx = ctx or Context(text)
    out: list[Quote] = []
    last_in_para: dict[int, Quote] = {}
    last_attributed: Quote | None = None
    for idx, sp in enumerate(ctx.spans):
        para_lo, para_hi = ctx.paras[sp.para]
        s_lo, _s_hi = ctx.sentence_of(sp.open_at, sp.para)
        head_lo = s_lo
        found: _Found | None = None
        next_open = ctx.spans[idx + 1].open_at if idx + 1 < len(ctx.spans) else len(text)
        if sp.close_at is not None:
            t_lo = sp.close_at + 1
            _, t_end = ctx.sentence_of(t_lo, sp.para)
            t_hi = min(t_end, para_hi, next_open)
            if t_lo < t_hi:
                found = _tail_cue(ctx, t_lo, t_hi)
                ends_sentence = text[sp.end - 1 : sp.end] in {".", "?", "!"}
                if found is not None and ends_sentence and found.rule == "after_quote":
                    # "…." Marta Ruiz said. — the cue sits in a sentence of its own.
                    found = _Found(found.phrase, "next_sentence", found.cue)
        if found is None and head_lo < sp.open_at:
            found = _head_cue(ctx, head_lo, sp.open_at, framing=False)
        if found is None and head_lo < sp.open_at:
            found = _head_cue(ctx, head_lo, sp.open_at, framing=True)
        if (
            found is None
            and sp.close_at is not None
            and ctx.text[sp.end - 1 : sp.end] in {".", "?", "!"}
        ):
            n_lo = sp.close_at + 1
            n_lo2, n_hi = ctx.sentence_of(n_lo + 1, sp.para)
            if n_lo2 >= n_lo and n_hi - n_lo < 120 and n_hi <= next_open:
                nf = _tail_cue(ctx, n_lo, n_hi)
                if nf is not None and nf.rule == "after_quote":
                    found = _Found(nf.phrase, "next_sentence", nf.cue)
        speaker = role = None
        conf = 0.0
        mention: Mention | None = None
        rule = None
        cue = None
        if found is not None:
            speaker, role, factor = resolve(ctx, found.phrase, sp.para)
            ph = found.phrase
            mention = Mention(text[ph.start : ph.end], ph.start, ph.end)
            rule, cue = found.rule, found.cue
            conf = RULE_CONFIDENCE[rule] * factor if speaker else 0.3
            note(ctx, ph, speaker)
        else:
            inherit: Quote | None = None
            if sp.continues and idx > 0:
                inherit, rule = out[-1], "continued"
            elif sp.para in last_in_para:
                inherit, rule = last_in_para[sp.para], "same_paragraph"
            elif (
                last_attributed is not None
                and head_lo == para_lo
                and sp.para > 0
                and last_attributed.start >= ctx.paras[sp.para - 1][0]
                and _only_quotes(ctx, sp.para)
            ):
                inherit, rule = last_attributed, "next_paragraph"
            if inherit is None and head_lo == para_lo and sp.para > 0:
                plo, phi = ctx.paras[sp.para - 1]
                prev = ctx.text[plo:phi].rstrip()
                if prev.endswith(":"):
                    f = _head_cue(ctx, ctx.sentence_of(phi - 1, sp.para - 1)[0], phi, False)
                    if f is not None:
                        speaker, role, factor = resolve(ctx, f.phrase, sp.para - 1)
                        ph = f.phrase
                        mention = Mention(text[ph.start : ph.end], ph.start, ph.end)
                        rule, cue = "colon_paragraph", f.cue
                        conf = RULE_CONFIDENCE[rule] * factor if speaker else 0.3
            if inherit is not None and inherit.speaker is not None:
                speaker, role, mention, cue = (
                    inherit.speaker,
                    inherit.role,
                    inherit.mention,
                    inherit.cue,
                )
                conf = min(inherit.confidence, RULE_CONFIDENCE[rule or "same_paragraph"])
            elif inherit is not None:
                rule = None
        q = Quote(
            text=text[sp.start : sp.end],
            start=sp.start,
            end=sp.end,
            speaker=speaker,
            mention=mention,
            confidence=round(conf, 3),
            partial=_is_partial(ctx, sp, head_lo, found),
            kind="direct",
            role=role,
            cue=cue,
            rule=rule,
        )
        out.append(q)
        if q.speaker and (not q.partial or q.rule in _TAIL_RULES):
            last_in_para[sp.para] = q
        if q.speaker:
            last_attributed = q
    return out
