"""The Discord-facing side of ``bot``: the client, interaction plumbing and message rendering.

Everything that imports discord.py lives here, so the rest of ``bot`` (pipeline, service,
storage) stays importable and testable without it. The cogs in ``cogs/`` build on these modules.
"""
