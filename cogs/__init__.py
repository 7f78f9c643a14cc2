"""discord.py extensions: thin adapters between Discord and the ``bot`` package."""
