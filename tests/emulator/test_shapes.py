"""JSON shapes field by field (reference sections 3, 4 and 7; edge cases A and B)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.emulator.conftest import all_rows, get_json

CONVERSATION_KEYS = {
    "meta",
    "id",
    "messages",
    "account_id",
    "uuid",
    "additional_attributes",
    "agent_last_seen_at",
    "assignee_last_seen_at",
    "can_reply",
    "contact_last_seen_at",
    "custom_attributes",
    "inbox_id",
    "labels",
    "muted",
    "snoozed_until",
    "status",
    "created_at",
    "updated_at",
    "timestamp",
    "first_reply_created_at",
    "unread_count",
    "last_non_activity_message",
    "last_activity_at",
    "priority",
    "waiting_since",
    "sla_policy_id",
    "sla_events",
}
EMBEDDED_KEYS = {
    "id",
    "content",
    "account_id",
    "inbox_id",
    "conversation_id",
    "message_type",
    "created_at",
    "updated_at",
    "private",
    "status",
    "source_id",
    "content_type",
    "content_attributes",
    "sender_type",
    "sender_id",
    "external_source_ids",
    "additional_attributes",
    "processed_message_content",
    "sentiment",
    "conversation",
}
ENDPOINT_KEYS = {
    "id",
    "content",
    "inbox_id",
    "conversation_id",
    "message_type",
    "content_type",
    "status",
    "content_attributes",
    "created_at",
    "private",
    "source_id",
}
SENTINELS = (
    "agent_last_seen_at",
    "assignee_last_seen_at",
    "contact_last_seen_at",
    "first_reply_created_at",
    "waiting_since",
)


def _rows(http: httpx.Client) -> list[dict[str, Any]]:
    return all_rows(http, status="all")


def test_conversation_keys_and_omissions(http: httpx.Client) -> None:
    rows = _rows(http)
    for row in rows:
        assert CONVERSATION_KEYS <= set(row) <= CONVERSATION_KEYS | {"applied_sla"}
        assert "assignee_id" not in row and "team_id" not in row and "contact_id" not in row
        assert ("applied_sla" in row) == (row["sla_policy_id"] is not None)
        meta = row["meta"]
        assert {"sender", "channel", "hmac_verified"} <= set(meta)
        assert ("assignee" in meta) == ("assignee_type" in meta)
        assert "type" not in meta["sender"]
        assert len(row["messages"]) <= 1
    assert any("assignee" not in row["meta"] for row in rows)
    assert any("team" not in row["meta"] for row in rows)
    assert any("applied_sla" not in row for row in rows)
    assert any("last_activity_at" not in row["meta"]["sender"] for row in rows)
    assert any(row["meta"]["hmac_verified"] is None for row in rows)


def test_timestamp_encodings(http: httpx.Client) -> None:
    rows = _rows(http)
    for row in rows:
        assert isinstance(row["created_at"], int)
        assert isinstance(row["last_activity_at"], int)
        assert row["timestamp"] == row["last_activity_at"]
        assert isinstance(row["updated_at"], float)
        for name in SENTINELS:
            assert isinstance(row[name], int)
        if row["status"] == "snoozed":
            assert isinstance(row["snoozed_until"], str) and row["snoozed_until"].endswith("Z")
        else:
            assert row["snoozed_until"] is None
    for name in SENTINELS:
        assert any(row[name] == 0 for row in rows), f"{name} is 0 somewhere"
    assert any(row["first_reply_created_at"] > 0 for row in rows)


def test_embedded_message_is_the_latest_and_has_the_wide_shape(http: httpx.Client) -> None:
    rows = [row for row in _rows(http) if row["messages"]][:40]
    assert any(not row["messages"] for row in _rows(http)), "some conversations have no message"
    for row in rows:
        embedded = row["messages"][0]
        assert set(embedded) >= EMBEDDED_KEYS
        assert isinstance(embedded["updated_at"], str)
        assert isinstance(embedded["message_type"], int)
        history = get_json(http, f"/conversations/{row['id']}/messages", after=0, before=2**40)[
            "payload"
        ]
        if len(history) < 1000:
            assert embedded["created_at"] == max(m["created_at"] for m in history)
        assert embedded["conversation_id"] == row["id"]
        assert set(embedded["conversation"]) == {
            "assignee_id",
            "unread_count",
            "last_activity_at",
            "contact_inbox",
        }


def test_last_non_activity_message(http: httpx.Client) -> None:
    for row in _rows(http)[:60]:
        last = row["last_non_activity_message"]
        if last is not None:
            assert last["message_type"] != 2


def test_unread_count_is_capped(http: httpx.Client) -> None:
    assert all(0 <= row["unread_count"] <= 10 for row in _rows(http))


def test_endpoint_message_shape(http: httpx.Client) -> None:
    messages = get_json(http, "/conversations/3/messages", after=0, before=2**40)["payload"]
    for message in messages:
        assert ENDPOINT_KEYS <= set(message) <= ENDPOINT_KEYS | {"sender", "attachments"}
        if message["message_type"] == 2:
            assert "sender" not in message
        if "attachments" in message:
            assert message["attachments"]


def test_four_sender_shapes_and_colliding_ids(http: httpx.Client, emulator: Any) -> None:
    shapes: dict[str, set[str]] = {}
    ids: dict[str, set[int]] = {}
    for display_id in range(1, 120):
        for message in get_json(
            http, f"/conversations/{display_id}/messages", after=0, before=2**40
        )["payload"]:
            sender = message.get("sender")
            if sender:
                shapes.setdefault(sender["type"], set()).update(sender)
                ids.setdefault(sender["type"], set()).add(sender["id"])
    assert set(shapes) == {"contact", "user", "agent_bot", "captain_assistant"}
    assert shapes["user"] == {
        "id",
        "name",
        "available_name",
        "avatar_url",
        "type",
        "availability_status",
        "thumbnail",
    }
    assert shapes["agent_bot"] == {"id", "name", "avatar_url", "type"}
    assert (
        "description" in shapes["captain_assistant"] and "created_at" in shapes["captain_assistant"]
    )
    assert {"blocked", "identifier", "phone_number"} <= shapes["contact"]
    assert ids["contact"] & ids["user"], "contact and user ids share a range"
    assert ids["user"] & ids["agent_bot"], "user and bot ids share a range"


def test_messages_meta_uses_iso_timestamps(http: httpx.Client) -> None:
    for row in _rows(http)[:30]:
        meta = get_json(http, f"/conversations/{row['id']}/messages")["meta"]
        assert set(meta) >= {
            "labels",
            "additional_attributes",
            "contact",
            "agent_last_seen_at",
            "assignee_last_seen_at",
        }
        assert meta["contact"]["type"] == "contact"
        seen = meta["agent_last_seen_at"]
        assert (seen is None) == (row["agent_last_seen_at"] == 0)
        if seen is not None:
            assert isinstance(seen, str) and seen.endswith("Z")
        assert meta["labels"] == row["labels"]
