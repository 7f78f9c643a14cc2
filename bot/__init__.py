"""Precis: reads the news for a Discord server.

The ``bot`` package is the core: fetching, extraction, sentences, summaries, quotes and
per-guild storage, with :mod:`bot.service` the one entry point the cogs and the CLI share. It
never imports ``cogs``, and only :mod:`bot.discord_ui` imports discord (tests/test_layout.py).
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/precis-bot/precis"
