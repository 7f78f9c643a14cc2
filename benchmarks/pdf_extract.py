"""Which PDF text library: pypdf or pdfminer.six, measured on PDFs made from known text.

Documents are generated here with fpdf2 (tests/pdfgen.py) from original paragraphs, so the
true text is known exactly. For each library and document this measures:

* word F1: bag-of-words overlap with the source text (nothing lost, nothing invented);
* order: matching words in the same order (difflib over word sequences), i.e. reading order
  across lines, pages and columns;
* paragraphs: the share of source paragraph breaks found as a blank line;
* ms per page (median of ``--repeat`` runs) and peak Python memory (tracemalloc);
* a decompression bomb: one page whose Flate stream inflates to ``--bomb-mib`` MiB; peak
  memory while the library reads it, and what it does.

Run: ``python benchmarks/pdf_extract.py [--repeat 5] [--bomb-mib 256]``. Needs pypdf,
pdfminer.six and fpdf2 (``pip install pdfminer.six`` for the comparison: it is not a
dependency).
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pdfgen import bomb_pdf, make_pdf  # noqa: E402

WORD = re.compile(r"\w+(?:[’'\-]\w+)*")

# Original text written for this benchmark (a made-up town council story and a lab report).
STORY = [
    "The harbour board of Eastwick voted on Monday to rebuild the old fish market on the "
    "north quay, ending a dispute that had kept the building empty for six years.",
    "“We have argued about this roof for longer than it took to build the first one,” said "
    "Marta Oyelaran, who chairs the board. She said the work would start in the spring.",
    "The market closed in 2019 after an inspection found rot in the timber frame. Traders "
    "moved to tents on the car park, where they have sold mackerel, crab and smoked eel "
    "through three winters.",
    "Under the plan approved on Monday the frame will be replaced with laminated larch, and "
    "the brick walls on the harbour side will be kept. The cost is put at 4.2 million, of "
    "which the regional fund pays half.",
    "Not everyone is pleased. Ivo Brandt, who runs a café across the quay, said the board had "
    "ignored the traders’ request for a covered loading bay. “They drew the building for "
    "tourists, not for the people who unload a boat at five in the morning,” he said.",
    "The board said a loading bay could be added later if money allowed. A public meeting on "
    "the final design is planned for the last week of March at the town hall.",
]
REPORT = [
    "Soil samples from twelve allotments along the canal were tested for lead between April "
    "and September. Nine of the twelve were below the national guideline value.",
    "The three plots above the guideline lie within forty metres of the former tannery, which "
    "closed in 1961. Readings there ranged from 410 to 620 milligrams per kilogram.",
    "Gardeners on those plots were advised to grow fruit and vegetables in raised beds with "
    "imported soil, to wash produce before eating it, and to wear gloves when digging.",
    "A second round of sampling at greater depth will take place next spring. The results "
    "will be shared with the allotment society and posted at the canal gate.",
]


HEADING = "Harbour board backs new fish market"


def documents() -> list[tuple[str, bytes, list[str], int]]:
    """(name, pdf, source paragraphs, pages)."""
    long_story = [f"{p} (Part {i}.)" for i in range(1, 21) for p in STORY]
    docs = [
        ("story, 1 column", make_pdf(STORY, heading=HEADING), [HEADING, *STORY]),
        ("report, 2 columns", make_pdf(REPORT * 3, columns=2), REPORT * 3),
        ("long story, 1 column", make_pdf(long_story, heading=HEADING), [HEADING, *long_story]),
    ]
    from pypdf import PdfReader

    return [(n, b, src, len(PdfReader(io.BytesIO(b)).pages)) for n, b, src in docs]


# --- the two readers ---------------------------------------------------------------------------


def read_pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n\n".join(page.extract_text() or "" for page in reader.pages)


def read_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def read_precis(data: bytes) -> str:
    """What Precis ships: pypdf with lowered limits, paragraphs rebuilt (bot/pdf.py)."""
    from bot.pdf import read_pdf

    article = read_pdf(data)
    return "\n\n".join([article.title or "", *article.paragraphs])


LIBRARIES: dict[str, Callable[[bytes], str]] = {
    "pypdf": read_pypdf,
    "pdfminer.six": read_pdfminer,
    "precis": read_precis,
}


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


# --- scoring --------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    # Rejoin words hyphenated at a line end the way a reader would ("bor-\nrowed").
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return WORD.findall(text.replace("’", "'").casefold())


def word_f1(got: str, source: str) -> float:
    a, b = Counter(_words(got)), Counter(_words(source))
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def order_ratio(got: str, source: str) -> float:
    a, b = _words(got), _words(source)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in matcher.get_matching_blocks()) / max(1, len(b))


def paragraph_recall(got: str, source: list[str]) -> float:
    """Share of the source's paragraph starts that begin a blank-line-separated block."""
    blocks = [" ".join(_words(b)) for b in re.split(r"\n\s*\n", got) if b.strip()]
    starts = {b[:40] for b in blocks}
    found = sum(1 for p in source if " ".join(_words(p))[:40] in starts)
    return found / len(source)


def measure(fn: Callable[[bytes], str], data: bytes, repeat: int) -> tuple[str, float, int]:
    times = []
    text = ""
    for _ in range(repeat):
        start = time.perf_counter()
        text = fn(data)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return text, statistics.median(times), peak


def bomb(fn: Callable[[bytes], str], mib: int) -> str:
    data = bomb_pdf(mib, text="Still here")
    tracemalloc.start()
    start = time.perf_counter()
    try:
        text = fn(data)
        outcome = "read: " + (" ".join(text.split())[:20] or "(no text)")
    except Exception as exc:  # what each library does is the point
        outcome = f"refused: {type(exc).__name__}"
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (
        f"{len(data) // 1024} KiB file -> peak {peak / 2**20:.0f} MiB, {elapsed:.1f} s, {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bomb-mib", type=int, default=256)
    args = parser.parse_args()
    docs = documents()
    print(
        "library        version    document               pages  wordF1  order  paras  ms/page  peak MiB"
    )
    for lib, fn in LIBRARIES.items():
        try:
            version = _version("pdfminer.six" if lib == "pdfminer.six" else "pypdf")
        except Exception:
            print(f"{lib:14} not installed")
            continue
        for name, data, source, pages in docs:
            text, seconds, peak = measure(fn, data, args.repeat)
            src = "\n\n".join(source)
            print(
                f"{lib:14} {version:10} {name:22} {pages:5}  {word_f1(text, src):6.3f}"
                f"  {order_ratio(text, src):5.3f}  {paragraph_recall(text, source):5.2f}"
                f"  {1000 * seconds / pages:7.1f}  {peak / 2**20:8.1f}"
            )
    print(f"\ndecompression bomb ({args.bomb_mib} MiB of inflated content stream):")
    for lib, fn in LIBRARIES.items():
        print(f"{lib:14} {bomb(fn, args.bomb_mib)}")


if __name__ == "__main__":
    main()
