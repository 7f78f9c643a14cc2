"""Stock sumy summarisers run on our tokens: the reference our fast versions must match.

A sumy document is built from a :class:`Document`'s sentences (grouped into the article's
paragraphs) with our offline tokenizer, so sumy never needs nltk data; the sentences it picks
are mapped back to indices. ``parse_plaintext`` is sumy's own parsing path, for benchmarks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from bot.summarize.document import Document, language_profile

# Our names → sumy summariser classes (imported lazily: sumy imports nltk and requests).
_CLASSES = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
}
REFERENCE_ALGORITHMS: tuple[str, ...] = tuple(_CLASSES)


@lru_cache(maxsize=32)
def tokenizer(language: str) -> Any:
    """Our offline, sumy-compatible tokenizer (no punkt data needed)."""
    from bot.text.tokenizer import OfflineTokenizer

    return OfflineTokenizer(language)


def make_summarizer(algorithm: str, language: str, *, title: bool = False) -> Any:
    """A stock sumy summariser configured as Precis uses it (stemmer and stop words)."""
    import importlib

    from sumy.nlp.stemmers import Stemmer

    module, cls_name = _CLASSES[algorithm]
    cls = getattr(importlib.import_module(module), cls_name)
    stemmer = Stemmer(language)
    stops = language_profile(language).raw_stop_words
    if algorithm == "edmundson":
        # Title (heading) and location methods; cue and key need hand-made word lists.
        summarizer = cls(
            stemmer, cue_weight=0.0, key_weight=0.0, title_weight=1.0 if title else 0.0
        )
        summarizer.null_words = stops or {""}  # sumy refuses an empty set
        return summarizer
    summarizer = cls(stemmer)
    summarizer.stop_words = stops
    return summarizer


def to_sumy_document(doc: Document, *, title: str | None = None) -> tuple[Any, list[Any]]:
    """A sumy DOM with one Paragraph per article paragraph; ``title`` becomes its heading."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tok = tokenizer(doc.language)
    sentences = [SumySentence(s.text, tok) for s in doc.sentences]
    paragraphs: list[list[Any]] = []
    for start, sentence in zip(doc.paragraph_starts(), sentences, strict=True):
        if start or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
    if title and title.strip():
        heading = SumySentence(title, tok, is_heading=True)
        if paragraphs:
            paragraphs[0].insert(0, heading)
        else:
            paragraphs.append([heading])
    return ObjectDocumentModel(Paragraph(p) for p in paragraphs), sentences


def reference_indices(
    doc: Document, n: int, algorithm: str, *, title: str | None = None
) -> list[int]:
    """Indices (article order) that stock sumy picks for ``doc``."""
    use_title = algorithm == "edmundson" and bool(title and title.strip())
    sumy_doc, sentences = to_sumy_document(doc, title=title if use_title else None)
    summarizer = make_summarizer(algorithm, doc.language, title=use_title)
    picked = summarizer(sumy_doc, n)
    position = {id(s): i for i, s in enumerate(sentences)}
    return sorted(position[id(s)] for s in picked)


def reference_ranking(doc: Document, algorithm: str, *, title: str | None = None) -> list[int]:
    """Every sentence, best first, in stock sumy's order (n = all sentences, then re-sorted)."""
    use_title = algorithm == "edmundson" and bool(title and title.strip())
    sumy_doc, sentences = to_sumy_document(doc, title=title if use_title else None)
    summarizer = make_summarizer(algorithm, doc.language, title=use_title)
    captured: list[Any] = []

    def capture(sents: Sequence[Any], count: Any, rating: Any, *args: Any, **kwargs: Any):
        from operator import attrgetter

        from sumy.summarizers._summarizer import SentenceInfo

        rate = rating if callable(rating) else rating.__getitem__
        infos = [SentenceInfo(s, o, rate(s, *args, **kwargs)) for o, s in enumerate(sents)]
        captured.extend(i.order for i in sorted(infos, key=attrgetter("rating"), reverse=True))
        return ()

    summarizer._get_best_sentences = capture
    summarizer(sumy_doc, len(sentences))
    return captured


def parse_plaintext(text: str, language: str) -> Any:
    """sumy's own path: PlaintextParser with our tokenizer (for benchmarks)."""
    from sumy.parsers.plaintext import PlaintextParser

    return PlaintextParser.from_string(text, tokenizer(language)).document
