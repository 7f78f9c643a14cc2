"""Find the article links in a Discord message's text.

Discord's own rules are followed where they matter: a link wrapped in ``<…>`` is one the author
asked Discord not to embed, so Precis leaves it alone too; links inside code spans or code
blocks are examples, not reading requests. Trailing punctuation that ends a sentence and a
closing bracket with no opening partner inside the link are not part of the link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Characters a link can't contain as Discord sees it: whitespace, angle brackets, quotes and
# backticks (which close code spans). ``|`` ends a link too, so ``||spoiler||`` links work.
_LINK = re.compile(r"(?i)\bhttps?://[^\s<>\"`|]+")
_CODE = re.compile(r"```.*?```|``[^`]*?``|`[^`\n]*`", re.S)
_TRAILING = ".,;:!?'\"*_~…"
_PAIRS = {")": "(", "]": "[", "}": "{"}
MAX_LINK_LENGTH = 2048


def _trim(link: str) -> str:
    while link:
        last = link[-1]
        if last in _TRAILING:
            link = link[:-1]
        elif last in _PAIRS and link.count(last) > link.count(_PAIRS[last]):
            # An unbalanced closer belongs to the text around the link, e.g. "(see https://x)".
            link = link[:-1]
        else:
            break
    return link


def _has_host(link: str) -> bool:
    rest = link.split("://", 1)[1]
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    return bool(host.strip(".:[]"))


def find_links(content: str, limit: int = 3) -> list[str]:
    """Return up to ``limit`` distinct http(s) links in ``content``, in order of appearance.

    Links wrapped in ``<…>``, links inside code, and links longer than 2048 characters are
    ignored. Two links that differ only by their ``#fragment`` count as the same article.
    """
    if limit <= 0 or not content:
        return []
    # Blank out code so offsets stay valid for the "<" check below.
    text = _CODE.sub(lambda m: " " * len(m.group()), content)
    found: list[str] = []
    seen: set[str] = set()
    for match in _LINK.finditer(text):
        start = match.start()
        if start > 0 and text[start - 1] == "<":
            continue
        link = _trim(match.group())
        if not _has_host(link) or len(link) > MAX_LINK_LENGTH:
            continue
        key = link.split("#", 1)[0]
        scheme, rest = key.split("://", 1)
        key = scheme.lower() + "://" + rest
        if key in seen:
            continue
        seen.add(key)
        found.append(link)
        if len(found) >= limit:
            break
    return found


# Links that are never news articles: chat invites, media, video sites, file downloads. In
# watched channels these are skipped silently instead of answered with "can't read that".
_NOT_ARTICLE_HOSTS = (
    "discord.gg",
    "discord.com",
    "discordapp.com",
    "discordapp.net",
    "youtube.com",
    "youtu.be",
    "tenor.com",
    "giphy.com",
    "imgur.com",
    "twitch.tv",
    "spotify.com",
)
_NOT_ARTICLE_EXT = re.compile(
    r"\.(?:png|jpe?g|gif|webp|svg|bmp|ico|mp4|webm|mov|mkv|avi|mp3|ogg|wav|flac|zip|gz|"
    r"tar|7z|rar|exe|dmg|apk|iso|docx?|xlsx?|pptx?)$",
    re.I,
)


def looks_like_article(url: str) -> bool:
    """False for links that are clearly not articles (invites, media files, video sites)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    if any(host == h or host.endswith("." + h) for h in _NOT_ARTICLE_HOSTS):
        return False
    return not _NOT_ARTICLE_EXT.search(parts.path)


def find_article_links(content: str, limit: int = 3) -> list[str]:
    """Like :func:`find_links`, keeping only links that may be articles."""
    return [u for u in find_links(content, limit=25) if looks_like_article(u)][:limit]


def link_or_text(text: str) -> str:
    """The first link in what a user typed into a command option, else the text as typed
    (stripped), so the service can say why it isn't a link it can read."""
    links = find_links(text, 1)
    return links[0] if links else text.strip()
