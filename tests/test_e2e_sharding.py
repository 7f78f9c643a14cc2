"""End to end sharding: the real bot against the fake Discord, which routes each guild to one
shard the way Discord does.

* Two ``python -m bot`` processes run shard blocks 0 and 1 of 2 against one fake Discord: each
  receives only its guilds, answers only for them, and each guild's database exists only in its
  owner's data dir.
* With neither SHARD_COUNT nor SHARD_IDS set, the bot (an AutoShardedBot) connects with the shard
  count /gateway/bot recommends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.storage.store import guild_path
from tests.fakediscord import FakeDiscord
from tests.test_e2e_bot import running

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[1]


def guild_creates(fake: FakeDiscord, shard: list[int]) -> set[int]:
    """Guild ids the fake sent GUILD_CREATE for on the sessions of ``shard``."""
    return {
        int(p["d"]["id"])
        for s in fake.gateway.sessions.values()
        if s.shard == shard
        for p in s.log
        if p["t"] == "GUILD_CREATE"
    }


def shard_field(reply: dict) -> str:
    (embed,) = reply["embeds"]
    return next(f["value"] for f in embed["fields"] if f["name"] == "Shard")


async def wait_for_line(log: Path, needle: str, within: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while needle not in (text := log.read_text()):  # noqa: ASYNC240 (a small local file)
        assert loop.time() < deadline, f"{needle!r} not logged: {text[-3000:]}"
        await asyncio.sleep(0.2)


async def config_show(fake: FakeDiscord, guild, channel, admin) -> str:
    inter = await fake.slash(guild, channel, admin, "config", "show")
    return shard_field(await inter.wait_for_reply(timeout=60))


@contextlib.asynccontextmanager
async def bot_process(
    fake: FakeDiscord, tmp_path: Path, name: str, extra: dict[str, str], *args: str
) -> AsyncIterator[Path]:
    """``python -m bot`` with the fake's endpoints; yields its log file, SIGTERMs it after."""
    log = tmp_path / f"{name}.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SHARD_", "DISCORD_"))},
        **fake.env(),
        "WORKERS": "1",
        "LOG_LEVEL": "INFO",
        "USER_COOLDOWN_SECONDS": "0",
        **extra,
    }
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, cwd=tmp_path, env=env, stdout=out, stderr=out
        )
    try:
        yield log
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        assert proc.returncode == 0, log.read_text()[-3000:]


async def test_two_processes_each_serve_only_their_shard(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        admin = fake.add_user("ada")
        guilds, channels = [], []
        for shard in (0, 1):
            g = fake.add_guild(f"Shard {shard} guild", shard=(shard, 2))
            fake.add_member(g, admin, admin=True)
            guilds.append(g)
            channels.append(fake.add_channel(g, "news"))
        data = [tmp_path / "host0", tmp_path / "host1"]
        block = {"SHARD_COUNT": "2"}
        async with (
            bot_process(
                fake, tmp_path, "p0", {**block, "SHARD_IDS": "0", "DATA_DIR": str(data[0])},
                "run", "--sync-global",
            ) as log0,
            bot_process(
                fake, tmp_path, "p1", {**block, "SHARD_IDS": "1", "DATA_DIR": str(data[1])}
            ) as log1,
        ):  # fmt: skip
            await fake.wait_until(
                lambda: (
                    {tuple(s.shard or ()) for s in fake.gateway.live_sessions()} >= {(0, 2), (1, 2)}
                ),
                timeout=120,
                what="both shard processes connected",
            )
            await fake.wait_for_sync(timeout=120)
            # Each process got exactly the guilds of its shard.
            assert guild_creates(fake, [0, 2]) == {guilds[0].id}
            assert guild_creates(fake, [1, 2]) == {guilds[1].id}
            # /config show is answered by the owner, which names its shard.
            for shard in (0, 1):
                value = await config_show(fake, guilds[shard], channels[shard], admin)
                assert value == f"{shard} of 2; this process runs shard {shard} of 2"
            # Each guild's database exists only on its owner's disk.
            for shard in (0, 1):
                assert guild_path(data[shard], guilds[shard].id).is_file()
                assert not guild_path(data[shard], guilds[1 - shard].id).exists()
            # The ready line counts only the shard's guilds.
            for shard, log in enumerate((log0, log1)):
                await wait_for_line(log, f"in 1 guilds on shard {shard} of 2")
        # Every line of the bot's log names the block.
        for shard, log in enumerate((log0, log1)):
            text = log.read_text()
            lines = [line for line in text.splitlines() if "precis.bot" in line]
            assert lines and all(line.startswith(f"[shard {shard} of 2] ") for line in lines)
        assert not fake.unknown_routes


async def test_nothing_set_takes_discords_recommended_count(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        fake.recommended_shards = 2
        fake.max_concurrency = 2
        admin = fake.add_user("ada")
        guilds = []
        for shard in (0, 1):
            g = fake.add_guild(f"G{shard}", shard=(shard, 2))
            fake.add_member(g, admin, admin=True)
            guilds.append(g)
        news = fake.add_channel(guilds[1], "news")
        settings = Settings(
            discord_token=fake.token,
            data_dir=tmp_path / "data",
            dev_guild_id=guilds[1].id,
            discord_api_base=fake.api_base,
            discord_gateway_url=fake.gateway_url,
            workers=1,
        )
        async with running(settings) as bot:
            assert bot.shard_count == 2
            assert sorted(bot.shards) == [0, 1]
            assert sorted(tuple(s.shard) for s in fake.gateway.live_sessions()) == [(0, 2), (1, 2)]
            assert {g.id: g.shard_id for g in bot.guilds} == {guilds[0].id: 0, guilds[1].id: 1}
            assert guild_creates(fake, [1, 2]) == {guilds[1].id}
            value = await config_show(fake, guilds[1], news, admin)
            assert value == "1 of 2; this process runs all of them"
            # One process, every shard: it owns every guild's database.
            assert bot.precis.storage.owns(guilds[0].id) and bot.precis.storage.owns(guilds[1].id)
        assert fake.requests_to("GET", "/gateway/bot")
        assert not fake.unknown_routes
