"""The contract tests' account (account 3), and helpers that read it over ``http``.

The ``emulator`` and ``http`` fixtures are the shared ones of ``tests/conftest.py``;
this folder only chooses its account.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import make_config
from voxys_frames.emulator import EmulatorConfig

ACCOUNT = 3
PREFIX = f"/api/v1/accounts/{ACCOUNT}"


@pytest.fixture(scope="session")
def emulator_config() -> EmulatorConfig:
    return make_config(seed=11, conversations=160, account_id=ACCOUNT)


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
