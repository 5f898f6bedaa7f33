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


def test_inbox_keys(http: httpx.Client, schemas: dict[str, Any]) -> None:
    # the swagger declares medium for every inbox; _inbox.json.jbuilder renders it
    # only `if resource.twilio?` (the code wins)
    declared = _properties(schemas, "inbox") - {"medium"}
    inboxes = get_json(http, "/inboxes")["payload"]
    assert {inbox["channel_type"] for inbox in inboxes} >= {"Channel::WebWidget", "Channel::Email"}
    for inbox in inboxes:
        assert declared <= set(inbox), inbox["channel_type"]
        assert ("medium" in inbox) == (inbox["channel_type"] == "Channel::TwilioSms")


def test_contact_inbox_keys(http: httpx.Client, schemas: dict[str, Any]) -> None:
    entry_schema = schemas["contact_inbox"]["properties"]
    for contact in get_json(http, "/contacts")["payload"]:
        for entry in contact["contact_inboxes"]:
            assert set(entry) == set(entry_schema)
            assert set(entry["inbox"]) == set(entry_schema["inbox"]["properties"])


def test_profile_keys(http: httpx.Client, schemas: dict[str, Any]) -> None:
    declared = _properties(schemas, "user")
    response = http.get("/api/v1/profile")
    assert response.status_code == 200
    profile = response.json()
    # custom_attributes is rendered only when the user has some (_user.json.jbuilder)
    assert set(profile) == declared - {"custom_attributes"}
    account_keys = set(schemas["user"]["properties"]["accounts"]["items"]["properties"])
    for account in profile["accounts"]:
        assert set(account) == account_keys
