"""Interactions the fake sends to the bot, and what the bot answered (responses, follow-ups)."""

# Waiting helpers take `timeout=` on purpose: it reads best in tests.
# ruff: noqa: ASYNC109

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .state import FLAG_EPHEMERAL, FLAG_LOADING, Notifier

# Interaction types.
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# Callback (response) types.
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9


def is_ephemeral(message: dict[str, Any]) -> bool:
    """Whether a stored message is ephemeral (only the invoking user sees it)."""
    return bool(int(message.get("flags") or 0) & FLAG_EPHEMERAL)


@dataclass
class FakeInteraction:
    """One interaction sent to the bot and everything the bot did with it.

    `original` is the response message (also what `@original` routes address); `followups` are
    messages posted with the interaction's webhook token. Message dicts are the live stored
    payloads, so later edits show up in them.
    """

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    notifier: Notifier
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    original: dict[str, Any] | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)
    # Message a component interaction was attached to (type 7 responses edit it).
    message: dict[str, Any] | None = None
    created_at: float = field(default_factory=time.monotonic)
    # Set when the bot answered after FakeDiscord.interaction_deadline (Discord: 3 s).
    expired: bool = False

    # -- what the bot did --------------------------------------------------------------------
    @property
    def responded(self) -> bool:
        return bool(self.callbacks)

    @property
    def responses(self) -> list[dict[str, Any]]:
        """Raw callback bodies the bot POSTed (normally exactly one)."""
        return self.callbacks

    @property
    def response_type(self) -> int | None:
        return self.callbacks[0]["type"] if self.callbacks else None

    @property
    def deferred(self) -> bool:
        return self.response_type in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE)

    @property
    def ephemeral(self) -> bool:
        """Whether the response (message or deferral) was ephemeral."""
        if not self.callbacks:
            return False
        data = self.callbacks[0].get("data") or {}
        return bool(int(data.get("flags") or 0) & FLAG_EPHEMERAL)

    @property
    def modal(self) -> dict[str, Any] | None:
        if self.response_type == MODAL:
            return self.callbacks[0].get("data")
        return None

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices the bot returned."""
        if self.response_type == AUTOCOMPLETE_RESULT:
            return (self.callbacks[0].get("data") or {}).get("choices", [])
        return None

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Every message the bot produced for this interaction (original first)."""
        out = [self.original] if self.original is not None else []
        return out + [m for m in self.followups if m is not self.original]

    # -- waiting -----------------------------------------------------------------------------
    async def wait_for_response(self, timeout: float = 10) -> dict[str, Any]:
        """Wait for the interaction callback (Discord allows 3 s; we allow `timeout`)."""
        return await self.notifier.wait_until(
            lambda: self.callbacks[0] if self.callbacks else None,
            timeout,
            f"a response to interaction {self.id}",
        )

    async def wait_for_followup(self, count: int = 1, timeout: float = 10) -> dict[str, Any]:
        """Wait until at least `count` follow-ups exist; return the `count`-th."""
        return await self.notifier.wait_until(
            lambda: self.followups[count - 1] if len(self.followups) >= count else None,
            timeout,
            f"follow-up #{count} to interaction {self.id}",
        )

    async def wait_for_reply(self, timeout: float = 10) -> dict[str, Any]:
        """The message the user ends up seeing: the response message, or after a deferral
        the original once it stops loading (edited or filled by the first follow-up), or
        the component's message after an UPDATE_MESSAGE."""

        def done() -> dict[str, Any] | None:
            kind = self.response_type
            if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
                return self.original
            original = self.original
            if kind == DEFERRED_CHANNEL_MESSAGE and original is not None:
                if original.get("deleted"):
                    # The bot deleted the "thinking" message and sent a follow-up instead.
                    live = [m for m in self.followups if not m.get("deleted")]
                    return live[0] if live else None
                if not original["flags"] & FLAG_LOADING:
                    return original
            if kind == DEFERRED_UPDATE_MESSAGE:
                if self.followups:
                    return self.followups[0]
                if self.message is not None and self.message.get("edited_timestamp"):
                    return self.message
            return None

        return await self.notifier.wait_until(done, timeout, f"the reply to interaction {self.id}")

    def __repr__(self) -> str:
        return (
            f"<FakeInteraction id={self.id} type={self.type} response={self.response_type} "
            f"followups={len(self.followups)}>"
        )
