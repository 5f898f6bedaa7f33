"""Completeness findings, worked out by hand, whole and part by part."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from voxys_frames.snapshot import SnapshotWriter, read_manifest
from voxys_frames.tables import completeness
from voxys_frames.tables.completeness import findings
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform


def _tables() -> dict[str, pl.DataFrame]:
    # conversations 1-4 show a last message; 1 and 2 had their history read (1 twice over,
    # in messages that will land in different parts), 3 only appears in a list page, 4 has
    # no message row at all, 5 has no message
    conversations = pl.DataFrame(
        {"account_id": [1] * 5, "id": [1, 2, 3, 4, 5], "last_message_id": [11, 21, 31, 41, None]}
    )
    messages = pl.DataFrame(
        {
            "account_id": [1] * 7,
            "id": [10, 11, 20, 21, 31, 12, 13],
            "conversation_id": [1, 1, 2, 2, 3, 1, 1],
            "source_shape": ["messages_endpoint"] * 4
            + ["list_embedded"]
            + ["messages_endpoint"] * 2,
        }
    )
    pages = pl.DataFrame({"endpoint": ["conversations"], "all_count": [6]})
    return {
        "conversations": conform(conversations, "conversations"),
        "messages": conform(messages, "messages"),
        "pages": conform(pages, "pages"),
    }


EXPECTED = {
    "conversations_reported": 6,
    "conversations_found": 5,
    "conversations_missing": 1,
    "conversations_with_messages_read": 2,
    "conversations_with_messages_unread": 2,
    "messages_by_source": {"list_embedded": 1, "messages_endpoint": 6},
}


def test_findings_of_whole_tables() -> None:
    found = findings(Frames(_tables()))
    assert {key: found[key] for key in EXPECTED} == EXPECTED


def test_findings_part_by_part_equal_the_whole() -> None:
    tables = _tables()
    messages = tables["messages"]
    parts = [messages.slice(0, 3).lazy(), messages.slice(3, 2).lazy(), messages.slice(5).lazy()]
    found = findings(Frames(tables), message_parts=parts)
    assert {key: found[key] for key in EXPECTED} == EXPECTED


def test_findings_part_by_part_equal_the_whole_when_results_are_compacted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Conversation ids made unique together every part (as with interleaved ids)."""
    monkeypatch.setattr(completeness, "COMPACT_ROWS", 0)
    tables = _tables()
    messages = tables["messages"]
    others = messages.filter(pl.col("conversation_id") != 2)
    parts = [
        messages.filter(pl.col("conversation_id") == 2).lazy(),  # 2 is read in this part only
        *(others.slice(i, 1).lazy() for i in range(others.height)),
    ]
    found = findings(Frames(tables), message_parts=parts)
    assert {key: found[key] for key in EXPECTED} == EXPECTED


def test_a_snapshot_of_many_message_parts_holds_the_same_findings(tmp_path: Path) -> None:
    tables = _tables()
    with SnapshotWriter(tmp_path, account_id=1, part_rows=2) as writer:
        for name, frame in tables.items():
            for row in range(frame.height):
                writer.add({name: frame.slice(row, 1)})
        path = writer.commit()
    manifest = read_manifest(path)
    assert len(manifest["tables"]["messages"]["files"]) > 1
    completeness = manifest["completeness"]
    assert {key: completeness[key] for key in EXPECTED} == EXPECTED
