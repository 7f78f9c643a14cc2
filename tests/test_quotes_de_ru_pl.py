"""Speakers and reported speech in German, Russian and Polish (issue #13): one test per
construction per language, on sentences written for these tests."""

from __future__ import annotations

from bot.models import Quote
from bot.quotes import find_quotes


def direct(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "direct"]


def indirect(text: str, lang: str) -> list[Quote]:
    return [q for q in find_quotes(text, lang) if q.kind == "indirect"]


def reported(text: str, lang: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in indirect(text, lang)]


# --- reported clauses that take over a few quoted words --------------------------------------


def test_de_reported_clause_with_quoted_words() -> None:
    text = (
        "Kämmerin Helga Sturm stellte den Haushalt vor. Sie sagte, dass die Schulden "
        "„deutlich, aber nicht gefährlich“ steigen würden."
    )
    assert reported(text, "de") == [
        ("Helga Sturm", "die Schulden „deutlich, aber nicht gefährlich“ steigen würden")
    ]


def test_ru_reported_clause_with_quoted_words() -> None:
    text = (
        "Директор завода Олег Смирнов выступил на собрании. Он заявил, что коллектив "
        "«сделал невозможное»."
    )
    assert reported(text, "ru") == [("Олег Смирнов", "коллектив «сделал невозможное»")]


def test_pl_reported_clause_with_quoted_words() -> None:
    text = (
        "Dyrektor szkoły Jan Wiśniewski podsumował rok. Wiśniewski powiedział, że uczniowie "
        "„przeszli samych siebie”."
    )
    assert reported(text, "pl") == [("Jan Wiśniewski", "uczniowie „przeszli samych siebie”")]


def test_a_quotation_opening_the_clause_stays_direct() -> None:
    text = "Директор завода Олег Смирнов заявил: «Коллектив сделал невозможное»."
    assert indirect(text, "ru") == []
    assert [q.speaker for q in direct(text, "ru")] == ["Олег Смирнов"]


# --- sources: pronouns inside them, "как/jak" + any speech verb, offices -------------------


def test_de_pronoun_source_and_nach_ansicht_von() -> None:
    text = (
        "Landrätin Karin Vogt besuchte die Baustelle. Nach ihren Angaben fehlen noch vier "
        "Millionen Euro. Nach Ansicht von Vogt muss der Bund einspringen."
    )
    assert reported(text, "de") == [
        ("Karin Vogt", "fehlen noch vier Millionen Euro"),
        ("Karin Vogt", "muss der Bund einspringen"),
    ]


def test_ru_pronoun_source() -> None:
    text = "Глава района Ольга Миронова осмотрела дамбу. По её словам, ремонт займёт два месяца."
    assert reported(text, "ru") == [("Ольга Миронова", "ремонт займёт два месяца")]


def test_ru_pronoun_source_before_a_quotation_mid_sentence() -> None:
    text = (
        "Пенсионер Борис Ткачёв живёт у реки тридцать лет, и, по его словам, «вода никогда "
        "не поднималась так высоко»."
    )
    [q] = direct(text, "ru")
    assert (q.speaker, q.partial) == ("Борис Ткачёв", False)


def test_ru_kak_with_any_speech_verb_and_an_office() -> None:
    text = (
        "Как уточнил директор парка Олег Руденко, аттракционы откроются в мае. Как сообщила "
        "пресс-служба мэрии, вход останется бесплатным."
    )
    assert reported(text, "ru") == [
        ("Олег Руденко", "аттракционы откроются в мае"),
        ("пресс-служба мэрии", "вход останется бесплатным"),
    ]


def test_pl_pronoun_source_and_jak_with_a_name() -> None:
    text = (
        "Sołtys Marian Kubacki obszedł wał. Jego zdaniem woda opadnie do soboty. Jak twierdzi "
        "Kubacki, pomoc dotarła za późno."
    )
    assert reported(text, "pl") == [
        ("Marian Kubacki", "woda opadnie do soboty"),
        ("Marian Kubacki", "pomoc dotarła za późno"),
    ]


def test_pl_jak_with_the_verb_alone() -> None:
    text = (
        "Dyrektorka biblioteki Ewa Sadowska otworzyła nową czytelnię. Jak poinformowała, "
        "księgozbiór powiększy się o dwa tysiące tomów."
    )
    assert reported(text, "pl") == [
        ("Ewa Sadowska", "księgozbiór powiększy się o dwa tysiące tomów")
    ]


# --- German: reported clauses after a comma, the cue after the clause ----------------------


def test_de_bare_clause_after_the_comma() -> None:
    text = (
        "Bürgermeister Jens Ohlsen stellte den Plan vor. Er sagte, die Stadt werde die Halle "
        "bis zum Herbst sanieren. Stadtbaurat Uwe Brandes erklärte hingegen, der Termin sei "
        "kaum zu halten."
    )
    assert reported(text, "de") == [
        ("Jens Ohlsen", "die Stadt werde die Halle bis zum Herbst sanieren"),
        ("Uwe Brandes", "der Termin sei kaum zu halten"),
    ]


def test_de_cue_after_the_reported_clause() -> None:
    text = (
        "Trainerin Sabine Roth war enttäuscht. In der zweiten Halbzeit habe ihr Team den Mut "
        "verloren, fügte sie hinzu. Ein Wechsel sei nicht geplant, erklärte Vereinssprecher "
        "Ole Hansen."
    )
    assert reported(text, "de") == [
        ("Sabine Roth", "In der zweiten Halbzeit habe ihr Team den Mut verloren"),
        ("Ole Hansen", "Ein Wechsel sei nicht geplant"),
    ]


def test_de_a_subordinate_clause_before_the_cue_is_not_reported() -> None:
    assert indirect("Als der Zug endlich kam, sagte Jens Ohlsen nichts mehr.", "de") == []


def test_de_a_capitalised_noun_is_not_a_speaker() -> None:
    text = (
        "Ministerin Petra Lorenz sicherte Hilfe zu. „Wir lassen die Betriebe nicht allein“, "
        "betonte sie."
    )
    [q] = direct(text, "de")
    assert q.speaker == "Petra Lorenz"


def test_de_age_stands_for_the_person_just_named() -> None:
    text = (
        "Imker Walter Kerner verlor drei Völker. „Das habe ich noch nie erlebt“, sagte der "
        "58-Jährige am Telefon."
    )
    [q] = direct(text, "de")
    assert (q.speaker, q.partial) == ("Walter Kerner", False)


def test_de_role_then_appositive_name_with_a_title() -> None:
    text = (
        "„Die Zahlen sind ein Warnsignal für alle Kommunen“, sagt die Sprecherin des Verbands, "
        "Dr. Helene Brück."
    )
    [q] = direct(text, "de")
    assert q.speaker == "Helene Brück"


def test_de_source_naming_an_organisation() -> None:
    [(speaker, clause)] = reported(
        "Laut Vereinsangaben fällt der Torwart mindestens zwei Wochen aus.", "de"
    )
    assert (speaker, clause) == ("Vereinsangaben", "fällt der Torwart mindestens zwei Wochen aus")


# --- Russian: the speaker phrase after the cue -----------------------------------------------


def test_ru_place_before_the_speaker_title() -> None:
    [q] = direct(
        "«Цены на билеты останутся прежними», — сказал на пресс-конференции директор "
        "вокзала Пётр Сомов.",
        "ru",
    )
    assert q.speaker == "Пётр Сомов"


def test_ru_company_in_quotation_marks_inside_the_role() -> None:
    quotes = direct(
        "«Первые автобусы выйдут на линию в марте», — рассказал директор компании «Северный "
        "путь» Антон Лисин.",
        "ru",
    )
    assert [(q.speaker, q.partial) for q in quotes] == [("Антон Лисин", False), (None, True)]


def test_ru_manner_phrase_before_the_verb_and_a_role() -> None:
    text = (
        "Главную роль сыграла актриса Вера Лунина. «Я репетировала эту сцену целый месяц», — "
        "с улыбкой вспоминает актриса."
    )
    [q] = direct(text, "ru")
    assert q.speaker == "Вера Лунина"


def test_ru_first_name_and_patronymic() -> None:
    text = (
        "Учительница Анна Сергеевна Котова работает в школе тридцать лет. «Дети стали другими, "
        "но любопытство у них прежнее», — говорит Анна Сергеевна."
    )
    [q] = direct(text, "ru")
    assert q.speaker == "Анна Сергеевна Котова"


def test_ru_cue_after_the_reported_clause() -> None:
    text = "Директор вокзала Пётр Сомов провёл встречу. Ремонт закончится к осени, сообщил Сомов."
    assert reported(text, "ru") == [("Пётр Сомов", "Ремонт закончится к осени")]


# --- Polish ----------------------------------------------------------------------------------


def test_pl_role_then_appositive_name_with_ranks() -> None:
    [q] = direct(
        "„Sytuacja na drogach jest już opanowana” – poinformował rzecznik komendy miejskiej, "
        "mł. insp. Adam Lis.",
        "pl",
    )
    assert q.speaker == "Adam Lis"


def test_pl_nationality_stands_for_the_person() -> None:
    text = (
        "Drugi był Norweg Olav Berg. „Trasa była bardzo szybka, ale śliska” – ocenił krótko Norweg."
    )
    [q] = direct(text, "pl")
    assert q.speaker == "Olav Berg"


def test_pl_honorific_and_first_name() -> None:
    text = (
        "Jego sąsiad, Zenon Kwiatek, mieszka nad rzeką od urodzenia. „Takiej wody nie widziałem "
        "nigdy” – mówi pan Zenon."
    )
    [q] = direct(text, "pl")
    assert q.speaker == "Zenon Kwiatek"


def test_pl_answer_after_a_question_and_an_instrumental_surname() -> None:
    text = (
        "Biegaczka Maria Kowalska wygrała maraton. Przed Kowalską teraz start w Berlinie. Czy "
        "myśli już o igrzyskach? „Na razie odpoczywam i cieszę się z wyniku” – odpowiedziała."
    )
    [q] = direct(text, "pl")
    assert q.speaker == "Maria Kowalska"


def test_pl_sentence_opening_with_the_verb() -> None:
    text = (
        "Wojewoda Ewa Lipska przyjechała na miejsce. Zapowiedziała, że rodziny dostaną pomoc "
        "jeszcze w tym tygodniu."
    )
    assert reported(text, "pl") == [("Ewa Lipska", "rodziny dostaną pomoc jeszcze w tym tygodniu")]


# --- a cue-less sentence after the speaker's quote; names inside an aside -------------------


def test_de_a_whole_sentence_quote_continues_the_speaker() -> None:
    text = (
        "Vereinschef Lutz Hamann widersprach. „Seit dem Winter trainieren die Kinder in der "
        "Nachbarstadt“, so Hamann. „Viele kommen nicht mehr.“ Der Verein sucht eine Lösung."
    )
    quotes = direct(text, "de")
    assert [(q.speaker, q.partial) for q in quotes] == [("Lutz Hamann", False)] * 2


def test_ru_a_whole_sentence_quote_continues_the_speaker() -> None:
    text = (
        "«Мы играли без двух защитников», — объяснил тренер Олег Гаврилов. «Это тяжело.» "
        "Следующий матч команда проведёт дома."
    )
    quotes = direct(text, "ru")
    assert [(q.speaker, q.partial) for q in quotes] == [("Олег Гаврилов", False)] * 2


def test_pl_name_inside_an_aside_is_not_the_subject() -> None:
    text = (
        "Anna Zych, matka sześcioletniego Kuby, który czeka na operację, opisuje ostatnie "
        "miesiące. „Nocami nie mogłam spać ze strachu” – opowiada."
    )
    [q] = direct(text, "pl")
    assert q.speaker == "Anna Zych"


def test_pl_two_word_place_before_the_speaker_title() -> None:
    [q] = direct(
        "„Szpitale dostaną pieniądze jeszcze w tym miesiącu” – zapewniała na konferencji "
        "prasowej minister zdrowia Ewa Krawiec.",
        "pl",
    )
    assert q.speaker == "Ewa Krawiec"


def test_de_surname_that_is_also_a_common_word() -> None:
    text = (
        "Torwart Lukas Sonntag hielt zwei Elfmeter. »Ich hatte einfach Glück heute«, gab "
        "Sonntag nach dem Spiel zu."
    )
    [q] = direct(text, "de")
    assert (q.speaker, q.partial) == ("Lukas Sonntag", False)


# --- a document as the source after the quotation -------------------------------------------


def test_de_heisst_es_in_a_document() -> None:
    [q] = direct(
        "„Die Linie wird im Mai wieder befahren“, heißt es in einer Mitteilung der Bahn.", "de"
    )
    assert (q.speaker, q.rule) == ("einer Mitteilung der Bahn", "according_to")


def test_ru_govoritsya_v_a_document() -> None:
    [q] = direct("«Движение по мосту откроют в мае», — говорится в сообщении администрации.", "ru")
    assert (q.speaker, q.rule) == ("сообщении администрации", "according_to")


def test_pl_czytamy_w_a_document() -> None:
    [q] = direct("„Linia zostanie otwarta w maju” – czytamy w komunikacie przewoźnika.", "pl")
    assert (q.speaker, q.rule) == ("komunikacie przewoźnika", "according_to")


# --- pronouns and past-tense verbs take a person of their gender ----------------------------


def test_ru_pronoun_gender_picks_the_matching_person() -> None:
    text = (
        "Сначала выступила Ольга Тихонова. Затем слово взял Артём Зуев. «Денег хватит на всю "
        "программу», — заверил он. «Посмотрим, что будет осенью», — ответила она."
    )
    assert [q.speaker for q in direct(text, "ru")] == ["Артём Зуев", "Ольга Тихонова"]


def test_pl_verb_gender_picks_the_matching_person() -> None:
    text = (
        "Pierwsza głos zabrała Joanna Michalska. Potem mówił Tomasz Pietrzak. „Pieniędzy "
        "wystarczy na cały program” – zapewnił. „Zobaczymy, co będzie jesienią” – odpowiedziała."
    )
    assert [q.speaker for q in direct(text, "pl")] == ["Tomasz Pietrzak", "Joanna Michalska"]


def test_de_pronoun_gender_uses_the_title() -> None:
    text = (
        "Bürgermeisterin Anna Roth und Landrat Jan Kurz eröffneten die Brücke. Kurz lobte die "
        "Baufirma. „Wir sind drei Monate früher fertig als geplant“, sagte sie."
    )
    assert [q.speaker for q in direct(text, "de")] == ["Anna Roth"]


# --- "wie X sagte" source clauses; the cue after a dash -------------------------------------


def test_de_wie_clause_before_the_statement() -> None:
    text = (
        "Ministerin Eva Kühn besuchte die Schule. Wie Kühn am Montag betonte, soll das "
        "Programm im Mai starten."
    )
    assert reported(text, "de") == [("Eva Kühn", "soll das Programm im Mai starten")]


def test_de_wie_clause_after_the_quotation() -> None:
    text = (
        "Ministerin Eva Kühn besuchte die Schule. „Das Programm für die Schulen startet "
        "endlich im Mai“, wie Kühn am Montag sagte."
    )
    [q] = direct(text, "de")
    assert (q.speaker, q.rule) == ("Eva Kühn", "as_source")


def test_ru_comma_dash_cue_after_a_reported_clause() -> None:
    text = "Программа заработает в мае, — сообщил министр Олег Рыбин."
    assert reported(text, "ru") == [("Олег Рыбин", "Программа заработает в мае")]


def test_pl_dash_cue_after_a_reported_clause() -> None:
    text = "Program ruszy w maju – zapowiedziała minister Ewa Kurek."
    assert reported(text, "pl") == [("Ewa Kurek", "Program ruszy w maju")]


def test_ru_a_cue_inside_the_sentence_is_not_after_a_clause() -> None:
    text = "Когда мы приехали в город, сказал Олег Рыбин, всё было закрыто."
    assert indirect(text, "ru") == []


def test_pl_feminine_genitive_surname_maps_to_the_full_name() -> None:
    text = "Dyrektorka Anna Kowalska przedstawiła plan. Według Kowalskiej prace potrwają rok."
    assert reported(text, "pl") == [("Anna Kowalska", "prace potrwają rok")]


# --- another word for a title the article gave ---------------------------------------------


def test_pl_role_synonym_takes_the_title_holder() -> None:
    text = (
        "Trener kadry, Marcin Wojtas, był zadowolony. Według niego młody Kacper Nowicki zrobił "
        "duży postęp. „Kacper ma spokój, którego nie da się nauczyć” – dodał szkoleniowiec."
    )
    assert [q.speaker for q in direct(text, "pl")] == ["Marcin Wojtas"]


def test_ru_role_synonym_and_a_title_from_the_sentence_before() -> None:
    text = (
        "Главный тренер Сергей Лаптев доволен. Нападающий Дмитрий Гуров забил дважды. "
        "«Команда выполнила установку полностью», — сказал наставник."
    )
    assert [q.speaker for q in direct(text, "ru")] == ["Сергей Лаптев"]


def test_de_role_synonym_with_an_article() -> None:
    text = (
        "Bürgermeisterin Anna Keller eröffnete das Bad. Schwimmer Tom Hinz testete es. „Das "
        "Bad ist ein Gewinn für die ganze Stadt“, sagte das Stadtoberhaupt."
    )
    assert [q.speaker for q in direct(text, "de")] == ["Anna Keller"]


# --- hearers and occasions between the cue and the speaker; "Das sagte X" ------------------


def test_pl_agency_initials_as_the_hearer() -> None:
    [q] = direct(
        "„Wały wytrzymają jeszcze kilka dni” – powiedział PAP rzecznik wojewody Adam Lis.", "pl"
    )
    assert q.speaker == "Adam Lis"


def test_pl_occasion_before_a_full_name() -> None:
    [q] = direct(
        "„Wały wytrzymają jeszcze kilka dni” – przekonuje w rozmowie z nami Adam Lis.", "pl"
    )
    assert q.speaker == "Adam Lis"


def test_ru_newspaper_in_quotation_marks_as_the_hearer() -> None:
    quotes = direct("«Дамба выдержит ещё несколько дней», — рассказал «Вестнику» Олег Рыбин.", "ru")
    assert [(q.speaker, q.partial) for q in quotes] == [("Олег Рыбин", False), (None, True)]


def test_ru_hearer_before_a_full_name() -> None:
    [q] = direct("«Дамба выдержит ещё несколько дней», — сказал журналистам Олег Рыбин.", "ru")
    assert q.speaker == "Олег Рыбин"


def test_de_das_sagte_after_the_quotation() -> None:
    text = (
        "Landrat Jan Kurz besuchte die Feuerwehr. „Die Lage ist unter Kontrolle.“ Das sagte "
        "Kurz am Montag."
    )
    [q] = direct(text, "de")
    assert (q.speaker, q.partial) == ("Jan Kurz", False)


def test_pl_tak_cue_sentence_after_the_full_stop() -> None:
    [q] = direct("„Wały wytrzymają jeszcze kilka dni”. Tak skomentował sprawę wójt Adam Lis.", "pl")
    assert q.speaker == "Adam Lis"


def test_de_zufolge_after_the_speaker() -> None:
    text = "Landrat Jan Kurz besuchte die Wache. Kurz zufolge ist die Lage unter Kontrolle."
    assert reported(text, "de") == [("Jan Kurz", "ist die Lage unter Kontrolle")]


def test_ru_soglasno_source() -> None:
    text = "Мэр Иван Петров провёл совещание. Согласно Петрову, работы завершатся к осени."
    assert reported(text, "ru") == [("Иван Петров", "работы завершатся к осени")]


def test_ru_title_then_a_club_in_quotation_marks_then_the_name() -> None:
    quotes = direct(
        "«Мы сделали всё возможное», — признал главный тренер «Сокола» Пётр Маслов после матча.",
        "ru",
    )
    assert [(q.speaker, q.partial) for q in quotes] == [("Пётр Маслов", False), (None, True)]


def test_de_hyphenated_title_is_not_part_of_the_name() -> None:
    text = (
        "Die Grünen-Politikerin Lea Sommer kritisierte den Plan. Der Plan sei zu teuer und "
        "komme zu spät, sagte Sommer."
    )
    assert reported(text, "de") == [("Lea Sommer", "Der Plan sei zu teuer und komme zu spät")]


def test_de_role_matches_the_compound_title_given_before() -> None:
    text = (
        "Wirtschaftsministerin Claudia Brandt besuchte das Werk. Betriebsrat Ali Demir "
        "wartete am Tor. „Wir suchen gemeinsam einen Investor“, erklärte die Ministerin."
    )
    assert [q.speaker for q in direct(text, "de")] == ["Claudia Brandt"]


def test_de_separable_verb_particle_before_the_comma() -> None:
    text = (
        "Ministerin Eva Kühn besuchte die Schule. Sie kündigte an, das Land werde die "
        "Sanierung bezahlen."
    )
    assert reported(text, "de") == [("Eva Kühn", "das Land werde die Sanierung bezahlen")]


def test_ru_plural_verb_is_not_the_person_just_named() -> None:
    text = (
        "Министр Олег Рыбин посетил завод. «Проверка продлится месяц», — сообщили в "
        "пресс-службе министерства."
    )
    assert [q.speaker for q in direct(text, "ru")] == [None]


def test_pl_plural_verb_is_not_the_person_just_named() -> None:
    text = "Minister Adam Lis odwiedził fabrykę. „Kontrola potrwa cały miesiąc” – przekazali."
    assert [q.speaker for q in direct(text, "pl")] == [None]
