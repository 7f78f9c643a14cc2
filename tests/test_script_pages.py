"""Script-rendered pages: the article is read from the data the page ships (Next.js, Nuxt,
embedded states, JSON-LD) or from its AMP version, served from the loopback page server and
read through the real service; a teaser with no article anywhere keeps its honest message."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import Settings
from bot.embedded import amp_link, embedded_paragraphs
from bot.errors import TooLittleTextError
from bot.extract import extract_article
from bot.service import Precis
from tests.fetchserver import PageServer
from tests.scriptpages import HEADLINE, PAGES, PARAGRAPHS, amp_pair, other_story_page

HTML = "text/html; charset=utf-8"


@pytest_asyncio.fixture
async def server() -> AsyncIterator[PageServer]:
    page = PageServer()
    for name, build in PAGES.items():
        page.files[f"{name}.html"] = (HTML, build().encode())
    thin, amp = amp_pair("/files/ferry.amp.html")
    page.files["ferry.html"] = (HTML, thin.encode())
    page.files["ferry.amp.html"] = (HTML, amp.encode())
    thin_only, _ = amp_pair("/files/missing.amp.html")
    page.files["dead-amp.html"] = (HTML, thin_only.encode())
    page.files["other.html"] = (HTML, other_story_page().encode())
    teaser = (Path(__file__).parent / "fixtures" / "teaser.html").read_bytes()
    page.files["teaser.html"] = (HTML, teaser)
    await page.start()
    yield page
    await page.stop()


@pytest_asyncio.fixture
async def precis(server: PageServer, tmp_path: Path) -> AsyncIterator[Precis]:
    settings = Settings(
        data_dir=tmp_path / "data", fetch_allow_private=frozenset({server.pair}), workers=1
    )
    service = await Precis.start(settings, housekeeping=False, inline=True)
    yield service
    await service.close()


@pytest.mark.parametrize("name", sorted(PAGES))
async def test_the_article_is_read_from_the_data_the_page_ships(precis, server, name):
    digest = await precis.digest(1, server.url(f"/files/{name}.html"))
    article = digest.article
    assert article.title is not None and HEADLINE in article.title
    # JSON-LD too: trafilatura reads its articleBody as one block, which is split again.
    assert article.paragraphs == tuple(PARAGRAPHS)
    assert {q.speaker for q in digest.key_quotes} & {"Ruth Calloway", "Felix Durand"}
    assert digest.summary.sentences


async def test_a_thin_page_is_read_from_its_amp_version(precis, server):
    url = server.url("/files/ferry.html")
    digest = await precis.digest(1, url)
    assert digest.article.paragraphs == tuple(PARAGRAPHS)
    assert digest.article.url == url  # cached under the link people posted
    assert server.hits["/files/ferry.amp.html"] == 1
    again = await precis.digest(1, url)
    assert again.from_cache and server.hits["/files/ferry.amp.html"] == 1


async def test_the_cli_reads_a_thin_page_from_its_amp_version_too(server, tmp_path):
    from bot.service import Precis

    # `precis summarize URL` reads through Precis.preview (the uncached path).
    settings = Settings(data_dir=tmp_path / "cli", fetch_allow_private=frozenset({server.pair}))
    precis = await Precis.start(settings, housekeeping=False, inline=True)
    try:
        digest = await precis.preview(server.url("/files/ferry.html"), sentences=2)
    finally:
        await precis.close()
    assert digest.article.paragraphs == tuple(PARAGRAPHS)
    assert len(digest.summary.sentences) == 2
    assert not (tmp_path / "cli").exists()  # nothing cached


async def test_no_article_anywhere_keeps_the_honest_message(precis, server):
    for name in ("teaser.html", "other.html", "dead-amp.html"):
        with pytest.raises(TooLittleTextError) as info:
            await precis.digest(1, server.url(f"/files/{name}"))
        assert "paywall" in info.value.user_message, name
    assert server.hits["/files/missing.amp.html"] == 1


def test_a_long_run_about_something_else_is_not_taken():
    from trafilatura.utils import load_html

    assert embedded_paragraphs(load_html(other_story_page()), HEADLINE) == ()
    assert extract_article(other_story_page()).word_count < 20


def test_amp_links_are_found_in_any_attribute_order_and_made_absolute():
    base = "https://news.example/story"
    assert (
        amp_link('<link rel="amphtml" href="/amp/story">', base) == "https://news.example/amp/story"
    )
    assert amp_link("<LINK href='https://amp.example/s' REL='amphtml'>", base) == (
        "https://amp.example/s"
    )
    assert amp_link('<link rel="amphtml" href="javascript:alert(1)">', base) is None
    assert amp_link('<link rel="canonical" href="/x">', base) is None
    assert amp_link('<link rel="amphtml" href="/story">', base) is None  # itself
