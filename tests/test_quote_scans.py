"""The quote finder's fast scans find exactly what the plain scans they replaced found.

``QuotePack.event_word`` (one letter-trie pattern for the speech and reporting verbs) stands
for "every ``lower_word`` match that is an event verb", and the token pattern reads a word with
its "R-Ky.," period in one branch behind one look for a capital. Both were made for speed (benchmarks/quote_speed.py), so
their output must equal the straightforward scans on any text, in every language pack.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.langpacks import codes
from bot.quotes.pack import _trie, quote_pack

CODES = codes("quotes")


def _pieces(code: str) -> list[str]:
    pack = quote_pack(code)
    verbs = sorted(pack.event_verbs)[:40]
    return [
        *verbs,
        *(v.upper() for v in verbs[:5]),
        *(v.capitalize() for v in verbs[:5]),
        *(v[:-1] for v in verbs[:5] if len(v) > 2),
        "x",
        "U.S.",
        "R-Ky.",
        "Sen.",
        "A.",
        "l'",
        "d’",
        "said-",
        "’s",
        "2016",
    ]


_GLUE = [" ", "  ", "\n", "-", "'", "’", ",", ".", ")", "(", '"', "«", "» ", "—", "", "_"]


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, str]:
    code = draw(st.sampled_from(CODES))
    words = draw(st.lists(st.sampled_from(_pieces(code)), max_size=30))
    glue = draw(st.lists(st.sampled_from(_GLUE), min_size=len(words), max_size=len(words)))
    return code, "".join(w + g for w, g in zip(words, glue, strict=True))


def test_every_pack_is_checked() -> None:
    assert {"en", "fr", "de", "es", "it", "pt", "ru", "pl"} <= set(CODES)


@settings(max_examples=150, deadline=None)
@given(texts())
def test_event_word_finds_the_event_verbs_lower_word_finds(case: tuple[str, str]) -> None:
    code, text = case
    pack = quote_pack(code)
    plain = [
        (m.group(), m.span())
        for m in pack.lower_word.finditer(text)
        if m.group() in pack.event_verbs
    ]
    assert [(m.group(), m.span()) for m in pack.event_word.finditer(text)] == plain


def _plain_token_pattern(pattern: str) -> re.Pattern[str]:
    """The token pattern as first written: no capital guard, two word branches."""
    one = r"|\w+(?:[’'\-.]\w+)*(?:\.(?=[,)]))?"
    assert one in pattern
    pattern = pattern.replace(one, r"|\w+(?:[’'\-.]\w+)*\.(?=[,)])|\w+(?:[’'\-.]\w+)*")
    guard = re.search(r"\(\?=\[[^\]]*A-Z\]\)\(\?:", pattern)
    assert guard is not None
    end = pattern.index(r")|\w+(?:")
    return re.compile(pattern[: guard.start()] + pattern[guard.end() : end] + pattern[end + 1 :])


@settings(max_examples=150, deadline=None)
@given(texts())
def test_token_pattern_finds_what_the_plain_one_did(case: tuple[str, str]) -> None:
    code, text = case
    pack = quote_pack(code)
    plain = _plain_token_pattern(pack.token.pattern)
    assert [m.span() for m in pack.token.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_trie_matches_its_words_and_nothing_else() -> None:
    words = ["said", "says", "sa", "told", "tell"]
    pattern = re.compile(f"(?:{_trie(words)})$")
    for w in words:
        assert pattern.match(w), w
    for w in ["s", "sai", "saidx", "tol", "tells", ""]:
        assert not pattern.match(w), w


def test_a_real_sentence() -> None:
    pack = quote_pack("en")
    text = 'Smith said Monday that the U.S. "would act," and Jones, R-Ky., told reporters so.'
    found = [m.group() for m in pack.event_word.finditer(text)]
    assert found == ["said", "told"]
    assert "R-Ky." in [m.group() for m in pack.token.finditer(text)]


def _reporting(pack, hits: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(w, s) for w, s in hits if (w.lower() if w[0].isupper() else w) in pack.indirect_verbs]


@settings(max_examples=150, deadline=None)
@given(texts())
def test_indirect_hint_misses_no_reporting_verb(case: tuple[str, str]) -> None:
    code, text = case
    pack = quote_pack(code)
    text = text + " " + " ".join(v.capitalize() for v in sorted(pack.indirect_verbs)[:20])
    every = [(m.group(), m.start()) for m in pack.verb_word.finditer(text)]
    if pack.indirect_hint is None:
        return
    hinted = []
    for c in pack.indirect_hint.finditer(text):
        w = pack.verb_word.match(text, c.start())
        if w is not None:
            hinted.append((w.group(), w.start()))
    assert _reporting(pack, hinted) == _reporting(pack, every)


@settings(max_examples=150, deadline=None)
@given(texts(), st.integers(min_value=0, max_value=5))
def test_source_start_finds_what_a_leading_look_behind_found(
    case: tuple[str, str], at: int
) -> None:
    code, text = case
    pack = quote_pack(code)
    if pack.source_start is None:
        return
    phrases = [" ".join(p) for p in pack.sources if p]
    phrase = phrases[at % len(phrases)] if phrases else ""
    text = f"{text}{phrase.capitalize()} x, {phrase.upper()}: w{phrase.capitalize()}"
    plain = re.compile(r"(?<!\w)" + pack.source_start.pattern.replace(r"(?<!\w.)", ""))
    assert [m.span() for m in pack.source_start.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
