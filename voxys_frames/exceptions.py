"""The error tree of voxys_frames.

Every error the package raises on purpose derives from :class:`VoxysError`, so
``except VoxysError`` catches them all. Where a built-in meaning exists the error
also derives from that built-in, so ``except ValueError`` keeps working::

    VoxysError
    ├── ConfigurationError (ValueError)     bad arguments or environment
    ├── MissingDependencyError (ImportError) an optional extra that is not installed
    ├── SchemaError (ValueError)            a body that is not the documented shape
    ├── SnapshotError                       a snapshot that cannot be written or read
    │   └── SnapshotNotFoundError (FileNotFoundError)
    └── ApiError                            anything the HTTP layer reports
        ├── TransportError                  network failures after retries ran out
        ├── RateLimitedError                429s after retries ran out
        ├── ServerError                     5xx after retries ran out
        ├── InvalidResponseError            a non-JSON or truncated body
        ├── AuthenticationError             401: token missing, invalid, not a member...
        └── NotFoundError (LookupError)     404: account or conversation not found

Messages never contain the API token.
"""

from __future__ import annotations


class VoxysError(Exception):
    """Base class of every error raised by voxys_frames."""


class ConfigurationError(VoxysError, ValueError):
    """An argument, option or environment variable is missing or invalid."""


class MissingDependencyError(VoxysError, ImportError):
    """A feature needs an optional dependency (an extra) that is not installed.

    The message names the feature and the ``pip install`` command that adds it.
    """


class SchemaError(VoxysError, ValueError):
    """A response body does not have the documented shape.

    The message names the page (or file) and the field that was wrong.
    """


class SnapshotError(VoxysError):
    """A snapshot could not be written or read."""


class SnapshotNotFoundError(SnapshotError, FileNotFoundError):
    """No snapshot exists at the given path."""


class ApiError(VoxysError):
    """The Voxys API could not answer a request as expected."""

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        status_code: int | None = None,
        attempts: int | None = None,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.status_code = status_code
        self.attempts = attempts


class TransportError(ApiError):
    """The connection failed (timeout, refused, dropped) and retries ran out."""


class RateLimitedError(ApiError):
    """The server kept answering 429 and retries ran out."""


class ServerError(ApiError):
    """The server kept answering 5xx and retries ran out."""


class InvalidResponseError(ApiError):
    """The body was not JSON, was truncated, or had an unexpected content type."""


class AuthenticationError(ApiError):
    """401: no token sent, an invalid token, or no access to the account."""


class NotFoundError(ApiError, LookupError):
    """404: the account, conversation or team does not exist."""
