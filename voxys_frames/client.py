"""The HTTP client of the Voxys (Chatwoot) application API.

:class:`Client` holds the base URL, the account id and the token (from arguments or
``VOXYS_BASE_URL``, ``VOXYS_ACCOUNT_ID`` and ``VOXYS_API_TOKEN``), one pooled
:class:`httpx.Client` (any transport can be injected), a client-side rate limit and the
retry policy. Every read endpoint has a typed method; its parameters are checked before
a request is sent. Methods ending in ``_json`` return the parsed body as the server
sent it; :meth:`Client.conversations` and :meth:`Client.messages` return one page as
frames.

The token is a :class:`Secret`: it never appears in a repr, a log line or an error
message, and it is added to a request only when the request goes to the configured
origin. Redirects are not followed (httpx would carry the ``api_access_token``
header to another host), and plain ``http://`` is refused for a host that is not
loopback unless ``allow_insecure_http=True``.

Examples
--------
>>> import httpx
>>> def app(request: httpx.Request) -> httpx.Response:
...     assert request.headers["api_access_token"] == "t0ken"
...     return httpx.Response(200, json={"payload": [{"id": 1, "title": "vip"}]})
>>> client = Client("https://voxys.example", 1, "t0ken", transport=httpx.MockTransport(app))
>>> client
Client(base_url='https://voxys.example', account_id=1, token=Secret('***'))
>>> client.labels_json()["payload"][0]["title"]
'vip'
>>> client.conversations_json(status="closed")
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: status='closed' is not valid; expected one of: open, resolved, pending, snoozed, all
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, NoReturn, get_args
from urllib.parse import urlencode, urlsplit

import httpx
import orjson

from voxys_frames._version import __version__
from voxys_frames.exceptions import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    TransportError,
)
from voxys_frames.pagination import MessageCursor
from voxys_frames.ratelimit import DEFAULT_REQUESTS_PER_MINUTE, RateLimiter
from voxys_frames.retry import Retrier, RetryableError, RetryPolicy, parse_retry_after

if TYPE_CHECKING:
    from collections.abc import Generator

__all__ = [
    "AssigneeType",
    "Client",
    "ConversationStatus",
    "ConversationType",
    "Secret",
    "SortBy",
]

logger = logging.getLogger("voxys_frames.client")

ConversationStatus = Literal["open", "resolved", "pending", "snoozed", "all"]
"""``status`` of the conversations list (``open`` when absent; ignored with ``q``)."""
AssigneeType = Literal["me", "unassigned", "assigned", "all"]
"""``assignee_type`` of the conversations list (applied after the meta counts)."""
ConversationType = Literal["mention", "participating", "unattended"]
"""``conversation_type`` of the conversations list."""
SortBy = Literal[
    "last_activity_at_desc",
    "last_activity_at_asc",
    "created_at_asc",
    "created_at_desc",
    "priority_asc",
    "priority_desc",
    "waiting_since_asc",
    "waiting_since_desc",
    "latest",
    "sort_on_created_at",
    "sort_on_priority",
    "sort_on_waiting_since",
]
"""``sort_by`` of the conversations list, with the legacy aliases (``latest``...)."""

ENV_BASE_URL = "VOXYS_BASE_URL"
ENV_ACCOUNT_ID = "VOXYS_ACCOUNT_ID"
ENV_API_TOKEN = "VOXYS_API_TOKEN"
TOKEN_HEADER = "api_access_token"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

_RETRYABLE_TRANSPORT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_RETRYABLE_STATUS = frozenset({500, 502, 503, 504}) | frozenset(range(507, 600))


class Secret:
    """A string that does not show itself: repr and str are masked, pickling refused.

    >>> token = Secret("s3cr3t")
    >>> token, str(token), f"{token}"
    (Secret('***'), '***', '***')
    >>> token.reveal()
    's3cr3t'
    >>> token.redact("echo s3cr3t")
    'echo ***'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself, to put in a request header and nowhere else."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the secret masked."""
        return text.replace(self._value, "***") if self._value else text

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, len(self._value)))

    def __reduce__(self) -> NoReturn:
        msg = "a Secret cannot be pickled"
        raise TypeError(msg)


class _TokenAuth(httpx.Auth):
    """Adds the ``api_access_token`` header, only to requests for the configured origin."""

    def __init__(self, token: Secret, origin: tuple[str, str, int | None]) -> None:
        self._token = token
        self._origin = origin

    def __repr__(self) -> str:
        return "_TokenAuth(token=Secret('***'))"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if _origin_of(request.url) == self._origin:
            request.headers[TOKEN_HEADER] = self._token.reveal()
        else:  # pragma: no cover - requests are only ever built against the base URL
            logger.warning("not sending the token to %s", request.url.host)
        yield request


def _origin_of(url: httpx.URL) -> tuple[str, str, int | None]:
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host.lower(), port)


def _is_loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _base_url(value: str, *, allow_insecure_http: bool) -> str:
    """Check and normalise the base URL: scheme, host, no credentials, no query."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        msg = f"base URL must look like https://host, got {value!r}"
        raise ConfigurationError(msg)
    if parts.username or parts.password or parts.query or parts.fragment:
        msg = "base URL must not contain credentials, a query or a fragment"
        raise ConfigurationError(msg)
    if parts.scheme == "http" and not allow_insecure_http and not _is_loopback(parts.hostname):
        msg = (
            f"refusing plain http:// to {parts.hostname}: the token would travel unencrypted;"
            " use https:// or pass allow_insecure_http=True"
        )
        raise ConfigurationError(msg)
    path = parts.path.rstrip("/")
    path = path.removesuffix("/api/v1").rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}"


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{name} must be a positive integer, got {value!r}"
        raise ConfigurationError(msg)
    return value


def _account_id(value: int | str) -> int:
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            msg = f"account id must be a positive integer, got {value!r}"
            raise ConfigurationError(msg)
        value = int(text)
    return _positive_int("account id", value)


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        msg = f"{name}={value!r} is not valid; expected one of: {', '.join(allowed)}"
        raise ConfigurationError(msg)
    return value


def _epoch(name: str, value: int | datetime) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            msg = f"{name} must be timezone-aware, got {value!r}"
            raise ConfigurationError(msg)
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{name} must be epoch seconds or an aware datetime, got {value!r}"
        raise ConfigurationError(msg)
    return value


def _labels(value: str | Sequence[str]) -> list[str]:
    labels = [value] if isinstance(value, str) else list(value)
    if not labels or not all(isinstance(label, str) and label.strip() for label in labels):
        msg = f"labels must be non-empty strings, got {value!r}"
        raise ConfigurationError(msg)
    return labels


Params = list[tuple[str, str]]


@dataclass(frozen=True)
class _Call:
    """One GET: its path (below the base URL), query and what a 404 means."""

    path: str
    params: Params = field(default_factory=list)
    missing: str = ""

    def describe(self, prefix: str) -> str:
        query = urlencode(self.params, safe="[]")
        return f"GET {prefix}{self.path}" + (f"?{query}" if query else "")


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _error_text(response: httpx.Response) -> str:
    """The server's own error message (``error``, ``errors[0]`` or ``message``), if any."""
    if not _is_json(response.headers.get("content-type", "")):
        return ""
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return ""
    if not isinstance(body, dict):
        return ""
    for key in ("error", "errors", "message"):
        value = body.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value:
            return " ".join(value.split())[:200]
    return ""


class Client:
    """A client for one account of a Voxys (Chatwoot) server.

    ``base_url``, ``account_id`` and ``token`` default to ``VOXYS_BASE_URL``,
    ``VOXYS_ACCOUNT_ID`` and ``VOXYS_API_TOKEN``. Options:

    * ``transport``: any :class:`httpx.BaseTransport` (a mock, the emulator in-process);
    * ``rate_limit``: requests per minute (default
      :data:`~voxys_frames.ratelimit.DEFAULT_REQUESTS_PER_MINUTE`), a shared
      :class:`~voxys_frames.ratelimit.RateLimiter`, or ``None`` for no limit;
    * ``retry`` and ``sleep``: the :class:`~voxys_frames.retry.RetryPolicy` and the
      function that waits between tries (tests pass a recorder);
    * ``max_connections``: the size of the connection pool (threads may share a client);
    * ``allow_insecure_http``: permit ``http://`` to a host that is not loopback.

    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        base_url: str | None = None,
        account_id: int | str | None = None,
        token: str | Secret | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limit: float | RateLimiter | None = DEFAULT_REQUESTS_PER_MINUTE,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        max_connections: int = 16,
        allow_insecure_http: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> None:
        secret = token if isinstance(token, Secret) else None if token is None else Secret(token)
        del token  # from here on only the masked form is in scope
        environ = os.environ if env is None else env
        if secret is None and environ.get(ENV_API_TOKEN):
            secret = Secret(environ[ENV_API_TOKEN])
        if secret is None or not secret.reveal().strip():
            msg = f"no API token: pass token= or set {ENV_API_TOKEN}"
            raise ConfigurationError(msg)
        url = base_url or environ.get(ENV_BASE_URL)
        if not url:
            msg = f"no base URL: pass base_url= or set {ENV_BASE_URL}"
            raise ConfigurationError(msg)
        account = account_id if account_id is not None else environ.get(ENV_ACCOUNT_ID)
        if account is None or account == "":
            msg = f"no account id: pass account_id= or set {ENV_ACCOUNT_ID}"
            raise ConfigurationError(msg)
        self.base_url = _base_url(url, allow_insecure_http=allow_insecure_http)
        self.account_id = _account_id(account)
        self._token = secret
        self._prefix = urlsplit(self.base_url).path
        self._limiter = (
            rate_limit
            if isinstance(rate_limit, RateLimiter) or rate_limit is None
            else RateLimiter(rate_limit)
        )
        self._retrier = Retrier(retry, sleep=sleep)
        self._http = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            auth=_TokenAuth(secret, _origin_of(httpx.URL(self.base_url))),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            headers={"Accept": "application/json", "User-Agent": f"voxys-frames/{__version__}"},
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r},"
            f" account_id={self.account_id}, token={self._token!r})"
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections."""
        self._http.close()

    @property
    def token(self) -> Secret:
        """The API token, masked (call ``.reveal()`` only to hand it on)."""
        return self._token

    @property
    def rate_limiter(self) -> RateLimiter | None:
        """The client-side rate limit shared by every request of this client."""
        return self._limiter

    @property
    def retrier(self) -> Retrier:
        """The retry state (policy and the learned 429 pause) of this client."""
        return self._retrier

    # -- requests -------------------------------------------------------------------

    @property
    def _account_path(self) -> str:
        return f"/api/v1/accounts/{self.account_id}"

    def _get(self, call: _Call) -> Any:
        """Send ``call`` with rate limit and retries; return the parsed JSON body."""
        describe = self._token.redact(call.describe(self._prefix))
        tries = 0

        def attempt() -> Any:
            nonlocal tries
            tries += 1
            return self._attempt(call, describe, tries)

        return self._retrier.call(attempt, describe=describe)

    def _attempt(self, call: _Call, describe: str, tries: int) -> Any:
        if self._limiter is not None:
            self._limiter.acquire()
        started = time.perf_counter()
        try:
            response = self._http.get(call.path, params=tuple(call.params))
        except _RETRYABLE_TRANSPORT as exc:
            detail = self._token.redact(f"{type(exc).__name__}: {exc}".rstrip(": "))
            raise RetryableError("transport", detail) from exc
        except httpx.DecodingError as exc:
            raise RetryableError("invalid", "the body could not be decoded") from exc
        except httpx.HTTPError as exc:
            detail = self._token.redact(f"{type(exc).__name__}: {exc}")
            msg = f"{describe} failed: {detail}"
            raise TransportError(msg, method="GET", url=describe[4:], attempts=tries) from exc
        logger.debug(
            "%s -> %d (%.0f ms)",
            describe,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return self._interpret(call, response, describe, tries)

    def _interpret(self, call: _Call, response: httpx.Response, describe: str, tries: int) -> Any:
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        kind = f"{content_type.split(';', 1)[0] or 'untyped'} body"
        if 200 <= status < 300:
            if not _is_json(content_type):
                raise RetryableError("invalid", f"{status} with a {kind}", status_code=status)
            return self._parse(response, status)
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            hint = "no Retry-After" if retry_after is None else f"Retry-After {retry_after:g} s"
            detail = f"429 Too Many Requests ({kind}, {hint})"
            raise RetryableError("throttled", detail, status_code=status, retry_after=retry_after)
        if status in _RETRYABLE_STATUS:
            detail = f"{status} {response.reason_phrase} ({kind})"
            raise RetryableError("server", detail, status_code=status)
        raise self._error(call, response, describe, tries)

    @staticmethod
    def _parse(response: httpx.Response, status: int) -> Any:
        content = response.content
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError:
            try:  # integers beyond 64 bits are valid JSON that orjson refuses
                return json.loads(content)
            except ValueError:
                detail = f"{status} with a truncated or invalid JSON body ({len(content)} bytes)"
                raise RetryableError("invalid", detail, status_code=status) from None

    def _error(self, call: _Call, response: httpx.Response, describe: str, tries: int) -> ApiError:
        status = response.status_code
        server = self._token.redact(_error_text(response))
        context: dict[str, Any] = {
            "method": "GET",
            "url": describe[4:],
            "status_code": status,
            "attempts": tries,
        }
        if status in (401, 403):
            msg = f"{describe}: {status} {self._auth_cause(server)}"
            return AuthenticationError(msg, **context)
        if status == 404:
            msg = f"{describe}: 404 {call.missing or f'account {self.account_id} not found'}"
            return NotFoundError(msg, **context)
        if 300 <= status < 400:
            location = self._token.redact(response.headers.get("location", "?"))
            msg = (
                f"{describe}: {status} redirect to {location} not followed (the token is only"
                f" sent to {self.base_url}); use the final address as the base URL"
            )
            return ApiError(msg, **context)
        reason = f": {server}" if server else ""
        return ApiError(f"{describe}: {status} {response.reason_phrase}{reason}", **context)

    def _auth_cause(self, server: str) -> str:
        text = server.lower()
        if "sign in" in text or "sign up" in text:
            return "no token sent (or a proxy dropped the api_access_token header)"
        if "invalid access token" in text:
            return f"invalid token: the server does not know this API token ({ENV_API_TOKEN})"
        if "access this account" in text:
            return f"the token's user is not a member of account {self.account_id}"
        if "for bots" in text:
            return "a bot token cannot read conversations or messages; use a user's token"
        if "suspended" in text:
            return f"account {self.account_id} is suspended"
        if "this action" in text:
            return (
                "the token's user may not read this (agents see only their inboxes and"
                " teams; an administrator's token sees everything)"
            )
        return f"unauthorized: {server}" if server else "unauthorized"

    def get_json(self, path: str, params: Mapping[str, Any] | Params | None = None) -> Any:
        """GET a path below the account (``"/conversations/7/attachments"``); the parsed body.

        An escape hatch for endpoints without a method; the typed methods check their
        parameters, this one does not.
        """
        if not path.startswith("/"):
            path = f"/{path}"
        items = list(params.items()) if isinstance(params, Mapping) else list(params or [])
        query = [(str(key), str(value)) for key, value in items]
        return self._get(_Call(self._account_path + path, query))

    # -- conversations ----------------------------------------------------------------

    def _list_params(
        self,
        *,
        page: int | None,
        status: ConversationStatus | None,
        assignee_type: AssigneeType | None,
        inbox_id: int | None,
        team_id: int | None,
        labels: str | Sequence[str] | None,
        q: str | None,
        sort_by: SortBy | None,
        conversation_type: ConversationType | None,
        source_id: str | None,
        updated_within: int | timedelta | None,
    ) -> Params:
        params: Params = []
        if status is not None:
            params.append(("status", _choice("status", status, get_args(ConversationStatus))))
        if assignee_type is not None:
            allowed = get_args(AssigneeType)
            params.append(("assignee_type", _choice("assignee_type", assignee_type, allowed)))
        if inbox_id is not None:
            params.append(("inbox_id", str(_positive_int("inbox_id", inbox_id))))
        if team_id is not None:
            params.append(("team_id", str(_positive_int("team_id", team_id))))
        if labels is not None:
            params.extend(("labels[]", label) for label in _labels(labels))
        if q is not None:
            if not isinstance(q, str) or not q.strip():
                msg = f"q must be a non-empty string, got {q!r}"
                raise ConfigurationError(msg)
            params.append(("q", q))
        if sort_by is not None:
            params.append(("sort_by", _choice("sort_by", sort_by, get_args(SortBy))))
        if conversation_type is not None:
            allowed = get_args(ConversationType)
            kind = _choice("conversation_type", conversation_type, allowed)
            params.append(("conversation_type", kind))
        if source_id is not None:
            if not isinstance(source_id, str) or not source_id:
                msg = f"source_id must be a non-empty string, got {source_id!r}"
                raise ConfigurationError(msg)
            params.append(("source_id", source_id))
        if updated_within is not None:
            seconds = (
                int(updated_within.total_seconds())
                if isinstance(updated_within, timedelta)
                else updated_within
            )
            params.append(("updated_within", str(_positive_int("updated_within", seconds))))
        if page is not None:
            params.append(("page", str(_positive_int("page", page))))
        return params

    def _list_missing(self, team_id: int | None) -> str:
        if team_id is None:
            return f"account {self.account_id} not found"
        return f"team {team_id} not found in account {self.account_id} (or no such account)"

    def conversations_json(
        self,
        page: int = 1,
        *,
        status: ConversationStatus | None = None,
        assignee_type: AssigneeType | None = None,
        inbox_id: int | None = None,
        team_id: int | None = None,
        labels: str | Sequence[str] | None = None,
        q: str | None = None,
        sort_by: SortBy | None = None,
        conversation_type: ConversationType | None = None,
        source_id: str | None = None,
        updated_within: int | timedelta | None = None,
    ) -> dict[str, Any]:
        """One page of ``GET /conversations``: ``{"data": {"meta": {...}, "payload": [...]}}``.

        Parameters left ``None`` are not sent, so the server's defaults apply
        (``status=open``, ``sort_by=last_activity_at_desc``). ``labels`` are sent as
        ``labels[]=a&labels[]=b`` (any of them matches). ``updated_within`` turns the
        server's paging off (every match comes at once), so ``page`` is not sent with it.
        """
        params = self._list_params(
            page=None if updated_within is not None else page,
            status=status,
            assignee_type=assignee_type,
            inbox_id=inbox_id,
            team_id=team_id,
            labels=labels,
            q=q,
            sort_by=sort_by,
            conversation_type=conversation_type,
            source_id=source_id,
            updated_within=updated_within,
        )
        path = f"{self._account_path}/conversations"
        body: dict[str, Any] = self._get(_Call(path, params, self._list_missing(team_id)))
        return body

    def conversations_meta_json(
        self,
        *,
        status: ConversationStatus | None = None,
        assignee_type: AssigneeType | None = None,
        inbox_id: int | None = None,
        team_id: int | None = None,
        labels: str | Sequence[str] | None = None,
        q: str | None = None,
        conversation_type: ConversationType | None = None,
        source_id: str | None = None,
    ) -> dict[str, Any]:
        """``GET /conversations/meta``: ``{"meta": {mine_count, assigned_count, ...}}``.

        The counts follow every filter except ``assignee_type``.
        """
        params = self._list_params(
            page=None,
            status=status,
            assignee_type=assignee_type,
            inbox_id=inbox_id,
            team_id=team_id,
            labels=labels,
            q=q,
            sort_by=None,
            conversation_type=conversation_type,
            source_id=source_id,
            updated_within=None,
        )
        path = f"{self._account_path}/conversations/meta"
        body: dict[str, Any] = self._get(_Call(path, params, self._list_missing(team_id)))
        return body

    def _conversation_call(
        self, conversation_id: int, suffix: str = "", params: Params | None = None
    ) -> _Call:
        display_id = _positive_int("conversation_id", conversation_id)
        missing = (
            f"conversation {display_id} not found in account {self.account_id} (or no such account)"
        )
        path = f"{self._account_path}/conversations/{display_id}{suffix}"
        return _Call(path, params or [], missing)

    def conversation_json(self, conversation_id: int) -> dict[str, Any]:
        """``GET /conversations/{id}``: one conversation (``id`` is the display id)."""
        body: dict[str, Any] = self._get(self._conversation_call(conversation_id))
        return body

    def conversation_labels_json(self, conversation_id: int) -> dict[str, Any]:
        """``GET /conversations/{id}/labels``: ``{"payload": ["label", ...]}``."""
        body: dict[str, Any] = self._get(self._conversation_call(conversation_id, "/labels"))
        return body

    # -- messages ---------------------------------------------------------------------

    def messages_json(
        self,
        conversation_id: int,
        *,
        before: int | None = None,
        after: int | None = None,
        filter_internal_messages: bool = False,
    ) -> dict[str, Any]:
        """``GET /conversations/{id}/messages``: ``{"meta": {...}, "payload": [...]}``.

        No cursor: the newest 20. ``before=Y``: 20 with ``id < Y``. ``after=X``: 100
        with ``id > X``. Both: up to 1000 with ``X <= id < Y`` (inclusive lower bound),
        the bulk form that :meth:`message_history_json` walks.
        ``filter_internal_messages`` drops private notes and activity messages.
        """
        params: Params = []
        if after is not None:
            params.append(("after", str(_cursor("after", after))))
        if before is not None:
            params.append(("before", str(_cursor("before", before))))
        if after is not None and before is not None and after >= before:
            msg = f"after ({after}) must be below before ({before})"
            raise ConfigurationError(msg)
        if filter_internal_messages:
            params.append(("filter_internal_messages", "true"))
        body: dict[str, Any] = self._get(
            self._conversation_call(conversation_id, "/messages", params)
        )
        return body

    def message_history_json(
        self, conversation_id: int, *, filter_internal_messages: bool = False
    ) -> list[dict[str, Any]]:
        """Every message of a conversation, walking the bulk ``after``/``before`` cursor.

        Duplicates (possible when ids and ``created_at`` disagree) are dropped by id;
        the order is the server's (``created_at``), page after page.
        """
        cursor = MessageCursor()
        seen: set[int] = set()
        messages: list[dict[str, Any]] = []
        while True:
            body = self.messages_json(
                conversation_id,
                **cursor.params(),
                filter_internal_messages=filter_internal_messages,
            )
            payload = body.get("payload") or []
            for message in payload:
                if message["id"] not in seen:
                    seen.add(message["id"])
                    messages.append(message)
            if not cursor.advance_page(payload):
                return messages

    # -- account-level listings -------------------------------------------------------

    def inboxes_json(self) -> dict[str, Any]:
        """``GET /inboxes``: ``{"payload": [...]}``. Admin bodies carry secrets: never store raw."""
        body: dict[str, Any] = self._get(_Call(f"{self._account_path}/inboxes"))
        return body

    def agents_json(self) -> list[dict[str, Any]]:
        """``GET /agents``: a bare JSON array of agents."""
        body: list[dict[str, Any]] = self._get(_Call(f"{self._account_path}/agents"))
        return body

    def teams_json(self) -> list[dict[str, Any]]:
        """``GET /teams``: a bare JSON array of teams."""
        body: list[dict[str, Any]] = self._get(_Call(f"{self._account_path}/teams"))
        return body

    def labels_json(self) -> dict[str, Any]:
        """``GET /labels``: ``{"payload": [{id, title, description, color, ...}]}``."""
        body: dict[str, Any] = self._get(_Call(f"{self._account_path}/labels"))
        return body

    def contacts_json(self, page: int = 1) -> dict[str, Any]:
        """One page (15) of ``GET /contacts``: ``{"meta": {"count", ...}, "payload": [...]}``."""
        params = [("page", str(_positive_int("page", page)))]
        body: dict[str, Any] = self._get(_Call(f"{self._account_path}/contacts", params))
        return body

    def reporting_events_json(
        self,
        page: int = 1,
        *,
        since: int | datetime | None = None,
        until: int | datetime | None = None,
        inbox_id: int | None = None,
        user_id: int | None = None,
        name: str | None = None,
    ) -> dict[str, Any]:
        """One page (25) of ``GET /reporting_events`` (administrators, enterprise builds).

        ``since`` and ``until`` (epoch seconds or aware datetimes) must come together:
        the server ignores either one alone.
        """
        params: Params = [("page", str(_positive_int("page", page)))]
        if (since is None) != (until is None):
            msg = "since and until must be given together (the server ignores one alone)"
            raise ConfigurationError(msg)
        if since is not None and until is not None:
            params.append(("since", str(_epoch("since", since))))
            params.append(("until", str(_epoch("until", until))))
        if inbox_id is not None:
            params.append(("inbox_id", str(_positive_int("inbox_id", inbox_id))))
        if user_id is not None:
            params.append(("user_id", str(_positive_int("user_id", user_id))))
        if name is not None:
            if not isinstance(name, str) or not name:
                msg = f"name must be a non-empty string, got {name!r}"
                raise ConfigurationError(msg)
            params.append(("name", name))
        path = f"{self._account_path}/reporting_events"
        body: dict[str, Any] = self._get(_Call(path, params))
        return body


def _cursor(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{name} must be a message id (an integer >= 0), got {value!r}"
        raise ConfigurationError(msg)
    return value
