"""The article pipeline: page or text → Article → sentences → summary + quotes.

Everything here is synchronous, CPU-bound and free of I/O and discord, so it can run in a
worker process (see :mod:`bot.workers`). The text is tokenised once and shared by the
summariser, the quote selector and the search index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from bot.documents import sniff_kind
from bot.errors import BrokenPdfError, TooLittleTextError
from bot.extract import article_from_text, extract_article
from bot.fetch.decode import decode_body
from bot.models import (
    DEFAULT_QUOTE_COUNT,
    DEFAULT_SUMMARY_SENTENCES,
    Article,
    Digest,
    Quote,
    Sentence,
    Summary,
)
from bot.pdf import read_pdf
from bot.quotes import find_quotes, select_key_quotes
from bot.summarize import DEFAULT_ALGORITHM, analyse, summarize

MIN_WORDS = 80


@dataclass(frozen=True, slots=True)
class Processed:
    """The result of running the pipeline over one article."""

    article: Article
    sentences: tuple[Sentence, ...]
    summary: Summary
    quotes: tuple[Quote, ...]
    key_quotes: tuple[Quote, ...]

    def digest(self, *, article_id: int | None = None, from_cache: bool = False) -> Digest:
        return Digest(
            article=self.article,
            summary=self.summary,
            quotes=self.quotes,
            key_quotes=self.key_quotes,
            article_id=article_id,
            from_cache=from_cache,
        )


def process_article(
    article: Article,
    *,
    sentences: int = DEFAULT_SUMMARY_SENTENCES,
    algorithm: str = DEFAULT_ALGORITHM,
    quote_count: int = DEFAULT_QUOTE_COUNT,
) -> Processed:
    """Summarise ``article`` and find its quotes; refuse teasers under :data:`MIN_WORDS`."""
    words = article.word_count
    if words < MIN_WORDS:
        raise TooLittleTextError(words, MIN_WORDS)
    text = article.text
    doc = analyse(text, article.language)
    summary = summarize(doc, sentences, algorithm, title=article.title)
    quotes = tuple(find_quotes(text, article.language))
    key = tuple(
        select_key_quotes(quotes, text, quote_count, sentences=doc.sentences, shown=summary.indices)
    )
    return Processed(article, doc.sentences, summary, quotes, key)


def process_page(
    body: str | bytes,
    url: str | None = None,
    *,
    is_html: bool = True,
    pdf: bool = False,
    title: str | None = None,
    sentences: int = DEFAULT_SUMMARY_SENTENCES,
    algorithm: str = DEFAULT_ALGORITHM,
    quote_count: int = DEFAULT_QUOTE_COUNT,
) -> Processed:
    """Extract an article from HTML or a PDF (or take plain text as-is) and process it.

    ``pdf`` (or PDF bytes, told by their signature) wins over ``is_html``."""
    if pdf or (isinstance(body, bytes) and body[:5] == b"%PDF-"):
        if isinstance(body, str):
            raise BrokenPdfError(detail="PDF given as text")
        return _process_document_article(
            read_pdf(body, url),
            "That PDF",
            sentences=sentences,
            algorithm=algorithm,
            quote_count=quote_count,
        )
    if is_html:
        article = extract_article(body, url)
        if url:
            article = replace(article, url=url)
    else:
        # UTF-8 stays byte-for-byte; a BOM or another encoding (Latin-1, UTF-16) is decoded.
        text = decode_body(body, None, is_html=False)[0] if isinstance(body, bytes) else body
        article = article_from_text(text, url=url, title=title)
    return process_article(
        article, sentences=sentences, algorithm=algorithm, quote_count=quote_count
    )


def process_document(
    body: bytes,
    name: str,
    url: str,
    *,
    sentences: int = DEFAULT_SUMMARY_SENTENCES,
    algorithm: str = DEFAULT_ALGORITHM,
    quote_count: int = DEFAULT_QUOTE_COUNT,
) -> Processed:
    """An attached file: what it is is told by its content (:func:`bot.documents.sniff_kind`);
    a text file's heading line ("# Title" in Markdown) is its title, else its file name."""
    kind = sniff_kind(body, name)
    options = {"sentences": sentences, "algorithm": algorithm, "quote_count": quote_count}
    if kind != "text":
        return process_page(body, url, is_html=kind == "html", pdf=kind == "pdf", **options)
    text = decode_body(body, None, is_html=False)[0]
    if name.lower().endswith((".md", ".markdown")):
        text = plain_markdown(text)
    title, text = text_title(text, name)
    article = article_from_text(text, url=url, title=title)
    return _process_document_article(article, "That file", **options)


def _process_document_article(article: Article, document: str, **options: Any) -> Processed:
    """:func:`process_article`, saying "That PDF has only N words" when it is short: a
    document has no paywall or script to blame."""
    try:
        return process_article(article, **options)
    except TooLittleTextError as exc:
        raise TooLittleTextError(exc.words, exc.minimum, document=document) from None


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"\*\*|__|`+")
_MD_HEADING = re.compile(r"^#{2,6}\s+", re.MULTILINE)


def plain_markdown(text: str) -> str:
    """Markdown's link and emphasis marks dropped (the words stay), so summaries read cleanly;
    the first heading's "#" is kept for :func:`text_title`."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub("", text)
    return _MD_HEADING.sub("", text)


def text_title(text: str, name: str) -> tuple[str, str]:
    """(title, body): a short first line standing alone (a Markdown heading or a plain one)
    becomes the title; otherwise the file's name without its extension."""
    text = text.replace("\r\n", "\n").strip()
    first, sep, rest = text.partition("\n")
    line = first.strip().lstrip("#").strip()
    alone = rest.startswith("\n") or first.lstrip().startswith("#")
    if sep and alone and line and len(line.split()) <= 20 and not line.endswith((".", ",", ";")):
        return line, rest.strip()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem.replace("_", " ").strip() or name, text


def resummarise(
    article: Article,
    quotes: tuple[Quote, ...],
    *,
    sentences: int,
    algorithm: str,
    quote_count: int = DEFAULT_QUOTE_COUNT,
) -> Processed:
    """A new summary of a cached article (Longer/Shorter buttons, other settings)."""
    doc = analyse(article.text, article.language)
    summary = summarize(doc, sentences, algorithm, title=article.title)
    key = tuple(
        select_key_quotes(
            quotes, article.text, quote_count, sentences=doc.sentences, shown=summary.indices
        )
    )
    return Processed(article, doc.sentences, summary, quotes, key)
