"""Settings: read once from the environment and ``.env``, validated, then passed around.

This is the only module that reads ``os.environ`` for Precis settings. Every setting is listed
in ``.env.example`` with a one-line explanation.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.shards import Shards, parse_shard_ids

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True, slots=True)
class Settings:
    discord_token: str | None = None
    data_dir: Path = Path("data")
    dev_guild_id: int | None = None
    owner_ids: frozenset[int] = field(default_factory=frozenset)
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    log_level: str = "INFO"
    # fetching
    fetch_allow_private: frozenset[str] = field(default_factory=frozenset)
    fetch_timeout: float = 15.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    # work
    workers: int = 0  # 0: one process per core
    user_cooldown_seconds: float = 10.0
    guild_concurrency: int = 2
    # data lifecycle
    guild_delete_grace_hours: float = 72.0
    retention_days: int | None = None
    # sharding (bot/shards.py): None/None = one process, Discord's recommended count
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None

    @property
    def shards(self) -> Shards:
        """This process's shard block (validated: raises ConfigError when inconsistent)."""
        return Shards(self.shard_count, self.shard_ids)

    # replication (Litestream; see bot/replication.py)
    replica_url: str | None = None  # s3://bucket/prefix or file:///absolute/path
    replica_endpoint: str | None = None  # S3-compatible service (MinIO, R2, B2 …)
    replica_region: str | None = None  # AWS_REGION
    replica_sync_interval: float = 1.0  # seconds between uploads of new changes
    replica_retention_hours: float = 24.0  # how long old states stay restorable

    @property
    def replicating(self) -> bool:
        return self.replica_url is not None


def _int(env: Mapping[str, str], name: str, default: int | None, *, minimum: int = 0) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}.")
    return value


def _float(env: Mapping[str, str], name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}.") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}.")
    return value


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not raw.startswith(tuple(f"{s}://" for s in schemes)):
        raise ConfigError(f"{name} must start with {' or '.join(s + '://' for s in schemes)}.")
    return raw.rstrip("/")


def _host_ports(env: Mapping[str, str], name: str) -> frozenset[str]:
    raw = env.get(name, "").strip()
    if not raw:
        return frozenset()
    pairs = set()
    for item in raw.split(","):
        item = item.strip().lower()
        if not item:
            continue
        host, sep, port = item.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(
                f"{name} takes exact host:port pairs separated by commas; {item!r} isn't one."
            )
        pairs.add(f"{host.strip('[]')}:{int(port)}")
    return frozenset(pairs)


_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def _replica_url(env: Mapping[str, str]) -> str | None:
    """``REPLICA_URL``: where Litestream sends the guild databases, checked before it starts."""
    raw = env.get("REPLICA_URL", "").strip()
    if not raw:
        return None
    url = urlsplit(raw)
    if url.scheme == "s3":
        if not _BUCKET.fullmatch(url.netloc):
            raise ConfigError(
                f"REPLICA_URL names the bucket {url.netloc!r}, which isn't a valid bucket name "
                "(3-63 lowercase letters, digits, dots and hyphens). Example: "
                "s3://my-bucket/precis"
            )
        if url.query or url.fragment:
            raise ConfigError(
                "REPLICA_URL takes no ?options; set REPLICA_ENDPOINT and AWS_REGION instead."
            )
        prefix = url.path.strip("/")
        return f"s3://{url.netloc}/{prefix}" if prefix else f"s3://{url.netloc}"
    if url.scheme == "file":
        if url.netloc not in ("", "localhost") or not url.path.startswith("/"):
            raise ConfigError(
                "REPLICA_URL for a mounted disk must be an absolute path such as "
                "file:///mnt/backup/precis."
            )
        return "file://" + (url.path.rstrip("/") or "/")
    raise ConfigError(
        "REPLICA_URL must start with s3:// (S3 or an S3-compatible store) or file:// "
        "(a mounted disk), e.g. s3://my-bucket/precis."
    )


def load_settings(
    env: Mapping[str, str] | None = None, *, dotenv: Path | str | None = ".env"
) -> Settings:
    """Build :class:`Settings` from ``env`` (default: ``os.environ`` after loading ``.env``).

    Raises :class:`ConfigError` with a message naming the bad setting.
    """
    if env is None:
        if dotenv is not None and Path(dotenv).is_file():
            from dotenv import load_dotenv

            load_dotenv(dotenv, override=False)
        env = os.environ

    owner_ids = set()
    for item in env.get("OWNER_IDS", "").split(","):
        item = item.strip()
        if item:
            if not item.isdigit():
                raise ConfigError(
                    f"OWNER_IDS takes Discord user ids separated by commas; {item!r} isn't one."
                )
            owner_ids.add(int(item))

    level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(
            f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {level!r}."
        )

    token = env.get("DISCORD_TOKEN", "").strip() or None
    shard_count = _int(env, "SHARD_COUNT", None, minimum=1)
    raw_ids = env.get("SHARD_IDS", "").strip()
    shard_ids = None
    if raw_ids:
        if shard_count is None:
            Shards(None, (0,))  # raises the "SHARD_IDS needs SHARD_COUNT" error
        else:
            shard_ids = parse_shard_ids(raw_ids, shard_count)
    shards = Shards(shard_count, shard_ids)
    retention = _int(env, "RETENTION_DAYS", None, minimum=1)
    replica_url = _replica_url(env)
    endpoint = _url(env, "REPLICA_ENDPOINT", ("http", "https"))
    if endpoint and not (replica_url or "").startswith("s3://"):
        raise ConfigError("REPLICA_ENDPOINT is only used with an s3:// REPLICA_URL.")
    sync_interval = _float(env, "REPLICA_SYNC_INTERVAL", 1.0, minimum=0.05)
    if sync_interval > 3600:
        raise ConfigError(f"REPLICA_SYNC_INTERVAL is in seconds; {sync_interval} is over an hour.")
    return Settings(
        discord_token=token,
        data_dir=Path(env.get("DATA_DIR", "").strip() or "data"),
        dev_guild_id=_int(env, "DEV_GUILD_ID", None, minimum=1),
        owner_ids=frozenset(owner_ids),
        discord_api_base=_url(env, "DISCORD_API_BASE", ("http", "https")),
        discord_gateway_url=_url(env, "DISCORD_GATEWAY_URL", ("ws", "wss")),
        log_level=level,
        fetch_allow_private=_host_ports(env, "FETCH_ALLOW_PRIVATE"),
        fetch_timeout=_float(env, "FETCH_TIMEOUT", 15.0, minimum=1.0),
        fetch_max_bytes=_int(env, "FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1024) or 0,
        workers=_int(env, "WORKERS", 0, minimum=0) or 0,
        user_cooldown_seconds=_float(env, "USER_COOLDOWN_SECONDS", 10.0),
        guild_concurrency=_int(env, "GUILD_CONCURRENCY", 2, minimum=1) or 2,
        guild_delete_grace_hours=_float(env, "GUILD_DELETE_GRACE_HOURS", 72.0),
        retention_days=retention,
        shard_count=shards.count,
        shard_ids=shards.ids,
        replica_url=replica_url,
        replica_endpoint=endpoint,
        replica_region=env.get("AWS_REGION", "").strip() or None,
        replica_sync_interval=sync_interval,
        replica_retention_hours=_float(env, "REPLICA_RETENTION_HOURS", 24.0, minimum=1.0),
    )
