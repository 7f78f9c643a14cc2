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
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from bot.errors import WorkerCrashedError, WorkTimeoutError

log = logging.getLogger(__name__)
T = TypeVar("T")

_PRELOAD = ["bot.pipeline"]


# Optional: workers at a higher nice value yield the CPU to the event loop. Off by default:
# measured with benchmarks/bot_load.py at 30 links/s on a shared 2-core machine, nice +5 cut
# throughput (20.8 vs 29.9 replies/s) without lowering the loop lag (p99 8.7 vs 8.1 ms).
WORKER_NICENESS = 0


def _warm_up(niceness: int = 0) -> None:
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)
    # Import the heavy modules once per worker so the first request doesn't pay for them.
    import bot.pipeline  # noqa: F401


def run_with_deadline(seconds: float, call: Callable[[], T]) -> T:
    """Run ``call``; past ``seconds`` raise :class:`WorkTimeoutError` inside it.

    In a worker process the job runs on the main thread, so a real-time timer signal
    interrupts it between any two bytecodes (pure-Python parsers such as pypdf spend their
    time there; C calls they make are bounded by their own limits). A job that stops this
    way leaves the worker healthy for the next one. Off the main thread (inline mode) no
    signal can be used and the callee's own checks are the limit.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return call()

    def expired(signum: int, frame: object) -> None:
        raise WorkTimeoutError(detail=f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    # Repeats until cancelled: a library that swallows one exception meets the next.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ready() -> int:
    return os.getpid()


class WorkerPool:
    """Runs picklable callables in worker processes; recreates the pool if a worker dies.

    Workers are recycled after about ``max_tasks_per_child`` jobs each, to bound memory. We
    swap in a fresh executor rather than use ``ProcessPoolExecutor(max_tasks_per_child=…)``:
    since Python 3.11 that option can leave the pool with no workers and jobs queued forever
    (CPython gh-115634, fixed only in late patch releases; measured here on 3.11.7: replies
    stopped for good after ~800 jobs with 2 workers).
    """

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
        self._recycle_after = max(1, max_tasks_per_child) * self.size
        self._submitted = 0
        self._executor: ProcessPoolExecutor | None = None
        self._retiring: set[asyncio.Future[Any]] = set()
        self.generations = 0  # executors created so far (for tests and stats)
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
            )
            self._submitted = 0
            self.generations += 1
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

    async def run(
        self, fn: Callable[..., T], /, *args: Any, time_limit: float | None = None, **kwargs: Any
    ) -> T:
        """``fn(*args, **kwargs)`` in a worker; with ``time_limit``, stopped after that many
        seconds of running (time spent queued behind other jobs does not count)."""
        loop = asyncio.get_running_loop()
        call = functools.partial(fn, *args, **kwargs)
        if time_limit is not None:
            call = functools.partial(run_with_deadline, time_limit, call)
        if self.inline:
            return await asyncio.to_thread(call)
        executor = self._ensure()
        try:
            future = loop.run_in_executor(executor, call)  # submitted here, before any retire
            self._submitted += 1
            if self._submitted >= self._recycle_after and self._executor is executor:
                self._retire(loop)
            return await future
        except BrokenProcessPool:
            log.exception("a worker process died; starting a fresh pool")
            if self._executor is executor:
                self._discard()
            raise WorkerCrashedError() from None

    def _retire(self, loop: asyncio.AbstractEventLoop) -> None:
        """New jobs go to a fresh executor; the old one finishes its queue, then its workers
        exit. The fresh workers are started from a thread (see :meth:`start`)."""
        old, self._executor = self._executor, None
        fresh = self._ensure()
        for task in (
            loop.run_in_executor(None, old.shutdown) if old is not None else None,
            loop.run_in_executor(None, self._spawn_all, fresh),
        ):
            if task is not None:
                self._retiring.add(task)
                task.add_done_callback(self._retiring.discard)

    def _discard(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if self._retiring:
            await asyncio.gather(*self._retiring, return_exceptions=True)
        if executor is not None:
            await asyncio.get_running_loop().run_in_executor(
                None, functools.partial(executor.shutdown, wait=True, cancel_futures=True)
            )
