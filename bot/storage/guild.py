"""One guild's cache: settings, articles, digests, and the questions answered from them.

Every operation on a guild runs under that guild's :class:`asyncio.Lock`. The guild has one
aiosqlite connection, which executes statements one at a time on its own thread anyway; the
lock additionally keeps multi-statement operations whole, so a read never sees half of a
concurrent write and two writers never share a transaction. Different guilds run in parallel.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.errors import InvalidSettingError, NotFoundError, StorageError
from bot.models import (
    MAX_QUOTE_COUNT,
    MAX_RETENTION_DAYS,
    MAX_SUMMARY_SENTENCES,
    Answer,
    Article,
    ArticleHit,
    Digest,
    GuildSettings,
    Mention,
    PostRef,
    Quote,
    QuoteHit,
    Sentence,
    Summary,
)
from bot.storage import search as fts
from bot.storage.db import connect

if TYPE_CHECKING:
    from bot.storage.store import Storage

_SETTING_NAMES = frozenset(f.name for f in fields(GuildSettings))
_ALGORITHM_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
# FTS rows fetched before re-ranking in Python. They are chosen by FTS5 alone ("SELECT rowid,
# rank ... ORDER BY rank LIMIT n" as a subquery; rank is bm25) and only then joined to their
# rows: joining first made SQLite read every matching row before sorting, 2-3x slower when a
# query matches tens of thousands of sentences (benchmarks/storage.py --articles 100000).
_CANDIDATES = 60
SNIPPET_CHARS = 240


def validate_settings(changes: dict[str, Any]) -> dict[str, Any]:
    """Checked, normalised copies of setting changes; raises :class:`InvalidSettingError`."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in _SETTING_NAMES:
            raise InvalidSettingError(f"There is no setting called {name!r}.")
        if name in ("summary_sentences", "quote_count"):
            low, high = (
                (1, MAX_SUMMARY_SENTENCES) if name == "summary_sentences" else (0, MAX_QUOTE_COUNT)
            )
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                label = name.replace("_", " ")
                raise InvalidSettingError(
                    f"The {label} must be a whole number from {low} to {high}."
                )
        elif name in ("auto_summarise", "threads"):
            if not isinstance(value, bool):
                raise InvalidSettingError(f"{name.replace('_', ' ').capitalize()} is on or off.")
        elif name == "algorithm":
            if not isinstance(value, str) or not _ALGORITHM_NAME.fullmatch(value):
                raise InvalidSettingError("That isn't a summary algorithm name.")
        elif name == "retention_days":
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not 1 <= value <= MAX_RETENTION_DAYS
            ):
                raise InvalidSettingError(
                    f"Retention is a number of days from 1 to {MAX_RETENTION_DAYS}, or off."
                )
        elif name == "watched_channels":
            try:
                channels = frozenset(value)
            except TypeError:
                raise InvalidSettingError("Watched channels must be a list of channels.") from None
            if any(isinstance(c, bool) or not isinstance(c, int) or c <= 0 for c in channels):
                raise InvalidSettingError("Watched channels must be Discord channel ids.")
            value = channels
        out[name] = value
    return out


def _content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _quote_from_row(row: sqlite3.Row) -> Quote:
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


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1].rstrip() + "…"


_QUOTE_COLUMNS = (
    'q.id, q.article_id, q.text, q.start, q."end", q.speaker, q.mention_text, '
    "q.mention_start, q.mention_end, q.kind, q.confidence, q.partial, q.role, q.cue, q.rule, "
    "a.title, a.url"
)


class GuildDB:
    """The cache of one Discord guild. Get one from :meth:`Storage.guild`."""

    def __init__(self, guild_id: int, path: Path, storage: Storage | None = None) -> None:
        self.guild_id = guild_id
        self.path = path
        self._storage = storage
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._deleted = False

    # --- connection plumbing -------------------------------------------------------------

    @property
    def replicated(self) -> bool:
        return self._storage is not None and self._storage.replicated

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    @asynccontextmanager
    async def _use(self) -> AsyncIterator[aiosqlite.Connection]:
        try:
            async with self._lock:
                if self._deleted:
                    raise StorageError("This server's saved data has been deleted.")
                if self._conn is None:
                    try:
                        conn = await connect(self.path, replicated=self.replicated)
                    except sqlite3.Error as exc:
                        raise StorageError(detail=f"opening {self.path.name}: {exc}") from exc
                    conn.row_factory = sqlite3.Row
                    self._conn = conn
                if self._storage is not None:
                    await self._storage._touched(self)
                try:
                    yield self._conn
                except sqlite3.Error as exc:
                    raise StorageError(detail=str(exc)) from exc
        finally:
            # Guilds that were busy when others evicted may now be over the limit: trim once
            # this one is idle again (shielded: a cancelled caller still leaves the count right).
            if self._storage is not None and self._storage.over_limit:
                await asyncio.shield(self._storage.trim())

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._use() as conn:
            if conn.in_transaction:
                # Left open by a write cancelled between BEGIN and its rollback being queued.
                with suppress(sqlite3.Error):
                    await conn.execute("ROLLBACK")
            try:
                # Inside the try: a cancel while BEGIN is queued still gets its ROLLBACK.
                await conn.execute("BEGIN IMMEDIATE")
                yield conn
            except BaseException:
                # Rollback even when cancelled: the statement queue is FIFO on the thread.
                with suppress(Exception):
                    await asyncio.shield(conn.execute("ROLLBACK"))
                raise
            await conn.execute("COMMIT")

    async def _detach(self) -> None:
        """Close the connection if open; the next call reopens it. Caller ensures idleness."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(Exception):
                await conn.close()

    async def close(self) -> None:
        async with self._lock:
            await self._detach()

    async def _mark_deleted(self) -> None:
        async with self._lock:
            self._deleted = True
            await self._detach()

    @staticmethod
    async def _all(conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(await conn.execute_fetchall(sql, params))

    # --- settings ------------------------------------------------------------------------

    async def get_settings(self) -> GuildSettings:
        async with self._use() as conn:
            return await self._read_settings(conn)

    async def _read_settings(self, conn: aiosqlite.Connection) -> GuildSettings:
        rows = await self._all(conn, "SELECT * FROM settings WHERE id = 1")
        channels = await self._all(conn, "SELECT channel_id FROM watched_channels")
        watched = frozenset(r[0] for r in channels)
        if not rows:
            return GuildSettings(watched_channels=watched)
        r = rows[0]
        return GuildSettings(
            watched_channels=watched,
            summary_sentences=r["summary_sentences"],
            algorithm=r["algorithm"],
            quote_count=r["quote_count"],
            auto_summarise=bool(r["auto_summarise"]),
            threads=bool(r["threads"]),
            retention_days=r["retention_days"],
        )

    async def update_settings(self, **changes: Any) -> GuildSettings:
        """Apply validated changes atomically and return the new settings."""
        clean = validate_settings(changes)
        async with self._write() as conn:
            current = await self._read_settings(conn)
            new = GuildSettings(
                **{f.name: getattr(current, f.name) for f in fields(current)} | clean
            )
            await self._write_settings(conn, new)
        return new

    async def set_watched(self, channel_id: int, watched: bool) -> GuildSettings:
        """Watch or unwatch one channel without a read-modify-write race."""
        validate_settings({"watched_channels": [channel_id]})
        async with self._write() as conn:
            if watched:
                await conn.execute(
                    "INSERT OR IGNORE INTO watched_channels(channel_id) VALUES (?)", (channel_id,)
                )
            else:
                await conn.execute(
                    "DELETE FROM watched_channels WHERE channel_id = ?", (channel_id,)
                )
            return await self._read_settings(conn)

    @staticmethod
    async def _write_settings(conn: aiosqlite.Connection, s: GuildSettings) -> None:
        await conn.execute(
            "INSERT OR REPLACE INTO settings(id, summary_sentences, algorithm, quote_count, "
            "auto_summarise, threads, retention_days) VALUES (1, ?, ?, ?, ?, ?, ?)",
            (
                s.summary_sentences,
                s.algorithm,
                s.quote_count,
                int(s.auto_summarise),
                int(s.threads),
                s.retention_days,
            ),
        )
        await conn.execute("DELETE FROM watched_channels")
        await conn.executemany(
            "INSERT INTO watched_channels(channel_id) VALUES (?)",
            [(c,) for c in sorted(s.watched_channels)],
        )

    # --- articles and digests ------------------------------------------------------------

    @staticmethod
    async def _article_id(conn: aiosqlite.Connection, url: str) -> int | None:
        rows = await conn.execute_fetchall(
            "SELECT id FROM articles WHERE url = ? UNION ALL "
            "SELECT id FROM articles WHERE final_url = ? LIMIT 1",
            (url, url),
        )
        rows = list(rows)
        return rows[0][0] if rows else None

    @staticmethod
    async def _known_id(conn: aiosqlite.Connection, article_id: int) -> int | None:
        rows = list(
            await conn.execute_fetchall("SELECT id FROM articles WHERE id = ?", (article_id,))
        )
        return rows[0][0] if rows else None

    async def find_article(self, url: str) -> Digest | None:
        """The cached digest for ``url`` (its canonical or final URL), or None."""
        async with self._use() as conn:
            article_id = await self._article_id(conn, url)
            if article_id is None:
                return None
            return await self._load_digest(conn, article_id)

    async def get_digest(self, article_id: int) -> Digest | None:
        async with self._use() as conn:
            return await self._load_digest(conn, article_id)

    async def _load_digest(self, conn: aiosqlite.Connection, article_id: int) -> Digest | None:
        rows = await self._all(conn, "SELECT * FROM articles WHERE id = ?", (article_id,))
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
        srows = await self._all(
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
        qrows = await self._all(
            conn,
            f"SELECT {_QUOTE_COLUMNS}, q.in_all, q.key_rank FROM quotes q "
            "JOIN articles a ON a.id = q.article_id WHERE q.article_id = ? ORDER BY q.start, q.id",
            (article_id,),
        )
        quotes = tuple(_quote_from_row(r) for r in qrows if r["in_all"])
        keyed = sorted((r for r in qrows if r["key_rank"] is not None), key=lambda r: r["key_rank"])
        return Digest(
            article=article,
            summary=summary,
            quotes=quotes,
            key_quotes=tuple(_quote_from_row(r) for r in keyed),
            article_id=article_id,
            from_cache=True,
        )

    async def save_digest(
        self,
        digest: Digest,
        sentences: Sequence[Sentence],
        *,
        final_url: str | None = None,
        post: PostRef | None = None,
    ) -> int:
        """Store (or replace, on refresh) an article with its sentences, summary and quotes.

        The article keeps its id when re-saved under the same canonical or final URL, so
        buttons and posts that refer to it stay valid. Returns the article id.
        """
        art = digest.article
        text = art.text
        content_hash = _content_hash(text)
        url = art.url or f"text:{content_hash[:32]}"
        now = time.time()
        values = (
            final_url if final_url and final_url != url else None,
            art.title,
            art.author,
            art.published.isoformat() if art.published else None,
            art.site,
            art.language,
            json.dumps(list(art.paragraphs), ensure_ascii=False),
            content_hash,
            art.word_count,
            now,
            now,
        )
        quote_rows = self._quote_rows(digest)
        async with self._write() as conn:
            article_id = await self._article_id(conn, url)
            if article_id is None and final_url:
                article_id = await self._article_id(conn, final_url)
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
                [(article_id, *row) for row in quote_rows],
            )
            if post is not None:
                await self._insert_post(conn, article_id, post, now)
        return article_id

    @staticmethod
    def _quote_rows(digest: Digest) -> list[tuple[Any, ...]]:
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

    @staticmethod
    async def _insert_post(
        conn: aiosqlite.Connection, article_id: int, post: PostRef, now: float
    ) -> None:
        await conn.execute(
            "INSERT INTO posts(article_id, channel_id, message_id, user_id, posted_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, post.channel_id, post.message_id, post.user_id, now),
        )
        await conn.execute("UPDATE articles SET last_seen_at = ? WHERE id = ?", (now, article_id))

    async def record_post(self, article_id: int, post: PostRef) -> None:
        """Note that ``post`` linked this article (a cache hit); it also counts as recent use."""
        async with self._write() as conn:
            rows = await self._all(conn, "SELECT 1 FROM articles WHERE id = ?", (article_id,))
            if not rows:
                raise NotFoundError("That article is no longer in this server's cache.")
            await self._insert_post(conn, article_id, post, time.time())

    async def quotes_for_article(
        self, article_id: int, *, include_partial: bool = False
    ) -> list[Quote]:
        async with self._use() as conn:
            rows = await self._all(
                conn,
                f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                "WHERE q.article_id = ? AND q.in_all = 1 AND (? OR q.partial = 0) "
                "ORDER BY q.start, q.id",
                (article_id, int(include_partial)),
            )
        return [_quote_from_row(r) for r in rows]

    # --- questions -----------------------------------------------------------------------

    async def who_said(self, phrase: str, limit: int = 3) -> list[QuoteHit]:
        """Quotes matching ``phrase``: exact phrase, then all words, then most words.

        Within a tier direct quotes come before indirect ones and full quotes before scare
        quotes. Nothing matching means ``[]``: a speaker is never guessed.
        """
        all_toks = fts.tokens(phrase)
        # A phrase of only stopwords ("it is what it is") is matched as a phrase or not at all.
        content = fts.content_tokens(phrase, fallback=False)
        if not all_toks or limit <= 0:
            return []
        queries = [
            (0, fts.match_phrase(all_toks)),
            (1, fts.match_all(content)),
            (2, fts.match_any(content)),
        ]
        found: dict[int, tuple[tuple[Any, ...], QuoteHit]] = {}
        async with self._use() as conn:
            for tier, match in queries:
                if match is None or len(found) >= limit:
                    continue
                # Candidates picked inside FTS5 first, then joined (see _CANDIDATES).
                rows = await self._all(
                    conn,
                    f"SELECT {_QUOTE_COLUMNS}, f.rank AS rank FROM "
                    "(SELECT rowid, rank FROM quotes_fts WHERE quotes_fts MATCH ? "
                    "ORDER BY rank LIMIT ?) f "
                    "JOIN quotes q ON q.id = f.rowid "
                    "JOIN articles a ON a.id = q.article_id ORDER BY f.rank",
                    (match, _CANDIDATES),
                )
                for r in rows:
                    if r["id"] in found:
                        continue
                    cov = fts.coverage(content, r["text"])
                    matched = round(cov * len(content))
                    # "Most words": at least two of them and 60%, so one shared word
                    # ("cheese") never pins a quote on someone.
                    if tier == 2 and matched < max(2, math.ceil(0.6 * len(content))):
                        continue
                    # The whole quote is the phrase: the most faithful answer there is.
                    exact = tier == 0 and fts.tokens(r["text"]) == all_toks
                    sort_key = (
                        -1 if exact else tier,
                        -round(cov, 1),
                        r["kind"] != "direct",
                        r["speaker"] is None,
                        bool(r["partial"]),
                        r["rank"],
                    )
                    hit = QuoteHit(
                        quote=_quote_from_row(r),
                        article_id=r["article_id"],
                        title=r["title"],
                        url=r["url"],
                        score=round(-r["rank"], 4),
                    )
                    found[r["id"]] = (sort_key, hit)
        ranked = sorted(found.values(), key=lambda item: item[0])
        return [hit for _, hit in ranked[:limit]]

    async def quotes_by(self, speaker: str, limit: int = 10) -> list[QuoteHit]:
        """Quotes attributed to ``speaker`` (full name or surname), direct ones first.

        A looser match (the name inside a longer speaker, like a joint statement's) is used
        only when nobody matches the name itself.
        """
        key = fts.speaker_key(speaker)
        if not key or limit <= 0:
            return []
        last = key.rsplit(" ", 1)[-1]
        order = (
            "ORDER BY tier, q.kind != 'direct', q.partial, a.last_seen_at DESC, "
            "q.article_id DESC, q.start LIMIT :limit"
        )
        # speaker keys hold only letters, digits and spaces: no LIKE wildcards in them.
        params = {"k": key, "last": last, "suffix": f"% {key}", "inner": f"% {key} %"}
        params["limit"] = limit
        async with self._use() as conn:
            # The name itself, or a longer name ending with it (same last word: indexed).
            rows = await self._all(
                conn,
                f"SELECT {_QUOTE_COLUMNS}, "
                "CASE WHEN q.speaker_key = :k THEN 0 ELSE 1 END AS tier "
                "FROM quotes q JOIN articles a ON a.id = q.article_id "
                "WHERE q.speaker_last = :last AND q.in_all = 1 "
                "AND (q.speaker_key = :k OR :k = :last OR q.speaker_key LIKE :suffix) " + order,
                params,
            )
            for stem in () if rows else fts.speaker_stems(last):
                # "Петрову", "Kowalskiego": a surname in another case than the stored one.
                rows = await self._all(
                    conn,
                    f"SELECT {_QUOTE_COLUMNS}, 1 AS tier "
                    "FROM quotes q JOIN articles a ON a.id = q.article_id "
                    "WHERE q.speaker_last LIKE :stem AND q.in_all = 1 " + order,
                    {**params, "stem": f"{stem}%"},
                )
                if rows:
                    break
            if not rows and " " in key:
                # "Mayor Pike": a role and a surname, when the role was stored apart from the
                # name (speaker "Dana Pike", role "Mayor of Eastbrook").
                role_words = set(key.split()[:-1])
                rows = [
                    r
                    for r in await self._all(
                        conn,
                        f"SELECT {_QUOTE_COLUMNS}, 1 AS tier, q.role AS role_text "
                        "FROM quotes q JOIN articles a ON a.id = q.article_id "
                        "WHERE q.speaker_last = :last AND q.in_all = 1 AND q.role IS NOT NULL "
                        + order.replace("LIMIT :limit", ""),
                        params,
                    )
                    if role_words <= set(fts.tokens(r["role_text"]))
                ][:limit]
            if not rows:
                # Only then the name anywhere inside a speaker ("Xi" in a joint statement's).
                rows = await self._all(
                    conn,
                    f"SELECT {_QUOTE_COLUMNS}, 2 AS tier "
                    "FROM quotes q JOIN articles a ON a.id = q.article_id "
                    "WHERE q.in_all = 1 AND ' ' || q.speaker_key || ' ' LIKE :inner " + order,
                    params,
                )
        return [
            QuoteHit(
                _quote_from_row(r), r["article_id"], r["title"], r["url"], float(2 - r["tier"])
            )
            for r in rows
        ]

    async def ask(
        self, question: str, url: str | int | None = None, limit: int = 3
    ) -> list[Answer]:
        """Sentences that best answer ``question``: bm25 re-ranked by question-type cues.

        With ``url`` (a URL or source key as stored, or an article id), only that article is
        searched; an unknown one raises NotFoundError.
        """
        # A question of only stopwords ("Who said it?") has nothing to look for.
        content = [t for t in fts.content_tokens(question, fallback=False) if t not in fts.VAGUE]
        match = fts.match_any(fts.expanded(content))
        if limit <= 0:
            return []
        qtype = fts.question_type(question)
        async with self._use() as conn:
            if url is not None:
                article_id = (
                    await self._known_id(conn, url)
                    if isinstance(url, int)
                    else await self._article_id(conn, url)
                )
                if article_id is None:
                    raise NotFoundError(
                        "I haven't read that article yet: no saved article matches."
                    )
            if match is None:
                return []
            if url is not None:
                rows = await self._all(
                    conn,
                    "SELECT s.text, s.article_id, a.title, a.url, bm25(sentences_fts) AS rank "
                    "FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
                    "JOIN articles a ON a.id = s.article_id "
                    "WHERE sentences_fts MATCH ? AND s.article_id = ? "
                    # The article's sentence ids as a rowid range FTS5 can seek to: without
                    # it every match in the guild was scored, then all but one article's
                    # dropped (seconds in a 100,000-article guild; tens of ms with it).
                    "AND sentences_fts.rowid BETWEEN "
                    "(SELECT min(id) FROM sentences WHERE article_id = ?) "
                    "AND (SELECT max(id) FROM sentences WHERE article_id = ?) "
                    "ORDER BY rank LIMIT ?",
                    (match, article_id, article_id, article_id, _CANDIDATES),
                )
            else:
                rows = await self._all(
                    conn,
                    "SELECT s.text, s.article_id, a.title, a.url, f.rank AS rank FROM "
                    "(SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? "
                    "ORDER BY rank LIMIT ?) f "
                    "JOIN sentences s ON s.id = f.rowid "
                    "JOIN articles a ON a.id = s.article_id ORDER BY f.rank",
                    (match, _CANDIDATES),
                )
        if not rows:
            return []
        top = max(-r["rank"] for r in rows) or 1.0
        scored = []
        for r in rows:
            relevance = -r["rank"] / top
            # An article whose headline carries the question's words is about the question;
            # a passing mention elsewhere ("what happened in 2009?") is not.
            score = (
                relevance
                + 0.35 * fts.cue_score(qtype, r["text"])
                + 0.25 * fts.coverage(content, r["text"])
                + 0.2 * fts.coverage(content, r["title"] or "")
            )
            scored.append((score, r))
        scored.sort(key=lambda item: -item[0])
        return [
            Answer(r["text"], r["article_id"], r["title"], r["url"], round(score, 4))
            for score, r in scored[:limit]
        ]

    async def search(self, terms: str, limit: int = 5) -> list[ArticleHit]:
        """Articles matching ``terms``: those containing more of the terms first, then bm25."""
        content = fts.content_tokens(terms)
        match = fts.match_any(content)
        if match is None or limit <= 0:
            return []
        async with self._use() as conn:
            srows = await self._all(
                conn,
                "SELECT s.article_id, s.text, f.rank AS rank FROM "
                "(SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? "
                "ORDER BY rank LIMIT 500) f "
                "JOIN sentences s ON s.id = f.rowid ORDER BY f.rank",
                (match,),
            )
            trows = await self._all(
                conn,
                "SELECT rowid AS article_id, title, bm25(titles_fts) AS rank FROM titles_fts "
                "WHERE titles_fts MATCH ? ORDER BY rank LIMIT 200",
                (match,),
            )
            per: dict[int, dict[str, Any]] = {}
            for r in srows:
                e = per.setdefault(r["article_id"], {"scores": [], "text": [], "title": 0.0})
                e["scores"].append(-r["rank"])
                e["text"].append(r["text"])
            for r in trows:
                e = per.setdefault(r["article_id"], {"scores": [], "text": [], "title": 0.0})
                e["title"] = -r["rank"]
                e["title_text"] = r["title"] or ""
            ranked = []
            for article_id, e in per.items():
                seen_text = " ".join(e["text"][:20]) + " " + e.get("title_text", "")
                cov = fts.coverage(content, seen_text)
                scores = sorted(e["scores"], reverse=True)
                relevance = sum(scores[:3]) + 2.0 * e["title"]
                ranked.append((cov, relevance, article_id, e))
            ranked.sort(key=lambda item: (-item[0], -item[1]))
            ranked = ranked[:limit]
            if not ranked:
                return []
            ids = [item[2] for item in ranked]
            marks = ",".join("?" * len(ids))
            arows = await self._all(
                conn,
                f"SELECT id, title, url, site, published, paragraphs FROM articles "
                f"WHERE id IN ({marks})",
                ids,
            )
        meta = {r["id"]: r for r in arows}
        hits = []
        for cov, relevance, article_id, e in ranked:
            a = meta.get(article_id)
            if a is None:
                continue
            if e["text"]:
                snippet = e["text"][0]
            else:
                paragraphs = json.loads(a["paragraphs"])
                snippet = paragraphs[0] if paragraphs else ""
            hits.append(
                ArticleHit(
                    article_id=article_id,
                    title=a["title"],
                    url=a["url"],
                    site=a["site"],
                    published=date.fromisoformat(a["published"]) if a["published"] else None,
                    snippet=_snippet(snippet),
                    score=round(cov * 10 + relevance, 4),
                )
            )
        return hits

    # --- forgetting ----------------------------------------------------------------------

    async def _checkpoint(self) -> None:
        # The WAL still holds old page images of deleted rows until it is checkpointed.
        # While Litestream replicates the file it owns checkpoints: a TRUNCATE here would wait
        # on its read lock (up to busy_timeout) and could cut WAL frames it hasn't shipped.
        if self.replicated:
            return
        async with self._use() as conn:
            await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def forget(self, url: str) -> bool:
        """Delete one article and everything derived from it; False if it wasn't cached."""
        async with self._write() as conn:
            article_id = await self._article_id(conn, url)
            if article_id is not None:
                await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                await self._optimize(conn)
        if article_id is None:
            return False
        await self._checkpoint()
        return True

    @staticmethod
    async def _optimize(conn: aiosqlite.Connection) -> None:
        # FTS5 deletes are tombstones until segments merge; merging drops the deleted text,
        # and secure_delete zeroes the pages it freed.
        for table in ("sentences_fts", "quotes_fts", "titles_fts"):
            await conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")

    async def purge(self) -> None:
        """Delete every article, post, quote and setting of this guild, and shrink the file."""
        async with self._write() as conn:
            for table in ("posts", "summaries", "quotes", "sentences", "articles"):
                await conn.execute(f"DELETE FROM {table}")
            await conn.execute("DELETE FROM settings")
            await conn.execute("DELETE FROM watched_channels")
            for table in ("sentences_fts", "quotes_fts", "titles_fts"):
                await conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        async with self._use() as conn:
            # VACUUM goes through the WAL in WAL mode, so Litestream ships it like any write.
            await conn.execute("VACUUM")
        await self._checkpoint()

    async def expire(self, older_than_days: int) -> int:
        """Delete articles neither fetched nor posted in ``older_than_days``; returns how many."""
        if older_than_days < 0:
            raise InvalidSettingError("Retention can't be negative.")
        cutoff = time.time() - older_than_days * 86_400
        async with self._write() as conn:
            cur = await conn.execute("DELETE FROM articles WHERE last_seen_at < ?", (cutoff,))
            removed = cur.rowcount
            await cur.close()
            if removed:
                await self._optimize(conn)
        if removed:
            await self._checkpoint()
        return max(removed, 0)
