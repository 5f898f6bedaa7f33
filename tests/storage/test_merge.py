"""Duplicates across many parts: merged bucket by bucket, the same result as merging at once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.snapshot import SnapshotWriter, load_snapshot, read_manifest
from voxys_frames.tables.dedupe import deduplicate
from voxys_frames.tables.schema import conform

START = datetime(2025, 1, 1, tzinfo=UTC)


def _pages(seed: int) -> list[dict[str, pl.DataFrame]]:
    """60 pages: conversations re-read with other update times, messages seen in both shapes."""
    rng = random.Random(seed)
    pages = []
    for _ in range(60):
        ids = rng.sample(range(1, 80), 6)
        conversations = pl.DataFrame(
            {
                "account_id": [1] * 6,
                "id": ids,
                "status": [rng.choice(["open", "resolved"]) for _ in ids],
                "updated_at": [START + timedelta(minutes=rng.randrange(500)) for _ in ids],
            }
        )
        message_ids = rng.sample(range(1, 300), 10)
        endpoint = rng.random() < 0.5
        messages = pl.DataFrame(
            {
                "account_id": [1] * 10,
                "id": message_ids,
                "conversation_id": [m % 80 + 1 for m in message_ids],
                "content": [f"m{m}" for m in message_ids],
                "source_shape": ["messages_endpoint" if endpoint else "list_embedded"] * 10,
                # only the embedded shape carries updated_at: the merge fills it in
                "updated_at": [None if endpoint else START for _ in message_ids],
            }
        )
        pages.append(
            {
                "conversations": conform(conversations, "conversations"),
                "messages": conform(messages, "messages"),
            }
        )
    return pages


@pytest.mark.parametrize("part_rows", [pytest.param(7, marks=pytest.mark.slow), 1000])
def test_bucketed_merge_equals_merging_everything_at_once(tmp_path: Path, part_rows: int) -> None:
    pages = _pages(seed=part_rows)
    with SnapshotWriter(tmp_path, account_id=1, part_rows=part_rows) as writer:
        for page in pages:
            writer.add(page)
        path = writer.commit()
    loaded = load_snapshot(path)
    manifest = read_manifest(path)
    removed = manifest["completeness"]["duplicates_removed"]
    for name in ("conversations", "messages"):
        everything = pl.concat([page[name] for page in pages])
        expected = deduplicate(everything, name)
        assert_frame_equal(loaded[name], expected, check_row_order=False)
        assert removed[name] == everything.height - expected.height > 0
    if part_rows == 7:  # many parts became several merged buckets
        assert len(manifest["tables"]["messages"]["files"]) > 1
    assert not list(tmp_path.rglob("bucket-*"))
