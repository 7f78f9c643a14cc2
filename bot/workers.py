"""A process pool for CPU-heavy work (extraction, summarising, quote finding).

The event loop only awaits: pure-Python work would hold the GIL and stall heartbeats and
every other guild, so it runs in worker processes sized to the machine's cores. Workers are
started by a forkserver (forking a process that runs an event loop and aiosqlite threads is
unsafe) with the pipeline modules preloaded, and are recycled now and then to bound memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from bot.errors import PrecisError

log = logging.getLogger(__name__)
T = TypeVar("T")

_PRELOAD = ["bot.pipeline"]


class WorkerCrashedError(PrecisError):
    default_message = "I hit a problem while reading that page. Please try again."


# Workers yield the CPU to the bot's event loop when both want it: the loop's work is short
# and latency-bound (heartbeats, replies to every guild), the workers' is throughput-bound.
WORKER_NICENESS = 5


def _warm_up(niceness: int = 0) -> None:
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)
    # Import the heavy modules once per worker so the first request doesn't pay for them.
    import bot.pipeline  # noqa: F401


def _ready() -> int:
    return os.getpid()


class WorkerPool:
    """Runs picklable callables in worker processes; recreates the pool if a worker dies."""

    def __init__(
        self,
        workers: int = 0,
        *,
        max_tasks_per_child: int = 200,
        inline: bool = False,
        niceness: int = WORKER_NICENESS,
    ) -> None:
        self.niceness = niceness
        self.size = workers or max(1, os.cpu_count() or 1)
        self._max_tasks = max_tasks_per_child
        self._executor: ProcessPoolExecutor | None = None
        # Inline mode (one-shot CLI commands) runs work in a thread: starting worker
        # processes costs more than it saves when nothing else shares the event loop.
        self.inline = inline

    def _ensure(self) -> ProcessPoolExecutor:
        if self._executor is None:
            method = (
                "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            )
            ctx = multiprocessing.get_context(method)
            if method == "forkserver":
                ctx.set_forkserver_preload(_PRELOAD)
            self._executor = ProcessPoolExecutor(
                max_workers=self.size,
                mp_context=ctx,
                initializer=_warm_up,
                initargs=(self.niceness,),
                max_tasks_per_child=self._max_tasks,
            )
        return self._executor

    async def start(self) -> None:
        """Start every worker now, from a thread: the first spawn waits (seconds) for the
        forkserver to import the pipeline, and ``ProcessPoolExecutor.submit`` spawns workers
        in the caller's thread, which would freeze the event loop on the first request."""
        if self.inline:
            return
        executor = self._ensure()
        await asyncio.to_thread(self._spawn_all, executor)

    def _spawn_all(self, executor: ProcessPoolExecutor) -> None:
        for future in [executor.submit(_ready) for _ in range(self.size)]:
            future.result()

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        call = functools.partial(fn, *args, **kwargs)
        if self.inline:
            return await asyncio.to_thread(call)
        try:
            return await loop.run_in_executor(self._ensure(), call)
        except BrokenProcessPool:
            log.exception("a worker process died; starting a fresh pool")
            self._discard()
            raise WorkerCrashedError() from None

    def _discard(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.get_running_loop().run_in_executor(
                None, functools.partial(executor.shutdown, wait=True, cancel_futures=True)
            )
