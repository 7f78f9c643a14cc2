"""REST v10 routes of the fake Discord: a tiny router, request log, fault injection, handlers.

Unknown routes answer 404 with a JSON body and are recorded so a test can fail on them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import interactions as ix
from .state import (
    CREATE_PUBLIC_THREADS,
    DM,
    EMBED_LINKS,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    MANAGE_MESSAGES,
    PUBLIC_THREAD,
    READ_HISTORY,
    SEND_IN_THREADS,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    FakeChannel,
)

if TYPE_CHECKING:
    from .driver import FakeDiscord


@dataclass
class RecordedRequest:
    method: str
    path: str  # path below the API base, e.g. /channels/1/messages
    route: str  # matching template, e.g. /channels/{channel_id}/messages ("" if unknown)
    json: Any
    query: dict[str, str]
    status: int = 0
    files: list[str] = field(default_factory=list)
    at: float = field(default_factory=time.monotonic)

    def __iter__(self):  # lets tests unpack (method, path, json)
        return iter((self.method, self.path, self.json))


@dataclass
class HTTPFault:
    method: str
    route: str  # a template or a concrete path
    status: int
    count: int
    retry_after: float = 0.0
    global_: bool = False
    body: dict[str, Any] | None = None

    def matches(self, method: str, path: str, route: str) -> bool:
        return method == self.method and self.route in (route, path)


class APIError(Exception):
    def __init__(self, status: int, code: int, message: str, errors: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


def json_bytes_response(data: Any, status: int = 200, headers: dict[str, str] | None = None):
    # discord.py only parses JSON when Content-Type is exactly application/json (no charset).
    hdrs = {"Content-Type": "application/json"}
    hdrs.update(headers or {})
    return web.Response(body=json.dumps(data).encode(), status=status, headers=hdrs)


@dataclass
class Ctx:
    method: str
    path: str
    params: dict[str, str]
    json: Any
    query: dict[str, str]
    files: list[str]

    def id(self, name: str) -> int:
        return int(self.params[name])


Handler = Callable[[Ctx], Awaitable[Any]]

# Embed and message limits Discord enforces (400 / code 50035 when exceeded).
EMBED_LIMITS = {"title": 256, "description": 4096, "footer.text": 2048, "author.name": 256}


def _embed_problems(embeds: list[dict[str, Any]]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if len(embeds) > 10:
        problems.append(("embeds", "more than 10 embeds"))
    total = 0
    for i, e in enumerate(embeds):
        title = e.get("title") or ""
        desc = e.get("description") or ""
        footer = (e.get("footer") or {}).get("text") or ""
        author = (e.get("author") or {}).get("name") or ""
        for name, value in (
            ("title", title),
            ("description", desc),
            ("footer.text", footer),
            ("author.name", author),
        ):
            if len(value) > EMBED_LIMITS[name]:
                problems.append((f"embeds.{i}.{name}", f"longer than {EMBED_LIMITS[name]}"))
        fields = e.get("fields") or []
        if len(fields) > 25:
            problems.append((f"embeds.{i}.fields", "more than 25 fields"))
        total += len(title) + len(desc) + len(footer) + len(author)
        for j, f in enumerate(fields):
            fname, fvalue = f.get("name") or "", f.get("value") or ""
            if not fname or not fvalue:
                problems.append((f"embeds.{i}.fields.{j}", "name and value are required"))
            if len(fname) > 256:
                problems.append((f"embeds.{i}.fields.{j}.name", "longer than 256"))
            if len(fvalue) > 1024:
                problems.append((f"embeds.{i}.fields.{j}.value", "longer than 1024"))
            total += len(fname) + len(fvalue)
        if e.get("url") and not str(e["url"]).startswith(("http://", "https://")):
            problems.append((f"embeds.{i}.url", "not a http(s) URL"))
    if total > 6000:
        problems.append(("embeds", f"{total} characters in embeds exceeds 6000"))
    return problems


def _component_problems(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if len(rows) > 5:
        problems.append(("components", "more than 5 action rows"))
    ids: set[str] = set()
    for i, row in enumerate(rows):
        if row.get("type") != 1:
            continue  # components v2 layouts: not validated
        children = row.get("components") or []
        if not 1 <= len(children) <= 5:
            problems.append((f"components.{i}.components", "must hold 1-5 components"))
        for c in children:
            cid = c.get("custom_id")
            if c.get("type") == 2 and c.get("style") != 5 and not cid:
                problems.append((f"components.{i}", "button without custom_id"))
            if cid is not None:
                if len(cid) > 100:
                    problems.append((f"components.{i}", f"custom_id {cid[:20]!r}… longer than 100"))
                if cid in ids:
                    problems.append((f"components.{i}", f"duplicate custom_id {cid!r}"))
                ids.add(cid)
            if len(c.get("label") or "") > 80:
                problems.append((f"components.{i}", "button label longer than 80"))
    return problems


def form_errors(problems: list[tuple[str, str]]) -> dict[str, Any]:
    """Discord's nested error shape: {"embeds": {"0": {"title": {"_errors": [...]}}}}."""
    out: dict[str, Any] = {}
    for path, message in problems:
        node = out
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "FAKE_VALIDATION", "message": message})
    return out


def validate_message_body(body: dict[str, Any], *, edit: bool = False) -> None:
    content = body.get("content") or ""
    problems: list[tuple[str, str]] = []
    if len(content) > 2000:
        problems.append(("content", f"{len(content)} characters (max 2000)"))
    problems += _embed_problems(body.get("embeds") or [])
    problems += _component_problems(body.get("components") or [])
    if problems:
        raise APIError(400, 50035, "Invalid Form Body", form_errors(problems))
    if not edit and not (
        content
        or body.get("embeds")
        or body.get("components")
        or body.get("attachments")
        or body.get("sticker_ids")
        or body.get("poll")
    ):
        raise APIError(400, 50006, "Cannot send an empty message")


class RestAPI:
    """Routes below /api/v10 and their handlers, bound to one FakeDiscord."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world
        self.requests: list[RecordedRequest] = []
        self.unknown: list[RecordedRequest] = []
        self.crashes: list[tuple[RecordedRequest, str]] = []
        self.faults: list[HTTPFault] = []
        self._file_sizes: dict[str, int] = {}  # last upload size per filename
        self.routes: list[tuple[str, str, re.Pattern[str], Handler]] = []
        self._register()

    # -- routing -----------------------------------------------------------------------------
    def add(self, method: str, template: str, handler: Handler) -> None:
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self.routes.append((method, template, re.compile(f"^{pattern}$"), handler))

    def match(self, method: str, path: str) -> tuple[str, dict[str, str], Handler | None]:
        for m, template, regex, handler in self.routes:
            hit = regex.match(path)
            if hit and m == method:
                return template, hit.groupdict(), handler
        return "", {}, None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        method = request.method
        query = dict(request.query)
        body: Any = None
        files: list[str] = []
        if request.content_type == "application/json":
            raw = await request.read()
            body = json.loads(raw) if raw else None
        elif request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    name = part.filename or part.name or ""  # type: ignore[union-attr]
                    files.append(name)
                    self._file_sizes[name] = len(await part.read())  # type: ignore[union-attr]
        route, params, handler = self.match(method, path)
        rec = RecordedRequest(method, path, route, body, query, files=files)
        self.requests.append(rec)
        try:
            response = await self._respond(request, rec, params, handler)
        finally:
            self.world.notifier.changed()
        rec.status = response.status
        return response

    async def _respond(
        self, request: web.Request, rec: RecordedRequest, params: dict[str, str], handler: Any
    ) -> web.StreamResponse:
        if handler is None:
            self.unknown.append(rec)
            return json_bytes_response(
                {"message": f"fake Discord: unknown route {rec.method} {rec.path}", "code": 0},
                404,
            )
        fault = self._take_fault(rec)
        if fault is not None:
            return self._fault_response(fault)
        if not rec.route.startswith(("/webhooks/", "/interactions/")):
            auth = request.headers.get("Authorization", "")
            if auth != f"Bot {self.fake.token}":
                return json_bytes_response({"message": "401: Unauthorized", "code": 0}, 401)
        ctx = Ctx(rec.method, rec.path, params, rec.json, rec.query, rec.files)
        try:
            result = await handler(ctx)
        except APIError as e:
            body = {"message": e.message, "code": e.code}
            if e.errors is not None:
                body["errors"] = e.errors
            return json_bytes_response(body, e.status)
        except Exception as e:
            # A bug in the fake or a body it cannot read. 400 (not 500) so the client does not
            # retry for seconds; recorded so the fixture fails the test loudly.
            self.crashes.append((rec, f"{type(e).__name__}: {e}"))
            message = f"fake Discord could not handle {rec.method} {rec.path}: {e!r}"
            return json_bytes_response({"message": message, "code": 0}, 400)
        if result is None:
            return web.Response(status=204)
        if isinstance(result, web.StreamResponse):
            return result
        return json_bytes_response(result)

    def _take_fault(self, rec: RecordedRequest) -> HTTPFault | None:
        for fault in self.faults:
            if fault.count > 0 and fault.matches(rec.method, rec.path, rec.route):
                fault.count -= 1
                return fault
        return None

    def _fault_response(self, fault: HTTPFault) -> web.Response:
        if fault.status == 429:
            body = fault.body or {
                "message": "You are being rate limited.",
                "retry_after": fault.retry_after,
                "global": fault.global_,
            }
            headers = {
                "Retry-After": f"{fault.retry_after}",
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
                "X-RateLimit-Bucket": "fakebucket-" + re.sub(r"\W", "", fault.route)[:24],
                "X-RateLimit-Scope": "shared" if not fault.global_ else "global",
                # discord.py treats a 429 without Via as a Cloudflare ban and gives up.
                "Via": "1.1 google",
            }
            if fault.global_:
                headers["X-RateLimit-Global"] = "true"
            return json_bytes_response(body, 429, headers)
        body = fault.body or {"message": f"fake Discord: injected {fault.status}", "code": 0}
        return json_bytes_response(body, fault.status)

    # -- helpers -----------------------------------------------------------------------------
    def channel(self, cid: int) -> FakeChannel:
        try:
            return self.world.channels[cid]
        except KeyError:
            raise APIError(404, 10003, "Unknown Channel") from None

    def message(self, channel: FakeChannel, mid: int) -> dict[str, Any]:
        msg = self.world.messages.get(mid)
        if msg is None or int(msg["channel_id"]) != channel.id:
            raise APIError(404, 10008, "Unknown Message")
        return msg

    def require(self, channel: FakeChannel, *bits: int) -> None:
        perms = self.world.permissions_in(channel, self.fake.bot_user.id)
        for bit in bits:
            if not perms & bit:
                raise APIError(403, 50013, "Missing Permissions")

    def interaction(self, app_id: int, token: str) -> ix.FakeInteraction:
        if app_id != self.fake.application_id:
            raise APIError(404, 10015, "Unknown Webhook")
        for inter in self.world.interactions.values():
            if inter.token == token:
                return inter
        raise APIError(404, 10015, "Unknown Webhook")

    # -- route table -------------------------------------------------------------------------
    def _register(self) -> None:
        a = self.add
        a("GET", "/users/@me", self.get_me)
        a("GET", "/users/{user_id}", self.get_user)
        a("GET", "/oauth2/applications/@me", self.get_application)
        a("GET", "/applications/@me", self.get_application)
        a("GET", "/gateway", self.get_gateway)
        a("GET", "/gateway/bot", self.get_gateway_bot)
        a("DELETE", "/users/@me/guilds/{guild_id}", self.leave_guild)
        a("POST", "/users/@me/channels", self.create_dm)
        # application commands
        a("GET", "/applications/{app_id}/commands", self.get_commands)
        a("PUT", "/applications/{app_id}/commands", self.put_commands)
        a("POST", "/applications/{app_id}/commands", self.post_command)
        a("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.get_commands)
        a("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands)
        a("POST", "/applications/{app_id}/guilds/{guild_id}/commands", self.post_command)
        # guilds
        a("GET", "/guilds/{guild_id}", self.get_guild)
        a("GET", "/guilds/{guild_id}/channels", self.get_guild_channels)
        a("GET", "/guilds/{guild_id}/roles", self.get_roles)
        a("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        a("GET", "/guilds/{guild_id}/threads/active", self.get_active_threads)
        # channels and messages
        a("GET", "/channels/{channel_id}", self.get_channel)
        a("POST", "/channels/{channel_id}/typing", self.typing)
        a("GET", "/channels/{channel_id}/messages", self.get_messages)
        a("POST", "/channels/{channel_id}/messages", self.post_message)
        a("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        a("PATCH", "/channels/{channel_id}/messages/{message_id}", self.patch_message)
        a("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        a("POST", "/channels/{channel_id}/messages/bulk-delete", self.bulk_delete)
        a("POST", "/channels/{channel_id}/messages/{message_id}/threads", self.thread_from_message)
        a("POST", "/channels/{channel_id}/threads", self.thread_without_message)
        a("PUT", "/channels/{channel_id}/thread-members/@me", self.join_thread)
        reaction = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}"
        a("PUT", reaction + "/@me", self.add_reaction)
        a("DELETE", reaction + "/@me", self.remove_reaction)
        a("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions", self.clear_reactions)
        # interactions
        a("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback)
        hook = "/webhooks/{app_id}/{token}"
        a("POST", hook, self.followup_create)
        a("GET", hook + "/messages/{message_id}", self.webhook_message_get)
        a("PATCH", hook + "/messages/{message_id}", self.webhook_message_edit)
        a("DELETE", hook + "/messages/{message_id}", self.webhook_message_delete)

    # -- users / app / gateway ---------------------------------------------------------------
    async def get_me(self, ctx: Ctx) -> Any:
        data = self.fake.bot_user.payload()
        data.update(verified=True, mfa_enabled=False, email=None, locale="en-US")
        return data

    async def get_user(self, ctx: Ctx) -> Any:
        user = self.world.users.get(ctx.id("user_id"))
        if user is None:
            raise APIError(404, 10013, "Unknown User")
        return user.payload()

    async def get_application(self, ctx: Ctx) -> Any:
        return self.fake.application_payload()

    async def get_gateway(self, ctx: Ctx) -> Any:
        return {"url": self.fake.gateway_url}

    async def get_gateway_bot(self, ctx: Ctx) -> Any:
        return {
            "url": self.fake.gateway_url,
            "shards": self.fake.recommended_shards,
            "session_start_limit": {
                "total": 1000,
                "remaining": 1000 - self.fake.gateway.identifies,
                "reset_after": 14400000,
                "max_concurrency": self.fake.max_concurrency,
            },
        }

    async def leave_guild(self, ctx: Ctx) -> Any:
        guild = self.world.guilds.get(ctx.id("guild_id"))
        if guild is None:
            raise APIError(404, 10004, "Unknown Guild")
        await self.fake.remove_bot_from_guild(guild)
        return None

    async def create_dm(self, ctx: Ctx) -> Any:
        user = self.world.users.get(int(ctx.json["recipient_id"]))
        if user is None:
            raise APIError(404, 10013, "Unknown User")
        return self.fake.dm_channel(user).payload()

    # -- commands ----------------------------------------------------------------------------
    def _scope(self, ctx: Ctx) -> int | None:
        if ctx.id("app_id") != self.fake.application_id:
            raise APIError(403, 50001, "Missing Access")
        gid = ctx.params.get("guild_id")
        if gid is None:
            return None
        if int(gid) not in self.world.guilds:
            raise APIError(403, 50001, "Missing Access")
        return int(gid)

    def _stored_command(self, scope: int | None, body: dict[str, Any]) -> dict[str, Any]:
        name = body.get("name", "")
        # Slash command names are restricted; context-menu names may hold spaces and capitals.
        pattern = r"[-_\w]{1,32}" if body.get("type", 1) == 1 else r"[^\n]{1,32}"
        if not re.fullmatch(pattern, name) or (body.get("type", 1) == 1 and name != name.lower()):
            raise APIError(
                400, 50035, "Invalid Form Body", form_errors([("name", "invalid command name")])
            )
        kind = body.get("type", 1)
        existing = next(
            (
                c
                for c in self.world.commands.get(scope, [])
                if c["name"] == body["name"] and c["type"] == kind
            ),
            None,
        )
        cmd = dict(body)
        cmd.update(
            id=existing["id"] if existing else str(self.world.ids.next()),
            application_id=str(self.fake.application_id),
            version=str(self.world.ids.next()),
            type=kind,
            # Context menus send no description; Discord returns "" and discord.py needs it.
            description=body.get("description") or "",
            options=body.get("options") or [],
            default_member_permissions=body.get("default_member_permissions"),
            nsfw=body.get("nsfw", False),
        )
        if scope is not None:
            cmd["guild_id"] = str(scope)
        return cmd

    async def get_commands(self, ctx: Ctx) -> Any:
        return self.world.commands.get(self._scope(ctx), [])

    async def put_commands(self, ctx: Ctx) -> Any:
        scope = self._scope(ctx)
        body = ctx.json or []
        if len(body) > 100:
            raise APIError(400, 30032, "Maximum number of application commands reached")
        stored = [self._stored_command(scope, c) for c in body]
        self.world.commands[scope] = stored
        self.fake.sync_count += 1
        return stored

    async def post_command(self, ctx: Ctx) -> Any:
        scope = self._scope(ctx)
        cmd = self._stored_command(scope, ctx.json)
        cmds = [
            c
            for c in self.world.commands.get(scope, [])
            if not (c["name"] == cmd["name"] and c["type"] == cmd["type"])
        ]
        self.world.commands[scope] = [*cmds, cmd]
        return cmd

    # -- guilds ------------------------------------------------------------------------------
    def _guild(self, ctx: Ctx):
        guild = self.world.guilds.get(ctx.id("guild_id"))
        if guild is None or self.fake.bot_user.id not in guild.members:
            raise APIError(404, 10004, "Unknown Guild")
        return guild

    async def get_guild(self, ctx: Ctx) -> Any:
        data = self._guild(ctx).create_payload()
        for key in ("channels", "threads", "members", "voice_states", "presences"):
            data.pop(key, None)
        return data

    async def get_guild_channels(self, ctx: Ctx) -> Any:
        return [c.payload() for c in self._guild(ctx).channels.values() if not c.is_thread]

    async def get_roles(self, ctx: Ctx) -> Any:
        return [r.payload() for r in self._guild(ctx).roles.values()]

    async def get_member(self, ctx: Ctx) -> Any:
        member = self._guild(ctx).members.get(ctx.id("user_id"))
        if member is None:
            raise APIError(404, 10007, "Unknown Member")
        return member.payload()

    async def get_active_threads(self, ctx: Ctx) -> Any:
        guild = self._guild(ctx)
        threads = [c.payload() for c in guild.channels.values() if c.is_thread and not c.archived]
        return {"threads": threads, "members": []}

    # -- channels ----------------------------------------------------------------------------
    async def get_channel(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        if channel.type != DM:
            self.require(channel, VIEW_CHANNEL)
        return channel.payload()

    async def typing(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        self.world.typing.append((channel.id, time.monotonic()))
        self.world.notifier.changed()
        await self.fake.gateway.dispatch_typing(channel, self.fake.bot_user.id)
        return None

    async def get_messages(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        if channel.type != DM:
            self.require(channel, VIEW_CHANNEL, READ_HISTORY)
        limit = min(int(ctx.query.get("limit", 50)), 100)
        msgs = self.world.history(channel.id)  # oldest first
        if "before" in ctx.query:
            msgs = [m for m in msgs if int(m["id"]) < int(ctx.query["before"])]
        if "after" in ctx.query:
            msgs = [m for m in msgs if int(m["id"]) > int(ctx.query["after"])]
            return list(reversed(msgs[:limit]))
        if "around" in ctx.query:
            pivot = int(ctx.query["around"])
            older = [m for m in msgs if int(m["id"]) <= pivot][-(limit // 2 + 1) :]
            newer = [m for m in msgs if int(m["id"]) > pivot][: limit // 2]
            return list(reversed(older + newer))
        return list(reversed(msgs))[:limit]

    async def get_message(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        if channel.type != DM:
            self.require(channel, VIEW_CHANNEL, READ_HISTORY)
        return self.message(channel, ctx.id("message_id"))

    async def post_message(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        if channel.type != DM:
            self.require(
                channel, VIEW_CHANNEL, SEND_IN_THREADS if channel.is_thread else SEND_MESSAGES
            )
        body = dict(ctx.json or {})
        attachments = self._attachments(body, ctx.files)
        if attachments:
            body["attachments"] = attachments
        validate_message_body(body)
        if (
            channel.type != DM
            and not self.world.permissions_in(channel, self.fake.bot_user.id) & EMBED_LINKS
        ):
            body["embeds"] = []  # Discord silently drops embeds without EMBED_LINKS
        ref = body.get("message_reference")
        if ref and ref.get("message_id"):
            target = self.world.messages.get(int(ref["message_id"]))
            if target is None and ref.get("fail_if_not_exists", True):
                raise APIError(
                    400,
                    50035,
                    "Invalid Form Body",
                    form_errors([("message_reference", "Unknown message")]),
                )
            if target is None:
                ref = None
        msg = self.world.create_message(
            channel,
            self.fake.bot_user,
            content=body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            attachments=attachments,
            message_reference=ref,
            allowed_mentions=body.get("allowed_mentions"),
            flags=int(body.get("flags") or 0) & ~FLAG_EPHEMERAL,
            tts=bool(body.get("tts")),
            nonce=body.get("nonce"),
        )
        await self.fake.gateway.dispatch_message("MESSAGE_CREATE", msg)
        return msg

    def _attachments(self, body: dict[str, Any], files: list[str]) -> list[dict[str, Any]]:
        out = []
        meta = body.get("attachments") or []
        sizes = self._file_sizes
        for i, name in enumerate(files):
            aid = self.world.ids.next()
            out.append(
                {
                    "id": str(aid),
                    "filename": name,
                    "size": sizes.get(name, 0),
                    "url": f"{self.fake.api_base}/attachments/{aid}/{name}",
                    "proxy_url": f"{self.fake.api_base}/attachments/{aid}/{name}",
                    "description": meta[i].get("description") if i < len(meta) else None,
                }
            )
        return out

    async def patch_message(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        msg = self.message(channel, ctx.id("message_id"))
        if int(msg["author"]["id"]) != self.fake.bot_user.id:
            raise APIError(403, 50005, "Cannot edit a message authored by another user")
        body = ctx.json or {}
        validate_message_body(body, edit=True)
        self.world.edit_message(msg, body)
        await self.fake.gateway.dispatch_message("MESSAGE_UPDATE", msg)
        return msg

    async def delete_message(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        msg = self.message(channel, ctx.id("message_id"))
        if int(msg["author"]["id"]) != self.fake.bot_user.id:
            self.require(channel, MANAGE_MESSAGES)
        self.world.delete_message(msg)
        await self.fake.gateway.dispatch_message_delete(msg)
        return None

    async def bulk_delete(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        self.require(channel, MANAGE_MESSAGES)
        for raw in (ctx.json or {}).get("messages", []):
            msg = self.world.messages.get(int(raw))
            if msg is not None:
                self.world.delete_message(msg)
                await self.fake.gateway.dispatch_message_delete(msg)
        return None

    async def thread_from_message(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        self.require(channel, VIEW_CHANNEL, CREATE_PUBLIC_THREADS)
        msg = self.message(channel, ctx.id("message_id"))
        if msg.get("thread"):
            raise APIError(400, 160004, "A thread has already been created for this message")
        body = ctx.json or {}
        # A thread started from a message takes the message's id, as on Discord.
        thread = self.fake.add_thread(
            channel, body.get("name") or "thread", thread_id=int(msg["id"])
        )
        msg["thread"] = thread.payload()
        await self.fake.gateway.dispatch_thread_create(thread)
        return thread.payload()

    async def thread_without_message(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        self.require(channel, VIEW_CHANNEL, CREATE_PUBLIC_THREADS)
        body = ctx.json or {}
        kind = int(body.get("type") or PUBLIC_THREAD)
        thread = self.fake.add_thread(channel, body.get("name") or "thread", type=kind)
        await self.fake.gateway.dispatch_thread_create(thread)
        return thread.payload()

    async def join_thread(self, ctx: Ctx) -> Any:
        self.channel(ctx.id("channel_id"))
        return None

    async def add_reaction(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        msg = self.message(channel, ctx.id("message_id"))
        self.world.reactions.append(("add", channel.id, int(msg["id"]), ctx.params["emoji"]))
        return None

    async def remove_reaction(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        msg = self.message(channel, ctx.id("message_id"))
        self.world.reactions.append(("remove", channel.id, int(msg["id"]), ctx.params["emoji"]))
        return None

    async def clear_reactions(self, ctx: Ctx) -> Any:
        channel = self.channel(ctx.id("channel_id"))
        msg = self.message(channel, ctx.id("message_id"))
        self.world.reactions.append(("clear", channel.id, int(msg["id"]), ""))
        return None

    # -- interactions ------------------------------------------------------------------------
    async def interaction_callback(self, ctx: Ctx) -> Any:
        inter = self.world.interactions.get(ctx.id("interaction_id"))
        if inter is None or inter.token != ctx.params["token"]:
            raise APIError(404, 10062, "Unknown interaction")
        if inter.callbacks:
            raise APIError(400, 40060, "Interaction has already been acknowledged.")
        deadline = self.fake.interaction_deadline
        if deadline is not None and time.monotonic() - inter.created_at > deadline:
            inter.expired = True
            raise APIError(404, 10062, "Unknown interaction")
        body = ctx.json or {}
        kind = int(body.get("type", 0))
        data = body.get("data") or {}
        channel = self.world.channels[int(inter.payload["channel_id"])]
        if kind == ix.CHANNEL_MESSAGE:
            validate_message_body(data)
        elif kind == ix.UPDATE_MESSAGE:
            validate_message_body(data, edit=True)
            if inter.message is None:
                raise APIError(
                    400, 40004, "UPDATE_MESSAGE is only valid for component interactions"
                )
        elif kind == ix.DEFERRED_UPDATE_MESSAGE:
            if inter.message is None:
                raise APIError(400, 40004, "DEFERRED_UPDATE_MESSAGE is only valid for components")
        elif kind not in (ix.PONG, ix.DEFERRED_CHANNEL_MESSAGE, ix.AUTOCOMPLETE_RESULT, ix.MODAL):
            raise APIError(400, 50035, f"Invalid interaction response type {kind}")
        inter.callbacks.append(body)
        flags = int(data.get("flags") or 0)
        ephemeral = bool(flags & FLAG_EPHEMERAL)
        resource: dict[str, Any] | None = {"type": kind}
        if kind in (ix.CHANNEL_MESSAGE, ix.DEFERRED_CHANNEL_MESSAGE):
            loading = kind == ix.DEFERRED_CHANNEL_MESSAGE
            msg = self.world.create_message(
                channel,
                self.fake.bot_user,
                content="" if loading else data.get("content") or "",
                embeds=None if loading else data.get("embeds"),
                components=None if loading else data.get("components"),
                allowed_mentions=data.get("allowed_mentions"),
                flags=(flags & (FLAG_EPHEMERAL | (1 << 2) | (1 << 12)))
                | (FLAG_LOADING if loading else 0),
                type=20 if inter.type == ix.APPLICATION_COMMAND else 0,
                webhook_id=self.fake.application_id,
                application_id=self.fake.application_id,
                interaction_metadata=self._interaction_metadata(inter),
                tts=bool(data.get("tts")),
            )
            inter.original = msg
            resource["message"] = msg
            if not ephemeral:
                await self.fake.gateway.dispatch_message("MESSAGE_CREATE", msg)
        elif kind == ix.UPDATE_MESSAGE:
            assert inter.message is not None
            self.world.edit_message(inter.message, data)
            inter.original = inter.message
            resource["message"] = inter.message
            if not inter.message["flags"] & FLAG_EPHEMERAL:
                await self.fake.gateway.dispatch_message("MESSAGE_UPDATE", inter.message)
        elif kind in (ix.PONG, ix.DEFERRED_UPDATE_MESSAGE, ix.AUTOCOMPLETE_RESULT, ix.MODAL):
            resource = {"type": kind} if kind != ix.PONG else None
            if kind == ix.DEFERRED_UPDATE_MESSAGE and inter.message is not None:
                inter.original = inter.message
        self.world.notifier.changed()
        if ctx.query.get("with_response") not in ("1", "true", "True"):
            return None
        out: dict[str, Any] = {
            "interaction": {
                "id": str(inter.id),
                "type": inter.type,
                "response_message_loading": kind == ix.DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": ephemeral,
            }
        }
        if inter.original is not None:
            out["interaction"]["response_message_id"] = inter.original["id"]
        if resource is not None:
            out["resource"] = resource
        return out

    def _interaction_metadata(self, inter: ix.FakeInteraction) -> dict[str, Any]:
        user = inter.payload.get("member", {}).get("user") or inter.payload.get("user")
        meta = {
            "id": str(inter.id),
            "type": inter.type,
            "user": user,
            "authorizing_integration_owners": inter.payload.get(
                "authorizing_integration_owners", {}
            ),
        }
        if inter.type == ix.APPLICATION_COMMAND:
            meta["name"] = inter.payload["data"]["name"]
            meta["command_type"] = inter.payload["data"].get("type", 1)
        if inter.message is not None:
            meta["interacted_message_id"] = inter.message["id"]
        return meta

    async def followup_create(self, ctx: Ctx) -> Any:
        inter = self.interaction(ctx.id("app_id"), ctx.params["token"])
        if not inter.callbacks:
            raise APIError(404, 10015, "Unknown Webhook")  # Discord: no follow-up before ack
        body = dict(ctx.json or {})
        attachments = self._attachments(body, ctx.files)
        if attachments:
            body["attachments"] = attachments
        validate_message_body(body)
        original = inter.original
        if (
            inter.response_type == ix.DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and original["flags"] & FLAG_LOADING
            and not original.get("deleted")
        ):
            # The first follow-up after a "thinking" defer fills the loading message; it keeps
            # the deferral's ephemerality whatever flags the follow-up asks for.
            self.world.edit_message(
                original,
                {
                    "content": body.get("content") or "",
                    "embeds": body.get("embeds") or [],
                    "components": body.get("components") or [],
                    "attachments": attachments,
                    "allowed_mentions": body.get("allowed_mentions"),
                },
            )
            original["edited_timestamp"] = None
            inter.followups.append(original)
            if not original["flags"] & FLAG_EPHEMERAL:
                await self.fake.gateway.dispatch_message("MESSAGE_UPDATE", original)
            self.world.notifier.changed()
            return original if ctx.query.get("wait") in ("true", "1", "True") else None
        channel = self.world.channels[int(inter.payload["channel_id"])]
        flags = int(body.get("flags") or 0)
        msg = self.world.create_message(
            channel,
            self.fake.bot_user,
            content=body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            attachments=attachments,
            allowed_mentions=body.get("allowed_mentions"),
            flags=flags & (FLAG_EPHEMERAL | (1 << 2) | (1 << 12)),
            type=0,
            webhook_id=self.fake.application_id,
            application_id=self.fake.application_id,
            interaction_metadata=self._interaction_metadata(inter),
            tts=bool(body.get("tts")),
        )
        inter.followups.append(msg)
        if not flags & FLAG_EPHEMERAL:
            await self.fake.gateway.dispatch_message("MESSAGE_CREATE", msg)
        self.world.notifier.changed()
        return msg if ctx.query.get("wait") in ("true", "1", "True") else None

    def _webhook_message(self, inter: ix.FakeInteraction, raw_id: str) -> dict[str, Any]:
        if raw_id == "@original":
            if inter.original is None:
                raise APIError(404, 10008, "Unknown Message")
            return inter.original
        for msg in inter.messages:
            if msg["id"] == raw_id:
                return msg
        raise APIError(404, 10008, "Unknown Message")

    async def webhook_message_get(self, ctx: Ctx) -> Any:
        inter = self.interaction(ctx.id("app_id"), ctx.params["token"])
        return self._webhook_message(inter, ctx.params["message_id"])

    async def webhook_message_edit(self, ctx: Ctx) -> Any:
        inter = self.interaction(ctx.id("app_id"), ctx.params["token"])
        msg = self._webhook_message(inter, ctx.params["message_id"])
        body = dict(ctx.json or {})
        attachments = self._attachments(body, ctx.files)
        if attachments:
            body["attachments"] = attachments
        validate_message_body(body, edit=True)
        self.world.edit_message(msg, body)
        if not msg["flags"] & FLAG_EPHEMERAL:
            await self.fake.gateway.dispatch_message("MESSAGE_UPDATE", msg)
        return msg

    async def webhook_message_delete(self, ctx: Ctx) -> Any:
        inter = self.interaction(ctx.id("app_id"), ctx.params["token"])
        msg = self._webhook_message(inter, ctx.params["message_id"])
        self.world.delete_message(msg)
        if not msg["flags"] & FLAG_EPHEMERAL:
            await self.fake.gateway.dispatch_message_delete(msg)
        return None
