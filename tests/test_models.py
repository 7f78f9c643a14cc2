from __future__ import annotations

import pytest

from bot.models import MAX_SUMMARY_SENTENCES, Article, Quote, clamp_sentences, count_words


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


def test_clamp_sentences_is_the_one_summary_length_rule():
    assert [clamp_sentences(n) for n in (-3, 0, 1, 5, 10, 11, 99)] == [1, 1, 1, 5, 10, 10, 10]
    assert clamp_sentences(5, available=3) == 3
    assert clamp_sentences(0, available=0) == 0  # an article with no sentences
    assert clamp_sentences(12, available=40) == MAX_SUMMARY_SENTENCES
