"""URL validation and canonicalisation: one spelling per page, before fetching and caching.

Only http/https, no credentials, at most 2,048 characters, a host that is either a
hostname, a canonical dotted-quad IPv4 address or an IPv6 literal. Numeric hosts written
any other way (``2130706433``, ``0x7f.0.0.1``, ``0177.0.0.1``, ``127.1``) are refused:
resolvers and browsers read them as addresses, so they only ever serve to hide one.
Tracking parameters are dropped so that the same article shared twice is fetched once.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote

from yarl import URL

from bot.errors import BadSchemeError, BlockedAddressError, InvalidURLError

MAX_URL_LENGTH = 2048

# Exact query keys (compared lower-cased) that only identify a campaign or a click.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "ref_src",
        "ref_url",
        "_hsenc",
        "_hsmi",
        "__hssc",
        "__hstc",
        "__hsfp",
        "hsctatracking",
        "mkt_tok",
        "vero_id",
        "vero_conv",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "wickedid",
        "_ga",
        "_gl",
        "s_cid",
    }
)
TRACKING_PREFIXES = ("utm_",)

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?$")
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
_DECIMAL_OCTET = re.compile(r"^(?:0|[1-9][0-9]{0,2})$")

_ODD_ADDRESS = (
    "That link writes its numeric address in an unusual way (a trick used to hide private "
    "addresses), so I won't fetch it."
)


def is_tracking_param(key: str) -> bool:
    """True for query keys such as ``utm_source`` or ``fbclid`` that carry no content."""
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def classify_host(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Return the address for an IP-literal host, ``None`` for a hostname.

    ``host`` is the lower-case ASCII host (no brackets, no trailing dot). Raises
    :class:`BlockedAddressError` for odd numeric spellings and :class:`InvalidURLError`
    for hosts that are neither a hostname nor an address.
    """
    if not host:
        raise InvalidURLError("That link has no website name in it.")
    if ":" in host:
        if "%" in host:  # zone ids pick a local interface: only meaningful for local addresses
            raise BlockedAddressError(detail=f"IPv6 zone id in {host!r}")
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise InvalidURLError(detail=f"bad IPv6 literal {host!r}") from None
    labels = host.split(".")
    # WHATWG URL rule: a host whose last label is a number is parsed as an IPv4 address,
    # whatever else it looks like. Only the canonical dotted-quad spelling is accepted.
    if _NUMERIC_LABEL.match(labels[-1]):
        if len(labels) != 4 or not all(_DECIMAL_OCTET.match(p) and int(p) <= 255 for p in labels):
            raise BlockedAddressError(_ODD_ADDRESS, detail=host)
        return ipaddress.IPv4Address(host)
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise InvalidURLError(detail=f"bad hostname {host!r}")
    return None


def _reject_scheme(text: str) -> None:
    match = _SCHEME.match(text)
    if match is None:
        raise InvalidURLError(
            "That doesn't look like a full web link; it should start with http:// or https://."
        )
    scheme = match.group(1).lower()
    rest = text[match.end() :]
    if scheme in ("http", "https"):
        if not rest.startswith("//"):
            raise InvalidURLError(detail="no // after the scheme")
        return
    # "example.com:8080/x" and "localhost:8080" are host:port without a scheme, not schemes.
    if "." in scheme or rest[:1].isdigit():
        raise InvalidURLError(
            "That doesn't look like a full web link; it should start with http:// or https://."
        )
    raise BadSchemeError(f"I only read http:// and https:// links, not {scheme}: ones.")


def _filtered_query(raw_query: str) -> str:
    kept = []
    for part in raw_query.split("&"):
        if not part:
            continue
        key = unquote(part.split("=", 1)[0])
        if not is_tracking_param(key):
            kept.append(part)
    return "&".join(kept)


def parse_url(url: str) -> URL:
    """Validate ``url`` and return its canonical form as an encoded :class:`yarl.URL`."""
    if not isinstance(url, str):
        raise InvalidURLError(detail=f"not a string: {type(url).__name__}")
    text = url.strip()
    # Discord users wrap links in <...> to suppress the embed.
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if not text:
        raise InvalidURLError("That link is empty.")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidURLError(
            f"That link is too long (over {MAX_URL_LENGTH:,} characters).",
            detail=f"{len(text)} characters",
        )
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in text):
        raise InvalidURLError("That link has spaces or control characters in it.")
    _reject_scheme(text)

    after_scheme = text.split("//", 1)[1]
    authority = re.split(r"[/?#]", after_scheme, maxsplit=1)[0]
    if "@" in authority:
        raise InvalidURLError(
            "That link has a username or password in it; I only read public pages."
        )
    # Browsers read "\" as "/" in http URLs; servers and parsers disagree about it.
    if "\\" in text.split("?", 1)[0].split("#", 1)[0]:
        raise InvalidURLError(detail="backslash in the address")

    try:
        parsed = URL(text)
        raw_host = parsed.raw_host
        port = parsed.port
    except (ValueError, UnicodeError, TypeError) as exc:
        raise InvalidURLError(detail=str(exc)) from None
    if parsed.raw_user is not None or parsed.raw_password is not None:
        raise InvalidURLError(
            "That link has a username or password in it; I only read public pages."
        )
    host = (raw_host or "").lower().rstrip(".")
    address = classify_host(host)
    if port is None or not 0 < port < 65536:
        raise InvalidURLError(detail=f"bad port {port}")
    if address is not None:
        host = address.compressed

    scheme = parsed.scheme.lower()
    explicit = None if port == {"http": 80, "https": 443}[scheme] else port
    try:
        canonical = URL.build(
            scheme=scheme,
            host=f"[{host}]" if ":" in host else host,
            port=explicit,
            path=parsed.raw_path or "/",
            query_string=_filtered_query(parsed.raw_query_string),
            encoded=True,
        )
    except (ValueError, UnicodeError, TypeError) as exc:
        raise InvalidURLError(detail=str(exc)) from None
    if len(str(canonical)) > MAX_URL_LENGTH:
        raise InvalidURLError(f"That link is too long (over {MAX_URL_LENGTH:,} characters).")
    return canonical


def canonicalize_url(url: str) -> str:
    """Validate ``url`` and return its canonical spelling.

    Lower-case scheme and host, IDN hosts in punycode, no default port, no fragment, no
    trailing dot on the host, ``/`` for an empty path, tracking parameters removed (the
    other parameters keep their order and encoding). Raises :class:`InvalidURLError`,
    :class:`BadSchemeError` or :class:`BlockedAddressError` (odd numeric host spellings).
    """
    return str(parse_url(url))
