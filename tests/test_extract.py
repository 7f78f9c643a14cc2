"""Article extraction: the seed page, our own fixture pages, plain text and broken input."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import ExtractionError
from bot.extract import _readability, article_from_text, extract_article

_TOKEN = re.compile(r"\w+")


def token_f1(expected: str, actual: str) -> float:
    e = Counter(_TOKEN.findall(expected.casefold()))
    a = Counter(_TOKEN.findall(actual.casefold()))
    overlap = sum((e & a).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(e.values())
    return 2 * p * r / (p + r)


# --- the seed page (tests/fixtures/seed) --------------------------------------------------


def test_seed_page(seed_dir: Path) -> None:
    article = extract_article((seed_dir / "page.html").read_bytes())
    expected = (seed_dir / "article.txt").read_text(encoding="utf-8")
    assert token_f1(expected, article.text) >= 0.99
    assert article.title == "Russia, China push back against US in pre-Olympics summit"
    assert article.site == "America Age"
    # The header's clock widget ("Friday, 9 May 2025") is not a publication date.
    assert article.published is None
    assert article.language == "en"
    for junk in ("Popular Posts", "Sign in", "Sign In", "Subscribe", "All rights reserved"):
        assert junk not in article.text
    assert article.word_count > 500


# --- our own pages --------------------------------------------------------------------------


def load(fixtures_dir: Path, name: str) -> bytes:
    return (fixtures_dir / name).read_bytes()


def test_metadata_from_meta_tags(fixtures_dir: Path) -> None:
    article = extract_article(load(fixtures_dir, "meta_article.html"))
    assert article.title == "Harbour town votes to rebuild its old pier"
    assert article.site == "The Coastal Courier"
    assert article.author == "Maria Okafor"
    assert article.published == date(2024, 3, 15)  # not the clock's 9 November 2024
    assert article.url == "https://courier.example/news/harbour-pier-vote"
    assert article.language == "en"
    assert article.paragraphs[0].startswith("Councillors in the harbour town")  # no headline
    assert article.paragraphs[-1].startswith("Engineers expect")
    assert "“The pier is the reason people come here,” said council leader" in article.text
    for junk in ("Popular Posts", "Sign in", "Subscribe now", "chip shops", "Privacy policy"):
        assert junk not in article.text


def test_date_from_json_ld_article_not_website(fixtures_dir: Path) -> None:
    article = extract_article(load(fixtures_dir, "jsonld_article.html"))
    assert article.published == date(2023, 10, 2)
    assert article.author == "Tom Reyes"
    assert len(article.paragraphs) == 4


def test_clock_widget_is_not_a_date_but_the_url_is(fixtures_dir: Path) -> None:
    html = load(fixtures_dir, "clock_only.html")
    assert extract_article(html).published is None
    assert extract_article(
        html, url="https://leam.example/2025/05/07/river-clean-up"
    ).published == (date(2025, 5, 7))
    article = extract_article(html)
    assert "Popular Posts" not in article.text and "Sign in" not in article.text
    assert article.paragraphs[0].startswith("More than two hundred volunteers")


def test_non_english_page(fixtures_dir: Path) -> None:
    article = extract_article(load(fixtures_dir, "french_article.html"))
    assert article.language == "fr"
    assert article.site == "Le Journal du Canal"
    assert article.published == date(2022, 6, 21)
    assert "Se connecter" not in article.text
    assert article.paragraphs[0].startswith("La mairie a inauguré samedi")


def test_page_without_article_text_raises(fixtures_dir: Path) -> None:
    with pytest.raises(ExtractionError) as err:
        extract_article(load(fixtures_dir, "no_article.html"))
    assert err.value.user_message


def test_teaser_is_returned_not_raised(fixtures_dir: Path) -> None:
    # Too little text is the pipeline's call (TooLittleTextError), not the extractor's.
    article = extract_article(load(fixtures_dir, "teaser.html"))
    assert article.title == "Budget talks collapse at the last minute"
    assert 10 < article.word_count < 60
    assert "Talks on the city budget collapsed" in article.text


def test_readability_fallback_reads_the_main_block(fixtures_dir: Path) -> None:
    paragraphs, title = _readability(load(fixtures_dir, "meta_article.html"))
    assert title and "Harbour town" in title
    assert any(p.startswith("Councillors in the harbour town") for p in paragraphs)
    assert not any("chip shops" in p for p in paragraphs)


@pytest.mark.parametrize(
    "html",
    [
        b"",
        "   ",
        b"\x00\x01\x02\xff\xfe\xfd" * 50,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "<html><body><p>unclosed <b>tags <i>everywhere",
        "<?xml version='1.0'?><rss><channel><item>x</item></channel></rss>",
        "<html><head><title>T</title></head><body></body></html>",
    ],
)
def test_broken_input_never_crashes(html: str | bytes) -> None:
    try:
        article = extract_article(html)
    except ExtractionError as err:
        assert err.user_message
    else:
        assert article.text.strip()


def test_bytes_in_a_declared_legacy_encoding(fixtures_dir: Path) -> None:
    html = load(fixtures_dir, "french_article.html").decode("utf-8")
    html = html.replace('charset="utf-8"', 'charset="iso-8859-1"')
    article = extract_article(html.encode("iso-8859-1", errors="replace"))
    assert "inauguré" in article.text


# --- plain text ------------------------------------------------------------------------------


def test_article_from_text_keeps_text_exactly() -> None:
    text = "First paragraph, line one\nline two.\n\n  Second paragraph.  \n\n\nThird after extra newline."
    article = article_from_text(text, url="file:///tmp/a.txt", title="A title")
    assert article.text == text
    assert article.paragraphs[0] == "First paragraph, line one\nline two."
    assert article.title == "A title" and article.url == "file:///tmp/a.txt"
    assert article.published is None


def test_article_from_text_detects_language_and_refuses_empty() -> None:
    text = (
        "Die Regierung sagte am Montag, dass sie die Politik trotz der Proteste nicht ändern werde."
    )
    assert article_from_text(text).language == "de"
    with pytest.raises(ExtractionError):
        article_from_text(" \n\n ")


def test_written_byline_date_inside_the_article_only(fixtures_dir: Path) -> None:
    article = extract_article(load(fixtures_dir, "byline_date.html"))
    # Not the top bar's clock (14 August 2025), not the sidebar's post date (June 1, 2025).
    assert article.published == date(2021, 3, 3)
    assert article.author == "Lena Fischer"  # the byline's date is not part of the name
    assert article.paragraphs[0].startswith("Night buses will run again")
    assert "Older story" not in article.text


def test_date_in_url_with_month_name(fixtures_dir: Path) -> None:
    html = load(fixtures_dir, "clock_only.html")
    assert extract_article(html, url="https://x.example/news/2019/nov/18/story").published == (
        date(2019, 11, 18)
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda h: '<?xml version="1.0" encoding="utf-8"?>\n' + h,
        lambda h: h.encode("utf-16"),
        lambda h: h.encode("utf-8-sig"),
    ],
)
def test_xml_declarations_and_unicode_encodings(fixtures_dir: Path, encode: Any) -> None:
    html = load(fixtures_dir, "meta_article.html").decode("utf-8")
    article = extract_article(encode(html))
    assert article.title == "Harbour town votes to rebuild its old pier"
    assert article.paragraphs[0].startswith("Councillors in the harbour town")


_TAGS = st.sampled_from(["p", "div", "article", "script", "b", "table", "td", "html", "body"])
_HTMLISH = st.lists(
    st.one_of(
        _TAGS.map(lambda t: f"<{t}>"),
        _TAGS.map(lambda t: f"</{t}>"),
        st.text(max_size=40),
        st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "\x00", "<?xml?>"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=25, deadline=None)
@given(st.one_of(_HTMLISH, _HTMLISH.map(lambda s: s.encode("utf-8")), st.binary(max_size=300)))
def test_fuzzed_input_only_ever_raises_extraction_error(html: str | bytes) -> None:
    try:
        article = extract_article(html)
    except ExtractionError:
        return
    assert article.text.strip()


def _story(inner: str, body_attrs: str = "") -> str:
    filler = " ".join(
        f"<p>Paragraph {i} of the council report explains how the harbour wall will be "
        f"rebuilt, who pays for which part and when the work on the north pier starts.</p>"
        for i in range(6)
    )
    return (
        "<html><head><title>Harbour wall</title></head>"
        f"<body {body_attrs}><article><h1>Harbour wall</h1>{inner}{filler}</article></body></html>"
    )


def test_hover_cards_and_hidden_elements_stay_out_of_the_text() -> None:
    inner = (
        "<p>Council leader "
        '<span class="rollover-people"><a class="rollover-people-link" href="/p/ar">Aisha Rahman'
        '</a><span class="rollover-people-block"><a href="/p/ar">Aisha Bint Rahman</a>'
        '<a href="/x">Older story about the pier</a> MORE</span></span>'
        " (Ind) backed the plan"
        '<span class="tooltiptext">Independent councillor since 2019</span>'
        '<span hidden>hidden attribute text</span><span aria-hidden="true">decorative</span>'
        '<span style="display: none">styled away</span> on Monday evening.</p>'
    )
    text = extract_article(_story(inner)).text
    first = text.split("\n\n")[0]
    assert first == "Council leader Aisha Rahman (Ind) backed the plan on Monday evening."
    for gone in ("Bint", "Older story", "MORE", "Independent", "hidden", "decorative", "styled"):
        assert gone not in text


def test_a_body_hidden_until_scripts_run_is_still_read() -> None:
    # Anti-flicker snippets hide the whole page; removing it would leave nothing.
    html = _story("<div style='display:none'><p>Cookie banner text.</p></div>", 'style="opacity:0"')
    hidden_body = _story("", 'style="display:none" hidden')
    assert "Cookie banner" not in extract_article(html).text
    assert "Paragraph 5 of the council report" in extract_article(hidden_body).text
    wrapped = _story("").replace("<article>", '<article style="display:none">')
    assert "Paragraph 5 of the council report" in extract_article(wrapped).text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Carrie Arnold November", "Carrie Arnold"),
        ("By Lena Fischer · March 3, 2024", "Lena Fischer"),
        ("Theresa May", "Theresa May"),
        ("Ann Holt; Tom Reyes December", "Ann Holt; Tom Reyes"),
        ("November", None),
    ],
)
def test_author_names_lose_glued_dates(raw: str, clean: str | None) -> None:
    from bot.extract import _clean_author

    assert _clean_author(raw) == clean


def _split_page(pieces: list[tuple[str, int]], piece_class: str = "body body__container") -> str:
    """An article body cut into same-class containers with ads between (Condé Nast style)."""

    def paragraphs(name: str, n: int) -> str:
        return "".join(
            f"<p>{name} paragraph {i} tells how the harbour wall was rebuilt after the storm, "
            f"who paid for it and why the council chose stone over concrete this time.</p>"
            for i in range(n)
        )

    chunks = "".join(
        f"<div class='grid'><div class='{piece_class}'>{paragraphs(name, n)}</div>"
        f"<aside class='ad'>Advertisement</aside></div>"
        for name, n in pieces
    )
    return (
        "<html><head><title>Harbour wall</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<main><article><h1>Harbour wall</h1><div class='article__chunks'>{chunks}</div>"
        "</article></main><footer>Copyright</footer></body></html>"
    )


def test_a_body_split_across_containers_is_read_whole() -> None:
    article = extract_article(_split_page([("First", 4), ("Second", 6), ("Third", 6)]))
    heads = [p.split(" paragraph")[0] for p in article.paragraphs]
    assert heads == ["First"] * 4 + ["Second"] * 6 + ["Third"] * 6
    assert "Advertisement" not in article.text


def test_merge_split_body_needs_later_pieces_with_real_text() -> None:
    from trafilatura.utils import load_html

    from bot.htmlprep import merge_split_body

    first = "First paragraph 0 tells how the harbour wall was rebuilt"
    tree = load_html(_split_page([("First", 4), ("Second", 6)]))
    assert merge_split_body(tree, first)
    (body,) = tree.xpath("//div[@class='body body__container']")
    assert len(body.findall("p")) == 10
    # A later namesake with only a line of text is not a piece of the body.
    short = load_html(_split_page([("First", 4), ("Second", 1)]))
    assert not merge_split_body(short, first)
    assert not merge_split_body(load_html(_split_page([("First", 4)])), first)
    assert not merge_split_body(tree, "A paragraph that is nowhere on the page at all")


def test_trailing_tags_and_copyright_are_trimmed_but_the_story_is_not() -> None:
    from bot.extract import _trim_tail

    story = tuple(
        f"Paragraph {i} of the story says the harbour wall will be rebuilt by spring."
        for i in range(6)
    )
    assert _trim_tail((*story, "Tags", "harbour, wall, council, storm")) == story
    assert _trim_tail((*story, "Filed under: Harbour |")) == story
    assert _trim_tail((*story, "Copyright ©2019 Harbour News. All Rights Reserved")) == story
    # A story paragraph that merely starts with one of the words stays.
    related = "Related work on the north pier will start in May, the council said on Monday."
    assert _trim_tail((*story, related)) == (*story, related)
    # A long block after a "Tags" line is not residue, and the first paragraph is never cut.
    long_tail = ("Tags", " ".join(["word"] * 100))
    assert _trim_tail((*story, *long_tail)) == (*story, *long_tail)
    assert _trim_tail(("Copyright notice", "Body text")) == ("Copyright notice", "Body text")
    html = _story("<p>Tags</p><p>harbour, wall</p>")
    assert "harbour, wall" in extract_article(html).text  # not the end of the article: kept
