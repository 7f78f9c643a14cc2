"""User text never breaks an FTS5 query: quotes, operators, punctuation, unicode, empty."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.models import Article, Digest, Quote, Summary
from bot.storage import Storage
from bot.storage import search as fts
from tests.storage_helpers import generated_digest, split_sentences

NASTY = [
    "",
    " ",
    '"',
    '""',
    "'",
    "“”",
    "„“«»‹›「」",
    "*",
    "^",
    "-",
    "NOT",
    "AND OR NOT NEAR",
    "NEAR(a b, 3)",
    "text: hello",
    "{text}: hello",
    "a* OR b*",
    "(((",
    ")))",
    "'); DROP TABLE quotes; --",
    "\x00",
    "\u200b\u200d\u200e\u202e",
    "مرحبا بالعالم",
    "שלום",
    "北京 奥运会",
    "Zürich naïve façade",
    "🙂🔥💯",
    "e\u0301",
    "_",
    "__init__",
    "😀" * 200,
    "word " * 500,
    "“" * 10_000,
]


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[tuple[asyncio.AbstractEventLoop, object]]:
    """A guild with some articles, driven from a private loop so hypothesis can call it."""
    loop = asyncio.new_event_loop()
    storage = Storage(tmp_path)

    async def setup():
        db = await storage.guild(1)
        for i in range(6):
            d = generated_digest(i)
            await db.save_digest(d, split_sentences(d.article.text))
        text = "In Zürich, “naïve façade” — 北京 奥运会 — said Éloïse Müller. مرحبا بالعالم"
        art = Article((text,), url="https://unicode.example/1", title="Zürich 北京")
        start = text.index("naïve")
        quote = Quote("naïve façade", start, start + 12, "Éloïse Müller")
        digest = Digest(art, Summary((text,), (0,), "lead"), (quote,), (quote,))
        await db.save_digest(digest, split_sentences(text))
        return db

    db = loop.run_until_complete(setup())
    yield loop, db
    loop.run_until_complete(storage.close())
    loop.close()


def _ask_everything(loop, db, text: str) -> None:
    async def run():
        await db.who_said(text)
        await db.quotes_by(text)
        await db.ask(text)
        await db.ask(text, "https://unicode.example/1")
        await db.search(text)

    loop.run_until_complete(run())


def test_nasty_inputs_never_raise(loaded) -> None:
    loop, db = loaded
    for text in NASTY:
        _ask_everything(loop, db, text)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80) | st.text(alphabet="\"“”*^():-{}NEAROT '_.,", max_size=40))
def test_random_text_never_raises(loaded, text: str) -> None:
    loop, db = loaded
    _ask_everything(loop, db, text)


def test_empty_and_punctuation_only_return_nothing(loaded) -> None:
    loop, db = loaded

    async def run():
        for text in ("", "   ", '"', "?!…", "“”", "*", "\u200b"):
            assert await db.who_said(text) == []
            assert await db.quotes_by(text) == []
            assert await db.ask(text) == []
            assert await db.search(text) == []

    loop.run_until_complete(run())


def test_unicode_and_accents_match(loaded) -> None:
    loop, db = loaded

    async def run():
        hits = await db.who_said("naive facade")
        assert [h.quote.speaker for h in hits] == ["Éloïse Müller"]
        assert [h.quote.speaker for h in await db.quotes_by("muller")] == ["Éloïse Müller"]
        assert [h.quote.speaker for h in await db.quotes_by("ÉLOÏSE MÜLLER")] == ["Éloïse Müller"]
        assert (await db.search("zurich"))[0].url == "https://unicode.example/1"
        assert (await db.search("北京"))[0].url == "https://unicode.example/1"

    loop.run_until_complete(run())


@given(st.text(max_size=60))
def test_built_queries_are_valid_fts5(text: str) -> None:
    """Every query the builders emit parses in FTS5 (checked on a bare in-memory table)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('hello world')")
    toks = fts.tokens(text)
    for query in (
        fts.match_phrase(toks),
        fts.match_all(toks),
        fts.match_any(fts.content_tokens(text)),
    ):
        if query is not None:
            conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()
    conn.close()


def test_question_type_and_cues() -> None:
    assert fts.question_type("How much gas?") == "how much"
    assert fts.question_type("how MANY troops") == "how much"
    assert fts.question_type("Who said it?") == "who"
    assert fts.question_type("When did they meet?") == "when"
    assert fts.question_type("Where is it?") == "where"
    assert fts.question_type("What happened?") is None
    assert fts.cue_score("how much", "10 billion cubic meters of gas per year") == 1.0
    assert fts.cue_score("how much", "no numbers here") == 0.0
    assert fts.cue_score("when", "They met in 2019.") == 1.0
    assert fts.cue_score("where", "They met at the Diaoyutai State Guesthouse.") == 1.0
    assert fts.cue_score("where", "In Beijing, they met.") == 1.0
    assert fts.cue_score("where", "The next meeting in April.") == 0.0
    assert fts.cue_score("where", "They met on Friday in the evening.") == 0.0
    assert fts.expanded(["meet", "leaders"]) == ["meet", "met", "leaders"]
    assert fts.cue_score("who", "Officials said Wang Yi told Antony Blinken.") == 1.0
    assert fts.speaker_key("  Éloïse  MÜLLER ") == "eloise muller"
    assert fts.speaker_last("Vladimir Putin") == "putin"
    assert fts.speaker_key("“”") is None
