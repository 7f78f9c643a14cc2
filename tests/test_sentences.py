"""Sentence splitter: offsets, hard boundaries and the classic Punkt pitfalls."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("Gen. Milley and Sen. Warren spoke on Jan. 5 at 3 p.m. in Washington.", None),
        (
            "Acme Inc. reported profits. Shares rose.",
            ["Acme Inc. reported profits.", "Shares rose."],
        ),
        ("U.S. officials said the talks failed.", None),
        (
            "He lives in the U.S. The move was sudden.",
            ["He lives in the U.S.", "The move was sudden."],
        ),
        ("Fruit, e.g. apples, i.e. red ones, etc. are fine.", None),
        (
            "It grew 3.5% to $1.13bn in 2024. Analysts were surprised.",
            ["It grew 3.5% to $1.13bn in 2024.", "Analysts were surprised."],
        ),
        (
            "J. R. R. Tolkien wrote it. Critics loved it.",
            ["J. R. R. Tolkien wrote it.", "Critics loved it."],
        ),
        ("It was St. Patrick's Day on Main St. near the bridge.", None),
        (
            "Brazil vs. Spain ended 2-1. No. 10 scored.",
            ["Brazil vs. Spain ended 2-1.", "No. 10 scored."],
        ),
        ("Smith et al. found it. They were right.", ["Smith et al. found it.", "They were right."]),
    ],
)
def test_abbreviations_numbers_and_initials(text: str, expected: list[str] | None) -> None:
    assert texts(text) == (expected if expected is not None else [text])


def test_quotes_at_sentence_end_stay_with_their_sentence() -> None:
    assert texts("“We will win,” he said. “Nobody doubts it.” Next came the vote.") == [
        "“We will win,” he said.",
        "“Nobody doubts it.”",
        "Next came the vote.",
    ]
    assert texts('He said "it is over." Then he left.') == [
        'He said "it is over."',
        "Then he left.",
    ]
    assert texts("She asked: “Why?” The room went quiet.") == [
        "She asked: “Why?”",
        "The room went quiet.",
    ]


def test_ellipses() -> None:
    assert texts("I never meant that.... She left the store.") == [
        "I never meant that....",
        "She left the store.",
    ]
    assert texts("Well... what do you mean?") == ["Well... what do you mean?"]


def test_question_and_exclamation_marks() -> None:
    assert texts("Really?! Yes. Wow!") == ["Really?!", "Yes.", "Wow!"]


def test_numbered_and_bulleted_lists_on_their_own_lines() -> None:
    text = "Three steps:\n1. Open the box\n2. Take it out\n3. Enjoy.\n- a bullet\n• another one"
    assert texts(text) == [
        "Three steps:",
        "1. Open the box",
        "2. Take it out",
        "3. Enjoy.",
        "- a bullet",
        "• another one",
    ]


def test_blank_lines_are_hard_boundaries_single_newlines_are_not() -> None:
    text = "A headline without a stop\n\nThe body starts here\nand goes on. End.\n \nLast"
    assert texts(text) == [
        "A headline without a stop",
        "The body starts here\nand goes on.",
        "End.",
        "Last",
    ]


def test_offsets_slice_the_original_text() -> None:
    text = "  First one.  Second one?\n\n\n  “Third,” he said.   \n\n"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one.", "Second one?", "“Third,” he said."]
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []
    assert texts("no punctuation at all") == ["no punctuation at all"]


def test_never_touches_nltk_data(monkeypatch: pytest.MonkeyPatch) -> None:
    import nltk.data

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("nltk data lookup")

    monkeypatch.setattr(nltk.data, "find", refuse)
    monkeypatch.setattr(nltk.data, "load", refuse)
    assert texts("Mr. Smith left. He came back.") == ["Mr. Smith left.", "He came back."]


def test_repeated_marks_citations_and_soft_ends() -> None:
    assert texts("Shame it was so bad!!! The end.") == ["Shame it was so bad!!!", "The end."]
    assert texts('"Why now?" asked the minister. He left.') == [
        '"Why now?" asked the minister.',
        "He left.",
    ]
    assert texts("It happened in 1805. [19] Then more.") == [
        "It happened in 1805. [19]",
        "Then more.",
    ]


def test_no_is_an_abbreviation_only_before_a_number() -> None:
    assert texts("He lives at No. 10 now. He said no. Then he left.") == [
        "He lives at No. 10 now.",
        "He said no.",
        "Then he left.",
    ]


_PIECES = st.sampled_from(
    [
        "Mr.", "Dr.", "U.S.", "e.g.", "No.", "3.5", "J.", "R.", "said", "the", "Smith", "it",
        "Hello", "world", "...", "?!", "!!", "“Yes.”", "'no'", "(a)", "[1]", "1.", "-", "•",
        "\n", "\n\n", "\n \n", " ", "  ", "\t", ".", "?", "!", "”", "i", "ok",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join) | st.text(max_size=200))
def test_offsets_invariants_on_any_text(text: str) -> None:
    sentences = split_sentences(text)
    last_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= last_end
        last_end = s.end
        # A blank line never sits inside a sentence.
        assert not re.search(r"\n[^\S\n]*\n", s.text)
    # Nothing but whitespace is left out.
    covered = set()
    for s in sentences:
        covered.update(range(s.start, s.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_stdlib_regex_punkt_matches_stock_punkt() -> None:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from bot.text.sentences import _TOKENIZER, _parameters

    stock = PunktSentenceTokenizer(_parameters())
    text = (
        "Mr. Smith paid $3.50 at 5 p.m. on Jan. 3... Then he left! “Why?” she asked. "
        "The U.S. Army (the 3rd Div.) moved -- slowly -- to St. Louis. J. R. R. Tolkien, e.g. "
        "wrote books... and more.) 'Fine.' [1] Next: no. 5 and No. 6?! Done.\n\nNew para. Ok"
    )
    assert list(_TOKENIZER.span_tokenize(text)) == list(stock.span_tokenize(text))
