"""A fake Discord (REST v10 + JSON gateway) on 127.0.0.1 for end-to-end tests of discord.py bots.

Cheat sheet (all message dicts are the live stored Discord payloads):

    fake = FakeDiscord(message_content=True)        # or the `fake_discord` fixture
    await fake.start()                              # fake.api_base, fake.gateway_url, fake.token
    g = fake.add_guild("Test")                      # @everyone + "Admin" role + bot member
    fake.add_guild("B", shard=(1, 2))               # an id Discord routes to shard 1 of 2
    fake.recommended_shards = 2; fake.max_concurrency = 2   # what /gateway/bot answers
    ch = fake.add_channel(g, "news"); alice = fake.add_user("alice"); fake.add_member(g, alice)
    async with run_client(fake, bot): ...           # in-process client (fixtures.py), or
    env = fake.env(guild=g)                         # DISCORD_TOKEN/API_BASE/GATEWAY_URL/DEV_GUILD_ID
    await fake.wait_for_sync()                      # the bot PUT its commands

    msg = await fake.user_message(ch, alice, "see https://...")
    reply = await fake.wait_for_reply(msg)          # bot message whose message_reference is msg
    reply["embeds"], reply["mentions"], reply["allowed_mentions"], fake.typing_in(ch)
    await fake.wait_for_message(channel_id=int(msg["id"]))   # a thread started from msg
    await fake.assert_no_message(after=msg, within=1.0)      # the bot stayed silent

    inter = await fake.slash(g, ch, alice, "config", "watch", channel=ch)
    answer = await inter.wait_for_reply()           # after defer: once the loading msg is filled
    inter.deferred, inter.ephemeral, inter.followups, is_ephemeral(answer)
    await fake.context_menu(g, ch, alice, "Summarise article", target=msg)
    await fake.click(reply, "custom-id", alice); await fake.autocomplete(..., focused="x")

    fake.inject_http_error("POST", "/channels/{channel_id}/messages", status=429, retry_after=0.3)
    await fake.gateway_reconnect(); await fake.invalidate_session(resumable=False)
    await fake.remove_bot_from_guild(g); fake.assert_no_unknown_routes()
"""

from __future__ import annotations

from .driver import FakeDiscord
from .interactions import FakeInteraction, is_ephemeral
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
    "is_ephemeral",
]
