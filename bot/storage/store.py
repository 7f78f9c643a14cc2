"""All guilds' databases: one file per guild, opened lazily, at most ``max_open`` kept open.

:class:`Storage` hands out one :class:`GuildDB` object per guild for the life of the process
(so every caller shares that guild's lock); only the *connections* are bounded. When too many
are open, the least recently used idle ones are closed and reopen on their next use. If every
open guild is busy, the bound is briefly exceeded rather than waiting, so it can't deadlock.

A sharded process (``shards``, bot/shards.py) only touches the guilds its shards own: it refuses
to open or delete another shard's guild and doesn't list their files, because processes running
other shard blocks may keep their databases in the same data dir.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
from collections import OrderedDict
from pathlib import Path

from bot.errors import StorageError, WrongShardError
from bot.litestream import guild_meta_path
from bot.shards import Shards
from bot.storage.guild import GuildDB

_GUILD_FILE = re.compile(r"(\d{1,20})\.sqlite3")
SIDE_FILES = ("-wal", "-shm", "-journal")


def guilds_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "guilds"


def guild_path(data_dir: Path, guild_id: int) -> Path:
    return guilds_dir(data_dir) / f"{int(guild_id)}.sqlite3"


def guild_files(data_dir: Path) -> list[tuple[int, Path]]:
    """(guild id, path) of every guild database under ``data_dir``, by id."""
    folder = guilds_dir(data_dir)
    if not folder.is_dir():
        return []
    out = []
    for path in folder.iterdir():
        m = _GUILD_FILE.fullmatch(path.name)
        if m and path.is_file():
            out.append((int(m.group(1)), path))
    return sorted(out)


class Storage:
    """Entry point to every guild's cache."""

    def __init__(
        self,
        data_dir: Path,
        *,
        max_open: int = 32,
        replicated: bool = False,
        shards: Shards | None = None,
    ) -> None:
        if max_open < 1:
            raise ValueError("max_open must be at least 1")
        self.data_dir = Path(data_dir)
        # Litestream replicates these files (bot/replication.py): it owns checkpoints.
        self.replicated = replicated
        self.shards = shards or Shards()
        self.max_open = max_open
        self._guilds: dict[int, GuildDB] = {}
        self._open: OrderedDict[int, None] = OrderedDict()
        self._closed = False

    async def guild(self, guild_id: int) -> GuildDB:
        """The guild's database handle; the file is created or migrated on first use."""
        if self._closed:
            raise StorageError(detail="storage is closed")
        if isinstance(guild_id, bool) or not isinstance(guild_id, int) or guild_id < 0:
            raise ValueError(f"not a guild id: {guild_id!r}")
        self._check_owned(guild_id)
        db = self._guilds.get(guild_id)
        if db is None:
            db = GuildDB(guild_id, guild_path(self.data_dir, guild_id), self)
            self._guilds[guild_id] = db
        return db

    def owns(self, guild_id: int) -> bool:
        return self.shards.owns(guild_id)

    def _check_owned(self, guild_id: int) -> None:
        if not self.shards.owns(guild_id):
            hint = self.shards.owner_hint(guild_id)
            raise WrongShardError(hint[0].upper() + hint[1:] + ".")

    @property
    def over_limit(self) -> bool:
        return len(self._open) > self.max_open

    @property
    def open_count(self) -> int:
        return sum(1 for db in self._guilds.values() if db.is_open)

    async def in_use(self, db: GuildDB) -> None:
        """Called by a guild (holding its own lock) each time it is used."""
        self._open[db.guild_id] = None
        self._open.move_to_end(db.guild_id)
        await self.trim(keep=db)

    async def idle(self, db: GuildDB) -> None:
        """Called by a guild when it releases its lock. Guilds that were busy when others
        evicted may leave the count over the limit: trim once one is idle again (shielded, so
        a cancelled caller still leaves the count right)."""
        if self.over_limit:
            await asyncio.shield(self.trim())

    async def trim(self, keep: GuildDB | None = None) -> None:
        """Close least recently used idle connections beyond ``max_open``. Busy guilds are
        skipped, so the count can run over while many are in use; each guild calls this again
        when it goes idle, which brings the count back down."""
        excess = len(self._open) - self.max_open
        if excess <= 0:
            return
        detached = []
        for gid in list(self._open):
            if excess <= 0:
                break
            other = self._guilds.get(gid)
            if other is None or not other.is_open:
                del self._open[gid]
                excess -= 1
                continue
            # Only idle guilds; taking a busy guild's lock here could deadlock two evictors.
            if other is keep or other.busy:
                continue
            del self._open[gid]
            # Detach every victim now, before the first await: a guild that is idle at this
            # moment may be in use by the time an earlier victim's close has finished.
            detached.append(other.take_connection())
            excess -= 1
        for conn in detached:
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()

    def guild_ids(self) -> list[int]:
        """Guilds of this process's shards that have a database on disk."""
        return [gid for gid, _ in guild_files(self.data_dir) if self.shards.owns(gid)]

    async def delete_guild(self, guild_id: int) -> bool:
        """Close the guild's database and delete its files; False if there was none."""
        self._check_owned(guild_id)
        db = self._guilds.pop(guild_id, None)
        self._open.pop(guild_id, None)
        if db is not None:
            # Waits for operations in flight; later calls on old handles raise StorageError.
            await db.mark_deleted()
        path = guild_path(self.data_dir, guild_id)
        existed = path.exists()
        for candidate in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()
        # Litestream's local state for this file: a guild that comes back later must start a
        # fresh replica, not resume from a deleted one (litestream.io/tips).
        shutil.rmtree(guild_meta_path(self.data_dir, guild_id), ignore_errors=True)
        return existed

    async def close(self) -> None:
        """Close every open connection (waiting for operations in flight)."""
        self._closed = True
        await asyncio.gather(*(db.close() for db in self._guilds.values()))
        self._open.clear()

    async def __aenter__(self) -> Storage:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
