"""Schema versions: creating, upgrading step by step, and refusing newer files untouched."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import SchemaTooNewError
from bot.storage import Storage, guild_path
from bot.storage.db import prepare, read_version
from bot.storage.schema import LATEST, MIGRATIONS, Migration, migrate
from tests.storage_helpers import generated_digest, split_sentences

EXPECTED_TABLES = {
    "settings",
    "watched_channels",
    "articles",
    "posts",
    "summaries",
    "sentences",
    "quotes",
    "sentences_fts",
    "quotes_fts",
    "titles_fts",
}


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_fresh_file_gets_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    assert prepare(path) == LATEST
    assert _version(path) == LATEST
    assert _tables(path) >= EXPECTED_TABLES
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    # Opening again is a no-op.
    assert prepare(path) == LATEST


def test_empty_v0_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE unrelated (x)")  # a v0 file: valid SQLite, no Precis schema
    conn.commit()
    conn.close()
    assert _version(path) == 0
    assert prepare(path) == LATEST
    assert _tables(path) >= EXPECTED_TABLES


def _v2_add_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE articles ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")


def test_upgrade_from_older_version_keeps_data(tmp_path: Path) -> None:
    """A v1 file with data gets a (synthetic) v2 step; rows survive, version bumps."""
    path = tmp_path / "g.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == 1
    conn.execute(
        "INSERT INTO articles(url, paragraphs, content_hash, word_count, fetched_at, "
        "last_seen_at) VALUES ('https://a.example/1', '[]', 'h', 0, 1, 1)"
    )
    steps = (*MIGRATIONS[:1], Migration(2, "pin articles", _v2_add_column))
    assert migrate(conn, steps) == 2
    row = conn.execute("SELECT url, pinned FROM articles").fetchone()
    assert row == ("https://a.example/1", 0)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


def test_failed_step_rolls_back_to_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    bad = Migration(2, "broken", ["CREATE TABLE extra (x)", "THIS IS NOT SQL"])
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, (*MIGRATIONS[:1], bad))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "extra" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


@pytest.mark.parametrize("journal", ["delete", "wal"])
async def test_newer_database_is_refused_and_left_byte_identical(
    tmp_path: Path, journal: str
) -> None:
    path = guild_path(tmp_path, 42)
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE future (x)")
    conn.execute("INSERT INTO future VALUES ('from the future')")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())

    storage = Storage(tmp_path)
    db = await storage.guild(42)
    with pytest.raises(SchemaTooNewError) as info:
        await db.get_settings()
    assert "newer version of Precis" in info.value.user_message
    with pytest.raises(SchemaTooNewError):
        await db.save_digest(generated_digest(1), [])
    await storage.close()

    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings
    assert _version(path) == LATEST + 1


async def test_data_survives_reopening(tmp_path: Path) -> None:
    digest = generated_digest(3)
    storage = Storage(tmp_path)
    db = await storage.guild(5)
    article_id = await db.save_digest(digest, split_sentences(digest.article.text))
    await db.update_settings(summary_sentences=5, watched_channels={11, 12}, retention_days=30)
    await storage.close()

    storage = Storage(tmp_path)
    db = await storage.guild(5)
    again = await db.get_digest(article_id)
    assert again is not None
    assert again.article == digest.article
    assert again.quotes == digest.quotes
    settings = await db.get_settings()
    assert settings.summary_sentences == 5
    assert settings.watched_channels == frozenset({11, 12})
    assert settings.retention_days == 30
    assert storage.guild_ids() == [5]
    await storage.close()


def _exclusive_from_another_process(path: Path) -> str:
    code = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
        "try:\n"
        "    c.execute('BEGIN EXCLUSIVE'); print('got it')\n"
        "except sqlite3.OperationalError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    return out.stdout.strip()


def test_reading_the_version_keeps_this_process_locks(tmp_path: Path) -> None:
    """Regression: reading the header with open()/close() dropped this process's POSIX locks,
    so another process could write under a reader here (and WAL files got corrupted in
    memory after kill -9 runs). ``read_version`` must go through SQLite."""
    path = tmp_path / "g.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.execute("BEGIN")
    conn.execute("SELECT * FROM t").fetchall()  # holds a SHARED lock until ROLLBACK
    assert _exclusive_from_another_process(path) == "database is locked"
    assert read_version(path) == 0
    assert _exclusive_from_another_process(path) == "database is locked"
    with open(path, "rb") as fh:  # what the old code did: this releases the lock
        fh.read(100)
    assert _exclusive_from_another_process(path) == "got it"
    conn.execute("ROLLBACK")
    conn.close()
