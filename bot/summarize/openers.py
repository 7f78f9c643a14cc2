"""Sentences that lean on the one before them: "He ...", "However, ...", "This is ...".

An extractive summary lifts sentences out of their context. A sentence that opens with an
anaphor ("He denied the charge.") or a connective ("But the council refused.") then reads
wrongly unless the sentence it leans on is shown right before it. This module says which
sentences open that way and which summary sentences are left hanging; the news summariser
uses it to avoid them and benchmarks/summary_quality.py reports the rate next to ROUGE.

The words are data, one file per language: ``bot/langpacks/<code>/openers.toml`` (English
today). A language without a file has no openers: nothing is flagged, nothing changes.

Definitions (the benchmark's and the summariser's):

* A sentence *opens with an anaphor or connective* when its first words (after a dateline such
  as "(CNN) --") are listed under ``anaphors`` or ``connectives`` and not under
  ``not_anaphoric`` ("This week", "So far"), and it is not an expletive "it" ("It is thought
  that ...", "It was not clear whether ..."; see the ``[expletive]`` table). A sentence that
  opens with a quotation mark never counts: the words are the speaker's and the attribution
  says who is talking.
* Its *antecedent* is the article sentence right before it. The antecedent is *shown* when the
  summary (in article order) holds that sentence, which then sits right before it.
* A summary sentence is *unresolved* when it opens with an anaphor or connective and its
  antecedent is not shown. The article's first sentence has no antecedent to show and never
  counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from bot import langpacks

__all__ = [
    "OpenerRules",
    "leans_back",
    "opener_flags",
    "rules_for",
    "unresolved",
]

Phrase = tuple[str, ...]

_QUOTE_START = frozenset("\"“”‘’'«»„`")
# Bullets, dashes and brackets that may precede the first word.
_LEADING = " \t\r\n-–—•*·(["
# "(CNN) --", "LONDON, England (CNN) --", "WASHINGTON (Reuters) -": a dateline is not the
# sentence's first word. Journalistic convention rather than language, so it is code.
_DATELINE = re.compile(
    r"^(?:[^\W\d_][\w.'’]*[ ,.]*){0,5}\(\s*[^()]{1,40}?\s*\)\s*(?:--|—|–|-|:)\s*", re.UNICODE
)
_TOKEN = re.compile(r"'?[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_HEAD_CHARS = 160  # the rules look at the first few words only
_MAX_TOKENS = 12


def _tokens(text: str, limit: int | None = None) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return [m.group() for m in islice(_TOKEN.finditer(text), limit)]


def _phrases(items: Iterable[str]) -> tuple[Phrase, ...]:
    # Longest first, so "the latter" is tried before "the" would be.
    return tuple(sorted({tuple(_tokens(s)) for s in items if _tokens(s)}, key=len, reverse=True))


def _starts(tokens: Sequence[str], phrases: Sequence[Phrase]) -> Phrase | None:
    for p in phrases:
        if tuple(tokens[: len(p)]) == p:
            return p
    return None


@dataclass(frozen=True, slots=True)
class OpenerRules:
    """One language's opener lists, tokenised (see ``bot/langpacks/en/openers.toml``)."""

    language: str
    anaphors: tuple[Phrase, ...]
    connectives: tuple[Phrase, ...]
    not_anaphoric: tuple[Phrase, ...]
    expletive_pronouns: frozenset[str] = frozenset()
    expletive_verbs: tuple[Phrase, ...] = ()
    clause_starts: frozenset[str] = frozenset()
    window: int = 3
    determiners: frozenset[str] = frozenset()
    participle_endings: tuple[str, ...] = ()
    clause_participles: frozenset[str] = frozenset()
    expletive_always: tuple[Phrase, ...] = ()
    raising: frozenset[str] = frozenset()
    # First words of every anaphor and connective: most sentences are rejected on this alone.
    first_words: frozenset[str] = frozenset()

    @classmethod
    def from_toml(cls, language: str, data: dict) -> OpenerRules:
        exp = data.get("expletive", {})
        anaphors = _phrases(data.get("anaphors", ()))
        connectives = _phrases(data.get("connectives", ()))
        return cls(
            language=language,
            anaphors=anaphors,
            connectives=connectives,
            first_words=frozenset(p[0] for p in (*anaphors, *connectives)),
            not_anaphoric=_phrases(data.get("not_anaphoric", ())),
            expletive_pronouns=frozenset(w.lower() for w in exp.get("pronouns", ())),
            expletive_verbs=_phrases(exp.get("verbs", ())),
            clause_starts=frozenset(w.lower() for w in exp.get("clause_starts", ())),
            window=int(exp.get("window", 3)),
            determiners=frozenset(w.lower() for w in exp.get("determiners", ())),
            participle_endings=tuple(exp.get("participle_endings", ())),
            clause_participles=frozenset(w.lower() for w in exp.get("clause_participles", ())),
            expletive_always=_phrases(exp.get("always", ())),
            raising=frozenset(w.lower() for w in exp.get("raising", ())),
        )

    def is_expletive(self, tokens: Sequence[str]) -> bool:
        """Whether ``tokens`` open with a pronoun that stands for the clause that follows."""
        if not tokens or tokens[0] not in self.expletive_pronouns:
            return False
        rest = tokens[1:]
        always = _starts(rest, self.expletive_always)
        if always:
            # "It is thought that ..." stands for the clause; "It is thought to be ..." is a
            # thing named earlier that people think something of.
            return rest[len(always) : len(always) + 1] not in ([r] for r in self.raising)
        verb = _starts(rest, self.expletive_verbs)
        if verb is None:
            return False
        after = rest[len(verb) : len(verb) + self.window + 1]
        for k, word in enumerate(after):
            if word in self.clause_starts:
                return self._clause_subject(after[:k], word)
        return False

    def _clause_subject(self, gap: Sequence[str], clause: str) -> bool:
        """Whether the words ``gap`` between "it is" and the clause starting with ``clause``
        leave "it" standing for that clause ("It is vital that", "It is up to voters to")."""
        if any(g in self.determiners for g in gap):
            return False  # "It is a song that ...": a thing, described
        participles = [g for g in gap if g.endswith(self.participle_endings)]
        if clause in self.raising:
            # "It is hard to ...": one adjective or so; "It is to be paid": the thing again.
            return bool(gap) and not participles
        return all(g in self.clause_participles for g in participles)

    def leans_back(self, sentence: str) -> bool:
        """Whether ``sentence`` opens with an anaphor or connective (see the module docstring)."""
        head = sentence[:_HEAD_CHARS].lstrip()
        if "(" in head:
            head = _DATELINE.sub("", head, count=1)
        head = head.lstrip(_LEADING)
        if not head or head[0] in _QUOTE_START:
            return False
        tokens = _tokens(head, _MAX_TOKENS)
        if not tokens or tokens[0] not in self.first_words:
            return False
        if _starts(tokens, self.not_anaphoric):
            return False
        if _starts(tokens, self.connectives):
            return True
        if _starts(tokens, self.anaphors):
            return not self.is_expletive(tokens)
        return False


def _code(language: str) -> str:
    """ISO 639-1 code for a code or a sumy language name ("english" -> "en")."""
    from bot.text.language import SUMY_LANGUAGES

    name = language.strip().lower()
    for code, sumy_name in SUMY_LANGUAGES.items():
        if name == sumy_name:
            return code
    return name.split("-")[0].split("_")[0]


def rules_for(language: str | None) -> OpenerRules | None:
    """The opener rules of a language (code or sumy name), or None when it has no pack file."""
    return _rules(_code(language)) if language else None


@lru_cache(maxsize=32)
def _rules(code: str) -> OpenerRules | None:
    data = langpacks.load(code, "openers")
    return None if data is None else OpenerRules.from_toml(code, data)


def leans_back(sentence: str, language: str | None = "en") -> bool:
    """Whether ``sentence`` opens with an anaphor or connective in ``language``."""
    rules = rules_for(language)
    return rules is not None and rules.leans_back(sentence)


def opener_flags(sentences: Sequence[str], language: str | None) -> list[bool]:
    """For each article sentence, whether it leans on the sentence before it. The first
    sentence never does: there is nothing before it to show."""
    rules = rules_for(language)
    if rules is None:
        return [False] * len(sentences)
    return [i > 0 and rules.leans_back(s) for i, s in enumerate(sentences)]


def unresolved(indices: Iterable[int], flags: Sequence[bool]) -> list[int]:
    """The summary sentences (article indices) that lean back while their antecedent, the
    article sentence right before them, is not in the summary."""
    shown = set(indices)
    return sorted(i for i in shown if 0 < i < len(flags) and flags[i] and i - 1 not in shown)
