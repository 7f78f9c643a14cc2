"""Quotes and speakers in the seven pack languages: one test per construction and language
(sentences written for these tests), CLDR quotation-mark pairing, and the invariant that text
between two quotations never becomes a quote, whatever the language."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.langpacks import PACKS, codes
from bot.models import Quote
from bot.quotes import find_quotes
from bot.quotes.pack import QuotePack, quote_pack

LANGUAGES = ("fr", "de", "es", "it", "pt", "ru", "pl")


def direct(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "direct"]


def one(text: str, lang: str) -> Quote:
    quotes = direct(text, lang)
    assert len(quotes) == 1, quotes
    return quotes[0]


def indirect(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "indirect"]


# --- the packs -------------------------------------------------------------------------------


def test_every_language_has_a_quote_pack() -> None:
    assert set(LANGUAGES) | {"en"} <= set(codes("quotes"))
    for code in LANGUAGES:
        pack = quote_pack(code)
        assert pack.code == code
        assert pack.speech_verbs and pack.titles and pack.sources and pack.mark_pairs


def test_pack_files_use_only_known_keys() -> None:
    """A misspelt key would be silently ignored: every key in a pack file is one the loader
    (bot/quotes/pack.py) reads."""
    import re

    from bot.quotes import pack

    source = Path(pack.__file__).read_text(encoding="utf-8")
    known: dict[str, set[str]] = {}
    for section, key in re.findall(r'\b(\w+)\.get\("(\w+)"', source):
        known.setdefault(section, set()).add(key)
    for section, key in re.findall(r'data\.get\("(\w+)", \{\}\)\.get\("(\w+)"', source):
        known.setdefault(section, set()).add(key)
    for path in PACKS.glob("*/quotes.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for section, values in data.items():
            if section in {"phrasal", "conjugation"}:  # tables keyed by any verb / ending
                continue
            assert section in known, (path, section)
            assert set(values) <= known[section], (path, set(values) - known[section])


def test_an_unknown_language_falls_back_to_english() -> None:
    assert quote_pack("xx").code == "en"
    assert quote_pack(None).code == "en"


# --- French ----------------------------------------------------------------------------------


def test_fr_inverted_perfect_after_guillemets() -> None:
    q = one(
        "La maire Sophie Marchand a présenté le projet.\n\n"
        "« Nous allons rénover toute la place du marché cette année », a déclaré Sophie "
        "Marchand devant le conseil.",
        "fr",
    )
    assert q.speaker == "Sophie Marchand" and not q.partial
    assert q.text == "Nous allons rénover toute la place du marché cette année"


def test_fr_narrow_no_break_spaces_stay_outside_the_quote() -> None:
    q = one("Paul Girard a parlé. «\u202fLe pont ouvrira en juin\u202f», a dit Paul Girard.", "fr")
    assert q.text == "Le pont ouvrira en juin" and q.speaker == "Paul Girard"


def test_fr_clitic_pronoun_takes_the_previous_subject() -> None:
    q = one(
        "Sophie Marchand a présenté le budget lundi.\n\n"
        "« Ce budget protège les familles les plus modestes », estime-t-elle.",
        "fr",
    )
    assert q.speaker == "Sophie Marchand"


def test_fr_role_is_not_the_name() -> None:
    q = one(
        "L'entraîneur de Port-Sainte-Marie, Didier Caron, a reconnu : « Nous avons manqué de "
        "rigueur pendant toute la seconde période. »",
        "fr",
    )
    assert q.speaker == "Didier Caron"
    assert q.role is not None and "entraîneur" in q.role


def test_fr_selon_after_the_quote() -> None:
    q = one(
        "Le ministre Paul Girard était en visite. « Les travaux commenceront au printemps "
        "prochain », selon Paul Girard.",
        "fr",
    )
    assert (q.speaker, q.rule) == ("Paul Girard", "according_to")


def test_fr_scare_quotes_stay_fragments() -> None:
    q = one("La maire Sophie Marchand a évoqué un moment « historique » pour la commune.", "fr")
    assert q.partial


def test_fr_reported_speech() -> None:
    found = indirect(
        "Jean Dupuis a expliqué que la commune allait embaucher trois agents. Selon Jean "
        "Dupuis, la mairie ouvrira un guichet unique en septembre.",
        "fr",
    )
    assert [q.speaker for q in found] == ["Jean Dupuis", "Jean Dupuis"]
    assert found[0].text.startswith("la commune allait embaucher")
    assert found[1].text.startswith("la mairie ouvrira")


# --- German ----------------------------------------------------------------------------------


def test_de_low_high_quotes_and_the_title_before_the_name() -> None:
    text = (
        "Bürgermeisterin Anna Keller stellte den Plan vor.\n\n„Wir werden den Marktplatz noch "
        "in diesem Jahr erneuern“, sagte Bürgermeisterin Anna Keller nach der Abstimmung. "
        "Ein neuer Brunnen ist geplant, „mit Bänken“, wie es hieß."
    )
    quotes = direct(text, "de")
    assert quotes[0].speaker == "Anna Keller"
    assert quotes[0].text == "Wir werden den Marktplatz noch in diesem Jahr erneuern"
    # The closing “ never opens a quote: the text between the two is never one.
    assert not any("sagte" in q.text for q in quotes)


def test_de_guillemets_point_inwards_and_a_short_quote_with_its_cue() -> None:
    q = one(
        "Der Trainer Jens Albrecht war zufrieden. »Eigentlich wollte ich flanken«, gab "
        "Albrecht zu.",
        "de",
    )
    assert (q.text, q.speaker, q.partial) == (
        "Eigentlich wollte ich flanken",
        "Jens Albrecht",
        False,
    )


def test_de_so_name() -> None:
    q = one(
        "Thomas Brandt leitet die Firma. „Die Zahlen sind besser als erwartet“, so Brandt.", "de"
    )
    assert q.speaker == "Thomas Brandt"


def test_de_swiss_guillemets() -> None:
    q = one("Urs Meier ist Präsident. «Wir bauen das Stadion neu», sagte Urs Meier.", "de")
    assert (q.text, q.speaker) == ("Wir bauen das Stadion neu", "Urs Meier")


def test_de_pronoun_after_the_quote() -> None:
    q = one(
        "Wirtschaftsministerin Claudia Brandt besuchte das Werk. „Wir lassen niemanden "
        "allein“, versprach sie.",
        "de",
    )
    assert q.speaker == "Claudia Brandt"


def test_de_reported_speech() -> None:
    found = indirect(
        "Anna Keller sagte, dass der Umbau zwei Millionen Euro kosten werde. Laut Keller wird "
        "die Stadt einen Teil selbst tragen.",
        "de",
    )
    assert [q.speaker for q in found] == ["Anna Keller", "Anna Keller"]


# --- Spanish ---------------------------------------------------------------------------------


def test_es_role_after_the_verb_is_the_named_holder() -> None:
    q = one(
        "La alcaldesa Carmen Ortega presentó el plan. «Vamos a renovar toda la plaza del "
        "mercado este año», dijo la alcaldesa.",
        "es",
    )
    assert q.speaker == "Carmen Ortega"


def test_es_cue_in_dashes_inside_the_quote() -> None:
    q = one(
        "Carmen Ortega habló ayer. «Vamos a ganar —dijo Ortega— y lo haremos con humildad»", "es"
    )
    assert (q.speaker, q.rule) == ("Carmen Ortega", "dash_inside")


def test_es_verb_without_subject() -> None:
    q = one(
        "Luis Prado, dueño de una panadería, teme perder clientes. «La gente ya no viene al "
        "centro», lamentó.",
        "es",
    )
    assert q.speaker == "Luis Prado"


def test_es_segun_reported() -> None:
    [q] = indirect("Carmen Ortega habló. Según Ortega, la obra costará dos millones.", "es")
    assert q.speaker == "Carmen Ortega" and q.text == "la obra costará dos millones"


# --- Italian ---------------------------------------------------------------------------------


def test_it_perfect_with_the_title() -> None:
    q = one(
        "Il sindaco Marco Rossi ha presentato il piano. «Rinnoveremo tutta la piazza del "
        "mercato», ha detto il sindaco.",
        "it",
    )
    assert q.speaker == "Marco Rossi"


def test_it_role_then_appositive_name() -> None:
    q = one(
        "«Riapriamo il museo dopo tre anni di lavori», ha dichiarato la direttrice del museo, "
        "Silvia Conti, durante la presentazione.",
        "it",
    )
    assert q.speaker == "Silvia Conti"


def test_it_secondo_reported() -> None:
    [q] = indirect("Marco Rossi ha parlato. Secondo Rossi, i lavori costeranno due milioni.", "it")
    assert q.speaker == "Marco Rossi"


# --- Portuguese ------------------------------------------------------------------------------


def test_pt_curly_quotes_and_the_mayor() -> None:
    q = one(
        "O prefeito João Silva apresentou o plano. “Vamos renovar toda a praça do mercado este "
        "ano”, disse o prefeito João Silva durante a cerimônia.",
        "pt",
    )
    assert q.speaker == "João Silva"


def test_pt_de_acordo_com_reported() -> None:
    [q] = indirect(
        "João Silva falou ontem. De acordo com Silva, a obra custará dois milhões.", "pt"
    )
    assert q.speaker == "João Silva"


# --- Russian ---------------------------------------------------------------------------------


def test_ru_comma_dash_cue() -> None:
    q = one(
        "Мэр Иван Петров представил план.\n\n«Мы обновим всю рыночную площадь в этом году», — "
        "заявил мэр Иван Петров.",
        "ru",
    )
    assert (q.speaker, q.text) == ("Иван Петров", "Мы обновим всю рыночную площадь в этом году")


def test_ru_inflected_surname_maps_to_the_first_full_mention() -> None:
    text = (
        "Мэр Иван Петров представил план реконструкции. Журналисты спросили Петрова о сроках. "
        "По словам Петрова, «работы начнутся уже весной и закончатся к осени»."
    )
    quotes = find_quotes(text, "ru")
    assert {q.speaker for q in quotes if q.speaker} == {"Иван Петров"}


def test_ru_nested_low_quotes_stay_inside() -> None:
    q = one(
        "Мэр Иван Петров заявил: «Проект „Набережная“ мы закончим к лету, как и обещали».", "ru"
    )
    assert q.text == "Проект „Набережная“ мы закончим к лету, как и обещали"
    assert q.speaker == "Иван Петров"


# --- Polish ----------------------------------------------------------------------------------


def test_pl_dash_cue_with_the_bare_title() -> None:
    q = one(
        "Burmistrz Jan Kowalski przedstawił plan. „Odnowimy cały rynek jeszcze w tym roku” – "
        "powiedział burmistrz podczas konferencji.",
        "pl",
    )
    assert q.speaker == "Jan Kowalski"


def test_pl_genitive_surname_and_wedlug() -> None:
    [q] = indirect(
        "Burmistrz Jan Kowalski przedstawił plan. Według Kowalskiego prace potrwają dwa lata.",
        "pl",
    )
    assert q.speaker == "Jan Kowalski"


def test_pl_nested_guillemets() -> None:
    q = one(
        "Lekarz Paweł Nowak otworzył oddział. „To nie jest «inwestycja dla prestiżu», tylko "
        "konieczność” – podkreślił Nowak.",
        "pl",
    )
    assert q.text.startswith("To nie jest «inwestycja dla prestiżu»")
    assert q.speaker == "Paweł Nowak"


# --- other scripts ---------------------------------------------------------------------------


def test_japanese_corner_brackets_found_unattributed() -> None:
    text = "市長は会見で「来年までに橋を完成させる」と述べた。記者は『予算』について質問した。"
    quotes = direct(text, "ja")
    assert [q.text for q in quotes] == ["来年までに橋を完成させる", "予算"]
    assert all(q.speaker is None for q in quotes)


# --- the invariant: text between two quotations is never a quote ------------------------------

_PROSE = st.text(alphabet="abcdefgh ĄéßжЖ,.;:-—\n", min_size=0, max_size=30)
_QUOTED = st.text(alphabet="abcdefgh ĄéßжЖ,.;-—", min_size=1, max_size=30).filter(str.strip)


def _primary(pack: QuotePack) -> str:
    return pack.mark_pairs[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lang=st.sampled_from([*LANGUAGES, "en"]),
    parts=st.lists(st.tuples(_PROSE, _QUOTED), min_size=1, max_size=5),
    tail=_PROSE,
    use_nested=st.booleans(),
)
def test_text_between_quotations_never_becomes_a_quote(
    lang: str, parts: list[tuple[str, str]], tail: str, use_nested: bool
) -> None:
    pack = quote_pack(lang)
    pairs = [p for p in pack.mark_pairs if p[0] != p[1]]
    pair = pairs[1] if use_nested and len(pairs) > 1 else pairs[0]
    text = ""
    inside: list[tuple[int, int]] = []
    for prose, quoted in parts:
        text += prose
        start = len(text) + 1
        text += pair[0] + quoted + pair[1]
        inside.append((start, start + len(quoted)))
    text += tail
    for q in find_quotes(text, lang):
        assert text[q.start : q.end] == q.text
        if q.kind != "direct":
            continue
        assert any(s <= q.start and q.end <= e for s, e in inside), (lang, pair, text, q.text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_reads_its_own_primary_marks(lang: str) -> None:
    o, c = _primary(quote_pack(lang))
    text = f"A b c. {o}Alpha beta gamma{c} d e f {o}Delta epsilon{c} g h."
    assert [q.text for q in direct(text, lang)] == ["Alpha beta gamma", "Delta epsilon"]


# --- more attribution styles, one sentence each ------------------------------------------------

STYLES = [
    ("fr", "Le directeur de l'usine, Marc Olivier, a rencontré les salariés mardi. « Aucun poste "
     "ne sera supprimé cette année », a-t-il promis.", "Marc Olivier"),
    ("fr", "Le préfet Alain Brun s'est voulu rassurant : « La situation est sous contrôle depuis "
     "ce matin. »", "Alain Brun"),
    ("de", "„Das ist ein guter Tag für die Region“, erklärte Landrat Klaus Becker am Montag.",
     "Klaus Becker"),
    ("de", "Trainer Lukas Vogel lobte seine Mannschaft. „Die Jungs haben alles gegeben“, sagte "
     "der Trainer nach dem Spiel.", "Lukas Vogel"),
    ("es", "El consejero de Sanidad, Pablo Gil, defendió la medida. «Es la única forma de reducir "
     "las listas de espera», aseguró.", "Pablo Gil"),
    ("es", "La jueza Elena Soto fue tajante: «Nadie está por encima de la ley».", "Elena Soto"),
    ("it", "«Abbiamo fatto tutto il possibile», ha spiegato il primario Luca Bianchi ai "
     "giornalisti.", "Luca Bianchi"),
    ("pt", "“Vamos contratar mais médicos até o fim do ano”, prometeu o governador Paulo Mendes "
     "nesta terça-feira.", "Paulo Mendes"),
    ("pt", "O treinador Rui Costa não escondeu a frustração: “Jogámos mal e merecemos perder”.",
     "Rui Costa"),
    ("ru", "«Ситуация под контролем», — заверил журналистов министр здравоохранения Алексей "
     "Громов.", "Алексей Громов"),
    ("ru", "Глава района Пётр Зайцев признал ошибки. «Мы должны были действовать быстрее», — "
     "сказал он.", "Пётр Зайцев"),
    ("pl", "Prezes klubu Marek Nowicki był zadowolony. „To najlepszy sezon w historii” – mówił po "
     "meczu.", "Marek Nowicki"),
    ("pl", "„Będziemy walczyć do końca” – zapowiedział trener Adam Malinowski przed meczem.",
     "Adam Malinowski"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "speaker"), STYLES)
def test_attribution_styles(lang: str, text: str, speaker: str) -> None:
    q = one(text, lang)
    assert (q.speaker, q.partial) == (speaker, False)
