"""A fake Discord (REST v10 + JSON gateway) on 127.0.0.1 for end-to-end tests of discord.py bots.

Start with `FakeDiscord` (see driver.py) or the `fake_discord` / `discord_client_env` fixtures
in fixtures.py.
"""

from __future__ import annotations

from .driver import FakeDiscord
from .interactions import FakeInteraction
from .server import HTTPFault, RecordedRequest
from .state import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser

__all__ = [
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "HTTPFault",
    "RecordedRequest",
]
