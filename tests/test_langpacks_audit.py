"""Issue #13's acceptance list, item by item, for every language pack at once: each pack has
the parts the schema asks for, its quotation marks are CLDR's (primary and nested) in both
layers that read them, fragments and quotes are told apart by structure in every language, and
no summary sentence starts or ends inside a quotation of any pack's marks.

Sentences written for these tests (invented people and places)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.langpacks import codes, load
from bot.quotes import find_quotes
from bot.quotes.pack import quote_pack
from bot.text.quoting import parse_pairs, quote_regions
from bot.text.sentences import split_sentences

LANGUAGES = ("fr", "de", "es", "it", "pt", "ru", "pl")

# --- the schema ------------------------------------------------------------------------------

# What every pack's quotes.toml must give (section -> keys); other keys are optional.
QUOTES_SCHEMA = {
    "marks": {"pairs"},
    "verbs": {"speech", "indirect", "framing"},
    "words": {
        "titles",
        "subject_pronouns",
        "determiners",
        "honorifics",
        "complementizers",
        "np_breaks",
        "not_names",
        "connectives",
        "document_nouns",
        "org_words",
        "group_nouns",
        "aux_adverbs",
        "passive_aux",
        "role_stop",
    },
    "pronouns": {"person"},
    "sources": {"phrases"},
}
# Keys every quotes.toml must state, though the value may be empty (German "sie" is "she" and
# "they": the pack lists it once, as a person).
QUOTES_STATED = {"pronouns": {"person", "thing", "group"}, "marks": {"pairs", "nested"}}
SENTENCES_SCHEMA = {"quotes": {"pairs"}, "abbreviations": {"words", "never_final"}}


@pytest.mark.parametrize("code", codes("quotes"))
def test_every_quote_pack_fills_the_schema(code: str) -> None:
    data = load(code, "quotes")
    assert data is not None
    for section, keys in QUOTES_SCHEMA.items():
        assert section in data, (code, section)
        for key in keys:
            value = data[section].get(key)
            assert value, (code, section, key)
    if code != "en":  # English's nested quotes are single ones, read inside double quotes
        for section, keys in QUOTES_STATED.items():
            assert keys <= set(data.get(section, {})), (code, section)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_both_layers_and_the_sentence_schema(code: str) -> None:
    data = load(code, "sentences")
    assert data is not None, code
    for section, keys in SENTENCES_SCHEMA.items():
        for key in keys:
            assert data.get(section, {}).get(key), (code, section, key)


@pytest.mark.parametrize("code", LANGUAGES)
def test_verb_forms_sources_titles_and_pronouns_are_in_the_pack(code: str) -> None:
    """The forms the issue names for each language are data in its pack."""
    pack = quote_pack(code)
    verbs, titles, sources = NAMED[code]
    assert set(verbs) <= pack.speech_verbs, set(verbs) - pack.speech_verbs
    assert set(titles) <= pack.titles, set(titles) - pack.titles
    assert tuple(sources.split()) in pack.sources
    assert pack.pron_person and pack.subject_pronouns


# (speech verbs: past / present / perfect participle as news writes them, titles, a source)
NAMED = {
    "fr": (("déclaré", "dit", "estime", "affirme"), ("maire", "entraîneur"), "selon"),
    "de": (("sagte", "sagt", "gesagt", "erklärte"), ("bürgermeisterin", "trainer"), "laut"),
    "es": (("dijo", "dice", "afirmó"), ("alcaldesa", "alcalde"), "según"),
    "it": (("detto", "dice", "disse"), ("sindaco",), "secondo"),
    "pt": (("disse", "diz", "afirmou"), ("prefeito",), "segundo"),
    "ru": (("заявил", "заявила", "сказал"), ("мэр",), "по словам"),
    "pl": (("powiedział", "powiedziała", "mówi"), ("burmistrz",), "według"),
}

# --- quotation marks: CLDR's primary and nested pairs ---------------------------------------

# Unicode CLDR delimiters: (primary, alternate/nested) as "open close" characters.
CLDR = {
    "en": ("“”", "‘’"),
    "fr": ("«»", "«»"),
    "de": ("„“", "‚‘"),
    "es": ("«»", "“”"),
    "it": ("«»", "“”"),
    "pt": ("“”", "‘’"),
    "ru": ("«»", "„“"),
    "pl": ("„”", "«»"),
}
_SINGLE = set("‘’‚‛")


@pytest.mark.parametrize("code", sorted(CLDR))
def test_quote_pack_reads_cldr_primary_first_and_the_nested_pair(code: str) -> None:
    primary, nested = CLDR[code]
    pack = quote_pack(code)
    assert pack.mark_pairs[0] == primary
    if not set(nested) & _SINGLE:  # single nested quotes are read inside double ones
        assert nested in (*pack.mark_pairs, *pack.nested_pairs)


@pytest.mark.parametrize("code", LANGUAGES)
def test_splitter_knows_every_pair_the_quote_layer_reads(code: str) -> None:
    """One pack, one set of marks: each quotation the quote layer can find is one the sentence
    splitter keeps whole, and CLDR's nested pair is among them."""
    sentences = load(code, "sentences")
    quotes = load(code, "quotes")
    assert sentences is not None and quotes is not None
    split_pairs = {p.replace(" ", "") for p in sentences["quotes"]["pairs"]}
    marks = quotes["marks"]
    assert set(marks["pairs"]) | set(marks.get("nested", [])) <= split_pairs
    assert set(CLDR[code]) <= split_pairs


@pytest.mark.parametrize("code", LANGUAGES)
def test_primary_quotation_with_a_nested_one_is_one_quote(code: str) -> None:
    (o, c), (no, nc) = CLDR[code]
    if (no, nc) == (o, c):
        no, nc = "“”"  # French nests « » in « » too; the pack reads “ ” inside them
    text = f"Der Rat tagte. {o}Wir nennen es {no}Neubeginn{nc} und meinen es ernst{c}, {CUE[code]}"
    quotes = [q for q in find_quotes(text, code) if q.kind == "direct"]
    assert [q.text for q in quotes] == [f"Wir nennen es {no}Neubeginn{nc} und meinen es ernst"]


# The cue after a quotation, in each language (original phrasing).
CUE = {
    "fr": "a déclaré la maire Sophie Marchand.",
    "de": "sagte Bürgermeisterin Anna Keller.",
    "es": "dijo la alcaldesa Marta Ruiz.",
    "it": "ha detto il sindaco Marco Conti.",
    "pt": "disse o prefeito Paulo Mendes.",
    "ru": "— заявил мэр Иван Петров.",
    "pl": "– powiedział burmistrz Jan Nowak.",
}


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        # “ opens in English and closes German „…“; » closes French «…» and opens German »…«.
        ("en", "“", "”"),
        ("de", "„", "“"),
        ("de", "»", "«"),
        ("fr", "«", "»"),
        ("pl", "„", "”"),
    ],
)
def test_the_same_mark_plays_the_role_its_language_gives_it(
    lang: str, first: str, second: str
) -> None:
    text = f"{first}Eins zwei drei{second} und dann {first}vier fünf{second} am Ende."
    quotes = [q for q in find_quotes(text, lang) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["Eins zwei drei", "vier fünf"]


# --- fragments vs quotes: by structure, not length -------------------------------------------

SHORT_WITH_CUE = {
    "fr": ("« Jamais », a répondu la maire Sophie Marchand.", "Sophie Marchand"),
    "de": ("»Eigentlich wollte ich flanken«, gab Albrecht zu.", "Albrecht"),
    "es": ("«Nunca», dijo la alcaldesa Marta Ruiz.", "Marta Ruiz"),
    "it": ("«Io resto qui», ha detto il sindaco Marco Conti.", "Marco Conti"),
    "pt": ("“Nunca”, disse o prefeito Paulo Mendes.", "Paulo Mendes"),
    "ru": ("«Никогда», — ответил мэр Иван Петров.", "Иван Петров"),
    "pl": ("„Zostaję” – powiedział burmistrz Jan Nowak.", "Jan Nowak"),
}
SCARE_QUOTES = {
    "fr": "Le maire a qualifié le vote d'« historique » devant la presse.",
    "de": "Die Stadt spricht von einem „historischen“ Tag für Lindenau.",
    "es": "El alcalde habló de un día «histórico» para el pueblo.",
    "it": "Il sindaco ha parlato di una giornata «storica» per la città.",
    "pt": "O prefeito falou de um dia “histórico” para a cidade.",
    "ru": "Мэр назвал этот день «историческим» для города.",
    "pl": "Burmistrz nazwał ten dzień „historycznym” dla miasta.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_short_quotation_with_its_own_cue_is_a_quote(lang: str) -> None:
    text, speaker = SHORT_WITH_CUE[lang]
    quotes = [q for q in find_quotes(text, lang) if q.kind == "direct"]
    assert [(q.speaker, q.partial) for q in quotes] == [(speaker, False)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_scare_quotes_stay_fragments(lang: str) -> None:
    quotes = [q for q in find_quotes(SCARE_QUOTES[lang], lang) if q.kind == "direct"]
    assert len(quotes) == 1 and quotes[0].partial


# --- sentences: never start or end inside a quotation, whatever the pack's marks --------------


def _sentence_pairs(code: str) -> list[str]:
    data = load(code, "sentences")
    assert data is not None
    return list(data["quotes"]["pairs"])


_PLAIN_WORDS = st.sampled_from(["Alpha", "beta", "gamma", "Delta", "zwei", "2024", "Ende"])


@st.composite
def _article(draw: st.DrawFn) -> tuple[str, str]:
    code = draw(st.sampled_from(LANGUAGES))
    pack = load(code, "sentences")
    assert pack is not None
    abbreviations = list(pack["abbreviations"]["never_final"])
    words = st.one_of(_PLAIN_WORDS, st.sampled_from(abbreviations))

    def sentence() -> str:
        return " ".join(draw(st.lists(words, min_size=1, max_size=6))) + draw(
            st.sampled_from([".", "!", "?"])
        )

    pairs = [p.split() for p in _sentence_pairs(code)]
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        o, c = draw(st.sampled_from(pairs))
        pad = draw(st.sampled_from(["", "\u00a0", "\u202f"])) if o in "«»" else ""
        inner = " ".join(sentence() for _ in range(draw(st.integers(1, 3))))
        quoted = f"{o}{pad}{inner}{pad}{c}"
        parts.append(
            draw(st.sampled_from([quoted, f"{quoted}, {CUE[code]}", f"Beta: {quoted} Ende."]))
        )
        parts.append(sentence())
    return code, " ".join(parts)


@settings(max_examples=80, deadline=None)
@given(_article())
def test_no_sentence_starts_or_ends_inside_any_packs_quotation(article: tuple[str, str]) -> None:
    code, text = article
    regions = quote_regions(text, parse_pairs(_sentence_pairs(code)))
    for s in split_sentences(text, code):
        for opened, closed in regions:
            assert not opened < s.start < closed, (s.text, text)
            assert not opened < s.end < closed, (s.text, text)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "es",
            "El Sr. Ortega y la Sra. Ruiz votaron. «Lo haremos», dijo el Sr. Ortega. Fin.",
            [
                "El Sr. Ortega y la Sra. Ruiz votaron.",
                "«Lo haremos», dijo el Sr. Ortega.",
                "Fin.",
            ],
        ),
        (
            "pl",
            "Radni z ul. Polnej pytali, np. o szkołę. “Nie wiemy. Zobaczymy” – mówi wójt.",
            ["Radni z ul. Polnej pytali, np. o szkołę.", "“Nie wiemy. Zobaczymy” – mówi wójt."],
        ),
        (
            "de",
            "Die Schweizer Zeitung schrieb: «Es reicht. Wir warten.» Dann kam der Rat.",
            ["Die Schweizer Zeitung schrieb: «Es reicht. Wir warten.»", "Dann kam der Rat."],
        ),
    ],
)
def test_splitter_keeps_each_packs_other_marks_whole(
    lang: str, text: str, expected: list[str]
) -> None:
    assert [s.text for s in split_sentences(text, lang)] == expected


# --- no language in the code ------------------------------------------------------------------

# Labels the rules give phrases, rules and marks (not words of any language), and the Latin
# alphabet the regex builder writes as a range.
_LABELS = {
    "person", "pronoun", "implicit", "np", "org", "document", "group", "direct", "indirect",
    "open", "close", "xxx", "x", "colon", "split", "abcdefghijklmnopqrstuvwxyz",
}  # fmt: skip


def _word_literals(path: Path) -> list[tuple[int, str]]:
    """Lower-case word strings the code compares words with: set/tuple/list members,
    ``==``/``in`` operands and ``startswith``/``endswith`` arguments."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        values: list[ast.expr] = []
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            values = list(node.elts)
        elif isinstance(node, ast.Compare):
            values = [node.left, *node.comparators]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {
            "startswith",
            "endswith",
        }:
            for arg in node.args:
                values += list(arg.elts) if isinstance(arg, ast.Tuple) else [arg]
        for v in values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                word = v.value
                # One letter is a flag ("f"/"m" for a verb ending's gender), not a word.
                if len(word) > 1 and word.isalpha() and word not in _LABELS and not word.isupper():
                    found.append((node.lineno, word))
    return found


def test_no_words_of_any_language_in_the_quote_rules_or_the_splitter() -> None:
    """Language-dependent rules live in the packs: the quote rules and the sentence splitter
    compare words only with pack data (adding a language never means editing them)."""
    root = Path(__file__).resolve().parents[1] / "bot"
    files = [*sorted((root / "quotes").glob("*.py")), root / "text" / "sentences.py"]
    files.append(root / "text" / "quoting.py")
    left = {(path.name, word, line) for path in files for line, word in _word_literals(path)}
    assert not left, sorted(left)


# --- reported speech in every pack: a verb and its complementiser, a source phrase ------------

REPORTED_VERB = {
    "fr": "La maire Sophie Marchand a expliqué que le marché rouvrirait avant Noël.",
    "de": "Bürgermeisterin Anna Keller sagte, dass die Brücke im Herbst fertig werde.",
    "es": "La alcaldesa Marta Ruiz dijo que la plaza abriría en primavera.",
    "it": "Il sindaco Marco Conti ha detto che il ponte sarà pronto in autunno.",
    "pt": "O prefeito Paulo Mendes disse que a ponte ficará pronta no outono.",
    "ru": "Мэр Иван Петров заявил, что мост откроют осенью.",
    "pl": "Burmistrz Jan Nowak powiedział, że most zostanie otwarty jesienią.",
}
# The person is named first; the source phrase then gives only the surname (inflected in
# Russian and Polish).
REPORTED_SOURCE = {
    "fr": "La maire Sophie Marchand a visité le chantier. Selon Marchand, le marché rouvrira "
    "avant Noël.",
    "de": "Bürgermeisterin Anna Keller besuchte die Baustelle. Laut Keller wird die Brücke im "
    "Herbst fertig.",
    "es": "La alcaldesa Marta Ruiz visitó la obra. Según Ruiz, la plaza abrirá en primavera.",
    "it": "Il sindaco Marco Conti ha visitato il cantiere. Secondo Conti, il ponte sarà pronto "
    "in autunno.",
    "pt": "O prefeito Paulo Mendes visitou a obra. Segundo Mendes, a ponte ficará pronta no "
    "outono.",
    "ru": "Мэр Иван Петров осмотрел стройку. По словам Петрова, мост откроют осенью.",
    "pl": "Burmistrz Jan Nowak odwiedził budowę. Według Nowaka most zostanie otwarty jesienią.",
}
SPEAKER = {
    "fr": "Sophie Marchand",
    "de": "Anna Keller",
    "es": "Marta Ruiz",
    "it": "Marco Conti",
    "pt": "Paulo Mendes",
    "ru": "Иван Петров",
    "pl": "Jan Nowak",
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("style", [REPORTED_VERB, REPORTED_SOURCE], ids=["verb", "source"])
def test_reported_speech_is_found_in_every_pack(lang: str, style: dict[str, str]) -> None:
    text = style[lang]
    quotes = find_quotes(text, lang)
    assert [(q.kind, q.speaker) for q in quotes] == [("indirect", SPEAKER[lang])]
    # The claim, not the cue: it ends the sentence and holds none of the speaker's name.
    (q,) = quotes
    assert text[q.end :].strip() == "." and SPEAKER[lang].split()[-1][:4] not in q.text
