"""Authentication and error bodies (reference 6.3) and the 429 of Rack::Attack (6.1)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import TOKEN
from tests.emulator.conftest import ACCOUNT, PREFIX
from voxys_frames.emulator import Emulator, EmulatorConfig


def _get(emulator: Emulator, path: str, token: str | None) -> httpx.Response:
    headers = {"api_access_token": token} if token is not None else {}
    with httpx.Client(transport=emulator.transport(), base_url="http://emulator") as client:
        return client.get(path, headers=headers)


@pytest.mark.parametrize(
    ("token", "path", "status", "body"),
    [
        (
            None,
            f"{PREFIX}/conversations",
            401,
            {"errors": ["You need to sign in or sign up before continuing."]},
        ),
        ("wrong", f"{PREFIX}/conversations", 401, {"error": "Invalid Access Token"}),
        (
            f"bot-{TOKEN}",
            f"{PREFIX}/conversations",
            401,
            {"error": "Access to this endpoint is not authorized for bots"},
        ),
        (
            f"outsider-{TOKEN}",
            f"{PREFIX}/conversations",
            401,
            {"error": "You are not authorized to access this account"},
        ),
        (
            TOKEN,
            f"/api/v1/accounts/{ACCOUNT + 1}/conversations",
            401,
            {"error": "You are not authorized to access this account"},
        ),
        (
            TOKEN,
            f"/api/v1/accounts/{ACCOUNT + 2}/conversations",
            401,
            {"error": "Account is suspended"},
        ),
        (
            TOKEN,
            "/api/v1/accounts/987654/conversations",
            404,
            {"error": "Resource could not be found"},
        ),
        (
            TOKEN,
            "/api/v1/accounts/abc/conversations",
            404,
            {"error": "Resource could not be found"},
        ),
        (TOKEN, f"{PREFIX}/conversations/424242", 404, {"error": "Resource could not be found"}),
    ],
)
def test_error_bodies(
    emulator: Emulator, token: str | None, path: str, status: int, body: object
) -> None:
    response = _get(emulator, path, token)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == body


def test_agent_sees_only_member_inboxes(emulator: Emulator) -> None:
    agent = emulator.config.agent_token
    with httpx.Client(
        transport=emulator.transport(),
        base_url="http://emulator",
        headers={"api_access_token": agent},
    ) as client:
        rows = client.get(f"{PREFIX}/conversations", params={"status": "all"}).json()["data"][
            "payload"
        ]
        assert rows
        assert {row["inbox_id"] for row in rows} <= {1, 3}
        world = emulator.world
        foreign = next(
            c + 1 for c in range(world.count) if int(world.cols["inbox_id"][c]) not in (1, 3)
        )
        denied = client.get(f"{PREFIX}/conversations/{foreign}")
        assert denied.status_code == 401
        assert denied.json() == {"error": "You are not authorized to do this action"}


def test_429_is_plain_text_without_retry_after_and_windows_reset() -> None:
    emulator = Emulator(
        EmulatorConfig(seed=1, conversations=5, token="t", rate_limit=3, rate_window=1.0)
    )
    with httpx.Client(
        transport=emulator.transport(), base_url="http://e", headers={"api_access_token": "t"}
    ) as client:
        time.sleep(1.0 - time.time() % 1.0 + 0.02)  # start at a window boundary
        statuses = [client.get("/api/v1/accounts/1/agents").status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        throttled = client.get("/api/v1/accounts/1/agents")
        assert throttled.headers["content-type"] == "text/plain"
        assert throttled.text == "Retry later\n"
        assert "retry-after" not in throttled.headers
        assert not any(h.startswith("x-ratelimit") for h in throttled.headers)
        time.sleep(1.0 - time.time() % 1.0 + 0.02)
        assert client.get("/api/v1/accounts/1/agents").status_code == 200
