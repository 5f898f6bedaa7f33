"""Summary charts of a selection, drawn with altair and rendered offline to PNG.

Three charts follow the filters: conversations over time by status (per day, week or
month depending on the span), the top labels, and messages by hour of the week, days
and hours in the filter state's time zone; with topics (the linked ``topic`` column,
:mod:`voxys_frames.explorer.topics`) a fourth, the top topics. :func:`chart_data` computes the small frames
behind them by counting precomputed integer codes of the selected rows (no grouping of
rows per draw); :func:`charts` draws them;
:func:`to_png` renders one with vl-convert, so nothing is fetched from the network and
label text is drawn as pixels, never as HTML.

Examples
--------
>>> data = ChartData.empty()
>>> [c.title for c in charts(data)]  # doctest: +NORMALIZE_WHITESPACE
['Conversations over time by status', 'Top labels', 'Messages by hour of week (UTC)']
>>> to_png(charts(data)[1])[:4]
b'\\x89PNG'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import altair as alt
import numpy as np
import numpy.typing as npt
import polars as pl
import vl_convert

from voxys_frames.explorer.engine import NO_TIME, Selection, SelectionEngine
from voxys_frames.explorer.zones import NO_DAY, period_starts

WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TOP_LABELS: Final = 15
TOP_TOPICS: Final = 20
WIDTH: Final = 420
DAY_US: Final = 86_400_000_000


@dataclass(frozen=True)
class ChartData:
    """The frames behind the charts."""

    over_time: pl.DataFrame
    """period (Date), status, conversations."""
    labels: pl.DataFrame
    """label, conversations (the top ones)."""
    hours: pl.DataFrame
    """weekday, hour, messages (168 rows)."""
    timezone: str = "UTC"
    """The zone of the periods and hours."""
    topics: pl.DataFrame | None = None
    """topic, conversations (the top ones); None when the explorer has no topics."""

    @classmethod
    def empty(cls, timezone: str = "UTC", *, topics: bool = False) -> ChartData:
        """Data of an empty selection (with an empty topics frame if ``topics``)."""
        return cls(
            pl.DataFrame(
                schema={"period": pl.Date, "status": pl.String, "conversations": pl.UInt32}
            ),
            pl.DataFrame(schema={"label": pl.String, "conversations": pl.UInt32}),
            _hours(np.zeros(168, dtype=np.int64)),
            timezone,
            pl.DataFrame(schema={"topic": pl.String, "conversations": pl.UInt32})
            if topics
            else None,
        )


def _period(span_days: int) -> str:
    return "1d" if span_days <= 62 else "1w" if span_days <= 730 else "1mo"


def _hours(counts: npt.NDArray[np.int64]) -> pl.DataFrame:
    slots = np.arange(168)
    return pl.DataFrame(
        {
            "weekday": [WEEKDAYS[s // 24] for s in slots],
            "hour": slots % 24,
            "messages": counts[:168],
        }
    )


def _over_time(engine: SelectionEngine, rows: npt.NDArray[np.int64], zone: str) -> pl.DataFrame:
    """Selected conversations per period of creation (local to ``zone``) and status."""
    created = engine.created_micros()[rows]
    known = created != NO_TIME
    span_days = int((created[known].max() - created[known].min()) // DAY_US) if known.any() else 0
    days = engine.calendar("conversations", zone).days[rows]
    status_codes, statuses = engine.codes("status")
    status = status_codes[rows]
    width = statuses.height
    dated = days != NO_DAY
    starts = period_starts(days[dated], _period(span_days)).astype(np.int64)
    first = int(starts.min()) if starts.size else 0
    counts = np.bincount((starts - first) * width + status[dated], minlength=width)
    cells = np.flatnonzero(counts)
    undated = np.bincount(status[~dated], minlength=width)
    no_day = np.flatnonzero(undated)
    cells_frame = pl.DataFrame(
        {
            "period": pl.Series([None] * no_day.size + (first + cells // width).tolist()),
            "status": statuses["status"].gather(np.concatenate([no_day, cells % width])),
            "conversations": np.concatenate([undated[no_day], counts[cells]]),
        },
        schema_overrides={"period": pl.Int32},
    )
    return (  # a few cells; "unknown" may be both a null and a real status
        cells_frame.group_by(pl.col("period").cast(pl.Date), pl.col("status").fill_null("unknown"))
        .agg(pl.col("conversations").sum().cast(pl.UInt32))
        .sort("period", "status")
    )


def _top_labels(engine: SelectionEngine, selection: Selection) -> pl.DataFrame:
    rows, codes, names = engine.labels()
    counts = np.bincount(codes[selection.mask[rows]], minlength=names.len())
    top = np.lexsort((np.arange(counts.size), -counts))[:TOP_LABELS]  # names are sorted
    top = top[counts[top] > 0]
    return pl.DataFrame(
        {"label": names.gather(top), "conversations": counts[top]},
        schema_overrides={"conversations": pl.UInt32},
    )


def _top_topics(engine: SelectionEngine, selection: Selection) -> pl.DataFrame:
    """Selected conversations per topic, most first (ties by name), without "no topic"."""
    codes, distinct = engine.codes("topic")
    counts = np.bincount(codes[selection.mask], minlength=distinct.height)
    names = distinct["topic"]
    order = names.arg_sort(nulls_last=True).to_numpy()  # by name, so ties are by name
    top = order[np.argsort(-counts[order], kind="stable")]
    top = top[(counts[top] > 0) & names.is_not_null().to_numpy()[top]][:TOP_TOPICS]
    return pl.DataFrame(
        {"topic": names.gather(top), "conversations": counts[top]},
        schema_overrides={"conversations": pl.UInt32},
    )


def chart_data(engine: SelectionEngine, selection: Selection) -> ChartData:
    """The chart frames of ``selection``, in the time zone of its filter state."""
    zone = selection.state.timezone
    rows = np.flatnonzero(selection.mask)
    has_topics = "topic" in engine.conversations.columns
    if rows.size == 0:
        return ChartData.empty(zone, topics=has_topics)
    hours = _hours(engine.hour_counts(selection, zone))
    topics = _top_topics(engine, selection) if has_topics else None
    return ChartData(
        _over_time(engine, rows, zone), _top_labels(engine, selection), hours, zone, topics
    )


def charts(data: ChartData) -> list[alt.Chart]:
    """The charts of ``data`` (the top topics last, when there are topics)."""
    over_time = (
        alt.Chart(
            data.over_time, title="Conversations over time by status", width=WIDTH, height=180
        )
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("conversations:Q", stack=True),
            color=alt.Color("status:N"),
            tooltip=["period:T", "status:N", "conversations:Q"],
        )
    )
    labels = (
        alt.Chart(data.labels, title="Top labels", width=WIDTH, height=180)
        .mark_bar()
        .encode(
            x=alt.X("conversations:Q"),
            y=alt.Y("label:N", sort="-x", title=None),
        )
    )
    hours = (
        alt.Chart(
            data.hours,
            title=f"Messages by hour of week ({data.timezone})",
            width=WIDTH,
            height=140,
        )
        .mark_rect()
        .encode(
            x=alt.X("hour:O"),
            y=alt.Y("weekday:N", sort=list(WEEKDAYS), title=None),
            color=alt.Color("messages:Q", scale=alt.Scale(scheme="blues")),
        )
    )
    if data.topics is None:
        return [over_time, labels, hours]
    topics = (
        alt.Chart(data.topics, title="Top topics", width=WIDTH, height=180)
        .mark_bar()
        .encode(x=alt.X("conversations:Q"), y=alt.Y("topic:N", sort="-x", title=None))
    )
    return [over_time, labels, hours, topics]


def to_png(chart: alt.Chart, *, scale: float = 1.0) -> bytes:
    """``chart`` as PNG bytes, rendered offline."""
    return bytes(vl_convert.vegalite_to_png(chart.to_dict(), scale=scale))
