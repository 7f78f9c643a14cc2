"""Benchmark: how fast a compression bomb is cut off, and how much memory that costs.

The page server (``tests/fetchserver.py``) runs in a separate process on 127.0.0.1 so the
figures are the client's alone. Measured in one run, medians over ``--runs``:

* ``bomb``: a 10 GiB gzip bomb (about 10 MB on the wire) against the default 5 MiB limit;
* ``baseline``: an ordinary page just under the limit (5 MiB of uncompressed HTML, no
  compression), i.e. the most memory a legitimate page may cost;
* ``naive`` (optional, ``--naive-mib``): the same kind of bomb read the usual way
  (aiohttp auto-decompression + ``resp.read()``), smaller so the machine survives it.

Peak memory is tracemalloc's peak of Python allocations during the fetch (zlib's output
buffers are Python bytes, so they are counted) and the peak growth of the process's resident
set size, sampled every 2 ms by a thread (psutil).

    python benchmarks/fetch_bomb.py [--runs 7] [--naive-mib 256]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing as mp
import statistics
import sys
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import psutil  # noqa: E402

from bot.errors import TooLargeError  # noqa: E402
from bot.fetch import Fetcher  # noqa: E402

MIB = 1024 * 1024


def _serve(queue: mp.Queue, stop: mp.Event) -> None:
    from aiohttp import web

    from tests.fetchserver import PageServer

    async def main() -> None:
        server = PageServer()
        app_factory = server._app

        def app_with_big_page() -> web.Application:
            app = app_factory()

            async def big(request: web.Request) -> web.Response:
                body = b"<html><body><p>" + b"x" * (5 * MIB - 64) + b"</p></body></html>"
                return web.Response(body=body, content_type="text/html")

            app.router.add_get("/big", big)
            return app

        server._app = app_with_big_page  # type: ignore[method-assign]
        await server.start()
        queue.put(server.port)
        await asyncio.to_thread(stop.wait)
        await server.stop()

    asyncio.run(main())


class _RSSSampler(threading.Thread):
    """Samples this process's resident set size every 2 ms; keeps the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self._proc = psutil.Process()
        self.start_rss = self._proc.memory_info().rss
        self.peak = self.start_rss
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            time.sleep(0.002)

    def finish(self) -> float:
        self._halt.set()
        self.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)
        return (self.peak - self.start_rss) / MIB


async def _measure(fetch) -> tuple[float, int, float, str]:
    gc.collect()
    sampler = _RSSSampler()
    sampler.start()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = await fetch()
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_growth = sampler.finish()
    return elapsed, peak, rss_growth, outcome


async def run(port: int, runs: int, naive_mib: int) -> None:
    origin = f"http://127.0.0.1:{port}"

    async def guarded(path: str) -> str:
        # A fresh fetcher per run: no cache, no pooled connection carried over.
        async with Fetcher(allow_private=[f"127.0.0.1:{port}"], timeout=60) as fetcher:
            try:
                page = await fetcher.fetch(origin + path)
            except TooLargeError as exc:
                return f"TooLargeError: {exc.user_message}"
            return f"page of {len(page.text):,} characters"

    async def naive(path: str) -> str:
        async with (
            aiohttp.ClientSession() as session,
            session.get(origin + path) as resp,
        ):
            body = await resp.read()
        return f"read {len(body):,} bytes"

    cases = [
        ("baseline: 5 MiB plain page", lambda: guarded("/big")),
        ("bomb: 10 GiB gzip, 5 MiB limit", lambda: guarded("/bomb/gzip?mib=10240")),
        ("bomb: 10 GiB deflate, 5 MiB limit", lambda: guarded("/bomb/deflate?mib=10240")),
    ]
    if naive_mib:
        cases.append(
            (
                f"naive aiohttp read of a {naive_mib} MiB gzip bomb",
                lambda: naive(f"/bomb/gzip?mib={naive_mib}"),
            )
        )
    await guarded("/page")  # warm up imports and the server
    print(f"runs per case: {runs}; limit 5 MiB; server in a separate process on 127.0.0.1")
    for name, fetch in cases:
        times, peaks, rss, outcome = [], [], [], ""
        for _ in range(runs if not name.startswith("naive") else 1):
            elapsed, peak, rss_growth, outcome = await _measure(fetch)
            times.append(elapsed)
            peaks.append(peak)
            rss.append(rss_growth)
        print(
            f"{name:45s} median {statistics.median(times) * 1000:8.1f} ms "
            f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}); "
            f"tracemalloc peak median {statistics.median(peaks) / MIB:6.1f} MiB "
            f"(max {max(peaks) / MIB:.1f}); peak RSS growth {max(rss):6.1f} MiB; {outcome}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--naive-mib", type=int, default=0, help="also read a bomb of this size naively"
    )
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    stop = ctx.Event()
    proc = ctx.Process(target=_serve, args=(queue, stop), daemon=True)
    proc.start()
    try:
        port = queue.get(timeout=30)
        asyncio.run(run(port, args.runs, args.naive_mib))
    finally:
        stop.set()
        proc.join(5)
        if proc.is_alive():
            proc.terminate()


if __name__ == "__main__":
    main()
