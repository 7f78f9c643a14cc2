"""Our vectorised summarisers rank sentences exactly as stock sumy 0.13 does on the same tokens.

Checked on articles written for the tests: the chosen sentences at several lengths, and for the
non-greedy algorithms the whole ranking (``benchmarks/test_evalsets.py`` repeats the check on a
sample of the evaluation sets where ``../shared`` is present; CI runs it). sumy's picks at length n are the first n of its
ranking, so one stock run per algorithm and article gives the reference for every length.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.summarize import Document, analyse, fast, summarize
from bot.summarize.document import words_of
from bot.summarize.sumy_backend import reference_ranking, to_sumy_document

LENGTHS = (1, 3, 5, 10)
# Greedy ones (SumBasic, KL) stop once the summary is settled, so only their picks compare.
RANKED = ("lexrank", "textrank", "reduction", "luhn", "edmundson")
PICKED = ("lexrank", "textrank", "reduction", "luhn", "edmundson", "sumbasic", "kl")
TITLE = "Council votes to rebuild the harbour wall after storms"
# Stock KL is cubic; keep it to articles it finishes quickly.
KL_MAX_SENTENCES = 45


def _ours(doc: Document, algorithm: str, n: int, title: str | None) -> list[int]:
    return list(summarize(doc, n, algorithm, title=title).indices)


def _check_document(doc: Document, title: str | None, label: str) -> None:
    """One stock run per algorithm gives sumy's whole ranking; every length follows from it."""
    for algorithm in PICKED:
        if algorithm == "kl" and len(doc.sentences) > KL_MAX_SENTENCES:
            continue
        t = title if algorithm == "edmundson" else None
        ranking = reference_ranking(doc, algorithm, title=t)
        for n in LENGTHS:
            n = min(n, len(doc.sentences))
            expected = sorted(ranking[:n])
            assert _ours(doc, algorithm, n, t) == expected, (label, algorithm, n)
        if algorithm in RANKED:
            scores = (
                fast.edmundson(doc, words_of(t) if t else ())
                if algorithm == "edmundson"
                else getattr(fast, algorithm)(doc)
            )
            order = np.argsort(-np.asarray(scores), kind="stable").tolist()
            assert order == ranking, (label, algorithm)


@pytest.fixture(scope="module")
def own_docs(fixtures_dir: Path) -> dict[str, Document]:
    folder = fixtures_dir / "summarize"
    return {
        p.stem: analyse(p.read_text(encoding="utf-8"), "de" if p.stem == "german" else None)
        for p in sorted(folder.glob("*.txt"))
    }


def test_own_articles_rank_as_sumy(own_docs: dict[str, Document]) -> None:
    for name, doc in own_docs.items():
        _check_document(doc, TITLE, name)
        _check_document(doc, None, name)


def test_repeated_sentences_follow_sumy_keyed_ratings(own_docs: dict[str, Document]) -> None:
    """sumy keys ratings by sentence text: repeats share one score (or, Reduction, a sum)."""
    doc = own_docs["corners"]
    keys = fast.sentence_keys(doc)
    assert fast.duplicate_groups(keys), "the fixture must contain repeated sentences"
    for algorithm in ("lexrank", "textrank", "reduction"):
        scores = getattr(fast, algorithm)(doc)
        for idx in fast.duplicate_groups(keys).values():
            assert len({float(scores[i]) for i in idx}) == 1, algorithm
    _check_document(doc, None, "corners")


def test_lsa_scores_equal_sumy_svd_ranks(own_docs: dict[str, Document]) -> None:
    """LSA via the column-norm identity; sumy breaks its exact ties with SVD rounding noise."""
    from numpy.linalg import svd

    from bot.summarize.sumy_backend import make_summarizer

    for doc in own_docs.values():
        sumy_doc, _ = to_sumy_document(doc)
        lsa = make_summarizer("lsa", doc.language)
        dictionary = lsa._create_dictionary(sumy_doc)
        matrix = lsa._compute_term_frequency(lsa._create_matrix(sumy_doc, dictionary))
        _, sigma, v = svd(matrix, full_matrices=False)
        expected = np.asarray(lsa._compute_ranks(sigma, v))
        np.testing.assert_allclose(fast.lsa(doc), expected, rtol=1e-9, atol=1e-12)


def test_sparse_paths_for_very_long_articles_pick_as_sumy(
    own_docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above DENSE_LIMIT sentences the n×n matrices stay sparse; the picks stay sumy's."""
    monkeypatch.setattr(fast, "DENSE_LIMIT", 4)
    for name in ("harbour", "science", "corners"):
        doc = own_docs[name]
        for algorithm in ("lexrank", "textrank", "reduction"):
            ranking = reference_ranking(doc, algorithm)
            for n in (1, 3, 5):
                assert _ours(doc, algorithm, n, None) == sorted(ranking[:n]), (name, algorithm)
