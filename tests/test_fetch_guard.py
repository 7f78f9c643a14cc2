"""The private-network guard, tested at the guard itself: no packet leaves the machine.

Blocked ranges are checked by literal (the address validator and ``Guard.check_url``) and
by name (``GuardedResolver`` around a test resolver that returns those addresses). The
resolver is called directly here; nothing connects anywhere.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from bot.errors import BlockedAddressError, BlockedPortError, DNSError
from bot.fetch.guard import (
    ALLOWED_PORTS,
    BLOCKED_IPV4,
    BLOCKED_IPV6,
    Guard,
    GuardedResolver,
    is_blocked_address,
)
from bot.fetch.urls import parse_url
from tests.fetchserver import MapResolver, TripwireError, install_tripwire

# The ranges the issue lists, spelled out so a change to the module's table can't hide one.
ISSUE_V4 = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
]
ISSUE_V6 = [
    "::/128",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
    "2001:db8::/32",
    "64:ff9b::/96",
    "2001::/32",
    "2002::/16",
]


def _samples(cidr: str) -> list[str]:
    net = ipaddress.ip_network(cidr)
    picks = {
        net.network_address,
        net.broadcast_address,
        net.network_address + net.num_addresses // 2,
    }
    if net.num_addresses > 2:
        picks.add(net.network_address + 1)
    return sorted(str(a) for a in picks)


V4_SAMPLES = [a for cidr in ISSUE_V4 for a in _samples(cidr)]
V6_SAMPLES = [a for cidr in ISSUE_V6 for a in _samples(cidr)]
MAPPED_SAMPLES = [f"::ffff:{a}" for a in V4_SAMPLES]
COMPATIBLE_SAMPLES = [f"::{a}" for a in V4_SAMPLES]
TRANSLATED_SAMPLES = [f"::ffff:0:{a}" for a in V4_SAMPLES[::4]]
NAT64_SAMPLES = ["64:ff9b::8.8.8.8", "64:ff9b::127.0.0.1", "64:ff9b::169.254.169.254"]
SIXTOFOUR_SAMPLES = ["2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:808:808::1"]
TEREDO_SAMPLES = ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:0:7f00:1::1"]
ALL_BLOCKED = (
    V4_SAMPLES
    + V6_SAMPLES
    + MAPPED_SAMPLES
    + COMPATIBLE_SAMPLES
    + TRANSLATED_SAMPLES
    + NAT64_SAMPLES
    + SIXTOFOUR_SAMPLES
    + TEREDO_SAMPLES
    + ["169.254.169.254", "fd00:ec2::254", "100::1", "fe80::1%2"]
)
PUBLIC = [
    "93.184.215.14",
    "1.1.1.1",
    "8.8.8.8",
    "100.63.255.255",  # just below the shared address space
    "100.128.0.0",  # just above it
    "172.15.255.255",
    "172.32.0.0",
    "192.0.3.1",
    "198.17.255.255",
    "198.20.0.0",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:81d::200e",
    "::ffff:8.8.8.8",  # IPv4-mapped public: judged as the IPv4 address
]


def test_module_table_contains_every_issue_range() -> None:
    v4 = {str(n) for n in BLOCKED_IPV4}
    v6 = {str(n) for n in BLOCKED_IPV6}
    assert set(ISSUE_V4) <= v4
    assert set(ISSUE_V6) <= v6
    assert {80, 443, 8080, 8443} == ALLOWED_PORTS


@pytest.mark.parametrize("address", ALL_BLOCKED)
def test_blocked_address_by_validator(address: str) -> None:
    assert is_blocked_address(address)
    assert is_blocked_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert not is_blocked_address(address)


@pytest.mark.parametrize("address", [a for a in ALL_BLOCKED if "%" not in a])
@pytest.mark.parametrize("port", [80, 443, 8080, 8443])
def test_blocked_literal_in_a_url(address: str, port: int) -> None:
    host = f"[{address}]" if ":" in address else address
    url = parse_url(f"http://{host}:{port}/")
    with pytest.raises(BlockedAddressError) as info:
        Guard().check_url(url)
    assert "private network" in info.value.user_message


@pytest.mark.parametrize("address", PUBLIC)
def test_public_literal_in_a_url_passes(address: str) -> None:
    host = f"[{address}]" if ":" in address else address
    Guard().check_url(parse_url(f"https://{host}/"))


@pytest.mark.parametrize("port", [22, 25, 6379, 9200, 11211, 8000, 3000])
def test_other_ports_refused(port: int) -> None:
    with pytest.raises(BlockedPortError) as info:
        Guard().check_url(parse_url(f"http://news.example:{port}/"))
    assert str(port) in info.value.user_message


def test_localhost_names_refused_without_lookup() -> None:
    for name in ("localhost", "LOCALHOST.", "api.localhost"):
        with pytest.raises(BlockedAddressError):
            Guard().check_url(parse_url(f"http://{name}/"))


def test_allow_private_opens_exact_pairs_only() -> None:
    guard = Guard(["127.0.0.1:8765", "::1:8766", "Wiki.Intranet:8080"])
    guard.check_url(parse_url("http://127.0.0.1:8765/"))
    guard.check_url(parse_url("http://[::1]:8766/"))
    guard.check_url(parse_url("http://wiki.intranet:8080/"))
    for url, error in [
        ("http://127.0.0.1:8766/", BlockedPortError),  # other port
        ("http://127.0.0.2:8765/", BlockedPortError),  # other address, same port
        ("http://localhost:8765/", BlockedPortError),  # other spelling of the host
        ("http://[::1]:8765/", BlockedPortError),
        ("http://127.0.0.1/", BlockedAddressError),  # standard port, still private
        ("http://[::ffff:127.0.0.1]:8765/", BlockedPortError),
    ]:
        with pytest.raises(error):
            guard.check_url(parse_url(url))


def test_bad_allow_private_entries_are_rejected() -> None:
    for item in ("127.0.0.1", "host:", ":80", "host:http", "host:70000"):
        with pytest.raises(ValueError):
            Guard([item])


# --- by name: the resolver wrapper ------------------------------------------------------------


@pytest.mark.parametrize("address", ALL_BLOCKED)
async def test_blocked_address_by_name(address: str) -> None:
    inner = MapResolver({"innocent.example": [address]})
    resolver = GuardedResolver(inner, Guard())
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("innocent.example", 443, socket.AF_UNSPEC)
    assert inner.lookups["innocent.example"] == 1


async def test_refused_if_any_address_is_blocked() -> None:
    inner = MapResolver({"mixed.example": ["93.184.215.14", "2606:4700::1", "10.1.2.3"]})
    with pytest.raises(BlockedAddressError):
        await GuardedResolver(inner, Guard()).resolve("mixed.example", 443)


async def test_public_name_returns_exactly_the_checked_addresses() -> None:
    inner = MapResolver({"news.example": ["93.184.215.14", "2606:4700::1"]})
    results = await GuardedResolver(inner, Guard()).resolve("news.example", 443)
    assert [r["host"] for r in results] == ["93.184.215.14", "2606:4700::1"]
    assert inner.lookups["news.example"] == 1


async def test_dns_failure_and_empty_answers_are_dns_errors() -> None:
    resolver = GuardedResolver(MapResolver({"empty.example": []}), Guard())
    with pytest.raises(DNSError):
        await resolver.resolve("missing.example", 443)
    with pytest.raises(DNSError):
        await resolver.resolve("empty.example", 443)


async def test_resolver_refuses_odd_numeric_names_and_localhost() -> None:
    inner = MapResolver({"2130706433": ["127.0.0.1"], "localhost": ["127.0.0.1"]})
    resolver = GuardedResolver(inner, Guard())
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("2130706433", 80)
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("localhost", 80)
    assert sum(inner.lookups.values()) == 0  # refused before asking


async def test_allowed_pair_may_resolve_privately() -> None:
    inner = MapResolver({"wiki.intranet": ["10.0.0.5"]})
    resolver = GuardedResolver(inner, Guard(["wiki.intranet:8080"]))
    assert [r["host"] for r in await resolver.resolve("wiki.intranet", 8080)] == ["10.0.0.5"]
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("wiki.intranet", 80)


def test_tripwire_stops_non_loopback_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    # The safety net the fetcher tests rely on: proves it fires before any packet is sent.
    attempts: list[object] = []
    install_tripwire(monkeypatch, attempts)
    with socket.socket() as sock, pytest.raises(TripwireError):
        sock.connect(("192.0.2.1", 9))
    assert attempts == [("192.0.2.1", 9)]
