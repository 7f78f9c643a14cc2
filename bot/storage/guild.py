"""One guild's cache: its connection and lock, its settings, and the doors to the rest.

Saving and loading digests live in :mod:`bot.storage.digests`, the ranked questions (who
said, quotes by, ask, search) in :mod:`bot.storage.queries`: functions over a connection that
:class:`GuildDB` hands them under its lock.

Every operation on a guild runs under that guild's :class:`asyncio.Lock`. The guild has one
aiosqlite connection, which executes statements one at a time on its own thread anyway; the
lock additionally keeps multi-statement operations whole, so a read never sees half of a
concurrent write and two writers never share a transaction. Different guilds run in parallel.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from bot import guild_settings
from bot.errors import InvalidSettingError, StorageError
from bot.models import (
    Answer,
    ArticleHit,
    Digest,
    GuildSettings,
    PostRef,
    Quote,
    QuoteHit,
    Sentence,
)
from bot.storage import digests, queries
from bot.storage.db import connect, fetch_all


class Owner(Protocol):
    """What a guild needs from whoever bounds the open connections (:class:`Storage`).

    The whole interface between the two: GuildDB reports use, Storage may take an idle
    guild's connection away with :meth:`GuildDB.take_connection`, and neither touches the
    other's private state.
    """

    replicated: bool

    async def in_use(self, db: GuildDB) -> None:
        """``db`` has just taken its lock and opened (or reused) its connection."""

    async def idle(self, db: GuildDB) -> None:
        """``db`` has released its lock."""


class GuildDB:
    """The cache of one Discord guild: its connection and its lock. Get one from
    :meth:`Storage.guild`. The digest and query functions it calls take the connection."""

    def __init__(self, guild_id: int, path: Path, owner: Owner | None = None) -> None:
        self.guild_id = guild_id
        self.path = path
        self._owner = owner
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._deleted = False

    # --- connection plumbing -------------------------------------------------------------

    @property
    def replicated(self) -> bool:
        return self._owner is not None and self._owner.replicated

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[aiosqlite.Connection]:
        """The guild's connection, held under its lock (opened or migrated on first use);
        SQLite errors inside become :class:`StorageError`."""
        try:
            async with self._lock:
                if self._deleted:
                    raise StorageError("This server's saved data has been deleted.")
                if self._conn is None:
                    try:
                        conn = await connect(self.path, replicated=self.replicated)
                    except sqlite3.Error as exc:
                        raise StorageError(detail=f"opening {self.path.name}: {exc}") from exc
                    conn.row_factory = sqlite3.Row
                    self._conn = conn
                if self._owner is not None:
                    await self._owner.in_use(self)
                try:
                    yield self._conn
                except sqlite3.Error as exc:
                    raise StorageError(detail=str(exc)) from exc
        finally:
            if self._owner is not None:
                await self._owner.idle(self)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """:meth:`connection` inside ``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on error
        or cancellation)."""
        async with self.connection() as conn:
            if conn.in_transaction:
                # Left open by a write cancelled between BEGIN and its rollback being queued.
                with suppress(sqlite3.Error):
                    await conn.execute("ROLLBACK")
            try:
                # Inside the try: a cancel while BEGIN is queued still gets its ROLLBACK.
                await conn.execute("BEGIN IMMEDIATE")
                yield conn
            except BaseException:
                # Rollback even when cancelled: the statement queue is FIFO on the thread.
                with suppress(Exception):
                    await asyncio.shield(conn.execute("ROLLBACK"))
                raise
            await conn.execute("COMMIT")

    def take_connection(self) -> aiosqlite.Connection | None:
        """Detach the connection for the caller to close; the next use reopens one. Only for
        an idle guild (``not busy``): it is synchronous, so an evictor can detach several
        guilds before its first await lets any of them be used again."""
        conn, self._conn = self._conn, None
        return conn

    async def _detach(self) -> None:
        conn = self.take_connection()
        if conn is not None:
            with suppress(Exception):
                await conn.close()

    async def close(self) -> None:
        async with self._lock:
            await self._detach()

    async def mark_deleted(self) -> None:
        """Close for good: waits for operations in flight, later calls raise StorageError."""
        async with self._lock:
            self._deleted = True
            await self._detach()

    # --- settings ------------------------------------------------------------------------

    async def get_settings(self) -> GuildSettings:
        async with self.connection() as conn:
            return await self._read_settings(conn)

    async def _read_settings(self, conn: aiosqlite.Connection) -> GuildSettings:
        rows = await fetch_all(conn, "SELECT * FROM settings WHERE id = 1")
        channels = await fetch_all(conn, "SELECT channel_id FROM watched_channels")
        watched = frozenset(r[0] for r in channels)
        if not rows:
            return GuildSettings(watched_channels=watched)
        return GuildSettings(watched_channels=watched, **guild_settings.from_row(rows[0]))

    async def update_settings(self, **changes: Any) -> GuildSettings:
        """Apply validated changes atomically and return the new settings."""
        clean = guild_settings.validate(changes)
        async with self.transaction() as conn:
            current = await self._read_settings(conn)
            new = GuildSettings(
                **{f.name: getattr(current, f.name) for f in fields(current)} | clean
            )
            await self._write_settings(conn, new)
        return new

    async def set_watched(self, channel_id: int, watched: bool) -> GuildSettings:
        """Watch or unwatch one channel without a read-modify-write race."""
        guild_settings.validate({"watched_channels": [channel_id]})
        async with self.transaction() as conn:
            if watched:
                await conn.execute(
                    "INSERT OR IGNORE INTO watched_channels(channel_id) VALUES (?)", (channel_id,)
                )
            else:
                await conn.execute(
                    "DELETE FROM watched_channels WHERE channel_id = ?", (channel_id,)
                )
            return await self._read_settings(conn)

    @staticmethod
    async def _write_settings(conn: aiosqlite.Connection, s: GuildSettings) -> None:
        await conn.execute(guild_settings.row_sql(), guild_settings.row_values(s))
        await conn.execute("DELETE FROM watched_channels")
        await conn.executemany(
            "INSERT INTO watched_channels(channel_id) VALUES (?)",
            [(c,) for c in sorted(s.watched_channels)],
        )

    # --- articles and digests (bot/storage/digests.py) ------------------------------------

    async def find_article(self, url: str) -> Digest | None:
        """The cached digest for ``url`` (its canonical or final URL), or None."""
        async with self.connection() as conn:
            article_id = await digests.find_id(conn, url)
            if article_id is None:
                return None
            return await digests.load_digest(conn, article_id)

    async def get_digest(self, article_id: int) -> Digest | None:
        async with self.connection() as conn:
            return await digests.load_digest(conn, article_id)

    async def save_digest(
        self,
        digest: Digest,
        sentences: Sequence[Sentence],
        *,
        final_url: str | None = None,
        post: PostRef | None = None,
    ) -> int:
        """Store (or replace, on refresh) an article with its sentences, summary and quotes;
        returns its id, which a re-save under the same canonical or final URL keeps."""
        async with self.transaction() as conn:
            return await digests.save_digest(
                conn, digest, sentences, final_url=final_url, post=post
            )

    async def record_post(self, article_id: int, post: PostRef) -> None:
        """Note that ``post`` linked this article (a cache hit); it also counts as recent use."""
        async with self.transaction() as conn:
            await digests.record_post(conn, article_id, post)

    async def quotes_for_article(
        self, article_id: int, *, include_partial: bool = False
    ) -> list[Quote]:
        async with self.connection() as conn:
            return await digests.quotes_for_article(
                conn, article_id, include_partial=include_partial
            )

    # --- questions (bot/storage/queries.py) -----------------------------------------------

    async def who_said(self, phrase: str, limit: int = 3) -> list[QuoteHit]:
        async with self.connection() as conn:
            return await queries.who_said(conn, phrase, limit)

    async def quotes_by(self, speaker: str, limit: int = 10) -> list[QuoteHit]:
        async with self.connection() as conn:
            return await queries.quotes_by(conn, speaker, limit)

    async def ask(
        self, question: str, url: str | int | None = None, limit: int = 3
    ) -> list[Answer]:
        async with self.connection() as conn:
            return await queries.ask(conn, question, url, limit)

    async def search(self, terms: str, limit: int = 5) -> list[ArticleHit]:
        async with self.connection() as conn:
            return await queries.search(conn, terms, limit)

    # --- forgetting ----------------------------------------------------------------------

    async def _checkpoint(self) -> None:
        # The WAL still holds old page images of deleted rows until it is checkpointed.
        # While Litestream replicates the file it owns checkpoints: a TRUNCATE here would wait
        # on its read lock (up to busy_timeout) and could cut WAL frames it hasn't shipped.
        if self.replicated:
            return
        async with self.connection() as conn:
            await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def forget(self, url: str) -> bool:
        """Delete one article and everything derived from it; False if it wasn't cached."""
        async with self.transaction() as conn:
            article_id = await digests.find_id(conn, url)
            if article_id is not None:
                await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                await self._optimize(conn)
        if article_id is None:
            return False
        await self._checkpoint()
        return True

    @staticmethod
    async def _optimize(conn: aiosqlite.Connection) -> None:
        # FTS5 deletes are tombstones until segments merge; merging drops the deleted text,
        # and secure_delete zeroes the pages it freed.
        for table in ("sentences_fts", "quotes_fts", "titles_fts"):
            await conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    async def purge(self) -> None:
        """Delete every article, post, quote and setting of this guild, and shrink the file."""
        async with self.transaction() as conn:
            for table in ("posts", "summaries", "quotes", "sentences", "articles"):
                await conn.execute(f"DELETE FROM {table}")
            await conn.execute("DELETE FROM settings")
            await conn.execute("DELETE FROM watched_channels")
            for table in ("sentences_fts", "quotes_fts", "titles_fts"):
                await conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        async with self.connection() as conn:
            # VACUUM goes through the WAL in WAL mode, so Litestream ships it like any write.
            await conn.execute("VACUUM")
        await self._checkpoint()

    async def expire(self, older_than_days: int) -> int:
        """Delete articles neither fetched nor posted in ``older_than_days``; returns how many."""
        if older_than_days < 0:
            raise InvalidSettingError("Retention can't be negative.")
        cutoff = time.time() - older_than_days * 86_400
        async with self.transaction() as conn:
            cur = await conn.execute("DELETE FROM articles WHERE last_seen_at < ?", (cutoff,))
            removed = cur.rowcount
            await cur.close()
            if removed:
                await self._optimize(conn)
        if removed:
            await self._checkpoint()
        return max(removed, 0)
