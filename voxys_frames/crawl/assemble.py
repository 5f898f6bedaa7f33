"""The crawl's snapshot: spooled rows (and, for an incremental run, the previous rows).

Tables go to a :class:`~voxys_frames.snapshot.SnapshotWriter` one Parquet file at a
time, so memory stays bounded by the writer's part size, whatever the account's size.

An incremental run (``updated_since``) merges into the previous snapshot: every
previous row is kept unless the new crawl has a row with the same key, and for the
conversations read again, their previous messages, attachments and SLA events give way
to the new ones altogether (a full history replaces a full history; with
``messages="latest"`` only rows with the same key are replaced).

Examples
--------
>>> import tempfile, polars as pl
>>> from voxys_frames.snapshot import write_snapshot, load_snapshot
>>> from voxys_frames.tables.frames import Frames
>>> out = tempfile.mkdtemp()
>>> old = write_snapshot(Frames({"teams": pl.DataFrame({"account_id": [1, 1], "id": [1, 2], "name": ["a", "b"]})}), out, account_id=1)
>>> new = pl.DataFrame({"account_id": [1], "id": [2], "name": ["B"]})
>>> kept = previous_rows(old, "teams", {"teams": new.lazy()}, replaced=set())
>>> pl.concat(kept).collect().rows()[0][:3]
(1, 1, 'a')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import polars as pl

from voxys_frames.convert.builder import DERIVED_TABLES
from voxys_frames.crawl.journal import Journal
from voxys_frames.snapshot import SnapshotWriter, read_manifest
from voxys_frames.tables.schema import TABLES, conform, empty_frame

__all__ = ["assemble", "previous_rows"]

#: Tables whose rows belong to one conversation and are replaced with it.
CONVERSATION_SCOPED: Final = frozenset({"messages", "attachments", "sla_events"})


def _spooled(journal: Journal, name: str) -> pl.LazyFrame:
    files = journal.spool_files(name)
    if not files:
        return empty_frame(name).lazy()
    return conform(pl.scan_parquet(files), name)


def previous_rows(
    previous: Path,
    name: str,
    new: Mapping[str, pl.LazyFrame],
    *,
    replaced: set[int],
    scoped: frozenset[str] = CONVERSATION_SCOPED,
) -> Iterator[pl.LazyFrame]:
    """The rows of table ``name`` of snapshot ``previous`` that the new crawl keeps.

    Yields one LazyFrame per Parquet file of the previous snapshot.
    """
    manifest = read_manifest(previous)
    files = (manifest.get("tables", {}).get(name) or {}).get("files") or []
    key = list(TABLES[name].key)
    new_keys = new[name].select(key).unique().collect()
    for file in files:
        frame = conform(pl.scan_parquet(previous / file), name)
        if name in scoped and replaced:
            frame = frame.filter(~pl.col("conversation_id").is_in(sorted(replaced)))
        yield frame.join(new_keys.lazy(), on=key, how="anti")


def assemble(
    journal: Journal,
    out: str | Path,
    *,
    base_url: str,
    account_id: int,
    crawl: Mapping[str, Any],
    checks: Mapping[str, Any],
    previous: Path | None = None,
    replaced: set[int] | None = None,
    scoped: frozenset[str] = CONVERSATION_SCOPED,
) -> Path:
    """Write the snapshot of the journal's spool (merged into ``previous``); its path.

    The manifest's completeness holds the usual findings over the final rows (read from
    what the writer merged) and the crawl's own ``checks``.
    """
    names = [name for name in TABLES if name not in DERIVED_TABLES]
    new = {name: _spooled(journal, name) for name in names}
    with SnapshotWriter(Path(out), base_url=base_url, account_id=account_id, crawl=crawl) as writer:
        for name in names:
            if previous is not None:
                for frame in previous_rows(
                    previous, name, new, replaced=replaced or set(), scoped=scoped
                ):
                    writer.add({name: frame.collect()})
            for file in journal.spool_files(name):
                writer.add({name: conform(pl.scan_parquet(file), name).collect()})
        return writer.commit(checks=checks)
