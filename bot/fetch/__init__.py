"""Safe fetching of user-posted links: SSRF guard, limits, redirects, charsets, caching.

Everything a caller needs is re-exported here: :class:`Fetcher`, :class:`Page`,
:func:`canonicalize_url` and :data:`USER_AGENT`.
"""

from __future__ import annotations

from bot.fetch.fetcher import USER_AGENT, Fetcher, Page
from bot.fetch.guard import ALLOWED_PORTS, Guard, GuardedResolver, is_blocked_address
from bot.fetch.urls import canonicalize_url, is_tracking_param

__all__ = [
    "ALLOWED_PORTS",
    "USER_AGENT",
    "Fetcher",
    "Guard",
    "GuardedResolver",
    "Page",
    "canonicalize_url",
    "is_blocked_address",
    "is_tracking_param",
]
