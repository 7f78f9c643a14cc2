"""Direct quotes and who said them: an ordered list of attribution rules, tried quote by quote.

For each quotation the rules in ``RULES`` are tried in this order and the first that answers
wins (its name goes in ``Quote.rule``, its confidence scales the speaker's). Four rules have
two forms tried at different points; ``RULE_CONFIDENCE`` is read off the same list. After
the rules, a quotation printed twice (a pull quote) takes the speaker of its attributed copy
(rule "repeated").

``before_quote``     0.9   Putin said: "…" / He told reporters, "…" (a colon beats a tail cue)
``split``            0.9   "…," he said, "…" (the second half: its cue sits between the two)
``after_quote``      0.95  "…," Putin said. / "…," the joint statement said.
``said_speaker``     0.95  "…," said Putin.
``according_to``     0.85  "…," according to the report.
``according_to``     0.85  According to the newspaper, "…"
``said_speaker``     0.95  Said Dorothy Poynter, who grew up with him, "…"
``next_sentence``    0.75  "…." Putin said on Friday. (a short sentence of its own)
``end_cue``          0.75  "…" that it will pass, said Omar Haddad. (the sentence ends on its cue)
``according_to``     0.85  "…," in Bolton's view. / In Forbes' words, "…"
``as_source``        0.8   "…," as Cruz said on Monday. / As the Herald reported, "…"
``participle_clause`` 0.7  Calling it "…," Mayor Rocha endorsed him (the main clause's subject)
``framing``          0.7   Putin praised "unprecedented" ties / what it called "…"
``subject``          0.6   Moore thanked him for "…" (the subject of the sentence)
``colon``            0.75  Bush: "…" / McConnell delivered a blunt message: "…"
``comma_subject``    0.6   Lee shared her doubts with donors, "I do not know …" (the subject)
``dash_inside``      0.9   «Vamos a ganar —dijo Ortega— y lo haremos» (the cue inside, in dashes)
``continued``        0.85  a paragraph that carries on an unclosed quote
``same_paragraph``   0.8   "And, "…"": a second quote in a paragraph whose earlier one is attributed
``split``            0.9   "…," said an Iowa Democrat, "…" (only the cue between the two halves)
``same_paragraph``   0.8   "…," said Sen. Ann Lee, R-Ore. "…" (only the last quote's cue between)
``same_paragraph``   0.8   "…," said Ann Lee at the time, adding that "…" (cue, then a participle)
``cue_sentence``     0.75  Phil Musser agreed. "…" (the sentence before is only a speaker and cue)
``next_paragraph``   0.7   a paragraph of nothing but quotation after the speaker's last sentence
``colon_paragraph``  0.8   a quote paragraph after one that ends "Putin said:"
``prior_sentence``  0.7   Carter said it would not happen. "…" (the sentence before, about a
                          named person saying something; no cue anywhere near the quote)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.models import Mention, Quote, count_words
from bot.quotes.marks import Span, find_spans, mask, paragraphs
from bot.quotes.pack import cue_gender, lang, name_gender
from bot.quotes.speakers import (
    Phrase,
    Registry,
    Tok,
    name_before_colon,
    person_role_np,
    possessive_source,
    role_word,
    sentence_subject,
    subject_after,
    subject_before,
    tokens,
)

PARTIAL_MAX_WORDS = 5
# A cue set off by dashes inside a quotation (Spanish «… —dijo Ortega— …»).
_INNER_CUE = re.compile(r"[—–]\s*(\w+)")
_DASHES = re.compile(r"[—–]")
_ELIDED = re.compile(r"^\w{1,3}['’]")
# A document named after a source: up to six words before the clause or sentence ends.
_DOCUMENT_NP = re.compile(r"\s+(\w[\w\-]*(?:\s+[\w\-«»„“”\"]+){0,5}?)\s*(?=[,.;:!?]|$)")
# One to four lower-case words (an office, a group) standing alone as a source.
_SOURCE_NP = re.compile(r"\s+([^\W\d][\w\-]*(?:\s+[^\W\d][\w\-]*){0,3})")
# How far (in characters) a rule looks from a quote for its cue: bounds the work on
# pathological text (one endless "sentence") without touching real news prose.
_MAX_REACH = 500
_SALIENCE_CHARS = 250
_PARAS_BACK = 3
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_STOPS = (".", "!", "?", "。", "！", "？")
# Rules that give a quote the speaker of the one before it in the paragraph.
_CARRIED = frozenset({"same_paragraph"})
_TAIL_RULES = {"after_quote", "said_speaker", "according_to", "before_quote", "split"}

KIND_FACTOR = {"person": 1.0, "org": 0.95, "document": 0.95, "group": 0.8, "np": 0.8}


def sentence_bounds(masked: str) -> list[int]:
    """Offsets where sentences end (outside quotations), sorted."""
    ends = []
    L = lang()
    for m in L.sent_end.finditer(masked):
        before = masked[max(0, m.start() - 12) : m.start()]
        if masked[m.start()] == "." and L.abbrev_end.search(before):
            continue
        ends.append(m.end())
    return ends


@dataclass(slots=True)
class _Found:
    """A speaker phrase a cue rule found (``para``: the paragraph it stands in when that is
    not the quote's own)."""

    phrase: Phrase
    rule: str
    cue: str | None
    para: int | None = None


class Context:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = find_spans(text)
        self.masked = mask(text, self.spans)
        self.paras = paragraphs(text)
        self.ends = sentence_bounds(self.masked)
        self.registry = Registry(text, self.masked)
        self.last_person: tuple[int, str] | None = None  # (mention start, canonical)
        # Every (mention start, canonical) the direct rules noted, in order: who was on the
        # floor at a given point once all quotes are attributed (reported speech reads it).
        self.quoted: list[tuple[int, str]] = []
        self.roles: dict[str, str] = {}  # canonical person -> the first role given them
        # (verb, start, end) of every speech or reporting verb outside quotes, in order: one
        # scan shared by the speech events and the reported-speech rule.
        self.verbs = [(m.group(), *m.span()) for m in lang().event_word.finditer(self.masked)]
        self.events = self._speech_events()
        self.last_other: tuple[int, str, str] | None = None  # (start, name, kind)

    def _speech_events(self) -> list[tuple[int, str]]:
        """(position, canonical name) of each person seen saying something outside quotes
        ("Viguerie argues", "Smith noted that"): the antecedents "he"/"she" may take."""
        out = []
        for _, start, _ in self.verbs:
            ph = subject_before(self.masked, max(0, start - 120), start)
            if ph is None:
                continue
            if ph.kind == "person":
                name = self.registry.canonical(ph.name, ph.start)
                if not self.registry.could_be_person(name):
                    continue
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


def _phrasal_cue(toks: list, k: int) -> bool:
    L = lang()
    particle = L.phrasal.get(toks[k].text)
    if particle is None or k + 1 >= len(toks) or toks[k + 1].low != particle:
        return False
    # "went on," yes; "goes on recess" no.
    return (
        k + 2 >= len(toks)
        or not toks[k + 2].text[:1].isalnum()
        or toks[k + 2].low in L.phrasal_after
    )


def verb_ok(toks: list, k: int) -> bool:
    """A lower-case cue verb not made passive or nominal by the word before it."""
    L = lang()
    return not (k > 0 and toks[k - 1].low in L.passive_aux)


def _tail_cue(ctx: Context, lo: int, hi: int) -> _Found | None:
    L = lang()
    text = ctx.masked
    toks = tokens(text, lo, hi)
    words = [t for t in toks if t.text[:1].isalnum()]
    if not words:
        return None
    if len(words) > 1 and words[0].low in L.reflexives:
        words = words[1:]  # « … », s'agace-t-il / «…», se quejó Ruiz
    first = words[0]
    # « … », estime-t-elle / a-t-il déclaré: the subject pronoun is glued to the verb.
    glued = _clitic_subject(first, words)
    if glued is not None:
        return _Found(glued, "said_speaker", first.text)
    if L.source_documents:
        # „…“, heißt es in der Mitteilung: the document, before "heißt es" is read as a cue.
        n = source_words(words)
        if n and tuple(w.low for w in words[:n]) in L.source_documents:
            ph = source_speaker(text, words, n, hi)
            if ph is not None:
                return _Found(ph, "according_to", " ".join(w.low for w in words[:n]))
    verb = first
    if first.low in L.tail_aux and len(words) > 1 and words[1].text in L.speech_verbs:
        verb = words[1]  # « … », a déclaré Sophie Marchand / ha detto il sindaco
    elif (
        (first.low in L.aux_adverbs or first.low in L.cue_openers)
        and len(words) > 1
        and words[1].text in L.inverted_verbs
    ):
        verb = words[1]  # «…», — коротко сказал Гусев / „…“ Das sagte Landrat Kurz.
    elif (
        L.role_holder
        and first.low in L.np_breaks
        and len(words) > 2
        and words[1].text.islower()
        and words[2].text in L.inverted_verbs
    ):
        verb = words[2]  # «…», — со смехом вспоминает актриса
    # "…," said Putin.
    if verb.text in L.inverted_verbs:
        ph = subject_after(text, verb.end, hi) or _known_surname(ctx, verb.end, hi)
        if ph is not None:
            return _Found(ph, "said_speaker", verb.text)
        nxt = text[verb.end : verb.end + 3].strip()[:1]
        if L.pro_drop and (nxt in {".", ",", ";", ""} or nxt.islower()):
            # «…», lamentó. / „…” – opowiada.: the verb's ending carries the subject.
            return _Found(
                Phrase(verb.text, verb.start, verb.end, "implicit"), "said_speaker", verb.text
            )
    if first.text in L.document_verbs:
        # "…," reads a Wednesday editorial in the Register: documents only.
        ph = subject_after(text, first.end, hi)
        if ph is not None and ph.kind == "document":
            return _Found(ph, "said_speaker", first.text)
    # "…," according to CNN. / « … », selon le maire.
    n = source_words(words)
    if n:
        ph = subject_after(text, words[n - 1].end, hi)
        if ph is not None:
            return _Found(ph, "according_to", " ".join(w.low for w in words[:n]))
    # "…," Putin said. — the cue must come within a short subject's reach.
    for k, t in enumerate(toks[:32]):
        if t.text in L.speech_verbs or (t.text in L.phrasal and _phrasal_cue(toks, k)):
            if k > 0 and toks[k - 1].low in L.role_stop:
                continue  # a noun after a preposition: "secretary of state for refugees"
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
            if len(lead) > 3 or any(w.low in L.not_lead for w in lead):
                return None
            return _Found(ph, "after_quote", t.text)
        if t.text in {".", ";", "?", "!"} or (t.text[:1] == "x" and len(t.text) > 3):
            return None
    return None


def _known_surname(ctx: Context, at: int, hi: int) -> Phrase | None:
    """A capitalised word right after the cue that the article gave as someone's surname,
    even when it is also a common word ("gab Freitag zu", "sagte Winter")."""
    m = _WORD.search(ctx.masked, at, min(hi, at + 60))
    if m is None or not m.group()[:1].isupper() or ctx.masked[at : m.start()].strip():
        return None
    if ctx.registry.full_name(m.group(), m.start()):
        return Phrase(m.group(), m.start(), m.end(), "person")
    return None


def source_words(words: list[Tok]) -> int:
    """How many of the first ``words`` name a source ("according to", "selon", "по
    словам"), or 0."""
    if not words:
        return 0
    L = lang()
    # Only the phrases that start with the first word can match (an empty phrase would
    # match anything: then every phrase is tried, in order).
    phrases = L.sources if () in L.sources else L.sources_by_first.get(words[0].low, ())
    for phrase in phrases:
        n = len(phrase)
        if len(words) > n and all(w.low == p for w, p in zip(words, phrase, strict=False)):
            return n
    return 0


def source_speaker(text: str, words: list[Tok], n: int, hi: int) -> Phrase | None:
    """Who the source phrase ``words[:n]`` names: the speaker after it ("по словам
    Петрова", "Jak twierdzi Sobczak"), the pronoun inside it ("по его словам", "jej
    zdaniem"), or, where verbs carry their subject, the verb itself ("Jak poinformował, …")."""
    L = lang()
    cue = tuple(w.low for w in words[:n])
    pronoun = L.source_pronouns.get(cue)
    if pronoun is not None:
        return Phrase(pronoun, words[0].start, words[n - 1].end, "pronoun")
    if cue in L.source_documents:
        # "…", heißt es in einer Mitteilung des Ministeriums: the document, a few words up
        # to the end of the sentence or clause.
        m = _DOCUMENT_NP.match(text, words[n - 1].end, hi)
        if m is None:
            return None
        return Phrase(m.group(1), m.start(1), m.end(1), "document")
    owned = _possessive_source(text, words, n, hi)
    if owned is not None:
        return owned
    ph = subject_after(text, words[n - 1].end, hi)
    if ph is not None:
        return ph
    last = words[n - 1]
    if L.pro_drop and last.low in L.speech_verbs and text[last.end : last.end + 1] == ",":
        return Phrase(last.text, last.start, last.end, "implicit")
    # A few lower-case words up to the comma: an office or a group ("Как сообщила
    # пресс-служба клуба, …", "Według strażaków, …"), a preposition before it dropped.
    comma = text.find(",", last.end, min(hi, last.end + 60))
    np = _SOURCE_NP.fullmatch(text, last.end, comma) if comma > 0 else None
    if np is not None and np.group(1).islower():
        ws = np.group(1).split()
        if ws[0].lower() in L.np_breaks and len(ws) > 1:
            ws = ws[1:]
        name = " ".join(ws)
        at = text.find(ws[0], last.end)
        return Phrase(name, at, np.end(), "org")
    return None


def _possessive_source(text: str, words: list[Tok], n: int, hi: int) -> Phrase | None:
    """ "D'après ses premières estimations, …", "Según sus datos, …", "Secondo i suoi
    calcoli, …": a source owned by someone unnamed, the person the text is about; the
    phrase runs to its comma and its verb-less owner resolves like a dropped subject."""
    L = lang()
    k = n
    if k < len(words) and words[k].low not in L.possessives and words[k].low in L.determiners:
        k += 1  # i suoi calcoli / os seus dados
    if k >= len(words) or words[k].low not in L.possessives:
        return None
    comma = text.find(",", words[k].end, min(hi, words[k].end + 60))
    if comma < 0 or _SENTENCE_PUNCT.search(text, words[k].end, comma):
        return None
    return Phrase(words[n - 1].text, words[0].start, comma, "implicit")


_SENTENCE_PUNCT = re.compile(r"[.;:!?«»“”\"]")


def _clitic_subject(first: Tok, words: list[Tok]) -> Phrase | None:
    """The pronoun of an inverted verb with its subject glued on: "estime-t-elle",
    "a-t-il déclaré"."""
    L = lang()
    for clitic in L.clitics:
        if not first.low.endswith(clitic) or len(first.low) == len(clitic):
            continue
        verb = first.low[: -len(clitic)]
        if verb in L.speech_verbs or (
            verb in L.tail_aux and len(words) > 1 and words[1].text in L.speech_verbs
        ):
            pronoun = clitic.rsplit("-", 1)[-1]
            end = first.end
            return Phrase(first.text[-len(pronoun) :], end - len(pronoun), end, "pronoun")
    return None


def _head_cue(ctx: Context, lo: int, hi: int, framing: bool) -> _Found | None:
    L = lang()
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
                t.text not in L.speech_verbs
                and not (t.text in L.phrasal and _phrasal_cue(toks, k))
                and not (t.text in L.participles and k > 0 and toks[k - 1].text == ",")
                and not (t.text in L.participles and _with_subject(text, lo, toks, k))
            ):
                continue
            tail = text[t.end : hi].rstrip()
            if after and not (
                tail.endswith((":", ",", "—", "–", "-")) or tail.endswith(" that") or not tail
            ):
                continue
        elif t.text not in L.framing_verbs or not _finite(t.low):
            continue
        if not verb_ok(toks, k):
            continue
        if framing and t.low.endswith(L.gerund_endings):
            # "…, calling it "…"": the subject is the main clause's.
            if k > 0 and toks[k - 1].text == "," and t.low in L.participles | L.framing_verbs:
                ph = sentence_subject(text, lo, t.start, ctx.registry.by_last.keys())
                if ph is not None:
                    return _Found(ph, "framing", t.text)
            continue
        if not framing and t.low in L.participles and k > 0 and toks[k - 1].text == ",":
            # "…, Spicer said Tuesday, adding, "…"": the subject of the cue just before.
            for v in range(k - 2, max(-1, k - 5), -1):
                if toks[v].text in L.speech_verbs and verb_ok(toks, v):
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
        if ph is None and k > 0 and toks[k - 1].low in L.clause_links:
            # Carson did not name them, but told his supporters, "…"
            ph = sentence_subject(text, lo, t.start, ctx.registry.by_last.keys())
        if (
            ph is None
            and not framing
            and t.text in L.inverted_verbs
            and k > 0
            and toks[k - 1].text == ","
        ):
            # Because of the schedule, explained Rosenberg, "…"
            after = subject_after(text, t.end, hi)
            if after is not None and text[after.end : hi].strip() in {",", ":"}:
                return _Found(after, "before_quote", t.text)
        if (
            ph is None
            and framing
            and t.text in L.inverted_verbs
            and k > 0
            and toks[k - 1].text == ","
        ):
            # The key thing, says Carl Anthony, a historian, is that she was "…"
            after = subject_after(text, t.end, hi)
            if after is not None and after.kind == "person" and text[after.end : hi][:1] == ",":
                return _Found(after, "framing", t.text)
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


def _with_subject(text: str, lo: int, toks: list, k: int) -> bool:
    """ "…, with Trump reportedly yelling: "…"": a named subject of the participle at ``k``
    introduced by "with" (the pack's ``participle_with``)."""
    L = lang()
    ph = subject_before(text, lo, toks[k].start)
    if ph is None or ph.kind != "person":
        return False
    before = [t for t in toks if t.end <= ph.start]
    return bool(before) and before[-1].low in L.participle_with


def _lead_cue(ctx: Context, lo: int, hi: int) -> _Found | None:
    """A sentence that opens with its cue and runs into the quote: "According to the
    newspaper, "…"" / "Said Dorothy Poynter, who grew up with him, "…""."""
    text = ctx.masked
    if not text[lo:hi].rstrip().endswith((",", ":")):
        return None
    L = lang()
    toks = [t for t in tokens(text, lo, hi) if t.low not in L.lead_fillers]
    if len(toks) < 3:
        return None
    # A pronoun source may also open the last clause ("…, и, по его словам, «…»").
    for j in (k + 1 for k in range(len(toks) - 1, -1, -1) if toks[k].text == ","):
        n = source_words(toks[j:])
        if n and tuple(t.low for t in toks[j : j + n]) in lang().source_pronouns:
            ph = source_speaker(text, toks[j:], n, hi)
            if ph is not None and text[ph.end : hi].strip() in {",", ":"}:
                return _Found(ph, "according_to", " ".join(t.low for t in toks[j : j + n]))
    n = source_words(toks)
    if n:
        ph = source_speaker(text, toks, n, hi)
        if ph is not None and text[ph.end : hi].strip() in {",", ":"}:
            return _Found(ph, "according_to", " ".join(t.low for t in toks[:n]))
        return None
    if toks[0].low in L.lead_verbs and toks[0].text == toks[0].low.capitalize():
        ph = subject_after(text, toks[0].end, hi)
        if ph is not None and ph.kind in {"person", "org"} and text[ph.end : ph.end + 1] == ",":
            return _Found(ph, "said_speaker", toks[0].low)
    return None


def resolve(ctx: Context, ph: Phrase, para: int) -> tuple[str | None, str | None, float]:
    """Canonical speaker, role and a confidence factor for a phrase at the cue; a person
    named without a role (or by pronoun) keeps the role the article gave them."""
    speaker, role, factor = _resolve(ctx, ph, para)
    if speaker is not None and ph.kind == "pronoun":
        speaker = _same_gender(ctx, ph, para, speaker)
    if speaker is not None and ph.kind in {"person", "pronoun"}:
        if role:
            ctx.roles.setdefault(speaker, role)
        else:
            role = ctx.roles.get(speaker)
    return speaker, role, factor


def _same_gender(ctx: Context, ph: Phrase, para: int, speaker: str) -> str | None:
    """ "Paul Roux a reçu Marie Caron. « … », a-t-elle répondu": a pronoun whose gender the
    pack knows does not take a person of the other gender; the latest person of its own
    named shortly before takes it, or nobody."""
    L = lang()
    want = L.pron_gender.get(ph.name.lower())
    genders = ctx.registry.gender
    if want is None or genders.get(speaker, want) == want:
        return speaker
    lo = ctx.paras[max(0, para - 1)][0]
    for _, name in reversed(ctx.registry.persons_between(lo, ph.start, strong=False)):
        if genders.get(name) == want:
            return name
    return None


def _resolve(ctx: Context, ph: Phrase, para: int) -> tuple[str | None, str | None, float]:
    speaker, role, factor = _resolve_phrase(ctx, ph, para)
    if ph.kind not in {"pronoun", "implicit"} or not lang().gender_pronouns:
        return speaker, role, factor
    # сказала она / powiedziała / sagte sie: a pronoun or verb of one gender takes the
    # latest person of that gender when the rules above found someone else or no one.
    want = cue_gender(ph.name)
    if want == "p":
        # «…», — сообщили. / – poinformowali.: a plural verb speaks for a body, never for
        # the one person just named.
        other = ctx.last_other
        if other is not None and other[0] >= ctx.paras[max(0, para - 1)][0]:
            return other[1], None, 0.7
        return None, None, 0.0
    if want is None or (speaker is not None and _gender(ctx, speaker) in {want, None}):
        return speaker, role, factor
    lo = ctx.paras[max(0, para - _PARAS_BACK)][0]
    for _, name in reversed(ctx.registry.persons_between(lo, ph.start, strong=False)):
        if _gender(ctx, name) == want:
            return name, None, 0.7
    return (None, None, 0.0) if speaker is not None else (speaker, role, factor)


def _gender(ctx: Context, name: str) -> str | None:
    return name_gender(name, ctx.roles.get(name) or ctx.registry.title_of.get(name))


def _resolve_phrase(ctx: Context, ph: Phrase, para: int) -> tuple[str | None, str | None, float]:
    L = lang()
    low = ph.name.lower()
    window_lo = ctx.paras[max(0, para - 1)][0]
    if ph.kind in {"pronoun", "implicit"}:
        if L.role_holder and (ph.kind == "implicit" or low in L.pron_person):
            # «…», afirmó. / „…“, versprach sie. / a-t-il lancé: the subject of the
            # sentence before the quotation.
            prev = _previous_subject(ctx, ph.start, para)
            if prev is not None:
                return prev, None, 0.85
        if ph.kind == "implicit" or low in L.pron_person:
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
        if low in L.pron_thing:
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
        if low in L.pron_group:
            other = ctx.last_other
            if other is not None and other[0] >= window_lo and other[2] in {"group", "org"}:
                return other[1], None, 0.7
        return None, None, 0.0
    if ph.kind == "person":
        name = ctx.registry.canonical(ph.name, ph.start)
        return name, ph.role, KIND_FACTOR["person"]
    if ph.kind == "np" and L.role_holder:
        # "la alcaldesa", "burmistrz", "o autarca": the person the article gave that title,
        # else the person just named (– podkreślił lekarz: the doctor of the last sentence).
        head = _ELIDED.sub("", ph.name.split()[-1])  # l'élue → élue
        person = ctx.registry.titled_person(head, ph.start)
        for other in L.role_synonyms.get(head.lower(), ()) if person is None else ():
            # – dodał szkoleniowiec: another word for the "trener" the article named
            person = ctx.registry.titled_person(other, ph.start)
            if person is not None:
                break
        if person is not None:
            return person, ph.name, KIND_FACTOR["person"]
        if _is_title_word(head):
            near = ctx.registry.persons_between(window_lo, ph.start, strong=False)
            if near:
                return near[-1][1], ph.name, KIND_FACTOR["np"]
    name = ph.name
    if ph.kind == "org" and name.split(" ", 1)[0].lower() in L.definite and " " in name:
        name = name.split(" ", 1)[1]
    elif name[:1].isupper() and name.split()[0].lower() in L.determiners:
        name = name[0].lower() + name[1:]
    return name, ph.role, KIND_FACTOR.get(ph.kind, 0.8)


def _previous_subject(ctx: Context, pos: int, para: int) -> str | None:
    """Who the sentence before ``pos`` is about: the subject of its speech verb, else the
    first person it names, else the holder of the role that opens it ("La alcaldesa …")."""
    L = lang()
    lo = ctx.paras[max(0, para - 1)][0]
    # The sentence holding the quotation starts after ends[k-1]; the one before, after ends[k-2].
    k = bisect.bisect_left(ctx.ends, pos)
    for back in range(k - 1, max(-1, k - 4), -1):
        s_hi = ctx.ends[back] if back >= 0 else lo
        s_lo = max(ctx.ends[back - 1] if back >= 1 else lo, lo)
        if s_hi <= s_lo:
            return None
        if ctx.masked[s_lo:s_hi].rstrip().endswith("?"):
            continue  # a question put to the speaker ("Czy myśli o …?"): the answer is theirs
        i = bisect.bisect_left(ctx.events, (s_lo, ""))
        if (
            i < len(ctx.events)
            and ctx.events[i][0] < s_hi
            # "X, mama czteroletniego Antka, … wspomina": not a name inside an aside
            and not _modifies(ctx.masked, ctx.events[i][0])
        ):
            return ctx.events[i][1]
        people = [
            name
            for start, name in ctx.registry.persons_between(s_lo, s_hi, strong=False)
            if not _modifies(ctx.masked, start)
        ]
        if people:
            return people[0]
        toks = [t for t in tokens(ctx.masked, s_lo, min(s_hi, s_lo + 80)) if t.text[:1].isalnum()]
        for t in toks[:3]:
            if _is_title_word(t.text):
                return ctx.registry.titled_person(t.text, pos)
        if not (toks and toks[0].low in L.subject_pronouns):
            return None
        # "Sie sagte, …": that sentence is about someone named before it; look there.
    return None


def _modifies(masked: str, start: int) -> bool:
    """The name at ``start`` qualifies another noun ("du groupe Valmorin Demain", "mama
    czteroletniego Antka"): the word before it is a lower-case non-title."""
    before = masked[max(0, start - 40) : start].split()
    if before and _ELIDED.sub("", before[-1]).lower() in lang().org_words:
        return True  # "de l'association Vélo Valmorin": a body's name, not a person
    if len(before) >= 2 and before[-2].lower() in lang().determiners:
        # "A recepcionista Tatiane Moura mora …": a role with its article opening the
        # clause, not a noun the name qualifies.
        lead = masked[max(0, start - 60) : start].rsplit(before[-2], 1)[0].rstrip(" \t")
        if not lead or lead[-1] in ".!?\n,;:":
            return False
    return (
        bool(before)
        and before[-1].isalpha()
        and before[-1].islower()
        and not (_is_title_word(before[-1]))
        # « … », admet Véronique Lhomme: the name after a cue verb is its subject.
        and before[-1] not in lang().speech_verbs
    )


def _is_title_word(word: str) -> bool:
    """A role that stands for a person: a title, or an age ("der 63-Jährige")."""
    L = lang()
    return word.lower() in L.titles or L.age.fullmatch(word) is not None


def note(ctx: Context, ph: Phrase, speaker: str | None) -> None:
    if speaker is None:
        return
    if ph.kind in {"person", "implicit"} or (
        ph.kind == "pronoun" and ph.name.lower() in lang().pron_person
    ):
        ctx.last_person = (ph.start, speaker)
        ctx.quoted.append(ctx.last_person)
    elif ph.kind == "np" and person_role_np(ph.name):
        # "the senator said" … "he said": the role stands for a person a pronoun can take.
        ctx.last_person = (ph.start, speaker)
        ctx.quoted.append(ctx.last_person)
    elif ph.kind in {"org", "document", "group"}:
        ctx.last_other = (ph.start, speaker, ph.kind)


def _is_partial(
    ctx: Context, sp: Span, head_lo: int, found: _Found | None, carried: bool = False
) -> bool:
    inner = ctx.text[sp.start : sp.end]
    first = inner[:1]
    if first.isalpha() and not first.isupper() and not first.islower():
        # Han, Kana and other scripts without case give no capital to read, and their writers
        # put no space before a mark, so the tests below would call every quotation woven in:
        # judge by length, and by a sentence stop of the quotation's own (「…だ！」).
        return count_words(inner) <= PARTIAL_MAX_WORDS and not inner.rstrip().endswith(_STOPS)
    if carried and _stands_alone(ctx, sp, head_lo):
        # « … », regrette Diallo. « C'est frustrant. »: a sentence of its own that carries
        # on the speaker of the quote before it is a quote however short.
        return False
    if count_words(inner) <= PARTIAL_MAX_WORDS:
        # A quotation standing as its own clause with its cue is a quote however short
        # (»Eigentlich wollte ich flanken«, gab Albrecht zu); scare quotes stay fragments.
        return not _own_clause(ctx, sp, head_lo, found)
    if found is not None and found.rule in {"after_quote", "said_speaker", "according_to"}:
        return False
    head = ctx.text[head_lo : sp.open_at].rstrip()
    if not head or head.endswith((":", ",", "—", "–", "(", ";")):
        return False
    # Woven into the writer's own sentence: "… calling such exchanges "to a certain extent"".
    return inner[:1].islower() or head[-1:].isalnum()


def _stands_alone(ctx: Context, sp: Span, head_lo: int) -> bool:
    """The quotation is its sentence: nothing before it in the sentence, nothing but
    punctuation after it up to the sentence end; it starts with a capital."""
    inner = ctx.text[sp.start : sp.end]
    if sp.close_at is None or not inner[:1].isupper() or count_words(inner) < 2:
        return False
    if ctx.masked[head_lo : sp.open_at].strip():
        return False
    _, s_hi = ctx.sentence_of(sp.close_at, sp.para)
    return not _WORD.search(ctx.masked, sp.close_at + 1, max(sp.close_at + 1, s_hi))


def _own_clause(ctx: Context, sp: Span, head_lo: int, found: _Found | None) -> bool:
    """The quotation is a sentence of its own: it opens its sentence and a cue after it
    names the speaker, or it follows the speaker's colon; it starts with a capital."""
    inner = ctx.text[sp.start : sp.end]
    if found is None or not inner[:1].isupper() or count_words(inner) < 1:
        return False
    head = ctx.masked[head_lo : sp.open_at].strip()
    if found.rule in {"after_quote", "said_speaker", "according_to"}:
        return not head
    # O treinador Rui Costa não escondeu a frustração: “Jogámos mal e merecemos perder”.
    return found.rule in {"colon", "before_quote"} and head.endswith(":")


def _paired(between: str) -> bool:
    """The text from one name to the next joins them: "Marsh and ", "Marsh, "."""
    words = between.split()
    return (
        len(words) <= 5
        and bool(words)
        and (words[-1] in lang().coordinators or between.rstrip().endswith(","))
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


def _finite(verb: str) -> bool:
    """Past or third-person forms ("praised", "calls"): a base form after "will"/"to" is
    not a report of something said."""
    L = lang()
    return verb.endswith(L.finite_endings) or verb in L.irregular_past


def _colon_before(ctx: Context, lo: int, hi: int) -> bool:
    return ctx.masked[lo:hi].rstrip().endswith(":")


def _cue_leads(ctx: Context, lo: int, hi: int, found: _Found) -> bool:
    """The cue verb of ``found`` is among the first four words after the quote."""
    if found.rule not in {"after_quote", "said_speaker"} or found.cue is None:
        return False
    words = _WORD.findall(ctx.masked[lo:hi])[:4]
    return found.cue in words


def _only_cue_between(ctx: Context, prev: Span, sp: Span) -> bool:
    """Only a comma-delimited cue stands between two quotes of one sentence."""
    if prev.close_at is None or prev.para != sp.para:
        return False
    gap = ctx.masked[prev.close_at + 1 : sp.open_at]
    return (
        0 < len(gap) < 120
        and gap.rstrip().endswith(",")
        and lang().sent_end.search(gap) is None
        and ctx.text[prev.end - 1 : prev.end] in {",", "—", "-"}
    )


def _cue_gap(ctx: Context, prev: Span, q: Quote, sp: Span) -> bool:
    """Nothing but the cue that attributed the previous quote of the paragraph stands
    between it and this one ("…," X said on Monday. "…")."""
    L = lang()
    if (
        q.speaker is None
        or q.mention is None
        or q.rule not in {"after_quote", "said_speaker", "end_cue"}
        or prev.close_at is None
        or prev.para != sp.para
        or (q.partial and q.rule != "end_cue")
    ):
        return False
    gap_lo, gap_hi = prev.close_at + 1, sp.open_at
    if not (gap_lo <= q.mention.start and q.mention.end <= gap_hi) or gap_hi - gap_lo > 200:
        return False
    gap = ctx.masked[gap_lo:gap_hi].rstrip()
    if not gap.endswith((".", ",", ":")) or "xxx" in gap:
        return False
    # A second cue after the mention introduces someone else ("Yet another said, …").
    cues = sum(1 for m in L.lower_word.finditer(gap) if m.group() in L.speech_verbs)
    return cues <= 1


def _bare_head(ctx: Context, lo: int, hi: int) -> bool:
    """Nothing but a connective before the quote in its sentence ("And, "…"")."""
    words = _WORD.findall(ctx.masked[lo:hi])
    return len(words) <= 1 and all(w.lower() in lang().bare_connectives for w in words)


def _ends_with_quote_sentence(ctx: Context, para: int, q: Quote) -> bool:
    """The paragraph's last sentence holds ``q`` (the speaker is still "on the floor")."""
    lo, hi = ctx.paras[para]
    hi = lo + len(ctx.masked[lo:hi].rstrip())  # "…," Sexton said. ⏎: not a sentence of spaces
    s_lo, _ = ctx.sentence_of(max(lo, hi - 1), para)
    return q.end >= s_lo or q.start >= s_lo


_ONLY_QUOTES = re.compile(r"[\sx\"“”.,?!—–-]*")


def _only_quotes(ctx: Context, para: int, sp: Span | None = None) -> bool:
    """A paragraph with nothing outside its quotation marks but punctuation; or, given the
    quote ``sp`` that opens it, a first line like that ending after ``sp`` (texts that break
    paragraphs with a single newline: "“…”⏎The report was released …")."""
    lo, hi = ctx.paras[para]
    if _ONLY_QUOTES.fullmatch(ctx.masked, lo, hi) is not None:
        return True
    if sp is None or sp.close_at is None:
        return False
    nl = ctx.masked.find("\n", sp.close_at, hi)
    return nl > 0 and _ONLY_QUOTES.fullmatch(ctx.masked, lo, nl) is not None


@dataclass(slots=True)
class _Site:
    """One quotation being attributed: where its cues may stand and what the quotes before it
    in the article left behind (the rules read it, never change it)."""

    ctx: Context
    idx: int
    sp: Span
    head_lo: int  # where the text before the quote (in its sentence) starts
    out: list[Quote]  # the quotes attributed so far
    last_in_para: dict[int, Quote]
    last_attributed: Quote | None
    tail: _Found | None = None  # an accepted cue after the quote
    later: _Found | None = None  # a cue in a short sentence of its own after the quote
    _head: _Found | None = None
    _head_done: bool = False

    @property
    def has_head(self) -> bool:
        return self.head_lo < self.sp.open_at

    @property
    def colon_head(self) -> bool:
        return self.has_head and _colon_before(self.ctx, self.head_lo, self.sp.open_at)

    @property
    def starts_para(self) -> bool:
        return self.head_lo == self.ctx.paras[self.sp.para][0]

    def head(self) -> _Found | None:
        """The cue verb before the quote (computed once: two rules read it)."""
        if not self._head_done:
            self._head = _head_cue(self.ctx, self.head_lo, self.sp.open_at, framing=False)
            self._head_done = True
        return self._head


def _quoted_name(ctx: Context, idx: int, sentence_end: int) -> bool:
    """The quotation ``idx`` is a short name (a company, a club) with more of its sentence
    after it."""
    sp = ctx.spans[idx]
    return (
        sp.close_at is not None
        and sp.close_at + 2 < sentence_end
        and len(_WORD.findall(ctx.text, sp.start, sp.end)) <= 3
        and ctx.text[sp.close_at + 1 : sp.close_at + 3].strip()[:1].isalnum()
    )


def _site(ctx: Context, idx: int, out: list[Quote], last_in_para, last_attributed) -> _Site:
    sp = ctx.spans[idx]
    text = ctx.text
    _, para_hi = ctx.paras[sp.para]
    s_lo, _s_hi = ctx.sentence_of(sp.open_at, sp.para)
    site = _Site(
        ctx, idx, sp, max(s_lo, sp.open_at - _MAX_REACH), out, last_in_para, last_attributed
    )
    if sp.close_at is None:
        return site
    next_open = ctx.spans[idx + 1].open_at if idx + 1 < len(ctx.spans) else len(text)
    t_lo = sp.close_at + 1
    _, t_end = ctx.sentence_of(t_lo, sp.para)
    if lang().role_holder and next_open < t_end and _quoted_name(ctx, idx + 1, t_end):
        # — объяснил директор предприятия «Теплосеть» Виктор Семёнов: a name in quotation
        # marks inside the cue's role, not the next quotation.
        next_open = ctx.spans[idx + 2].open_at if idx + 2 < len(ctx.spans) else len(text)
    t_hi = min(t_end, para_hi, next_open, t_lo + _MAX_REACH)
    if t_lo >= t_hi:
        return site
    if t_hi == t_end and not ctx.masked[t_lo:t_hi].strip(" .") and lang().cue_openers:
        # «…». Так прокомментировал X.: the full stop after the marks, then a cue sentence
        # that opens with a word standing for the quotation.
        _, n_end = ctx.sentence_of(t_hi + 1, sp.para)
        n_hi = min(n_end, para_hi, next_open, t_hi + _MAX_REACH)
        first = _WORD.search(ctx.masked, t_hi, n_hi)
        if first is not None and first.group().lower() in lang().cue_openers:
            t_lo, t_hi = t_hi, n_hi
    colon_next = t_hi == next_open and _colon_before(ctx, t_lo, t_hi)
    tail = _tail_cue(ctx, t_lo, t_hi)
    if colon_next and tail is not None and not _cue_leads(ctx, t_lo, t_hi, tail):
        # A cue ending in a colon introduces the next quote, not this one, unless it opens
        # the tail ("…," said Skelly, explaining …: "…").
        tail = None
    if tail is not None and text[sp.end - 1 : sp.end] == "." and tail.rule == "after_quote":
        # "…." Marta Ruiz said. — the cue sits in a short sentence of its own.
        if count_words(text[t_lo:t_hi]) <= 10 and t_hi == para_hi:
            site.later = _Found(tail.phrase, "next_sentence", tail.cue)
    else:
        site.tail = tail
    return site


# --- the rules, in the order they are tried -------------------------------------------------
# A cue rule returns the speaker phrase it found (_Found); an inheriting rule returns the
# earlier quote whose speaker this one shares. Either ends the search, even when the phrase
# resolves to nobody or the earlier quote has no speaker.


def _head_rule(s: _Site, rule: str) -> _Found | None:
    # A colon ties the cue before the quote to it even when a cue follows the quote too.
    if not s.has_head or (s.tail is not None and not s.colon_head):
        return None
    head = s.head()
    return head if head is not None and head.rule == rule else None


def _before_quote(s: _Site) -> _Found | None:
    return _head_rule(s, "before_quote")


def _split_head(s: _Site) -> _Found | None:
    return _head_rule(s, "split")


def _tail_rule(s: _Site, rule: str) -> _Found | None:
    return s.tail if s.tail is not None and s.tail.rule == rule else None


def _after_quote(s: _Site) -> _Found | None:
    return _tail_rule(s, "after_quote")


def _said_speaker(s: _Site) -> _Found | None:
    return _tail_rule(s, "said_speaker")


def _according_to(s: _Site) -> _Found | None:
    return _tail_rule(s, "according_to")


def _lead_rule(s: _Site, rule: str) -> _Found | None:
    if not s.has_head:
        return None
    lead = _lead_cue(s.ctx, s.head_lo, s.sp.open_at)
    return lead if lead is not None and lead.rule == rule else None


def _according_to_lead(s: _Site) -> _Found | None:
    return _lead_rule(s, "according_to")


def _said_speaker_lead(s: _Site) -> _Found | None:
    return _lead_rule(s, "said_speaker")


def _next_sentence(s: _Site) -> _Found | None:
    return s.later


def _framing(s: _Site) -> _Found | None:
    if not s.has_head:
        return None
    return _head_cue(s.ctx, s.head_lo, s.sp.open_at, framing=True)


def _subject(s: _Site) -> _Found | None:
    # Moore thanked him for "…": words woven into a sentence about a named person.
    ctx = s.ctx
    if not (s.has_head and (_embedded(ctx, s.head_lo, s.sp.open_at) or _second_quote(s))):
        return None
    ph = sentence_subject(ctx.masked, s.head_lo, s.sp.open_at, ctx.registry.by_last.keys())
    return _Found(ph, "subject", None) if ph is not None else None


def _second_quote(s: _Site) -> bool:
    """Lee called the plan "a start" that deserved "a fair hearing": a later quotation of a
    sentence about one person, where nothing since the quotation before it names anyone
    else, opens a clause of its own (who, because, a pronoun) or cues other speech."""
    ctx, sp = s.ctx, s.sp
    if not lang().subordinators:
        return False
    head = ctx.masked[s.head_lo : sp.open_at].rstrip()
    last = head.rfind("xxx")
    if last < 0 or not head[-1:].isalpha():
        return False
    lo = s.head_lo + last + 3
    L = lang()
    for t in tokens(ctx.masked, lo, sp.open_at):
        if (
            t.low in L.subordinators
            or t.low in L.subject_pronouns
            or t.text in L.speech_verbs
            or t.text[:1].isupper()
        ):
            return False
    return True


def _comma_subject(s: _Site) -> _Found | None:
    # Earlier this week, Ana Ruiz shared her worry with donors in Tulsa, "I do not know …":
    # a whole sentence quoted after a comma, in a sentence whose subject is a named person
    # (no cue verb near enough for the other rules). Not "Ruiz was asked by Lee, "…"".
    ctx, sp = s.ctx, s.sp
    head = ctx.masked[s.head_lo : sp.open_at].rstrip()
    inner = ctx.text[sp.start : sp.start + 1]
    if not head.endswith(",") or "xxx" in head or not (inner.isupper() or inner == "["):
        return None
    L = lang()
    if not L.subordinators:
        return None  # a pack that cannot tell a relative clause keeps out of this
    toks = tokens(ctx.masked, s.head_lo, sp.open_at)
    if any(
        t.low in L.subordinators
        or (t.low in L.passive_aux and k + 2 < len(toks) and toks[k + 2].low in L.author_by)
        for k, t in enumerate(toks)
    ):
        return None
    ph = sentence_subject(ctx.masked, s.head_lo, sp.open_at, ctx.registry.by_last.keys())
    if ph is None or ph.kind not in {"person", "org"}:
        return None
    return _Found(ph, "comma_subject", None)


def _colon(s: _Site) -> _Found | None:
    # Bush: "…" / McConnell delivered a blunt message: "…"
    ctx = s.ctx
    if not ctx.masked[s.head_lo : s.sp.open_at].rstrip().endswith(":"):
        return None
    colon = ctx.masked.rindex(":", s.head_lo, s.sp.open_at)
    ph = name_before_colon(ctx.masked, s.head_lo, colon) or sentence_subject(
        ctx.masked, s.head_lo, s.sp.open_at, ctx.registry.by_last.keys()
    )
    if ph is None and lang().role_holder:
        ph = _pronoun_subject(ctx, s.head_lo, colon)
    if ph is None and lang().role_holder:
        # Le préfet Alain Brun s'est voulu rassurant : « … »: the person the sentence is about.
        people = [
            (start, name)
            for start, name in ctx.registry.persons_between(s.head_lo, colon, strong=False)
            if not _modifies(ctx.masked, start)
        ]
        if people:
            start, name = people[0]
            ph = Phrase(name, start, start + len(name), "person")
    return _Found(ph, "colon", None) if ph is not None else None


def _pronoun_subject(ctx: Context, lo: int, hi: int) -> Phrase | None:
    """A personal subject pronoun opening the clause in [lo, hi), perhaps after an opening
    phrase: "Interrogée sur les délais, elle s'est voulue rassurante : « … »"."""
    L = lang()
    toks = tokens(ctx.masked, lo, hi)
    for k, t in enumerate(toks[:16]):
        if t.low in L.pron_person and (k == 0 or toks[k - 1].text == ","):
            return Phrase(t.text, t.start, t.end, "pronoun")
        if t.text in {";", ":"} or (t.text[:1] == "x" and len(t.text) > 3):
            return None
    return None


def _dash_inside(s: _Site) -> _Found | None:
    # «Vamos a ganar —dijo Ortega— y lo haremos»: the cue set off by dashes inside.
    text, sp = s.ctx.text, s.sp
    for m in _INNER_CUE.finditer(text, sp.start, sp.end):
        if m.group(1) not in lang().speech_verbs:
            continue
        close = _DASHES.search(text, m.end(), sp.end)
        ph = subject_after(text, m.end(1), close.start() if close else sp.end)
        if ph is None and lang().pro_drop and close is not None:
            # “… —añadió—; …”: the verb alone, its ending names the subject.
            ph = Phrase(m.group(1), m.start(1), m.end(1), "implicit")
        if ph is not None:
            return _Found(ph, "dash_inside", m.group(1))
    return None


def _continued(s: _Site) -> Quote | None:
    return s.out[-1] if s.sp.continues and s.idx > 0 else None


def _same_paragraph_bare(s: _Site) -> Quote | None:
    if s.sp.para in s.last_in_para and _bare_head(s.ctx, s.head_lo, s.sp.open_at):
        return s.last_in_para[s.sp.para]
    return None


def _split_gap(s: _Site) -> Quote | None:
    # "She is too far behind," said an Iowa Democrat, "and Iowa was not …"
    if s.idx > 0 and s.out[-1].speaker and _only_cue_between(s.ctx, s.ctx.spans[s.idx - 1], s.sp):
        return s.out[-1]
    return None


def _same_paragraph_gap(s: _Site) -> Quote | None:
    # "…," said Sen. Ann Lee, R-Ore. "…": only the last quote's cue between.
    if s.idx > 0 and _cue_gap(s.ctx, s.ctx.spans[s.idx - 1], s.out[-1], s.sp):
        return s.out[-1]
    return None


def _participle_gap(s: _Site) -> Quote | None:
    # "…," said Rep. Ann Lee at the time, adding that "…" / "…," said Skelly, explaining he
    # knew the files better: "…": one sentence, the last quote's cue, then a participle that
    # carries the speaker on (the pack's participles), and no other cue.
    if s.idx == 0:
        return None
    ctx, sp, q = s.ctx, s.sp, s.out[-1]
    prev = ctx.spans[s.idx - 1]
    if (
        q.speaker is None
        or q.mention is None
        or q.rule not in _TAIL_RULES
        or prev.close_at is None
        or prev.para != sp.para
    ):
        return None
    lo, hi = prev.close_at + 1, sp.open_at
    if not (lo <= q.mention.start and q.mention.end <= hi) or hi - lo > _MAX_REACH:
        return None
    gap = ctx.masked[lo:hi]
    L = lang()
    k = bisect.bisect_right(ctx.ends, lo)
    if "xxx" in gap or ";" in gap or (k < len(ctx.ends) and ctx.ends[k] < hi):
        return None  # not one sentence
    toks = tokens(ctx.masked, q.mention.end, hi)
    for k, t in enumerate(toks):
        if t.low in L.participles and k > 0 and toks[k - 1].text == ",":
            rest = toks[k + 1 :]
            # A finite cue after it ("…, adding that Ruiz said") gives someone else the
            # floor; a bare form is a noun ("voter-roll data the state keeps").
            if not any(w.text in L.speech_verbs and _finite(w.low) for w in rest):
                return q
            return None
        if t.text in L.speech_verbs and t.start > q.mention.end and k > 1:
            return None  # a second cue: someone else may speak
    return None


def _next_paragraph(s: _Site) -> Quote | None:
    ctx, sp, last = s.ctx, s.sp, s.last_attributed
    if (
        last is not None
        and s.starts_para
        and sp.para > 0
        and last.start >= ctx.paras[sp.para - 1][0]
        and _only_quotes(ctx, sp.para, sp)
        and _ends_with_quote_sentence(ctx, sp.para - 1, last)
    ):
        return last
    return None


def _colon_paragraph(s: _Site) -> _Found | None:
    ctx, sp = s.ctx, s.sp
    if not (s.starts_para and sp.para > 0):
        return None
    plo, phi = ctx.paras[sp.para - 1]
    if not ctx.text[plo:phi].rstrip().endswith(":"):
        return None
    p_lo = max(ctx.sentence_of(phi - 1, sp.para - 1)[0], phi - _MAX_REACH)
    f = _head_cue(ctx, p_lo, phi, False)
    if f is None:
        subj = sentence_subject(ctx.masked, p_lo, phi, ctx.registry.by_last.keys())
        if subj is None:
            # As Ana Ruiz of the Herald observed, the real winner was the format itself: ⏎
            f = _as_source(ctx, p_lo, phi)
            if f is None:
                return None
            return _Found(f.phrase, "colon_paragraph", f.cue, para=sp.para - 1)
        return _Found(subj, "colon_paragraph", None, para=sp.para - 1)
    return _Found(f.phrase, "colon_paragraph", f.cue, para=sp.para - 1)


_END_CUE_TAIL = 4  # words after the verb of a closing "…, Gilbert said last week."
_END_CUE_HEAD = 3  # capitalised words before the quote: the subject of the clause it ends


def _end_cue(s: _Site) -> _Found | None:
    # "It can be argued" that the bill will pass, said Omar Haddad, a lobbyist. — a quote
    # that opens its sentence, run on by the writer, whose sentence closes with the cue.
    ctx, sp = s.ctx, s.sp
    if sp.close_at is None:
        return None
    L = lang()
    head = [t for t in tokens(ctx.masked, s.head_lo, sp.open_at) if t.text[:1].isalnum()]
    # Nothing before the quote but (at most) the subject of the clause it finishes:
    # Clinton "drew well from working-class Democrats" in 2008, said Paul Beck.
    if len(head) > _END_CUE_HEAD or any(
        t.low in L.speech_verbs or t.low in L.finite or not t.text[:1].isupper() for t in head
    ):
        return None
    t_lo = sp.close_at + 1
    _, t_hi = ctx.sentence_of(t_lo, sp.para)
    t_hi = min(t_hi, ctx.paras[sp.para][1], t_lo + _MAX_REACH)
    nxt = ctx.spans[s.idx + 1].open_at if s.idx + 1 < len(ctx.spans) else len(ctx.text)
    if nxt < t_hi or "xxx" in ctx.masked[t_lo:t_hi]:
        return None
    toks = tokens(ctx.masked, t_lo, t_hi)
    commas = [k for k, t in enumerate(toks) if t.text == ","]
    for c in reversed(commas[-3:]):
        if c + 1 >= len(toks):
            continue
        verb = toks[c + 1]
        if verb.text in L.inverted_verbs:
            # …, said Omar Haddad[, a lobbyist for the growers].
            ph = subject_after(ctx.masked, verb.end, t_hi)
            rest = ctx.masked[ph.end : t_hi].strip() if ph is not None else ""
            if ph is not None and (not rest or rest[0] in ",.!?"):
                return _Found(ph, "end_cue", verb.text)
            continue
        for v in range(c + 2, min(len(toks), c + 9)):
            if toks[v].text in L.speech_verbs and verb_ok(toks, v):
                ph = subject_before(ctx.masked, toks[c].end, toks[v].start)
                after = [w for w in toks[v + 1 :] if w.text[:1].isalnum()]
                if (
                    ph is not None
                    and ph.start == toks[c + 1].start
                    and len(after) <= _END_CUE_TAIL
                    and not any(w.low in L.not_lead or w.low in L.finite for w in after)
                ):
                    return _Found(ph, "end_cue", toks[v].text)
                break
    return None


def _in_view(s: _Site) -> _Found | None:
    # "…," in Bolton's view. / Because, in Forbes' words, "…": the view's owner speaks.
    ctx, sp = s.ctx, s.sp
    if s.has_head:
        toks = tokens(ctx.masked, s.head_lo, sp.open_at)
        for k in range(max(0, len(toks) - 6), len(toks)):
            ph = possessive_source(toks, ctx.masked, k)
            rest = [t.text for t in toks if t.start >= ph.end] if ph is not None else []
            if ph is not None and len(rest) >= 2 and rest[-1] == "," and len(rest) <= 3:
                return _Found(ph, "according_to", toks[k].low)
    if sp.close_at is None:
        return None
    t_lo = sp.close_at + 1
    _, t_hi = ctx.sentence_of(t_lo, sp.para)
    t_hi = min(t_hi, ctx.paras[sp.para][1], t_lo + _MAX_REACH)
    toks = tokens(ctx.masked, t_lo, t_hi)
    commas = [k for k, t in enumerate(toks) if t.text == ","]
    if not commas or "xxx" in ctx.masked[t_lo:t_hi]:
        return None
    c = commas[-1]
    ph = possessive_source(toks, ctx.masked, c + 1)
    if ph is None:
        return None
    rest = [t for t in toks if t.start > ph.end and t.text[:1].isalnum()]
    return _Found(ph, "according_to", toks[c + 1].low) if len(rest) == 1 else None


_AS_REACH = 8  # tokens from "as" to its speech verb: "as Joel Ruiz of the Herald observed"


def _as_source(ctx: Context, lo: int, hi: int, first: int | None = None) -> _Found | None:
    """A source clause in [lo, hi): "as <speaker> <speech verb> …," (within the first
    ``first`` tokens when given). Not "as he said he would" (a promise kept, not a source)."""
    L = lang()
    if not L.as_words:
        return None
    toks = tokens(ctx.masked, lo, hi)
    for a, t in enumerate(toks[: first or len(toks)]):
        if t.low not in L.as_words or a + 2 >= len(toks):
            continue
        for v in range(a + 2, min(len(toks), a + _AS_REACH)):
            verb = toks[v]
            if verb.text not in L.speech_verbs:
                if not verb.text[:1].isalnum() and verb.text not in {"’", "'"}:
                    break
                continue
            nxt = toks[v + 1] if v + 1 < len(toks) else None
            if not verb_ok(toks, v) or (
                nxt is not None and (nxt.low in L.complementizers or nxt.low in L.subject_pronouns)
            ):
                break
            ph = subject_before(ctx.masked, t.end, verb.start)
            if ph is None and L.role_holder:
                # wie Kühn am Montag sagte: the verb closes the clause, the subject opens it
                ph = subject_after(ctx.masked, t.end, verb.start)
            # Nothing between "as" and the speaker but role words: "as Breitbart's Ana Ruiz".
            if ph is None or not all(
                role_word(w.text) for w in toks[a + 1 : v] if w.end <= ph.start
            ):
                break
            if ph.kind not in {"person", "org", "document", "pronoun"}:
                break
            return _Found(ph, "as_source", verb.text)
    return None


def _as_clause(s: _Site) -> _Found | None:
    # Still, the race "is a dead heat," as Cruz said on Monday. / As the Herald reported on
    # Friday, "…"
    ctx, sp = s.ctx, s.sp
    if sp.close_at is not None:
        t_lo = sp.close_at + 1
        _, t_hi = ctx.sentence_of(sp.close_at, sp.para)  # the quote's own sentence
        nl = ctx.masked.find("\n", t_lo, t_hi)
        t_hi = min(t_hi if nl < 0 else nl, t_lo + _MAX_REACH)
        found = _as_source(ctx, t_lo, t_hi, first=2) if t_hi > t_lo else None
        if found is not None:
            return found
    if s.has_head and ctx.masked[s.head_lo : sp.open_at].rstrip().endswith((",", ":")):
        return _as_source(ctx, s.head_lo, sp.open_at)
    return None


def _participle_clause(s: _Site) -> _Found | None:
    # Calling her rival "exactly the partner we need," Mayor Rocha endorsed him: the quote
    # stands in an opening participial clause whose subject is the main clause's, named
    # right after the quotation and followed by its verb.
    ctx, sp = s.ctx, s.sp
    if not s.has_head or sp.close_at is None:
        return None
    L = lang()
    head = tokens(ctx.masked, s.head_lo, sp.open_at)
    words = [t for t in head if t.text[:1].isalnum()]
    if len(words) > 1 and words[0].low in L.connectives:
        words = words[1:]  # "And calling it …"
    first = words[0] if words else None
    if (
        first is None
        or not first.text[:1].isupper()
        or not first.low.endswith(L.gerund_endings)
        or not (first.low in L.framing_verbs or first.low in L.participles)
        or any(t.text in {",", ";", ":"} for t in head if t.start > first.start)
    ):
        return None
    t_lo = sp.close_at + 1
    _, t_hi = ctx.sentence_of(t_lo, sp.para)
    t_hi = min(t_hi, t_lo + _MAX_REACH)
    tail = ctx.masked[t_lo:t_hi]
    lead = len(tail) - len(tail.lstrip(" ,"))
    if "," not in ctx.text[sp.end - 1 : sp.close_at + 1] + tail[:lead]:
        return None
    ph = subject_after(ctx.masked, t_lo + lead, t_hi)
    if ph is None or (ph.kind == "pronoun" and ph.name.lower() not in L.pron_person | L.pron_group):
        return None
    after = [t for t in tokens(ctx.masked, ph.end, t_hi) if t.text[:1].isalnum()]
    while after and after[0].low in L.aux_adverbs:
        after = after[1:]
    if not after or not after[0].text.islower() or after[0].low in L.not_lead:
        return None
    return _Found(ph, "participle_clause", first.low)


_CUE_SENTENCE_TAIL = 8  # words after the cue verb: "agreed", "told reporters on Monday"


def _cue_sentence(s: _Site) -> _Found | None:
    # Phil Musser agreed. "…": the sentence before, in the same paragraph, is nothing but a
    # speaker and a cue (and a few words of time, place or audience), with no quote of its own.
    ctx, sp = s.ctx, s.sp
    p_lo = ctx.paras[sp.para][0]
    if ctx.masked[s.head_lo : sp.open_at].strip() or s.head_lo <= p_lo:
        return None
    lo, hi = ctx.sentence_of(s.head_lo - 1, sp.para)
    prev = ctx.masked[lo:hi].rstrip()
    if not prev.endswith(".") or "xxx" in prev or hi - lo > _MAX_REACH:
        return None
    L = lang()
    toks = tokens(ctx.masked, lo, lo + len(prev))
    for k, t in enumerate(toks):
        if t.text not in L.speech_verbs and not (t.text in L.phrasal and _phrasal_cue(toks, k)):
            continue
        after = [w for w in toks[k + 1 :] if w.text[:1].isalnum()]
        if len(after) > _CUE_SENTENCE_TAIL or any(
            w.low in L.not_lead or w.low in L.speech_verbs or w.low in L.finite for w in after
        ):
            return None
        if not verb_ok(toks, k):
            return None
        ph = subject_before(ctx.masked, lo, t.start)
        if ph is None or (ph.kind == "pronoun" and ph.name.lower() not in L.pron_person):
            return None
        return _Found(ph, "cue_sentence", t.text)
    return None


_NAME_RUN = re.compile(r"[\w.’'-]+(?:[^\S\n]+(?:[A-Z][\w.’'-]*|de|van|von|al|bin))*")


def _prior_sentence(s: _Site) -> _Found | None:
    # Carter said the region mattered most. ⏎ "That is because …": a quotation that is a
    # sentence of its own, with no cue anywhere, right after a sentence in which a named
    # person says something (the pack's speech and reporting verbs), in the same paragraph
    # or closing the one before.
    ctx, sp = s.ctx, s.sp
    if sp.close_at is None:
        return None
    # … Lee stated that the report "wasn't good." Adding, "…": the sentence before may
    # hold a quote of its own when a participle carries the speaker on.
    head = [t for t in tokens(ctx.masked, s.head_lo, sp.open_at) if t.text[:1].isalnum()]
    carried = len(head) == 1 and head[0].low in lang().participles
    if head and not carried:
        return None
    lo, hi = ctx.paras[sp.para]
    _, t_hi = ctx.sentence_of(sp.close_at, sp.para)
    nl = ctx.masked.find("\n", sp.close_at, hi)
    if nl > 0:
        t_hi = min(t_hi, nl)
    if ctx.masked[sp.close_at + 1 : t_hi].strip(" .,!?\u00a0"):
        return None  # the sentence goes on after the quotation
    if s.head_lo > lo:
        para = sp.para
        p_lo, p_hi = ctx.sentence_of(s.head_lo - 1, para)
    elif sp.para > 0:
        para = sp.para - 1
        a, b = ctx.paras[para]
        b = a + len(ctx.masked[a:b].rstrip())
        if b <= a:
            return None
        p_lo, p_hi = ctx.sentence_of(b - 1, para)
    else:
        return None
    if ("xxx" in ctx.masked[p_lo:p_hi] and not carried) or p_hi - p_lo > _MAX_REACH:
        return None
    i = bisect.bisect_left(ctx.events, (p_lo, ""))
    if i >= len(ctx.events) or ctx.events[i][0] >= p_hi:
        ph = sentence_subject(ctx.masked, p_lo, p_hi, ctx.registry.by_last.keys())
        if ph is None or ph.kind != "person":
            return None
        return _Found(ph, "prior_sentence", None, para=para)
    start, name = ctx.events[i]
    if not _leads_sentence(ctx.masked, p_lo, start):
        return None  # "Matthews, Seitz-Wald and Lopez argued": whose words, then?
    m = _NAME_RUN.match(ctx.text, start)
    end = m.end() if m else start + 1
    return _Found(Phrase(name, start, end, "person"), "prior_sentence", None, para=para)


def _leads_sentence(masked: str, lo: int, pos: int) -> bool:
    """The name at ``pos`` is the subject the sentence from ``lo`` opens with: nothing before
    it but role words ("Defense Secretary"), or an opening phrase closed by a comma ("If
    anything, Ash argued") that names nobody else."""
    before = masked[lo:pos].strip()
    if not before:
        return True
    words = before.split()
    if len(words) <= 5 and all(role_word(w) for w in words):
        return True
    if not before.endswith(",") or len(words) > 8:
        return False
    return not any(w[:1].isupper() for w in words[1:]) and not lang().and_words.intersection(words)


@dataclass(frozen=True, slots=True)
class Rule:
    """An attribution rule: its name (``Quote.rule``), how far its speakers are trusted, and
    the function that applies it."""

    name: str
    confidence: float
    find: Callable[[_Site], _Found | Quote | None]


# The order is the priority: the first rule that answers wins. Four rules have two forms,
# tried at different points (a tail "said Putin" outranks a lead "Said Putin, …").
RULES: tuple[Rule, ...] = (
    Rule("before_quote", 0.9, _before_quote),
    Rule("split", 0.9, _split_head),
    Rule("after_quote", 0.95, _after_quote),
    Rule("said_speaker", 0.95, _said_speaker),
    Rule("according_to", 0.85, _according_to),
    Rule("according_to", 0.85, _according_to_lead),
    Rule("said_speaker", 0.95, _said_speaker_lead),
    Rule("next_sentence", 0.75, _next_sentence),
    Rule("end_cue", 0.75, _end_cue),
    Rule("according_to", 0.85, _in_view),
    Rule("as_source", 0.8, _as_clause),
    Rule("participle_clause", 0.7, _participle_clause),
    Rule("framing", 0.7, _framing),
    Rule("subject", 0.6, _subject),
    Rule("colon", 0.75, _colon),
    Rule("comma_subject", 0.6, _comma_subject),
    Rule("dash_inside", 0.9, _dash_inside),
    Rule("continued", 0.85, _continued),
    Rule("same_paragraph", 0.8, _same_paragraph_bare),
    Rule("split", 0.9, _split_gap),
    Rule("same_paragraph", 0.8, _same_paragraph_gap),
    Rule("same_paragraph", 0.8, _participle_gap),
    Rule("cue_sentence", 0.75, _cue_sentence),
    Rule("next_paragraph", 0.7, _next_paragraph),
    Rule("colon_paragraph", 0.8, _colon_paragraph),
    Rule("prior_sentence", 0.7, _prior_sentence),
)
RULE_CONFIDENCE: dict[str, float] = {r.name: r.confidence for r in RULES}
# After the rules, a quotation printed twice shares the attributed copy's speaker (rule
# "repeated", see ``_repeated``), trusted no more than this.
REPEATED_CONFIDENCE = 0.8


def _attribute(s: _Site) -> Quote:
    ctx, sp, text = s.ctx, s.sp, s.ctx.text
    speaker = role = mention = rule = cue = None
    conf = 0.0
    cue_found: _Found | None = None
    carried = False
    for r in RULES:
        got = r.find(s)
        if got is None:
            continue
        if isinstance(got, _Found):
            para = sp.para if got.para is None else got.para
            speaker, role, factor = resolve(ctx, got.phrase, para)
            ph = got.phrase
            mention = Mention(text[ph.start : ph.end], ph.start, ph.end)
            rule, cue = got.rule, got.cue
            conf = RULE_CONFIDENCE[rule] * factor if speaker else 0.3
            if got.para is None:
                note(ctx, ph, speaker)
                cue_found = got
        elif got.speaker is not None:
            speaker, role, mention, cue = got.speaker, got.role, got.mention, got.cue
            rule = r.name
            conf = min(got.confidence, r.confidence)
            carried = r.name in _CARRIED and lang().role_holder
        break
    return Quote(
        text=text[sp.start : sp.end],
        start=sp.start,
        end=sp.end,
        speaker=speaker,
        mention=mention,
        confidence=round(conf, 3),
        partial=_is_partial(ctx, sp, s.head_lo, cue_found, carried),
        kind="direct",
        role=role,
        cue=cue,
        rule=rule,
    )


def find_direct(text: str, ctx: Context | None = None) -> list[Quote]:
    """Direct quotations with their speakers, in order."""
    ctx = ctx or Context(text)
    out: list[Quote] = []
    last_in_para: dict[int, Quote] = {}
    last_attributed: Quote | None = None
    for idx in range(len(ctx.spans)):
        q = _attribute(_site(ctx, idx, out, last_in_para, last_attributed))
        out.append(q)
        if q.speaker and (not q.partial or q.rule in _TAIL_RULES):
            last_in_para[ctx.spans[idx].para] = q
        if q.speaker:
            last_attributed = q
    return _repeated(out)


_REPEAT_WORDS = 6  # shorter quotations repeat by chance ("We will win.")
_NOT_WORD = re.compile(r"\W+")


def _repeated(out: list[Quote]) -> list[Quote]:
    """A quotation printed twice (a pull quote above the paragraph that attributes it) gets
    the speaker of the attributed copy: the same words, or those words followed by the pull
    quote's byline line inside the marks."""
    said = [
        (" ".join(_NOT_WORD.split(q.text.lower())).strip(), q)
        for q in out
        if q.speaker and not q.partial and count_words(q.text) >= _REPEAT_WORDS
    ]
    if not said:
        return out
    for i, q in enumerate(out):
        if q.speaker or count_words(q.text) < _REPEAT_WORDS:
            continue
        norm = " ".join(_NOT_WORD.split(q.text.lower())).strip()
        for words, src in said:
            if norm.startswith(words) and len(norm) - len(words) < 120:
                out[i] = replace(
                    q,
                    speaker=src.speaker,
                    role=src.role,
                    mention=src.mention,
                    cue=src.cue,
                    rule="repeated",
                    confidence=round(min(src.confidence, REPEATED_CONFIDENCE), 3),
                )
                break
    return out
