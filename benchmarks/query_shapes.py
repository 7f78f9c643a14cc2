"""Old and new SQL shapes of the cache questions, timed alternately on one big guild database.

``benchmarks/storage.py --articles 100000 --keep DIR`` builds a guild of 100,000 generated
articles; this script opens that file read-only and, for each query kind, runs the shape
Precis used before (the baseline) and the shape it uses now on the same inputs, alternating
them call by call so both see the same machine load. It reports medians and checks that both
shapes return the same rows in the same order.

    python benchmarks/query_shapes.py DIR [--rounds 5]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUOTE_COLS = "q.id, q.article_id, q.text, q.start, q.speaker, q.kind, q.partial, a.title, a.url"

WHO_OLD = (
    f"SELECT {QUOTE_COLS}, bm25(quotes_fts) AS rank FROM quotes_fts "
    "JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
    "WHERE quotes_fts MATCH ? ORDER BY rank LIMIT 60"
)
WHO_NEW = (
    f"SELECT {QUOTE_COLS}, f.rank AS rank FROM (SELECT rowid, rank FROM quotes_fts "
    "WHERE quotes_fts MATCH ? ORDER BY rank LIMIT 60) f JOIN quotes q ON q.id = f.rowid "
    "JOIN articles a ON a.id = q.article_id ORDER BY f.rank"
)
ASK_OLD = (
    "SELECT s.text, s.article_id, a.title, a.url, bm25(sentences_fts) AS rank "
    "FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
    "JOIN articles a ON a.id = s.article_id WHERE sentences_fts MATCH ? ORDER BY rank LIMIT 60"
)
ASK_NEW = (
    "SELECT s.text, s.article_id, a.title, a.url, f.rank AS rank FROM (SELECT rowid, rank "
    "FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank LIMIT 60) f "
    "JOIN sentences s ON s.id = f.rowid JOIN articles a ON a.id = s.article_id ORDER BY f.rank"
)
URL_OLD = (
    "SELECT s.text, s.article_id, a.title, a.url, bm25(sentences_fts) AS rank "
    "FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
    "JOIN articles a ON a.id = s.article_id "
    "WHERE sentences_fts MATCH :m AND s.article_id = :a ORDER BY rank LIMIT 60"
)
URL_NEW = (
    "SELECT s.text, s.article_id, a.title, a.url, bm25(sentences_fts) AS rank "
    "FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
    "JOIN articles a ON a.id = s.article_id WHERE sentences_fts MATCH :m AND s.article_id = :a "
    "AND sentences_fts.rowid BETWEEN (SELECT min(id) FROM sentences WHERE article_id = :a) "
    "AND (SELECT max(id) FROM sentences WHERE article_id = :a) ORDER BY rank LIMIT 60"
)
SEARCH_OLD = (
    "SELECT s.article_id, s.text, bm25(sentences_fts) AS rank FROM sentences_fts "
    "JOIN sentences s ON s.id = sentences_fts.rowid "
    "WHERE sentences_fts MATCH ? ORDER BY rank LIMIT 500"
)
SEARCH_NEW = (
    "SELECT s.article_id, s.text, f.rank AS rank FROM (SELECT rowid, rank FROM sentences_fts "
    "WHERE sentences_fts MATCH ? ORDER BY rank LIMIT 500) f "
    "JOIN sentences s ON s.id = f.rowid ORDER BY f.rank"
)
_BY_WHERE = (
    "FROM quotes q JOIN articles a ON a.id = q.article_id "
    "WHERE q.speaker_last = :last AND q.in_all = 1 "
    "AND (q.speaker_key = :k OR :k = :last OR q.speaker_key LIKE :suffix) "
    "ORDER BY tier, q.kind != 'direct', q.partial, a.last_seen_at DESC, q.article_id DESC, "
    "q.start LIMIT 10"
)
BY_QUERY = (
    f"SELECT {QUOTE_COLS}, CASE WHEN q.speaker_key = :k THEN 0 ELSE 1 END AS tier " + _BY_WHERE
)


def main() -> int:
    from bot.storage import search as fts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="folder given to storage.py --keep")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    path = Path(args.dir) / "guilds" / "1.sqlite3"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"{path}: {n_articles} articles")
    last_id = conn.execute("SELECT max(id) FROM articles").fetchone()[0]

    def ask_match(question: str) -> str:
        content = [t for t in fts.content_tokens(question, fallback=False) if t not in fts.VAGUE]
        return fts.match_any(fts.expanded(content)) or ""

    questions = ["How much will the project cost?", "Where was the plan announced?"]
    phrase = fts.match_phrase(fts.tokens("farmers would pay the")) or ""
    cases = [
        ("who-said (phrase)", WHO_OLD, WHO_NEW, (phrase,)),
        ("ask (guild-wide)", ASK_OLD, ASK_NEW, (ask_match(questions[0]),)),
        ("ask (one URL)", URL_OLD, URL_NEW, {"m": ask_match(questions[1]), "a": last_id // 2}),
        ("search", SEARCH_OLD, SEARCH_NEW, (fts.match_any(fts.content_tokens("vaccine trial")),)),
    ]
    # quotes-by is unchanged (ranking ids before reading rows measured no faster here): both
    # columns time the same query, which shows the noise between two runs of one query.
    for key in ("berg", "maria berg"):
        last = key.rsplit(" ", 1)[-1]
        params = {"k": key, "last": last, "suffix": f"% {key}"}
        cases.append((f"quotes-by ({key!r})", BY_QUERY, BY_QUERY, params))

    print(f"{'query':24s} {'before (median)':>16s} {'after (median)':>15s}  same rows")
    for name, old, new, params in cases:
        times: dict[str, list[float]] = {"old": [], "new": []}
        rows: dict[str, list] = {}
        for _ in range(args.rounds):
            for label, sql in (("old", old), ("new", new)):
                t = time.perf_counter()
                rows[label] = conn.execute(sql, params).fetchall()
                times[label].append(time.perf_counter() - t)
        before = statistics.median(times["old"]) * 1000
        after = statistics.median(times["new"]) * 1000
        same = rows["old"] == rows["new"]
        print(f"{name:24s} {before:13.1f} ms {after:12.1f} ms  {same} ({len(rows['new'])} rows)")
    conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
