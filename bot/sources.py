"""Reading CLI sources: an ``.html``/``.htm`` file (optionally gzipped), a ``.txt`` file, a PDF
or stdin.

URLs are not handled here: they go through the safe fetcher (:mod:`bot.fetch`).
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.errors import SourceError
from bot.fetch.decode import is_pdf

MAX_SOURCE_BYTES = 50 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass(frozen=True, slots=True)
class LocalSource:
    body: bytes
    is_html: bool
    url: str | None  # a file:// URI for files, None for stdin
    is_pdf: bool = False  # told by content (the %PDF- signature), whatever the name

    @property
    def key(self) -> str:
        """What the cache files it under: the file's URI, or for stdin its content's digest
        (every piped article is its own; piping the same text twice finds the first)."""
        return self.url or stdin_key(self.body)


def stdin_key(body: bytes) -> str:
    return "stdin:sha256:" + hashlib.sha256(body).hexdigest()[:32]


def source_key(source: str) -> str:
    """The cache key ``ingest`` used for ``source`` (a file path or URI), without reading it."""
    if source.startswith("file:") or source.startswith("stdin:"):
        return source
    return Path(source).resolve().as_uri()


def is_url(source: str) -> bool:
    return "://" in source[:16] and not source.startswith("file:")


def read_source(source: str) -> LocalSource:
    """Read a file or ``-`` (stdin). HTML is told from text by the suffix, or by sniffing stdin."""
    if source == "-":
        body = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
        _check_size(body)
        if is_pdf(body):
            return LocalSource(body, False, None, is_pdf=True)
        check_text(body)
        return LocalSource(body, _looks_like_html(body), None)
    path = Path(source)
    if path.is_dir():
        raise SourceError("That is a folder; give me an .html, .txt or .pdf file.")
    if not path.is_file():
        raise SourceError("There is no file by that name.")
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    gzipped = bool(suffixes) and suffixes[-1] == ".gz"
    kind = suffixes[-2] if gzipped and len(suffixes) == 2 else (suffixes[-1] if suffixes else "")
    try:
        if gzipped:
            with gzip.open(path, "rb") as fh:
                body = fh.read(MAX_SOURCE_BYTES + 1)
        else:
            with path.open("rb") as fh:
                body = fh.read(MAX_SOURCE_BYTES + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise SourceError(f"I couldn't read it: {exc}.") from None
    _check_size(body)
    if is_pdf(body):
        return LocalSource(body, False, path.resolve().as_uri(), is_pdf=True)
    if kind == ".pdf":
        raise SourceError("It is named .pdf but isn't a PDF inside.")
    check_text(body)
    if kind in HTML_SUFFIXES:
        is_html = True
    elif kind == ".txt":
        is_html = False
    else:
        is_html = _looks_like_html(body)
    return LocalSource(body, is_html, path.resolve().as_uri())


def _check_size(body: bytes) -> None:
    if len(body) > MAX_SOURCE_BYTES:
        raise SourceError(f"It is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB.")


# Formats people save or pipe by mistake, told by their first bytes.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or other Office file)"),
    (b"\x1f\x8b", "gzip-compressed (name it .gz and I'll unpack it)"),
)
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.02  # of the sniffed bytes; text in any 8-bit encoding has next to none
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"


def check_text(body: bytes) -> None:
    """Refuse binary input with a message that names it, instead of "summarising" noise.
    Bytes above 127 are fine (Latin-1, UTF-8, ...); control bytes and NULs are not, except in
    UTF-16, which announces itself with a byte-order mark."""
    for magic, kind in _MAGIC:
        if body.startswith(magic):
            raise SourceError(f"It is {kind}; I read HTML pages, plain text and PDFs.")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    head = body[:SNIFF_BYTES]
    control = len(head) - len(head.translate(None, _CONTROL))
    if control > MAX_CONTROL_SHARE * max(1, len(head)):
        raise SourceError("It doesn't look like text or HTML.")


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<!--"))
