"""The worker pool keeps CPU-heavy work off the event loop and survives a dying worker."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path

import pytest

from bot.errors import WorkerCrashedError
from bot.pipeline import process_page
from bot.workers import WorkerPool

FIXTURE = Path(__file__).parent / "fixtures" / "cli_article.html"


def _long_text(words: int) -> str:
    """A deterministic article of about ``words`` words, varied enough to rank."""
    subjects = ["The council", "Engineers", "Residents", "The minister", "Fishermen", "Officials"]
    verbs = ["approved", "questioned", "welcomed", "delayed", "measured", "rebuilt"]
    objects = ["the sea wall", "the harbour budget", "the flood plan", "the new bridge"]
    paragraphs, count, i = [], 0, 0
    while count < words:
        sentences = []
        for _ in range(4):
            s, v, o = subjects[i % 6], verbs[(i // 6) % 6], objects[(i // 36) % 4]
            sentence = f"{s} {v} {o} on day {i} after {i % 17} hours of talks in district {i % 23}."
            sentences.append(sentence)
            count += len(sentence.split())
            i += 1
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


async def test_event_loop_keeps_ticking_while_a_long_article_is_summarised():
    pool = WorkerPool(2)
    try:
        await pool.run(process_page, _long_text(300), None, is_html=False)  # warm the workers
        text = _long_text(10_000)
        lags: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            loop = asyncio.get_running_loop()
            while not done.is_set():
                start = loop.time()
                await asyncio.sleep(0.01)
                lags.append(loop.time() - start - 0.01)

        tick = asyncio.create_task(ticker())
        started = time.perf_counter()
        result = await pool.run(process_page, text, None, is_html=False, sentences=5)
        work = time.perf_counter() - started
        done.set()
        await tick
    finally:
        await pool.close()
    assert len(result.summary.sentences) == 5
    assert lags, "the ticker never ran"
    # The loop only awaited: it kept ticking the whole time, its delays far below the work.
    # (Loose bounds: the machine is shared; a blocked loop would tick once, late by `work`.)
    assert len(lags) >= work / 0.2
    assert statistics.median(lags) < 0.02
    assert max(lags) < max(0.1, work / 2)


async def test_a_dying_worker_is_replaced():
    pool = WorkerPool(1)
    try:
        with pytest.raises(WorkerCrashedError):
            await pool.run(os._exit, 3)
        result = await pool.run(process_page, FIXTURE.read_bytes(), None)
        assert result.article.title
    finally:
        await pool.close()
