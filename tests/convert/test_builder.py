"""Accumulating pages: one row per key, the right copy winning, labels derived at the end."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from polars.testing import assert_frame_equal

from tests import payloads as p
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.tables.dedupe import deduplicate
from voxys_frames.tables.schema import TABLES, conform


def test_conversation_seen_twice_keeps_the_latest_update() -> None:
    builder = FramesBuilder()
    newer = p.conversation(1, status="resolved", labels=["b"], updated_at=p.T0 + 99.5)
    older = p.conversation(1, status="open", labels=["a"], updated_at=p.T0 + 1.0)
    builder.add_body("conversations", p.conversations_body([newer]), source="page 1")
    builder.add_body("conversations", p.conversations_body([older]), source="page 2")
    frames = builder.finish()
    assert frames["conversations"]["status"].to_list() == ["resolved"]
    assert frames["labels"]["label"].to_list() == ["b"]  # from the winning copy only
    assert frames["pages"].height == 2  # pages are never merged
    assert builder.duplicates_removed["conversations"] == 1


def test_contacts_prefer_the_conversation_meta_and_fill_gaps_from_senders() -> None:
    sender = p.contact_sender(7, name="From sender", email="s@example.com")
    latest = p.embedded_message(11, 1, sender=sender)
    conversation = p.conversation(1, contact_id=7, latest=latest)
    conversation["meta"]["sender"]["name"] = "From meta"
    builder = FramesBuilder()
    builder.add_body("conversations", p.conversations_body([conversation]))
    contact = builder.finish()["contacts"].row(0, named=True)
    assert contact["name"] == "From meta"
    assert contact["email"] == "s@example.com"  # meta had null
    assert contact["created_at"] == datetime.fromtimestamp(p.T0 - 1000, UTC)
    assert contact["source_shape"] == "conversation_meta"


def test_agents_are_keyed_by_type_and_id() -> None:
    builder = FramesBuilder(account_id=1)
    builder.add_body("agents", p.agents_body())
    latest = p.embedded_message(11, 1, sender=p.bot_sender(7))
    builder.add_body("conversations", p.conversations_body([p.conversation(1, latest=latest)]))
    agents = builder.finish()["agents"]
    assert agents.select("type", "id").rows() == [("AgentBot", 7), ("User", 7), ("User", 8)]
    user = agents.filter(pl.col("type") == "User", pl.col("id") == 7).row(0, named=True)
    assert user["source_shape"] == "agents_endpoint"


def test_finish_without_input_gives_every_empty_table() -> None:
    frames = FramesBuilder().finish()
    for name, table in TABLES.items():
        assert frames[name].schema == table.schema
        assert frames[name].height == 0


def test_many_small_pages_are_merged_and_kept_in_key_order() -> None:
    builder = FramesBuilder(account_id=1)
    for page in range(100, 0, -1):
        builder.add_body(
            "messages", p.messages_body([p.endpoint_message(page, 1)]), conversation_id=1
        )
    messages = builder.finish()["messages"]
    assert messages["id"].to_list() == list(range(1, 101))


def test_deduplicate_is_the_same_lazy_and_eager() -> None:
    frame = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 1],
                "id": [2, 1, 2],
                "status": ["a", "b", "c"],
                "updated_at": [
                    datetime(2025, 1, 2, tzinfo=UTC),
                    datetime(2025, 1, 1, tzinfo=UTC),
                    datetime(2025, 1, 1, tzinfo=UTC),
                ],
            }
        ),
        "conversations",
    )
    eager = deduplicate(frame, "conversations")
    assert eager["status"].to_list() == ["b", "a"]
    assert_frame_equal(deduplicate(frame.lazy(), "conversations").collect(), eager)
