"""Suite-wide switches and the shared fixtures.

Heavy tests carry a marker (``browser``, ``objectstore``, ``spark``). Locally they can be
skipped with ``VOXYS_FRAMES_SKIP=browser,spark``; under CI (``CI`` set) skipping is refused,
so every check runs there. ``slow`` marks tests that take more than a few seconds; they
always run (``make test`` runs everything), and ``pytest -m "not slow"`` leaves them out
while working.

Shared fixtures, defined here once:

* the emulator: :func:`make_config` builds a small seeded account (no server-side rate
  limit); the ``emulator_config`` fixture is the account of a test module (override it in
  a folder's ``conftest.py`` or in a module for another account); ``emulator`` is that
  account, ``http`` an httpx client on it in-process (no socket, the token sent),
  ``client`` a :class:`~voxys_frames.api.client.Client` on it in-process, and ``server`` the
  same account served on 127.0.0.1 (a real uvicorn server);
* sample frames: :func:`sample_frames` (every trap of the sample bodies in
  :mod:`tests.payloads`) and the small hand-built ``conversations`` and ``messages``
  fixtures whose filter results are easy to work out by hand (times from :func:`at`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import polars as pl
import pytest

from tests import payloads as p
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.convert.client import Client
from voxys_frames.emulator import Emulator, EmulatorConfig, ServerInfo
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform

SKIPPABLE = ("browser", "objectstore", "spark")
TOKEN = "test-token-5e1f0c9a7d"
"""The token of the emulated accounts (long enough to be found if it leaks into a file)."""


def _skipped_markers() -> set[str]:
    raw = os.environ.get("VOXYS_FRAMES_SKIP", "")
    wanted = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = wanted - set(SKIPPABLE)
    if unknown:
        raise pytest.UsageError(
            f"VOXYS_FRAMES_SKIP names unknown markers {sorted(unknown)}; "
            f"valid: {', '.join(SKIPPABLE)}"
        )
    if wanted and os.environ.get("CI"):
        raise pytest.UsageError("VOXYS_FRAMES_SKIP is refused under CI: every test runs there")
    return wanted


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skipped = _skipped_markers()
    for item in items:
        for name in skipped & {mark.name for mark in item.iter_markers()}:
            item.add_marker(pytest.mark.skip(reason=f"VOXYS_FRAMES_SKIP={name}"))


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the connection settings of the shell it was started from."""
    for name in ("VOXYS_BASE_URL", "VOXYS_ACCOUNT_ID", "VOXYS_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


# -- the emulator -----------------------------------------------------------------------


def make_config(**changes: object) -> EmulatorConfig:
    """A small seeded account with :data:`TOKEN` and no server-side rate limit."""
    base: dict[str, object] = {"seed": 5, "conversations": 240, "token": TOKEN, "rate_limit": 0}
    base.update(changes)
    return EmulatorConfig(**base)  # type: ignore[arg-type]


def in_process_http(emulator: Emulator) -> httpx.Client:
    """An httpx client on ``emulator`` in-process, sending its token (close it after use)."""
    return httpx.Client(
        transport=emulator.transport(),
        base_url="http://emulator",
        headers={"api_access_token": emulator.config.token},
    )


def in_process_client(emulator: Emulator, **options: object) -> Client:
    """A :class:`Client` on ``emulator`` in-process, with no client-side rate limit."""
    options.setdefault("rate_limit", None)
    return Client(
        "http://localhost",
        emulator.config.account_id,
        emulator.config.token,
        transport=emulator.transport(),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def emulator_config() -> EmulatorConfig:
    """The account of a test module: override this fixture for another one."""
    return make_config()


@pytest.fixture(scope="module")
def emulator(emulator_config: EmulatorConfig) -> Emulator:
    """The module's emulated account (one per module: a test may change it)."""
    return Emulator(emulator_config)


@pytest.fixture(scope="module")
def http(emulator: Emulator) -> Iterator[httpx.Client]:
    """An httpx client on the module's emulator in-process (base URL ``http://emulator``)."""
    with in_process_http(emulator) as client:
        yield client


@pytest.fixture(scope="module")
def client(emulator: Emulator) -> Iterator[Client]:
    """A :class:`Client` on the module's emulator in-process, no rate limit."""
    with in_process_client(emulator) as connected:
        yield connected


@pytest.fixture(scope="module")
def server(emulator: Emulator) -> Iterator[ServerInfo]:
    """The module's emulator served on 127.0.0.1 (a real HTTP server)."""
    with emulator.serve() as info:
        yield info


# -- sample frames ----------------------------------------------------------------------


def sample_frames(account_id: int = 1) -> Frames:
    """Frames holding every trap of the sample bodies: 8 conversations, endpoint messages."""
    builder = FramesBuilder(account_id=account_id)
    builder.add_body("conversations", p.dump(p.tricky_conversations_body()), source="page 1")
    builder.add_body(
        "messages",
        p.messages_body([p.deleted_endpoint_message(), p.endpoint_message(19, 5)]),
        conversation_id=5,
    )
    return builder.finish()


def at(day: int, hour: int = 12) -> datetime:
    """A time in January 2025 (UTC)."""
    return datetime(2025, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def conversations() -> pl.DataFrame:
    rows = [
        # id, status, inbox, assignee (type, id), team, labels, priority, channel,
        # created day, last activity day, waiting day, first reply day, attributes
        (
            1,
            "open",
            1,
            ("User", 5),
            1,
            ["vip", "bug"],
            "high",
            "Channel::WebWidget",
            1,
            3,
            3,
            None,
            '{"plan":"pro","seats":12}',
        ),
        (
            2,
            "open",
            2,
            (None, None),
            None,
            ["bug"],
            None,
            "Channel::Email",
            2,
            2,
            None,
            None,
            '{"plan":"free"}',
        ),
        (
            3,
            "resolved",
            1,
            ("AgentBot", 5),
            2,
            [],
            "low",
            "Channel::WebWidget",
            5,
            9,
            None,
            6,
            "{}",
        ),
        (
            4,
            "pending",
            3,
            ("User", 7),
            None,
            ["vip"],
            None,
            "Channel::Api",
            10,
            10,
            None,
            10,
            '{"plan":null,"vip":true}',
        ),
        (
            5,
            "snoozed",
            2,
            ("User", 5),
            1,
            ["refund", "vip", "bug"],
            "urgent",
            "Channel::Email",
            31,
            31,
            31,
            31,
            '{"it\'s":"x"}',
        ),
        (
            6,
            "resolved",
            3,
            (None, None),
            2,
            ["refund"],
            "low",
            "Channel::Api",
            15,
            20,
            None,
            16,
            None,
        ),
    ]
    frame = pl.DataFrame(
        {
            "account_id": [1] * len(rows),
            "id": [r[0] for r in rows],
            "status": [r[1] for r in rows],
            "inbox_id": [r[2] for r in rows],
            "assignee_type": [r[3][0] for r in rows],
            "assignee_id": [r[3][1] for r in rows],
            "team_id": [r[4] for r in rows],
            "labels": [r[5] for r in rows],
            "priority": [r[6] for r in rows],
            "channel": [r[7] for r in rows],
            "created_at": [at(r[8]) for r in rows],
            "last_activity_at": [at(r[9]) for r in rows],
            "waiting_since": [at(r[10]) if r[10] else None for r in rows],
            "first_reply_created_at": [at(r[11]) if r[11] else None for r in rows],
            "custom_attributes": [r[12] for r in rows],
        },
        schema_overrides={"labels": pl.List(pl.String())},
    )
    return conform(frame, "conversations")


@pytest.fixture
def messages() -> pl.DataFrame:
    rows = [
        # id, conversation, type, content
        (10, 1, "incoming", "I want a REFUND now"),
        (11, 1, "outgoing", "Sure, refund on its way"),
        (12, 1, "activity", "Conversation was resolved"),
        (20, 2, "incoming", "Where is my order?"),
        (21, 2, "outgoing", None),
        (30, 3, "incoming", "hello"),
        (40, 4, "template", "Rate us (a+b)"),
        (50, 5, "incoming", "refund!!"),
        (60, 6, "activity", "Assigned to Ann"),
        (70, 99, "incoming", "refund for a conversation nobody listed"),
    ]
    frame = pl.DataFrame(
        {
            "account_id": [1] * len(rows),
            "id": [r[0] for r in rows],
            "conversation_id": [r[1] for r in rows],
            "message_type": [r[2] for r in rows],
            "content": [r[3] for r in rows],
        }
    )
    return conform(frame, "messages")
