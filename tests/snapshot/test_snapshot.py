"""Snapshots: atomic writes, manifest, load (eager and lazy), list, latest, scan, diff."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests import payloads as p
from voxys_frames import __version__
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.convert.pages import conversations_page, messages_page
from voxys_frames.exceptions import SnapshotError, SnapshotNotFoundError
from voxys_frames.snapshot import (
    SnapshotWriter,
    diff,
    latest_snapshot,
    list_snapshots,
    load_snapshot,
    read_manifest,
    scan_snapshots,
    write_snapshot,
)
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import TABLES


def _frames() -> Frames:
    builder = FramesBuilder(account_id=1)
    builder.add_body("conversations", p.dump(p.tricky_conversations_body()), source="page 1")
    builder.add_body(
        "messages",
        p.messages_body([p.deleted_endpoint_message(), p.endpoint_message(19, 5)]),
        conversation_id=5,
    )
    return builder.finish()


def test_round_trip_every_table(tmp_path: Path) -> None:
    frames = _frames()
    path = write_snapshot(frames, tmp_path, base_url="https://connect.voxys.ai", account_id=1)
    loaded = load_snapshot(path)
    for name in TABLES:
        assert_frame_equal(loaded[name], frames[name], check_row_order=False)
    lazy = load_snapshot(path, lazy=True)
    assert_frame_equal(lazy["messages"].collect(), frames["messages"], check_row_order=False)


def test_manifest_fields(tmp_path: Path) -> None:
    frames = _frames()
    path = write_snapshot(
        frames,
        tmp_path,
        base_url="https://bob:pw@connect.voxys.ai:8443/api?api_access_token=SECRET",
        account_id=1,
        crawl={"status": "all", "sort_by": "created_at_asc"},
    )
    manifest = read_manifest(path)
    assert manifest["format_version"] == 1
    assert manifest["tool"]["version"] == __version__
    assert manifest["source"] == {"host": "connect.voxys.ai:8443", "account_id": 1}
    assert manifest["crawl"]["sort_by"] == "created_at_asc"
    assert manifest["completeness"]["conversations_found"] == 8
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    text = (path / "manifest.json").read_text()
    assert "SECRET" not in text and "bob" not in text and "pw@" not in text
    for name, entry in manifest["tables"].items():
        assert entry["rows"] == frames[name].height
        assert entry["schema"] == {c: str(t) for c, t in TABLES[name].schema.items()}
        for file in entry["files"]:
            assert (path / file).is_file()
            assert pl.read_parquet_schema(path / file) == dict(TABLES[name].schema)


def test_parquet_is_zstd(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = write_snapshot(_frames(), tmp_path, account_id=1)
    file = path / read_manifest(path)["tables"]["messages"]["files"][0]
    assert pq.ParquetFile(file).metadata.row_group(0).column(0).compression == "ZSTD"


def test_failed_write_leaves_nothing_visible(tmp_path: Path) -> None:
    def crash() -> None:
        with SnapshotWriter(tmp_path, account_id=1) as writer:
            writer.add(_frames())
            raise RuntimeError("crash")

    with pytest.raises(RuntimeError, match="crash"):
        crash()
    assert list(tmp_path.iterdir()) == []
    assert list_snapshots(tmp_path) == []


def test_unfinished_snapshot_is_hidden_until_commit(tmp_path: Path) -> None:
    with SnapshotWriter(tmp_path, account_id=1) as writer:
        writer.add(_frames())
        assert list_snapshots(tmp_path) == []
        assert all(child.name.startswith(".tmp-") for child in tmp_path.iterdir())
        path = writer.commit()
    assert list_snapshots(tmp_path) == [path]
    with pytest.raises(SnapshotError):
        writer.add(_frames())


def test_streaming_parts_merge_duplicates_at_commit(tmp_path: Path) -> None:
    with SnapshotWriter(tmp_path, account_id=1, part_rows=1) as writer:
        for _ in range(3):  # the same page three times, each written as its own part
            writer.add(conversations_page(p.tricky_conversations_body(), source="page"))
        writer.add(messages_page(p.messages_body([p.deleted_endpoint_message()]), account_id=1))
        path = writer.commit()
    loaded = load_snapshot(path)
    assert loaded["conversations"].height == 8
    assert loaded["messages"]["id"].n_unique() == loaded["messages"].height
    deleted = loaded["messages"].filter(pl.col("id") == 15).row(0, named=True)
    assert deleted["source_shape"] == "messages_endpoint"
    assert deleted["updated_at"] is not None  # filled from the embedded copy
    assert loaded["labels"].height == 2
    assert read_manifest(path)["completeness"]["duplicates_removed"]["conversations"] == 16


def test_list_latest_and_names_sort_by_time(tmp_path: Path) -> None:
    times = [datetime(2025, 1, d, tzinfo=UTC) for d in (3, 1, 2)]
    paths = [write_snapshot(Frames(), tmp_path, now=t) for t in times]
    (tmp_path / "not-a-snapshot").mkdir()
    assert list_snapshots(tmp_path) == [paths[1], paths[2], paths[0]]
    assert latest_snapshot(tmp_path) == paths[0]
    same_time = write_snapshot(Frames(), tmp_path, now=times[0])
    assert same_time != paths[0]


def test_missing_snapshot_errors(tmp_path: Path) -> None:
    with pytest.raises(SnapshotNotFoundError):
        load_snapshot(tmp_path / "nope")
    with pytest.raises(SnapshotNotFoundError):
        latest_snapshot(tmp_path)
    (tmp_path / "manifest.json").write_text('{"format": "other"}')
    with pytest.raises(SnapshotError, match="not a voxys-frames snapshot"):
        read_manifest(tmp_path)


def test_scan_many_snapshots_with_a_snapshot_column(tmp_path: Path) -> None:
    first = write_snapshot(_frames(), tmp_path, now=datetime(2025, 1, 1, tzinfo=UTC))
    second = write_snapshot(_frames(), tmp_path, now=datetime(2025, 1, 2, tzinfo=UTC))
    scanned = scan_snapshots(tmp_path, "conversations").collect()
    assert scanned.columns[0] == "snapshot"
    counts = dict(scanned.group_by("snapshot").len().rows())
    assert counts == {first.name: 8, second.name: 8}


def test_diff_new_changed_vanished_and_new_messages(tmp_path: Path) -> None:
    def frames(conversations: list[dict[str, object]], message_ids: list[int]) -> Frames:
        builder = FramesBuilder(account_id=1)
        builder.add_body("conversations", p.conversations_body(conversations))
        builder.add_body(
            "messages",
            p.messages_body([p.endpoint_message(i, 1) for i in message_ids]),
            conversation_id=1,
        )
        return builder.finish()

    old = write_snapshot(
        frames([p.conversation(1), p.conversation(2), p.conversation(3)], [1, 2]), tmp_path
    )
    new = write_snapshot(
        frames(
            [
                p.conversation(1, unread_count=5, can_reply=False),  # volatile only
                p.conversation(2, status="resolved", labels=["x"]),
                p.conversation(4),
            ],
            [1, 2, 3],
        ),
        tmp_path,
    )
    result = diff(old, new)
    assert result.new_conversations["id"].to_list() == [4]
    assert result.vanished_conversations["id"].to_list() == [3]
    assert result.changed_conversations["id"].to_list() == [2]
    assert sorted(result.changed_conversations["changed_columns"][0]) == ["labels", "status"]
    assert result.new_messages["id"].to_list() == [3]
    assert result.summary()["new_messages"] == 1


def test_manifest_is_json_with_sorted_keys(tmp_path: Path) -> None:
    path = write_snapshot(Frames(), tmp_path)
    raw = (path / "manifest.json").read_bytes()
    assert list(orjson.loads(raw)) == sorted(orjson.loads(raw))
