"""Per-guild SQLite cache of articles, digests and quotes, and the questions it answers."""

from __future__ import annotations

from bot.storage.backup import backup_all, restore
from bot.storage.guild import GuildDB
from bot.storage.schema import LATEST as SCHEMA_VERSION
from bot.storage.store import Storage, guild_path

__all__ = ["SCHEMA_VERSION", "GuildDB", "Storage", "backup_all", "guild_path", "restore"]
