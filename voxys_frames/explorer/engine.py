"""Fast selections for the explorer: each filter's mask computed once, then combined.

The answers are those of :func:`voxys_frames.filters.select` (tests hold them to it);
what differs is the work done when one control changes. At start-up every message
gets the row number of its conversation, so message counts per conversation are one
``numpy.bincount``. Then each predicate's mask is cached under its code, so changing
one filter evaluates only that predicate and ANDs it with the cached others, and the
sort order of each column is computed once and reused for every page.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.filters import FilterState
>>> from voxys_frames.tables.schema import conform
>>> conversations = conform(pl.DataFrame({"account_id": [1, 1], "id": [1, 2],
...     "status": ["open", "resolved"]}), "conversations")
>>> messages = conform(pl.DataFrame({"account_id": [1, 1, 1], "id": [7, 8, 9],
...     "conversation_id": [1, 1, 2], "content": ["hi", "refund?", "ok"]}), "messages")
>>> engine = SelectionEngine(conversations, messages)
>>> chosen = engine.apply(FilterState(text="REFUND"))
>>> chosen.conversations, chosen.messages
(1, 1)
>>> engine.page(chosen, sort_by="id", descending=False, page=0, size=10)["id"].to_list()
[1]
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Generic, Literal, TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from voxys_frames.filters import FilterState
from voxys_frames.filters.predicates import HOUR_OF_WEEK, Predicate, predicates
from voxys_frames.filters.state import MESSAGE_TYPES

MESSAGE_TYPE: Final = pl.Enum(MESSAGE_TYPES)

Mask = npt.NDArray[np.bool_]
Counts = npt.NDArray[np.int64]

SortKey = Literal[
    "last_activity_at",
    "created_at",
    "id",
    "status",
    "priority",
    "waiting_since",
    "unread_count",
    "messages",
]
SORT_KEYS: Final[tuple[SortKey, ...]] = (
    "last_activity_at",
    "created_at",
    "id",
    "status",
    "priority",
    "waiting_since",
    "unread_count",
    "messages",
)
PRIORITY_RANK: Final = {"urgent": 4, "high": 3, "medium": 2, "low": 1}

DISTINCT_COLUMNS: Final = ("custom_attributes", "contact_attributes")
"""Columns whose predicates are evaluated once per distinct value (JSON parsing is slow)."""

MESSAGE_COLUMNS: Final = (
    "account_id",
    "id",
    "conversation_id",
    "message_type",
    "content",
    "created_at",
)
"""The message columns the engine keeps in memory; threads read the rest from the source."""

K = TypeVar("K")
V = TypeVar("V")

_CONVERSATION_MASKS: Final = 64
_MESSAGE_MASKS: Final = 8


class _Lru(Generic[K, V]):
    """A small least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = self._items[key] = make()
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return value


@dataclass(frozen=True)
class Selection:
    """The outcome of a filter state: which conversations, how many messages of each."""

    state: FilterState
    mask: Mask
    """One bool per conversation row."""
    counts: Counts
    """Selected messages per conversation row (zero outside the selection)."""

    @property
    def conversations(self) -> int:
        """Number of selected conversations."""
        return int(self.mask.sum())

    @property
    def messages(self) -> int:
        """Number of selected messages."""
        return int(self.counts.sum())


class SelectionEngine:
    """Selections, counts and sorted pages over eager conversations and messages."""

    def __init__(self, conversations: pl.DataFrame, messages: pl.DataFrame) -> None:
        self.conversations = conversations
        self.messages = messages.select(MESSAGE_COLUMNS)
        rows = conversations.select("account_id", "id").with_row_index("_row")
        owner = self.messages.select("account_id", pl.col("conversation_id").alias("id")).join(
            rows, on=["account_id", "id"], how="left", maintain_order="left"
        )
        self._owner = owner["_row"].fill_null(-1).cast(pl.Int64).to_numpy()
        self._listed = self._owner >= 0
        self.orphan_messages = int((~self._listed).sum())
        """Messages whose conversation is not in ``conversations``: never selected."""
        self._totals = self._bincount(self._listed)
        self._masks: dict[str, _Lru[str, Mask]] = {
            "conversations": _Lru(_CONVERSATION_MASKS),
            "messages": _Lru(_MESSAGE_MASKS),
        }
        self._message_counts: _Lru[str, Counts] = _Lru(_MESSAGE_MASKS)
        self._orders: dict[tuple[str, bool], npt.NDArray[np.int64]] = {}
        self._hour_of_week: npt.NDArray[np.int64] | None = None
        self._distinct: dict[str, tuple[npt.NDArray[np.int64], pl.DataFrame]] = {}
        self._type_counts: npt.NDArray[np.int64] | None = None
        self._counts_by_type(MESSAGE_TYPES)  # so that the first change of type is fast too
        self._order("last_activity_at", True)  # the default sort

    def _bincount(self, message_mask: Mask) -> Counts:
        owners = self._owner[message_mask & self._listed]
        return np.bincount(owners, minlength=self.conversations.height).astype(np.int64)

    def _distinct_values(self, column: str) -> tuple[npt.NDArray[np.int64], pl.DataFrame]:
        """Each row's code and the distinct values of conversation ``column``, computed once."""
        if column not in self._distinct:
            values = self.conversations.select(column)
            distinct = values.unique().with_row_index("_code")
            codes = values.join(
                distinct, on=column, how="left", maintain_order="left", nulls_equal=True
            )
            self._distinct[column] = (codes["_code"].cast(pl.Int64).to_numpy(), distinct)
        return self._distinct[column]

    def _mask(self, predicate: Predicate) -> Mask:
        frame = self.conversations if predicate.table == "conversations" else self.messages
        roots = set(predicate.expr.meta.root_names())

        def evaluate(on: pl.DataFrame) -> Mask:
            values = on.select(predicate.expr.fill_null(False)).to_series()
            return values.to_numpy().astype(np.bool_, copy=False)

        def by_distinct_values() -> Mask:
            codes, distinct = self._distinct_values(roots.pop())
            return evaluate(distinct)[codes]

        by_rows = (
            by_distinct_values
            if predicate.table == "conversations"
            and len(roots) == 1
            and roots <= set(DISTINCT_COLUMNS)
            else lambda: evaluate(frame)
        )
        return self._masks[predicate.table].get(predicate.code, by_rows)

    def _counts_by_type(self, types: Sequence[str]) -> Counts:
        """Messages of ``types`` per conversation, from per-type counts computed once."""
        categories = list(MESSAGE_TYPES)
        if self._type_counts is None:
            codes = (
                self.messages["message_type"]
                .cast(MESSAGE_TYPE)
                .to_physical()
                .fill_null(len(categories))
            )
            cells = self._owner * (len(categories) + 1) + codes.cast(pl.Int64).to_numpy()
            flat = np.bincount(
                cells[self._listed], minlength=self.conversations.height * (len(categories) + 1)
            )
            self._type_counts = flat.reshape(self.conversations.height, len(categories) + 1)
        chosen = self._type_counts[:, [categories.index(t) for t in types]]
        return np.asarray(chosen.sum(axis=1), dtype=np.int64)

    def _combined(self, found: Sequence[Predicate], size: int) -> Mask:
        mask = np.ones(size, dtype=np.bool_)
        for predicate in found:
            mask &= self._mask(predicate)
        return mask

    def apply(self, state: FilterState) -> Selection:
        """The selection of ``state``."""
        found = predicates(state)
        on_messages = [p for p in found if p.table == "messages"]
        mask = self._combined(
            [p for p in found if p.table == "conversations"], self.conversations.height
        )
        if not on_messages:
            return Selection(state, mask, np.where(mask, self._totals, 0))
        if [p.name for p in on_messages] == ["message type"]:
            counts = self._counts_by_type(state.message_types)
        else:
            key = "\n".join(p.code for p in on_messages)
            counts = self._message_counts.get(
                key, lambda: self._bincount(self._combined(on_messages, self.messages.height))
            )
        mask &= counts > 0
        return Selection(state, mask, np.where(mask, counts, 0))

    def selected_messages(self, selection: Selection) -> Mask:
        """One bool per message row: selected messages of selected conversations."""
        chosen = self._listed & selection.mask[np.where(self._listed, self._owner, 0)]
        on_messages = [p for p in predicates(selection.state) if p.table == "messages"]
        if on_messages:
            chosen &= self._combined(on_messages, self.messages.height)
        return chosen

    def _order(self, sort_by: SortKey, descending: bool) -> npt.NDArray[np.int64]:
        key = (sort_by, descending)
        if key not in self._orders:
            column = (
                pl.when(pl.col("priority").is_not_null()).then(
                    pl.col("priority").replace_strict(
                        PRIORITY_RANK, default=0, return_dtype=pl.Int8
                    )
                )
                if sort_by == "priority"
                else pl.col(sort_by)
            )
            order = self.conversations.select(
                pl.arg_sort_by(
                    [column, pl.col("account_id"), pl.col("id")],
                    descending=[descending, False, False],
                    nulls_last=True,
                )
            ).to_series()
            self._orders[key] = order.cast(pl.Int64).to_numpy()
        return self._orders[key]

    def sorted_rows(
        self, selection: Selection, *, sort_by: SortKey, descending: bool
    ) -> npt.NDArray[np.int64]:
        """Row numbers of the selected conversations, sorted (ties by account and id)."""
        if sort_by not in SORT_KEYS:
            msg = f"sort_by must be one of {', '.join(SORT_KEYS)}, got {sort_by!r}"
            raise ValueError(msg)
        if sort_by == "messages":
            rows = self._order("id", False)
            rows = rows[selection.mask[rows]]
            counts = selection.counts[rows]
            return rows[np.argsort(-counts if descending else counts, kind="stable")]
        order = self._order(sort_by, descending)
        return order[selection.mask[order]]

    def page(
        self, selection: Selection, *, sort_by: SortKey, descending: bool, page: int, size: int
    ) -> pl.DataFrame:
        """One page of selected conversations with their ``messages`` count, sorted."""
        rows = self.sorted_rows(selection, sort_by=sort_by, descending=descending)
        chosen = rows[page * size : (page + 1) * size]
        return self.conversations[chosen].with_columns(
            pl.Series("messages", selection.counts[chosen], dtype=pl.Int64)
        )

    def hour_of_week(self) -> npt.NDArray[np.int64]:
        """Each message's hour of the week (0 = Monday 00h UTC), computed once."""
        if self._hour_of_week is None:
            hours = self.messages.select(
                HOUR_OF_WEEK.fill_null(-1)
            ).to_series()  # Int64: no overflow
            self._hour_of_week = hours.to_numpy()
        return self._hour_of_week
