"""Sharding settings and shard ownership: SHARD_COUNT / SHARD_IDS are validated, and a process
opens, creates and cleans only the guild databases its shards own, even when other shard
processes keep theirs in the same data dir (real SQLite files throughout)."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.errors import ConfigError, WrongShardError
from bot.service import Precis
from bot.shards import Shards, format_ids, parse_shard_ids, shard_of
from bot.storage import Storage, guild_path
from tests.storage_helpers import article_ids, generated_digest, post

# Real-looking snowflakes whose shard (of 4) is known: (ms << 22) with ms % 4 == shard.
G = {shard: ((1_700_000_000_000 + shard) << 22) | 12345 for shard in range(4)}


def test_shard_of_is_discords_formula() -> None:
    assert [shard_of(G[s], 4) for s in range(4)] == [0, 1, 2, 3]
    assert shard_of(G[3], 2) == 1
    assert shard_of(1, 16) == 0  # ids below 2**22 all live on shard 0


@pytest.mark.parametrize(
    ("raw", "ids"),
    [
        ("0-3", (0, 1, 2, 3)),
        ("4,5,7", (4, 5, 7)),
        (" 0-1 , 6 ", (0, 1, 6)),
        ("7", (7,)),
        ("3,3,2-3", (2, 3)),
    ],
)
def test_shard_ids_are_parsed(raw: str, ids: tuple[int, ...]) -> None:
    s = load_settings({"SHARD_COUNT": "8", "SHARD_IDS": raw})
    assert s.shard_count == 8 and s.shard_ids == ids
    assert format_ids(ids) == format_ids(parse_shard_ids(format_ids(ids), 8))


def test_format_ids_writes_ranges() -> None:
    assert format_ids((0, 1, 2, 3, 5, 7, 8)) == "0-3,5,7-8"
    assert format_ids((4,)) == "4"


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"SHARD_IDS": "0-3"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-4"}, "shard 4 doesn't exist with SHARD_COUNT=4"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "9"}, "numbered 0 to 3"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3-1"}, "runs backwards"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "a-b"}, "'a-b' isn't one"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "-1"}, "'-1' isn't one"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0;1"}, "'0;1' isn't one"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": ","}, "SHARD_IDS is empty"),
        ({"SHARD_COUNT": "four"}, "SHARD_COUNT must be a whole number"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT must be at least 1"),
        ({"SHARD_COUNT": "99999999"}, "SHARD_COUNT must be between 1 and"),
    ],
)
def test_bad_shard_settings_are_refused_clearly(env: dict[str, str], needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env)
    assert needle in err.value.user_message


def test_settings_built_in_code_are_validated_too() -> None:
    with pytest.raises(ConfigError, match="SHARD_IDS needs SHARD_COUNT"):
        _ = Settings(shard_ids=(0,)).shards
    with pytest.raises(ConfigError, match="numbered 0 to 1"):
        _ = Settings(shard_count=2, shard_ids=(2,)).shards


def test_nothing_set_owns_everything() -> None:
    s = load_settings({})
    assert s.shard_count is None and s.shard_ids is None
    assert not s.shards.partial and all(s.shards.owns(g) for g in G.values())
    assert s.shards.launch_ids is None
    assert "recommended by Discord" in s.shards.describe()
    # A count without ids runs every shard of that count in this process.
    every = load_settings({"SHARD_COUNT": "4"}).shards
    assert not every.partial and every.describe() == "all 4 shard(s)"


def test_a_block_owns_only_its_guilds() -> None:
    block = Shards(4, (1, 2))
    assert [block.owns(G[s]) for s in range(4)] == [False, True, True, False]
    assert block.describe() == "shards 1-2 of 4"
    assert Shards(4, (3,)).describe() == "shard 3 of 4"
    assert "belongs to shard 3" in block.owner_hint(G[3])


# --- storage and housekeeping in a data dir shared by two shard blocks ------------------------


async def _fill(data_dir: Path, guild_ids: list[int]) -> None:
    """One article in each guild, written by an unsharded store (as a previous run would)."""
    async with Storage(data_dir) as storage:
        for n, gid in enumerate(guild_ids):
            db = await storage.guild(gid)
            await db.save_digest(generated_digest(n), [], post=post(gid))


async def test_storage_refuses_and_skips_other_shards(tmp_path: Path) -> None:
    data = tmp_path / "data"
    await _fill(data, [G[0], G[1]])
    async with Storage(data, shards=Shards(2, (0,))) as storage:
        assert storage.guild_ids() == [G[0]]  # G[1]'s file is there, but not ours
        assert await (await storage.guild(G[0])).get_settings()  # ours opens
        assert article_ids(guild_path(data, G[0]))
        with pytest.raises(WrongShardError) as err:
            await storage.guild(G[1])
        assert "belongs to shard 1" in err.value.user_message
        assert "shard 0 of 2" in err.value.user_message
        with pytest.raises(WrongShardError):
            await storage.guild(G[3])  # not created either
        with pytest.raises(WrongShardError):
            await storage.delete_guild(G[1])
    assert not guild_path(data, G[3]).exists()
    assert guild_path(data, G[1]).exists()


async def test_housekeeping_cleans_only_its_own_shards(tmp_path: Path) -> None:
    """Two shard processes share a data dir: leave-grace deletion and retention of one never
    touch the other's guilds, even with both guilds left and both articles expired."""
    data = tmp_path / "data"
    await _fill(data, [G[0], G[1], G[2]])
    old = time.time() - 90 * 86_400
    for gid in (G[0], G[1], G[2]):
        with sqlite3.connect(guild_path(data, gid)) as conn:
            conn.execute("UPDATE articles SET fetched_at = ?, last_seen_at = ?", (old, old))
        conn.close()
    settings = Settings(
        data_dir=data,
        guild_delete_grace_hours=1.0,
        retention_days=30,
        shard_count=2,
        shard_ids=(0,),
        workers=1,
    )
    # Both processes had left G[0] and G[1] long ago (markers on the shared disk).
    for gid in (G[0], G[1]):
        (data / "guilds" / f"{gid}.removed").write_text(str(time.time() - 7200))
    precis = await Precis.start(settings, housekeeping=False, inline=True)
    try:
        await precis.housekeeping()
        # Joining or leaving another shard's guild leaves its marker alone.
        await precis.guild_joined(G[1])
        await precis.guild_removed(G[3])
    finally:
        await precis.close()
    assert not guild_path(data, G[0]).exists()  # ours, left: deleted
    assert guild_path(data, G[1]).exists()  # shard 1's: untouched, marker kept
    assert (data / "guilds" / f"{G[1]}.removed").exists()
    assert not (data / "guilds" / f"{G[3]}.removed").exists()
    with sqlite3.connect(guild_path(data, G[2])) as conn:  # ours: expired by retention
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    conn.close()
    with sqlite3.connect(guild_path(data, G[1])) as conn:  # theirs: not expired by us
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    conn.close()

    # The process that owns shard 1 then does its own cleaning.
    other = await Precis.start(replace(settings, shard_ids=(1,)), housekeeping=False, inline=True)
    try:
        await other.housekeeping()
    finally:
        await other.close()
    assert not guild_path(data, G[1]).exists()
    assert guild_path(data, G[2]).exists()


async def test_replication_needs_a_data_dir_per_shard_block(tmp_path: Path) -> None:
    """Litestream watches all of DATA_DIR: a block that would replicate another block's
    databases is refused at start with a message saying what to do."""
    from bot.discord_ui.app import _check_replicated_data_dir

    data = tmp_path / "data"
    await _fill(data, [G[0]])
    ours = Settings(data_dir=data, replica_url="file:///unused", shard_count=2, shard_ids=(0,))
    _check_replicated_data_dir(ours)  # only its own guilds: fine
    await _fill(data, [G[1]])
    with pytest.raises(ConfigError) as err:
        _check_replicated_data_dir(ours)
    assert f"guild {G[1]} is on shard 1" in err.value.user_message
    assert "its own DATA_DIR" in err.value.user_message
    _check_replicated_data_dir(replace(ours, shard_ids=None))  # one process, every shard
