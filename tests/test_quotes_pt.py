"""Portuguese speakers and reported speech (issue #13): one test per construction, on
sentences written for these tests."""

from __future__ import annotations

from tests.romance_helpers import direct, indirect, speakers


def test_pt_reported_clause_keeps_its_quoted_words() -> None:
    found = indirect(
        'A vereadora Clara Nunes afirmou que o projeto "não tem pés nem cabeça" e votou contra.',
        "pt",
    )
    assert [q.speaker for q in found] == ["Clara Nunes"]
    assert found[0].text.startswith('o projeto "não tem')


def test_pt_sentence_opening_with_its_verb_takes_the_previous_subject() -> None:
    found = indirect(
        "O presidente da junta, Rui Tavares, esteve na reunião. Disse que a estrada será "
        "reaberta na sexta-feira.",
        "pt",
    )
    assert [q.speaker for q in found] == ["Rui Tavares"]


def test_pt_regular_verb_in_any_news_tense() -> None:
    # "ressalvar" is listed once by infinitive; "ressalvou" comes from the table.
    assert speakers(
        "Joana Prates falou aos jornalistas. «Ainda é cedo para fazer contas», ressalvou Prates.",
        "pt",
    ) == ["Joana Prates"]


def test_pt_inverted_role_ending_in_an_institution_then_the_name() -> None:
    assert speakers(
        "«As equipas trabalharam a noite toda», explicou o coordenador regional da Defesa "
        "Civil, Mário Lopes, ao fim da tarde.",
        "pt",
    ) == ["Mário Lopes"]


def test_pt_role_with_its_article_opens_the_sentence_before_a_bare_cue() -> None:
    assert speakers(
        "A vereadora Helena Dias votou contra. A costureira Lúcia Santos, 52, vive no bairro "
        "há trinta anos. «Nunca vi a rua assim», calcula.",
        "pt",
    ) == ["Lúcia Santos"]


def test_pt_colon_after_an_opening_phrase_and_a_pronoun() -> None:
    quotes = direct(
        "A ministra, Teresa Moura, visitou a escola. Questionada sobre as obras, ela foi "
        "clara: «Acabam em junho.»",
        "pt",
    )
    assert [(q.speaker, q.partial) for q in quotes] == [("Teresa Moura", False)]


def test_pt_segundo_ele_and_an_aside_after_the_name() -> None:
    found = indirect(
        "O treinador Jorge Reis falou no fim do jogo. Segundo ele, a equipa jogou bem. A "
        "juíza Marta Silva, da comarca de Braga, disse que o processo será reaberto.",
        "pt",
    )
    assert [q.speaker for q in found] == ["Jorge Reis", "Marta Silva"]


def test_pt_a_body_reports_with_an_aside_before_que() -> None:
    found = indirect(
        "A empresa responsável pela ponte informou, em comunicado, que as obras param no inverno.",
        "pt",
    )
    assert [(q.speaker, q.text) for q in found] == [
        ("a empresa responsável pela ponte", "as obras param no inverno")
    ]


def test_pt_pronoun_after_a_bare_cue_takes_the_person_just_quoted() -> None:
    found = indirect(
        "A juíza Ana Prado falou primeiro. A enfermeira Rita Sousa, 41, trabalha no turno da "
        "noite. «Durmo quatro horas por dia», lamenta. Ela diz que já pensou em emigrar.",
        "pt",
    )
    assert [q.speaker for q in found] == ["Rita Sousa"]


def test_pt_hearer_before_the_role_and_name() -> None:
    assert speakers("«Vamos recorrer», disse ao jornal o deputado Carlos Lima.", "pt") == [
        "Carlos Lima"
    ]


def test_pt_pronoun_takes_the_person_of_its_gender() -> None:
    assert speakers(
        "A deputada Ana Lima encontrou o vereador Rui Matos. «Foi produtivo», disse ele.", "pt"
    ) == ["Rui Matos"]
