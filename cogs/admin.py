"""Server admin: the ``/config`` group (Manage Server only) and the owner's ``sync`` command.

``default_permissions`` hides ``/config`` from members without Manage Server, but a server can
override that in its integration settings, so :func:`bot.discord_ui.interact.is_manager` is
also enforced on every subcommand.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_ui import render
from bot.discord_ui.interact import NO_MENTIONS, defer, is_manager, send, send_error
from bot.guild_settings import BY_NAME
from bot.links import link_or_text

if TYPE_CHECKING:
    from bot.discord_ui.app import PrecisBot

log = logging.getLogger("precis.admin")

# Option ranges, help and choices come from the settings table (bot/guild_settings.py).
WATCHED = BY_NAME["watched_channels"]
SENTENCES = BY_NAME["summary_sentences"]
QUOTES = BY_NAME["quote_count"]
ALGORITHM = BY_NAME["algorithm"]
THREADS = BY_NAME["threads"]
RETENTION = BY_NAME["retention_days"]
assert ALGORITHM.choices is not None
# Discord allows at most 25 choices.
ALGORITHM_CHOICES = [app_commands.Choice(name=n, value=n) for n in ALGORITHM.choices()[:25]]


async def _ok(interaction: discord.Interaction, text: str) -> None:
    await send(interaction, content=render.content(text), ephemeral=True)


class ConfirmPurge(discord.ui.View):
    """Two buttons shown only to the admin who asked; nothing is deleted without a click."""

    def __init__(self, bot: PrecisBot, user_id: int, guild_id: int) -> None:
        super().__init__(timeout=60)
        self.bot = bot
        self.user_id = user_id
        self.guild_id = guild_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.user_id and is_manager(interaction)

    @discord.ui.button(label="Delete everything", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.defer()
        await self.bot.precis.purge(self.guild_id)
        log.info("Guild %s purged by user %s", self.guild_id, interaction.user.id)
        await interaction.edit_original_response(
            content="Deleted every article, quote and setting Precis kept for this server.",
            view=None,
        )

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was deleted.", view=None)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await send_error(interaction, error)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Admin(
    commands.GroupCog, group_name="config", group_description="Configure Precis in this server"
):
    def __init__(self, bot: PrecisBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return is_manager(interaction)

    async def _guild(self, interaction: discord.Interaction) -> int:
        """Acknowledge at once (a cold guild database may take a moment to open)."""
        assert interaction.guild_id is not None
        await defer(interaction, ephemeral=True)
        return interaction.guild_id

    @app_commands.command(name="watch", description="Summarise links posted in a channel")
    @app_commands.describe(channel=WATCHED.help)
    async def watch(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        gid = await self._guild(interaction)
        await self.bot.precis.set_watched(gid, channel.id, True)
        notes = [f"Watching {channel.mention}: I'll summarise article links posted there."]
        me = interaction.guild.me if interaction.guild else None
        if me is not None:
            perms = channel.permissions_for(me)
            if not (perms.send_messages and perms.embed_links and perms.read_message_history):
                notes.append(
                    "⚠️ I need Send Messages, Embed Links and Read Message History in that "
                    "channel to reply there."
                )
        if not self.bot.intents.message_content:
            notes.append(
                "⚠️ The Message Content intent is off, so I can't read links there yet; "
                "use /summary or the 'Summarise article' menu meanwhile."
            )
        await _ok(interaction, "\n".join(notes))

    @app_commands.command(name="unwatch", description="Stop summarising links in a channel")
    @app_commands.describe(channel="The channel to stop watching")
    async def unwatch(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        gid = await self._guild(interaction)
        current = await self.bot.precis.get_settings(gid)
        if channel.id not in current.watched_channels:
            await _ok(interaction, f"{channel.mention} wasn't being watched.")
            return
        await self.bot.precis.set_watched(gid, channel.id, False)
        await _ok(interaction, f"Stopped watching {channel.mention}.")

    @app_commands.command(name="show", description="Show Precis settings for this server")
    async def show(self, interaction: discord.Interaction) -> None:
        gid = await self._guild(interaction)
        settings = await self.bot.precis.get_settings(gid)
        embed = render.settings_embed(
            settings,
            default_retention_days=self.bot.precis.settings.retention_days,
            shard=self.bot.shard_label(gid),
        )
        await send(interaction, embed=embed, ephemeral=True)

    @app_commands.command(name="summary-length", description="Default summary length")
    @app_commands.describe(sentences=SENTENCES.help)
    async def summary_length(
        self,
        interaction: discord.Interaction,
        sentences: app_commands.Range[int, SENTENCES.low, SENTENCES.high],
    ) -> None:
        gid = await self._guild(interaction)
        await self.bot.precis.update_settings(gid, summary_sentences=sentences)
        await _ok(interaction, f"Summaries now have {sentences} sentence(s).")

    @app_commands.command(name="quotes", description="How many key quotes to show")
    @app_commands.describe(count=QUOTES.help)
    async def quotes(
        self,
        interaction: discord.Interaction,
        count: app_commands.Range[int, QUOTES.low, QUOTES.high],
    ) -> None:
        gid = await self._guild(interaction)
        await self.bot.precis.update_settings(gid, quote_count=count)
        await _ok(interaction, f"I'll show {count} key quote(s) under each summary.")

    @app_commands.command(name="algorithm", description="Which summariser to use")
    @app_commands.describe(name=ALGORITHM.help)
    @app_commands.choices(name=ALGORITHM_CHOICES)
    async def algorithm(
        self, interaction: discord.Interaction, name: app_commands.Choice[str]
    ) -> None:
        gid = await self._guild(interaction)
        await self.bot.precis.update_settings(gid, algorithm=name.value)
        await _ok(interaction, f"Summaries now use the {name.value} algorithm.")

    @app_commands.command(name="threads", description="Reply to links in a thread")
    @app_commands.describe(state=THREADS.help)
    async def threads(self, interaction: discord.Interaction, state: Literal["on", "off"]) -> None:
        gid = await self._guild(interaction)
        await self.bot.precis.update_settings(gid, threads=state == "on")
        await _ok(interaction, f"Thread replies are {state}.")

    @app_commands.command(name="retention", description="How long to keep articles")
    @app_commands.describe(days=RETENTION.help)
    async def retention(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, RETENTION.low, RETENTION.high] | None = None,
    ) -> None:
        gid = await self._guild(interaction)
        await self.bot.precis.update_settings(gid, retention_days=days)
        default = self.bot.precis.settings.retention_days
        if days:
            text = f"Articles nobody has posted for {days} day(s) are deleted (checked hourly)."
        elif default:
            text = f"Back to the bot's default: articles are kept for {default} day(s)."
        else:
            text = "Back to the bot's default: articles are kept until forgotten or purged."
        await _ok(interaction, text)

    @app_commands.command(name="forget", description="Delete one article and its quotes")
    @app_commands.describe(url="Link of the article to forget")
    async def forget(
        self, interaction: discord.Interaction, url: app_commands.Range[str, 1, 2048]
    ) -> None:
        gid = await self._guild(interaction)
        link = link_or_text(url)
        if await self.bot.precis.forget(gid, link):
            await _ok(interaction, "Forgotten: that article and its quotes are deleted.")
        else:
            await send_error(interaction, "I have no article with that link in this server.")

    @app_commands.command(name="purge", description="Delete everything Precis kept here")
    async def purge(self, interaction: discord.Interaction) -> None:
        gid = await self._guild(interaction)
        await send(
            interaction,
            content="Delete **every** article, quote and setting Precis kept for this server? "
            "This can't be undone.",
            view=ConfirmPurge(self.bot, interaction.user.id, gid),
            ephemeral=True,
        )

    # --- owner only -------------------------------------------------------------------------

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(
        self, ctx: commands.Context, scope: Literal["guild", "global"] = "guild"
    ) -> None:
        """``@Precis sync [guild|global]``: push slash commands to this server or everywhere."""
        if scope == "global":
            cmds = await self.bot.tree.sync()
            await ctx.reply(
                f"Synced {len(cmds)} commands globally (may take a while to appear).",
                allowed_mentions=NO_MENTIONS,
            )
            return
        if ctx.guild is None:
            await ctx.reply("Use `sync global` outside a server.", allowed_mentions=NO_MENTIONS)
            return
        self.bot.tree.copy_global_to(guild=ctx.guild)
        cmds = await self.bot.tree.sync(guild=ctx.guild)
        await ctx.reply(
            f"Synced {len(cmds)} commands to this server.", allowed_mentions=NO_MENTIONS
        )


async def setup(bot: PrecisBot) -> None:
    await bot.add_cog(Admin(bot))
