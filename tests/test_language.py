"""Offline language detection and the mapping to sumy's languages."""

from __future__ import annotations

import pytest
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from bot.text.language import SUMY_LANGUAGES, detect_language, normalise_code, sumy_language

SAMPLES = {
    "en": "The government said on Monday that it would not change the policy, despite the "
    "protests that filled the streets of the capital over the weekend.",
    "fr": "Le gouvernement a annoncé lundi qu'il ne changerait pas sa politique, malgré les "
    "manifestations qui ont rempli les rues de la capitale ce week-end.",
    "de": "Die Regierung sagte am Montag, dass sie die Politik trotz der Proteste, die am "
    "Wochenende die Straßen der Hauptstadt füllten, nicht ändern werde.",
    "es": "El gobierno dijo el lunes que no cambiaría la política, a pesar de las protestas "
    "que llenaron las calles de la capital durante el fin de semana.",
    "it": "Il governo ha detto lunedì che non cambierà la politica, nonostante le proteste "
    "che hanno riempito le strade della capitale durante il fine settimana.",
    "pt": "O governo disse na segunda-feira que não vai mudar a política, apesar dos protestos "
    "que encheram as ruas da capital durante o fim de semana.",
    "nl": "De regering zei maandag dat zij het beleid niet zal veranderen, ondanks de "
    "protesten die in het weekend de straten van de hoofdstad vulden.",
    "sv": "Regeringen sade på måndagen att den inte kommer att ändra politiken, trots "
    "protesterna som fyllde huvudstadens gator under helgen.",
    "pl": "Rząd powiedział w poniedziałek, że nie zmieni polityki, mimo protestów, które w "
    "weekend wypełniły ulice stolicy i na które nikt nie był przygotowany.",
    "ru": "Правительство заявило в понедельник, что не изменит политику, несмотря на протесты.",
    "uk": "Уряд заявив у понеділок, що не змінить політику, попри протести у столиці.",
    "el": "Η κυβέρνηση δήλωσε τη Δευτέρα ότι δεν θα αλλάξει την πολιτική της.",
    "ja": "政府は月曜日に、週末の抗議にもかかわらず政策を変更しないと発表した。",
    "zh": "政府周一表示，尽管周末发生了抗议活动，但不会改变政策。",
}


@pytest.mark.parametrize(("code", "text"), SAMPLES.items())
def test_detects_language(code: str, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "   ", "Hello world", "12345 67890", "OK"])
def test_abstains_on_short_or_empty_text(text: str) -> None:
    assert detect_language(text) is None


def test_normalise_code() -> None:
    assert normalise_code("en-GB") == "en"
    assert normalise_code("FR_ca") == "fr"
    assert normalise_code("english") is None
    assert normalise_code(None) is None


def test_sumy_language_mapping() -> None:
    assert sumy_language("en") == "english"
    assert sumy_language("de-AT") == "german"
    assert sumy_language("nl") is None  # sumy has no Dutch stop words
    assert sumy_language("pl") is None  # sumy's Polish stemmer needs pystempel
    assert sumy_language("zh") is None  # our offline tokenizer can't segment Chinese
    assert sumy_language(None) is None


@pytest.mark.parametrize("name", sorted(SUMY_LANGUAGES.values()))
def test_every_mapped_language_has_stemmer_and_stop_words(name: str) -> None:
    stemmer = Stemmer(name)
    assert isinstance(stemmer("testing"), str)
    assert get_stop_words(name)


# One short sentence each, written for this test: too few function words to be sure, so the
# verdict comes from py3langid's bundled model (benchmarks/language_detection.py).
SHORT = {
    "fr": "Le maire a parlé hier soir.",
    "de": "Der Bürgermeister sprach gestern.",
    "es": "La alcaldesa habló ayer por la tarde.",
    "it": "Il sindaco ha parlato ieri sera.",
    "pt": "O prefeito falou ontem à noite.",
    "pl": "Burmistrz odpowiada krótko, bez emocji.",
    "en": "The mayor spoke late last night.",
}


@pytest.mark.parametrize(("code", "text"), SHORT.items())
def test_short_text_falls_back_to_the_bundled_model(code: str, text: str) -> None:
    assert detect_language(text, model=False) is None  # function words alone abstain
    assert detect_language(text) == code


def test_the_model_abstains_when_unsure() -> None:
    from bot.text.language import model_language

    assert model_language("Merci beaucoup !") is None  # too few words
    assert model_language("https://example.com/a/b/c/d") is None


def test_page_language_outranks_the_model_on_a_short_page() -> None:
    from bot.extract import extract_article

    html = (
        '<html lang="de"><head><title>Kurz</title></head><body><article>'
        "<p>Le maire a parlé hier soir devant le conseil.</p></article></body></html>"
    )
    assert extract_article(html).language == "de"
