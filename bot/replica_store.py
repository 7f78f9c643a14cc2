"""The guild databases as they sit in the replica: list them, restore them, delete one.

Litestream stores each guild database under ``REPLICA_URL/<guild id>.sqlite3/`` (directory
mode appends the file's name to the replica URL). Restoring goes through ``litestream
restore`` so Litestream's own format stays Litestream's business; listing and deleting are
plain object-store operations Litestream has no command for, so they use boto3 (S3 and
S3-compatible stores) or the filesystem (``file://``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bot.config import Settings
from bot.errors import ConfigError, NotFoundError, StorageError
from bot.litestream import guild_meta_path, litestream_binary, litestream_env
from bot.shards import parse_shard_ids as _parse_ids
from bot.shards import shard_of
from bot.storage.db import check_copy
from bot.storage.store import SIDE_FILES, guild_path

log = logging.getLogger("precis.replication")

_GUILD_PREFIX = re.compile(r"(\d{1,20})\.sqlite3")
RESTORE_PARALLELISM = 8  # litestream processes at once: each mostly waits on the store


def guild_shard(guild_id: int, shard_count: int) -> int:
    """The shard that owns ``guild_id``: the bot's own rule (bot/shards.py)."""
    return shard_of(guild_id, shard_count)


def parse_shard_ids(text: str, shard_count: int) -> frozenset[int]:
    """``0-3`` or ``4,5,7`` → shard ids, each within ``shard_count`` (as SHARD_IDS is read)."""
    return frozenset(_parse_ids(text, shard_count, name="--shards", count_name="--shard-count"))


@dataclass(frozen=True, slots=True)
class ReplicaLocation:
    scheme: str  # "s3" or "file"
    bucket: str  # s3 only
    prefix: str  # s3: key prefix without slashes at the ends; file: absolute folder

    @classmethod
    def from_settings(cls, settings: Settings) -> ReplicaLocation:
        if not settings.replica_url:
            raise ConfigError("REPLICA_URL is not set (see .env.example).")
        url = urlsplit(settings.replica_url)
        if url.scheme == "s3":
            return cls("s3", url.netloc, url.path.strip("/"))
        return cls("file", "", url.path)

    def key(self, guild_id: int) -> str:
        name = f"{int(guild_id)}.sqlite3"
        return f"{self.prefix}/{name}" if self.prefix else name


def _s3_client(settings: Settings, *, quick: bool = False):
    import boto3  # only replication needs it, and it is slow to import
    from botocore.config import Config

    config = Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 1})
    return boto3.client(
        "s3",
        endpoint_url=settings.replica_endpoint,
        region_name=settings.replica_region or "us-east-1",
        config=config if quick else None,
    )


def probe_store(settings: Settings) -> str | None:
    """None when the replica store answers; else why not, in a few plain words.

    Litestream retries failed uploads quietly with back-off, so the supervisor asks the store
    itself now and then to tell the log when it is unreachable.
    """
    where = ReplicaLocation.from_settings(settings)
    if where.scheme == "file":
        folder = Path(where.prefix)
        if not folder.is_dir():
            parent = folder.parent
            if parent.is_dir() and os.access(parent, os.W_OK):
                return None  # Litestream creates it on the first upload
            return f"the folder {folder} doesn't exist"
        return None if os.access(folder, os.W_OK) else f"the folder {folder} isn't writable"
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        _s3_client(settings, quick=True).head_bucket(Bucket=where.bucket)
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in ("404", "NoSuchBucket"):
            return f"the bucket {where.bucket} doesn't exist"
        if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return "it refused the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)"
        return f"it answered {code or exc}"
    except BotoCoreError as exc:
        return f"no answer ({exc})"
    return None


def list_replica_guilds(settings: Settings) -> list[int]:
    """Ids of the guild databases found under REPLICA_URL, sorted."""
    where = ReplicaLocation.from_settings(settings)
    names: list[str] = []
    if where.scheme == "file":
        folder = Path(where.prefix)
        if folder.is_dir():
            names = [p.name for p in folder.iterdir() if p.is_dir()]
    else:
        client = _s3_client(settings)
        prefix = f"{where.prefix}/" if where.prefix else ""
        pages = client.get_paginator("list_objects_v2").paginate(
            Bucket=where.bucket, Prefix=prefix, Delimiter="/"
        )
        for page in pages:
            for common in page.get("CommonPrefixes", []):
                names.append(common["Prefix"][len(prefix) :].rstrip("/"))
    ids = [int(m.group(1)) for n in names if (m := _GUILD_PREFIX.fullmatch(n))]
    return sorted(ids)


def delete_guild_replica_sync(settings: Settings, guild_id: int) -> int:
    """Delete everything the replica holds for one guild; returns how many objects went."""
    where = ReplicaLocation.from_settings(settings)
    if where.scheme == "file":
        folder = Path(where.prefix) / where.key(guild_id)
        if not folder.exists():
            return 0
        count = sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder)
        return count
    client = _s3_client(settings)
    prefix = where.key(guild_id) + "/"
    deleted = 0
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=where.bucket, Prefix=prefix
    ):
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=where.bucket, Delete={"Objects": keys, "Quiet": True})
            deleted += len(keys)
    return deleted


async def delete_guild_replica(settings: Settings, guild_id: int) -> int:
    """Delete a guild's replica after its local files are gone.

    Litestream stops replicating a file a moment after it disappears (its directory watcher
    debounces events); an upload already in flight could land after a first delete, so the
    prefix is deleted again once that moment has surely passed. Litestream may also have
    written its local state for the file in that moment, so that goes again too.
    """
    count = await asyncio.to_thread(delete_guild_replica_sync, settings, guild_id)
    await asyncio.sleep(max(2.0, 3 * settings.replica_sync_interval))
    count += await asyncio.to_thread(delete_guild_replica_sync, settings, guild_id)
    await asyncio.to_thread(
        shutil.rmtree, guild_meta_path(settings.data_dir, guild_id), ignore_errors=True
    )
    log.info("deleted the replica of guild %s (%d objects)", guild_id, count)
    return count


# --- restore ----------------------------------------------------------------------------


def restore_url(settings: Settings, guild_id: int) -> str:
    """The replica URL of one guild database, as ``litestream restore`` takes it."""
    where = ReplicaLocation.from_settings(settings)
    if where.scheme == "file":
        return f"file://{Path(where.prefix) / where.key(guild_id)}"
    query = {}
    if settings.replica_endpoint:
        # Without it Litestream would look the bucket up on AWS itself.
        query["endpoint"] = settings.replica_endpoint
    query["region"] = settings.replica_region or "us-east-1"
    return f"s3://{where.bucket}/{where.key(guild_id)}?{urlencode(query)}"


@dataclass(frozen=True, slots=True)
class RestoreResult:
    guild_id: int
    path: Path
    restored: bool
    reason: str = ""


def _check(tmp: Path) -> None:
    if problem := check_copy(tmp):
        raise StorageError(detail=f"the restored copy failed its integrity check: {problem}")


async def restore_guild(
    settings: Settings, guild_id: int, data_dir: Path, *, force: bool = False
) -> RestoreResult:
    """Restore one guild database from the replica into ``data_dir`` (bot stopped).

    Litestream writes a temporary file beside the target; it replaces the target only after
    ``PRAGMA integrity_check`` says ok, so a failed restore leaves what was there.
    """
    target = guild_path(data_dir, guild_id)
    if target.exists() and not force:
        return RestoreResult(guild_id, target, False, "exists (use --force to overwrite)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".restoring")
    leftovers = (tmp, *(tmp.with_name(tmp.name + s) for s in SIDE_FILES))
    for p in leftovers:
        p.unlink(missing_ok=True)
    proc = await asyncio.create_subprocess_exec(
        litestream_binary(),
        "restore",
        "-o",
        str(tmp),
        restore_url(settings, guild_id),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=litestream_env(settings),
    )
    out, _ = await proc.communicate()
    try:
        if proc.returncode != 0 or not tmp.exists():
            text = out.decode("utf-8", "replace").strip().splitlines()
            detail = text[-1] if text else f"exit status {proc.returncode}"
            return RestoreResult(guild_id, target, False, f"litestream restore failed: {detail}")
        try:
            await asyncio.to_thread(_check, tmp)
        except (StorageError, sqlite3.DatabaseError) as exc:
            return RestoreResult(guild_id, target, False, str(exc))
        await asyncio.to_thread(_install, tmp, target, data_dir, guild_id)
        return RestoreResult(guild_id, target, True)
    finally:
        for p in leftovers:
            p.unlink(missing_ok=True)


def _install(tmp: Path, target: Path, data_dir: Path, guild_id: int) -> None:
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    # An old WAL beside the new file would be replayed into it; Litestream's state for the
    # old file would make it resume a replica the file no longer matches.
    for suffix in SIDE_FILES:
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(guild_meta_path(data_dir, guild_id), ignore_errors=True)
    os.replace(tmp, target)


async def restore_from_replica(
    settings: Settings,
    data_dir: Path,
    *,
    guild_ids: Iterable[int] = (),
    shards: frozenset[int] | None = None,
    shard_count: int | None = None,
    force: bool = False,
) -> list[RestoreResult]:
    """Restore the chosen guild databases (all under REPLICA_URL when nothing narrows it)."""
    available = await asyncio.to_thread(list_replica_guilds, settings)
    if not available:
        raise NotFoundError(
            f"There are no guild databases in the replica at {settings.replica_url}."
        )
    wanted = list(dict.fromkeys(int(g) for g in guild_ids))
    if wanted:
        missing = sorted(set(wanted) - set(available))
        if missing:
            raise NotFoundError(
                f"The replica at {settings.replica_url} has no database for guild "
                + ", ".join(map(str, missing))
                + "."
            )
        chosen = wanted
    else:
        chosen = available
    if shards is not None:
        assert shard_count
        chosen = [g for g in chosen if guild_shard(g, shard_count) in shards]
    limit = asyncio.Semaphore(RESTORE_PARALLELISM)

    async def one(guild_id: int) -> RestoreResult:
        async with limit:
            return await restore_guild(settings, guild_id, data_dir, force=force)

    return list(await asyncio.gather(*(one(g) for g in chosen)))
