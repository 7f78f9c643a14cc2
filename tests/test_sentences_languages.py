"""Sentence splitting with a language pack: abbreviations and quotation marks per language.

Sentences written for these tests. Each language's quotation marks must keep quotations
whole (no sentence starts or ends inside one) and its abbreviations must not end sentences;
English, and any language without a pack, splits exactly as before.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.langpacks import codes
from bot.text.quoting import parse_pairs, quote_regions
from bot.text.sentences import _pack_for, sentence_texts, split_sentences

NB, NNB = "\u00a0", "\u202f"

CASES = {
    "fr": [
        (
            f"Le maire, M. Dupont, a parlé. Il a dit{NB}: «{NB}Nous verrons. Rien n'est joué.{NB}»"
            " Puis il est parti.",
            [
                "Le maire, M. Dupont, a parlé.",
                f"Il a dit{NB}: «{NB}Nous verrons. Rien n'est joué.{NB}»",
                "Puis il est parti.",
            ],
        ),
        (  # the opening mark went to the sentence before ("… d'excuse. «")
            f"Morvan n'a pas cherché d'excuse. «{NNB}J'arrive en retard{NNB}», a-t-il dit."
            " Mme Roux a répondu, p. ex. sur les horaires.",
            [
                "Morvan n'a pas cherché d'excuse.",
                f"«{NNB}J'arrive en retard{NNB}», a-t-il dit.",
                "Mme Roux a répondu, p. ex. sur les horaires.",
            ],
        ),
    ],
    "de": [
        (
            "Es gibt z. B. Schwimmkurse. Am 3. Oktober beginnt der Bau. „Ich bin 51“, sagte er."
            " „Wer stellt mich denn noch ein?“",
            [
                "Es gibt z. B. Schwimmkurse.",
                "Am 3. Oktober beginnt der Bau.",
                "„Ich bin 51“, sagte er.",
                "„Wer stellt mich denn noch ein?“",
            ],
        ),
        (
            "»Wenn das nicht hilft?«, fragte er. Dann ging er. Die Stadt zahlt, d. h. die Bürger"
            " zahlen. Dr. Weber nickte. „Man nannte es ‚das Herz. Die Mitte‘, sagte sie.“",
            [
                "»Wenn das nicht hilft?«, fragte er.",
                "Dann ging er.",
                "Die Stadt zahlt, d. h. die Bürger zahlen.",
                "Dr. Weber nickte.",
                "„Man nannte es ‚das Herz. Die Mitte‘, sagte sie.“",
            ],
        ),
    ],
    "es": [
        (
            "La Sra. Ruiz y Dña. Carmen López hablaron. «No estamos contra el aire limpio."
            " Estamos contra esta norma», dijo Ortega. «¿Y ahora?», preguntó.",
            [
                "La Sra. Ruiz y Dña. Carmen López hablaron.",
                "«No estamos contra el aire limpio. Estamos contra esta norma», dijo Ortega.",
                "«¿Y ahora?», preguntó.",
            ],
        ),
    ],
    "it": [
        (
            "Il Dott. Rossi ha parlato. «Ci sono nato. Me ne sono andato», ha detto. Poi è uscito.",
            [
                "Il Dott. Rossi ha parlato.",
                "«Ci sono nato. Me ne sono andato», ha detto.",
                "Poi è uscito.",
            ],
        ),
    ],
    "pt": [
        (
            "O Sr. Amaral falou. “Nós fizemos as contas. Está tudo certo”, disse. Depois saiu.",
            [
                "O Sr. Amaral falou.",
                "“Nós fizemos as contas. Está tudo certo”, disse.",
                "Depois saiu.",
            ],
        ),
    ],
    "ru": [
        (
            "Это, т. е. мост, важно. Мост открыт в 2022 г. Жители рады. «Пусть смотрят. Там всё"
            " чисто», — сказал он. Он живёт на ул. Ленина.",
            [
                "Это, т. е. мост, важно.",
                "Мост открыт в 2022 г.",
                "Жители рады.",
                "«Пусть смотрят. Там всё чисто», — сказал он.",
                "Он живёт на ул. Ленина.",
            ],
        ),
        (
            "«Мэрия обещала „мост. К юбилею“ давно», — сказал Миронов. В 2023 г. и в 2024 г. мост"
            " не открыли.",
            [
                "«Мэрия обещала „мост. К юбилею“ давно», — сказал Миронов.",
                "В 2023 г. и в 2024 г. мост не открыли.",
            ],
        ),
    ],
    "pl": [
        (
            "Mieszkańcy ul. Lipowej, np. pan Jan, protestują. „Pisaliśmy co roku. Odpowiedź była:"
            " «nie ma pieniędzy»” – mówi sołtys. Powódź była w 1997 r. Teraz jest gorzej.",
            [
                "Mieszkańcy ul. Lipowej, np. pan Jan, protestują.",
                "„Pisaliśmy co roku. Odpowiedź była: «nie ma pieniędzy»” – mówi sołtys.",
                "Powódź była w 1997 r.",
                "Teraz jest gorzej.",
            ],
        ),
    ],
}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [(lang, t, e) for lang, cases in CASES.items() for t, e in cases],
    ids=lambda v: v if isinstance(v, str) and len(v) == 2 else "",
)
def test_pack_splits_as_a_reader_would(language: str, text: str, expected: list[str]) -> None:
    sentences = split_sentences(text, language)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_every_language_in_the_issue_has_a_pack() -> None:
    assert {"fr", "de", "es", "it", "pt", "ru", "pl"} <= set(codes("sentences"))


@pytest.mark.parametrize("language", [None, "en", "en-GB", "nl", "xx", "1x"])
def test_english_and_packless_languages_split_as_before(language: str | None) -> None:
    text = (
        'Mr. Smith arrived at 5 p.m. "We will see. Nothing is decided," he said. « Oui. »'
        " The U.S. team won. „Ja.“ It ended."
    )
    assert sentence_texts(text, language) == sentence_texts(text)


def test_abbreviations_at_the_end_of_a_german_sentence_still_end_it() -> None:
    assert sentence_texts("Er kaufte Äpfel, Birnen usw. Dann ging er heim.", "de") == [
        "Er kaufte Äpfel, Birnen usw.",
        "Dann ging er heim.",
    ]


# Property: whatever sentences and quotations a text is made of, no sentence starts or ends
# strictly inside a quotation of that language.
_WORDS = st.sampled_from(["Nous", "verrons", "rien", "bientôt", "Paris", "demain", "deux", "M."])
_PLAIN = st.lists(_WORDS, min_size=1, max_size=6).map(lambda ws: " ".join(ws) + ".")
_MARKS = {"fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“"), "pl": ("„", "”"), "ru": ("«", "»")}


@st.composite
def _article(draw: st.DrawFn) -> tuple[str, str]:
    language = draw(st.sampled_from(sorted(_MARKS)))
    opener, closer = _MARKS[language]
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        inner = " ".join(draw(st.lists(_PLAIN, min_size=1, max_size=3)))
        parts.append(
            draw(
                st.sampled_from(
                    [
                        "Il parle.",
                        f"{opener}{inner}{closer}, dit-il.",
                        f"{opener}{inner}{closer}",
                        f"Elle a dit : {opener}{inner}{closer} Puis rien.",
                    ]
                )
            )
        )
        parts.append(draw(_PLAIN))
    return language, " ".join(parts)


@settings(max_examples=60, deadline=None)
@given(_article())
def test_no_sentence_starts_or_ends_inside_a_quotation(article: tuple[str, str]) -> None:
    language, text = article
    pack = _pack_for(language)
    assert pack is not None
    regions = quote_regions(text, pack.pairs)
    for s in split_sentences(text, language):
        for opened, closed in regions:
            assert not opened < s.start < closed, (s.text, text)
            assert not opened < s.end < closed, (s.text, text)


def test_quote_regions_pair_marks_by_language() -> None:
    german = parse_pairs(["„ “", "» «", "“ ”"])
    text = "„Ja“, sagte er. „Nein“ – »Doch« und “so”."
    assert [text[a:b] for a, b in quote_regions(text, german)] == [
        "„Ja“",
        "„Nein“",
        "»Doch«",
        "“so”",
    ]
    french = parse_pairs(["« »", "“ ”"])
    # In French "»" never opens: a stray one is ignored, not paired with the next "«".
    text = "fin » puis « début » et « encore »"
    assert [text[a:b] for a, b in quote_regions(text, french)] == ["« début »", "« encore »"]


@pytest.mark.parametrize("language", ["fr", "fr-FR", "french"])
def test_summariser_documents_split_with_the_articles_language(language: str) -> None:
    from bot.summarize.document import analyse

    text = f"Il a dit{NB}: «{NB}Nous verrons. Rien n'est joué.{NB}» Puis il est parti."
    assert [s.text for s in analyse(text, language).sentences] == [
        f"Il a dit{NB}: «{NB}Nous verrons. Rien n'est joué.{NB}»",
        "Puis il est parti.",
    ]
