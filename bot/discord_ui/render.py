"""The one place where Precis turns article-derived text into Discord messages and embeds.

Everything here is a pure function (no network, no state). Text that came from a web page is
untrusted: it is escaped for markdown and mentions, collapsed to one line where a line is
expected, and cut to Discord's limits, so whatever a page contains the message is accepted by
Discord and pings nobody. :func:`enforce_limits` is the final guard every embed passes through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from urllib.parse import urlsplit

import discord

from bot import formatting, guild_settings
from bot.models import (
    UNNAMED_SPEAKER,
    Answer,
    ArticleHit,
    Digest,
    GuildSettings,
    Quote,
    QuoteHit,
)

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
CONTENT_LIMIT = 2000
URL_LIMIT = 2048

ELLIPSIS = "…"
COLOUR = discord.Colour(0x3B82F6)
ERROR_COLOUR = discord.Colour(0xE11D48)

# Discord pings on @everyone/@here and <@id>, <@!id>, <@&id>; escape_mentions covers the
# bare forms, this also covers a zero-width-free "@ everyone" lookalike being joined later.
_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>", re.I)
_SPACE = re.compile(r"\s+")
_QUOTE_LEN = 300
_SNIPPET_LEN = 300


# --- text primitives ------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Break every mention in ``text`` with a zero-width space (idempotent)."""
    text = discord.utils.escape_mentions(text)
    # escape_mentions only matches lower case and 17-20 digit ids; Discord is more lenient.
    return _MENTION.sub(lambda m: m.group()[0] + "\u200b" + m.group()[1:], text)


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines, tabs, odd Unicode spaces) to single spaces."""
    return _SPACE.sub(" ", text).strip()


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending in an ellipsis when cut."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # A lone trailing backslash would escape our ellipsis (or a following newline).
    stripped = cut.rstrip("\\")
    if (len(cut) - len(stripped)) % 2:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def safe(text: str | None, limit: int, *, inline: bool = True) -> str:
    """Untrusted text made safe to show: one line, markdown and mentions escaped, cut to fit."""
    if not text:
        return ""
    if inline:
        text = one_line(text)
    text = neutralise(discord.utils.escape_markdown(text))
    return truncate(text, limit)


def plain(text: str | None, limit: int) -> str:
    """Text we wrote ourselves (may hold markdown) with any mention still neutralised."""
    return truncate(neutralise(text or ""), limit)


def safe_url(url: str | None) -> str | None:
    """``url`` if Discord will accept it as an embed or button link, else None."""
    if not url or len(url) > URL_LIMIT or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


def host_of(url: str | None) -> str | None:
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def content(text: str) -> str:
    """A plain message body (ours, e.g. an error) within the 2000-character limit, no pings."""
    return plain(text, CONTENT_LIMIT) or "\u200b"


# --- embed limits ---------------------------------------------------------------------------


def enforce_limits(embed: discord.Embed) -> discord.Embed:
    """Trim ``embed`` in place to every Discord limit (and neutralise mentions); returns it."""
    if embed.title:
        embed.title = plain(embed.title, TITLE_LIMIT)
    if embed.description:
        embed.description = plain(embed.description, DESCRIPTION_LIMIT)
    if embed.url and not safe_url(embed.url):
        embed.url = None
    if embed.author and embed.author.name:
        embed.set_author(
            name=plain(embed.author.name, AUTHOR_LIMIT),
            url=safe_url(embed.author.url),
            icon_url=embed.author.icon_url,
        )
    if embed.footer and embed.footer.text:
        embed.set_footer(
            text=plain(embed.footer.text, FOOTER_LIMIT), icon_url=embed.footer.icon_url
        )
    fields = [
        (plain(f.name, FIELD_NAME_LIMIT) or "\u200b", plain(f.value, FIELD_VALUE_LIMIT) or "\u200b")
        for f in embed.fields[:FIELD_COUNT_LIMIT]
    ]
    inline = [f.inline for f in embed.fields[:FIELD_COUNT_LIMIT]]
    embed.clear_fields()
    for (name, value), is_inline in zip(fields, inline, strict=True):
        embed.add_field(name=name, value=value, inline=bool(is_inline))
    # Over the total: drop fields from the end, then shorten the description.
    while len(embed) > EMBED_TOTAL_LIMIT and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL_LIMIT and embed.description:
        excess = len(embed) - EMBED_TOTAL_LIMIT
        embed.description = truncate(embed.description, len(embed.description) - excess)
    if len(embed) > EMBED_TOTAL_LIMIT and embed.footer and embed.footer.text:
        excess = len(embed) - EMBED_TOTAL_LIMIT
        embed.set_footer(text=truncate(embed.footer.text, max(0, len(embed.footer.text) - excess)))
    return embed


def _fill_lines(lines: Iterable[str], limit: int, *, sep: str = "\n") -> str:
    """Join ``lines`` while they fit in ``limit``; the first line that doesn't is shortened."""
    out = ""
    for line in lines:
        candidate = line if not out else out + sep + line
        if len(candidate) <= limit:
            out = candidate
            continue
        room = limit - len(out) - (len(sep) if out else 0)
        if room >= 40:
            out = (out + sep if out else "") + truncate(line, room)
        break
    return out


# --- digests --------------------------------------------------------------------------------


def format_date(value: date | None) -> str | None:
    return f"{value.day} {value:%b %Y}" if value else None


def byline(digest: Digest) -> str:
    """ "site · author · date · N min read" with the missing parts left out (escaped)."""
    art = digest.article
    parts = [
        safe(art.site or host_of(art.url), 100),
        safe(art.author, 100),
        format_date(art.published),
        f"{art.reading_minutes} min read",
    ]
    return " · ".join(p for p in parts if p)


def quote_line(quote: Quote, limit: int = _QUOTE_LEN) -> str:
    """ "> “quote” — Speaker" for a blockquote; speaker unknown when the rules found none."""
    return "> " + formatting.quote_line(
        quote, lambda text: safe(text, limit), lambda speaker: safe(speaker, 80)
    )


def digest_embed(digest: Digest) -> discord.Embed:
    """The reply to a link: title, byline, summary bullets, key quotes, algorithm footer."""
    art = digest.article
    title = safe(art.title, TITLE_LIMIT) or safe(host_of(art.url), TITLE_LIMIT) or "Article"
    bullets = [f"• {safe(s, 1000)}" for s in digest.summary.sentences if s.strip()]
    head = byline(digest)
    body = _fill_lines(bullets, DESCRIPTION_LIMIT - len(head) - 2) if bullets else ""
    description = head + ("\n\n" + body if body else "\n\n*No summary: too little text.*")
    embed = discord.Embed(
        title=title, url=safe_url(art.url), description=description, colour=COLOUR
    )
    quotes = digest.key_quotes
    if quotes:
        value = _fill_lines((quote_line(q) for q in quotes), FIELD_VALUE_LIMIT)
        if value:
            embed.add_field(name="Key quotes", value=value, inline=False)
    footer = f"Summary: {safe(digest.summary.algorithm, 40)}"
    footer += f" · {len(digest.summary.sentences)} sentences"
    if digest.from_cache:
        footer += " · from cache"
    embed.set_footer(text=footer)
    return enforce_limits(embed)


def more_quotes_embed(digest: Digest, limit: int = 10) -> discord.Embed:
    """All quotes of one article (up to ``limit``), for the "More quotes" button."""
    art = digest.article
    title = "Quotes: " + (
        safe(art.title, TITLE_LIMIT - 8) or safe(host_of(art.url), 200) or "article"
    )
    quotes = digest.quotes[:limit]
    if quotes:
        description = _fill_lines(
            (quote_line(q, 500) for q in quotes), DESCRIPTION_LIMIT, sep="\n\n"
        )
    else:
        description = "I found no direct quotes in this article."
    embed = discord.Embed(
        title=title, url=safe_url(art.url), description=description, colour=COLOUR
    )
    return enforce_limits(embed)


# --- cache answers --------------------------------------------------------------------------


def _source(title: str | None, url: str | None) -> str:
    name = safe(title, 120) or safe(host_of(url), 120) or "an article"
    link = safe_url(url)
    if link:
        # Masked link: the URL stays unescaped (it must stay clickable) but can't hold ")".
        return f"[{name.replace('[', '').replace(']', '')}]({link.replace(')', '%29')})"
    return name


def quote_hits_embed(hits: Sequence[QuoteHit], heading: str) -> discord.Embed:
    """Quotes found in the guild's cache (``/quotes``)."""
    blocks = [f"{quote_line(h.quote)}\n— in {_source(h.title, h.url)}" for h in hits]
    description = _fill_lines(blocks, DESCRIPTION_LIMIT, sep="\n\n") or "No quotes found."
    embed = discord.Embed(title=safe(heading, TITLE_LIMIT), description=description, colour=COLOUR)
    return enforce_limits(embed)


def _whosaid_block(hit: QuoteHit) -> str:
    quote = hit.quote
    if quote.speaker:
        return f"{quote_line(quote)}\n— in {_source(hit.title, hit.url)}"
    # Found, but the article names nobody: say so in words rather than "— unattributed".
    return (
        f"> “{safe(quote.display_text, _QUOTE_LEN)}”\n"
        f"*{UNNAMED_SPEAKER}* — in {_source(hit.title, hit.url)}"
    )


def whosaid_embed(phrase: str, hits: Sequence[QuoteHit]) -> discord.Embed:
    """The answer to ``/whosaid``: each matching quote with its speaker and article."""
    heading = f"Who said “{phrase}”?"
    blocks = [_whosaid_block(h) for h in hits]
    description = _fill_lines(blocks, DESCRIPTION_LIMIT, sep="\n\n") or (
        "Nobody in the articles I've read here said that."
    )
    embed = discord.Embed(title=safe(heading, TITLE_LIMIT), description=description, colour=COLOUR)
    return enforce_limits(embed)


def answers_embed(question: str, answers: Sequence[Answer]) -> discord.Embed:
    """Sentences from cached articles that answer ``question`` (``/ask``)."""
    blocks = [f"• {safe(a.text, 600)}\n— {_source(a.title, a.url)}" for a in answers]
    description = _fill_lines(blocks, DESCRIPTION_LIMIT, sep="\n\n") or (
        "I found nothing about that in the articles I've read here."
    )
    embed = discord.Embed(
        title=truncate("Q: " + safe(question, TITLE_LIMIT), TITLE_LIMIT),
        description=description,
        colour=COLOUR,
    )
    return enforce_limits(embed)


def search_embed(terms: str, hits: Sequence[ArticleHit]) -> discord.Embed:
    """Cached articles matching ``terms`` (``/search``)."""
    blocks = []
    for h in hits:
        meta = " · ".join(p for p in (safe(h.site, 80), format_date(h.published)) if p)
        line = f"**{_source(h.title, h.url)}**" + (f" ({meta})" if meta else "")
        snippet = safe(h.snippet, _SNIPPET_LEN)
        blocks.append(line + (f"\n{snippet}" if snippet else ""))
    description = _fill_lines(blocks, DESCRIPTION_LIMIT, sep="\n\n") or "No articles found."
    embed = discord.Embed(
        title=truncate("Search: " + safe(terms, TITLE_LIMIT), TITLE_LIMIT),
        description=description,
        colour=COLOUR,
    )
    return enforce_limits(embed)


# --- settings and errors --------------------------------------------------------------------


def settings_embed(
    settings: GuildSettings,
    *,
    default_retention_days: int | None = None,
    shard: str | None = None,
) -> discord.Embed:
    """``/config show``; ``default_retention_days`` is the bot-wide RETENTION_DAYS, ``shard``
    which shard serves the server (operators running several processes ask for it)."""
    embed = discord.Embed(title="Precis settings for this server", colour=COLOUR)
    for spec in guild_settings.SETTINGS:
        if not spec.shown:
            continue
        # The bot-wide default stands in for an unset value (only retention has one).
        text = spec.describe(getattr(settings, spec.name), default_retention_days)
        if spec.kind is frozenset:  # channel mentions we wrote: not escaped, a line of its own
            embed.add_field(name=spec.label, value=text, inline=False)
        else:
            embed.add_field(name=spec.label, value=safe(text, 50))
    if shard:  # about the process, not a setting of the server
        embed.add_field(name="Shard", value=safe(shard, 200), inline=False)
    return enforce_limits(embed)


def error_embed(message: str) -> discord.Embed:
    """An error shown to the user who caused it (``message`` is ours, but escape anyway)."""
    embed = discord.Embed(
        description=safe(message, DESCRIPTION_LIMIT, inline=False), colour=ERROR_COLOUR
    )
    return enforce_limits(embed)


def link_error(url: str, message: str) -> str:
    """A short reply when a link in a watched channel can't be summarised."""
    link = safe_url(url)
    shown = f"<{link}>" if link and len(link) < 300 else "that link"
    return content(f"⚠️ {shown}: {safe(message, 1500, inline=False)}")
