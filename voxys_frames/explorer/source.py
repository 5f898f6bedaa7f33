"""What the explorer reads: a snapshot path, loaded frames, or a lazy snapshot.

Conversations are held in memory whole, with the columns CSAT, SLA and contact
conditions read (:mod:`voxys_frames.filters.linked`); of messages only the columns the filters
need (:data:`~voxys_frames.explorer.engine.MESSAGE_COLUMNS`); a thread's full
messages and attachments are read from the source when it is opened.

Examples
--------
>>> from voxys_frames.tables.frames import Frames, LazyFrames
>>> data = open_source(Frames())
>>> data.conversations.height, sorted(data.tables)[:2]
(0, ['account_labels', 'agents'])
>>> open_source(42)
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: explore() takes a snapshot path, Frames or a mapping of table frames, got int
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer.engine import MESSAGE_COLUMNS
from voxys_frames.filters.linked import with_linked
from voxys_frames.snapshot import load_snapshot
from voxys_frames.tables.frames import Frames, LazyFrames
from voxys_frames.tables.schema import TABLES, conform, table

REFERENCE: Final = ("inboxes", "agents", "teams", "contacts")
"""Small tables loaded whole for names."""

Source = str | Path | Frames | Mapping[str, pl.DataFrame] | Mapping[str, pl.LazyFrame]


@dataclass(frozen=True)
class ExplorerData:
    """The explorer's inputs: every table lazily, and the in-memory parts."""

    tables: Mapping[str, pl.LazyFrame]
    conversations: pl.DataFrame
    messages: pl.DataFrame
    reference: Mapping[str, pl.DataFrame]
    manifest: Mapping[str, Any] | None = None
    """The snapshot manifest, when the source has one (links into the app use its host)."""
    linked: Mapping[str, pl.LazyFrame] = field(default_factory=dict)
    """Tables outside the snapshot that filters read (``conversation_topics``)."""

    def thread(self, account_id: int, conversation_id: int) -> tuple[pl.DataFrame, pl.DataFrame]:
        """All messages (time order) and attachments of one conversation."""
        key = (pl.col("account_id") == account_id) & (pl.col("conversation_id") == conversation_id)
        messages = self.tables["messages"].filter(key).sort("created_at", "id", nulls_last=True)
        attachments = self.tables["attachments"].filter(key).sort("id")
        found = pl.collect_all([messages, attachments])
        return found[0], found[1]


def open_source(source: object) -> ExplorerData:
    """Read ``source`` (see :data:`Source`)."""
    if isinstance(source, str | Path):
        return _from_lazy(load_snapshot(source, lazy=True))
    if isinstance(source, Mapping) and all(isinstance(v, pl.LazyFrame) for v in source.values()):
        return _from_lazy({name: _conform_lazy(source.get(name), name) for name in TABLES})
    if isinstance(source, Mapping) and all(isinstance(v, pl.DataFrame) for v in source.values()):
        frames = source if isinstance(source, Frames) else Frames(source)
        lazy = LazyFrames(
            {name: frame.lazy() for name, frame in frames.items()}, manifest=frames.manifest
        )
        return _from_lazy(lazy)
    msg = (
        "explore() takes a snapshot path, Frames or a mapping of table frames, "
        f"got {type(source).__name__}"
    )
    raise ConfigurationError(msg)


def _conform_lazy(frame: pl.LazyFrame | None, name: str) -> pl.LazyFrame:
    """``frame`` with the declared columns of table ``name`` (absent table: empty)."""
    if frame is None:
        return pl.LazyFrame(schema=table(name).schema)
    return conform(frame, name)


def _from_lazy(tables: Mapping[str, pl.LazyFrame]) -> ExplorerData:
    wanted = [
        with_linked(tables["conversations"], tables),
        tables["messages"].select(MESSAGE_COLUMNS),
        *(tables[name] for name in REFERENCE if name in tables),
    ]
    loaded = pl.collect_all(wanted)
    reference = dict(zip([n for n in REFERENCE if n in tables], loaded[2:], strict=True))
    manifest = getattr(tables, "manifest", None)
    return ExplorerData(dict(tables), loaded[0], loaded[1], reference, manifest)
