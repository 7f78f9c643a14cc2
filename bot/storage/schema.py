"""The guild database schema as ordered migration steps, applied at open.

``PRAGMA user_version`` records how many steps a file has had. Opening runs the missing steps,
each in its own transaction together with the version bump, so a crash mid-migration leaves the
previous version intact. A file whose version is above :data:`LATEST` was written by a newer
Precis and is refused before anything touches it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.errors import SchemaTooNewError

_TOKENIZE = "porter unicode61 remove_diacritics 2"

# v1: articles, posts, summaries, sentences, quotes, settings, FTS5 indexes kept in step by
# triggers. FTS tables use external content so the text is stored once; the 'delete' commands
# in the triggers need the old values, which the triggers have.
V1 = [
    """CREATE TABLE settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        summary_sentences INTEGER NOT NULL,
        algorithm TEXT NOT NULL,
        quote_count INTEGER NOT NULL,
        auto_summarise INTEGER NOT NULL,
        threads INTEGER NOT NULL,
        retention_days INTEGER
    )""",
    "CREATE TABLE watched_channels (channel_id INTEGER PRIMARY KEY)",
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        final_url TEXT,
        title TEXT,
        author TEXT,
        published TEXT,
        site TEXT,
        language TEXT,
        paragraphs TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        fetched_at REAL NOT NULL,
        last_seen_at REAL NOT NULL
    )""",
    "CREATE INDEX articles_final_url ON articles(final_url)",
    "CREATE INDEX articles_last_seen ON articles(last_seen_at)",
    """CREATE TABLE posts (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        channel_id INTEGER,
        message_id INTEGER,
        user_id INTEGER,
        posted_at REAL NOT NULL
    )""",
    "CREATE INDEX posts_article ON posts(article_id)",
    """CREATE TABLE summaries (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        algorithm TEXT NOT NULL,
        sentences TEXT NOT NULL,
        indices TEXT NOT NULL
    )""",
    """CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        UNIQUE (article_id, idx)
    )""",
    """CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        speaker TEXT,
        speaker_key TEXT,
        speaker_last TEXT,
        mention_text TEXT,
        mention_start INTEGER,
        mention_end INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
        confidence REAL NOT NULL,
        partial INTEGER NOT NULL,
        role TEXT,
        cue TEXT,
        rule TEXT,
        in_all INTEGER NOT NULL,
        key_rank INTEGER
    )""",
    "CREATE INDEX quotes_article ON quotes(article_id, start)",
    "CREATE INDEX quotes_speaker_key ON quotes(speaker_key)",
    "CREATE INDEX quotes_speaker_last ON quotes(speaker_last)",
    f"""CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content='sentences', content_rowid='id', tokenize='{_TOKENIZE}')""",
    f"""CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, content='quotes', content_rowid='id', tokenize='{_TOKENIZE}')""",
    f"""CREATE VIRTUAL TABLE titles_fts USING fts5(
        title, content='articles', content_rowid='id', tokenize='{_TOKENIZE}')""",
    """CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO titles_fts(rowid, title) VALUES (new.id, coalesce(new.title, ''));
    END""",
    """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO titles_fts(titles_fts, rowid, title)
            VALUES ('delete', old.id, coalesce(old.title, ''));
    END""",
    """CREATE TRIGGER articles_au AFTER UPDATE OF title ON articles BEGIN
        INSERT INTO titles_fts(titles_fts, rowid, title)
            VALUES ('delete', old.id, coalesce(old.title, ''));
        INSERT INTO titles_fts(rowid, title) VALUES (new.id, coalesce(new.title, ''));
    END""",
]

Step = Sequence[str] | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    step: Step


MIGRATIONS: tuple[Migration, ...] = (Migration(1, "initial schema", V1),)
LATEST = MIGRATIONS[-1].version


def check_version(version: int, latest: int = LATEST) -> None:
    """Refuse a database written by a newer Precis."""
    if version > latest:
        raise SchemaTooNewError(detail=f"database schema v{version}, this Precis knows v{latest}")


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring ``conn`` (autocommit mode) up to the last of ``migrations``; returns the version.

    Runs synchronously: callers on the event loop run it in the connection's own thread.
    """
    latest = migrations[-1].version if migrations else 0
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    check_version(current, latest)
    for migration in migrations:
        if migration.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            now = conn.execute("PRAGMA user_version").fetchone()[0]
            if now >= migration.version:
                conn.execute("ROLLBACK")
                current = now
                continue
            if callable(migration.step):
                migration.step(conn)
            else:
                for statement in migration.step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current = migration.version
    return current
