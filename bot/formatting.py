"""How a quote reads as one line of text, written once for every front end.

The CLI prints it as is; Discord passes its escaping (markdown, mentions, length) for the two
untrusted parts, the words and the speaker, so both show the same thing in the same shape.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.models import Quote

UNATTRIBUTED = "unattributed"


def quote_line(
    quote: Quote,
    clean_text: Callable[[str], str] = str.strip,
    clean_speaker: Callable[[str], str] = str.strip,
) -> str:
    """ "“words” — Speaker"; reported speech has no quote marks and is marked "(reported)",
    since the words are the writer's, not the speaker's."""
    speaker = clean_speaker(quote.speaker or "") or UNATTRIBUTED
    if quote.kind == "indirect":
        return f"{clean_text(quote.text)} — {speaker} (reported)"
    return f"“{clean_text(quote.display_text)}” — {speaker}"
