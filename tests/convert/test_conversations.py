"""Conversation list pages: every trap of the edge-case reference has a test here."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests import payloads as p
from voxys_frames.convert.pages import conversations_page
from voxys_frames.tables.schema import TABLES


@pytest.fixture(scope="module")
def page() -> object:
    return conversations_page(p.dump(p.tricky_conversations_body()), source="page 1")


def _row(page: object, table: str, **where: object) -> dict[str, object]:
    frame = page[table]  # type: ignore[index]
    for column, value in where.items():
        frame = frame.filter(pl.col(column) == value)
    assert frame.height == 1, (table, where, frame.height)
    return frame.row(0, named=True)


def test_every_table_has_its_declared_schema(page: object) -> None:
    for name, table in TABLES.items():
        assert page[name].schema == table.schema, name  # type: ignore[index]


def test_sentinel_zero_becomes_null_but_real_times_stay(page: object) -> None:
    first = _row(page, "conversations", id=1)
    assert first["waiting_since"] is None  # 0 on the wire
    assert first["assignee_last_seen_at"] is None
    assert first["contact_last_seen_at"] is None
    assert first["first_reply_created_at"] == datetime.fromtimestamp(p.T0 + 30, UTC)
    assert first["agent_last_seen_at"] == datetime.fromtimestamp(p.T0 + 5, UTC)
    assert _row(page, "conversations", id=3)["waiting_since"] == datetime.fromtimestamp(
        p.T0 + 1, UTC
    )


def test_float_updated_at_to_the_microsecond(page: object) -> None:
    updated = _row(page, "conversations", id=1)["updated_at"]
    assert updated == datetime.fromtimestamp(p.T0, UTC).replace(microsecond=123457)


def test_iso_snoozed_until(page: object) -> None:
    assert _row(page, "conversations", id=2)["snoozed_until"] == datetime(2025, 3, 2, 8, tzinfo=UTC)
    assert _row(page, "conversations", id=1)["snoozed_until"] is None


def test_foreign_keys_come_from_meta(page: object) -> None:
    first = _row(page, "conversations", id=1)
    assert (
        first["contact_id"],
        first["assignee_id"],
        first["assignee_type"],
        first["team_id"],
    ) == (
        7,
        7,
        "User",
        2,
    )
    assert first["channel"] == "Channel::WebWidget"
    bot = _row(page, "conversations", id=2)
    assert (bot["assignee_id"], bot["assignee_type"]) == (7, "AgentBot")
    unassigned = _row(page, "conversations", id=3)
    assert (unassigned["assignee_id"], unassigned["assignee_type"], unassigned["team_id"]) == (
        None,
        None,
        None,
    )


def test_assignee_who_left_is_taken_from_the_embedded_message(page: object) -> None:
    row = _row(page, "conversations", id=8)
    assert (row["assignee_id"], row["assignee_type"]) == (77, "User")


def test_applied_sla_absent_null_and_empty_all_mean_none(page: object) -> None:
    for conversation_id in (1, 3, 4):  # absent, null, {}
        row = _row(page, "conversations", id=conversation_id)
        assert (row["applied_sla"], row["applied_sla_id"], row["sla_status"]) == (None, None, None)
    with_sla = _row(page, "conversations", id=2)
    assert (with_sla["applied_sla_id"], with_sla["sla_status"]) == (30, "missed")
    assert orjson.loads(with_sla["applied_sla"]) == p.applied_sla(30)


def test_sla_events_become_rows_with_json_meta(page: object) -> None:
    events = page["sla_events"].sort("id")  # type: ignore[index]
    assert events["id"].to_list() == [40, 41]
    assert events["conversation_id"].to_list() == [2, 2]
    assert events["event_type"].to_list() == ["frt", "rt"]
    assert [orjson.loads(m) for m in events["meta"]] == [{"n": p.BIG}, {}]


def test_custom_attributes_round_trip_exactly(page: object) -> None:
    first = orjson.loads(_row(page, "conversations", id=1)["custom_attributes"])
    second = orjson.loads(_row(page, "conversations", id=2)["custom_attributes"])
    assert first == {"plan": "gold", "seats": p.BIG, "ids": [p.BIG_53], "mixed": 5}
    assert first["ids"][0] == 2**53 + 1  # would be 2**53 through a float
    assert second == {"mixed": ["a", 1], "plan": 3}  # same keys, other types


def test_json_text_is_canonical(page: object) -> None:
    text = _row(page, "conversations", id=1)["custom_attributes"]
    assert text == orjson.dumps(orjson.loads(text), option=orjson.OPT_SORT_KEYS).decode()
    assert list(orjson.loads(text)) == sorted(orjson.loads(text))


def test_unknown_keys_of_conversation_and_meta_go_to_extra(page: object) -> None:
    extra = orjson.loads(_row(page, "conversations", id=4)["extra"])
    assert extra == {"fork_flag": True, "meta": {"fork_meta": {"level": 2}}}
    assert _row(page, "conversations", id=1)["extra"] is None


def test_labels_are_a_list_and_a_table(page: object) -> None:
    assert _row(page, "conversations", id=1)["labels"] == ["vip", "billing"]
    assert _row(page, "conversations", id=3)["labels"] == []
    expected = pl.DataFrame(
        {"account_id": [1, 1], "conversation_id": [1, 1], "label": ["vip", "billing"]}
    )
    assert_frame_equal(page["labels"], expected, check_row_order=False)  # type: ignore[index]


def test_embedded_messages_are_rows_with_their_shape(page: object) -> None:
    messages = page["messages"]  # type: ignore[index]
    assert sorted(messages["id"]) == [11, 12, 13, 14, 15, 16, 17, 18]
    assert set(messages["source_shape"]) == {"list_embedded"}
    assert _row(page, "conversations", id=5)["last_non_activity_message_id"] == 14
    assert _row(page, "conversations", id=4)["last_message_id"] is None


def test_message_type_ints_become_labels(page: object) -> None:
    types = dict(zip(page["messages"]["id"], page["messages"]["message_type"], strict=True))  # type: ignore[index]
    assert (types[11], types[12], types[16], types[13]) == (
        "incoming",
        "outgoing",
        "activity",
        "template",
    )


def test_four_sender_shapes_with_colliding_ids(page: object) -> None:
    senders = {
        row["id"]: (row["sender_type"], row["sender_id"], row["sender_name"])
        for row in page["messages"].iter_rows(named=True)  # type: ignore[index]
    }
    assert senders[11] == ("Contact", 7, p.UNICODE_TEXT)
    assert senders[12] == ("AgentBot", 7, "Bot 7")
    assert senders[13] == ("Captain::Assistant", 7, "Captain 7")
    agents = page["agents"]  # type: ignore[index]
    assert sorted(zip(agents["type"], agents["id"], strict=True)) == [
        ("AgentBot", 7),
        ("Captain::Assistant", 7),
        ("User", 7),
    ]
    assert 7 in page["contacts"]["id"].to_list()  # type: ignore[index]
    captain = _row(page, "agents", type="Captain::Assistant")
    assert captain["created_at"] == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)  # ISO here


def test_activity_message_and_deleted_sender_have_no_sender(page: object) -> None:
    activity = _row(page, "messages", id=16)
    deleted = _row(page, "messages", id=15)
    for row in (activity, deleted):
        assert (row["sender_type"], row["sender_id"], row["sender"]) == (None, None, None)
    assert deleted["deleted"] is True
    assert activity["deleted"] is False


def test_attachments_skip_null_elements_and_keep_types(page: object) -> None:
    attachments = page["attachments"].sort("id")  # type: ignore[index]
    assert attachments["id"].to_list() == [50, 51]
    assert attachments["message_id"].to_list() == [13, 13]
    assert attachments["conversation_id"].to_list() == [3, 3]
    assert attachments["coordinates_lat"].to_list() == [None, 0.0]
    assert _row(page, "messages", id=13)["attachment_count"] == 2


def test_submitted_values_array_and_object_both_kept(page: object) -> None:
    csat = orjson.loads(_row(page, "messages", id=17)["content_attributes"])
    select = orjson.loads(_row(page, "messages", id=18)["content_attributes"])
    assert csat["submitted_values"]["csat_survey_response"]["rating"] == 5
    assert select["submitted_values"] == [{"name": "a", "title": "A", "value": 1}]


def test_text_survives_unicode_escapes_and_size(page: object) -> None:
    assert _row(page, "messages", id=16)["content"] == p.SCRIPT_TEXT  # sent as \u003c...
    assert _row(page, "messages", id=17)["content"] == p.LONG_TEXT
    assert len(_row(page, "messages", id=17)["content"]) == 100_000


def test_unknown_message_keys_go_to_extra(page: object) -> None:
    assert orjson.loads(_row(page, "messages", id=16)["extra"]) == {"client_message_id": "c-16"}


def test_page_meta_counts_and_fork_counters(page: object) -> None:
    row = page["pages"].row(0, named=True)  # type: ignore[index]
    assert (row["source"], row["endpoint"], row["rows"], row["all_count"]) == (
        "page 1",
        "conversations",
        8,
        8,
    )
    assert orjson.loads(row["meta"]) == {"waiting_count": 3}
    assert page.meta["waiting_count"] == 3  # type: ignore[attr-defined]


def test_parsed_and_bytes_bodies_give_the_same_frames() -> None:
    body = p.tricky_conversations_body()
    from_bytes = conversations_page(p.dump(body), source="p")
    from_parsed = conversations_page(body, source="p")
    for name in TABLES:
        assert_frame_equal(from_bytes[name], from_parsed[name])


def test_empty_page_gives_empty_frames_with_the_full_schema() -> None:
    page = conversations_page(p.conversations_body([]), source="page 9")
    for name, table in TABLES.items():
        assert page[name].schema == table.schema
    assert page["conversations"].height == 0
    assert page["pages"]["rows"].to_list() == [0]


def test_all_null_column_keeps_its_dtype() -> None:
    page = conversations_page(p.conversations_body([p.conversation(1), p.conversation(2)]))
    assert page["conversations"]["snoozed_until"].null_count() == 2
    assert page["conversations"].schema["snoozed_until"] == pl.Datetime("us", "UTC")
    assert page["conversations"].schema["priority"] == pl.String


def test_account_id_fills_rows_without_one() -> None:
    page = conversations_page(
        p.conversations_body([p.conversation(1, account_id=p.ABSENT)]), account_id=5
    )
    assert page["conversations"]["account_id"].to_list() == [5]
