"""The client over httpx.MockTransport: configuration, parameters, errors, retries."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from voxys_frames.api.ratelimit import RateLimiter
from voxys_frames.api.retry import RetryPolicy
from voxys_frames.api.secret import Secret
from voxys_frames.convert.client import Client
from voxys_frames.exceptions import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
)

TOKEN = "tok-3f9a2c61-SECRET"
BASE = "https://voxys.example"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VOXYS_BASE_URL", "VOXYS_ACCOUNT_ID", "VOXYS_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


class Recorder:
    """A mock server: answers with ``handler`` and keeps every request."""

    def __init__(self, handler: Handler | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.handler = handler or (lambda request: httpx.Response(200, json={"payload": []}))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def make_client(handler: Handler | Recorder, **options: Any) -> Client:
    options.setdefault("rate_limit", None)
    options.setdefault("sleep", lambda seconds: None)
    return Client(BASE, 1, TOKEN, transport=httpx.MockTransport(handler), **options)


def sequence(*responses: httpx.Response | Exception) -> Handler:
    """A handler answering ``responses`` in turn (an exception is raised)."""
    queue: Iterator[httpx.Response | Exception] = iter(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = next(queue)
        if isinstance(item, Exception):
            raise item
        return item

    return handler


# -- configuration --------------------------------------------------------------------


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOXYS_BASE_URL", "https://chat.example.com/")
    monkeypatch.setenv("VOXYS_ACCOUNT_ID", " 42 ")
    monkeypatch.setenv("VOXYS_API_TOKEN", TOKEN + "\n")
    recorder = Recorder()
    client = Client(transport=httpx.MockTransport(recorder), rate_limit=None)
    assert (client.base_url, client.account_id) == ("https://chat.example.com", 42)
    client.labels_json()
    assert recorder.last.url == "https://chat.example.com/api/v1/accounts/42/labels"
    assert recorder.last.headers["api_access_token"] == TOKEN


def test_without_a_base_url_the_hosted_voxys_api_is_used() -> None:
    recorder = Recorder()
    client = Client(
        account_id=3, token=TOKEN, transport=httpx.MockTransport(recorder), rate_limit=None, env={}
    )
    assert client.base_url == "https://connect.voxys.ai"
    client.labels_json()
    assert recorder.last.url == "https://connect.voxys.ai/api/v1/accounts/3/labels"


def test_an_empty_base_url_variable_counts_as_unset() -> None:
    client = Client(account_id=3, token=TOKEN, env={"VOXYS_BASE_URL": ""})
    assert client.base_url == "https://connect.voxys.ai"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOXYS_ACCOUNT_ID", "42")
    client = Client(BASE, 7, "x", env={})
    assert client.account_id == 7


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_url": BASE, "token": "t"}, "VOXYS_ACCOUNT_ID"),
        ({"base_url": BASE, "account_id": 1}, "VOXYS_API_TOKEN"),
        ({"base_url": BASE, "account_id": 1, "token": "  "}, "VOXYS_API_TOKEN"),
        ({"base_url": BASE, "account_id": "abc", "token": "t"}, "positive integer"),
        ({"base_url": BASE, "account_id": 0, "token": "t"}, "positive integer"),
        ({"base_url": "chat.example.com", "account_id": 1, "token": "t"}, "https://host"),
        ({"base_url": "ftp://chat.example.com", "account_id": 1, "token": "t"}, "https://host"),
        (
            {"base_url": "https://u:p@chat.example.com", "account_id": 1, "token": "t"},
            "credentials",
        ),
        ({"base_url": "https://chat.example.com/?a=1", "account_id": 1, "token": "t"}, "query"),
    ],
)
def test_missing_or_bad_settings(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Client(**kwargs, env={})


def test_plain_http_is_refused_except_to_loopback() -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http"):
        Client("http://chat.example.com", 1, TOKEN)
    assert Client("http://chat.example.com", 1, TOKEN, allow_insecure_http=True).base_url
    for url in ("http://127.0.0.1:8765", "http://localhost:3000", "http://[::1]:80"):
        assert Client(url, 1, TOKEN).base_url == url


def test_base_url_keeps_a_path_prefix_and_drops_api_v1() -> None:
    recorder = Recorder()
    client = Client(
        "https://example.com/support/api/v1/",
        1,
        TOKEN,
        transport=httpx.MockTransport(recorder),
        rate_limit=None,
    )
    client.teams_json()
    assert recorder.last.url == "https://example.com/support/api/v1/accounts/1/teams"


def test_context_manager_closes() -> None:
    with make_client(Recorder()) as client:
        client.labels_json()
    with pytest.raises(RuntimeError):
        client.labels_json()


# -- requests and parameters ----------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "path", "query"),
    [
        (lambda c: c.conversations_json(), "/conversations", "page=1"),
        (lambda c: c.conversations_json(3, status="all"), "/conversations", "status=all&page=3"),
        (
            lambda c: c.conversations_meta_json(status="pending"),
            "/conversations/meta",
            "status=pending",
        ),
        (lambda c: c.conversation_json(17), "/conversations/17", ""),
        (lambda c: c.conversation_labels_json(17), "/conversations/17/labels", ""),
        (lambda c: c.messages_json(17), "/conversations/17/messages", ""),
        (lambda c: c.messages_json(17, before=90), "/conversations/17/messages", "before=90"),
        (lambda c: c.messages_json(17, after=5), "/conversations/17/messages", "after=5"),
        (
            lambda c: c.messages_json(17, after=5, before=90, filter_internal_messages=True),
            "/conversations/17/messages",
            "after=5&before=90&filter_internal_messages=true",
        ),
        (lambda c: c.inboxes_json(), "/inboxes", ""),
        (lambda c: c.agents_json(), "/agents", ""),
        (lambda c: c.teams_json(), "/teams", ""),
        (lambda c: c.labels_json(), "/labels", ""),
        (lambda c: c.contacts_json(2), "/contacts", "page=2"),
        (lambda c: c.reporting_events_json(), "/reporting_events", "page=1"),
        (
            lambda c: c.reporting_events_json(
                2,
                since=1_700_000_000,
                until=datetime(2026, 1, 1, tzinfo=UTC),
                inbox_id=3,
                user_id=4,
                name="first_response",
            ),
            "/reporting_events",
            "page=2&since=1700000000&until=1767225600&inbox_id=3&user_id=4&name=first_response",
        ),
        (
            lambda c: c.get_json("conversations/5/attachments", {"page": 2}),
            "/conversations/5/attachments",
            "page=2",
        ),
    ],
)
def test_every_endpoint_path_and_query(
    call: Callable[[Client], Any], path: str, query: str
) -> None:
    recorder = Recorder()
    call(make_client(recorder))
    request = recorder.last
    assert request.method == "GET"
    assert request.url.path == f"/api/v1/accounts/1{path}"
    assert request.url.query.decode() == query
    assert request.headers["api_access_token"] == TOKEN
    assert request.headers["accept"] == "application/json"


def test_every_list_parameter() -> None:
    recorder = Recorder()
    make_client(recorder).conversations_json(
        2,
        status="snoozed",
        assignee_type="unassigned",
        inbox_id=4,
        team_id=2,
        labels=["vip", "billing issue"],
        q="refund",
        sort_by="sort_on_created_at",
        conversation_type="unattended",
        source_id="src-1",
    )
    params = recorder.last.url.params
    assert params.get_list("labels[]") == ["vip", "billing issue"]
    assert b"labels%5B%5D=vip&labels%5B%5D=billing+issue" in recorder.last.url.query
    assert dict(params) | {"labels[]": None} == {
        "status": "snoozed",
        "assignee_type": "unassigned",
        "inbox_id": "4",
        "team_id": "2",
        "labels[]": None,
        "q": "refund",
        "sort_by": "sort_on_created_at",
        "conversation_type": "unattended",
        "source_id": "src-1",
        "page": "2",
    }


def test_updated_within_disables_paging() -> None:
    recorder = Recorder()
    make_client(recorder).conversations_json(4, updated_within=timedelta(hours=1))
    assert recorder.last.url.query == b"updated_within=3600"


def test_a_single_label_string_is_one_label() -> None:
    recorder = Recorder()
    make_client(recorder).conversations_meta_json(labels="vip")
    assert recorder.last.url.params.get_list("labels[]") == ["vip"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"status": "closed"},
            "status='closed' is not valid; expected one of: open, resolved, pending, snoozed, all",
        ),
        (
            {"sort_by": "newest"},
            "expected one of: last_activity_at_desc, last_activity_at_asc, created_at_asc",
        ),
        (
            {"sort_by": "newest"},
            "latest, sort_on_created_at, sort_on_priority, sort_on_waiting_since",
        ),
        ({"assignee_type": "mine"}, "expected one of: me, unassigned, assigned, all"),
        ({"conversation_type": "all"}, "expected one of: mention, participating, unattended"),
        ({"inbox_id": 0}, "inbox_id must be a positive integer"),
        ({"team_id": True}, "team_id must be a positive integer"),
        ({"team_id": "3"}, "team_id must be a positive integer"),
        ({"labels": []}, "labels must be non-empty strings"),
        ({"labels": ["ok", ""]}, "labels must be non-empty strings"),
        ({"q": " "}, "q must be a non-empty string"),
        ({"source_id": ""}, "source_id must be a non-empty string"),
        ({"updated_within": -5}, "updated_within must be a positive integer"),
    ],
)
def test_bad_list_parameters_are_refused_before_any_request(
    kwargs: dict[str, Any], message: str
) -> None:
    recorder = Recorder()
    with pytest.raises(ConfigurationError) as caught:
        make_client(recorder).conversations_json(**kwargs)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert recorder.requests == []


def test_bad_page_and_ids_are_refused() -> None:
    recorder = Recorder()
    client = make_client(recorder)
    for call in (
        lambda: client.conversations_json(0),
        lambda: client.conversation_json(-1),
        lambda: client.messages_json(3, after=10, before=10),
        lambda: client.messages_json(3, before=-1),
        lambda: client.contacts_json(0),
        lambda: client.reporting_events_json(since=1),
        lambda: client.reporting_events_json(since=datetime(2026, 1, 1), until=2),
        lambda: client.reporting_events_json(name=""),
    ):
        with pytest.raises(ConfigurationError):
            call()
    assert recorder.requests == []


def test_unknown_filter_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="per_page"):
        make_client(Recorder()).conversations_json(per_page=100)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="sort_by"):
        make_client(Recorder()).conversations_meta_json(sort_by="latest")  # type: ignore[call-arg]


# -- responses and errors -------------------------------------------------------------


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        (
            {"errors": ["You need to sign in or sign up before continuing."]},
            "401 no token sent (or a proxy dropped the api_access_token header)",
        ),
        ({"error": "Invalid Access Token"}, "401 invalid token"),
        (
            {"error": "You are not authorized to access this account"},
            "401 the token's user is not a member of account 1",
        ),
        ({"error": "Access to this endpoint is not authorized for bots"}, "401 a bot token"),
        ({"error": "Account is suspended"}, "401 account 1 is suspended"),
        ({"error": "You are not authorized to do this action"}, "agents see only their inboxes"),
        ({"error": "Something new"}, "401 unauthorized: Something new"),
    ],
)
def test_401_bodies_name_the_cause(body: dict[str, Any], cause: str) -> None:
    recorder = Recorder(lambda request: json_response(401, body))
    with pytest.raises(AuthenticationError) as caught:
        make_client(recorder).conversations_json(status="all")
    message = str(caught.value)
    assert message.startswith("GET /api/v1/accounts/1/conversations?status=all&page=1: ")
    assert cause in message
    assert "\n" not in message
    assert len(recorder.requests) == 1  # never retried
    assert caught.value.status_code == 401


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda c: c.conversation_json(404), "conversation 404 not found in account 1"),
        (lambda c: c.messages_json(404), "conversation 404 not found in account 1"),
        (lambda c: c.conversation_labels_json(404), "conversation 404 not found in account 1"),
        (lambda c: c.conversations_json(team_id=9), "team 9 not found in account 1"),
        (lambda c: c.conversations_meta_json(team_id=9), "team 9 not found in account 1"),
        (lambda c: c.conversations_json(), "account 1 not found"),
        (lambda c: c.agents_json(), "account 1 not found"),
    ],
)
def test_404_names_what_is_missing(call: Callable[[Client], Any], named: str) -> None:
    not_found = {"error": "Resource could not be found"}
    with pytest.raises(NotFoundError, match=named) as caught:
        call(make_client(Recorder(lambda request: json_response(404, not_found))))
    assert isinstance(caught.value, LookupError)


def test_other_client_errors_keep_the_server_message() -> None:
    recorder = Recorder(lambda request: json_response(422, {"error": "Invalid filter"}))
    with pytest.raises(ApiError, match="422 Unprocessable Entity: Invalid filter"):
        make_client(recorder).labels_json()


def test_server_errors_are_retried_then_reported() -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    recorder = Recorder(
        lambda request: httpx.Response(502, text=html, headers={"content-type": "text/html"})
    )
    client = make_client(recorder, retry=RetryPolicy(attempts=3))
    with pytest.raises(ServerError) as caught:
        client.conversations_json(2, status="all")
    message = str(caught.value)
    assert message == (
        "GET /api/v1/accounts/1/conversations?status=all&page=2 failed, tried 3 times:"
        " 502 Bad Gateway (text/html body)"
    )
    assert caught.value.attempts == 3
    assert len(recorder.requests) == 3


def test_recovers_from_every_transient_failure() -> None:
    ok = json_response(200, {"payload": [{"id": 1}]})
    recorder = Recorder(
        sequence(
            httpx.Response(503, text="<html>busy</html>", headers={"content-type": "text/html"}),
            httpx.Response(429, text="Retry later\n", headers={"content-type": "text/plain"}),
            httpx.Response(
                200, content=b'{"payload": [{"id"', headers={"content-type": "application/json"}
            ),
            httpx.Response(200, text="<html>portal</html>", headers={"content-type": "text/html"}),
            httpx.ReadTimeout("timed out"),
            httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body"
            ),
            httpx.ConnectError("connection refused"),
            httpx.ReadError("connection reset"),
            ok,
        )
    )
    sleeps: list[float] = []
    client = make_client(recorder, sleep=sleeps.append, retry=RetryPolicy(attempts=9))
    assert client.labels_json() == {"payload": [{"id": 1}]}
    assert len(recorder.requests) == 9
    assert len(sleeps) >= 8  # one backoff per failure, plus the shared 429 pause


def test_non_json_bodies_are_never_parsed() -> None:
    # A text/plain body that happens to be valid JSON is still refused.
    recorder = Recorder(
        lambda request: httpx.Response(
            200, text='{"payload": []}', headers={"content-type": "text/plain"}
        )
    )
    client = make_client(recorder, retry=RetryPolicy(attempts=2))
    with pytest.raises(InvalidResponseError, match=r"tried 2 times: 200 with a text/plain body"):
        client.labels_json()


def test_truncated_bodies_run_out_as_invalid_response() -> None:
    recorder = Recorder(
        lambda request: httpx.Response(
            200,
            content=b'{"data": {"meta"',
            headers={"content-type": "application/json; charset=utf-8"},
        )
    )
    with pytest.raises(InvalidResponseError, match=r"truncated or invalid JSON body \(16 bytes\)"):
        make_client(recorder, retry=RetryPolicy(attempts=2)).conversations_json()


def test_429_runs_out_as_rate_limited() -> None:
    recorder = Recorder(
        lambda request: httpx.Response(
            429, text="Retry later\n", headers={"content-type": "text/plain"}
        )
    )
    client = make_client(recorder, retry=RetryPolicy(throttled_attempts=4))
    with pytest.raises(RateLimitedError) as caught:
        client.agents_json()
    assert "tried 4 times: 429 Too Many Requests (text/plain body, no Retry-After)" in str(
        caught.value
    )
    assert client.retrier.throttle.delay > RetryPolicy().throttle_initial


def test_429_retry_after_is_obeyed() -> None:
    sleeps: list[float] = []
    recorder = Recorder(
        sequence(
            httpx.Response(
                429, text="slow down", headers={"retry-after": "12", "content-type": "text/plain"}
            ),
            json_response(200, []),
        )
    )
    assert make_client(recorder, sleep=sleeps.append).agents_json() == []
    assert sleeps == [pytest.approx(12.0, abs=0.5)]


def test_connection_failures_run_out_as_transport_error() -> None:
    recorder = Recorder(sequence(*[httpx.ConnectError("[Errno 111] Connection refused")] * 3))
    with pytest.raises(
        TransportError,
        match=r"GET /api/v1/accounts/1/teams failed, tried 3 times: ConnectError: \[Errno 111\]",
    ) as caught:
        make_client(recorder, retry=RetryPolicy(attempts=3)).teams_json()
    assert isinstance(caught.value.__cause__.__cause__, httpx.ConnectError)  # type: ignore[union-attr]


def test_message_history_walks_the_bulk_cursor() -> None:
    history = [{"id": i, "created_at": 1000 + i} for i in range(1, 2501)]

    def server(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params["after"])
        before = int(request.url.params["before"])
        page = [m for m in history if after <= m["id"] < before][:1000]
        return json_response(200, {"meta": {"labels": []}, "payload": page})

    recorder = Recorder(server)
    body = make_client(recorder).message_history_json(5)
    assert [m["id"] for m in body["payload"]] == list(range(1, 2501))
    assert body["meta"] == {"labels": []}
    assert recorder.requests[0].url.params["after"] == "1"


def test_the_rate_limiter_paces_every_try() -> None:
    waits: list[float] = []
    limiter = RateLimiter(60, burst=1, clock=lambda: 0.0, sleep=waits.append)
    recorder = Recorder(
        sequence(httpx.Response(503), json_response(200, []), json_response(200, []))
    )
    client = make_client(recorder, rate_limit=limiter)
    client.agents_json()
    client.agents_json()
    assert client.rate_limiter is limiter
    assert waits == [1.0, 2.0]  # three sends, the first free


# -- the token --------------------------------------------------------------------------


def test_the_token_is_masked_everywhere_it_could_show() -> None:
    client = make_client(Recorder())
    assert (
        repr(client)
        == "Client(base_url='https://voxys.example', account_id=1, token=Secret('***'))"
    )
    assert TOKEN not in repr(vars(client))
    assert TOKEN not in str(client.token)
    assert TOKEN not in f"{client.token!r} {client.token}"
    assert client.token == Secret(TOKEN)
    assert client.token.reveal() == TOKEN
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(client.token)


def test_a_redirect_to_another_host_is_not_followed() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        if request.url.host == "voxys.example":
            return httpx.Response(302, headers={"location": "https://collector.evil/steal"})
        return json_response(200, [])

    recorder = Recorder(server)
    with pytest.raises(ApiError) as caught:
        make_client(recorder).agents_json()
    assert [r.url.host for r in recorder.requests] == ["voxys.example"]
    message = str(caught.value)
    assert "302 redirect to https://collector.evil/steal not followed" in message
    assert TOKEN not in message


def test_the_token_goes_only_to_the_configured_origin() -> None:
    recorder = Recorder()
    client = make_client(recorder)
    request = client._http.build_request("GET", "https://collector.evil/x")
    client._http.send(request)
    assert "api_access_token" not in recorder.last.headers
    client.agents_json()
    assert recorder.last.headers["api_access_token"] == TOKEN


def test_a_server_echoing_the_token_does_not_leak_it() -> None:
    echo = {"error": f"Invalid Access Token {TOKEN}"}
    recorder = Recorder(lambda request: json_response(401, echo))
    with pytest.raises(AuthenticationError) as caught:
        make_client(recorder).agents_json()
    assert TOKEN not in str(caught.value)


def test_no_log_line_exception_or_traceback_holds_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import traceback

    caplog.set_level("DEBUG")
    responses = [
        httpx.Response(503, text="<html/>", headers={"content-type": "text/html"}),
        httpx.Response(429, text="Retry later\n", headers={"content-type": "text/plain"}),
        httpx.ReadError(f"reset {TOKEN}"),
        json_response(200, {"payload": []}),
        json_response(401, {"error": "Invalid Access Token"}),
        json_response(404, {"error": "Resource could not be found"}),
    ]
    client = make_client(Recorder(sequence(*responses)), retry=RetryPolicy(attempts=5))
    client.labels_json()
    texts = []
    for call in (client.agents_json, lambda: client.conversation_json(3)):
        with pytest.raises(ApiError) as caught:
            call()
        texts.append("".join(traceback.format_exception(caught.value)))
        texts.append(repr(caught.value.args))
        texts.append(json.dumps(vars(caught.value), default=str))
    records = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r}" for record in caplog.records
    )
    assert "voxys_frames" in records  # retries were logged
    assert TOKEN not in records
    for text in texts:
        assert TOKEN not in text
