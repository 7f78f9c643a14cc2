"""bot.discord_ui.interact: the message a user sees for an error, cooldowns, guild concurrency."""

from __future__ import annotations

import asyncio
import logging

import pytest
from discord import app_commands

from bot.discord_ui.interact import APOLOGY, SummariseGate, user_message
from bot.errors import HTTPStatusError, RateLimitedError, TooLittleTextError


def test_user_messages() -> None:
    assert user_message(HTTPStatusError(404)) == "The website answered with an error (HTTP 404)."
    assert "words" in user_message(TooLittleTextError(3, 120))
    assert "Manage Server" in user_message(app_commands.MissingPermissions(["manage_guild"]))
    assert "server" in user_message(app_commands.NoPrivateMessage())


def test_bugs_get_an_apology_and_a_logged_traceback(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise KeyError("secret internals")
    except KeyError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="precis.discord"):
        text = user_message(error)
    assert text == APOLOGY
    assert "secret" not in text
    assert caplog.records and caplog.records[0].exc_info is not None


def test_cooldown() -> None:
    gate = SummariseGate(cooldown_seconds=30, guild_concurrency=1)
    gate.hit(1)
    with pytest.raises(RateLimitedError) as info:
        gate.hit(1)
    assert "30 s" in info.value.user_message
    gate.hit(2)  # other users are not affected
    assert SummariseGate(0, 1).retry_after(1) == 0
    free = SummariseGate(0, 1)
    free.hit(1)
    free.hit(1)


async def test_guild_concurrency_is_per_guild() -> None:
    gate = SummariseGate(0, guild_concurrency=2)
    running: dict[int, int] = {1: 0, 2: 0}
    peak: dict[int, int] = {1: 0, 2: 0}

    async def work(guild: int) -> None:
        async with gate.slot(guild):
            running[guild] += 1
            peak[guild] = max(peak[guild], running[guild])
            await asyncio.sleep(0.01)
            running[guild] -= 1

    await asyncio.gather(*(work(1) for _ in range(10)), *(work(2) for _ in range(3)))
    assert peak == {1: 2, 2: 2}


def test_errors_survive_the_worker_process_boundary() -> None:
    import pickle

    for error in (TooLittleTextError(3, 80), HTTPStatusError(404), RateLimitedError("slow")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert back.user_message == error.user_message
        assert back.__dict__ == error.__dict__


def test_reserve_queues_a_little_then_drops() -> None:
    gate = SummariseGate(cooldown_seconds=10, guild_concurrency=1)
    assert gate.reserve(1, max_wait=20) == 0
    second = gate.reserve(1, max_wait=20)
    third = gate.reserve(1, max_wait=20)
    assert second is not None and 9 < second <= 10
    assert third is not None and 19 < third <= 20
    assert gate.reserve(1, max_wait=20) is None  # would wait 30 s: dropped
    assert gate.reserve(2, max_wait=20) == 0
    with pytest.raises(RateLimitedError):
        gate.hit(1)
    assert SummariseGate(0, 1).reserve(1, max_wait=0) == 0
