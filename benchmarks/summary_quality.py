"""Summary quality benchmark: ROUGE of our "news" summariser against LEAD-3, sumy and the oracle.

Scores ROUGE-1/2/L F1 x 100 (rouge-score, Porter stemming) at 3 sentences on the evaluation
sets in ../shared/data/summaries (cnndm_dev50, cnndm_realsumm100, bbc_dev), with paired 95%
bootstrap intervals for news minus LEAD-3 (and news minus TextRank on BBC), plus the median
milliseconds per article our selector takes (tokenisation excluded, as it is shared).

Tokenisation: our own text layer (bot.summarize.analyse, or bot.text sentences + words) when it
is importable, otherwise a stand-in (nltk Punkt with a few hand abbreviations, NLTKWordTokenizer,
sumy's Snowball stemmer and stop words), so every system sees the same sentences.

Run: python benchmarks/summary_quality.py [--full] [--bbc N] [--no-sumy] [--kl]
KL-Sum is skipped unless --kl: sumy's implementation is very slow (quadratic Python loops).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "summaries"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

K = 3  # sentences per summary, as in the reference figures
BBC_SAMPLE = 300
SEED = 0


@dataclass
class Article:
    id: str
    sentences: list[str]
    terms: list[list[str]]
    paragraph_of: list[int]
    title: str
    title_terms: list[str]
    reference: str
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- tokenisation


def _local_tokeniser() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]], str]:
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    params = PunktParameters()
    params.abbrev_types = {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt",
        "col", "sgt", "capt", "u.s", "u.k", "u.n", "no", "vs", "inc", "corp", "co", "ltd",
        "jan", "feb", "aug", "sept", "oct", "nov", "dec", "a.m", "p.m", "e.g", "i.e",
    }  # fmt: skip
    punkt = PunktSentenceTokenizer(params)
    words = NLTKWordTokenizer()
    stem = Stemmer("english")
    stop = frozenset(get_stop_words("english"))
    word_re = re.compile(r"^[^\W_](?:[^\W_]|['-])*$")

    def split(text: str) -> list[str]:
        return [s.strip() for s in punkt.tokenize(text) if s.strip()]

    def terms(sentence: str) -> list[str]:
        out = []
        for w in words.tokenize(sentence):
            w = w.lower()
            if word_re.match(w) and w not in stop:
                out.append(stem(w))
        return out

    return split, terms, "local stand-in (Punkt + NLTKWordTokenizer + sumy Snowball/stop words)"


def _project_tokeniser() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]], str]:
    """Our own text layer, if it has landed; raises ImportError otherwise."""
    try:
        from bot.summarize import analyse  # type: ignore[attr-defined]

        def split(text: str) -> list[str]:
            return [getattr(s, "text", s) for s in analyse(text, "english").sentences]

        def terms(sentence: str) -> list[str]:
            doc = analyse(sentence, "english")
            return [t for ts in doc.terms for t in ts]

        return split, terms, "project (bot.summarize.analyse)"
    except ImportError:
        pass
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    from bot.text.sentences import split_sentences  # type: ignore[import-not-found]
    from bot.text.words import tokenize_words  # type: ignore[import-not-found]

    stem = Stemmer("english")
    stop = frozenset(get_stop_words("english"))

    def split2(text: str) -> list[str]:
        return [s.text for s in split_sentences(text)]

    def terms2(sentence: str) -> list[str]:
        return [stem(w) for w in (x.lower() for x in tokenize_words(sentence)) if w not in stop]

    return split2, terms2, "project (bot.text split_sentences + tokenize_words)"


def get_tokeniser(force_local: bool = False):
    if not force_local:
        try:
            return _project_tokeniser()
        except ImportError:
            pass
    return _local_tokeniser()


# --------------------------------------------------------------------------- data


def _read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_set(name: str, tok, limit: int | None = None) -> list[Article]:
    split, terms, _ = tok
    rows = _read(name)
    if limit is not None and limit < len(rows):
        rows = sorted(random.Random(SEED).sample(rows, limit), key=lambda r: r["id"])
    out = []
    for r in rows:
        sents: list[str] = []
        para: list[int] = []
        for p, chunk in enumerate(x for x in re.split(r"\n\s*\n", r["text"]) if x.strip()):
            for s in split(chunk):
                sents.append(s)
                para.append(p)
        ref = "\n".join(r["summary_sents"]) if r.get("summary_sents") else r["summary"]
        title = r.get("title") or ""
        out.append(
            Article(
                id=r["id"],
                sentences=sents,
                terms=[terms(s) for s in sents],
                paragraph_of=para,
                title=title,
                title_terms=terms(title) if title else [],
                reference=ref,
            )
        )
    return out


# --------------------------------------------------------------------------- systems


def news_system(a: Article) -> list[int]:
    from bot.summarize.news import select_news

    return select_news(a.terms, K, sentences=a.sentences, title_terms=a.title_terms)


def lead_system(a: Article) -> list[int]:
    return list(range(min(K, len(a.sentences))))


class _SumyTokenizer:
    """Feeds sumy our sentences; words via NLTKWordTokenizer filtered like sumy's own."""

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer

        self._w = NLTKWordTokenizer()
        self._re = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._w.tokenize(sentence) if self._re.match(w))


def sumy_systems(include_kl: bool) -> dict[str, Callable[[Article], list[int]]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tok = _SumyTokenizer()
    stemmer = Stemmer("english")
    stop = frozenset(get_stop_words("english"))
    classes = {
        "LexRank": LexRankSummarizer,
        "LSA": LsaSummarizer,
        "TextRank": TextRankSummarizer,
        "Luhn": LuhnSummarizer,
        "Edmundson": EdmundsonSummarizer,
        "SumBasic": SumBasicSummarizer,
        "Reduction": ReductionSummarizer,
    }
    if include_kl:
        classes["KL"] = KLSummarizer

    def make(cls):
        def run(a: Article) -> list[int]:
            s = cls(stemmer)
            s.stop_words = stop
            if cls is EdmundsonSummarizer:
                # sumy's CLI takes bonus words from the headings; we use the title (when the
                # set has one) and a neutral stigma list, so the cue method adds nothing else.
                s.null_words = stop
                s.bonus_words = frozenset(stemmer(w.lower()) for w in tok.to_words(a.title)) or {
                    "\0"
                }
                s.stigma_words = {"\0"}
            paras: dict[int, list] = {}
            objs = []
            for text, p in zip(a.sentences, a.paragraph_of, strict=True):
                o = Sentence(text, tok)
                objs.append(o)
                paras.setdefault(p, []).append(o)
            plist = [Paragraph(v) for _, v in sorted(paras.items())]
            if a.title:
                plist.insert(0, Paragraph([Sentence(a.title, tok, is_heading=True)]))
            doc = ObjectDocumentModel(plist)
            chosen = {id(x) for x in s(doc, K)}
            return [i for i, o in enumerate(objs) if id(o) in chosen]

        return run

    return {name: make(cls) for name, cls in classes.items()}


# --------------------------------------------------------------------------- scoring


def make_scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def rouge(scorer, a: Article, idx: Sequence[int]) -> tuple[float, float, float]:
    pred = "\n".join(a.sentences[i] for i in idx)
    s = scorer.score(a.reference, pred)
    return (100 * s["rouge1"].fmeasure, 100 * s["rouge2"].fmeasure, 100 * s["rougeL"].fmeasure)


def oracle_system(scorer):
    """Greedy oracle: add the sentence that most raises R1+R2 F1, up to K sentences."""

    def run(a: Article) -> list[int]:
        chosen: list[int] = []
        best = 0.0
        for _ in range(K):
            pick = None
            for i in range(len(a.sentences)):
                if i in chosen:
                    continue
                r = rouge(scorer, a, sorted([*chosen, i]))
                if r[0] + r[1] > best:
                    best, pick = r[0] + r[1], i
            if pick is None:
                break
            chosen = sorted([*chosen, pick])
        return chosen

    return run


def bootstrap(diffs: Sequence[float], reps: int = 2000, seed: int = SEED) -> tuple[float, float]:
    import numpy as np

    d = np.asarray(diffs)
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(reps, len(d)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def evaluate(articles: list[Article], systems: dict, scorer) -> dict[str, list[tuple]]:
    return {name: [rouge(scorer, a, fn(a)) for a in articles] for name, fn in systems.items()}


def time_news(articles: list[Article], repeats: int = 3) -> float:
    from bot.summarize.news import select_news

    times = []
    for a in articles:
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            select_news(a.terms, K, sentences=a.sentences, title_terms=a.title_terms)
            best = min(best, time.perf_counter() - t0)
        times.append(best * 1000)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="all 1,688 BBC articles")
    ap.add_argument("--bbc", type=int, default=BBC_SAMPLE, help="BBC sample size (seeded)")
    ap.add_argument("--no-sumy", action="store_true", help="skip the stock sumy algorithms")
    ap.add_argument("--kl", action="store_true", help="include sumy KL-Sum (very slow)")
    ap.add_argument("--local-tokens", action="store_true", help="force the stand-in tokeniser")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found (the evaluation data lives outside the repo)")
        return 0
    tok = get_tokeniser(args.local_tokens)
    print(f"tokenisation: {tok[2]}")
    scorer = make_scorer()
    bbc_n = None if args.full else args.bbc
    sets = {
        "cnndm_dev50": load_set("cnndm_dev50.jsonl", tok),
        "cnndm_realsumm100": load_set("cnndm_realsumm100.jsonl", tok),
        "bbc_dev" + ("" if bbc_n is None else f" (seeded sample of {bbc_n})"): load_set(
            "bbc_dev.jsonl", tok, bbc_n
        ),
    }
    systems: dict[str, Callable] = {"news": news_system, "LEAD-3": lead_system}
    if not args.no_sumy:
        systems.update(sumy_systems(args.kl))
    systems["oracle"] = oracle_system(scorer)
    if not args.kl:
        print("KL-Sum skipped (very slow in sumy; pass --kl to include it)")
    for name, arts in sets.items():
        t0 = time.perf_counter()
        res = evaluate(arts, systems, scorer)
        print(f"\n## {name}: {len(arts)} articles, ROUGE F1 x100 at {K} sentences")
        print(f"{'system':<12} {'R1':>6} {'R2':>6} {'RL':>6}")
        for sys_name, rows in res.items():
            m = [statistics.fmean(r[j] for r in rows) for j in range(3)]
            print(f"{sys_name:<12} {m[0]:6.2f} {m[1]:6.2f} {m[2]:6.2f}")
        baselines = ["LEAD-3"] + (
            ["TextRank"] if name.startswith("bbc") and "TextRank" in res else []
        )
        for base in baselines:
            parts = []
            for j, metric in enumerate(("R1", "R2", "RL")):
                d = [x[j] - y[j] for x, y in zip(res["news"], res[base], strict=True)]
                lo, hi = bootstrap(d)
                parts.append(f"{metric} {statistics.fmean(d):+.2f} [{lo:+.2f}, {hi:+.2f}]")
            print(f"news - {base}: " + "; ".join(parts) + "  (paired bootstrap 95%)")
        print(
            f"news: median {time_news(arts):.2f} ms/article; set took {time.perf_counter() - t0:.0f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
