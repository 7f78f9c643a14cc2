"""The cache questions on the seed article as the real pipeline processes it (HTML and text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.pipeline import process_page
from bot.storage import Storage
from tests.storage_helpers import stored_sentences

URL = "https://apnews.com/article/seed"


@pytest.mark.parametrize("source", ["page.html", "article.txt"])
async def test_seed_through_pipeline(tmp_path: Path, seed_dir: Path, source: str) -> None:
    body = (seed_dir / source).read_text(encoding="utf-8")
    processed = process_page(body, URL, is_html=source.endswith(".html"))
    # Key quotes add to the summary: none comes from a sentence the summary already shows.
    shown = [processed.sentences[i] for i in processed.summary.indices]
    assert processed.key_quotes
    for q in processed.key_quotes:
        assert not any(s.start <= q.start < s.end for s in shown)
    storage = Storage(tmp_path)
    try:
        db = await storage.guild(1)
        article_id = await db.save_digest(processed.digest(), processed.sentences)

        hits = await db.who_said("our oilmen have prepared")
        assert hits[0].quote.speaker == "Vladimir Putin"
        assert hits[0].article_id == article_id and hits[0].url == URL
        assert (await db.who_said("“Our oilmen have prepared”"))[0].quote == hits[0].quote
        assert await db.who_said("nobody ever said this sentence anywhere") == []

        by_putin = await db.quotes_by("Putin")
        assert by_putin and {h.quote.speaker for h in by_putin} == {"Vladimir Putin"}

        for url in (URL, None):
            answers = await db.ask("How much gas will Russia supply to China each year?", url)
            assert "10 billion cubic meters of gas per year" in answers[0].text
        (where, *_) = await db.ask("Where did the two leaders meet?", URL)
        assert "Diaoyutai State Guesthouse" in where.text
        (when, *_) = await db.ask("When did Russian troops first deploy to Chinese territory?")
        assert when.text.startswith("In August")

        assert (await db.search("Olympics Putin Xi"))[0].article_id == article_id
        assert stored_sentences(db.path, article_id) == list(processed.sentences)
    finally:
        await storage.close()
