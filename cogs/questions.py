"""Questions answered from the guild's cache: ``/quotes``, ``/whosaid``, ``/ask``, ``/search``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_ui import render
from bot.discord_ui.interact import defer, send
from bot.links import link_or_text

if TYPE_CHECKING:
    from bot.discord_ui.app import PrecisBot


class Questions(commands.Cog):
    def __init__(self, bot: PrecisBot) -> None:
        self.bot = bot

    @app_commands.command(name="quotes", description="Quotes from articles read in this server")
    @app_commands.guild_only()
    @app_commands.describe(
        url="Only quotes from this article", speaker="Only quotes by this person"
    )
    async def quotes(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, 2048] | None = None,
        speaker: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        await defer(interaction)
        hits = await self.bot.precis.quotes(
            interaction.guild_id,
            url=link_or_text(url) if url is not None else None,
            speaker=speaker,
            limit=10,
        )
        heading = "Quotes"
        if speaker:
            heading += f" by {speaker}"
        if url and hits and hits[0].title:
            heading += f" in “{hits[0].title}”"
        await send(interaction, embed=render.quote_hits_embed(hits, heading))

    @app_commands.command(name="whosaid", description="Find who said a phrase")
    @app_commands.guild_only()
    @app_commands.describe(phrase="Words from the quote")
    async def whosaid(
        self, interaction: discord.Interaction, phrase: app_commands.Range[str, 1, 300]
    ) -> None:
        assert interaction.guild_id is not None
        await defer(interaction)
        hits = await self.bot.precis.who_said(interaction.guild_id, phrase)
        await send(interaction, embed=render.whosaid_embed(phrase, hits))

    @app_commands.command(name="ask", description="Ask a question about articles read here")
    @app_commands.guild_only()
    @app_commands.describe(question="Your question", url="Only look in this article")
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 500],
        url: app_commands.Range[str, 1, 2048] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        await defer(interaction)
        answers = await self.bot.precis.ask(
            interaction.guild_id, question, url=link_or_text(url) if url is not None else None
        )
        await send(interaction, embed=render.answers_embed(question, answers))

    @app_commands.command(name="search", description="Search articles read in this server")
    @app_commands.guild_only()
    @app_commands.describe(terms="Words to look for")
    async def search(
        self, interaction: discord.Interaction, terms: app_commands.Range[str, 1, 300]
    ) -> None:
        assert interaction.guild_id is not None
        await defer(interaction)
        hits = await self.bot.precis.search(interaction.guild_id, terms)
        await send(interaction, embed=render.search_embed(terms, hits))


async def setup(bot: PrecisBot) -> None:
    await bot.add_cog(Questions(bot))
