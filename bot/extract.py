"""HTML (or plain text) → :class:`~bot.models.Article`: clean paragraphs plus metadata.

trafilatura does the work (``favor_precision``; its default settings as a second pass only when
the precise result looks truncated; the readability algorithm when trafilatura finds nothing). The
publication date is taken only from machine-readable sources — meta tags, JSON-LD, ``<time
datetime>`` inside the article, the URL — never from dates guessed in free text, because a
site's clock widget ("Friday, 9 May 2025") is not when the article was published.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.embedded import embedded_paragraphs
from bot.errors import ExtractionError
from bot.frontmatter import read_front_matter
from bot.htmlprep import drop_hidden, merge_split_body
from bot.models import Article, count_words
from bot.text.language import detect_language, model_language, normalise_code

log = logging.getLogger(__name__)

# The precise pass counts as truncated under this many words, or when the page's paragraph
# text is this many times longer than what it kept (then the default pass runs and wins if it
# has at least twice the words).
MIN_PRECISE_WORDS = 50
SUSPICIOUS_RATIO = 3.0
# A body split over several containers (htmlprep.merge_split_body) is looked for when the page
# has this many times the paragraph text extraction kept, and used when it keeps this much more.
SPLIT_RATIO = 1.5
SPLIT_GAIN = 1.5
# Under this many words the page is thin: the data it ships for its scripts is searched
# (bot/embedded.py) and used when it holds at least EMBEDDED_GAIN times the words.
THIN_WORDS = 150
EMBEDDED_GAIN = 2.0

_SPACES = re.compile(r"[^\S\n]+")
_TOKENS = re.compile(r"\w+")

# Meta tags (name / property / itemprop, lower-case) that state the first publication.
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "article_date_original",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
)
_META_RANK = {name: i for i, name in enumerate(_PUBLISHED_META)}
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_.]|$)")
_URL_NAMED_MONTH = re.compile(
    r"/((?:19|20)\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(\d{1,2})(?:/|$)", re.I
)
_ARTICLE_TYPES = re.compile(r"article|posting|report|blog", re.IGNORECASE)


# --- public API ---------------------------------------------------------------------------


def extract_article(html: str | bytes, url: str | None = None) -> Article:
    """The article in ``html``. Raises :class:`ExtractionError` when there is no text at all.

    Too little text is not an error here: callers decide how many words they need.
    """
    try:
        return _extract(html, url)
    except ExtractionError:
        raise
    except Exception as exc:  # lxml, trafilatura and readability raise many kinds
        log.debug("extraction failed", exc_info=True)
        raise ExtractionError(
            "I couldn't read an article from that page.", detail=f"{type(exc).__name__}: {exc}"
        ) from exc


def article_from_text(text: str, url: str | None = None, title: str | None = None) -> Article:
    """Plain text taken as-is, less a leading headline and byline (they become ``title`` and
    ``author``): paragraphs are split at blank lines, so ``Article.text`` is the rest of ``text``
    exactly."""
    if not text.strip():
        raise ExtractionError("There is no text to read.")
    paragraphs = text.split("\n\n")
    front = read_front_matter(paragraphs)
    body = tuple(paragraphs[front.body_start :])
    return Article(
        paragraphs=body,
        url=url,
        title=title or front.title,
        author=front.author,
        language=detect_language("\n\n".join(body)),
    )


# --- extraction ---------------------------------------------------------------------------


def _extract(html: str | bytes, url: str | None) -> Article:
    import lxml.html
    from trafilatura.utils import load_html

    if not html or (isinstance(html, str) and not html.strip()):
        raise ExtractionError("That page is empty.")
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("That page isn't HTML I can read.")
    drop_hidden(tree)

    doc = _trafilatura(tree, url, precise=True)
    paragraphs = _paragraphs(doc.text if doc else None)
    words = _words(paragraphs)
    if words < MIN_PRECISE_WORDS or _looks_truncated(tree, words):
        fallback = _trafilatura(tree, url, precise=False)
        more = _paragraphs(fallback.text if fallback else None)
        more_words = _words(more)
        if more_words > words and (words < MIN_PRECISE_WORDS or more_words >= 2 * words):
            paragraphs, words = more, more_words
            doc = doc or fallback  # metadata is the same; only the body differs
    if paragraphs and _looks_truncated(tree, words, SPLIT_RATIO):
        joined = _joined_body(tree, url, paragraphs)
        if joined is not None:
            paragraphs, words = joined, _words(joined)

    title = author = site = None
    page_url = url
    if doc is not None:
        title, author, site = doc.title, doc.author, doc.sitename
        page_url = url or doc.url
    if words < THIN_WORDS:
        # A script-rendered page: the article may be in the data the page ships.
        shipped = embedded_paragraphs(tree, title or _clean(tree.findtext(".//title")))
        if _words(shipped) >= max(EMBEDDED_GAIN * words, MIN_PRECISE_WORDS):
            paragraphs, words = shipped, _words(shipped)
    elif len(paragraphs) == 1:
        # One block of text, e.g. trafilatura reading JSON-LD articleBody with its paragraph
        # breaks lost: the same words from the page's data, split, are the same article.
        shipped = embedded_paragraphs(tree, None)
        if len(shipped) > 1 and _same_text(" ".join(shipped), paragraphs[0]):
            paragraphs = shipped
    if not paragraphs:
        # readability gets our parsed tree back as text: already decoded, no control bytes.
        paragraphs, r_title = _readability(lxml.html.tostring(tree, encoding="unicode"))
        title = title or r_title
    if not paragraphs:
        raise ExtractionError()

    if title and len(paragraphs) > 1 and _same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the headline is Article.title, not body text
    paragraphs = _trim_tail(paragraphs)

    meta_language = _page_language(tree)
    text = "\n\n".join(paragraphs)
    # The page's own lang attribute outranks a model's guess on a short text.
    language = detect_language(text, model=False) or meta_language or model_language(text)
    return Article(
        paragraphs=paragraphs,
        url=page_url,
        title=_clean(title),
        author=_clean_author(author),
        published=published_date(tree, page_url),
        site=_clean(site),
        language=language,
    )


def _trafilatura(tree: Any, url: str | None, *, precise: bool) -> Any:
    from trafilatura import bare_extraction

    return bare_extraction(
        tree,  # trafilatura copies a parsed tree before pruning it, so one parse serves both
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=precise,
        # Only the cheap, structured date search: the date is ours (published_date) anyway.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _joined_body(tree: Any, url: str | None, paragraphs: tuple[str, ...]) -> tuple[str, ...] | None:
    """The article again from a copy of the page whose split body pieces are merged, when that
    finds far more text that starts the same way; else None."""
    merged = copy.deepcopy(tree)
    if not merge_split_body(merged, paragraphs[0]):
        return None
    again = _trafilatura(merged, url, precise=True)
    more = _paragraphs(again.text if again else None)
    if more[:1] == paragraphs[:1] and _words(more) >= SPLIT_GAIN * _words(paragraphs):
        return more
    return None


def _looks_truncated(tree: Any, words: int, ratio: float = SUSPICIOUS_RATIO) -> bool:
    """True when the page's <p> text is over ``ratio`` times what extraction kept."""
    total = 0
    limit = ratio * words
    for p in tree.iter("p"):
        total += count_words(p.text_content())
        if total > limit:
            return True
    return False


# Page furniture trafilatura leaves after the last paragraph: "Tags" and the tag list, "Filed
# under: …", "Related stories", copyright lines.
_TAIL_RESIDUE = re.compile(
    # A heading on its own ("Tags", "Filed under: …") or a copyright line.
    r"^\W*(?:(?:tags?|filed under|related(?: posts| articles| stories)?|topics|share this)"
    r"\s*(?::|\||$)|copyright\b|©|\(c\)\s*\d{4}|all rights reserved\b)",
    re.IGNORECASE,
)
TAIL_PARAGRAPHS = 4  # residue is looked for among the last this many paragraphs
TAIL_MAX_WORDS = 80  # and cut only when it and what follows it are this short


def _trim_tail(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a short trailing residue block (see _TAIL_RESIDUE), never the article's text."""
    first = max(1, len(paragraphs) - TAIL_PARAGRAPHS)
    for i in range(first, len(paragraphs)):
        head = paragraphs[i]
        short = len(head.split()) <= 30 and _words(paragraphs[i:]) <= TAIL_MAX_WORDS
        if short and _TAIL_RESIDUE.match(head):
            return paragraphs[:i]
    return paragraphs


def _paragraphs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    out = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return tuple(out)


def _words(paragraphs: tuple[str, ...]) -> int:
    return sum(count_words(p) for p in paragraphs)


def _same_text(a: str, b: str) -> bool:
    return _TOKENS.findall(a.casefold()) == _TOKENS.findall(b.casefold())


def _clean_author(value: str | None) -> str | None:
    """Names only: bylines often drag a date or a bullet along ("Lena Fischer · March 3")."""
    value = _clean(value)
    if value is None:
        return None
    names = [
        _TRAILING_MONTH.sub("", re.sub(r"^by\s+", "", part.strip(), flags=re.I))
        for part in _AUTHOR_SEPARATORS.split(value)
        if part.strip() and not re.search(r"\d", part) and not _MONTH_DAY.search(part)
    ]
    return "; ".join(n for n in names if n) or None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = _SPACES.sub(" ", value).strip()
    return value or None


def _readability(html: str | bytes) -> tuple[tuple[str, ...], str | None]:
    """The readability algorithm's main block as paragraphs, and the page title.

    Uses the readability port that ships inside trafilatura (``trafilatura.readability_lxml``)
    rather than the readability-lxml package: that package's ``lxml[html_clean]`` requirement,
    next to sumy's ``lxml[html-clean]``, crashes the resolver of the pip that ships with
    Python 3.11, so a fresh install would fail.
    """
    import lxml.html
    from trafilatura.readability_lxml import Document

    try:
        tree = lxml.html.fromstring(html)
        title = _clean_title(tree.findtext(".//title"))
        summary = Document(tree).summary()
    except Exception:  # lxml errors on broken input, readability's own on odd trees
        log.debug("readability failed", exc_info=True)
        return (), None
    if not summary or not summary.strip():
        return (), title
    root = lxml.html.fromstring(summary)
    blocks = root.xpath(".//p|.//li|.//h2|.//h3|.//h4|.//blockquote|.//pre")
    texts = [b.text_content() for b in blocks] if blocks else root.text_content().split("\n")
    return _paragraphs("\n".join(texts)), title


def _clean_title(value: str | None) -> str | None:
    """A <title> without the site name readability would also have cut ("Story | Site")."""
    if not value:
        return None
    value = _SPACES.sub(" ", value).strip()
    for separator in (" | ", " - ", " — ", " – ", " :: "):
        head, sep, _ = value.rpartition(separator)
        if sep and len(head.split()) >= 3:
            return head.strip()
    return value or None


# --- metadata -----------------------------------------------------------------------------


def _page_language(tree: Any) -> str | None:
    """The language the page declares (html lang, og:locale, content-language)."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("http-equiv") or meta.get("name") or "").lower()
        if key in ("og:locale", "content-language", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for candidate in candidates:
        code = normalise_code(candidate)
        if code:
            return code
    return None


def published_date(tree: Any, url: str | None = None) -> date | None:
    """First-publication date from sources that say so, or None.

    In order: a full date in the URL (the publisher's own local date), meta tags, JSON-LD
    ``datePublished``, ``itemprop="datePublished"``, a ``<time datetime>`` inside
    ``<article>`` (or marked ``pubdate``), and last a written date in an element marked as the
    byline or publication date *inside the article*. Dates anywhere else (clock widgets,
    "popular posts", free text) are ignored.
    """
    return (
        _url_date(url or _canonical_url(tree))
        or _meta_date(tree)
        or _jsonld_date(tree)
        or _itemprop_date(tree)
        or _time_element_date(tree)
        or _byline_date(tree)
    )


def _valid(day: date | None) -> date | None:
    if day is None:
        return None
    latest = datetime.now(UTC).date() + timedelta(days=1)
    return day if date(1995, 1, 1) <= day <= latest else None


def _parse_day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    m = _ISO_DAY.search(value)
    if m:
        try:
            return _valid(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    digits = value.strip()
    if len(digits) == 8 and digits.isdigit():  # 20240131
        try:
            return _valid(date(int(digits[:4]), int(digits[4:6]), int(digits[6:])))
        except ValueError:
            return None
    return None


def _meta_date(tree: Any) -> date | None:
    best: tuple[int, date] | None = None
    for meta in tree.iter("meta"):
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").lower()
            rank = _META_RANK.get(key)
            if rank is None:
                continue
            day = _parse_day(meta.get("content"))
            if day and (best is None or rank < best[0]):
                best = (rank, day)
    return best[1] if best else None


def _jsonld_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in value:
                yield from _jsonld_objects(value[key])
    elif isinstance(value, list):
        for item in value:
            yield from _jsonld_objects(item)


def _jsonld_date(tree: Any) -> date | None:
    fallback = None
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for obj in _jsonld_objects(data):
            day = _parse_day(obj.get("datePublished")) or _parse_day(obj.get("dateCreated"))
            if day is None:
                continue
            kinds = obj.get("@type")
            kinds = " ".join(kinds) if isinstance(kinds, list) else str(kinds or "")
            if _ARTICLE_TYPES.search(kinds):
                return day
            fallback = fallback or day
    return fallback


def _itemprop_date(tree: Any) -> date | None:
    for el in tree.xpath('//*[@itemprop="datePublished"]'):
        day = _parse_day(el.get("content") or el.get("datetime"))
        if day:
            return day
    return None


def _time_element_date(tree: Any) -> date | None:
    for el in tree.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]"):
        day = _parse_day(el.get("datetime"))
        if day:
            return day
    return None


def _canonical_url(tree: Any) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href")
    for meta in tree.iter("meta"):
        if (meta.get("property") or "").lower() == "og:url" and meta.get("content"):
            return meta.get("content")
    return None


def _url_date(url: str | None) -> date | None:
    if not url:
        return None
    m = _URL_DAY.search(url)
    try:
        if m:
            return _valid(date(int(m[1]), int(m[2]), int(m[3])))
        m = _URL_NAMED_MONTH.search(url)  # /2019/nov/18/
        if m:
            return _valid(date(int(m[1]), _MONTHS[m[2].lower()], int(m[3])))
    except ValueError:
        return None
    return None


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}  # noqa: SIM905
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?,?\s+(\d{4})\b", re.I
)
# Class, id or itemprop of an element that states when the article was published.
_PUBLISHED_HINT = re.compile(
    r"publish|pub[-_]?date|byline|dateline|posted[-_]?on|article[-_]?info|[a-z]+[-_]?meta\b|"
    r"(?:^|[\s_-])(?:date|datetime|timestamp)(?:$|[\s_-])",
    re.I,
)
# Containers that hold the article (the element must sit inside one) and page chrome (it
# must not): a clock in the top bar or a date in "popular posts" is not a publication date.
_ARTICLE_HINT = re.compile(r"article|post|entry|story|content|headline|heading|byline", re.I)
_CHROME_HINT = re.compile(
    r"top-?bar|masthead|site-?header|navbar|menu|sidebar|widget|footer|related|recommend|"
    r"popular|trending|promo|signup|newsletter|comment|clock|weather",
    re.I,
)
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
_AUTHOR_SEPARATORS = re.compile(r"\s*[·•|]\s*|;\s*")
_MONTH_DAY = re.compile(r"^" + _MONTH + r"\.?(?:\s+\d|$)", re.I)
# "Carrie Arnold November": the month of a dateline glued to the name. April, May, June and
# August are left alone: they are surnames too (Theresa May).
_TRAILING_MONTH = re.compile(
    r"\s+(?:January|February|March|July|September|October|November|December)$"
)
_UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|edited)\b", re.I)


def _hints(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}"


def _in_article(el: Any) -> bool:
    inside = bool(_ARTICLE_HINT.search(_hints(el)))  # "byline", "article_date" on itself
    for anc in el.iterancestors():
        if anc.tag in ("body", "html"):
            break
        if anc.tag in _CHROME_TAGS or _CHROME_HINT.search(_hints(anc)):
            return False
        if anc.tag in ("article", "main") or _ARTICLE_HINT.search(_hints(anc)):
            inside = True
    return inside


def _written_date(text: str) -> date | None:
    day = _parse_day(text)
    if day:
        return day
    for pattern, order in ((_MONTH_DAY_YEAR, (0, 1, 2)), (_DAY_MONTH_YEAR, (1, 0, 2))):
        m = pattern.search(text)
        if m:
            month, dom, year = (m.group(i + 1) for i in order)
            try:
                return _valid(date(int(year), _MONTHS[month.lower()[:3]], int(dom)))
            except (KeyError, ValueError):
                return None
    return None


def _byline_date(tree: Any) -> date | None:
    for el in tree.iter("*"):
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link"):
            continue
        hints = _hints(el)
        if not _PUBLISHED_HINT.search(hints) or _CHROME_HINT.search(hints):
            continue
        text = " ".join(el.text_content().split())[:200]
        if not text or _UPDATED.match(text) or not _in_article(el):
            continue
        day = _written_date(text)
        if day:
            return day
    return None
