"""Export a selection, every table of it, as a Parquet snapshot or a folder of CSV files.

The tables are those of :func:`voxys_frames.filters.select_tables`: conversations and
messages of the selection, the attachments, labels, SLA events and contacts that
belong to them, the account's reference tables whole, and ``reporting_events`` and
``pages`` empty (they cannot be tied to the selection). The filter state is recorded:
in the snapshot manifest under ``crawl``, or as ``selection.json`` next to the CSVs.

Examples
--------
>>> import tempfile, polars as pl
>>> from voxys_frames.tables.frames import Frames
>>> from voxys_frames.filters import FilterState
>>> frames = Frames({"conversations": pl.DataFrame({"account_id": [1, 1], "id": [1, 2],
...     "status": ["open", "resolved"], "labels": [["vip"], []]})})
>>> out = export_csv(frames, FilterState(statuses=("open",)), tempfile.mkdtemp() + "/open")
>>> pl.read_csv(out / "conversations.csv")["labels"].to_list()
['["vip"]']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters import FilterState, select_tables
from voxys_frames.filters.select import UNLINKED_TABLES, FrameLike
from voxys_frames.snapshot import write_snapshot
from voxys_frames.tables.frames import Frames


def selection_frames(
    tables: Mapping[str, FrameLike],
    state: FilterState,
    *,
    whole_threads: bool = False,
    linked: Mapping[str, FrameLike] | None = None,
) -> Frames:
    """Every table of the selection, collected (``linked``: see :func:`select_tables`)."""
    lazy = select_tables(tables, state, whole_threads=whole_threads, linked=linked)
    return Frames(dict(zip(lazy, pl.collect_all(list(lazy.values())), strict=True)))


def _record(state: FilterState, whole_threads: bool) -> dict[str, Any]:
    return {
        "selection": state.to_dict(),
        "whole_threads": whole_threads,
        "left_empty": list(UNLINKED_TABLES),
    }


def export_snapshot(
    tables: Mapping[str, FrameLike],
    state: FilterState,
    root: str | Path,
    *,
    whole_threads: bool = False,
    account_id: int | None = None,
    linked: Mapping[str, FrameLike] | None = None,
) -> Path | str:
    """Write the selection as a new snapshot inside ``root``; returns its path."""
    frames = selection_frames(tables, state, whole_threads=whole_threads, linked=linked)
    return write_snapshot(
        frames, root, account_id=account_id, crawl={"explorer": _record(state, whole_threads)}
    )


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns become JSON text (CSV has no lists); a null list stays null."""
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    return frame.with_columns(
        pl.when(pl.col(name).is_not_null())
        .then(
            pl.struct(pl.col(name).alias("v"))
            .struct.json_encode()
            .str.strip_prefix('{"v":')
            .str.strip_suffix("}")
        )
        .alias(name)
        for name in nested
    )


def export_csv(
    tables: Mapping[str, FrameLike],
    state: FilterState,
    destination: str | Path,
    *,
    whole_threads: bool = False,
    linked: Mapping[str, FrameLike] | None = None,
) -> Path:
    """Write one ``<table>.csv`` per table and ``selection.json`` into the new folder ``destination``.

    The folder appears complete or not at all; an existing one is refused.
    """
    target = Path(destination)
    if target.exists():
        msg = f"export_csv: {target} already exists; choose a new folder"
        raise ConfigurationError(msg)
    target.parent.mkdir(parents=True, exist_ok=True)
    frames = selection_frames(tables, state, whole_threads=whole_threads, linked=linked)
    work = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        for name, frame in frames.items():
            _csv_ready(frame).write_csv(work / f"{name}.csv")
        record = _record(state, whole_threads) | {"rows": frames.rows()}
        (work / "selection.json").write_bytes(orjson.dumps(record, option=orjson.OPT_INDENT_2))
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target
