"""The private-network guard: which addresses and ports Precis may connect to.

Addresses are checked in two places, because aiohttp only asks a resolver about hostnames:

* :meth:`Guard.check_url` checks the port and IP-literal hosts before any request is made;
* :class:`GuardedResolver` wraps the real resolver, refuses a hostname if *any* of its
  addresses is blocked, and hands aiohttp exactly the addresses it checked, so the
  connection goes to a checked address with no second lookup (no DNS rebinding).

The blocked ranges are an explicit list: ``ipaddress``'s ``is_private``/``is_global`` flags
miss several of them (shared address space, 6to4, Teredo, NAT64, IPv4-compatible forms).
The only way through is an exact ``host:port`` pair in ``allow_private``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from bot.errors import BlockedAddressError, BlockedPortError, DNSError
from bot.fetch.urls import classify_host

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_PORTS = frozenset({80, 443, 8080, 8443})

BLOCKED_IPV4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT shared space
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata (169.254.169.254)
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # TEST-NET-1
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # TEST-NET-2
        "203.0.113.0/24",  # TEST-NET-3
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved
        "255.255.255.255/32",  # broadcast (inside 240/4; listed for the record)
    )
)

BLOCKED_IPV6 = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "::/128",  # unspecified
        "::1/128",  # loopback
        "::/96",  # IPv4-compatible (deprecated), includes the two above
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001::/32",  # Teredo
        "2001:2::/48",  # benchmarking
        "2001:10::/28",  # ORCHID
        "2001:20::/28",  # ORCHIDv2
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 SIDs
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)

# Belt and braces: anything outside global unicast 2000::/3 (after unwrapping IPv4-mapped
# addresses) is refused too, so a range missing from the list above still can't get through.
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_MAPPED_V6 = ipaddress.IPv6Network("::ffff:0:0/96")


def is_blocked_address(address: IPAddress | str) -> bool:
    """True if Precis must never connect to ``address`` (IPv4, IPv6 or their string)."""
    if isinstance(address, str):
        try:
            address = ipaddress.ip_address(address)
        except ValueError:
            return True  # unparseable: never connect
    if isinstance(address, ipaddress.IPv4Address):
        return any(address in net for net in BLOCKED_IPV4)
    if address in _MAPPED_V6:
        return is_blocked_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if address.scope_id:
        return True
    if any(address in net for net in BLOCKED_IPV6):
        return True
    return address not in _GLOBAL_UNICAST_V6


def _split_pair(item: str) -> tuple[str, int]:
    host, sep, port = item.strip().lower().rpartition(":")
    host = host.strip("[]").rstrip(".")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"allow_private takes exact host:port pairs; {item!r} isn't one")
    with contextlib.suppress(ValueError):
        host = ipaddress.ip_address(host).compressed
    return host, int(port)


class Guard:
    """Decides whether a host, port and its addresses may be contacted."""

    def __init__(self, allow_private: Iterable[str] = ()) -> None:
        self._allowed: frozenset[tuple[str, int]] = frozenset(
            _split_pair(item) for item in allow_private
        )

    def is_allowed_pair(self, host: str, port: int) -> bool:
        """True only for an exact ``host:port`` pair from ``allow_private``."""
        return (host.lower().rstrip("."), port) in self._allowed

    def check_url(self, url: URL) -> None:
        """Refuse a canonical URL's port and, for IP-literal hosts, its address."""
        host = (url.raw_host or "").lower().rstrip(".")
        port = url.port or 0
        address = classify_host(host)
        if address is not None:
            host = address.compressed
        if self.is_allowed_pair(host, port):
            return
        if port not in ALLOWED_PORTS:
            raise BlockedPortError(
                f"That link uses network port {port}; I only fetch from the standard web "
                "ports (80, 443, 8080 and 8443).",
                detail=f"{host}:{port}",
            )
        if address is not None and is_blocked_address(address):
            raise BlockedAddressError(detail=f"{host}:{port}")
        if address is None and (host == "localhost" or host.endswith(".localhost")):
            raise BlockedAddressError(detail=f"{host} is always loopback")

    def check_resolved(self, host: str, port: int, results: list[ResolveResult]) -> None:
        """Refuse ``host`` if any of its resolved addresses is blocked."""
        if not results:
            raise DNSError(detail=f"no addresses for {host}")
        if self.is_allowed_pair(host, port):
            return
        for result in results:
            if is_blocked_address(result["host"]):
                raise BlockedAddressError(detail=f"{host} resolves to {result['host']}")


class GuardedResolver(AbstractResolver):
    """Wraps any aiohttp resolver; returns only addresses the guard has checked."""

    def __init__(self, inner: AbstractResolver, guard: Guard) -> None:
        self._inner = inner
        self._guard = guard

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        name = host.lower().rstrip(".")
        # aiohttp never asks about IP literals, but a numeric spelling that slipped past
        # would be turned into an address by getaddrinfo: refuse it here too.
        classify_host(name)
        if not self._guard.is_allowed_pair(name, port) and (
            name == "localhost" or name.endswith(".localhost")
        ):
            raise BlockedAddressError(detail=f"{name} is always loopback")
        try:
            results = await self._inner.resolve(host, port, family)
        except OSError as exc:
            raise DNSError(detail=f"{host}: {exc}") from None
        results = list(results)
        self._guard.check_resolved(name, port, results)
        return results

    async def close(self) -> None:
        await self._inner.close()


def describe_blocked() -> dict[str, Any]:
    """The blocked ranges as strings, for documentation and the report."""
    return {
        "ipv4": [str(n) for n in BLOCKED_IPV4],
        "ipv6": [str(n) for n in BLOCKED_IPV6],
        "ipv6_also": "anything outside 2000::/3; IPv4-mapped addresses checked as IPv4",
        "ports": sorted(ALLOWED_PORTS),
    }
