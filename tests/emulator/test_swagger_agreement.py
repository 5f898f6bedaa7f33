"""The emulator against Chatwoot's OpenAPI file, only where the file is right.

Reference section 8 lists where the swagger file disagrees with the code (the
code wins): those places are excluded here and tested in the other contract tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import all_rows, get_json

SWAGGER = Path(__file__).resolve().parents[3] / "shared" / "reference" / "chatwoot-swagger.json"


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    if not SWAGGER.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SWAGGER} is missing")
        pytest.skip("the shared reference folder is not beside this checkout")
    loaded: dict[str, Any] = json.loads(SWAGGER.read_text())["components"]["schemas"]
    return loaded


def _properties(schemas: dict[str, Any], name: str) -> set[str]:
    return set(schemas[name]["properties"])


def test_agent_and_team_keys(http: httpx.Client, schemas: dict[str, Any]) -> None:
    for agent in get_json(http, "/agents"):
        assert set(agent) - {"custom_attributes", "provider"} == _properties(schemas, "agent")
    for team in get_json(http, "/teams"):
        assert set(team) == _properties(schemas, "team")


def test_conversation_keys(http: httpx.Client, schemas: dict[str, Any]) -> None:
    declared = _properties(schemas, "conversation")
    for row in all_rows(http, status="all"):
        missing = declared - set(row)
        # applied_sla is omitted (not null) when a conversation has no SLA: reference 3.1
        assert missing <= {"applied_sla"}
        assert (missing == set()) == (row["sla_policy_id"] is not None)


def test_embedded_message_keys(http: httpx.Client, schemas: dict[str, Any]) -> None:
    # swagger's single "attachment" is really an "attachments" array, present only when
    # there are attachments, and "sender" is omitted when there is none: reference 8, 3.4
    declared = _properties(schemas, "message") - {"attachment", "sender"}
    embedded = [row["messages"][0] for row in all_rows(http, status="all") if row["messages"]]
    assert embedded
    for message in embedded:
        assert declared <= set(message)


def test_status_enum_is_the_code_not_the_swagger(
    http: httpx.Client, schemas: dict[str, Any]
) -> None:
    declared = set(schemas["conversation"]["properties"]["status"].get("enum", []))
    served = {row["status"] for row in all_rows(http, status="all")}
    assert "snoozed" in served
    assert "snoozed" not in declared, "reference 8: the swagger enum lacks snoozed"
