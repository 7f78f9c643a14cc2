"""How summarising scales with article length: Precis's summarisers vs stock sumy, same run.

Articles of ~500, 2,000, 5,000 and 10,000 words are built by concatenating BBC News Summary
articles from ``../shared/data/summaries/bbc_dev.jsonl`` (skipped with a message if absent).
For every algorithm: median milliseconds of ours (``summarize`` on an analysed Document) and of
stock sumy (the summariser called on sumy's parsed document whose sentence words are already
tokenised, so both columns exclude tokenising), and stock / ours. Separately, tokenising: our
``analyse()`` (warm caches, as in a long-lived worker, and cold) vs sumy's PlaintextParser with
our OfflineTokenizer plus the words of every sentence. Stock KL is cubic (about a minute at
10,000 words), so it is only run up to 2,000 words.

Run: ``python benchmarks/summarize_scaling.py [--sizes 500,2000,5000,10000] [--repeat 5]
[--clock wall|cpu]`` (``cpu`` counts this process's CPU time: steadier when other work shares
the cores).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
SOURCE = SHARED / "data" / "summaries" / "bbc_dev.jsonl"

sys.path.insert(0, str(ROOT))

from bot.models import count_words  # noqa: E402
from bot.summarize import ALGORITHMS, analyse, summarize  # noqa: E402
from bot.summarize import document as document_module  # noqa: E402
from bot.summarize.sumy_backend import (  # noqa: E402
    REFERENCE_ALGORITHMS,
    make_summarizer,
    parse_plaintext,
)

STOCK_KL_MAX_WORDS = 2_500  # i.e. the 500- and 2,000-word articles
N = 3


def build_articles(sizes: list[int]) -> dict[int, str]:
    """Paragraphs of consecutive BBC articles until each target length is reached."""
    paragraphs = [
        p.strip()
        for line in SOURCE.open(encoding="utf-8")
        for p in json.loads(line)["text"].split("\n\n")
        if p.strip()
    ]
    articles = {}
    for size in sizes:
        parts: list[str] = []
        words = 0
        for paragraph in paragraphs:
            if words >= size:
                break
            parts.append(paragraph)
            words += count_words(paragraph)
        articles[size] = "\n\n".join(parts)
    return articles


CLOCK = time.perf_counter


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = CLOCK()
        fn()
        times.append(CLOCK() - start)
    return statistics.median(times) * 1000


def clear_caches() -> None:
    for cache in (
        document_module._stem_caches,
        document_module._term_caches,
        document_module._mid_cache,
        document_module._edge_cache,
    ):
        cache.clear()


def stock_parse(text: str) -> object:
    doc = parse_plaintext(text, "english")
    for sentence in doc.sentences:
        sentence.words  # noqa: B018 - sumy tokenises words lazily; count it as parsing
    return doc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000,5000,10000")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    ap.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall: elapsed time; cpu: this process's CPU time (steadier on a busy machine)",
    )
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.perf_counter if args.clock == "wall" else time.process_time
    if not SOURCE.exists():
        print(f"skipped: {SOURCE} not found (../shared is not beside the project)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    articles = build_articles(sizes)
    rows = []
    token_rows = []
    lexrank_total = {}
    analyse("Warm up the imports. Stemmers and tokenizers load lazily.")
    for text in articles.values():
        words = count_words(text)
        clear_caches()
        start = CLOCK()
        analyse(text)
        cold = (CLOCK() - start) * 1000
        ours_tok = median_ms(lambda text=text: analyse(text), args.repeat)
        stock_tok = median_ms(lambda text=text: stock_parse(text), max(3, args.repeat // 2))
        doc = analyse(text)
        sumy_doc = stock_parse(text)
        token_rows.append((words, len(doc.sentences), ours_tok, cold, stock_tok))
        for algorithm in REFERENCE_ALGORITHMS:
            ours = median_ms(
                lambda doc=doc, a=algorithm: summarize(doc, N, a, title=None), args.repeat
            )
            if algorithm == "kl" and words > STOCK_KL_MAX_WORDS:
                stock = None
            else:
                summarizer = make_summarizer(algorithm, "english")
                reps = 1 if algorithm == "kl" else max(3, args.repeat // 2)
                stock = median_ms(lambda s=summarizer, d=sumy_doc: s(d, N), reps)
            rows.append((words, algorithm, ours, stock))
            if algorithm == "lexrank":
                lexrank_total[words] = (ours_tok + ours, stock_tok + (stock or 0.0), cold + ours)
        if "news" in ALGORITHMS:  # the default; no stock counterpart
            ours = median_ms(lambda doc=doc: summarize(doc, N, "news"), args.repeat)
            rows.append((words, "news", ours, None))

    print(f"Summarising {N} sentences, median {args.clock}-clock ms per article")
    print(f"{'words':>7} {'algorithm':<10} {'ours ms':>9} {'stock ms':>10} {'stock/ours':>11}")
    for words, algorithm, ours, stock in rows:
        if stock is None:
            note = "(none)" if algorithm == "news" else "skipped"
            print(f"{words:>7} {algorithm:<10} {ours:>9.2f} {note:>10} {'-':>11}")
        else:
            print(f"{words:>7} {algorithm:<10} {ours:>9.2f} {stock:>10.1f} {stock / ours:>10.1f}x")
    print()
    print("Tokenising (sentences, words, terms), median ms per article")
    print(
        f"{'words':>7} {'sentences':>9} {'analyse warm':>13} {'analyse cold':>13} "
        f"{'sumy parse':>11} {'ratio':>7}"
    )
    for words, sentences, ours_tok, cold, stock_tok in token_rows:
        print(
            f"{words:>7} {sentences:>9} {ours_tok:>13.1f} {cold:>13.1f} {stock_tok:>11.1f} "
            f"{stock_tok / ours_tok:>6.1f}x"
        )
    print()
    print("LexRank including tokenising (ms): ours warm / ours cold caches / stock")
    for words, (ours, stock, cold) in lexrank_total.items():
        print(f"{words:>7}  {ours:8.1f} / {cold:8.1f} / {stock:8.1f}   ({stock / ours:.1f}x)")
    if max(lexrank_total, default=0) > STOCK_KL_MAX_WORDS:
        print("(stock KL not run above 2,000 words: about a minute per article at 10,000)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
