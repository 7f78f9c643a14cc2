"""The one fetcher for every user-posted link: guarded, bounded, cached, single-flight.

Protections, in the order a fetch meets them:

1. the URL is canonicalised and validated (:mod:`bot.fetch.urls`);
2. the in-memory cache answers repeats (successes for ``cache_ttl``, failures for at most a
   minute) and a URL
   already being fetched is awaited, not fetched again (single flight);
3. one overall deadline covers the whole fetch including every redirect;
4. each hop's port and IP-literal host are checked, hostnames are resolved through the
   :class:`~bot.fetch.guard.GuardedResolver` and only its checked addresses are used;
5. redirects are followed by hand (at most ``max_redirects``), each hop checked like the first;
6. the status and content type are checked before the body is read, a large
   Content-Length is refused up front, and the body is streamed with our own bounded
   decompression (:mod:`bot.fetch.body`);
7. bytes become text with the header, meta or detected charset (:mod:`bot.fetch.decode`).

The session ignores proxy environment variables (``trust_env=False``: a proxy would resolve
hosts past the guard), keeps no cookies, and has a per-host connection limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import aiohttp
import yarl
from aiohttp.abc import AbstractResolver

from bot import PROJECT_URL, __version__
from bot.errors import (
    BadResponseError,
    ConnectError,
    DNSError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    TooManyRedirectsError,
    UnsupportedContentError,
)
from bot.fetch.body import ACCEPT_ENCODING, CHUNK_SIZE, read_limited, too_large
from bot.fetch.decode import (
    GENERIC_TYPES,
    HTML_TYPES,
    PDF_TYPE,
    PDF_TYPES,
    TEXT_TYPES,
    decode_body,
    is_pdf,
    parse_content_type,
    sniff_html,
    unsupported_message,
)
from bot.fetch.guard import Guard, GuardedResolver
from bot.fetch.urls import canonicalize_url, parse_url

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

USER_AGENT = f"Precis/{__version__} (+{PROJECT_URL})"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,application/pdf;q=0.7,*/*;q=0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# Bodies larger than this are decoded in a worker thread.
_DECODE_IN_THREAD_BYTES = 256 * 1024
# Failures are remembered for at most this long, even if the cache TTL is longer: a site
# that was down a minute ago may be back, but a burst of posts of one bad link is absorbed.
_FAILURE_TTL_CAP = 60.0
# Cache bounds: entries, and decoded characters held across all cached pages.
_CACHE_MAX_ENTRIES = 256
_CACHE_MAX_CHARS = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: canonical URLs, status, type, charset used and decoded text."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    text: str
    is_html: bool
    body: bytes = b""  # the raw bytes of a binary document (a PDF); empty for text pages

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF_TYPE


def _status_error(status: int) -> HTTPStatusError:
    if status == 404 or status == 410:
        message = f"That page doesn't exist (HTTP {status})."
    elif status in (401, 403):
        message = (
            f"The website wouldn't let me read that page (HTTP {status}); it may need a login "
            "or block bots."
        )
    elif status == 429:
        message = "The website says I'm asking too often (HTTP 429); try again later."
    elif status >= 500:
        message = f"The website had a problem answering (HTTP {status}); try again later."
    elif 300 <= status < 400:
        message = f"The website sent a redirect I can't follow (HTTP {status})."
    else:
        message = f"The website answered with an error (HTTP {status})."
    return HTTPStatusError(status, message)


class _Cache:
    """Canonical URL -> (expiry, Page or FetchError), oldest evicted first."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: OrderedDict[str, tuple[float, Page | FetchError, int]] = OrderedDict()
        self._chars = 0

    def get(self, key: str) -> Page | FetchError | None:
        item = self._items.get(key)
        if item is None:
            return None
        expires, value, _ = item
        if time.monotonic() >= expires:
            self._drop(key)
            return None
        return value

    def put(self, key: str, value: Page | FetchError) -> None:
        if self.ttl <= 0:
            return
        size = len(value.text) + len(value.body) if isinstance(value, Page) else 0
        if size > _CACHE_MAX_CHARS:
            return
        ttl = self.ttl if isinstance(value, Page) else min(self.ttl, _FAILURE_TTL_CAP)
        self._drop(key)
        self._items[key] = (time.monotonic() + ttl, value, size)
        self._chars += size
        while len(self._items) > _CACHE_MAX_ENTRIES or self._chars > _CACHE_MAX_CHARS:
            self._drop(next(iter(self._items)))

    def _drop(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._chars -= item[2]

    def clear(self) -> None:
        self._items.clear()
        self._chars = 0


class Fetcher:
    """Fetches pages for the bot and the CLI; raises only :class:`FetchError` subclasses."""

    def __init__(
        self,
        *,
        allow_private: Iterable[str] = (),
        timeout: float = 15.0,
        connect_timeout: float = 5.0,
        max_bytes: int = 5 * 1024 * 1024,
        max_redirects: int = 5,
        per_host: int = 4,
        cache_ttl: float = 300.0,
        resolver: AbstractResolver | None = None,
    ) -> None:
        self.guard = Guard(allow_private)
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.per_host = per_host
        self._resolver = resolver
        self._cache = _Cache(cache_ttl)
        self._inflight: dict[str, asyncio.Task[Page]] = {}
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> Fetcher:
        """A fetcher configured from :class:`bot.config.Settings`; keyword overrides win."""
        kwargs: dict[str, Any] = {
            "allow_private": settings.fetch_allow_private,
            "timeout": settings.fetch_timeout,
            "max_bytes": settings.fetch_max_bytes,
        }
        kwargs.update(overrides)
        return cls(**kwargs)

    # --- lifecycle ---------------------------------------------------------------------

    def _get_session(self) -> aiohttp.ClientSession:
        # Created lazily: aiohttp sessions (and the default resolver) bind the running loop.
        if self._session is None or self._session.closed:
            inner = self._resolver if self._resolver is not None else aiohttp.DefaultResolver()
            connector = aiohttp.TCPConnector(
                resolver=GuardedResolver(inner, self.guard),
                limit=64,
                limit_per_host=self.per_host,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                auto_decompress=False,
                # sock_connect only: "connect" would also count time queued for a per-host slot.
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=self.connect_timeout),
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": ACCEPT,
                    "Accept-Encoding": ACCEPT_ENCODING,
                    "Accept-Language": "en;q=1.0, *;q=0.5",
                },
                read_bufsize=CHUNK_SIZE,
            )
        return self._session

    async def close(self) -> None:
        """Cancel fetches in flight and close the HTTP session."""
        tasks = list(self._inflight.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        self._inflight.clear()
        self._cache.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- fetching ----------------------------------------------------------------------

    async def fetch(self, url: str) -> Page:
        """Fetch ``url`` (validated and canonicalised first) and return the decoded page."""
        canonical = canonicalize_url(url)
        cached = self._cache.get(canonical)
        if isinstance(cached, Page):
            return cached
        if isinstance(cached, FetchError):
            # Drop the old traceback: re-raising one instance would keep chaining frames.
            raise cached.with_traceback(None)
        task = self._inflight.get(canonical)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._fetch_and_cache(canonical))
            self._inflight[canonical] = task
            task.add_done_callback(self._forget)
        # shield: one waiter giving up must not cancel the fetch the others are waiting on.
        return await asyncio.shield(task)

    def _forget(self, task: asyncio.Task[Page]) -> None:
        for key, value in list(self._inflight.items()):
            if value is task:
                del self._inflight[key]
        if not task.cancelled():
            task.exception()  # retrieved: no "never retrieved" warning if every waiter left

    async def _fetch_and_cache(self, canonical: str) -> Page:
        try:
            page = await self._fetch_uncached(canonical)
        except FetchError as exc:
            self._cache.put(canonical, exc)
            raise
        self._cache.put(canonical, page)
        return page

    async def _fetch_uncached(self, canonical: str) -> Page:
        session = self._get_session()
        try:
            async with asyncio.timeout(self.timeout):
                return await self._follow(session, canonical)
        except FetchError:
            raise
        except TimeoutError:
            raise FetchTimeoutError(detail=f"no complete answer in {self.timeout:g} s") from None

    async def _follow(self, session: aiohttp.ClientSession, start: str) -> Page:
        current = start
        seen = {start}
        for hop in range(self.max_redirects + 1):
            target = parse_url(current)
            self.guard.check_url(target)
            try:
                async with session.get(target, allow_redirects=False) as resp:
                    if resp.status in REDIRECT_STATUSES:
                        location = resp.headers.get("Location")
                        if not location:
                            raise _status_error(resp.status)
                        if hop == self.max_redirects:
                            raise TooManyRedirectsError(
                                f"That link redirects more than {self.max_redirects} times."
                            )
                        current = canonicalize_url(urljoin(current, location.strip()))
                        if current in seen:
                            raise TooManyRedirectsError("That link redirects in a loop.")
                        seen.add(current)
                        continue
                    return await self._read_page(resp, start, current)
            except FetchError:
                raise
            except (aiohttp.ClientError, OSError, ValueError) as exc:
                raise _translate(exc) from None
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    async def _read_page(self, resp: aiohttp.ClientResponse, start: str, final: str) -> Page:
        if not 200 <= resp.status < 300:
            raise _status_error(resp.status)
        mime, header_charset = parse_content_type(resp.headers.get("Content-Type"))
        # A PDF announced as one, or a .pdf link served untyped or as generic bytes (many
        # servers do): read, then believed only if the bytes are a PDF.
        maybe_pdf = mime in PDF_TYPES or (mime in (None, *GENERIC_TYPES) and _path_is_pdf(final))
        if mime is not None and not maybe_pdf and mime not in HTML_TYPES | TEXT_TYPES:
            raise UnsupportedContentError(unsupported_message(mime), detail=mime)
        length = resp.content_length
        if length is not None and length > self.max_bytes:
            raise too_large(self.max_bytes, f"Content-Length {length}")
        body = await read_limited(
            resp.content.iter_chunked(CHUNK_SIZE),
            resp.headers.get("Content-Encoding"),
            self.max_bytes,
        )
        if maybe_pdf and not is_pdf(body) and mime in PDF_TYPES:
            raise UnsupportedContentError(
                "That link says it is a PDF, but what it sent isn't one.", detail=mime
            )
        if maybe_pdf and is_pdf(body):
            return Page(
                url=start,
                final_url=final,
                status=resp.status,
                content_type=PDF_TYPE,
                charset=None,
                text="",
                is_html=False,
                body=body,
            )
        if mime is not None and mime in GENERIC_TYPES:
            raise UnsupportedContentError(unsupported_message(mime), detail=mime)
        if mime is None:
            if not sniff_html(body):
                raise UnsupportedContentError(
                    "That link doesn't say what kind of content it is, and it isn't a web page."
                )
            mime = "text/html"
        is_html = mime in HTML_TYPES
        if len(body) > _DECODE_IN_THREAD_BYTES:
            # Charset detection and decoding of a few MiB would stall the event loop.
            text, charset = await asyncio.to_thread(
                decode_body, body, header_charset, is_html=is_html
            )
        else:
            text, charset = decode_body(body, header_charset, is_html=is_html)
        return Page(
            url=start,
            final_url=final,
            status=resp.status,
            content_type=mime,
            charset=charset,
            text=text,
            is_html=is_html,
        )


def _path_is_pdf(url: str) -> bool:
    return yarl.URL(url).path.lower().endswith(".pdf")


def _translate(exc: BaseException) -> FetchError:
    """Map aiohttp and socket errors to the FetchError family."""
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return FetchTimeoutError("That website didn't accept a connection in time.", detail=detail)
    if isinstance(exc, TimeoutError):  # aiohttp's other timeouts subclass it
        return FetchTimeoutError(detail=detail)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return DNSError(detail=detail)
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError):
        return ConnectError(
            "I couldn't make a secure connection to that website (its certificate didn't check out).",
            detail=detail,
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        return ConnectError(detail=detail)
    if isinstance(exc, aiohttp.InvalidURL | ValueError):
        return InvalidURLError(detail=detail)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return BadResponseError(
            "That website closed the connection before sending the whole page.", detail=detail
        )
    if isinstance(exc, aiohttp.ClientResponseError):
        return BadResponseError(detail=detail)
    if isinstance(exc, OSError):
        return ConnectError(detail=detail)
    return BadResponseError(detail=detail)
