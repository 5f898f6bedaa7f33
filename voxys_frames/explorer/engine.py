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

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, Literal, TypeVar, cast

import numpy as np
import numpy.typing as npt
import polars as pl

from voxys_frames.explorer.search import TextIndex
from voxys_frames.explorer.zones import LocalCalendar, local_calendar
from voxys_frames.filters import FilterState
from voxys_frames.filters.predicates import Predicate, predicates
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

NO_TIME: Final = np.iinfo(np.int64).min
"""A null time among integer microseconds."""

SUMMARY_COLUMNS: Final = (
    ("status",),
    ("priority",),
    ("inbox_id",),
    ("assignee_type", "assignee_id"),
)
"""Conversation columns whose codes are computed in the background (summaries, sorts)."""

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

TextIndexing = Literal["background", "now", "off"]
"""When the text index is built: in a background thread (searches scan the messages
until it is ready, with the same results), before the engine is returned, or never."""

_CONVERSATION_MASKS: Final = 64
_MESSAGE_MASKS: Final = 8


def _reverse_keeping_ties(
    order: npt.NDArray[np.int64], keys: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """``order`` (sorted ascending by ``keys``) turned descending, equal keys kept in order.

    >>> _reverse_keeping_ties(np.array([7, 8, 9, 5]), np.array([1, 2, 2, 3])).tolist()
    [5, 8, 9, 7]
    """
    if order.size == 0:
        return order
    reversed_keys = keys[::-1]
    starts = np.flatnonzero(np.r_[True, reversed_keys[1:] != reversed_keys[:-1]])
    lengths = np.diff(np.r_[starts, order.size])
    run_start = np.repeat(starts, lengths)
    within = np.arange(order.size) - run_start
    flipped: npt.NDArray[np.int64] = order[::-1][
        run_start + np.repeat(lengths, lengths) - 1 - within
    ]
    return flipped


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


def _message_groups(
    owner: npt.NDArray[np.integer[Any]], conversations: int
) -> tuple[npt.NDArray[np.int64], Mask, int] | None:
    """Where each conversation's messages start, when the messages come in conversation
    order (as a crawl writes them; orphans, numbered ``conversations``, last): the start
    of every conversation that has messages, which ones have, and where the orphans
    begin. None otherwise (counts then use ``numpy.bincount``).

    >>> starts, nonempty, end = _message_groups(np.array([0, 0, 2, 3, 3]), 3)
    >>> starts.tolist(), nonempty.tolist(), end
    ([0, 2], [True, False, True], 3)
    """
    if owner.size and not bool(np.all(owner[1:] >= owner[:-1])):
        return None
    bounds = np.searchsorted(owner, np.arange(conversations + 1)).astype(np.int64)
    nonempty = bounds[1:] > bounds[:-1]
    return bounds[:-1][nonempty], nonempty, int(bounds[-1])


class SelectionEngine:
    """Selections, counts and sorted pages over eager conversations and messages."""

    def __init__(
        self,
        conversations: pl.DataFrame,
        messages: pl.DataFrame,
        *,
        text_index: TextIndexing = "background",
        timezone: str = "UTC",
        start: bool = True,
    ) -> None:
        self.conversations = conversations
        self.messages = messages.select(MESSAGE_COLUMNS)
        rows = conversations.select("account_id", "id").with_row_index("_row")
        owner = self.messages.select("account_id", pl.col("conversation_id").alias("id")).join(
            rows, on=["account_id", "id"], how="left", maintain_order="left"
        )
        self._owner = owner["_row"].fill_null(-1).cast(pl.Int64).to_numpy()
        self._listed = self._owner >= 0
        self._owner_or_past: npt.NDArray[np.integer[Any]] = np.where(
            self._listed, self._owner, conversations.height
        ).astype(np.int32 if conversations.height < 2**31 - 1 else np.int64)
        self.orphan_messages = int((~self._listed).sum())
        """Messages whose conversation is not in ``conversations``: never selected."""
        self._groups = _message_groups(self._owner_or_past, conversations.height)
        self._totals = self._bincount(self._listed)
        self._masks: dict[str, _Lru[str, Mask]] = {
            "conversations": _Lru(_CONVERSATION_MASKS),
            "messages": _Lru(_MESSAGE_MASKS),
        }
        self._message_counts: _Lru[str, Counts] = _Lru(_MESSAGE_MASKS)
        self._orders: dict[tuple[str, bool], npt.NDArray[np.int64]] = {}
        self._orders_lock = threading.Lock()
        self._by_id = (
            conversations.select(pl.arg_sort_by("account_id", "id", nulls_last=True))
            .to_series()
            .cast(pl.Int64)
            .to_numpy()
        )
        self._distinct: dict[tuple[str, ...], tuple[npt.NDArray[np.int64], pl.DataFrame]] = {}
        self._labels: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], pl.Series] | None = None
        self._calendars: dict[tuple[str, str], LocalCalendar] = {}
        self._calendars_lock = threading.RLock()
        self._created: npt.NDArray[np.int64] | None = None
        self._cache: dict[str, object] = {}
        self.timezone = timezone
        """The zone whose calendars are computed in the background."""
        self._type_counts: npt.NDArray[np.int64] | None = None
        self._counts_by_type(MESSAGE_TYPES)  # so that the first change of type is fast too
        self._order("last_activity_at", True)  # the default sort
        self._text_index: TextIndex | None = None
        self._text_index_done = threading.Event()
        self._prepared = threading.Event()
        self._background = text_index == "background"
        if text_index == "now":
            self._build_text_index()
        elif text_index == "off":
            self._text_index_done.set()
        if not self._background:
            self._prepared.set()
        elif start:
            self.start_background()

    def start_background(self) -> None:
        """Start the background work (once; ``start=False`` leaves it to the caller, e.g.
        after the first page is drawn, so that opening does not share the CPU with it)."""
        if self._background:
            self._background = False
            threading.Thread(target=self._prepare, daemon=True).start()

    def ready(self, *, wait: float | None = 0) -> bool:
        """Whether the background work (text index, sort orders, chart codes) is done,
        waiting up to ``wait`` seconds (``None``: until it is)."""
        return self._prepared.wait(wait)

    def _prepare(self) -> None:
        """The background work after opening: the text index, every sort order, and the
        codes behind the charts and summaries."""
        try:
            self._build_text_index()
            self.precompute_orders()
            self.precompute_tallies()
        finally:
            self._prepared.set()

    def precompute_tallies(self) -> None:
        """Compute now the codes that charts and summaries count (done in the background)."""
        for table in ("conversations", "messages"):
            self.calendar(table, self.timezone)
        self.labels()
        everything = np.ones(self.conversations.height, dtype=np.bool_)
        self.cached(
            f"hour counts/{self.timezone}",
            lambda: self._hour_counts_of(everything, self.timezone),
        )
        for columns in SUMMARY_COLUMNS:
            self.codes(*columns)
        if "topic" in self.conversations.columns:
            self.codes("topic")

    def _build_text_index(self) -> None:
        try:
            self._text_index = TextIndex.build(self.messages["content"])
        finally:
            self._text_index_done.set()

    def text_index(self, *, wait: float | None = 0) -> TextIndex | None:
        """The text index, or None while it is being built (waiting up to ``wait``
        seconds; ``None``: until it is done) or when it is off."""
        self._text_index_done.wait(wait)
        return self._text_index

    def _bincount(self, message_mask: Mask) -> Counts:
        """Messages of ``message_mask`` per conversation row (orphans counted apart)."""
        size = self.conversations.height
        if self._groups is not None:  # messages in conversation order: sums of runs
            starts, nonempty, end = self._groups
            counts = np.zeros(size, dtype=np.int64)
            if end:
                runs = message_mask[:end].view(np.int8)
                counts[nonempty] = np.add.reduceat(runs, starts, dtype=np.int64)
            return counts
        counts = np.bincount(self._owner_or_past[message_mask], minlength=size + 1)
        return counts[:size].astype(np.int64)

    def codes(self, *columns: str) -> tuple[npt.NDArray[np.int64], pl.DataFrame]:
        """Each conversation's code and the distinct values of ``columns``, computed once.

        Row ``i`` of the frame is the value of code ``i``; nulls are a value too.
        """
        if columns not in self._distinct:
            values = self.conversations.select(columns)
            distinct = values.unique().with_row_index("_code")
            codes = values.join(
                distinct, on=list(columns), how="left", maintain_order="left", nulls_equal=True
            )
            self._distinct[columns] = (
                codes["_code"].cast(pl.Int64).to_numpy(),
                distinct.drop("_code"),
            )
        return self._distinct[columns]

    def labels(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], pl.Series]:
        """Every (conversation row, label code) pair and the label names, computed once."""
        if self._labels is None:
            pairs = (
                self.conversations.select(pl.col("labels").alias("label"))
                .with_row_index("_row")
                .explode("label")
                .drop_nulls("label")
            )
            names = pairs["label"].unique().sort()
            codes = pairs["label"].replace_strict(
                names, pl.int_range(names.len(), eager=True), return_dtype=pl.Int64
            )
            self._labels = (
                pairs["_row"].cast(pl.Int64).to_numpy(),
                codes.cast(pl.Int64).to_numpy(),
                names,
            )
        return self._labels

    def calendar(self, table: Literal["conversations", "messages"], zone: str) -> LocalCalendar:
        """Local day and hour of week of each row's ``created_at`` in ``zone``, computed once."""
        with self._calendars_lock:
            if (table, zone) not in self._calendars:
                frame = self.conversations if table == "conversations" else self.messages
                self._calendars[(table, zone)] = local_calendar(frame["created_at"], zone)
            return self._calendars[(table, zone)]

    def _mask(self, predicate: Predicate) -> Mask:
        frame = self.conversations if predicate.table == "conversations" else self.messages
        roots = set(predicate.expr.meta.root_names())

        def evaluate(on: pl.DataFrame) -> Mask:
            values = on.select(predicate.expr.fill_null(False)).to_series()
            return values.to_numpy().astype(np.bool_, copy=False)

        def by_distinct_values() -> Mask:
            codes, distinct = self.codes(roots.pop())
            return evaluate(distinct)[codes]

        by_rows = (
            by_distinct_values
            if predicate.table == "conversations"
            and len(roots) == 1
            and roots <= set(DISTINCT_COLUMNS)
            else lambda: evaluate(frame)
        )
        index = self.text_index() if predicate.search is not None else None
        if index is not None and predicate.search is not None:
            search = predicate.search
            return self._masks[predicate.table].get(predicate.code, lambda: index.search(search))
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
        if not found:
            return np.ones(size, dtype=np.bool_)
        mask = self._mask(found[0]).copy()  # the cached mask stays as it is
        for predicate in found[1:]:
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
        if selection.mask.size == 0:
            return np.zeros(self.messages.height, dtype=np.bool_)
        chosen: Mask = selection.mask[
            self._owner
        ]  # an orphan's -1 reads the last row: cleared next
        chosen &= self._listed
        on_messages = [p for p in predicates(selection.state) if p.table == "messages"]
        if on_messages:
            chosen &= self._combined(on_messages, self.messages.height)
        return chosen

    def _sort_key(self, sort_by: SortKey) -> tuple[npt.NDArray[np.int64], Mask]:
        """Integers that sort as column ``sort_by`` does, and where it is null."""
        column = self.conversations[sort_by]
        if sort_by == "priority" or column.dtype == pl.String:
            codes, distinct = self.codes(sort_by)
            names = distinct[sort_by]
            if sort_by == "priority":
                rank = names.replace_strict(PRIORITY_RANK, default=0, return_dtype=pl.Int64)
            else:
                rank = names.rank("dense").cast(pl.Int64)
            ranks = rank.set(names.is_null(), None)
            return ranks.fill_null(0).to_numpy()[codes], ranks.is_null().to_numpy()[codes]
        nulls = column.is_null().to_numpy()
        return column.to_physical().cast(pl.Int64).fill_null(0).to_numpy(), nulls

    def _order(self, sort_by: SortKey, descending: bool) -> npt.NDArray[np.int64]:
        """Rows by ``sort_by`` (nulls last), ties by account and id; both directions at once."""
        with self._orders_lock:
            if (sort_by, descending) not in self._orders:
                values, nulls = self._sort_key(sort_by)
                by_id = self._by_id
                present = by_id[~nulls[by_id]]
                keys = values[present]
                keys = keys - keys.min() if keys.size else keys
                small = np.uint16 if keys.size and keys.max() < 2**16 else np.int64
                ascending = present[np.argsort(keys.astype(small), kind="stable")]
                missing = by_id[nulls[by_id]]
                self._orders[(sort_by, False)] = np.concatenate([ascending, missing])
                flipped = _reverse_keeping_ties(ascending, values[ascending])
                self._orders[(sort_by, True)] = np.concatenate([flipped, missing])
            return self._orders[(sort_by, descending)]

    def precompute_orders(self) -> None:
        """Compute every column's sort order now (the engine does it in the background)."""
        for key in SORT_KEYS:
            if key != "messages":
                self._order(key, False)

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
            top = int(counts.max()) if counts.size else 0
            keys = top - counts if descending else counts  # stable either way
            small = np.uint16 if top < 2**16 else np.int64  # numpy radix-sorts 16 bits
            return rows[np.argsort(keys.astype(small), kind="stable")]
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

    def cached(self, name: str, make: Callable[[], V]) -> V:
        """``make()``, computed once per engine and kept under ``name``."""
        with self._calendars_lock:
            if name not in self._cache:
                self._cache[name] = make()
            return cast(V, self._cache[name])

    def created_micros(self) -> npt.NDArray[np.int64]:
        """Each conversation's ``created_at`` in microseconds (:data:`NO_TIME` if null)."""
        if self._created is None:
            created = self.conversations["created_at"].dt.cast_time_unit("us").to_physical()
            self._created = created.fill_null(NO_TIME).cast(pl.Int64).to_numpy()
        return self._created

    def _messages_by_conversation(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Listed message rows grouped by conversation row, and where each group starts."""

        def make() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
            if self._groups is not None:  # already in conversation order, orphans last
                order = np.arange(self._groups[2], dtype=np.int64)
            else:
                order = np.argsort(self._owner, kind="stable")[self.orphan_messages :]
            starts = np.concatenate([[0], np.cumsum(self._totals)]).astype(np.int64)
            return order, starts

        return self.cached("messages by conversation", make)

    def _hours_by_conversation(self, zone: str) -> npt.NDArray[np.int16]:
        order, _ = self._messages_by_conversation()
        return self.cached(f"hours by conversation/{zone}", lambda: self.hour_of_week(zone)[order])

    def _hour_counts_of(self, mask: Mask, zone: str) -> Counts:
        """Messages per hour of week of the conversations in ``mask``."""
        _, starts = self._messages_by_conversation()
        rows = np.flatnonzero(mask)
        sizes = starts[rows + 1] - starts[rows]
        first = np.repeat(starts[rows] - np.cumsum(sizes) + sizes, sizes)
        slots = self._hours_by_conversation(zone)[first + np.arange(int(sizes.sum()))]
        return np.bincount(slots[slots >= 0], minlength=168).astype(np.int64)

    def hour_counts(self, selection: Selection, zone: str) -> Counts:
        """Selected messages per hour of the week in ``zone`` (168 counts, Monday 00h first).

        Without a message filter, the messages of the selected conversations are read
        grouped by conversation, or, when most are selected, the others are taken away
        from the total.
        """
        if any(p.table == "messages" for p in predicates(selection.state)):
            slots = self.hour_of_week(zone)[self.selected_messages(selection)]
            return np.bincount(slots[slots >= 0], minlength=168).astype(np.int64)
        if 2 * int(selection.mask.sum()) <= selection.mask.size:
            return self._hour_counts_of(selection.mask, zone)
        everything = np.ones(selection.mask.size, dtype=np.bool_)
        total = self.cached(f"hour counts/{zone}", lambda: self._hour_counts_of(everything, zone))
        return total - self._hour_counts_of(~selection.mask, zone)

    def hour_of_week(self, zone: str = "UTC") -> npt.NDArray[np.int16]:
        """Each message's hour of the week in ``zone`` (0 = Monday 00h, -1: no time)."""
        return self.calendar("messages", zone).hour_of_week
