"""A CI-sized load test: the real bot under steady link traffic in ten guilds of the fake Discord.

The harness is ``benchmarks/bot_load.py`` (the same one the load benchmark uses), here with the
bot on the test's own event loop: 60 links over ~10 s in 10 watched channels, a few 429s on
the message-create route, a gateway RECONNECT (op 7), a resumable INVALID_SESSION and a
non-resumable one (op 9) in the middle. Every link must get exactly one reply that pings
nobody, and the bot's event loop must keep ticking (a loose bound: CI machines are noisy and
the fake Discord shares the loop here).
"""

from __future__ import annotations

import asyncio
import math
import time
from pathlib import Path

import pytest

from benchmarks.bot_load import (
    ArticleSite,
    LoadWorld,
    LoopTicker,
    article_html,
    make_plan,
    pct,
    run_load,
)
from bot.workers import WorkerPool

pytestmark = pytest.mark.timeout(120)

GUILDS, LINKS, SECONDS = 10, 60, 10.0


async def _reconnect(world: LoadWorld) -> None:
    await world.fake.gateway_reconnect()


async def _invalidate_resumable(world: LoadWorld) -> None:
    await world.fake.invalidate_session(resumable=True)


async def _invalidate(world: LoadWorld) -> None:
    # Not resumable: Discord drops what it sends before the new IDENTIFY, so (like real users,
    # who only post to a live gateway) wait for the new session before posting more.
    fake = world.fake
    before = fake.gateway.identifies
    await fake.invalidate_session(resumable=False)
    await fake.wait_for_identify(before + 1, timeout=30)


async def test_load_with_429s_and_gateway_faults_loses_nothing(tmp_path: Path) -> None:
    site = await ArticleSite().start()
    try:
        plan = make_plan(LINKS, GUILDS, SECONDS, users_per_guild=3)
        outcome = await run_load(
            "small",
            plan,
            guilds=GUILDS,
            users_per_guild=3,
            workdir=tmp_path,
            site=site,
            in_process=True,
            inject_429=4,
            retry_after=0.3,
            drain=60.0,
            events={0.3: _reconnect, 0.5: _invalidate_resumable, 0.7: _invalidate},
            workers=2,
        )
    finally:
        await site.stop()

    assert outcome.posted == LINKS
    assert outcome.lost == 0, f"{outcome.lost} links got no reply"
    assert outcome.duplicates == 0
    assert outcome.replied_once == LINKS
    assert outcome.errors == 0, "every link should get a digest, not an error"
    assert outcome.pings == 0, "a reply would ping someone"
    # Each injected 429 was answered and retried; the reply still came (none lost above).
    assert outcome.http_429 == 4
    assert outcome.extra["unknown_routes"] == 0
    assert len(outcome.by_guild) == GUILDS
    # Loose bounds: the 10 ms ticker shares its loop with the fake Discord and article server.
    assert outcome.lags_ms, "the ticker did not run"
    assert pct(outcome.lags_ms, 99) < 500, pct(outcome.lags_ms, 99)
    assert max(outcome.lags_ms) < 3000, max(outcome.lags_ms)
    assert outcome.latency(50) < 15_000


async def test_worker_pool_start_keeps_the_loop_ticking() -> None:
    """Starting the pool (forkserver + preload) and the first job must not block the loop."""
    ticker = LoopTicker()
    ticker.start()
    pool = WorkerPool(2)
    try:
        t0 = time.time()
        await pool.start()
        html = article_html(3)
        from bot.pipeline import process_page

        processed = await pool.run(process_page, html, "http://127.0.0.1/story/3")
        assert processed.summary.sentences
        await asyncio.sleep(0.05)
        lags = ticker.lags(t0)
    finally:
        await ticker.stop()
        await pool.close()
    assert lags, "the ticker never woke up"
    assert max(lags) < 1.0, f"event loop blocked for {max(lags):.2f} s"


def test_plan_shares_and_spacing() -> None:
    plan = make_plan(1000, 100, 60, busy_share=0.5)
    assert len(plan) == 1000
    assert sum(1 for link in plan if link.guild == 0) == 500
    assert {link.guild for link in plan} == set(range(100))
    assert math.isclose(plan[-1].at, 60 * 999 / 1000)
    uniform = make_plan(60, 10, 10)
    counts = [sum(1 for link in uniform if link.guild == g) for g in range(10)]
    assert counts == [6] * 10
