"""Write snapshots atomically: parts under a hidden staging directory, placed when complete.

A snapshot is ``manifest.json`` plus one directory per table of Parquet parts (zstd, row
groups of ``row_group_size`` rows); see :mod:`voxys_frames.snapshot.layout` for where
they go in the flat (default) and hive layouts. While it is written, every part lives in
``ROOT/.tmp-<name>/``, which readers and engines skip; an exception removes it, so a
failed or interrupted write never shows up as a snapshot.

Committing places the parts and writes the manifest last. A local flat snapshot is
placed by one directory rename, atomic on one file system. Object storage (``s3://``)
has no rename: parts are copied server-side into place, then the manifest, the commit
marker, is written in one PUT; readers only ever list snapshots that have a manifest.

:class:`SnapshotWriter` takes frames page by page and writes a part whenever a table
has ``part_rows`` rows buffered, so a large crawl never holds everything; duplicates
across parts are resolved when it commits. :func:`write_snapshot` writes finished
:class:`~voxys_frames.convert.pages.Frames` in one call.

Examples
--------
>>> import tempfile
>>> from voxys_frames.tables.frames import Frames
>>> root = tempfile.mkdtemp()
>>> path = write_snapshot(Frames(), root, account_id=1)
>>> sorted(p.name for p in path.iterdir())[:3]
['account_labels', 'agents', 'applied_slas']
>>> hive = write_snapshot(Frames(), root + "/hive", account_id=1, layout="hive")
>>> hive.relative_to(root).parts[:3]
('hive', '_snapshots', 'account=1')
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypedDict, Unpack, overload

import polars as pl

from voxys_frames.convert.builder import DERIVED_TABLES, TableBuffers
from voxys_frames.exceptions import SnapshotError
from voxys_frames.snapshot.layout import Layout, placement
from voxys_frames.snapshot.manifest import (
    MANIFEST,
    manifest_bytes,
    new_manifest,
    snapshot_name,
    source_of,
)
from voxys_frames.snapshot.storage import Storage
from voxys_frames.tables.completeness import findings
from voxys_frames.tables.dedupe import NOT_DEDUPLICATED, deduplicate, has_duplicates
from voxys_frames.tables.frames import labels_of
from voxys_frames.tables.schema import TABLES, empty_frame

if TYPE_CHECKING:
    from typing_extensions import TypeVar

    SnapshotPathT = TypeVar("SnapshotPathT", default=Path)
else:
    from typing import TypeVar

    SnapshotPathT = TypeVar("SnapshotPathT")

ROW_GROUP_SIZE = 100_000
PART_ROWS = 500_000
#: In-memory size (polars' estimate) at which a buffered table, or a merge bucket, is
#: written as a part: with long texts 500,000 message rows would take over a gigabyte.
PART_BYTES = 64 * 2**20
_BUCKET = "__bucket"
_SAMPLE_PER_PART = 10_000


class _CommonOptions(TypedDict, total=False):
    base_url: str | None
    account_id: int | None
    crawl: Mapping[str, Any] | None
    now: datetime | None
    layout: Layout
    environ: Mapping[str, str] | None


class WriterOptions(_CommonOptions, total=False):
    """The keyword options of :class:`SnapshotWriter`."""

    part_rows: int
    part_bytes: int
    row_group_size: int


class WriteOptions(_CommonOptions, total=False):
    """The keyword options of :func:`write_snapshot`."""

    completeness: Mapping[str, Any] | None


class SnapshotWriter(Generic[SnapshotPathT]):
    """Write one snapshot inside ``root`` part by part; :meth:`commit` makes it visible.

    ``root`` is a local directory or an ``s3://bucket/prefix`` URL (settings from the
    AWS environment variables, or ``environ``); :meth:`commit` returns a
    :class:`~pathlib.Path` for a local root and a URL for object storage. ``layout``
    is ``"flat"`` (one directory per snapshot) or ``"hive"`` (one partitioned dataset
    per table, needs ``account_id``). ``base_url`` is reduced to its host in the
    manifest; ``crawl`` holds the crawl parameters (status, sort_by, ...). Use it as a
    context manager so an exception removes the unfinished snapshot::

        with SnapshotWriter(root, base_url=url, account_id=1) as writer:
            for body in bodies:
                writer.add(conversations_page(body))
            path = writer.commit()

    Examples
    --------
    >>> import tempfile
    >>> import polars as pl
    >>> from voxys_frames import Frames, load_snapshot
    >>> root = tempfile.mkdtemp()
    >>> with SnapshotWriter(root, base_url="https://chat.example.com", account_id=1) as writer:
    ...     for first in (1, 3):  # e.g. one list page at a time
    ...         ids = [first, first + 1]
    ...         writer.add(Frames({"conversations": pl.DataFrame({"account_id": [1, 1], "id": ids})}))
    ...     path = writer.commit()
    >>> load_snapshot(path).conversations["id"].to_list()
    [1, 2, 3, 4]
    """

    @overload
    def __init__(
        self: SnapshotWriter[Path], root: Path, **options: Unpack[WriterOptions]
    ) -> None: ...
    @overload
    def __init__(
        self: SnapshotWriter[Path | str], root: str | Path, **options: Unpack[WriterOptions]
    ) -> None: ...
    def __init__(
        self,
        root: str | Path,
        *,
        base_url: str | None = None,
        account_id: int | None = None,
        crawl: Mapping[str, Any] | None = None,
        part_rows: int = PART_ROWS,
        part_bytes: int = PART_BYTES,
        row_group_size: int = ROW_GROUP_SIZE,
        now: datetime | None = None,
        layout: Layout = "flat",
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.storage = Storage.open(root, environ=environ)
        self.created_at = (now or datetime.now(UTC)).astimezone(UTC)
        self.name = snapshot_name(self.created_at)
        self.placement = placement(layout, name=self.name, account_id=account_id)
        self.source = source_of(base_url, account_id=account_id)
        self.crawl = dict(crawl or {})
        self.part_rows = part_rows
        self.part_bytes = part_bytes
        self._written: dict[str, list[int]] = {name: [0, 0] for name in TABLES}
        self.row_group_size = row_group_size
        self.storage.check_writable_root()
        self.staging = f".tmp-{self.name}"
        self.storage.make_dirs(self.staging)
        self._buffers = TableBuffers()
        self._parts: dict[str, list[str]] = {name: [] for name in TABLES}
        self._placed_tables: list[str] = []
        self._committed = False
        self._done = False

    @property
    def path(self) -> SnapshotPathT:
        """Where the snapshot will be once committed: a Path locally, else a URL."""
        # the __init__ overloads pin SnapshotPathT to what location() returns for the root
        return self.storage.location(self.placement.snapshot_dir)  # type: ignore[return-value]

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
        """Buffer the frames of one page; a table with ``part_rows`` rows or ``part_bytes``
        bytes buffered goes to disk."""
        self._check_open()
        self._buffers.add(frames)
        for name, rows in self._buffers.items():
            if rows >= self.part_rows or self._buffers.bytes[name] >= self.part_bytes:
                self._write_part(name, self._buffers.take(name, rechunk=False))

    def commit(
        self,
        *,
        completeness: Mapping[str, Any] | None = None,
        checks: Mapping[str, Any] | None = None,
    ) -> SnapshotPathT:
        """Finish every table, place the parts, write the manifest last; returns the path.

        ``completeness`` defaults to :func:`voxys_frames.tables.completeness.findings` of
        the written tables (read from the merged parts, so memory stays bounded), with
        the caller's own ``checks`` added.
        """
        self._check_open()
        try:
            removed = self._finish_tables()
            tables = {name: self._scan(files) for name, files in self._parts.items()}
            manifest = new_manifest(
                name=self.name,
                created_at=self.created_at,
                source=self.source,
                crawl=self.crawl,
                completeness=dict(completeness)
                if completeness is not None
                else {
                    **findings(
                        tables,
                        duplicates_removed=removed,
                        message_parts=[self._scan([f]) for f in self._parts["messages"]],
                    ),
                    **(checks or {}),
                },
                tables={name: self._table_entry(name, tables[name]) for name in TABLES},
            )
            self._place(manifest)
        except BaseException:
            if not self._committed:
                self.abort()
            raise
        self._done = True
        return self.path

    def abort(self) -> None:
        """Remove the unfinished snapshot: its staging directory and any part already placed."""
        self._done = True
        self.storage.remove(self.staging)
        if self._placed_tables and not self._committed:
            for table in self._placed_tables:
                self.storage.remove(self.placement.table_dir(table))
            if self.placement.layout == "flat":
                self.storage.remove(self.placement.snapshot_dir)

    def _check_open(self) -> None:
        if self._done:
            msg = f"snapshot {self.name} is already committed or aborted"
            raise SnapshotError(msg)

    def _staged(self, relative: str) -> str:
        return f"{self.staging}/{relative}"

    def _scan(self, files: list[str]) -> pl.LazyFrame:
        """The staged ``files`` as one LazyFrame."""
        return pl.scan_parquet(
            [self.storage.uri(self._staged(f)) for f in files],
            storage_options=self.storage.storage_options,
            hive_partitioning=False,
        )

    def _write_part(self, name: str, frame: pl.DataFrame) -> None:
        written = self._written[name]
        written[0] += frame.height
        written[1] += int(frame.estimated_size())
        relative = f"{name}/part-{len(self._parts[name]):05d}.parquet"
        self._write_file(relative, frame)
        self._parts[name].append(relative)

    def _write_file(self, relative: str, frame: pl.DataFrame) -> None:
        self.storage.make_dirs(self._staged(posixpath.dirname(relative)))
        frame.write_parquet(
            self.storage.uri(self._staged(relative)),
            compression="zstd",
            statistics=True,
            row_group_size=self.row_group_size,
            storage_options=self.storage.storage_options,
        )

    def _finish_tables(self) -> dict[str, int]:
        """Flush buffers, merge parts holding duplicate keys, derive labels part by part."""
        names = [name for name in TABLES if name not in DERIVED_TABLES]
        for name in names:  # every buffer to disk first: none is held through the merges
            frame = self._buffers.take(name, rechunk=False)
            if frame.height or not self._parts[name]:
                self._write_part(name, frame)
            del frame
        removed = {name: self._merge_duplicates(name) for name in names}
        for file in self._parts["conversations"]:  # one row per conversation by now
            labels = labels_of(self._scan([file]).select("account_id", "id", "labels").collect())
            if labels.height:
                self._write_part("labels", labels)
        if not self._parts["labels"]:
            self._write_part("labels", empty_frame("labels"))
        return removed

    def _merge_duplicates(self, name: str) -> int:
        """Resolve keys read more than once (see :mod:`voxys_frames.tables.dedupe`); rows removed.

        One part is merged in memory (it is at most ``part_rows`` rows). Several parts
        are first spread into buckets by ranges of the key, part by part, so every copy
        of a key lands in the same bucket in the order it was read; each bucket of about
        ``part_rows`` rows is then merged on its own. Memory stays bounded by the part
        size, however large the table.
        """
        if name in NOT_DEDUPLICATED:
            return 0
        files = self._parts[name]
        buckets = self._spread_into_buckets(name, files) if len(files) > 1 else [files]
        removed = 0
        self._parts[name] = []
        for bucket in buckets:
            scan = self._scan(bucket)
            if len(bucket) == 1 and not has_duplicates(scan, name):
                self._parts[name].append(self._rename_part(name, bucket[0]))
                continue
            before = scan.select(pl.len()).collect().item()
            merged = deduplicate(scan.collect(), name)
            for file in bucket:
                self.storage.remove(self._staged(file))
            self._write_part(name, merged)
            removed += before - merged.height
        if len(files) > 1:
            for bucket in buckets:
                self.storage.remove(self._staged(posixpath.dirname(bucket[0])))
        return removed

    def _spread_into_buckets(self, name: str, files: list[str]) -> list[list[str]]:
        """Split every part by ranges of the key into buckets of about ``part_rows`` rows
        and ``part_bytes`` bytes in memory (sized from the rows written so far)."""
        rows = self._scan(files).select(pl.len()).collect().item()
        written_rows, written_bytes = self._written[name]
        row_bytes = written_bytes / written_rows if written_rows else 0.0
        buckets = max(-(-rows // self.part_rows), math.ceil(rows * row_bytes / self.part_bytes), 1)
        column = TABLES[name].key[-1]
        bounds = self._bucket_bounds(files, column, buckets=buckets)
        spread: dict[int, list[str]] = {}
        for number, file in enumerate(files):
            part = self._scan([file]).collect()
            place = pl.Series(_BUCKET, bounds.search_sorted(part[column], side="right"))
            for bucket in place.unique().sort().to_list():
                relative = f"{name}/bucket-{bucket:05d}/chunk-{number:05d}.parquet"
                self._write_file(relative, part.filter(place == bucket))
                spread.setdefault(int(bucket), []).append(relative)
            del part, place
            self.storage.remove(self._staged(file))
        self._parts[name] = []
        return [spread[bucket] for bucket in sorted(spread)]

    def _bucket_bounds(self, files: list[str], column: str, *, buckets: int) -> pl.Series:
        """Sorted bounds splitting ``column`` into ``buckets`` ranges, from a sample of each part.

        Ranges rather than hashes keep each merged part in key order (for messages,
        roughly time order), so Parquet statistics stay selective and compression good.
        """
        samples = []
        for file in files:
            values = self._scan([file]).select(column).drop_nulls().collect().to_series()
            samples.append(values.sample(n=min(len(values), _SAMPLE_PER_PART), seed=0))
        sample = pl.concat(samples).sort()
        if sample.is_empty():  # every key null: one bucket
            return sample
        positions = [len(sample) * i // buckets for i in range(1, buckets)]
        return sample.gather(positions).unique(maintain_order=True)

    def _rename_part(self, name: str, file: str) -> str:
        """Give the unchanged part ``file`` the next part name of table ``name``."""
        relative = f"{name}/part-{len(self._parts[name]):05d}.parquet"
        if relative != file:
            self.storage.move(self._staged(file), self._staged(relative))
        return relative

    def _placed(self, relative: str) -> str:
        """Where the staged part ``table/part-N.parquet`` goes, relative to the root."""
        table, file = relative.split("/", 1)
        return f"{self.placement.table_dir(table)}/{file}"

    def _place(self, manifest: dict[str, Any]) -> None:
        """Move the parts into place and write the manifest, the commit marker, last."""
        if self.placement.layout == "flat" and self.storage.is_local:
            self.storage.write_bytes(self._staged(MANIFEST), manifest_bytes(manifest))
            self.storage.move(self.staging, self.placement.snapshot_dir)
            self._committed = True
            return
        for table, files in self._parts.items():
            self._placed_tables.append(table)
            for file in files:
                self.storage.move(self._staged(file), self._placed(file))
        snapshot_dir = self.placement.snapshot_dir
        self.storage.write_bytes(f"{snapshot_dir}/{MANIFEST}", manifest_bytes(manifest))
        self._committed = True
        self.storage.remove(self.staging)

    def _table_entry(self, name: str, scan: pl.LazyFrame) -> dict[str, Any]:
        declared = TABLES[name]
        return {
            "files": [
                self.placement.relative_to_snapshot(self._placed(f)) for f in self._parts[name]
            ],
            "rows": scan.select(pl.len()).collect().item(),
            "key": list(declared.key),
            "schema": {column: str(dtype) for column, dtype in declared.schema.items()},
        }


@overload
def write_snapshot(
    frames: Mapping[str, pl.DataFrame], root: Path, **options: Unpack[WriteOptions]
) -> Path: ...
@overload
def write_snapshot(
    frames: Mapping[str, pl.DataFrame], root: str | Path, **options: Unpack[WriteOptions]
) -> Path | str: ...
def write_snapshot(
    frames: Mapping[str, pl.DataFrame],
    root: str | Path,
    *,
    base_url: str | None = None,
    account_id: int | None = None,
    crawl: Mapping[str, Any] | None = None,
    completeness: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    layout: Layout = "flat",
    environ: Mapping[str, str] | None = None,
) -> Path | str:
    """Write ``frames`` as a new snapshot inside ``root`` and return its path.

    ``root`` may be an ``s3://bucket/prefix`` URL (then a URL is returned); ``layout``
    and ``environ`` are those of :class:`SnapshotWriter`.

    Examples
    --------
    >>> import tempfile
    >>> import polars as pl
    >>> from voxys_frames import Frames, load_snapshot
    >>> frames = Frames({"conversations": pl.DataFrame({"account_id": [1], "id": [7]})})
    >>> path = write_snapshot(frames, tempfile.mkdtemp(), base_url="https://chat.example.com", account_id=1)
    >>> load_snapshot(path).conversations["id"].to_list(), load_snapshot(path).manifest["source"]
    ([7], {'account_id': 1, 'host': 'chat.example.com'})
    """
    with SnapshotWriter(
        root,
        base_url=base_url,
        account_id=account_id,
        crawl=crawl,
        now=now,
        layout=layout,
        environ=environ,
    ) as writer:
        writer.add(frames)
        return writer.commit(completeness=completeness)
