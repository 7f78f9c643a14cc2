"""URL validation and canonicalisation: schemes, credentials, length, odd hosts, tracking."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import BadSchemeError, BlockedAddressError, FetchError, InvalidURLError
from bot.fetch import canonicalize_url, is_tracking_param


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com./news#section-2", "https://example.com/news"),
        ("<https://example.com/a>", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://bücher.de/ü?q=ä", "https://xn--bcher-kva.de/%C3%BC?q=%C3%A4"),
        ("https://[::FFFF:192.0.2.1]:8443/", "https://[::ffff:c000:201]:8443/"),
        ("https://[2606:4700:0::1]/x", "https://[2606:4700::1]/x"),
        ("http://１２７.0.0.1/", "http://127.0.0.1/"),  # fullwidth digits: NFKC first
        ("http://127。0。0。1/", "http://127.0.0.1/"),  # ideographic full stops
    ],
)
def test_canonical_forms(raw: str, canonical: str) -> None:
    assert canonicalize_url(raw) == canonical


def test_tracking_parameters_are_stripped_and_the_rest_kept_in_order() -> None:
    raw = (
        "https://news.example/story?id=42&utm_source=tw&UTM_Medium=social&fbclid=abc"
        "&gclid=x&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc&page=2&q=a%20b&msclkid=9"
    )
    assert canonicalize_url(raw) == "https://news.example/story?id=42&page=2&q=a%20b"
    assert canonicalize_url("https://news.example/?utm_campaign=x") == "https://news.example/"


@pytest.mark.parametrize("key", ["utm_source", "utm_anything", "fbclid", "GCLID", "igshid"])
def test_is_tracking_param(key: str) -> None:
    assert is_tracking_param(key)


@pytest.mark.parametrize("key", ["id", "page", "q", "ref", "utm", "source"])
def test_content_params_are_kept(key: str) -> None:
    assert not is_tracking_param(key)


@pytest.mark.parametrize(
    "raw",
    [
        "file:///etc/passwd",
        "ftp://example.com/x",
        "gopher://example.com/",
        "javascript:alert(1)",
        "data:text/html,<b>hi</b>",
        "ws://example.com/socket",
    ],
)
def test_other_schemes_are_refused(raw: str) -> None:
    with pytest.raises(BadSchemeError) as info:
        canonicalize_url(raw)
    assert "http://" in info.value.user_message


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "example.com/article",
        "localhost:8080",
        "http:/example.com",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://example.com/\x00",
        "http://example.com\\@evil.example/",
        "http://ex_ample..com/",
        "http://-" + "a" * 70 + ".com/",
        "http://example.com:99999/",
        "http://example.com:0/",
    ],
)
def test_malformed_links_are_refused(raw: str) -> None:
    with pytest.raises(InvalidURLError):
        canonicalize_url(raw)


@pytest.mark.parametrize(
    "raw",
    ["http://user:pass@example.com/", "http://user@example.com/", "https://:pw@example.com/"],
)
def test_credentials_are_refused(raw: str) -> None:
    with pytest.raises(InvalidURLError) as info:
        canonicalize_url(raw)
    assert "password" in info.value.user_message


def test_length_limit() -> None:
    base = "https://example.com/"
    assert canonicalize_url(base + "a" * (2048 - len(base)))
    with pytest.raises(InvalidURLError) as info:
        canonicalize_url(base + "a" * (2049 - len(base)))
    assert "2,048" in info.value.user_message


@pytest.mark.parametrize(
    "host",
    [
        "2130706433",  # 127.0.0.1 as one decimal number
        "0x7f000001",
        "0x7f.0.0.1",
        "0177.0.0.1",  # octal
        "127.1",
        "127.0.1",
        "127.000.000.001",
        "017700000001",
        "0x7f.1",
        "1.2.3.4.5",
        "169.254.43518",  # 169.254.169.254 with a 16-bit tail
        "0xa9fea9fe",
        "%31%32%37.0.0.1",
    ],
)
def test_odd_address_spellings_are_refused(host: str) -> None:
    with pytest.raises(BlockedAddressError) as info:
        canonicalize_url(f"http://{host}/")
    assert "unusual" in info.value.user_message


def test_ipv6_zone_ids_are_refused() -> None:
    with pytest.raises(BlockedAddressError):
        canonicalize_url("http://[fe80::1%25eth0]/")


def test_every_refusal_is_a_fetch_error_with_a_user_message() -> None:
    for raw in ("file:///x", "http://user@x.com/", "http://127.1/", "nonsense"):
        with pytest.raises(FetchError) as info:
            canonicalize_url(raw)
        assert info.value.user_message and "Traceback" not in info.value.user_message


_URLISH = st.one_of(
    st.text(max_size=120),
    st.builds(
        lambda scheme, host, port, path, query: f"{scheme}://{host}{port}/{path}?{query}",
        st.sampled_from(["http", "https", "HTTP", "ftp", "file"]),
        st.one_of(
            st.from_regex(r"[a-z0-9.\-]{1,30}", fullmatch=True),
            st.ip_addresses().map(lambda a: f"[{a}]" if a.version == 6 else str(a)),
            st.text(max_size=20),
        ),
        st.sampled_from(["", ":80", ":443", ":8080", ":0", ":65536", ":x"]),
        st.text(max_size=30),
        st.text(max_size=30),
    ),
)


@settings(max_examples=200, deadline=None)
@given(raw=_URLISH)
def test_canonicalize_only_raises_fetch_errors_and_is_idempotent(raw: str) -> None:
    try:
        canonical = canonicalize_url(raw)
    except FetchError:
        return
    assert canonicalize_url(canonical) == canonical
    assert canonical.startswith(("http://", "https://"))
    assert len(canonical) <= 2048
