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
    """Base class of every error raised by voxys_frames.

    Examples
    --------
    >>> from voxys_frames import Client
    >>> try:
    ...     Client("https://chat.example.com", account_id=1, token="", env={})
    ... except VoxysError as error:
    ...     print(type(error).__name__, "-", error)
    ConfigurationError - no API token: pass token= or set VOXYS_API_TOKEN
    """


class ConfigurationError(VoxysError, ValueError):
    """An argument, option or environment variable is missing or invalid.

    Examples
    --------
    >>> from voxys_frames import Client
    >>> Client("https://chat.example.com", account_id="abc", token="t0ken")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.ConfigurationError: account id must be a positive integer, got 'abc'
    """


class MissingDependencyError(VoxysError, ImportError):
    """A feature needs an optional dependency (an extra) that is not installed.

    The message names the feature and the ``pip install`` command that adds it.

    Examples
    --------
    >>> from voxys_frames.extras import require
    >>> try:
    ...     require("not_installed_here", extra="emulator", feature="serving the emulator")
    ... except ImportError as error:
    ...     print(str(error).split(": ")[-1])
    pip install 'voxys-frames[emulator]'
    """


class SchemaError(VoxysError, ValueError):
    """A response body does not have the documented shape.

    The message names the page (or file) and the field that was wrong.

    Examples
    --------
    >>> from voxys_frames import conversations_page
    >>> conversations_page(b'{"data": {"meta": {}, "payload": [{"id": "one"}]}}')
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: conversations page: data.payload[0].id: expected an integer, got 'one'
    """


class SnapshotError(VoxysError):
    """A snapshot could not be written or read.

    Examples
    --------
    >>> import tempfile
    >>> from voxys_frames import load_snapshot
    >>> try:
    ...     load_snapshot(tempfile.mkdtemp())
    ... except SnapshotError as error:
    ...     print(type(error).__name__)
    SnapshotNotFoundError
    """


class SnapshotNotFoundError(SnapshotError, FileNotFoundError):
    """No snapshot exists at the given path.

    Examples
    --------
    >>> import tempfile
    >>> from voxys_frames import latest_snapshot
    >>> latest_snapshot(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SnapshotNotFoundError: no snapshots in ...
    """


class ApiError(VoxysError):
    """The Voxys API could not answer a request as expected.

    Examples
    --------
    Every API error carries the request and what the retries saw:

    >>> import httpx
    >>> from voxys_frames import Client
    >>> from voxys_frames.api.retry import RetryPolicy
    >>> def answer(response):  # a client whose server always answers ``response``
    ...     def app(request):
    ...         if isinstance(response, Exception):
    ...             raise response
    ...         return response
    ...     return Client("https://chat.example.com", 1, "t0ken", transport=httpx.MockTransport(app),
    ...                   retry=RetryPolicy(attempts=2, throttled_attempts=2), sleep=lambda s: None)
    >>> try:
    ...     answer(httpx.Response(503, text="busy")).agents_json()
    ... except ApiError as error:
    ...     print(type(error).__name__, error.method, error.url, error.status_code, error.attempts)
    ServerError GET /api/v1/accounts/1/agents 503 2
    """

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
    """The connection failed (timeout, refused, dropped) and retries ran out.

    Examples
    --------

    >>> import httpx
    >>> from voxys_frames import Client
    >>> from voxys_frames.api.retry import RetryPolicy
    >>> def answer(response):  # a client whose server always answers ``response``
    ...     def app(request):
    ...         if isinstance(response, Exception):
    ...             raise response
    ...         return response
    ...     return Client("https://chat.example.com", 1, "t0ken", transport=httpx.MockTransport(app),
    ...                   retry=RetryPolicy(attempts=2, throttled_attempts=2), sleep=lambda s: None)
    >>> answer(httpx.ConnectError("connection refused")).agents_json()
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.TransportError: GET /api/v1/accounts/1/agents failed, tried 2 times: ConnectError: connection refused
    """


class RateLimitedError(ApiError):
    """The server kept answering 429 and retries ran out.

    Examples
    --------

    >>> import httpx
    >>> from voxys_frames import Client
    >>> from voxys_frames.api.retry import RetryPolicy
    >>> def answer(response):  # a client whose server always answers ``response``
    ...     def app(request):
    ...         if isinstance(response, Exception):
    ...             raise response
    ...         return response
    ...     return Client("https://chat.example.com", 1, "t0ken", transport=httpx.MockTransport(app),
    ...                   retry=RetryPolicy(attempts=2, throttled_attempts=2), sleep=lambda s: None)
    >>> answer(httpx.Response(429, text="slow down")).agents_json()
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.RateLimitedError: GET /api/v1/accounts/1/agents failed, tried 2 times: 429 Too Many Requests (text/plain body, no Retry-After)
    """


class ServerError(ApiError):
    """The server kept answering 5xx and retries ran out.

    Examples
    --------

    >>> import httpx
    >>> from voxys_frames import Client
    >>> from voxys_frames.api.retry import RetryPolicy
    >>> def answer(response):  # a client whose server always answers ``response``
    ...     def app(request):
    ...         if isinstance(response, Exception):
    ...             raise response
    ...         return response
    ...     return Client("https://chat.example.com", 1, "t0ken", transport=httpx.MockTransport(app),
    ...                   retry=RetryPolicy(attempts=2, throttled_attempts=2), sleep=lambda s: None)
    >>> answer(httpx.Response(502, text="<html>Bad Gateway</html>")).agents_json()
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.ServerError: GET /api/v1/accounts/1/agents failed, tried 2 times: 502 Bad Gateway (text/plain body)
    """


class InvalidResponseError(ApiError):
    """The body was not JSON, was truncated, or had an unexpected content type.

    Examples
    --------

    >>> import httpx
    >>> from voxys_frames import Client
    >>> from voxys_frames.api.retry import RetryPolicy
    >>> def answer(response):  # a client whose server always answers ``response``
    ...     def app(request):
    ...         if isinstance(response, Exception):
    ...             raise response
    ...         return response
    ...     return Client("https://chat.example.com", 1, "t0ken", transport=httpx.MockTransport(app),
    ...                   retry=RetryPolicy(attempts=2, throttled_attempts=2), sleep=lambda s: None)
    >>> html = httpx.Response(200, text="<html>", headers={"content-type": "text/html"})
    >>> answer(html).agents_json()
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.InvalidResponseError: GET /api/v1/accounts/1/agents failed, tried 2 times: 200 with a text/html body
    """


class AuthenticationError(ApiError):
    """401: no token sent, an invalid token, or no access to the account.

    Examples
    --------

    >>> import httpx
    >>> from voxys_frames import Client
    >>> from voxys_frames.api.retry import RetryPolicy
    >>> def answer(response):  # a client whose server always answers ``response``
    ...     def app(request):
    ...         if isinstance(response, Exception):
    ...             raise response
    ...         return response
    ...     return Client("https://chat.example.com", 1, "t0ken", transport=httpx.MockTransport(app),
    ...                   retry=RetryPolicy(attempts=2, throttled_attempts=2), sleep=lambda s: None)
    >>> answer(httpx.Response(401, json={"error": "Invalid Access Token"})).agents_json()
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.AuthenticationError: GET /api/v1/accounts/1/agents: 401 invalid token: ...
    """


class NotFoundError(ApiError, LookupError):
    """404: the account, conversation or team does not exist.

    Examples
    --------

    >>> import httpx
    >>> from voxys_frames import Client
    >>> from voxys_frames.api.retry import RetryPolicy
    >>> def answer(response):  # a client whose server always answers ``response``
    ...     def app(request):
    ...         if isinstance(response, Exception):
    ...             raise response
    ...         return response
    ...     return Client("https://chat.example.com", 1, "t0ken", transport=httpx.MockTransport(app),
    ...                   retry=RetryPolicy(attempts=2, throttled_attempts=2), sleep=lambda s: None)
    >>> try:
    ...     answer(httpx.Response(404, json={"error": "not found"})).agents_json()
    ... except LookupError as error:  # a NotFoundError is also a LookupError
    ...     print(type(error).__name__, error.status_code)
    NotFoundError 404
    """
