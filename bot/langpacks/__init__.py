"""Language packs: everything that differs between languages, as data.

A pack is a folder ``bot/langpacks/<code>/`` (ISO 639-1 code) of TOML files, one per layer
that needs language knowledge: ``quotes.toml`` (quotation marks, speech verbs, titles,
pronouns, sources: read by :mod:`bot.quotes.pack`), ``sentences.toml`` (abbreviations and
quotation handling for the sentence splitter), ``openers.toml`` (anaphors and connectives
that make a summary sentence lean on the one before it: read by
:mod:`bot.summarize.openers`). Adding a language means adding a folder and
its tests (README.md here lists them); no code names a language.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKS = Path(__file__).resolve().parent


@lru_cache(maxsize=64)
def load(code: str, layer: str) -> dict[str, Any] | None:
    """The parsed ``<layer>.toml`` of language ``code``, or None when there is none."""
    if not code.isalpha() or not layer.isidentifier():
        return None
    path = PACKS / code / f"{layer}.toml"
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return tomllib.load(f)


def codes(layer: str) -> list[str]:
    """The languages that have a ``<layer>.toml``, sorted."""
    return sorted(p.parent.name for p in PACKS.glob(f"*/{layer}.toml"))
