"""Files people attach (in Discord): which ones Precis reads, what they are, how they are keyed.

Discord-free: the cogs hand over a file's name, its declared type, its CDN URL and its bytes.
A file is *offered* for reading by its name or declared type (.pdf, .txt, .md, .html/.htm), but
what it *is* is decided by its content (:func:`sniff_kind`): a PDF by its signature, HTML by its
markup, text by having no binary bytes. Pictures, sound, video and archives are media: skipped
quietly where Precis reads everything posted, refused with one line when asked for explicitly.

The cache key of an attachment is its CDN URL without the query: Discord signs attachment links
with expiring ``ex``/``is``/``hm`` parameters, and the same file must hit the cache tomorrow.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from bot.errors import SourceError, UnsupportedContentError
from bot.fetch.decode import is_pdf, sniff_html

DocumentKind = Literal["pdf", "html", "text"]
Offer = Literal["document", "media", "other"]

READABLE_SUFFIXES = frozenset({".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
READABLE_TYPES = frozenset(
    {"application/pdf", "text/plain", "text/markdown", "text/html", "application/xhtml+xml"}
)
MEDIA_SUFFIXES = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg", ".heic", ".tif", ".tiff",
        ".mp3", ".ogg", ".wav", ".flac", ".m4a", ".opus",
        ".mp4", ".mov", ".webm", ".mkv", ".avi",
        ".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz",
    }
)  # fmt: skip
MEDIA_TYPES = ("image/", "audio/", "video/")
ARCHIVE_TYPES = frozenset(
    {
        "application/zip",
        "application/gzip",
        "application/x-tar",
        "application/x-7z-compressed",
        "application/vnd.rar",
        "application/x-rar-compressed",
    }
)
WHAT_I_READ = "I can read PDFs, web pages (.html) and text files (.txt, .md)."


def _suffix(filename: str) -> str:
    return PurePosixPath(filename.lower()).suffix


def offer(filename: str, content_type: str | None) -> Offer:
    """Whether an attached file is worth reading: a document, media, or something else."""
    suffix = _suffix(filename)
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if suffix in MEDIA_SUFFIXES or mime.startswith(MEDIA_TYPES) or mime in ARCHIVE_TYPES:
        return "media"
    if suffix in READABLE_SUFFIXES or mime in READABLE_TYPES:
        return "document"
    return "other"


def refusal(filename: str, content_type: str | None) -> str:
    """The one line for a file someone explicitly asked Precis to read but it can't."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    suffix = _suffix(filename)
    if mime.startswith("image/") or suffix in {".png", ".jpg", ".jpeg", ".gif", ".webp"}:
        what = "an image"
    elif mime.startswith("audio/"):
        what = "an audio file"
    elif mime.startswith("video/"):
        what = "a video"
    elif mime in ARCHIVE_TYPES or suffix in {".zip", ".gz", ".tgz", ".tar", ".7z", ".rar"}:
        what = "an archive"
    else:
        what = "not a kind of file I read"
    return f"{_name(filename)} is {what}; {WHAT_I_READ}"


def _name(filename: str) -> str:
    # Shown to users: keep it short and free of markdown.
    name = filename.replace("`", "'").replace("*", "").replace("_", " ").strip() or "That file"
    return name[:80]


def document_key(url: str) -> str:
    """The attachment's CDN URL without its expiring signature (query) or fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def sniff_kind(body: bytes, filename: str) -> DocumentKind:
    """What the bytes are: PDF, HTML or text; raises a clear error for anything else."""
    if is_pdf(body):
        return "pdf"
    if not body.strip():
        raise UnsupportedContentError(f"{_name(filename)} is empty.")
    from bot.sources import check_text

    try:
        check_text(body)
    except SourceError as exc:
        raise UnsupportedContentError(f"{_name(filename)}: {exc.user_message}") from None
    if _suffix(filename) in {".html", ".htm", ".xhtml"} or sniff_html(body):
        return "html"
    return "text"
