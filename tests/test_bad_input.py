"""Nasty input never crashes the pipeline: it yields a summary or a clear PrecisError.

Property-based (hypothesis) over random bytes, broken HTML and odd text, plus a corpus of
named nasty cases. Offsets of every quote must still slice the article text exactly.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import PrecisError
from bot.pipeline import Processed, process_page

WORDS = [
    "the",
    "council",
    "approved",
    "a",
    "new",
    "plan",
    "for",
    "the",
    "harbour",
    "on",
    "Monday",
    "after",
    "residents",
    "asked",
    "for",
    "better",
    "flood",
    "defences",
    "and",
    "engineers",
    "warned",
    "that",
    "the",
    "old",
    "wall",
    "could",
    "fail",
    "again",
    "soon",
]


def _prose(n_words: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    out, sentence = [], []
    for i in range(n_words):
        sentence.append(rng.choice(WORDS))
        if (len(sentence) > 8 and rng.random() < 0.2) or i == n_words - 1:
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    return " ".join(out)


def _run(body: str | bytes, *, is_html: bool = True) -> Processed | PrecisError:
    try:
        result = process_page(body, "https://example.com/a", is_html=is_html)
    except PrecisError as exc:
        assert exc.user_message and "Traceback" not in exc.user_message
        return exc
    text = result.article.text
    assert 1 <= len(result.summary.sentences) <= 3
    for q in result.quotes:
        assert text[q.start : q.end] == q.text
    return result


NASTY = {
    "empty": b"",
    "only whitespace": b"   \n\t  ",
    "nul bytes": b"\x00" * 1000,
    "random binary": bytes(random.Random(1).randrange(256) for _ in range(20_000)),
    "unclosed tags": b"<html><body><div><p>" + _prose(300).encode() + b"<div><span>",
    "deeply nested": b"<div>" * 5000 + b"<p>" + _prose(200).encode() + b"</p>" + b"</div>" * 5000,
    "only scripts": b"<html><head><script>"
    + b"var a=1;" * 5000
    + b"</script></head><body><script>x()</script></body></html>",
    "zero text": b"<html><body><img src=a.png><img src=b.png></body></html>",
    "latin-1 bytes": (
        "<html><head><meta charset='iso-8859-1'></head><body><article><p>"
        + _prose(200)
        + " café naïve déjà vu.</p></article></body></html>"
    ).encode("latin-1"),
    "mixed encodings": b"<html><body><article><p>"
    + _prose(150).encode()
    + " caf\u00e9 ".encode()
    + b"caf\xe9 \xff\xfe "
    + _prose(100, 2).encode()
    + b"</p></article></body></html>",
    "rtl and zero width": (
        "<html><body><article><p>"
        + "\u202e\u200b\u200d\u2066"
        + _prose(200)
        + " שלום עולם مرحبا بالعالم \u200f</p></article></body></html>"
    ).encode(),
    "10,000 quote marks": (
        "<html><body><article><p>"
        + _prose(120)
        + " "
        + '"' * 10_000
        + " "
        + "“”" * 2000
        + "</p></article></body></html>"
    ).encode(),
    "unbalanced quotes": (
        "<html><body><article>"
        + "".join(f"<p>“{_prose(40, i)} he said. {_prose(20, i + 50)}</p>" for i in range(8))
        + "</article></body></html>"
    ).encode(),
    "huge single sentence": (
        "<html><body><article><p>" + " ".join(WORDS * 800) + ".</p></article></body></html>"
    ).encode(),
    "emoji only": (
        "<html><body><article><p>" + "😀🔥🎉 " * 3000 + "</p></article></body></html>"
    ).encode(),
    "non-English": (
        "<html lang='de'><body><article>"
        + "".join(
            f"<p>Der Stadtrat hat am Montag einen neuen Plan für den Hafen beschlossen, nachdem die Anwohner "
            f"bessere Hochwasserschutzmaßnahmen gefordert hatten. Die Ingenieure warnten am Tag {i}, "
            f"dass die alte Mauer bald wieder brechen könnte.</p>"
            for i in range(8)
        )
        + "</article></body></html>"
    ).encode(),
}


@pytest.mark.parametrize("name", list(NASTY))
def test_nasty_pages(name):
    _run(NASTY[name])


def test_nasty_plain_text():
    for text in [
        "",
        "“" * 10_000,
        "\u200b" * 5000,
        _prose(500) + ' "' + _prose(300, 3),
        "😀" * 9000,
    ]:
        _run(text, is_html=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_never_crash(body):
    _run(body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<div>",
                    "</div>",
                    "<script>",
                    "<!--",
                    "-->",
                    "<",
                    ">",
                    "&amp;",
                    "&#0;",
                    "“",
                    "”",
                    '"',
                    "\n\n",
                    "<br>",
                    "<article>",
                ]
            ),
            st.text(max_size=60),
            st.sampled_from(WORDS),
        ),
        max_size=400,
    )
)
def test_broken_html_never_crashes(parts):
    _run("".join(parts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), st.integers(min_value=0, max_value=5))
def test_random_text_with_prose_never_crashes(noise, seed):
    _run(_prose(120, seed) + noise + _prose(60, seed + 1), is_html=False)
