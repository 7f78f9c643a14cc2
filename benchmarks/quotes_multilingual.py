"""Quote finding in seven languages, on the team's own articles (benchmarks/data/quotes_ml).

Runs ``bot.quotes.find_quotes`` (the pipeline's entry point; given the article's language when
it accepts one) on each article of the chosen half and scores it against the gold files
described in benchmarks/data/quotes_ml/README.md.

- Direct quotes: a found quote (kind "direct", not flagged partial) matches a gold direct quote
  when both read the same after normalising whitespace, quote marks and punctuation (compared
  as word sequences). A gold quote interrupted by its own cue (``«… —dijo Ortega—, …»``) also
  matches its spoken parts, joined or one by one. Precision = matched found / found;
  recall = gold matched / gold.
- Speaker accuracy: among matched quotes, the speaker equals the gold speaker's full name, or
  its last word equals the gold surname (``Kowalski`` for ``Tomasz Kowalski``; an inflected
  ``Kowalskiego`` is wrong: the finder must map it to the first full mention).
- Invented: found direct quotes that match no gold direct quote (split into those that are a
  gold fragment, i.e. a scare quote promoted to a quote, and those matching nothing at all).
- Indirect: gold reported-speech clauses overlapped ≥ 50 % (of the longer span) by a found
  indirect statement, out of gold; and how many indirect statements were found.
- Speed: ms per 1,000 words, median over articles of the best of three cold runs, with the
  same figure for a plain word count in the same run as a baseline for the noisy machine.

The held-out half is for measuring only: by default only aggregate figures are printed;
``--details`` lists every miss, invented quote and wrong speaker.

    python benchmarks/quotes_multilingual.py [--half dev|heldout|heldout2|both|all] [--details]
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.models import Quote, count_words  # noqa: E402
from bot.quotes import find_quotes  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "quotes_ml"
LANGUAGES = ("fr", "de", "es", "it", "pt", "ru", "pl")
# dev: tuning. heldout: the first held-out half; its misses were studied in the session that
# measured it, so it is tuning data now. heldout2: written later by people who had not seen the
# finder's code, measured only.
HALVES = ("dev", "heldout", "heldout2")
TIMING_RUNS = 5
_WORD = re.compile(r"\w+")
_TAKES_LANGUAGE = "language" in inspect.signature(find_quotes).parameters


def words_key(text: str) -> tuple[str, ...]:
    """The comparison form of a quote: its words, case-folded; marks, spaces and punctuation
    (including the no-break spaces French puts inside « ») do not count."""
    return tuple(w.casefold() for w in _WORD.findall(text))


def gold_keys(gold: dict) -> set[tuple[str, ...]]:
    keys = {words_key(gold["quote"])}
    parts = gold.get("parts") or []
    if parts:
        keys.add(tuple(w for p in parts for w in words_key(p)))
        keys.update(words_key(p) for p in parts)
    return keys


def speaker_right(found: str | None, gold: str | None) -> bool:
    if not found or not gold:
        return False
    f, g = found.strip().casefold(), gold.strip().casefold()
    return f == g or f.split()[-1] == g.split()[-1]


def run_finder(text: str, language: str) -> list[Quote]:
    if _TAKES_LANGUAGE:
        return find_quotes(text, language=language)  # type: ignore[call-arg]
    return find_quotes(text)


@dataclass
class Tally:
    found: int = 0  # found direct quotes
    correct: int = 0  # found direct quotes matching a gold direct quote
    gold: int = 0
    recalled: int = 0
    speaker_ok: int = 0  # of the recalled gold quotes, right speaker
    invented: int = 0
    invented_fragment: int = 0  # of which: a gold fragment reported as a quote
    ind_gold: int = 0
    ind_matched: int = 0
    ind_found: int = 0
    frag_gold: int = 0
    frag_found: int = 0  # gold fragments found as partial quotes
    ms_per_kw: list[float] = field(default_factory=list)
    base_per_kw: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if isinstance(value, list):
                getattr(self, name).extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.find(quote)
    return (start, start + len(quote)) if start >= 0 else (-1, -1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(a[1] - a[0], b[1] - b[0]) if inter > 0 else 0.0


def score(name: str, text: str, golds: list[dict], quotes: list[Quote], errors: list[str]) -> Tally:
    t = Tally()
    direct_gold = [g for g in golds if g["kind"] == "direct"]
    fragment_gold = [g for g in golds if g["kind"] == "fragment"]
    indirect_gold = [g for g in golds if g["kind"] == "indirect"]
    found_direct = [q for q in quotes if q.kind == "direct" and not q.partial]
    found_partial = [q for q in quotes if q.kind == "direct" and q.partial]
    found_indirect = [q for q in quotes if q.kind == "indirect"]
    keys = [gold_keys(g) for g in direct_gold]
    fragment_keys = {words_key(g["quote"]) for g in fragment_gold}

    t.gold, t.found = len(direct_gold), len(found_direct)
    best: dict[int, Quote] = {}  # gold index -> the found quote credited to it
    for q in found_direct:
        k = words_key(q.text)
        hits = [i for i, ks in enumerate(keys) if k in ks]
        if hits:
            t.correct += 1
            i = next((i for i in hits if i not in best), hits[0])
            if i not in best or (
                not speaker_right(best[i].speaker, direct_gold[i]["speaker"])
                and speaker_right(q.speaker, direct_gold[i]["speaker"])
            ):
                best[i] = q
        else:
            t.invented += 1
            t.invented_fragment += k in fragment_keys
            errors.append(f"INVENTED {name} speaker={q.speaker!r} | {q.text[:90]!r}")
    for i, g in enumerate(direct_gold):
        q = best.get(i)
        if q is None:
            partial = [p for p in found_partial if words_key(p.text) in keys[i]]
            why = "found as a fragment" if partial else "not found"
            errors.append(f"MISS {name} ({why}) gold={g['speaker']!r} | {g['quote'][:90]!r}")
            continue
        t.recalled += 1
        if speaker_right(q.speaker, g["speaker"]):
            t.speaker_ok += 1
        else:
            errors.append(
                f"SPEAKER {name} found={q.speaker!r} gold={g['speaker']!r} | {g['quote'][:70]!r}"
            )

    t.frag_gold = len(fragment_gold)
    partial_keys = {words_key(p.text) for p in found_partial}
    t.frag_found = sum(1 for g in fragment_gold if words_key(g["quote"]) in partial_keys)

    t.ind_gold, t.ind_found = len(indirect_gold), len(found_indirect)
    for g in indirect_gold:
        span = _span(text, g["quote"])
        if any(_overlap(span, (q.start, q.end)) >= 0.5 for q in found_indirect):
            t.ind_matched += 1
        else:
            errors.append(f"INDIRECT-MISS {name} gold={g['speaker']!r} | {g['quote'][:80]!r}")
    return t


def time_article(text: str, language: str) -> tuple[float, float]:
    """ms for the finder and for a word count on ``text``: best of TIMING_RUNS each."""
    dt = base = float("inf")
    for _ in range(TIMING_RUNS):
        t0 = time.perf_counter()
        run_finder(text, language)
        dt = min(dt, time.perf_counter() - t0)
        t0 = time.perf_counter()
        count_words(text)
        base = min(base, time.perf_counter() - t0)
    return dt * 1000, base * 1000


def run_half(half: str, errors: list[str]) -> dict[str, Tally]:
    per_lang: dict[str, Tally] = defaultdict(Tally)
    for path in sorted((DATA / half).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        language = gold["language"]
        quotes = run_finder(text, language)
        t = score(f"{half}/{path.stem}", text, gold["quotes"], quotes, errors)
        ms, base = time_article(text, language)
        kwords = count_words(text) / 1000
        t.ms_per_kw.append(ms / kwords)
        t.base_per_kw.append(base / kwords)
        per_lang[language].add(t)
    return per_lang


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def report(half: str, per_lang: dict[str, Tally]) -> None:
    total = Tally()
    print(f"\n== {half} ==")
    print(
        "lang  prec   rec  (found/gold)  speaker  invented (of which fragments)  "
        "indirect matched/gold (found)  fragments  ms/1k words"
    )
    rows = [(lang, per_lang[lang]) for lang in LANGUAGES if lang in per_lang]
    for _lang, t in rows:
        total.add(t)
    for lang, t in [*rows, ("all", total)]:
        print(
            f"{lang:<5} {_ratio(t.correct, t.found):>4}  {_ratio(t.recalled, t.gold):>4}  "
            f"({t.correct:>3}/{t.found:>3} of {t.gold:>3})  "
            f"{_ratio(t.speaker_ok, t.recalled):>5} ({t.speaker_ok:>3})  "
            f"{t.invented:>3} ({t.invented_fragment:>2})                     "
            f"{t.ind_matched:>3}/{t.ind_gold:<3} ({t.ind_found:>3})                  "
            f"{t.frag_found:>3}/{t.frag_gold:<3}   "
            f"{statistics.median(t.ms_per_kw):6.2f}"
        )
    print(
        f"in-run baseline (count_words): {statistics.median(total.base_per_kw):.3f} ms/1k words;"
        f" attributed recall (right text and speaker): {_ratio(total.speaker_ok, total.gold)};"
        f" finder given the language: {_TAKES_LANGUAGE}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=(*HALVES, "both", "all"), default="all")
    ap.add_argument("--details", action="store_true", help="list every error (not for tuning!)")
    args = ap.parse_args(argv)
    halves = {"both": ("dev", "heldout"), "all": HALVES}.get(args.half, (args.half,))
    for half in halves:
        if not (DATA / half).is_dir():
            print(f"\n== {half} == missing: {DATA / half}")
            continue
        errors: list[str] = []
        report(half, run_half(half, errors))
        if args.details:
            print(*errors, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
