"""Opening a guild database: version check, migrations, then an aiosqlite connection.

The version is read through a read-only connection first, so a file from a newer Precis is
refused without a single byte of it changing (not even the switch to WAL). Migrations run on a
plain ``sqlite3`` connection in a worker thread; the long-lived connection is aiosqlite in
autocommit mode, and :class:`~bot.storage.guild.GuildDB` issues BEGIN/COMMIT itself.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.errors import StorageError
from bot.storage.schema import LATEST, check_version, migrate

BUSY_TIMEOUT_MS = 10_000

# WAL + synchronous=NORMAL: a committed transaction survives the process being killed (the WAL
# is written before COMMIT returns); only an OS crash or power cut can lose the last commits.
# secure_delete overwrites freed pages, so forgotten articles don't linger in the file.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA secure_delete = ON",
)


def read_version(path: Path) -> int | None:
    """``user_version`` of an existing file, read without changing it; None if absent/empty.

    ``immutable=1`` makes SQLite read the file without locks and without creating -wal/-shm
    files, so refusing a newer file leaves it exactly as it was. The file must not be read
    with plain ``open()``: closing any descriptor of a database file drops every POSIX lock
    this process holds on it, behind the back of other connections here (a documented way to
    corrupt SQLite databases).
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(detail=f"{path.name}: {exc}") from exc


def check_copy(path: Path) -> str | None:
    """Check a database copy (a backup, a restored replica) before it is used: a schema newer
    than this Precis raises; otherwise the problem ``PRAGMA integrity_check`` found, or None."""
    check_version(read_version(path) or 0)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return None if result == "ok" else result


def prepare(path: Path) -> int:
    """Create or upgrade the database at ``path``; returns its schema version.

    The version is read through SQLite before anything writes. (Reading the header with a
    plain file descriptor would be cheaper, but closing that descriptor drops every POSIX
    lock this process holds on the file, including those of its open connections: a known
    way to corrupt a database that another process writes to.)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                detail=f"{path.name} is not a usable SQLite database: {exc}"
            ) from None
        check_version(version)
        # Setting the mode needs an exclusive lock, and SQLite answers BUSY at once (no busy
        # handler) while another connection writes: only a file not yet in WAL is switched.
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(pragma)
        return migrate(conn)
    finally:
        conn.close()


# Litestream must own checkpoints (litestream.io/tips): while it replicates, connections never
# checkpoint on their own; it checkpoints (PASSIVE) after reading the WAL.
REPLICATED_PRAGMAS = ("PRAGMA wal_autocheckpoint = 0",)


async def connect(path: Path, *, replicated: bool = False) -> aiosqlite.Connection:
    """An open, migrated connection to the guild database at ``path``."""
    await asyncio.to_thread(prepare, path)
    pending = aiosqlite.connect(path, isolation_level=None)
    # aiosqlite's worker thread is not a daemon: a connection someone forgot to close would
    # keep the process alive at exit. Killing it mid-write is safe (WAL rolls back).
    thread = getattr(pending, "_thread", None)
    if thread is not None and not thread.is_alive():
        thread.daemon = True
    conn = await pending
    try:
        for pragma in CONNECTION_PRAGMAS + (REPLICATED_PRAGMAS if replicated else ()):
            await conn.execute(pragma)
        async with conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        # A newer Precis could have upgraded the file between prepare() and here.
        check_version(int(row[0]) if row else 0, LATEST)
    except BaseException:
        await conn.close()
        raise
    return conn


async def fetch_all(
    conn: aiosqlite.Connection, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
) -> list[Any]:
    """Every row of ``sql`` as a list (aiosqlite returns an iterable)."""
    return list(await conn.execute_fetchall(sql, params))
