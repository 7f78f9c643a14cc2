"""Sentence-splitter benchmark on ../shared/data/sentences (Golden Rules, GUM, EWT, BBC-100).

Each line of a gold file is one paragraph: ``sents`` are its gold sentences and ``text`` (Golden
Rules only) the raw paragraph; elsewhere the paragraph is the sentences joined by one space.
Main figure (the method behind the figures in data/README.md, which it reproduces for Punkt
with empty parameters): boundary P/R/F1 pooled over all paragraphs, a boundary being the
count of non-space characters before it, the paragraph's own end excluded (it is free).
Also shown: sentence-level F1 (a predicted sentence must equal a gold one) and, for Golden
Rules, how many rules come out exactly right. Baseline in the same run: nltk Punkt with
empty parameters. Run: ``python benchmarks/sentences.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "sentences"
SETS = ("golden_rules_en", "gum", "ewt", "bbc100")
ROUNDS = 5

sys.path.insert(0, str(ROOT))


def _norm(s: str) -> str:
    return " ".join(s.split())


def load(name: str) -> list[tuple[str, list[str]]]:
    rows = []
    with (DATA / f"{name}.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            sents = [s for s in d["sents"] if s.strip()]
            rows.append((d.get("text") or " ".join(sents), sents))
    return rows


def _boundaries(sentences: list[str]) -> set[int]:
    out, n = set(), 0
    for s in sentences:
        n += len("".join(s.split()))
        out.add(n)
    return out


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(split: Callable[[str], list[str]], rows: list[tuple[str, list[str]]]) -> dict:
    started = time.perf_counter()
    predictions = [split(text) for text, _ in rows]
    elapsed = time.perf_counter() - started
    b_tp = b_pred = b_gold = s_tp = s_pred = s_gold = exact = n_sents = 0
    for predicted, (_, gold) in zip(predictions, rows, strict=True):
        n_sents += len(predicted)
        bp, bg = _boundaries(predicted), _boundaries(gold)
        end = max(bg | bp, default=0)
        bp.discard(end)
        bg.discard(end)
        b_tp += len(bp & bg)
        b_pred += len(bp)
        b_gold += len(bg)
        p = Counter(_norm(s) for s in predicted)
        g = Counter(_norm(s) for s in gold)
        s_tp += sum((p & g).values())
        s_pred += sum(p.values())
        s_gold += sum(g.values())
        exact += p == g
    precision, recall, f1 = _f1(b_tp, b_pred, b_gold)
    return {
        "P": precision,
        "R": recall,
        "F1": f1,
        "sentF1": _f1(s_tp, s_pred, s_gold)[2],
        "exact": exact,
        "paragraphs": len(rows),
        "sents_per_s": n_sents / elapsed if elapsed else float("inf"),
    }


def quotations_check() -> None:
    """Sentences that start or end inside a quotation on the team's own articles in seven
    languages (benchmarks/data/quotes_ml), split the English way and with each language's
    pack. No ../shared needed."""
    import json

    from bot.text.quoting import quote_regions
    from bot.text.sentences import _pack_for, split_sentences

    data = ROOT / "benchmarks" / "data" / "quotes_ml"
    counts = {"english rules": [0, 0], "language pack": [0, 0]}
    for path in sorted(data.glob("*/*.json")):
        language = json.loads(path.read_text(encoding="utf-8"))["language"]
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        pack = _pack_for(language)
        assert pack is not None
        regions = quote_regions(text, pack.pairs)
        for label, code in (("english rules", None), ("language pack", language)):
            for sent in split_sentences(text, code):
                counts[label][0] += 1
                counts[label][1] += any(a < sent.start < b or a < sent.end < b for a, b in regions)
    print("\nquotations cut by a sentence boundary, quotes_ml fr de es it pt ru pl (28 articles):")
    for label, (total, bad) in counts.items():
        print(f"  {label:<14} {bad:4d} of {total} sentences start or end inside a quotation")


def main() -> int:
    quotations_check()
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found (../shared is not beside the project)")
        return 0
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from bot.text.sentences import sentence_texts

    empty = PunktSentenceTokenizer()
    splitters: dict[str, Callable[[str], list[str]]] = {
        "precis": sentence_texts,
        "punkt-empty": empty.tokenize,
    }
    print(f"{'set':<16} {'splitter':<12} {'P':>6} {'R':>6} {'F1':>6} {'sentF1':>6} {'exact':>9}")
    everything: list[str] = []
    for name in SETS:
        rows = load(name)
        everything.extend(text for text, _ in rows)
        for label, split in splitters.items():
            r = score(split, rows)
            print(
                f"{name:<16} {label:<12} {r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} "
                f"{r['sentF1']:6.3f} {r['exact']:>4}/{r['paragraphs']:<4}"
            )
    # Speed: all paragraphs of all sets, the splitters taking turns for ROUNDS rounds (the
    # machine is shared, so the median of the rounds and the ratio are what to read).
    rates: dict[str, list[float]] = {label: [] for label in splitters}
    for _ in range(ROUNDS):
        for label, split in splitters.items():
            started = time.perf_counter()
            n = sum(len(split(text)) for text in everything)
            rates[label].append(n / (time.perf_counter() - started))
    medians = {label: statistics.median(r) for label, r in rates.items()}
    print(f"\nspeed over {len(everything)} paragraphs, median of {ROUNDS} rounds:")
    for label, rate in medians.items():
        print(f"  {label:<12} {rate:8.0f} sentences/s")
    print(f"  precis / punkt-empty = {medians['precis'] / medians['punkt-empty']:.2f}")

    # Word tokenisation of the same text's gold sentences: ours vs stock NLTKWordTokenizer.
    from nltk.tokenize.destructive import NLTKWordTokenizer

    from bot.text.words import tokenize_words

    sentences = [s for name in SETS for _, gold in load(name) for s in gold]
    stock = NLTKWordTokenizer().tokenize
    word_rates: dict[str, list[float]] = {"precis": [], "nltk-stock": []}
    for _ in range(ROUNDS):
        for label, tokenize in (("precis", tokenize_words), ("nltk-stock", stock)):
            started = time.perf_counter()
            for s in sentences:
                tokenize(s)
            word_rates[label].append(len(sentences) / (time.perf_counter() - started))
    print(f"\nword tokenisation over {len(sentences)} sentences, median of {ROUNDS} rounds:")
    for label, rates_ in word_rates.items():
        print(f"  {label:<12} {statistics.median(rates_):8.0f} sentences/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
