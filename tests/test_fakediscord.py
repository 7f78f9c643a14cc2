"""Tests of the fake Discord itself, driven by a tiny discord.py bot defined here (not Precis)."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from tests.fakediscord import FakeChannel, FakeDiscord, FakeGuild, FakeUser, is_ephemeral
from tests.fakediscord.fixtures import Scene, populate, run_client

pytestmark = pytest.mark.timeout(60)


class CounterView(discord.ui.View):
    """Persistent view: survives restarts because of timeout=None and a fixed custom_id."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Count", custom_id="tiny:count", style=discord.ButtonStyle.primary)
    async def count(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"clicked by {interaction.user.name}")


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="Your feedback", custom_id="feedback:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class TinyBot(commands.Bot):
    def __init__(self, guild_id: int, *, message_content: bool = True, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(
            command_prefix="!",
            intents=intents,
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.guild_id = guild_id
        self.seen: list[discord.Message] = []
        self.events: list[str] = []

    async def setup_hook(self) -> None:
        self.add_view(CounterView())
        guild = discord.Object(self.guild_id)
        tree = self.tree

        @tree.command(name="echo", description="Say it back", guild=guild)
        @app_commands.describe(text="what to say")
        async def echo(
            interaction: discord.Interaction, text: str, times: app_commands.Range[int, 1, 3] = 1
        ) -> None:
            await interaction.response.send_message(" ".join([text] * times))

        @tree.command(name="slow", description="Defer then follow up", guild=guild)
        async def slow(interaction: discord.Interaction, private: bool = False) -> None:
            await interaction.response.defer(thinking=True, ephemeral=private)
            await asyncio.sleep(0.05)
            await interaction.followup.send("done", ephemeral=private)

        @tree.command(name="oops", description="Public defer, private error", guild=guild)
        async def oops(interaction: discord.Interaction, tidy: bool = False) -> None:
            await interaction.response.defer(thinking=True)
            if tidy:  # the way to get an ephemeral error after a public defer
                await interaction.delete_original_response()
            await interaction.followup.send("it failed", ephemeral=True)

        @tree.command(name="whois", description="Name a member", guild=guild)
        async def whois(interaction: discord.Interaction, member: discord.Member) -> None:
            await interaction.response.send_message(f"{member.name} {member.id}", ephemeral=True)

        @tree.command(name="pick", description="Autocomplete a fruit", guild=guild)
        async def pick(interaction: discord.Interaction, fruit: str) -> None:
            await interaction.response.send_message(fruit)

        @pick.autocomplete("fruit")
        async def fruit_choices(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            fruits = ["apple", "apricot", "banana"]
            return [app_commands.Choice(name=f, value=f) for f in fruits if f.startswith(current)]

        @tree.command(name="feedback", description="Open a modal", guild=guild)
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @tree.command(name="lazy", description="Answers too late", guild=guild)
        async def lazy(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            try:
                await interaction.response.send_message("late")
            except discord.NotFound:
                self.events.append("lazy:expired")

        config = app_commands.Group(
            name="config",
            description="Admin settings",
            guild_only=True,
            default_permissions=discord.Permissions(manage_guild=True),
        )
        watch = app_commands.Group(name="watch", description="Watch things", parent=config)

        @watch.command(name="channel", description="Watch a channel")
        @app_commands.checks.has_permissions(manage_guild=True)
        async def watch_channel(
            interaction: discord.Interaction, channel: discord.TextChannel
        ) -> None:
            await interaction.response.send_message(f"watching {channel.id}", ephemeral=True)

        @watch_channel.error
        async def refused(interaction: discord.Interaction, error: Exception) -> None:
            await interaction.response.send_message("admins only", ephemeral=True)

        tree.add_command(config, guild=guild)

        @tree.context_menu(name="Shout", guild=guild)
        async def shout(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(message.content.upper() or "(empty)")

        await tree.sync(guild=guild)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        pass  # discord.py sleeps 5 s before a re-IDENTIFY; tests need not

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message)
        if message.author == self.user or message.author.bot:
            return
        if "ping" in message.content:
            async with message.channel.typing():
                await message.reply("pong", view=CounterView())

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self.events.append(f"remove:{guild.id}")

    async def on_guild_join(self, guild: discord.Guild) -> None:
        self.events.append(f"join:{guild.id}")

    async def on_guild_available(self, guild: discord.Guild) -> None:
        self.events.append(f"available:{guild.id}")

    async def on_resumed(self) -> None:
        self.events.append("resumed")


@dataclass
class World:
    fake: FakeDiscord
    bot: TinyBot
    guild: FakeGuild
    channel: FakeChannel
    alice: FakeUser
    admin: FakeUser


def build(fake: FakeDiscord) -> tuple[FakeGuild, FakeChannel, FakeUser, FakeUser]:
    scene = populate(fake)
    return scene.guild, scene.news, scene.alice, scene.admin


@pytest_asyncio.fixture
async def world(fake_discord: FakeDiscord) -> AsyncIterator[World]:
    guild, channel, alice, admin = build(fake_discord)
    bot = TinyBot(guild.id)
    async with run_client(fake_discord, bot):
        yield World(fake_discord, bot, guild, channel, alice, admin)


async def test_login_ready_guild_create_and_sync(world: World) -> None:
    fake, bot = world.fake, world.bot
    assert bot.user is not None and bot.user.id == fake.bot_user.id
    assert bot.application_id == fake.application_id
    guild = bot.get_guild(world.guild.id)
    assert guild is not None and guild.name == "Test"
    assert {c.name for c in guild.text_channels} == {"news", "general"}
    assert guild.me is not None and guild.me.id == fake.bot_user.id
    assert guild.get_member(world.alice.id) is None  # no members intent: only the bot
    paths = [(r.method, r.route) for r in fake.requests]
    assert paths[:2] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    assert ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands") in paths
    synced = {(c["name"], c["type"]) for c in fake.commands(world.guild)}
    assert synced == {
        ("echo", 1),
        ("slow", 1),
        ("whois", 1),
        ("pick", 1),
        ("lazy", 1),
        ("oops", 1),
        ("feedback", 1),
        ("config", 1),
        ("Shout", 3),
    }
    assert all(c["id"] and "description" in c for c in fake.commands(world.guild))
    assert fake.gateway.identifies == 1
    fake.assert_no_unknown_routes()


async def test_message_round_trip_and_own_message_echo(world: World) -> None:
    fake, bot = world.fake, world.bot
    msg = await fake.user_message(world.channel, world.alice, f"ping <@{world.admin.id}>")
    assert msg["mentions"][0]["id"] == str(world.admin.id)  # a user's message pings by default
    reply = await fake.wait_for_reply(msg, timeout=5)
    assert reply["content"] == "pong"
    assert reply["author"]["id"] == str(fake.bot_user.id)
    assert reply["allowed_mentions"] == {"parse": []}
    assert reply["mentions"] == [] and not reply["mention_everyone"]
    assert reply["components"][0]["components"][0]["custom_id"] == "tiny:count"
    assert fake.typing_in(world.channel) >= 1
    # The bot's own reply came back over the gateway and hit on_message (the guard path).
    own = await fake.wait_until(
        lambda: [m for m in bot.seen if m.id == int(reply["id"])], 5, "own message echo"
    )
    assert own[0].author == bot.user
    assert [m["id"] for m in fake.messages_in(world.channel)] == [msg["id"], reply["id"]]
    with pytest.raises(AssertionError, match="unexpected message"):
        await fake.assert_no_message(channel_id=world.channel.id, within=0.1)


async def test_slash_command_with_options_and_resolved_data(world: World) -> None:
    fake = world.fake
    inter = await fake.slash(world.guild, world.channel, world.alice, "echo", text="hi", times=2)
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == "hi hi" and not inter.ephemeral and not inter.deferred
    assert reply["interaction_metadata"]["name"] == "echo"
    assert reply in fake.messages_in(world.channel)

    inter = await fake.slash(world.guild, world.channel, world.alice, "whois", member=world.admin)
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == f"admin {world.admin.id}" and inter.ephemeral
    assert reply not in fake.messages_in(world.channel)  # ephemeral: not in channel history

    with pytest.raises(ValueError, match="outside"):
        await fake.slash(world.guild, world.channel, world.alice, "echo", text="x", times=9)
    with pytest.raises(ValueError, match="missing required"):
        await fake.slash(world.guild, world.channel, world.alice, "echo")
    with pytest.raises(LookupError, match="never synced"):
        await fake.slash(world.guild, world.channel, world.alice, "nope")


async def test_subcommand_group_admin_check(world: World) -> None:
    fake, other = world.fake, world.guild.channel_named("general")
    inter = await fake.slash(
        world.guild, world.channel, world.admin, "config", "watch", "channel", channel=other
    )
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == f"watching {other.id}" and inter.ephemeral
    # The interaction carried ADMINISTRATOR expanded to every bit.
    assert int(inter.payload["member"]["permissions"]) == discord.Permissions.all().value
    assert inter.payload["data"]["resolved"]["channels"][str(other.id)]["name"] == "general"

    inter = await fake.slash(
        world.guild, world.channel, world.alice, "config", "watch", "channel", channel=other
    )
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == "admins only" and inter.ephemeral


async def test_defer_then_followup(world: World) -> None:
    fake = world.fake
    inter = await fake.slash(world.guild, world.channel, world.alice, "slow")
    await inter.wait_for_response(timeout=5)
    assert inter.deferred and not inter.ephemeral
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == "done" and not reply["flags"] & 128
    assert inter.followups == [reply] and inter.original is reply

    inter = await fake.slash(world.guild, world.channel, world.alice, "slow", private=True)
    reply = await inter.wait_for_reply(timeout=5)
    assert inter.deferred and inter.ephemeral and reply["flags"] & 64

    # Discord: the first follow-up fills the "thinking" message and keeps the deferral's
    # visibility, so ephemeral=True there is ignored after a public defer.
    inter = await fake.slash(world.guild, world.channel, world.alice, "oops")
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == "it failed" and not is_ephemeral(reply)
    inter = await fake.slash(world.guild, world.channel, world.alice, "oops", tidy=True)
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == "it failed" and is_ephemeral(reply)
    assert inter.original is not None and inter.original.get("deleted")


async def test_message_context_menu(world: World) -> None:
    fake = world.fake
    msg = await fake.user_message(world.channel, world.alice, "quiet words")
    inter = await fake.context_menu(world.guild, world.channel, world.admin, "Shout", target=msg)
    reply = await inter.wait_for_reply(timeout=5)
    assert reply["content"] == "QUIET WORDS"
    assert inter.payload["data"]["resolved"]["messages"][msg["id"]]["content"] == "quiet words"


async def test_persistent_button_click_updates_message(world: World) -> None:
    fake = world.fake
    msg = await fake.user_message(world.channel, world.alice, "ping")
    reply = await fake.wait_for_reply(msg, timeout=5)
    inter = await fake.click(reply, "tiny:count", world.alice)
    updated = await inter.wait_for_reply(timeout=5)
    assert updated is reply and reply["content"] == "clicked by alice"
    assert inter.response_type == 7 and reply["edited_timestamp"]
    with pytest.raises(LookupError):
        await fake.click(reply, "no-such-button", world.alice)


async def test_rate_limit_429_is_retried(world: World) -> None:
    fake = world.fake
    fake.inject_http_error(
        "POST", "/channels/{channel_id}/messages", status=429, retry_after=0.2, count=1
    )
    msg = await fake.user_message(world.channel, world.alice, "ping")
    reply = await fake.wait_for_reply(msg, timeout=10)
    assert reply["content"] == "pong"
    posts = fake.requests_to("POST", "/channels/{channel_id}/messages")
    assert [r.status for r in posts] == [429, 200]
    assert posts[1].at - posts[0].at >= 0.18  # discord.py honoured retry_after


async def test_server_error_is_retried(world: World) -> None:
    fake = world.fake
    fake.inject_http_error("POST", "/channels/{channel_id}/messages", status=500, count=1)
    msg = await fake.user_message(world.channel, world.alice, "ping")
    await fake.wait_for_reply(msg, timeout=10)
    posts = fake.requests_to("POST", "/channels/{channel_id}/messages")
    assert [r.status for r in posts] == [500, 200]


async def test_reconnect_and_resume_lose_no_message(world: World) -> None:
    fake, bot = world.fake, world.bot
    assert await fake.gateway_reconnect() == 1
    # Sent while the client is dropping the socket: must be replayed on RESUME.
    msgs = [await fake.user_message(world.channel, world.alice, f"ping {i}") for i in range(3)]
    await fake.wait_for_resume(timeout=10)
    for msg in msgs:
        reply = await fake.wait_for_reply(msg, timeout=10)
        assert reply["content"] == "pong"
    assert fake.gateway.identifies == 1 and fake.gateway.resumes == 1
    await fake.wait_until(lambda: "resumed" in bot.events, 5, "on_resumed")
    seen_ids = [m.id for m in bot.seen]
    assert len(seen_ids) == len(set(seen_ids))  # no duplicates either


async def test_invalid_session_reidentifies(world: World) -> None:
    fake = world.fake
    await fake.invalidate_session(resumable=False)
    await fake.wait_for_identify(2, timeout=10)
    msg = await fake.user_message(world.channel, world.alice, "ping")
    assert (await fake.wait_for_reply(msg, timeout=10))["content"] == "pong"
    await fake.invalidate_session(resumable=True)
    await fake.wait_for_resume(timeout=10)


async def test_guild_delete_and_join(world: World) -> None:
    fake, bot = world.fake, world.bot
    await fake.remove_bot_from_guild(world.guild)
    await fake.wait_until(lambda: bot.get_guild(world.guild.id) is None, 5, "guild removal")
    assert f"remove:{world.guild.id}" in bot.events
    # Nothing about a guild the bot left reaches it.
    before = len(bot.seen)
    msg = await fake.user_message(world.channel, world.alice, "ping")
    await fake.assert_no_message(after=msg, within=0.2)
    assert len(bot.seen) == before
    await fake.add_bot_to_guild(world.guild)
    await fake.wait_until(lambda: f"join:{world.guild.id}" in bot.events, 5, "on_guild_join")
    assert bot.get_guild(world.guild.id) is not None
    await fake.broadcast_guild(world.guild)
    await fake.wait_until(lambda: f"available:{world.guild.id}" in bot.events, 5, "available")


async def test_threads_embed_limits_and_edits(world: World) -> None:
    fake, bot = world.fake, world.bot
    msg = await fake.user_message(world.channel, world.alice, "hello")
    channel = bot.get_channel(world.channel.id)
    assert isinstance(channel, discord.TextChannel)
    partial = channel.get_partial_message(int(msg["id"]))
    thread = await partial.create_thread(name="discussion")
    assert thread.id == int(msg["id"]) and thread.parent_id == world.channel.id
    await fake.wait_until(lambda: bot.get_channel(thread.id), 5, "THREAD_CREATE")
    sent = await thread.send("in thread")
    assert fake.message(sent.id)["channel_id"] == str(thread.id)
    await sent.edit(content="edited")
    assert fake.message(sent.id)["content"] == "edited"
    fetched = await channel.fetch_message(int(msg["id"]))
    assert fetched.content == "hello"
    for i in range(3):
        await fake.user_message(world.channel, world.alice, f"m{i}")
    newest = [m.content async for m in channel.history(limit=2)]
    assert newest == ["m2", "m1"]
    after = [m.content async for m in channel.history(after=fetched, oldest_first=True)]
    assert after == ["m0", "m1", "m2"]
    with pytest.raises(discord.HTTPException) as err:
        await channel.send(embed=discord.Embed(title="x" * 300))
    assert err.value.status == 400 and err.value.code == 50035
    await sent.delete()
    assert sent.id not in fake.world.messages


async def test_unknown_route_is_loud(world: World) -> None:
    fake = world.fake
    fake.expect_unknown_routes = True
    async with aiohttp.ClientSession() as http, http.get(fake.api_base + "/no/such") as resp:
        assert resp.status == 404
        assert "unknown route" in (await resp.json())["message"]
    with pytest.raises(AssertionError, match="GET /no/such"):
        fake.assert_no_unknown_routes()
    fake.rest.unknown.clear()
    # A body the fake cannot read is a 400 (no retry storm) and is reported too.
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        url = f"{fake.api_base}/users/@me/channels"
        async with http.post(url, json={"recipient_id": "not-a-number"}) as resp:
            assert resp.status == 400
    with pytest.raises(AssertionError, match="crashed the fake"):
        fake.assert_no_unknown_routes()


async def test_privileged_intent_not_enabled_closes_4014() -> None:
    async with FakeDiscord(message_content=False) as fake:
        guild, *_ = build(fake)
        bot = TinyBot(guild.id, message_content=True)
        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with run_client(fake, bot, timeout=10):
                pass
        assert fake.gateway.close_codes == [4014]


async def test_without_message_content_intent_content_is_blank() -> None:
    async with FakeDiscord(message_content=False) as fake:
        guild, channel, alice, _admin = build(fake)
        bot = TinyBot(guild.id, message_content=False)
        async with run_client(fake, bot):
            msg = await fake.user_message(channel, alice, "ping secret")
            seen = await fake.wait_until(
                lambda: [m for m in bot.seen if m.id == int(msg["id"])], 5, "message"
            )
            assert seen[0].content == ""
            mention = await fake.user_message(channel, alice, f"{fake.bot_user.mention} ping")
            await fake.wait_for_reply(mention, timeout=5)  # mentions keep their content
            inter = await fake.context_menu(guild, channel, alice, "Shout", target=msg)
            assert (await inter.wait_for_reply(timeout=5))["content"] == "PING SECRET"


async def test_restart_keeps_persistent_view_working(fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    guild, channel, alice, _admin = build(fake)
    async with run_client(fake, TinyBot(guild.id)):
        msg = await fake.user_message(channel, alice, "ping")
        reply = await fake.wait_for_reply(msg, timeout=5)
    # A fresh process-like client: new IDENTIFY, same world; the old button still works.
    async with run_client(fake, TinyBot(guild.id)):
        inter = await fake.click(reply, "tiny:count", alice)
        assert (await inter.wait_for_reply(timeout=5))["content"] == "clicked by alice"
    assert fake.gateway.identifies == 2 and fake.sync_count == 2


async def test_autosharded_bot_logs_in(fake_discord: FakeDiscord) -> None:
    guild, *_ = build(fake_discord)
    bot = commands.AutoShardedBot(
        command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
    )
    async with run_client(fake_discord, bot):
        assert bot.get_guild(guild.id) is not None and bot.shard_count == 1
    assert fake_discord.requests_to("GET", "/gateway/bot")


async def test_permissions_dm_and_global_sync(world: World) -> None:
    fake, bot = world.fake, world.bot
    assert not fake.can_use_command(world.guild, world.alice, "config")
    assert fake.can_use_command(world.guild, world.admin, "config")
    assert fake.can_use_command(world.guild, world.alice, "echo")
    fake.enforce_default_permissions = True
    with pytest.raises(PermissionError):
        await fake.slash(world.guild, world.channel, world.alice, "config", "watch", "channel")
    # A channel where @everyone may not send: the bot gets 403 / 50013.
    muted = await fake.create_channel(
        world.guild,
        "muted",
        overwrites=[{"id": world.guild.id, "type": 0, "deny": 1 << 11}],
    )
    channel = await fake.wait_until(lambda: bot.get_channel(muted.id), 5, "new channel")
    with pytest.raises(discord.Forbidden) as err:
        await channel.send("hello")
    assert err.value.code == 50013
    # DMs: open a DM channel and send.
    user = await bot.fetch_user(world.alice.id)
    sent = await user.send("psst")
    stored = fake.message(sent.id)
    assert stored["content"] == "psst" and "guild_id" not in stored
    # Global sync goes to the global route.
    assert await bot.tree.sync() == []
    assert fake.requests_to("PUT", "/applications/{app_id}/commands")


async def test_zombie_connection_is_detected_and_resumed(fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    guild, channel, alice, _admin = build(fake)
    fake.gateway.heartbeat_interval_ms = 100
    bot = TinyBot(guild.id, heartbeat_timeout=0.5)  # seconds without an ACK before reconnecting
    async with run_client(fake, bot):
        fake.gateway.ack_heartbeats = False
        await fake.wait_for_resume(timeout=10)
        fake.gateway.ack_heartbeats = True
        msg = await fake.user_message(channel, alice, "ping")
        assert (await fake.wait_for_reply(msg, timeout=5))["content"] == "pong"


async def test_autocomplete_deadline_and_files(world: World) -> None:
    fake, bot = world.fake, world.bot
    inter = await fake.autocomplete(
        world.guild, world.channel, world.alice, "pick", focused="fruit", fruit="ap"
    )
    await inter.wait_for_response(timeout=5)
    assert [c["value"] for c in inter.choices or []] == ["apple", "apricot"]

    fake.interaction_deadline = 0.1
    inter = await fake.slash(world.guild, world.channel, world.alice, "lazy")
    await fake.wait_until(lambda: "lazy:expired" in bot.events, 5, "expiry")
    assert inter.expired and not inter.responded

    channel = bot.get_channel(world.channel.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("report", file=discord.File(io.BytesIO(b"hello"), "notes.txt"))
    stored = fake.message(sent.id)
    assert [(a["filename"], a["size"]) for a in stored["attachments"]] == [("notes.txt", 5)]
    assert fake.requests_to("POST", "/channels/{channel_id}/messages")[-1].files == ["notes.txt"]


async def test_outage_then_restart_on_same_port_resumes(world: World) -> None:
    fake = world.fake
    port = fake.port
    await fake.stop()
    await fake.start(port=port)
    await fake.wait_for_resume(timeout=20)
    msg = await fake.user_message(world.channel, world.alice, "ping")
    assert (await fake.wait_for_reply(msg, timeout=5))["content"] == "pong"


async def test_bad_token_fails_login(discord_endpoints: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
    finally:
        await client.close()
    assert discord_endpoints.requests_to("GET", "/users/@me")[0].status == 401


CHILD_BOT = """
import os, discord, yarl
discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
intents = discord.Intents.default()
intents.message_content = True
client = discord.Client(intents=intents, guild_ready_timeout=0.05)

@client.event
async def on_message(message):
    if message.author != client.user and message.content == "ping":
        await message.reply("pong from " + str(os.getpid()))

client.run(os.environ["DISCORD_TOKEN"], log_handler=None)
"""


async def test_bot_in_a_subprocess(fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    guild, channel, alice, _admin = build(fake)
    env = {**os.environ, **fake.env(guild)}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", CHILD_BOT, env=env)
    try:
        await fake.wait_for_ready(timeout=30)
        # READY and GUILD_CREATE precede anything dispatched now on the same socket.
        msg = await fake.user_message(channel, alice, "ping")
        reply = await fake.wait_for_reply(msg, timeout=10)
        assert reply["content"] == f"pong from {proc.pid}"
    finally:
        proc.terminate()
        await proc.wait()


async def test_modal_submit(world: World) -> None:
    fake = world.fake
    opened = await fake.slash(world.guild, world.channel, world.alice, "feedback")
    await opened.wait_for_response(timeout=5)
    assert opened.modal is not None and opened.modal["title"] == "Feedback"
    with pytest.raises(ValueError, match="left empty"):
        await fake.submit_modal(opened, {})
    submitted = await fake.submit_modal(opened, {"feedback:text": "nice"})
    reply = await submitted.wait_for_reply(timeout=5)
    assert reply["content"] == "thanks: nice" and submitted.ephemeral


async def test_fake_scene_fixture(fake_scene: Scene) -> None:
    fake = fake_scene.fake
    assert set(fake_scene.guild.members) == {
        fake.owner.id,
        fake.bot_user.id,
        fake_scene.alice.id,
        fake_scene.admin.id,
    }
    assert fake_scene.guild.members[fake_scene.admin.id].role_ids == [
        fake_scene.guild.role_named("Admin").id
    ]
    assert fake_scene.news.name == "news" and fake_scene.general.guild_id == fake_scene.guild.id
