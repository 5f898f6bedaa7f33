"""The writer bounds memory by bytes as well as rows: long texts make small parts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from voxys_frames.convert.builder import TableBuffers
from voxys_frames.snapshot import SnapshotWriter, load_snapshot, read_manifest
from voxys_frames.tables.schema import conform


def _messages(ids: range) -> pl.DataFrame:
    return conform(
        pl.DataFrame(
            {
                "account_id": [1] * len(ids),
                "id": list(ids),
                "conversation_id": [i % 7 + 1 for i in ids],
                "content": [f"{i} " + "long text " * 200 for i in ids],
            }
        ),
        "messages",
    )


def test_parts_are_cut_by_bytes_and_duplicates_merge_across_them(tmp_path: Path) -> None:
    with SnapshotWriter(tmp_path, account_id=1, part_bytes=200_000) as writer:
        for start in range(0, 600, 50):
            writer.add({"messages": _messages(range(start, start + 50))})
        writer.add({"messages": _messages(range(0, 300, 3))})  # read again
        path = writer.commit()
    files = read_manifest(path)["tables"]["messages"]["files"]
    assert len(files) > 5  # 600 rows of ~2 kB each, 200 kB a part
    messages = load_snapshot(path).messages
    assert messages.height == 600
    assert messages["id"].n_unique() == 600
    assert read_manifest(path)["completeness"]["duplicates_removed"]["messages"] == 100


def test_rows_alone_still_bound_parts(tmp_path: Path) -> None:
    with SnapshotWriter(tmp_path, account_id=1, part_rows=100) as writer:
        for start in (0, 100, 200):
            writer.add({"messages": _messages(range(start, start + 100))})
        path = writer.commit()
    assert len(read_manifest(path)["tables"]["messages"]["files"]) >= 2


def test_a_part_written_from_many_buffered_chunks_keeps_whole_row_groups(tmp_path: Path) -> None:
    """Buffered pages are written without a copy into one chunk, and the part's row
    groups still follow ``row_group_size``, not the pages."""
    buffers = TableBuffers(merge_every=1_000)
    for start in range(0, 300, 30):
        buffers.add({"messages": _messages(range(start, start + 30))})
    assert buffers.take("messages", rechunk=False).n_chunks() == 10
    with SnapshotWriter(tmp_path, account_id=1, row_group_size=100) as writer:
        for start in range(0, 300, 30):
            writer.add({"messages": _messages(range(start, start + 30))})
        path = writer.commit()
    (file,) = read_manifest(path)["tables"]["messages"]["files"]
    metadata = pq.ParquetFile(path / file).metadata
    rows = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert rows == [100, 100, 100]
    assert load_snapshot(path).messages["id"].to_list() == list(range(300))
