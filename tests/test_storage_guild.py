"""Saving and reading digests, settings, isolation between guilds, and the cache questions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.errors import InvalidSettingError, NotFoundError
from bot.models import Article, Digest, GuildSettings, Quote, Summary
from bot.storage import Storage, guild_path
from tests.storage_helpers import (
    generated_digest,
    post,
    row_counts,
    seed_digest,
    split_sentences,
    stored_sentences,
)

SEED_URL = "https://apnews.com/article/seed"


@pytest.fixture
async def storage(tmp_path: Path):
    store = Storage(tmp_path)
    yield store
    await store.close()


@pytest.fixture
async def seeded(storage: Storage, seed_dir: Path):
    db = await storage.guild(1)
    digest = seed_digest(seed_dir, SEED_URL)
    await db.save_digest(digest, split_sentences(digest.article.text), post=post(1))
    for i in range(40):
        d = generated_digest(i)
        await db.save_digest(d, split_sentences(d.article.text))
    return db


async def _save(db, digest: Digest, **kw) -> int:
    return await db.save_digest(digest, split_sentences(digest.article.text), **kw)


# --- digests -------------------------------------------------------------------------------


async def test_round_trip_and_lookup_by_final_url(storage: Storage) -> None:
    db = await storage.guild(1)
    digest = generated_digest(7)
    article_id = await _save(db, digest, final_url="https://news.example/final/7", post=post(1))
    for url in (digest.article.url, "https://news.example/final/7"):
        cached = await db.find_article(url)
        assert cached is not None
        assert cached.article_id == article_id and cached.from_cache
        assert cached.article == digest.article
        assert cached.summary == digest.summary
        assert cached.quotes == digest.quotes
        assert cached.key_quotes == digest.key_quotes
    assert await db.find_article("https://news.example/other") is None
    assert await db.get_digest(article_id + 100) is None
    sentences = stored_sentences(db.path, article_id)
    assert sentences == split_sentences(digest.article.text)


async def test_resave_replaces_content_and_keeps_id(storage: Storage) -> None:
    db = await storage.guild(1)
    first = generated_digest(1)
    article_id = await _save(db, first)
    changed = Article(
        ("Totally new text. “Fresh words here,” Ana Lima said.",), url=first.article.url
    )
    quote = Quote("Fresh words here,", 19, 36, "Ana Lima")
    assert changed.text[19:36] == quote.text
    second = Digest(changed, Summary((changed.text,), (0,), "lead"), (quote,), (quote,))
    assert await _save(db, second) == article_id
    cached = await db.get_digest(article_id)
    assert cached is not None and cached.article == changed and cached.quotes == (quote,)
    assert row_counts(db.path) == {"articles": 1, "posts": 0, "sentences": 2, "quotes": 1}
    assert await db.who_said("waited long enough") == []  # old quotes left the FTS index
    assert [h.quote.speaker for h in await db.who_said("fresh words")] == ["Ana Lima"]


async def test_key_quotes_outside_quotes_and_partial_filter(storage: Storage) -> None:
    db = await storage.guild(1)
    text = "She called it “historic” and added: “We will build it this year,” Ana Lima said."
    art = Article((text,), url="https://k.example/1")
    s1 = text.index("historic")
    s2 = text.index("We will")
    scare = Quote("historic", s1, s1 + 8, "Ana Lima", partial=True)
    full = Quote("We will build it this year,", s2, s2 + 27, "Ana Lima")
    key_only = Quote("added", text.index("added"), text.index("added") + 5, None)
    digest = Digest(art, Summary((text,), (0,), "lead"), (scare, full), (full, key_only))
    article_id = await _save(db, digest)
    assert await db.quotes_for_article(article_id) == [full]
    assert await db.quotes_for_article(article_id, include_partial=True) == [scare, full]
    cached = await db.get_digest(article_id)
    assert cached is not None
    assert cached.quotes == (scare, full) and cached.key_quotes == (full, key_only)


async def test_record_post(storage: Storage) -> None:
    db = await storage.guild(1)
    article_id = await _save(db, generated_digest(2))
    await db.record_post(article_id, post(1, 2))
    await db.record_post(article_id, post(1, 3))
    assert row_counts(db.path)["posts"] == 2
    with pytest.raises(NotFoundError):
        await db.record_post(article_id + 1, post(1))


async def test_guilds_never_see_each_others_rows(storage: Storage) -> None:
    a, b = await storage.guild(100), await storage.guild(200)
    da, db_ = generated_digest(1), generated_digest(2)
    await _save(a, da)
    await _save(b, db_)
    await a.update_settings(quote_count=7)
    assert await a.find_article(db_.article.url) is None
    assert await b.find_article(da.article.url) is None
    assert (await b.get_settings()).quote_count != 7
    speaker_a = da.quotes[0].speaker
    phrase_a = da.quotes[0].text
    assert all(h.url == da.article.url for h in await a.who_said(phrase_a))
    assert all(h.url != da.article.url for h in await b.who_said(phrase_a))
    assert all(h.url != da.article.url for h in await b.quotes_by(speaker_a))
    assert all(h.url == db_.article.url for h in await b.search("plan dispute"))
    assert storage.guild_ids() == [100, 200]
    for gid in (100, 200):
        conn = sqlite3.connect(guild_path(storage.data_dir, gid))
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        conn.close()


# --- settings ------------------------------------------------------------------------------


async def test_settings_defaults_update_and_validation(storage: Storage) -> None:
    db = await storage.guild(9)
    assert await db.get_settings() == GuildSettings()
    new = await db.update_settings(algorithm="textrank", auto_summarise=False, threads=True)
    assert new.algorithm == "textrank" and not new.auto_summarise and new.threads
    assert await db.get_settings() == new
    assert (await db.set_watched(555, True)).watched_channels == {555}
    assert (await db.set_watched(556, True)).watched_channels == {555, 556}
    assert (await db.set_watched(555, False)).watched_channels == {556}
    bad = [
        {"summary_sentences": 0},
        {"summary_sentences": 11},
        {"summary_sentences": True},
        {"quote_count": -1},
        {"quote_count": 3.5},
        {"algorithm": "DROP TABLE"},
        {"algorithm": ""},
        {"retention_days": 0},
        {"auto_summarise": "yes"},
        {"watched_channels": [-4]},
        {"watched_channels": 5},
        {"colour": "red"},
    ]
    for change in bad:
        with pytest.raises(InvalidSettingError) as info:
            await db.update_settings(**change)
        assert isinstance(info.value, ValueError) and info.value.user_message
    assert (await db.get_settings()).watched_channels == {556}
    assert (await db.update_settings(retention_days=None)).retention_days is None


# --- questions on the seed article -----------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "our oilmen have prepared",
        "“Our oilmen have prepared”",
        '"OUR OILMEN, HAVE PREPARED!!"',
        "oilmen prepared very good new solutions",
        "supply of hydrocarbons to the People's Republic",
    ],
)
async def test_who_said_seed(seeded, phrase: str) -> None:
    hits = await seeded.who_said(phrase)
    assert hits, phrase
    top = hits[0]
    assert top.quote.speaker == "Vladimir Putin"
    assert "our oilmen have prepared" in top.quote.text
    assert top.url == SEED_URL and top.title


async def test_who_said_direct_before_indirect_and_never_invents(seeded) -> None:
    hits = await seeded.who_said("security concerns need to be taken seriously")
    assert hits[0].quote.speaker == "Wang Yi" and hits[0].quote.kind == "indirect"
    hits = await seeded.who_said("“Unprecedented”")
    assert [h.quote.speaker for h in hits] == ["Vladimir Putin", "Vladimir Putin"]
    # The quote that is exactly the phrase first, then the longer one containing it.
    assert hits[0].quote.text == "unprecedented" and "unprecedented" in hits[1].quote.text
    assert await seeded.who_said("the moon is made of cheese") == []
    assert await seeded.who_said("quantum banana") == []


async def test_quotes_by_surname_and_full_name(seeded) -> None:
    by_surname = await seeded.quotes_by("Putin")
    by_full = await seeded.quotes_by("vladimir PUTIN")
    assert by_surname
    assert [h.quote for h in by_surname] == [h.quote for h in by_full]
    assert {h.quote.speaker for h in by_surname} == {"Vladimir Putin"}
    kinds = [h.quote.kind for h in by_surname]
    assert kinds == sorted(kinds, key=lambda k: k != "direct") and "indirect" in kinds
    assert not by_surname[0].quote.partial
    assert [h.quote.speaker for h in await seeded.quotes_by("Wang Yi")] == ["Wang Yi"]
    assert await seeded.quotes_by("Nobody Atall") == []
    accents = await seeded.quotes_by("Garcia")
    assert accents and all("García" in (h.quote.speaker or "") for h in accents)


async def test_ask_seed_how_much_gas(seeded) -> None:
    question = "How much gas will Russia supply to China each year?"
    for url in (SEED_URL, None):
        answers = await seeded.ask(question, url)
        assert answers, url
        assert "10 billion cubic meters of gas per year" in answers[0].text
        assert answers[0].url == SEED_URL


async def test_ask_question_types(seeded) -> None:
    (top, *_) = await seeded.ask("When did the Russian troops first deploy to Chinese territory?")
    assert "In August" in top.text
    (top, *_) = await seeded.ask("Who told Blinken about security concerns?", SEED_URL)
    assert "Wang Yi" in top.text
    (top, *_) = await seeded.ask("Where did the two leaders meet?", SEED_URL)
    assert "Diaoyutai State Guesthouse" in top.text
    with pytest.raises(NotFoundError):
        await seeded.ask("Who?", "https://never.example/seen")
    assert await seeded.ask("?!") == []
    assert await seeded.ask("Who said it?") == []
    assert await seeded.who_said("it is what it is") == []


async def test_ask_and_who_said_on_generated_articles(seeded) -> None:
    d = generated_digest(13)
    quote = d.quotes[0]
    # Generated quotes repeat across articles on one topic: exact-phrase hits come first,
    # and the hit from this article must name this article's speaker.
    phrase = quote.text.split(",")[0]
    hits = await seeded.who_said(phrase, limit=50)
    exact = [phrase in h.quote.text for h in hits]
    assert exact[0] and exact == sorted(exact, reverse=True)
    mine = [h for h in hits if h.url == d.article.url and phrase in h.quote.text]
    assert [h.quote.speaker for h in mine] == [quote.speaker]
    answers = await seeded.ask("How much will the project cost?", d.article.url)
    assert "million dollars" in answers[0].text


async def test_search(seeded) -> None:
    hits = await seeded.search("gas China Putin")
    assert hits[0].url == SEED_URL and hits[0].snippet
    wildfire = await seeded.search("wildfire evacuation", limit=3)
    assert len(wildfire) == 3 and all("wildfire" in (h.title or "") for h in wildfire)
    assert await seeded.search("zzzunknownzzz") == []


async def test_one_shared_word_never_pins_a_quote(storage: Storage) -> None:
    db = await storage.guild(1)
    text = "“In our opinion the cheese is a generic designation,” said Hans Berg."
    art = Article((text,), url="https://cheese.example/1")
    end = text.index("”")
    quote = Quote(text[1:end], 1, end, "Hans Berg")
    assert quote.text.endswith("designation,")
    await _save(db, Digest(art, Summary((text,), (0,), "lead"), (quote,), (quote,)))
    assert await db.who_said("the moon is cheese") == []
    assert await db.who_said("moon made of green cheese") == []
    assert [h.quote.speaker for h in await db.who_said("cheese generic designation")] == [
        "Hans Berg"
    ]


async def _one_sentence_articles(db, stories: list[tuple[str | None, str]]) -> None:
    """Save each (title, text) as an article of one sentence."""
    for i, (title, text) in enumerate(stories):
        art = Article((text,), url=f"https://story.example/{i}", title=title)
        await _save(db, Digest(art, Summary((text,), (0,), "lead")))


async def test_ask_joins_irregular_verbs_and_months_are_not_places(storage: Storage) -> None:
    db = await storage.guild(1)
    texts = [
        "The two leaders met at the Diaoyutai State Guesthouse on Friday afternoon.",
        "Two million children will die before the next meeting in April, leaders warned.",
    ]
    await _one_sentence_articles(db, [(None, t) for t in texts])
    (top, *_) = await db.ask("Where did the two leaders meet?")
    assert top.text == texts[0]


async def test_ask_prefers_the_article_about_the_question(storage: Storage) -> None:
    db = await storage.guild(1)
    stories = [
        (
            "Council vote on the harbour wall",
            "The council votes on the harbour wall and the new ferry pier on the second of May.",
        ),
        ("Ferry timetable", "What happened in 2009?"),
    ]
    await _one_sentence_articles(db, stories)
    # "happen" only frames the question: the answer is the sentence about the vote.
    (top, *_) = await db.ask("When will the vote happen?")
    assert top.title == "Council vote on the harbour wall"


async def test_ask_breaks_near_ties_by_the_headline(storage: Storage) -> None:
    db = await storage.guild(1)
    stories = [
        ("Pier costs climb again", "The pier will cost four million pounds, the council says."),
        ("Weekend football round-up", "The pier will cost four million."),
    ]
    await _one_sentence_articles(db, stories)
    (top, *_) = await db.ask("How much will the pier cost?")
    assert top.title == "Pier costs climb again"
