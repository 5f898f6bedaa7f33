"""Parquet snapshots: atomic writes with a manifest, loading, listing, diffing, scanning.

Examples
--------
>>> import tempfile
>>> from voxys_frames.tables.frames import Frames
>>> root = tempfile.mkdtemp()
>>> path = write_snapshot(Frames(), root, base_url="https://connect.voxys.ai", account_id=1)
>>> latest_snapshot(root) == path, read_manifest(path)["source"]["host"]
(True, 'connect.voxys.ai')
"""

from voxys_frames.snapshot.diff import SnapshotDiff, diff
from voxys_frames.snapshot.layout import Layout
from voxys_frames.snapshot.manifest import FORMAT_VERSION, Manifest, read_manifest
from voxys_frames.snapshot.reader import (
    latest_snapshot,
    list_snapshots,
    load_snapshot,
    scan_layout,
    scan_snapshots,
    scan_table,
)
from voxys_frames.snapshot.writer import SnapshotWriter, write_snapshot
from voxys_frames.tables.frames import LazyFrames

__all__ = [
    "FORMAT_VERSION",
    "Layout",
    "LazyFrames",
    "Manifest",
    "SnapshotDiff",
    "SnapshotWriter",
    "diff",
    "latest_snapshot",
    "list_snapshots",
    "load_snapshot",
    "read_manifest",
    "scan_layout",
    "scan_snapshots",
    "scan_table",
    "write_snapshot",
]
