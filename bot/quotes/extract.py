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
from bot.quotes.speakers import (
    Phrase,
    Registry,
    name_before_colon,
    person_role_np,
    role_word,
    sentence_subject,
    subject_after,
    subject_before,
    tokens,
)

PARTIAL_MAX_WORDS = 5
# How far (in characters) a rule looks from a quote for its cue: bounds the work on
# pathological text (one endless "sentence") without touching real news prose.
_MAX_REACH = 500
_SALIENCE_CHARS = 250
_PARAS_BACK = 3
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|Jr|Sr|Prof|Rev"
    r"|Pres|Atty|No|Vol|Inc|Corp|Co|Ltd|vs|etc)|\b[A-Z]|(?:[A-Z]\.)+[A-Z])$"
)
# Scanning lower-case words and looking them up is far faster than one big alternation.
_LOWER_WORD = re.compile(r"(?<![\w’'\-])[a-z]+(?![\w’'\-])")
_EVENT_VERBS = SPEECH_VERBS | INDIRECT_VERBS
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
_PARTICIPLES = frozenset(
    [
        "saying",
        "adding",
        "telling",
        "noting",
        "writing",
        "explaining",
        "arguing",
        "warning",
        "declaring",
        "insisting",
        "asking",
        "tweeting",
        "responding",
        "replying",
        "remarking",
        "quipping",
        "joking",
        "stating",
        "concluding",
        "continuing",
        "recalling",
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
    "colon": 0.75,
    "subject": 0.6,
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
        self.roles: dict[str, str] = {}  # canonical person -> the first role given them
        self.events = self._speech_events()
        self.last_other: tuple[int, str, str] | None = None  # (start, name, kind)

    def _speech_events(self) -> list[tuple[int, str]]:
        """(position, canonical name) of each person seen saying something outside quotes
        ("Viguerie argues", "Smith noted that"): the antecedents "he"/"she" may take."""
        out = []
        for m in _LOWER_WORD.finditer(self.masked):
            if m.group() not in _EVENT_VERBS:
                continue
            ph = subject_before(self.masked, max(0, m.start() - 120), m.start())
            if ph is None:
                continue
            if ph.kind == "person":
                name = self.registry.canonical(ph.name, ph.start)
                out.append((ph.start, name))
                if ph.role:
                    self.roles.setdefault(name, ph.role)
        return out

    def last_speaker(self, pos: int) -> tuple[int, str] | None:
        k = bisect.bisect_left(self.events, (pos, ""))
        ev = self.events[k - 1] if k > 0 else None
        last = self.last_person
        if last is not None and last[0] >= pos:
            last = None
        if last is None or (ev is not None and ev[0] > last[0] and ev[0] < pos):
            return ev
        return last

    def sentence_of(self, pos: int, para: int) -> tuple[int, int]:
        lo, hi = self.paras[para]
        k = bisect.bisect_right(self.ends, pos)
        s = self.ends[k - 1] if k > 0 else 0
        e = self.ends[k] if k < len(self.ends) else len(self.text)
        return max(lo, s), min(hi, e)


# Verbs that report speech only with their particle: "shot back", "went on".
_PHRASAL = {
    "shot": "back",
    "fired": "back",
    "hit": "back",
    "pushed": "back",
    "went": "on",
    "goes": "on",
    "chimed": "in",
    "weighed": "in",
}


def _phrasal_cue(toks: list, k: int) -> bool:
    particle = _PHRASAL.get(toks[k].text)
    if particle is None or k + 1 >= len(toks) or toks[k + 1].low != particle:
        return False
    # "went on," yes; "goes on recess" no.
    return (
        k + 2 >= len(toks)
        or not toks[k + 2].text[:1].isalnum()
        or toks[k + 2].low in {"at", "with"}
    )


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
    if first.text in {"read", "reads"}:
        # "…," reads a Wednesday editorial in the Register: documents only.
        ph = subject_after(text, first.end, hi)
        if ph is not None and ph.kind == "document":
            return _Found(ph, "said_speaker", first.text)
    # "…," according to CNN.
    if first.low == "according" and len(words) > 1 and words[1].low == "to":
        ph = subject_after(text, words[1].end, hi)
        if ph is not None:
            return _Found(ph, "according_to", "according to")
    # "…," Putin said. — the cue must come within a short subject's reach.
    for k, t in enumerate(toks[:32]):
        if t.text in SPEECH_VERBS or _phrasal_cue(toks, k):
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
    words_after = 0
    for k in range(n - 1, -1, -1):
        t = toks[k]
        after = k + 1 < n
        if k + 1 < n and toks[k + 1].text[:1].isalnum():
            words_after += 1
        if not framing:
            if words_after > 9:
                return None
            if (
                t.text not in SPEECH_VERBS
                and not _phrasal_cue(toks, k)
                and not (t.text in _PARTICIPLES and k > 0 and toks[k - 1].text == ",")
            ):
                continue
            tail = text[t.end : hi].rstrip()
            if after and not (
                tail.endswith((":", ",", "—", "–", "-")) or tail.endswith(" that") or not tail
            ):
                continue
        elif t.text not in FRAMING_VERBS or not _finite(t.low):
            continue
        if not verb_ok(toks, k):
            continue
        if framing and t.low.endswith("ing"):
            # "…, calling it "…"": the subject is the main clause's.
            if k > 0 and toks[k - 1].text == "," and t.low in _PARTICIPLES | FRAMING_VERBS:
                ph = sentence_subject(text, lo, t.start, ctx.registry.by_last.keys())
                if ph is not None:
                    return _Found(ph, "framing", t.text)
            continue
        if not framing and t.low in _PARTICIPLES and k > 0 and toks[k - 1].text == ",":
            # "…, Spicer said Tuesday, adding, "…"": the subject of the cue just before.
            for v in range(k - 2, max(-1, k - 5), -1):
                if toks[v].text in SPEECH_VERBS and verb_ok(toks, v):
                    ph = subject_before(text, lo, toks[v].start)
                    if ph is not None:
                        return _Found(ph, "before_quote", t.text)
                    break
                if not toks[v].text[:1].isalnum():
                    break
            # "Trump returned the compliment, telling Reuters, "…"": the clause's subject.
            ph = sentence_subject(text, lo, t.start, ctx.registry.by_last.keys())
            if ph is not None:
                return _Found(ph, "before_quote", t.text)
            continue
        ph = subject_before(text, lo, t.start)
        if ph is None and k > 0 and toks[k - 1].low in {"and", "but", "then", "also"}:
            # Carson did not name them, but told his supporters, "…"
            ph = sentence_subject(text, lo, t.start, ctx.registry.by_last.keys())
        if (
            ph is None
            and not framing
            and t.text in INVERTED_VERBS
            and k > 0
            and toks[k - 1].text == ","
        ):
            # Because of the schedule, explained Rosenberg, "…"
            after = subject_after(text, t.end, hi)
            if after is not None and text[after.end : hi].strip() in {",", ":"}:
                return _Found(after, "before_quote", t.text)
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


def _lead_cue(ctx: Context, lo: int, hi: int) -> _Found | None:
    """A sentence that opens with its cue and runs into the quote: "According to the
    newspaper, "…"" / "Said Dorothy Poynter, who grew up with him, "…""."""
    text = ctx.masked
    if not text[lo:hi].rstrip().endswith((",", ":")):
        return None
    toks = [t for t in tokens(text, lo, hi) if t.low not in {"and", "but", "so"}]
    if len(toks) < 3:
        return None
    if toks[0].low == "according" and toks[1].low == "to":
        ph = subject_after(text, toks[1].end, hi)
        if ph is not None and text[ph.end : hi].strip() in {",", ":"}:
            return _Found(ph, "according_to", "according to")
        return None
    if toks[0].text == "Said":
        ph = subject_after(text, toks[0].end, hi)
        if ph is not None and ph.kind in {"person", "org"} and text[ph.end : ph.end + 1] == ",":
            return _Found(ph, "said_speaker", "said")
    return None


def resolve(ctx: Context, ph: Phrase, para: int) -> tuple[str | None, str | None, float]:
    """Canonical speaker, role and a confidence factor for a phrase at the cue; a person
    named without a role (or by pronoun) keeps the role the article gave them."""
    speaker, role, factor = _resolve(ctx, ph, para)
    if speaker is not None and ph.kind in {"person", "pronoun"}:
        if role:
            ctx.roles.setdefault(speaker, role)
        else:
            role = ctx.roles.get(speaker)
    return speaker, role, factor


def _resolve(ctx: Context, ph: Phrase, para: int) -> tuple[str | None, str | None, float]:
    low = ph.name.lower()
    window_lo = ctx.paras[max(0, para - 1)][0]
    if ph.kind == "pronoun":
        if low in {"he", "she"}:
            last = ctx.last_speaker(ph.start)
            if last is not None and last[0] >= ctx.paras[max(0, para - _PARAS_BACK)][0]:
                # The latest named speaker, unless someone else has been named since as the
                # subject of a sentence. Only names in the last stretch of text compete
                # (salience fades fast).
                near = max(last[0], ph.start - _SALIENCE_CHARS)
                others = {
                    c
                    for s, c in ctx.registry.persons_between(near, ph.start)
                    if _opens_sentence(ctx.masked, s)
                }
                others.discard(last[1])
                if not others:
                    return last[1], None, 0.9
                people = ctx.registry.persons_between(near, ph.start)
                if people and people[-1][1] == last[1]:
                    return last[1], None, 0.75
                # A new sentence subject since the last speaker takes over ("Trump also
                # took swipes at Bush. "…" he wrote").
                openers = {c for s, c in people if c != last[1] and _opens_sentence(ctx.masked, s)}
                if len(openers) == 1 and others == openers:
                    return openers.pop(), None, 0.7
                return None, None, 0.0
            lo = max(window_lo, ph.start - 600)
            people = ctx.registry.persons_between(lo, ph.start) or (
                ctx.registry.persons_between(lo, ph.start, strong=False)
            )
            names = {c for _, c in people}
            if len(names) == 1:
                return names.pop(), None, 0.85
            # Several names but only one of them stands as a subject: the salient one.
            subjects = [(s, c) for s, c in people if _subject_position(ctx.masked, s)]
            if len({c for _, c in subjects}) == 1:
                s0, c0 = subjects[0]
                # ... unless it is one of a pair ("Marsh and Berg toured the valley").
                paired = any(c != c0 and s > s0 and _paired(ctx.masked[s0:s]) for s, c in people)
                if not paired:
                    return c0, None, 0.7
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
    elif ph.kind == "np" and person_role_np(ph.name):
        # "the senator said" … "he said": the role stands for a person a pronoun can take.
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


def _paired(between: str) -> bool:
    """The text from one name to the next joins them: "Marsh and ", "Marsh, "."""
    words = between.split()
    return (
        len(words) <= 5
        and bool(words)
        and (words[-1] in {"and", "&", "or"} or between.rstrip().endswith(","))
    )


def _opens_sentence(masked: str, pos: int) -> bool:
    before = masked[max(0, pos - 3) : pos].rstrip(" \t")
    return not before or before[-1] in '.!?\n”"'


def _opens_clause(masked: str, pos: int) -> bool:
    """The word at ``pos`` starts a sentence or clause (where subjects stand)."""
    before = masked[max(0, pos - 3) : pos].rstrip(" \t")
    return not before or before[-1] in '.!?\n”";:,'


def _subject_position(masked: str, pos: int) -> bool:
    """The name at ``pos`` opens a clause, perhaps after its role ("Democratic front-runner
    Hillary Clinton stretched …", "the network's news anchor Ana Ruiz reacted")."""
    if _opens_clause(masked, pos):
        return True
    lo = max(0, pos - 80)
    head = masked[lo:pos]
    cut = max(head.rfind(c) for c in '.!?\n;:,”"')
    if cut < 0 and lo > 0:
        return False
    words = head[cut + 1 :].split()
    return 0 < len(words) <= 5 and all(role_word(w) for w in words)


def _embedded(ctx: Context, lo: int, hi: int) -> bool:
    head = ctx.masked[lo:hi].rstrip()
    return bool(head) and head[-1].isalpha() and "x" * 3 not in head


_IRREGULAR_PAST = frozenset(
    ["said", "told", "wrote", "read", "began", "put", "thought", "sang", "spoke"]
)


def _finite(verb: str) -> bool:
    """Past or third-person forms ("praised", "calls"): a base form after "will"/"to" is
    not a report of something said."""
    return verb.endswith(("ed", "s", "ing")) or verb in _IRREGULAR_PAST


def _colon_before(ctx: Context, lo: int, hi: int) -> bool:
    return ctx.masked[lo:hi].rstrip().endswith(":")


def _cue_leads(ctx: Context, lo: int, hi: int, found: _Found) -> bool:
    """The cue verb of ``found`` is among the first four words after the quote."""
    if found.rule not in {"after_quote", "said_speaker"} or found.cue is None:
        return False
    words = _WORD.findall(ctx.masked[lo:hi])[:4]
    return found.cue in words


def _split_gap(ctx: Context, prev: Span, sp: Span) -> bool:
    """Only a comma-delimited cue stands between two quotes of one sentence."""
    if prev.close_at is None or prev.para != sp.para:
        return False
    gap = ctx.masked[prev.close_at + 1 : sp.open_at]
    return (
        0 < len(gap) < 120
        and gap.rstrip().endswith(",")
        and _SENT_END.search(gap) is None
        and ctx.text[prev.end - 1 : prev.end] in {",", "—", "-"}
    )


def _cue_gap(ctx: Context, prev: Span, q: Quote, sp: Span) -> bool:
    """Nothing but the cue that attributed the previous quote of the paragraph stands
    between it and this one ("…," X said on Monday. "…")."""
    if (
        q.speaker is None
        or q.mention is None
        or q.rule not in {"after_quote", "said_speaker"}
        or prev.close_at is None
        or prev.para != sp.para
        or q.partial
    ):
        return False
    gap_lo, gap_hi = prev.close_at + 1, sp.open_at
    if not (gap_lo <= q.mention.start and q.mention.end <= gap_hi) or gap_hi - gap_lo > 200:
        return False
    gap = ctx.masked[gap_lo:gap_hi].rstrip()
    if not gap.endswith((".", ",", ":")) or "xxx" in gap:
        return False
    # A second cue after the mention introduces someone else ("Yet another said, …").
    cues = sum(1 for m in _LOWER_WORD.finditer(gap) if m.group() in SPEECH_VERBS)
    return cues <= 1


def _bare_head(ctx: Context, lo: int, hi: int) -> bool:
    """Nothing but a connective before the quote in its sentence ("And, "…"")."""
    words = _WORD.findall(ctx.masked[lo:hi])
    return len(words) <= 1 and all(w.lower() in {"and", "but", "so", "also"} for w in words)


def _ends_with_quote_sentence(ctx: Context, para: int, q: Quote) -> bool:
    """The paragraph's last sentence holds ``q`` (the speaker is still "on the floor")."""
    _, hi = ctx.paras[para]
    s_lo, _ = ctx.sentence_of(max(ctx.paras[para][0], hi - 1), para)
    return q.end >= s_lo or q.start >= s_lo


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
        head_lo = max(s_lo, sp.open_at - _MAX_REACH)
        found: _Found | None = None
        later: _Found | None = None  # a cue in the sentence after the quote
        next_open = ctx.spans[idx + 1].open_at if idx + 1 < len(ctx.spans) else len(text)
        if sp.close_at is not None:
            t_lo = sp.close_at + 1
            _, t_end = ctx.sentence_of(t_lo, sp.para)
            t_hi = min(t_end, para_hi, next_open, t_lo + _MAX_REACH)
            colon_next = t_hi == next_open and _colon_before(ctx, t_lo, t_hi)
            if t_lo < t_hi:
                tail = _tail_cue(ctx, t_lo, t_hi)
                if colon_next and tail is not None and not _cue_leads(ctx, t_lo, t_hi, tail):
                    # A cue ending in a colon introduces the next quote, not this one,
                    # unless it opens the tail ("…," said Skelly, explaining …: "…").
                    tail = None
                ends_sentence = text[sp.end - 1 : sp.end] == "."
                if tail is not None and ends_sentence and tail.rule == "after_quote":
                    # "…." Marta Ruiz said. — the cue sits in a short sentence of its own.
                    short = word_count(text[t_lo:t_hi]) <= 10
                    if tail.rule == "after_quote" and short and t_hi == para_hi:
                        later = _Found(tail.phrase, "next_sentence", tail.cue)
                else:
                    found = tail
        if head_lo < sp.open_at and (found is None or _colon_before(ctx, head_lo, sp.open_at)):
            # Putin said: "…" — a colon ties the cue to this quote even if a cue follows it.
            head = _head_cue(ctx, head_lo, sp.open_at, framing=False)
            found = head or found
        if found is None and head_lo < sp.open_at:
            found = _lead_cue(ctx, head_lo, sp.open_at)
        if found is None:
            found = later
        if found is None and head_lo < sp.open_at:
            found = _head_cue(ctx, head_lo, sp.open_at, framing=True)
        if found is None and head_lo < sp.open_at and _embedded(ctx, head_lo, sp.open_at):
            # Moore thanked him for "…": words woven into a sentence about a named person.
            ph = sentence_subject(ctx.masked, head_lo, sp.open_at, ctx.registry.by_last.keys())
            if ph is not None:
                found = _Found(ph, "subject", None)
        if found is None and ctx.masked[head_lo : sp.open_at].rstrip().endswith(":"):
            # Bush: "…" / McConnell delivered a blunt message: "…"
            colon = ctx.masked.rindex(":", head_lo, sp.open_at)
            ph = name_before_colon(ctx.masked, head_lo, colon) or sentence_subject(
                ctx.masked, head_lo, sp.open_at, ctx.registry.by_last.keys()
            )
            if ph is not None:
                found = _Found(ph, "colon", None)
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
            elif sp.para in last_in_para and _bare_head(ctx, head_lo, sp.open_at):
                inherit, rule = last_in_para[sp.para], "same_paragraph"
            elif idx > 0 and out[-1].speaker and _split_gap(ctx, ctx.spans[idx - 1], sp):
                # "She is too far behind," said an Iowa Democrat, "and Iowa was not …"
                inherit, rule = out[-1], "split"
            elif idx > 0 and _cue_gap(ctx, ctx.spans[idx - 1], out[-1], sp):
                # "…," said Sen. Ann Lee, R-Ore. "…": only the last quote's cue between.
                inherit, rule = out[-1], "same_paragraph"
            elif (
                last_attributed is not None
                and head_lo == para_lo
                and sp.para > 0
                and last_attributed.start >= ctx.paras[sp.para - 1][0]
                and _only_quotes(ctx, sp.para)
                and _ends_with_quote_sentence(ctx, sp.para - 1, last_attributed)
            ):
                inherit, rule = last_attributed, "next_paragraph"
            if inherit is None and head_lo == para_lo and sp.para > 0:
                plo, phi = ctx.paras[sp.para - 1]
                prev = ctx.text[plo:phi].rstrip()
                if prev.endswith(":"):
                    p_lo = max(ctx.sentence_of(phi - 1, sp.para - 1)[0], phi - _MAX_REACH)
                    f = _head_cue(ctx, p_lo, phi, False)
                    if f is None:
                        subj = sentence_subject(ctx.masked, p_lo, phi, ctx.registry.by_last.keys())
                        f = _Found(subj, "colon_paragraph", None) if subj else None
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
