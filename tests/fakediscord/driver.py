"""FakeDiscord: starts the loopback server and is the API tests drive it with.

fake = FakeDiscord(); await fake.start()
g = fake.add_guild("Test"); ch = fake.add_channel(g, "news"); u = fake.add_user("alice")
fake.add_member(g, u)
msg = await fake.user_message(ch, u, "look https://example.test/a")
reply = await fake.wait_for_reply(msg)
inter = await fake.slash(g, ch, u, "config", "watch", channel=ch)
answer = await inter.wait_for_reply()
"""

# Waiting helpers take `timeout=` on purpose: it reads best in tests.
# ruff: noqa: ASYNC109

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from aiohttp import web

from . import interactions as ix
from .gateway import Gateway
from .server import HTTPFault, RecordedRequest, RestAPI
from .state import (
    ALL_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    DM,
    GUILD_TEXT,
    PUBLIC_THREAD,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    World,
    compute_permissions,
)

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gw"

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)

Msg = dict[str, Any]
GuildLike = FakeGuild | int
ChannelLike = FakeChannel | int
UserLike = FakeUser | int
MessageLike = Msg | int | str


class FakeDiscord:
    """A stateful Discord (REST v10 + gateway) on 127.0.0.1 for discord.py clients."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_name: str = "Precis",
        message_content: bool = True,
        members_intent: bool = True,
        presences_intent: bool = False,
    ) -> None:
        self.world = World()
        self.token = token or "fake-" + secrets.token_urlsafe(24)
        self.application_id = self.world.ids.next()
        self.bot_user = FakeUser(self.application_id, bot_name, bot=True)
        self.world.users[self.bot_user.id] = self.bot_user
        self.owner = self.add_user("owner")
        # Privileged intents as toggled in the Developer Portal; identify with one off → 4014.
        self.privileged_intents = {
            "message_content": message_content,
            "members": members_intent,
            "presences": presences_intent,
        }
        self.sync_count = 0
        # What /gateway/bot answers: the shard count Discord recommends, and how many shards
        # may IDENTIFY at once (session_start_limit.max_concurrency).
        self.recommended_shards = 1
        self.max_concurrency = 1
        # Discord hides commands whose default_member_permissions a user lacks; off by default
        # so tests can check the bot's own permission checks (a guild may override the default).
        self.enforce_default_permissions = False
        # Seconds the bot has to acknowledge an interaction (Discord: 3). None = no limit,
        # the default because a loaded CI machine can be slow; set 3.0 to check deferrals.
        self.interaction_deadline: float | None = None
        # The fake_discord fixture fails a test that hit unknown routes unless this is set.
        self.expect_unknown_routes = False
        self.rest = RestAPI(self)
        self.gateway = Gateway(self)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self, port: int = 0) -> FakeDiscord:
        """Listen on 127.0.0.1 (an ephemeral port unless `port`; pass the old port after
        `stop()` to simulate an outage: the world and gateway sessions survive)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get(GATEWAY_PATH, self.gateway.handle)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.rest.handle)
        app.router.add_route("*", "/{tail:.*}", self._outside_api)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        # Loopback only: tests never listen on or talk to anything else.
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        await self.gateway.close_sockets(1001, "fake Discord stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _outside_api(self, request: web.Request) -> web.Response:
        rec = RecordedRequest(request.method, request.path, "", None, dict(request.query), 404)
        self.rest.requests.append(rec)
        self.rest.unknown.append(rec)
        return web.json_response({"message": f"fake Discord: unknown {request.path}"}, status=404)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    def env(self, guild: GuildLike | None = None) -> dict[str, str]:
        """Environment for a bot process pointed at this fake (Precis setting names)."""
        out = {
            "DISCORD_TOKEN": self.token,
            "DISCORD_API_BASE": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
            "OWNER_IDS": str(self.owner.id),
        }
        if guild is not None:
            out["DEV_GUILD_ID"] = str(self.guild(guild).id)
        return out

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    def application_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "icon": None,
            "description": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "bot": self.bot_user.payload(),
            "owner": self.owner.payload(),
            "team": None,
            "summary": "",
            "verify_key": "0" * 64,
            "flags": 0,
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "approximate_guild_count": len(self.bot_guilds()),
            "tags": [],
            "integration_types_config": {},
        }

    # -- world building ----------------------------------------------------------------------
    def add_user(self, name: str, *, bot: bool = False) -> FakeUser:
        user = FakeUser(self.world.ids.next(), name, bot=bot)
        self.world.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        owner: FakeUser | None = None,
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        bot_permissions: int | None = None,
        with_bot: bool = True,
        shard: tuple[int, int] | None = None,
    ) -> FakeGuild:
        """A guild with @everyone, an "Admin" role (ADMINISTRATOR) and the owner as member.

        The bot joins with a managed role holding `bot_permissions` (default: none beyond
        @everyone) unless `with_bot` is False (then use `add_bot_to_guild` later).
        `shard=(id, count)` picks a guild id that Discord's rule puts on that shard.
        """
        owner = owner or self.owner
        gid = self.world.ids.on_shard(*shard) if shard else self.world.ids.next()
        guild = FakeGuild(gid, name, owner.id)
        guild.roles[gid] = FakeRole(gid, gid, "@everyone", everyone_permissions, position=0)
        admin = FakeRole(self.world.ids.next(), gid, "Admin", ALL_PERMISSIONS, position=2)
        guild.roles[admin.id] = admin
        self.world.guilds[gid] = guild
        guild.members[owner.id] = FakeMember(owner, gid)
        if with_bot:
            self._join_bot(guild, bot_permissions)
        return guild

    def _join_bot(self, guild: FakeGuild, permissions: int | None) -> FakeMember:
        role = FakeRole(
            self.world.ids.next(), guild.id, self.bot_user.username, permissions or 0, 1, True
        )
        guild.roles[role.id] = role
        member = FakeMember(self.bot_user, guild.id, [role.id])
        guild.members[self.bot_user.id] = member
        return member

    def add_role(
        self, guild: GuildLike, name: str, permissions: int = 0, *, position: int = 1
    ) -> FakeRole:
        g = self.guild(guild)
        role = FakeRole(self.world.ids.next(), g.id, name, permissions, position)
        g.roles[role.id] = role
        return role

    def add_channel(
        self,
        guild: GuildLike,
        name: str,
        *,
        type: int = GUILD_TEXT,
        topic: str | None = None,
        overwrites: list[dict[str, int]] | None = None,
        parent: ChannelLike | None = None,
    ) -> FakeChannel:
        """A guild channel (set `overwrites` before the bot connects, or call `broadcast_guild`)."""
        g = self.guild(guild)
        ch = FakeChannel(
            self.world.ids.next(),
            g.id,
            name,
            type=type,
            position=len(g.channels),
            topic=topic,
            overwrites=list(overwrites or []),
            parent_id=self.channel(parent).id if parent is not None else None,
        )
        g.channels[ch.id] = ch
        self.world.channels[ch.id] = ch
        return ch

    async def create_channel(self, guild: GuildLike, name: str, **kwargs: Any) -> FakeChannel:
        """`add_channel` while the bot is connected: also dispatches CHANNEL_CREATE."""
        ch = self.add_channel(guild, name, **kwargs)
        await self.gateway.dispatch("CHANNEL_CREATE", ch.payload())
        return ch

    def add_thread(
        self,
        parent: ChannelLike,
        name: str,
        *,
        thread_id: int | None = None,
        owner: FakeUser | None = None,
        type: int = PUBLIC_THREAD,
    ) -> FakeChannel:
        p = self.channel(parent)
        assert p.guild_id is not None
        th = FakeChannel(
            thread_id or self.world.ids.next(),
            p.guild_id,
            name,
            type=type,
            parent_id=p.id,
            owner_id=(owner or self.bot_user).id,
        )
        self.world.guilds[p.guild_id].channels[th.id] = th
        self.world.channels[th.id] = th
        return th

    def add_member(
        self,
        guild: GuildLike,
        user: FakeUser,
        *,
        admin: bool = False,
        roles: list[FakeRole] | None = None,
        nick: str | None = None,
    ) -> FakeMember:
        g = self.guild(guild)
        role_ids = [r.id for r in roles or []]
        if admin:
            role_ids.append(g.role_named("Admin").id)
        member = FakeMember(user, g.id, role_ids, nick=nick)
        g.members[user.id] = member
        return member

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        for ch in self.world.channels.values():
            if ch.type == DM and ch.recipients and ch.recipients[0].id == user.id:
                return ch
        ch = FakeChannel(self.world.ids.next(), None, "", type=DM, recipients=[user])
        self.world.channels[ch.id] = ch
        return ch

    def bot_guilds(self) -> list[FakeGuild]:
        return [g for g in self.world.guilds.values() if self.bot_user.id in g.members]

    # -- lookups -----------------------------------------------------------------------------
    def guild(self, guild: GuildLike) -> FakeGuild:
        return self.world.guilds[guild if isinstance(guild, int) else guild.id]

    def channel(self, channel: ChannelLike) -> FakeChannel:
        return self.world.channels[channel if isinstance(channel, int) else channel.id]

    def user(self, user: UserLike) -> FakeUser:
        return self.world.users[user if isinstance(user, int) else user.id]

    def message(self, message: MessageLike) -> Msg:
        if isinstance(message, dict):
            return self.world.messages.get(int(message["id"]), message)
        return self.world.messages[int(message)]

    def messages_in(self, channel: ChannelLike) -> list[Msg]:
        """Non-ephemeral messages in a channel, oldest first (live dicts)."""
        return self.world.history(self.channel(channel).id)

    def bot_messages(self, channel: ChannelLike | None = None) -> list[Msg]:
        """Every message the bot authored (incl. ephemeral ones), oldest first."""
        bot = str(self.bot_user.id)
        out = [m for m in self.world.messages.values() if m["author"]["id"] == bot]
        if channel is not None:
            cid = str(self.channel(channel).id)
            out = [m for m in out if m["channel_id"] == cid]
        return sorted(out, key=lambda m: int(m["id"]))

    def typing_in(self, channel: ChannelLike) -> int:
        """How many times the bot triggered the typing indicator in a channel."""
        cid = self.channel(channel).id
        return sum(1 for c, _ in self.world.typing if c == cid)

    def commands(self, guild: GuildLike | None = None) -> list[dict[str, Any]]:
        """Commands as last synced, globally (guild=None) or for one guild."""
        return self.world.commands.get(None if guild is None else self.guild(guild).id, [])

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.rest.requests

    def requests_to(self, method: str, route: str) -> list[RecordedRequest]:
        """Recorded requests whose template (or concrete path) is `route`."""
        return [r for r in self.rest.requests if r.method == method and route in (r.route, r.path)]

    @property
    def unknown_routes(self) -> list[RecordedRequest]:
        return self.rest.unknown

    def assert_no_unknown_routes(self) -> None:
        """Fail if the client hit a route the fake does not implement, or one it choked on."""
        problems = [f"unknown route {r.method} {r.path}" for r in self.rest.unknown]
        problems += [
            f"{r.method} {r.path} crashed the fake ({err})" for r, err in self.rest.crashes
        ]
        if problems:
            raise AssertionError("fake Discord: " + "; ".join(problems))

    # -- waiting -----------------------------------------------------------------------------
    async def wait_until(
        self, predicate: Callable[[], Any], timeout: float = 10, what: str = "condition"
    ) -> Any:
        """Wait until predicate() is truthy (re-checked on every change); return its value."""
        return await self.world.notifier.wait_until(predicate, timeout, what)

    async def wait_for_message(
        self,
        *,
        channel_id: int | None = None,
        author_id: int | None = None,
        after: MessageLike | None = None,
        check: Callable[[Msg], bool] | None = None,
        timeout: float = 10,
    ) -> Msg:
        """First stored message (oldest first) matching all filters; `after` keeps only newer
        ones than that message/id. Includes ephemeral interaction messages."""
        floor = 0 if after is None else int(after["id"] if isinstance(after, dict) else after)

        def find() -> Msg | None:
            for mid in sorted(self.world.messages):
                m = self.world.messages[mid]
                if mid <= floor:
                    continue
                if channel_id is not None and int(m["channel_id"]) != int(channel_id):
                    continue
                if author_id is not None and int(m["author"]["id"]) != int(author_id):
                    continue
                if check is not None and not check(m):
                    continue
                return m
            return None

        return await self.wait_until(find, timeout, "a matching message")

    async def wait_for_reply(self, message: MessageLike, timeout: float = 10) -> Msg:
        """The bot's message replying (message_reference) to `message`."""
        mid = str(self.message(message)["id"])
        return await self.wait_for_message(
            author_id=self.bot_user.id,
            check=lambda m: (m.get("message_reference") or {}).get("message_id") == mid,
            timeout=timeout,
        )

    async def assert_no_message(
        self,
        *,
        channel_id: int | None = None,
        author_id: int | None = None,
        after: MessageLike | None = None,
        check: Callable[[Msg], bool] | None = None,
        within: float = 0.5,
    ) -> None:
        """Fail if a matching message (by default: from the bot) appears within `within` s."""
        try:
            found = await self.wait_for_message(
                channel_id=channel_id,
                author_id=self.bot_user.id if author_id is None else author_id,
                after=after,
                check=check,
                timeout=within,
            )
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message {found['id']}: {found['content']!r}")

    async def wait_for_ready(self, timeout: float = 10) -> None:
        """Until some client has identified and holds a live gateway connection."""
        await self.wait_until(lambda: self.gateway.live_sessions(), timeout, "a gateway session")

    async def wait_for_sync(self, count: int = 1, timeout: float = 10) -> None:
        await self.wait_until(lambda: self.sync_count >= count, timeout, f"{count} command sync(s)")

    # -- users acting ------------------------------------------------------------------------
    async def user_message(
        self,
        channel: ChannelLike,
        user: UserLike,
        content: str = "",
        *,
        embeds: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        reply_to: MessageLike | None = None,
        bot: bool | None = None,
    ) -> Msg:
        """A user posts a message (stored, then MESSAGE_CREATE). Returns the message dict.

        ``attachments`` are attachment objects from :meth:`attachment` (their URLs point
        wherever the test serves the files from, e.g. the loopback page server)."""
        ch = self.channel(channel)
        author = self.user(user)
        guild = self.world.guild_of(ch)
        if guild is not None and author.id not in guild.members:
            raise ValueError(f"{author.username} is not a member of {guild.name}")
        if bot is not None:
            author = FakeUser(author.id, author.username, bot=bot, global_name=author.global_name)
        ref = None
        if reply_to is not None:
            ref = {"message_id": self.message(reply_to)["id"], "channel_id": str(ch.id)}
        msg = self.world.create_message(
            ch, author, content=content, embeds=embeds, attachments=attachments,
            message_reference=ref,
        )  # fmt: skip
        await self.gateway.dispatch_message("MESSAGE_CREATE", msg)
        return msg

    def attachment(
        self, filename: str, url: str, *, size: int, content_type: str | None = None
    ) -> dict[str, Any]:
        """An attachment object as Discord sends it: ``url`` gets the CDN's expiring signature
        parameters (``ex``, ``is``, ``hm``) appended, fresh each time, as Discord does."""
        aid = self.world.ids.next()
        signed = (
            f"{url}{'&' if '?' in url else '?'}ex={secrets.token_hex(4)}"
            f"&is={secrets.token_hex(4)}&hm={secrets.token_hex(16)}&"
        )
        data: dict[str, Any] = {
            "id": str(aid),
            "filename": filename,
            "size": size,
            "url": signed,
            "proxy_url": signed,
        }
        if content_type is not None:
            data["content_type"] = content_type
        return data

    async def user_edit(self, message: MessageLike, content: str) -> Msg:
        msg = self.message(message)
        self.world.edit_message(msg, {"content": content})
        await self.gateway.dispatch_message("MESSAGE_UPDATE", msg)
        return msg

    async def user_delete(self, message: MessageLike) -> None:
        msg = self.message(message)
        self.world.delete_message(msg)
        await self.gateway.dispatch_message_delete(msg)

    # -- interactions ------------------------------------------------------------------------
    def _base_interaction(
        self, kind: int, guild: FakeGuild | None, channel: FakeChannel, user: FakeUser, locale: str
    ) -> tuple[int, str, dict[str, Any]]:
        iid = self.world.ids.next()
        token = "itok-" + secrets.token_urlsafe(32)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": kind,
            "token": token,
            "version": 1,
            "channel_id": str(channel.id),
            "locale": locale,
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(self.world.permissions_in(channel, self.bot_user.id)),
        }
        channel_data = channel.payload()
        if guild is not None:
            member = guild.members.get(user.id)
            if member is None:
                raise ValueError(f"{user.username} is not a member of {guild.name}")
            perms = compute_permissions(guild, member, channel)
            channel_data["permissions"] = str(perms)
            payload.update(
                guild_id=str(guild.id),
                guild_locale="en-US",
                guild={"id": str(guild.id), "locale": "en-US", "features": []},
                member=member.payload(permissions=perms),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
        else:
            payload.update(
                user=user.payload(), authorizing_integration_owners={"1": str(user.id)}, context=1
            )
        payload["channel"] = channel_data
        return iid, token, payload

    async def _send_interaction(
        self, iid: int, token: str, payload: dict[str, Any], message: Msg | None = None
    ) -> ix.FakeInteraction:
        inter = ix.FakeInteraction(iid, token, payload["type"], payload, self.world.notifier)
        inter.message = message
        self.world.interactions[iid] = inter
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return inter

    def _command(self, guild: FakeGuild | None, name: str, type: int) -> dict[str, Any]:
        cmd = self.world.find_command(name, guild.id if guild else None, type)
        if cmd is None:
            known = sorted(
                f"{c['name']} (type {c.get('type', 1)})"
                for scope in (guild.id if guild else None, None)
                for c in self.world.commands.get(scope, [])
            )
            raise LookupError(f"command {name!r} (type {type}) was never synced; synced: {known}")
        return cmd

    def can_use_command(self, guild: GuildLike, user: UserLike, name: str, type: int = 1) -> bool:
        """Whether Discord would show `name` to `user`: its default_member_permissions are
        all held (administrators see everything). Per-guild overrides are not modelled."""
        g, u = self.guild(guild), self.user(user)
        cmd = self._command(g, name, type)
        member = g.members.get(u.id)
        if member is None:
            return False
        needed = cmd.get("default_member_permissions")
        if needed is None:
            return True
        held = compute_permissions(g, member)
        if held == ALL_PERMISSIONS:
            return True
        # "0" means administrators only.
        return int(needed) != 0 and held & int(needed) == int(needed)

    async def slash(
        self,
        guild: GuildLike | None,
        channel: ChannelLike,
        user: UserLike,
        /,
        *path: str,
        options: dict[str, Any] | None = None,
        locale: str = "en-US",
        **kwargs: Any,
    ) -> ix.FakeInteraction:
        """Invoke a synced slash command: `slash(g, ch, u, "config", "watch", channel=ch2)`.

        `path` is the command name then subcommand group/subcommand names; keyword arguments
        (or `options` for names that aren't identifiers) are checked against the synced
        schema (unknown/missing-required/choices/ranges raise ValueError) and converted:
        FakeChannel/FakeUser/FakeRole or ids for entity options (with `resolved` data).
        """
        if not path:
            raise ValueError("slash() needs the command name")
        g = self.guild(guild) if guild is not None else None
        ch = self.channel(channel)
        u = self.user(user)
        cmd = self._command(g, path[0], 1)
        hidden = g is not None and not self.can_use_command(g, u, cmd["name"])
        if self.enforce_default_permissions and hidden:
            raise PermissionError(f"{u.username} cannot see /{cmd['name']} in {g.name}")
        values = dict(options or {})
        values.update(kwargs)
        resolved: dict[str, dict[str, Any]] = {}
        opts = self._build_options(cmd, list(path[1:]), values, g, ch, resolved)
        iid, token, payload = self._base_interaction(ix.APPLICATION_COMMAND, g, ch, u, locale)
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": opts}
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        payload["data"] = data
        return await self._send_interaction(iid, token, payload)

    def _build_options(
        self,
        schema: dict[str, Any],
        path: list[str],
        values: dict[str, Any],
        guild: FakeGuild | None,
        channel: FakeChannel,
        resolved: dict[str, dict[str, Any]],
        *,
        partial: bool = False,
    ) -> list[dict[str, Any]]:
        options = schema.get("options") or []
        subs = [o for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if subs:
            if not path:
                names = [o["name"] for o in subs]
                raise ValueError(f"/{schema['name']} needs a subcommand: one of {names}")
            sub = next((o for o in subs if o["name"] == path[0]), None)
            if sub is None:
                raise ValueError(f"/{schema['name']} has no subcommand {path[0]!r}")
            inner = self._build_options(
                sub, path[1:], values, guild, channel, resolved, partial=partial
            )
            return [{"name": sub["name"], "type": sub["type"], "options": inner}]
        if path:
            raise ValueError(f"{schema['name']} has no subcommands but got {path}")
        by_name = {o["name"]: o for o in options}
        unknown = set(values) - set(by_name)
        if unknown:
            raise ValueError(
                f"unknown options {sorted(unknown)} for {schema['name']}; have {sorted(by_name)}"
            )
        out = []
        for opt in options:
            if opt["name"] not in values or values[opt["name"]] is None:
                if opt.get("required") and not partial:
                    raise ValueError(f"missing required option {opt['name']!r}")
                continue
            value = self._option_value(opt, values[opt["name"]], guild, resolved)
            out.append({"name": opt["name"], "type": opt["type"], "value": value})
        return out

    def _option_value(
        self,
        opt: dict[str, Any],
        value: Any,
        guild: FakeGuild | None,
        resolved: dict[str, dict[str, Any]],
    ) -> Any:
        kind, name = opt["type"], opt["name"]
        if kind in (STRING, INTEGER, NUMBER):
            if kind == STRING:
                value = str(value)
                lo, hi = opt.get("min_length"), opt.get("max_length")
                if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
                    raise ValueError(f"option {name!r}: length outside [{lo}, {hi}]")
            else:
                value = int(value) if kind == INTEGER else float(value)
                lo, hi = opt.get("min_value"), opt.get("max_value")
                if (lo is not None and value < lo) or (hi is not None and value > hi):
                    raise ValueError(f"option {name!r}: {value} outside [{lo}, {hi}]")
            choices = opt.get("choices")
            if choices and value not in [c["value"] for c in choices]:
                raise ValueError(f"option {name!r}: {value!r} is not one of the choices")
            return value
        if kind == BOOLEAN:
            return bool(value)
        if kind in (USER, MENTIONABLE) and (
            isinstance(value, FakeUser) or (isinstance(value, int) and value in self.world.users)
        ):
            user = self.user(value)
            resolved.setdefault("users", {})[str(user.id)] = user.payload()
            member = guild.members.get(user.id) if guild else None
            if member is not None:
                resolved.setdefault("members", {})[str(user.id)] = member.payload(
                    with_user=False,
                    permissions=compute_permissions(guild, member),  # type: ignore[arg-type]
                )
            return str(user.id)
        if kind in (ROLE, MENTIONABLE):
            rid = value.id if isinstance(value, FakeRole) else int(value)
            if guild is None or rid not in guild.roles:
                raise ValueError(f"option {name!r}: unknown role {rid}")
            resolved.setdefault("roles", {})[str(rid)] = guild.roles[rid].payload()
            return str(rid)
        if kind == CHANNEL:
            ch = self.channel(value)
            types = opt.get("channel_types")
            if types and ch.type not in types:
                raise ValueError(f"option {name!r}: channel type {ch.type} not in {types}")
            data = {
                "id": str(ch.id),
                "name": ch.name,
                "type": ch.type,
                "permissions": str(self.world.permissions_in(ch, self.bot_user.id)),
            }
            if ch.parent_id:
                data["parent_id"] = str(ch.parent_id)
            if ch.is_thread:
                data["thread_metadata"] = ch.payload()["thread_metadata"]
            resolved.setdefault("channels", {})[str(ch.id)] = data
            return str(ch.id)
        if kind == ATTACHMENT:
            if not isinstance(value, dict) or "id" not in value:
                raise ValueError(f"option {name!r}: pass an attachment from fake.attachment()")
            resolved.setdefault("attachments", {})[value["id"]] = value
            return value["id"]
        raise ValueError(f"option {name!r}: type {kind} is not supported by the fake")

    async def autocomplete(
        self,
        guild: GuildLike | None,
        channel: ChannelLike,
        user: UserLike,
        /,
        *path: str,
        focused: str,
        options: dict[str, Any] | None = None,
        locale: str = "en-US",
        **kwargs: Any,
    ) -> ix.FakeInteraction:
        """Type into option `focused` of a synced command: an AUTOCOMPLETE interaction.
        The focused value is sent as typed (a partial string); read `inter.choices`."""
        g = self.guild(guild) if guild is not None else None
        ch, u = self.channel(channel), self.user(user)
        cmd = self._command(g, path[0], 1)
        values = dict(options or {})
        values.update(kwargs)
        typed = values.pop(focused, "")
        opts = self._build_options(cmd, list(path[1:]), values, g, ch, {}, partial=True)
        leaf = opts
        while leaf and leaf[0]["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP):
            leaf = leaf[0]["options"]
        kind = self._leaf_option_type(cmd, list(path[1:]), focused)
        leaf.append({"name": focused, "type": kind, "value": typed, "focused": True})
        iid, token, payload = self._base_interaction(ix.AUTOCOMPLETE, g, ch, u, locale)
        payload["data"] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": opts}
        if "guild_id" in cmd:
            payload["data"]["guild_id"] = cmd["guild_id"]
        return await self._send_interaction(iid, token, payload)

    def _leaf_option_type(self, cmd: dict[str, Any], path: list[str], name: str) -> int:
        node = cmd
        for part in path:
            node = next(o for o in node.get("options") or [] if o["name"] == part)
        for opt in node.get("options") or []:
            if opt["name"] == name:
                if not opt.get("autocomplete"):
                    raise ValueError(f"option {name!r} does not have autocomplete enabled")
                return opt["type"]
        raise ValueError(f"no option {name!r} in {node['name']}")

    async def context_menu(
        self,
        guild: GuildLike | None,
        channel: ChannelLike,
        user: UserLike,
        name: str,
        /,
        *,
        target: MessageLike | FakeUser,
        locale: str = "en-US",
    ) -> ix.FakeInteraction:
        """Invoke a synced message (target=message) or user (target=FakeUser) context menu."""
        g = self.guild(guild) if guild is not None else None
        ch = self.channel(channel)
        u = self.user(user)
        iid, token, payload = self._base_interaction(ix.APPLICATION_COMMAND, g, ch, u, locale)
        if isinstance(target, FakeUser):
            cmd = self._command(g, name, 2)
            resolved: dict[str, Any] = {"users": {str(target.id): target.payload()}}
            member = g.members.get(target.id) if g else None
            if member is not None:
                resolved["members"] = {str(target.id): member.payload(with_user=False)}
            target_id = str(target.id)
        else:
            cmd = self._command(g, name, 3)
            msg = self.message(target)
            # Context menus always carry full content, even without the Message Content intent.
            wire = {k: v for k, v in msg.items() if k not in ("allowed_mentions", "deleted")}
            resolved = {"messages": {msg["id"]: wire}}
            target_id = msg["id"]
        data: dict[str, Any] = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": cmd["type"],
            "target_id": target_id,
            "resolved": resolved,
        }
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        payload["data"] = data
        return await self._send_interaction(iid, token, payload)

    async def click(
        self, message: MessageLike, custom_id: str, user: UserLike, *, locale: str = "en-US"
    ) -> ix.FakeInteraction:
        """Click the button `custom_id` on a stored message (must exist and be enabled)."""
        return await self._component(message, custom_id, user, 2, None, locale)

    async def select(
        self,
        message: MessageLike,
        custom_id: str,
        user: UserLike,
        values: list[str],
        *,
        locale: str = "en-US",
    ) -> ix.FakeInteraction:
        """Choose `values` in the string select `custom_id` on a stored message."""
        return await self._component(message, custom_id, user, 3, values, locale)

    async def _component(
        self,
        message: MessageLike,
        custom_id: str,
        user: UserLike,
        component_type: int,
        values: list[str] | None,
        locale: str,
    ) -> ix.FakeInteraction:
        msg = self.message(message)
        found = _find_component(msg.get("components") or [], custom_id)
        if found is None:
            raise LookupError(f"message {msg['id']} has no component with custom_id {custom_id!r}")
        if found.get("type") != component_type:
            raise LookupError(
                f"component {custom_id!r} is type {found.get('type')}, not {component_type}"
            )
        if found.get("disabled"):
            raise LookupError(f"component {custom_id!r} is disabled")
        ch = self.channel(int(msg["channel_id"]))
        g = self.world.guild_of(ch)
        iid, token, payload = self._base_interaction(
            ix.MESSAGE_COMPONENT, g, ch, self.user(user), locale
        )
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        payload["data"] = data
        payload["message"] = {
            k: v for k, v in msg.items() if k not in ("allowed_mentions", "deleted")
        }
        return await self._send_interaction(iid, token, payload, message=msg)

    async def submit_modal(
        self, opened_by: ix.FakeInteraction, values: dict[str, str], *, locale: str = "en-US"
    ) -> ix.FakeInteraction:
        """Fill in and submit the modal the bot opened in answer to `opened_by`.

        `values` maps text-input custom_ids to what the user typed; a required input left
        out raises ValueError (the Discord client would not let the user submit)."""
        modal = opened_by.modal
        if modal is None:
            raise LookupError(f"interaction {opened_by.id} was not answered with a modal")
        unknown = set(values) - set(_text_input_ids(modal.get("components") or []))
        if unknown:
            raise ValueError(f"modal {modal['custom_id']!r} has no inputs {sorted(unknown)}")
        payload0 = opened_by.payload
        ch = self.channel(int(payload0["channel_id"]))
        g = self.world.guild_of(ch)
        user_data = (payload0.get("member") or {}).get("user") or payload0["user"]
        iid, token, payload = self._base_interaction(
            ix.MODAL_SUBMIT, g, ch, self.user(int(user_data["id"])), locale
        )
        payload["data"] = {
            "custom_id": modal["custom_id"],
            "components": _modal_answers(modal.get("components") or [], values),
        }
        message = opened_by.message
        if message is not None:
            payload["message"] = {
                k: v for k, v in message.items() if k not in ("allowed_mentions", "deleted")
            }
        return await self._send_interaction(iid, token, payload, message=message)

    # -- gateway faults and guild membership -------------------------------------------------
    async def gateway_reconnect(self) -> int:
        """Send RECONNECT (op 7): the client closes and RESUMEs. Returns sessions told."""
        return await self.gateway.send_op(7)

    async def invalidate_session(self, *, resumable: bool = False) -> int:
        """Send INVALID_SESSION (op 9). Not resumable: the session dies, the client
        re-IDENTIFYs and gets a fresh READY; events in between are lost (as on Discord)."""
        return await self.gateway.invalidate(resumable)

    async def close_gateway(self, code: int = 4000) -> int:
        """Close every client socket with `code` (4000: client resumes; 4004/4014: fatal)."""
        return await self.gateway.close_sockets(code)

    async def wait_for_resume(self, count: int = 1, timeout: float = 10) -> None:
        await self.wait_until(
            lambda: self.gateway.resumes >= count and self.gateway.live_sessions(),
            timeout,
            f"{count} RESUME(s)",
        )

    async def wait_for_identify(self, count: int = 1, timeout: float = 10) -> None:
        await self.wait_until(
            lambda: self.gateway.identifies >= count and self.gateway.live_sessions(),
            timeout,
            f"{count} IDENTIFY(s)",
        )

    async def remove_bot_from_guild(self, guild: GuildLike) -> None:
        """The bot is kicked / leaves: GUILD_DELETE (no `unavailable`)."""
        g = self.guild(guild)
        g.members.pop(self.bot_user.id, None)
        await self.gateway.dispatch("GUILD_DELETE", {"id": str(g.id)})

    async def add_bot_to_guild(self, guild: GuildLike, *, permissions: int | None = None) -> None:
        """The bot is invited to an existing guild: GUILD_CREATE (on_guild_join)."""
        g = self.guild(guild)
        if self.bot_user.id not in g.members:
            self._join_bot(g, permissions)
        payload = g.create_payload()
        del payload["unavailable"]  # absent on a join; discord.py then fires on_guild_join
        await self.gateway.dispatch(
            "GUILD_CREATE", payload, transform=self.gateway.guild_create_for
        )

    async def broadcast_guild(self, guild: GuildLike) -> None:
        """Re-send GUILD_CREATE (unavailable=false, as after an outage: on_guild_available) so
        the client's cache picks up roles/overwrites changed since it connected."""
        await self.gateway.dispatch(
            "GUILD_CREATE",
            self.guild(guild).create_payload(),
            transform=self.gateway.guild_create_for,
        )

    # -- fault injection (REST) --------------------------------------------------------------
    def inject_http_error(
        self,
        method: str,
        route: str,
        *,
        status: int = 429,
        count: int = 1,
        retry_after: float = 0.3,
        global_: bool = False,
        body: dict[str, Any] | None = None,
    ) -> HTTPFault:
        """Answer the next `count` requests matching `method` + `route` (a template such as
        "/channels/{channel_id}/messages" or a concrete path) with `status`. 429s carry
        Retry-After, X-RateLimit-* and Via headers and Discord's JSON body."""
        fault = HTTPFault(method.upper(), route, status, count, retry_after, global_, body)
        if route not in {t for _, t, _, _ in self.rest.routes} and not route.startswith("/"):
            raise ValueError(f"route {route!r} must be a template or a path starting with /")
        self.rest.faults.append(fault)
        return fault


def _find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    for comp in components:
        if comp.get("custom_id") == custom_id:
            return comp
        for key in ("components", "accessory"):
            inner = comp.get(key)
            if isinstance(inner, dict):
                inner = [inner]
            if inner:
                hit = _find_component(inner, custom_id)
                if hit is not None:
                    return hit
    return None


def _text_input_ids(components: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for comp in components:
        if comp.get("type") == 4:
            out.append(comp["custom_id"])
        inner = comp.get("components") or ([comp["component"]] if comp.get("component") else [])
        out += _text_input_ids(inner)
    return out


def _modal_answers(components: list[dict[str, Any]], values: dict[str, str]) -> list[Any]:
    """Mirror the modal's layout (action rows or labels) with the submitted values."""
    out: list[dict[str, Any]] = []
    for comp in components:
        kind = comp.get("type")
        if kind == 1:
            out.append({"type": 1, "components": _modal_answers(comp["components"], values)})
        elif kind == 18:
            inner = _modal_answers([comp["component"]], values)
            if inner:
                out.append({"type": 18, "component": inner[0]})
        elif kind == 4:
            cid = comp["custom_id"]
            value = values.get(cid, comp.get("value") or "")
            if comp.get("required", True) and not value:
                raise ValueError(f"required text input {cid!r} left empty")
            out.append({"type": 4, "custom_id": cid, "value": value})
    return out
