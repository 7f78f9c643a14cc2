"""What the ``precis`` CLI prints: plain text for people, JSON Lines for programs.

Kept apart from argument parsing (bot/cli.py), as trafilatura keeps ``cli_utils`` apart from
``cli``: a change to how a result reads touches this file only. Every record a command writes
for a source has the same keys whether the source worked or failed, so a program reading the
JSON Lines never has to guess which fields exist.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.formatting import quote_line
from bot.models import UNNAMED_SPEAKER, Answer, ArticleHit, Digest, Quote, QuoteHit

WIDTH = 100


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def wrap(text: str, prefix: str) -> str:
    return textwrap.fill(
        text, width=WIDTH, initial_indent=prefix, subsequent_indent=" " * len(prefix)
    )


# --- one record per source (summarize, quotes, ingest) ----------------------------------------


def digest_record(source: str, digest: Digest) -> dict[str, Any]:
    """``summarize --json``: the article, its summary and its key quotes."""
    a = digest.article
    return {
        "source": source,
        "url": a.url,
        "title": a.title,
        "author": a.author,
        "published": iso(a.published),
        "site": a.site,
        "language": a.language,
        "word_count": a.word_count,
        "reading_minutes": a.reading_minutes,
        "text": a.text,
        "summary": list(digest.summary.sentences),
        "algorithm": digest.summary.algorithm,
        "quotes": [q.to_dict() for q in digest.key_quotes],
        "article_id": digest.article_id,
        "error": None,
    }


def quotes_record(source: str, digest: Digest, chosen: Sequence[Quote]) -> dict[str, Any]:
    """``quotes --json``: the chosen quotes, and the key quotes apart."""
    record = digest_record(source, digest)
    record["quotes"] = [q.to_dict() for q in chosen]
    record["key_quotes"] = [q.to_dict() for q in digest.key_quotes]
    return record


def ingest_record(source: str, digest: Digest) -> dict[str, Any]:
    """``ingest --json``: a digest record that also says whether it came from the cache."""
    record = digest_record(source, digest)
    record["from_cache"] = digest.from_cache
    return record


# A failed source's record: every key a good record has, empty (tests/test_cli.py checks).
_FAILED: dict[str, Any] = {
    "source": None,
    "url": None,
    "title": None,
    "author": None,
    "published": None,
    "site": None,
    "language": None,
    "word_count": 0,
    "reading_minutes": None,
    "text": None,
    "summary": [],
    "algorithm": None,
    "quotes": [],
    "article_id": None,
    "error": None,
}
_FAILED_EXTRA: dict[str, dict[str, Any]] = {
    "quotes": {"key_quotes": []},
    "ingest": {"from_cache": None},
}


def error_record(source: str, message: str, *, like: str = "summarize") -> dict[str, Any]:
    """A failed source, with the same keys as a good record of command ``like``."""
    return _FAILED | _FAILED_EXTRA.get(like, {}) | {"source": source, "error": message}


def report_error(source: str, message: str, *, json_lines: bool, like: str) -> None:
    """One failed source: a record in JSON mode (so the stream stays one line per source),
    else a ``precis: SOURCE: message`` line on stderr."""
    if json_lines:
        emit(error_record(source, message, like=like))
    else:
        name = "standard input" if source == "-" else source
        print(f"precis: {name}: {message}", file=sys.stderr)


# --- plain text -------------------------------------------------------------------------------


def byline(digest: Digest) -> str:
    a = digest.article
    parts = [a.site, a.author, iso(a.published), f"{a.reading_minutes} min read"]
    return " · ".join(p for p in parts if p)


def print_digest(digest: Digest) -> None:
    a = digest.article
    print(a.title or "(untitled)")
    print(byline(digest))
    if a.url:
        print(a.url)
    print()
    for sentence in digest.summary.sentences:
        print(wrap(sentence, "• "))
    if digest.key_quotes:
        print()
        print("Key quotes:")
        for q in digest.key_quotes:
            print(wrap(quote_line(q), "  "))
    print()


def print_quotes(title: str, quotes: Sequence[Quote]) -> None:
    print(title)
    for q in quotes:
        print(wrap(quote_line(q), "  "))
    print()


def print_ingested(source: str, digest: Digest) -> None:
    state = "already cached" if digest.from_cache else "cached"
    print(f"{state}: #{digest.article_id} {digest.article.title or source}", flush=True)


# --- answers from the cache -------------------------------------------------------------------


def hit_record(hit: QuoteHit) -> dict[str, Any]:
    return {
        "speaker": hit.quote.speaker,
        "speaker_named": bool(hit.quote.speaker),
        "quote": hit.quote.text,
        "kind": hit.quote.kind,
        "title": hit.title,
        "url": hit.url,
        "article_id": hit.article_id,
        "score": hit.score,
    }


def print_hits(hits: Sequence[QuoteHit], *, json_lines: bool, say_unnamed: bool = False) -> None:
    if json_lines:
        for hit in hits:
            emit(hit_record(hit))
        return
    for hit in hits:
        q = hit.quote
        if say_unnamed and not q.speaker:
            # Found, but the article names nobody: the quote and the article, and that plainly.
            print(wrap(f"“{q.display_text}”", ""))
            print(f"   {UNNAMED_SPEAKER}")
        else:
            print(wrap(quote_line(q), ""))
        print(f"   in {hit.title or 'an article'}{f' <{hit.url}>' if hit.url else ''}")


def print_answers(answers: Sequence[Answer], *, json_lines: bool) -> None:
    if json_lines:
        for a in answers:
            emit(
                {
                    "answer": a.text,
                    "title": a.title,
                    "url": a.url,
                    "article_id": a.article_id,
                    "score": a.score,
                }
            )
        return
    for a in answers:
        print(wrap(a.text, "• "))
        print(f"   from {a.title or 'an article'}{f' <{a.url}>' if a.url else ''}")


def print_articles(hits: Sequence[ArticleHit], *, json_lines: bool) -> None:
    if json_lines:
        for h in hits:
            emit(
                {
                    "title": h.title,
                    "url": h.url,
                    "site": h.site,
                    "published": iso(h.published),
                    "snippet": h.snippet,
                    "article_id": h.article_id,
                    "score": h.score,
                }
            )
        return
    for h in hits:
        print(f"#{h.article_id} {h.title or '(untitled)'}{f' <{h.url}>' if h.url else ''}")
        if h.snippet:
            print(wrap(h.snippet, "   "))


def nothing(message: str, *, json_lines: bool) -> int:
    """No answer: a plain line (on stderr with --json, so stdout stays JSON Lines), status 1."""
    print(message, file=sys.stderr if json_lines else sys.stdout)
    return 1
