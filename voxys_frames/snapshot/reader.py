"""Read snapshots: one, the latest, the list of them, or many scanned together.

Every function takes a local path or an ``s3://bucket/prefix`` URL (settings from the
AWS environment variables, or ``environ``), and roots in either layout
(:mod:`voxys_frames.snapshot.layout`). Only committed snapshots (with a manifest) are
ever listed or scanned.

Examples
--------
>>> import tempfile
>>> from voxys_frames.tables.frames import Frames, LazyFrames
>>> from voxys_frames.snapshot.writer import write_snapshot
>>> root = tempfile.mkdtemp()
>>> path = write_snapshot(Frames(), root, account_id=1)
>>> [p.name for p in list_snapshots(root)] == [path.name]
True
>>> load_snapshot(path).conversations.height
0
>>> scan_snapshots(root, "messages").collect_schema().names()[:2]
['snapshot', 'account_id']
>>> hive = root + "/hive"
>>> for account in (1, 2):
...     _ = write_snapshot(Frames(), hive, account_id=account, layout="hive")
>>> scan_layout(hive, "messages").collect_schema().names()[:3]
['account', 'snapshot', 'account_id']
>>> [p.parent.name for p in list_snapshots(hive)]
['account=1', 'account=2']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal, overload

import polars as pl

from voxys_frames.exceptions import SnapshotNotFoundError
from voxys_frames.snapshot.layout import (
    ACCOUNT,
    SNAPSHOT,
    hive_snapshot_dirs,
    is_hive_root,
    snapshot_name_of,
)
from voxys_frames.snapshot.manifest import (
    MANIFEST,
    Manifest,
    is_snapshot_name,
    load_manifest,
)
from voxys_frames.snapshot.storage import Storage
from voxys_frames.tables.frames import Frames, LazyFrames
from voxys_frames.tables.schema import TABLES, conform, table

Environ = Mapping[str, str] | None


def scan_table(
    path: str | Path, name: str, manifest: Manifest | None = None, *, environ: Environ = None
) -> pl.LazyFrame:
    """One table of the snapshot at ``path`` as a LazyFrame with the declared schema."""
    snapshot = Storage.open(path, environ=environ)
    return _scan(snapshot, name, manifest or load_manifest(snapshot))


def _scan(snapshot: Storage, name: str, manifest: Manifest) -> pl.LazyFrame:
    declared = table(name).schema
    entry = manifest.get("tables", {}).get(name)
    if not entry or not entry.get("files"):
        return pl.LazyFrame(schema=declared)
    scan = pl.scan_parquet(
        [snapshot.uri(f) for f in entry["files"]],
        storage_options=snapshot.storage_options,
        hive_partitioning=False,
    )
    return conform(scan, name)


@overload
def load_snapshot(
    path: str | Path,
    *,
    lazy: Literal[False] = False,
    tables: Iterable[str] | None = None,
    environ: Environ = None,
) -> Frames: ...
@overload
def load_snapshot(
    path: str | Path,
    *,
    lazy: Literal[True],
    tables: Iterable[str] | None = None,
    environ: Environ = None,
) -> LazyFrames: ...
def load_snapshot(
    path: str | Path,
    *,
    lazy: bool = False,
    tables: Iterable[str] | None = None,
    environ: Environ = None,
) -> Frames | LazyFrames:
    """Load the snapshot at ``path``: eager :class:`Frames`, or with ``lazy`` LazyFrames.

    ``tables`` limits which tables are read (the others are empty, or absent when lazy).

    Examples
    --------
    >>> import tempfile
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from voxys_frames import Frames, write_snapshot
    >>> root = tempfile.mkdtemp()
    >>> def conversations(*ids):
    ...     return Frames({"conversations": pl.DataFrame({"account_id": [1] * len(ids), "id": list(ids)})})
    >>> first = write_snapshot(conversations(1), root, account_id=1, now=datetime(2026, 1, 1, tzinfo=UTC))
    >>> second = write_snapshot(conversations(1, 2), root, account_id=1, now=datetime(2026, 1, 2, tzinfo=UTC))
    >>> load_snapshot(second).conversations["id"].to_list()
    [1, 2]
    >>> load_snapshot(second, lazy=True).conversations.select(pl.len()).collect().item()
    2
    """
    snapshot = Storage.open(path, environ=environ)
    manifest = load_manifest(snapshot)
    names = list(tables) if tables is not None else list(TABLES)
    scans = {name: _scan(snapshot, name, manifest) for name in names}
    if lazy:
        return LazyFrames(scans, manifest=manifest)
    return Frames({name: scan.collect() for name, scan in scans.items()}, manifest=manifest)


@overload
def list_snapshots(
    root: Path, *, account_id: int | None = None, environ: Environ = None
) -> list[Path]: ...
@overload
def list_snapshots(
    root: str | Path, *, account_id: int | None = None, environ: Environ = None
) -> list[Path | str]: ...
def list_snapshots(
    root: str | Path, *, account_id: int | None = None, environ: Environ = None
) -> list[Path] | list[Path | str]:
    """The complete snapshots in ``root``, oldest first (names sort by creation time).

    Paths for a local root, URLs for object storage. ``account_id`` keeps one
    account's snapshots.

    Examples
    --------
    >>> import tempfile
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from voxys_frames import Frames, write_snapshot
    >>> root = tempfile.mkdtemp()
    >>> def conversations(*ids):
    ...     return Frames({"conversations": pl.DataFrame({"account_id": [1] * len(ids), "id": list(ids)})})
    >>> first = write_snapshot(conversations(1), root, account_id=1, now=datetime(2026, 1, 1, tzinfo=UTC))
    >>> second = write_snapshot(conversations(1, 2), root, account_id=1, now=datetime(2026, 1, 2, tzinfo=UTC))
    >>> list_snapshots(root) == [first, second]
    True
    """
    storage = Storage.open(root, environ=environ)
    found = _flat_snapshot_dirs(storage, account_id=account_id)
    if is_hive_root(storage):
        found += hive_snapshot_dirs(storage, account_id=account_id)
    found.sort(key=lambda d: (snapshot_name_of(d), d))
    return [storage.location(d) for d in found]


def _flat_snapshot_dirs(storage: Storage, *, account_id: int | None) -> list[str]:
    candidates = [d for d in storage.directories() if is_snapshot_name(d)]
    committed = storage.are_files([f"{d}/{MANIFEST}" for d in candidates])
    found = [d for d, ok in zip(candidates, committed, strict=True) if ok]
    if account_id is None:
        return found
    return [
        d
        for d in found
        if load_manifest(storage.child(d)).get("source", {}).get("account_id") == account_id
    ]


@overload
def latest_snapshot(
    root: Path, *, account_id: int | None = None, environ: Environ = None
) -> Path: ...
@overload
def latest_snapshot(
    root: str | Path, *, account_id: int | None = None, environ: Environ = None
) -> Path | str: ...
def latest_snapshot(
    root: str | Path, *, account_id: int | None = None, environ: Environ = None
) -> Path | str:
    """The newest snapshot in ``root`` (of ``account_id``); none raises SnapshotNotFoundError.

    Examples
    --------
    >>> import tempfile
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from voxys_frames import Frames, write_snapshot
    >>> root = tempfile.mkdtemp()
    >>> def conversations(*ids):
    ...     return Frames({"conversations": pl.DataFrame({"account_id": [1] * len(ids), "id": list(ids)})})
    >>> first = write_snapshot(conversations(1), root, account_id=1, now=datetime(2026, 1, 1, tzinfo=UTC))
    >>> second = write_snapshot(conversations(1, 2), root, account_id=1, now=datetime(2026, 1, 2, tzinfo=UTC))
    >>> latest_snapshot(root) == second
    True
    """
    found = list_snapshots(root, account_id=account_id, environ=environ)
    if not found:
        of = f" of account {account_id}" if account_id is not None else ""
        msg = f"no snapshots{of} in {root}"
        raise SnapshotNotFoundError(msg)
    return found[-1]


def scan_snapshots(
    snapshots: str | Path | Iterable[str | Path], name: str, *, environ: Environ = None
) -> pl.LazyFrame:
    """Table ``name`` of many snapshots as one LazyFrame, with a leading ``snapshot`` column.

    ``snapshots`` is a root directory (every snapshot in it) or a list of snapshot paths.

    Examples
    --------
    >>> import tempfile
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from voxys_frames import Frames, write_snapshot
    >>> root = tempfile.mkdtemp()
    >>> def conversations(*ids):
    ...     return Frames({"conversations": pl.DataFrame({"account_id": [1] * len(ids), "id": list(ids)})})
    >>> first = write_snapshot(conversations(1), root, account_id=1, now=datetime(2026, 1, 1, tzinfo=UTC))
    >>> second = write_snapshot(conversations(1, 2), root, account_id=1, now=datetime(2026, 1, 2, tzinfo=UTC))
    >>> scan_snapshots(root, "conversations").group_by("snapshot").len().sort("snapshot").collect()["len"].to_list()
    [1, 2]
    """
    paths: list[Path | str] = (
        list_snapshots(snapshots, environ=environ)
        if isinstance(snapshots, str | Path)
        else list(snapshots)
    )
    declared = table(name).schema
    if not paths:
        return pl.LazyFrame(schema={SNAPSHOT: pl.String(), **declared})
    return pl.concat(
        [
            scan_table(p, name, environ=environ).select(
                pl.lit(snapshot_name_of(str(p)), dtype=pl.String()).alias(SNAPSHOT), pl.all()
            )
            for p in paths
        ],
        how="vertical",
    )


def scan_layout(
    root: str | Path,
    name: str,
    *,
    account_id: int | None = None,
    latest: bool = False,
    environ: Environ = None,
) -> pl.LazyFrame:
    """Table ``name`` of every committed snapshot of a hive root, as one LazyFrame.

    The leading ``account`` and ``snapshot`` columns are the hive partition values, as
    Spark or DuckDB see them. ``account_id`` keeps one account; ``latest`` keeps each
    account's newest snapshot. Built from the manifests, so a snapshot being written
    never shows, unlike a glob over the table directory.

    Examples
    --------
    >>> import tempfile
    >>> import polars as pl
    >>> from voxys_frames import Frames, write_snapshot
    >>> root = tempfile.mkdtemp()
    >>> for account in (1, 2):
    ...     frames = Frames({"conversations": pl.DataFrame({"account_id": [account], "id": [account * 10]})})
    ...     _ = write_snapshot(frames, root, account_id=account, layout="hive")
    >>> scan_layout(root, "conversations").select("account", "id").sort("account").collect().rows()
    [(1, 10), (2, 20)]
    """
    storage = Storage.open(root, environ=environ)
    dirs = hive_snapshot_dirs(storage, account_id=account_id)
    if latest:
        newest = {_account_of(d): d for d in dirs}  # oldest first: the last one wins
        dirs = sorted(newest.values(), key=lambda d: (snapshot_name_of(d), d))
    declared = table(name).schema
    if not dirs:
        return pl.LazyFrame(schema={ACCOUNT: pl.Int64(), SNAPSHOT: pl.String(), **declared})
    scans = []
    for directory in dirs:
        snapshot = storage.child(directory)
        scans.append(
            _scan(snapshot, name, load_manifest(snapshot)).select(
                pl.lit(_account_of(directory), dtype=pl.Int64()).alias(ACCOUNT),
                pl.lit(snapshot_name_of(directory), dtype=pl.String()).alias(SNAPSHOT),
                pl.all(),
            )
        )
    return pl.concat(scans, how="vertical")


def _account_of(directory: str) -> int:
    """The account id in ``_snapshots/account=<id>/snapshot=<name>``."""
    return int(directory.split("/")[-2].removeprefix(f"{ACCOUNT}="))
