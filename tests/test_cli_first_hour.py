"""The rough edges a first user hits with the CLI (issue #17), each pinned by a test."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.fetch.decode import unsupported_message

STORY = (
    "Eastbrook reopens its river ferry after two years\n\n"
    "By Maria Alvarez\n\n"
    "The river ferry at Eastbrook carried its first passengers in two years on Saturday, after "
    "the town council paid for a new hull and a longer landing stage. About three hundred people "
    "queued at the slipway before the first crossing at nine in the morning.\n\n"
    "“This ferry is how half the town gets to work, and we have waited far too long for it,” "
    "said Mayor Dana Pike, who rode the first crossing with a group of schoolchildren.\n\n"
    "The old hull failed a safety inspection in the spring of last year and the crossing closed "
    "at a week's notice. Commuters have since driven eleven miles round the estuary to the "
    "nearest bridge, and shops on the quay say trade fell by a third.\n\n"
    "“We lost our morning customers overnight,” said Tomas Reid, who runs a bakery by the "
    "landing stage. The ferry will run every twenty minutes on weekdays from Monday."
)
OTHER = (
    "A second story about the orchard harvest arrives by pipe, and it must be kept apart from "
    "the first. Growers in the valley picked apples for three weeks in a row this autumn, and "
    "the cider press on the hill ran through the night to keep up with the crates. “We have "
    "never seen a harvest like this one in forty years of farming,” said grower Ines Duarte. "
    "Prices at the market fell by a fifth as the crates piled up, and the co-operative opened "
    "a second cold store to hold the surplus until the spring."
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "FETCH_ALLOW_PRIVATE", "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def _pipe(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _ingest_story(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.txt"
    path.write_text(STORY, encoding="utf-8")
    assert main(["ingest", str(path), "--data-dir", str(tmp_path / "data")]) == 0
    return path


def test_each_piped_article_is_its_own(tmp_path, monkeypatch, capsys):
    data = str(tmp_path / "data")
    _pipe(monkeypatch, STORY)
    assert main(["ingest", "-", "--data-dir", data]) == 0
    _pipe(monkeypatch, OTHER)
    assert main(["ingest", "-", "--data-dir", data]) == 0
    _pipe(monkeypatch, OTHER)
    assert main(["ingest", "-", "--data-dir", data]) == 0
    first, second, third = capsys.readouterr().out.splitlines()
    assert first.startswith("cached: #1") and second.startswith("cached: #2")
    assert third.startswith("already cached: #2")
    assert main(["whosaid", "never seen a harvest like this", "--data-dir", data]) == 0
    assert "Ines Duarte" in capsys.readouterr().out


def test_plain_text_headline_and_byline_are_title_and_author(tmp_path, capsys):
    path = tmp_path / "ferry.txt"
    path.write_text(STORY, encoding="utf-8")
    assert main(["summarize", str(path), "-n", "1", "--json"]) == 0
    (record,) = _records(capsys.readouterr().out)
    assert record["title"] == "Eastbrook reopens its river ferry after two years"
    assert record["author"] == "Maria Alvarez"
    (sentence,) = record["summary"]
    assert "Eastbrook reopens" not in sentence and "Alvarez" not in sentence
    assert STORY.endswith(record["text"])  # the story itself is taken exactly as written
    for q in record["quotes"]:
        assert record["text"][q["start"] : q["end"]] == q["text"]


def test_backup_of_a_missing_data_dir_is_an_error(tmp_path, capsys):
    out = tmp_path / "backup"
    assert main(["backup", str(out), "--data-dir", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert "nothing to back up" in err and "no such folder" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "command",
    [["whosaid", "some words"], ["quotes-by", "Pike"], ["ask", "When?"], ["search", "ferry"]],
)
def test_queries_on_an_empty_cache_say_so_and_create_nothing(tmp_path, capsys, command):
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "cache is empty" in err
    assert str(tmp_path / "data" / "guilds" / "1.sqlite3") in err
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_limit_must_be_positive(capsys, limit):
    with pytest.raises(SystemExit) as info:
        main(["quotes-by", "Pike", "--limit", limit])
    assert info.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_ask_selects_an_article_ingested_from_a_file_or_by_id(tmp_path, capsys):
    path = _ingest_story(tmp_path)
    capsys.readouterr()
    data = ["--data-dir", str(tmp_path / "data")]
    question = "How often will the ferry run?"
    for ref in (str(path), path.as_uri(), "#1", "1"):
        assert main(["ask", question, "--url", ref, *data]) == 0, ref
        assert "every twenty minutes" in capsys.readouterr().out
    assert main(["ask", question, "--url", "#7", *data]) == 1
    err = capsys.readouterr().err
    assert "haven't read that" in err and "server" not in err


def test_whosaid_json_with_no_match_keeps_stdout_clean(tmp_path, capsys):
    _ingest_story(tmp_path)
    capsys.readouterr()
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["whosaid", "a phrase nobody used", "--json", *data]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Nobody" in err
    assert main(["search", "zeppelin", "--json", *data]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "No saved article" in err


def test_quotes_by_role_and_surname(tmp_path, capsys):
    _ingest_story(tmp_path)
    capsys.readouterr()
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["quotes-by", "Mayor Pike", "--json", *data]) == 0
    (hit,) = _records(capsys.readouterr().out)
    assert hit["speaker"] == "Dana Pike"
    assert main(["quotes-by", "Baker Pike", "--json", *data]) == 1  # wrong role: nothing


def test_wording(tmp_path, capsys):
    assert unsupported_message("application/octet-stream") == (
        "That link is a binary download (application/octet-stream), not a web page, so I "
        "can't read it."
    )
    assert "a application" not in unsupported_message("application/x-thing")
    blob = tmp_path / "binary.bin"
    blob.write_bytes(bytes(range(32)) * 64)
    assert main(["summarize", str(blob)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("binary.bin") == 1 and "doesn't look like text" in err
    story = tmp_path / "ferry.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["summarise", str(story), "-n", "2"]) == 0  # the British spelling works too
    assert capsys.readouterr().out.startswith("Eastbrook reopens its river ferry")
