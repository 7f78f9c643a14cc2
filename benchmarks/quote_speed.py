"""Quote finding speed per word, today's code against an older revision in the same run.

Issue #13 asks that quote finding be no slower per word than before the multilingual work.
This times ``bot.quotes.find_quotes`` in ms per 1,000 words on English (PolNeAR's 840 articles
from ``../shared/data`` when present, and the seed article) and on each language of the
``benchmarks/data/quotes_ml`` dev half, for two sides:

- ``now``: the ``bot/`` package of this checkout;
- ``base``: ``bot/`` of ``--rev`` (default: b1f480d, the last commit before the multilingual
  quote work: its child ebda8f3 moved the English word lists into the en pack), taken with
  ``git archive`` into a temporary directory.

Each side runs in its own subprocess with its ``bot/`` first on PYTHONPATH, so the two never
share imports. Both warm up on every article once, then the same chunks of articles are timed
alternately on each side (the order flips every chunk) for ``--rounds`` rounds; an article's
time is its median over the rounds, a set's figure is the sum of those medians over its words.
The base side calls ``find_quotes(text)`` when its ``find_quotes`` takes no language (English
rules on every text, as that code did).

``--dump FILE`` instead writes every quote ``find_quotes`` returns (all fields) for PolNeAR,
the seed and both quotes_ml halves to FILE and prints its sha256: an optimisation must leave
that hash unchanged. ``--profile N`` prints a cProfile of today's code on N PolNeAR articles.

    python benchmarks/quote_speed.py [--rev REV] [--also REV ...] [--rounds 5] [--limit N]
    python benchmarks/quote_speed.py --dump /tmp/quotes.txt [--bot DIR-WITH-ANOTHER-bot]
    python benchmarks/quote_speed.py --profile 200
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
POLNEAR = SHARED / "data" / "quotes" / "polnear_train.jsonl"
SEED = ROOT / "tests" / "fixtures" / "seed" / "article.txt"
QUOTES_ML = ROOT / "benchmarks" / "data" / "quotes_ml"
LANGUAGES = ("fr", "de", "es", "it", "pt", "ru", "pl")
BASELINE_REV = "b1f480d"
CHUNK = 10


def load_articles(ml_halves: tuple[str, ...] = ("dev",), limit: int | None = None) -> list[dict]:
    """Every article as {set, language, id, text}: PolNeAR (if present), the seed, quotes_ml."""
    out: list[dict] = []
    if POLNEAR.is_file():
        with POLNEAR.open(encoding="utf-8") as f:
            for n, line in enumerate(f):
                if limit is not None and n >= limit:
                    break
                a = json.loads(line)
                out.append({"set": "polnear", "language": "en", "id": str(n), "text": a["text"]})
    else:
        print(f"PolNeAR not found at {POLNEAR}: English is the seed only", file=sys.stderr)
    out.append({"set": "seed", "language": "en", "id": "seed", "text": SEED.read_text("utf-8")})
    for half in ml_halves:
        for path in sorted((QUOTES_ML / half).glob("*.json")):
            language = json.loads(path.read_text(encoding="utf-8"))["language"]
            text = path.with_suffix(".txt").read_text(encoding="utf-8")
            out.append(
                {"set": f"{half}/{language}", "language": language, "id": path.stem, "text": text}
            )
    return out


# ---- the subprocess side: imports ``bot`` from its PYTHONPATH only ----------------------------


def _finder():
    from bot.quotes import find_quotes

    if "language" in inspect.signature(find_quotes).parameters:
        return lambda text, language: find_quotes(text, language=language)
    return lambda text, language: find_quotes(text)


def worker(articles_file: str, clock: str) -> int:
    """Serve timing requests on stdin: "i j" times articles i..j-1 once each and answers a
    JSON list of milliseconds; "words" answers the word counts; EOF ends it."""
    now = time.process_time if clock == "cpu" else time.perf_counter
    import bot
    from bot.models import count_words

    articles = json.loads(Path(articles_file).read_text(encoding="utf-8"))
    find = _finder()
    print(json.dumps({"bot": bot.__file__}), flush=True)
    for a in articles:  # warm-up: packs loaded, regexes compiled, caches filled
        find(a["text"], a["language"])
    for line in sys.stdin:
        cmd = line.split()
        if cmd == ["words"]:
            print(json.dumps([count_words(a["text"]) for a in articles]), flush=True)
            continue
        i, j = int(cmd[0]), int(cmd[1])
        out = []
        for a in articles[i:j]:
            t0 = now()
            find(a["text"], a["language"])
            out.append((now() - t0) * 1000)
        print(json.dumps(out), flush=True)
    return 0


# ---- the driver ---------------------------------------------------------------------------------


class Side:
    def __init__(self, name: str, root: Path, articles_file: str, clock: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(root))
        self.name = name
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", articles_file, "--clock", clock],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=root,
        )
        hello = json.loads(self._read())
        if not Path(hello["bot"]).resolve().is_relative_to(root.resolve()):
            raise SystemExit(f"{name}: imported {hello['bot']}, not from {root}")

    def _read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: worker exited ({self.proc.wait()})")
        return line

    def ask(self, cmd: str) -> list:
        assert self.proc.stdin is not None
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()
        return json.loads(self._read())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def extract(rev: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "bot"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def _short(rev: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", rev],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def compare(rev: str, also: list[str], rounds: int, limit: int | None, clock: str) -> int:
    articles = load_articles(limit=limit)
    revs = {"base": rev, **{_short(r): r for r in also}}
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"now": ROOT}
        for name, r in revs.items():
            roots[name] = Path(tmp) / name
            roots[name].mkdir()
            extract(r, roots[name])
        articles_file = str(Path(tmp) / "articles.json")
        Path(articles_file).write_text(json.dumps(articles), encoding="utf-8")
        t0 = time.time()
        sides = [Side(name, root, articles_file, clock) for name, root in roots.items()]
        words = sides[0].ask("words")
        times: dict[str, list[list[float]]] = {s.name: [[] for _ in articles] for s in sides}
        flip = False
        for _ in range(rounds):
            for i in range(0, len(articles), CHUNK):
                j = min(len(articles), i + CHUNK)
                for side in reversed(sides) if flip else sides:
                    for k, ms in enumerate(side.ask(f"{i} {j}")):
                        times[side.name][i + k].append(ms)
                flip = not flip
        for s in sides:
            s.close()
        elapsed = time.time() - t0
    load = os.getloadavg()[0]
    others = "".join(f", {name} = {r}" for name, r in list(revs.items())[1:])
    print(
        f"find_quotes, {clock} ms per 1,000 words (median of {rounds} interleaved rounds per"
        f" article); now = this checkout, base = {_short(rev)} ({rev}){others};"
        f" {elapsed:.0f} s, load {load:.1f}"
    )
    names = [s.name for s in sides]
    head = "".join(f"{n:>10}" for n in names)
    ratios = "".join(f"{n + '/base':>14}" for n in names if n != "base")
    print(f"{'set':<14}{'articles':>9}{'words':>9}{head}{ratios}")
    groups: dict[str, list[int]] = defaultdict(list)
    for n, a in enumerate(articles):
        if a["language"] == "en":
            groups["English"].append(n)
        groups[a["set"]].append(n)
    for n, a in enumerate(articles):
        if a["language"] != "en":
            groups["dev, 7 langs"].append(n)
    for group, members in groups.items():
        w = sum(words[n] for n in members)
        per = {
            name: sum(statistics.median(times[name][n]) for n in members) * 1000 / w
            for name in names
        }
        cells = "".join(f"{per[n]:>10.2f}" for n in names)
        rcells = "".join(f"{per[n] / per['base']:>14.2f}" for n in names if n != "base")
        print(f"{group:<14}{len(members):>9}{w:>9}{cells}{rcells}")
    return 0


def dump(path: Path, bot_root: Path) -> int:
    sys.path.insert(0, str(bot_root))
    find = _finder()
    articles = load_articles(ml_halves=("dev", "heldout"))
    h = hashlib.sha256()
    n_quotes = 0
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(f"## {a['set']} {a['id']}\n")
            for q in find(a["text"], a["language"]):
                f.write(repr(q) + "\n")
                n_quotes += 1
    h.update(path.read_bytes())
    import bot

    print(f"{len(articles)} articles, {n_quotes} quotes, sha256 {h.hexdigest()} ({bot.__file__})")
    return 0


def profile(n: int) -> int:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    find = _finder()
    articles = [a for a in load_articles(ml_halves=(), limit=n) if a["language"] == "en"]
    for a in articles:
        find(a["text"], "en")
    prof = cProfile.Profile()
    prof.enable()
    for a in articles:
        find(a["text"], "en")
    prof.disable()
    stats = pstats.Stats(prof).strip_dirs()
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(25)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rev", default=BASELINE_REV, help="baseline revision (default %(default)s)")
    ap.add_argument(
        "--also", action="append", default=[], metavar="REV", help="another revision to time"
    )
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="first N PolNeAR articles only")
    ap.add_argument("--dump", type=Path, help="write every quote to this file and hash it")
    ap.add_argument("--bot", type=Path, help="with --dump: the folder holding the bot/ to run")
    ap.add_argument("--profile", type=int, metavar="N", help="cProfile on N PolNeAR articles")
    ap.add_argument(
        "--clock",
        choices=["cpu", "wall"],
        default="cpu",
        help="process CPU time (default; steadier on a shared machine) or wall time",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.clock)
    if args.dump:
        return dump(args.dump, args.bot or ROOT)
    if args.profile:
        return profile(args.profile)
    return compare(args.rev, args.also, args.rounds, args.limit, args.clock)


if __name__ == "__main__":
    raise SystemExit(main())
