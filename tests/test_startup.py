"""Starting the bot when Discord can't be reached: one plain line and a non-zero exit."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import aiohttp
import discord
from aiohttp.client_reqrep import ConnectionKey

from bot.config import load_settings
from bot.discord_ui.app import unreachable_error


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is


def _key(host: str, port: int) -> ConnectionKey:
    return ConnectionKey(host, port, False, True, None, None, None)


def _settings(api_base: str | None = None):
    env = {"DISCORD_TOKEN": "x.y.z"}
    if api_base:
        env["DISCORD_API_BASE"] = api_base
    return load_settings(env=env, dotenv=None)


def test_closed_port_gives_one_plain_line_and_no_voice_warnings(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "LOG_LEVEL"))}
    env |= {
        "DISCORD_TOKEN": "not.a.token",
        "DISCORD_API_BASE": f"http://127.0.0.1:{_closed_port()}/api/v10",
        "DATA_DIR": str(tmp_path / "data"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "Can't reach Discord: nothing answered at 127.0.0.1:" in proc.stderr
    assert "DISCORD_API_BASE" in proc.stderr
    # Precis never uses voice: discord.py's PyNaCl / davey warnings stay hidden.
    assert "PyNaCl" not in proc.stderr and "davey" not in proc.stderr


def test_debug_log_level_keeps_the_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env |= {
        "DISCORD_TOKEN": "not.a.token",
        "DISCORD_API_BASE": f"http://127.0.0.1:{_closed_port()}/api/v10",
        "DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "DEBUG",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=90,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr and "ClientConnectorError" in proc.stderr
    assert proc.stderr.rstrip().splitlines()[-1].startswith("precis: Can't reach Discord")


def test_dns_failure_names_the_host_and_dns() -> None:
    err = aiohttp.ClientConnectorError(_key("discord.com", 443), socket.gaierror(-2, "unknown"))
    msg = unreachable_error(err, _settings()).user_message
    assert msg.startswith("Can't reach Discord: the name discord.com does not resolve.")
    assert "DNS" in msg and "DISCORD_API_BASE" not in msg


def test_tls_failure_points_at_certificates() -> None:
    cert_error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    err = aiohttp.ClientConnectorCertificateError(_key("discord.com", 443), cert_error)
    msg = unreachable_error(err, _settings()).user_message
    assert "TLS handshake with discord.com failed" in msg
    assert "CA certificates" in msg


def test_gateway_not_found_and_timeouts_are_plain_too() -> None:
    settings = _settings("http://127.0.0.1:1/api/v10")
    gateway = unreachable_error(discord.GatewayNotFound(), settings).user_message
    assert "did not return a gateway address" in gateway and "DISCORD_API_BASE" in gateway
    late = unreachable_error(TimeoutError(), settings).user_message
    assert "did not answer in time" in late
