"""The messages endpoint, and one messages table for both message shapes."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import polars as pl
import pytest

from tests import payloads as p
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.convert.pages import messages_page
from voxys_frames.exceptions import SchemaError
from voxys_frames.tables.schema import TABLES


def _body() -> dict[str, object]:
    return p.messages_body(
        [
            p.endpoint_message(11, 1, sender=p.contact_sender(7)),
            p.endpoint_message(20, 1, sender=p.user_sender(7), message_type=1, private=True),
            p.endpoint_message(21, 1, message_type="activity"),  # a fork sending labels
            p.endpoint_message(22, 1, attachments=[p.attachment(60, 22), None]),
        ],
        assignee=p.user_sender(9),
    )


def test_endpoint_shape_is_filled_from_the_request() -> None:
    page = messages_page(p.dump(_body()), account_id=3, conversation_id=1, source="m1")
    messages = page["messages"].sort("id")
    assert messages.schema == TABLES["messages"].schema
    assert messages["account_id"].to_list() == [3, 3, 3, 3]
    assert messages["source_shape"].to_list() == ["messages_endpoint"] * 4
    assert messages["updated_at"].null_count() == 4  # not in this shape
    assert messages["message_type"].to_list() == ["incoming", "outgoing", "activity", "incoming"]
    assert messages["sender_type"].to_list() == ["Contact", "User", None, None]
    assert messages["private"].to_list() == [False, True, False, False]


def test_meta_contact_and_assignee_become_rows() -> None:
    page = messages_page(_body(), account_id=1, conversation_id=1)
    assert sorted(page["contacts"]["id"]) == [7, 101]
    assert set(zip(page["agents"]["type"], page["agents"]["id"], strict=True)) == {
        ("User", 7),
        ("User", 9),
    }
    meta = orjson.loads(page["pages"]["meta"][0])
    assert meta["agent_last_seen_at"] == "2025-03-01T09:20:00.000Z"
    assert "contact" not in meta


def test_conversation_id_mismatch_is_an_error() -> None:
    with pytest.raises(SchemaError, match=r"^m: payload\[0\]\.conversation_id: expected 2, got 1$"):
        messages_page(_body(), account_id=1, conversation_id=2, source="m")


def test_message_seen_in_both_shapes_is_one_row_with_the_union_of_fields() -> None:
    builder = FramesBuilder(account_id=1)
    latest = p.embedded_message(15, 5, sentiment={"label": "negative"}, sender=p.user_sender(7))
    builder.add_body("conversations", p.conversations_body([p.conversation(5, latest=latest)]))
    builder.add_body(
        "messages",
        p.messages_body([p.deleted_endpoint_message()]),
        conversation_id=5,
    )
    messages = builder.finish()["messages"]
    assert messages.height == 1
    row = messages.row(0, named=True)
    assert row["source_shape"] == "messages_endpoint"
    assert row["content"] == "This message was deleted"  # the endpoint copy wins
    assert row["deleted"] is True
    assert orjson.loads(row["sentiment"]) == {"label": "negative"}  # only the embedded copy has it
    assert row["updated_at"] == datetime(2025, 3, 1, 9, 20, tzinfo=UTC)
    assert builder.duplicates_removed["messages"] == 1


def test_both_shapes_have_the_same_columns_and_dtypes() -> None:
    endpoint = messages_page(p.messages_body([p.endpoint_message(1, 1)]), account_id=1)
    builder = FramesBuilder()
    builder.add_body(
        "conversations",
        p.conversations_body([p.conversation(1, latest=p.embedded_message(2, 1))]),
    )
    embedded = builder.finish()
    assert endpoint["messages"].schema == embedded["messages"].schema
    combined = pl.concat([endpoint["messages"], embedded["messages"]])
    assert combined["id"].to_list() == [1, 2]


def test_unknown_message_type_is_an_error() -> None:
    body = p.messages_body([p.endpoint_message(1, 1, message_type=7)])
    with pytest.raises(SchemaError, match=r"payload\[0\]\.message_type: expected 0-3 or"):
        messages_page(body, account_id=1, source="m")
