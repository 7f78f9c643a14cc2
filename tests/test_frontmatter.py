"""Headline and byline at the top of a plain-text article."""

from __future__ import annotations

import pytest

from bot.frontmatter import read_front_matter

BODY = "The council met on Tuesday and voted to close the old library for repairs."


@pytest.mark.parametrize(
    ("paragraphs", "title", "author", "start"),
    [
        (["Library to close for repairs", "By Maria Alvarez", BODY], "Library to close for repairs", "Maria Alvarez", 2),
        (["Library to close for repairs", BODY], "Library to close for repairs", None, 1),
        (["By Maria Alvarez and Tom Reyes", BODY], None, "Maria Alvarez; Tom Reyes", 1),
        (["Von Anna Keller", BODY], None, "Anna Keller", 1),
        # A first sentence is not a headline: it ends with a full stop.
        ([BODY, BODY], None, None, 0),
        # "By now" / "by the river" open sentences, not bylines.
        (["By now the river has risen", BODY], "By now the river has risen", None, 1),
        (["Floods", "by the river", BODY], None, None, 0),
        # Nothing after it: a one-line text is the article, not its headline.
        (["Library to close for repairs"], None, None, 0),
        # A long first line is a paragraph.
        ([" ".join(["word"] * 25), BODY], None, None, 0),
    ],
)  # fmt: skip
def test_front_matter(paragraphs, title, author, start) -> None:
    front = read_front_matter(paragraphs)
    assert (front.title, front.author, front.body_start) == (title, author, start)
