"""HTML repairs before and between extraction passes (lxml trees, no network, no discord).

- :func:`drop_hidden`: text a reader never sees (hover cards, tooltips, elements the page
  hides itself) would otherwise be spliced into the sentence it sits in.
- :func:`merge_split_body`: some publishing platforms (Condé Nast's: Wired, The New Yorker)
  cut one article body into several sibling containers with ads between them; extractors
  take the first container and stop, so the rest of the article is lost.
"""

from __future__ import annotations

import re
from typing import Any

_HIDDEN_CLASS = re.compile(
    # The card itself ("rollover-people-block", "tooltip-content", "tooltiptext"), never the
    # visible word it pops up from ("rollover-people", "has-tooltip", "tooltip-trigger").
    r"(?:^|\s)(?:(?:rollover|tooltip|popover|hover-?card)(?:-\w+)*-(?:block|content|body|inner|box)"
    r"|tooltiptext|hover-?card)(?:$|\s)",
    re.IGNORECASE,
)
_HIDDEN_XPATH = "//body//*[@hidden or @aria-hidden='true' or @class or @style]"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# A later container counts as a piece of the same body only with this much paragraph text.
MIN_PIECE_WORDS = 40
# How far up from the first paragraph the body's container may sit.
MAX_DEPTH = 6


def drop_hidden(tree: Any) -> None:
    """Remove hidden elements from the body, keeping their tail text. An element holding half
    the page's text or more is kept: pages that hide their body until a script runs exist."""
    body = tree.find(".//body")
    if body is None:
        return
    total = len(body.text_content())
    doomed = []
    for el in body.xpath(_HIDDEN_XPATH):
        if not isinstance(el.tag, str):
            continue
        hidden = (
            el.get("hidden") is not None
            or el.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(el.get("style") or "")
            or _HIDDEN_CLASS.search(el.get("class") or "")
        )
        if hidden and len(el.text_content()) * 2 < total:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:  # an ancestor may already be gone
            el.drop_tree()


def _words(text: str | None) -> list[str]:
    return (text or "").split()


def _paragraph_words(el: Any) -> int:
    return sum(len(_words(p.text_content())) for p in el.iter("p"))


def merge_split_body(tree: Any, first_paragraph: str) -> bool:
    """Join the pieces of a body split across same-class containers, in place.

    Starting from the ``<p>`` that holds ``first_paragraph`` (what extraction found first), the
    nearest ancestor with a class whose later namesakes (same tag and class, outside it, each
    with :data:`MIN_PIECE_WORDS` of paragraph text) exist receives their children, and they
    are removed. Returns whether anything was merged; the caller decides whether the second
    extraction is better (it must be, by a wide margin, before it is used).
    """
    probe = " ".join(_words(first_paragraph)[:8])
    if not probe:
        return False
    start = next(
        (p for p in tree.iter("p") if " ".join(_words(p.text_content())).startswith(probe)), None
    )
    if start is None:
        return False
    container = start.getparent()
    for _ in range(MAX_DEPTH):
        if container is None or container.tag in ("body", "html"):
            return False
        cls = container.get("class")
        if cls:
            pieces = _later_namesakes(tree, container, cls)
            if pieces:
                for piece in pieces:
                    container.extend(list(piece))
                    piece.getparent().remove(piece)
                return True
        container = container.getparent()
    return False


def _later_namesakes(tree: Any, container: Any, cls: str) -> list[Any]:
    """Elements after ``container`` (not inside it) with its tag and exact class attribute,
    each with enough paragraph text to be a piece of the body."""
    out = []
    seen = False
    for el in tree.iter(container.tag):
        if el is container:
            seen = True
            continue
        if not seen or el.get("class") != cls:
            continue
        if any(a is container for a in el.iterancestors()):
            continue
        if any(a is el for a in container.iterancestors()):
            continue
        if _paragraph_words(el) >= MIN_PIECE_WORDS:
            out.append(el)
    return out
