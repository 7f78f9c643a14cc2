"""Quality checks that sample the evaluation sets in ``../shared`` (not part of the test suite).

The suite under ``tests/`` stands alone: it runs the same on a clone with nothing beside it.
These checks need the evaluation sets, so they live here and ``.ci/run`` runs them after the
suite when ``../shared/data`` is present (``pytest -q benchmarks/test_evalsets.py``). Without the
data they fail loudly instead of skipping: run them only where the data is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from bot.summarize import analyse, fast
from bot.summarize.news import select_news
from bot.summarize.sumy_backend import reference_indices
from tests.test_summarize_equivalence import LENGTHS, _check_document, _ours

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
SUMMARIES = SHARED / "data" / "summaries"
SAMPLE = {"cnndm_dev50.jsonl": 6, "bbc_dev.jsonl": 8, "cnndm_realsumm100.jsonl": 6}


def _rows(name: str, count: int | None = None) -> list[dict]:
    path = SUMMARIES / name
    assert path.is_file(), f"{path} is missing: these checks need ../shared/data"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line) for line in lines[:count]]


def _sample() -> list[tuple[str, str, str | None]]:
    return [
        (f"{name}:{row.get('id', i)}", row["text"], row.get("title"))
        for name, count in SAMPLE.items()
        for i, row in enumerate(_rows(name, count))
    ]


def test_summary_sets_rank_as_sumy() -> None:
    for label, text, title in _sample():
        _check_document(analyse(text), title, label)


def test_long_article_textrank_quick_path_matches_dense() -> None:
    """The sparse TextRank shortcut picks what sumy's dense power method picks."""
    doc = analyse("\n\n".join(text for _, text, _ in _sample()[:10]))
    assert len(doc.sentences) > 150
    exact = fast.textrank(doc)
    for n in LENGTHS:
        assert fast.select(fast.textrank(doc, n), n) == fast.select(exact, n)
    for algorithm in ("lexrank", "reduction"):
        assert _ours(doc, algorithm, 5, None) == reference_indices(doc, 5, algorithm)


def test_news_beats_lead3_on_dev_articles() -> None:
    """On the 50 raw CNN/DailyMail dev articles, news beats LEAD-3 on ROUGE-1."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    ours = lead = 0.0
    for row in _rows("cnndm_dev50.jsonl"):
        doc = analyse(row["text"], "english")
        texts = [s.text for s in doc.sentences]
        picked = select_news(doc.terms, 3, sentences=texts)
        ours += scorer.score(row["summary"], "\n".join(texts[i] for i in picked))["rouge1"].fmeasure
        lead += scorer.score(row["summary"], "\n".join(texts[:3]))["rouge1"].fmeasure
    assert ours > lead
