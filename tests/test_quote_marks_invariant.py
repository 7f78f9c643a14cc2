"""The quotation-mark invariant, adversarially: whatever pairs of a language's pack (primary,
alternative, nested, straight, CJK corner brackets) an article mixes, and however the
quotations touch (no prose between them, no-break spaces inside guillemets, a nested quotation
inside), no direct quote found holds text from outside a quotation."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.langpacks import codes
from bot.quotes import find_quotes
from bot.quotes.marks import UNIVERSAL_PAIRS
from bot.quotes.pack import quote_pack

# Every pack's language, and two without a pack (their marks come from the fallback).
LANGUAGES = (*codes("quotes"), "ja", "zh")
_PROSE = st.text(alphabet="abcdeß жЖĄé,.;:—–-\n", min_size=0, max_size=25)
# A quotation holds words: it starts and ends with a letter, whatever punctuation is inside.
_INNER = st.text(alphabet="abcdeß жЖĄé,.;!?—-", min_size=0, max_size=25).map(lambda s: f"a{s}é")
_PAD = st.sampled_from(["", " ", "\u00a0", "\u202f"])


def _pairs(lang: str) -> list[str]:
    """The double-quotation pairs an article in ``lang`` may use, each "open close"."""
    pack = quote_pack(lang)
    pairs = {p for p in (*pack.mark_pairs, *pack.nested_pairs, *UNIVERSAL_PAIRS)}
    pairs.add('""')
    return sorted(pairs)


@st.composite
def _article(draw: st.DrawFn) -> tuple[str, str, list[tuple[int, int]]]:
    """(language, text, [(start, end) of the inside of each outermost quotation])."""
    lang = draw(st.sampled_from(LANGUAGES))
    pairs = _pairs(lang)
    # One text mixes at most the pairs of one style plus a nested one: a writer picks a style.
    outer = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=2, unique=True))
    # »…« and «…» are one style read two ways (German, Swiss): a text uses one of them.
    outer = [p for k, p in enumerate(outer) if p[::-1] not in outer[:k]]
    nested = [p for p in quote_pack(lang).nested_pairs if p not in outer] + ["‚‘", "‘’"]
    text = ""
    inside: list[tuple[int, int]] = []
    for _ in range(draw(st.integers(1, 5))):
        text += draw(_PROSE)
        o, c = draw(st.sampled_from(outer))
        pad = draw(_PAD) if o in "«»" else ""
        body = draw(_INNER)
        if o == '"':
            # A straight quote says nothing about its direction: only where it stands does,
            # so it stands as a writer puts it (a space outside, a word inside).
            text += " " if text and not text[-1].isspace() else ""
        if draw(st.booleans()) and nested:
            no, nc = draw(st.sampled_from(nested))
            body = f"{body} {no}{draw(_INNER)}{nc} {draw(_INNER)}"
        text += o
        start = len(text)
        text += pad + body + pad
        inside.append((start, len(text)))
        text += c
        if o == '"':
            text += " "
    text += draw(_PROSE)
    return lang, text, inside


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_article())
def test_no_quote_holds_text_from_outside_its_quotation(
    article: tuple[str, str, list[tuple[int, int]]],
) -> None:
    lang, text, inside = article
    for q in find_quotes(text, lang):
        assert text[q.start : q.end] == q.text
        if q.kind == "direct":
            assert any(s <= q.start and q.end <= e for s, e in inside), (lang, text, q.text)


def test_cjk_marks_in_a_packless_language_are_found_unattributed() -> None:
    text = "报道称「新桥明年通车」，市民对『绿色通道』计划表示欢迎。“我们会按时完工。”"
    quotes = [q for q in find_quotes(text, "zh") if q.kind == "direct"]
    assert [q.text for q in quotes] == ["新桥明年通车", "绿色通道", "我们会按时完工。"]
    assert all(q.speaker is None for q in quotes)


def test_a_french_article_quoting_a_sign_in_german_marks() -> None:
    # „ opens nothing in French unless “ is free to close it: it was, the text after the sign
    # ("depuis un an.") became a quote.
    text = (
        "Le panneau disait „Fermé pour travaux“ depuis un an. « Nous rouvrirons en mai », "
        "a déclaré Sophie Marchand."
    )
    quotes = [q for q in find_quotes(text, "fr") if q.kind == "direct"]
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Fermé pour travaux", None),
        ("Nous rouvrirons en mai", "Sophie Marchand"),
    ]


def test_a_german_article_quoting_in_two_styles() -> None:
    text = (
        "„Wir bauen neu“, sagte Keller. Ein Gast rief “Endlich fertig!” und ging. "
        "„Das dauert“, so Lorenz."
    )
    quotes = [q for q in find_quotes(text, "de") if q.kind == "direct"]
    assert [q.text for q in quotes] == ["Wir bauen neu", "Endlich fertig!", "Das dauert"]
    assert [quotes[0].speaker, quotes[2].speaker] == ["Keller", "Lorenz"]
