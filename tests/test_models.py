from __future__ import annotations

from bot.models import Article, count_words


def test_article_text_and_counts():
    a = Article(paragraphs=("One two three.", "Four-five six’s."))
    assert a.text == "One two three.\n\nFour-five six’s."
    assert a.word_count == 5 == count_words(a.text)
    assert a.reading_minutes == 1
