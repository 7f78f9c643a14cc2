"""Language detection on short and mixed texts: Precis's detector against offline libraries.

Texts (all from benchmarks/data/quotes_ml, the team's own articles in fr de es it pt ru pl):
- ``1/2/3 sentences``: the first 1, 2 or 3 sentences of every paragraph of every article
  (split with that language's pack); gold is the article's language.
- ``mixed``: every paragraph with one sentence of another language spliced in after its first
  sentence (a French paragraph quoting a German sentence, or one of a few English lines written
  for this benchmark); gold is the paragraph's language, which has most of the words.

Precis's detector answers None when unsure; that counts as wrong (the share is shown). It is
measured with its function words alone and as adopted: falling back to py3langid (restricted
to its languages, probability >= 0.9) when the function words abstain. The libraries, alone,
with all their languages: py3langid is a dependency; lingua-language-detector is not (a 96 MB
wheel) and is measured only when installed in the running interpreter. Each uses the model
bundled in its wheel; nothing is downloaded. ms per text is the median over texts of one call each, after one warm-up call.

    python benchmarks/language_detection.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.text.language import detect_language  # noqa: E402
from bot.text.sentences import split_sentences  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "quotes_ml"
ENGLISH_LINES = (
    "The council will vote on the new budget next Tuesday evening.",
    "Nobody expected the bridge to be finished before the summer.",
    "We are looking at every option, and nothing has been ruled out yet.",
    "Prices at the market rose again this week after a poor harvest.",
    "It was the best match I have seen in years, honestly.",
)

Detector = Callable[[str], str | None]


def _paragraphs() -> list[tuple[str, list[str]]]:
    """(language, sentences) of every body paragraph of every article, both halves."""
    out = []
    for path in sorted(DATA.glob("*/*.json")):
        language = json.loads(path.read_text(encoding="utf-8"))["language"]
        body = path.with_suffix(".txt").read_text(encoding="utf-8").split("\n", 2)[2]
        for para in body.split("\n\n"):
            sents = [s.text for s in split_sentences(para, language)]
            if sents:
                out.append((language, sents))
    return out


def sets() -> dict[str, list[tuple[str, str]]]:
    paras = _paragraphs()
    result: dict[str, list[tuple[str, str]]] = {}
    for n in (1, 2, 3):
        result[f"{n} sentence{'s' if n > 1 else ''}"] = [
            (lang, " ".join(sents[:n])) for lang, sents in paras if len(sents) >= n
        ]
    # A sentence from another language, taken round-robin so every pair of languages occurs.
    others = [(lang, sents[-1]) for lang, sents in paras]
    mixed = []
    for k, (lang, sents) in enumerate(paras):
        if len(sents) < 2:
            continue
        if k % 4 == 0:
            foreign = ENGLISH_LINES[k % len(ENGLISH_LINES)]
        else:
            foreign = next(
                s
                for j in range(1, len(others))
                for la, s in [others[(k * 7 + j) % len(others)]]
                if la != lang
            )
        text = " ".join([sents[0], foreign, *sents[1:]])
        mixed.append((lang, text))
    result["mixed"] = mixed
    return result


def detectors() -> dict[str, Detector]:
    found: dict[str, Detector] = {
        "precis function words": lambda t: detect_language(t, model=False),
        "precis (+ py3langid)": detect_language,
    }
    try:
        import py3langid

        found["py3langid (alone)"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        print("py3langid not installed: skipped")
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def _lingua(text: str) -> str | None:
            lang = lingua.detect_language_of(text)
            return lang.iso_code_639_1.name.lower() if lang is not None else None

        found["lingua (all languages)"] = _lingua
    except ImportError:
        print("lingua-language-detector not installed: skipped")
    return found


def main() -> int:
    data = sets()
    print("texts: " + ", ".join(f"{name} {len(texts)}" for name, texts in data.items()))
    print(f"{'detector':<24}{'set':<13}{'accuracy':>9}{'no answer':>11}{'ms/text':>9}")
    for name, detect in detectors().items():
        t0 = time.perf_counter()
        detect("Warm-up: the first call loads the model.")
        load_ms = (time.perf_counter() - t0) * 1000
        for set_name, texts in data.items():
            right = none = 0
            times = []
            for gold, text in texts:
                t0 = time.perf_counter()
                got = detect(text)
                times.append((time.perf_counter() - t0) * 1000)
                right += got == gold
                none += got is None
            print(
                f"{name:<24}{set_name:<13}{right / len(texts):>9.3f}{none / len(texts):>11.3f}"
                f"{statistics.median(times):>9.3f}"
            )
        print(f"{name:<24}{'(first call, incl. model load)':<33}{load_ms:>9.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
