"""Attached files: which are offered for reading, what they are by content, how they are keyed."""

from __future__ import annotations

import pytest

from bot.documents import document_key, offer, refusal, sniff_kind
from bot.errors import UnsupportedContentError
from bot.pipeline import process_document, text_title
from tests.pdfgen import make_pdf
from tests.test_e2e_files import NOTES
from tests.test_pdf import HEADING, STORY


@pytest.mark.parametrize(
    ("name", "ctype", "expected"),
    [
        ("report.PDF", None, "document"),
        ("notes.md", None, "document"),
        ("page.htm", "text/html; charset=utf-8", "document"),
        ("download", "application/pdf", "document"),
        ("cat.png", None, "media"),
        ("clip", "video/mp4", "media"),
        ("song.mp3", "audio/mpeg", "media"),
        ("backup.zip", "application/zip", "media"),
        ("sheet.xlsx", None, "other"),
    ],
)
def test_files_are_offered_by_name_or_declared_type(name, ctype, expected):
    assert offer(name, ctype) == expected


def test_refusals_name_the_file_and_what_is_read():
    assert refusal("cat.png", "image/png").startswith("cat.png is an image; I can read PDFs")
    assert "is an archive" in refusal("x.zip", None)
    assert "`" not in refusal("evil`name`.mp4", "video/mp4")


def test_the_key_drops_the_cdns_expiring_signature():
    a = "https://cdn.discordapp.com/attachments/1/2/r.pdf?ex=65&is=64&hm=ab12&"
    b = "https://cdn.discordapp.com/attachments/1/2/r.pdf?ex=99&is=98&hm=ff00&"
    assert document_key(a) == document_key(b) == "https://cdn.discordapp.com/attachments/1/2/r.pdf"


def test_what_a_file_is_comes_from_its_content_not_its_name():
    pdf = make_pdf(STORY, heading=HEADING)
    assert sniff_kind(pdf, "notes.txt") == "pdf"
    assert sniff_kind(b"<!doctype html><html><body><p>x</p></body></html>", "a.pdf") == "html"
    assert sniff_kind(NOTES.encode(), "notes.pdf") == "text"
    with pytest.raises(UnsupportedContentError, match="PNG image"):
        sniff_kind(b"\x89PNG\r\n\x1a\n" + bytes(100), "notes.txt")
    with pytest.raises(UnsupportedContentError, match="empty"):
        sniff_kind(b"  \n", "notes.txt")


def test_text_files_take_their_heading_line_or_their_name_as_title():
    assert text_title("# Minutes\n\nBody text here.", "a.md") == ("Minutes", "Body text here.")
    assert text_title("Minutes\n\nBody text here.", "a.txt") == ("Minutes", "Body text here.")
    body = "The society met on Wednesday.\nIt voted."
    assert text_title(body, "club_minutes.txt") == ("club minutes", body)


def test_markdown_marks_are_dropped_and_quotes_still_found():
    md = NOTES.replace("water troughs", "**water troughs**").replace(
        "parish council", "[parish council](https://example.org/pc)"
    )
    processed = process_document(md.encode(), "notes.md", "https://cdn.example/notes.md")
    text = processed.article.text
    assert processed.article.title == "Allotment society meeting notes"
    assert "**" not in text and "](" not in text and "parish council" in text
    assert {"Priya Lindqvist", "Owen Barras"} <= {q.speaker for q in processed.quotes}
