"""Data lifecycle through the fake Discord: leaving a guild, /config forget and purge, retention.

The real bot runs against tests/fakediscord with a loopback article server; afterwards the
guild's SQLite file is opened with ``sqlite3`` to check the rows, the FTS index and the raw
bytes really are gone (the e2e tests only check what the bot says).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from benchmarks.bot_load import ArticleSite, InProcessBot, bot_settings, watch_channels
from bot.storage.store import guild_path
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.timeout(120)

# Two generated pages about different places (article_html picks the place from the seed).
PAGE_A, PAGE_B = 1, 2


@dataclass
class Scene:
    fake: FakeDiscord
    site: ArticleSite
    guilds: list[Any]
    channels: list[Any]
    admin: Any
    user: Any
    data_dir: Path


@pytest_asyncio.fixture
async def scene(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[Scene]:
    fake = fake_discord
    site = await ArticleSite().start()
    admin, user = fake.add_user("ada"), fake.add_user("bob")
    guilds, channels = [], []
    for name in ("Alpha", "Beta"):
        g = fake.add_guild(name)
        guilds.append(g)
        channels.append(fake.add_channel(g, "news"))
        fake.add_member(g, admin, admin=True)
        fake.add_member(g, user)
    data_dir = tmp_path / "data"
    from benchmarks.bot_load import LoadWorld

    await watch_channels(data_dir, LoadWorld(fake, guilds, channels, [[user], [user]]))
    try:
        yield Scene(fake, site, guilds, channels, admin, user, data_dir)
    finally:
        await site.stop()


def settings(scene: Scene, **overrides: Any):
    return bot_settings(
        scene.fake,
        scene.site,
        scene.data_dir,
        workers=1,
        dev_guild_id=scene.guilds[0].id,
        **overrides,
    )


async def post(scene: Scene, guild: int, page: int, run: str = "life") -> str:
    url = scene.site.url(run, page)
    msg = await scene.fake.user_message(scene.channels[guild], scene.user, f"read {url}")
    reply = await scene.fake.wait_for_reply(msg, timeout=60)
    assert reply["embeds"], reply["content"]
    return url


def place(page: int) -> str:
    """The place name of a generated page (in its title and many sentences)."""
    from benchmarks.bot_load import article_html

    html = article_html(page).decode()
    return html.split("<h1>", 1)[1].split(" ", 1)[0]


def db_file(scene: Scene, guild: int) -> Path:
    return guild_path(scene.data_dir, scene.guilds[guild].id)


def query(path: Path, sql: str, *params: Any) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    tables = ("articles", "sentences", "quotes", "summaries", "posts")
    return {t: query(path, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


def fts_hits(path: Path, term: str) -> dict[str, int]:
    return {
        table: len(query(path, f"SELECT rowid FROM {table} WHERE {table} MATCH ?", term))
        for table in ("sentences_fts", "titles_fts")
    }


def raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    for side in ("-wal", "-journal"):
        extra = path.with_name(path.name + side)
        if extra.exists():
            data += extra.read_bytes()
    return data


async def test_leaving_a_guild_deletes_its_database_after_the_grace_period(scene: Scene) -> None:
    fake = scene.fake
    async with InProcessBot(settings(scene, guild_delete_grace_hours=0.0)):
        await post(scene, 0, PAGE_A)
        await post(scene, 1, PAGE_B)
        doomed, kept = db_file(scene, 0), db_file(scene, 1)
        assert doomed.exists() and kept.exists()
        await fake.remove_bot_from_guild(scene.guilds[0])
        await fake.wait_until(lambda: not doomed.exists(), timeout=15, what="the file deleted")
        assert not any(doomed.parent.glob(doomed.name + "*")), "WAL/SHM files left behind"
        assert not (doomed.parent / f"{scene.guilds[0].id}.removed").exists()
        # The other guild is untouched and still answers from its cache.
        assert counts(kept)["articles"] == 1
        again = await fake.user_message(scene.channels[1], scene.user, scene.site.url("life", 2))
        reply = await fake.wait_for_reply(again, timeout=30)
        assert "from cache" in reply["embeds"][0]["footer"]["text"]


async def test_rejoining_within_the_grace_period_keeps_the_data(scene: Scene) -> None:
    fake = scene.fake
    async with InProcessBot(settings(scene, guild_delete_grace_hours=1.0)) as runner:
        precis = runner.bot.precis
        await post(scene, 0, PAGE_A)
        path = db_file(scene, 0)
        marker = path.parent / f"{scene.guilds[0].id}.removed"

        await fake.remove_bot_from_guild(scene.guilds[0])
        await fake.wait_until(marker.exists, timeout=10, what="the removal marker")
        await precis.housekeeping()  # within the grace period: nothing is deleted
        assert path.exists() and counts(path)["articles"] == 1

        # Left two hours ago (past the 1 h grace) but re-invited before housekeeping ran.
        marker.write_text(str(time.time() - 7200))
        await fake.add_bot_to_guild(scene.guilds[0])
        await fake.wait_until(lambda: not marker.exists(), timeout=10, what="marker cleared")
        await precis.housekeeping()
        assert path.exists() and counts(path)["articles"] == 1

        # Control: the same marker age without the rejoin does delete.
        await fake.remove_bot_from_guild(scene.guilds[0])
        await fake.wait_until(marker.exists, timeout=10, what="the removal marker")
        marker.write_text(str(time.time() - 7200))
        await precis.housekeeping()
        assert not path.exists() and not marker.exists()


async def test_forget_and_purge_delete_rows_fts_entries_and_bytes(scene: Scene) -> None:
    fake, guild, chat = scene.fake, scene.guilds[0], scene.channels[0]
    place_a, place_b = place(PAGE_A), place(PAGE_B)
    assert place_a != place_b
    async with InProcessBot(settings(scene)):
        url_a = await post(scene, 0, PAGE_A)
        url_b = await post(scene, 0, PAGE_B)
        path = db_file(scene, 0)
        before = counts(path)
        assert before["articles"] == 2 and before["sentences"] > 0 and before["quotes"] > 0
        assert all(fts_hits(path, place_a).values()) and all(fts_hits(path, place_b).values())

        forget = await fake.slash(guild, chat, scene.admin, "config", "forget", url=url_a)
        assert "Forgotten" in (await forget.wait_for_reply(timeout=30))["content"]
        after = counts(path)
        assert after["articles"] == 1
        assert query(path, "SELECT count(*) FROM articles WHERE url = ?", url_a) == [(0,)]
        assert 0 < after["sentences"] < before["sentences"]
        assert fts_hits(path, place_a) == {"sentences_fts": 0, "titles_fts": 0}
        assert all(fts_hits(path, place_b).values()), "forget took the other article too"
        assert url_a.encode() not in raw_bytes(path), "the forgotten URL is still in the file"
        assert url_b.encode() in raw_bytes(path)

        purge = await fake.slash(guild, chat, scene.admin, "config", "purge")
        ask = await purge.wait_for_reply(timeout=30)
        confirm = ask["components"][0]["components"][0]["custom_id"]
        done = await fake.click(ask, confirm, scene.admin)
        await fake.wait_until(
            lambda: "Deleted" in (done.message or {}).get("content", ""), timeout=30, what="purge"
        )
        assert counts(path) == dict.fromkeys(counts(path), 0)
        assert query(path, "SELECT count(*) FROM watched_channels") == [(0,)]
        assert fts_hits(path, place_b) == {"sentences_fts": 0, "titles_fts": 0}
        assert url_b.encode() not in raw_bytes(path)
        assert place_b.encode() + b" " not in raw_bytes(path)
        assert query(path, "PRAGMA integrity_check") == [("ok",)]


async def test_retention_expires_old_articles(scene: Scene) -> None:
    async with InProcessBot(settings(scene, retention_days=2)) as runner:
        url_a = await post(scene, 0, PAGE_A)
        url_b = await post(scene, 0, PAGE_B)
        url_c = await post(scene, 1, PAGE_A, run="other")
        path = db_file(scene, 0)
        # Article A was last seen three days ago (written by another connection, as an
        # operator's tool could); B and guild 1's article are fresh.
        conn = sqlite3.connect(path, timeout=10)
        with conn:
            conn.execute(
                "UPDATE articles SET last_seen_at = ? WHERE url = ?",
                (time.time() - 3 * 86400, url_a),
            )
        conn.close()
        await runner.bot.precis.housekeeping()
        urls = [r[0] for r in query(path, "SELECT url FROM articles")]
        assert urls == [url_b]
        assert fts_hits(path, place(PAGE_A)) == {"sentences_fts": 0, "titles_fts": 0}
        assert [r[0] for r in query(db_file(scene, 1), "SELECT url FROM articles")] == [url_c]
        # Posting the expired link again fetches it afresh (not "from cache").
        msg = await scene.fake.user_message(scene.channels[0], scene.user, f"again {url_a}")
        reply = await scene.fake.wait_for_reply(msg, timeout=60)
        assert "from cache" not in reply["embeds"][0]["footer"]["text"]
        await asyncio.sleep(0)


async def test_config_retention_sets_and_resets_one_servers_retention(scene: Scene) -> None:
    fake, chat = scene.fake, scene.channels[0]

    def age(path: Path, url: str, days: float) -> None:
        conn = sqlite3.connect(path, timeout=10)
        with conn:
            conn.execute(
                "UPDATE articles SET last_seen_at = ? WHERE url = ?",
                (time.time() - days * 86400, url),
            )
        conn.close()

    async def config(*args: str, **options: Any) -> str:
        inter = await fake.slash(scene.guilds[0], chat, scene.admin, "config", *args, **options)
        return (await inter.wait_for_reply(timeout=30))["content"]

    # No bot-wide RETENTION_DAYS: articles are kept until a server asks otherwise.
    async with InProcessBot(settings(scene)) as runner:
        precis = runner.bot.precis
        url_a = await post(scene, 0, PAGE_A)
        url_b = await post(scene, 0, PAGE_B)
        url_c = await post(scene, 1, PAGE_A, run="other")
        path, other = db_file(scene, 0), db_file(scene, 1)
        age(path, url_a, 2)
        age(other, url_c, 4)

        assert "3 day(s)" in await config("retention", days=3)
        show = await fake.slash(scene.guilds[0], chat, scene.admin, "config", "show")
        fields = (await show.wait_for_reply(timeout=30))["embeds"][0]["fields"]
        assert {f["name"]: f["value"] for f in fields}["Keep articles"] == "3 days"
        await precis.housekeeping()
        # Two days old is kept; four days old goes, and only where the setting was made.
        assert sorted(r[0] for r in query(path, "SELECT url FROM articles")) == sorted(
            [url_a, url_b]
        )
        age(path, url_a, 4)
        await precis.housekeeping()
        assert [r[0] for r in query(path, "SELECT url FROM articles")] == [url_b]
        assert [r[0] for r in query(other, "SELECT url FROM articles")] == [url_c]

        # Without days: back to the bot's default, which here is "forever".
        assert "until forgotten or purged" in await config("retention")
        age(path, url_b, 400)
        await precis.housekeeping()
        assert [r[0] for r in query(path, "SELECT url FROM articles")] == [url_b]

        # The synced schema carries the range, so Discord itself refuses 0 or 36,501 days.
        for bad in (0, 36_501):
            with pytest.raises(ValueError):
                await config("retention", days=bad)
        # Members without Manage Server are refused, privately, and nothing changes.
        member = await fake.slash(scene.guilds[0], chat, scene.user, "config", "retention", days=2)
        assert (await member.wait_for_reply(timeout=30))["flags"] & 64
        assert (await precis.get_settings(scene.guilds[0].id)).retention_days is None
