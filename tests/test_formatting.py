"""bot.formatting: one line per quote, the same words in the CLI and on Discord."""

from __future__ import annotations

from bot import formatting
from bot.discord_ui import render
from bot.models import Quote


def test_direct_reported_and_unattributed_lines() -> None:
    said = Quote("we will rebuild,", 0, 16, "Mara Ellis")
    reported = Quote("the wall would hold", 0, 19, "Engineers", kind="indirect")
    nobody = Quote("Nothing is decided.", 0, 19, None)
    assert formatting.quote_line(said) == "“…we will rebuild.” — Mara Ellis"
    assert formatting.quote_line(reported) == "the wall would hold — Engineers (reported)"
    assert formatting.quote_line(nobody) == "“Nothing is decided.” — unattributed"


def test_discord_shows_the_same_line_as_a_blockquote() -> None:
    # Plain words need no escaping, so Discord's line is the CLI's behind "> ".
    for quote in (
        Quote("The harbour reopens in May.", 0, 27, "Port Authority"),
        Quote("tolls would rise", 0, 16, "the council", kind="indirect"),
        Quote("Nothing is decided.", 0, 19, None),
    ):
        assert render.quote_line(quote) == "> " + formatting.quote_line(quote)
