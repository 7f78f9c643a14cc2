"""Article-extraction benchmark on ../shared/data/extraction (181 real news pages).

Scoring is the benchmark's own (scrapinghub/article-extraction-benchmark): 4-token shingles of
``\\w+`` tokens, per-page TP/FP/FN normalised by their sum, precision averaged over pages with
any output, recall over pages with any gold text, F1 the harmonic mean of the two averages.
Compared in the same run: Precis's ``extract_article`` and trafilatura alone with
``favor_precision`` and with default settings (both comments off, metadata on, as ours), plus
readability-lxml. Times are the median milliseconds per page (pages decompressed beforehand).
Run: ``python benchmarks/extraction.py [--details]``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "extraction"

sys.path.insert(0, str(ROOT))

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def tp_fp_fn(gold: str, predicted: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def metrics(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    precision = statistics.mean(page_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(page_recall(*c) for c in counts if c[0] + c[2] > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _ours(html: bytes) -> str:
    from bot.errors import ExtractionError
    from bot.extract import extract_article

    try:
        return extract_article(html).text
    except ExtractionError:
        return ""


def _trafilatura(precise: bool) -> Callable[[bytes], str]:
    from trafilatura import bare_extraction

    def run(html: bytes) -> str:
        doc = bare_extraction(
            html, favor_precision=precise, include_comments=False, with_metadata=True
        )
        return (doc.text or "") if doc is not None else ""

    return run


def _readability(html: bytes) -> str:
    # readability-lxml is not a dependency (see bot/extract.py); install it to add this row.
    import lxml.html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:
        return ""
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def _has_readability() -> bool:
    import importlib.util

    return importlib.util.find_spec("readability") is not None


def main() -> int:
    if not (DATA / "ground-truth.json").is_file():
        print(f"skipped: {DATA} not found (../shared is not beside the project)")
        return 0
    details = "--details" in sys.argv
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: gzip.decompress((DATA / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    systems: dict[str, Callable[[bytes], str]] = {
        "precis": _ours,
        "trafilatura-precision": _trafilatura(True),
        "trafilatura-default": _trafilatura(False),
    }
    if _has_readability():
        systems["readability-lxml"] = _readability
    first = next(iter(pages.values()))
    for run in systems.values():  # imports and caches outside the timed loop
        run(first)

    # Systems take turns page by page, so load from other processes hits them all alike.
    results: dict[str, dict[str, tuple[float, float, float]]] = {name: {} for name in systems}
    times: dict[str, list[float]] = {name: [] for name in systems}
    empty: Counter[str] = Counter()
    for key, html in pages.items():
        gold = truth[key].get("articleBody", "")
        for name, run in systems.items():
            started = time.perf_counter()
            text = run(html)
            times[name].append((time.perf_counter() - started) * 1000)
            empty[name] += not text.strip()
            results[name][key] = tp_fp_fn(gold, text)
    print(f"{len(pages)} pages")
    print(f"{'system':<24} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8} {'empty':>6}")
    for name in systems:
        p, r, f1 = metrics(list(results[name].values()))
        ms = statistics.median(times[name])
        print(f"{name:<24} {p:6.3f} {r:6.3f} {f1:6.3f} {ms:8.1f} {empty[name]:>6}")

    # Dates: the benchmark has no gold dates, so this only compares our machine-readable
    # rule with htmldate's full (extensive, free-text) search on the same pages.
    from htmldate import find_date
    from trafilatura.utils import load_html

    from bot.extract import published_date

    ours_n = theirs_n = both = agree = 0
    for key, html in pages.items():
        url = truth[key].get("url")
        ours = published_date(load_html(html), url)
        theirs = find_date(load_html(html), extensive_search=True, original_date=True, url=url)
        ours_n += ours is not None
        theirs_n += theirs is not None
        if ours and theirs:
            both += 1
            agree += ours.isoformat() == theirs
    print(
        f"\ndates: precis found {ours_n}/{len(pages)}, htmldate (extensive) {theirs_n}/{len(pages)}; "
        f"same day on {agree} of the {both} pages where both found one"
    )

    if details:

        def f1(c: tuple[float, float, float]) -> float:
            p, r = page_precision(*c), page_recall(*c)
            return 2 * p * r / (p + r) if p + r else 0.0

        print("\npages where a trafilatura setting beats precis by > 0.05 F1:")
        for key in pages:
            ours = f1(results["precis"][key])
            best = max(
                f1(results["trafilatura-precision"][key]), f1(results["trafilatura-default"][key])
            )
            if best - ours > 0.05:
                print(
                    f"  {key[:12]} precis {ours:.3f} "
                    f"precision {f1(results['trafilatura-precision'][key]):.3f} "
                    f"default {f1(results['trafilatura-default'][key]):.3f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
