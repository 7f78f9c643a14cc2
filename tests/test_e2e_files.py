"""End to end: PDF links and files attached in Discord, through the real bot and the fake Discord.

Attachment URLs point at the loopback page server (tests/fetchserver.py), signed with fresh
``ex``/``is``/``hm`` parameters like Discord's CDN; discord.py downloads them itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.fakediscord import FakeDiscord
from tests.fetchserver import PageServer
from tests.pdfgen import make_pdf
from tests.scriptpages import HEADLINE as FERRY_HEADLINE
from tests.scriptpages import next_page
from tests.test_e2e_bot import (
    FLAG_EPHEMERAL,
    Site,
    World,
    assert_no_pings,
    custom_ids,
    ephemeral_message,
    make_world,
    only_embed,
    public_bot_messages,
    running,
    watch,
)
from tests.test_pdf import COLUMNS, HEADING, STORY

pytestmark = pytest.mark.timeout(180)

LIBRARY_TITLE = "Quarry Lane library opens on Sundays"
NOTES = (
    "# Allotment society meeting notes\n\n"
    "The allotment society met in the scout hut on Wednesday to decide what to do about the "
    "water troughs, which leaked all summer and left the lower plots dry in August.\n\n"
    "“We can patch them again, but we patched them last year and the year before,” said "
    "treasurer Priya Lindqvist. She proposed buying four new troughs from the reserve fund.\n\n"
    "Members voted to buy the troughs and to ask the parish council for help with the cost of "
    "a new standpipe near the gate. “A standpipe would save us carrying cans the length of "
    "the site,” said Owen Barras, who keeps bees on plot twelve.\n\n"
    "The next meeting is on the first Wednesday of the month, and the seed swap will be held "
    "at the same time in the hut."
)


@pytest_asyncio.fixture
async def files_site() -> AsyncIterator[PageServer]:
    server = PageServer()
    server.files["timetable.pdf"] = ("application/pdf", make_pdf(STORY, heading=HEADING))
    server.files["library.pdf"] = (
        "application/octet-stream",
        make_pdf(COLUMNS * 2, columns=2, title=LIBRARY_TITLE, author="Parish Clerk"),
    )
    server.files["notes.txt"] = ("text/plain", NOTES.encode())
    server.files["big.txt"] = ("text/plain", NOTES.encode())
    server.files["cat.png"] = ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    server.files["locked.pdf"] = ("application/pdf", make_pdf(STORY, user_password="s3cret"))
    server.files["next.html"] = ("text/html", next_page().encode())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def world(fake_discord: FakeDiscord, files_site: PageServer, tmp_path: Path) -> World:
    return make_world(fake_discord, Site(files_site.origin, files_site.port), tmp_path / "data")


def attach(w: World, server: PageServer, name: str, content_type: str | None = None) -> dict:
    size = len(server.files[name][1])
    return w.fake.attachment(
        name, server.url(f"/files/{name}"), size=size, content_type=content_type
    )


async def test_pdf_links_and_attached_files_in_a_watched_channel(
    world: World, files_site: PageServer
) -> None:
    fake = world.fake
    async with running(world.settings):
        await watch(world, world.news)
        pdf = attach(world, files_site, "library.pdf")  # typed by its name only
        notes = attach(world, files_site, "notes.txt", "text/plain; charset=utf-8")
        cat = attach(world, files_site, "cat.png", "image/png")
        link = files_site.url("/files/timetable.pdf")
        posted = await fake.user_message(
            world.news, world.user, f"Three to read: {link}", attachments=[cat, pdf, notes]
        )
        replies = await fake.wait_until(
            lambda: (m := public_bot_messages(fake, world.news)) and len(m) >= 3 and m,
            timeout=90,
            what="three digests",
        )
        titles = [only_embed(m)["title"] for m in replies]
        assert titles == [HEADING, LIBRARY_TITLE, "Allotment society meeting notes"]
        for reply in replies:
            assert (reply.get("message_reference") or {}).get("message_id") == posted["id"]
            assert [i.split(":")[1] for i in custom_ids(reply)] == ["more", "shorter", "longer"]
            assert_no_pings(reply)
        ferry, library, meeting = (only_embed(m) for m in replies)
        assert (
            "Tomas Varga" in next(f for f in ferry["fields"] if f["name"] == "Key quotes")["value"]
        )
        assert "PDF · 1 page" in ferry["description"].split("\n")[0]
        assert "Parish Clerk" in library["description"].split("\n")[0]
        assert "Priya Lindqvist" in str(meeting["fields"])
        # The embed links to the file without the CDN's expiring signature.
        assert library["url"] == files_site.url("/files/library.pdf")
        assert files_site.hits["/files/cat.png"] == 0  # media: skipped without a download

        # The same attachment with a fresh signature comes from the cache, not downloaded again.
        downloads = files_site.hits["/files/library.pdf"]
        resigned = dict(pdf, url=pdf["url"].split("?")[0] + "?ex=1&is=2&hm=abc&")
        resigned["proxy_url"] = resigned["url"]
        again = await fake.user_message(world.news, world.admin, "", attachments=[resigned])
        cached = await fake.wait_for_reply(again, timeout=30)
        assert only_embed(cached)["title"] == LIBRARY_TITLE
        assert "from cache" in only_embed(cached)["footer"]["text"]
        assert files_site.hits["/files/library.pdf"] == downloads

        # A bad PDF gets its one clear line, naming the file; only pictures: no reply at all.
        locked = attach(world, files_site, "locked.pdf", "application/pdf")
        bad = await fake.user_message(world.news, world.user, "", attachments=[locked])
        error = await fake.wait_for_reply(bad, timeout=30)
        assert "locked.pdf" in error["content"] and "password-protected" in error["content"]
        # The size Discord declares is checked before anything is downloaded.
        huge = dict(attach(world, files_site, "big.txt"), size=world.settings.fetch_max_bytes + 1)
        big = await fake.user_message(world.news, world.user, "", attachments=[huge])
        too_big = await fake.wait_for_reply(big, timeout=30)
        assert "big.txt is too large" in too_big["content"]
        assert files_site.hits["/files/big.txt"] == 0
        pictures = await fake.user_message(world.news, world.user, "", attachments=[cat])
        await fake.assert_no_message(after=pictures, within=2)


async def test_summary_file_option_and_the_message_menu(
    world: World, files_site: PageServer
) -> None:
    fake = world.fake
    async with running(world.settings):
        pdf = attach(world, files_site, "timetable.pdf", "application/pdf")
        inter = await fake.slash(world.guild, world.chat, world.user, "summary", file=pdf)
        embed = only_embed(await inter.wait_for_reply(timeout=60))
        assert embed["title"] == HEADING and not inter.ephemeral

        cat = attach(world, files_site, "cat.png", "image/png")
        inter = await fake.slash(world.guild, world.chat, world.user, "summary", file=cat)
        refused = await inter.wait_for_reply(timeout=30)
        assert inter.ephemeral and "cat.png is an image" in only_embed(refused)["description"]

        # A Next.js page whose HTML says only "Loading…": read from its __NEXT_DATA__.
        url = files_site.url("/files/next.html")
        inter = await fake.slash(world.guild, world.chat, world.user, "summary", url=url)
        nextjs = only_embed(await inter.wait_for_reply(timeout=60))
        assert FERRY_HEADLINE in nextjs["title"]
        quotes = next(f for f in nextjs["fields"] if f["name"] == "Key quotes")["value"]
        assert "Felix Durand" in quotes or "Ruth Calloway" in quotes

        inter = await fake.slash(world.guild, world.chat, world.user, "summary")
        nothing = await inter.wait_for_reply(timeout=30)
        assert inter.ephemeral and "link" in only_embed(nothing)["description"]

        # The menu reads the files of any message, in any channel.
        notes = attach(world, files_site, "notes.txt")
        msg = await fake.user_message(world.chat, world.user, "minutes", attachments=[notes])
        inter = await fake.context_menu(
            world.guild, world.chat, world.admin, "Summarise article", target=msg
        )
        reply = await inter.wait_for_reply(timeout=60)
        assert only_embed(reply)["title"] == "Allotment society meeting notes"

        photo = await fake.user_message(world.chat, world.user, "look", attachments=[cat])
        inter = await fake.context_menu(
            world.guild, world.chat, world.admin, "Summarise article", target=photo
        )
        said = await ephemeral_message(fake, inter)
        assert said["flags"] & FLAG_EPHEMERAL
        assert "cat.png is an image" in only_embed(said)["description"]
