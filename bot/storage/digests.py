"""Saving and loading digests: the rows an article, its sentences, summary and quotes become.

Functions over an open connection; :class:`~bot.storage.guild.GuildDB` supplies it under the
guild's lock (and, for writes, inside a transaction). The row mapping lives only here, so a
new column is a change to this file and the schema, not to the queries that read quotes back.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

import aiosqlite

from bot.errors import NotFoundError
from bot.models import Article, Digest, Mention, PostRef, Quote, Sentence, Summary
from bot.storage import search as fts
from bot.storage.db import fetch_all

# The columns every quote query selects (quote ``q`` joined with its article ``a``), in the
# shape :func:`quote_from_row` reads.
QUOTE_COLUMNS = (
    'q.id, q.article_id, q.text, q.start, q."end", q.speaker, q.mention_text, '
    "q.mention_start, q.mention_end, q.kind, q.confidence, q.partial, q.role, q.cue, q.rule, "
    "a.title, a.url"
)


def quote_from_row(row: sqlite3.Row) -> Quote:
    mention = None
    if row["mention_text"] is not None:
        mention = Mention(row["mention_text"], row["mention_start"], row["mention_end"])
    return Quote(
        text=row["text"],
        start=row["start"],
        end=row["end"],
        speaker=row["speaker"],
        mention=mention,
        confidence=row["confidence"],
        partial=bool(row["partial"]),
        kind=row["kind"],
        role=row["role"],
        cue=row["cue"],
        rule=row["rule"],
    )


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


async def find_id(conn: aiosqlite.Connection, url: str) -> int | None:
    """The id of the article saved under ``url`` (its canonical or its final URL)."""
    rows = await fetch_all(
        conn,
        "SELECT id FROM articles WHERE url = ? UNION ALL "
        "SELECT id FROM articles WHERE final_url = ? LIMIT 1",
        (url, url),
    )
    return rows[0][0] if rows else None


async def known_id(conn: aiosqlite.Connection, article_id: int) -> int | None:
    """``article_id`` if that article is saved, else None."""
    rows = await fetch_all(conn, "SELECT id FROM articles WHERE id = ?", (article_id,))
    return rows[0][0] if rows else None


async def load_digest(conn: aiosqlite.Connection, article_id: int) -> Digest | None:
    rows = await fetch_all(conn, "SELECT * FROM articles WHERE id = ?", (article_id,))
    if not rows:
        return None
    a = rows[0]
    article = Article(
        paragraphs=tuple(json.loads(a["paragraphs"])),
        url=a["url"],
        title=a["title"],
        author=a["author"],
        published=date.fromisoformat(a["published"]) if a["published"] else None,
        site=a["site"],
        language=a["language"],
    )
    srows = await fetch_all(
        conn,
        "SELECT algorithm, sentences, indices FROM summaries WHERE article_id = ?",
        (article_id,),
    )
    if srows:
        s = srows[0]
        summary = Summary(
            tuple(json.loads(s["sentences"])), tuple(json.loads(s["indices"])), s["algorithm"]
        )
    else:
        summary = Summary((), (), "")
    qrows = await fetch_all(
        conn,
        f"SELECT {QUOTE_COLUMNS}, q.in_all, q.key_rank FROM quotes q "
        "JOIN articles a ON a.id = q.article_id WHERE q.article_id = ? ORDER BY q.start, q.id",
        (article_id,),
    )
    quotes = tuple(quote_from_row(r) for r in qrows if r["in_all"])
    keyed = sorted((r for r in qrows if r["key_rank"] is not None), key=lambda r: r["key_rank"])
    return Digest(
        article=article,
        summary=summary,
        quotes=quotes,
        key_quotes=tuple(quote_from_row(r) for r in keyed),
        article_id=article_id,
        from_cache=True,
    )


async def save_digest(
    conn: aiosqlite.Connection,
    digest: Digest,
    sentences: Sequence[Sentence],
    *,
    final_url: str | None = None,
    post: PostRef | None = None,
) -> int:
    """Store (or replace, on refresh) an article with its sentences, summary and quotes.

    Runs inside the caller's transaction. The article keeps its id when re-saved under the
    same canonical or final URL, so buttons and posts that refer to it stay valid. Returns
    the article id.
    """
    art = digest.article
    text = art.text
    digest_hash = content_hash(text)
    url = art.url or f"text:{digest_hash[:32]}"
    now = time.time()
    values = (
        final_url if final_url and final_url != url else None,
        art.title,
        art.author,
        art.published.isoformat() if art.published else None,
        art.site,
        art.language,
        json.dumps(list(art.paragraphs), ensure_ascii=False),
        digest_hash,
        art.word_count,
        now,
        now,
    )
    rows = quote_rows(digest)
    article_id = await find_id(conn, url)
    if article_id is None and final_url:
        article_id = await find_id(conn, final_url)
    if article_id is None:
        cur = await conn.execute(
            "INSERT INTO articles(final_url, title, author, published, site, language, "
            "paragraphs, content_hash, word_count, fetched_at, last_seen_at, url) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, url),
        )
        article_id = cur.lastrowid
        await cur.close()
    else:
        await conn.execute(
            "UPDATE articles SET final_url = coalesce(?, final_url), title = ?, "
            "author = ?, published = ?, site = ?, language = ?, paragraphs = ?, "
            "content_hash = ?, word_count = ?, fetched_at = ?, last_seen_at = ? "
            "WHERE id = ?",
            (*values, article_id),
        )
        for table in ("sentences", "quotes", "summaries"):
            await conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    assert article_id is not None
    await conn.executemany(
        'INSERT INTO sentences(article_id, idx, text, start, "end") VALUES (?, ?, ?, ?, ?)',
        [(article_id, i, s.text, s.start, s.end) for i, s in enumerate(sentences)],
    )
    summary = digest.summary
    await conn.execute(
        "INSERT INTO summaries(article_id, algorithm, sentences, indices) VALUES (?, ?, ?, ?)",
        (
            article_id,
            summary.algorithm,
            json.dumps(list(summary.sentences), ensure_ascii=False),
            json.dumps(list(summary.indices)),
        ),
    )
    await conn.executemany(
        'INSERT INTO quotes(article_id, text, start, "end", speaker, speaker_key, '
        "speaker_last, mention_text, mention_start, mention_end, kind, confidence, "
        "partial, role, cue, rule, in_all, key_rank) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(article_id, *row) for row in rows],
    )
    if post is not None:
        await insert_post(conn, article_id, post, now)
    return article_id


def quote_rows(digest: Digest) -> list[tuple[Any, ...]]:
    """One row per distinct quote: ``in_all`` marks those in the article's quote list,
    ``key_rank`` the key quotes' order (a key quote can be outside that list)."""

    def ident(quote: Quote) -> tuple[int, int, str]:
        return (quote.start, quote.end, quote.text)

    key_rank = {}
    for rank, quote in enumerate(digest.key_quotes):
        key_rank.setdefault(ident(quote), rank)
    rows = []
    seen = set()
    for quote, in_all in [(x, 1) for x in digest.quotes] + [(x, 0) for x in digest.key_quotes]:
        if ident(quote) in seen:
            continue
        seen.add(ident(quote))
        m = quote.mention
        rows.append(
            (
                quote.text,
                quote.start,
                quote.end,
                quote.speaker,
                fts.speaker_key(quote.speaker),
                fts.speaker_last(quote.speaker),
                m.text if m else None,
                m.start if m else None,
                m.end if m else None,
                quote.kind,
                float(quote.confidence),
                int(quote.partial),
                quote.role,
                quote.cue,
                quote.rule,
                in_all,
                key_rank.get(ident(quote)),
            )
        )
    return rows


async def insert_post(
    conn: aiosqlite.Connection, article_id: int, post: PostRef, now: float
) -> None:
    await conn.execute(
        "INSERT INTO posts(article_id, channel_id, message_id, user_id, posted_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (article_id, post.channel_id, post.message_id, post.user_id, now),
    )
    await conn.execute("UPDATE articles SET last_seen_at = ? WHERE id = ?", (now, article_id))


async def record_post(conn: aiosqlite.Connection, article_id: int, post: PostRef) -> None:
    """Note that ``post`` linked this article (a cache hit); it also counts as recent use."""
    rows = await fetch_all(conn, "SELECT 1 FROM articles WHERE id = ?", (article_id,))
    if not rows:
        raise NotFoundError("That article is no longer in this server's cache.")
    await insert_post(conn, article_id, post, time.time())


async def quotes_for_article(
    conn: aiosqlite.Connection, article_id: int, *, include_partial: bool = False
) -> list[Quote]:
    rows = await fetch_all(
        conn,
        f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.article_id = ? AND q.in_all = 1 AND (? OR q.partial = 0) "
        "ORDER BY q.start, q.id",
        (article_id, int(include_partial)),
    )
    return [quote_from_row(r) for r in rows]
