""" "Who said …?" benchmark on PolNeAR (../shared/data/quotes/polnear_train.jsonl).

Why it exists: the quote benchmark scores attribution quote by quote, but what a user sees is
the answer to ``/whosaid`` over a whole server's cache, where a phrase can match the wrong
quote, or the right quote with no speaker. This asks the question the way a user would.

Questions: every gold key quote (≥ 6 words inside the marks, as ``benchmarks/quotes.py`` defines
the units) whose gold source names someone (a capitalised word other than a pronoun or a
determiner: "Trump", "the Heritage Foundation website"; not "he", "the report"). The phrase is the
6 words from the middle of the quote. The articles of one half are ingested into one fresh guild
database exactly as ``precis ingest story.txt`` does (the file read by ``read_source``, then
``Precis.ingest_body``), and the phrase is asked as ``precis whosaid`` does (``Precis.who_said``,
the best hit). The answer is

- right: the best hit has a speaker and its last word occurs in the gold source text (the
  leniency of ``benchmarks/quotes.py``: "Bill Clinton" for a gold "Clinton" counts);
- wrong: the best hit names somebody else;
- nobody: no hit, or a hit without a speaker ("found, no speaker" counted apart).

The first 600 articles (tune) and the last 240 (held-out) are separate servers and separate
figures; only the tune half may be looked at while changing rules (``--details``).

    python benchmarks/whosaid.py [--limit N] [--details] [--half tune|holdout|both]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quotes import DATA, DEV, gold_units  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.errors import PrecisError  # noqa: E402
from bot.service import Precis  # noqa: E402
from bot.sources import read_source  # noqa: E402

PHRASE_WORDS = 6
GUILD = 1
# Capitalised words that do not name a source on their own (sentence-initial pronouns and
# determiners, and the annotators' "Transcript" labels).
_NOT_A_NAME = {
    "he", "she", "i", "it", "they", "we", "you", "the", "a", "an", "his", "her", "their", "its",
    "this", "that", "these", "those", "our", "my", "your", "one", "some", "many", "most", "both",
    "another", "transcript", "partial", "who", "which", "said", "according", "in", "but", "and",
}  # fmt: skip
_CAP = re.compile(r"\b[A-Z][\w’'.-]*")


@dataclass(frozen=True)
class Question:
    article: int  # index in the data file
    phrase: str
    quote: str
    sources: tuple[str, ...]


def named(source: str) -> bool:
    return any(m.group().casefold() not in _NOT_A_NAME for m in _CAP.finditer(source))


def questions_for(index: int, article: dict) -> list[Question]:
    text = article["text"]
    out = []
    for g in gold_units(article):
        if not g.key:
            continue
        sources = tuple(dict.fromkeys(s[2] for s in g.sources))
        if not any(named(s) for s in sources):
            continue
        words = text[g.start : g.end].split()
        if len(words) < PHRASE_WORDS:
            continue
        mid = (len(words) - PHRASE_WORDS) // 2
        phrase = " ".join(words[mid : mid + PHRASE_WORDS])
        out.append(Question(index, phrase, text[g.start : g.end], sources))
    return out


def speaker_right(speaker: str, sources: tuple[str, ...]) -> bool:
    last = speaker.split()[-1] if speaker.split() else ""
    return len(last) > 1 and any(re.search(rf"\b{re.escape(last)}\b", s) for s in sources)


@dataclass
class Result:
    question: Question
    outcome: str  # right / wrong / nobody / unattributed (found, no speaker)
    speaker: str | None = None
    found: str | None = None
    same_article: bool = False


async def run_half(
    articles: list[tuple[int, dict]], folder: Path
) -> tuple[list[Result], dict[str, float]]:
    """Ingest ``articles`` into a fresh guild database under ``folder``, ask every question."""
    settings = replace(load_settings(), data_dir=folder / "data")
    files = folder / "articles"
    files.mkdir()
    precis = await Precis.start(settings, housekeeping=False, inline=True)
    results: list[Result] = []
    timing: dict[str, float] = {}
    try:
        url_of: dict[str, int] = {}
        refused = 0
        t0 = time.perf_counter()
        for index, art in articles:
            path = files / f"polnear-{index:04d}.txt"
            path.write_text(art["text"], encoding="utf-8")
            local = read_source(str(path))  # what `precis ingest story.txt` does
            url = local.url or "stdin:"
            try:
                await precis.ingest_body(GUILD, local.body, url=url, is_html=local.is_html)
            except PrecisError:
                refused += 1
                continue
            url_of[url] = index
        timing["ingest_s"] = time.perf_counter() - t0
        timing["refused"] = refused
        asked: list[float] = []
        for index, art in articles:
            for qn in questions_for(index, art):
                t0 = time.perf_counter()
                hits = await precis.who_said(GUILD, qn.phrase)
                asked.append((time.perf_counter() - t0) * 1000)
                if not hits:
                    results.append(Result(qn, "nobody"))
                    continue
                best = hits[0]  # `precis whosaid` shows the best hit only
                same = url_of.get(best.url or "") == index
                speaker = best.quote.speaker
                if not speaker:
                    outcome = "unattributed"
                elif speaker_right(speaker, qn.sources):
                    outcome = "right"
                else:
                    outcome = "wrong"
                results.append(Result(qn, outcome, speaker, best.quote.text, same))
        timing["query_ms_median"] = statistics.median(asked) if asked else 0.0
    finally:
        await precis.close()
    return results, timing


def report(name: str, n_articles: int, results: list[Result], timing: dict[str, float]) -> None:
    c = Counter(r.outcome for r in results)
    n = len(results) or 1
    nobody = c["nobody"] + c["unattributed"]
    other = sum(1 for r in results if r.outcome in ("right", "wrong") and not r.same_article)
    print(f"== {name}: {n_articles} articles, {len(results)} questions")
    print(
        f"  right {c['right']:5d}  {c['right'] / n:6.1%}\n"
        f"  wrong {c['wrong']:5d}  {c['wrong'] / n:6.1%}\n"
        f"  nobody {nobody:4d}  {nobody / n:6.1%}   "
        f"(quote found, no speaker {c['unattributed']}; nothing found {c['nobody']})"
    )
    print(
        f"  answers taken from another article of the same server: {other}; "
        f"articles refused at ingest: {int(timing['refused'])}; "
        f"ingest {timing['ingest_s']:.1f} s, whosaid median {timing['query_ms_median']:.2f} ms"
    )


def details(results: list[Result]) -> None:
    for r in results:
        if r.outcome == "right":
            continue
        q = r.question
        print(
            f"{r.outcome.upper():12s} art={q.article} gold={list(q.sources)} got={r.speaker!r} "
            f"same_article={r.same_article} | {q.phrase!r}"
        )


async def amain(args: argparse.Namespace) -> int:
    if not DATA.is_file():
        print(f"PolNeAR data not found at {DATA}; skipping.", file=sys.stderr)
        return 2
    articles = list(enumerate(json.loads(line) for line in DATA.open(encoding="utf-8")))
    halves = {"tune": articles[:DEV], "holdout": articles[DEV:]}
    if args.limit:
        halves = {k: v[: args.limit] for k, v in halves.items()}
    wanted = ["tune", "holdout"] if args.half == "both" else [args.half]
    for name in wanted:
        with tempfile.TemporaryDirectory(prefix=f"whosaid-{name}-") as tmp:
            results, timing = await run_half(halves[name], Path(tmp))
        label = "tune (first 600)" if name == "tune" else "held-out (last 240)"
        report(label, len(halves[name]), results, timing)
        if args.details and name == "tune":
            details(results)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="articles per half")
    ap.add_argument("--details", action="store_true", help="print every miss (tune half only)")
    ap.add_argument("--half", choices=["tune", "holdout", "both"], default="both")
    return asyncio.run(amain(ap.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
