"""Frames: every declared table as a polars frame, by name or as an attribute.

:class:`Frames` is what a conversion, a builder or a snapshot hands out: a mapping of
*every* declared table to a frame conformed to its columns and dtypes (missing tables
are empty frames with the full schema). :class:`PageFrames` adds the ``source`` and
``meta`` of the one response body it came from.

Examples
--------
>>> frames = Frames()
>>> len(frames), frames.messages.height, "conversations" in frames
(15, 0, True)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final, TypeVar

import polars as pl

from voxys_frames.tables.schema import TABLES, conform, empty_frame

__all__ = ["Frames", "LazyFrames", "PageFrames", "TableMap", "labels_of"]


FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


class TableMap(Mapping[str, FrameT]):
    """Tables by name or as an attribute, with the snapshot ``manifest`` when there is one:
    the one mapping under :class:`Frames` (eager) and :class:`LazyFrames` (lazy).

    >>> TableMap({"teams": pl.LazyFrame()}).teams.collect().height
    0
    """

    def __init__(
        self, tables: Mapping[str, FrameT], *, manifest: Mapping[str, Any] | None = None
    ) -> None:
        self.manifest: dict[str, Any] | None = dict(manifest) if manifest is not None else None
        self._tables: dict[str, FrameT] = dict(tables)

    def __getitem__(self, name: str) -> FrameT:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __getattr__(self, name: str) -> FrameT:
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]  # type: ignore[no-any-return]
        raise AttributeError(name)


class Frames(TableMap[pl.DataFrame]):
    """Every declared table as a frame, by name or as an attribute.

    Missing tables are empty frames with the full schema; frames given are conformed
    to the declared columns and dtypes. ``manifest`` is set on frames loaded from a
    snapshot.

    >>> Frames({"teams": pl.DataFrame({"id": [1], "name": ["Billing"]})}).teams.columns[:3]
    ['account_id', 'id', 'name']
    """

    def __init__(
        self,
        tables: Mapping[str, pl.DataFrame] | None = None,
        *,
        manifest: Mapping[str, Any] | None = None,
    ) -> None:
        given = dict(tables or {})
        unknown = set(given) - set(TABLES)
        if unknown:
            msg = f"unknown tables: {', '.join(sorted(unknown))}"
            raise KeyError(msg)
        conformed = {
            name: _conformed(given[name], name) if name in given else _empty(name)
            for name in TABLES
        }
        super().__init__(conformed, manifest=manifest)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={frame.height}" for name, frame in self._tables.items())
        return f"{type(self).__name__}({sizes})"

    def rows(self) -> dict[str, int]:
        """Row count of every table.

        >>> Frames().rows()["conversations"]
        0
        """
        return {name: frame.height for name, frame in self._tables.items()}


class LazyFrames(TableMap[pl.LazyFrame]):
    """Every table of a snapshot as a LazyFrame, by name or as an attribute.

    >>> LazyFrames({"teams": Frames().teams.lazy()}, manifest={}).collect().teams.height
    0
    """

    def collect(self) -> Frames:
        """Load every table into memory."""
        return Frames({name: lazy.collect() for name, lazy in self._tables.items()})


class PageFrames(Frames):
    """The frames of one response body, with the page's ``meta`` and ``source``.

    >>> PageFrames({}, source="page 1", meta={"all_count": 3}).meta
    {'all_count': 3}
    """

    def __init__(
        self,
        tables: Mapping[str, pl.DataFrame],
        *,
        source: str,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(tables)
        self.source = source
        self.meta: dict[str, Any] = dict(meta or {})


_EMPTY: Final = {name: empty_frame(name) for name in TABLES}


def _empty(name: str) -> pl.DataFrame:
    """An empty frame of ``name`` (a copy: frames handed out are never shared)."""
    return _EMPTY[name].clone()


def _conformed(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """``frame`` conformed to table ``name``; frames already conforming are kept as they are."""
    if frame.schema == _EMPTY[name].schema:
        return frame
    return conform(frame, name)


def labels_of(conversations: pl.DataFrame) -> pl.DataFrame:
    """The labels table of a conversations frame: one row per (conversation, label).

    >>> frame = conform(pl.DataFrame({"account_id": [1, 1], "id": [4, 5], "labels": [["a", "b"], []]}), "conversations")
    >>> labels_of(frame).rows()
    [(1, 4, 'a'), (1, 4, 'b')]
    """
    exploded = (
        conversations.select("account_id", pl.col("id").alias("conversation_id"), "labels")
        .explode("labels")
        .drop_nulls("labels")
        .rename({"labels": "label"})
        .unique(maintain_order=True)
    )
    return conform(exploded, "labels")
