"""Precis: reads the news for a Discord server.

The ``bot`` package is the core: fetching, extraction, sentences, summaries, quotes and
per-guild storage. It never imports ``cogs``; the pipeline modules never import discord.
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/precis-bot/precis"
