"""Column summaries of a selection: how its conversations split by a few columns.

Each summary is a small frame, the values then ``conversations`` (how many selected
conversations have that value), largest first: status, inbox, assignee (type and id,
null for unassigned), first-response time in buckets, and messages per conversation in
buckets (the selection's message count: the matching messages when a message filter is
set). They are counted with ``numpy.bincount`` over codes the engine computes once.
:func:`named` turns them into the labelled lists the explorer's Summary tab draws.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.explorer.engine import SelectionEngine
>>> from voxys_frames.explorer.options import Names
>>> from voxys_frames.filters import FilterState
>>> from voxys_frames.tables.schema import conform
>>> conversations = conform(pl.DataFrame({"account_id": [1, 1, 1], "id": [1, 2, 3],
...     "status": ["open", "open", "resolved"]}), "conversations")
>>> messages = conform(pl.DataFrame({"account_id": [1, 1], "id": [7, 8],
...     "conversation_id": [1, 1]}), "messages")
>>> engine = SelectionEngine(conversations, messages, text_index="off")
>>> found = summarize(engine, engine.apply(FilterState()))
>>> found.status.rows()
[('open', 2), ('resolved', 1)]
>>> found.messages.rows()
[('0', 2), ('2-5', 1)]
>>> named(found, Names({}))["status"]
[('open', 2), ('resolved', 1)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import numpy.typing as npt
import polars as pl

from voxys_frames.explorer.engine import NO_TIME, Selection, SelectionEngine
from voxys_frames.explorer.options import Names

MINUTE_US: Final = 60_000_000

FIRST_RESPONSE: Final = (
    ("under 5 min", 5),
    ("5-15 min", 15),
    ("15-60 min", 60),
    ("1-4 h", 240),
    ("4-24 h", 1440),
    ("1-7 d", 10080),
    ("over 7 d", None),
)
"""First-response buckets (label, upper bound in minutes, exclusive); before them,
"reply before creation" (a negative time), after them "no reply"."""

MESSAGES: Final = (("0", 0), ("1", 1), ("2-5", 5), ("6-10", 10), ("11-20", 20),
                   ("21-50", 50), ("51-100", 100), ("over 100", None))  # fmt: skip
"""Messages-per-conversation buckets (label, upper bound, inclusive)."""

TOP: Final = 10
"""Values listed per column by :func:`named` (the most frequent); the rest are "others"."""

Summary = list[tuple[str, int]]
"""``(value, conversations)`` pairs, as drawn."""


@dataclass(frozen=True)
class Summaries:
    """The summaries of one selection; each frame ends with ``conversations``."""

    status: pl.DataFrame
    inbox: pl.DataFrame
    assignee: pl.DataFrame
    first_response: pl.DataFrame
    """``bucket`` in :data:`FIRST_RESPONSE` order (empty buckets left out)."""
    messages: pl.DataFrame
    """``bucket`` in :data:`MESSAGES` order (empty buckets left out)."""


def _by_value(engine: SelectionEngine, selection: Selection, *columns: str) -> pl.DataFrame:
    codes, distinct = engine.codes(*columns)
    counts = np.bincount(codes[selection.mask], minlength=distinct.height)
    return (
        distinct.with_columns(pl.Series("conversations", counts, dtype=pl.Int64))
        .filter(pl.col("conversations") > 0)
        .sort(["conversations", *columns], descending=[True] + [False] * len(columns))
    )


def _buckets(labels: list[str], codes: npt.NDArray[np.int64]) -> pl.DataFrame:
    counts = np.bincount(codes, minlength=len(labels))
    kept = np.flatnonzero(counts)
    return pl.DataFrame(
        {"bucket": [labels[i] for i in kept], "conversations": counts[kept]},
        schema={"bucket": pl.String, "conversations": pl.Int64},
    )


def first_response_codes(engine: SelectionEngine) -> tuple[list[str], npt.NDArray[np.int64]]:
    """Each conversation's first-response bucket code and the bucket labels."""
    created = engine.created_micros()
    reply = engine.conversations["first_reply_created_at"].dt.cast_time_unit("us")
    replied = reply.to_physical().fill_null(NO_TIME).cast(pl.Int64).to_numpy()
    known = (created != NO_TIME) & (replied != NO_TIME)
    minutes = np.where(known, replied - created, 0) / MINUTE_US
    bounds = [b for _, b in FIRST_RESPONSE if b is not None]
    codes = 1 + np.searchsorted(np.array(bounds), minutes, side="right")
    codes = np.where(minutes < 0, 0, codes)
    codes = np.where(known, codes, len(FIRST_RESPONSE) + 1)
    labels = ["reply before creation", *(label for label, _ in FIRST_RESPONSE), "no reply"]
    return labels, codes.astype(np.int64)


def summarize(engine: SelectionEngine, selection: Selection) -> Summaries:
    """The summaries of ``selection``."""
    labels, codes = engine.cached("first_response", lambda: first_response_codes(engine))
    bounds = np.array([b for _, b in MESSAGES if b is not None])
    per_conversation = np.searchsorted(bounds, selection.counts[selection.mask], side="left")
    return Summaries(
        status=_by_value(engine, selection, "status"),
        inbox=_by_value(engine, selection, "inbox_id"),
        assignee=_by_value(engine, selection, "assignee_type", "assignee_id"),
        first_response=_buckets(labels, codes[selection.mask]),
        messages=_buckets([label for label, _ in MESSAGES], per_conversation),
    )


def _top(pairs: Summary) -> Summary:
    rest = sum(count for _, count in pairs[TOP:])
    return pairs[:TOP] + ([("others", rest)] if rest else [])


def named(found: Summaries, names: Names) -> dict[str, Summary]:
    """``column -> [(value, conversations)]`` with display names: status, inbox and
    assignee most frequent first (the :data:`TOP` ones, then "others"), buckets in order.

    >>> from voxys_frames.explorer.options import Names
    >>> found = Summaries(*(pl.DataFrame() for _ in range(3)),
    ...     pl.DataFrame({"bucket": ["1-4 h"], "conversations": [2]}),
    ...     pl.DataFrame({"bucket": ["0"], "conversations": [2]}))
    >>> named(found, Names({}))["first response"]
    [('1-4 h', 2)]
    """

    def pairs(frame: pl.DataFrame, name: Callable[[dict[str, object]], str]) -> Summary:
        return [(name(row), cast(int, row["conversations"])) for row in frame.iter_rows(named=True)]

    def inbox(row: dict[str, object]) -> str:
        value = row["inbox_id"]
        return names.inbox(value) if isinstance(value, int) else "(none)"

    def assignee(row: dict[str, object]) -> str:
        value, kind = row["assignee_id"], row["assignee_type"]
        if not isinstance(value, int):
            return "Unassigned"
        return names.agent(kind if isinstance(kind, str) else "User", value)

    return {
        "status": _top(pairs(found.status, lambda row: str(row["status"] or "(none)"))),
        "inbox": _top(pairs(found.inbox, inbox)),
        "assignee": _top(pairs(found.assignee, assignee)),
        "first response": pairs(found.first_response, lambda row: str(row["bucket"])),
        "messages per conversation": pairs(found.messages, lambda row: str(row["bucket"])),
    }
