from __future__ import annotations

import pytest

from bot.models import Article, Quote, count_words


def test_article_text_and_counts():
    a = Article(paragraphs=("One two three.", "Four-five six’s."))
    assert a.text == "One two three.\n\nFour-five six’s."
    assert a.word_count == 5 == count_words(a.text)
    assert a.reading_minutes == 1


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # The seed's quote that joins "Relations ... Putin said": it starts mid-sentence.
        (
            "are developing in a progressive way with a spirit of friendship and strategic "
            "partnership,",
            "…are developing in a progressive way with a spirit of friendship and strategic "
            "partnership.",
        ),
        ("We will build the wall,", "We will build the wall."),
        ("We will build the wall", "We will build the wall."),
        ("They called it ‘a disgrace’,", "They called it ‘a disgrace.’"),
        ("They have indeed become unprecedented.", "They have indeed become unprecedented."),
        ("Is this it?", "Is this it?"),
        ("iPhone sales are up,", "iPhone sales are up."),
        ("We were told —", "We were told —"),
        ("Wait for it…", "Wait for it…"),
        ("  padded;  ", "…padded."),
    ],
)
def test_quote_display_text(text: str, shown: str) -> None:
    q = Quote(text=text, start=0, end=len(text), speaker="X")
    assert q.display_text == shown
    assert q.text == text  # the stored quote (and its offsets) stay exact
