"""The hive layout: many accounts' snapshots under one root, one partitioned dataset per table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.conftest import sample_frames
from voxys_frames.exceptions import ConfigurationError, SnapshotNotFoundError
from voxys_frames.snapshot import (
    SnapshotWriter,
    latest_snapshot,
    list_snapshots,
    load_snapshot,
    scan_layout,
    write_snapshot,
)
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import TABLES

DAYS = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))


def _fill(root: str | Path) -> dict[tuple[int, str], int]:
    """Two accounts with two snapshots each; returns conversations per (account, snapshot)."""
    expected: dict[tuple[int, str], int] = {}
    for account in (1, 2):
        for day, frames in zip(DAYS, (Frames(), sample_frames(account)), strict=True):
            path = write_snapshot(frames, root, account_id=account, now=day, layout="hive")
            name = str(path).rsplit("snapshot=", 1)[1]
            expected[(account, name)] = frames["conversations"].height
    return expected


def _counts(frame: pl.LazyFrame | pl.DataFrame) -> dict[tuple[int, str], int]:
    grouped = frame.lazy().group_by("account", "snapshot").len().collect()
    return {(int(a), str(s)): n for a, s, n in grouped.iter_rows()}


def test_hive_paths_list_and_latest(tmp_path: Path) -> None:
    expected = _fill(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*TABLES, "_snapshots"])
    found = list_snapshots(tmp_path)
    assert [p.name.removeprefix("snapshot=") for p in found] == sorted(s for _, s in expected)
    second_account = list_snapshots(tmp_path, account_id=2)
    assert second_account == [p for p in found if p.parent.name == "account=2"]
    assert len(second_account) == 2
    assert latest_snapshot(tmp_path, account_id=2) == second_account[-1]
    with pytest.raises(SnapshotNotFoundError, match="of account 3"):
        latest_snapshot(tmp_path, account_id=3)


def test_a_hive_snapshot_loads_like_any_other(tmp_path: Path) -> None:
    frames = sample_frames()
    path = write_snapshot(frames, tmp_path, account_id=1, layout="hive")
    loaded = load_snapshot(path)
    for name in TABLES:
        assert_frame_equal(loaded[name], frames[name], check_row_order=False)
    parts = list((tmp_path / "messages").rglob("*.parquet"))
    assert [part.parent.relative_to(tmp_path / "messages").parts for part in parts] == [
        ("account=1", path.name)
    ]


def test_scan_layout_is_one_dataset_with_partition_columns(tmp_path: Path) -> None:
    expected = _fill(tmp_path)
    scanned = scan_layout(tmp_path, "conversations")
    assert scanned.collect_schema().names()[:2] == ["account", "snapshot"]
    assert _counts(scanned) == {k: v for k, v in expected.items() if v}
    latest = scan_layout(tmp_path, "conversations", latest=True).collect()
    assert sorted(set(latest["account"])) == [1, 2] and latest["snapshot"].n_unique() == 2
    assert latest.height == 16
    one = scan_layout(tmp_path, "messages", account_id=1).collect()
    assert set(one["account"]) == {1}


def test_engines_read_the_table_directories_as_they_are(tmp_path: Path) -> None:
    expected = _fill(tmp_path)
    ours = _counts(scan_layout(tmp_path, "conversations"))
    polars_hive = pl.scan_parquet(tmp_path / "conversations", hive_partitioning=True)
    assert _counts(polars_hive) == ours
    glob = f"{tmp_path}/conversations/*/*/*.parquet"
    rows = duckdb.sql(
        f"select account, snapshot, count(*) from read_parquet('{glob}', hive_partitioning = true) group by all"
    ).fetchall()
    assert {(int(a), str(s)): n for a, s, n in rows} == ours
    assert sum(expected.values()) == sum(ours.values())


def test_a_snapshot_being_written_stays_out_of_the_datasets(tmp_path: Path) -> None:
    _fill(tmp_path)
    before = _counts(scan_layout(tmp_path, "conversations"))
    with SnapshotWriter(tmp_path, account_id=3, layout="hive", part_rows=1) as writer:
        writer.add(sample_frames(3))
        assert _counts(scan_layout(tmp_path, "conversations")) == before
        assert (
            _counts(pl.scan_parquet(tmp_path / "conversations", hive_partitioning=True)) == before
        )
        path = writer.commit()
    after = _counts(scan_layout(tmp_path, "conversations"))
    assert after == {**before, (3, path.name.removeprefix("snapshot=")): 8}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_hive_needs_an_account_and_layouts_are_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="account_id must be an int"):
        write_snapshot(Frames(), tmp_path, layout="hive")
    with pytest.raises(ConfigurationError, match="unknown layout 'nested'"):
        write_snapshot(Frames(), tmp_path, account_id=1, layout="nested")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_flat_roots_filter_by_account(tmp_path: Path) -> None:
    first = write_snapshot(Frames(), tmp_path, account_id=1)
    second = write_snapshot(Frames(), tmp_path, account_id=2)
    assert list_snapshots(tmp_path, account_id=2) == [second]
    assert list_snapshots(tmp_path) == sorted([first, second])


@pytest.mark.objectstore
def test_hive_layout_on_object_storage(bucket: str) -> None:
    root = f"s3://{bucket}/agency"
    expected = _fill(root)
    ours = _counts(scan_layout(root, "conversations"))
    assert ours == {k: v for k, v in expected.items() if v}
    polars_hive = pl.scan_parquet(f"{root}/conversations/", hive_partitioning=True)
    assert _counts(polars_hive) == ours
    assert [str(p).rsplit("/", 2)[1] for p in list_snapshots(root, account_id=1)] == [
        "account=1"
    ] * 2
