"""The article pipeline: page or text → Article → sentences → summary + quotes.

Everything here is synchronous, CPU-bound and free of I/O and discord, so it can run in a
worker process (see :mod:`bot.workers`). The text is tokenised once and shared by the
summariser, the quote selector and the search index.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
        article = read_pdf(body, url)
    elif is_html:
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
