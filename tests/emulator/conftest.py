"""Fixtures: one small seeded emulator, reached in-process or over loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from voxys_frames.emulator import Emulator, EmulatorConfig

TOKEN = "contract-token"
ACCOUNT = 3
PREFIX = f"/api/v1/accounts/{ACCOUNT}"


@pytest.fixture(scope="session")
def config() -> EmulatorConfig:
    return EmulatorConfig(seed=11, conversations=160, account_id=ACCOUNT, token=TOKEN, rate_limit=0)


@pytest.fixture(scope="session")
def emulator(config: EmulatorConfig) -> Emulator:
    return Emulator(config)


@pytest.fixture(scope="session")
def http(emulator: Emulator) -> Iterator[httpx.Client]:
    transport = emulator.transport()
    with httpx.Client(
        transport=transport, base_url="http://emulator", headers={"api_access_token": TOKEN}
    ) as client:
        yield client
    transport.close()


def get_json(http: httpx.Client, path: str, **params: Any) -> Any:
    response = http.get(f"{PREFIX}{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def list_page(http: httpx.Client, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = get_json(http, "/conversations", **params)["data"]
    return body


def all_rows(http: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        payload = list_page(http, page=page, **params)["payload"]
        if not payload:
            return rows
        rows.extend(payload)
        page += 1
