"""JSON gateway of the fake Discord: HELLO/heartbeat, IDENTIFY → READY + GUILD_CREATE, RESUME
with replay of missed events, intent filtering, sharding, and fault injection (op 7, op 9,
closes).

Sharding as on Discord: a session that IDENTIFYs with ``shard: [id, count]`` gets only the
guilds (READY, GUILD_CREATE, every guild event) of shard ``(guild_id >> 22) % count``, and
DMs only on shard 0; an impossible shard pair is closed with 4010. Sessions without ``shard``
get everything.

Text frames, no zlib: discord.py asks for zlib-stream but handles plain text frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .state import DM, FakeChannel

if TYPE_CHECKING:
    from .driver import FakeDiscord

# Gateway intents (bit values).
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
GUILD_MESSAGE_TYPING = 1 << 11
DIRECT_MESSAGES = 1 << 12
DIRECT_MESSAGE_TYPING = 1 << 14
MESSAGE_CONTENT = 1 << 15
PRIVILEGED = {
    "members": GUILD_MEMBERS,
    "presences": GUILD_PRESENCES,
    "message_content": MESSAGE_CONTENT,
}

# Which intent an event needs (guild flavour, DM flavour); None = always delivered.
EVENT_INTENTS: dict[str, tuple[int, int] | None] = {
    "GUILD_CREATE": (GUILDS, GUILDS),
    "GUILD_DELETE": (GUILDS, GUILDS),
    "CHANNEL_CREATE": (GUILDS, GUILDS),
    "THREAD_CREATE": (GUILDS, GUILDS),
    "MESSAGE_CREATE": (GUILD_MESSAGES, DIRECT_MESSAGES),
    "MESSAGE_UPDATE": (GUILD_MESSAGES, DIRECT_MESSAGES),
    "MESSAGE_DELETE": (GUILD_MESSAGES, DIRECT_MESSAGES),
    "TYPING_START": (GUILD_MESSAGE_TYPING, DIRECT_MESSAGE_TYPING),
    "GUILD_MEMBER_ADD": (GUILD_MEMBERS, GUILD_MEMBERS),
}


@dataclass
class GatewaySession:
    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    # Every dispatch of this session, so a RESUME can replay what the client missed.
    log: list[dict[str, Any]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    invalid: bool = False


class Gateway:
    """The websocket endpoint plus dispatch to every live (or resumable) session."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.sessions: dict[str, GatewaySession] = {}
        self.sockets: set[web.WebSocketResponse] = set()
        self.identifies = 0
        self.resumes = 0
        self.close_codes: list[int] = []  # codes the fake closed sockets with
        self.received: list[dict[str, Any]] = []  # every non-heartbeat frame from clients
        self.heartbeat_interval_ms = 41250
        self.heartbeats = 0
        # False simulates a zombied connection: the client stops getting HEARTBEAT_ACKs.
        self.ack_heartbeats = True

    # -- connection handling -----------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.sockets.add(ws)
        session: GatewaySession | None = None
        try:
            await self._send(
                ws, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
            )
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                msg = json.loads(frame.data)
                op = msg.get("op")
                if op == 1:
                    self.heartbeats += 1
                    if self.ack_heartbeats:
                        await self._send(ws, {"op": 11})
                    continue
                self.received.append(msg)
                if op == 2:
                    session = await self._identify(ws, msg["d"])
                elif op == 6:
                    session = await self._resume(ws, msg["d"])
                elif op == 8:
                    await self._request_members(ws, session, msg["d"])
                # op 3 (presence) and others: recorded above, no reply needed.
                self.fake.world.notifier.changed()
        finally:
            self.sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
            self.fake.world.notifier.changed()
        return ws

    async def _send(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        await ws.send_str(json.dumps(payload))

    async def _close(self, ws: web.WebSocketResponse, code: int, message: str) -> None:
        self.close_codes.append(code)
        await ws.close(code=code, message=message.encode())

    async def _identify(
        self, ws: web.WebSocketResponse, d: dict[str, Any]
    ) -> GatewaySession | None:
        if d.get("token") not in (self.fake.token, f"Bot {self.fake.token}"):
            await self._close(ws, 4004, "Authentication failed.")
            return None
        intents = int(d.get("intents", 0))
        for name, bit in PRIVILEGED.items():
            if intents & bit and not self.fake.privileged_intents.get(name, False):
                await self._close(ws, 4014, "Disallowed intent(s).")
                return None
        shard = d.get("shard")
        if shard is not None and not _valid_shard(shard):
            await self._close(ws, 4010, "Invalid shard.")
            return None
        self.identifies += 1
        session = GatewaySession(id=secrets.token_hex(16), intents=intents, shard=shard)
        self.sessions[session.id] = session
        async with session.lock:
            session.ws = ws
            guilds = [g for g in self.fake.bot_guilds() if _routes_to(session, g.id)]
            ready = {
                "v": 10,
                "user": self.fake.bot_user.payload() | {"verified": True, "mfa_enabled": False},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.fake.gateway_url,
                "application": {"id": str(self.fake.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "user_settings": {},
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "auth_session_id_hash": "",
                "_trace": ["fake-discord"],
            }
            if session.shard is not None:
                ready["shard"] = session.shard
            await self._dispatch_locked(session, "READY", ready)
            for guild in guilds:
                payload = self.guild_create_for(session, guild.create_payload())
                await self._dispatch_locked(session, "GUILD_CREATE", payload)
        return session

    async def _resume(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> GatewaySession | None:
        session = self.sessions.get(d.get("session_id") or "")
        if d.get("token") not in (self.fake.token, f"Bot {self.fake.token}"):
            await self._close(ws, 4004, "Authentication failed.")
            return None
        if session is None or session.invalid:
            await self._send(ws, {"op": 9, "d": False})
            return None
        self.resumes += 1
        async with session.lock:
            session.ws = ws
            client_seq = int(d.get("seq") or 0)
            for payload in session.log:
                if payload["s"] > client_seq:
                    await self._send(ws, payload)
            await self._dispatch_locked(session, "RESUMED", {"_trace": ["fake-discord"]})
        return session

    async def _request_members(
        self, ws: web.WebSocketResponse, session: GatewaySession | None, d: dict[str, Any]
    ) -> None:
        if session is None:
            return
        guild = self.fake.world.guilds.get(int(d["guild_id"]))
        if guild is None:
            return
        members = list(guild.members.values())
        if d.get("user_ids"):
            wanted = {int(x) for x in d["user_ids"]}
            members = [m for m in members if m.user.id in wanted]
        elif d.get("query"):
            members = [m for m in members if m.user.username.startswith(d["query"])]
        chunk = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if d.get("nonce"):
            chunk["nonce"] = d["nonce"]
        async with session.lock:
            await self._dispatch_locked(session, "GUILD_MEMBERS_CHUNK", chunk)

    # -- dispatch ----------------------------------------------------------------------------
    async def _dispatch_locked(self, session: GatewaySession, event: str, data: Any) -> None:
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.log.append(payload)
        ws = session.ws
        if ws is not None and not ws.closed:
            # On failure the event stays in the log; a RESUME replays it.
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self._send(ws, payload)

    def _wants(self, session: GatewaySession, event: str, in_guild: bool) -> bool:
        need = EVENT_INTENTS.get(event)
        if need is None:
            return True
        return bool(session.intents & (need[0] if in_guild else need[1]))

    async def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        in_guild: bool = True,
        transform: Any = None,
    ) -> None:
        """Send an event to every session that is subscribed to it (by intents).

        Sessions that are momentarily disconnected keep it in their replay log.
        """
        if event not in ("GUILD_DELETE", "INTERACTION_CREATE") and not self._bot_in(data):
            return  # Discord sends nothing about guilds the bot is not in
        guild_id = _guild_of(event, data)
        for session in list(self.sessions.values()):
            if session.invalid or not self._wants(session, event, in_guild):
                continue
            if not _routes_to(session, guild_id):
                continue  # another shard's guild (or a DM, which only shard 0 gets)
            body = transform(session, data) if transform else data
            async with session.lock:
                await self._dispatch_locked(session, event, body)
        self.fake.world.notifier.changed()

    def _bot_in(self, data: dict[str, Any]) -> bool:
        gid = data.get("guild_id")
        if gid is None:
            return True
        guild = self.fake.world.guilds.get(int(gid))
        return guild is not None and self.fake.bot_user.id in guild.members

    def guild_create_for(self, session: GatewaySession, data: dict[str, Any]) -> dict[str, Any]:
        # Without GUILD_MEMBERS Discord only includes the bot's own member in GUILD_CREATE.
        if session.intents & GUILD_MEMBERS:
            return data
        bot_id = str(self.fake.bot_user.id)
        return data | {"members": [m for m in data["members"] if m["user"]["id"] == bot_id]}

    def _strip_content(self, session: GatewaySession, msg: dict[str, Any]) -> dict[str, Any]:
        # Without the MESSAGE_CONTENT intent Discord blanks content, embeds, attachments and
        # components, except in DMs, the bot's own messages and messages that mention it.
        bot_id = str(self.fake.bot_user.id)
        if session.intents & MESSAGE_CONTENT or "guild_id" not in msg:
            return msg
        if msg["author"]["id"] == bot_id or any(u["id"] == bot_id for u in msg["mentions"]):
            return msg
        stripped = copy.deepcopy(msg)
        stripped.update(content="", embeds=[], attachments=[], components=[])
        return stripped

    @staticmethod
    def _wire_message(msg: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in msg.items() if k not in ("allowed_mentions", "deleted")}

    async def dispatch_message(self, event: str, msg: dict[str, Any]) -> None:
        await self.dispatch(
            event,
            self._wire_message(msg),
            in_guild="guild_id" in msg,
            transform=self._strip_content,
        )

    async def dispatch_message_delete(self, msg: dict[str, Any]) -> None:
        data = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if "guild_id" in msg:
            data["guild_id"] = msg["guild_id"]
        await self.dispatch("MESSAGE_DELETE", data, in_guild="guild_id" in msg)

    async def dispatch_thread_create(self, thread: FakeChannel) -> None:
        data = thread.payload() | {"newly_created": True}
        await self.dispatch("THREAD_CREATE", data)

    async def dispatch_typing(self, channel: FakeChannel, user_id: int) -> None:
        data: dict[str, Any] = {
            "channel_id": str(channel.id),
            "user_id": str(user_id),
            "timestamp": int(asyncio.get_running_loop().time()),
        }
        if channel.type != DM:
            data["guild_id"] = str(channel.guild_id)
        await self.dispatch("TYPING_START", data, in_guild=channel.type != DM)

    # -- fault injection ---------------------------------------------------------------------
    def live_sessions(self) -> list[GatewaySession]:
        return [s for s in self.sessions.values() if s.ws is not None and not s.ws.closed]

    async def send_op(self, op: int, d: Any = None) -> int:
        """Send a raw opcode to every connected session; returns how many got it."""
        sent = 0
        for session in self.live_sessions():
            async with session.lock:
                if session.ws is not None and not session.ws.closed:
                    await self._send(session.ws, {"op": op, "d": d})
                    sent += 1
        return sent

    async def invalidate(self, resumable: bool) -> int:
        sessions = self.live_sessions()
        if not resumable:
            for session in sessions:
                session.invalid = True
        return await self.send_op(9, resumable)

    async def close_sockets(self, code: int, message: str = "fake close") -> int:
        closed = 0
        for ws in list(self.sockets):
            if not ws.closed:
                await self._close(ws, code, message)
                closed += 1
        return closed


def _valid_shard(shard: Any) -> bool:
    return (
        isinstance(shard, list)
        and len(shard) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in shard)
        and 0 <= shard[0] < shard[1]
    )


def _guild_of(event: str, data: dict[str, Any]) -> int | None:
    """The guild an event is about (None: a DM or a user-level event)."""
    raw = data.get("id") if event.startswith("GUILD_") and "guild_id" not in data else None
    raw = raw if raw is not None else data.get("guild_id")
    return int(raw) if raw is not None else None


def _routes_to(session: GatewaySession, guild_id: int | None) -> bool:
    """Discord's shard rule: the guild's events go to shard (guild_id >> 22) % count."""
    if session.shard is None:
        return True
    shard_id, count = session.shard
    if guild_id is None:
        return shard_id == 0
    return (guild_id >> 22) % count == shard_id
