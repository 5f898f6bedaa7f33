"""Drill-down: the filter state that selects exactly the conversations behind a chart mark.

A mark is one bar or cell of a chart of the current selection: a (period, status) of
"conversations over time", a label of "top labels", an hour of the week of "messages by
hour", an assignee of "top assignees". :func:`drill` adds the mark's condition to the
current state; the new selection is exactly what the mark counted (conversations for
the bar charts and the over-time chart, messages for the hour chart). When the current
filters cannot be narrowed that way (a range on another date, labels matched with
"any"), :class:`DrillError` says why in one line.

Examples
--------
>>> from datetime import date
>>> from voxys_frames.filters import FilterState
>>> drill(FilterState(), Mark("over_time", (date(2025, 1, 6), "open"), 3), every="1w")
FilterState(statuses=('open',), ..., date_from=datetime.date(2025, 1, 6), date_to=datetime.date(2025, 1, 12), ...)
>>> drill(FilterState(labels=("vip",), labels_match="all"), Mark("labels", "bug", 1)).labels
('vip', 'bug')
>>> drill(FilterState(labels=("a", "b")), Mark("labels", "c", 1))
Traceback (most recent call last):
...
voxys_frames.explorer.drill.DrillError: cannot drill into label 'c': the labels filter matches any of 2 labels; set it to 'all' or clear it first
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal

import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer.charts import _period
from voxys_frames.explorer.engine import Selection, SelectionEngine
from voxys_frames.filters import FilterState

ChartName = Literal["over_time", "labels", "hours", "agents", "topics"]
TOP_AGENTS: Final = 15


class DrillError(ConfigurationError):
    """A mark whose conversations the current filters cannot be narrowed to."""


@dataclass(frozen=True)
class Mark:
    """One bar or cell: its chart, its key and the number it shows.

    Keys: ``(period start, status)`` for ``over_time``, the label for ``labels``, the
    hour of the week (0-167) for ``hours``, ``(assignee_type, assignee_id)`` or
    ``None`` (unassigned) for ``agents``, the topic name for ``topics``.
    """

    chart: ChartName
    key: Any
    count: int


def period_every(engine: SelectionEngine, selection: Selection) -> str:
    """The bucket of the over-time chart for ``selection`` (``1d``, ``1w`` or ``1mo``)."""
    chosen = engine.conversations.filter(pl.Series(selection.mask)).select(
        (pl.col("created_at").max() - pl.col("created_at").min()).dt.total_days()
    )
    return _period(int(chosen.item() or 0))


def period_end(start: date, every: str) -> date:
    """The last day of the period starting at ``start``.

    >>> period_end(date(2024, 2, 1), "1mo"), period_end(date(2025, 1, 6), "1w")
    (datetime.date(2024, 2, 29), datetime.date(2025, 1, 12))
    """
    if every == "1d":
        return start
    if every == "1w":
        return start + timedelta(days=6)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def agent_counts(engine: SelectionEngine, selection: Selection) -> pl.DataFrame:
    """Selected conversations per assignee (``None`` id: unassigned), the top ones.

    Columns ``assignee_type``, ``assignee_id``, ``conversations``, most first.
    """
    chosen = engine.conversations.filter(pl.Series(selection.mask))
    return (
        chosen.group_by(
            pl.when(pl.col("assignee_id").is_not_null()).then(
                pl.col("assignee_type").fill_null("User")
            ),
            "assignee_id",
        )
        .agg(pl.len().cast(pl.Int64).alias("conversations"))
        .sort(
            ["conversations", "assignee_type", "assignee_id"],
            descending=[True, False, False],
            nulls_last=True,
        )
        .head(TOP_AGENTS)
    )


def _fail(what: str, why: str) -> DrillError:
    return DrillError(f"cannot drill into {what}: {why}")


def _period_state(state: FilterState, mark: Mark, every: str) -> FilterState:
    start, status = mark.key
    what = f"{status} in the period from {start}"
    if state.date_field != "created_at" and (state.date_from or state.date_to):
        raise _fail(what, "a date range on last activity is set; clear it first")
    if status == "unknown":
        raise _fail(what, "conversations without a status cannot be filtered on")
    if start is None:
        raise _fail(f"{status} without a creation time", "no date filter selects them")
    first = max(start, state.date_from) if state.date_from else start
    end = period_end(start, every)
    last = min(end, state.date_to) if state.date_to else end
    return state.replace(statuses=(status,), date_field="created_at", date_from=first, date_to=last)


def _label_state(state: FilterState, mark: Mark) -> FilterState:
    label = mark.key
    if not state.labels or state.labels_match == "all":
        labels = state.labels if label in state.labels else (*state.labels, label)
        return state.replace(labels=labels, labels_match="all")
    if label in state.labels:
        return state.replace(labels=(label,), labels_match="any")
    if len(state.labels) == 1:
        return state.replace(labels=(*state.labels, label), labels_match="all")
    why = f"the labels filter matches any of {len(state.labels)} labels; set it to 'all' or clear it first"
    raise _fail(f"label {label!r}", why)


def drill(state: FilterState, mark: Mark, *, every: str = "1d") -> FilterState:
    """``state`` narrowed to the conversations (or messages) of ``mark``.

    ``every`` is the over-time chart's bucket (:func:`period_every`).
    """
    if mark.chart == "over_time":
        return _period_state(state, mark, every)
    if mark.chart == "labels":
        return _label_state(state, mark)
    if mark.chart == "hours":
        return state.replace(message_hours=(int(mark.key),))
    if mark.chart == "topics":  # one topic per conversation: that topic alone is exact
        return state.replace(topics=(str(mark.key),))
    assignee = None if mark.key is None else (str(mark.key[0]), int(mark.key[1]))
    return state.replace(assignees=(assignee,))
