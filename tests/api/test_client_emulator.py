"""The client against the emulator: in-process, and the real server on 127.0.0.1."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import make_config
from voxys_frames.api.pagination import PageNumbers, count_for
from voxys_frames.api.ratelimit import RateLimiter
from voxys_frames.api.retry import RetryPolicy, no_waiting
from voxys_frames.convert.client import Client
from voxys_frames.emulator import Emulator, EmulatorConfig, FaultConfig
from voxys_frames.exceptions import AuthenticationError, NotFoundError

TOKEN = "t"
LONG_TOKEN = "emu-9f3c2a7d5e1b4c8a60d2"
CONFIG = make_config(seed=7, conversations=60, token=TOKEN, rate_limit=3000)


@pytest.fixture(scope="module")
def emulator_config() -> EmulatorConfig:
    """This module's account, with the emulator's own rate limit on (3000 a minute)."""
    return CONFIG


@pytest.fixture(scope="module")
def transport(emulator: Emulator) -> Iterator[httpx.BaseTransport]:
    transport = emulator.transport()
    yield transport
    transport.close()


def connect(
    transport: httpx.BaseTransport, *, token: str = TOKEN, account_id: int = 1, **options: Any
) -> Client:
    options.setdefault("rate_limit", None)
    return Client("http://localhost", account_id, token, transport=transport, **options)


def read_everything(client: Client) -> tuple[set[int], dict[int, list[int]]]:
    """Every conversation id (status=all) and every message id of each, by page."""
    pages = PageNumbers()
    page = pages.first()
    ids: set[int] = set()
    while True:
        data = client.conversations_json(page, status="all", sort_by="created_at_asc")["data"]
        ids.update(row["id"] for row in data["payload"])
        following = pages.next(len(data["payload"]), total=count_for(data["meta"]))
        if following is None:
            break
        page = following
    history = {
        cid: [m["id"] for m in client.message_history_json(cid)["payload"]] for cid in sorted(ids)
    }
    return ids, history


# -- in-process -----------------------------------------------------------------------


def test_a_page_as_frames(client: Client) -> None:
    page = client.conversations(1, status="all")
    assert page.conversations.height == 25
    assert page.meta["all_count"] == 60
    assert page.contacts.height > 0
    assert set(page.conversations["id"].to_list()) <= set(range(1, 61))
    last = client.conversations(3, status="all")
    assert last.conversations.height == 10


def test_paging_reaches_every_conversation_once(client: Client) -> None:
    ids, history = read_everything(client)
    assert ids == set(range(1, 61))
    assert client.conversations_meta_json(status="all")["meta"]["all_count"] == 60
    for message_ids in history.values():
        assert len(message_ids) == len(set(message_ids))


def test_filters_reach_the_server(client: Client) -> None:
    everything = client.conversations_meta_json(status="all")["meta"]["all_count"]
    open_only = client.conversations_meta_json(status="open")["meta"]["all_count"]
    assert 0 < open_only < everything
    labels = client.labels_json()["payload"]
    title = labels[0]["title"]
    tagged = client.conversations_json(status="all", labels=[title])["data"]["payload"]
    assert tagged
    assert all(title in row["labels"] for row in tagged)
    by_inbox = client.conversations_json(status="all", inbox_id=1)["data"]["payload"]
    assert {row["inbox_id"] for row in by_inbox} <= {1}


def test_one_conversation_its_labels_and_messages(client: Client) -> None:
    conversation = client.conversation_json(5)
    assert conversation["id"] == 5
    assert client.conversation_labels_json(5)["payload"] == conversation["labels"]
    history = client.message_history(5)
    newest = client.messages(5)
    assert newest.messages.height == min(20, history.messages.height)
    assert set(newest.messages["id"].to_list()) <= set(history.messages["id"].to_list())
    internal = client.message_history_json(5, filter_internal_messages=True)["payload"]
    assert all(not m["private"] and m["message_type"] != 2 for m in internal)


def test_account_listings_as_frames(client: Client) -> None:
    assert client.agents().agents.height > 0
    assert client.teams().teams.height > 0
    assert client.inboxes().inboxes.height > 0
    assert client.labels().account_labels.height > 0
    assert client.contacts(1).contacts.height > 0
    events = client.reporting_events(1)
    assert events.reporting_events.height > 0


@pytest.mark.parametrize(
    ("token", "account_id", "call", "error", "message"),
    [
        ("nope", 1, "agents_json", AuthenticationError, "401 invalid token"),
        (CONFIG.bot_token, 1, "agents_json", AuthenticationError, "a bot token"),
        (CONFIG.outsider_token, 1, "agents_json", AuthenticationError, "not a member of account 1"),
        (TOKEN, 2, "agents_json", AuthenticationError, "not a member of account 2"),
        (TOKEN, 3, "agents_json", AuthenticationError, "account 3 is suspended"),
        (TOKEN, 9, "agents_json", NotFoundError, "404 account 9 not found"),
    ],
)
def test_auth_and_account_errors(
    transport: httpx.BaseTransport,
    token: str,
    account_id: int,
    call: str,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        getattr(connect(transport, token=token, account_id=account_id), call)()


def test_missing_conversation_and_team(client: Client) -> None:
    with pytest.raises(NotFoundError, match="conversation 9999 not found in account 1"):
        client.message_history_json(9999)
    with pytest.raises(NotFoundError, match="team 999 not found in account 1"):
        client.conversations_json(team_id=999)


def test_an_agent_outside_the_inbox(emulator: Emulator, transport: httpx.BaseTransport) -> None:
    agent = connect(transport, token=CONFIG.agent_token)
    inboxes = set(emulator.world.catalog.user(2).inbox_ids)
    outside = next(
        cid for cid in range(1, 61) if int(emulator.world.cols["inbox_id"][cid - 1]) not in inboxes
    )
    with pytest.raises(AuthenticationError, match="agents see only their inboxes"):
        agent.conversation_json(outside)


class DropsTheTokenHeader(httpx.BaseTransport):
    """A proxy that drops underscore headers, as nginx does by default."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        del request.headers["api_access_token"]
        return self.inner.handle_request(request)


def test_a_proxy_dropping_the_header(transport: httpx.BaseTransport) -> None:
    with pytest.raises(AuthenticationError, match="a proxy dropped the api_access_token header"):
        connect(DropsTheTokenHeader(transport)).agents_json()


# -- the real server on 127.0.0.1 ------------------------------------------------------


def test_over_loopback_with_faults_the_data_is_the_same(client: Client) -> None:
    expected = read_everything(client)
    faults = FaultConfig(server_error_rate=0.15, truncated_rate=0.1, drop_rate=0.1, seed=3)
    faulty = Emulator(
        EmulatorConfig(seed=7, conversations=60, account_id=1, token=TOKEN, faults=faults)
    )
    with (
        faulty.serve() as server,
        no_waiting(),
        Client(server.base_url, 1, TOKEN, rate_limit=None, retry=RetryPolicy(attempts=10)) as real,
    ):
        assert read_everything(real) == expected
    injected = faulty.app.faults.injected
    assert injected["server_error"] and injected["truncated"] and injected["drop"]


def test_the_servers_rate_limit_is_absorbed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    limited = Emulator(
        EmulatorConfig(
            seed=7, conversations=20, account_id=1, token=LONG_TOKEN, rate_limit=15, rate_window=0.5
        )
    )
    policy = RetryPolicy(throttle_initial=0.05, throttle_max=1.0, throttled_attempts=20)
    with (
        limited.serve() as server,
        Client(server.base_url, 1, LONG_TOKEN, rate_limit=None, retry=policy) as real,
    ):
        bodies = [real.conversation_json(cid) for cid in range(1, 21) for _ in range(2)]
        with pytest.raises(NotFoundError) as caught:
            real.conversation_json(999)
    assert [body["id"] for body in bodies] == [cid for cid in range(1, 21) for _ in range(2)]
    assert limited.app.limiter.throttled > 0
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "429 Too Many Requests (text/plain body, no Retry-After)" in logged
    assert "httpcore" in logged  # the transport's own debug lines were captured too
    assert "httpx" in logged
    assert LONG_TOKEN not in logged
    assert LONG_TOKEN not in repr(caught.value.args)
    assert LONG_TOKEN not in repr(real)


def test_the_client_side_limit_avoids_429s() -> None:
    limited = Emulator(
        EmulatorConfig(
            seed=7, conversations=5, account_id=1, token=TOKEN, rate_limit=10, rate_window=0.5
        )
    )
    pace = RateLimiter(1000, burst=1)  # 8.3 per half second: under 10
    with limited.serve() as server, Client(server.base_url, 1, TOKEN, rate_limit=pace) as real:
        threads = [
            threading.Thread(target=lambda: [real.agents_json() for _ in range(5)])
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert limited.app.limiter.throttled == 0
    assert limited.app.requests == 20
