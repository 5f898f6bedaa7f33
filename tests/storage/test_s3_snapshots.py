"""Snapshots on object storage: a real moto S3 server on 127.0.0.1, settings from the environment."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests import payloads as p
from tests.conftest import sample_frames
from tests.storage.conftest import SECRET_KEY, object_keys
from voxys_frames.convert.pages import conversations_page
from voxys_frames.exceptions import ConfigurationError, SnapshotError, SnapshotNotFoundError
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
from voxys_frames.snapshot.storage import Storage
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import TABLES

pytestmark = pytest.mark.objectstore


def test_round_trip_every_table_by_url(bucket: str, s3_client: object) -> None:
    frames = sample_frames()
    root = f"s3://{bucket}/snapshots"
    path = write_snapshot(frames, root, base_url="https://connect.voxys.ai", account_id=1)
    assert isinstance(path, str) and path.startswith(f"{root}/")
    loaded = load_snapshot(path)
    for name in TABLES:
        assert_frame_equal(loaded[name], frames[name], check_row_order=False)
    lazy = load_snapshot(path, lazy=True)
    assert_frame_equal(lazy.messages.collect(), frames["messages"], check_row_order=False)
    manifest = read_manifest(path)
    keys = object_keys(s3_client, bucket)
    prefix = path.removeprefix(f"s3://{bucket}/")
    for entry in manifest["tables"].values():
        assert all(f"{prefix}/{file}" in keys for file in entry["files"])
    assert all(key.startswith(f"{prefix}/") for key in keys), "no staging objects left"
    assert list_snapshots(root) == [path]
    assert latest_snapshot(root) == path


@pytest.mark.slow
def test_streamed_parts_and_duplicates_merge_on_object_storage(bucket: str) -> None:
    root = f"s3://{bucket}/crawl"
    with SnapshotWriter(root, account_id=1, part_rows=1) as writer:
        for _ in range(3):  # the same page three times, each its own part
            writer.add(conversations_page(p.tricky_conversations_body(), source="page"))
        path = writer.commit()
    loaded = load_snapshot(path)
    assert loaded.conversations.height == 8
    assert loaded.conversations["id"].n_unique() == 8
    assert read_manifest(path)["completeness"]["duplicates_removed"]["conversations"] == 16


def test_unfinished_snapshot_is_invisible_and_a_failure_leaves_no_object(
    bucket: str, s3_client: object
) -> None:
    root = f"s3://{bucket}/snapshots"

    def crash_after_parts() -> None:
        with SnapshotWriter(root, part_rows=1) as writer:
            writer.add(sample_frames())
            staged = object_keys(s3_client, bucket)
            assert staged and all(key.startswith("snapshots/.tmp-") for key in staged)
            assert list_snapshots(root) == []
            raise RuntimeError("crash")

    with pytest.raises(RuntimeError, match="crash"):
        crash_after_parts()
    assert object_keys(s3_client, bucket) == []


def test_failure_after_parts_are_placed_removes_them(
    bucket: str, s3_client: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = Storage.write_bytes

    def manifest_fails(self: Storage, relative: str, data: bytes) -> None:
        if relative.endswith("manifest.json"):
            raise OSError("connection reset while writing the manifest")
        real_write(self, relative, data)

    monkeypatch.setattr(Storage, "write_bytes", manifest_fails)
    with pytest.raises(OSError, match="connection reset"):
        write_snapshot(sample_frames(), f"s3://{bucket}/hive", account_id=1, layout="hive")
    assert object_keys(s3_client, bucket) == []


def test_parts_without_a_manifest_are_never_listed(bucket: str, s3_client: object) -> None:
    root = f"s3://{bucket}/snapshots"
    committed = write_snapshot(Frames(), root)
    orphan = "20990101T000000000000Z-abcdef"  # as a writer killed mid-placement leaves it
    s3_client.put_object(
        Bucket=bucket, Key=f"snapshots/{orphan}/messages/part-00000.parquet", Body=b"x"
    )  # type: ignore[attr-defined]
    assert list_snapshots(root) == [committed]
    with pytest.raises(SnapshotNotFoundError, match="no manifest"):
        load_snapshot(f"{root}/{orphan}")


def test_readers_never_see_a_half_written_snapshot(bucket: str) -> None:
    """A reader polling the root while snapshots are written only ever sees whole ones."""
    root = f"s3://{bucket}/busy"
    expected = sample_frames()
    rows = {name: expected[name].height for name in ("conversations", "messages", "labels")}
    done = threading.Event()
    errors: list[BaseException] = []

    def write_three() -> None:
        try:
            for _ in range(3):
                with SnapshotWriter(root, account_id=1, part_rows=2) as writer:
                    writer.add(expected)
                    writer.commit()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            done.set()

    writer_thread = threading.Thread(target=write_three)
    writer_thread.start()
    seen: set[str] = set()
    finished = False
    while not finished:
        finished = done.is_set()  # one more pass after the writer is done
        for path in list_snapshots(root):
            loaded = load_snapshot(path, tables=rows)
            assert {name: loaded[name].height for name in rows} == rows
            seen.add(str(path))
    writer_thread.join(timeout=60)
    assert not errors
    assert len(seen) == 3


def test_scan_and_diff_between_object_storage_snapshots(bucket: str) -> None:
    root = f"s3://{bucket}/snapshots"
    first = write_snapshot(Frames(), root, now=datetime(2025, 1, 1, tzinfo=UTC))
    second = write_snapshot(sample_frames(), root, now=datetime(2025, 1, 2, tzinfo=UTC))
    counts = dict(scan_snapshots(root, "conversations").group_by("snapshot").len().collect().rows())
    assert counts == {str(second).rsplit("/", 1)[1]: 8}
    assert diff(first, second).summary()["new_conversations"] == 8


def test_missing_bucket_is_a_clear_error_without_the_secret(s3_env: dict[str, str]) -> None:
    with pytest.raises(SnapshotError, match="bucket 'no-such-bucket'") as info:
        write_snapshot(Frames(), "s3://no-such-bucket/snapshots")
    assert SECRET_KEY not in str(info.value)
    with pytest.raises(SnapshotNotFoundError):
        load_snapshot("s3://no-such-bucket/snapshots/20250101T000000000000Z-abcdef")
    assert list_snapshots("s3://no-such-bucket/snapshots") == []


def test_settings_come_from_the_environment(
    bucket: str, s3_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_snapshot(Frames(), f"s3://{bucket}/env")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(ConfigurationError, match="AWS_SECRET_ACCESS_KEY is not"):
        load_snapshot(path)
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    assert load_snapshot(path, environ=s3_env).conversations.height == 0  # explicit settings
    storage = Storage.open(f"s3://{bucket}/env", environ=s3_env)
    assert SECRET_KEY not in repr(storage) and SECRET_KEY not in repr(storage.filesystem)


def test_lazy_read_pushes_the_filter_down(bucket: str) -> None:
    path = write_snapshot(sample_frames(), f"s3://{bucket}/lazy", account_id=1)
    lazy = load_snapshot(path, lazy=True)
    selected = lazy.conversations.filter(pl.col("id") == 5).select("id", "status").collect()
    assert selected["id"].to_list() == [5]
