"""Speakers: noun phrases next to a cue, names with titles, surnames and pronouns.

``subject_before`` / ``subject_after`` read the speaker phrase on either side of a cue verb;
``Registry`` knows every full name in the article so "Putin" becomes "Vladimir Putin", and
resolves pronouns to the one person (or document) they can refer to, or to nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.quotes.cues import is_cap
from bot.quotes.pack import lang

Kind = str  # "person" | "org" | "document" | "group" | "pronoun" | "np"


class Tok(NamedTuple):
    """A token and where it is; a tuple because thousands are made per article."""

    text: str
    start: int
    end: int
    low: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """A speaker phrase: what it names (``name``), its title, where it is, and its kind."""

    name: str
    start: int
    end: int
    kind: Kind
    role: str | None = None


_new_tuple = tuple.__new__  # Tok's own __new__ is a Python function: a call per token


@lru_cache(maxsize=512)
def _tokens(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> tuple[Tok, ...]:
    out = []
    for m in pattern.finditer(text, lo, hi):
        w = m.group()
        s, e = m.span()
        out.append(_new_tuple(Tok, (w, s, e, w.lower())))
    return tuple(out)


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    """Tokens of ``text[lo:hi]`` (cached: the rules look at the same stretches repeatedly)."""
    return list(_tokens(lang().token, text, lo, hi))


def clear_token_cache() -> None:
    _tokens.cache_clear()


def _possessive(word: str) -> bool:
    return word.endswith(("’s", "'s", "s’", "s'")) and len(word) > 2


def _is_title(word: str) -> bool:
    L = lang()
    memo = L.title_memo
    got = memo.get(word)
    if got is None:
        low = word.lower()
        # Compounds that end in a title (Wirtschaftsministerin, Pressesprecher).
        got = low in L.titles or (
            L.role_holder and len(low) > 6 and low.isalpha() and low.endswith(L.compound_titles)
        )
        if not got and L.role_holder and "-" in low:
            # Grünen-Politikerin, ex-ministro: a hyphenated compound ending in a title
            got = _is_title(low.rsplit("-", 1)[-1])
        if len(memo) >= 100_000:
            memo.clear()  # a long-running bot sees new words for ever
        memo[word] = got
    return got


def _name_token(word: str) -> bool:
    L = lang()
    if not is_cap(word) or _possessive(word):
        return False
    if word.lower() in L.not_names:
        return False
    return not word.isupper() or len(word) > 1 or word.endswith(".")


def _occupation_guess(word: str) -> bool:
    """A capitalised word shaped like an occupation ("Fishmonger", "Fisherman")."""
    L = lang()
    low = word.lower()
    return len(low) > 6 and low.isalpha() and low.endswith(L.occupation_endings)


def _gerund(word: str) -> bool:
    """ "Hosting", "Citing": a sentence-opening participle rather than a first name."""
    return len(word) > 5 and word.endswith(lang().gerund_endings) and word[1:].islower()


def _opens_sentence_at(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \t")
    return not before or before[-1] in '.!?\n"“”'


def _role_modifier(tok: Tok) -> bool:
    """A lower-case word that can qualify a title before a name ("council" leader, "fire"
    chief); verbs, adverbs and function words cannot."""
    L = lang()
    low = tok.low
    if not (tok.text.isalpha() or "-" in tok.text) or not tok.text.islower():
        return False
    if low in L.retired:
        return True
    if (
        low in L.role_stop
        or low in L.determiners
        or low in L.aux_adverbs
        or low in L.passive_aux
        or low in L.subject_pronouns
        or low in L.speech_verbs
        or low in L.verb_like
    ):
        return False
    return not low.endswith(L.not_role_endings)


def person_role_np(phrase: str) -> bool:
    """ "the senator", "the retired neurosurgeon", "the 46-year-old": a definite noun phrase
    whose head names one person by role."""
    L = lang()
    words = phrase.split()
    if len(words) < 2 or words[0].lower() not in L.definite:
        return False
    head = words[-1].lower()
    if head in L.qualifiers or head in L.org_words or head in L.document_nouns:
        return False
    return (
        head in L.titles
        or head.endswith(L.title_suffixes)
        or L.age.fullmatch(head) is not None
        or (len(head) > 5 and head.endswith(L.role_endings) and head not in L.not_agent)
    )


def role_word(word: str) -> bool:
    """A word that can stand in a role before a name: a title, a capitalised qualifier, a
    possessive or a plain modifier, never a verb or function word."""
    L = lang()
    w = word.strip(",")
    if not w:
        return False
    low = w.lower()
    if low in L.titles or _possessive(w) or low in L.definite:
        return True
    if is_cap(w):
        return low not in L.not_names
    tok = Tok(w, 0, len(w), low)
    return _role_modifier(tok)


def kind_of(name: str) -> Kind:
    L = lang()
    memo = L.kind_memo
    got = memo.get(name)
    if got is None:
        got = _kind_of(L.org_words, name)
        if len(memo) >= 100_000:
            memo.clear()
        memo[name] = got
    return got


def _kind_of(org_words: frozenset[str], name: str) -> Kind:
    words = name.replace("’s", "").split()
    if not words:
        return "np"
    if any(w.lower().strip(".,") in org_words for w in words):
        return "org"
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
        return "org"
    return "person"


def _clean_role(toks: list[Tok], text: str) -> str | None:
    L = lang()
    while toks and toks[0].low in L.role_lead:
        toks = toks[1:]
    while toks and toks[-1].low in L.role_links:
        toks = toks[:-1]
    role_words = [t for t in toks if t.low not in L.honorifics]
    if not role_words or not any(
        _is_title(t.text) or _occupation_guess(t.text) for t in role_words
    ):
        return None
    return text[role_words[0].start : role_words[-1].end]


def _name_phrase(toks: list[Tok], text: str, end_idx: int) -> Phrase | None:
    """The name ending at ``toks[end_idx]`` with the title words before it."""
    L = lang()
    i = end_idx
    name_start = i
    while i >= 0:
        w = toks[i].text
        if _name_token(w) and not (_is_title(w) and i < end_idx):
            name_start = i
            i -= 1
            continue
        if w.lower() in L.name_particles and i < end_idx and i > 0 and is_cap(toks[i - 1].text):
            name_start = i
            i -= 1
            continue
        break
    if name_start > end_idx:
        return None
    # Organisations swallow the capitalised words before them (the State Department).
    if toks[end_idx].low in L.org_words:
        while name_start > 0 and is_cap(toks[name_start - 1].text):
            if toks[name_start - 1].low in L.not_names or _possessive(toks[name_start - 1].text):
                break
            name_start -= 1
    name_toks = toks[name_start : end_idx + 1]
    # Title words inside the capitalised run (Foreign Minister Wang Yi) belong to the role.
    while len(name_toks) > 1 and _is_title(name_toks[0].text):
        name_toks = name_toks[1:]
    # "Fishmonger Grace Bell" at a sentence start: an occupation, then a full name.
    if (
        len(name_toks) > 2
        and _occupation_guess(name_toks[0].text)
        and _opens_sentence_at(text, name_toks[0].start)
    ):
        name_toks = name_toks[1:]
    role_toks: list[Tok] = []
    modifiers = 0
    j = name_start - 1
    while j >= 0 and len(role_toks) < 8:
        w = toks[j].text
        if (
            _is_title(w)
            or (is_cap(w) and w.lower() not in L.not_names)
            or _possessive(w)
            or (w.lower() in L.role_links and role_toks)
        ):
            role_toks.insert(0, toks[j])
        elif (
            role_toks
            and modifiers < 2
            and any(_is_title(t.text) for t in role_toks)
            and _role_modifier(toks[j])
        ):
            # council leader Aisha Rahman / fire chief Dana Whitlock
            modifiers += 1
            role_toks.insert(0, toks[j])
        else:
            break
        j -= 1
    head = toks[name_start : name_start + (end_idx + 1 - name_start) - len(name_toks)]
    role = _clean_role(role_toks + head, text)
    ns, ne = name_toks[0].start, name_toks[-1].end
    name = text[ns:ne]
    if name.lower() in L.not_names or _is_title(name):
        return None
    start = (role_toks + head)[0].start if role and (role_toks + head) else ns
    return Phrase(name, start, ne, kind_of(name), role)


def _np_back(toks: list[Tok], text: str, end_idx: int) -> Phrase | None:
    """A lower-case noun phrase ending at ``end_idx``: "the joint statement", "officials"."""
    L = lang()
    last = toks[end_idx]
    if last.low in L.aux_adverbs or last.low in L.not_names:
        return None
    if not last.text.isalpha() and L.age.fullmatch(last.low) is None:
        return None
    reach = 6
    k = end_idx
    while k > max(-1, end_idx - reach):
        w = toks[k]
        if (
            w.low in L.genitives
            and k > 0
            and k < end_idx
            and toks[k - 1].text.replace("-", "").isalpha()
            and toks[k - 1].text.islower()
        ):
            # le porte-parole du gouvernement: "du" joins two nouns, the phrase goes on.
            k -= 1
            continue
        if w.low in L.determiners:
            if k == end_idx:
                return None
            if not _speaker_noun(last.low):
                return None
            phrase = text[w.start : last.end]
            return Phrase(_canonical_np(phrase), w.start, last.end, _np_kind(last.low))
        if not (w.text.isalpha() or "-" in w.text or w.text.endswith(".") or _possessive(w.text)):
            break
        if (
            w.low in L.and_words
            and reach == 6
            and k + 1 <= end_idx
            and toks[k + 1].low not in L.determiners
            and k > 0
            and _is_title(toks[k - 1].text)
        ):
            # "the Florida senator and Republican presidential candidate": one person, two
            # roles under one determiner.
            reach = 11
            k -= 1
            continue
        if w.low in L.np_stop or (k < end_idx and w.low in L.subject_pronouns):
            break
        k -= 1
    if last.low in L.group_nouns:
        k = end_idx
        while k > 0 and end_idx - k < 3 and toks[k - 1].text[:1].isalpha():
            if (
                toks[k - 1].low in L.aux_adverbs
                or toks[k - 1].low in L.subject_pronouns
                or toks[k - 1].low in L.group_stop
            ):
                break
            k -= 1
        return Phrase(text[toks[k].start : last.end], toks[k].start, last.end, "group")
    return None


def _speaker_noun(word: str) -> bool:
    """A head noun that can speak: a role, a group, a document, an agent noun, a compound
    of a title ("neurosurgeon") or an age ("the 46-year-old")."""
    L = lang()
    word = word.lower()
    plural, singular = L.title_plural
    if plural and word.endswith(plural) and word[: -len(plural)] + singular in L.titles:
        return True  # chairmen, spokesmen, congressmen
    return (
        word in L.speaker_nouns
        or (len(word) > 4 and word.endswith(L.agent_endings))
        or word.endswith(L.title_suffixes)
        or L.age.fullmatch(word) is not None
    )


def _np_kind(head: str) -> Kind:
    L = lang()
    if head in L.document_nouns:
        return "document"
    if head in L.group_nouns or head.endswith(L.plural_endings):
        return "group"
    return "np"


def _canonical_np(phrase: str) -> str:
    L = lang()
    words = phrase.split()
    if (
        words
        and words[0].lower() in L.articles - L.definite
        and words[-1].lower() in L.document_nouns
        and L.definite
    ):
        words[0] = min(L.definite)
    return " ".join(words)


def _opens_clause_at(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \t")
    return not before or before[-1] in '.!?\n"“”,:;'


def subject_before(text: str, lo: int, verb_start: int) -> Phrase | None:
    """The speaker phrase right before the verb at ``verb_start`` (searching back to ``lo``)."""
    L = lang()
    toks = tokens(text, max(lo, verb_start - 160), verb_start)
    i = len(toks) - 1
    while i >= 0 and toks[i].low in L.aux_adverbs:
        i -= 1
    if i < 0:
        return None
    if toks[i].text == "," and i > 0 and toks[i - 1].text == ")":
        i -= 1  # "Gov. Ann Lee (R-Ohio), said": the comma closes the aside, not an appositive
    t = toks[i]
    if t.text in {",", ")"}:
        # An appositive or aside between subject and verb: Smith, a spokesman for X, said.
        closing = t.text
        opening = "," if closing == "," else "("
        j = i - 1
        while j >= 0 and i - j <= 18 and toks[j].text != opening:
            if toks[j].text in {".", ";", ":", "“", "”", '"'}:
                return None
            j -= 1
        if j <= 0 or toks[j].text != opening:
            return _person_before_aside(toks, text, i) if opening == "," else None
        first = toks[j + 1].low if j + 1 < i else ""
        # Blunt, after a long pause, said / Eastland, wearing a cowboy hat, said
        adverbial = first in L.adverbial_openers or (
            len(first) > 5 and first.endswith(L.gerund_endings)
        )
        if opening == "," and not (
            first in L.aside_openers
            or _is_title(first)
            or any(_is_title(x.text) for x in toks[j + 1 : min(i, j + 6)])
            or is_cap(toks[j + 1].text)
            or first[:1].isdigit()
            or adverbial
        ):
            return _person_before_aside(toks, text, i)
        inner = subject_before_tokens(toks, text, j - 1)
        if inner is None and opening == ",":
            # California Rep. Duncan Hunter's chief of staff, Joe Kasper, told …: a role with
            # no determiner, then the name it belongs to.
            named = _appositive_name(toks, text, j)
            if named is not None and named.end == toks[i - 1].end and toks[j - 1].text.islower():
                k = j - 1
                while k > 0 and toks[k - 1].text not in _CLAUSE_MARKS:
                    k -= 1
                if (
                    _opens_clause_at(text, toks[k].start)
                    and j - k <= 8
                    and any(_is_title(t.text) and t.text.islower() for t in toks[k:j])
                ):
                    role = text[toks[k].start : toks[j - 1].end]
                    return Phrase(named.name, toks[k].start, named.end, "person", role)
            return _person_before_aside(toks, text, i)
        if inner is None:
            return None
        if adverbial:
            # Blunt, after a long pause, said …: only a name or pronoun stands before it.
            if inner.kind not in {"person", "pronoun"} or not _opens_clause_at(text, inner.start):
                return None
            return inner
        if inner.kind in {"np", "group"} and opening == ",":
            # The company's chief executive, John Smith, said …
            named = _appositive_name(toks, text, j)
            if named is not None and named.end == toks[i - 1].end:
                role = inner.name[0].lower() + inner.name[1:]
                return Phrase(named.name, inner.start, named.end, "person", role)
        aside = text[toks[j + 1].start : toks[i - 1].end] if i - 1 > j else ""
        if inner.kind == "person" and inner.role is not None and opening == ",":
            # La concejala de Izquierda Vecinal, Rocío Alarcón, sostiene: a role that ends in
            # an institution's name, then the person's name in the appositive.
            named = _appositive_name(toks, text, j)
            if (
                lang().role_holder
                and named is not None
                and named.end == toks[i - 1].end
                and _opens_clause_at(text, inner.start)
            ):
                return Phrase(named.name, inner.start, named.end, "person", inner.role)
        if inner.kind in {"person", "org"} and inner.role is None and opening == ",":
            # L'entraîneur de Port-Sainte-Marie, Didier Caron, a reconnu: the name in the
            # appositive, not the place in the role before it.
            named = _appositive_name(toks, text, j)
            if named is not None and named.end == toks[i - 1].end:
                k0 = next((x for x in range(j) if toks[x].start >= inner.start), j)
                role_toks = toks[max(0, k0 - 6) : k0]
                # Only the role's own clause: what follows the last sentence break before it.
                for b in range(len(role_toks) - 1, -1, -1):
                    if role_toks[b].text in _CLAUSE_MARKS:
                        role_toks = role_toks[b + 1 :]
                        break
                if role_toks and any(_is_title(t.text) for t in role_toks):
                    lo_role = role_toks[0].start
                    role_text = text[lo_role : inner.end]
                    return Phrase(named.name, lo_role, named.end, "person", role_text)
        if inner.kind == "person" and inner.role is None and aside and opening == ",":
            first = aside.split()[0].lower() if aside.split() else ""
            if first in L.appositive_roles or _is_title(first):
                inner = Phrase(inner.name, inner.start, inner.end, inner.kind, aside)
        return inner
    found = subject_before_tokens(toks, text, i)
    if found is None or found.kind in {"np", "document", "group"}:
        # "Mia Torres, the analyst who founded the site wrote": the site did not write.
        return _person_before_open_relative(toks, text, i) or found
    return found


# Tokens that end the clause before a subject: punctuation and any quotation mark.
_CLAUSE_MARKS = frozenset(',.;:!?"“”«»„‟‹›')


def _person_before_open_relative(toks: list[Tok], text: str, i: int) -> Phrase | None:
    """ "Nate Silver, the polling guru who founded the site tweeted …": an appositive with a
    relative clause whose closing comma the writer left out; the named person speaks."""
    L = lang()
    for j in range(i, max(0, i - 16), -1):
        w = toks[j].text
        if w in {".", ";", ":", "?", "!", "“", "”", '"'}:
            return None
        if w != "," or j + 1 > i:
            continue
        aside = toks[j + 1 : i + 1]
        if toks[j + 1].low not in L.aside_openers or not any(t.low in L.relatives for t in aside):
            return None
        inner = subject_before_tokens(toks, text, j - 1)
        if inner is None or inner.kind != "person" or not _opens_clause_at(text, inner.start):
            return None
        return inner
    return None


_ASIDE_REACH = 30  # tokens: "Anne Ruiz, assistant secretary for refugees, asylum and migration,"


def _person_before_aside(toks: list[Tok], text: str, i: int) -> Phrase | None:
    """A named person opening the clause, then a longer noun-phrase aside, then the cue:
    "Republican pollster Dan Meyer, part of the team that runs the survey, told …", "Anne
    Ruiz, assistant secretary for refugees, asylum and migration, said …". The aside may
    hold commas and a short quotation of its own; only a person's name (not a pronoun or a
    common noun) is taken, and only where it opens its clause."""
    L = lang()
    for j in range(i - 1, max(-1, i - _ASIDE_REACH), -1):
        w = toks[j].text
        if w in {".", ";", ":", "?", "!"}:
            return None
        if w != "," or j == 0 or j + 1 >= i:
            continue
        first = toks[j + 1]
        if not first.text.isalpha() or not first.text.islower():
            continue
        if (
            first.low in L.finite
            or first.low in L.speech_verbs
            or first.low in L.connectives
            or first.low in L.subject_pronouns
            or first.low in L.role_stop
        ):
            continue
        inner = subject_before_tokens(toks, text, j - 1)
        if inner is None or inner.kind != "person" or not _opens_clause_at(text, inner.start):
            continue
        return inner
    return None


def subject_before_tokens(toks: list[Tok], text: str, i: int) -> Phrase | None:
    L = lang()
    if i < 0:
        return None
    t = toks[i]
    if t.text == ")":
        # A party and state after a name: "Sen. Ann Lee (R-Ore.)" speaks as Ann Lee.
        k = i - 1
        while k >= 0 and i - k <= 6 and toks[k].text != "(":
            k -= 1
        if k <= 0 or toks[k].text != "(" or not _name_token(toks[k - 1].text):
            return None
        named = _name_phrase(toks, text, k - 1)
        return named if named is not None and named.kind == "person" else None
    if t.low in L.subject_pronouns:
        return Phrase(t.text, t.start, t.end, "pronoun")
    if L.role_holder and _is_title(t.text) and (i == 0 or not toks[i - 1].text[:1].isalnum()):
        return Phrase(t.text, t.start, t.end, "np")  # Burmistrz odpowiada: …
    if t.text.startswith("x") and set(t.text) == {"x"} and len(t.text) > 3:
        return None  # a masked quotation, not a phrase
    if _name_token(t.text):
        named = _name_phrase(toks, text, i)
        if named is not None:
            return named
    return _np_back(toks, text, i)


def _document_author(toks: list[Tok], text: str, hi: int) -> Phrase | None:
    """ "(the) documents released by the Ministry of Transport": the ministry speaks."""
    L = lang()
    k = 1 if toks[0].low in L.determiners else 0
    while k < len(toks) and k < 4 and toks[k].text.isalpha() and toks[k].text.islower():
        if toks[k].low in L.document_nouns or toks[k].low.rstrip("s") in L.document_nouns:
            break
        k += 1
    if k + 2 >= len(toks) or not (
        toks[k].low in L.document_nouns or toks[k].low.rstrip("s") in L.document_nouns
    ):
        return None
    if toks[k + 1].low not in L.author_participles or toks[k + 2].low not in L.author_by:
        return None
    author = subject_after(text, toks[k + 2].end, hi)
    if author is None or author.kind == "pronoun":
        return None
    rest = tokens(text, author.end, min(hi, author.end + 80))
    if is_cap(author.name.split()[-1]) and len(rest) > 1 and rest[0].low in L.of_words:
        # "the Ministry of Transport": an institution's name runs on through "of".
        m = 1
        while m < len(rest) and is_cap(rest[m].text) and rest[m].low not in L.not_names:
            m += 1
        if m > 1:
            end = rest[m - 1].end
            name = text[author.start : end]
            return Phrase(_canonical_np(name), author.start, end, "org", author.role)
    return author


def subject_after(text: str, start: int, hi: int) -> Phrase | None:
    """The speaker phrase that follows an inverted cue ("said Putin", "said the statement")."""
    L = lang()
    toks = tokens(text, start, min(hi, start + 200))
    if L.role_holder:
        # sostiene invece Marco Zanetti / skarży się emeryt: adverbs and particles first.
        while len(toks) > 1 and (
            toks[0].low in L.aux_adverbs
            # заверил журналистов министр …: the hearer before the speaker's title
            or (
                len(toks) > 2
                and toks[0].text.isalpha()
                and toks[0].text.islower()
                and toks[0].low not in L.determiners
                and toks[0].low not in L.np_breaks
                and not _is_title(toks[0].text)
                and _speaker_starts(toks, 1)
            )
            # powiedział PAP rzecznik …: an agency's initials as the hearer
            or (
                len(toks) > 2
                and toks[0].text.isupper()
                and toks[0].text.isalpha()
                and len(toks[0].text) > 1
                and _speaker_starts(toks, 1)
            )
        ):
            toks = toks[1:]
        # рассказал «Известиям» Иван Петров: a newspaper in quotation marks as the hearer
        if (
            len(toks) > 4
            and _QUOTED_PART.fullmatch(toks[0].text)
            and _QUOTED_PART.fullmatch(toks[2].text)
            and _speaker_starts(toks, 3)
        ):
            toks = toks[3:]
        # сказала на выходе учительница …, przekonywała na konferencji prasowej minister …,
        # отметил в беседе с корреспондентом Иван Петров: a place, time or occasion (a
        # preposition and up to three words) before the speaker's title or full name.
        if len(toks) > 3 and toks[0].low in L.np_breaks:
            for n in (2, 3, 4):
                if (
                    len(toks) > n + 1
                    and _speaker_starts(toks, n)
                    and all(
                        t.text.replace("-", "").isalpha()
                        and t.low not in L.determiners
                        and not _is_title(t.text)
                        for t in toks[1:n]
                    )
                ):
                    toks = toks[n:]
                    break
    if not toks:
        return None
    first = toks[0]
    if first.low in L.hearer_preps and first.low not in L.determiners and len(toks) > 3:
        # affirme au Monde Nadia Chérif / reconoció a este diario el alcalde: the hearer
        # between the verb and its subject.
        for k in range(2, min(5, len(toks))):
            w = toks[k]
            if w.low in L.hearer_preps or not w.text[:1].isalpha():
                break
            if w.low in L.determiners or _is_title(w.text) or _name_token(w.text):
                ph = subject_after(text, w.start, hi)
                if ph is not None and ph.kind in {"person", "np"}:
                    return ph
        return None
    if first.low in L.subject_pronouns and first.low not in L.not_speaker_pronouns:
        return Phrase(first.text, first.start, first.end, "pronoun")
    author = _document_author(toks, text, hi)
    if author is not None:
        return author
    if first.low in L.determiners:
        k = 1
        while k < len(toks) and k < 7 and toks[k].text[:1].isalnum():
            if toks[k].low in L.np_breaks:
                break
            k += 1
        if k == 1:
            return None
        if (
            k + 1 < len(toks)
            and k >= 3
            and toks[k].low in L.familiar_preps
            and (
                toks[k - 1].low in L.familiar_adjectives
                or toks[k - 1].low.endswith(L.participle_endings)
            )
            and _speaker_noun(toks[k - 2].low)
        ):
            # said a person close to the Clintons / a source familiar with the talks
            end = k + 1
            while end < len(toks) and end - k <= 6 and toks[end].text[:1].isalnum():
                end += 1
            if end > k + 1:
                return Phrase(
                    _canonical_np(text[first.start : toks[end - 1].end]),
                    first.start,
                    toks[end - 1].end,
                    "np",
                )
        if L.role_holder and k > 1 and (_is_title(toks[1].text) or toks[1].text.islower()):
            # explicou o comandante distrital da Proteção Civil, Paulo Sequeira: the name in
            # the appositive, not the institution that ends the role.
            phrase = text[first.start : toks[k - 1].end]
            named = _appositive_name(toks, text, k)
            if named is None and k < len(toks) and toks[k].text == ",":
                # prévient le chef de service, le docteur Rachid Hamidi
                again = subject_after(text, toks[k].end, hi)
                if again is not None and again.kind == "person" and " " in again.name:
                    named = again
            if named is not None:
                return Phrase(named.name, first.start, named.end, "person", phrase)
        if L.role_holder and len(toks) > 2 and _is_title(toks[1].text):
            # betont die Beauftragte des Verbands, Dr. Miriam Ostrowski: the name after it
            named = _appositive_name(toks, text, k)
            if named is not None:
                role = text[toks[1].start : toks[k - 1].end]
                return Phrase(named.name, first.start, named.end, "person", role)
            # ha annunciato l'assessore ai trasporti Paolo Neri
            named = _title_then_name(toks[1:], text)
            if named is not None:
                return Phrase(named.name, first.start, named.end, "person", named.role)
            if not is_cap(toks[k - 1].text) and not _speaker_noun(toks[k - 1].low):
                # raconte le viticulteur de 58 ans: the role, for the person it stands for.
                return Phrase(text[first.start : toks[1].end], first.start, toks[1].end, "np")
        phrase = text[first.start : toks[k - 1].end]
        head = toks[k - 1].low
        if not (is_cap(toks[k - 1].text) or _speaker_noun(head)):
            # ha dichiarato la direttrice del museo, Silvia Carraro, …
            named = _appositive_name(toks, text, k)
            if named is not None and any(_is_title(t.text) for t in toks[1:k]):
                return Phrase(named.name, first.start, named.end, "person", phrase)
            return None
        if is_cap(toks[k - 1].text) and kind_of(phrase) == "person":
            named = _name_phrase(toks, text, k - 1)
            if named is not None:
                return named
        named = _appositive_name(toks, text, k)
        if named is not None and _speaker_noun(head):
            # said the company's chief executive, John Smith, …
            return Phrase(named.name, first.start, named.end, "person", phrase)
        return Phrase(_canonical_np(phrase), first.start, toks[k - 1].end, _np_kind(head))
    if (
        _is_title(first.text)
        and (first.text.islower() or L.role_holder)
        and (
            len(toks) < 2
            or (not toks[1].text[:1].isalnum() and not _QUOTED_PART.fullmatch(toks[1].text))
            or toks[1].low in L.np_breaks
        )
        and first.low not in L.determiners
    ):
        # – powiedział burmistrz: a role with no article (Polish, Russian).
        return Phrase(first.text, first.start, first.end, "np")
    # said council leader Aisha Rahman: lower-case words of a role before the name.
    m = 0
    while m < min(6, len(toks)) and (
        _is_title(toks[m].text)
        or (toks[m].text.islower() and _role_modifier(toks[m]))
        or (m == 0 and is_cap(toks[m].text) and _possessive(toks[m].text))
    ):
        m += 1
    if 1 < m < len(toks) and _is_title(toks[m - 1].text) and toks[m].text == ",":
        # said Rubio's deputy campaign manager, Rich Beeson, …
        named = _appositive_name(toks, text, m)
        if named is not None:
            return Phrase(
                named.name, first.start, named.end, "person", text[first.start : toks[m - 1].end]
            )
    if not (
        0 < m < len(toks)
        and (_is_title(toks[m - 1].text) or m == 1 or (L.role_holder and _is_title(first.text)))
        and _name_token(toks[m].text)
    ):
        m = 0
    k = m
    while (
        k < len(toks)
        and k < 10
        and (
            _name_token(toks[k].text)
            or _is_title(toks[k].text)
            or (toks[k].low in L.name_links and k > 0)
            or (toks[k].low in L.name_particles and k > 0)
        )
    ):
        k += 1
    while k > m and (toks[k - 1].low in L.name_links or toks[k - 1].low in L.name_particles):
        k -= 1
    if k == m:
        if first.low in L.group_nouns:
            return Phrase(first.text, first.start, first.end, "group")
        return _title_then_name(toks, text)
    phrase = _name_phrase(toks, text, k - 1)
    if phrase is None:
        return _title_then_name(toks, text) if L.role_holder else None
    # said Smith, a spokesman for the campaign.
    if phrase.role is None and k + 1 < len(toks) and toks[k].text == ",":
        nxt = toks[k + 1].low
        if nxt in L.articles or nxt in L.person_relatives or _is_title(nxt):
            stop = k + 1
            while stop < len(toks) and toks[stop].text not in {",", ".", ";", "—", "“", '"'}:
                stop += 1
            if nxt not in L.person_relatives and stop > k + 1:
                role = text[toks[k + 1].start : toks[stop - 1].end]
                phrase = Phrase(phrase.name, phrase.start, phrase.end, phrase.kind, role)
    return phrase


def _speaker_starts(toks: list[Tok], i: int) -> bool:
    """A speaker phrase starts at ``toks[i]``: a title, or a full name (two name words)."""
    return _is_title(toks[i].text) or (
        i + 1 < len(toks) and _name_token(toks[i].text) and _name_token(toks[i + 1].text)
    )


def _title_then_name(toks: list[Tok], text: str) -> Phrase | None:
    """A title, the words of its role, then the name: "заместитель мэра по строительству
    Елена Орлова", "dyrektor szpitala Małgorzata Lewandowska"."""
    if not toks or not _is_title(toks[0].text):
        return None
    j = 1
    while (
        j < len(toks)
        and j <= 8
        and (
            (
                toks[j].text.isalpha()
                and toks[j].text.islower()
                and toks[j].low not in lang().np_breaks
            )
            # директор предприятия «Теплосеть» Виктор Семёнов: a name in quotation marks
            or _QUOTED_PART.fullmatch(toks[j].text) is not None
        )
    ):
        j += 1
    if j < len(toks) and toks[j].text == "," and j > 1:
        # rzecznik straży pożarnej, mł. bryg. Łukasz Majewski
        named = _appositive_name(toks, text, j)
        if named is not None:
            return Phrase(
                named.name,
                toks[0].start,
                named.end,
                "person",
                text[toks[0].start : toks[j - 1].end],
            )
    if j >= len(toks) or not _name_token(toks[j].text):
        return None
    end = j
    while end + 1 < len(toks) and _name_token(toks[end + 1].text):
        end += 1
    named = _name_phrase(toks, text, end)
    if named is None or named.kind != "person":
        return None
    role = text[toks[0].start : toks[j - 1].end]
    return Phrase(named.name, toks[0].start, named.end, "person", role)


def _appositive_name(toks: list[Tok], text: str, k: int) -> Phrase | None:
    """A full personal name set off by a comma at ``toks[k]`` (", John Smith,"), or None;
    honorifics and rank abbreviations before it are skipped (", Dr. Miriam Ostrowski",
    ", mł. bryg. Łukasz Majewski")."""
    if k + 2 >= len(toks) or toks[k].text != ",":
        return None
    first = k + 1
    honorifics = lang().honorifics
    while first + 1 < len(toks) and (
        toks[first].low in honorifics or toks[first].low + "." in honorifics
    ):
        first += 2 if toks[first + 1].text == "." else 1
    j = first
    while (
        j < len(toks)
        and j - first < 5
        and (
            _name_token(toks[j].text)
            # Yannick Le Goff, Ana de Souza: a particle between two name words
            or (
                j > first
                and toks[j].low in lang().name_particles
                and j + 1 < len(toks)
                and _name_token(toks[j + 1].text)
            )
        )
    ):
        j += 1
    if j - first < 2:
        return None
    if j < len(toks) and toks[j].text not in {",", ".", ";", ")"}:
        return None
    ph = _name_phrase(toks, text, j - 1)
    if ph is None or ph.kind != "person" or " " not in ph.name:
        return None
    return ph


# A quotation masked to x's, or its marks, inside a role ("предприятия «Теплосеть»").
_QUOTED_PART = re.compile(r"x+|[«»„“”\"]")


def fold(word: str) -> str:
    """A name word in lower case without its case ending (Петрова, Петрову → петров;
    Kowalskiego → kowalsk), so the forms of one name match; languages whose pack lists no
    endings only lower-case it."""
    low = word.lower()
    endings = lang().name_endings
    if not low.endswith(endings):
        return low  # one test for the usual case: no ending to take off
    for ending in endings:
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            return low[: -len(ending)]
    return low


def _titles_before(text: str, start: int, lead: list[str]) -> list[str]:
    """Title words right before a name: in its capitalised run (Bürgermeisterin Anna
    Keller) or the word before it (la alcaldesa Carmen Ortega)."""
    titles = [w for w in lead if _is_title(w)]
    # ... or among the three words before it (rzecznik szpitala dr Marek Kaczmarek).
    before = text[max(0, start - 80) : start].split()[-6:]
    for k in range(len(before) - 1, -1, -1):
        word = before[k]
        if k == len(before) - 1 and word.endswith(",") and lang().role_holder:
            word = word[:-1]  # la alcaldesa de Villanueva, Marta Echeverría
        if not word.rstrip(".").replace("-", "").isalpha():
            break
        if word.endswith((".", "!", "?")) and not (
            _is_title(word) or word.lower() in lang().honorifics
        ):
            break  # "… Петров доволен. Нападающий Захаров": the sentence before is not his
        if len(before) - k > 3 and not lang().role_holder:
            break
        if _is_title(word):
            titles.append(word)
    return titles


def possessive_source(toks: list[Tok], text: str, k: int) -> Phrase | None:
    """ "in Bolton's view" / "in Forbes' words" at ``toks[k]`` (the preposition): the owner
    of the view, a named person or organisation, or None."""
    L = lang()
    if k + 2 >= len(toks) or toks[k].low not in L.view_preps:
        return None
    j = k + 1

    def apostrophe(m: int) -> bool:  # "Forbes’" comes as "Forbes" + "’"
        return (
            m + 1 < len(toks)
            and toks[m + 1].text in {"’", "'"}
            and toks[m].low.endswith(L.possessive_endings)
        )

    while j < len(toks) and j - k <= 4 and not (_possessive(toks[j].text) or apostrophe(j)):
        if not _name_token(toks[j].text):
            return None
        j += 1
    noun = j + 2 if j < len(toks) and apostrophe(j) else j + 1
    if noun >= len(toks) or j - k > 4 or toks[noun].low not in L.view_nouns:
        return None
    owner = _strip_possessive(toks[j].text)
    if not is_cap(owner):
        return None
    start = toks[k + 1].start
    end = toks[j].start + len(owner)
    name = text[start:end]
    return Phrase(name, start, end, kind_of(name))


def _strip_possessive(word: str) -> str:
    if word.endswith(("’s", "'s")):
        return word[:-2]
    if word.endswith(("s’", "s'")):
        return word[:-1]
    return word


class Registry:
    """Full names in an article and who a surname, title or pronoun points to."""

    def __init__(self, text: str, masked: str | None = None) -> None:
        L = lang()
        self.text = text
        self.by_last: dict[str, list[tuple[int, str]]] = {}
        # "f" or "m" where the first mention marks it (la maire Sophie Roux, o deputado …).
        self.gender: dict[str, str] = {}
        # Full names given with a title (Bürgermeisterin Anna Keller): who "the mayor" is.
        self.titled: dict[str, list[tuple[int, str]]] = {}
        self.title_of: dict[str, str] = {}  # full name -> the first title given with it
        fold_ = fold if L.name_endings else str.lower
        skip_lead, compounds = L.skip_lead, L.role_holder
        runs: list[tuple[int, int, list[str]]] = []
        # A name comes back many times an article: what its run says apart from where it
        # stands is worked out once (by run text, and whether its first word was dropped).
        leads: dict[str, tuple[int, list[str], list[str]]] = {}
        finals: dict[tuple[str, bool], tuple[list[str], str | None, str]] = {}
        for m in L.name_run.finditer(text):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "’'_"):
                continue
            group = m.group()
            split = leads.get(group)
            if split is None:
                words = group.split()
                # Drop leading sentence-openers, titles and possessive places ("Russia’s").
                # Titles are in skip_lead; _is_title adds only compounds, where roles resolve.
                k = 0
                while k < len(words) and (
                    words[k].lower() in skip_lead
                    or _possessive(words[k])
                    or (compounds and _is_title(words[k]))
                    or (("'" in words[k] or "’" in words[k]) and _elided_lead(words[k]))
                ):
                    k += 1
                base = words[k:]
                while len(base) > 1 and base[0].islower() and base[0] in L.name_particles:
                    base = base[1:]  # "Ansicht von Vogt" -> "Vogt" once "Ansicht" is dropped
                split = leads[group] = (k, words[:k], base)
            k, lead, base = split
            # "Fishmonger Grace Bell": an occupation, then a name; "Hosting Cook at ...": a
            # participle, then a surname.
            drop = (
                k == 0
                and len(base) > 1
                and _opens_sentence_at(text, start)
                and ((len(base) > 2 and _occupation_guess(base[0])) or _gerund(base[0]))
            )
            final = finals.get((group, drop))
            if final is None:
                words = base[1:] if drop else base[:]
                name: str | None = None
                last = ""
                if words:
                    words[-1] = _strip_possessive(words[-1])
                    if len(words) >= 2 and not words[-1].isupper():
                        joined = " ".join(words)
                        if kind_of(joined) == "person":
                            name = joined
                            last = fold_(words[-1]).rstrip(".")
                            if last in L.name_suffixes and len(words) > 2:
                                last = fold_(words[-2])
                final = finals[group, drop] = (words, name, last)
            words, name, last = final
            if not words:
                continue
            runs.append((start, m.end(), words))
            if name is not None:
                self.by_last.setdefault(last, []).append((start, name))
                if L.gender_words and name not in self.gender:
                    g = _gender_before(text, start, lead)
                    if g is not None:
                        self.gender[name] = g
                for title in _titles_before(text, start, lead) if L.role_holder else ():
                    self.titled.setdefault(fold_(title), []).append((start, name))
                    self.title_of.setdefault(name, title)
        # A person is also called by surname alone somewhere ("Bush"); places and teams
        # ("North Carolina", "Super Bowl") rarely are. Only persons compete for pronouns.
        alone: set[str] = set()
        for _, _, words in runs:
            if len(words) == 1:
                alone.add(fold_(words[0]))
        self.strong = {k for k in self.by_last if k in alone}
        # First names (pan Stanisław, Людмила Викторовна): the full names they open.
        self.by_first: dict[str, set[str]] = {}
        if L.first_names:
            for forms in self.by_last.values():
                for _, name in forms:
                    self.by_first.setdefault(fold_(name.split()[0]), set()).add(name)
        self._keys = {
            last: [_name_key(n) for _, n in forms] for last, forms in self.by_last.items()
        }
        # Where each surname's full forms stand (in text order), and full_name's answers.
        self._at = {last: [p for p, _ in forms] for last, forms in self.by_last.items()}
        self._full: dict[tuple[str, int], str] = {}
        # Persons named outside quotations: the candidates a pronoun may point to.
        self.mentions: list[tuple[int, int, str, bool]] = []
        for s, e, words in runs:
            if masked is not None and masked[s] == "x":
                continue
            last = fold_(words[-1])
            if last in self.by_last:
                full = self.full_name(last, s)
                if full:
                    self.mentions.append((s, e, full, last in self.strong))
        self._starts = [m[0] for m in self.mentions]

    def full_name(self, last: str, pos: int) -> str:
        last = fold(last)
        forms = self.by_last.get(last)
        if not forms:
            return ""
        # The full forms given before ``pos`` (all of them if none is): the answer depends
        # only on how many, so it is worked out once per surname and count.
        n = bisect.bisect_left(self._at[last], pos) or len(forms)
        got = self._full.get((last, n))
        if got is None:
            keys = self._keys[last][:n]
            got = self._full[last, n] = forms[0][1] if all(k == keys[0] for k in keys) else ""
        return got

    def canonical(self, name: str, pos: int) -> str:
        L = lang()
        words = [w for w in name.split() if w.lower() not in L.honorifics]
        if not words:
            return name
        if len(words) == 1:
            full = self.full_name(_strip_possessive(words[0]), pos)
            return full or self._by_first_name(words) or words[0]
        longer = self._by_first_name(words)
        if longer:
            return longer  # Людмила Викторовна: the start of a longer name given before
        if L.name_endings:
            # Ивана Петрова, Jana Kowalskiego: the inflected form of a name given before.
            folded = [fold(w) for w in words]
            for _, full in self.by_last.get(folded[-1], []):
                if [fold(w) for w in full.split()] == folded:
                    return full
        return " ".join(words)

    def _by_first_name(self, words: list[str]) -> str:
        """The one full name that opens with ``words`` ("Stanisław" → "Stanisław Gąsienica",
        "Людмила Викторовна" → "Людмила Викторовна Зайцева"), or ""."""
        if not self.by_first:
            return ""
        fulls = {
            n
            for n in self.by_first.get(fold(words[0]), ())
            if [fold(w) for w in n.split()[: len(words)]] == [fold(w) for w in words]
            and len(n.split()) > len(words)
        }
        return fulls.pop() if len(fulls) == 1 else ""

    def could_be_person(self, name: str) -> bool:
        """False for a lone capitalised word that names no one in the article where every
        noun is capitalised ("Unterstützung zu", "des Naturschutzbundes"): a surname alone
        counts once the article has given the full name."""
        if " " in name or not lang().noun_capitals:
            return True
        return fold(name) in self.by_last

    def titled_person(self, title: str, pos: int) -> str | None:
        """The person last named with ``title`` before ``pos`` ("la alcaldesa" → the
        "alcaldesa Carmen Ortega" of an earlier sentence), if only one person has it."""
        key = fold(title)
        named = self.titled.get(key, [])
        if not named and len(key) > 4 and lang().noun_capitals:
            # "die Ministerin" after "Wirtschaftsministerin Claudia Brandt": a compound
            # that ends in the title
            named = [x for k, v in self.titled.items() if k.endswith(key) for x in v]
        names = {n for s, n in named if s < pos}
        return names.pop() if len(names) == 1 else None

    def persons_between(self, lo: int, hi: int, strong: bool = True) -> list[tuple[int, str]]:
        """Persons named in [lo, hi); ``strong`` keeps only names also used as a bare surname
        (so "North Carolina" or "Super Bowl" do not count as rivals)."""
        i = bisect.bisect_left(self._starts, lo)
        out = []
        while i < len(self.mentions) and self.mentions[i][1] <= hi:
            s, _, full, is_strong = self.mentions[i]
            if is_strong or not strong:
                out.append((s, full))
            i += 1
        return out

    def last_document(self, lo: int, hi: int) -> Phrase | None:
        """The latest "a/the <adjective> <document>" between ``lo`` and ``hi``."""
        L = lang()
        best = None
        for m in L.doc_np.finditer(self.text, max(lo, hi - 1500), hi):
            if m.group(3).lower() in L.document_nouns:
                best = m
        if best is None:
            return None
        words = best.group(0).split()
        return Phrase(
            _canonical_np(" ".join([min(L.definite, default=words[0]), *words[1:]])),
            best.start(),
            best.end(),
            "document",
        )


def _gender_before(text: str, start: int, lead: list[str]) -> str | None:
    """The grammatical gender the words right before a name give it: the article or
    honorific of its title ("la maire Sophie Roux", "Sa voisine, Émilie Castan", "o
    deputado Carlos Lima", "Mme Odile Sarrazin"), from the pack's ``[names]
    feminine/masculine`` words; only title words may stand between them and the name."""
    L = lang()
    words = text[max(0, start - 60) : start].split()[-4:] + lead
    for k in range(len(words) - 1, -1, -1):
        w = words[k].lower()
        if k == len(words) - 1 and w.endswith(","):
            w = w[:-1]  # Sa voisine, Émilie Castan
        g = L.gender_words.get(w)
        if g is not None:
            return g
        if not _is_title(w):
            return None
    return None


def _elided_lead(word: str) -> bool:
    """ "L'assessora", "D'après": an elided article or preposition glued to a lower-case
    word at a sentence start, never part of a name (unlike O'Brien, D'Alema)."""
    m = _ELISION.match(word)
    return m is not None and word[m.end() : m.end() + 1].islower()


_ELISION = re.compile(r"\w{1,2}['’]")
_INITIAL = re.compile(r"[A-Z]\.")


@lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    words = [w for w in name.split() if not _INITIAL.fullmatch(w)]
    return f"{words[0]} {words[-1]}" if len(words) > 1 else name


def sentence_subject(
    text: str, lo: int, hi: int, known: Collection[str] = frozenset()
) -> Phrase | None:
    """The named subject (or pronoun) that opens the clause in [lo, hi), skipping an
    introductory phrase ("On Monday, Trump told …" → Trump)."""
    L = lang()
    toks = tokens(text, lo, hi)
    j = 0
    while j < len(toks) and toks[j].low in L.connectives:
        j += 1
    if j < len(toks) and (toks[j].low in L.intro_words or _gerund(toks[j].text)):
        # "On Monday, Trump told …" / "Continuing his answer, Carson said …"
        k = j
        while k < len(toks) and k - j < 15 and toks[k].text != ",":
            k += 1
        if k >= len(toks) or toks[k].text != ",":
            return None
        j = k + 1
    if j >= len(toks):
        return None
    first = toks[j]
    if first.low in L.subject_pronouns:
        return Phrase(first.text, first.start, first.end, "pronoun")
    owned = _possessive_subject(toks, text, j)
    if owned is not None:
        return owned
    if first.low in L.definite and j + 1 < len(toks) and is_cap(toks[j + 1].text):
        # "The Illinois Board of Elections was conclusive …": an institution by name.
        k = j + 1
        while k + 1 < len(toks) and (
            is_cap(toks[k + 1].text) or (toks[k + 1].low in L.of_words and k + 2 < len(toks))
        ):
            k += 1
        while k > j + 1 and toks[k].low in L.of_words:
            k -= 1
        name = text[toks[j].start : toks[k].end]
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        if kind_of(name) == "org" and (nxt[:1].islower() or nxt == ","):
            return Phrase(name, toks[j].start, toks[k].end, "org")
        return None
    if not (_name_token(first.text) or _is_title(first.text)):
        return _role_led_subject(toks, text, j)
    k = j
    while k + 1 < len(toks) and (
        _name_token(toks[k + 1].text)
        or _is_title(toks[k + 1].text)
        or (
            (toks[k + 1].low in L.name_particles or toks[k + 1].low in L.of_words)
            and k + 2 < len(toks)
        )
    ):
        k += 1
    while k > j and (toks[k].low in L.name_particles or toks[k].low in L.of_words):
        k -= 1
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    if not (nxt[:1].islower() or nxt in {",", ":", "("}):
        return None
    ph = _name_phrase(toks, text, k)
    if ph is None:
        return _role_led_subject(toks, text, j)
    # A lone capitalised word opening a sentence is only a subject if it is a known surname.
    lone = " " not in ph.name and fold(ph.name) not in known and not ph.role
    # ... or if an introductory phrase stands before it ("At the debate, Sanders said").
    if lone and not (ph.name.isupper() and len(ph.name) > 1) and (j == 0 or nxt in {",", ":"}):
        return _role_led_subject(toks, text, j)
    return ph


_ROLE_LEAD = 6  # role words before a full name: "Republican presidential front-runner"


def _role_led_subject(toks: list[Tok], text: str, j: int) -> Phrase | None:
    """A full name after the role words that open the clause: "Band member Ola Tveit shared
    …", "76-year-old Morton Hale, founder of …, endorsed …", "Mexican President Ana Ruiz
    urged …" (a first and last name: a lone capitalised word may be the role itself)."""
    m = j
    while m < len(toks) and m - j <= _ROLE_LEAD:
        k = m
        while k < len(toks) and _name_token(toks[k].text) and not _is_title(toks[k].text):
            k += 1
        nxt = toks[k].text if k < len(toks) else ""
        if k - m >= 2 and (nxt[:1].islower() or nxt in {",", "("}):
            ph = _name_phrase(toks, text, k - 1)
            if ph is not None and ph.kind == "person" and " " in ph.name:
                return ph
        if not role_word(toks[m].text) or toks[m].text == "," or toks[m].text in lang().and_words:
            return None
        m += 1
    return None


def _possessive_subject(toks: list[Tok], text: str, j: int) -> Phrase | None:
    """A clause opening with someone's role or document: "Hillary Clinton's right-hand woman
    rallied …", "Hoff's letter makes …", "Trump's state director, Mike Rubino, wrote …"."""
    L = lang()
    k = j
    while k < len(toks) and k - j < 3 and _name_token(toks[k].text):
        k += 1
    if k >= len(toks) or not (is_cap(toks[k].text) and _possessive(toks[k].text)):
        return None
    if not _name_token(_strip_possessive(toks[k].text)):
        return None  # "It's", "That's", "Here's": not an owner
    for m in range(k + 1, min(len(toks) - 1, k + 5)):
        w = toks[m]
        if not (w.text.isalpha() or "-" in w.text) or w.low in L.role_stop:
            return None
        if not w.text.islower() or not _speaker_noun(w.low) or w.low in L.qualifiers:
            continue
        if _is_title(toks[m + 1].text) and toks[m + 1].text.islower():
            continue  # "state director": the head comes later
        phrase = text[toks[j].start : w.end]
        named = _appositive_name(toks, text, m + 1)
        if named is not None:
            return Phrase(named.name, toks[j].start, named.end, "person", phrase)
        nxt = toks[m + 1]
        if nxt.text.isalpha() and nxt.text.islower() and nxt.low not in L.role_stop:
            # the phrase runs straight into its verb
            kind = "document" if w.low in L.document_nouns else "np"
            return Phrase(phrase, toks[j].start, w.end, kind)
    return None


def _pair_before(toks: list[Tok], text: str, ph: Phrase) -> Phrase | None:
    """ "Ann Lee and Tom Bell" for the name ``ph`` ("Tom Bell") after a joiner and a name."""
    i = next((k for k, t in enumerate(toks) if t.start == ph.start), None)
    if i is None or i < 2 or toks[i - 1].low not in lang().name_joiners:
        return None
    if not _name_token(toks[i - 2].text):
        return None
    first = _name_phrase(toks, text, i - 2)
    if first is None or first.kind != "person" or ph.kind != "person":
        return None
    return Phrase(f"{first.name} and {ph.name}", first.start, ph.end, "group")


def name_before_colon(text: str, lo: int, colon: int) -> Phrase | None:
    """ "… - Carl Bialik: "…"": a name standing alone right before a colon."""
    toks = tokens(text, max(lo, colon - 120), colon)
    if not toks or not _name_token(toks[-1].text):
        return None
    ph = _name_phrase(toks, text, len(toks) - 1)
    if ph is None:
        return None
    before = text[max(lo, colon - 120) : ph.start].rstrip()
    pair = _pair_before(toks, text, ph)
    if pair is not None:
        # "… - Ann Lee and Tom Bell: "…"": two people's joint words.
        ph, before = pair, text[max(lo, colon - 120) : pair.start].rstrip()
    # "More from Jones:" / "From the report:": the source named after a source preposition.
    lead = before.rsplit(None, 1)[-1].lower() if before.split() else ""
    if lead in lang().colon_from and ph.kind in {"person", "org"}:
        return ph
    if " " not in ph.name:
        return None
    if before and not before.endswith(("-", "—", "–", ".", ":")):
        return None
    return ph
