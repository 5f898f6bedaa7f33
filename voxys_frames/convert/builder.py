"""Accumulate the frames of many response bodies and finish into one set of tables.

:class:`FramesBuilder` keeps compact columnar frames, never the JSON, so memory grows
with the distinct data rather than with the bodies read; small page frames are merged
into larger chunks as they arrive. :meth:`FramesBuilder.finish` applies the
de-duplication rules of :mod:`voxys_frames.tables.dedupe` and derives ``labels`` from the
final conversations. For crawls larger than memory, hand the frames to a
:class:`~voxys_frames.snapshot.SnapshotWriter` instead, which writes parts as it goes.

Examples
--------
>>> builder = FramesBuilder(account_id=1)
>>> page = b'{"data": {"meta": {}, "payload": [{"id": 4, "created_at": 1, "messages": []}]}}'
>>> _ = builder.add_body("conversations", page, source="page 1")
>>> _ = builder.add_body("conversations", page, source="page 2")
>>> frames = builder.finish()
>>> frames.conversations.height, builder.duplicates_removed["conversations"]
(1, 1)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import polars as pl

from voxys_frames.convert.bodies import Endpoint
from voxys_frames.convert.pages import page_frames
from voxys_frames.tables.dedupe import deduplicate
from voxys_frames.tables.frames import Frames, PageFrames, labels_of
from voxys_frames.tables.schema import TABLES, empty_frame

DERIVED_TABLES = frozenset({"labels"})
"""Tables computed from others at the end rather than accumulated."""


class TableBuffers:
    """Per-table lists of frames, merged into one chunk every ``merge_every`` additions."""

    def __init__(self, *, merge_every: int = 64) -> None:
        self.merge_every = merge_every
        self.frames: dict[str, list[pl.DataFrame]] = {name: [] for name in TABLES}
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.bytes: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, frames: Mapping[str, pl.DataFrame]) -> None:
        """Buffer every non-empty frame of a non-derived table."""
        for name, frame in frames.items():
            if name in DERIVED_TABLES or frame.height == 0:
                continue
            chunks = self.frames[name]
            chunks.append(frame)
            self.rows[name] += frame.height
            self.bytes[name] += int(frame.estimated_size())
            if len(chunks) >= self.merge_every:
                self.frames[name] = [pl.concat(chunks, how="vertical", rechunk=True)]

    def take(self, name: str, *, rechunk: bool = True) -> pl.DataFrame:
        """Remove and return everything buffered for ``name`` as one frame.

        ``rechunk=False`` leaves the chunks as they are, without the copy into one
        contiguous chunk: for a frame that is only written to Parquet (whose row groups
        do not follow chunks), that copy would double the memory the rows take.
        """
        chunks = self.frames[name]
        self.frames[name] = []
        self.rows[name] = 0
        self.bytes[name] = 0
        if not chunks:
            return empty_frame(name)
        return pl.concat(chunks, how="vertical", rechunk=rechunk)

    def items(self) -> Iterator[tuple[str, int]]:
        """``(table, buffered rows)`` pairs."""
        return iter(self.rows.items())


class FramesBuilder:
    """Collect page frames; :meth:`finish` returns de-duplicated :class:`Frames`.

    ``account_id`` is passed to bodies that do not carry one (messages, agents...).

    >>> builder = FramesBuilder(account_id=1)
    >>> _ = builder.add_body("teams", b'[{"id": 1, "name": "Billing"}]')
    >>> _ = builder.add_body("teams", b'[{"id": 1, "name": "Billing desk"}]')
    >>> builder.finish().teams.select("id", "name").rows()
    [(1, 'Billing desk')]
    """

    def __init__(self, *, account_id: int | None = None) -> None:
        self.account_id = account_id
        self._buffers = TableBuffers()
        self.rows_in: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.duplicates_removed: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, frames: Mapping[str, pl.DataFrame]) -> None:
        """Add the frames of one page (or any mapping of table name to frame)."""
        for name, frame in frames.items():
            self.rows_in[name] += frame.height
        self._buffers.add(frames)

    def add_body(
        self,
        endpoint: Endpoint,
        body: Any,
        *,
        conversation_id: int | None = None,
        source: str | None = None,
    ) -> PageFrames:
        """Convert one body of ``endpoint`` (see :func:`~voxys_frames.convert.pages.page_frames`) and add it."""
        page = page_frames(
            endpoint,
            body,
            account_id=self.account_id,
            conversation_id=conversation_id,
            source=source,
        )
        self.add(page)
        return page

    def finish(self) -> Frames:
        """Return one frame per table: de-duplicated by key, labels derived, sorted by key."""
        tables: dict[str, pl.DataFrame] = {}
        for name in TABLES:
            if name in DERIVED_TABLES:
                continue
            frame = self._buffers.take(name)
            unique = deduplicate(frame, name)
            self.duplicates_removed[name] = frame.height - unique.height
            tables[name] = unique
        tables["labels"] = labels_of(tables["conversations"])
        return Frames(tables)
