"""Per-guild cache timings: ingest and the cache questions in a guild of 1,000 articles.

Builds a fresh guild database in a temporary folder, saves N articles into it one by one
(``save_digest``, timed each), and times who-said, quotes-by, ask (guild-wide and for one
URL), search and cache lookups, both after the first 100 articles and after all N, so the
growth is visible. A ``SELECT 1`` round trip through aiosqlite in the same run is the
baseline (the fixed cost of hopping to the connection's thread on this machine right now).

Articles: ``generated`` (default) are deterministic pseudo-news of ~30 sentences with named
speakers and quotes, plus the seed article from ../shared when present (for the examples);
``bbc`` runs the real pipeline over the BBC News articles in ../shared/data/summaries.

    python benchmarks/storage.py [--articles 1000] [--source generated|bbc] [--repeat 40]
                                 [--keep DIR]

Generated articles are made on demand, so ``--articles 100000`` (one busy guild grown to
100,000 articles) fits in memory. ``--keep DIR`` builds the guild database in DIR and keeps
it; run again with the same DIR and it is reused (no ingest) to time the queries alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# PRECIS_SHARED overrides the location, as in tests/conftest.py.
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
SEED_URL = "https://apnews.com/article/seed"

SUBJECTS = [
    "The council",
    "A spokesperson",
    "Local residents",
    "The regulator",
    "Union leaders",
    "The finance minister",
    "Engineers",
    "Opposition lawmakers",
    "The mayor's office",
    "Economists",
    "Hospital staff",
    "The court",
    "Shipping firms",
    "Environmental groups",
]
VERBS = [
    "questioned",
    "welcomed",
    "criticised",
    "delayed",
    "approved",
    "reviewed",
    "funded",
    "opposed",
    "expanded",
    "postponed",
    "investigated",
    "announced",
    "defended",
    "cut",
]
OBJECTS = [
    "the budget for the new terminal",
    "plans for a second bridge",
    "the emergency fund",
    "a proposal to raise fares",
    "the water treatment contract",
    "the housing scheme",
    "new rules for night flights",
    "the school building programme",
    "a solar power tender",
    "the hiring freeze",
    "a cross-border rail link",
    "the flood defence works",
]
WHENS = ["on Monday", "last week", "in March", "earlier this year", "since 2019", "overnight"]


class _Corpus(Sequence):
    """Articles made on demand from their index (deterministic), optionally with one extra
    article (the seed) in the middle: 100,000 generated articles never sit in memory at once."""

    def __init__(self, n: int, make: Callable[[int], tuple[object, list[object]]]) -> None:
        self.n, self.make = n, make
        self.extra: tuple[object, list[object]] | None = None

    def insert_middle(self, item: tuple[object, list[object]]) -> None:
        self.extra = item

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        mid = self.n // 2
        if self.extra is not None:
            if i == mid:
                return self.extra
            if i > mid:
                i -= 1
        return self.make(i)


def _generated(n: int) -> Sequence[tuple[object, list[object]]]:
    return _Corpus(n, _generated_one)


def _generated_one(i: int) -> tuple[object, list[object]]:
    from bot.models import Article, Digest
    from tests.storage_helpers import generated_digest, split_sentences

    base = generated_digest(i)
    rng = random.Random(10_000 + i)
    extra = [
        " ".join(
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(WHENS)}, {rng.randint(2, 99)} officials said."
            for _ in range(4)
        )
        for _ in range(6)
    ]
    paragraphs = base.article.paragraphs[:4] + tuple(extra) + base.article.paragraphs[4:]
    article = Article(
        paragraphs=paragraphs,
        url=base.article.url,
        title=base.article.title,
        site=base.article.site,
        language="en",
    )
    # Quote offsets move with the inserted paragraphs: shift those after paragraph 4.
    shift = len(article.text) - len(base.article.text)
    cut = len("\n\n".join(base.article.paragraphs[:4]))
    quotes = []
    for q in base.quotes:
        if q.start > cut:
            from dataclasses import replace

            mention = q.mention
            if mention is not None and mention.start > cut:
                mention = replace(mention, start=mention.start + shift, end=mention.end + shift)
            q = replace(q, start=q.start + shift, end=q.end + shift, mention=mention)
        assert article.text[q.start : q.end] == q.text
        quotes.append(q)
    key = tuple(x for x in quotes if x.kind == "direct")[:3]
    digest = Digest(article, base.summary, tuple(quotes), key)
    return digest, split_sentences(article.text)


def _bbc(n: int) -> list[tuple[object, list[object]]]:
    from bot.errors import PrecisError
    from bot.extract import article_from_text
    from bot.pipeline import process_article

    path = SHARED / "data" / "summaries" / "bbc_dev.jsonl"
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            row = json.loads(line)
            art = article_from_text(
                row["text"], url=f"https://bbc.example/{row['id']}", title=row.get("title")
            )
            try:
                p = process_article(art)
            except PrecisError:
                continue
            out.append((p.digest(), list(p.sentences)))
    return out


def _seed() -> tuple[object, list[object]] | None:
    seed = SHARED / "fixtures" / "seed"
    if not seed.is_dir():
        return None
    from bot.pipeline import process_page

    p = process_page((seed / "page.html").read_text(encoding="utf-8"), SEED_URL)
    return p.digest(), list(p.sentences)


def _ms(samples: list[float]) -> str:
    s = sorted(samples)
    p90 = s[min(len(s) - 1, int(len(s) * 0.9))]
    return f"median {statistics.median(s) * 1000:7.2f} ms   p90 {p90 * 1000:7.2f} ms"


async def _time(fn: Callable[[int], Awaitable[object]], repeat: int) -> list[float]:
    out = []
    for i in range(repeat):
        t0 = time.perf_counter()
        await fn(i)
        out.append(time.perf_counter() - t0)
    return out


def _samples(corpus: Sequence[tuple[object, list[object]]]) -> tuple[list, list, list, list]:
    """Phrases, speakers, surnames and URLs to ask about, from 50 random articles."""
    rng = random.Random(1)
    picked = [corpus[i] for i in rng.sample(range(len(corpus)), min(len(corpus), 50))]
    quotes = [q for d, _ in picked for q in d.quotes if q.speaker]
    phrases = [" ".join(q.text.split()[1:5]) for q in rng.sample(quotes, min(len(quotes), 50))]
    speakers = [q.speaker for q in rng.sample(quotes, min(len(quotes), 50))]
    surnames = [s.split()[-1] for s in speakers]
    urls = [d.article.url for d, _ in picked]
    return phrases, speakers, surnames, urls


async def _queries(db, corpus, repeat: int, label: str) -> None:
    phrases, speakers, surnames, urls = _samples(corpus)
    questions = [
        "How much will the project cost?",
        "When did the dispute begin?",
        "Who told the council about the delays?",
        "Where was the plan announced?",
        "How much gas will Russia supply to China each year?",
    ]
    searches = ["bridge budget", "wildfire evacuation", "railway tunnel freight", "vaccine trial"]
    p = lambda seq, i: seq[i % len(seq)]  # noqa: E731
    cases = [
        ("who-said (phrase)", lambda i: db.who_said(p(phrases, i))),
        ("who-said (no match)", lambda i: db.who_said(f"quantum marmalade {i}")),
        ("quotes-by (surname)", lambda i: db.quotes_by(p(surnames, i))),
        ("quotes-by (full name)", lambda i: db.quotes_by(p(speakers, i))),
        ("ask (guild-wide)", lambda i: db.ask(p(questions, i))),
        ("ask (one URL)", lambda i: db.ask(p(questions, i), p(urls, i))),
        ("search", lambda i: db.search(p(searches, i))),
        ("find_article (cache hit)", lambda i: db.find_article(p(urls, i))),
    ]
    print(f"\n-- queries with {label} --")
    for name, fn in cases:
        print(f"{name:26s} {_ms(await _time(fn, repeat))}")


async def run(args: argparse.Namespace) -> int:
    import aiosqlite

    from bot.storage import Storage, backup_all
    from bot.storage.store import guild_path

    t0 = time.perf_counter()
    corpus = _bbc(args.articles) if args.source == "bbc" else _generated(args.articles)
    seed = _seed()
    if seed is not None:
        if isinstance(corpus, _Corpus):
            corpus.insert_middle(seed)
        else:
            corpus.insert(len(corpus) // 2, seed)
            corpus = corpus[: args.articles]
    prep = time.perf_counter() - t0
    print(f"articles: {len(corpus)} ({args.source}); prepared in {prep:.1f} s (not timed)")

    keep = Path(args.keep) if args.keep else None
    tmp = keep or Path(tempfile.mkdtemp(prefix="precis-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        base = await aiosqlite.connect(tmp / "baseline.sqlite3")
        samples = await _time(lambda i: base.execute_fetchall("SELECT 1"), args.repeat * 5)
        await base.close()
        print(f"baseline SELECT 1 round trip {_ms(samples)}")

        from tests.storage_helpers import row_counts

        path = guild_path(tmp, 1)
        have = row_counts(path)["articles"] if path.exists() else 0
        storage = Storage(tmp)
        db = await storage.guild(1)
        if keep is not None and have == len(corpus):
            print(f"reusing the {have}-article guild in {keep} (no ingest)")
        else:
            if have:
                raise SystemExit(f"{guild_path(tmp, 1)} holds {have} articles, not {len(corpus)}")
            ingest: list[float] = []
            sentences = quotes = 0
            for n, (digest, sents) in enumerate(corpus, 1):
                sentences += len(sents)
                quotes += len(digest.quotes)
                t = time.perf_counter()
                await db.save_digest(digest, sents)
                ingest.append(time.perf_counter() - t)
                if n == 100:
                    print(f"\ningest, first 100 articles {_ms(ingest)}")
                    await _queries(db, corpus[:100], args.repeat, "100 articles")
                if n % 10_000 == 0:
                    print(f"ingest, articles {n - 9999}-{n}: {_ms(ingest[-10_000:])}", flush=True)
            total = sum(ingest)
            print(
                f"\ningest, all {len(corpus)} articles {_ms(ingest)}   "
                f"({len(corpus) / total:.0f} articles/s, {total:.1f} s in all; "
                f"{sentences} sentences, {quotes} quotes)"
            )
            print(f"ingest, last 100 articles {_ms(ingest[-100:])}")
        await _queries(db, corpus, args.repeat, f"{len(corpus)} articles")

        if keep is None:  # these change the database; a kept one stays as built
            refresh = await _time(lambda i: db.save_digest(*corpus[i]), min(args.repeat, 20))
            print(f"{'refresh (re-save same URL)':26s} {_ms(refresh)}")
        await storage.close()
        size = guild_path(tmp, 1).stat().st_size
        print(f"\ndatabase file: {size / 1e6:.1f} MB")

        storage = Storage(tmp)
        t = time.perf_counter()
        db = await storage.guild(1)
        await db.find_article(corpus[0][0].article.url)
        print(f"cold open + first lookup   {(time.perf_counter() - t) * 1000:7.2f} ms")
        if keep is None:
            t = time.perf_counter()
            await db.forget(corpus[1][0].article.url)
            ms = (time.perf_counter() - t) * 1000
            print(f"forget one article (FTS optimize + checkpoint) {ms:.0f} ms")
            t = time.perf_counter()
            await backup_all(tmp, tmp / "backup")
            ms = (time.perf_counter() - t) * 1000
            print(f"backup_all (online backup + integrity_check) {ms:.0f} ms")

        if seed is not None:
            print(f"\n-- examples in the {len(corpus)}-article guild --")
            for phrase in ("our oilmen have prepared", "“Unprecedented”", "the moon is cheese"):
                hits = await db.who_said(phrase)
                got = f"{hits[0].quote.speaker}: “{hits[0].quote.text[:70]}…”" if hits else "[]"
                print(f"who said {phrase!r} → {got}")
            for question in (
                "How much gas will Russia supply to China each year?",
                "Where did the two leaders meet?",
            ):
                answers = await db.ask(question)
                print(f"ask {question!r} → {answers[0].text if answers else '[]'}")
            by = await db.quotes_by("Putin", limit=3)
            print("quotes by 'Putin' → " + "; ".join(f"“{h.quote.text[:40]}…”" for h in by))
        await storage.close()
    finally:
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--source", choices=["generated", "bbc"], default="generated")
    parser.add_argument("--repeat", type=int, default=40, help="timed calls per query kind")
    parser.add_argument("--keep", help="build (or reuse) the guild database in this folder")
    args = parser.parse_args()
    if args.source == "bbc" and not (SHARED / "data").is_dir():
        print(f"skipped: {SHARED / 'data'} not found (../shared is not beside the project)")
        return 0
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
