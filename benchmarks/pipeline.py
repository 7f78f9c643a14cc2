"""Whole-pipeline throughput over the 181 pages of ../shared/data/extraction.

Ours: extract (trafilatura, precise with fallback) + tokenise once + summary + quotes.
Stock: trafilatura extraction + sumy's own parser/tokeniser + stock sumy LexRank (3 sentences).
Both run in this process, one after the other, on the same pages; we print articles per
second, median ms per page and the share of our time that is extraction.

    python benchmarks/pipeline.py [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data" / "extraction" / "html"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not found (../shared is not beside the project)")
        return 0

    import trafilatura
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from bot.errors import PrecisError
    from bot.extract import extract_article
    from bot.pipeline import process_article
    from bot.text.tokenizer import OfflineTokenizer

    pages = [gzip.decompress(p.read_bytes()) for p in sorted(SHARED.glob("*.html.gz"))]
    if args.limit:
        pages = pages[: args.limit]

    # warm-up: imports, caches
    for body in pages[:3]:
        with contextlib.suppress(PrecisError):
            process_article(extract_article(body))

    ours, extract_ms, failures = [], [], 0
    for body in pages:
        t0 = time.perf_counter()
        try:
            article = extract_article(body)
        except PrecisError:
            failures += 1
            continue
        t1 = time.perf_counter()
        try:
            process_article(article)
        except PrecisError:
            failures += 1
            continue
        t2 = time.perf_counter()
        extract_ms.append((t1 - t0) * 1000)
        ours.append((t2 - t0) * 1000)

    tokenizer = OfflineTokenizer("english")
    stock, stock_failures = [], 0
    lexrank = LexRankSummarizer()
    for body in pages:
        t0 = time.perf_counter()
        text = trafilatura.extract(body.decode("utf-8", "replace"), favor_precision=True)
        if not text:
            stock_failures += 1
            continue
        doc = PlaintextParser.from_string(text, tokenizer).document
        lexrank(doc, 3)
        stock.append((time.perf_counter() - t0) * 1000)

    def row(name: str, times: list[float], failed: int) -> str:
        total = sum(times) / 1000
        rate = len(times) / total if total else 0.0
        return (
            f"| {name} | {len(times)} | {failed} | {rate:6.1f} | {statistics.median(times):7.1f} |"
            f" {statistics.mean(times):7.1f} |"
        )

    print(f"pages: {len(pages)}")
    print("| pipeline | pages done | refused | articles/s | median ms | mean ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(row("ours: extract + summary + quotes", ours, failures))
    print(row("stock: trafilatura + sumy LexRank", stock, stock_failures))
    share = sum(extract_ms) / sum(ours)
    rest = [o - e for o, e in zip(ours, extract_ms, strict=True)]
    print(
        f"\nours: extraction is {share:.0%} of the time; median extraction "
        f"{statistics.median(extract_ms):.1f} ms, median everything else {statistics.median(rest):.1f} ms"
    )
    print(f"speed-up (total time): {sum(stock) / sum(ours):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
