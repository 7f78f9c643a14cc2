"""kill -9 in the middle of ingesting: every database stays sound and nothing confirmed is lost.

The CLI prints a line for an article only after its transaction committed: that is our
"reply sent". We kill the whole process group (CLI and its workers) at random moments, many
times, and after each kill check ``PRAGMA integrity_check`` and that every confirmed article
is still there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import sqlite3
import sys
from pathlib import Path

from bot.storage import Storage

ROOT = Path(__file__).resolve().parents[1]
KILLS = 8
ARTICLES = 40


def _article(i: int) -> str:
    rng = random.Random(i)
    words = ["harbour", "council", "budget", "storm", "bridge", "school", "market", "river"]
    paragraphs = []
    for p in range(4):
        sentences = [
            f"Report {i}-{p}-{s} says the {rng.choice(words)} plan number {i} moved forward "
            f"after {rng.randint(2, 90)} residents spoke about the {rng.choice(words)}."
            for s in range(4)
        ]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


async def _run_and_kill(files: list[Path], data: Path, delay: float) -> list[str]:
    env = dict(os.environ, WORKERS="1", PYTHONPATH=str(ROOT))
    env.pop("DISCORD_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "ingest", *map(str, files), "--data-dir", str(data),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True, env=env,
    )  # fmt: skip
    confirmed: list[str] = []
    first = asyncio.Event()

    async def read() -> None:
        assert proc.stdout is not None
        async for line in proc.stdout:
            confirmed.append(line.decode())
            first.set()

    reader = asyncio.create_task(read())
    # Start-up (imports) takes seconds on a loaded machine: kill at a random point of the
    # ingest itself, measured from its first committed article.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(first.wait(), 60)
    await asyncio.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    await proc.wait()
    await reader
    return confirmed


async def test_kill_9_during_ingest_loses_nothing_confirmed(tmp_path):
    files = []
    for i in range(ARTICLES):
        path = tmp_path / f"article{i:03}.txt"
        path.write_text(_article(i), encoding="utf-8")
        files.append(path)
    data = tmp_path / "data"
    rng = random.Random(9)
    confirmed_urls: set[str] = set()
    for _ in range(KILLS):
        rng.shuffle(files)
        lines = await _run_and_kill(files, data, rng.uniform(0.0, 1.5))
        for line in lines:
            if line.startswith(("cached:", "already cached:")):
                title = line.split(" ", 2)[-1].strip()
                confirmed_urls.update(f.resolve().as_uri() for f in files if str(f) == title)
        db_file = data / "guilds" / "1.sqlite3"
        if db_file.exists():
            con = sqlite3.connect(db_file)
            try:
                assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            finally:
                con.close()
        storage = Storage(data)
        try:
            db = await storage.guild(1)
            for url in confirmed_urls:
                assert await db.find_article(url) is not None, f"lost {url} after kill -9"
        finally:
            await storage.close()
    assert confirmed_urls, "no article was confirmed before any kill: increase the delays"
