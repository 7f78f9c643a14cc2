"""Discord-side plumbing shared by the cogs: answering interactions, errors, cooldowns, checks.

This is the one place that decides what a user sees when something goes wrong:
a :class:`PrecisError` shows its ``user_message`` (ephemerally for interactions), a failed check
or cooldown gets a short friendly refusal, and anything else is logged with its traceback while
the user gets a generic apology. Nothing here talks to the pipeline.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import discord
from discord import app_commands

from bot.discord_ui import render
from bot.errors import PrecisError, RateLimitedError

log = logging.getLogger("precis.discord")

NO_MENTIONS = discord.AllowedMentions.none()
APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
_PUBLIC_DEFER = "precis_public_defer"


def user_message(error: BaseException) -> str:
    """What the user reads for ``error``; logs the traceback when it's a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.TransformerError):
        return "I couldn't understand one of the options you gave."
    if isinstance(error, PrecisError):
        return error.user_message
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"You're going a bit fast; try again in {math.ceil(error.retry_after)} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, app_commands.MissingPermissions):
        return "Only members with the Manage Server permission can change Precis settings."
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"I'm missing a permission here: {missing}."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    if isinstance(error, discord.Forbidden):
        return "Discord didn't let me do that here (missing permission)."
    log.error("Unexpected error", exc_info=(type(error), error, error.__traceback__))
    return APOLOGY


async def defer(interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
    """Acknowledge now (Discord allows 3 s), answer later with :func:`send`."""
    if interaction.response.is_done():
        return
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    if not ephemeral:
        interaction.extras[_PUBLIC_DEFER] = True


async def send(interaction: discord.Interaction, **kwargs) -> None:
    """Reply or follow up, whichever is due; never pings."""
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    if interaction.response.is_done():
        interaction.extras.pop(_PUBLIC_DEFER, None)
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def send_error(interaction: discord.Interaction, error: BaseException | str) -> None:
    """Tell only the person who asked what went wrong."""
    message = error if isinstance(error, str) else user_message(error)
    embed = render.error_embed(message)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(
                embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        if interaction.extras.pop(_PUBLIC_DEFER, False):
            # The first follow-up would replace the public "thinking…" message and so be seen
            # by everyone; remove it so the error can be ephemeral.
            with suppress(discord.HTTPException):
                await interaction.delete_original_response()
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("Could not tell user about an error: %s", message, exc_info=True)


class PrecisTree(app_commands.CommandTree):
    """Command tree whose error handler is the single place slash-command errors end up."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await send_error(interaction, error)


# --- cooldowns and concurrency ---------------------------------------------------------------


class SummariseGate:
    """Per-user cooldown and per-guild concurrency for the expensive work (summarising).

    The cooldown refuses (raises :class:`RateLimitedError`); the concurrency limit queues, so a
    busy guild waits for its own slots and never takes another guild's.
    """

    def __init__(self, cooldown_seconds: float, guild_concurrency: int) -> None:
        self.cooldown = max(0.0, cooldown_seconds)
        self.concurrency = max(1, guild_concurrency)
        self._last: dict[int, float] = {}
        self._slots: dict[int, asyncio.Semaphore] = {}

    def retry_after(self, user_id: int) -> float:
        if self.cooldown <= 0:
            return 0.0
        last = self._last.get(user_id)
        return 0.0 if last is None else max(0.0, last + self.cooldown - time.monotonic())

    def hit(self, user_id: int) -> None:
        """Record a use by ``user_id``; raise :class:`RateLimitedError` if too soon."""
        wait = self.retry_after(user_id)
        if wait > 0:
            raise RateLimitedError(f"You're going a bit fast; try again in {math.ceil(wait)} s.")
        if self.cooldown > 0:
            now = time.monotonic()
            self._last[user_id] = now
            if len(self._last) > 10_000:  # forget users whose cooldown has long passed
                self._last = {u: t for u, t in self._last.items() if now - t < self.cooldown}

    def reserve(self, user_id: int, max_wait: float) -> float | None:
        """For work that can wait (links in watched channels): book this user's next turn.

        Returns the seconds to wait before starting, or None when the user already has more
        than ``max_wait`` seconds of work booked (then the link is dropped, not queued forever).
        """
        if self.cooldown <= 0:
            return 0.0
        now = time.monotonic()
        last = self._last.get(user_id)
        start = now if last is None else max(now, last + self.cooldown)
        if start - now > max_wait:
            return None
        self._last[user_id] = start
        return start - now

    @asynccontextmanager
    async def slot(self, guild_id: int) -> AsyncIterator[None]:
        sem = self._slots.setdefault(guild_id, asyncio.Semaphore(self.concurrency))
        async with sem:
            yield


# --- checks -------------------------------------------------------------------------------


def is_manager(interaction: discord.Interaction) -> bool:
    """Enforced server-side: Manage Server (or Administrator) in this guild.

    ``default_permissions`` only hides the command by default; a server can override it, so
    every admin command also checks this.
    """
    if interaction.guild is None:
        raise app_commands.NoPrivateMessage()
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    raise app_commands.MissingPermissions(["manage_guild"])
