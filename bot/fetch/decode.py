"""Content types and character sets: which bodies we read and how bytes become text.

Charset order: byte-order mark, then the HTTP header, then ``<meta charset>`` (HTML only),
then UTF-8 if the bytes are valid UTF-8, then charset-normalizer's guess. Decoding always
uses ``errors="replace"``: bad bytes become U+FFFD, never an exception.
"""

from __future__ import annotations

import codecs
import re

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PDF_TYPE = "application/pdf"
PDF_TYPES = frozenset({PDF_TYPE, "application/x-pdf"})
# What servers call a file they don't know the type of: a ".pdf" link served so is sniffed.
GENERIC_TYPES = frozenset(
    {
        "application/octet-stream",
        "binary/octet-stream",
        "application/download",
        "application/force-download",
        "application/x-download",
    }
)

# WHATWG Encoding Standard: these labels mean windows-1252 in practice.
_WINDOWS_1252_ALIASES = frozenset(
    {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1"}
)
# UTF-7 is a known XSS vector and never legitimate on the web; the others are not charsets.
_REFUSED = frozenset({"utf-7", "utf_7", "utf7", "x-user-defined", "replacement"})

_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""",
    re.IGNORECASE,
)
_META_SCAN_BYTES = 8192
_DETECT_BYTES = 256 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """Split a Content-Type header into (lower-case media type, charset parameter)."""
    if not header:
        return None, None
    parts = header.split(";")
    mime = parts[0].strip().lower() or None
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").strip() or None
    return mime, charset


def describe_type(mime: str) -> str:
    """A short, human description of a media type for error messages."""
    if mime == "application/pdf":
        return "a PDF document (application/pdf)"
    major = mime.split("/", 1)[0]
    if major == "image":
        return f"an image ({mime})"
    if major == "video":
        return f"a video ({mime})"
    if major == "audio":
        return f"an audio file ({mime})"
    if mime in ("application/json", "text/json") or mime.endswith("+json"):
        return f"JSON data ({mime})"
    if mime in (
        "application/zip",
        "application/gzip",
        "application/x-tar",
        "application/x-7z-compressed",
    ):
        return f"an archive ({mime})"
    if mime == "application/octet-stream":
        return "a binary download (application/octet-stream)"
    return f"a file of type {mime}"


def unsupported_message(mime: str) -> str:
    return f"That link is {describe_type(mime)}, not a web page, so I can't read it."


def is_pdf(body: bytes) -> bool:
    """A PDF by its content: the ``%PDF-`` signature, which may follow up to 1 KiB of junk."""
    return b"%PDF-" in body[:1024]


def sniff_html(body: bytes) -> bool:
    """Guess whether an untyped body is HTML (what a browser would render as a page)."""
    head = body[:1024].lstrip().lower()
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:].lstrip()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        head.startswith(b"<") and b"<html" in head
    )


def normalize_charset(label: str | None) -> str | None:
    """Return a Python text codec name for a charset label, or ``None`` if unusable."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if not label or label in _REFUSED:
        return None
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    # Python also registers bytes-to-bytes and str-to-str codecs (base64, zlib, rot13).
    if not getattr(info, "_is_text_encoding", True):
        return None
    name = info.name
    return "cp1252" if name in ("latin-1", "ascii", "iso8859-1") else name


def meta_charset(body: bytes) -> str | None:
    """The charset named by ``<meta charset>`` or ``<meta http-equiv>`` near the top."""
    match = _META.search(body[:_META_SCAN_BYTES])
    if match is None:
        return None
    name = normalize_charset(match.group(1).decode("ascii", "replace"))
    # A page that can be read to find its meta tag is not UTF-16 (WHATWG says: UTF-8).
    if name is not None and name.startswith("utf-16"):
        return "utf-8"
    return name


def detect_charset(body: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, otherwise charset-normalizer's best guess."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _plausible_western(body[:_DETECT_BYTES]):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(body[:_DETECT_BYTES]).best()
    name = normalize_charset(best.encoding) if best is not None else None
    return name or "cp1252"


# Typographic marks windows-1252 puts in 0x80-0xBF that Western text uses.
_WESTERN_MARKS = frozenset("“”‘’„–—…•€°«»©®™£§¶·×÷¡¿ ")
MAX_WESTERN_SHARE = 0.2


def _plausible_western(body: bytes) -> bool:
    """Does ``body`` read as Western European text in windows-1252, the legacy encoding
    browsers assume? Every non-ASCII character must be a letter (é, ü, ñ) or a typographic
    mark, and such letters a minority: Cyrillic or Greek bytes also decode to Latin-1 letters,
    but then nearly every letter is one. A few accents cannot tell windows-1252 from the
    Central European or Baltic code pages (charset-normalizer picks among them arbitrarily),
    so the common case is settled here; Polish "ż" becomes "¿" in windows-1252 and fails."""
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError:  # bytes windows-1252 leaves undefined
        return False
    letters = wide = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
            continue
        if ch.isalpha():
            letters += 1
            wide += 1
        elif ch not in _WESTERN_MARKS:
            return False
    return wide <= MAX_WESTERN_SHARE * letters


def decode_body(body: bytes, header_charset: str | None, *, is_html: bool) -> tuple[str, str]:
    """Decode ``body``; return (text, name of the codec used). Never raises on bad bytes."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    charset = normalize_charset(header_charset)
    if charset is None and is_html:
        charset = meta_charset(body)
    if charset is None:
        charset = detect_charset(body)
    try:
        return body.decode(charset, errors="replace"), charset
    except (LookupError, ValueError):  # a codec that rejects "replace": fall back safely
        return body.decode("utf-8", errors="replace"), "utf-8"
