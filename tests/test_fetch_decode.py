"""Charsets, content types and the bounded decompressing body reader (no network)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import BadResponseError, TooLargeError, UnsupportedContentError
from bot.fetch.body import read_limited
from bot.fetch.decode import (
    decode_body,
    meta_charset,
    normalize_charset,
    parse_content_type,
    sniff_html,
    unsupported_message,
)
from tests.fetchserver import gzip_bomb_chunks


async def _aiter(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="UTF-8"') == ("text/html", "UTF-8")
    assert parse_content_type("text/plain") == ("text/plain", None)
    assert parse_content_type(None) == (None, None)
    assert parse_content_type("text/html; boundary=x; charset=koi8-r") == ("text/html", "koi8-r")


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ("ISO-8859-1", "cp1252"),  # WHATWG: latin-1 labels mean windows-1252
        ("us-ascii", "cp1252"),
        ("windows-1251", "cp1251"),
        ("Shift_JIS", "shift_jis"),
        ("base64", None),  # a bytes codec, not a charset
        ("rot13", None),
        ("utf-7", None),
        ("x-no-such-charset", None),
        ("", None),
    ],
)
def test_normalize_charset(label: str, name: str | None) -> None:
    assert normalize_charset(label) == name


def test_meta_charset_forms() -> None:
    assert meta_charset(b'<html><head><meta charset="windows-1251">') == "cp1251"
    assert meta_charset(b"<meta charset=koi8-r>") == "koi8-r"
    assert (
        meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
        == "shift_jis"
    )
    assert meta_charset(b'<meta charset="utf-16">') == "utf-8"
    assert meta_charset(b"<p>no meta here</p>") is None


def test_charset_order_header_then_meta_then_detection() -> None:
    body = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r")
    assert decode_body(body, None, is_html=True) == (
        '<meta charset="koi8-r"><p>Привет</p>',
        "koi8-r",
    )
    # The header wins over the meta tag.
    text, used = decode_body(body, "windows-1251", is_html=True)
    assert used == "cp1251"
    # Plain text ignores meta-looking content.
    assert decode_body(b"caf\xc3\xa9", None, is_html=False) == ("café", "utf-8")
    text, used = decode_body(
        "Größere Änderungen für die Bürger der Straßenbahn, hieß es.".encode("cp1252"),
        None,
        is_html=True,
    )
    assert "Größere Änderungen" in text and "Straßenbahn" in text


def test_detection_prefers_windows_1252_on_a_tie_but_not_over_evidence() -> None:
    from bot.fetch.decode import detect_charset

    # "déjà vu, café": as plausible in windows-1250/1257 as in 1252; browsers assume 1252.
    western = "The café served déjà vu and crème brûlée to the naïve tourists.".encode("cp1252")
    assert detect_charset(western) == "cp1252"
    polish = "Zażółć gęślą jaźń, powiedział minister w poniedziałek.".encode("cp1250")
    assert detect_charset(polish) == "cp1250"
    russian = "Привет, как дела? Это тест кодировки.".encode("cp1251")
    assert detect_charset(russian) == "cp1251"
    quotes_only = "He said “no” – and that was all.".encode("cp1252")
    assert detect_charset(quotes_only) == "cp1252"


def test_bom_wins() -> None:
    body = "\ufeff<p>wide</p>".encode("utf-16-le")
    assert decode_body(body, "iso-8859-1", is_html=True) == ("<p>wide</p>", "utf-16-le")


@settings(max_examples=200, deadline=None)
@given(
    body=st.binary(max_size=2048),
    label=st.sampled_from([None, "utf-8", "shift_jis", "utf-16", "bogus", "base64", "cp1252"]),
    is_html=st.booleans(),
)
def test_decoding_never_raises(body: bytes, label: str | None, is_html: bool) -> None:
    text, used = decode_body(body, label, is_html=is_html)
    assert isinstance(text, str) and used


def test_sniff_html() -> None:
    assert sniff_html(b"  <!DOCTYPE html><html>")
    assert sniff_html(b"\xef\xbb\xbf<html lang=en>")
    assert not sniff_html(b"%PDF-1.7")
    assert not sniff_html(b"\x89PNG\r\n")


def test_unsupported_messages_name_the_type() -> None:
    assert "PDF" in unsupported_message("application/pdf")
    assert "image (image/webp)" in unsupported_message("image/webp")
    assert "video" in unsupported_message("video/mp4")
    assert "application/vnd.ms-excel" in unsupported_message("application/vnd.ms-excel")


# --- bounded body reading ----------------------------------------------------------------


async def test_identity_body_within_limit() -> None:
    assert await read_limited(_aiter([b"abc", b"def"]), None, 6) == b"abcdef"
    with pytest.raises(TooLargeError):
        await read_limited(_aiter([b"abc", b"defg"]), "identity", 6)


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
async def test_small_compressed_body_inflates_exactly(coding: str) -> None:
    chunks = list(gzip_bomb_chunks(2, coding=coding))
    body = await read_limited(_aiter(chunks), coding, 3 * 1024 * 1024)
    assert body == bytes(2 * 1024 * 1024)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "x-gzip"])
async def test_bomb_cut_at_the_limit(coding: str) -> None:
    fed = 0

    def counting() -> Iterable[bytes]:
        nonlocal fed
        for chunk in gzip_bomb_chunks(100_000, coding="deflate" if coding == "deflate" else "gzip"):
            fed += len(chunk)
            yield chunk

    with pytest.raises(TooLargeError):
        await read_limited(_aiter(counting()), coding, 1024 * 1024)
    # ~1 KB of compressed input per MiB: the reader stopped after about two MiB's worth.
    assert fed < 10_000


async def test_raw_deflate_and_multi_member_gzip() -> None:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = comp.compress(b"raw deflate body") + comp.flush()
    assert await read_limited(_aiter([raw]), "deflate", 1000) == b"raw deflate body"
    two = gzip.compress(b"first ") + gzip.compress(b"second")
    assert await read_limited(_aiter([two[:7], two[7:]]), "gzip", 1000) == b"first second"


async def test_damaged_and_unknown_encodings() -> None:
    with pytest.raises(BadResponseError):
        await read_limited(_aiter([b"\x1f\x8b\x08\x00garbage-garbage"]), "gzip", 1000)
    with pytest.raises(UnsupportedContentError):
        await read_limited(_aiter([b"x"]), "br", 1000)


async def test_endless_empty_deflate_blocks_are_cut_on_raw_size() -> None:
    # Empty stored blocks inflate to nothing; only the raw byte cap stops them.
    header = b"\x78\x01"
    empty_block = b"\x00\x00\x00\xff\xff"
    chunks = [header] + [empty_block * 1000] * 10_000
    with pytest.raises(TooLargeError):
        await read_limited(_aiter(chunks), "deflate", 64 * 1024)
