"""The article a script-rendered page ships as data: JSON-LD, Next.js, Nuxt and other states.

Pages built by JavaScript frameworks often hold nothing readable in their HTML ("Loading…")
while the whole article sits in a script: JSON-LD ``articleBody``, Next.js ``__NEXT_DATA__``,
Nuxt 3's ``__NUXT_DATA__`` (a flattened "devalue" array), Nuxt 2's ``window.__NUXT__`` (a
JavaScript function call), or a store dumped as ``window.__INITIAL_STATE__``,
``__APOLLO_STATE__``, ``__PRELOADED_STATE__`` and the like.

The data holds far more than the article (menus, teasers of other stories, comments), so the
article is found by shape: runs of paragraph-like strings that sit next to each other (items
of one list, or one string holding several paragraphs or HTML ``<p>`` blocks), and of those the
longest whose text shares words with the page's headline. Only used when the visible page is
thin (see :func:`bot.extract.extract_article`).
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from bot.models import count_words

# A paragraph has at least this many words and ends like a sentence (or a quotation).
MIN_PARAGRAPH_WORDS = 6
# A run must be at least this long to count as an article.
MIN_RUN_WORDS = 60
# Scripts larger than this are not parsed (a state dump of many megabytes is not an article).
MAX_SCRIPT_CHARS = 4 * 1024 * 1024
MAX_DEPTH = 40

_STATE = re.compile(
    r"(?:window|self|globalThis)\s*(?:\.\s*|\[\s*[\"'])(__[A-Z0-9_]+__|[A-Za-z_$][\w$]*(?:State|STATE|Data|DATA))"
    r"(?:[\"']\s*\])?\s*=\s*"
)
_STATE_IDS = re.compile(r"^__[A-Z0-9_]+__$|state|data", re.IGNORECASE)
# Every string literal, short ones too: scanning must consume them all to keep quotes paired.
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')
_TAG = re.compile(r"<[^>]+>")
_BLOCK_SPLIT = re.compile(
    r"(?:\s*</?(?:p|div|h[1-6]|li|blockquote|br|section|figure)\b[^>]*>\s*)+|\n\s*\n", re.I
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_URLISH = re.compile(r"^(?:https?:|/|www\.)\S*$")
_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "were",
        "will",
        "what",
        "when",
        "where",
        "which",
        "while",
        "about",
        "after",
        "into",
        "over",
        "their",
        "there",
        "they",
        "them",
        "than",
        "then",
        "said",
        "says",
        "more",
        "most",
        "just",
        "also",
        "been",
        "being",
    ]
)


_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
AMP_SCAN_CHARS = 512 * 1024


def amp_link(html: str, base: str) -> str | None:
    """The absolute URL of the page's AMP version (``<link rel="amphtml">``), if it names one.
    A regular expression over the head, not a parse: this runs on the event loop, and only
    for pages that turned out too thin."""
    for tag in _LINK_TAG.findall(html[:AMP_SCAN_CHARS]):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(tag)}
        if "amphtml" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            href = htmlmod.unescape(attrs["href"].strip())
            url = urljoin(base, href)
            return url if url.startswith(("http://", "https://")) and url != base else None
    return None


def embedded_paragraphs(tree: Any, headline: str | None) -> tuple[str, ...]:
    """The longest run of article paragraphs in the page's scripts that fits ``headline``;
    empty when there is none."""
    best: tuple[str, ...] = ()
    best_words = 0
    for run in _runs(tree):
        words = sum(count_words(p) for p in run)
        if words < MIN_RUN_WORDS or words <= best_words:
            continue
        if headline and not _fits(run, headline):
            continue
        best, best_words = run, words
    return best


def _fits(run: tuple[str, ...], headline: str) -> bool:
    """The run shares at least a third of the headline's content words (at least one)."""
    wanted = {w for w in _WORD.findall(headline.casefold()) if w not in _STOP}
    if not wanted:
        return True
    have = set(_WORD.findall(" ".join(run).casefold()))
    return len(wanted & have) >= max(1, len(wanted) / 3)


# --- where the data is -----------------------------------------------------------------------


def _runs(tree: Any) -> Iterator[tuple[str, ...]]:
    for script in tree.iter("script"):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_SCRIPT_CHARS:
            continue
        kind = (script.get("type") or "").strip().lower()
        ident = script.get("id") or ""
        if kind in ("application/ld+json", "application/json") or (
            ident and _STATE_IDS.search(ident) and kind not in ("", "text/javascript", "module")
        ):
            data = _loads(text)
            if data is None:
                continue
            if ident == "__NUXT_DATA__" or _looks_devalued(data):
                data = _undevalue(data)
            yield from _json_runs(data, 0)
        elif kind in ("", "text/javascript", "application/javascript", "module"):
            yield from _script_runs(text)


def _loads(text: str) -> Any:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:].rsplit("-->", 1)[0]
    try:
        return json.loads(text)
    except ValueError:
        return None


def _script_runs(text: str) -> Iterator[tuple[str, ...]]:
    """``window.__SOMETHING__ = {...}`` states, then (for Nuxt 2's function call and other
    code) the string literals of the script in order."""
    decoder = json.JSONDecoder()
    found_state = False
    for match in _STATE.finditer(text):
        start = match.end()
        rest = text[start:].lstrip()
        if rest.startswith(("JSON.parse(", "JSON.parse (")):
            literal = rest[rest.index("(") + 1 :].lstrip()
            try:
                inner, _ = decoder.raw_decode(literal)
                data = json.loads(inner) if isinstance(inner, str) else None
            except ValueError:
                data = None
        else:
            try:
                data, _ = decoder.raw_decode(rest)
            except ValueError:
                data = None
        if data is not None:
            found_state = True
            yield from _json_runs(data, 0)
    if not found_state and ("__NUXT__" in text or "__INITIAL" in text or "__APOLLO" in text):
        yield from _literal_runs(text)


def _literal_runs(text: str) -> Iterator[tuple[str, ...]]:
    """Consecutive paragraph-like string literals of a script (Nuxt 2 passes its payload as
    the arguments of a function; JSON can't read JavaScript, but its strings are JSON-like)."""
    run: list[str] = []
    for match in _JS_STRING.finditer(text):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        value = _js_unescape(raw)
        paragraphs = _paragraphs_of(value)
        if paragraphs:
            run.extend(paragraphs)
            continue
        if run:
            yield tuple(run)
            run = []
    if run:
        yield tuple(run)


def _js_unescape(raw: str) -> str:
    raw = re.sub(r"\\x([0-9a-fA-F]{2})", r"\\u00\1", raw).replace("\\'", "'").replace("\\/", "/")
    try:
        return json.loads(f'"{raw}"')
    except ValueError:
        return raw


# --- Nuxt 3 payloads ("devalue": one flat array, values referring to each other by index) ---


def _looks_devalued(data: Any) -> bool:
    return (
        isinstance(data, list)
        and len(data) > 2
        and isinstance(data[0], list | dict)
        and all(
            isinstance(v, int)
            for v in (data[0].values() if isinstance(data[0], dict) else data[0][1:])
        )
    )


_WRAPPERS = frozenset(
    {"Reactive", "ShallowReactive", "Ref", "ShallowRef", "EmptyRef", "EmptyShallowRef", "NuxtError"}
)


def _undevalue(data: Any) -> Any:
    if not isinstance(data, list) or not data:
        return data
    table = data
    seen: set[int] = set()

    def resolve(index: Any, depth: int) -> Any:
        if not isinstance(index, int) or not 0 <= index < len(table) or depth > MAX_DEPTH:
            return None
        if index in seen:
            return None  # a cycle (devalue allows them); the article is never one
        value = table[index]
        if isinstance(value, dict):
            seen.add(index)
            out = {k: resolve(v, depth + 1) for k, v in value.items()}
            seen.discard(index)
            return out
        if isinstance(value, list):
            if value and isinstance(value[0], str) and value[0] in _WRAPPERS:
                return resolve(value[1], depth + 1) if len(value) > 1 else None
            if value and isinstance(value[0], str):
                return None  # Date, Set, Map and other typed values
            seen.add(index)
            out = [resolve(v, depth + 1) for v in value]
            seen.discard(index)
            return out
        return value

    return resolve(0, 0)


# --- finding runs of paragraphs in parsed data -----------------------------------------------


def _json_runs(data: Any, depth: int) -> Iterator[tuple[str, ...]]:
    """Every run in ``data``: a string holding paragraphs is a run; so are the paragraphs of
    a list's items taken in order (a run ends at an item that is not text)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, str):
        paragraphs = _paragraphs_of(data)
        if paragraphs:
            yield paragraphs
    elif isinstance(data, dict):
        for value in data.values():
            yield from _json_runs(value, depth + 1)
    elif isinstance(data, list):
        run: list[str] = []
        for item in data:
            text = _item_text(item, depth + 1)
            if text:
                run.extend(text)
            else:
                if run:
                    yield tuple(run)
                run = []
            yield from _json_runs(item, depth + 1)
        if run:
            yield tuple(run)


def _item_text(item: Any, depth: int) -> tuple[str, ...]:
    """The paragraphs one list item holds: a string, or a block object's text (its own
    strings and those of its children, e.g. ``{"type": "paragraph", "children": [...]}``)."""
    if isinstance(item, str):
        return _paragraphs_of(item)
    if isinstance(item, dict) and depth <= MAX_DEPTH:
        pieces = list(_strings(item, depth, 0))
        joined = " ".join(p.strip() for p in pieces if p.strip())
        return _paragraphs_of(joined) if len(pieces) <= 40 else ()
    return ()


def _strings(data: Any, depth: int, inner: int) -> Iterator[str]:
    if inner > 4 or depth > MAX_DEPTH:
        return
    if isinstance(data, str):
        if not _URLISH.match(data.strip()) and " " in data.strip():
            yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key.lower() in ("type", "__typename", "id", "_key", "style", "url", "href", "src"):
                continue
            yield from _strings(value, depth + 1, inner + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, depth + 1, inner + 1)


def _paragraphs_of(value: str) -> tuple[str, ...]:
    """The paragraphs in a string: HTML blocks or blank-line separated text, each a sentence
    or more; empty when the string is not prose (a label, a URL, code, a slug)."""
    if len(value) < 30 or "{" in value[:5] or _URLISH.match(value.strip()):
        return ()
    pieces = _BLOCK_SPLIT.split(value) if ("<" in value or "\n" in value) else [value]
    out = []
    for piece in pieces:
        text = htmlmod.unescape(_TAG.sub("", piece))
        text = " ".join(text.split())
        if count_words(text) >= MIN_PARAGRAPH_WORDS and _SENTENCE_END.search(text):
            out.append(text)
    return tuple(out)
