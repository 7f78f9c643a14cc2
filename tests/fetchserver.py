"""Loopback servers and helpers for the fetcher tests and the gzip-bomb benchmark.

* :class:`PageServer`: a real aiohttp server on 127.0.0.1 serving pages, redirects, bombs,
  slow and broken responses; it counts hits per path and concurrent requests.
* :class:`SecretServer`: a server the fetcher must never reach; it counts every request.
* :class:`RawServer`: a plain TCP server for byte-exact answers (no Content-Type), for
  endpoints that never answer, and as a counting "proxy".
* :class:`MapResolver`: an aiohttp resolver mapping fake public names to chosen addresses.
* :func:`install_tripwire`: makes any socket connect to a non-loopback address fail before
  a packet leaves, so the tests stay on loopback even if the guard under test is broken.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import ipaddress
import socket
import struct
import zlib
from collections import Counter
from collections.abc import Callable, Iterator

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

LOOPBACK = "127.0.0.1"
MIB = 1024 * 1024
_ZEROS = bytes(MIB)


def _bomb_block() -> bytes:
    # Z_FULL_FLUSH resets the compressor, so every MiB of zeros compresses to the same
    # ~1 KB of raw deflate: a bomb of any size costs the server almost nothing to send.
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(_ZEROS) + comp.flush(zlib.Z_FULL_FLUSH)


_BLOCK = _bomb_block()


def gzip_bomb_chunks(mib: int, *, coding: str = "gzip") -> Iterator[bytes]:
    """Yield a valid gzip (or zlib, for ``deflate``) stream inflating to ``mib`` MiB of zeros."""
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" if coding == "gzip" else b"\x78\xda"
    for _ in range(mib):
        yield _BLOCK
    check = 0 if coding == "gzip" else 1
    for _ in range(mib):  # only reached by a client that reads the whole bomb
        check = zlib.crc32(_ZEROS, check) if coding == "gzip" else zlib.adler32(_ZEROS, check)
    if coding == "gzip":
        yield b"\x03\x00" + struct.pack("<II", check, (mib * MIB) & 0xFFFFFFFF)
    else:
        yield b"\x03\x00" + struct.pack(">I", check)


class _Base:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.runner: web.AppRunner | None = None
        self.port = 0
        self.host = LOOPBACK

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def pair(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def _app(self) -> web.Application:
        raise NotImplementedError

    async def start(self, port: int = 0, host: str = LOOPBACK) -> None:
        self.host = host
        self.runner = web.AppRunner(self._app(), handle_signals=False, shutdown_timeout=0.1)
        await self.runner.setup()
        site = web.TCPSite(self.runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


class SecretServer(_Base):
    """Must never be reached: every request is counted."""

    def _app(self) -> web.Application:
        app = web.Application()

        async def any_path(request: web.Request) -> web.Response:
            self.hits[request.path] += 1
            return web.Response(text="<html><body>secret</body></html>", content_type="text/html")

        app.router.add_route("*", "/{tail:.*}", any_path)
        return app


HTML = (
    "<!doctype html><html><head><title>{title}</title></head>"
    "<body><article><p>{body}</p></article></body></html>"
)


class PageServer(_Base):
    """Serves the fetcher's test cases; ``secret_origin`` is where the nasty redirects point."""

    def __init__(self) -> None:
        super().__init__()
        self.active = 0
        self.max_active = 0
        self.headers_seen: list[dict[str, str]] = []
        self.streamed_bytes: Counter[str] = Counter()
        # Whatever a test puts here is served at /files/<name> as (Content-Type, body).
        self.files: dict[str, tuple[str, bytes]] = {}

    def _app(self) -> web.Application:
        app = web.Application()
        r = app.router

        @web.middleware
        async def count(request: web.Request, handler: Callable) -> web.StreamResponse:
            self.hits[request.path] += 1
            self.headers_seen.append(dict(request.headers))
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            try:
                return await handler(request)
            finally:
                self.active -= 1

        app.middlewares.append(count)

        def html(title: str, body: str = "Hello from the page server.", **kw) -> web.Response:
            return web.Response(
                text=HTML.format(title=title, body=body), content_type="text/html", **kw
            )

        async def page(request: web.Request) -> web.Response:
            return html("Test page", f"You asked for {request.path_qs}.")

        async def plain(request: web.Request) -> web.Response:
            return web.Response(text="Just some plain text.\n", content_type="text/plain")

        async def xhtml(request: web.Request) -> web.Response:
            return web.Response(
                text=HTML.format(title="XHTML", body="xhtml body"),
                content_type="application/xhtml+xml",
            )

        async def redirect(request: web.Request) -> web.Response:
            n = int(request.match_info["n"])
            target = "/page" if n <= 1 else f"/redirect/{n - 1}"
            raise web.HTTPFound(target)

        async def loop(request: web.Request) -> web.Response:
            other = "b" if request.match_info["name"] == "a" else "a"
            raise web.HTTPMovedPermanently(f"/loop/{other}")

        async def to(request: web.Request) -> web.Response:
            # Location sent verbatim: the fetcher must check wherever it points.
            status = int(request.query.get("status", "302"))
            return web.Response(status=status, headers={"Location": request.query["u"]})

        async def slow_redirect(request: web.Request) -> web.Response:
            await asyncio.sleep(float(request.query.get("delay", "0.3")))
            n = int(request.match_info["n"])
            target = "/page" if n <= 1 else f"/slow-redirect/{n - 1}?{request.query_string}"
            raise web.HTTPFound(target)

        async def bomb(request: web.Request) -> web.StreamResponse:
            coding = request.match_info["coding"]
            mib = int(request.query.get("mib", "1024"))
            resp = web.StreamResponse(
                headers={"Content-Type": "text/html", "Content-Encoding": coding}
            )
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            with contextlib.suppress(OSError):
                for chunk in gzip_bomb_chunks(mib, coding=coding):
                    self.streamed_bytes[request.path] += len(chunk)
                    await resp.write(chunk)
                    await asyncio.sleep(0)  # let the client (same loop) run
                await resp.write_eof()
            return resp

        async def gzip_page(request: web.Request) -> web.Response:
            body = gzip.compress(HTML.format(title="Gzipped", body="small and squeezed").encode())
            return web.Response(
                body=body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
            )

        async def huge_length(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            resp.content_length = 10 * 1024 * MIB
            await resp.prepare(request)
            with contextlib.suppress(OSError):
                await resp.write(b"<html>" + b" " * 1024)
                await asyncio.sleep(30)
            return resp

        async def endless(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            chunk = b"<p>" + b"a" * (64 * 1024) + b"</p>"
            with contextlib.suppress(OSError):
                while True:
                    self.streamed_bytes[request.path] += len(chunk)
                    await resp.write(chunk)
            return resp

        async def drip(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            with contextlib.suppress(OSError):
                while True:
                    await resp.write(b"a")
                    await asyncio.sleep(0.05)
            return resp

        async def never(request: web.Request) -> web.Response:
            await asyncio.sleep(30)
            return html("too late")

        async def typed(request: web.Request) -> web.Response:
            kind = request.match_info["kind"]
            types = {
                "pdf": ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
                "png": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
                "mp4": ("video/mp4", bytes(64)),
                "json": ("application/json", b'{"a": 1}'),
                "octet": ("application/octet-stream", bytes(64)),
            }
            ctype, body = types[kind]
            return web.Response(body=body, headers={"Content-Type": ctype})

        async def charset(request: web.Request) -> web.Response:
            kind = request.match_info["kind"]
            if kind == "latin1-header":
                body = HTML.format(title="Café", body="Crème brûlée à la carte").encode("latin-1")
                ctype = "text/html; charset=ISO-8859-1"
            elif kind == "meta-1251":
                text = (
                    '<!doctype html><html><head><meta charset="windows-1251"><title>Новости'
                    "</title></head><body><p>Привет, мир! Это новости дня.</p></body></html>"
                )
                body, ctype = text.encode("cp1251"), "text/html"
            elif kind == "http-equiv":
                text = (
                    '<html><head><meta http-equiv="Content-Type" content="text/html; '
                    'charset=koi8-r"><title>Газета</title></head><body><p>Сегодня в мире '
                    "произошло много событий.</p></body></html>"
                )
                body, ctype = text.encode("koi8-r"), "text/html"
            elif kind == "undeclared":
                text = HTML.format(
                    title="Überschrift",
                    body="Die Bürger der Stadt haben gestern über die Straßenbahn "
                    "abgestimmt. Größere Änderungen sind möglich, hieß es aus dem Rathaus. "
                    "Für viele Pendler wäre das eine spürbare Verbesserung.",
                )
                body, ctype = text.encode("cp1252"), "text/html"
            elif kind == "bad-utf8":
                body = b"<html><body><p>ok \xff\xfe\xc3\x28 bad \xed\xa0\x80 end</p></body></html>"
                ctype = "text/html; charset=utf-8"
            elif kind == "bogus-label":
                body = HTML.format(title="Bogus", body="caf\u00e9").encode("utf-8")
                ctype = "text/html; charset=x-no-such-charset"
            elif kind == "base64-label":
                body = HTML.format(title="Codec", body="not base64").encode("utf-8")
                ctype = "text/html; charset=base64"
            elif kind == "utf16-bom":
                body = HTML.format(title="Sixteen", body="wide text").encode("utf-16")
                ctype = "text/html"
            else:
                raise web.HTTPNotFound()
            return web.Response(body=body, headers={"Content-Type": ctype})

        async def files(request: web.Request) -> web.Response:
            entry = self.files.get(request.match_info["name"])
            if entry is None:
                raise web.HTTPNotFound()
            ctype, body = entry
            return web.Response(body=body, headers={"Content-Type": ctype})

        async def status(request: web.Request) -> web.Response:
            code = int(request.match_info["code"])
            return web.Response(status=code, text=f"status {code}", content_type="text/html")

        async def slow(request: web.Request) -> web.Response:
            await asyncio.sleep(float(request.query.get("delay", "0.3")))
            return html("Slow page", f"slow {request.query_string}")

        async def echo_headers(request: web.Request) -> web.Response:
            return html("Headers", request.headers.get("User-Agent", ""))

        async def set_cookie(request: web.Request) -> web.Response:
            resp = html("Cookie set")
            resp.set_cookie("session", "s3cret", path="/")
            return resp

        r.add_get("/page", page)
        r.add_get("/page/{tail:.*}", page)
        r.add_get("/plain", plain)
        r.add_get("/xhtml", xhtml)
        r.add_get("/redirect/{n}", redirect)
        r.add_get("/loop/{name}", loop)
        r.add_get("/to", to)
        r.add_get("/slow-redirect/{n}", slow_redirect)
        r.add_get("/bomb/{coding}", bomb)
        r.add_get("/gzip-page", gzip_page)
        r.add_get("/huge-length", huge_length)
        r.add_get("/endless", endless)
        r.add_get("/drip", drip)
        r.add_get("/never", never)
        r.add_get("/typed/{kind}", typed)
        r.add_get("/charset/{kind}", charset)
        r.add_get("/files/{name}", files)
        r.add_get("/status/{code}", status)
        r.add_get("/slow", slow)
        r.add_get("/headers", echo_headers)
        r.add_get("/set-cookie", set_cookie)
        r.add_get("/cookie", echo_headers)
        return app


class RawServer:
    """A TCP server that reads a request head and answers with fixed bytes (or never)."""

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.connections = 0
        self.requests: list[bytes] = []
        self.port = 0
        self._server: asyncio.base_events.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    @property
    def pair(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        with contextlib.suppress(Exception):
            head = await reader.readuntil(b"\r\n\r\n")
            self.requests.append(head)
            if self.answer is None:
                await asyncio.sleep(30)
                return
            writer.write(self.answer)
            await writer.drain()
        with contextlib.suppress(Exception):
            writer.close()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, LOOPBACK, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in self._writers:
                writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1)


class MapResolver(AbstractResolver):
    """Resolves fake names to the addresses a test chooses; counts lookups per name."""

    def __init__(self, mapping: dict[str, list[str]]) -> None:
        self.mapping = mapping
        self.lookups: Counter[str] = Counter()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.lookups[host] += 1
        if host not in self.mapping:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        results: list[ResolveResult] = []
        for addr in self.mapping[host]:
            fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
            results.append(
                {
                    "hostname": host,
                    "host": addr,
                    "port": port,
                    "family": fam,
                    "proto": 0,
                    "flags": socket.AI_NUMERICHOST,
                }
            )
        return results

    async def close(self) -> None:
        return None


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        try:
            return ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback
        except ValueError:
            return False
    return isinstance(address, str | bytes)  # AF_UNIX paths never leave the machine


class TripwireError(ConnectionRefusedError):
    """Raised instead of connecting anywhere but loopback."""


def install_tripwire(monkeypatch, attempts: list[object]) -> None:
    """Refuse (and record) every socket connect to a non-loopback address."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            attempts.append(address)
            raise TripwireError(f"test tripwire: refused to connect to {address!r}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if not _is_loopback(address):
            attempts.append(address)
            raise TripwireError(f"test tripwire: refused to connect to {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
