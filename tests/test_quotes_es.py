"""Spanish speakers and reported speech (issue #13): one test per construction, on sentences
written for these tests."""

from __future__ import annotations

from tests.romance_helpers import indirect, speakers


def test_es_reported_clause_keeps_its_quoted_words() -> None:
    found = indirect(
        "El alcalde de Pinares, Tomás Herrero, aseguró que la obra estará lista "
        "«antes de las fiestas» de agosto.",
        "es",
    )
    assert [q.speaker for q in found] == ["Tomás Herrero"]
    assert found[0].text.startswith("la obra estará lista «")


def test_es_sentence_opening_with_its_verb_takes_the_previous_subject() -> None:
    found = indirect(
        "La directora del hospital, Marta Cabello, visitó la nueva planta. Explicó que el "
        "servicio de urgencias abrirá en marzo.",
        "es",
    )
    assert [q.speaker for q in found] == ["Marta Cabello"]
    assert found[0].text.startswith("el servicio de urgencias")


def test_es_regular_verb_in_any_news_tense() -> None:
    # "puntualizar" is listed once by infinitive; "puntualizó" comes from the table.
    assert speakers(
        "Andrés Molina habló después. «No vamos a cerrar ninguna escuela», puntualizó Molina.",
        "es",
    ) == ["Andrés Molina"]


def test_es_role_ending_in_an_institution_then_the_name() -> None:
    text = (
        "La portavoz de Vecinos Unidos, Sara Ibáñez, sostiene que faltan parques. "
        "«Los niños juegan en el aparcamiento», denunció ayer."
    )
    assert speakers(text, "es") == ["Sara Ibáñez"]
    assert [q.speaker for q in indirect(text, "es")] == ["Sara Ibáñez"]


def test_es_reflexive_verb_after_the_quote() -> None:
    assert speakers(
        "Luisa Prieto, vecina del barrio, lleva meses esperando. «Nadie nos ha llamado», se "
        "quejó Prieto.",
        "es",
    ) == ["Luisa Prieto"]


def test_es_cue_in_dashes_takes_the_person_not_the_institution() -> None:
    assert speakers(
        "El portavoz de Aguas del Tajo, Julio Sanz, afirmó que habrá cortes. «No hay otra "
        "salida —añadió—; el embalse está vacío».",
        "es",
    ) == ["Julio Sanz"]


def test_es_segun_ella_and_a_possessive_source() -> None:
    found = indirect(
        "La alcaldesa, Pilar Gómez, visitó el mercado. Según ella, las obras terminarán en "
        "junio. De acuerdo con sus cálculos, el coste no superará el millón de euros.",
        "es",
    )
    assert [q.speaker for q in found] == ["Pilar Gómez", "Pilar Gómez"]


def test_es_a_body_reports_without_a_name() -> None:
    found = indirect(
        "La Guardia Civil confirmó que el conductor dio negativo. La empresa del festival ha "
        "anunciado que devolverá el dinero de las entradas.",
        "es",
    )
    assert [q.text for q in found] == [
        "el conductor dio negativo",
        "devolverá el dinero de las entradas",
    ]
    assert found[1].speaker == "la empresa del festival"


def test_es_hearer_before_the_role_and_name() -> None:
    assert speakers(
        "«No hay dinero para más», reconoció a esta radio el alcalde, Ramón Gil.", "es"
    ) == ["Ramón Gil"]


def test_es_relative_que_after_a_verb_is_not_reported_speech() -> None:
    assert not indirect(
        "La norma establece un plazo de tres meses, en el que solo habrá avisos.", "es"
    )


def test_es_pronoun_takes_the_person_of_its_gender() -> None:
    assert speakers(
        "El concejal Luis Prado se reunió con la alcaldesa Elena Ruiz. «Estoy contenta», "
        "dijo ella.",
        "es",
    ) == ["Elena Ruiz"]


def test_es_claim_ending_on_its_source() -> None:
    found = indirect(
        "El paro bajó un 3 % en la comarca, según el informe anual de la cámara presentado ayer.",
        "es",
    )
    assert [q.text for q in found] == ["El paro bajó un 3 % en la comarca"]
