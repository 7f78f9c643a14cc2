"""The quote layer's view of a language pack (``bot/langpacks/<code>/quotes.toml``).

The attribution rules are the same for every language; what a speech verb, a title, a
pronoun or a source preposition looks like comes from the pack of the article's language.
``QuotePack`` holds those word lists (and a few sets derived from them, built once per
pack); ``using(pack)`` makes one the active pack while an article's quotes are found, and
``lang()`` reads it. A context variable rather than a parameter keeps the forty small
helpers' signatures as they are, and stays right across threads and tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.langpacks import load

DEFAULT_LANGUAGE = "en"


def _words(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.split())
    return frozenset(str(v) for v in value)


def _conjugate(lemmas: Any, endings: dict[str, Any]) -> frozenset[str]:
    """The news forms of regular verbs given by infinitive: each infinitive ending the pack's
    ``[conjugation]`` table lists ("ar" = "ó a aba ado") is swapped for each of its forms
    (afirmar → afirmó afirma afirmaba afirmado). Irregular forms are listed whole instead."""
    table = sorted(((k, _words(v)) for k, v in endings.items()), key=lambda kv: -len(kv[0]))
    out: set[str] = set()
    for lemma in _words(lemmas):
        for ending, forms in table:
            if lemma.endswith(ending) and len(lemma) > len(ending) + 1:
                stem = lemma[: -len(ending)]
                out.update(stem + f for f in forms)
                break
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class QuotePack:
    """One language's quote knowledge; every set holds lower-case words."""

    code: str
    speech_verbs: frozenset[str] = frozenset()
    inverted_verbs: frozenset[str] = frozenset()
    framing_verbs: frozenset[str] = frozenset()
    indirect_verbs: frozenset[str] = frozenset()
    indirect_bare: frozenset[str] = frozenset()
    participles: frozenset[str] = frozenset()
    irregular_past: frozenset[str] = frozenset()
    phrasal: dict[str, str] = field(default_factory=dict)
    aux_adverbs: frozenset[str] = frozenset()
    passive_aux: frozenset[str] = frozenset()
    subject_pronouns: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    qualifiers: frozenset[str] = frozenset()
    retired: frozenset[str] = frozenset()
    role_stop: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    name_suffixes: frozenset[str] = frozenset()
    not_lead: frozenset[str] = frozenset()
    verb_like: frozenset[str] = frozenset()
    not_agent: frozenset[str] = frozenset()
    speaker_nouns: frozenset[str] = frozenset()
    adverbial_openers: frozenset[str] = frozenset()
    aside_openers: frozenset[str] = frozenset()
    # Words that open a clause inside a sentence (who, because): its subject may be the speaker.
    subordinators: frozenset[str] = frozenset()
    intro_words: frozenset[str] = frozenset()
    connectives: frozenset[str] = frozenset()
    finite: frozenset[str] = frozenset()
    bare_openers: frozenset[str] = frozenset()
    phrasal_after: frozenset[str] = frozenset()
    author_participles: frozenset[str] = frozenset()
    author_by: frozenset[str] = frozenset()
    colon_from: frozenset[str] = frozenset()
    participle_with: frozenset[str] = frozenset()
    view_preps: frozenset[str] = frozenset()
    view_nouns: frozenset[str] = frozenset()
    trailing_sources: tuple[str, ...] = ()
    occupation_endings: tuple[str, ...] = ()
    # Quotation marks (opening+closing pairs, CLDR order) and the pairs that nest.
    mark_pairs: tuple[str, ...] = ()
    nested_pairs: tuple[str, ...] = ()
    tail_aux: frozenset[str] = frozenset()  # « … », a déclaré X: "a" before the participle
    clitics: tuple[str, ...] = ()  # estime-t-elle: subject pronouns glued to the verb
    reflexives: frozenset[str] = frozenset()  # s'agace-t-il / se quejó: before the verb
    hearer_preps: frozenset[str] = frozenset()  # affirme au Monde X: the hearer's preposition
    genitives: frozenset[str] = frozenset()  # le porte-parole du gouvernement: noun + du + noun
    # Words before a name that give its gender (la, o, Mme) and the pronouns' genders.
    gender_words: dict[str, str] = field(default_factory=dict)
    pron_gender: dict[str, str] = field(default_factory=dict)
    complementizers: frozenset[str] = frozenset()  # that / que / dass / что
    pron_person: frozenset[str] = frozenset()  # he she / il elle
    pron_thing: frozenset[str] = frozenset()  # it
    pron_group: frozenset[str] = frozenset()  # they
    # Grammatical gender, where the pack gives it: of pronouns (она / он), of verb endings
    # (сказала / сказал, powiedziała / powiedział), and of names (first names and surnames
    # by their endings, titles by theirs: Bürgermeisterin).
    gender_pronouns: dict[str, str] = field(default_factory=dict)
    gender_verb_endings: tuple[tuple[str, str], ...] = ()
    gender_first_endings: tuple[tuple[str, str], ...] = ()
    gender_surname_endings: tuple[tuple[str, str], ...] = ()
    gender_title_endings: tuple[tuple[str, str], ...] = ()
    gender_first_exceptions: dict[str, str] = field(default_factory=dict)
    sources: tuple[tuple[str, ...], ...] = ()  # according to / selon / по словам
    # Sources that name their speaker by a pronoun (по его словам → он, jej zdaniem → ona).
    source_pronouns: dict[tuple[str, ...], str] = field(default_factory=dict)
    # Sources that cite a document named after them ("heißt es in der Mitteilung",
    # "говорится в заявлении", "czytamy w komunikacie").
    source_documents: frozenset[tuple[str, ...]] = frozenset()
    # "D'après ses estimations", "Según sus datos": a source owned by the person just named.
    possessives: frozenset[str] = frozenset()
    # Words that open a source clause around a quote: "as Cruz said on Monday".
    as_words: frozenset[str] = frozenset()
    # Words that join two names into one pair of speakers ("Ann Lee and Tom Bell: "…"").
    name_joiners: frozenset[str] = frozenset()
    name_endings: tuple[str, ...] = ()  # case endings that inflect names (ru, pl)
    # A source phrase with a capital, where a sentence may open with it ("According to").
    source_start: re.Pattern[str] | None = None
    # The verb's ending names the subject ("lamentó", "powiedziała"): a cue verb with no
    # speaker after it speaks for the person last quoted or named.
    pro_drop: bool = False
    # A "that"-less reported clause follows a comma ("Sie sagte, das Land werde …").
    bare_comma: bool = False
    # Every noun is capitalised (German): a capitalised word alone is no sign of a name.
    noun_capitals: bool = False
    # An age standing for a person: "the 46-year-old", "der 63-Jährige", "63-летний".
    age: re.Pattern[str] = re.compile(r"(?!)")
    # People are called by first name (pan Stanisław, Людмила Викторовна): it maps to the
    # one full name that starts with it.
    first_names: bool = False
    # A word that stands for the quotation before an inverted cue: „…“ Das sagte X.
    cue_openers: frozenset[str] = frozenset()
    # Particles of separable speech verbs (teilte … mit, räumte … ein): not cues themselves.
    particles: frozenset[str] = frozenset()
    # Source words after their speaker ("Kurz zufolge"), as one pattern.
    postposition: re.Pattern[str] | None = None
    # Other words for a title ("szkoleniowiec" for "trener", "градоначальник" for "мэр").
    role_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A role noun phrase ("la alcaldesa", "le défenseur") stands for the person the article
    # gave that role, or the person just named.
    role_holder: bool = False
    # A sentence-opening noun phrase with no name or speaker noun ("La organización ha
    # anunciado que …") may still be the subject of a reporting verb.
    body_subjects: bool = False
    # Derived once per pack (see ``from_data``).
    token: re.Pattern[str] = re.compile(r"\w+")
    lower_word: re.Pattern[str] = re.compile(r"[a-z]+")
    verb_word: re.Pattern[str] = re.compile(r"[A-Za-z][a-z]+")
    # Where verb_word may find a reporting verb (see ``_opening_hint``); None: read every word.
    indirect_hint: re.Pattern[str] | None = None
    name_run: re.Pattern[str] = re.compile(r"[A-Z]\w+")
    sent_end: re.Pattern[str] = re.compile(r"[.!?]")
    abbrev_end: re.Pattern[str] = re.compile(r"$^")
    # Reported speech: what may follow a reporting verb, and where a reported clause ends.
    after_verb: re.Pattern[str] = re.compile(r"$^")
    pronoun_next: re.Pattern[str] | None = None
    pronoun_clause_verbs: frozenset[str] = frozenset()
    clause_end: re.Pattern[str] = re.compile(r"$^")
    event_verbs: frozenset[str] = frozenset()
    # Answers worked out once per word for this pack (``_is_title`` is asked about the same
    # words thousands of times an article). Not part of the pack's value.
    title_memo: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    kind_memo: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # The source phrases by their first word, in the order of ``sources``.
    sources_by_first: dict[str, tuple[tuple[str, ...], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The event verbs as one pattern that finds exactly the ``lower_word`` matches that are
    # event verbs, without a Python step per word of the article.
    event_word: re.Pattern[str] = re.compile(r"(?!)")
    title_suffixes: tuple[str, ...] = ()
    np_stop: frozenset[str] = frozenset()
    np_breaks: frozenset[str] = frozenset()
    compound_titles: tuple[
        str, ...
    ] = ()  # title endings of compounds (Fraktionschef)  # words that end "said the spokesman [in] …"
    skip_lead: frozenset[str] = frozenset()
    # Function words some rules read by their role (``[grammar]`` in the pack).
    document_verbs: frozenset[str] = frozenset()  # "…," reads an editorial
    lead_verbs: frozenset[str] = frozenset()  # Said Dorothy Poynter, "…"
    definite: frozenset[str] = frozenset()  # the
    articles: frozenset[str] = frozenset()  # a an the
    and_words: frozenset[str] = frozenset()  # and
    coordinators: frozenset[str] = frozenset()  # and or &
    clause_links: frozenset[str] = frozenset()  # "but told his supporters, "…""
    lead_fillers: frozenset[str] = frozenset()  # skipped before a lead cue: "And according to"
    bare_connectives: frozenset[str] = frozenset()  # all that stands before a quote: "And, "…""
    relatives: frozenset[str] = frozenset()  # who which that whose
    person_relatives: frozenset[str] = frozenset()  # who
    clause_relatives: frozenset[str] = frozenset()  # that which who (a clause, not a hearer)
    role_links: frozenset[str] = frozenset()  # of the and: inside a role ("Secretary of State")
    name_links: frozenset[str] = frozenset()  # of the: inside a name ("Board of Elections")
    of_words: frozenset[str] = frozenset()  # of: an institution's name runs on through it
    role_lead: frozenset[str] = frozenset()  # determiners and role links, trimmed off a role
    group_stop: frozenset[str] = frozenset()  # end a group noun phrase: "and", "that"
    appositive_roles: frozenset[str] = frozenset()  # "Smith, a/the/his …": a role follows
    familiar_adjectives: frozenset[str] = frozenset()  # a source close to / familiar with
    familiar_preps: frozenset[str] = frozenset()
    not_speaker_pronouns: frozenset[str] = frozenset()  # it you: never the speaker after a cue
    first_person: frozenset[str] = frozenset()  # I: capitalised but no sentence opener
    # Word endings some rules read (``[morphology]``; tuples for str.endswith).
    gerund_endings: tuple[str, ...] = ()  # Citing, adding
    finite_endings: tuple[str, ...] = ()  # praised, calls, saying: not a base form
    participle_endings: tuple[str, ...] = ()  # a source briefed on the talks
    not_role_endings: tuple[str, ...] = ()  # quickly, running, asked: no role word
    role_endings: tuple[str, ...] = ()  # the neurosurgeon, the historian
    agent_endings: tuple[str, ...] = ()  # organisers, protesters, residents
    plural_endings: tuple[str, ...] = ()  # officials: a group
    possessive_endings: tuple[str, ...] = ()  # the players’ union: ’ after them is no quote
    title_plural: tuple[str, str] = ("", "")  # chairmen -> chairman
    doc_np: re.Pattern[str] | None = None

    @classmethod
    def from_data(cls, code: str, data: dict[str, Any]) -> QuotePack:
        verbs = data.get("verbs", {})
        words = data.get("words", {})
        text = data.get("text", {})
        marks = data.get("marks", {})
        pronouns = data.get("pronouns", {})
        names = data.get("names", {})
        sources = data.get("sources", {})
        pairs = tuple(str(p) for p in marks.get("pairs", ["“”", "„”", "«»"]))
        grammar = data.get("grammar", {})
        morphology = data.get("morphology", {})
        determiners = _words(words.get("determiners"))
        lower = str(text.get("alphabet", "abcdefghijklmnopqrstuvwxyz"))
        particles = str(names.get("run_particles", "")).split() or sorted(
            _words(words.get("name_particles"))
        )
        conjugation = data.get("conjugation", {})
        speech = _words(verbs.get("speech")) | _conjugate(verbs.get("speech_lemmas"), conjugation)
        synonyms = {
            str(k).lower(): tuple(str(v).lower().split())
            for k, v in names.get("role_synonyms", {}).items()
        }
        titles = _words(words.get("titles")) | synonyms.keys()
        documents = _words(words.get("document_nouns"))
        groups = _words(words.get("group_nouns"))
        aux = _words(words.get("aux_adverbs"))
        indirect = (
            _words(verbs.get("indirect"))
            | _conjugate(verbs.get("speech_lemmas"), conjugation)
            | _conjugate(verbs.get("indirect_lemmas"), conjugation)
        )
        doc_alt = "|".join(sorted(documents)) or r"(?!)"
        doc_det = "|".join(sorted(_words(grammar.get("document_determiners")))) or r"(?!)"
        # "Как отметил X, …", "Jak twierdzi X, …": a lead word with any speech verb is a
        # source, like the listed phrases and the pronoun ones ("по его словам").
        source_phrases = list(
            dict.fromkeys(
                [
                    *(str(p).lower() for p in sources.get("phrases", [])),
                    *(str(p).lower() for p in sources.get("pronouns", {})),
                    *(str(p).lower() for p in sources.get("documents", [])),
                    *(
                        f"{lead} {verb}"
                        for lead in str(sources.get("verb_leads", "")).lower().split()
                        for verb in sorted(speech)
                    ),
                ]
            )
        )
        patterns = _patterns(lower, pairs, particles, text, names)
        # Split as the rules tokenise ("d'après" → "d'" "après").
        # Longest first: "selon lui" before "selon".
        source_words = tuple(
            sorted(
                (tuple(patterns["token"].findall(p)) for p in source_phrases),
                key=len,
                reverse=True,
            )
        )
        return cls(
            code=code,
            speech_verbs=speech,
            inverted_verbs=speech - _words(verbs.get("not_inverted")),
            framing_verbs=speech | _words(verbs.get("framing")),
            indirect_verbs=indirect,
            indirect_bare=_words(verbs.get("indirect_bare")),
            participles=_words(verbs.get("participles")),
            irregular_past=_words(verbs.get("irregular_past")),
            phrasal={k.lower(): str(v).lower() for k, v in data.get("phrasal", {}).items()},
            aux_adverbs=aux,
            passive_aux=_words(words.get("passive_aux")),
            subject_pronouns=_words(words.get("subject_pronouns")),
            determiners=_words(words.get("determiners")),
            group_nouns=groups,
            titles=titles,
            qualifiers=_words(words.get("qualifiers")),
            retired=_words(words.get("retired")),
            role_stop=_words(words.get("role_stop")),
            honorifics=_words(words.get("honorifics")),
            document_nouns=documents,
            org_words=_words(words.get("org_words")),
            not_names=_words(words.get("not_names")),
            name_particles=_words(words.get("name_particles")),
            name_suffixes=_words(words.get("name_suffixes")),
            not_lead=_words(words.get("not_lead")),
            verb_like=_words(words.get("verb_like")),
            not_agent=_words(words.get("not_agent")),
            speaker_nouns=titles | documents | groups | _words(words.get("speaker_nouns")),
            adverbial_openers=_words(words.get("adverbial_openers")),
            aside_openers=_words(words.get("aside_openers")),
            subordinators=_words(words.get("subordinators")),
            intro_words=_words(words.get("intro_words")),
            connectives=_words(words.get("connectives")),
            finite=_words(words.get("finite")),
            bare_openers=_words(words.get("bare_openers")),
            phrasal_after=_words(words.get("phrasal_after")),
            author_participles=_words(words.get("author_participles")),
            author_by=_words(words.get("author_by")),
            colon_from=_words(words.get("colon_from")),
            participle_with=_words(words.get("participle_with")),
            view_preps=_words(words.get("view_preps")),
            view_nouns=_words(words.get("view_nouns")),
            trailing_sources=tuple(str(p).lower() for p in words.get("trailing_sources", ())),
            occupation_endings=tuple(_words(words.get("occupation_endings"))),
            mark_pairs=pairs,
            nested_pairs=tuple(str(p) for p in marks.get("nested", [])),
            tail_aux=_words(verbs.get("tail_aux")),
            clitics=tuple(sorted(_words(words.get("clitics")), key=len, reverse=True)),
            reflexives=_words(words.get("reflexives")),
            hearer_preps=_words(words.get("hearer_preps")),
            genitives=_words(words.get("genitives")),
            gender_words={
                **{w: "m" for w in _words(names.get("masculine"))},
                **{w: "f" for w in _words(names.get("feminine"))},
            },
            pron_gender={
                **{w: "m" for w in _words(pronouns.get("masculine"))},
                **{w: "f" for w in _words(pronouns.get("feminine"))},
            },
            complementizers=_words(words.get("complementizers")),
            pron_person=_words(pronouns.get("person")),
            gender_pronouns={
                **{w: "f" for w in _words(pronouns.get("feminine"))},
                **{w: "m" for w in _words(pronouns.get("masculine"))},
            },
            gender_verb_endings=_with_plural(
                _gendered(verbs.get("feminine_endings"), verbs.get("masculine_endings")),
                verbs.get("plural_endings"),
            ),
            gender_first_endings=_gendered(
                names.get("feminine_first_endings"), names.get("masculine_first_endings")
            ),
            gender_surname_endings=_gendered(
                names.get("feminine_surname_endings"), names.get("masculine_surname_endings")
            ),
            gender_title_endings=_gendered(
                names.get("feminine_title_endings"), names.get("masculine_title_endings")
            ),
            gender_first_exceptions={
                **{w: "f" for w in _words(names.get("feminine_first_names"))},
                **{w: "m" for w in _words(names.get("masculine_first_names"))},
            },
            pron_thing=_words(pronouns.get("thing")),
            pron_group=_words(pronouns.get("group")),
            sources=source_words,
            sources_by_first=_by_first(source_words),
            source_documents=frozenset(
                tuple(patterns["token"].findall(str(p).lower()))
                for p in sources.get("documents", [])
            ),
            source_pronouns={
                tuple(patterns["token"].findall(str(p).lower())): str(v).lower()
                for p, v in sources.get("pronouns", {}).items()
            },
            possessives=_words(sources.get("possessives")),
            as_words=_words(sources.get("as_clause")),
            name_joiners=_words(names.get("joiners")),
            name_endings=tuple(sorted(_words(names.get("endings")), key=len, reverse=True)),
            source_start=_source_start(source_phrases),
            pronoun_clause_verbs=_words(verbs.get("pronoun_clause")),
            pro_drop=bool(verbs.get("pro_drop", False)),
            bare_comma=bool(verbs.get("bare_comma", False)),
            noun_capitals=bool(text.get("noun_capitals", False)),
            age=re.compile(str(text.get("age_pattern", r"(?!)")), re.I),
            first_names=bool(names.get("first_names", False)),
            cue_openers=_words(words.get("cue_openers")),
            particles=_words(verbs.get("particles")),
            postposition=(
                re.compile(
                    # First letter, then the look back (see _source_start: scanned in C).
                    "(?:"
                    + "|".join(
                        re.escape(w[0]) + r"(?<!\w.)" + re.escape(w[1:])
                        for w in sorted(_words(sources.get("postpositions")))
                    )
                    + r")(?!\w)"
                )
                if sources.get("postpositions")
                else None
            ),
            role_synonyms=synonyms,
            role_holder=bool(names.get("role_holder", False)),
            body_subjects=bool(verbs.get("body_subjects", False)),
            **patterns,
            **_indirect_patterns(words),
            event_verbs=speech | indirect,
            event_word=_word_pattern(patterns["lower_word"], speech | indirect),
            indirect_hint=_opening_hint(lower, indirect),
            title_suffixes=tuple(sorted(w for w in titles if len(w) > 5 and w.isalpha())),
            np_breaks=_words(words.get("np_breaks")),
            compound_titles=tuple(sorted(w for w in titles if len(w) > 3 and w.isalpha())),
            np_stop=aux | _words(words.get("np_stop")),
            # ... and the words of source phrases ("Nach Ansicht von Vogt": not a name).
            skip_lead=_words(words.get("not_names"))
            | _words(words.get("honorifics"))
            | titles
            | {w for p in source_phrases for w in p.split()},
            doc_np=re.compile(rf"\b({doc_det})\s+((?:[a-z\-]+\s+){{0,2}}?)({doc_alt})\b", re.I),
            document_verbs=_words(grammar.get("document_verbs")),
            lead_verbs=_words(grammar.get("lead_verbs")),
            definite=_words(grammar.get("definite")),
            articles=_words(grammar.get("definite")) | _words(grammar.get("indefinite")),
            and_words=_words(grammar.get("and")),
            coordinators=_words(grammar.get("and")) | _words(grammar.get("or")) | {"&"},
            clause_links=_words(grammar.get("clause_links")),
            lead_fillers=_words(grammar.get("lead_fillers")),
            bare_connectives=_words(grammar.get("bare_connectives")),
            relatives=_words(grammar.get("relatives")),
            person_relatives=_words(grammar.get("person_relatives")),
            clause_relatives=_words(grammar.get("relatives"))
            - _words(grammar.get("possessive_relatives")),
            role_links=_words(grammar.get("role_links")),
            name_links=_words(grammar.get("name_links")),
            of_words=_words(grammar.get("of")),
            role_lead=determiners | _words(grammar.get("role_links")),
            group_stop=_words(grammar.get("group_stop")),
            appositive_roles=_words(grammar.get("appositive_roles")),
            familiar_adjectives=_words(grammar.get("familiar_adjectives")),
            familiar_preps=_words(grammar.get("familiar_preps")),
            not_speaker_pronouns=_words(pronouns.get("not_speaker")),
            first_person=_words(pronouns.get("first_person_capital")),
            gerund_endings=_endings(morphology.get("gerund")),
            finite_endings=_endings(morphology.get("finite")),
            participle_endings=_endings(morphology.get("participle")),
            not_role_endings=_endings(morphology.get("not_role")),
            role_endings=_endings(morphology.get("role")),
            agent_endings=_endings(morphology.get("agent")),
            plural_endings=_endings(morphology.get("plural")),
            possessive_endings=_endings(morphology.get("possessive_apostrophe")),
            title_plural=_title_plural(morphology.get("title_plural")),
        )


def _endings(value: Any) -> tuple[str, ...]:
    """Endings in the order the pack lists them (``str.endswith`` takes a tuple)."""
    return tuple(str(value).split()) if value else ()


def _title_plural(value: Any) -> tuple[str, str]:
    words = [*str(value or "").split(), "", ""]
    return words[0], words[1]


# Where a lower-case word may start and end: not inside a word, a contraction or a compound.
_WORD_BEFORE = r"(?<![\w’'\-])"
_WORD_AFTER = r"(?![\w’'\-])"


def _gendered(feminine: Any, masculine: Any) -> tuple[tuple[str, str], ...]:
    """(ending, "f"/"m") pairs, longest ending first, so "лся" is read before "л"."""
    pairs = [(e, "f") for e in _words(feminine)] + [(e, "m") for e in _words(masculine)]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def _with_plural(endings: tuple[tuple[str, str], ...], plural: Any) -> tuple[tuple[str, str], ...]:
    pairs = [*endings, *((e, "p") for e in _words(plural))]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def _ending_gender(word: str, endings: tuple[tuple[str, str], ...]) -> str | None:
    low = word.lower()
    for ending, gender in endings:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            return gender
    return None


def cue_gender(word: str) -> str | None:
    """The gender a pronoun or a past-tense verb gives its subject (она, powiedziała), or
    "p" for a plural verb (сообщили, poinformowali), if the active pack knows it."""
    L = lang()
    low = word.lower()
    return L.gender_pronouns.get(low) or _ending_gender(low, L.gender_verb_endings)


def name_gender(name: str, role: str | None = None) -> str | None:
    """A person's gender from the surname (Смирнова, Kowalska), the first name (Anna,
    Иван) or the title (Bürgermeisterin), if the active pack knows those endings."""
    L = lang()
    words = name.split()
    if len(words) > 1:
        g = _ending_gender(words[-1], L.gender_surname_endings)
        if g:
            return g
    if words:
        first = words[0].lower()
        g = L.gender_first_exceptions.get(first) or (
            _ending_gender(first, L.gender_first_endings) if len(words) > 1 else None
        )
        if g:
            return g
    if role:
        return _ending_gender(role.split()[0], L.gender_title_endings)
    return None


def _letters(chars: str) -> str:
    """A regex class body for ``chars``: runs of consecutive letters written as ranges."""
    if chars == "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        return "A-Z"
    if chars == "abcdefghijklmnopqrstuvwxyz":
        return "a-z"
    return "".join(re.escape(c) for c in chars)


def _classes(lower: str) -> tuple[str, str]:
    """Regex class bodies for a language's capitals and its lower-case ``alphabet``."""
    upper_chars = "".join(dict.fromkeys(c.upper() for c in lower if c.upper() != c))
    return _letters(upper_chars), _letters(lower)


def _opening_hint(lower: str, verbs: frozenset[str]) -> re.Pattern[str] | None:
    """Where ``verb_word`` may find one of ``verbs`` (as written, or capitalised as a
    sentence opens with it): any letter, then the rest of such a verb, as a whole word. It
    finds more places than that (any first letter), never fewer, so reading ``verb_word``
    only there finds every such verb without a step per word of the article. None when a
    letter of the alphabet is not its own lower case (the rest could then differ)."""
    if any(c.lower() != c for c in lower):
        return None
    up, low = _classes(lower)
    rest = re.compile(f"[{low}]+")
    # A capital may lower-case to more than one letter: the rest is v[1:], v[2:] or v[3:].
    tails = sorted({v[k:] for v in verbs for k in (1, 2, 3) if rest.fullmatch(v[k:])})
    if not tails:
        return re.compile(r"(?!)")
    # The letter first and the look back after it: the article is scanned for letters in C.
    return re.compile(f"[{up}{low}](?<![\\w’'\\-].){_trie(tails)}{_WORD_AFTER}")


def _patterns(
    lower: str,
    pairs: tuple[str, ...],
    particles: list[str],
    text: dict[str, Any],
    names: dict[str, Any],
) -> dict[str, re.Pattern[str]]:
    """The regexes that depend on a language's alphabet, marks and abbreviations."""
    up, low = _classes(lower)
    opening = "".join(dict.fromkeys(p[0] for p in pairs if p[0] not in '"“‘('))
    closing = "".join(dict.fromkeys(p[1] for p in pairs if p[1] not in '"”’)'))
    abbreviations = "|".join(str(text.get("abbreviations", "")).split()) or r"(?!)"
    elisions = "|".join(re.escape(e.rstrip("'’")) for e in str(text.get("elisions", "")).split())
    parts = "|".join(re.escape(p) for p in particles) or r"(?!)"
    # Titles written short with a period (Mr., Sen.): one token with it.
    short_titles = str(text.get("short_titles", "")).split()
    titles = "|".join(short_titles) or r"(?!)"
    title_initials = re.escape("".join(sorted({t[0] for t in short_titles})))
    suffixes = "|".join(re.escape(x) for x in str(names.get("run_suffixes", "")).split())
    return {
        # Words and simple punctuation, with abbreviations (U.S., Sen., initials) kept whole
        # and elided articles (l'entraîneur) split off.
        "token": re.compile(
            (rf"(?i:{elisions})['’](?=\w)|" if elisions else "")
            # Initials, abbreviated titles, an initial before a name: all open with a capital
            # (or a short title's first letter), so one look at the first character spares the
            # other characters the three tries.
            + rf"(?=[{up}{title_initials}A-Z])(?:(?:[{up}]\.){{2,}}"
            rf"|(?:{titles})\."
            rf"|[{up}]\.(?=\s*[{up}]))"
            # A word; "R-Ky.,", "(D-N.Y.)": with its period before , or ). One branch, not a
            # branch with the period and one without: each word is read once, not twice.
            r"|\w+(?:[’'\-.]\w+)*(?:\.(?=[,)]))?"
            r"|[^\w\s]"
        ),
        "lower_word": re.compile(rf"{_WORD_BEFORE}[{low}]+{_WORD_AFTER}"),
        # A lower-case word, or one capitalised as sentences start ("Explicó que …").
        "verb_word": re.compile(rf"{_WORD_BEFORE}[{up}{low}][{low}]+{_WORD_AFTER}"),
        # No leading \b: a pattern that starts with a character class scans much faster;
        # the character before a match is checked by hand instead.
        "name_run": re.compile(
            rf"[{up}](?:[\w’'\-]+|\.)(?:[^\S\n]+(?:[{up}](?:[\w’'\-]+|\.)|(?:{parts})"
            rf"(?=\s+[{up}]))){{0,3}}" + (rf"(?:\s+(?:{suffixes}))?" if suffixes else "")
        ),
        "sent_end": re.compile(
            rf"[.!?]+[\"”’){re.escape(closing)}]*"
            rf"(?=\s+(?:[\"“‘({re.escape(opening)}]?[{up}0-9]|[\"“{re.escape(opening)}]x"
            # « Bonjour » (French spaces inside guillemets)
            rf"|[«»][\s\u00a0\u202f]+(?:[{up}0-9]|x)))"
        ),
        "abbrev_end": re.compile(rf"(?:\b(?:{abbreviations})|\b[{up}]|(?:[{up}]\.)+[{up}])$"),
    }


def _by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            out.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(group) for first, group in out.items()}


def _trie(words: list[str]) -> str:
    """A regex body matching any of ``words`` (non-empty), branching letter by letter: the
    engine reads each position once instead of trying every word in turn."""
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:
            return f"(?:{'|'.join(alts)})?"
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(tree)


def _word_pattern(lower_word: re.Pattern[str], words: frozenset[str]) -> re.Pattern[str]:
    """The ``lower_word`` matches that are one of ``words``: the same boundaries, and only the
    words ``lower_word`` can match at all (a word of the alphabet's lower-case letters; the
    one match at a position is the whole run of them, so it is found or not as it was)."""
    fits = sorted(w for w in words if lower_word.fullmatch(w))
    if not fits:
        return re.compile(r"(?!)")
    return re.compile(_WORD_BEFORE + _trie(fits) + _WORD_AFTER)


def _source_start(phrases: list[str]) -> re.Pattern[str] | None:
    """Any of ``phrases`` with its first letter capitalised, as a sentence opens with it."""
    alts = []
    for p in sorted(phrases, key=len, reverse=True):
        if not p:
            continue
        first = p[:1].upper()
        # German capitalises the nouns in it ("Nach seinen Angaben").
        rest = "(?i:" + r"\s+".join(re.escape(w) for w in p[1:].split(" ")) + ")"
        # The capital first, then "no word character before it" (a look back over two
        # characters): a pattern that opens with a letter is scanned for that letter in C,
        # one that opens with a look-behind is tried at every character of the article.
        if len(first) == 1:
            alts.append(re.escape(first) + r"(?<!\w.)" + rest)
        else:
            alts.append(r"(?<!\w)" + re.escape(first) + rest)
    return re.compile(rf"(?:{'|'.join(alts)})(?!\w)") if alts else None


def _indirect_patterns(words: dict[str, Any]) -> dict[str, Any]:
    comps = sorted(_words(words.get("complementizers")), key=len, reverse=True)
    alts = "|".join(
        rf"\b{re.escape(c[:-1])}['’]" if c.endswith(("'", "’")) else rf"\b{re.escape(c)}\b\s*"
        for c in comps
    )
    alts = alts or r"(?!)"
    pronouns = "|".join(re.escape(w) for w in str(words.get("clause_pronouns", "")).split())
    breaks = "|".join(re.escape(w) for w in words.get("clause_breaks", []))
    return {
        # Within a short stretch of the same clause "that" (que, dass, что), or (after
        # "say") straight into a pronoun subject: "said he would", "says it is".
        "after_verb": re.compile(
            rf"(?P<obj>[^;:?!\"“”«»„\n]{{0,90}}?)(?:{alts})"
            + (rf"|(?P<pro>\s+)(?=(?:{pronouns})\b)" if pronouns else "")
        ),
        "pronoun_next": re.compile(rf"\s+(?=(?:{pronouns})\b)") if pronouns else None,
        # Where a reported clause stops: an appositive or aside about the statement itself.
        "clause_end": re.compile(
            (rf",\s+(?:{breaks})\b|" if breaks else "") + r"\s+[—–]\s+|\s*\(|;|\s*:\s"
        ),
    }


@lru_cache(maxsize=32)
def quote_pack(code: str | None) -> QuotePack:
    """The pack for ``code`` (an ISO 639-1 code); English where there is none."""
    if code:
        data = load(code.lower(), "quotes")
        if data is not None:
            return QuotePack.from_data(code.lower(), data)
    data = load(DEFAULT_LANGUAGE, "quotes")
    assert data is not None, "the English quote pack ships with the code"
    return QuotePack.from_data(DEFAULT_LANGUAGE, data)


_ACTIVE: ContextVar[QuotePack] = ContextVar("quote_pack", default=quote_pack(None))  # noqa: B039
# The pack of the article whose quotes are being found (English outside ``using``). The
# bound method itself, not a wrapper: the rules call it some hundred thousand times a run.
lang = _ACTIVE.get


@contextmanager
def using(pack: QuotePack) -> Iterator[QuotePack]:
    token = _ACTIVE.set(pack)
    try:
        yield pack
    finally:
        _ACTIVE.reset(token)
