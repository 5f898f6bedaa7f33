"""The HTTP client of the Voxys (Chatwoot) application API.

:class:`ApiClient` holds the base URL, the account id and the token (from arguments or
``VOXYS_BASE_URL``, ``VOXYS_ACCOUNT_ID`` and ``VOXYS_API_TOKEN``), one pooled
:class:`httpx.Client` (any transport can be injected), a client-side rate limit and the
retry policy. It returns bodies, never frames: :meth:`ApiClient.read` the bytes received,
the ``*_json`` methods the parsed body. Every read endpoint has a typed method; its
parameters are checked before a request is sent. The frame helpers sit on top, in
:class:`voxys_frames.Client` (:mod:`voxys_frames.convert.client`).

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
>>> client = ApiClient("https://voxys.example", 1, "t0ken", transport=httpx.MockTransport(app))
>>> client
ApiClient(base_url='https://voxys.example', account_id=1, token=Secret('***'))
>>> client.labels_json()["payload"][0]["title"]
'vip'
>>> client.conversations_json(status="closed")
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: status='closed' is not valid; expected one of: open, resolved, pending, snoozed, all
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, Self, Unpack
from urllib.parse import urlsplit

import httpx
import msgspec
import orjson

from voxys_frames._version import __version__
from voxys_frames.api.pagination import MessageRanges
from voxys_frames.api.params import CountFilters, EventFilters, ListFilters, Params
from voxys_frames.api.params import account_id as account_id_param
from voxys_frames.api.ratelimit import DEFAULT_REQUESTS_PER_MINUTE, RateLimiter
from voxys_frames.api.requests import Request, Requests, SummaryReport
from voxys_frames.api.retry import Retrier, RetryableError, RetryPolicy, parse_retry_after
from voxys_frames.api.secret import Secret, TokenAuth, check_base_url, origin_of
from voxys_frames.api.skim import message_ids
from voxys_frames.defaults import DEFAULT_BASE_URL
from voxys_frames.exceptions import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    TransportError,
)

__all__ = ["ApiClient"]

logger = logging.getLogger("voxys_frames.api.client")

ENV_BASE_URL = "VOXYS_BASE_URL"
ENV_ACCOUNT_ID = "VOXYS_ACCOUNT_ID"
ENV_API_TOKEN = "VOXYS_API_TOKEN"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

_RETRYABLE_TRANSPORT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_RETRYABLE_STATUS = frozenset({500, 502, 503, 504}) | frozenset(range(507, 600))


def _whole_json(response: httpx.Response, status: int) -> bytes:
    """The body's bytes, checked to hold one whole JSON value (without building it)."""
    content = response.content
    try:
        msgspec.json.decode(content, type=msgspec.Raw)
    except msgspec.DecodeError:
        detail = f"{status} with a truncated or invalid JSON body ({len(content)} bytes)"
        raise RetryableError("invalid", detail, status_code=status) from None
    return content


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


class ApiClient:
    """A client for one account of a Voxys (Chatwoot) server.

    ``base_url``, ``account_id`` and ``token`` default to ``VOXYS_BASE_URL``,
    ``VOXYS_ACCOUNT_ID`` and ``VOXYS_API_TOKEN``; with neither ``base_url`` nor
    ``VOXYS_BASE_URL``, the hosted Voxys API (``https://connect.voxys.ai``). Options:

    * ``transport``: any :class:`httpx.BaseTransport` (a mock, the emulator in-process);
    * ``rate_limit``: requests per minute (default
      :data:`~voxys_frames.api.ratelimit.DEFAULT_REQUESTS_PER_MINUTE`), a shared
      :class:`~voxys_frames.api.ratelimit.RateLimiter`, or ``None`` for no limit;
    * ``retry`` and ``sleep``: the :class:`~voxys_frames.api.retry.RetryPolicy` and the
      function that waits between tries (tests pass a recorder);
    * ``max_connections``: the size of the connection pool (threads may share a client);
    * ``allow_insecure_http``: permit ``http://`` to a host that is not loopback.

    Use it as a context manager, or call :meth:`close`.

    Examples
    --------
    Against the bundled emulator in-process:

    >>> from voxys_frames.emulator import Emulator, EmulatorConfig
    >>> emulator = Emulator(EmulatorConfig(seed=3, conversations=30, token="t0ken-for-docs"))
    >>> with ApiClient("http://localhost", 1, "t0ken-for-docs", transport=emulator.transport()) as client:
    ...     body = client.read(client.requests.conversations(1, status="all"))
    >>> body[:9]
    b'{"data":{'
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
        secret = token if isinstance(token, Secret) else None
        if isinstance(token, str):
            secret = Secret(token.strip())
        del token  # from here on only the masked form is in scope
        environ = os.environ if env is None else env
        if secret is None and environ.get(ENV_API_TOKEN, "").strip():
            secret = Secret(environ[ENV_API_TOKEN].strip())
        if secret is None or not secret.reveal().strip():
            msg = f"no API token: pass token= or set {ENV_API_TOKEN}"
            raise ConfigurationError(msg)
        url = base_url or environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        account = account_id if account_id is not None else environ.get(ENV_ACCOUNT_ID)
        if account is None or account == "":
            msg = f"no account id: pass account_id= or set {ENV_ACCOUNT_ID}"
            raise ConfigurationError(msg)
        self.base_url = check_base_url(url, allow_insecure_http=allow_insecure_http)
        self.account_id = account_id_param(account)
        self._token = secret
        self._prefix = urlsplit(self.base_url).path
        self.requests = Requests(self.account_id)
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
            auth=TokenAuth(secret, origin_of(httpx.URL(self.base_url))),
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

    def __enter__(self) -> Self:
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

    def read(self, call: Request) -> bytes:
        """Send ``call`` with rate limit and retries; return the body's bytes as received.

        The bytes are checked to be one whole JSON value (a 200 whose JSON is cut short
        is retried) without being parsed into Python objects: they are parsed once,
        where they are converted.
        """
        describe = self._token.redact(call.describe(self._prefix))
        tries = 0

        def attempt() -> bytes:
            nonlocal tries
            tries += 1
            return self._attempt(call, describe, tries)

        return self._retrier.call(attempt, describe=describe)

    def _json(self, call: Request) -> Any:
        """Send ``call``; the parsed JSON body."""
        return orjson.loads(self.read(call))

    def _attempt(self, call: Request, describe: str, tries: int) -> bytes:
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

    def _interpret(
        self, call: Request, response: httpx.Response, describe: str, tries: int
    ) -> bytes:
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        kind = f"{content_type.split(';', 1)[0] or 'untyped'} body"
        if 200 <= status < 300:
            if not _is_json(content_type):
                raise RetryableError("invalid", f"{status} with a {kind}", status_code=status)
            return _whole_json(response, status)
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            hint = "no Retry-After" if retry_after is None else f"Retry-After {retry_after:g} s"
            detail = f"429 Too Many Requests ({kind}, {hint})"
            raise RetryableError("throttled", detail, status_code=status, retry_after=retry_after)
        if status in _RETRYABLE_STATUS:
            detail = f"{status} {response.reason_phrase} ({kind})"
            raise RetryableError("server", detail, status_code=status)
        raise self._error(call, response, describe, tries)

    def _error(
        self, call: Request, response: httpx.Response, describe: str, tries: int
    ) -> ApiError:
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
        return self._json(self.requests.path(path, params))

    # -- conversations ----------------------------------------------------------------

    def conversations_json(self, page: int = 1, **filters: Unpack[ListFilters]) -> dict[str, Any]:
        """One page of ``GET /conversations``: ``{"data": {"meta": {...}, "payload": [...]}}``.

        ``filters`` are those of :class:`ListFilters`; any left out is not sent, so the
        server's defaults apply (``status=open``, ``sort_by=last_activity_at_desc``).
        ``updated_within`` turns the server's paging off (every match comes at once),
        so ``page`` is not sent with it.
        """
        body: dict[str, Any] = self._json(self.requests.conversations(page, **filters))
        return body

    def conversations_meta_json(self, **filters: Unpack[CountFilters]) -> dict[str, Any]:
        """``GET /conversations/meta``: ``{"meta": {mine_count, assigned_count, ...}}``.

        The counts follow every filter except ``assignee_type``.
        """
        body: dict[str, Any] = self._json(self.requests.conversations_meta(**filters))
        return body

    def conversation_json(self, conversation_id: int) -> dict[str, Any]:
        """``GET /conversations/{id}``: one conversation (``id`` is the display id)."""
        body: dict[str, Any] = self._json(self.requests.conversation(conversation_id))
        return body

    def conversation_labels_json(self, conversation_id: int) -> dict[str, Any]:
        """``GET /conversations/{id}/labels``: ``{"payload": ["label", ...]}``."""
        body: dict[str, Any] = self._json(self.requests.conversation(conversation_id, "/labels"))
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
        call = self.requests.messages(
            conversation_id,
            before=before,
            after=after,
            filter_internal_messages=filter_internal_messages,
        )
        body: dict[str, Any] = self._json(call)
        return body

    def message_history_bodies(
        self, conversation_id: int, *, filter_internal_messages: bool = False
    ) -> Iterator[tuple[bytes, set[int]]]:
        """Every messages body of a conversation's history, as received, with its message ids.

        Walks the bulk ``after``/``before`` form (1000 a call) with
        :class:`~voxys_frames.api.pagination.MessageRanges`, which stays complete when ids
        and ``created_at`` disagree (ties in one second, imported history): one request
        for a history under 1000 messages. A message may come in more than one body.
        The crawl and :meth:`message_history_json` both walk histories through here.
        """
        ranges = MessageRanges()
        source = f"messages of conversation {conversation_id}"
        while True:
            call = self.requests.messages(
                conversation_id,
                **ranges.params(),
                filter_internal_messages=filter_internal_messages,
            )
            body = self.read(call)
            ids = message_ids(body, source)
            yield body, ids
            if not ranges.advance(ids):
                return

    def message_history_json(
        self, conversation_id: int, *, filter_internal_messages: bool = False
    ) -> dict[str, Any]:
        """Every message of a conversation: ``{"meta": {...}, "payload": [...]}``.

        The bodies of :meth:`message_history_bodies`, merged: messages read twice are
        kept once (by id), in the order first read; ``meta`` is the last body's.
        """
        seen: set[int] = set()
        messages: list[dict[str, Any]] = []
        meta: dict[str, Any] = {}
        for body, _ in self.message_history_bodies(
            conversation_id, filter_internal_messages=filter_internal_messages
        ):
            doc = orjson.loads(body)
            meta = doc.get("meta") or {}
            for message in doc.get("payload") or []:
                key = message.get("id") if isinstance(message, dict) else None
                if key is None or key not in seen:
                    if key is not None:
                        seen.add(key)
                    messages.append(message)
        return {"meta": meta, "payload": messages}

    # -- account-level listings -------------------------------------------------------

    def inboxes_json(self) -> dict[str, Any]:
        """``GET /inboxes``: ``{"payload": [...]}``. Admin bodies carry secrets: never store raw."""
        body: dict[str, Any] = self._json(self.requests.listing("inboxes"))
        return body

    def agents_json(self) -> list[dict[str, Any]]:
        """``GET /agents``: a bare JSON array of agents."""
        body: list[dict[str, Any]] = self._json(self.requests.listing("agents"))
        return body

    def teams_json(self) -> list[dict[str, Any]]:
        """``GET /teams``: a bare JSON array of teams."""
        body: list[dict[str, Any]] = self._json(self.requests.listing("teams"))
        return body

    def labels_json(self) -> dict[str, Any]:
        """``GET /labels``: ``{"payload": [{id, title, description, color, ...}]}``."""
        body: dict[str, Any] = self._json(self.requests.listing("labels"))
        return body

    def contacts_json(self, page: int = 1) -> dict[str, Any]:
        """One page (15) of ``GET /contacts``: ``{"meta": {"count", ...}, "payload": [...]}``."""
        body: dict[str, Any] = self._json(self.requests.contacts(page))
        return body

    def report_summary_json(
        self, *, since: int | datetime, until: int | datetime, business_hours: bool = False
    ) -> dict[str, Any]:
        """The account's ``reports/summary`` over ``since...until`` (administrators).

        The seven figures (``conversations_count`` ... ``reply_time``) and ``previous``.
        """
        call = self.requests.report_summary(since=since, until=until, business_hours=business_hours)
        body: dict[str, Any] = self._json(call)
        return body

    def summary_report_json(
        self,
        report: SummaryReport,
        *,
        since: int | datetime,
        until: int | datetime,
        business_hours: bool = False,
    ) -> list[dict[str, Any]]:
        """``summary_reports/{report}``: one row per agent, inbox, team or label (administrators)."""
        call = self.requests.summary_report(
            report, since=since, until=until, business_hours=business_hours
        )
        body: list[dict[str, Any]] = self._json(call)
        return body

    def conversation_reporting_events_json(self, conversation_id: int) -> list[dict[str, Any]]:
        """Every reporting event of one conversation (display id), oldest first.

        Administrators, enterprise builds; each event's ``conversation_id`` is the
        primary key, as in :meth:`reporting_events_json`.
        """
        body: list[dict[str, Any]] = self._json(
            self.requests.conversation_reporting_events(conversation_id)
        )
        return body

    def reporting_events_json(
        self,
        page: int = 1,
        **filters: Unpack[EventFilters],
    ) -> dict[str, Any]:
        """One page (25) of ``GET /reporting_events`` (administrators, enterprise builds).

        ``since`` and ``until`` (epoch seconds or aware datetimes) must come together:
        the server ignores either one alone.
        """
        call = self.requests.reporting_events(page, **filters)
        body: dict[str, Any] = self._json(call)
        return body
