"""Indirect speech: "<speaker> <verb> (<hearer>) that <clause>" and "According to <source>,
<clause>" as lower-confidence quotes (the words from the article language's pack).

They let "who said …" answer from reported statements; they are never shown as quotations.
Sentences that hold a direct quotation are left to the direct rules.
"""

from __future__ import annotations

import bisect
import re

from bot.models import Mention, Quote
from bot.quotes.direct import KIND_FACTOR, Context, resolve, source_speaker, source_words, verb_ok
from bot.quotes.pack import lang
from bot.quotes.speakers import Phrase, subject_after, subject_before, tokens

INDIRECT_CONFIDENCE = 0.6
_WORDS = re.compile(r"[\w’'\-]+")
_COMMA_GAP = re.compile(r"((?:[ \t]+\w+){0,2}),[ \t]+")


def reported(
    text: str,
    start: int,
    end: int,
    ph: Phrase,
    speaker: str,
    role: str | None,
    confidence: float,
    cue: str,
) -> Quote:
    """A reported statement ``text[start:end]`` by the speaker phrase ``ph`` (kind "indirect":
    never shown in quote marks)."""
    return Quote(
        text=text[start:end],
        start=start,
        end=end,
        speaker=speaker,
        mention=Mention(text[ph.start : ph.end], ph.start, ph.end),
        confidence=round(confidence, 3),
        partial=False,
        kind="indirect",
        role=role,
        cue=cue,
        rule="indirect",
    )


def _object_ok(obj: str) -> bool:
    """The words between a verb and its "that" are a hearer or an adverbial ("told
    reporters on Monday"), not a clause of their own."""
    L = lang()
    words = _WORDS.findall(obj)
    if words and words[-1].lower() in L.determiners:
        return False  # "en el que", "dans lequel": a relative clause, not a reported one
    return not any(w.lower() in L.finite for w in words)


def _bare_clause(masked: str, at: int) -> int | None:
    """Where a "that"-less reported clause starts after the verb ending at ``at``: a
    subject (determiner phrase or name) with a finite verb or modal soon after."""
    L = lang()
    if L.bare_comma:
        # "Sie sagte, das Land werde …" / "erklärte hingegen, die …": the clause after a
        # comma, with at most two adverbs between verb and comma.
        c = _COMMA_GAP.match(masked, at)
        if c is None or any(
            w.lower() not in L.aux_adverbs and w.lower() not in L.particles
            for w in c.group(1).split()
        ):
            return None  # "teilte mit, …", "kündigte an, …": a verb particle may stand there
        start = c.end()
    else:
        m = re.match(r"[ \t]+", masked[at : at + 3])
        if m is None:
            return None
        start = at + m.end()
    words = _WORDS.findall(masked[start : start + 80])[:7]
    if len(words) < 3:
        return None
    first = words[0]
    if L.bare_comma and first.lower() in L.finite and _as_opened(masked, at):
        return start  # "Wie Kühn sagte, soll das Programm …": the main clause, verb first
    if not (
        first.lower() in L.bare_openers or (first[:1].isupper() and first not in L.first_person)
    ):
        return None
    if any(w.lower() in L.clause_relatives for w in words[:2]):
        return None
    if not any(w in L.finite for w in words[1:]):
        return None
    return start


_AS_OPENED = re.compile(r"(?:^|[.!?\n]\s*)(\w+)\s[^,.;:!?\n]{1,70}$")


def _as_opened(masked: str, at: int) -> bool:
    """The sentence opens with an as-word before the verb ending at ``at`` ("Wie Kühn
    sagte"): a source clause, the reported statement is the main clause after its comma."""
    return _as_opener(masked, at) is not None


def _as_opener(masked: str, at: int) -> int | None:
    """Where the as-word that opens the sentence before ``at`` ends, or None."""
    m = _AS_OPENED.search(masked, max(0, at - 100), at)
    if m is None or m.group(1).lower() not in lang().as_words:
        return None
    return m.end(1)


def _clause_start(masked: str, verb: str, at: int) -> int | None:
    L = lang()
    m = L.after_verb.match(masked, at)
    if m is not None and m.group("obj") is not None and _object_ok(m.group("obj")):
        return m.end()
    if verb in L.pronoun_clause_verbs and L.pronoun_next is not None:
        p = L.pronoun_next.match(masked, at)
        if p is not None:
            return p.end()
    if verb in L.indirect_bare:
        return _bare_clause(masked, at)
    return None


def _quoted_inside(ctx: Context, lo: int, hi: int, clause_at: int) -> bool:
    """Quotation marks in the sentence [lo, hi) stand only inside the reported clause that
    starts at ``clause_at``, after its first word: words the clause takes over ("he said the
    team had "given everything"", "er sagte, die Geduld sei „aufgebraucht“"), so it is still
    reported speech. A quotation before the clause, or one the clause opens with, is direct
    speech and left to the direct rules."""
    masked = ctx.masked
    if "xxx" not in masked[lo:hi]:
        return True
    for sp in ctx.spans:
        if sp.end <= lo or sp.start >= hi:
            continue
        if sp.close_at is None or sp.open_at <= clause_at:
            return False
        if _WORDS.search(masked, clause_at, sp.open_at) is None:
            return False
    return True


def _implicit_subject(toks: list, masked: str, lo: int) -> Phrase | None:
    """ "Explicó que …", "Ha poi annunciato che …", "Disse que …": a sentence that opens
    with its speech verb (after an auxiliary or adverb at most) in a language whose verb
    endings name the subject; the subject is the person the sentences before are about."""
    L = lang()
    if not L.pro_drop:
        return None
    verb = toks[-1]
    k = len(toks) - 2
    while k >= 0 and (toks[k].low in L.aux_adverbs or toks[k].low in L.tail_aux):
        k -= 1
    if k >= 0 and toks[k].text not in {".", "!", "?"}:
        return None
    first = toks[k + 1]
    if _WORDS.search(masked, lo, first.start) or not first.text[:1].isupper():
        return None
    return Phrase(verb.text, verb.start, verb.end, "implicit")


def _on_the_floor(ctx: Context, pos: int) -> None:
    """Set the last quoted person to the one quoted last before ``pos``, as the direct rules
    saw it there (they ran over the whole article first): « … », calcula. Ela diz que …"""
    k = bisect.bisect_left(ctx.quoted, (pos, ""))
    ctx.last_person = ctx.quoted[k - 1] if k else None


def find_indirect(ctx: Context) -> list[Quote]:
    """Reported statements outside quotation marks, with their speakers."""
    found = _after_verbs(ctx)
    taken = [(q.start, q.end) for q in found]
    for q in [*_after_sources(ctx), *_before_postpositions(ctx)]:
        if not any(s < q.end and q.start < e for s, e in taken):
            found.append(q)
            taken.append((q.start, q.end))
    return sorted(found, key=lambda q: q.start)


_POST_NP_WORDS = 5  # "Landrat Jan Kurz zufolge", "Dem Bericht des Amtes zufolge"


def _before_postpositions(ctx: Context) -> list[Quote]:
    """ "Kurz zufolge soll das Programm im Mai starten": a source phrase that follows its
    speaker (the pack's ``postpositions``) opening the sentence; the rest is reported."""
    L = lang()
    if L.postposition is None:
        return []
    text, masked = ctx.text, ctx.masked
    out: list[Quote] = []
    para_starts = [p[0] for p in ctx.paras]
    for m in L.postposition.finditer(masked):
        para = bisect.bisect_right(para_starts, m.start()) - 1
        lo, hi = ctx.sentence_of(m.start(), para)
        while lo < m.start() and not masked[lo].isalnum():
            lo += 1
        if len(_WORDS.findall(masked, lo, m.start())) > _POST_NP_WORDS:
            continue
        ph = subject_after(masked, lo - 1 if lo else lo, m.start())
        if ph is None or masked[ph.end : m.start()].strip():
            continue
        speaker, role, factor = resolve(ctx, ph, para)
        if speaker is None:
            speaker, role, factor = ph.name, None, KIND_FACTOR["org"]
        start, end = _clause_after(text, m.end(), hi)
        if end - start < 8 or not _quoted_inside(ctx, lo, hi, start):
            continue
        out.append(
            reported(text, start, end, ph, speaker, role, INDIRECT_CONFIDENCE * factor, m.group())
        )
    return out


def _clause_after(text: str, start: int, hi: int) -> tuple[int, int]:
    """The reported clause after its source, up to the sentence end ``hi``: without the
    comma and spaces that follow the source, or the stop and spaces that end the sentence."""
    while start < hi and (text[start].isspace() or text[start] == ","):
        start += 1
    end = hi
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return start, end


def _after_sources(ctx: Context) -> list[Quote]:
    """Sentences that open with their source: "According to the report, …", "Selon le
    maire, …", "Laut Keller wird …", "По словам Петрова, …", "Według Kowalskiego …"."""
    L = lang()
    if L.source_start is None:
        return []
    text, masked = ctx.text, ctx.masked
    out: list[Quote] = []
    para_starts = [p[0] for p in ctx.paras]
    done = -1
    # Only sentences that hold a capitalised source phrase are read (a scan, not a token pass).
    for m in L.source_start.finditer(masked):
        if m.start() < done:
            continue
        para = bisect.bisect_right(para_starts, m.start()) - 1
        lo, hi = ctx.sentence_of(m.start(), para)
        done = hi
        toks = tokens(masked, lo, min(hi, lo + 200))
        j = 0
        while j < len(toks) and (toks[j].low in L.connectives or not toks[j].text[:1].isalnum()):
            j += 1
        words = toks[j:]
        n = source_words(words)
        if not n or not words[0].text[:1].isupper():
            continue
        ph = source_speaker(masked, words, n, hi) or _source_np(masked, words[n - 1].end, hi)
        if ph is None:
            continue
        _on_the_floor(ctx, ph.start)
        speaker, role, factor = resolve(ctx, ph, para)
        if speaker is None and ph.kind == "person":
            # "Laut Vereinsangaben", "Nach Angaben des Landesamts": a capitalised word after
            # a source that names no one is the organisation or document it cites.
            speaker, role, factor = ph.name, None, KIND_FACTOR["org"]
        if speaker is None:
            continue
        start, end = _clause_after(text, ph.end, hi)
        if end - start < 8 or not _quoted_inside(ctx, lo, hi, start):
            continue
        cue = " ".join(w.low for w in words[:n])
        out.append(reported(text, start, end, ph, speaker, role, INDIRECT_CONFIDENCE * factor, cue))
    return out


_TAIL_WORDS = 4  # after the speaker: "fügte er hinzu", "сообщил Лебедев журналистам в пятницу"


# A comma, a dash or both between a reported clause and its cue ("…, сообщил", "… – dodał").
_CUE_SEP = re.compile(r"(?:,|,?[ \t]*[–—])[ \t]+$")


def _clause_before(
    ctx: Context, sep: int, at: int, verb_end: int, para_starts: list[int]
) -> Quote | None:
    """ "<clause>, <verb> <speaker> (…)." — the sentence's first clause reported by the cue
    after its comma or dash (which starts at ``sep``): "Nach der Pause habe die Mannschaft Mut
    gezeigt, fügte er hinzu", "Клуб направит жалобу в лигу, — сообщил Лебедев",
    "Prace potrwają rok – dodał burmistrz"."""
    L = lang()
    text, masked = ctx.text, ctx.masked
    para = bisect.bisect_right(para_starts, at) - 1
    lo, hi = ctx.sentence_of(at, para)
    ph = subject_after(masked, verb_end, hi)
    if ph is None:
        return None
    tail = _WORDS.findall(masked, ph.end, hi)
    if (
        "," in masked[ph.end : hi]
        or len(tail) > _TAIL_WORDS
        or any(
            w.lower() in L.finite or w.lower() in L.inverted_verbs or w.lower() in L.complementizers
            for w in tail
        )
    ):
        return None
    start = lo
    while start < at and (text[start].isspace() or text[start] in "–—-"):
        start += 1
    clause = _WORDS.findall(masked, start, sep)
    if len(clause) < 4 or clause[0].lower() in L.not_lead:
        return None  # too short to be a statement, or a subordinate clause ("Als er kam, …")
    if L.finite and not any(w.lower() in L.finite for w in clause):
        return None
    if not _quoted_inside(ctx, lo, hi, start):
        return None
    speaker, role, factor = resolve(ctx, ph, para)
    if speaker is None:
        return None
    end = sep
    while end > start and text[end - 1].isspace():
        end -= 1
    return reported(
        text, start, end, ph, speaker, role, INDIRECT_CONFIDENCE * factor, masked[at:verb_end]
    )


_NP_WORDS = 10  # "Selon le cabinet d'études mandaté par la ville, …"


def _opening_np(toks: list, masked: str, lo: int) -> Phrase | None:
    """The noun phrase that opens the sentence and runs straight into its reporting verb
    ("La organización ha anunciado que …", "O consórcio responsável pela obra informou
    que …"): a body or office speaks, named by what it is rather than by a name."""
    L = lang()
    k = len(toks) - 2
    while k >= 0 and (toks[k].low in L.aux_adverbs or toks[k].low in L.tail_aux):
        k -= 1
    if k < 0:
        return None
    j = k
    while j >= 0 and toks[j].text[:1].isalpha():
        j -= 1
    first = toks[j + 1]
    if (
        j >= 0
        or _WORDS.search(masked, lo, first.start)
        or not first.text[:1].isupper()
        or not 0 < k - j <= _NP_WORDS
        or any(t.low in L.finite or t.low in L.subject_pronouns for t in toks[j + 1 : k + 1])
    ):
        return None
    name = masked[first.start : toks[k].end]
    if first.low in L.determiners:
        return Phrase(name[0].lower() + name[1:], first.start, toks[k].end, "np")
    return Phrase(name, first.start, toks[k].end, "org")


def _source_np(masked: str, at: int, hi: int) -> Phrase | None:
    """The source after a source phrase when it is no person: a noun phrase of a few words
    up to its comma ("D'après la direction des services techniques, …", "Secondo fonti
    giudiziarie, …"), an office, body or document the clause is credited to."""
    comma = masked.find(",", at, min(hi, at + 120))
    if comma < 0:
        return None
    words = _WORDS.findall(masked, at, comma)
    if not 0 < len(words) <= _NP_WORDS or _SENTENCE_MARK.search(masked, at, comma):
        return None
    start = at + len(masked[at:comma]) - len(masked[at:comma].lstrip())
    return Phrase(masked[start:comma], start, comma, "org")


_SENTENCE_MARK = re.compile(r"x{3}|[.;:!?]")


def _after_verbs(ctx: Context) -> list[Quote]:
    """ "<speaker> <verb> (<hearer>) that <clause>" (que, dass, что, że …)."""
    L = lang()
    text, masked = ctx.text, ctx.masked
    out: list[Quote] = []
    done_until = -1
    para_starts = [p[0] for p in ctx.paras]
    if L.pro_drop:
        # Where verbs carry their subject, a sentence may open with its verb ("Disse que …").
        if L.indirect_hint is None:
            hits = [(m.group(), *m.span()) for m in L.verb_word.finditer(masked)]
        else:
            # Only where a reporting verb may stand; verb_word decides as before.
            hits = []
            for c in L.indirect_hint.finditer(masked):
                w = L.verb_word.match(masked, c.start())
                if w is not None:
                    hits.append((w.group(), *w.span()))
    else:
        hits = ctx.verbs  # the lower-case event verbs, reporting verbs among them
    for verb, w_start, w_end in hits:
        opening = verb[0].isupper()
        if opening:
            verb = verb.lower()
        if w_start < done_until:
            continue
        sep = (
            _CUE_SEP.search(masked, max(0, w_start - 5), w_start)
            if not opening and verb in L.inverted_verbs
            else None
        )
        if sep is not None:
            q = _clause_before(ctx, sep.start(), w_start, w_end, para_starts)
            if q is not None:
                out.append(q)
                done_until = q.end
                continue
        if verb not in L.indirect_verbs:
            continue
        clause_at = _clause_start(masked, verb, w_end)
        if clause_at is None:
            continue
        para = bisect.bisect_right(para_starts, w_start) - 1
        lo, hi = ctx.sentence_of(w_start, para)
        lo, hi = max(lo, w_start - 400), min(hi, w_end + 600)
        if clause_at >= hi or not _quoted_inside(ctx, lo, hi, clause_at):
            continue
        toks = tokens(masked, max(lo, w_start - 240), w_end)
        if not toks or not verb_ok(toks, len(toks) - 1):
            continue
        ph = None if opening else subject_before(masked, lo, w_start)
        if ph is None:
            ph = _implicit_subject(toks, masked, lo)
        if ph is None and L.bare_comma and (a := _as_opener(masked, w_end)) is not None:
            ph = subject_after(masked, a, w_start)  # Wie Kühn am Montag betonte, …
        if ph is None and not opening and L.body_subjects:
            ph = _opening_np(toks, masked, lo)
        if ph is None:
            continue
        _on_the_floor(ctx, ph.start)
        speaker, role, factor = resolve(ctx, ph, para)
        if speaker is None:
            continue
        end = hi
        cut = L.clause_end.search(text, clause_at, hi)
        if cut:
            end = cut.start()
        while end > clause_at and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
            end -= 1
        if end - clause_at < 8:
            continue
        done_until = hi
        out.append(
            reported(text, clause_at, end, ph, speaker, role, INDIRECT_CONFIDENCE * factor, verb)
        )
    return out
