"""bot.discord_ui.render: whatever an article contains, embeds stay in Discord's limits, never ping."""

from __future__ import annotations

import re
from datetime import date

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord_ui import render
from bot.models import (
    Answer,
    Article,
    ArticleHit,
    Digest,
    GuildSettings,
    Quote,
    QuoteHit,
    Summary,
)

PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>", re.I)


def texts_of(embed: discord.Embed) -> list[str]:
    out = [
        embed.title or "",
        embed.description or "",
        embed.footer.text or "",
        embed.author.name or "",
    ]
    for f in embed.fields:
        out += [f.name or "", f.value or ""]
    return out


def check_embed(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= render.TITLE_LIMIT
    assert len(embed.description or "") <= render.DESCRIPTION_LIMIT
    assert len(embed.fields) <= render.FIELD_COUNT_LIMIT
    for f in embed.fields:
        assert 0 < len(f.name) <= render.FIELD_NAME_LIMIT
        assert 0 < len(f.value) <= render.FIELD_VALUE_LIMIT
    assert len(embed.footer.text or "") <= render.FOOTER_LIMIT
    assert len(embed.author.name or "") <= render.AUTHOR_LIMIT
    assert len(embed) <= render.EMBED_TOTAL_LIMIT
    for text in texts_of(embed):
        assert not PING.search(text), text
    if embed.url:
        assert embed.url.startswith(("http://", "https://"))
    embed.to_dict()  # serialisable as sent


def make_digest(
    *,
    title: str | None = "Council approves new bridge",
    sentences: tuple[str, ...] = ("The council voted 7-2.", "Work starts in May."),
    quotes: tuple[Quote, ...] = (),
    author: str | None = "Jane Roe",
    url: str | None = "https://news.example.com/bridge",
    from_cache: bool = False,
) -> Digest:
    article = Article(
        paragraphs=("word " * 460,),
        url=url,
        title=title,
        author=author,
        published=date(2024, 3, 5),
        site="Example News",
    )
    summary = Summary(
        sentences=sentences, indices=tuple(range(len(sentences))), algorithm="lexrank"
    )
    return Digest(article, summary, quotes, quotes[:3], article_id=7, from_cache=from_cache)


def q(text: str, speaker: str | None = "Mayor Alice Smith") -> Quote:
    return Quote(text=text, start=0, end=len(text), speaker=speaker)


def test_digest_embed_layout() -> None:
    quote = q("We will build it on time and on budget.")
    embed = render.digest_embed(make_digest(quotes=(quote,), from_cache=True))
    check_embed(embed)
    assert embed.title == "Council approves new bridge"
    assert embed.url == "https://news.example.com/bridge"
    lines = embed.description.split("\n")
    assert lines[0] == "Example News · Jane Roe · 5 Mar 2024 · 2 min read"
    assert lines[1:] == ["", "• The council voted 7-2.", "• Work starts in May."]
    assert embed.fields[0].name == "Key quotes"
    assert (
        embed.fields[0].value == "> “We will build it on time and on budget.” — Mayor Alice Smith"
    )
    assert embed.footer.text == "Summary: lexrank · 2 sentences · from cache"


def test_digest_without_metadata_falls_back_to_host() -> None:
    embed = render.digest_embed(make_digest(title=None, author=None, sentences=()))
    check_embed(embed)
    assert embed.title == "news.example.com"
    assert "from cache" not in embed.footer.text
    assert "No summary" in embed.description


def test_markdown_and_mentions_are_escaped() -> None:
    evil = "@everyone **bold** <@123456789012345678> <@&98765432109876543> @here `code` ||x||"
    embed = render.digest_embed(
        make_digest(
            title=evil, sentences=(evil,), quotes=(q("> " + evil, speaker=evil),), author=evil
        )
    )
    check_embed(embed)
    assert "\\*\\*bold\\*\\*" in embed.title
    assert "\\|\\|x\\|\\|" in embed.description
    # the quote cannot start a nested blockquote or break out of ours
    assert embed.fields[0].value.startswith("> “\\> ")


def test_newlines_in_article_text_cannot_forge_lines() -> None:
    embed = render.digest_embed(make_digest(sentences=("one\n# Header\n> quote\n- item",)))
    check_embed(embed)
    assert embed.description.count("\n") == 2  # byline, blank line, one bullet


def test_bad_urls_are_dropped() -> None:
    for url in ("javascript:alert(1)", "https://" + "a" * 3000, "not a url", "data:text/html,x"):
        embed = render.digest_embed(make_digest(url=url))
        check_embed(embed)
        assert embed.url is None


def test_huge_digest_is_cut_to_limits() -> None:
    sentences = tuple(f"Sentence {i} " + "long words " * 200 for i in range(30))
    quotes = tuple(q("quoted words " * 200, speaker="S" * 500) for _ in range(20))
    embed = render.digest_embed(make_digest(title="T" * 1000, sentences=sentences, quotes=quotes))
    check_embed(embed)
    assert embed.description.startswith("Example News")
    assert embed.title.endswith(render.ELLIPSIS)


def test_truncate_never_leaves_a_dangling_escape() -> None:
    assert render.truncate("abc\\*def", 5) == "abc…"
    assert render.truncate("ab\\\\cd", 5) == "ab\\\\…"
    assert render.truncate("short", 10) == "short"
    assert len(render.truncate("x" * 50, 10)) == 10


def test_enforce_limits_trims_a_raw_embed() -> None:
    embed = discord.Embed(title="t" * 300, description="d" * 5000)
    for i in range(30):
        embed.add_field(name=f"n{i}" * 200, value="@everyone " * 200)
    embed.set_footer(text="f" * 3000)
    embed.set_author(name="<@123456789012345678>" * 20)
    check_embed(render.enforce_limits(embed))


def test_more_quotes_and_cache_embeds() -> None:
    quotes = tuple(q(f"Quote number {i}.", speaker=None if i % 2 else "Bob") for i in range(12))
    embed = render.more_quotes_embed(make_digest(quotes=quotes))
    check_embed(embed)
    assert embed.description.count("> “") == 10
    assert "unattributed" in embed.description
    assert "found no direct quotes" in render.more_quotes_embed(make_digest()).description

    hits = [QuoteHit(q("It works."), 3, "A [story]", "https://a.com/x_(y)")]
    embed = render.quote_hits_embed(hits, "Who said “works”")
    check_embed(embed)
    assert "[A story](https://a.com/x_(y%29)" in embed.description

    said = render.whosaid_embed("works", [*hits, QuoteHit(q("No name here.", None), 4, "B", None)])
    check_embed(said)
    assert said.title == "Who said “works”?"
    first, second = said.description.split("\n\n")
    assert first.startswith("> “It works.” — Mayor Alice Smith")
    assert second == "> “No name here.”\n*The article does not name who said this.* — in B"
    assert "Nobody" in render.whosaid_embed("works", []).description

    answers = [Answer("The bridge opens in 2026.", 3, None, "https://a.com/x")]
    embed = render.answers_embed("When @everyone?", answers)
    check_embed(embed)
    assert "2026" in embed.description and "[a.com](https://a.com/x)" in embed.description
    assert "nothing" in render.answers_embed("q", []).description

    hits2 = [ArticleHit(1, "Title", "https://a.com/", "Site", date(2024, 1, 2), "snip @here")]
    embed = render.search_embed("bridge", hits2)
    check_embed(embed)
    assert "Site · 2 Jan 2024" in embed.description
    assert "No articles" in render.search_embed("x", []).description


def test_settings_and_errors() -> None:
    gs = GuildSettings(watched_channels=frozenset({5, 3}), threads=True)
    embed = render.settings_embed(gs)
    check_embed(embed)
    assert embed.fields[0].value == "<#3>, <#5>"
    assert embed.fields[4].value == "on"
    assert embed.fields[5].value == "forever"
    # The bot-wide RETENTION_DAYS shows when the server has no setting of its own.
    assert render.settings_embed(gs, default_retention_days=30).fields[5].value == "30 days"
    own = GuildSettings(retention_days=7)
    assert render.settings_embed(own, default_retention_days=30).fields[5].value == "7 days"
    check_embed(render.error_embed("I couldn't fetch that link. @everyone"))
    line = render.link_error("https://a.com/x", "That website took too long to answer.")
    assert line == "⚠️ <https://a.com/x>: That website took too long to answer."
    assert len(render.content("x" * 5000)) == render.CONTENT_LIMIT
    assert not PING.search(render.content("@here <@!123456789012345678>"))


# --- property-based: any text ---------------------------------------------------------------

nasty = st.one_of(
    st.text(max_size=3000),
    st.text(alphabet="@everyone<>!&0123456789*_~`|>#-\\[]()\n \u200b\u202e", max_size=3000),
    st.sampled_from(["@everyone", "@here", "<@123456789012345678>", "@EVERYONE", "\\", "\n" * 50]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.one_of(st.none(), nasty),
    author=st.one_of(st.none(), nasty),
    url=st.one_of(st.none(), nasty, st.just("https://a.com/@everyone")),
    sentences=st.lists(nasty, max_size=12),
    quotes=st.lists(st.tuples(nasty, st.one_of(st.none(), nasty)), max_size=12),
    from_cache=st.booleans(),
)
def test_any_digest_fits_and_never_pings(title, author, url, sentences, quotes, from_cache) -> None:
    digest = make_digest(
        title=title,
        author=author,
        url=url,
        sentences=tuple(sentences),
        quotes=tuple(q(t, s) for t, s in quotes),
        from_cache=from_cache,
    )
    check_embed(render.digest_embed(digest))
    check_embed(render.more_quotes_embed(digest))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(heading=nasty, texts=st.lists(st.tuples(nasty, st.one_of(st.none(), nasty)), max_size=15))
def test_any_cache_answer_fits_and_never_pings(heading, texts) -> None:
    check_embed(render.quote_hits_embed([QuoteHit(q(t, s), 1, s, t) for t, s in texts], heading))
    check_embed(render.whosaid_embed(heading, [QuoteHit(q(t, s), 1, s, t) for t, s in texts]))
    check_embed(
        render.answers_embed(heading, [Answer(t, 1, s, "https://a.com/") for t, s in texts])
    )
    hits = [ArticleHit(1, s, t, s, None, t) for t, s in texts]
    check_embed(render.search_embed(heading, hits))
    for t, _ in texts:
        assert len(render.link_error(t, t)) <= render.CONTENT_LIMIT
        assert not PING.search(render.content(t))
        assert not PING.search(render.link_error(t, t))


def test_reported_speech_has_no_quote_marks() -> None:
    quote = Quote("the bridge was safe", 0, 19, "Engineers", kind="indirect")
    assert render.quote_line(quote) == "> the bridge was safe — Engineers (reported)"


def test_article_text_cannot_forge_masked_links() -> None:
    embed = render.digest_embed(
        make_digest(sentences=("Read [the docs](https://evil.example/x) now.",))
    )
    check_embed(embed)
    assert "\\[the docs](https://evil.example/x)" in embed.description
