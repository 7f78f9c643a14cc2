"""Summary sentences that lean on a sentence not shown ("She said ...", "But ...").

Covers the detector (bot.summarize.openers, data in bot/langpacks/en/openers.toml) and the news
summariser's opener policies (bot.summarize.news). The articles are written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.summarize import analyse, summarize
from bot.summarize.news import DEFAULT_PARAMS, OPENER_POLICIES, select_news
from bot.summarize.openers import leans_back, opener_flags, rules_for, unresolved

TIDAL = """The harbour town of Kelvick opened its new tidal power station on Monday after six years \
of delays.
Engineers say the turbines beneath the harbour wall will supply electricity to about four \
thousand homes.
The project's chief engineer, Ruth Okafor, spent a decade persuading the council to back the \
tidal power station.
She told reporters the tidal power station turbines would pay for themselves within twelve years \
of electricity sales.
Local fishermen had opposed the harbour turbines, fearing damage to the crab grounds.
The council will publish electricity figures from the harbour turbines every month.
Tourists can visit a small exhibition about the tidal power station in the old customs house."""

# The same story, with the high-scoring fourth sentence made an expletive "It is ... that".
TIDAL_EXPLETIVE = TIDAL.replace(
    "She told reporters the tidal power station turbines would pay",
    "It is widely expected that the tidal power station turbines will pay",
)


def _select(text: str, n: int, policy: str, factor: float = 1.0) -> tuple[list[int], list[bool]]:
    """news's pick with an opener policy; factor 1 by default, so the policy alone acts."""
    doc = analyse(text, "english")
    sentences = [s.text for s in doc.sentences]
    flags = opener_flags(sentences, doc.language)
    params = replace(DEFAULT_PARAMS, openers=policy, opener_factor=factor)
    got = select_news(doc.terms, n, sentences=sentences, openers=flags, params=params)
    return got, flags


@pytest.mark.parametrize(
    "sentence",
    [
        "He denied the charge on Tuesday.",
        "She told reporters the plan would work.",
        "They left before the vote.",
        "It closed its doors in 1998.",
        "It was designed to carry twelve passengers.",
        "But the council refused to pay.",
        "However, the figures were revised a week later.",
        "This is the third time the bridge has failed.",
        "These plans were dropped in June.",
        "As a result, the school closed early.",
        "The pair met at university.",
        "(CNN) -- He was arrested at the border.",
        "LONDON, England (Reuters) -- But the bank kept its rate unchanged.",
        "but the minister said nothing .",  # lowercased, tokenised copy
        "Its shares fell 4% in early trading.",
    ],
)
def test_openers_that_lean_back(sentence: str) -> None:
    assert leans_back(sentence, "en")


@pytest.mark.parametrize(
    "sentence",
    [
        "It is thought that the fire started in the kitchen.",
        "It was not clear whether anyone was hurt.",
        "It is important to check the brakes every year.",
        "It's unclear how many people live there.",
        "It seems the bus had left early.",
        "It is feared more homes will flood tonight.",
        "This week the museum reopened its east wing.",
        "These days few people write letters.",
        "So far nobody has claimed the prize.",
        '"They are wrong about the river," the mayor said.',
        "“He never called us back,” said his neighbour.",
        "The mayor opened the bridge on Friday.",
        "Both Mr Ash and Ms Lark voted against the plan.",
        "Then-president Harold Mays signed the treaty.",
        "",
    ],
)
def test_sentences_that_do_not_lean_back(sentence: str) -> None:
    assert not leans_back(sentence, "en")


def test_languages_are_data_and_unknown_ones_flag_nothing() -> None:
    # The sumy name and the ISO code find the same pack; a language without one flags nothing.
    assert rules_for("english") is rules_for("en")
    assert rules_for("en") is not None
    assert rules_for("xx") is None
    assert rules_for("../en") is None
    assert opener_flags(["Intro.", "He left."], "xx") == [False, False]


def test_first_sentence_never_counts_and_shown_antecedent_resolves() -> None:
    flags = opener_flags(["He arrived late.", "The bus broke down.", "But he made it."], "en")
    assert flags == [False, False, True]
    assert unresolved([0, 2], flags) == [2]
    assert unresolved([1, 2], flags) == []  # "But" right after the sentence it answers
    assert unresolved([0, 1], flags) == []


def test_keep_shows_the_hanging_pronoun_this_story_is_built_around() -> None:
    # The premise of the tests below: today's ranking puts "She told reporters ..." first.
    got, flags = _select(TIDAL, 1, "keep")
    assert flags[3] and got == [3]
    assert unresolved(got, flags) == [3]


@pytest.mark.parametrize("policy", [p for p in OPENER_POLICIES if p != "keep"])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_policies_leave_nothing_hanging_and_keep_the_length(policy: str, n: int) -> None:
    got, flags = _select(TIDAL, n, policy)
    assert len(got) == n and got == sorted(set(got))
    assert unresolved(got, flags) == []


def test_pronoun_gets_its_antecedent_or_is_replaced() -> None:
    # One sentence: no room for the pair, so "pair" takes the next best and "neighbour" the
    # sentence that names her; two sentences: the pair is shown together.
    assert _select(TIDAL, 1, "skip")[0] == [0]
    assert _select(TIDAL, 1, "pair")[0] == [0]
    assert _select(TIDAL, 1, "neighbour")[0] == [2]
    assert _select(TIDAL, 2, "pair")[0] == [2, 3]


def test_shipped_default_replaces_the_top_pronoun_or_pairs_it() -> None:
    # The default (news.py, step 7) scales a hanging sentence's score by 0.7 and shows one that
    # still wins together with the sentence it leans on. "She told reporters ..." (score 1.0,
    # 0.7 while hanging) loses to the lede (0.80) for one sentence, still wins the second slot
    # but the pair does not fit there, and comes with "Ruth Okafor ..." at three.
    assert (DEFAULT_PARAMS.openers, DEFAULT_PARAMS.opener_factor) == ("pair", 0.7)
    doc = analyse(TIDAL, "english")
    flags = opener_flags([s.text for s in doc.sentences], doc.language)
    assert summarize(doc, 1).indices == (0,)
    assert summarize(doc, 3).indices == (0, 2, 3)
    for n in range(1, len(doc.sentences) + 1):
        summary = summarize(doc, n)
        assert len(summary.sentences) == n
        assert unresolved(summary.indices, flags) == []
    # Without the factor and the policy the pronoun would lead the one-sentence summary.
    assert _select(TIDAL, 1, "keep", factor=1.0)[0] == [3]


@pytest.mark.parametrize("policy", OPENER_POLICIES)
def test_expletive_it_is_not_penalised(policy: str) -> None:
    got, flags = _select(TIDAL_EXPLETIVE, 1, policy)
    assert not any(flags)
    assert got == [3]  # the same top sentence as "She told reporters ..." had


@settings(max_examples=60, deadline=None)
@given(
    flags=st.lists(st.booleans(), min_size=7, max_size=7),
    n=st.integers(min_value=1, max_value=7),
    policy=st.sampled_from(OPENER_POLICIES),
)
def test_any_flags_any_policy_gives_exactly_n_sentences(
    flags: list[bool], n: int, policy: str
) -> None:
    doc = analyse(TIDAL, "english")
    sentences = [s.text for s in doc.sentences]
    params = replace(DEFAULT_PARAMS, openers=policy)
    got = select_news(doc.terms, n, sentences=sentences, openers=flags, params=params)
    assert len(got) == n and got == sorted(set(got))
    if not any(flags):
        keep = replace(DEFAULT_PARAMS, openers="keep", opener_factor=1.0)
        assert got == select_news(doc.terms, n, sentences=sentences, openers=flags, params=keep)


def test_bad_policy_and_flag_count_are_refused() -> None:
    doc = analyse(TIDAL, "english")
    sentences = [s.text for s in doc.sentences]
    with pytest.raises(ValueError):
        select_news(doc.terms, 2, sentences=sentences, openers=[False])
    with pytest.raises(ValueError):
        select_news(
            doc.terms, 2, sentences=sentences, params=replace(DEFAULT_PARAMS, openers="nope")
        )
