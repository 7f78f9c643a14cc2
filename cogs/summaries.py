"""Summaries: links in watched channels, ``/summary``, the "Summarise article" menu, buttons.

The buttons under a digest are :class:`discord.ui.DynamicItem` s whose ``custom_id`` carries
the article id (and the target length), so they keep working after a restart without any view
being stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_ui import render
from bot.discord_ui.interact import NO_MENTIONS, defer, send, send_error, user_message
from bot.documents import document_key, offer, refusal
from bot.errors import FetchError, TooLargeError
from bot.links import find_article_links, find_links, link_or_text
from bot.models import MAX_SUMMARY_SENTENCES, Digest, PostRef, clamp_sentences

if TYPE_CHECKING:
    from bot.discord_ui.app import PrecisBot

log = logging.getLogger("precis.summaries")

LINKS_PER_MESSAGE = 3  # links and attached files together

# What one message asks for: a link, or an attached file.
Source = str | discord.Attachment


def readable_files(message: discord.Message) -> list[discord.Attachment]:
    """The attachments worth reading (PDF, text, Markdown, HTML); media is left alone."""
    return [a for a in message.attachments if offer(a.filename, a.content_type) == "document"]


def source_error(source: Source, message: str) -> str:
    """A short reply naming the link or file that couldn't be summarised."""
    if isinstance(source, str):
        return render.link_error(source, message)
    return render.content(
        f"⚠️ {render.safe(source.filename, 100)}: {render.safe(message, 1500, inline=False)}"
    )


async def read_attachment(attachment: discord.Attachment, max_bytes: int) -> bytes:
    """The file's bytes from Discord's CDN through discord.py (not the link fetcher: the CDN
    is Discord's own, and its URLs are no user-chosen address); size checked first."""
    name = render.safe(attachment.filename, 100)
    limit = f"{max_bytes / (1024 * 1024):g} MiB"
    if attachment.size > max_bytes:
        raise TooLargeError(f"{name} is too large for me to read (over {limit}).")
    try:
        data = await attachment.read()
    except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
        raise FetchError(
            f"I couldn't download {name} from Discord; try again.", detail=str(exc)
        ) from None
    if len(data) > max_bytes:
        raise TooLargeError(f"{name} is too large for me to read (over {limit}).")
    return data


@asynccontextmanager
async def typing_indicator(channel: discord.abc.Messageable) -> AsyncIterator[None]:
    """Show "Precis is typing…" while working, but never fail the work because of it."""
    indicator = channel.typing()
    try:
        await indicator.__aenter__()
    except discord.HTTPException:
        log.info("Could not show the typing indicator", exc_info=True)
        yield
        return
    try:
        yield
    finally:
        await indicator.__aexit__(None, None, None)


# --- buttons ------------------------------------------------------------------------------


class MoreQuotesButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"precis:more:(?P<id>[0-9]{1,19})"
):
    """Shows every quote of the article, only to the person who pressed."""

    def __init__(self, article_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="More quotes",
                style=discord.ButtonStyle.secondary,
                custom_id=f"precis:more:{article_id}",
                emoji="💬",
            )
        )
        self.article_id = article_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match
    ) -> MoreQuotesButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: PrecisBot = interaction.client  # type: ignore[assignment]
        try:
            if interaction.guild_id is None:
                raise app_commands.NoPrivateMessage()
            await defer(interaction, ephemeral=True)
            digest = await bot.precis.get_digest(interaction.guild_id, self.article_id)
            if digest is None:
                await send_error(interaction, "That article is no longer in this server's cache.")
                return
            await send(interaction, embed=render.more_quotes_embed(digest), ephemeral=True)
        except Exception as exc:
            await send_error(interaction, exc)


class _ResizeButton(discord.ui.DynamicItem[discord.ui.Button], template=r"precis:(?!)"):
    """Re-summarises the article at another length and updates the message in place."""

    action = ""
    label = ""
    emoji = ""

    def __init__(self, article_id: int, sentences: int, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"precis:{self.action}:{article_id}:{sentences}",
                emoji=self.emoji,
                disabled=disabled,
            )
        )
        self.article_id = article_id
        self.sentences = sentences

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match):
        return cls(int(match["id"]), int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: PrecisBot = interaction.client  # type: ignore[assignment]
        try:
            if interaction.guild_id is None:
                raise app_commands.NoPrivateMessage()
            # No cooldown here: the article is cached, and the guild's concurrency limit still
            # bounds the work. A component "defer" acknowledges without a visible reply; we then edit the
            # message the button is on.
            await interaction.response.defer()
            async with bot.gate.slot(interaction.guild_id):
                digest = await bot.precis.resummarise(
                    interaction.guild_id, self.article_id, self.sentences
                )
            await interaction.edit_original_response(
                embed=render.digest_embed(digest),
                view=digest_view(digest, sentences=self.sentences),
                allowed_mentions=NO_MENTIONS,
            )
        except Exception as exc:
            await send_error(interaction, exc)


class LongerButton(_ResizeButton, template=r"precis:longer:(?P<id>[0-9]{1,19}):(?P<n>[0-9]{1,2})"):
    action = "longer"
    label = "Longer summary"
    emoji = "➕"


class ShorterButton(
    _ResizeButton, template=r"precis:shorter:(?P<id>[0-9]{1,19}):(?P<n>[0-9]{1,2})"
):
    action = "shorter"
    label = "Shorter summary"
    emoji = "➖"


DYNAMIC_ITEMS = (MoreQuotesButton, LongerButton, ShorterButton)


def digest_view(digest: Digest, *, sentences: int | None = None) -> discord.ui.View | None:
    """The buttons under a digest (none if the article wasn't stored)."""
    if digest.article_id is None:
        return None
    have = len(digest.summary.sentences)
    current = clamp_sentences(sentences or have or 1)
    # The article ran out of sentences: a longer summary would be the same.
    exhausted = sentences is not None and have < sentences
    view = discord.ui.View(timeout=None)
    view.add_item(MoreQuotesButton(digest.article_id))
    view.add_item(ShorterButton(digest.article_id, max(1, current - 1), disabled=current <= 1))
    view.add_item(
        LongerButton(
            digest.article_id,
            min(MAX_SUMMARY_SENTENCES, current + 1),
            disabled=current >= MAX_SUMMARY_SENTENCES or exhausted,
        )
    )
    return view


def digest_message(digest: Digest) -> dict:
    """Keyword arguments for sending a digest anywhere."""
    kwargs: dict = {"embed": render.digest_embed(digest), "allowed_mentions": NO_MENTIONS}
    view = digest_view(digest)
    if view is not None:
        kwargs["view"] = view
    return kwargs


# --- the cog ------------------------------------------------------------------------------


class Summaries(commands.Cog):
    def __init__(self, bot: PrecisBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(
            name="Summarise article", callback=self.summarise_message
        )
        self.menu.guild_only = True

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    # --- watched channels -----------------------------------------------------------------

    def _watched(self, message: discord.Message, watched: frozenset[int]) -> bool:
        channel = message.channel
        if channel.id in watched:
            return True
        return isinstance(channel, discord.Thread) and channel.parent_id in watched

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if (
            message.guild is None
            or message.author.bot
            or message.webhook_id is not None
            or (self.bot.user is not None and message.author.id == self.bot.user.id)
            or not (message.content or message.attachments)
        ):
            return
        links: list[Source] = list(find_article_links(message.content, LINKS_PER_MESSAGE))
        links += readable_files(message)  # media and unknown files are skipped quietly
        links = links[:LINKS_PER_MESSAGE]
        if not links:
            return
        try:
            settings = await self.bot.precis.get_settings(message.guild.id)
        except Exception:
            log.exception("Could not read settings for guild %s", message.guild.id)
            return
        if not settings.auto_summarise or not self._watched(message, settings.watched_channels):
            return
        # A second message soon after the first waits out the cooldown instead of being
        # ignored; a user posting faster than that for long gets the extra links dropped.
        wait = self.bot.gate.reserve(message.author.id, max_wait=2 * self.bot.gate.cooldown)
        if wait is None:
            log.info("Dropping links from user %s: cooldown queue full", message.author.id)
            return
        if wait > 0:
            await asyncio.sleep(wait)
        target: discord.abc.Messageable | None = None
        for url in links:
            target = await self._summarise_in_channel(message, url, settings.threads, target)

    async def _digest(
        self, guild_id: int, source: Source, post: PostRef, sentences: int | None = None
    ) -> Digest:
        """The digest of a link, or of an attached file (downloaded only on a cache miss)."""
        if isinstance(source, str):
            return await self.bot.precis.digest(guild_id, source, sentences=sentences, post=post)
        max_bytes = self.bot.precis.settings.fetch_max_bytes
        return await self.bot.precis.digest_document(
            guild_id,
            lambda: read_attachment(source, max_bytes),
            name=source.filename,
            key=document_key(source.url),
            sentences=sentences,
            post=post,
        )

    async def _summarise_in_channel(
        self,
        message: discord.Message,
        url: Source,
        threads: bool,
        target: discord.abc.Messageable | None,
    ) -> discord.abc.Messageable | None:
        """Reply to ``message`` with the digest of ``url`` (a link or an attached file);
        returns the thread used, if any."""
        assert message.guild is not None
        post = PostRef(message.guild.id, message.channel.id, message.id, message.author.id)
        try:
            async with self.bot.gate.slot(message.guild.id), typing_indicator(message.channel):
                digest = await self._digest(message.guild.id, url, post)
        except Exception as exc:
            await self._reply(message, content=source_error(url, user_message(exc)))
            return target
        kwargs = digest_message(digest)
        if threads and target is None and not isinstance(message.channel, discord.Thread):
            target = await self._open_thread(message, digest)
        if target is not None:
            try:
                await target.send(**kwargs)
                return target
            except discord.HTTPException:
                log.warning("Could not post in thread; replying instead", exc_info=True)
        await self._reply(message, **kwargs)
        return target

    async def _open_thread(self, message: discord.Message, digest: Digest) -> discord.Thread | None:
        name = render.one_line(digest.article.title or "") or "Summary"
        try:
            return await message.create_thread(name=render.truncate(name, 100))
        except discord.HTTPException:
            log.warning("Could not open a thread in channel %s", message.channel.id, exc_info=True)
            return None

    async def _reply(self, message: discord.Message, **kwargs) -> None:
        kwargs.setdefault("allowed_mentions", NO_MENTIONS)
        try:
            await message.reply(mention_author=False, **kwargs)
        except discord.HTTPException as exc:
            # The message may have been deleted meanwhile: post without the reference.
            if exc.status < 500 and not isinstance(exc, discord.Forbidden):
                try:
                    await message.channel.send(**kwargs)
                    return
                except discord.HTTPException:
                    pass
            log.warning("Could not reply in channel %s", message.channel.id, exc_info=True)

    # --- /summary -------------------------------------------------------------------------

    @app_commands.command(name="summary", description="Summarise a news article")
    @app_commands.guild_only()
    @app_commands.describe(
        url="Link to the article",
        sentences="How many sentences (1-10, default: server setting)",
        file="A PDF, web page (.html) or text file (.txt, .md) to summarise instead of a link",
    )
    async def summary(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, 2048] | None = None,
        sentences: app_commands.Range[int, 1, MAX_SUMMARY_SENTENCES] | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        source: Source
        if file is not None:
            if offer(file.filename, file.content_type) == "media":
                await send_error(interaction, refusal(file.filename, file.content_type))
                return
            source = file
        elif url is not None:
            source = link_or_text(url)
        else:
            await send_error(interaction, "Give me a link, or attach a file with `file`.")
            return
        self.bot.gate.hit(interaction.user.id)
        await defer(interaction)
        post = PostRef(interaction.guild_id, interaction.channel_id, None, interaction.user.id)
        async with self.bot.gate.slot(interaction.guild_id):
            digest = await self._digest(interaction.guild_id, source, post, sentences)
        await send(interaction, **digest_message(digest))

    # --- context menu ---------------------------------------------------------------------

    async def summarise_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        """Summarise the links and attached files in any message (works without the Message
        Content intent, because Discord sends the target message with the interaction)."""
        assert interaction.guild_id is not None
        links: list[Source] = list(find_links(message.content or "", LINKS_PER_MESSAGE))
        for embed in message.embeds:  # link previews carry the URL even when content is hidden
            if embed.url and len(links) < LINKS_PER_MESSAGE and embed.url not in links:
                links.extend(find_links(embed.url, 1))
        links = (links + readable_files(message))[:LINKS_PER_MESSAGE]
        if not links:
            media = [
                a for a in message.attachments if offer(a.filename, a.content_type) != "document"
            ]
            if media:  # asked for explicitly: say why, once per file
                await send_error(
                    interaction, "\n".join(refusal(a.filename, a.content_type) for a in media[:5])
                )
            else:
                await send_error(
                    interaction, "I couldn't find a web link or a file I can read in that message."
                )
            return
        self.bot.gate.hit(interaction.user.id)
        await defer(interaction)
        post = PostRef(interaction.guild_id, message.channel.id, message.id, message.author.id)
        digests: list[Digest] = []
        errors: list[str] = []
        for url in links:
            try:
                async with self.bot.gate.slot(interaction.guild_id):
                    digests.append(await self._digest(interaction.guild_id, url, post))
            except Exception as exc:
                errors.append(source_error(url, user_message(exc)))
        for digest in digests:
            await send(interaction, **digest_message(digest))
        if errors:
            await send_error(interaction, "\n".join(errors))


async def setup(bot: PrecisBot) -> None:
    await bot.add_cog(Summaries(bot))
