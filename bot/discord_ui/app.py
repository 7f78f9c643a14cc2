"""The Discord client: an ``AutoShardedBot`` that owns one :class:`Precis` service and the cogs.

It runs the shard block of ``SHARD_COUNT`` / ``SHARD_IDS`` (bot/shards.py), or with neither set
every shard Discord recommends (one shard for a small bot), so a bot that grows past Discord's
2,500-guilds-per-shard limit reshards itself on its next start. Sharding is discord.py's own.

``run_bot`` is the entry point (``python -m bot`` / ``precis run``). It points discord.py at a
Discord-compatible server when ``DISCORD_API_BASE`` / ``DISCORD_GATEWAY_URL`` are set, falls
back to running without the Message Content intent when the portal hasn't enabled it, and
shuts down cleanly on SIGINT/SIGTERM (closing the gateway, then storage and the fetcher). With
``REPLICA_URL`` set it runs Litestream beside the bot (bot/replication.py) and stops it last.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import time
from typing import TYPE_CHECKING

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.config import Settings
from bot.discord_ui.interact import NO_MENTIONS, PrecisTree, SummariseGate
from bot.errors import ConfigError, DiscordUnreachableError
from bot.shards import shard_of

if TYPE_CHECKING:
    from bot.service import Precis

log = logging.getLogger("precis.bot")

EXTENSIONS = ("cogs.summaries", "cogs.questions", "cogs.admin")

# Precis never joins voice: discord.py's start-up warnings about PyNaCl and davey (voice
# libraries) would only confuse whoever runs it.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

_DEFAULT_API_BASE = discord.http.Route.BASE
_DEFAULT_GATEWAY = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
# Discord allows one IDENTIFY per rate-limit bucket (shard_id % max_concurrency) per 5 seconds.
IDENTIFY_INTERVAL = 5.0


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py's REST and gateway at ``settings``' servers (or back at Discord).

    These are discord.py 2.7 internals (class attributes read on every request / connect),
    which is why pyproject pins discord.py to 2.7.x.
    """
    discord.http.Route.BASE = settings.discord_api_base or _DEFAULT_API_BASE
    gateway = _DEFAULT_GATEWAY
    if settings.discord_gateway_url:
        gateway = yarl.URL(settings.discord_gateway_url)
        if not gateway.path:
            gateway = gateway.with_path("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def make_intents(*, message_content: bool = True) -> discord.Intents:
    intents = discord.Intents.default()
    # Only needed to read links in watched channels; slash commands and the context menu work
    # without it.
    intents.message_content = message_content
    return intents


class PrecisBot(commands.AutoShardedBot):
    """The bot: ``setup_hook`` starts the core service, loads the cogs and syncs commands."""

    precis: Precis

    def __init__(
        self,
        settings: Settings,
        *,
        message_content: bool = True,
        sync_global: bool = False,
        **options,
    ) -> None:
        options.setdefault("intents", make_intents(message_content=message_content))
        shards = settings.shards  # validated here too: Settings may be built in code
        options.setdefault("shard_count", shards.count)
        options.setdefault("shard_ids", shards.launch_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            allowed_mentions=NO_MENTIONS,
            owner_ids=set(settings.owner_ids),
            tree_cls=PrecisTree,
            **options,
        )
        self.settings = settings
        self.sync_global = sync_global
        self.gate = SummariseGate(settings.user_cooldown_seconds, settings.guild_concurrency)
        self._precis_started = False
        self._max_concurrency: int | None = None
        self._last_identify: dict[int, float] = {}

    def shard_label(self, guild_id: int) -> str:
        """Which shard serves ``guild_id`` and what this process runs (/config show, logs)."""
        count = self.shard_count or 1
        return f"{shard_of(guild_id, count)} of {count}; this process runs " + (
            self.settings.shards.describe() if self.settings.shard_count else "all of them"
        )

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait only as long as Discord's identify limit asks.

        discord.py's default sleeps 5 s before every IDENTIFY but the first; Discord allows
        ``max_concurrency`` (from /gateway/bot's session_start_limit) IDENTIFYs per 5 s, one per
        bucket ``shard_id % max_concurrency``, so a big bot's shards start that much faster.
        """
        if self._max_concurrency is None:
            try:
                limits = await self.fetch_session_start_limits()
            except discord.DiscordException:
                log.warning("Couldn't read the session start limits; identifying one at a time")
                self._max_concurrency = 1
            else:
                self._max_concurrency = max(1, limits.max_concurrency)
                log.info(
                    "Session starts left today: %d of %d; identify concurrency %d",
                    limits.remaining,
                    limits.total,
                    limits.max_concurrency,
                )
        bucket = (shard_id or 0) % self._max_concurrency
        now = time.monotonic()
        last = self._last_identify.get(bucket)
        # Reserve the slot before sleeping, so two shards of one bucket never share it.
        slot = now if last is None else max(now, last + IDENTIFY_INTERVAL)
        self._last_identify[bucket] = slot
        if slot > now:
            await asyncio.sleep(slot - now)

    async def setup_hook(self) -> None:
        from bot.service import Precis  # imported here: the pipeline is heavy to import

        self.precis = await Precis.start(self.settings)
        self._precis_started = True
        for ext in EXTENSIONS:
            await self.load_extension(ext)
        if not self.intents.message_content:
            log.warning(
                "Running WITHOUT the Message Content intent: links posted in watched channels "
                "won't be summarised automatically. Slash commands and the 'Summarise article' "
                "menu still work. Enable 'Message Content Intent' in the Developer Portal "
                "(Bot tab) to turn auto-summaries on."
            )
        await self.sync_commands(global_=self.sync_global)

    async def sync_commands(self, *, global_: bool = False) -> list[int]:
        """Sync to the dev guild (if set) and, only when asked, globally; returns guild ids."""
        synced: list[int] = []
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            cmds = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to dev guild %s", len(cmds), guild.id)
            synced.append(guild.id)
        if global_:
            cmds = await self.tree.sync()
            log.info("Synced %d commands globally (may take up to an hour to show)", len(cmds))
        return synced

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info(
            "Logged in as %s (id %s) in %d guilds on %s",
            self.user,
            self.user.id,
            len(self.guilds),
            self._shards_running(),
        )
        # Re-invited while offline: the guilds we are in must not be deleted after the grace.
        for guild in self.guilds:
            await self.precis.guild_joined(guild.id)

    def _shards_running(self) -> str:
        if self.settings.shard_count:
            return self.settings.shards.describe()
        return f"all {self.shard_count or 1} shard(s) (count recommended by Discord)"

    async def on_shard_ready(self, shard_id: int) -> None:
        count = sum(1 for g in self.guilds if g.shard_id == shard_id)
        log.info("Shard %d of %s ready with %d guilds", shard_id, self.shard_count, count)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.precis.guild_joined(guild.id)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        # A guild coming back after a reconnect (or a GUILD_CREATE that Discord marks as
        # "available" rather than "join"): any pending deletion is void.
        await self.precis.guild_joined(guild.id)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.precis.guild_removed(guild.id)

    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError) -> None:
        # Prefix commands exist only for the owner (sync); stay silent for everyone else.
        if isinstance(error, commands.CommandNotFound | commands.NotOwner | commands.CheckFailure):
            return
        if isinstance(error, commands.UserInputError):
            await ctx.reply(str(error)[:1900], allowed_mentions=NO_MENTIONS)
            return
        original = getattr(error, "original", error)
        log.error(
            "Prefix command failed", exc_info=(type(original), original, original.__traceback__)
        )

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            if self._precis_started:
                self._precis_started = False
                await self.precis.close()


def unreachable_error(exc: BaseException, settings: Settings) -> DiscordUnreachableError:
    """One plain sentence for a Discord that can't be reached: what failed and what to check."""
    where = settings.discord_api_base or "discord.com"
    custom = " and DISCORD_API_BASE" if settings.discord_api_base else ""
    if isinstance(exc, aiohttp.ClientSSLError):
        what = f"the TLS handshake with {exc.host} failed"
        check = "the system clock, the CA certificates and any proxy that intercepts TLS"
    elif isinstance(exc, aiohttp.ClientConnectorError) and isinstance(
        exc.os_error, socket.gaierror
    ):
        what = f"the name {exc.host} does not resolve"
        check = "the network connection and DNS settings"
    elif isinstance(exc, aiohttp.ClientConnectorError):
        what = f"nothing answered at {exc.host}:{exc.port}"
        check = "the network connection, firewall or proxy"
    elif isinstance(exc, discord.GatewayNotFound):
        what = f"{where} did not return a gateway address"
        check = "the network connection and Discord's status page"
    else:
        what = f"{where} did not answer in time"
        check = "the network connection"
    return DiscordUnreachableError(
        f"Can't reach Discord: {what}. Check {check}{custom}. "
        "(LOG_LEVEL=DEBUG logs the full error.)"
    )


async def run_bot(settings: Settings, *, sync_global: bool = False) -> None:
    """Run until SIGINT/SIGTERM or a fatal error; always closes storage and sessions."""
    if not settings.discord_token:
        raise ConfigError("DISCORD_TOKEN is not set (see .env.example).")
    level = getattr(logging, settings.log_level, logging.INFO)
    root = logging.getLogger()
    if root.handlers:  # the CLI (or a test runner) already set logging up: don't duplicate lines
        root.setLevel(level)
    else:
        discord.utils.setup_logging(level=level)
    tagged = _tag_log_lines(settings)
    configure_endpoints(settings)
    log.info("Starting %s", settings.shards.describe())

    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    current: list[PrecisBot] = []
    closing: set[asyncio.Task] = set()

    def _stop() -> None:
        log.info("Shutting down…")
        stopping.set()
        for bot in current:
            task = loop.create_task(bot.close())
            closing.add(task)
            task.add_done_callback(closing.discard)

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, _stop)

    replicator = None
    if settings.replicating:
        from bot.replication import Replicator

        _check_replicated_data_dir(settings)

        replicator = Replicator(settings)
        await replicator.start()

    message_content = True
    try:
        while not stopping.is_set():
            bot = PrecisBot(settings, message_content=message_content, sync_global=sync_global)
            current[:] = [bot]
            try:
                async with bot:
                    await bot.start(settings.discord_token)
                return
            except (aiohttp.ClientConnectorError, discord.GatewayNotFound, TimeoutError) as exc:
                # Only the first login and gateway lookup end up here: once connected,
                # discord.py reconnects by itself. The traceback is for LOG_LEVEL=DEBUG.
                log.debug("Discord unreachable", exc_info=True)
                raise unreachable_error(exc, settings) from None
            except discord.LoginFailure:
                raise ConfigError(
                    "Discord rejected DISCORD_TOKEN. Reset the token on the Bot tab of the "
                    "Developer Portal and put the new one in .env."
                ) from None
            except discord.PrivilegedIntentsRequired:
                if not message_content:
                    raise ConfigError(
                        "Discord refused the bot's intents even without Message Content."
                    ) from None
                log.warning(
                    "Discord refused the Message Content intent (not enabled for this app in "
                    "the Developer Portal); reconnecting without it."
                )
                message_content = False
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
        if replicator is not None:
            # After the bot (and storage) closed: the final sync includes the last writes.
            await replicator.stop()
        for handler, formatter in tagged:
            handler.setFormatter(formatter)


def _check_replicated_data_dir(settings: Settings) -> None:
    """With replication, a shard block needs a DATA_DIR of its own: Litestream watches the whole
    folder (and keeps one pid file there), so two blocks sharing it would both replicate, and
    stop each other's Litestream."""
    from bot.storage.store import guild_files

    shards = settings.shards
    if not shards.partial:
        return
    foreign = [gid for gid, _ in guild_files(settings.data_dir) if not shards.owns(gid)]
    if foreign:
        raise ConfigError(
            f"DATA_DIR {settings.data_dir} holds databases of other shards (guild {foreign[0]} "
            f"is on shard {shards.shard_of(foreign[0])}); with REPLICA_URL set, every shard "
            "block needs its own DATA_DIR. Move those files to their block's folder."
        )


class _ShardTagFormatter(logging.Formatter):
    """Prefixes every line with the process's shard block: several processes' logs often end up
    in one place (journald, a log shipper) and must say which process wrote them."""

    def __init__(self, inner: logging.Formatter | None, tag: str) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.tag = tag

    def format(self, record: logging.LogRecord) -> str:
        return f"[{self.tag}] {self.inner.format(record)}"


def _tag_log_lines(settings: Settings) -> list[tuple[logging.Handler, logging.Formatter | None]]:
    """Tag the root handlers' lines when this process runs a block of shards; returns the old
    formatters so ``run_bot`` can put them back (tests and the CLI share the root logger)."""
    shards = settings.shards
    if not shards.partial:
        return []
    tag = shards.describe()
    old = []
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, _ShardTagFormatter):
            continue
        old.append((handler, handler.formatter))
        handler.setFormatter(_ShardTagFormatter(handler.formatter, tag))
    return old
