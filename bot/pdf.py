"""PDF bytes → :class:`~bot.models.Article`: the text layer in reading order, plus metadata.

pypdf reads the file (chosen by measurement over pdfminer.six, see benchmarks/README.md: the
same words in the same order, 5-10 times faster per page, and it enforces decompression and
parsing limits that pdfminer lacks: a 130 KiB PDF inflating to 128 MiB was refused by pypdf
and read whole into memory by pdfminer). PDFs carry lines, not paragraphs, so paragraphs are
rebuilt here from where lines end: a line ending a sentence well short of the page's usual
line length closes its paragraph, and words hyphenated at a line end are joined again.

Everything runs in a worker process (CPU-bound, see :mod:`bot.workers`) under these bounds:
pypdf's limits lowered to :data:`MAX_STREAM_BYTES` per stream, the first :data:`MAX_PAGES`
pages, :data:`MAX_CHARS` characters of text, and a deadline checked between pages (the pool's
time limit, :func:`bot.workers.run_with_deadline`, also interrupts a page that runs long).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from bot.errors import (
    BrokenPdfError,
    EncryptedPdfError,
    ImageOnlyPdfError,
    PdfTooComplexError,
    PrecisError,
)
from bot.fetch.decode import PDF_TYPE, is_pdf
from bot.models import Article, count_words
from bot.text.language import detect_language

log = logging.getLogger(__name__)
# pypdf logs a warning for every quirk of a damaged file it works around; we report the
# outcome once, as a PdfError, instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

__all__ = ["MAX_PAGES", "PDF_TYPE", "describe_pages", "is_pdf", "read_pdf"]

MAX_PAGES = 100
MAX_CHARS = 2_000_000
# Per decoded stream: a page's content stream is rarely over a few hundred KiB; a bomb is
# stopped here before it costs memory (pypdf's own default is 75 MB).
MAX_STREAM_BYTES = 16 * 1024 * 1024
TIME_LIMIT = 30.0  # seconds of reading per PDF
# Under this many words per page on average, the text layer is a scan's stray OCR or
# page numbers, not a document.
MIN_WORDS_PER_PAGE = 3

_HEADING_MAX_WORDS = 20
_HEADING_SHARE = 0.7
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_SPACES = re.compile(r"[^\S\n]+")
# A paragraph's last line is usually shorter than this share of the page's full lines.
_SHORT_LINE = 0.8


@dataclass(frozen=True, slots=True)
class PdfText:
    """What was read: pages of lines, metadata, and how many pages the file has."""

    pages: tuple[tuple[Line, ...], ...]
    total_pages: int
    title: str | None
    author: str | None


def read_pdf(body: bytes, url: str | None = None, *, max_pages: int = MAX_PAGES) -> Article:
    """The document in ``body`` as an article. Raises a :class:`~bot.errors.PdfError` subclass
    for encrypted, broken and image-only files and for files over the reading limits."""
    raw = _read(body, max_pages)
    paragraphs: list[str] = []
    for lines in raw.pages:
        _append_page(paragraphs, list(lines))
    words = sum(count_words(p) for p in paragraphs)
    if words < MIN_WORDS_PER_PAGE * max(1, len(raw.pages)):
        raise ImageOnlyPdfError(detail=f"{words} words on {len(raw.pages)} pages")
    title = raw.title
    heading = _heading(tuple(line.text for line in raw.pages[0])) if raw.pages else None
    if title is None and heading and len(paragraphs) > 1 and paragraphs[0] == heading:
        title = paragraphs.pop(0)
    elif title and len(paragraphs) > 1 and _same_words(paragraphs[0], title):
        paragraphs.pop(0)  # the title printed on the first page is not body text
    text = "\n\n".join(paragraphs)
    return Article(
        paragraphs=tuple(paragraphs),
        url=url,
        title=title,
        author=raw.author,
        site=describe_pages(len(raw.pages), raw.total_pages),
        language=detect_language(text),
    )


def describe_pages(read: int, total: int) -> str:
    """Shown where a web article shows its site: what the reader got of the document."""
    if read < total:
        return f"PDF · first {read} of {total} pages read"
    return f"PDF · {total} page{'s' if total != 1 else ''}"


# --- reading ----------------------------------------------------------------------------------


def _read(body: bytes, max_pages: int) -> PdfText:
    # Imported here: only workers that meet a PDF pay for pypdf.
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    deadline = time.monotonic() + TIME_LIMIT
    limits = {
        "zlib_maximum_output_length": MAX_STREAM_BYTES,
        "lzw_maximum_output_length": MAX_STREAM_BYTES,
        "run_length_maximum_output_length": MAX_STREAM_BYTES,
        "brotli_maximum_output_length": MAX_STREAM_BYTES,
        "jbig2_maximum_output_length": MAX_STREAM_BYTES,
        "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
        "image_maximum_buffer_size": MAX_STREAM_BYTES,
        "stream_decoding_work_maximum_length": 4 * MAX_STREAM_BYTES,
        "jbig2dec_binary": None,  # never start an external program for an untrusted file
    }
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(body), strict=False)
            if reader.is_encrypted and not _decrypts(reader):
                raise EncryptedPdfError()
            total = len(reader.pages)
            if total == 0:
                raise BrokenPdfError(detail="no pages")
            pages: list[tuple[str, ...]] = []
            chars = 0
            for index in range(min(total, max_pages)):
                if time.monotonic() > deadline:
                    raise PdfTooComplexError(detail=f"over {TIME_LIMIT:g} s at page {index + 1}")
                lines = _page_lines(reader.pages[index])
                chars += sum(len(line.text) for line in lines)
                if chars > MAX_CHARS:
                    raise PdfTooComplexError(detail=f"over {MAX_CHARS} characters")
                pages.append(tuple(lines))
            title, author = _metadata(reader)
    except PrecisError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise EncryptedPdfError(detail=f"{type(exc).__name__}: {exc}") from None
    except LimitReachedError as exc:
        raise PdfTooComplexError(detail=str(exc)) from None
    except RecursionError:
        raise BrokenPdfError(detail="nesting too deep") from None
    except MemoryError:
        raise PdfTooComplexError(detail="out of memory") from None
    except Exception as exc:  # pypdf raises many kinds on damaged files
        log.debug("PDF reading failed", exc_info=True)
        raise BrokenPdfError(detail=f"{type(exc).__name__}: {exc}") from None
    return PdfText(tuple(pages), total, title, author)


def _decrypts(reader: object) -> bool:
    """Files encrypted with an empty user password (only printing or copying restricted)
    open for anyone; a real password we don't have."""
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:
        return False


def _metadata(reader: object) -> tuple[str | None, str | None]:
    try:
        info = reader.metadata  # type: ignore[attr-defined]
    except Exception:  # a damaged Info dictionary costs the title, not the document
        return None, None
    if info is None:
        return None, None
    return _meta_text(info.get("/Title")), _meta_text(info.get("/Author"))


def _meta_text(value: object) -> str | None:
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    # Producers fill Title with the file name or "Untitled"/"Microsoft Word - report.docx".
    if not text or re.fullmatch(r"(?i)untitled|.*\.(docx?|pdf|odt|rtf|tex|indd)", text):
        return None
    return text[:300]


# --- lines to paragraphs ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page and its baseline height (``None`` when the PDF didn't say)."""

    text: str
    y: float | None
    gap_before: bool = False  # more space above it than between the page's other lines


def _page_lines(page: Any) -> list[Line]:
    """The page's lines as pypdf reads them (content order), each with where it sits: the
    visitor sees exactly the text ``extract_text`` returns, fragment by fragment."""
    raw: list[tuple[str, float | None]] = []
    buf: list[str] = []
    ys: list[float] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(buf)).strip()
        if text:
            raw.append((text, ys[0] if ys else None))
        buf.clear()
        ys.clear()

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        for k, part in enumerate(text.split("\n")):
            if k:
                flush()
            if part:
                buf.append(part)
                if part.strip() and not ys:
                    ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    flush()
    steps = [
        a[1] - b[1]
        for a, b in itertools.pairwise(raw)
        if a[1] is not None and b[1] is not None and a[1] > b[1]
    ]
    usual = sorted(steps)[len(steps) // 2] if steps else 0.0
    lines = []
    for i, (text, y) in enumerate(raw):
        above = raw[i - 1][1] if i else None
        gap = bool(usual and y is not None and above is not None and above - y > 1.4 * usual)
        lines.append(Line(text, y, gap))
    return lines


def _append_page(paragraphs: list[str], lines: list[Line]) -> None:
    """Add a page's lines to ``paragraphs``; a paragraph running over the page break
    continues the last one."""
    if not lines:
        return
    texts = tuple(line.text for line in lines)
    full = _full_length(texts)
    current = ""
    if (
        paragraphs
        and not _ends_paragraph(paragraphs[-1], full, last=True)
        and not lines[0].gap_before
    ):
        current = paragraphs.pop()
    for i, line in enumerate(lines):
        if current and line.gap_before:
            paragraphs.append(current)
            current = ""
        current = _join(current, line.text)
        heading = not paragraphs and i == 0 and _heading(texts) == line.text
        if heading or _ends_paragraph(line.text, full):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)


def _full_length(lines: tuple[str, ...]) -> int:
    """The length of a full line on this page (a high percentile, ignoring outliers)."""
    lengths = sorted(len(line) for line in lines)
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def _ends_paragraph(line: str, full: int, *, last: bool = False) -> bool:
    if not _SENTENCE_END.search(line):
        return False
    return last or len(line) < _SHORT_LINE * full


def _join(current: str, line: str) -> str:
    if not current:
        return line
    if _HYPHENATED.search(current) and line[:1].islower():
        return current[:-1] + line  # "bor-" + "rowed"
    return f"{current} {line}"


def _heading(lines: tuple[str, ...]) -> str | None:
    """The first line when it reads as a heading: short next to the page's full lines (a
    wrapped body line is nearly full) and not ending like a sentence or a clause."""
    if len(lines) < 2:
        return None
    line = lines[0]
    words = line.split()
    short = len(line) < _HEADING_SHARE * _full_length(lines)
    if short and len(words) <= _HEADING_MAX_WORDS and not re.search(r"[.,;:]$", line):
        return line
    return None


def _same_words(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.casefold()) == re.findall(r"\w+", b.casefold())
