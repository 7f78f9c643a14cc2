"""Consistent copies of every guild database, and putting them back.

``backup_all`` uses SQLite's online backup API from a separate connection: it copies a
snapshot in one read transaction, so the bot can keep writing (WAL readers don't block
writers) and the copy is never half of a transaction. Each copy is checked with
``PRAGMA integrity_check`` before it replaces an older copy of the same guild.

``restore`` is for a stopped bot: it overwrites the live files.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from bot.errors import NotFoundError, StorageError
from bot.litestream import guild_meta_path
from bot.storage.db import check_copy
from bot.storage.store import SIDE_FILES, guild_files, guild_path


def _copy(src_path: Path, dst_path: Path) -> None:
    """Copy ``src_path`` to ``dst_path`` atomically (temp file, check, rename)."""
    dst_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst_path.with_name(dst_path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    src = sqlite3.connect(f"{src_path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # A self-contained file: no WAL beside it, so copying it around is safe.
            dst.execute("PRAGMA journal_mode = DELETE")
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise StorageError(detail=f"backup of {src_path.name} failed its check: {result}")
        finally:
            dst.close()
    finally:
        src.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dst_path)


def backup_all_sync(data_dir: Path, out_dir: Path) -> list[Path]:
    files = guild_files(data_dir)
    if not files:
        # A mistyped --data-dir must not look like a successful backup of nothing.
        where = "no such folder" if not data_dir.is_dir() else "no guild databases in it"
        raise NotFoundError(f"There is nothing to back up in {data_dir} ({where}).")
    written = []
    for guild_id, path in files:
        target = guild_path(out_dir, guild_id)
        _copy(path, target)
        written.append(target)
    return written


async def backup_all(data_dir: Path, out_dir: Path) -> list[Path]:
    """Copy every guild database under ``data_dir`` to ``out_dir/guilds/``; returns the copies."""
    return await asyncio.to_thread(backup_all_sync, Path(data_dir), Path(out_dir))


def restore_sync(backup_dir: Path, data_dir: Path) -> list[Path]:
    files = guild_files(backup_dir)
    if not files:
        # A mistyped path must not look like a successful restore of nothing.
        raise NotFoundError(f"There is no Precis backup in {backup_dir}.")
    # Check everything before touching anything, so a bad backup changes nothing.
    for _, path in files:
        if problem := check_copy(path):
            raise StorageError(detail=f"{path.name} in the backup is damaged: {problem}")
    restored = []
    for guild_id, path in files:
        target = guild_path(data_dir, guild_id)
        for suffix in SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                target.with_name(target.name + suffix).unlink()
        # Litestream's state describes the file being replaced; it restarts from the new one.
        shutil.rmtree(guild_meta_path(data_dir, guild_id), ignore_errors=True)
        _copy(path, target)
        restored.append(target)
    return restored


async def restore(backup_dir: Path, data_dir: Path) -> list[Path]:
    """Put every guild database from a backup back under ``data_dir`` (bot stopped)."""
    return await asyncio.to_thread(restore_sync, Path(backup_dir), Path(data_dir))
