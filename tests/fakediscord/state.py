"""In-memory Discord world for the fake: snowflakes, users, guilds, channels, roles, messages.

Everything here is plain data plus the payload builders that turn it into the JSON shapes
discord.py 2.7 parses. No I/O: the REST server and the gateway mutate this and broadcast.
"""

# Waiting helpers take `timeout=` on purpose: it reads best in tests.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import discord

DISCORD_EPOCH_MS = 1420070400000

# Permission bits the fake reasons about (values from discord.py so they track the library).
P = discord.Permissions
ALL_PERMISSIONS = P.all().value
ADMINISTRATOR = P(administrator=True).value
VIEW_CHANNEL = P(view_channel=True).value
SEND_MESSAGES = P(send_messages=True).value
SEND_IN_THREADS = P(send_messages_in_threads=True).value
CREATE_PUBLIC_THREADS = P(create_public_threads=True).value
READ_HISTORY = P(read_message_history=True).value
MANAGE_MESSAGES = P(manage_messages=True).value
EMBED_LINKS = P(embed_links=True).value
# What @everyone gets in a freshly made guild, close to Discord's own default set.
DEFAULT_EVERYONE_PERMISSIONS = P(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    create_private_threads=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    read_message_history=True,
    use_application_commands=True,
    use_external_emojis=True,
    change_nickname=True,
    connect=True,
    speak=True,
).value

# Channel types we model.
GUILD_TEXT = 0
DM = 1
GUILD_CATEGORY = 4
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
THREAD_TYPES = (PUBLIC_THREAD, PRIVATE_THREAD, 10)

# Message flags.
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7


class Snowflakes:
    """Monotonic snowflake generator (real layout, so discord.utils.snowflake_time works)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0
        self._counter = itertools.count()

    def next(self) -> int:
        with self._lock:
            ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            value = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
            if value <= self._last:
                value = self._last + 1
            self._last = value
            return value

    def on_shard(self, shard_id: int, shard_count: int) -> int:
        """The next snowflake that Discord's rule puts on ``shard_id`` of ``shard_count``
        ((id >> 22) % count): its timestamp is moved up to the next such millisecond."""
        with self._lock:
            ms = max(int(time.time() * 1000) - DISCORD_EPOCH_MS, (self._last >> 22) + 1)
            ms += (shard_id - ms) % shard_count
            value = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
            self._last = value
            return value


def iso_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def snowflake_iso(snowflake: int) -> str:
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat()


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class FakeRole:
    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    mentionable: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass
class FakeChannel:
    id: int
    guild_id: int | None
    name: str
    type: int = GUILD_TEXT
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    # Raw Discord overwrites: {"id", "type": 0 role / 1 member, "allow", "deny"} (ints).
    overwrites: list[dict[str, int]] = field(default_factory=list)
    owner_id: int | None = None  # threads
    archived: bool = False
    recipients: list[FakeUser] = field(default_factory=list)  # DMs

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "flags": 0,
        }
        if self.type == DM:
            data["recipients"] = [u.payload() for u in self.recipients]
            data["last_message_id"] = None
            return data
        data["guild_id"] = str(self.guild_id)
        data["parent_id"] = str(self.parent_id) if self.parent_id else None
        if self.is_thread:
            data.update(
                owner_id=str(self.owner_id) if self.owner_id else None,
                rate_limit_per_user=0,
                message_count=0,
                member_count=1,
                total_message_sent=0,
                thread_metadata={
                    "archived": self.archived,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": iso_now(),
                    "locked": False,
                },
            )
            return data
        data.update(
            position=self.position,
            topic=self.topic,
            nsfw=False,
            rate_limit_per_user=0,
            last_message_id=None,
            permission_overwrites=[
                {
                    "id": str(o["id"]),
                    "type": o.get("type", 0),
                    "allow": str(o.get("allow", 0)),
                    "deny": str(o.get("deny", 0)),
                }
                for o in self.overwrites
            ],
        )
        return data


@dataclass
class FakeMember:
    user: FakeUser
    guild_id: int
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.role_ids],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    joined_at: str = field(default_factory=iso_now)

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]

    def role_named(self, name: str) -> FakeRole:
        for role in self.roles.values():
            if role.name == name:
                return role
        raise KeyError(f"no role {name!r} in guild {self.name!r}")

    def channel_named(self, name: str) -> FakeChannel:
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise KeyError(f"no channel {name!r} in guild {self.name!r}")

    def create_payload(self) -> dict[str, Any]:
        """The GUILD_CREATE body discord.py needs to build a full Guild."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "features": [],
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "channels": [c.payload() for c in self.channels.values() if not c.is_thread],
            "threads": [
                c.payload() for c in self.channels.values() if c.is_thread and not c.archived
            ],
            "members": [m.payload() for m in self.members.values()],
            "member_count": len(self.members),
            "large": False,
            "unavailable": False,
            "joined_at": self.joined_at,
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "max_members": 500000,
            "premium_progress_bar_enabled": False,
        }


def compute_permissions(
    guild: FakeGuild, member: FakeMember, channel: FakeChannel | None = None
) -> int:
    """Discord's permission algorithm: base role permissions, then channel overwrites.

    ADMINISTRATOR (or ownership) expands to every bit, as Discord sends it.
    """
    if member.user.id == guild.owner_id:
        return ALL_PERMISSIONS
    perms = guild.everyone.permissions
    for role_id in member.role_ids:
        role = guild.roles.get(role_id)
        if role is not None:
            perms |= role.permissions
    if perms & ADMINISTRATOR:
        return ALL_PERMISSIONS
    if channel is None:
        return perms
    if channel.is_thread and channel.parent_id in guild.channels:
        channel = guild.channels[channel.parent_id]
    by_id = {o["id"]: o for o in channel.overwrites}
    everyone = by_id.get(guild.id)
    if everyone:
        perms = (perms & ~everyone.get("deny", 0)) | everyone.get("allow", 0)
    allow = deny = 0
    for role_id in member.role_ids:
        o = by_id.get(role_id)
        if o and o.get("type", 0) == 0:
            allow |= o.get("allow", 0)
            deny |= o.get("deny", 0)
    perms = (perms & ~deny) | allow
    o = by_id.get(member.user.id)
    if o and o.get("type", 0) == 1:
        perms = (perms & ~o.get("deny", 0)) | o.get("allow", 0)
    if not perms & VIEW_CHANNEL:
        return 0
    return perms


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def resolve_mentions(
    content: str,
    allowed_mentions: dict[str, Any] | None,
    users: dict[int, FakeUser],
    guild: FakeGuild | None,
    replied_to: dict[str, Any] | None,
) -> tuple[list[dict[str, Any]], list[str], bool]:
    """Who a message would actually ping, applying Discord's allowed_mentions rules.

    Returns (mentions as user payloads, mention_roles ids, mention_everyone).
    """
    am = allowed_mentions
    parse = {"users", "roles", "everyone"} if am is None else set(am.get("parse", []))
    allowed_users = set() if am is None else {int(x) for x in am.get("users", [])}
    allowed_roles = set() if am is None else {int(x) for x in am.get("roles", [])}
    mentioned: dict[int, dict[str, Any]] = {}
    for raw in _USER_MENTION.findall(content):
        uid = int(raw)
        if uid in users and ("users" in parse or uid in allowed_users):
            mentioned[uid] = users[uid].payload()
    roles: list[str] = []
    for raw in _ROLE_MENTION.findall(content):
        rid = int(raw)
        if guild is not None and rid in guild.roles and ("roles" in parse or rid in allowed_roles):
            roles.append(str(rid))
    everyone = ("@everyone" in content or "@here" in content) and "everyone" in parse
    if replied_to is not None:
        replied_user = True if am is None else bool(am.get("replied_user", False))
        author = replied_to.get("author", {})
        if replied_user and author.get("id"):
            mentioned.setdefault(int(author["id"]), author)
    return list(mentioned.values()), roles, everyone


POLL_SECONDS = 0.02


class Notifier:
    """Wakes waiters whenever the world changes; waiters re-check their own predicate."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def _current(self) -> asyncio.Event:
        if self._event is None:
            self._event = asyncio.Event()
        return self._event

    def changed(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait_until(self, predicate: Any, timeout: float, what: str = "condition") -> Any:
        """Return predicate()'s first truthy value; raise TimeoutError naming `what`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            event = self._current()
            # Also poll: predicates may watch the client's state, which never notifies us.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, POLL_SECONDS))


class World:
    """All fake Discord state plus the operations both REST and the driver share."""

    def __init__(self) -> None:
        self.ids = Snowflakes()
        self.notifier = Notifier()
        self.users: dict[int, FakeUser] = {}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.channel_messages: dict[int, list[int]] = {}
        # Application commands as synced by the bot: scope (guild id, or None for global) → list.
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.interactions: dict[int, Any] = {}
        self.typing: list[tuple[int, float]] = []  # (channel id, time)
        self.reactions: list[tuple[str, int, int, str]] = []  # (op, channel, message, emoji)

    # -- lookups -----------------------------------------------------------------------------
    def guild_of(self, channel: FakeChannel) -> FakeGuild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id else None

    def member(self, guild: FakeGuild, user_id: int) -> FakeMember | None:
        return guild.members.get(user_id)

    def permissions_in(self, channel: FakeChannel, user_id: int) -> int:
        guild = self.guild_of(channel)
        if guild is None:
            return ALL_PERMISSIONS & ~ADMINISTRATOR
        member = guild.members.get(user_id)
        return 0 if member is None else compute_permissions(guild, member, channel)

    # -- messages ----------------------------------------------------------------------------
    def create_message(
        self,
        channel: FakeChannel,
        author: FakeUser,
        *,
        content: str = "",
        embeds: list[dict[str, Any]] | None = None,
        components: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        message_reference: dict[str, Any] | None = None,
        allowed_mentions: dict[str, Any] | None = None,
        flags: int = 0,
        type: int = 0,
        tts: bool = False,
        nonce: Any = None,
        webhook_id: int | None = None,
        application_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        sticker_ids: list[Any] | None = None,
    ) -> dict[str, Any]:
        guild = self.guild_of(channel)
        mid = self.ids.next()
        referenced = None
        if message_reference and message_reference.get("message_id"):
            referenced = self.messages.get(int(message_reference["message_id"]))
            if type == 0:
                type = 19  # REPLY
        mentions, mention_roles, mention_everyone = resolve_mentions(
            content, allowed_mentions, self.users, guild, referenced
        )
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": content,
            "timestamp": snowflake_iso(mid),
            "edited_timestamp": None,
            "tts": tts,
            "mention_everyone": mention_everyone,
            "mentions": mentions,
            "mention_roles": mention_roles,
            "mention_channels": [],
            "attachments": attachments or [],
            "embeds": embeds or [],
            "reactions": [],
            "pinned": False,
            "type": type,
            "flags": flags,
            "components": components or [],
            "sticker_items": [],
            # Not a Discord field: what the sender asked for, kept so tests can assert on it.
            "allowed_mentions": allowed_mentions,
        }
        if guild is not None:
            msg["guild_id"] = str(guild.id)
            member = guild.members.get(author.id)
            if member is not None and webhook_id is None:
                msg["member"] = member.payload(with_user=False)
        if nonce is not None:
            msg["nonce"] = nonce
        if webhook_id is not None:
            msg["webhook_id"] = str(webhook_id)
        if application_id is not None:
            msg["application_id"] = str(application_id)
        if interaction_metadata is not None:
            msg["interaction_metadata"] = interaction_metadata
        if message_reference:
            ref = {
                "type": 0,
                "message_id": str(message_reference["message_id"]),
                "channel_id": str(message_reference.get("channel_id") or channel.id),
            }
            if guild is not None:
                ref["guild_id"] = str(message_reference.get("guild_id") or guild.id)
            msg["message_reference"] = ref
            if referenced is not None:
                msg["referenced_message"] = {
                    k: v for k, v in referenced.items() if k != "referenced_message"
                }
        self.messages[mid] = msg
        if not flags & FLAG_EPHEMERAL:
            self.channel_messages.setdefault(channel.id, []).append(mid)
        self.notifier.changed()
        return msg

    def edit_message(self, msg: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        for key in ("content", "embeds", "components", "attachments", "allowed_mentions"):
            if key in changes and changes[key] is not None:
                msg[key] = changes[key]
            elif key in changes and key != "allowed_mentions":
                msg[key] = "" if key == "content" else []
        if "flags" in changes and changes["flags"] is not None:
            # Only SUPPRESS_EMBEDS can be toggled by an edit; keep ephemeral/loading bits.
            msg["flags"] = (msg["flags"] & ~(1 << 2)) | (int(changes["flags"]) & (1 << 2))
        msg["flags"] &= ~FLAG_LOADING
        msg["edited_timestamp"] = iso_now()
        if "content" in changes:
            channel = self.channels[int(msg["channel_id"])]
            mentions, roles, everyone = resolve_mentions(
                msg["content"],
                msg.get("allowed_mentions"),
                self.users,
                self.guild_of(channel),
                msg.get("referenced_message"),
            )
            msg.update(mentions=mentions, mention_roles=roles, mention_everyone=everyone)
        self.notifier.changed()
        return msg

    def delete_message(self, msg: dict[str, Any]) -> None:
        mid = int(msg["id"])
        self.messages.pop(mid, None)
        ids = self.channel_messages.get(int(msg["channel_id"]), [])
        if mid in ids:
            ids.remove(mid)
        msg["deleted"] = True  # Not a Discord field: lets tests holding the dict notice.
        self.notifier.changed()

    def history(self, channel_id: int) -> list[dict[str, Any]]:
        """Non-ephemeral messages of a channel, oldest first."""
        return [self.messages[m] for m in self.channel_messages.get(channel_id, [])]

    # -- commands ----------------------------------------------------------------------------
    def find_command(self, name: str, guild_id: int | None, type: int = 1) -> dict[str, Any] | None:
        for scope in (guild_id, None):
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == type:
                    return cmd
        return None
