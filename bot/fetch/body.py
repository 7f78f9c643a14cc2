"""Streaming, size-bounded body reading with our own decompression.

aiohttp's automatic decompression is switched off: a few kilobytes of gzip can inflate to
gigabytes, so we inflate ourselves with ``max_length`` and stop as soon as the decoded body
passes ``max_bytes``. Memory stays near ``max_bytes`` whatever the server sends; the raw
(compressed) byte count is capped too, so an endless stream of empty deflate blocks ends.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

from bot.errors import BadResponseError, TooLargeError, UnsupportedContentError

CHUNK_SIZE = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"


def too_large(max_bytes: int, detail: str) -> TooLargeError:
    mib = max_bytes / (1024 * 1024)
    limit = f"{mib:g} MiB" if mib >= 1 else f"{max_bytes // 1024} KiB"
    return TooLargeError(f"That page is too large for me to read (over {limit}).", detail=detail)


class _Inflater:
    """Incremental gzip/deflate decoder whose output per call is capped."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._first = True
        self._done = False
        self._obj = self._new(31 if coding == "gzip" else 15)

    @staticmethod
    def _new(wbits: int) -> zlib._Decompress:
        return zlib.decompressobj(wbits)

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``; return at most ``room`` bytes (``room`` reached means too big)."""
        if self._done:
            return b""  # trailing garbage after the last gzip member: ignored, like browsers
        try:
            out = self._obj.decompress(data, room)
        except zlib.error:
            if self._first and self._coding == "deflate":
                # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
                self._obj = self._new(-15)
                self._first = False
                return self.feed(data, room)
            raise BadResponseError(
                "That website sent a damaged compressed page.", detail=self._coding
            ) from None
        self._first = False
        if len(out) >= room:
            return out
        if self._obj.eof:
            rest = self._obj.unused_data
            if self._coding == "gzip" and rest.startswith(b"\x1f\x8b"):
                self._obj = self._new(31)  # another gzip member follows
                return out + self.feed(rest, room - len(out))
            self._done = True
        return out


async def read_limited(
    chunks: AsyncIterator[bytes], content_encoding: str | None, max_bytes: int
) -> bytes:
    """Read and decode a body from ``chunks``; raise :class:`TooLargeError` past ``max_bytes``."""
    coding = (content_encoding or "identity").strip().lower()
    if coding in ("x-gzip",):
        coding = "gzip"
    if coding not in ("identity", "gzip", "deflate", ""):
        raise UnsupportedContentError(
            "That website compressed the page in a way I can't read.",
            detail=f"Content-Encoding: {content_encoding}",
        )
    inflater = _Inflater(coding) if coding in ("gzip", "deflate") else None
    body = bytearray()
    raw_total = 0
    async for chunk in chunks:
        raw_total += len(chunk)
        if raw_total > max_bytes:
            raise too_large(max_bytes, f"more than {max_bytes} bytes on the wire")
        if inflater is None:
            body += chunk
        else:
            room = max_bytes - len(body) + 1
            body += inflater.feed(chunk, room)
        if len(body) > max_bytes:
            raise too_large(max_bytes, f"more than {max_bytes} bytes after decompression")
    return bytes(body)
