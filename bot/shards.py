"""Which guilds this process serves: Discord's shard rule, in one place.

Discord routes a guild's events to shard ``(guild_id >> 22) % shard_count``; a process that runs
a block of shards (``SHARD_IDS`` out of ``SHARD_COUNT``) therefore owns exactly the guilds that
rule maps into its block. Storage, housekeeping, logs and ``/config show`` all ask this module,
so the bot never opens, creates or deletes a database that another process owns (several
processes may share one data dir). With no ``SHARD_COUNT`` the process runs every shard
Discord recommends and owns every guild.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import ConfigError

# Discord's own ceiling is far lower in practice; this only stops absurd input early.
MAX_SHARD_COUNT = 65536


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that Discord sends ``guild_id``'s events to (its documented formula)."""
    return (int(guild_id) >> 22) % shard_count


def parse_shard_ids(
    raw: str, shard_count: int, *, name: str = "SHARD_IDS", count_name: str = "SHARD_COUNT"
) -> tuple[int, ...]:
    """``"0-3"``, ``"4,5,7"`` or ``"0-1,6"`` → sorted ids; ConfigError naming ``name`` (the
    setting or option being read) and ``count_name`` otherwise."""
    ids: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        lo, dash, hi = part.partition("-")
        lo, hi = lo.strip(), hi.strip()
        if not lo.isdigit() or (dash and not hi.isdigit()):
            raise ConfigError(
                f"{name} takes shard ids and ranges separated by commas, such as 0-3 or 4,5,7; "
                f"{part!r} isn't one."
            )
        first, last = int(lo), int(hi) if dash else int(lo)
        if last < first:
            raise ConfigError(f"{name}: the range {part!r} runs backwards; write {last}-{first}.")
        if last >= shard_count:
            raise ConfigError(
                f"{name}: shard {last} doesn't exist with {count_name}={shard_count} "
                f"(shards are numbered 0 to {shard_count - 1})."
            )
        ids.update(range(first, last + 1))
    if not ids:
        raise ConfigError(f"{name} is empty; give shard ids such as 0-3 or 4,5,7.")
    return tuple(sorted(ids))


def format_ids(ids: tuple[int, ...]) -> str:
    """(0, 1, 2, 3, 5, 7, 8) → ``"0-3,5,7-8"``: the way SHARD_IDS is written."""
    out: list[str] = []
    start = prev = ids[0]
    for i in (*ids[1:], None):
        if i is not None and i == prev + 1:
            prev = i
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if i is not None:
            start = prev = i
    return ",".join(out)


@dataclass(frozen=True, slots=True)
class Shards:
    """This process's shard block: ``count`` None means "whatever Discord recommends, all of
    them" (one process owns every guild); ``ids`` None means every shard of ``count``."""

    count: int | None = None
    ids: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.count is None:
            if self.ids is not None:
                raise ConfigError(
                    "SHARD_IDS needs SHARD_COUNT: set the total number of shards every process "
                    "agrees on (e.g. SHARD_COUNT=16), then this process's block (SHARD_IDS=0-3)."
                )
            return
        if not 1 <= self.count <= MAX_SHARD_COUNT:
            raise ConfigError(f"SHARD_COUNT must be between 1 and {MAX_SHARD_COUNT}.")
        if self.ids is not None:
            if not self.ids:
                raise ConfigError("SHARD_IDS is empty; give shard ids such as 0-3 or 4,5,7.")
            bad = [i for i in self.ids if not 0 <= i < self.count]
            if bad:
                raise ConfigError(
                    f"SHARD_IDS: shard {bad[0]} doesn't exist with SHARD_COUNT={self.count} "
                    f"(shards are numbered 0 to {self.count - 1})."
                )

    @property
    def partial(self) -> bool:
        """True when other processes run some of the shards (and own some guilds)."""
        return self.count is not None and self.ids is not None and len(self.ids) < self.count

    @property
    def launch_ids(self) -> list[int] | None:
        """``shard_ids`` for ``AutoShardedBot``: None launches all of ``count``."""
        return list(self.ids) if self.ids is not None else None

    def owns(self, guild_id: int) -> bool:
        if not self.partial:
            return True
        assert self.count is not None and self.ids is not None
        return shard_of(guild_id, self.count) in self.ids

    def shard_of(self, guild_id: int) -> int | None:
        """The guild's shard, or None while the count is Discord's to choose."""
        return None if self.count is None else shard_of(guild_id, self.count)

    def describe(self) -> str:
        """For logs and /config show: ``"shards 0-3 of 16"``."""
        if self.count is None:
            return "all shards (count recommended by Discord)"
        if self.ids is None or len(self.ids) == self.count:
            return f"all {self.count} shard(s)"
        word = "shard" if len(self.ids) == 1 else "shards"
        return f"{word} {format_ids(self.ids)} of {self.count}"

    def owner_hint(self, guild_id: int) -> str:
        """Why a guild isn't ours, in words an operator can act on."""
        return (
            f"guild {guild_id} belongs to shard {self.shard_of(guild_id)}; this process runs "
            f"{self.describe()} (SHARD_IDS / SHARD_COUNT)"
        )
