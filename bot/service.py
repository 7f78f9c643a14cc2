"""The Precis core service: what the bot's cogs and the CLI call.

One instance per process owns the safe fetcher, the per-guild storage and the worker pool.
Every method takes a guild id, so data never crosses servers. Errors a user can cause are
raised as :class:`bot.errors.PrecisError` subclasses carrying a message fit to show them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from bot.config import Settings
from bot.embedded import amp_link
from bot.errors import NotFoundError, PrecisError, TooLittleTextError
from bot.fetch import Fetcher, Page, canonicalize_url
from bot.models import (
    DEFAULT_ALGORITHM,
    DEFAULT_QUOTE_COUNT,
    DEFAULT_SUMMARY_SENTENCES,
    Answer,
    ArticleHit,
    Digest,
    GuildSettings,
    PostRef,
    QuoteHit,
    clamp_sentences,
)
from bot.pipeline import Processed, process_document, process_page, resummarise
from bot.storage import Storage
from bot.workers import WorkerPool

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL = 3600.0
# Seconds a worker may spend reading one PDF (pypdf is pure Python: a hostile file could
# otherwise hold a worker for minutes); bot/pdf.py also checks its own deadline per page.
PDF_TIME_LIMIT = 45.0


_ARTICLE_ID = re.compile(r"#?(\d{1,18})")


def article_ref(text: str) -> str | int:
    """What names one cached article: its id (``12`` or ``#12``), a local source key kept as
    ingested (``file:``, ``stdin:``), or a web link in canonical form."""
    text = text.strip()
    if m := _ARTICLE_ID.fullmatch(text):
        return int(m.group(1))
    if text.startswith(("file:", "stdin:")):
        return text
    return canonicalize_url(text)


class Precis:
    """Fetch, summarise, cache and answer, per guild."""

    def __init__(
        self, settings: Settings, *, fetcher: Fetcher, storage: Storage, pool: WorkerPool
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.storage = storage
        self.pool = pool
        self._housekeeping: asyncio.Task[None] | None = None

    @classmethod
    async def start(
        cls, settings: Settings, *, housekeeping: bool = True, inline: bool = False
    ) -> Precis:
        """Open everything; ``inline`` runs CPU work in a thread (one-shot CLI commands)."""
        self = cls(
            settings,
            fetcher=Fetcher.from_settings(settings),
            storage=Storage(
                settings.data_dir, replicated=settings.replicating, shards=settings.shards
            ),
            pool=WorkerPool(settings.workers, inline=inline),
        )
        await self.pool.start()
        if housekeeping:
            self._housekeeping = asyncio.create_task(self._housekeeping_loop())
        return self

    async def close(self) -> None:
        if self._housekeeping is not None:
            self._housekeeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._housekeeping
        await self.fetcher.close()
        await self.storage.close()
        await self.pool.close()

    async def __aenter__(self) -> Precis:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- summaries ------------------------------------------------------------------------

    async def digest(
        self,
        guild_id: int,
        url: str,
        *,
        sentences: int | None = None,
        algorithm: str | None = None,
        refresh: bool = False,
        post: PostRef | None = None,
    ) -> Digest:
        """Summary and quotes of ``url``: from this guild's cache, else fetched and processed."""
        canonical = canonicalize_url(url)
        db = await self.storage.guild(guild_id)
        prefs = await db.get_settings()
        n = clamp_sentences(sentences or prefs.summary_sentences)
        algorithm = algorithm or prefs.algorithm
        if not refresh:
            cached = await db.find_article(canonical)
            if cached is not None and cached.article_id is not None:
                if post is not None:
                    await db.record_post(cached.article_id, post)
                return await self._adjust(cached, n, algorithm, prefs, from_cache=True)

        options = {"sentences": n, "algorithm": algorithm, "quote_count": prefs.quote_count}
        page, processed = await read_link(self.fetcher, self.pool.run, canonical, options)
        digest = processed.digest()
        article_id = await db.save_digest(
            digest, processed.sentences, final_url=page.final_url, post=post
        )
        return replace(digest, article_id=article_id)

    async def digest_document(
        self,
        guild_id: int,
        body: bytes | Callable[[], Awaitable[bytes]],
        *,
        name: str,
        key: str,
        sentences: int | None = None,
        post: PostRef | None = None,
    ) -> Digest:
        """Summary and quotes of an attached file, cached under ``key`` (see
        :func:`bot.documents.document_key`) like a link: same reply, buttons and cache.
        ``body`` may be a coroutine function that downloads it, called only on a cache miss."""
        db = await self.storage.guild(guild_id)
        prefs = await db.get_settings()
        n = clamp_sentences(sentences or prefs.summary_sentences)
        cached = await db.find_article(key)
        if cached is not None and cached.article_id is not None:
            if post is not None:
                await db.record_post(cached.article_id, post)
            return await self._adjust(cached, n, prefs.algorithm, prefs, from_cache=True)
        if callable(body):
            body = await body()
        processed = await self.pool.run(
            process_document,
            body,
            name,
            key,
            time_limit=PDF_TIME_LIMIT,
            sentences=n,
            algorithm=prefs.algorithm,
            quote_count=prefs.quote_count,
        )
        digest = processed.digest()
        article_id = await db.save_digest(digest, processed.sentences, post=post)
        return replace(digest, article_id=article_id)

    async def ingest_body(
        self,
        guild_id: int,
        body: str | bytes,
        *,
        url: str,
        is_html: bool,
        pdf: bool = False,
        refresh: bool = False,
        post: PostRef | None = None,
    ) -> Digest:
        """Cache a page read from elsewhere (a local file in the CLI) under ``url``."""
        db = await self.storage.guild(guild_id)
        prefs = await db.get_settings()
        if not refresh:
            cached = await db.find_article(url)
            if cached is not None and cached.article_id is not None:
                return replace(cached, from_cache=True)
        processed = await self._process(
            body,
            url,
            is_html=is_html,
            pdf=pdf,
            sentences=prefs.summary_sentences,
            algorithm=prefs.algorithm,
            quote_count=prefs.quote_count,
        )
        digest = processed.digest()
        article_id = await db.save_digest(digest, processed.sentences, post=post)
        return replace(digest, article_id=article_id)

    async def preview(
        self,
        url: str,
        *,
        sentences: int = DEFAULT_SUMMARY_SENTENCES,
        algorithm: str = DEFAULT_ALGORITHM,
        quote_count: int = DEFAULT_QUOTE_COUNT,
    ) -> Digest:
        """Summary and quotes of ``url`` fetched now; no guild's cache is read or written
        (the CLI's ``summarize`` and ``quotes``)."""
        options = {"sentences": clamp_sentences(sentences), "algorithm": algorithm}
        _, processed = await read_link(
            self.fetcher,
            self.pool.run,
            canonicalize_url(url),
            options | {"quote_count": quote_count},
        )
        return processed.digest()

    async def preview_body(
        self,
        body: str | bytes,
        *,
        url: str | None = None,
        is_html: bool,
        pdf: bool = False,
        sentences: int = DEFAULT_SUMMARY_SENTENCES,
        algorithm: str = DEFAULT_ALGORITHM,
        quote_count: int = DEFAULT_QUOTE_COUNT,
    ) -> Digest:
        """:meth:`preview` for a page read from elsewhere (a file or stdin in the CLI)."""
        processed = await self._process(
            body,
            url,
            is_html=is_html,
            pdf=pdf,
            sentences=clamp_sentences(sentences),
            algorithm=algorithm,
            quote_count=quote_count,
        )
        return processed.digest()

    async def _process(
        self,
        body: str | bytes,
        url: str | None,
        *,
        is_html: bool,
        pdf: bool,
        sentences: int,
        algorithm: str,
        quote_count: int,
    ) -> Processed:
        """The pipeline over one page, in the worker pool (PDFs under a time limit)."""
        return await self.pool.run(
            process_page,
            body,
            url,
            is_html=is_html,
            pdf=pdf,
            time_limit=PDF_TIME_LIMIT if pdf else None,
            sentences=sentences,
            algorithm=algorithm,
            quote_count=quote_count,
        )

    async def resummarise(self, guild_id: int, article_id: int, sentences: int) -> Digest:
        """The cached article summarised at another length (the Longer/Shorter buttons)."""
        digest = await self.get_digest(guild_id, article_id)
        if digest is None:
            raise NotFoundError("I no longer have that article; post the link again.")
        prefs = await (await self.storage.guild(guild_id)).get_settings()
        return await self._adjust(
            digest, clamp_sentences(sentences), digest.summary.algorithm, prefs, from_cache=True
        )

    async def _adjust(
        self, digest: Digest, n: int, algorithm: str, prefs: GuildSettings, *, from_cache: bool
    ) -> Digest:
        summary = digest.summary
        if len(summary.sentences) == n and summary.algorithm == algorithm:
            return replace(digest, from_cache=from_cache)
        processed = await self.pool.run(
            resummarise,
            digest.article,
            digest.quotes,
            sentences=n,
            algorithm=algorithm,
            quote_count=prefs.quote_count,
        )
        return processed.digest(article_id=digest.article_id, from_cache=from_cache)

    async def get_digest(self, guild_id: int, article_id: int) -> Digest | None:
        return await (await self.storage.guild(guild_id)).get_digest(article_id)

    # --- questions ------------------------------------------------------------------------

    async def quotes(
        self,
        guild_id: int,
        *,
        url: str | None = None,
        speaker: str | None = None,
        article_id: int | None = None,
        limit: int = 10,
    ) -> list[QuoteHit]:
        """Quotes from one article (by URL or id), optionally by one speaker, or by a speaker."""
        db = await self.storage.guild(guild_id)
        if url is not None or article_id is not None:
            digest = (
                await db.find_article(canonicalize_url(url))
                if url is not None
                else await db.get_digest(article_id or 0)
            )
            if digest is None or digest.article_id is None:
                raise NotFoundError(
                    "I haven't read that article in this server yet. Summarise it first."
                )
            quotes = await db.quotes_for_article(digest.article_id)
            hits = [
                QuoteHit(q, digest.article_id, digest.article.title, digest.article.url)
                for q in quotes
                if q.kind == "direct"
            ]
            if speaker:
                key = speaker.casefold().strip()
                hits = [h for h in hits if h.quote.speaker and key in h.quote.speaker.casefold()]
            return hits[:limit]
        if speaker:
            return await db.quotes_by(speaker, limit)
        raise NotFoundError("Tell me an article link or a speaker.")

    async def who_said(self, guild_id: int, phrase: str) -> list[QuoteHit]:
        """Quotes matching ``phrase``, best first. A quote whose article names no speaker is
        still returned (speaker ``None``): the reader sees the quote and where it was read, and
        is told plainly that the article does not say who said it; nobody is guessed."""
        return await (await self.storage.guild(guild_id)).who_said(phrase)

    async def ask(self, guild_id: int, question: str, url: str | None = None) -> list[Answer]:
        """Answers from the server's articles, or from one: ``url`` is its link, the source it
        was ingested from (``file:…``, ``stdin:…``) or its id as shown in results (``#12``)."""
        db = await self.storage.guild(guild_id)
        return await db.ask(question, article_ref(url) if url else None)

    async def search(self, guild_id: int, terms: str) -> list[ArticleHit]:
        return await (await self.storage.guild(guild_id)).search(terms)

    # --- settings and data ----------------------------------------------------------------

    async def get_settings(self, guild_id: int) -> GuildSettings:
        return await (await self.storage.guild(guild_id)).get_settings()

    async def update_settings(self, guild_id: int, **changes: object) -> GuildSettings:
        return await (await self.storage.guild(guild_id)).update_settings(**changes)

    async def set_watched(self, guild_id: int, channel_id: int, watched: bool) -> GuildSettings:
        """Watch or unwatch one channel atomically (two admins at once lose nothing)."""
        return await (await self.storage.guild(guild_id)).set_watched(channel_id, watched)

    async def forget(self, guild_id: int, url: str) -> bool:
        return await (await self.storage.guild(guild_id)).forget(canonicalize_url(url))

    async def purge(self, guild_id: int) -> None:
        await (await self.storage.guild(guild_id)).purge()

    def _removal_marker(self, guild_id: int):
        return self.settings.data_dir / "guilds" / f"{guild_id}.removed"

    async def guild_removed(self, guild_id: int) -> None:
        """The bot left a guild: its data goes after the grace period (a marker survives restarts)."""
        if not self.storage.owns(guild_id):
            log.warning("ignored leaving %s", self.settings.shards.owner_hint(guild_id))
            return
        marker = self._removal_marker(guild_id)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(time.time()))
        if self.settings.guild_delete_grace_hours <= 0:
            await self.housekeeping()

    async def guild_joined(self, guild_id: int) -> None:
        if not self.storage.owns(guild_id):
            return  # another shard process owns its marker
        self._removal_marker(guild_id).unlink(missing_ok=True)

    async def housekeeping(self) -> None:
        """Delete data of guilds left longer ago than the grace period; expire old articles.

        Only this process's guilds: markers and files of other shards sharing the data dir are
        theirs to clean."""
        grace = self.settings.guild_delete_grace_hours * 3600
        folder = self.settings.data_dir / "guilds"
        for marker in sorted(folder.glob("*.removed")) if folder.is_dir() else []:
            try:
                removed_at = float(marker.read_text() or 0)
                guild_id = int(marker.stem)
            except (OSError, ValueError):
                continue
            if not self.storage.owns(guild_id):
                continue
            if time.time() - removed_at >= grace:
                await self.storage.delete_guild(guild_id)
                if self.settings.replicating:
                    # Before the marker goes: a failure here is retried at the next run.
                    from bot.replica_store import delete_guild_replica

                    try:
                        await delete_guild_replica(self.settings, guild_id)
                    except Exception as exc:
                        log.warning(
                            "couldn't delete the replica of guild %s yet (%s); retrying at the "
                            "next housekeeping",
                            guild_id,
                            exc,
                        )
                        continue
                marker.unlink(missing_ok=True)
                log.info(
                    "deleted the data of guild %s%s (left %.1f h ago)",
                    guild_id,
                    self._shard_note(guild_id),
                    grace / 3600,
                )
        for guild_id in self.storage.guild_ids():
            db = await self.storage.guild(guild_id)
            # A guild's own retention setting wins over the global RETENTION_DAYS.
            days = (await db.get_settings()).retention_days or self.settings.retention_days
            if days:
                removed = await db.expire(days)
                if removed:
                    log.info(
                        "expired %d articles in guild %s%s",
                        removed,
                        guild_id,
                        self._shard_note(guild_id),
                    )

    def _shard_note(self, guild_id: int) -> str:
        shard = self.settings.shards.shard_of(guild_id)
        return "" if shard is None else f" (shard {shard})"

    async def _housekeeping_loop(self) -> None:
        while True:
            try:
                await self.housekeeping()
            except Exception:
                log.exception("housekeeping failed")
            await asyncio.sleep(HOUSEKEEPING_INTERVAL)


async def read_link(
    fetcher: Fetcher, run: Callable[..., Awaitable[Processed]], url: str, options: dict[str, Any]
) -> tuple[Page, Processed]:
    """Fetch ``url`` (canonical) and process it with ``run`` (the worker pool's ``run``, or a
    thread in the CLI): a web page, plain text or a PDF. A page too thin to read (script-
    rendered, with nothing in its data either) may name its AMP version, which is plain HTML:
    that is fetched through the same safe fetcher and read instead; if it doesn't help, the
    original "too little text" message stands."""

    async def process(page: Page) -> Processed:
        return await run(
            process_page,
            page.body if page.is_pdf else page.text,
            url,
            is_html=page.is_html,
            pdf=page.is_pdf,
            time_limit=PDF_TIME_LIMIT if page.is_pdf else None,
            **options,
        )

    page = await fetcher.fetch(url)
    try:
        return page, await process(page)
    except TooLittleTextError as thin:
        amp = amp_link(page.text, page.final_url) if page.is_html else None
        if amp is None:
            raise
        try:
            processed = await process(await fetcher.fetch(amp))
        except PrecisError:
            log.info("AMP version %s of %s didn't help", amp, url)
            raise thin from None
        log.info("read %s from its AMP version %s", url, amp)
        return page, processed
