"""Quote and speaker extraction: one test per construction, the seed gold, property tests."""

from __future__ import annotations

import json
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.models import Sentence
from bot.quotes import find_quotes, select_key_quotes
from bot.quotes.marks import find_spans


def direct(text: str) -> list:
    return [q for q in find_quotes(text) if q.kind == "direct"]


def only(text: str):
    qs = direct(text)
    assert len(qs) == 1, qs
    return qs[0]


# --- quote marks -------------------------------------------------------------------------


def test_straight_and_curly_quotes() -> None:
    a = only('"We will rebuild the bridge by spring," Mayor Ann Holt said.')
    b = only("“We will rebuild the bridge by spring,” Mayor Ann Holt said.")
    assert a.text == b.text == "We will rebuild the bridge by spring,"
    assert a.speaker == b.speaker == "Ann Holt"


def test_quote_spanning_sentences_is_one_quote() -> None:
    q = only("“The vote failed. We will try again next week,” said Tom Reyes.")
    assert q.text == "The vote failed. We will try again next week,"
    assert q.speaker == "Tom Reyes"


def test_paragraph_spanning_quote_continues_with_same_speaker() -> None:
    text = (
        "Lena Park said: “The harbour has been neglected for a decade and the fishing fleet "
        "has shrunk by half.\n\n"
        "“Nobody in the capital has listened to us until the storm came this winter.”"
    )
    qs = direct(text)
    assert len(qs) == 2
    assert qs[0].speaker == qs[1].speaker == "Lena Park"
    assert qs[1].rule == "continued"
    for q in qs:
        assert text[q.start : q.end] == q.text


def test_quote_within_quote_and_apostrophes() -> None:
    text = "“He told me ‘don’t worry about the budget,’ and I believed him,” Sara Ode said."
    q = only(text)
    assert q.text.startswith("He told me ‘don’t worry")
    assert q.text.endswith("I believed him,")
    assert q.speaker == "Sara Ode"


def test_apostrophes_do_not_open_single_quotes() -> None:
    # No double quotes at all: curly single quotes are the quote marks, apostrophes are not.
    text = "‘We’re not leaving the players’ union,’ said Dan Moor. It’s the town’s last club."
    spans = find_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["We’re not leaving the players’ union,"]


# --- cue positions -----------------------------------------------------------------------


def test_cue_after_quote_name_then_verb() -> None:
    q = only("“The budget is balanced for the first time in years,” Okafor said.")
    assert (q.speaker, q.rule, q.cue) == ("Okafor", "after_quote", "said")


def test_cue_after_quote_verb_then_name() -> None:
    q = only("“The budget is balanced for the first time in years,” said Grace Okafor.")
    assert (q.speaker, q.rule) == ("Grace Okafor", "said_speaker")


def test_cue_before_quote_with_colon() -> None:
    q = only("Grace Okafor told reporters: “The budget is balanced for the first time in years.”")
    assert (q.speaker, q.rule, q.cue) == ("Grace Okafor", "before_quote", "told")


def test_split_quote() -> None:
    text = (
        "“The budget is balanced for the first time,” Grace Okafor said, “and the surplus "
        "will go to the schools.”"
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Grace Okafor", "Grace Okafor"]
    assert qs[1].rule == "split"


def test_according_to() -> None:
    q = only("“Turnout was the lowest we have recorded since 1990,” according to the report.")
    assert q.speaker == "the report"
    assert q.rule == "according_to"


def test_said_according_to_keeps_inner_speaker() -> None:
    q = only("“We have the votes to pass the bill this week,” Pelham said, according to CNN.")
    assert q.speaker == "Pelham"


def test_cue_in_next_sentence() -> None:
    q = only("“The plant will close and four hundred jobs will go.” Marta Ruiz said on Monday.")
    assert (q.speaker, q.rule) == ("Marta Ruiz", "next_sentence")


def test_second_quote_in_paragraph_inherits_speaker() -> None:
    text = (
        "“The budget is balanced for the first time in years,” Grace Okafor said. "
        "“Nobody expected that when I took office.”"
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Grace Okafor", "Grace Okafor"]
    assert qs[1].rule == "same_paragraph"


def test_name_before_colon() -> None:
    q = only("The mayor’s view - Ann Holt: “We cannot keep patching the same road every spring.”")
    assert (q.speaker, q.rule) == ("Ann Holt", "colon")


def test_colon_after_clause_takes_subject() -> None:
    text = (
        "Ann Holt arrived late.\n\n"
        "Holt delivered a blunt message to the council: “Fix the road before the winter.”"
    )
    q = only(text)
    assert (q.speaker, q.rule) == ("Ann Holt", "colon")


def test_colon_paragraph() -> None:
    text = "Ann Holt put it this way:\n\n“We cannot keep patching the same road every spring.”"
    q = only(text)
    assert (q.speaker, q.rule) == ("Ann Holt", "colon_paragraph")


def test_participle_cue_takes_clause_subject() -> None:
    text = "Ann Holt thanked the crews, telling reporters, “They worked through three nights.”"
    q = only(text)
    assert (q.speaker, q.rule, q.cue) == ("Ann Holt", "before_quote", "telling")


def test_coordinated_cue_takes_clause_subject() -> None:
    text = "Ann Holt named no rivals but told supporters, “The road will be fixed this year.”"
    assert only(text).speaker == "Ann Holt"


def test_quote_paragraph_after_attributed_quote() -> None:
    text = (
        "“The road has been patched four times since March,” Ann Holt said.\n\n"
        "“Nobody in the county office has answered a single letter from us.”"
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Ann Holt", "Ann Holt"]
    assert qs[1].rule == "next_paragraph"


def test_fragment_woven_into_sentence_about_a_person() -> None:
    text = (
        "Ellen Moore spoke first.\n\n"
        "Moore thanked the mayor for “stepping up when nobody else in the county would.”"
    )
    q = only(text)
    assert (q.speaker, q.rule) == ("Ellen Moore", "subject")
    assert q.partial


def test_weighed_in_is_a_cue() -> None:
    q = only("“We all miss the old harbour so much,” Dana Pike weighed in.")
    assert q.speaker == "Dana Pike"


# --- speakers ----------------------------------------------------------------------------


def test_title_kept_as_role() -> None:
    q = only("Kenyan Trade Minister Amina Odhiambo said: “Our exports doubled in three years.”")
    assert q.speaker == "Amina Odhiambo"
    assert q.role == "Kenyan Trade Minister"
    assert q.mention is not None
    assert text_at(q) == q.mention.text


def text_at(q) -> str:
    return q.mention.text


def test_appositive_role() -> None:
    q = only("“Our exports doubled in three years,” Amina Odhiambo, the trade minister, said.")
    assert q.speaker == "Amina Odhiambo"
    assert q.role == "the trade minister"


def test_party_and_state_appositive() -> None:
    q = only("“We will not vote for this bill,” Sen. Ann Holt, D-Calif., said on Tuesday.")
    assert (q.speaker, q.role) == ("Ann Holt", "Sen.")


def test_organisation_and_document_speakers() -> None:
    org = only("“We regret the error and have corrected the article,” the Daily Ledger said.")
    assert org.speaker == "Daily Ledger"
    doc = only("“Both parties reject the use of force in the region,” the joint communique said.")
    assert doc.speaker == "the joint communique"


def test_it_resolves_to_document() -> None:
    text = (
        "The two ministers signed a joint declaration on Tuesday.\n\n"
        "“Both parties reject the use of force in the region,” it read."
    )
    q = only(text)
    assert q.speaker == "the joint declaration"
    assert q.mention is not None and q.mention.text == "it"


def test_surname_maps_to_full_name() -> None:
    text = (
        "Governor Helen Marsh toured the flooded valley on Sunday.\n\n"
        "“We will rebuild every home that was lost,” Marsh said."
    )
    q = only(text)
    assert q.speaker == "Helen Marsh"
    assert q.mention is not None and q.mention.text == "Marsh"


def test_pronoun_resolved_when_unambiguous() -> None:
    text = (
        "Helen Marsh toured the flooded valley on Sunday and spoke to residents.\n\n"
        "“We will rebuild every home that was lost,” she said."
    )
    assert only(text).speaker == "Helen Marsh"


def test_pronoun_prefers_the_only_subject() -> None:
    text = (
        "Helen Marsh met Robert Lindqvist and Peter Adeyemi on Sunday.\n\n"
        "“We will rebuild every home that was lost,” she said."
    )
    q = only(text)
    assert q.speaker == "Helen Marsh"
    assert q.confidence < 0.9


def test_new_sentence_subject_takes_over_the_pronoun() -> None:
    text = (
        "“The river is rising again,” Helen Marsh said on Monday.\n\n"
        "Tom Reyes, the county engineer, toured the dam on Tuesday. Reyes then met the "
        "crews.\n\n"
        "“We will open the spillway tonight,” he said."
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Helen Marsh", "Tom Reyes"]


def test_pronoun_left_unresolved_when_ambiguous() -> None:
    text = (
        "Helen Marsh and Anna Berg toured the valley with Robert Lindqvist on Sunday.\n\n"
        "“We will rebuild every home that was lost,” she said."
    )
    q = only(text)
    assert q.speaker is None
    assert q.mention is not None and q.mention.text == "she"


def test_passive_is_not_a_cue() -> None:
    q = only("“Will the bridge reopen before the winter storms arrive?” Marsh was asked.")
    assert q.speaker is None


def test_nouns_are_not_cues() -> None:
    q = only("“A serious setback for the whole region and its farmers” was in his remarks.")
    assert q.speaker is None


def test_capitalised_verb_is_not_a_cue() -> None:
    q = only("Said Marsh: “We will rebuild every home that was lost in the flood.”")
    assert q.speaker != "Marsh"


# --- partials and indirect speech -------------------------------------------------------


def test_scare_quote_is_partial_and_attributed() -> None:
    q = only("Carlos Mendez praised the “historic” agreement in a speech on Friday.")
    assert q.partial
    assert q.speaker == "Carlos Mendez"


def test_embedded_fragment_is_partial() -> None:
    text = "Mendez also recalled the 1998 talks, calling them “a lesson in patience for everyone.”"
    q = only(text)
    assert q.partial
    assert q.speaker == "Mendez"


def test_full_quote_is_not_partial() -> None:
    q = only("“The agreement will hold because both sides need it,” Carlos Mendez said.")
    assert not q.partial


def test_indirect_speech() -> None:
    text = (
        "Foreign Minister Lars Berg told his Danish counterpart on Monday that the border "
        "would stay open, a position that surprised observers."
    )
    qs = [q for q in find_quotes(text) if q.kind == "indirect"]
    assert len(qs) == 1
    q = qs[0]
    assert q.text == "the border would stay open"
    assert (q.speaker, q.role, q.cue) == ("Lars Berg", "Foreign Minister", "told")
    assert q.confidence < 0.9
    assert text[q.start : q.end] == q.text


def test_indirect_with_auxiliary_and_surname() -> None:
    text = (
        "Lars Berg arrived in Oslo on Sunday.\n\n"
        "Berg has also noted that fishing quotas remain the hardest issue in the talks."
    )
    qs = [q for q in find_quotes(text) if q.kind == "indirect"]
    assert [q.speaker for q in qs] == ["Lars Berg"]


# --- key quotes --------------------------------------------------------------------------

KEY_TEXT = (
    "The city council approved the flood defence plan on Tuesday after months of debate.\n\n"
    "“The flood defence plan protects ten thousand homes along the river,” Mayor Ann Holt "
    "said. “Without the flood defence plan, the river district would be lost.”\n\n"
    "Critics called the plan “too expensive.”\n\n"
    "“I still think the council moved too fast on the flood plan,” said Tom Reyes, a "
    "councillor.\n\n"
    "“My cat enjoyed the sunshine on the balcony this morning,” a passer-by said."
)


def test_key_quotes_rules() -> None:
    quotes = find_quotes(KEY_TEXT)
    key = select_key_quotes(quotes, KEY_TEXT, n=2)
    assert len(key) == 2
    assert all(q.kind == "direct" and not q.partial and q.speaker for q in key)
    # Never two from the same sentence; the flood quotes beat the off-topic one.
    assert all("cat" not in q.text for q in key)
    assert [q.start for q in key] == sorted(q.start for q in key)


def test_key_quotes_one_per_sentence() -> None:
    text = (
        "“The flood defence plan protects homes along the river,” Ann Holt said, “and the "
        "flood defence plan protects the river district too.”"
    )
    quotes = find_quotes(text)
    assert len([q for q in quotes if q.kind == "direct"]) == 2
    key = select_key_quotes(quotes, text, n=3, sentences=[Sentence(text, 0, len(text))])
    assert len(key) == 1


def test_key_quotes_skip_partials_indirect_and_unattributed() -> None:
    text = (
        "Critics called the plan “too expensive.” Ann Holt said that the plan was sound.\n\n"
        "“The river has flooded the lower town four times this decade,” she said."
    )
    key = select_key_quotes(find_quotes(text), text)
    assert all(q.kind == "direct" and not q.partial for q in key)
    assert select_key_quotes([], text) == []
    assert select_key_quotes(find_quotes(text), text, n=0) == []


def test_key_quotes_do_not_repeat_the_summary() -> None:
    from bot.text.sentences import split_sentences

    sentences = split_sentences(KEY_TEXT)
    quotes = find_quotes(KEY_TEXT)
    every = select_key_quotes(quotes, KEY_TEXT, n=3, sentences=sentences)
    assert len(every) == 3
    # The summary shows the sentence of the best quote: key quotes bring the others instead.
    at = next(i for i, s in enumerate(sentences) if s.start <= every[0].start < s.end)
    rest = select_key_quotes(quotes, KEY_TEXT, n=3, sentences=sentences, shown=[at])
    assert every[0] not in rest
    assert all(not (sentences[at].start <= q.start < sentences[at].end) for q in rest)
    assert set(every[1:]) <= set(rest)


def test_key_quotes_show_words_quoted_twice_once() -> None:
    text = (
        "“The new ferry will carry twice as many cars across the estuary,” said Lena Ortiz, the "
        "harbour master, on Monday.\n\n"
        "The ferry, built in a yard up the coast, arrives in March. Its crew trained for six "
        "weeks on the old boat.\n\n"
        "“We expect the queues at the slipway to shrink by half,” said Colin Baptiste, who runs "
        "the ferry company.\n\n"
        "At the launch Ortiz repeated her promise. “The new ferry will carry twice as many cars "
        "across the estuary,” Ortiz said."
    )
    key = select_key_quotes(find_quotes(text), text, n=3)
    shown = [q.text.rstrip(",") for q in key]
    assert len(shown) == len(set(shown)) == 2
    assert any("queues" in t for t in shown)


# --- robustness --------------------------------------------------------------------------

_CHARS = st.sampled_from([*list("ab AB.\"“”‘’',:\n—"), "said", "he", "Smith", " told "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CHARS, max_size=80).map("".join))
def test_random_text_never_crashes_and_offsets_slice(text: str) -> None:
    for q in find_quotes(text):
        assert text[q.start : q.end] == q.text
        assert q.kind in {"direct", "indirect"}
        if q.mention is not None:
            assert text[q.mention.start : q.mention.end] == q.mention.text
    select_key_quotes(find_quotes(text), text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    for q in find_quotes(text):
        assert text[q.start : q.end] == q.text


def test_endless_sentence_stays_linear() -> None:
    # One "sentence" of 60k characters (no full stops, no paragraphs): the rules' reach is
    # bounded, so this takes well under a second instead of minutes.
    text = " and ".join(f'"part {i} of the statement," Ann Holt said' for i in range(1500))
    start = time.perf_counter()
    quotes = find_quotes(text)
    assert time.perf_counter() - start < 10
    assert len([q for q in quotes if q.kind == "direct"]) == 1500
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_empty_and_quote_free_text() -> None:
    assert find_quotes("") == []
    assert direct("No quotation marks here at all.") == []


# --- seed gold ---------------------------------------------------------------------------


def _norm(s: str) -> str:
    return s.replace("’", "'").strip()


def test_seed_gold(seed_dir: Path) -> None:
    gold = json.loads((seed_dir / "quotes.json").read_text(encoding="utf-8"))
    text = (seed_dir / gold["article"]).read_text(encoding="utf-8")
    quotes = find_quotes(text)
    names = {c: {c, *v["aliases"]} for c, v in gold["speakers"].items()}
    found = {_norm(q.text): q for q in quotes if q.kind == "direct"}
    for g in gold["quotes"]:
        q = found.get(_norm(g["text"]))
        assert q is not None, g["text"]
        assert q.speaker in names[g["speaker"]], (g["text"], q.speaker)
        assert q.partial == g["partial"], g["text"]
        assert text[q.start : q.end] == q.text
    indirect = [q for q in quotes if q.kind == "indirect"]
    for g in gold["indirect_speech"]:
        hits = [q for q in indirect if _norm(g["text"]) in _norm(q.text)]
        assert hits, g["text"]
        assert hits[0].speaker in names.get(g["speaker"], {g["speaker"]})
        assert hits[0].cue == g["cue"]
    key = select_key_quotes(quotes, text)
    assert len(key) == 3
    assert all(not q.partial and q.kind == "direct" for q in key)


def test_sentence_opening_participle_is_not_a_first_name() -> None:
    # "Hosting Cook" is not a second person called Cook: every quote stays with Tim Cook.
    text = (
        "Apple chief executive Tim Cook spoke at the conference on Tuesday.\n\n"
        "Hosting Cook at the event, the organisers thanked him for coming.\n\n"
        "“We really took that challenge to heart and it changed the company,” Cook said."
    )
    assert [q.speaker for q in direct(text)] == ["Tim Cook"]


# --- the rule list ------------------------------------------------------------------------


def test_rules_docstring_and_confidences_agree() -> None:
    """The module docstring, ``RULES`` and ``RULE_CONFIDENCE`` list the same rules, in the
    same order, with the same confidences."""
    import re as _re

    from bot.quotes import direct

    listed = _re.findall(r"^``(\w+)``\s+([0-9.]+)", direct.__doc__ or "", _re.M)
    assert [(r.name, r.confidence) for r in direct.RULES] == [(n, float(c)) for n, c in listed]
    assert set(direct.RULE_CONFIDENCE) == {r.name for r in direct.RULES}
    assert len(direct.RULE_CONFIDENCE) == len({n for n, _ in listed})
    for r in direct.RULES:
        assert direct.RULE_CONFIDENCE[r.name] == r.confidence
