"""Summary charts of a selection, drawn with altair and rendered offline to PNG.

Three charts follow the filters: conversations over time by status (per day, week or
month depending on the span), the top labels, and messages by hour of the week (UTC).
:func:`chart_data` computes the small frames behind them; :func:`charts` draws them;
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

from voxys_frames.explorer.engine import Selection, SelectionEngine

WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TOP_LABELS: Final = 15
WIDTH: Final = 420


@dataclass(frozen=True)
class ChartData:
    """The frames behind the three charts."""

    over_time: pl.DataFrame
    """period (Date), status, conversations."""
    labels: pl.DataFrame
    """label, conversations (the top ones)."""
    hours: pl.DataFrame
    """weekday, hour, messages (168 rows)."""

    @classmethod
    def empty(cls) -> ChartData:
        """Data of an empty selection."""
        return cls(
            pl.DataFrame(
                schema={"period": pl.Date, "status": pl.String, "conversations": pl.UInt32}
            ),
            pl.DataFrame(schema={"label": pl.String, "conversations": pl.UInt32}),
            _hours(np.zeros(168, dtype=np.int64)),
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


def chart_data(engine: SelectionEngine, selection: Selection) -> ChartData:
    """The chart frames of ``selection``."""
    chosen = engine.conversations.filter(pl.Series(selection.mask))
    if chosen.is_empty():
        return ChartData.empty()
    span = chosen.select(
        (pl.col("created_at").max() - pl.col("created_at").min()).dt.total_days()
    ).item()
    over_time = (
        chosen.group_by(
            pl.col("created_at").dt.truncate(_period(span or 0)).dt.date().alias("period"),
            pl.col("status").fill_null("unknown"),
        )
        .agg(pl.len().alias("conversations"))
        .sort("period", "status")
    )
    labels = (
        chosen.select(pl.col("labels").explode().alias("label"))
        .drop_nulls()
        .group_by("label")
        .agg(pl.len().alias("conversations"))
        .sort(["conversations", "label"], descending=[True, False])
        .head(TOP_LABELS)
    )
    slots = engine.hour_of_week()[engine.selected_messages(selection)]
    hours = _hours(np.bincount(slots[slots >= 0], minlength=168))
    return ChartData(over_time, labels, hours)


def charts(data: ChartData) -> list[alt.Chart]:
    """The three charts of ``data``."""
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
        alt.Chart(data.hours, title="Messages by hour of week (UTC)", width=WIDTH, height=140)
        .mark_rect()
        .encode(
            x=alt.X("hour:O"),
            y=alt.Y("weekday:N", sort=list(WEEKDAYS), title=None),
            color=alt.Color("messages:Q", scale=alt.Scale(scheme="blues")),
        )
    )
    return [over_time, labels, hours]


def to_png(chart: alt.Chart, *, scale: float = 1.0) -> bytes:
    """``chart`` as PNG bytes, rendered offline."""
    return bytes(vl_convert.vegalite_to_png(chart.to_dict(), scale=scale))
