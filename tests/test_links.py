"""find_links: the links Precis would summarise in a message, as Discord users write them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.links import MAX_LINK_LENGTH, find_links, link_or_text


def test_plain_links_in_order_and_limited() -> None:
    text = "a https://a.com/1 b http://b.org/2 c https://c.net/3 d https://d.io/4"
    assert find_links(text) == ["https://a.com/1", "http://b.org/2", "https://c.net/3"]
    assert find_links(text, limit=10)[-1] == "https://d.io/4"
    assert find_links(text, limit=0) == []


def test_duplicates_and_fragments_collapse() -> None:
    text = "https://a.com/x https://a.com/x#top HTTPS://a.com/x https://a.com/y"
    assert find_links(text) == ["https://a.com/x", "https://a.com/y"]


def test_suppressed_links_are_ignored() -> None:
    assert find_links("<https://a.com/x> and https://b.com/") == ["https://b.com/"]


def test_code_is_ignored() -> None:
    text = "`https://a.com/` ```\nhttps://b.com/\n``` https://c.com/"
    assert find_links(text) == ["https://c.com/"]


def test_trailing_punctuation_and_brackets() -> None:
    assert find_links("read https://a.com/story.") == ["https://a.com/story"]
    assert find_links("(see https://a.com/story)") == ["https://a.com/story"]
    assert find_links("https://en.wikipedia.org/wiki/Python_(language)") == [
        "https://en.wikipedia.org/wiki/Python_(language)"
    ]
    assert find_links("[story](https://a.com/s?q=1)!") == ["https://a.com/s?q=1"]
    assert find_links('"https://a.com/q",') == ["https://a.com/q"]
    assert find_links("||https://a.com/spoiler||") == ["https://a.com/spoiler"]


def test_not_links() -> None:
    assert (
        find_links("ftp://a.com/x javascript:alert(1) data:text/html,hi https:// http:///x") == []
    )
    assert find_links("") == []
    assert find_links("https://" + "a" * MAX_LINK_LENGTH + ".com") == []


def test_many_links_in_a_long_message() -> None:
    text = " ".join(f"https://site{i}.com/article-{i} words " + "x" * 60 for i in range(50))
    assert len(text) > 4000
    assert find_links(text) == [f"https://site{i}.com/article-{i}" for i in range(3)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=0, max_value=5))
def test_any_text(text: str, limit: int) -> None:
    links = find_links(text, limit)
    assert len(links) <= limit
    assert len({link.split("#")[0].lower() for link in links}) == len(links)
    for link in links:
        assert link.lower().startswith(("http://", "https://"))
        assert link in text
        assert not any(c.isspace() for c in link)
        assert link[-1] not in ".,;:!?"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["https://a.com/", "http://b.com/x", "https://c.com/y?z=1"]), max_size=8
    ),
    st.sampled_from([" ", "\n", ", ", " and "]),
)
def test_links_joined_by_text(links: list[str], sep: str) -> None:
    expected = list(dict.fromkeys(links))[:3]
    assert find_links(sep.join(links)) == expected


def test_not_articles_are_skipped_in_watched_channels() -> None:
    from bot.links import find_article_links, looks_like_article

    for url in (
        "https://discord.gg/abc",
        "https://www.youtube.com/watch?v=x",
        "https://youtu.be/x",
        "https://cdn.discordapp.com/attachments/1/2/cat.png",
        "https://example.com/archive.ZIP",
        "https://media.tenor.com/x.gif",
    ):
        assert not looks_like_article(url), url
    assert looks_like_article("https://news.example.com/2024/03/05/bridge")
    assert looks_like_article("https://example.com/pdf-guide")
    assert looks_like_article("https://example.com/report.PDF")  # PDFs are read (bot/pdf.py)
    text = "https://discord.gg/x https://a.com/1 https://b.com/x.jpg https://c.com/2"
    assert find_article_links(text) == ["https://a.com/1", "https://c.com/2"]


def test_link_or_text_takes_the_first_link_else_the_text() -> None:
    assert link_or_text("see <https://a.com/x> and https://b.com/y") == "https://b.com/y"
    assert link_or_text("  https://a.com/x).  ") == "https://a.com/x"
    assert link_or_text("  not a link  ") == "not a link"
