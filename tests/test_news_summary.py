"""Tests for the news-aware default summariser (bot.summarize.news.select_news)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.summarize import analyse, summarize
from bot.summarize.document import terms_of, words_of
from bot.summarize.news import select_news


def _terms(sentences: list[str]) -> list[tuple[str, ...]]:
    return [terms_of("english", words_of(s)) for s in sentences]


def _pick(sentences: list[str], n: int, title: str = "") -> list[int]:
    tt = terms_of("english", words_of(title)) if title else ()
    return select_news(_terms(sentences), n, sentences=sentences, title_terms=tt)


STORY = [
    "The city council voted on Tuesday to close the old central library after a fire damaged "
    "its roof.",
    "Council leader Maria Lopez said the library building was no longer safe for readers or staff.",
    "The fire started in the roof of the library late on Sunday night, according to firefighters.",
    "Books from the library will move to a temporary site in the town hall next month.",
    "Residents have started a petition asking the council to rebuild the library on the same site.",
    "The petition had gathered more than two thousand signatures by Wednesday morning.",
    "Insurers are still assessing the cost of the damage to the roof and the reading rooms.",
    "A decision on rebuilding the library is expected from the council in the spring.",
]


def test_returns_n_ascending_unique_indices() -> None:
    got = _pick(STORY, 3)
    assert len(got) == 3
    assert got == sorted(set(got))
    assert all(0 <= i < len(STORY) for i in got)


@pytest.mark.parametrize("n", [0, -1])
def test_non_positive_n_gives_nothing(n: int) -> None:
    assert _pick(STORY, n) == []


def test_empty_article() -> None:
    assert select_news([], 3, sentences=[]) == []


def test_n_larger_than_article_returns_everything() -> None:
    assert _pick(STORY[:4], 10) == [0, 1, 2, 3]


def test_single_sentence() -> None:
    assert _pick(STORY[:1], 3) == [0]
    assert _pick(STORY[:1], 1) == [0]


def test_terms_and_sentences_must_align() -> None:
    with pytest.raises(ValueError):
        select_news([("a",)], 1, sentences=["a", "b"])


def test_identical_sentences_are_not_shown_twice() -> None:
    dup = STORY[0]
    article = [dup, dup, dup, *STORY[1:]]
    got = _pick(article, 3)
    assert sum(1 for i in got if article[i] == dup) == 1, got


def test_sentences_without_terms_do_not_crash() -> None:
    article = ["...", "!!!", "?", "—"]
    got = _pick(article, 2)
    assert len(got) == 2 and got == sorted(set(got))


def test_skips_bylines_stamps_follow_us_and_captions() -> None:
    residue = [
        "By .",
        "Associated Press .",
        "PUBLISHED: .",
        "14:11 EST, 25 October 2013 .",
        "UPDATED: .",
        "LONDON (Reuters) -",
        "Follow us on Twitter @citynews for the latest updates on the library fire.",
        "Council leader Maria Lopez (pictured) at the library on Monday, after the fire.",
        "Scroll down for video of the library fire and the council meeting.",
    ]
    article = residue + STORY
    got = _pick(article, 3)
    assert all(i >= len(residue) for i in got), [article[i] for i in got]
    # And the lead of the story itself makes the cut.
    assert len(residue) in got


def test_residue_is_used_only_when_nothing_else_is_left() -> None:
    article = ["By .", "PUBLISHED: .", STORY[0]]
    assert _pick(article, 1) == [2]
    assert len(_pick(article, 2)) == 2


def test_prefers_sentences_related_to_the_title() -> None:
    # Two parallel threads that differ only in their subject; the headline breaks the tie,
    # whichever way it points (without it, the earlier sentence wins on position).
    article = [
        "The parliament debated the motorway plan and the hospital plan on Monday.",
        "The motorway plan would cost four million pounds and take two years to finish.",
        "The hospital plan would cost four million pounds and take two years to finish.",
        "Members will vote on the motorway plan and the hospital plan in June.",
    ]
    assert _pick(article, 1) == [1]
    assert _pick(article, 1, title="Parliament debates motorway") == [1]
    assert _pick(article, 1, title="Parliament debates hospital") == [2]


def test_bare_quote_loses_to_reported_sentence() -> None:
    article = [
        STORY[0],
        '"We have lost something that cannot be replaced, and the town is grieving today."',
        "The council said the library had served the town for more than a century.",
        *STORY[3:],
    ]
    got = _pick(article, 2)
    assert 1 not in got, got


def test_speech_verb_inside_the_quote_does_not_attribute_it() -> None:
    from bot.summarize.news import _is_bare_quote

    assert _is_bare_quote("“I said the same thing when I took over, because they were good.”")
    assert _is_bare_quote('"They told us nothing, and we asked twice."')
    assert not _is_bare_quote("“We will rebuild,” she said, “and soon.”")
    assert not _is_bare_quote("“We will rebuild the library,” the mayor said.")


def test_registry_uses_news_by_default() -> None:
    text = " ".join(STORY)
    doc = analyse(text, "english")
    summary = summarize(doc, 3, title="Fire closes central library")
    assert summary.algorithm == "news"
    assert len(summary.sentences) == 3
    assert list(summary.indices) == sorted(summary.indices)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["fire", "librari", "council", "roof", "book", "vote", "x"]),
            max_size=12,
        ),
        max_size=25,
    ),
    st.integers(min_value=-2, max_value=30),
)
def test_property_valid_indices(terms: list[list[str]], n: int) -> None:
    sentences = [" ".join(t) + "." for t in terms]
    got = select_news(terms, n, sentences=sentences, title_terms=["fire"])
    assert got == sorted(set(got))
    assert len(got) == max(0, min(n, len(terms)))
    assert all(0 <= i < len(terms) for i in got)


def test_benchmark_bbc_halves_are_disjoint_and_cover_the_file() -> None:
    """The benchmark reports BBC on one half and news was tuned on the other."""
    from benchmarks.summary_quality import bbc_half

    rows = [{"id": f"business/{i:03d}"} for i in range(11)]
    report = {r["id"] for r in bbc_half(rows, "report")}
    tuning = {r["id"] for r in bbc_half(rows, "tuning")}
    assert report.isdisjoint(tuning)
    assert report | tuning == {r["id"] for r in rows}
    assert len(report) == 6 and len(tuning) == 5
    with pytest.raises(ValueError):
        bbc_half(rows, "all")


def test_position_counts_paragraphs_when_the_text_has_them() -> None:
    from bot.summarize.news import _positions

    ok = np.array([True, True, False, True, True, True])
    # No flags, or a single paragraph: rank among eligible sentences.
    assert _positions(ok, None).tolist() == [0, 1, 1, 2, 3, 4]
    assert _positions(ok, [True] + [False] * 5).tolist() == [0, 1, 1, 2, 3, 4]
    # Paragraphs [0, 1], [2] (residue only: not counted), [3, 4], [5].
    flags = [True, False, True, True, False, True]
    got = _positions(ok, flags)
    assert got[ok].tolist() == [0, 0, 1, 1, 2]  # the residue sentence gets no restart mass


def test_one_sentence_paragraphs_change_nothing() -> None:
    terms = _terms(STORY)
    plain = select_news(terms, 3, sentences=STORY)
    assert select_news(terms, 3, sentences=STORY, paragraph_starts=[True] * len(STORY)) == plain
    one_para = [True] + [False] * (len(STORY) - 1)
    assert select_news(terms, 3, sentences=STORY, paragraph_starts=one_para) == plain
    with pytest.raises(ValueError):
        select_news(terms, 3, sentences=STORY, paragraph_starts=[True])
