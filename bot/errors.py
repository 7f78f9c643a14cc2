"""Exceptions that carry a message fit to show a Discord user or print in the CLI.

The exception tree (tests/test_errors.py keeps it in step with the classes below)::

    PrecisError
        ConfigError
        DiscordUnreachableError
        FetchError
            InvalidURLError
            BadSchemeError
            BlockedAddressError
                BlockedPortError
            DNSError
            ConnectError
            FetchTimeoutError
            TooLargeError
            TooManyRedirectsError
            UnsupportedContentError
            BadResponseError
            HTTPStatusError
        SourceError
        ExtractionError
            TooLittleTextError
            PdfError
                EncryptedPdfError
                BrokenPdfError
                ImageOnlyPdfError
                PdfTooComplexError
        WorkTimeoutError
        UnknownAlgorithmError
        StorageError
            SchemaTooNewError
            WrongShardError
        NotFoundError
            EmptyCacheError
        RateLimitedError
        InvalidSettingError
        WorkerCrashedError

Every error a user can cause derives from :class:`PrecisError`; its ``user_message`` is short,
plain and free of internals. Cogs reply with it ephemerally, the CLI prints it. Anything else
that escapes is a bug: it is logged with its traceback and the user sees a generic apology.
"""

from __future__ import annotations


class PrecisError(Exception):
    """Base class: ``user_message`` is what the person who asked gets to read."""

    default_message = "Something went wrong while reading that."

    def __init__(self, user_message: str | None = None, *, detail: str | None = None) -> None:
        self.user_message = user_message or self.default_message
        self.detail = detail
        super().__init__(self.user_message if detail is None else f"{self.user_message} ({detail})")

    def __reduce__(self):  # type: ignore[override]
        # Errors cross the worker-process boundary by pickle; subclasses take other __init__
        # arguments (TooLittleTextError(words, minimum)), so rebuild from state, not args.
        return _rebuild_error, (type(self), self.args, self.__dict__.copy())


def _rebuild_error(cls: type[PrecisError], args: tuple, state: dict) -> PrecisError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ConfigError(PrecisError):
    """A setting in the environment or ``.env`` is missing or invalid."""

    default_message = "Precis is not configured correctly."


class DiscordUnreachableError(PrecisError):
    """The bot could not reach Discord at start (network, DNS or TLS); not a user's error."""

    default_message = "Can't reach Discord. Check the network connection."


# --- fetching ---------------------------------------------------------------------------


class FetchError(PrecisError):
    """A link could not be fetched."""

    default_message = "I couldn't fetch that link."


class InvalidURLError(FetchError):
    default_message = "That doesn't look like a web link I can read."


class BadSchemeError(FetchError):
    default_message = "I only read http:// and https:// links."


class BlockedAddressError(FetchError):
    default_message = "That link points to a private network address, so I won't fetch it."


class BlockedPortError(BlockedAddressError):
    """The link names a network port outside the web ports Precis fetches from."""

    default_message = (
        "That link uses an unusual network port; I only fetch from the standard web ports "
        "(80, 443, 8080 and 8443)."
    )


class DNSError(FetchError):
    default_message = "I couldn't find that website (the address doesn't resolve)."


class ConnectError(FetchError):
    default_message = "I couldn't connect to that website."


class FetchTimeoutError(FetchError):
    default_message = "That website took too long to answer."


class TooLargeError(FetchError):
    default_message = "That page is too large for me to read."


class TooManyRedirectsError(FetchError):
    default_message = "That link redirects too many times."


class UnsupportedContentError(FetchError):
    default_message = "That link isn't a web page I can read."


class BadResponseError(FetchError):
    """The server broke the protocol: damaged compression, garbled headers, dropped connection."""

    default_message = "That website sent a response I couldn't read."


class HTTPStatusError(FetchError):
    default_message = "The website refused to give me that page."

    def __init__(self, status: int, user_message: str | None = None) -> None:
        self.status = status
        super().__init__(user_message or f"The website answered with an error (HTTP {status}).")


# --- reading ----------------------------------------------------------------------------


class SourceError(PrecisError):
    """A CLI source (file, stdin) could not be read."""

    default_message = "I couldn't read that source."


class ExtractionError(PrecisError):
    """The page has no article text Precis can use."""

    default_message = "I couldn't find an article on that page."


class TooLittleTextError(ExtractionError):
    """Under the minimum word count: a teaser, paywall, cookie wall or script-only page."""

    def __init__(self, words: int, minimum: int, *, document: str | None = None) -> None:
        self.words = words
        self.minimum = minimum
        plural = "s" if words != 1 else ""
        if document:  # a PDF or a file: no paywall to blame, it is just short
            message = (
                f"{document} has only {words} word{plural} of text; I need at least {minimum} "
                "to summarise it."
            )
        else:
            message = (
                f"I could only read {words} word{plural} of article text "
                f"(I need at least {minimum}). The page may be behind a paywall or cookie "
                "wall, need JavaScript, or be mostly video."
            )
        super().__init__(message)


class PdfError(ExtractionError):
    """A PDF Precis can't read; each subclass says why in one line."""

    default_message = "I couldn't read that PDF."


class EncryptedPdfError(PdfError):
    default_message = "That PDF is password-protected, so I can't read it."


class BrokenPdfError(PdfError):
    default_message = "That PDF is damaged or incomplete; I couldn't read it."


class ImageOnlyPdfError(PdfError):
    default_message = (
        "That PDF has no text in it, only images (a scan?); I can't read pictures of text."
    )


class PdfTooComplexError(PdfError):
    default_message = "That PDF is too large or complex for me to read in reasonable time."


class WorkTimeoutError(PrecisError):
    """Work in the worker pool ran past its time limit and was stopped."""

    default_message = "That took me too long to read, so I stopped."


class UnknownAlgorithmError(PrecisError):
    default_message = "I don't know that summary algorithm."


# --- storage and questions ----------------------------------------------------------------


class StorageError(PrecisError):
    default_message = "I couldn't read or write this server's saved articles."


class SchemaTooNewError(StorageError):
    default_message = (
        "This server's database was written by a newer version of Precis; "
        "I won't change it. Upgrade Precis to use it."
    )


class WrongShardError(StorageError):
    """A guild owned by another shard process; ``detail`` names the owner for the log/CLI."""

    default_message = (
        "This server is served by another Precis process right now; try again in a moment."
    )


class NotFoundError(PrecisError):
    default_message = "I couldn't find anything matching that."


class EmptyCacheError(NotFoundError):
    """A query found no database to read: nothing was ever saved where it looked."""

    default_message = "Nothing has been saved yet, so there is nothing to search."


class RateLimitedError(PrecisError):
    default_message = "You're going a bit fast; try again in a few seconds."


class InvalidSettingError(PrecisError, ValueError):
    """A ``/config`` value out of range or of the wrong kind."""

    default_message = "That setting value isn't allowed."


# --- running -----------------------------------------------------------------------------


class WorkerCrashedError(PrecisError):
    """A worker process died mid-task (killed, out of memory); the pool restarts it."""

    default_message = "I hit a problem while reading that page. Please try again."
