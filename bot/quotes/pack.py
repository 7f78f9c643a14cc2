"""The quote layer's view of a language pack (``bot/langpacks/<code>/quotes.toml``).

The attribution rules are the same for every language; what a speech verb, a title, a
pronoun or a source preposition looks like comes from the pack of the article's language.
``QuotePack`` holds those word lists (and a few sets derived from them, built once per
pack); ``using(pack)`` makes one the active pack while an article's quotes are found, and
``lang()`` reads it. A context variable rather than a parameter keeps the forty small
helpers' signatures as they are, and stays right across threads and tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.langpacks import load

DEFAULT_LANGUAGE = "en"


def _words(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.split())
    return frozenset(str(v) for v in value)


@dataclass(frozen=True, slots=True)
class QuotePack:
    """One language's quote knowledge; every set holds lower-case words."""

    code: str
    speech_verbs: frozenset[str] = frozenset()
    inverted_verbs: frozenset[str] = frozenset()
    framing_verbs: frozenset[str] = frozenset()
    indirect_verbs: frozenset[str] = frozenset()
    indirect_bare: frozenset[str] = frozenset()
    participles: frozenset[str] = frozenset()
    irregular_past: frozenset[str] = frozenset()
    phrasal: dict[str, str] = field(default_factory=dict)
    aux_adverbs: frozenset[str] = frozenset()
    passive_aux: frozenset[str] = frozenset()
    subject_pronouns: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    qualifiers: frozenset[str] = frozenset()
    retired: frozenset[str] = frozenset()
    role_stop: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    name_suffixes: frozenset[str] = frozenset()
    not_lead: frozenset[str] = frozenset()
    verb_like: frozenset[str] = frozenset()
    not_agent: frozenset[str] = frozenset()
    speaker_nouns: frozenset[str] = frozenset()
    adverbial_openers: frozenset[str] = frozenset()
    aside_openers: frozenset[str] = frozenset()
    intro_words: frozenset[str] = frozenset()
    connectives: frozenset[str] = frozenset()
    finite: frozenset[str] = frozenset()
    bare_openers: frozenset[str] = frozenset()
    phrasal_after: frozenset[str] = frozenset()
    author_participles: frozenset[str] = frozenset()
    author_by: frozenset[str] = frozenset()
    colon_from: frozenset[str] = frozenset()
    participle_with: frozenset[str] = frozenset()
    view_preps: frozenset[str] = frozenset()
    view_nouns: frozenset[str] = frozenset()
    occupation_endings: tuple[str, ...] = ()
    # Derived once per pack (see ``from_data``).
    event_verbs: frozenset[str] = frozenset()
    title_suffixes: tuple[str, ...] = ()
    np_stop: frozenset[str] = frozenset()
    skip_lead: frozenset[str] = frozenset()
    doc_np: re.Pattern[str] | None = None

    @classmethod
    def from_data(cls, code: str, data: dict[str, Any]) -> QuotePack:
        verbs = data.get("verbs", {})
        words = data.get("words", {})
        speech = _words(verbs.get("speech"))
        titles = _words(words.get("titles"))
        documents = _words(words.get("document_nouns"))
        groups = _words(words.get("group_nouns"))
        aux = _words(words.get("aux_adverbs"))
        indirect = _words(verbs.get("indirect"))
        doc_alt = "|".join(sorted(documents)) or r"(?!)"
        return cls(
            code=code,
            speech_verbs=speech,
            inverted_verbs=speech - _words(verbs.get("not_inverted")),
            framing_verbs=speech | _words(verbs.get("framing")),
            indirect_verbs=indirect,
            indirect_bare=_words(verbs.get("indirect_bare")),
            participles=_words(verbs.get("participles")),
            irregular_past=_words(verbs.get("irregular_past")),
            phrasal={k.lower(): str(v).lower() for k, v in data.get("phrasal", {}).items()},
            aux_adverbs=aux,
            passive_aux=_words(words.get("passive_aux")),
            subject_pronouns=_words(words.get("subject_pronouns")),
            determiners=_words(words.get("determiners")),
            group_nouns=groups,
            titles=titles,
            qualifiers=_words(words.get("qualifiers")),
            retired=_words(words.get("retired")),
            role_stop=_words(words.get("role_stop")),
            honorifics=_words(words.get("honorifics")),
            document_nouns=documents,
            org_words=_words(words.get("org_words")),
            not_names=_words(words.get("not_names")),
            name_particles=_words(words.get("name_particles")),
            name_suffixes=_words(words.get("name_suffixes")),
            not_lead=_words(words.get("not_lead")),
            verb_like=_words(words.get("verb_like")),
            not_agent=_words(words.get("not_agent")),
            speaker_nouns=titles | documents | groups | _words(words.get("speaker_nouns")),
            adverbial_openers=_words(words.get("adverbial_openers")),
            aside_openers=_words(words.get("aside_openers")),
            intro_words=_words(words.get("intro_words")),
            connectives=_words(words.get("connectives")),
            finite=_words(words.get("finite")),
            bare_openers=_words(words.get("bare_openers")),
            phrasal_after=_words(words.get("phrasal_after")),
            author_participles=_words(words.get("author_participles")),
            author_by=_words(words.get("author_by")),
            colon_from=_words(words.get("colon_from")),
            participle_with=_words(words.get("participle_with")),
            view_preps=_words(words.get("view_preps")),
            view_nouns=_words(words.get("view_nouns")),
            occupation_endings=tuple(_words(words.get("occupation_endings"))),
            event_verbs=speech | indirect,
            title_suffixes=tuple(sorted(w for w in titles if len(w) > 5 and w.isalpha())),
            np_stop=aux | {"and", "or", "but", "that", "who", "which", "said", "says", "to"},
            skip_lead=_words(words.get("not_names")) | _words(words.get("honorifics")) | titles,
            doc_np=re.compile(
                rf"\b(a|an|the|its|their)\s+((?:[a-z\-]+\s+){{0,2}}?)({doc_alt})\b", re.I
            ),
        )


@lru_cache(maxsize=32)
def quote_pack(code: str | None) -> QuotePack:
    """The pack for ``code`` (an ISO 639-1 code); English where there is none."""
    if code:
        data = load(code.lower(), "quotes")
        if data is not None:
            return QuotePack.from_data(code.lower(), data)
    data = load(DEFAULT_LANGUAGE, "quotes")
    assert data is not None, "the English quote pack ships with the code"
    return QuotePack.from_data(DEFAULT_LANGUAGE, data)


_ACTIVE: ContextVar[QuotePack] = ContextVar("quote_pack")


def lang() -> QuotePack:
    """The pack of the article whose quotes are being found (English outside ``using``)."""
    try:
        return _ACTIVE.get()
    except LookupError:
        return quote_pack(None)


@contextmanager
def using(pack: QuotePack) -> Iterator[QuotePack]:
    token = _ACTIVE.set(pack)
    try:
        yield pack
    finally:
        _ACTIVE.reset(token)
