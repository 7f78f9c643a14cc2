"""Building digests for the storage tests and benchmark without the pipeline.

The seed digest is built from the seed article and its gold quote list in tests/fixtures/seed;
sentences come from a simple regex split. Generated articles are deterministic pseudo-news with named speakers, direct and indirect quotes, numbers and dates.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
from pathlib import Path

from bot.models import Article, Digest, Mention, PostRef, Quote, Sentence, Summary

# No split after initials like "U.S." or "U.N." (the usual false stop in news text).
_SPLIT = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])[”\"]?\s+(?=[“\"A-Z0-9])")


def split_sentences(text: str) -> list[Sentence]:
    """Regex sentence split with exact offsets; good enough for test articles."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        chunk = para.group()
        pos = 0
        for m in _SPLIT.finditer(chunk):
            # A closing quote mark after the full stop belongs to the sentence it ends.
            piece_end = m.start() + (1 if m.group()[:1] in '”"' else 0)
            out.append(Sentence(chunk[pos:piece_end], start + pos, start + piece_end))
            pos = m.end()
        if pos < len(chunk):
            out.append(Sentence(chunk[pos:], start + pos, start + len(chunk)))
    return [s for s in out if s.text.strip()]


def make_digest(article: Article, quotes: list[Quote], *, key: int = 3) -> Digest:
    sentences = split_sentences(article.text)
    picked = tuple(range(min(3, len(sentences))))
    summary = Summary(tuple(sentences[i].text for i in picked), picked, "lead")
    full = [q for q in quotes if q.kind == "direct" and not q.partial]
    return Digest(article, summary, tuple(quotes), tuple(full[:key]))


def seed_digest(seed_dir: Path, url: str = "https://apnews.com/article/seed") -> Digest:
    text = (seed_dir / "article.txt").read_text(encoding="utf-8").strip()
    gold = json.loads((seed_dir / "quotes.json").read_text(encoding="utf-8"))
    article = Article(
        paragraphs=tuple(p.strip() for p in text.split("\n\n") if p.strip()),
        url=url,
        title="Russia, China push back on US pressure as Olympics open",
        site="apnews.com",
        language="en",
    )
    text = article.text
    quotes: list[Quote] = []
    cursor: dict[str, int] = {}
    for item in gold["quotes"]:
        start = text.find(item["text"], cursor.get(item["text"], 0))
        assert start >= 0, item["text"]
        cursor[item["text"]] = start + 1
        speaker = item["speaker"]
        alias = speaker.split()[-1]
        m = text.find(alias)
        mention = Mention(alias, m, m + len(alias)) if m >= 0 else None
        quotes.append(
            Quote(
                text=item["text"],
                start=start,
                end=start + len(item["text"]),
                speaker=speaker,
                mention=mention,
                confidence=0.9,
                partial=item["partial"],
                kind="direct",
                cue="said",
                rule="gold",
            )
        )
    for item in gold["indirect_speech"]:
        start = text.find(item["text"])
        assert start >= 0
        quotes.append(
            Quote(
                text=item["text"],
                start=start,
                end=start + len(item["text"]),
                speaker=item["speaker"],
                confidence=0.6,
                kind="indirect",
                cue=item["cue"],
                rule="gold",
            )
        )
    quotes.sort(key=lambda q: q.start)
    return make_digest(article, quotes)


FIRST = ["Maria", "Jonas", "Aiko", "Samuel", "Léa", "Olu", "Priya", "Tomás", "Ingrid", "Chen"]
LAST = ["Novak", "Okafor", "Takeda", "Brennan", "Dubois", "Adeyemi", "Rao", "García", "Berg", "Wei"]
TOPICS = [
    ("harbour", "ferry", "tariff", "shipping"),
    ("vaccine", "clinic", "trial", "hospital"),
    ("election", "ballot", "senate", "coalition"),
    ("drought", "reservoir", "irrigation", "farmers"),
    ("railway", "tunnel", "freight", "commuters"),
    ("semiconductor", "factory", "export", "chips"),
    ("wildfire", "evacuation", "forest", "firefighters"),
    ("pension", "budget", "deficit", "treasury"),
]
CITIES = ["Lisbon", "Nairobi", "Osaka", "Winnipeg", "Tbilisi", "Porto Alegre", "Tromsø", "Hanoi"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FILLER = [
    "Officials gave few details about the timetable.",
    "The plan has been debated for several months.",
    "Critics say the proposal does not go far enough.",
    "Local businesses are watching the talks closely.",
    "Analysts expect further announcements later in the season.",
    "The ministry did not respond to a request for comment.",
]


def generated_digest(i: int, rng: random.Random | None = None) -> Digest:
    """A deterministic pseudo-news article number ``i`` with quotes and facts."""
    rng = rng or random.Random(i)
    topic = TOPICS[i % len(TOPICS)]
    city = rng.choice(CITIES)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
    amount = rng.randint(2, 900)
    year = rng.randint(1995, 2025)
    day = rng.choice(DAYS)
    marker = f"item{i:05d}"
    paragraphs = [
        f"{city.upper()} — Authorities in {city} announced a new {topic[0]} plan on {day}, "
        f"the latest step in a dispute over the {topic[1]} that began in {year}.",
        f"The project will cost {amount} million dollars and cover {amount * 3} kilometers, "
        f"according to documents seen by reporters (reference {marker}).",
        f"“We have waited long enough for the {topic[2]} to be fixed,” {people[0]} said. "
        f"“This {topic[0]} plan is the best chance we have had in years.”",
        f"{people[1]} told the council that the {topic[3]} would pay the price for delays.",
        rng.choice(FILLER) + " " + rng.choice(FILLER),
        f"“Nobody in {city} believes the {topic[1]} numbers,” said {people[2]}, "
        f"who leads a local group.",
    ]
    article = Article(
        paragraphs=tuple(paragraphs),
        url=f"https://news.example/{topic[0]}/{i}",
        title=f"{city} unveils {topic[0]} plan amid {topic[1]} dispute",
        site="news.example",
        language="en",
    )
    text = article.text
    quotes = []
    for m in re.finditer(r"“([^”]+)”", text):
        inner_start = m.start(1)
        inner = m.group(1)
        # Quotes in the third paragraph are people[0]'s, the last paragraph's people[2]'s.
        speaker = people[0] if m.start() < text.find(paragraphs[3]) else people[2]
        pos = text.find(speaker, m.end())
        mention = Mention(speaker, pos, pos + len(speaker))
        quotes.append(
            Quote(inner, inner_start, inner_start + len(inner), speaker, mention, 0.9, cue="said")
        )
    reported = f"the {topic[3]} would pay the price for delays"
    start = text.find(reported)
    quotes.append(
        Quote(
            reported,
            start,
            start + len(reported),
            people[1],
            None,
            0.6,
            kind="indirect",
            cue="told",
        )
    )
    quotes.sort(key=lambda q: q.start)
    return make_digest(article, quotes)


def _open(path: Path) -> sqlite3.Connection:
    # mode=rw: a missing file is an error here, never silently created empty.
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=30)


def row_counts(path: Path) -> dict[str, int]:
    """Rows per table of a guild database, read from the file by a separate connection.

    One statement, so under WAL it reads one snapshot: a concurrent save is seen whole or not
    at all, just as the bot's own connection would see it.
    """
    tables = ("articles", "posts", "sentences", "quotes")
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
    conn = _open(path)
    try:
        return dict(zip(tables, conn.execute(sql).fetchone(), strict=True))
    finally:
        conn.close()


def stored_sentences(path: Path, article_id: int) -> list[Sentence]:
    """The sentence split saved for one article, in order."""
    conn = _open(path)
    try:
        rows = conn.execute(
            'SELECT text, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
            (article_id,),
        ).fetchall()
    finally:
        conn.close()
    return [Sentence(*r) for r in rows]


def article_ids(path: Path) -> list[int]:
    conn = _open(path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    finally:
        conn.close()


def post(guild_id: int, n: int = 1) -> PostRef:
    return PostRef(guild_id=guild_id, channel_id=100 + n, message_id=1000 + n, user_id=7)
