"""Per-guild settings declared once: name, type, range, label and help, in one table.

Validation and the settings row's SQL (bot/storage/guild.py), the ``/config`` option ranges,
help and choices (cogs/admin.py) and ``/config show`` (bot/discord_ui/render.py) all read
:data:`SETTINGS`, the way Red-DiscordBot's ``Config.register_guild`` declares a cog's guild
defaults once and derives everything else from them. Defaults are those of
:class:`bot.models.GuildSettings`, whose fields tests/test_guild_settings.py keeps equal to
this table. ``watched_channels`` is the one entry stored apart (its own SQL table, changed a
channel at a time by ``/config watch`` and ``unwatch``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, fields
from typing import Any

from bot.errors import InvalidSettingError
from bot.models import (
    MAX_QUOTE_COUNT,
    MAX_RETENTION_DAYS,
    MAX_SUMMARY_SENTENCES,
    GuildSettings,
)


def _algorithm_names() -> Sequence[str]:
    # Imported on demand: the summarisers pull in numpy and scipy, which validating a setting
    # or answering a cache query never needs.
    from bot.summarize import ALGORITHMS

    return ALGORITHMS


@dataclass(frozen=True, slots=True)
class Setting:
    """One per-guild setting."""

    name: str  # the GuildSettings field and the settings row's column
    kind: type  # int, bool, str or frozenset (of channel ids)
    label: str  # its name in /config show
    help: str  # the /config option's description
    invalid: str  # what the user reads when a value is refused
    low: int | None = None  # inclusive range of an int
    high: int | None = None
    optional: bool = False  # None is allowed: "the bot's default"
    pattern: str | None = None  # what a str must match in full
    choices: Callable[[], Sequence[str]] | None = None  # what /config offers (a str)
    shown: bool = True  # listed by /config show
    column: bool = True  # a column of the settings row (False: stored in its own table)
    describe: Callable[[Any, Any], str] = lambda value, fallback: str(value)

    @property
    def default(self) -> Any:
        f = next(f for f in fields(GuildSettings) if f.name == self.name)
        return f.default_factory() if f.default is MISSING else f.default  # type: ignore[misc]

    def check(self, value: Any) -> Any:
        """``value`` checked and normalised; raises :class:`InvalidSettingError`."""
        if value is None and self.optional:
            return None
        if self.kind is frozenset:
            try:
                channels = frozenset(value)
            except TypeError:
                raise InvalidSettingError(self.invalid) from None
            if any(isinstance(c, bool) or not isinstance(c, int) or c <= 0 for c in channels):
                raise InvalidSettingError("Watched channels must be Discord channel ids.")
            return channels
        if self.kind is bool:
            ok = isinstance(value, bool)
        elif self.kind is int:
            ok = (
                isinstance(value, int)
                and not isinstance(value, bool)
                and (self.low is None or value >= self.low)
                and (self.high is None or value <= self.high)
            )
        else:
            ok = isinstance(value, str) and (
                self.pattern is None or re.fullmatch(self.pattern, value) is not None
            )
        if not ok:
            raise InvalidSettingError(self.invalid)
        return value

    def to_sql(self, value: Any) -> Any:
        return int(value) if self.kind is bool else value

    def from_sql(self, value: Any) -> Any:
        return bool(value) if self.kind is bool else value


def _channels(value: frozenset[int], fallback: Any) -> str:
    return ", ".join(f"<#{c}>" for c in sorted(value)) or "none"


def _retention(value: int | None, fallback: int | None) -> str:
    days = value or fallback
    return f"{days} days" if days else "forever"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "watched_channels",
        frozenset,
        label="Watched channels",
        help="The channel to watch",
        invalid="Watched channels must be a list of channels.",
        column=False,
        describe=_channels,
    ),
    Setting(
        "summary_sentences",
        int,
        label="Summary length",
        help=f"Sentences per summary (1-{MAX_SUMMARY_SENTENCES})",
        invalid=f"The summary sentences must be a whole number from 1 to {MAX_SUMMARY_SENTENCES}.",
        low=1,
        high=MAX_SUMMARY_SENTENCES,
        describe=lambda value, fallback: f"{value} sentences",
    ),
    Setting(
        "quote_count",
        int,
        label="Key quotes",
        help=f"Key quotes under each summary (0-{MAX_QUOTE_COUNT})",
        invalid=f"The quote count must be a whole number from 0 to {MAX_QUOTE_COUNT}.",
        low=0,
        high=MAX_QUOTE_COUNT,
    ),
    Setting(
        "algorithm",
        str,
        label="Algorithm",
        help="Summary algorithm",
        invalid="That isn't a summary algorithm name.",
        pattern=r"[a-z][a-z0-9_-]{0,31}",
        choices=_algorithm_names,
    ),
    Setting(
        "auto_summarise",
        bool,
        label="Summarise links in watched channels",
        help="on: summarise links posted in watched channels; off: only when asked",
        invalid="Auto summarise is on or off.",
        shown=False,
    ),
    Setting(
        "threads",
        bool,
        label="Reply in threads",
        help="on: open a thread per link message; off: reply inline",
        invalid="Threads is on or off.",
        describe=lambda value, fallback: "on" if value else "off",
    ),
    Setting(
        "retention_days",
        int,
        label="Keep articles",
        help="Delete articles nobody has posted for this many days; leave empty for the default",
        invalid=f"Retention is a number of days from 1 to {MAX_RETENTION_DAYS}, or off.",
        low=1,
        high=MAX_RETENTION_DAYS,
        optional=True,
        describe=_retention,
    ),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
COLUMNS: tuple[Setting, ...] = tuple(s for s in SETTINGS if s.column)


def validate(changes: dict[str, Any], table: Sequence[Setting] = SETTINGS) -> dict[str, Any]:
    """Checked, normalised copies of setting changes; raises :class:`InvalidSettingError`."""
    by_name = {s.name: s for s in table}
    out: dict[str, Any] = {}
    for name, value in changes.items():
        spec = by_name.get(name)
        if spec is None:
            raise InvalidSettingError(f"There is no setting called {name!r}.")
        out[name] = spec.check(value)
    return out


def row_sql(table: Sequence[Setting] = COLUMNS) -> str:
    """The statement that writes the settings row (one ``?`` per column setting)."""
    names = ", ".join(s.name for s in table)
    marks = ", ".join("?" for _ in table)
    return f"INSERT OR REPLACE INTO settings(id, {names}) VALUES (1, {marks})"


def row_values(settings: GuildSettings, table: Sequence[Setting] = COLUMNS) -> tuple[Any, ...]:
    return tuple(s.to_sql(getattr(settings, s.name)) for s in table)


def from_row(row: Any, table: Sequence[Setting] = COLUMNS) -> dict[str, Any]:
    """GuildSettings keyword arguments read from the settings row."""
    return {s.name: s.from_sql(row[s.name]) for s in table}
