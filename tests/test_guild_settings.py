"""bot.guild_settings: the one table of per-guild settings, and everything that reads it."""

from __future__ import annotations

import sqlite3
from dataclasses import fields, replace
from pathlib import Path

import pytest

from bot import guild_settings
from bot.discord_ui import render
from bot.errors import InvalidSettingError
from bot.guild_settings import SETTINGS, Setting
from bot.models import GuildSettings
from bot.storage import Storage


def test_the_table_and_guild_settings_name_the_same_settings() -> None:
    assert {s.name for s in SETTINGS} == {f.name for f in fields(GuildSettings)}
    for spec in SETTINGS:
        assert spec.check(spec.default) == spec.default  # every default passes its own rule
        assert spec.label and spec.help and spec.invalid


async def test_the_settings_row_has_one_column_per_column_setting(tmp_path: Path) -> None:
    storage = Storage(tmp_path)
    db = await storage.guild(1)
    changed = await db.update_settings(summary_sentences=7, threads=True, retention_days=9)
    await storage.close()
    conn = sqlite3.connect(db.path)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(settings)")]
    finally:
        conn.close()
    assert set(columns) == {"id"} | {s.name for s in guild_settings.COLUMNS}
    again = Storage(tmp_path)
    assert await (await again.guild(1)).get_settings() == changed
    await again.close()


@pytest.mark.parametrize("spec", [s for s in SETTINGS if s.kind is int], ids=lambda s: s.name)
def test_every_whole_number_setting_is_checked_against_its_range(spec: Setting) -> None:
    assert spec.low is not None and spec.high is not None
    assert guild_settings.validate({spec.name: spec.low}) == {spec.name: spec.low}
    assert guild_settings.validate({spec.name: spec.high}) == {spec.name: spec.high}
    for bad in (spec.low - 1, spec.high + 1, True, "3", 2.0):
        with pytest.raises(InvalidSettingError) as info:
            guild_settings.validate({spec.name: bad})
        assert info.value.user_message == spec.invalid


def test_config_show_lists_the_shown_settings_in_table_order() -> None:
    embed = render.settings_embed(GuildSettings(watched_channels=frozenset({5})))
    assert [f.name for f in embed.fields] == [s.label for s in SETTINGS if s.shown]
    assert embed.fields[0].value == "<#5>"


def test_adding_a_setting_takes_one_entry() -> None:
    """A new entry is validated, written and read back by the same code, unchanged."""
    digest_colour = Setting(
        "digest_colour",
        str,
        label="Colour",
        help="Embed colour as six hex digits",
        invalid="A colour is six hex digits.",
        pattern=r"[0-9a-f]{6}",
    )
    table = (*guild_settings.COLUMNS, digest_colour)
    assert guild_settings.validate({"digest_colour": "3b82f6"}, table) == {
        "digest_colour": "3b82f6"
    }
    with pytest.raises(InvalidSettingError, match="six hex digits"):
        guild_settings.validate({"digest_colour": "blue"}, table)
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    columns = ", ".join(s.name for s in table)
    conn.execute(f"CREATE TABLE settings (id INTEGER PRIMARY KEY, {columns})")
    values = (*guild_settings.row_values(GuildSettings()), "3b82f6")
    conn.execute(guild_settings.row_sql(table), values)
    row = conn.execute("SELECT * FROM settings").fetchone()
    read = guild_settings.from_row(row, table)
    assert read.pop("digest_colour") == "3b82f6"
    assert replace(GuildSettings(), **read) == GuildSettings()
