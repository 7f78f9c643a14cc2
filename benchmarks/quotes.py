"""Quote attribution benchmark on PolNeAR (../shared/data/quotes/polnear_train.jsonl).

Gold units, as ../shared/data/README.md defines them: the quote-mark-delimited substrings
inside the content spans of each attribution, pieces of one quotation split across spans with
no quote mark between them (gap ≤ 40 chars) merged. Key quotes have ≥ 6 words inside the
marks; fragments fewer.

A prediction is a direct quote from ``find_quotes`` that names a speaker. It is right when it
overlaps a gold unit by ≥ 50 % of the longer span and its speaker is right: its mention
overlaps the gold source span, or the speaker's last name occurs in the gold source text.
Reported for all 840 articles, the first 600 (dev, the only part looked at while tuning) and
the last 240 (holdout), per rule, plus the median time per 800-word article.

    /work/venv/bin/python benchmarks/quotes.py [--limit N] [--errors dev]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.models import count_words  # noqa: E402
from bot.quotes import find_quotes  # noqa: E402

SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "quotes" / "polnear_train.jsonl"
DEV = 600
KEY_WORDS = 6
MERGE_GAP = 40
TIMING_RUNS = 3
_MARK = re.compile(r"[\"“”]")


@dataclass
class Gold:
    start: int
    end: int
    sources: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def key(self) -> bool:
        return self._words >= KEY_WORDS

    _words: int = 0


def _direction(text: str, i: int) -> str:
    ch = text[i]
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([{—–-/:;") and not after.isspace():
        return "open"
    return "close"


def gold_units(article: dict) -> list[Gold]:
    text = article["text"]
    units: dict[tuple[int, int], Gold] = {}
    for att in article["attributions"]:
        if not att.get("has_quote_marks"):
            continue
        pieces = sorted((c["start"], c["end"]) for c in att["content"])
        regions: list[list[int]] = []
        for s, e in pieces:
            if regions and s - regions[-1][1] <= MERGE_GAP:
                gap = text[regions[-1][1] : s]
                if not _MARK.search(gap):
                    regions[-1][1] = max(regions[-1][1], e)
                    continue
            regions.append([s, e])
        sources = [(x["start"], x["end"], x["text"]) for x in att["source"]]
        for lo, hi in regions:
            marks = [m.start() for m in _MARK.finditer(text, lo, hi)]
            if not marks:
                continue
            spans = []
            open_at = None
            first = True
            for i in marks:
                d = _direction(text, i)
                if d == "open":
                    if open_at is not None:
                        spans.append((open_at + 1, i))
                    open_at = i
                elif open_at is not None:
                    spans.append((open_at + 1, i))
                    open_at = None
                elif first:
                    spans.append((lo, i))  # the region starts inside the quotation
                first = False
            if open_at is not None:
                spans.append((open_at + 1, hi))
            for s, e in spans:
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e - s < 2:
                    continue
                g = units.setdefault((s, e), Gold(s, e, _words=count_words(text[s:e])))
                g.sources.extend(sources)
    return sorted(units.values(), key=lambda g: g.start)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(a[1] - a[0], b[1] - b[0]) if inter > 0 else 0.0


def speaker_right(q, g: Gold) -> bool:
    m = q.mention
    for s, e, src in g.sources:
        if m is not None and min(m.end, e) > max(m.start, s):
            return True
        last = q.speaker.split()[-1] if q.speaker else ""
        if len(last) > 1 and re.search(rf"\b{re.escape(last)}\b", src):
            return True
    return False


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    gold: int = 0
    found: int = 0  # gold units matched by a correct prediction

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score_article(article: dict, quotes, tallies: dict, rules: dict, errors: list | None):
    text = article["text"]
    golds = gold_units(article)
    preds = [q for q in quotes if q.kind == "direct" and q.speaker]
    matched: set[int] = set()
    for g in golds:
        tallies["key" if g.key else "fragment"].gold += 1
    for q in preds:
        cls = "key" if count_words(q.text) >= KEY_WORDS else "fragment"
        best, best_ov = None, 0.0
        for k, g in enumerate(golds):
            ov = _overlap((q.start, q.end), (g.start, g.end))
            if ov > best_ov:
                best, best_ov = k, ov
        ok = best is not None and best_ov >= 0.5 and speaker_right(q, golds[best])
        r = rules[(q.rule or "none", cls)]
        if ok:
            tallies[cls].tp += 1
            r[0] += 1
            matched.add(best)  # type: ignore[arg-type]
        else:
            tallies[cls].fp += 1
            r[1] += 1
            if errors is not None and cls == "key":
                why = "no gold" if best is None or best_ov < 0.5 else "speaker"
                src = [s[2] for s in golds[best].sources] if best is not None else []
                errors.append(
                    f"FP[{why}] {article['id']} rule={q.rule} speaker={q.speaker!r} "
                    f"mention={q.mention.text if q.mention else None!r} gold_src={src} "
                    f"| {text[max(0, q.start - 60) : q.start]!r} >>{q.text[:50]!r}"
                )
    for k, g in enumerate(golds):
        if k in matched:
            tallies["key" if g.key else "fragment"].found += 1
        elif errors is not None and g.key:
            qs = [q for q in quotes if _overlap((q.start, q.end), (g.start, g.end)) >= 0.5]
            info = f"pred={qs[0].speaker!r} rule={qs[0].rule}" if qs else "not found"
            errors.append(
                f"FN {article['id']} {info} gold_src={[s[2] for s in g.sources]} "
                f"| {text[max(0, g.start - 80) : g.start]!r} >>{text[g.start : g.start + 40]!r}"
                f" <<{text[g.end : g.end + 60]!r}"
            )


def run(articles: list[dict], errors: list | None = None):
    tallies = defaultdict(Tally)
    rules: dict = defaultdict(lambda: [0, 0])
    per800: list[float] = []
    base800: list[float] = []
    for a in articles:
        text = a["text"]
        # Best of three (the machine is shared), each call cold; a trivial word count timed
        # the same way is the in-run baseline that shows how loaded the machine was.
        dt = base = float("inf")
        for _ in range(TIMING_RUNS):
            t0 = time.perf_counter()
            quotes = find_quotes(text)
            dt = min(dt, time.perf_counter() - t0)
            t0 = time.perf_counter()
            count_words(text)
            base = min(base, time.perf_counter() - t0)
        words = count_words(text)
        if words:
            per800.append(dt * 1000 * 800 / words)
            base800.append(base * 1000 * 800 / words)
        for q in quotes:
            assert a["text"][q.start : q.end] == q.text
        score_article(a, quotes, tallies, rules, errors)
    return tallies, rules, (per800, base800)


def report(name: str, tallies, rules, per800) -> None:
    print(f"== {name}")
    for cls in ("key", "fragment"):
        t = tallies[cls]
        p, r, f = t.prf()
        print(
            f"  {cls:9s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
            f"(pred right {t.tp}, wrong {t.fp}; gold {t.gold}, found {t.found})"
        )
    print("  per rule (key quotes): right / wrong  precision")
    by_rule = Counter()
    for (rule, cls), (ok, bad) in sorted(rules.items()):
        if cls == "key":
            by_rule[rule] = ok + bad
            prec = ok / (ok + bad) if ok + bad else 0.0
            print(f"    {rule:16s} {ok:5d} / {bad:4d}  {prec:.3f}")
    per, base = per800
    if per:
        print(
            f"  ms per 800-word article: median {statistics.median(per):.2f} "
            f"(in-run baseline, count_words: {statistics.median(base):.2f})"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", choices=["dev"], help="print dev-set mistakes (tuning only)")
    args = ap.parse_args(argv)
    if not DATA.is_file():
        print(f"PolNeAR data not found at {DATA}", file=sys.stderr)
        return 2
    articles = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    if args.limit:
        articles = articles[: args.limit]
    errs: list[str] | None = [] if args.errors else None
    dev = run(articles[:DEV], errs)
    hold = run(articles[DEV:])
    if errs is not None:
        for e in errs:
            print(e)
    allt: dict = defaultdict(Tally)
    allr: dict = defaultdict(lambda: [0, 0])
    for part in (dev, hold):
        for k, t in part[0].items():
            a = allt[k]
            a.tp += t.tp
            a.fp += t.fp
            a.gold += t.gold
            a.found += t.found
        for k, v in part[1].items():
            allr[k][0] += v[0]
            allr[k][1] += v[1]
    timing = (dev[2][0] + hold[2][0], dev[2][1] + hold[2][1])
    report(f"all {len(articles)} articles", allt, allr, timing)
    report(f"dev (first {min(DEV, len(articles))})", *dev)
    if len(articles) > DEV:
        report(f"holdout (last {len(articles) - DEV})", *hold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
