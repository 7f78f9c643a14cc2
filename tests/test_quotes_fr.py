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


def test_fr_reflexive_verb_with_its_clitic_pronoun() -> None:
    assert speakers(
        "Le délégué syndical, Hugo Lemaire, a quitté la réunion. « On nous promet la même "
        "chose depuis cinq ans », s'agace-t-il.",
        "fr",
    ) == ["Hugo Lemaire"]


def test_fr_elided_role_after_the_verb_is_the_person_named_before() -> None:
    assert speakers(
        "La maire de Saint-Aubin, Claire Roux, a écrit au préfet. « Nous ne lâcherons rien "
        "sur la gare », insiste l'élue.",
        "fr",
    ) == ["Claire Roux"]


def test_fr_role_with_a_complement_after_the_verb() -> None:
    assert speakers(
        "Paul Mercier, maraîcher à Vernes, a tout perdu. « L'eau est montée en une heure », "
        "raconte le maraîcher de 61 ans, qui cultive ces terres depuis 1990.",
        "fr",
    ) == ["Paul Mercier"]


def test_fr_colon_after_an_opening_phrase_and_a_pronoun() -> None:
    quotes = direct(
        "La ministre, Laure Besson, a visité l'usine. Interrogée sur l'avenir du site, elle "
        "s'est montrée prudente : « Rien n'est joué. »",
        "fr",
    )
    assert [(q.speaker, q.partial) for q in quotes] == [("Laure Besson", False)]


def test_fr_short_quote_of_its_own_carries_on_the_speaker() -> None:
    quotes = direct(
        "« Nous avons joué sans rythme ce soir », regrette Karim Sow. « C'est dur. »",
        "fr",
    )
    assert [(q.speaker, q.partial) for q in quotes] == [("Karim Sow", False)] * 2


def test_fr_scare_quote_after_a_quote_stays_a_fragment() -> None:
    quotes = direct(
        "« Nous avons joué sans rythme », regrette Karim Sow. Il parle d'un match « fou ».",
        "fr",
    )
    assert [q.partial for q in quotes] == [False, True]


def test_fr_selon_lui_takes_the_person_named_before() -> None:
    found = indirect(
        "L'entraîneur Marc Duval a critiqué la pelouse. D'après lui, le terrain était "
        "impraticable dès la mi-temps.",
        "fr",
    )
    assert [(q.speaker, q.cue) for q in found] == [("Marc Duval", "d' après lui")]


def test_fr_pour_elle_is_a_source_only_with_a_pronoun() -> None:
    text = (
        "Hélène Roy, libraire, a signé la pétition. Pour elle, la ville « oublie ses "
        "commerces ». Pour la première fois, la mairie a répondu."
    )
    found = indirect(text, "fr")
    assert [q.speaker for q in found] == ["Hélène Roy"]
    assert found[0].text.startswith("la ville")


def test_fr_possessive_source_belongs_to_the_person_just_named() -> None:
    found = indirect(
        "Le président du club, Alain Giraud, a présenté les comptes. D'après ses calculs, le "
        "déficit sera comblé en deux saisons.",
        "fr",
    )
    assert [q.speaker for q in found] == ["Alain Giraud"]


def test_fr_selon_an_office_is_reported_speech_without_a_person() -> None:
    found = indirect(
        "Selon la direction départementale des routes, le pont restera fermé jusqu'en mai.",
        "fr",
    )
    assert [q.text for q in found] == ["le pont restera fermé jusqu'en mai"]
    assert found[0].speaker == "la direction départementale des routes"


def test_fr_a_body_reports_with_fait_savoir() -> None:
    found = indirect(
        "L'office régional du tourisme a fait savoir que la saison avait battu un record.",
        "fr",
    )
    assert [(q.speaker, q.text) for q in found] == [
        ("l'office régional du tourisme", "la saison avait battu un record")
    ]


def test_fr_appositive_name_with_a_particle() -> None:
    found = indirect(
        "Pour le syndicat, rien n'est réglé. Son secrétaire, Yves Le Bihan, a estimé que la "
        "direction « joue la montre ».",
        "fr",
    )
    assert [q.speaker for q in found] == ["Yves Le Bihan"]


def test_fr_a_body_named_after_its_noun_is_not_the_pronoun_antecedent() -> None:
    found = indirect(
        "La présidente de l'association Rivière Propre, Julie Marin, s'est dite déçue. Elle a "
        "ajouté que le collectif irait en justice.",
        "fr",
    )
    assert [q.speaker for q in found] == ["Julie Marin"]


def test_fr_hearer_between_the_verb_and_the_speaker() -> None:
    assert speakers("« Le dossier avance bien », confie au Courrier Léon Barre.", "fr") == [
        "Léon Barre"
    ]


def test_fr_noun_du_noun_subject_is_one_phrase() -> None:
    found = indirect(
        "Le porte-parole du gouvernement a assuré que les délais seraient tenus.", "fr"
    )
    assert [q.speaker for q in found] == ["le porte-parole du gouvernement"]


def test_fr_pronoun_takes_the_person_of_its_gender() -> None:
    text = (
        "Le maire Paul Roux a reçu la députée Marie Caron lundi. « Nous verrons », "
        "a-t-elle répondu."
    )
    assert speakers(text, "fr") == ["Marie Caron"]


def test_fr_gender_is_read_only_from_the_title_before_the_name() -> None:
    # "le service" is not the nurse's article: her gender stays unknown, "Elle" still works.
    found = indirect(
        "Infirmière dans le service, Claire Vidal témoigne. Elle raconte que les nuits sont "
        "longues.",
        "fr",
    )
    assert [q.speaker for q in found] == ["Claire Vidal"]


def test_fr_claim_ending_on_its_source() -> None:
    found = indirect("Les loyers ont augmenté de 6 % en un an, selon l'observatoire local.", "fr")
    assert [(q.text, q.speaker) for q in found] == [
        ("Les loyers ont augmenté de 6 % en un an", "l'observatoire local")
    ]
