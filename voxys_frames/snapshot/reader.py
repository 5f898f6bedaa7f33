"""Read snapshots: one, the latest, the list of them, or many scanned together.

Examples
--------
>>> import tempfile
>>> from voxys_frames.frames import Frames
>>> from voxys_frames.snapshot.writer import write_snapshot
>>> root = tempfile.mkdtemp()
>>> path = write_snapshot(Frames(), root, account_id=1)
>>> [p.name for p in list_snapshots(root)] == [path.name]
True
>>> load_snapshot(path).conversations.height
0
>>> scan_snapshots(root, "messages").collect_schema().names()[:2]
['snapshot', 'account_id']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal, overload

import polars as pl

from voxys_frames.exceptions import SnapshotNotFoundError
from voxys_frames.frames import Frames
from voxys_frames.schema import TABLES, table
from voxys_frames.snapshot.manifest import MANIFEST, Manifest, is_snapshot_name, read_manifest


class LazyFrames(Mapping[str, pl.LazyFrame]):
    """Every table of a snapshot as a LazyFrame, by name or as an attribute."""

    def __init__(self, tables: Mapping[str, pl.LazyFrame], *, manifest: Manifest) -> None:
        self._tables = dict(tables)
        self.manifest = manifest

    def __getitem__(self, name: str) -> pl.LazyFrame:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __getattr__(self, name: str) -> pl.LazyFrame:
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]  # type: ignore[no-any-return]
        raise AttributeError(name)

    def collect(self) -> Frames:
        """Load every table into memory."""
        return Frames({name: lazy.collect() for name, lazy in self._tables.items()})


def scan_table(path: str | Path, name: str, manifest: Manifest | None = None) -> pl.LazyFrame:
    """One table of the snapshot at ``path`` as a LazyFrame with the declared schema."""
    manifest = manifest or read_manifest(path)
    declared = table(name).schema
    entry = manifest.get("tables", {}).get(name)
    if not entry or not entry.get("files"):
        return pl.LazyFrame(schema=declared)
    scan = pl.scan_parquet([Path(path) / f for f in entry["files"]])
    return scan.select(
        (pl.col(c) if c in scan.collect_schema() else pl.lit(None)).cast(dtype).alias(c)
        for c, dtype in declared.items()
    )


@overload
def load_snapshot(
    path: str | Path, *, lazy: Literal[False] = False, tables: Iterable[str] | None = None
) -> Frames: ...
@overload
def load_snapshot(
    path: str | Path, *, lazy: Literal[True], tables: Iterable[str] | None = None
) -> LazyFrames: ...
def load_snapshot(
    path: str | Path, *, lazy: bool = False, tables: Iterable[str] | None = None
) -> Frames | LazyFrames:
    """Load the snapshot at ``path``: eager :class:`Frames`, or with ``lazy`` LazyFrames.

    ``tables`` limits which tables are read (the others are empty, or absent when lazy).
    """
    manifest = read_manifest(path)
    names = list(tables) if tables is not None else list(TABLES)
    scans = {name: scan_table(path, name, manifest) for name in names}
    if lazy:
        return LazyFrames(scans, manifest=manifest)
    return Frames({name: scan.collect() for name, scan in scans.items()}, manifest=manifest)


def list_snapshots(root: str | Path) -> list[Path]:
    """The complete snapshots in ``root``, oldest first (names sort by creation time)."""
    base = Path(root)
    if not base.is_dir():
        return []
    return sorted(
        p for p in base.iterdir() if is_snapshot_name(p.name) and (p / MANIFEST).is_file()
    )


def latest_snapshot(root: str | Path) -> Path:
    """The newest snapshot in ``root``; none raises SnapshotNotFoundError."""
    found = list_snapshots(root)
    if not found:
        msg = f"no snapshots in {root}"
        raise SnapshotNotFoundError(msg)
    return found[-1]


def scan_snapshots(snapshots: str | Path | Iterable[str | Path], name: str) -> pl.LazyFrame:
    """Table ``name`` of many snapshots as one LazyFrame, with a leading ``snapshot`` column.

    ``snapshots`` is a root directory (every snapshot in it) or a list of snapshot paths.
    """
    if isinstance(snapshots, str | Path):
        paths = list_snapshots(snapshots)
    else:
        paths = [Path(p) for p in snapshots]
    declared = table(name).schema
    if not paths:
        return pl.LazyFrame(schema={"snapshot": pl.String(), **declared})
    return pl.concat(
        [
            scan_table(p, name).select(
                pl.lit(p.name, dtype=pl.String()).alias("snapshot"), pl.all()
            )
            for p in paths
        ],
        how="vertical",
    )
