"""End to end: the real PrecisBot (real service, SQLite, fetcher, worker) against a fake Discord.

Everything runs on 127.0.0.1: a loopback article server (allowed through FETCH_ALLOW_PRIVATE)
and tests/fakediscord for Discord's REST API and gateway. The bot is pointed at the fake the
way a user would, with DISCORD_API_BASE / DISCORD_GATEWAY_URL (``configure_endpoints``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import discord
import pytest
import pytest_asyncio
from aiohttp import web

from bot.config import Settings
from bot.discord_ui.app import PrecisBot, configure_endpoints, run_bot
from tests.fakediscord import FakeDiscord

FLAG_EPHEMERAL = 1 << 6
PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>", re.I)
BRIDGE_TITLE = "Millbrook council approves new river bridge after long debate"

pytestmark = pytest.mark.timeout(120)


# --- the loopback article server --------------------------------------------------------------


@dataclass
class Site:
    base: str
    port: int

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@pytest_asyncio.fixture
async def site(fixtures_dir: Path) -> AsyncIterator[Site]:
    bridge = (fixtures_dir / "bridge_article.html").read_bytes()
    seed = fixtures_dir / "seed" / "page.html"

    def html(body: bytes) -> web.Response:
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def bridge_page(request: web.Request) -> web.Response:
        return html(bridge)

    async def seed_page(request: web.Request) -> web.Response:
        if not seed.is_file():
            raise web.HTTPNotFound()
        return html(seed.read_bytes())

    async def teaser(request: web.Request) -> web.Response:
        return html(b"<html><body><p>Subscribe to read.</p></body></html>")

    async def hostile(request: web.Request) -> web.Response:
        return html(HOSTILE_PAGE.encode())

    app = web.Application()
    app.router.add_get("/news/hostile", hostile)
    app.router.add_get("/news/bridge", bridge_page)
    app.router.add_get("/news/seed", seed_page)
    app.router.add_get("/news/teaser", teaser)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield Site(f"http://127.0.0.1:{port}", port)
    finally:
        await runner.cleanup()


def _hostile_page() -> str:
    """Markdown, mentions and oversize text in every part an embed is built from."""
    evil = "@everyone <@123456789012345678> <@&876543210987654321> @here **bold** ||spoiler||"
    paras = [
        f"<p>The council met on Tuesday to discuss item {i} of the plan, {evil}, and the "
        f"members argued about the budget, the schedule and the roads for a long time. "
        f"“We will not ping {evil} today, and we will finish item {i},” said Mayor @here "
        f"Jones after the meeting.</p>"
        for i in range(30)
    ]
    paras.append("<p>" + "A very long sentence about roads and bridges " * 150 + ".</p>")
    return (
        f"<html><head><title>{evil} " + "Long title " * 60 + "</title>"
        f'<meta name="author" content="{evil}"></head><body><article>'
        f"<h1>{evil} headline</h1>" + "".join(paras) + "</article></body></html>"
    )


HOSTILE_PAGE = _hostile_page()


# --- a world in the fake Discord and the bot --------------------------------------------------


@dataclass
class World:
    fake: FakeDiscord
    guild: object
    news: object  # watched by the tests that need it
    chat: object  # never watched
    admin: object
    user: object
    settings: Settings


def make_world(fake: FakeDiscord, site: Site, data_dir: Path) -> World:
    guild = fake.add_guild("Readers")
    news = fake.add_channel(guild, "news")
    chat = fake.add_channel(guild, "chat")
    admin = fake.add_user("ada")
    user = fake.add_user("bob")
    fake.add_member(guild, admin, admin=True)
    fake.add_member(guild, user)
    settings = Settings(
        discord_token=fake.token,
        data_dir=data_dir,
        dev_guild_id=guild.id,
        owner_ids=frozenset({fake.owner.id}),
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        fetch_allow_private=frozenset({f"127.0.0.1:{site.port}"}),
        fetch_timeout=10.0,
        workers=1,
        user_cooldown_seconds=0.0,
        guild_concurrency=2,
    )
    return World(fake, guild, news, chat, admin, user, settings)


@pytest.fixture
def world(fake_discord: FakeDiscord, site: Site, tmp_path: Path) -> World:
    return make_world(fake_discord, site, tmp_path / "data")


@contextlib.asynccontextmanager
async def running(settings: Settings, **options) -> AsyncIterator[PrecisBot]:
    """Start the real bot against the fake, wait until it is ready, close it afterwards."""
    configure_endpoints(settings)
    bot = PrecisBot(settings, guild_ready_timeout=0.05, **options)
    task = asyncio.create_task(bot.start(settings.discord_token or ""))
    ready = asyncio.create_task(bot.wait_until_ready())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()
            raise RuntimeError("bot stopped before it became ready")
        assert ready in done, "bot not ready within 60 s"
        yield bot
    finally:
        ready.cancel()
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 10)
        configure_endpoints(Settings())


async def watch(w: World, channel) -> None:
    inter = await w.fake.slash(w.guild, w.news, w.admin, "config", "watch", channel=channel)
    reply = await inter.wait_for_reply()
    assert inter.ephemeral
    assert "Watching" in reply["content"]


async def ephemeral_message(fake: FakeDiscord, inter) -> dict:
    """The ephemeral message an interaction ended with (errors after a public defer)."""
    return await fake.wait_until(
        lambda: next(
            (m for m in inter.messages if m["flags"] & FLAG_EPHEMERAL and not m.get("deleted")),
            None,
        ),
        timeout=30,
        what="an ephemeral message",
    )


def only_embed(msg: dict) -> dict:
    assert len(msg["embeds"]) == 1, msg
    return msg["embeds"][0]


def custom_ids(msg: dict) -> list[str]:
    out = []
    for row in msg.get("components") or []:
        out += [c["custom_id"] for c in row.get("components", []) if "custom_id" in c]
    return out


def public_bot_messages(fake: FakeDiscord, channel) -> list[dict]:
    return [m for m in fake.messages_in(channel) if int(m["author"]["id"]) == fake.bot_user.id]


def assert_no_pings(msg: dict) -> None:
    assert msg["allowed_mentions"] == {"parse": []} or msg["allowed_mentions"] == {
        "parse": [],
        "replied_user": False,
    }, msg["allowed_mentions"]
    assert not msg["mentions"] and not msg["mention_roles"] and not msg["mention_everyone"]
    texts = [msg["content"]]
    for e in msg["embeds"]:
        texts += [
            e.get("title", ""),
            e.get("description", ""),
            (e.get("footer") or {}).get("text", ""),
        ]
        texts += [f["name"] + f["value"] for f in e.get("fields", [])]
    assert not any(PING.search(t or "") for t in texts)


def assert_bridge_digest(embed: dict, url: str) -> None:
    assert embed["title"] == BRIDGE_TITLE
    assert embed["url"] == url
    lines = embed["description"].split("\n")
    assert "min read" in lines[0] and "Valley Courier" in lines[0], lines[0]
    bullets = [line for line in lines if line.startswith("• ")]
    assert bullets, embed["description"]
    quotes = next(f for f in embed["fields"] if f["name"] == "Key quotes")["value"]
    assert quotes.startswith("> “") and "—" in quotes
    assert embed["footer"]["text"].startswith("Summary: ")


# --- tests ------------------------------------------------------------------------------------


async def test_watched_channel_reply_buttons_and_guards(world: World, site: Site) -> None:
    fake, url = world.fake, site.url("/news/bridge")
    async with running(world.settings):
        assert {c["name"] for c in fake.commands(world.guild)} >= {
            "summary",
            "quotes",
            "whosaid",
            "ask",
            "search",
            "config",
            "Summarise article",
        }
        assert not fake.commands(None), "never syncs globally on a normal start"
        await watch(world, world.news)

        ignored = await fake.user_message(world.chat, world.user, f"unwatched {url}")
        posted = await fake.user_message(world.news, world.user, f"Read this: {url} !")
        reply = await fake.wait_for_reply(posted, timeout=60)
        embed = only_embed(reply)
        assert_bridge_digest(embed, url)
        assert "from cache" not in embed["footer"]["text"]
        assert_no_pings(reply)
        assert fake.typing_in(world.news) >= 1
        ids = custom_ids(reply)
        assert [i.split(":")[1] for i in ids] == ["more", "shorter", "longer"]
        article_id = ids[0].split(":")[2]

        # A bot's link and a link wrapped in <…> are ignored; the same link again comes from
        # the cache. The bot's own reply came back as MESSAGE_CREATE and was ignored too.
        await fake.user_message(world.news, world.admin, f"bot says {url}", bot=True)
        await fake.user_message(world.news, world.user, f"no preview <{url}>")
        # media links aren't articles: skipped silently (loopback, so nothing leaves the host)
        await fake.user_message(world.news, world.user, site.url("/media/cat.png"))
        again = await fake.user_message(world.news, world.admin, url)
        cached = await fake.wait_for_reply(again, timeout=30)
        assert "from cache" in only_embed(cached)["footer"]["text"]
        assert len(public_bot_messages(fake, world.news)) == 2
        assert public_bot_messages(fake, world.chat) == []
        assert not [
            m
            for m in fake.bot_messages()
            if (m.get("message_reference") or {}).get("message_id") == ignored["id"]
        ]

        # More quotes: ephemeral, only for the clicker.
        more = await fake.click(reply, f"precis:more:{article_id}", world.admin)
        shown = await more.wait_for_reply(timeout=30)
        assert shown["flags"] & FLAG_EPHEMERAL
        quotes_text = only_embed(shown)["description"]
        assert quotes_text.count("> “") >= 3
        assert "Okafor" in quotes_text

        # Longer / shorter edit the message in place.
        n = len([x for x in embed["description"].split("\n") if x.startswith("• ")])
        longer_id = next(i for i in ids if i.startswith("precis:longer:"))
        click = await fake.click(reply, longer_id, world.user)
        edited = await click.wait_for_reply(timeout=30)
        assert edited["id"] == reply["id"], edited["embeds"]
        bullets = [x for x in only_embed(edited)["description"].split("\n") if x.startswith("• ")]
        assert len(bullets) == n + 1
        assert f"precis:longer:{article_id}:{n + 2}" in custom_ids(edited)


async def test_slash_commands_and_context_menu(world: World, site: Site) -> None:
    fake, url = world.fake, site.url("/news/bridge")
    async with running(world.settings):
        inter = await fake.slash(
            world.guild, world.chat, world.user, "summary", url=url, sentences=2
        )
        reply = await inter.wait_for_reply(timeout=60)
        assert not inter.ephemeral
        embed = only_embed(reply)
        assert_bridge_digest(embed, url)
        assert embed["description"].count("\n• ") == 2
        assert_no_pings(reply)

        inter = await fake.slash(world.guild, world.chat, world.user, "quotes", url=url)
        quotes = only_embed(await inter.wait_for_reply(timeout=30))
        assert "Okafor" in quotes["description"] and "Reyes" in quotes["description"]

        inter = await fake.slash(world.guild, world.chat, world.user, "quotes", speaker="Nair")
        by_nair = only_embed(await inter.wait_for_reply(timeout=30))["description"]
        assert "forty minutes" in by_nair and "Okafor" not in by_nair

        inter = await fake.slash(
            world.guild, world.chat, world.user, "whosaid", phrase="waited long enough"
        )
        said = only_embed(await inter.wait_for_reply(timeout=30))
        assert "Okafor" in said["description"]
        assert BRIDGE_TITLE in said["description"]

        inter = await fake.slash(
            world.guild, world.chat, world.user, "ask", question="How much will the bridge cost?"
        )
        answer = only_embed(await inter.wait_for_reply(timeout=30))
        assert "48 million" in answer["description"]

        inter = await fake.slash(world.guild, world.chat, world.user, "search", terms="otter")
        found = only_embed(await inter.wait_for_reply(timeout=30))
        assert BRIDGE_TITLE in found["description"]

        # Context menu on someone's message, in an unwatched channel.
        msg = await fake.user_message(world.chat, world.admin, f"thoughts? {url}")
        inter = await fake.context_menu(
            world.guild, world.chat, world.user, "Summarise article", target=msg
        )
        menu = await inter.wait_for_reply(timeout=30)
        assert not inter.ephemeral
        assert only_embed(menu)["title"] == BRIDGE_TITLE
        assert_no_pings(menu)


async def test_refusals_and_errors_are_ephemeral(world: World, site: Site) -> None:
    fake = world.fake
    async with running(world.settings):
        for sub, opts in (("show", {}), ("watch", {"channel": world.news}), ("purge", {})):
            inter = await fake.slash(world.guild, world.chat, world.user, "config", sub, **opts)
            refusal = await inter.wait_for_reply(timeout=10)
            assert inter.ephemeral and "Manage Server" in only_embed(refusal)["description"]
        show = await fake.slash(world.guild, world.chat, world.admin, "config", "show")
        assert "none" in only_embed(await show.wait_for_reply())["fields"][0]["value"]

        cases = {
            site.url("/news/missing"): "HTTP 404",
            site.url("/news/teaser"): "word",
            "javascript:alert(1)": "http",
            "not a link at all": "link",
        }
        for link, expected in cases.items():
            inter = await fake.slash(world.guild, world.chat, world.user, "summary", url=link)
            error = await ephemeral_message(fake, inter)
            text = only_embed(error)["description"]
            assert expected.lower() in text.lower(), (link, text)
            assert "Traceback" not in text
            # the public "thinking…" message did not stay behind
            assert not public_bot_messages(fake, world.chat)

        # Nothing in a watched channel crashes the listener: a bad link gets a short reply.
        await watch(world, world.news)
        bad = await fake.user_message(world.news, world.user, site.url("/news/teaser"))
        reply = await fake.wait_for_reply(bad, timeout=30)
        assert reply["content"].startswith("⚠️ <")
        assert_no_pings(reply)


async def test_rate_limit_is_retried(world: World, site: Site) -> None:
    fake, url = world.fake, site.url("/news/bridge")
    async with running(world.settings):
        await watch(world, world.news)
        fake.inject_http_error(
            "POST", "/channels/{channel_id}/messages", status=429, retry_after=0.3
        )
        posted = await fake.user_message(world.news, world.user, url)
        reply = await fake.wait_for_reply(posted, timeout=60)
        assert only_embed(reply)["title"] == BRIDGE_TITLE
        attempts = fake.requests_to("POST", "/channels/{channel_id}/messages")
        assert [r.status for r in attempts][-2:] == [429, 200]


async def test_restart_keeps_settings_cache_and_buttons(world: World, site: Site) -> None:
    fake, url = world.fake, site.url("/news/bridge")
    async with running(world.settings):
        await watch(world, world.news)
        length = await fake.slash(
            world.guild, world.chat, world.admin, "config", "summary-length", sentences=2
        )
        await length.wait_for_reply()
        first = await fake.wait_for_reply(
            await fake.user_message(world.news, world.user, url), timeout=60
        )
        # Kicked, then re-invited while the bot is offline: the pending deletion is void.
        await fake.remove_bot_from_guild(world.guild)
        marker = world.settings.data_dir / "guilds" / f"{world.guild.id}.removed"
        await fake.wait_until(marker.exists, timeout=10, what="the removal marker")
    assert only_embed(first)["description"].count("\n• ") == 2
    await fake.add_bot_to_guild(world.guild)

    async with running(world.settings):
        await fake.wait_until(lambda: not marker.exists(), timeout=10, what="marker cleared")
        algo = await fake.slash(
            world.guild, world.chat, world.admin, "config", "algorithm", name="lexrank"
        )
        assert "lexrank" in (await algo.wait_for_reply())["content"]
        show = await fake.slash(world.guild, world.chat, world.admin, "config", "show")
        shown = only_embed(await show.wait_for_reply())
        assert f"<#{world.news.id}>" in shown["fields"][0]["value"]
        assert shown["fields"][1]["value"] == "2 sentences"

        again = await fake.wait_for_reply(
            await fake.user_message(world.news, world.user, url), timeout=30
        )
        assert "from cache" in only_embed(again)["footer"]["text"]
        assert only_embed(again)["footer"]["text"].startswith("Summary: lexrank")

        # A button on a message posted before the restart still works.
        shorter = next(i for i in custom_ids(first) if i.startswith("precis:shorter:"))
        click = await fake.click(first, shorter, world.user)
        edited = await click.wait_for_reply(timeout=30)
        assert only_embed(edited)["description"].count("\n• ") == 1
        assert next(i for i in custom_ids(edited) if i.startswith("precis:shorter:")) and any(
            c.get("disabled")
            for row in edited["components"]
            for c in row["components"]
            if c["custom_id"].startswith("precis:shorter:")
        )

        # forget, then purge with its confirm button
        forget = await fake.slash(world.guild, world.chat, world.admin, "config", "forget", url=url)
        assert "Forgotten" in (await forget.wait_for_reply())["content"]
        purge = await fake.slash(world.guild, world.chat, world.admin, "config", "purge")
        ask = await purge.wait_for_reply()
        assert purge.ephemeral
        confirm = next(c for c in custom_ids(ask))
        done = await fake.click(ask, confirm, world.admin)
        await fake.wait_until(
            lambda: "Deleted" in (done.message or {}).get("content", ""), timeout=30, what="purge"
        )
        show = await fake.slash(world.guild, world.chat, world.admin, "config", "show")
        assert "none" in only_embed(await show.wait_for_reply())["fields"][0]["value"]


async def test_seed_article(world: World, site: Site, seed_dir: Path) -> None:
    fake, url = world.fake, site.url("/news/seed")
    async with running(world.settings):
        inter = await fake.slash(world.guild, world.chat, world.user, "summary", url=url)
        embed = only_embed(await inter.wait_for_reply(timeout=60))
        assert embed["title"].startswith("Russia, China push back against US")
        assert embed["description"].count("\n• ") >= 1
        inter = await fake.slash(world.guild, world.chat, world.user, "quotes", speaker="Putin")
        assert "Putin" in only_embed(await inter.wait_for_reply(timeout=30))["description"]


async def test_run_bot_without_message_content_and_sigterm(
    site: Site, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The portal hasn't enabled Message Content: run_bot reconnects without it, the context
    menu still works, and SIGTERM shuts everything down cleanly."""
    async with FakeDiscord(message_content=False) as fake:
        w = make_world(fake, site, tmp_path / "data")
        settings = replace(w.settings, log_level="WARNING")
        task = asyncio.create_task(run_bot(settings))
        try:
            await fake.wait_for_sync(timeout=60)
            await fake.wait_for_ready(timeout=60)
            inter = await fake.slash(w.guild, w.news, w.admin, "config", "watch", channel=w.news)
            assert "Message Content intent is off" in (await inter.wait_for_reply())["content"]
            msg = await fake.user_message(w.news, w.user, site.url("/news/bridge"))
            inter = await fake.context_menu(
                w.guild, w.news, w.user, "Summarise article", target=msg
            )
            assert only_embed(await inter.wait_for_reply(timeout=60))["title"] == BRIDGE_TITLE
            # no automatic reply: without the intent the bot can't read the link
            assert not [
                m
                for m in fake.bot_messages(w.news)
                if (m.get("message_reference") or {}).get("message_id") == msg["id"]
            ]
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(task, 30)
        finally:
            if not task.done():
                task.cancel()
            configure_endpoints(Settings())
        # refused once (4014), then reconnected without the intent, with a clear log line
        assert "refused the Message Content intent" in caplog.text
        assert "Running WITHOUT the Message Content intent" in caplog.text
        assert not fake.unknown_routes
    assert isinstance(discord.http.Route.BASE, str)


async def test_threads_owner_sync_reconnect_and_leaving(world: World, site: Site) -> None:
    fake, url = world.fake, site.url("/news/bridge")
    async with running(world.settings):
        await watch(world, world.news)
        on = await fake.slash(world.guild, world.chat, world.admin, "config", "threads", state="on")
        assert "on" in (await on.wait_for_reply())["content"]
        posted = await fake.user_message(world.news, world.user, url)
        # The thread started from a message takes the message's id.
        thread_msg = await fake.wait_for_message(
            channel_id=int(posted["id"]), author_id=fake.bot_user.id, timeout=60
        )
        assert only_embed(thread_msg)["title"] == BRIDGE_TITLE
        assert fake.channel(int(posted["id"])).name == BRIDGE_TITLE
        assert not public_bot_messages(fake, world.news)

        # Owner-only `sync`: a member's attempt does nothing, the owner's syncs globally.
        mention = f"<@{fake.bot_user.id}>"
        fake.add_member(world.guild, fake.owner)
        await fake.user_message(world.chat, world.user, f"{mention} sync global")
        owner_says = await fake.user_message(world.chat, fake.owner, f"{mention} sync global")
        done = await fake.wait_for_reply(owner_says, timeout=30)
        assert "globally" in done["content"]
        assert {c["name"] for c in fake.commands(None)} >= {"summary", "config"}
        assert len(public_bot_messages(fake, world.chat)) == 1

        # A gateway RECONNECT (op 7) is resumed and the bot keeps serving.
        await fake.gateway_reconnect()
        await fake.wait_for_resume(timeout=30)
        inter = await fake.slash(world.guild, world.chat, world.user, "search", terms="bridge")
        assert BRIDGE_TITLE in only_embed(await inter.wait_for_reply(timeout=30))["description"]

        # The socket drops (close 4000) and a link is posted before the bot is back: the
        # RESUME replays it and the bot still answers.
        await fake.close_gateway(4000)
        during = await fake.user_message(world.news, world.admin, f"while away {url}")
        await fake.wait_for_resume(count=2, timeout=30)
        late = await fake.wait_for_message(  # threads are on: answered in a new thread
            channel_id=int(during["id"]), author_id=fake.bot_user.id, timeout=30
        )
        assert only_embed(late)["title"] == BRIDGE_TITLE

        # Removed from the guild: its data is scheduled for deletion (marker file).
        await fake.remove_bot_from_guild(world.guild)
        marker = world.settings.data_dir / "guilds" / f"{world.guild.id}.removed"
        await fake.wait_until(marker.exists, timeout=10, what="the removal marker")
        await fake.add_bot_to_guild(world.guild)
        await fake.wait_until(lambda: not marker.exists(), timeout=10, what="marker cleared")


async def test_limits_and_odd_input(world: World, site: Site) -> None:
    fake = world.fake
    settings = replace(world.settings, user_cooldown_seconds=30.0)
    async with running(settings):
        await watch(world, world.news)
        # 50 links in one 4,000-character message: at most 3 replies.
        links = [site.url(f"/news/bridge?page={i}") for i in range(50)]
        content = " ".join(links)
        content += " " + "x" * (4000 - len(content) - 1)
        assert len(content) == 4000
        posted = await fake.user_message(world.news, world.user, content)
        await fake.wait_until(
            lambda: len(public_bot_messages(fake, world.news)) >= 3, timeout=60, what="3 replies"
        )
        await asyncio.sleep(0.5)
        replies = public_bot_messages(fake, world.news)
        assert len(replies) == 3
        assert all(
            (m.get("message_reference") or {}).get("message_id") == posted["id"] for m in replies
        )

        # Per-user cooldown on summarising, friendly and ephemeral; other users unaffected.
        first = await fake.slash(
            world.guild, world.chat, world.admin, "summary", url=site.url("/news/bridge")
        )
        await first.wait_for_reply(timeout=60)
        second = await fake.slash(
            world.guild, world.chat, world.admin, "summary", url=site.url("/news/bridge")
        )
        slow = await second.wait_for_reply(timeout=10)
        assert second.ephemeral and "a bit fast" in only_embed(slow)["description"]

        # Options at their length limits.
        inter = await fake.slash(world.guild, world.chat, world.user, "whosaid", phrase="q" * 300)
        assert "Nobody" in only_embed(await inter.wait_for_reply(timeout=30))["description"]
        inter = await fake.slash(
            world.guild, world.chat, world.user, "ask", question="@everyone " * 50
        )
        answer = await inter.wait_for_reply(timeout=30)
        assert_no_pings(answer)
        assert len(only_embed(answer)["title"]) <= 256

        # A context menu on a message without links.
        plain = await fake.user_message(world.chat, world.user, "no links here @everyone")
        inter = await fake.context_menu(
            world.guild, world.chat, world.admin, "Summarise article", target=plain
        )
        nothing = await inter.wait_for_reply(timeout=10)
        assert inter.ephemeral and "couldn't find a web link" in only_embed(nothing)["description"]


async def test_run_bot_with_a_rejected_token(world: World) -> None:
    from bot.errors import ConfigError

    settings = replace(world.settings, discord_token="not-the-token")
    try:
        with pytest.raises(ConfigError, match="rejected DISCORD_TOKEN"):
            await asyncio.wait_for(run_bot(settings), 30)
    finally:
        configure_endpoints(Settings())
    assert not world.fake.gateway.identifies


async def test_hostile_article_never_pings_and_fits(world: World, site: Site) -> None:
    fake, url = world.fake, site.url("/news/hostile")
    async with running(world.settings):
        await watch(world, world.news)
        posted = await fake.user_message(world.news, world.user, url)
        reply = await fake.wait_for_reply(posted, timeout=60)
        assert_no_pings(reply)  # the fake also rejected nothing over Discord's limits
        embed = only_embed(reply)
        assert len(embed["title"]) <= 256 and "\\*\\*bold\\*\\*" in embed["title"]
        more = await fake.click(reply, custom_ids(reply)[0], world.user)
        assert_no_pings(await more.wait_for_reply(timeout=30))
        for cmd, opts in (("whosaid", {"phrase": "ping"}), ("search", {"terms": "council"})):
            inter = await fake.slash(world.guild, world.chat, world.user, cmd, **opts)
            answer = await inter.wait_for_reply(timeout=30)
            assert_no_pings(answer)
            assert "ping" in only_embed(answer)["description"] or cmd == "search"
