"""Clickable charts: each bar or cell an ipywidgets Button, so a click reaches the kernel.

Drawn with standard widgets only (no JavaScript of ours, nothing fetched): stacked
columns for conversations over time by status, horizontal bars for the top labels, the
top assignees and (with topics) the top topics, a 7 x 24 grid for messages by hour of
the week. Every mark carries
the CSS classes ``vx-mark`` and ``vx-mark-<chart>`` and a tooltip (its ``title``) that
starts with its key, e.g. ``vip: 3 conversations``. A click calls ``on_mark`` with the
:class:`~voxys_frames.explorer.drill.Mark`. Names are set as widget text, never as HTML.

Examples
--------
>>> from voxys_frames.explorer.charts import ChartData
>>> from voxys_frames.explorer.options import Names
>>> import polars as pl
>>> clicked = []
>>> view = ChartMarks(clicked.append)
>>> data = ChartData.empty()
>>> data = ChartData(data.over_time, pl.DataFrame({"label": ["vip"], "conversations": [3]}), data.hours)
>>> view.draw(data, pl.DataFrame(schema={"assignee_type": pl.String, "assignee_id": pl.Int64,
...     "conversations": pl.Int64}), Names({}))
>>> [b.tooltip for b in view.buttons if "vx-mark-labels" in b._dom_classes]
['vip: 3 conversations']
>>> view.buttons[0].click()
>>> clicked
[Mark(chart='labels', key='vip', count=3)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import ipywidgets as widgets
import polars as pl

from voxys_frames.explorer.charts import WEEKDAYS, ChartData
from voxys_frames.explorer.drill import ChartName, Mark
from voxys_frames.explorer.options import Names
from voxys_frames.explorer.render import esc

STATUS_COLOURS: Final = {
    "open": "#4c78a8",
    "pending": "#f58518",
    "resolved": "#54a24b",
    "snoozed": "#b279a2",
}
OTHER_COLOUR: Final = "#999999"
BAR_COLOUR: Final = "#4c78a8"
COLUMN_HEIGHT: Final = 160
BAR_WIDTH: Final = 320
CELL: Final = 16


def _blue(share: float) -> str:
    """A blue from pale (0) to dark (1)."""
    low, high = (240, 245, 255), (8, 81, 156)
    mixed = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


class ChartMarks(widgets.VBox):  # type: ignore[misc]
    """The clickable charts of a selection (four, five with topics)."""

    def __init__(self, on_mark: Callable[[Mark], None]) -> None:
        super().__init__()
        self.add_class("vx-charts")
        self._on_mark = on_mark
        self.buttons: list[Any] = []
        """The marks drawn now, in drawing order."""
        self._pool: dict[str, list[Any]] = {}
        self._used: dict[str, int] = {}

    @property
    def marks(self) -> list[Mark]:
        """The marks drawn now, in drawing order (labels, assignees, over time, hours,
        topics)."""
        return [button._mark for button in self.buttons]

    def _button(
        self, chart: ChartName, mark: Mark, tooltip: str, *, width: str, height: str
    ) -> Any:
        """A mark: a button of this chart's pool (made once, then reused: widgets are costly)."""
        pool = self._pool.setdefault(chart, [])
        index = self._used.get(chart, 0)
        self._used[chart] = index + 1
        if index == len(pool):
            made = widgets.Button(
                layout=widgets.Layout(padding="0", margin="0 1px 1px 0", min_width="0")
            )
            made.add_class("vx-mark")
            made.add_class(f"vx-mark-{chart}")
            made.on_click(lambda clicked: self._on_mark(clicked._mark))
            pool.append(made)
        button = pool[index]
        button._mark = mark
        button.tooltip = tooltip
        button.layout.width, button.layout.height = width, height
        self.buttons.append(button)
        return button

    def draw(self, data: ChartData, agents: pl.DataFrame, names: Names) -> None:
        """Replace the charts with those of ``data`` and ``agents``."""
        old: tuple[Any, ...] = tuple(self.children)  # type: ignore[has-type]
        self.buttons = []
        self._used = {}
        labels = [(label, label, n) for label, n in data.labels.iter_rows()]
        assignees = [
            ((kind, ident), names.agent(kind, ident), n)
            if ident is not None
            else (None, "Unassigned", n)
            for kind, ident, n in agents.select(
                "assignee_type", "assignee_id", "conversations"
            ).iter_rows()
        ]
        self.children = [
            self._bars("labels", "Top labels", labels),
            self._bars("agents", "Top assignees", assignees),
            self._over_time(data.over_time),
            self._hours(data.hours, data.timezone),
        ]
        if data.topics is not None:
            topics = [(topic, topic, n) for topic, n in data.topics.iter_rows()]
            self.children = [*self.children, self._bars("topics", "Top topics", topics)]
        for box in old:
            _close_boxes(box)

    def _bars(self, chart: ChartName, title: str, bars: list[tuple[Any, str, int]]) -> Any:
        top = max([1, *(count for _, _, count in bars)])
        rows = []
        for key, shown, count in bars:
            bar = self._button(
                chart,
                Mark(chart, key, int(count)),
                f"{shown}: {count:,} conversations",
                width=f"{max(4, round(BAR_WIDTH * count / top))}px",
                height="18px",
            )
            bar.description = f"{count:,}"
            bar.style.button_color = BAR_COLOUR
            bar.style.text_color = "white"
            rows.append(widgets.HBox([widgets.Label(shown, layout={"width": "180px"}), bar]))
        empty = [widgets.Label("nothing selected")] if not rows else []
        return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *rows, *empty])

    def _over_time(self, frame: pl.DataFrame) -> Any:
        totals = frame.group_by("period").agg(pl.col("conversations").sum())
        top = max([1, *totals["conversations"].to_list()])
        periods = totals["period"].sort(nulls_last=True).to_list()
        width = f"{max(4, min(24, 640 // max(1, len(periods))))}px"
        columns = []
        for period in periods:
            parts = frame.filter(pl.col("period").eq_missing(period)).sort(
                "status", descending=True
            )
            cells = []
            for status, count in parts.select("status", "conversations").iter_rows():
                cell = self._button(
                    "over_time",
                    Mark("over_time", (period, status), int(count)),
                    f"{period or 'no creation time'} {status}: {count:,} conversations",
                    width=width,
                    height=f"{max(2, round(COLUMN_HEIGHT * count / top))}px",
                )
                cell.style.button_color = STATUS_COLOURS.get(status, OTHER_COLOUR)
                cells.append(cell)
            columns.append(widgets.VBox(cells))
        bars = widgets.HBox(columns, layout={"align_items": "flex-end"})
        dated = [period for period in periods if period is not None]
        span = f"{dated[0]} to {dated[-1]}" if dated else "nothing dated selected"
        legend = " ".join(
            f"<span style='color:{colour}'>■</span> {status}"
            for status, colour in STATUS_COLOURS.items()
        )
        return widgets.VBox(
            [
                widgets.HTML(f"<b>Conversations over time by status</b> · {legend}"),
                bars,
                widgets.Label(span),
            ]
        )

    def _hours(self, frame: pl.DataFrame, zone: str) -> Any:
        counts = frame["messages"].to_list()
        top = max([1, *counts])
        rows = []
        for day, weekday in enumerate(WEEKDAYS):
            cells = [widgets.Label(weekday, layout={"width": "36px"})]
            for hour in range(24):
                slot = day * 24 + hour
                cell = self._button(
                    "hours",
                    Mark("hours", slot, int(counts[slot])),
                    f"{weekday} {hour:02d}h: {counts[slot]:,} messages",
                    width=f"{CELL}px",
                    height=f"{CELL}px",
                )
                cell.style.button_color = _blue(counts[slot] / top)
                cells.append(cell)
            rows.append(widgets.HBox(cells))
        return widgets.VBox([widgets.HTML(f"<b>Messages by hour of week ({esc(zone)})</b>"), *rows])


def _close_boxes(widget: Any) -> None:
    """Close ``widget`` and the boxes and labels inside it, not the pooled marks."""
    if isinstance(widget, widgets.Button):
        return
    for child in getattr(widget, "children", ()):
        _close_boxes(child)
    widget.close()
