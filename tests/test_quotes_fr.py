"""French speakers and reported speech (issue #13): one test per construction, on sentences
written for these tests."""

from __future__ import annotations

from tests.romance_helpers import direct, indirect, speakers


def test_fr_reported_clause_keeps_its_quoted_words() -> None:
    found = indirect(
        "Le maire, Bernard Vial, a visité le chantier. Il a ajouté que les travaux avaient "
        "« pris trop de retard » depuis le printemps.",
        "fr",
    )
    assert [q.speaker for q in found] == ["Bernard Vial"]
    assert found[0].text.startswith("les travaux avaient «")


def test_fr_quotation_before_the_verb_still_belongs_to_the_direct_rules() -> None:
    text = "« Nous rouvrirons en mai », a assuré Bernard Vial, qui a dit que rien ne changerait."
    assert all(q.start > text.index("qui a dit") for q in indirect(text, "fr"))


def test_fr_regular_verb_in_any_news_tense() -> None:
    # "plaisanter" is listed once by infinitive; its simple past comes from the table.
    assert speakers(
        "Lucie Fabre ouvrait la séance. « On va finir avant minuit, pour une fois », "
        "plaisanta Lucie Fabre.",
        "fr",
    ) == ["Lucie Fabre"]


def test_fr_role_then_appositive_title_and_name() -> None:
    assert speakers(
        "La clinique manque de bras. « Nous tiendrons jusqu'à l'été, pas plus », prévient le "
        "chef du service, le docteur Marc Olivier.",
        "fr",
    ) == ["Marc Olivier"]


def test_fr_role_ending_in_an_institution_then_the_name() -> None:
    q = indirect(
        "La présidente de Loire Avenir, Agnès Morel, a estimé que la digue ne suffirait pas.",
        "fr",
    )
    assert [x.speaker for x in q] == ["Agnès Morel"]


def test_fr_reported_clause_stops_at_the_colon_of_a_quotation() -> None:
    found = indirect(
        "Nadia Petit est gérante d'un café. Elle explique qu'elle a perdu un tiers de ses "
        "clients : « Les gens ne viennent plus le soir. »",
        "fr",
    )
    assert [q.text for q in found] == ["elle a perdu un tiers de ses clients"]
    assert (
        direct(
            "Nadia Petit est gérante d'un café. Elle explique qu'elle a perdu un tiers de ses "
            "clients : « Les gens ne viennent plus le soir. »",
            "fr",
        )[0].speaker
        == "Nadia Petit"
    )
