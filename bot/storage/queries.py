"""The ranked questions a guild's cache answers: who said, quotes by, ask and search.

Functions over an open connection (:class:`~bot.storage.guild.GuildDB` supplies it under the
guild's lock). Each fetches candidates with SQLite FTS5 (bm25) and re-ranks them in Python with
the cues below; :mod:`bot.storage.search` turns user text into safe FTS5 queries and scores
the cues. The weights were tuned on the seed article, the CLI fixtures and the PolNeAR
"who said" benchmark (benchmarks/whosaid.py); each says what it trades off.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import aiosqlite

from bot.errors import NotFoundError
from bot.models import Answer, ArticleHit, QuoteHit
from bot.storage import search as fts
from bot.storage.db import fetch_all
from bot.storage.digests import QUOTE_COLUMNS, find_id, known_id, quote_from_row

# FTS rows fetched per query before re-ranking in Python: enough that the re-ranking cues can
# lift a good answer bm25 placed lower, few enough to re-rank in well under a millisecond.
# They are chosen by FTS5 alone ("SELECT rowid, rank ... ORDER BY rank LIMIT n" as a subquery;
# rank is bm25) and only then joined to their rows: joining first made SQLite read every
# matching row before sorting, 2-3x slower when a query matches tens of thousands of
# sentences (benchmarks/storage.py --articles 100000).
CANDIDATES = 60

# who said: the loosest tier ("most of the words") needs at least this share of the phrase's
# content words, and never fewer than MOST_WORDS_MIN, so one shared word ("cheese") never pins
# a quote on someone.
MOST_WORDS_SHARE = 0.6
MOST_WORDS_MIN = 2

# ask: a sentence's score is its bm25 relevance (scaled to 1 for the best candidate) plus
# these bonuses. The question-type cue (a number for "how much", a date for "when", a place
# for "where") weighs most: it is what separates an answer from a sentence that merely shares
# words. Coverage of the question's content words comes next; the headline's coverage tells
# an article about the question from one that mentions it in passing.
ASK_CUE_WEIGHT = 0.35
ASK_COVERAGE_WEIGHT = 0.25
ASK_HEADLINE_WEIGHT = 0.2

# search: articles are ranked by how many of the terms they contain (coverage, over their
# first SEARCH_COVERAGE_SENTENCES matching sentences and the title), then by relevance: the
# bm25 of their best SEARCH_TOP_SENTENCES sentences plus SEARCH_TITLE_WEIGHT times the title's
# (a term in the headline says more than one in the body). The score shown puts coverage first
# (times SEARCH_COVERAGE_SCALE) so it sorts the same way.
SEARCH_SENTENCE_ROWS = 500
SEARCH_TITLE_ROWS = 200
SEARCH_COVERAGE_SENTENCES = 20
SEARCH_TOP_SENTENCES = 3
SEARCH_TITLE_WEIGHT = 2.0
SEARCH_COVERAGE_SCALE = 10
SNIPPET_CHARS = 240


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1].rstrip() + "…"


async def who_said(conn: aiosqlite.Connection, phrase: str, limit: int = 3) -> list[QuoteHit]:
    """Quotes matching ``phrase``: exact phrase, then all words, then most words.

    Within a tier direct quotes come before indirect ones and full quotes before scare
    quotes. Nothing matching means ``[]``: a speaker is never guessed.
    """
    all_toks = fts.tokens(phrase)
    # A phrase of only stopwords ("it is what it is") is matched as a phrase or not at all.
    content = fts.content_tokens(phrase, fallback=False)
    if not all_toks or limit <= 0:
        return []
    queries = [
        (0, fts.match_phrase(all_toks)),
        (1, fts.match_all(content)),
        (2, fts.match_any(content)),
    ]
    found: dict[int, tuple[tuple[Any, ...], QuoteHit]] = {}
    for tier, match in queries:
        if match is None or len(found) >= limit:
            continue
        rows = await fetch_all(
            conn,
            # Candidates picked inside FTS5 first, then joined (see CANDIDATES).
            f"SELECT {QUOTE_COLUMNS}, f.rank AS rank FROM "
            "(SELECT rowid, rank FROM quotes_fts WHERE quotes_fts MATCH ? "
            "ORDER BY rank LIMIT ?) f "
            "JOIN quotes q ON q.id = f.rowid "
            "JOIN articles a ON a.id = q.article_id ORDER BY f.rank",
            (match, CANDIDATES),
        )
        for r in rows:
            if r["id"] in found:
                continue
            cov = fts.coverage(content, r["text"])
            matched = round(cov * len(content))
            # "Most words": at least two of them and 60%, so one shared word
            # ("cheese") never pins a quote on someone.
            if tier == 2 and matched < max(
                MOST_WORDS_MIN, math.ceil(MOST_WORDS_SHARE * len(content))
            ):
                continue
            # The whole quote is the phrase: the most faithful answer there is.
            exact = tier == 0 and fts.tokens(r["text"]) == all_toks
            sort_key = (
                -1 if exact else tier,
                -round(cov, 1),
                r["kind"] != "direct",
                r["speaker"] is None,
                bool(r["partial"]),
                r["rank"],
            )
            hit = QuoteHit(
                quote=quote_from_row(r),
                article_id=r["article_id"],
                title=r["title"],
                url=r["url"],
                score=round(-r["rank"], 4),
            )
            found[r["id"]] = (sort_key, hit)
    ranked = sorted(found.values(), key=lambda item: item[0])
    return [hit for _, hit in ranked[:limit]]


async def quotes_by(conn: aiosqlite.Connection, speaker: str, limit: int = 10) -> list[QuoteHit]:
    """Quotes attributed to ``speaker`` (full name or surname), direct ones first.

    A looser match (the name inside a longer speaker, like a joint statement's) is used
    only when nobody matches the name itself.
    """
    key = fts.speaker_key(speaker)
    if not key or limit <= 0:
        return []
    last = key.rsplit(" ", 1)[-1]
    order = (
        "ORDER BY tier, q.kind != 'direct', q.partial, a.last_seen_at DESC, "
        "q.article_id DESC, q.start LIMIT :limit"
    )
    # speaker keys hold only letters, digits and spaces: no LIKE wildcards in them.
    params = {"k": key, "last": last, "suffix": f"% {key}", "inner": f"% {key} %"}
    params["limit"] = limit
    # The name itself, or a longer name ending with it (same last word: indexed).
    rows = await fetch_all(
        conn,
        f"SELECT {QUOTE_COLUMNS}, "
        "CASE WHEN q.speaker_key = :k THEN 0 ELSE 1 END AS tier "
        "FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.speaker_last = :last AND q.in_all = 1 "
        "AND (q.speaker_key = :k OR :k = :last OR q.speaker_key LIKE :suffix) " + order,
        params,
    )
    for stem in () if rows else fts.speaker_stems(last):
        # "Петрову", "Kowalskiego": a surname in another case than the stored one.
        rows = await fetch_all(
            conn,
            f"SELECT {QUOTE_COLUMNS}, 1 AS tier "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE q.speaker_last LIKE :stem AND q.in_all = 1 " + order,
            {**params, "stem": f"{stem}%"},
        )
        if rows:
            break
    if not rows and " " in key:
        # "Mayor Pike": a role and a surname, when the role was stored apart from the
        # name (speaker "Dana Pike", role "Mayor of Eastbrook").
        role_words = set(key.split()[:-1])
        rows = [
            r
            for r in await fetch_all(
                conn,
                f"SELECT {QUOTE_COLUMNS}, 1 AS tier, q.role AS role_text "
                "FROM quotes q JOIN articles a ON a.id = q.article_id "
                "WHERE q.speaker_last = :last AND q.in_all = 1 AND q.role IS NOT NULL "
                + order.replace("LIMIT :limit", ""),
                params,
            )
            if role_words <= set(fts.tokens(r["role_text"]))
        ][:limit]
    if not rows:
        # Only then the name anywhere inside a speaker ("Xi" in a joint statement's).
        rows = await fetch_all(
            conn,
            f"SELECT {QUOTE_COLUMNS}, 2 AS tier "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE q.in_all = 1 AND ' ' || q.speaker_key || ' ' LIKE :inner " + order,
            params,
        )
    return [
        QuoteHit(quote_from_row(r), r["article_id"], r["title"], r["url"], float(2 - r["tier"]))
        for r in rows
    ]


async def ask(
    conn: aiosqlite.Connection, question: str, url: str | int | None = None, limit: int = 3
) -> list[Answer]:
    """Sentences that best answer ``question``: bm25 re-ranked by question-type cues.

    With ``url`` (a URL or source key as stored, or an article id), only that article is
    searched; an unknown one raises NotFoundError.
    """
    # A question of only stopwords ("Who said it?") has nothing to look for.
    content = [t for t in fts.content_tokens(question, fallback=False) if t not in fts.VAGUE]
    match = fts.match_any(fts.expanded(content))
    if limit <= 0:
        return []
    qtype = fts.question_type(question)
    if url is not None:
        article_id = await known_id(conn, url) if isinstance(url, int) else await find_id(conn, url)
        if article_id is None:
            raise NotFoundError("I haven't read that article yet: no saved article matches.")
    if match is None:
        return []
    if url is not None:
        rows = await fetch_all(
            conn,
            "SELECT s.text, s.article_id, a.title, a.url, bm25(sentences_fts) AS rank "
            "FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
            "JOIN articles a ON a.id = s.article_id "
            "WHERE sentences_fts MATCH ? AND s.article_id = ? "
            # The article's sentence ids as a rowid range FTS5 can seek to: without
            # it every match in the guild was scored, then all but one article's
            # dropped (seconds in a 100,000-article guild; tens of ms with it).
            "AND sentences_fts.rowid BETWEEN "
            "(SELECT min(id) FROM sentences WHERE article_id = ?) "
            "AND (SELECT max(id) FROM sentences WHERE article_id = ?) "
            "ORDER BY rank LIMIT ?",
            (match, article_id, article_id, article_id, CANDIDATES),
        )
    else:
        rows = await fetch_all(
            conn,
            "SELECT s.text, s.article_id, a.title, a.url, f.rank AS rank FROM "
            "(SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? "
            "ORDER BY rank LIMIT ?) f "
            "JOIN sentences s ON s.id = f.rowid "
            "JOIN articles a ON a.id = s.article_id ORDER BY f.rank",
            (match, CANDIDATES),
        )
    if not rows:
        return []
    top = max(-r["rank"] for r in rows) or 1.0
    scored = []
    for r in rows:
        relevance = -r["rank"] / top
        # An article whose headline carries the question's words is about the question;
        # a passing mention elsewhere ("what happened in 2009?") is not.
        score = (
            relevance
            + ASK_CUE_WEIGHT * fts.cue_score(qtype, r["text"])
            + ASK_COVERAGE_WEIGHT * fts.coverage(content, r["text"])
            + ASK_HEADLINE_WEIGHT * fts.coverage(content, r["title"] or "")
        )
        scored.append((score, r))
    scored.sort(key=lambda item: -item[0])
    return [
        Answer(r["text"], r["article_id"], r["title"], r["url"], round(score, 4))
        for score, r in scored[:limit]
    ]


async def search(conn: aiosqlite.Connection, terms: str, limit: int = 5) -> list[ArticleHit]:
    """Articles matching ``terms``: those containing more of the terms first, then bm25."""
    content = fts.content_tokens(terms)
    match = fts.match_any(content)
    if match is None or limit <= 0:
        return []
    srows = await fetch_all(
        conn,
        "SELECT s.article_id, s.text, f.rank AS rank FROM "
        "(SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? "
        "ORDER BY rank LIMIT ?) f "
        "JOIN sentences s ON s.id = f.rowid ORDER BY f.rank",
        (match, SEARCH_SENTENCE_ROWS),
    )
    trows = await fetch_all(
        conn,
        "SELECT rowid AS article_id, title, bm25(titles_fts) AS rank FROM titles_fts "
        "WHERE titles_fts MATCH ? ORDER BY rank LIMIT ?",
        (match, SEARCH_TITLE_ROWS),
    )
    per: dict[int, dict[str, Any]] = {}
    for r in srows:
        e = per.setdefault(r["article_id"], {"scores": [], "text": [], "title": 0.0})
        e["scores"].append(-r["rank"])
        e["text"].append(r["text"])
    for r in trows:
        e = per.setdefault(r["article_id"], {"scores": [], "text": [], "title": 0.0})
        e["title"] = -r["rank"]
        e["title_text"] = r["title"] or ""
    ranked = []
    for article_id, e in per.items():
        seen_text = " ".join(e["text"][:SEARCH_COVERAGE_SENTENCES]) + " " + e.get("title_text", "")
        cov = fts.coverage(content, seen_text)
        scores = sorted(e["scores"], reverse=True)
        relevance = sum(scores[:SEARCH_TOP_SENTENCES]) + SEARCH_TITLE_WEIGHT * e["title"]
        ranked.append((cov, relevance, article_id, e))
    ranked.sort(key=lambda item: (-item[0], -item[1]))
    ranked = ranked[:limit]
    if not ranked:
        return []
    ids = [item[2] for item in ranked]
    marks = ",".join("?" * len(ids))
    arows = await fetch_all(
        conn,
        f"SELECT id, title, url, site, published, paragraphs FROM articles WHERE id IN ({marks})",
        ids,
    )
    meta = {r["id"]: r for r in arows}
    hits = []
    for cov, relevance, article_id, e in ranked:
        a = meta.get(article_id)
        if a is None:
            continue
        if e["text"]:
            snippet = e["text"][0]
        else:
            paragraphs = json.loads(a["paragraphs"])
            snippet = paragraphs[0] if paragraphs else ""
        hits.append(
            ArticleHit(
                article_id=article_id,
                title=a["title"],
                url=a["url"],
                site=a["site"],
                published=date.fromisoformat(a["published"]) if a["published"] else None,
                snippet=_snippet(snippet),
                score=round(cov * SEARCH_COVERAGE_SCALE + relevance, 4),
            )
        )
    return hits
