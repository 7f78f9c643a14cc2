"""Pytest fixtures and helpers to run a discord.py client against FakeDiscord.

async def test_x(fake_discord):
    bot = make_bot()
    async with run_client(fake_discord, bot):
        ...
"""

# Waiting helpers take `timeout=` on purpose: it reads best in tests.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import discord
import pytest
import pytest_asyncio
import yarl

from .driver import FakeDiscord
from .state import FakeChannel, FakeGuild, FakeUser


@dataclass
class Scene:
    """A ready-made world: guild "Test" with #news and #general, `alice` (plain member) and
    `admin` (Admin role: ADMINISTRATOR). The bot is a member with @everyone's permissions."""

    fake: FakeDiscord
    guild: FakeGuild
    news: FakeChannel
    general: FakeChannel
    alice: FakeUser
    admin: FakeUser


def populate(fake: FakeDiscord) -> Scene:
    guild = fake.add_guild("Test")
    news = fake.add_channel(guild, "news")
    general = fake.add_channel(guild, "general")
    alice = fake.add_user("alice")
    admin = fake.add_user("admin")
    fake.add_member(guild, alice)
    fake.add_member(guild, admin, admin=True)
    return Scene(fake, guild, news, general, alice, admin)


@contextlib.contextmanager
def point_discord_py_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at the fake; restore afterwards.

    These are the same two internals the bot sets from DISCORD_API_BASE / DISCORD_GATEWAY_URL.
    """
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def run_client(
    fake: FakeDiscord, client: discord.Client, *, timeout: float = 15
) -> AsyncIterator[discord.Client]:
    """Log `client` in against the fake, wait until it is ready, close it on exit.

    If the client dies while starting (bad token, 4014, ...) its exception is raised here.
    Build the client with a small `guild_ready_timeout` (e.g. 0.05) or readiness takes 2 s.
    """
    with point_discord_py_at(fake):
        task = asyncio.create_task(client.start(fake.token), name="fake-discord-client")
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _ = await asyncio.wait(
                {task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if task in done:
                task.result()  # raises what killed it
                raise RuntimeError("client stopped before it became ready")
            if ready not in done:
                raise TimeoutError(f"client not ready within {timeout}s")
            yield client
        finally:
            ready.cancel()
            if not client.is_closed():
                await client.close()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, 10)


@pytest_asyncio.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord; the test fails if the client hit an unknown route
    (set `fake.expect_unknown_routes = True` in tests that provoke them on purpose)."""
    fake = FakeDiscord()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    if not fake.expect_unknown_routes:
        fake.assert_no_unknown_routes()


@pytest.fixture
def discord_endpoints(fake_discord: FakeDiscord) -> Iterator[FakeDiscord]:
    """Only points discord.py's internals at the fake (for code that starts its own client)."""
    with point_discord_py_at(fake_discord):
        yield fake_discord


@pytest.fixture
def fake_scene(fake_discord: FakeDiscord) -> Scene:
    """`fake_discord` populated with the standard Scene (see `populate`)."""
    return populate(fake_discord)
