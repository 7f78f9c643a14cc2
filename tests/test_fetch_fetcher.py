"""The fetcher end to end against real aiohttp servers on 127.0.0.1.

A page server is allowed through ``allow_private``; a "secret" server is not and must never
see a request. A tripwire (see ``tests/fetchserver.py``) refuses every socket connect to a
non-loopback address, so even with a broken guard these tests send nothing off the machine;
every test also asserts the tripwire never fired.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable
from urllib.parse import quote

import pytest

import bot
from bot.config import Settings
from bot.errors import (
    BadSchemeError,
    BlockedAddressError,
    BlockedPortError,
    ConnectError,
    DNSError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    TooLargeError,
    TooManyRedirectsError,
    UnsupportedContentError,
)
from bot.fetch import USER_AGENT, Fetcher, Page
from tests.fetchserver import MapResolver, PageServer, RawServer, SecretServer, install_tripwire

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def tripwire(monkeypatch: pytest.MonkeyPatch):
    attempts: list[object] = []
    install_tripwire(monkeypatch, attempts)
    yield attempts
    assert attempts == [], f"something tried to leave loopback: {attempts}"


@pytest.fixture
async def page() -> AsyncIterator[PageServer]:
    server = PageServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def secret() -> AsyncIterator[SecretServer]:
    server = SecretServer()
    await server.start()
    yield server
    await server.stop()
    assert server.total_hits == 0, f"the secret server was reached: {server.hits}"


async def _start_on_standard_port() -> SecretServer | None:
    for port in (8443, 8080):
        server = SecretServer()
        try:
            await server.start(port)
        except OSError:
            await server.stop()
            continue
        return server
    return None


@pytest.fixture
async def secret_std() -> AsyncIterator[SecretServer]:
    """A secret server on 127.0.0.1 at a port the port rule allows: only the address guard
    stands between the fetcher and it."""
    server = await _start_on_standard_port()
    if server is None:
        pytest.skip("ports 8443 and 8080 on 127.0.0.1 are both taken")
    yield server
    await server.stop()
    assert server.total_hits == 0, f"the secret server was reached: {server.hits}"


@pytest.fixture
async def make_fetcher(page: PageServer) -> AsyncIterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def make(**kwargs) -> Fetcher:
        kwargs.setdefault("allow_private", [page.pair])
        kwargs.setdefault("timeout", 3.0)
        kwargs.setdefault("connect_timeout", 1.0)
        fetcher = Fetcher(**kwargs)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        await fetcher.close()


# --- ordinary pages ---------------------------------------------------------------------------


async def test_fetches_a_page(page: PageServer, make_fetcher) -> None:
    fetcher = make_fetcher()
    result = await fetcher.fetch(page.url("/page?id=3&utm_source=x#top"))
    assert isinstance(result, Page)
    assert result.url == result.final_url == page.url("/page?id=3")
    assert result.status == 200
    assert result.content_type == "text/html" and result.is_html
    assert result.charset == "utf-8"
    assert "You asked for /page?id=3." in result.text
    assert page.hits["/page"] == 1


async def test_user_agent_names_precis_version_and_url(page: PageServer, make_fetcher) -> None:
    await make_fetcher().fetch(page.url("/headers"))
    sent = page.headers_seen[-1]
    assert sent["User-Agent"] == USER_AGENT == f"Precis/{bot.__version__} (+{bot.PROJECT_URL})"
    assert sent["Accept-Encoding"] == "gzip, deflate"


async def test_plain_text_and_xhtml(page: PageServer, make_fetcher) -> None:
    fetcher = make_fetcher()
    plain = await fetcher.fetch(page.url("/plain"))
    assert plain.content_type == "text/plain" and not plain.is_html
    assert plain.text == "Just some plain text.\n"
    xhtml = await fetcher.fetch(page.url("/xhtml"))
    assert xhtml.is_html and xhtml.content_type == "application/xhtml+xml"


async def test_gzip_page_is_inflated(page: PageServer, make_fetcher) -> None:
    result = await make_fetcher().fetch(page.url("/gzip-page"))
    assert "small and squeezed" in result.text


async def test_untyped_html_is_sniffed_and_untyped_binary_refused(make_fetcher) -> None:
    html = b"<!doctype html><html><body><p>untyped</p></body></html>"
    typed_html = RawServer(
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(html), html)
    )
    binary = RawServer(
        b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n\x00\x01\x02\x03"
    )
    await typed_html.start()
    await binary.start()
    try:
        fetcher = make_fetcher(allow_private=[typed_html.pair, binary.pair])
        result = await fetcher.fetch(typed_html.url("/"))
        assert result.is_html and "untyped" in result.text
        with pytest.raises(UnsupportedContentError):
            await fetcher.fetch(binary.url("/"))
    finally:
        await typed_html.stop()
        await binary.stop()


# --- redirects --------------------------------------------------------------------------------


async def test_five_redirects_are_followed(page: PageServer, make_fetcher) -> None:
    result = await make_fetcher().fetch(page.url("/redirect/5"))
    assert result.final_url == page.url("/page")
    assert result.url == page.url("/redirect/5")
    assert sum(page.hits[f"/redirect/{n}"] for n in range(1, 6)) == 5


async def test_six_redirects_are_too_many(page: PageServer, make_fetcher) -> None:
    with pytest.raises(TooManyRedirectsError) as info:
        await make_fetcher().fetch(page.url("/redirect/6"))
    assert "5 times" in info.value.user_message
    assert page.hits["/page"] == 0


async def test_redirect_loop(page: PageServer, make_fetcher) -> None:
    with pytest.raises(TooManyRedirectsError) as info:
        await make_fetcher().fetch(page.url("/loop/a"))
    assert "loop" in info.value.user_message
    assert page.hits["/loop/a"] == 1 and page.hits["/loop/b"] == 1


async def test_max_redirects_is_configurable(page: PageServer, make_fetcher) -> None:
    with pytest.raises(TooManyRedirectsError):
        await make_fetcher(max_redirects=2).fetch(page.url("/redirect/3"))
    assert (await make_fetcher(max_redirects=0).fetch(page.url("/page"))).status == 200


def _to(page: PageServer, location: str, status: int = 302) -> str:
    return page.url(f"/to?status={status}&u={quote(location, safe='')}")


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_redirect_to_loopback_literal_is_refused(
    page: PageServer, secret_std: SecretServer, make_fetcher, status: int
) -> None:
    with pytest.raises(BlockedAddressError):
        await make_fetcher().fetch(_to(page, f"http://127.0.0.1:{secret_std.port}/admin", status))


@pytest.mark.parametrize(
    "location",
    [
        "http://localhost:{port}/",
        "http://LOCALHOST.:{port}/",
        "http://[::1]:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::127.0.0.1]:{port}/",
        "http://2130706433:{port}/",
        "http://0x7f.0.0.1:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://127.1:{port}/",
        "//127.0.0.1:{port}/protocol-relative",
        "http://127.0.0.2:{port}/",
        "http://0.0.0.0:{port}/",
    ],
)
async def test_redirect_to_loopback_spellings_is_refused(
    page: PageServer, secret_std: SecretServer, make_fetcher, location: str
) -> None:
    with pytest.raises(BlockedAddressError):
        await make_fetcher().fetch(_to(page, location.format(port=secret_std.port)))


async def test_redirect_to_a_private_name_is_refused(
    page: PageServer, secret_std: SecretServer, make_fetcher
) -> None:
    resolver = MapResolver({"intranet.example": ["127.0.0.1"]})
    fetcher = make_fetcher(resolver=resolver)
    with pytest.raises(BlockedAddressError):
        await fetcher.fetch(_to(page, f"http://intranet.example:{secret_std.port}/"))
    assert resolver.lookups["intranet.example"] == 1


async def test_redirect_to_unlisted_loopback_port_is_refused(
    page: PageServer, secret: SecretServer, make_fetcher
) -> None:
    with pytest.raises(BlockedPortError):
        await make_fetcher().fetch(_to(page, secret.url("/")))


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://169.254.43518/",
        "http://10.0.0.1/",
        "http://192.168.1.1:8080/",
        "https://172.16.0.1:8443/",
        "http://100.100.100.200/latest/meta-data/",  # Alibaba Cloud metadata (100.64/10)
    ],
)
async def test_redirect_to_metadata_and_private_literals_is_refused(
    page: PageServer, make_fetcher, tripwire: list[object], location: str
) -> None:
    with pytest.raises(BlockedAddressError):
        await make_fetcher().fetch(_to(page, location))
    assert tripwire == []


async def test_redirect_to_metadata_name_is_refused(page: PageServer, make_fetcher) -> None:
    resolver = MapResolver({"metadata.google.internal": ["169.254.169.254"]})
    with pytest.raises(BlockedAddressError):
        await make_fetcher(resolver=resolver).fetch(
            _to(page, "http://metadata.google.internal/computeMetadata/v1/")
        )


@pytest.mark.parametrize(
    ("location", "error"),
    [
        ("file:///etc/passwd", BadSchemeError),
        ("ftp://example.com/x", BadSchemeError),
        ("gopher://127.0.0.1:6379/_INFO", BadSchemeError),
        ("http://user:pw@example.com/", InvalidURLError),
        ("http://example.com:6379/", BlockedPortError),
    ],
)
async def test_redirect_to_other_schemes_credentials_and_ports(
    page: PageServer, make_fetcher, location: str, error: type[FetchError]
) -> None:
    with pytest.raises(error):
        await make_fetcher().fetch(_to(page, location))


async def test_redirect_target_is_canonicalised(page: PageServer, make_fetcher) -> None:
    result = await make_fetcher().fetch(_to(page, "/page/next?utm_medium=email&x=1#frag"))
    assert result.final_url == page.url("/page/next?x=1")


# --- blocked ranges end to end (the tripwire guarantees nothing leaves) -----------------------

LITERALS = [
    "0.0.0.0",
    "10.1.2.3",
    "100.64.0.1",
    "127.0.0.1",
    "169.254.169.254",
    "172.16.0.1",
    "192.0.0.1",
    "192.0.2.1",
    "192.88.99.1",
    "192.168.0.1",
    "198.18.0.1",
    "198.51.100.1",
    "203.0.113.1",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "[::]",
    "[::1]",
    "[fc00::1]",
    "[fe80::1]",
    "[fec0::1]",
    "[ff02::1]",
    "[2001:db8::1]",
    "[64:ff9b::a9fe:a9fe]",
    "[2001::1]",
    "[2002:a9fe:a9fe::1]",
    "[::ffff:10.0.0.1]",
    "[::ffff:169.254.169.254]",
    "[::10.0.0.1]",
]


@pytest.mark.parametrize("literal", LITERALS)
async def test_blocked_literal_fetch(make_fetcher, literal: str) -> None:
    with pytest.raises(BlockedAddressError):
        await make_fetcher().fetch(f"http://{literal}/")


@pytest.mark.parametrize("literal", LITERALS)
async def test_blocked_address_behind_a_name_fetch(make_fetcher, literal: str) -> None:
    resolver = MapResolver({"innocent-news.example": [literal.strip("[]")]})
    with pytest.raises(BlockedAddressError):
        await make_fetcher(resolver=resolver).fetch("https://innocent-news.example/story")
    assert resolver.lookups["innocent-news.example"] == 1


async def test_name_resolving_to_loopback_on_standard_port(
    secret_std: SecretServer, make_fetcher
) -> None:
    resolver = MapResolver({"looks-public.example": ["127.0.0.1"]})
    with pytest.raises(BlockedAddressError):
        await make_fetcher(resolver=resolver).fetch(
            f"http://looks-public.example:{secret_std.port}/"
        )


async def test_guard_is_what_stops_the_secret_server(make_fetcher) -> None:
    # Control: the same request with the pair allowed does arrive, so the zero hit counts
    # elsewhere mean the guard refused, not that the server was unreachable.
    server = await _start_on_standard_port()
    if server is None:
        pytest.skip("ports 8443 and 8080 on 127.0.0.1 are both taken")
    try:
        with pytest.raises(BlockedAddressError):
            await make_fetcher().fetch(f"http://127.0.0.1:{server.port}/x")
        assert server.total_hits == 0
        allowed = make_fetcher(allow_private=[server.pair])
        assert "secret" in (await allowed.fetch(f"http://127.0.0.1:{server.port}/x")).text
        assert server.total_hits == 1
    finally:
        await server.stop()


async def test_allowed_name_pair(page: PageServer, make_fetcher) -> None:
    resolver = MapResolver({"wiki.intranet": ["127.0.0.1"]})
    fetcher = make_fetcher(resolver=resolver, allow_private=[f"wiki.intranet:{page.port}"])
    result = await fetcher.fetch(f"http://wiki.intranet:{page.port}/page")
    assert result.status == 200
    # The allowed name does not open the address it resolves to, nor the other spelling.
    with pytest.raises(BlockedPortError):
        await fetcher.fetch(page.url("/page"))


async def test_credentials_refused_before_any_request(page: PageServer, make_fetcher) -> None:
    with pytest.raises(InvalidURLError):
        await make_fetcher().fetch(f"http://user:pw@127.0.0.1:{page.port}/page")
    assert page.total_hits == 0


# --- sizes, bombs and time --------------------------------------------------------------------


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
async def test_compression_bomb_cut_at_limit(page: PageServer, make_fetcher, coding: str) -> None:
    fetcher = make_fetcher(max_bytes=1 * MIB)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TooLargeError) as info:
            await fetcher.fetch(page.url(f"/bomb/{coding}?mib=10240"))  # 10 GiB inflated
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "1 MiB" in info.value.user_message
    assert elapsed < 3.0
    assert peak < 8 * MIB, f"peak {peak / MIB:.1f} MiB"
    # The server had sent well under 1% of the 10 MB compressed bomb when it was cut.
    assert page.streamed_bytes[f"/bomb/{coding}"] < 1 * MIB


async def test_bomb_under_the_limit_is_read_whole(page: PageServer, make_fetcher) -> None:
    result = await make_fetcher(max_bytes=3 * MIB).fetch(page.url("/bomb/gzip?mib=2"))
    assert len(result.text) == 2 * MIB


async def test_huge_content_length_refused_early(page: PageServer, make_fetcher) -> None:
    started = time.perf_counter()
    with pytest.raises(TooLargeError):
        await make_fetcher(timeout=5.0).fetch(page.url("/huge-length"))
    assert time.perf_counter() - started < 2.0  # the server would stall for 30 s


async def test_endless_chunked_body_cut(page: PageServer, make_fetcher) -> None:
    with pytest.raises(TooLargeError):
        await make_fetcher(max_bytes=1 * MIB).fetch(page.url("/endless"))


async def test_slow_drip_hits_the_overall_deadline(page: PageServer, make_fetcher) -> None:
    started = time.perf_counter()
    with pytest.raises(FetchTimeoutError) as info:
        await make_fetcher(timeout=1.0).fetch(page.url("/drip"))
    elapsed = time.perf_counter() - started
    assert 0.9 < elapsed < 2.5
    assert "too long" in info.value.user_message


async def test_server_that_never_answers(page: PageServer, make_fetcher) -> None:
    mute = RawServer(None)  # accepts, reads the request, never says a word
    await mute.start()
    try:
        fetcher = make_fetcher(timeout=0.8, allow_private=[page.pair, mute.pair])
        for url in (page.url("/never"), mute.url("/")):
            started = time.perf_counter()
            with pytest.raises(FetchTimeoutError):
                await fetcher.fetch(url)
            assert time.perf_counter() - started < 2.3
        assert mute.connections == 1
    finally:
        await mute.stop()


async def test_deadline_covers_all_redirects(page: PageServer, make_fetcher) -> None:
    # Each hop answers in 0.3 s, well inside the 1 s deadline; five of them are not.
    started = time.perf_counter()
    with pytest.raises(FetchTimeoutError):
        await make_fetcher(timeout=1.0).fetch(page.url("/slow-redirect/5?delay=0.3"))
    assert time.perf_counter() - started < 2.5


async def test_connect_timeout(make_fetcher) -> None:
    # A listener whose accept queue is full: the kernel drops further SYNs, so the
    # connection attempt hangs like a firewalled host, on loopback.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        await asyncio.sleep(0.05)
        fetcher = make_fetcher(allow_private=[f"127.0.0.1:{port}"], timeout=3, connect_timeout=0.3)
        started = time.perf_counter()
        with pytest.raises(FetchTimeoutError) as info:
            await fetcher.fetch(f"http://127.0.0.1:{port}/")
        assert time.perf_counter() - started < 2.0  # the connect limit, not the 3 s deadline
        assert "connection" in info.value.user_message
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_connection_refused(make_fetcher) -> None:
    closed = RawServer(b"")
    await closed.start()
    port = closed.port
    await closed.stop()
    with pytest.raises(ConnectError):
        await make_fetcher(allow_private=[f"127.0.0.1:{port}"]).fetch(f"http://127.0.0.1:{port}/")


async def test_unknown_name_is_a_dns_error(make_fetcher) -> None:
    with pytest.raises(DNSError) as info:
        await make_fetcher(resolver=MapResolver({})).fetch("https://no-such-site.example/")
    assert "resolve" in info.value.user_message


# --- content types, charsets, statuses ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("png", "image (image/png)"),
        ("mp4", "video (video/mp4)"),
        ("json", "JSON data"),
        ("octet", "application/octet-stream"),
    ],
)
async def test_unsupported_types_are_named(page: PageServer, make_fetcher, kind, words) -> None:
    with pytest.raises(UnsupportedContentError) as info:
        await make_fetcher().fetch(page.url(f"/typed/{kind}"))
    assert words in info.value.user_message


async def test_a_pdf_link_is_read_as_bytes_by_type_or_by_name_and_content(
    page: PageServer, make_fetcher
) -> None:
    from tests.pdfgen import make_pdf

    pdf = make_pdf(["A short paragraph about the harbour."], heading="Harbour")
    page.files["report"] = ("application/pdf", pdf)
    page.files["report.pdf"] = ("application/octet-stream", pdf)
    fetcher = make_fetcher()
    for name in ("report", "report.pdf"):
        result = await fetcher.fetch(page.url(f"/files/{name}"))
        assert result.is_pdf and result.content_type == "application/pdf"
        assert result.body == pdf and result.text == "" and not result.is_html


async def test_a_pdf_link_is_believed_only_when_the_bytes_are_a_pdf(
    page: PageServer, make_fetcher
) -> None:
    page.files["fake"] = ("application/pdf", b"<html><body>not a pdf</body></html>")
    page.files["blob.pdf"] = ("application/octet-stream", bytes(range(256)))
    page.files["page.pdf"] = ("text/html", b"<html><body><p>A landing page.</p></body></html>")
    fetcher = make_fetcher()
    with pytest.raises(UnsupportedContentError) as info:
        await fetcher.fetch(page.url("/files/fake"))
    assert "says it is a PDF" in info.value.user_message
    with pytest.raises(UnsupportedContentError) as info:
        await fetcher.fetch(page.url("/files/blob.pdf"))
    assert "application/octet-stream" in info.value.user_message
    landing = await fetcher.fetch(page.url("/files/page.pdf"))
    assert landing.is_html and "landing page" in landing.text


async def test_a_pdf_over_the_body_cap_is_refused(page: PageServer, make_fetcher) -> None:
    page.files["big"] = ("application/pdf", b"%PDF-1.7\n" + bytes(300 * 1024))
    with pytest.raises(TooLargeError):
        await make_fetcher(max_bytes=256 * 1024).fetch(page.url("/files/big"))


@pytest.mark.parametrize(
    ("kind", "charset", "snippet"),
    [
        ("latin1-header", "cp1252", "Crème brûlée à la carte"),
        ("meta-1251", "cp1251", "Привет, мир!"),
        ("http-equiv", "koi8-r", "Сегодня в мире"),
        ("undeclared", None, "Die Bürger der Stadt haben gestern über die Straßenbahn"),
        ("bad-utf8", "utf-8", "ok \ufffd"),
        ("bogus-label", "utf-8", "café"),
        ("base64-label", "utf-8", "not base64"),
        ("utf16-bom", "utf-16-le", "wide text"),
    ],
)
async def test_charsets(page: PageServer, make_fetcher, kind, charset, snippet) -> None:
    result = await make_fetcher().fetch(page.url(f"/charset/{kind}"))
    assert snippet in result.text
    if charset is not None:
        assert result.charset == charset


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (404, "doesn't exist"),
        (403, "wouldn't let me"),
        (500, "problem"),
        (429, "too often"),
        (418, "418"),
    ],
)
async def test_http_errors(page: PageServer, make_fetcher, code: int, words: str) -> None:
    with pytest.raises(HTTPStatusError) as info:
        await make_fetcher().fetch(page.url(f"/status/{code}"))
    assert info.value.status == code
    assert words in info.value.user_message


# --- session hygiene --------------------------------------------------------------------------


async def test_proxy_environment_is_ignored(
    page: PageServer, make_fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = RawServer(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\nproxied page!"
    )
    await proxy.start()
    try:
        for name in (
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        result = await make_fetcher().fetch(page.url("/page"))
        assert "You asked for /page" in result.text
        assert proxy.connections == 0
    finally:
        await proxy.stop()


async def test_no_cookies_are_kept(page: PageServer, make_fetcher) -> None:
    fetcher = make_fetcher()
    await fetcher.fetch(page.url("/set-cookie"))
    await fetcher.fetch(page.url("/cookie"))
    assert "Cookie" not in page.headers_seen[-1]


async def test_concurrent_same_url_fetched_once(page: PageServer, make_fetcher) -> None:
    fetcher = make_fetcher()
    urls = [page.url("/slow?delay=0.3&id=1")] * 6 + [
        page.url(f"/slow?delay=0.3&id=1&utm_source=s{i}&fbclid={i}") for i in range(6)
    ]
    results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
    assert page.hits["/slow"] == 1
    assert all(r is results[0] for r in results)


async def test_concurrent_failures_share_one_request(page: PageServer, make_fetcher) -> None:
    fetcher = make_fetcher(timeout=0.5)
    outcomes = await asyncio.gather(
        *(fetcher.fetch(page.url("/never")) for _ in range(5)), return_exceptions=True
    )
    assert all(isinstance(o, FetchTimeoutError) for o in outcomes)
    assert page.hits["/never"] == 1


async def test_one_waiter_cancelling_does_not_cancel_the_others(
    page: PageServer, make_fetcher
) -> None:
    fetcher = make_fetcher()
    url = page.url("/slow?delay=0.3&id=cancel")
    first = asyncio.create_task(fetcher.fetch(url))
    second = asyncio.create_task(fetcher.fetch(url))
    await asyncio.sleep(0.05)
    first.cancel()
    assert (await second).status == 200
    assert page.hits["/slow"] == 1


async def test_successes_and_failures_are_cached_for_the_ttl(
    page: PageServer, make_fetcher
) -> None:
    fetcher = make_fetcher(cache_ttl=0.4)
    ok = page.url("/page/cached")
    missing = page.url("/status/404")
    first = await fetcher.fetch(ok)
    assert await fetcher.fetch(ok + "?utm_source=again") is first
    depths = []
    for _ in range(3):
        with pytest.raises(HTTPStatusError) as info:
            await fetcher.fetch(missing)
        depth, tb = 0, info.value.__traceback__
        while tb is not None:
            depth, tb = depth + 1, tb.tb_next
        depths.append(depth)
    assert depths[1] == depths[2]  # a cached failure doesn't pile up tracebacks
    assert page.hits["/page/cached"] == 1 and page.hits["/status/404"] == 1
    await asyncio.sleep(0.45)
    await fetcher.fetch(ok)
    with pytest.raises(HTTPStatusError):
        await fetcher.fetch(missing)
    assert page.hits["/page/cached"] == 2 and page.hits["/status/404"] == 2


async def test_cache_can_be_disabled(page: PageServer, make_fetcher) -> None:
    fetcher = make_fetcher(cache_ttl=0)
    await fetcher.fetch(page.url("/page/nocache"))
    await fetcher.fetch(page.url("/page/nocache"))
    assert page.hits["/page/nocache"] == 2


async def test_per_host_concurrency_limit(page: PageServer, make_fetcher) -> None:
    # A generous timeout: the queued fetches wait for a slot, and a loaded CI machine once
    # stretched that past the default 3 s. The limit is what this test checks, not the speed.
    fetcher = make_fetcher(per_host=2, timeout=30.0, connect_timeout=10.0)
    await asyncio.gather(*(fetcher.fetch(page.url(f"/slow?delay=0.15&i={i}")) for i in range(6)))
    assert page.hits["/slow"] == 6
    assert page.max_active == 2


# --- construction -----------------------------------------------------------------------------


def test_constructed_outside_a_loop_and_used_in_asyncio_run(page_pair_for_sync) -> None:
    pair, url = page_pair_for_sync
    fetcher = Fetcher(allow_private=[pair], timeout=3)

    async def main() -> Page:
        async with fetcher:
            return await fetcher.fetch(url)

    assert asyncio.run(main()).status == 200


@pytest.fixture
def page_pair_for_sync():
    """A page server running in its own thread and loop, for the synchronous test above."""
    import threading

    ready = threading.Event()
    holder: dict[str, object] = {}

    def serve() -> None:
        loop = asyncio.new_event_loop()
        server = PageServer()
        loop.run_until_complete(server.start())
        holder.update(server=server, loop=loop)
        ready.set()
        loop.run_forever()
        loop.run_until_complete(server.stop())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(5)
    server = holder["server"]
    assert isinstance(server, PageServer)
    yield server.pair, server.url("/page")
    loop = holder["loop"]
    assert isinstance(loop, asyncio.AbstractEventLoop)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


async def test_from_settings(page: PageServer) -> None:
    settings = Settings(
        fetch_allow_private=frozenset({page.pair}), fetch_timeout=2.5, fetch_max_bytes=4096
    )
    async with Fetcher.from_settings(settings, per_host=1) as fetcher:
        assert fetcher.timeout == 2.5 and fetcher.max_bytes == 4096 and fetcher.per_host == 1
        assert (await fetcher.fetch(page.url("/page"))).status == 200
        with pytest.raises(TooLargeError):
            await fetcher.fetch(page.url("/bomb/gzip?mib=1"))


async def test_ipv6_loopback_pair_can_be_allowed(make_fetcher) -> None:
    server = PageServer()
    try:
        await server.start(host="::1")
    except OSError:
        await server.stop()
        pytest.skip("no IPv6 loopback here")
    try:
        url = server.url("/page")
        assert url == f"http://[::1]:{server.port}/page"
        with pytest.raises(BlockedPortError):
            await make_fetcher().fetch(url)
        # settings.fetch_allow_private spells IPv6 pairs without brackets
        result = await make_fetcher(allow_private=[server.pair]).fetch(url)
        assert result.status == 200 and result.final_url == url
        assert server.hits["/page"] == 1
    finally:
        await server.stop()
