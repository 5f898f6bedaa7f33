"""The declared schema: column contract, dtypes, empty frames, docs kept in step."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from voxys_frames.tables.schema import MESSAGE_TYPES, TABLES, conform, empty_frame

DOCS = Path(__file__).resolve().parents[2] / "docs" / "tables.md"

CONVERSATION_CONTRACT = (
    "account_id, id, uuid, status, priority, inbox_id, contact_id, assignee_id, assignee_type,"
    " team_id, channel, labels, created_at, updated_at, last_activity_at, first_reply_created_at,"
    " waiting_since, agent_last_seen_at, assignee_last_seen_at, contact_last_seen_at,"
    " snoozed_until, unread_count, muted, can_reply, sla_policy_id, custom_attributes,"
    " additional_attributes"
)
MESSAGE_CONTRACT = (
    "account_id, id, conversation_id, message_type, content_type, content, private, status,"
    " created_at, sender_type, sender_id, source_id, content_attributes"
)


@pytest.mark.parametrize(
    ("name", "contract"),
    [("conversations", CONVERSATION_CONTRACT), ("messages", MESSAGE_CONTRACT)],
)
def test_column_contract(name: str, contract: str) -> None:
    columns = TABLES[name].names
    for column in contract.split(", "):
        assert column.strip() in columns


def test_timestamps_are_microseconds_utc() -> None:
    for table in TABLES.values():
        for column in table.columns:
            if isinstance(column.dtype, pl.Datetime):
                assert column.dtype == pl.Datetime("us", "UTC"), (table.name, column.name)


def test_labels_and_message_type_dtypes() -> None:
    assert TABLES["conversations"].schema["labels"] == pl.List(pl.String)
    assert TABLES["messages"].schema["message_type"] == pl.Enum(list(MESSAGE_TYPES))


def test_json_columns_are_text_and_extra_exists_except_inboxes() -> None:
    for table in TABLES.values():
        for name in table.json_columns:
            assert table.schema[name] == pl.String
        if table.name not in {"inboxes", "labels"}:
            assert "extra" in table.names, table.name


def test_inboxes_never_declare_secrets() -> None:
    names = set(TABLES["inboxes"].names)
    assert not names & {
        "hmac_token",
        "imap_password",
        "smtp_password",
        "auth_token",
        "provider_config",
    }


def test_keys_are_columns() -> None:
    for table in TABLES.values():
        assert set(table.key) <= set(table.names)


def test_empty_frames_have_the_full_schema() -> None:
    for name, table in TABLES.items():
        frame = empty_frame(name)
        assert frame.height == 0
        assert frame.schema == table.schema


def test_conform_adds_missing_columns_as_typed_nulls() -> None:
    frame = conform(pl.DataFrame({"id": [1]}), "conversations")
    assert frame.schema == TABLES["conversations"].schema
    assert frame["created_at"].to_list() == [None]


def _documented() -> dict[str, dict[str, str]]:
    """``{table: {column: dtype}}`` from the tables of docs/tables.md."""
    found: dict[str, dict[str, str]] = {}
    current = None
    for line in DOCS.read_text().splitlines():
        heading = re.match(r"^## `(\w+)`", line)
        if heading:
            current = heading.group(1)
            found[current] = {}
            continue
        row = re.match(r"^\| `(\w+)` \| `([^`]+)` \|", line)
        if row and current:
            found[current][row.group(1)] = row.group(2)
    return found


def test_docs_list_every_table_and_column_with_its_dtype() -> None:
    documented = _documented()
    assert list(documented) == list(TABLES)
    for name, table in TABLES.items():
        assert documented[name] == {c.name: str(c.dtype) for c in table.columns}, name
