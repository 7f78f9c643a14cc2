"""Russian and Polish surnames change with their case (Петров, Петрова, Петрову; Kowalski,
Kowalskiego): asked for in any case, ``precis quotes-by`` finds the speaker, and ``whosaid``
answers with the full name the article first gave, never the inflected form its cue used.
The CLI through its main(), on a real SQLite cache. (Discord's /whosaid and /quotes speaker:
tests/test_e2e_multilingual.py.)

Articles written for this test (invented town and people)."""

from __future__ import annotations

import json

import pytest

from bot.cli import main

RUSSIAN = """В Озёрске построят новый мост

Городская дума Озёрска во вторник одобрила строительство пешеходного моста через реку. \
Старый мост закрыли весной из-за трещин в опорах.

Мэр Иван Петров представил проект на заседании думы. Депутаты задали Петрову много вопросов \
о стоимости и сроках.

По словам Петрова, «новый мост откроют до конца следующего года, и он прослужит горожанам \
полвека». Он добавил, что конкурс на выбор подрядчика объявят в этом месяце.

Жители встретили решение с облегчением. Многие из них с весны добираются до работы в обход \
через соседний район.
"""
POLISH = """Nowy most na rzece w Brzezinach

Rada miejska Brzezin zatwierdziła we wtorek budowę nowego mostu dla pieszych i rowerzystów. \
Stary most zamknięto w marcu po wykryciu pęknięć w filarach.

Burmistrz Tomasz Kowalski przedstawił projekt na sesji rady. Radni zadawali Kowalskiemu wiele \
pytań o koszty i terminy.

Według Kowalskiego, „nowa przeprawa będzie gotowa przed końcem przyszłego roku i posłuży \
mieszkańcom przez pół wieku”. Dodał, że przetarg zostanie ogłoszony jeszcze w tym miesiącu.

Mieszkańcy przyjęli decyzję z ulgą. Wielu z nich od wiosny dojeżdża do pracy okrężną drogą \
przez sąsiednią gminę.
"""


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One cache for the module (ingesting is the slow part; the tests only read it)."""
    tmp = tmp_path_factory.mktemp("inflected")
    folder = str(tmp / "data")
    for name, text in (("ozersk.txt", RUSSIAN), ("brzeziny.txt", POLISH)):
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        assert main(["ingest", str(path), "--data-dir", folder]) == 0
    return folder


@pytest.mark.parametrize(
    ("asked", "speaker", "words"),
    [
        ("Петрову", "Иван Петров", "новый мост откроют"),  # dative
        ("Петрова", "Иван Петров", "новый мост откроют"),  # genitive
        ("Петров", "Иван Петров", "новый мост откроют"),
        ("Kowalskiego", "Tomasz Kowalski", "nowa przeprawa będzie gotowa"),  # genitive
        ("Kowalskiemu", "Tomasz Kowalski", "nowa przeprawa będzie gotowa"),  # dative
        ("Tomasz Kowalski", "Tomasz Kowalski", "nowa przeprawa będzie gotowa"),
    ],
)
def test_quotes_by_an_inflected_surname(
    data: str, capsys: pytest.CaptureFixture[str], asked: str, speaker: str, words: str
) -> None:
    assert main(["quotes-by", asked, "--data-dir", data, "--json"]) == 0
    records = _records(capsys.readouterr().out)
    assert {r["speaker"] for r in records} == {speaker}
    assert any(words in r["quote"] for r in records)


@pytest.mark.parametrize(
    ("phrase", "speaker", "inflected"),
    [
        ("прослужит горожанам полвека", "Иван Петров", "Петрова"),
        ("posłuży mieszkańcom przez pół wieku", "Tomasz Kowalski", "Kowalskiego"),
    ],
)
def test_whosaid_answers_with_the_full_name_not_the_cues_case(
    data: str, capsys: pytest.CaptureFixture[str], phrase: str, speaker: str, inflected: str
) -> None:
    assert main(["whosaid", phrase, "--data-dir", data, "--json"]) == 0
    hit = _records(capsys.readouterr().out)[0]
    assert hit["speaker"] == speaker
    assert main(["whosaid", phrase, "--data-dir", data]) == 0
    out = capsys.readouterr().out
    assert speaker in out and inflected not in out


def test_a_surname_in_another_language_is_not_stemmed_into_a_match(
    data: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Kowal and Петровский are other people's names, not a case of Kowalski or Петров.
    assert main(["quotes-by", "Kowal", "--data-dir", data]) == 1
    assert main(["quotes-by", "Петровский", "--data-dir", data]) == 1
