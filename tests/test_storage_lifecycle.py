"""Concurrency, the connection LRU, deleting data for real, retention, backups and restore."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.models import Article, Digest, GuildSettings, Quote, Summary
from bot.storage import Storage, backup_all, guild_path, restore
from tests.storage_helpers import (
    article_ids,
    generated_digest,
    post,
    row_counts,
    split_sentences,
)

MARKER = "zqxjkv"  # a word no generated article contains, and that porter leaves alone


def _marked_digest(url: str = "https://secret.example/1") -> Digest:
    text = (
        f"The {MARKER} committee met on Friday. "
        f"“We will publish the {MARKER} report in May,” said Rosa {MARKER.title()}."
    )
    start = text.index("We will")
    end = text.index(" in May,") + len(" in May,")
    quote = Quote(text[start:end], start, end, f"Rosa {MARKER.title()}")
    art = Article((text,), url=url, title=f"The {MARKER} affair")
    return Digest(art, Summary((text,), (0,), "lead"), (quote,), (quote,))


async def _save(db, digest: Digest, **kw) -> int:
    return await db.save_digest(digest, split_sentences(digest.article.text), **kw)


def _sql(path: Path, query: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def _fts_vocab(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, {table}, 'row')")
        return {r[0] for r in conn.execute("SELECT term FROM temp.v")}
    finally:
        conn.close()


def _raw_bytes(path: Path) -> bytes:
    out = b""
    for suffix in ("", "-wal"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            out += p.read_bytes()
    return out


def _fts_ok(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in ("sentences_fts", "quotes_fts", "titles_fts"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    finally:
        conn.close()


# --- concurrency ------------------------------------------------------------------------


async def test_many_concurrent_writes_and_reads_on_one_guild(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(1)
    await db.get_settings()  # creates the file before the readers look into it
    digests = [generated_digest(i) for i in range(60)]
    observed: list[tuple[int, int]] = []

    async def reader() -> None:
        for _ in range(40):
            stats = row_counts(db.path)
            # Each save writes an article with exactly 4 quotes in one transaction, so a
            # reader never sees an article without its quotes.
            observed.append((stats["articles"], stats["quotes"]))
            await db.who_said("waited long enough")
            await db.search("plan")
            await asyncio.sleep(0)

    async def refresher() -> None:
        for _ in range(10):
            await _save(db, digests[0])

    ids = await asyncio.gather(
        *(_save(db, d, post=post(1, i)) for i, d in enumerate(digests)),
        reader(),
        reader(),
        refresher(),
    )
    assert len(set(ids[:60])) == 60
    assert all(quotes == 4 * articles for articles, quotes in observed)
    sentences = sum(len(split_sentences(d.article.text)) for d in digests)
    assert row_counts(db.path) == {
        "articles": 60,
        "posts": 60,
        "sentences": sentences,
        "quotes": 240,
    }
    await storage.close()
    _fts_ok(guild_path(tmp_path, 1))


async def test_two_processes_worth_of_connections_share_a_file(tmp_path: Path) -> None:
    """Two Storage objects (as two processes would) writing one guild wait, never fail."""
    a, b = Storage(tmp_path), Storage(tmp_path)
    da, db_ = await a.guild(3), await b.guild(3)
    await asyncio.gather(
        *(_save(da, generated_digest(i)) for i in range(0, 40, 2)),
        *(_save(db_, generated_digest(i)) for i in range(1, 40, 2)),
    )
    assert row_counts(da.path)["articles"] == 40
    await a.close()
    await b.close()


async def test_concurrent_settings_updates_are_not_lost(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(1)
    await asyncio.gather(*(db.set_watched(c, True) for c in range(1, 51)))
    assert (await db.get_settings()).watched_channels == frozenset(range(1, 51))
    await storage.close()


async def test_cancelled_write_rolls_back(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(1)
    await _save(db, generated_digest(0))
    big = generated_digest(1)
    task = asyncio.create_task(_save(db, big))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    stats = row_counts(db.path)
    assert stats["articles"] in (1, 2)
    assert stats["quotes"] == 4 * stats["articles"]
    await _save(db, generated_digest(2))  # the connection is still usable
    await storage.close()
    _fts_ok(guild_path(tmp_path, 1))


# --- the connection LRU -------------------------------------------------------------------


async def test_lru_closes_idle_connections_and_reopens(tmp_path: Path) -> None:
    storage = Storage(tmp_path, max_open=3)
    for gid in range(1, 11):
        db = await storage.guild(gid)
        await _save(db, generated_digest(gid))
        assert storage.open_count <= 3
    first = await storage.guild(1)
    assert not first.is_open
    assert (await first.find_article(generated_digest(1).article.url)) is not None
    assert first.is_open and storage.open_count <= 3
    assert first is await storage.guild(1)
    # Evicted connections are really closed: every file can be checkpointed and removed.
    assert sorted(storage.guild_ids()) == list(range(1, 11))
    await storage.close()
    assert storage.open_count == 0


async def test_lru_under_concurrent_use_of_many_guilds(tmp_path: Path) -> None:
    storage = Storage(tmp_path, max_open=4)

    async def work(gid: int) -> int:
        db = await storage.guild(gid)
        for i in range(3):
            await _save(db, generated_digest(gid * 10 + i))
        return row_counts(db.path)["articles"]

    counts = await asyncio.gather(*(work(g) for g in range(1, 21)))
    assert counts == [3] * 20
    # Busy guilds may run over the limit for a moment; once all are idle it holds again.
    assert storage.open_count <= 4
    await storage.close()


async def test_delete_guild_removes_files_and_old_handles(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(77)
    await _save(db, generated_digest(1))
    path = guild_path(tmp_path, 77)
    assert path.exists()
    assert await storage.delete_guild(77)
    assert not any(path.parent.glob("77.sqlite3*"))
    assert storage.guild_ids() == []
    with pytest.raises(StorageError):
        await db.get_settings()
    fresh = await storage.guild(77)
    assert await fresh.get_settings() == GuildSettings()  # opens a new, empty database
    assert row_counts(fresh.path) == {"articles": 0, "posts": 0, "sentences": 0, "quotes": 0}
    assert not await storage.delete_guild(78)
    await storage.close()


# --- forget, purge, expire -------------------------------------------------------------------


async def test_forget_really_deletes_rows_fts_and_bytes(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(1)
    keep = generated_digest(1)
    await _save(db, keep, post=post(1))
    secret = _marked_digest()
    secret_id = await _save(db, secret, final_url="https://secret.example/final", post=post(1, 2))
    assert (await db.who_said(f"{MARKER} report"))[0].article_id == secret_id
    path = guild_path(tmp_path, 1)
    assert MARKER.encode() in _raw_bytes(path)

    assert await db.forget("https://secret.example/final")
    assert not await db.forget("https://secret.example/final")
    assert await db.who_said(f"{MARKER} report") == []
    assert await db.search(MARKER) == []
    assert await db.ask(f"What about the {MARKER} committee?") == []
    assert row_counts(db.path)["articles"] == 1
    await storage.close()

    for table in ("posts", "summaries", "sentences", "quotes"):
        assert _sql(path, f"SELECT count(*) FROM {table} WHERE article_id = ?", (secret_id,)) == [
            (0,)
        ]
    assert _sql(path, "SELECT count(*) FROM articles WHERE id = ?", (secret_id,)) == [(0,)]
    for table in ("sentences_fts", "quotes_fts", "titles_fts"):
        assert MARKER not in _fts_vocab(path, table)
        assert "plan" in _fts_vocab(path, table) or table == "quotes_fts"
    _fts_ok(path)
    assert MARKER.encode() not in _raw_bytes(path)
    assert MARKER.title().encode() not in _raw_bytes(path)


async def test_purge_deletes_everything_and_resets_settings(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(1)
    for i in range(5):
        await _save(db, generated_digest(i), post=post(1, i))
    await _save(db, _marked_digest())
    await db.update_settings(summary_sentences=6, watched_channels={9})
    await db.purge()
    assert await db.get_settings() == GuildSettings()
    assert row_counts(db.path) == {"articles": 0, "posts": 0, "sentences": 0, "quotes": 0}
    assert await db.search("plan") == []
    await storage.close()
    path = guild_path(tmp_path, 1)
    for table in ("settings", "watched_channels", "articles", "posts", "summaries"):
        assert _sql(path, f"SELECT count(*) FROM {table}") == [(0,)]
    for table in ("sentences_fts", "quotes_fts", "titles_fts"):
        assert _fts_vocab(path, table) == set()
    _fts_ok(path)
    assert MARKER.encode() not in _raw_bytes(path)


async def test_expire_removes_only_old_articles(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(1)
    ids = [await _save(db, generated_digest(i)) for i in range(6)]
    path = guild_path(tmp_path, 1)
    day = 86_400
    # Age three articles (as if saved 40 days ago) with a separate connection, as time would.
    conn = sqlite3.connect(path)
    conn.executemany(
        "UPDATE articles SET fetched_at = ?, last_seen_at = ? WHERE id = ?",
        [(time.time() - 40 * day, time.time() - 40 * day, i) for i in ids[:3]],
    )
    conn.commit()
    conn.close()
    await db.record_post(ids[0], post(1))  # a recent repost keeps an old article alive
    assert await db.expire(30) == 2
    assert article_ids(db.path) == [ids[0], *ids[3:]]
    assert await db.expire(30) == 0
    await storage.close()
    assert _sql(path, "SELECT count(*) FROM sentences WHERE article_id IN (?, ?)", ids[1:3]) == [
        (0,)
    ]
    _fts_ok(path)


# --- backups -------------------------------------------------------------------------------


async def test_backup_while_writing_then_restore(tmp_path: Path) -> None:
    data, out, restored_dir = tmp_path / "data", tmp_path / "backup", tmp_path / "restored"
    storage = Storage(data)
    for gid in (1, 2, 3):
        db = await storage.guild(gid)
        await _save(db, generated_digest(gid))
    busy = await storage.guild(1)
    stop = asyncio.Event()

    async def writer() -> int:
        n = 0
        while not stop.is_set():
            await _save(busy, generated_digest(100 + n))
            n += 1
            await asyncio.sleep(0)
        return n

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.05)
    copies = await backup_all(data, out)
    await asyncio.sleep(0.05)
    copies += await backup_all(data, out)  # a second run replaces the first copies
    stop.set()
    written = await task
    assert written > 0
    assert sorted(p.name for p in (out / "guilds").iterdir()) == [
        "1.sqlite3",
        "2.sqlite3",
        "3.sqlite3",
    ]
    for copy in copies:
        _fts_ok(copy)
        articles = _sql(copy, "SELECT count(*) FROM articles")[0][0]
        quotes = _sql(copy, "SELECT count(*) FROM quotes")[0][0]
        assert quotes == 4 * articles  # a transaction is never half in the copy
    await storage.close()

    paths = await restore(out, restored_dir)
    assert len(paths) == 3
    again = Storage(restored_dir)
    db = await again.guild(2)
    assert await db.find_article(generated_digest(2).article.url) is not None
    assert (await db.who_said("waited long enough"))[0].url == generated_digest(2).article.url
    db1 = await again.guild(1)
    assert 1 <= row_counts(db1.path)["articles"] <= 1 + written
    await again.close()
    for p in paths:
        _fts_ok(p)


async def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "backup"
    storage = Storage(data)
    db = await storage.guild(1)
    await _save(db, generated_digest(1))
    await storage.close()
    await backup_all(data, out)
    bad = guild_path(out, 2)
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = guild_path(data, 1).read_bytes()
    with pytest.raises((StorageError, sqlite3.DatabaseError)):
        await restore(out, data)
    assert guild_path(data, 1).read_bytes() == before
    assert not guild_path(data, 2).exists()
