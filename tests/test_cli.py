"""The ``precis`` CLI: JSON Lines shape, plain text taken as-is, errors that don't stop the rest."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest
from aiohttp import web

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "cli_article.html"
TEXT = (
    "The river rose for the third day in a row on Tuesday, and the town's volunteers filled "
    "sandbags through the night. “We will hold the line as long as we can,” said fire chief "
    "Dana Whitlock. Officials said the water would peak on Thursday morning.\n\n"
    "Shops on the high street closed early, and the school was turned into a shelter for 80 "
    "families. The mayor, Colin Ashby, asked residents to stay away from the river banks. "
    "“This is not the moment to take pictures,” Ashby said. Forecasters expect more rain at the "
    "weekend, though less than last week, and the army has sent two lorries of sand."
)


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    for name in ("DISCORD_TOKEN", "FETCH_ALLOW_PRIVATE", "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_summarize_html_file_json(capsys):
    assert main(["summarize", str(FIXTURE), "--json"]) == 0
    (record,) = _records(capsys.readouterr().out)
    expected = {"source", "url", "title", "author", "published", "site", "language"}
    assert expected | {"word_count", "text", "summary", "quotes", "error"} <= record.keys()
    assert record["error"] is None
    assert record["title"] == "Harbour town votes to rebuild its flooded sea wall"
    assert record["site"] == "Coastline Courier"
    assert record["published"] == "2024-03-14"
    assert len(record["summary"]) == 3
    assert all(s in record["text"] for s in record["summary"])
    for noise in ("Popular Posts", "Sign in", "All rights reserved", "November 2024"):
        assert noise not in record["text"]
    speakers = {q["speaker"] for q in record["quotes"]}
    assert "Aisha Rahman" in speakers
    for q in record["quotes"]:
        assert record["text"][q["start"] : q["end"]] == q["text"]


def test_summarize_human_output(capsys):
    assert main(["summarize", str(FIXTURE), "--sentences", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Harbour town votes to rebuild its flooded sea wall\n")
    assert "Coastline Courier" in out and "min read" in out
    assert out.count("• ") == 2


def test_txt_is_taken_as_is_and_offsets_match(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["quotes", str(path), "--json"]) == 0
    (record,) = _records(capsys.readouterr().out)
    assert record["text"] == TEXT
    assert record["quotes"], "the two direct quotes should be found"
    for q in record["quotes"]:
        assert TEXT[q["start"] : q["end"]] == q["text"]
    assert {q["speaker"] for q in record["quotes"]} >= {"Dana Whitlock", "Colin Ashby"}


def test_gzipped_html_and_stdin(tmp_path, monkeypatch, capsys):
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(FIXTURE.read_bytes()))
    assert main(["summarize", str(gz), "--json"]) == 0
    (record,) = _records(capsys.readouterr().out)
    assert record["site"] == "Coastline Courier"

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    assert main(["summarize", "-", "--json", "--sentences", "1"]) == 0
    (record,) = _records(capsys.readouterr().out)
    assert record["text"] == TEXT and len(record["summary"]) == 1


def test_bad_source_reports_and_others_still_run(tmp_path, capsys):
    short = tmp_path / "short.txt"
    short.write_text("Subscribe to read the rest of this story.")
    code = main(["summarize", str(tmp_path / "missing.html"), str(short), str(FIXTURE), "--json"])
    assert code == 1
    missing, teaser, good = _records(capsys.readouterr().out)
    assert "no file" in missing["error"]
    assert "word" in teaser["error"] and teaser["summary"] == []
    assert good["error"] is None and good["summary"]


def test_bad_arguments_exit_with_usage(capsys):
    with pytest.raises(SystemExit) as info:
        main(["summarize", str(FIXTURE), "--sentences", "99"])
    assert info.value.code == 2
    assert "between 1 and 10" in capsys.readouterr().err


def test_run_without_token_explains(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and "precis summarize" in err


async def test_url_through_the_safe_fetcher(tmp_path):
    hits: list[str] = []

    async def page(request: web.Request) -> web.Response:
        hits.append(request.path_qs)
        return web.Response(body=FIXTURE.read_bytes(), content_type="text/html")

    app = web.Application()
    app.router.add_get("/news/sea-wall", page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}/news/sea-wall?utm_source=chat"
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)  # the checkout under test, installed or not
    try:
        blocked = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "summarize", url, "--json",
            stdout=asyncio.subprocess.PIPE, cwd=tmp_path, env=env,
        )  # fmt: skip
        out, _ = await blocked.communicate()
        assert blocked.returncode == 1
        assert "port" in _records(out.decode())[0]["error"]  # not a standard port, not allowed
        assert hits == []

        env["FETCH_ALLOW_PRIVATE"] = f"127.0.0.1:{port}"
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "summarize", url, "--json",
            stdout=asyncio.subprocess.PIPE, cwd=tmp_path, env=env,
        )  # fmt: skip
        out, _ = await proc.communicate()
    finally:
        await runner.cleanup()
    assert proc.returncode == 0
    (record,) = _records(out.decode())
    assert record["title"] == "Harbour town votes to rebuild its flooded sea wall"
    assert hits == ["/news/sea-wall"], "tracking parameters are stripped before fetching"


def test_cache_commands_on_a_fresh_data_dir(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["ingest", str(FIXTURE), "--data-dir", data, "--json"]) == 0
    first = _records(capsys.readouterr().out)[0]
    assert first["from_cache"] is False and first["article_id"]
    assert main(["ingest", str(FIXTURE), "--data-dir", data, "--json"]) == 0
    assert _records(capsys.readouterr().out)[0]["from_cache"] is True

    assert main(["whosaid", "next storm will not wait", "--data-dir", data, "--json"]) == 0
    (hit,) = _records(capsys.readouterr().out)
    assert hit["speaker"] == "Aisha Rahman"

    assert main(["whosaid", "a phrase nobody ever said", "--data-dir", data]) == 1
    assert "Nobody" in capsys.readouterr().out

    assert main(["quotes-by", "Okafor", "--data-dir", data, "--json"]) == 0
    assert {r["speaker"] for r in _records(capsys.readouterr().out)} == {"Tom Okafor"}

    assert main(["ask", "How much will the sea wall cost?", "--data-dir", data, "--json"]) == 0
    answers = _records(capsys.readouterr().out)
    assert "12 million pounds" in answers[0]["answer"]

    assert main(["search", "sea wall", "--data-dir", data, "--json"]) == 0
    assert _records(capsys.readouterr().out)[0]["title"].startswith("Harbour town")

    other_guild = ["--data-dir", data, "--guild", "42"]
    assert main(["search", "sea wall", *other_guild]) == 1  # guilds never see each other's rows


LOW_WATER = """Ferries stop as the river Marle runs low

The river Marle dropped to its lowest level in forty years this week, leaving boats stranded on
mud banks and the ferry between the two halves of the town suspended until further notice.

Shopkeepers along the quay said trade had slowed since the ferry stopped, and a notice on the
ticket office window gave no date for the service to resume.

Rain is forecast for the hills upstream next week, but the regional water office expects the
level to stay low until the autumn.

“We are counting the days until the boats can move again.”
"""


def test_whosaid_shows_a_quote_whose_article_names_no_speaker(tmp_path, capsys):
    story = tmp_path / "low-water.txt"
    story.write_text(LOW_WATER, encoding="utf-8")
    data = str(tmp_path / "data")
    assert main(["ingest", str(story), "--data-dir", data]) == 0
    capsys.readouterr()

    assert main(["whosaid", "counting the days until the boats", "--data-dir", data]) == 0
    out = capsys.readouterr().out
    assert "“We are counting the days until the boats can move again.”" in out
    assert "The article does not name who said this." in out
    assert "low-water.txt>" in out  # the article it was read in
    assert "unattributed" not in out

    assert main(["whosaid", "counting the days", "--data-dir", data, "--json"]) == 0
    (hit,) = _records(capsys.readouterr().out)
    assert hit["speaker"] is None and hit["speaker_named"] is False
    assert hit["quote"].startswith("We are counting the days")
    assert hit["url"].startswith("file://") and hit["url"].endswith("low-water.txt")


def test_backup_and_restore_commands(tmp_path, capsys):
    data, backup = tmp_path / "data", tmp_path / "backup"
    assert main(["ingest", str(FIXTURE), "--data-dir", str(data)]) == 0
    assert main(["backup", "--data-dir", str(data), str(backup)]) == 0
    assert "1 guild database" in capsys.readouterr().out
    for path in (data / "guilds").iterdir():
        path.unlink()
    assert main(["search", "sea wall", "--data-dir", str(data)]) == 1  # gone
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "no-such-backup"), "--data-dir", str(data)]) == 1
    assert "There is no Precis backup in" in capsys.readouterr().err
    assert main(["restore", str(backup), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert main(["search", "sea wall", "--data-dir", str(data), "--json"]) == 0
    assert _records(capsys.readouterr().out)[0]["title"].startswith("Harbour town")


def test_a_closed_pipe_ends_quietly(tmp_path):
    # `precis summarize … | head -1`: the reader goes away before the output is written.
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "summarize", str(FIXTURE), str(FIXTURE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()
    assert proc.returncode == 141


def test_binary_files_are_refused_by_name_and_other_encodings_are_read(tmp_path, capsys):
    pdf, png, noise = tmp_path / "report.pdf", tmp_path / "photo", tmp_path / "noise.txt"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    noise.write_bytes(bytes((i * 37 + 11) % 256 for i in range(4000)))
    latin, utf16 = tmp_path / "latin.txt", tmp_path / "wide.txt"
    latin_text = TEXT.replace("“", '"').replace("”", '"').replace("’", "'") + " Café déjà vu."
    latin.write_bytes(latin_text.encode("latin-1"))
    utf16.write_bytes(TEXT.encode("utf-16"))

    assert main(["summarize", str(pdf), str(png), str(noise), str(tmp_path), "--json"]) == 1
    errors = [r["error"] for r in _records(capsys.readouterr().out)]
    assert "PDF is damaged" in errors[0] and "is a PNG image" in errors[1]
    assert "doesn't look like text or HTML" in errors[2]
    assert "is a folder" in errors[3]

    assert main(["summarize", str(latin), str(utf16), "--json"]) == 0
    got_latin, got_wide = _records(capsys.readouterr().out)
    assert got_latin["text"] == latin_text  # decoded as windows-1252, not "Caf\ufffd"
    assert got_wide["text"] == TEXT


async def test_pdf_files_and_pdf_links_are_read_like_any_source(tmp_path):
    from tests.fetchserver import PageServer
    from tests.pdfgen import make_pdf
    from tests.test_pdf import HEADING, STORY

    data = make_pdf(STORY, heading=HEADING, author="Lena Okafor")
    path = tmp_path / "ferry.pdf"
    path.write_bytes(data)
    server = PageServer()
    server.files["timetable.pdf"] = ("application/pdf", data)
    await server.start()
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    env["FETCH_ALLOW_PRIVATE"] = server.pair
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "summarize", str(path),
            server.url("/files/timetable.pdf"), "--json",
            stdout=asyncio.subprocess.PIPE, cwd=tmp_path, env=env,
        )  # fmt: skip
        out, _ = await proc.communicate()
    finally:
        await server.stop()
    assert proc.returncode == 0, out
    records = _records(out.decode())
    assert len(records) == 2
    for record in records:
        assert record["error"] is None
        assert record["title"] == HEADING
        assert record["author"] == "Lena Okafor"
        assert record["site"] == "PDF · 1 page"
        assert record["summary"] and "Tomas Varga" in {q["speaker"] for q in record["quotes"]}
    assert records[1]["url"].endswith("/files/timetable.pdf")


@pytest.mark.parametrize("command", ["summarize", "quotes", "ingest"])
def test_a_failed_source_has_the_same_keys_as_a_good_one(tmp_path, capsys, command):
    argv = [command, str(tmp_path / "missing.html"), str(FIXTURE), "--json"]
    if command == "ingest":
        argv += ["--data-dir", str(tmp_path / "data")]
    assert main(argv) == 1
    failed, good = _records(capsys.readouterr().out)
    assert failed["error"] and good["error"] is None
    assert list(failed) == list(good)
