"""Column summaries of a selection: counts by status, inbox, assignee, first response, messages.

Each column is coded once per data set (a small integer per conversation row); a summary
is then one ``numpy.bincount`` of the codes under the selection mask, so it costs the
same whatever the filters. First response is ``first_reply_created_at -
created_at`` (the first reply of anyone, not Chatwoot's business rule), in buckets;
messages per conversation count the selected messages.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.filters import FilterState
>>> from voxys_frames.explorer.engine import SelectionEngine
>>> from voxys_frames.tables.schema import conform
>>> conversations = conform(pl.DataFrame({"account_id": [1, 1, 1], "id": [1, 2, 3],
...     "status": ["open", "open", "resolved"]}), "conversations")
>>> messages = conform(pl.DataFrame({"account_id": [1], "id": [7], "conversation_id": [1]}), "messages")
>>> engine = SelectionEngine(conversations, messages)
>>> found = ColumnSummaries(engine).of(engine.apply(FilterState()))
>>> found["status"]
[('open', 2), ('resolved', 1)]
>>> found["messages per conversation"][:2]
[('0', 2), ('1', 1)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from voxys_frames.explorer.engine import Selection, SelectionEngine
from voxys_frames.explorer.options import Names

Codes = npt.NDArray[np.int64]
Summary = list[tuple[str, int]]

RESPONSE_EDGES: Final = (300, 900, 3600, 4 * 3600, 24 * 3600)
RESPONSE_BUCKETS: Final = (
    "under 5 min",
    "5-15 min",
    "15 min-1 h",
    "1-4 h",
    "4-24 h",
    "over 1 day",
    "no reply",
)
MESSAGE_EDGES: Final = (1, 2, 4, 8, 16)
MESSAGE_BUCKETS: Final = ("0", "1", "2-3", "4-7", "8-15", "16 or more")
TOP: Final = 10
"""Values listed per column (the most frequent); the rest are summed as "others"."""


def _coded(values: pl.Series, name: Callable[[object], str]) -> tuple[Codes, list[str]]:
    """Each row's code and the label of each code (null last)."""
    distinct = values.unique().sort(nulls_last=True)
    table = pl.DataFrame({"v": distinct}).with_row_index("_code")
    codes = (
        pl.DataFrame({"v": values})
        .join(table, on="v", how="left", maintain_order="left", nulls_equal=True)["_code"]
        .cast(pl.Int64)
        .to_numpy()
    )
    return codes, [name(v) for v in distinct.to_list()]


def _bucketed(values: npt.NDArray[np.float64], edges: tuple[int, ...]) -> Codes:
    codes = np.searchsorted(np.asarray(edges, dtype=np.float64), values, side="right")
    return np.where(np.isnan(values), len(edges) + 1, codes).astype(np.int64)


class ColumnSummaries:
    """Summaries of selections of one engine's conversations (codes computed once)."""

    def __init__(self, engine: SelectionEngine, names: Names | None = None) -> None:
        names = names or Names({})
        conversations = engine.conversations
        agents = conversations.select(
            pl.when(pl.col("assignee_id").is_not_null()).then(
                pl.struct(pl.col("assignee_type").fill_null("User"), "assignee_id")
            )
        ).to_series()
        seconds = (
            conversations.select(
                (pl.col("first_reply_created_at") - pl.col("created_at")).dt.total_seconds()
            )
            .to_series()
            .cast(pl.Float64)
            .fill_null(np.nan)
            .to_numpy()
        )
        self._columns: dict[str, tuple[Codes, list[str]]] = {
            "status": _coded(conversations["status"], lambda v: str(v or "(none)")),
            "inbox": _coded(
                conversations["inbox_id"],
                lambda v: names.inbox(int(v)) if isinstance(v, int) else "(none)",
            ),
            "assignee": _coded(
                agents,
                lambda v: (
                    names.agent(v["assignee_type"], v["assignee_id"])
                    if isinstance(v, dict)
                    else "Unassigned"
                ),
            ),
            "first response": (_bucketed(seconds, RESPONSE_EDGES), list(RESPONSE_BUCKETS)),
        }

    def of(self, selection: Selection) -> dict[str, Summary]:
        """``column -> [(value, conversations)]`` for the selection, most frequent first
        (buckets in their order)."""
        found: dict[str, Summary] = {}
        for column, (codes, labels) in self._columns.items():
            counts = np.bincount(codes[selection.mask], minlength=len(labels))
            pairs = list(zip(labels, counts.tolist(), strict=True))
            found[column] = pairs if column == "first response" else _top(pairs)
        messages = _bucketed(selection.counts[selection.mask].astype(np.float64), MESSAGE_EDGES)
        counts = np.bincount(messages, minlength=len(MESSAGE_BUCKETS))
        found["messages per conversation"] = list(
            zip(MESSAGE_BUCKETS, counts[: len(MESSAGE_BUCKETS)].tolist(), strict=True)
        )
        return found


def _top(pairs: Summary) -> Summary:
    ranked = sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], p[0]))
    rest = sum(n for _, n in ranked[TOP:])
    return ranked[:TOP] + ([("others", rest)] if rest else [])
