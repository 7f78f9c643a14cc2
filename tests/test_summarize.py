"""Summariser API: Document analysis, registry, n clamping, errors, languages, offline runs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import UnknownAlgorithmError
from bot.models import MAX_SUMMARY_SENTENCES, Summary
from bot.summarize import ALGORITHMS, DEFAULT_ALGORITHM, Document, analyse, summarize
from bot.summarize.document import resolve_language, words_of
from bot.text.tokenizer import OfflineTokenizer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def texts(fixtures_dir: Path) -> dict[str, str]:
    folder = fixtures_dir / "summarize"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="module")
def harbour(texts: dict[str, str]) -> Document:
    return analyse(texts["harbour"])


def test_document_is_tokenised_once_and_consistently(harbour: Document, texts) -> None:
    doc = harbour
    assert doc.text == texts["harbour"]
    assert doc.language == "english"
    assert len(doc.sentences) == len(doc.words) == len(doc.terms) >= 15
    for s, words, terms in zip(doc.sentences, doc.words, doc.terms, strict=True):
        assert doc.text[s.start : s.end] == s.text
        assert words == OfflineTokenizer("english").to_words(s.text)
        assert all(t == t.lower() for t in terms)
    first = doc.terms[0]
    # stop words gone, words stemmed with the English Snowball stemmer
    assert "the" not in first and "on" not in first
    assert "vote" in first and "council" in first and "end" in first  # voted, ending


def test_words_match_the_sumy_tokenizer_on_tricky_sentences() -> None:
    tok = OfflineTokenizer("english")
    tricky = [
        'He said "hello." ',
        "'Tis the season, gonna be fun, can't you see?",
        'It cost $3.88 (roughly) in N.Y. "Yes."',
        "Don’t you dare!’ she said.",
        "``quoted'' text and more",
        'the end." )',
        "Mr. Smith went to Washington.",
        "The U.S. economy grew 3% in Q2 -- a record.",
        "She wrote:\tit was\n‘great’.",
        "Cannot, wanna, gotta: all split.",
        'A "quote" at the end of the "sentence. "',
    ]
    for sentence in tricky:
        assert words_of(sentence) == tok.to_words(sentence), sentence


def test_every_algorithm_returns_sentences_in_article_order(harbour: Document) -> None:
    for name in ALGORITHMS:
        summary = summarize(harbour, 4, name, title="Council votes to rebuild harbour wall")
        assert isinstance(summary, Summary)
        assert summary.algorithm == name
        assert len(summary.indices) == 4, name
        assert list(summary.indices) == sorted(set(summary.indices)), name
        assert summary.sentences == tuple(harbour.sentences[i].text for i in summary.indices)


def test_default_algorithm_is_registered() -> None:
    assert DEFAULT_ALGORITHM in ALGORITHMS
    for name in ("lexrank", "textrank", "lsa", "luhn", "edmundson", "sumbasic", "reduction"):
        assert name in ALGORITHMS and f"sumy-{name}" in ALGORITHMS
    assert "kl" in ALGORITHMS and "sumy-kl" not in ALGORITHMS  # stock KL is far too slow


def test_sentence_count_is_clamped(harbour: Document, texts) -> None:
    assert len(summarize(harbour, 0, "lexrank").indices) == 1
    assert len(summarize(harbour, -5, "lexrank").indices) == 1
    assert len(summarize(harbour, 50, "lexrank").indices) == MAX_SUMMARY_SENTENCES
    short = analyse("One short sentence here. And a second one there.")
    assert summarize(short, 5, "textrank").indices == (0, 1)
    empty = analyse("")
    assert summarize(empty, 3, "lexrank") == Summary((), (), "lexrank")


def test_unknown_algorithm_lists_the_valid_names(harbour: Document) -> None:
    with pytest.raises(UnknownAlgorithmError) as info:
        summarize(harbour, 3, "magic")
    message = info.value.user_message
    assert "magic" in message
    for name in ALGORITHMS:
        assert name in message


def test_algorithm_names_are_case_and_space_insensitive(harbour: Document) -> None:
    assert summarize(harbour, 3, " LexRank ").indices == summarize(harbour, 3, "lexrank").indices


def test_title_steers_edmundson(harbour: Document) -> None:
    plain = summarize(harbour, 2, "edmundson")
    titled = summarize(harbour, 2, "edmundson", title="Engineers survey harbour moorings quay")
    assert plain.indices != titled.indices
    assert any("survey" in s or "moorings" in s for s in titled.sentences)


def test_german_text_uses_the_german_stemmer_and_stop_words(texts) -> None:
    doc = analyse(texts["german"], "de")
    assert doc.language == "german"
    terms = {t for row in doc.terms for t in row}
    assert "haus" in terms  # Häuser, Snowball German
    assert "renovi" in terms  # renovieren / Renovierung
    assert not {"die", "der", "und", "dass"} & terms  # German stop words
    english = analyse(texts["german"], "en")
    assert "die" in {t for row in english.terms for t in row}  # not an English stop word
    for name in ("lexrank", "textrank", "sumy-lexrank"):
        assert len(summarize(doc, 2, name).indices) == 2


def test_language_names_and_codes_resolve(caplog: pytest.LogCaptureFixture) -> None:
    assert resolve_language(None) == "english"
    assert resolve_language("fr-FR") == "french"
    assert resolve_language("Spanish") == "spanish"
    assert resolve_language("cs") == "czech"
    resolve_language.cache_clear()
    with caplog.at_level(logging.INFO, logger="bot.summarize.document"):
        assert resolve_language("zh") == "english"  # no segmenter for Chinese
        assert resolve_language("el") == "english"  # sumy's Greek stemmer needs a package
    assert "falling back to English" in caplog.text


def test_all_algorithms_run_without_nltk_data(tmp_path: Path, texts) -> None:
    """A fresh interpreter with an empty NLTK_DATA: nothing may need punkt or other data."""
    script = (
        "import json, sys\n"
        "from bot.summarize import ALGORITHMS, analyse, summarize\n"
        "from bot.summarize.sumy_backend import reference_indices\n"
        "doc = analyse(sys.stdin.read())\n"
        "out = {a: list(summarize(doc, 3, a, title='Harbour wall').indices) for a in ALGORITHMS}\n"
        "out['sumy-kl'] = reference_indices(doc, 3, 'kl')\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=texts["science"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {*ALGORITHMS, "sumy-kl"}
    assert all(len(v) == 3 for v in result.values())
    # ours and stock agree inside that offline process too
    for name in ("lexrank", "textrank", "reduction", "luhn", "sumbasic"):
        assert result[name] == result[f"sumy-{name}"], name
    assert result["kl"] == result["sumy-kl"]


def test_document_pickles_for_the_process_pool(harbour: Document) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(harbour))
    assert copy == harbour
    assert summarize(copy, 3, "lexrank") == summarize(harbour, 3, "lexrank")


def test_batched_cold_tokenising_matches_the_tokenizer(texts) -> None:
    """Chunks tokenised in one batched call give the words the tokenizer gives each sentence."""
    from bot.summarize import document as document_module
    from bot.summarize.document import words_of_many
    from bot.text.sentences import split_sentences

    tok = OfflineTokenizer("english")
    sentences = [s.text for text in texts.values() for s in split_sentences(text)]
    sentences += ["A chunk qqzxsepxzqq-like, and 'quoted', words: here (really)."]
    document_module._mid_cache.clear()
    document_module._edge_cache.clear()
    assert words_of_many(sentences) == [tok.to_words(s) for s in sentences]
