"""Extractive summaries: pick the n most telling sentences of a :class:`Document`.

``summarize(doc, n, algorithm)`` is the one entry point. Our own algorithms are vectorised
(see :mod:`bot.summarize.fast`) and rank exactly as sumy's do on the same tokens; the stock sumy
implementations stay selectable as ``sumy-<name>`` (the reference). ``news`` is the news-aware
default from :mod:`bot.summarize.news` when that module is present.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.errors import UnknownAlgorithmError
from bot.models import DEFAULT_ALGORITHM, Summary, clamp_sentences
from bot.summarize import fast
from bot.summarize.document import Document, analyse, build_document, terms_of, words_of

Selector = Callable[[Document, int, "str | None"], list[int]]


def _news(doc: Document, n: int, title: str | None) -> list[int]:
    from bot.summarize.news import select_news  # another module; imported only when used
    from bot.summarize.openers import opener_flags

    title_terms = terms_of(doc.language, words_of(title)) if title else ()
    sentences = [s.text for s in doc.sentences]
    return list(
        select_news(
            doc.terms,
            n,
            sentences=sentences,
            title_terms=title_terms,
            paragraph_starts=doc.paragraph_starts(),
            openers=opener_flags(sentences, doc.language),
        )
    )


def _scored(scorer: Callable[[Document], object]) -> Selector:
    def run(doc: Document, n: int, title: str | None) -> list[int]:
        return fast.select(scorer(doc), n)  # type: ignore[arg-type]

    return run


def _with_n(scorer: Callable[[Document, int], object]) -> Selector:
    def run(doc: Document, n: int, title: str | None) -> list[int]:
        return fast.select(scorer(doc, n), n)  # type: ignore[arg-type]

    return run


def _edmundson(doc: Document, n: int, title: str | None) -> list[int]:
    title_words = words_of(title) if title and title.strip() else ()
    return fast.select(fast.edmundson(doc, title_words), n)


def _reference(name: str) -> Selector:
    def run(doc: Document, n: int, title: str | None) -> list[int]:
        from bot.summarize.sumy_backend import reference_indices

        return reference_indices(doc, n, name, title=title)

    return run


_OURS: dict[str, Selector] = {
    "lexrank": _scored(fast.lexrank),
    "textrank": _with_n(fast.textrank),
    "lsa": _scored(fast.lsa),
    "luhn": _scored(fast.luhn),
    "edmundson": _edmundson,
    "sumbasic": _with_n(fast.sumbasic),
    "reduction": _scored(fast.reduction),
    "kl": _with_n(fast.kl),
}
# Stock sumy KL takes about a minute on a long article, so it is not offered to users
# (bot.summarize.sumy_backend.reference_indices still runs it for tests and benchmarks).
_STOCK = ("lexrank", "textrank", "lsa", "luhn", "edmundson", "sumbasic", "reduction")

_REGISTRY: dict[str, Selector] = {"news": _news}
_REGISTRY.update(_OURS)
_REGISTRY.update({f"sumy-{name}": _reference(name) for name in _STOCK})

ALGORITHMS: tuple[str, ...] = tuple(_REGISTRY)


def summarize(
    doc: Document, n: int = 3, algorithm: str = DEFAULT_ALGORITHM, *, title: str | None = None
) -> Summary:
    """The ``n`` best sentences of ``doc`` by ``algorithm``, in article order.

    Raises :class:`UnknownAlgorithmError` (listing the valid names) for an unknown algorithm.
    """
    name = (algorithm or "").strip().lower()
    selector = _REGISTRY.get(name)
    if selector is None:
        raise UnknownAlgorithmError(
            f"I don't know the summary algorithm {algorithm!r}. "
            f"Choose one of: {', '.join(ALGORITHMS)}."
        )
    count = clamp_sentences(n, len(doc.sentences))
    indices = sorted(set(selector(doc, count, title))) if count else []
    return Summary(
        sentences=tuple(doc.sentences[i].text for i in indices),
        indices=tuple(indices),
        algorithm=name,
    )


__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "Document",
    "analyse",
    "build_document",
    "clamp_sentences",
    "summarize",
]
