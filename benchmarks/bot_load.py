"""Load benchmark: the real PrecisBot against the loopback fake Discord and an article server.

N users post links in watched channels of M guilds at a steady rate; we measure link-to-reply
latency (p50/p95/p99, from the Discord snowflakes of the link and of the reply), replies per
second, peak RSS of the bot process plus its worker processes (psutil), and the event-loop
lag of the bot (how late a 10 ms ticker inside the bot's loop wakes up) while under load.

The bot runs in its own process (``--child``), so the fake Discord, the article server and
this driver don't share its event loop or its CPU accounting. Everything talks over 127.0.0.1
only. Every link is a distinct URL (so the per-guild cache never hides the work); pages come
from a deterministic generator, or from ../shared/data/extraction with ``--shared``.

CPU work modes (the same load, one after the other, in one run):
  process  the bot as shipped: extraction/summaries/quotes in a process pool
  process-nice5  the same pool with workers at nice +5 (WorkerPool(niceness=5))
  thread   WorkerPool(inline=True): the same work in a thread of the bot process (GIL-bound)
  loop     the work run directly on the event loop (a naive pure-asyncio bot)

The per-user cooldown is set to 0 (USER_COOLDOWN_SECONDS=0) so users may post repeatedly;
GUILD_CONCURRENCY keeps its default (2) unless ``--guild-concurrency`` is given.

    python benchmarks/bot_load.py                                  # 10 links/s, 3 modes
    python benchmarks/bot_load.py --links 1000 --guilds 100 --seconds 60 \\
        --modes process --busy-share 0.5 --inject-429 20            # issue 9 load + fairness
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import math
import os
import random
import signal
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
THIS_FILE = Path(__file__).resolve()
SHARED_HTML = ROOT.parent / "shared" / "data" / "extraction" / "html"

from aiohttp import web  # noqa: E402

from bot.config import Settings  # noqa: E402

DISCORD_EPOCH_MS = 1420070400000
MESSAGE_ROUTE = "/channels/{channel_id}/messages"
MODES = ("process", "process-nice5", "thread", "loop")

# --- a deterministic article generator --------------------------------------------------------

_NOUNS = [
    "council",
    "budget",
    "bridge",
    "river",
    "school",
    "hospital",
    "harbour",
    "railway",
    "station",
    "museum",
    "library",
    "market",
    "factory",
    "airport",
    "festival",
    "election",
    "report",
    "inquiry",
    "contract",
    "strike",
    "tunnel",
    "park",
    "stadium",
    "clinic",
    "reservoir",
    "ferry",
    "court",
    "programme",
    "scheme",
    "policy",
    "plan",
    "survey",
]
_VERBS = [
    "approved",
    "delayed",
    "criticised",
    "funded",
    "reviewed",
    "expanded",
    "cancelled",
    "announced",
    "questioned",
    "defended",
    "welcomed",
    "rejected",
    "postponed",
    "praised",
    "examined",
]
_ADJ = [
    "new",
    "local",
    "regional",
    "national",
    "controversial",
    "ambitious",
    "costly",
    "long-awaited",
    "modest",
    "temporary",
    "independent",
    "public",
    "private",
    "rural",
    "coastal",
]
_PLACES = [
    "Millbrook",
    "Ashford",
    "Dunmore",
    "Kestrel",
    "Bay",
    "Harlow",
    "Fenwick",
    "Oakridge",
    "Tarnby",
    "Wexley",
]
_FIRST = [
    "Amara",
    "Ben",
    "Chiara",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Nikhil",
]
_LAST = [
    "Okafor",
    "Reyes",
    "Nair",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Haddad",
    "Brennan",
    "Silva",
    "Osei",
]
_ROLES = ("the mayor", "a spokesperson", "the chief engineer", "a local resident", "the minister")


def article_html(n: int) -> bytes:
    """A news-like page (title, byline, 12-20 paragraphs with attributed quotes), seeded by n."""
    rnd = random.Random(n)
    place = rnd.choice(_PLACES)
    topic = rnd.choice(_NOUNS)
    people = [f"{rnd.choice(_FIRST)} {rnd.choice(_LAST)}" for _ in range(4)]

    def sentence() -> str:
        k = rnd.randrange(4)
        a, b = rnd.choice(_ADJ), rnd.choice(_NOUNS)
        if k == 0:
            return (
                f"The {a} {b} in {place} was {rnd.choice(_VERBS)} on {rnd.choice(_WEEKDAYS)} "
                f"after {rnd.randrange(2, 40)} months of talks about the {topic}."
            )
        if k == 1:
            who = rnd.choice(people)
            return (
                f'"We have waited {rnd.randrange(2, 20)} years for this {b}, and the '
                f'{topic} will change how people live here," said {who}, '
                f"{rnd.choice(_ROLES)}."
            )
        if k == 2:
            return (
                f"Officials said the {topic} would cost about {rnd.randrange(3, 90)} million "
                f"and that the {a} {b} could open by {rnd.randrange(2026, 2032)}."
            )
        who = rnd.choice(people)
        return (
            f"{who} told reporters that the {b} had been {rnd.choice(_VERBS)} twice before "
            f"and that residents of {place} deserved a clear answer on the {topic}."
        )

    title = f"{place} {topic} {rnd.choice(_VERBS)} after {rnd.choice(_ADJ)} debate"
    paras = "\n".join(
        "<p>" + " ".join(sentence() for _ in range(rnd.randrange(3, 6))) + "</p>"
        for _ in range(rnd.randrange(12, 20))
    )
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        f"<article><h1>{title}</h1><p class='byline'>By {people[0]}, {place} desk</p>"
        f"{paras}</article><footer><p>Copyright Example News</p></footer></body></html>"
    )
    return page.encode()


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def shared_pages(limit: int = 0) -> list[bytes]:
    """The extraction benchmark's pages (raw bytes), or [] where ../shared is absent."""
    if not SHARED_HTML.is_dir():
        return []
    files = sorted(SHARED_HTML.glob("*.html.gz"))
    if limit:
        files = files[:limit]
    return [gzip.decompress(p.read_bytes()) for p in files]


class ArticleSite:
    """A loopback server: ``/story/{key}`` answers a page chosen by the number in ``key``."""

    def __init__(self, pages: Sequence[bytes] | None = None, *, distinct: int = 997) -> None:
        self._pages = list(pages or [])
        self._generated: dict[int, bytes] = {}
        self._distinct = distinct
        self.hits = 0
        self.port = 0
        self._runner: web.AppRunner | None = None

    def page(self, n: int) -> bytes:
        if self._pages:
            return self._pages[n % len(self._pages)]
        key = n % self._distinct
        if key not in self._generated:
            self._generated[key] = article_html(key)
        return self._generated[key]

    async def _story(self, request: web.Request) -> web.Response:
        self.hits += 1
        n = int(request.match_info["key"].rsplit("-", 1)[-1])
        return web.Response(body=self.page(n), content_type="text/html", charset="utf-8")

    async def start(self) -> ArticleSite:
        app = web.Application()
        app.router.add_get("/story/{key}", self._story)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def url(self, run: str, n: int) -> str:
        return f"http://127.0.0.1:{self.port}/story/{run}-{n}"


# --- the load plan and the fake world ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    at: float  # seconds after the start
    guild: int  # index into the world's guilds
    user: int  # index into that guild's users
    page: int


def make_plan(
    links: int,
    guilds: int,
    seconds: float,
    *,
    users_per_guild: int = 5,
    busy_share: float = 0.0,
    seed: int = 7,
) -> list[Link]:
    """``links`` evenly spaced over ``seconds``; guild 0 takes ``busy_share`` of them when > 0,
    the rest go round-robin over the other guilds (in a shuffled order)."""
    rnd = random.Random(seed)
    busy = round(links * busy_share) if busy_share > 0 and guilds > 1 else 0
    quiet_guilds = list(range(1, guilds)) if busy else list(range(guilds))
    owners = [0] * busy + [quiet_guilds[i % len(quiet_guilds)] for i in range(links - busy)]
    rnd.shuffle(owners)
    step = seconds / max(1, links)
    return [
        Link(i * step, g, rnd.randrange(users_per_guild), rnd.randrange(1_000_000))
        for i, g in enumerate(owners)
    ]


@dataclass
class LoadWorld:
    fake: Any  # tests.fakediscord.FakeDiscord
    guilds: list[Any]
    channels: list[Any]
    users: list[list[Any]]


def build_world(fake: Any, guilds: int, users_per_guild: int = 5) -> LoadWorld:
    world = LoadWorld(fake, [], [], [])
    for g in range(guilds):
        guild = fake.add_guild(f"Guild {g}")
        world.guilds.append(guild)
        world.channels.append(fake.add_channel(guild, "news"))
        members = []
        for u in range(users_per_guild):
            user = fake.add_user(f"reader{g}-{u}")
            fake.add_member(guild, user)
            members.append(user)
        world.users.append(members)
    return world


async def watch_channels(data_dir: Path, world: LoadWorld) -> None:
    """Mark every guild's news channel as watched, straight in its database (what
    ``/config watch`` does), so setting up 100 guilds costs no interactions."""
    from bot.storage import Storage

    async with Storage(data_dir) as storage:
        for guild, channel in zip(world.guilds, world.channels, strict=True):
            await (await storage.guild(guild.id)).set_watched(channel.id, True)


def bot_settings(fake: Any, site: ArticleSite, data_dir: Path, **overrides: Any) -> Settings:
    base = Settings(
        discord_token=fake.token,
        data_dir=data_dir,
        owner_ids=frozenset({fake.owner.id}),
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        fetch_allow_private=frozenset({f"127.0.0.1:{site.port}"}),
        fetch_timeout=30.0,
        user_cooldown_seconds=0.0,
        log_level="WARNING",
    )
    return replace(base, **overrides)


def settings_env(settings: Settings) -> dict[str, str]:
    """The same settings as environment variables (for the bot child process)."""
    return {
        "DISCORD_TOKEN": settings.discord_token or "",
        "DATA_DIR": str(settings.data_dir),
        "OWNER_IDS": ",".join(str(i) for i in settings.owner_ids),
        "DISCORD_API_BASE": settings.discord_api_base or "",
        "DISCORD_GATEWAY_URL": settings.discord_gateway_url or "",
        "FETCH_ALLOW_PRIVATE": ",".join(sorted(settings.fetch_allow_private)),
        "FETCH_TIMEOUT": str(settings.fetch_timeout),
        "WORKERS": str(settings.workers),
        "USER_COOLDOWN_SECONDS": str(settings.user_cooldown_seconds),
        "GUILD_CONCURRENCY": str(settings.guild_concurrency),
        "LOG_LEVEL": settings.log_level,
    }


# --- inside the bot: the work mode and the loop-lag ticker ------------------------------------


class LoopTicker:
    """Sleeps 10 ms at a time and records how late each wake-up is (the event-loop lag)."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float]] = []  # (wall time, lag in seconds)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            t0 = loop.time()
            await asyncio.sleep(self.interval)
            self.samples.append((time.time(), max(0.0, loop.time() - t0 - self.interval)))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def lags(self, start: float = 0.0, end: float = math.inf) -> list[float]:
        return [lag for t, lag in self.samples if start <= t <= end]


async def set_work_mode(bot: Any, mode: str) -> None:
    """Switch where the bot's CPU work runs (see the module docstring)."""
    from bot.workers import WorkerPool

    if mode == "process":
        return
    if mode == "process-nice5":
        pool = WorkerPool(bot.settings.workers, niceness=5)
    elif mode == "thread":
        pool = WorkerPool(bot.settings.workers, inline=True)
    elif mode == "loop":
        pool = _on_loop_pool()
    else:
        raise ValueError(f"unknown mode {mode!r}")
    await bot.precis.pool.close()  # the shipped pool's workers must not linger (RSS, CPU)
    bot.precis.pool = pool
    await pool.start()


def _on_loop_pool_class() -> type:
    from bot.workers import WorkerPool

    class OnLoopPool(WorkerPool):
        """The naive baseline: CPU work runs right on the event loop."""

        async def run(self, fn, /, *args, **kwargs):  # type: ignore[override]
            return fn(*args, **kwargs)

    return OnLoopPool


def _on_loop_pool() -> Any:
    return _on_loop_pool_class()()


def make_bot(settings: Settings, mode: str) -> Any:
    from bot.discord_ui.app import PrecisBot

    class LoadBot(PrecisBot):
        async def setup_hook(self) -> None:
            await super().setup_hook()
            await set_work_mode(self, mode)

    return LoadBot(settings, guild_ready_timeout=0.05)


def _watch_stalls(ticker: LoopTicker, threshold: float) -> None:
    """Diagnostics: print the event loop thread's stack whenever it stalls > threshold s."""
    import threading
    import traceback

    main = threading.main_thread().ident

    def watch() -> None:
        reported = 0.0
        while True:
            time.sleep(threshold / 4)
            last = ticker.samples[-1][0] if ticker.samples else time.time()
            if time.time() - last > threshold and last != reported:
                reported = last
                frame = sys._current_frames().get(main or 0)
                stack = "".join(traceback.format_stack(frame)) if frame else "?"
                print(f"STALL > {threshold}s at {time.time():.3f}:\n{stack}", file=sys.stderr)

    threading.Thread(target=watch, daemon=True).start()


async def _child_main() -> None:
    """The bot process: run until SIGTERM, then write the ticker's samples to BENCH_TICKS."""
    import discord

    from bot.config import load_settings
    from bot.discord_ui.app import configure_endpoints

    settings = load_settings(os.environ, dotenv=None)
    discord.utils.setup_logging(level=30)
    configure_endpoints(settings)
    ticker = LoopTicker()
    ticker.start()
    if os.environ.get("BENCH_STALLS"):
        _watch_stalls(ticker, float(os.environ["BENCH_STALLS"]))
    bot = make_bot(settings, os.environ.get("BENCH_MODE", "process"))
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)

    async def ready() -> None:
        await bot.wait_until_ready()
        await asyncio.to_thread(Path(os.environ["BENCH_READY"]).write_text, str(os.getpid()))

    runner = asyncio.create_task(bot.start(settings.discord_token or ""))
    announce = asyncio.create_task(ready())
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
    announce.cancel()
    await bot.close()
    with contextlib.suppress(BaseException):
        await asyncio.wait_for(runner, 10)
    await ticker.stop()
    await asyncio.to_thread(Path(os.environ["BENCH_TICKS"]).write_text, json.dumps(ticker.samples))


# --- running the bot: in this process (tests) or in a child process (the benchmark) ----------


class InProcessBot:
    """The bot on this event loop (for tests): the ticker shares the loop with the fake."""

    def __init__(self, settings: Settings, mode: str = "process") -> None:
        self.settings = settings
        self.mode = mode
        self.ticker = LoopTicker()
        self.bot: Any = None
        self._task: asyncio.Task[None] | None = None

    def pids(self) -> list[int]:
        return [os.getpid()]

    async def __aenter__(self) -> InProcessBot:
        from bot.discord_ui.app import configure_endpoints

        configure_endpoints(self.settings)
        self.bot = make_bot(self.settings, self.mode)
        self._task = asyncio.create_task(self.bot.start(self.settings.discord_token or ""))
        ready = asyncio.create_task(self.bot.wait_until_ready())
        done, _ = await asyncio.wait({self._task, ready}, timeout=60, return_when="FIRST_COMPLETED")
        if ready not in done:
            ready.cancel()
            if self._task in done:
                self._task.result()
            raise RuntimeError("the bot did not become ready within 60 s")
        self.ticker.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        from bot.discord_ui.app import configure_endpoints

        await self.ticker.stop()
        await self.bot.close()
        if self._task is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self._task, 10)
        configure_endpoints(Settings())


class ChildBot:
    """The bot in a child process (``--child``); the lag samples come back in a file."""

    def __init__(self, settings: Settings, mode: str, workdir: Path) -> None:
        self.settings = settings
        self.mode = mode
        self.workdir = workdir
        self.ticker = LoopTicker()  # filled from the child's file on exit
        self.proc: asyncio.subprocess.Process | None = None

    def pids(self) -> list[int]:
        return [self.proc.pid] if self.proc is not None else []

    async def __aenter__(self) -> ChildBot:
        ready = self.workdir / "ready"
        ready.unlink(missing_ok=True)
        env = dict(os.environ)
        env.update(settings_env(self.settings))
        env.update(
            BENCH_MODE=self.mode,
            BENCH_READY=str(ready),
            BENCH_TICKS=str(self.workdir / "ticks.json"),
        )
        self._log = (self.workdir / f"bot-{self.mode}.log").open("wb")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(THIS_FILE),
            "--child",
            env=env,
            cwd=str(ROOT),
            stdout=self._log,
            stderr=self._log,
        )
        deadline = time.monotonic() + 90
        while not ready.exists():
            if self.proc.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(f"bot child failed to start; see {self._log.name}")
            await asyncio.sleep(0.1)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 60)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        self._log.close()
        ticks = self.workdir / "ticks.json"
        if ticks.exists():
            self.ticker.samples = [tuple(s) for s in json.loads(ticks.read_text())]


class RssSampler:
    """Peak resident memory of some processes and all their descendants (workers)."""

    def __init__(self, pids: Callable[[], list[int]], every: float = 0.2) -> None:
        self._pids = pids
        self.every = every
        self.peak = 0
        self._task: asyncio.Task[None] | None = None

    def sample(self) -> int:
        import psutil

        total = 0
        for pid in self._pids():
            try:
                root = psutil.Process(pid)
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                continue
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
        self.peak = max(self.peak, total)
        return total

    async def _run(self) -> None:
        while True:
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(self.every)

    def __enter__(self) -> RssSampler:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()


# --- driving the load and reading the results -------------------------------------------------


@dataclass
class Posted:
    link: Link
    message: dict[str, Any]

    @property
    def id(self) -> str:
        return self.message["id"]


def snowflake_ms(snowflake: str | int) -> int:
    return (int(snowflake) >> 22) + DISCORD_EPOCH_MS


async def drive(
    world: LoadWorld,
    site: ArticleSite,
    plan: Sequence[Link],
    *,
    run: str,
    inject_429: int = 0,
    retry_after: float = 0.5,
    events: dict[float, Callable[[], Awaitable[Any]]] | None = None,
) -> list[Posted]:
    """Post the plan's links at their times (open loop: never waits for the bot); inject
    ``inject_429`` 429s on the message-create route, spread over the run; at each fraction
    of the run in ``events`` await that callable (gateway faults in the tests)."""
    fake = world.fake
    loop = asyncio.get_running_loop()
    start = loop.time()
    duration = plan[-1].at if plan else 0.0
    faults = [duration * (i + 0.5) / inject_429 for i in range(inject_429)]
    pending = sorted((duration * f, fn) for f, fn in (events or {}).items())
    posted: list[Posted] = []
    for link in plan:
        delay = start + link.at - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        now = loop.time() - start
        while faults and faults[0] <= now:
            faults.pop(0)
            fake.inject_http_error("POST", MESSAGE_ROUTE, status=429, retry_after=retry_after)
        while pending and pending[0][0] <= now:
            await pending.pop(0)[1]()
        channel = world.channels[link.guild]
        user = world.users[link.guild][link.user]
        msg = await fake.user_message(channel, user, f"worth a read {site.url(run, link.page)}")
        posted.append(Posted(link, msg))
    for _, fn in pending:
        await fn()
    return posted


def replies_to(fake: Any, posted: Sequence[Posted]) -> dict[str, list[dict[str, Any]]]:
    ids = {p.id for p in posted}
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    bot_id = str(fake.bot_user.id)
    for msg in list(fake.world.messages.values()):
        if msg["author"]["id"] != bot_id:
            continue
        ref = (msg.get("message_reference") or {}).get("message_id")
        if ref in out:
            out[ref].append(msg)
    return out


async def wait_for_replies(fake: Any, posted: Sequence[Posted], within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if all(replies_to(fake, posted).values()):
            return
        await asyncio.sleep(0.25)


def pct(values: Sequence[float], q: float) -> float:
    if not values:
        return math.nan
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q / 100 * len(s)) - 1))]


@dataclass
class Outcome:
    name: str
    posted: int
    replied_once: int
    lost: int
    duplicates: int
    errors: int  # replies that are an error message rather than a digest
    pings: int  # replies whose allowed_mentions would ping someone
    latencies_ms: list[float]
    by_guild: dict[int, list[float]]
    replies_per_s: float
    lags_ms: list[float]
    peak_rss_mb: float
    http_429: int
    injected_429: int
    elapsed_s: float
    extra: dict[str, Any] = field(default_factory=dict)

    def latency(self, q: float, guilds: set[int] | None = None) -> float:
        if guilds is None:
            return pct(self.latencies_ms, q)
        return pct([x for g, xs in self.by_guild.items() if g in guilds for x in xs], q)


def no_pings(msg: dict[str, Any]) -> bool:
    allowed = msg.get("allowed_mentions") or {}
    return (
        allowed.get("parse") == []
        and not allowed.get("users")
        and not allowed.get("roles")
        and not msg.get("mentions")
        and not msg.get("mention_roles")
        and not msg.get("mention_everyone")
    )


def analyse(
    name: str,
    fake: Any,
    posted: Sequence[Posted],
    *,
    lags: Sequence[float],
    peak_rss: int,
    injected_429: int,
) -> Outcome:
    replies = replies_to(fake, posted)
    lat: list[float] = []
    by_guild: dict[int, list[float]] = defaultdict(list)
    errors = pings = once = dup = 0
    last_reply = 0
    for p in posted:
        got = replies[p.id]
        if len(got) == 1:
            once += 1
        dup += max(0, len(got) - 1)
        if not got:
            continue
        first = min(got, key=lambda m: int(m["id"]))
        ms = snowflake_ms(first["id"]) - snowflake_ms(p.id)
        last_reply = max(last_reply, snowflake_ms(first["id"]))
        lat.append(ms)
        by_guild[p.link.guild].append(ms)
        errors += sum(1 for m in got if not m.get("embeds"))
        pings += sum(1 for m in got if not no_pings(m))
    first_post = min((snowflake_ms(p.id) for p in posted), default=0)
    elapsed = max(1e-3, (last_reply - first_post) / 1000) if last_reply else math.nan
    statuses = [r.status for r in fake.requests_to("POST", MESSAGE_ROUTE)]
    return Outcome(
        name=name,
        posted=len(posted),
        replied_once=once,
        lost=sum(1 for p in posted if not replies[p.id]),
        duplicates=dup,
        errors=errors,
        pings=pings,
        latencies_ms=lat,
        by_guild=dict(by_guild),
        replies_per_s=len(lat) / elapsed if lat else 0.0,
        lags_ms=[x * 1000 for x in lags],
        peak_rss_mb=peak_rss / 2**20,
        http_429=statuses.count(429),
        injected_429=injected_429,
        elapsed_s=elapsed,
    )


async def run_load(
    name: str,
    plan: Sequence[Link],
    *,
    guilds: int,
    users_per_guild: int,
    workdir: Path,
    site: ArticleSite,
    mode: str = "process",
    in_process: bool = False,
    inject_429: int = 0,
    retry_after: float = 0.5,
    drain: float = 120.0,
    events: dict[float, Callable[[LoadWorld], Awaitable[Any]]] | None = None,
    **settings: Any,
) -> Outcome:
    """One run: a fresh fake Discord and data folder, the bot, the plan, then the figures."""
    from tests.fakediscord import FakeDiscord

    data_dir = workdir / f"data-{name}".replace(" ", "_")
    async with FakeDiscord() as fake:
        world = build_world(fake, guilds, users_per_guild)
        await watch_channels(data_dir, world)
        cfg = bot_settings(fake, site, data_dir, **settings)
        runner = InProcessBot(cfg, mode) if in_process else ChildBot(cfg, mode, workdir)
        async with runner:
            # Warm up (worker processes, imports) on a link outside the measurement.
            warm = await fake.user_message(
                world.channels[0], world.users[0][0], site.url(f"warm-{name}".replace(" ", "_"), 1)
            )
            await fake.wait_for_reply(warm, timeout=120)
            bound = {f: (lambda fn=fn: fn(world)) for f, fn in (events or {}).items()}
            with RssSampler(runner.pids) as rss:
                t0 = time.time()
                posted = await drive(
                    world,
                    site,
                    plan,
                    run=name.replace(" ", "_"),
                    inject_429=inject_429,
                    retry_after=retry_after,
                    events=bound,
                )
                await wait_for_replies(fake, posted, drain)
                t1 = time.time()
                rss.sample()
        lags = runner.ticker.lags(t0, t1)
        outcome = analyse(name, fake, posted, lags=lags, peak_rss=rss.peak, injected_429=inject_429)
        outcome.extra["unknown_routes"] = len(fake.unknown_routes)
        return outcome


# --- the report -------------------------------------------------------------------------------


def _f(x: float, nd: int = 0) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{nd}f}"


def table(outcomes: Sequence[Outcome]) -> str:
    head = (
        f"{'run':<22} {'links':>5} {'ok':>5} {'lost':>4} {'dup':>3} {'err':>3} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'rep/s':>6} "
        f"{'lag p99':>7} {'lag max':>7} {'RSS MB':>7} {'429s':>5}"
    )
    rows = [head, "-" * len(head)]
    for o in outcomes:
        rows.append(
            f"{o.name:<22} {o.posted:>5} {o.replied_once:>5} {o.lost:>4} {o.duplicates:>3} "
            f"{o.errors:>3} {_f(o.latency(50)):>7} {_f(o.latency(95)):>7} "
            f"{_f(o.latency(99)):>7} {_f(max(o.latencies_ms, default=math.nan)):>7} "
            f"{_f(o.replies_per_s, 1):>6} {_f(pct(o.lags_ms, 99), 1):>7} "
            f"{_f(max(o.lags_ms, default=math.nan), 1):>7} {_f(o.peak_rss_mb):>7} "
            f"{o.http_429:>2}/{o.injected_429:<2}"
        )
    return "\n".join(rows)


def fairness_table(busy: Outcome, quiet: Outcome, guilds: int) -> str:
    others = set(range(1, guilds))
    per_guild_p95 = [pct(v, 95) for g, v in busy.by_guild.items() if g in others]
    base_p95 = [pct(v, 95) for g, v in quiet.by_guild.items() if g in others]
    lines = [
        "fairness: latency of the quiet guilds (1..M-1), with and without guild 0 flooding",
        f"{'run':<22} {'quiet p50':>9} {'quiet p95':>9} {'quiet p99':>9} "
        f"{'worst guild p95':>15} {'busy guild p50':>14} {'busy p95':>8}",
    ]
    for o, gp95 in ((busy, per_guild_p95), (quiet, base_p95)):
        lines.append(
            f"{o.name:<22} {_f(o.latency(50, others)):>9} {_f(o.latency(95, others)):>9} "
            f"{_f(o.latency(99, others)):>9} {_f(max(gp95, default=math.nan)):>15} "
            f"{_f(o.latency(50, {0})):>14} {_f(o.latency(95, {0})):>8}"
        )
    return "\n".join(lines)


async def bench(args: argparse.Namespace) -> int:
    pages = shared_pages() if args.shared else []
    if args.shared and not pages:
        print(f"note: {SHARED_HTML} not found; using generated pages")
    site = await ArticleSite(pages).start()
    common = dict(
        guilds=args.guilds,
        users_per_guild=args.users_per_guild,
        site=site,
        inject_429=args.inject_429,
        drain=args.drain,
        workers=args.workers,
        guild_concurrency=args.guild_concurrency,
    )
    outcomes: list[Outcome] = []
    fair: tuple[Outcome, Outcome] | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="precis-load-") as tmp:
            workdir = Path(tmp)
            plan = make_plan(
                args.links, args.guilds, args.seconds, users_per_guild=args.users_per_guild
            )
            if not args.busy_share or args.uniform:
                for mode in args.modes:
                    o = await run_load(
                        f"{mode} uniform", plan, mode=mode, workdir=workdir, **common
                    )
                    outcomes.append(o)
                    print(table([o]).splitlines()[-1], flush=True)
            if args.busy_share:
                busy_plan = make_plan(
                    args.links,
                    args.guilds,
                    args.seconds,
                    users_per_guild=args.users_per_guild,
                    busy_share=args.busy_share,
                )
                quiet_plan = [link for link in busy_plan if link.guild != 0]
                busy = await run_load(
                    f"{args.modes[0]} busy g0 {args.busy_share:.0%}",
                    busy_plan,
                    mode=args.modes[0],
                    workdir=workdir,
                    **common,
                )
                print(table([busy]).splitlines()[-1], flush=True)
                quiet = await run_load(
                    f"{args.modes[0]} without g0",
                    quiet_plan,
                    mode=args.modes[0],
                    workdir=workdir,
                    **common,
                )
                print(table([quiet]).splitlines()[-1], flush=True)
                outcomes += [busy, quiet]
                fair = (busy, quiet)
    finally:
        await site.stop()

    print()
    print(
        f"{args.links} links over {args.seconds:g} s ({args.links / args.seconds:.1f}/s) in "
        f"{args.guilds} guilds, {args.users_per_guild} users each; USER_COOLDOWN_SECONDS=0, "
        f"GUILD_CONCURRENCY={args.guild_concurrency}, WORKERS={args.workers or os.cpu_count()}, "
        f"pages: {'../shared extraction' if pages else 'generated'}; cores: {os.cpu_count()}"
    )
    print("latency = link message -> reply (snowflake ms); lag = 10 ms ticker in the bot's loop")
    print(table(outcomes))
    if fair:
        print()
        print(fairness_table(*fair, args.guilds))
    bad = [o for o in outcomes if o.lost or o.duplicates or o.pings or o.extra["unknown_routes"]]
    print()
    for o in outcomes:
        lag99, lagmax = pct(o.lags_ms, 99), max(o.lags_ms, default=math.nan)
        verdict = "meets" if lag99 < 20 and lagmax < 100 else "misses"
        print(
            f"{o.name}: {verdict} the lag target (p99 < 20 ms, max < 100 ms); "
            f"latency p99 {_f(o.latency(99))} ms; {o.replied_once}/{o.posted} answered exactly "
            f"once; 429s answered {o.http_429} of {o.injected_429} injected, none lost"
            if not o.lost
            else f"{o.name}: LOST {o.lost} replies"
        )
    if bad:
        print("FAILED: lost, duplicate or pinging replies, or unknown routes (see above)")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=300, help="links posted per run")
    parser.add_argument("--guilds", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30.0, help="spread the links over")
    parser.add_argument("--users-per-guild", type=int, default=5)
    parser.add_argument("--modes", default="process,thread,loop", help="of: " + ",".join(MODES))
    parser.add_argument(
        "--busy-share",
        type=float,
        default=0.0,
        help="guild 0 posts this share of the links; also runs the quiet guilds alone",
    )
    parser.add_argument("--uniform", action="store_true", help="with --busy-share: also uniform")
    parser.add_argument("--inject-429", type=int, default=0, help="429s on message create")
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument("--guild-concurrency", type=int, default=2)
    parser.add_argument("--drain", type=float, default=180.0, help="max wait for replies")
    parser.add_argument("--shared", action="store_true", help="pages from ../shared extraction")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        asyncio.run(_child_main())
        return 0
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if bad := [m for m in args.modes if m not in MODES]:
        parser.error(f"unknown mode(s) {bad}")
    return asyncio.run(bench(args))


if __name__ == "__main__":
    raise SystemExit(main())
