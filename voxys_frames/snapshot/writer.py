"""Write snapshots atomically: parts under a hidden temporary directory, renamed when complete.

A snapshot is ``ROOT/<name>/`` holding ``manifest.json`` and one directory per table of
Parquet parts (zstd, row groups of ``row_group_size`` rows). While it is written it lives
in ``ROOT/.tmp-<name>/`` (same file system, so the final rename is atomic); readers skip
hidden directories, and an exception removes the temporary directory, so a failed or
interrupted write never shows up as a snapshot.

:class:`SnapshotWriter` takes frames page by page and writes a part whenever a table
has ``part_rows`` rows buffered, so a large crawl never holds everything; duplicates
across parts are resolved when it commits. :func:`write_snapshot` writes finished
:class:`~voxys_frames.frames.Frames` in one call.

Examples
--------
>>> import tempfile
>>> from voxys_frames.frames import Frames
>>> root = tempfile.mkdtemp()
>>> path = write_snapshot(Frames(), root, account_id=1)
>>> sorted(p.name for p in path.iterdir())[:3]
['account_labels', 'agents', 'attachments']
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import polars as pl

from voxys_frames.builder import DERIVED_TABLES, TableBuffers
from voxys_frames.completeness import findings
from voxys_frames.dedupe import deduplicate, has_duplicates
from voxys_frames.exceptions import SnapshotError
from voxys_frames.frames import labels_of
from voxys_frames.schema import TABLES, empty_frame
from voxys_frames.snapshot.manifest import new_manifest, snapshot_name, source_of, write_manifest

ROW_GROUP_SIZE = 100_000
PART_ROWS = 500_000


class SnapshotWriter:
    """Write one snapshot inside ``root`` part by part; :meth:`commit` makes it visible.

    ``base_url`` is reduced to its host in the manifest; ``crawl`` holds the crawl
    parameters (status, sort_by, ...). Use it as a context manager so an exception
    removes the unfinished snapshot::

        with SnapshotWriter(root, base_url=url, account_id=1) as writer:
            for body in bodies:
                writer.add(conversations_page(body))
            path = writer.commit()
    """

    def __init__(
        self,
        root: str | Path,
        *,
        base_url: str | None = None,
        account_id: int | None = None,
        crawl: Mapping[str, Any] | None = None,
        part_rows: int = PART_ROWS,
        row_group_size: int = ROW_GROUP_SIZE,
        now: datetime | None = None,
    ) -> None:
        self.root = Path(root)
        self.created_at = (now or datetime.now(UTC)).astimezone(UTC)
        self.name = snapshot_name(self.created_at)
        self.source = source_of(base_url, account_id=account_id)
        self.crawl = dict(crawl or {})
        self.part_rows = part_rows
        self.row_group_size = row_group_size
        self.root.mkdir(parents=True, exist_ok=True)
        self.tmp = self.root / f".tmp-{self.name}"
        self.tmp.mkdir()
        self._buffers = TableBuffers()
        self._parts: dict[str, list[str]] = {name: [] for name in TABLES}
        self._done = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._done:
            self.abort()

    def add(self, frames: Mapping[str, pl.DataFrame]) -> None:
        """Buffer the frames of one page; tables with ``part_rows`` buffered go to disk."""
        self._check_open()
        self._buffers.add(frames)
        for name, rows in self._buffers.items():
            if rows >= self.part_rows:
                self._write_part(name, self._buffers.take(name))

    def commit(self, *, completeness: Mapping[str, Any] | None = None) -> Path:
        """Finish every table, write the manifest and rename into place; returns the path.

        ``completeness`` defaults to :func:`voxys_frames.completeness.findings` of the
        written tables.
        """
        self._check_open()
        try:
            removed = self._finish_tables()
            tables = {
                name: pl.scan_parquet([self.tmp / f for f in files])
                for name, files in self._parts.items()
            }
            manifest = new_manifest(
                name=self.name,
                created_at=self.created_at,
                source=self.source,
                crawl=self.crawl,
                completeness=dict(completeness)
                if completeness is not None
                else findings(tables, duplicates_removed=removed),
                tables={name: self._table_entry(name, tables[name]) for name in TABLES},
            )
            write_manifest(self.tmp, manifest)
            final = self.root / self.name
            os.replace(self.tmp, final)
        except BaseException:
            self.abort()
            raise
        self._done = True
        return final

    def abort(self) -> None:
        """Remove the unfinished snapshot."""
        self._done = True
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _check_open(self) -> None:
        if self._done:
            msg = f"snapshot {self.name} is already committed or aborted"
            raise SnapshotError(msg)

    def _write_part(self, name: str, frame: pl.DataFrame) -> None:
        relative = f"{name}/part-{len(self._parts[name]):05d}.parquet"
        target = self.tmp / relative
        target.parent.mkdir(exist_ok=True)
        frame.write_parquet(
            target, compression="zstd", statistics=True, row_group_size=self.row_group_size
        )
        self._parts[name].append(relative)

    def _finish_tables(self) -> dict[str, int]:
        """Flush buffers, merge parts holding duplicate keys, derive labels."""
        removed: dict[str, int] = {}
        for name in TABLES:
            if name in DERIVED_TABLES:
                continue
            frame = self._buffers.take(name)
            if frame.height or not self._parts[name]:
                self._write_part(name, frame)
            removed[name] = self._merge_duplicates(name)
        conversations = pl.scan_parquet([self.tmp / f for f in self._parts["conversations"]])
        labels = labels_of(conversations.select("account_id", "id", "labels").collect())
        self._write_part("labels", labels if labels.height else empty_frame("labels"))
        return removed

    def _merge_duplicates(self, name: str) -> int:
        files = [self.tmp / f for f in self._parts[name]]
        scan = pl.scan_parquet(files)
        if not has_duplicates(scan, name):
            return 0
        before = scan.select(pl.len()).collect().item()
        merged = self.tmp / name / "merged.parquet"
        deduplicate(scan, name).sink_parquet(
            merged, compression="zstd", row_group_size=self.row_group_size
        )
        for file in files:
            file.unlink()
        final = f"{name}/part-00000.parquet"
        merged.rename(self.tmp / final)
        self._parts[name] = [final]
        after = pl.scan_parquet(self.tmp / final).select(pl.len()).collect().item()
        return int(before - after)

    def _table_entry(self, name: str, scan: pl.LazyFrame) -> dict[str, Any]:
        declared = TABLES[name]
        return {
            "files": list(self._parts[name]),
            "rows": scan.select(pl.len()).collect().item(),
            "key": list(declared.key),
            "schema": {column: str(dtype) for column, dtype in declared.schema.items()},
        }


def write_snapshot(
    frames: Mapping[str, pl.DataFrame],
    root: str | Path,
    *,
    base_url: str | None = None,
    account_id: int | None = None,
    crawl: Mapping[str, Any] | None = None,
    completeness: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> Path:
    """Write ``frames`` as a new snapshot inside ``root`` and return its path."""
    with SnapshotWriter(
        root, base_url=base_url, account_id=account_id, crawl=crawl, now=now
    ) as writer:
        writer.add(frames)
        return writer.commit(completeness=completeness)
