"""The explorer widget: filter controls, live counts, a paged table, a thread, charts, export.

Everything is computed in the kernel; the browser receives only the counts line, the
visible page of the table (HTML), the opened thread (HTML) and chart images, all
escaped (:mod:`voxys_frames.explorer.render`). Charts are drawn when their tab is
open, so filtering stays fast on large data.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.tables.frames import Frames
>>> frames = Frames({"conversations": pl.DataFrame({"account_id": [1, 1], "id": [1, 2],
...     "status": ["open", "resolved"]}), "messages": pl.DataFrame({"account_id": [1],
...     "id": [5], "conversation_id": [2], "content": ["<b>hi</b>"]})})
>>> explorer = Explorer(frames)
>>> explorer
Explorer(2 of 2 conversations, 1 messages; no filters)
>>> explorer.controls.status.value = ("open",)
>>> explorer
Explorer(1 of 2 conversations, 0 messages; filters: status)
>>> explorer.select(2)
>>> "&lt;b&gt;hi&lt;/b&gt;" in explorer.thread.value
True
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import altair as alt
import ipywidgets as widgets
import polars as pl
from IPython.display import Image, display

from voxys_frames.exceptions import ConfigurationError, VoxysError
from voxys_frames.explorer.charts import chart_data, charts, to_pngs, warm_up
from voxys_frames.explorer.controls import FilterControls
from voxys_frames.explorer.engine import SORT_KEYS, Selection, SelectionEngine, SortKey
from voxys_frames.explorer.export import export_csv, export_snapshot, selection_frames
from voxys_frames.explorer.options import Names, options_of
from voxys_frames.explorer.render import counts_html, esc, table_html, thread_html
from voxys_frames.explorer.source import ExplorerData, open_source
from voxys_frames.explorer.zones import account_timezone
from voxys_frames.filters import FilterState, predicates
from voxys_frames.tables.frames import Frames

PAGE_SIZES: Final = (10, 25, 50, 100)
TABS: Final = ("Results", "Thread", "Charts", "Export", "Code")
_RESULTS, _THREAD, _CHARTS = 0, 1, 2


def _tagged(control: Any, name: str) -> Any:
    control.add_class(f"vx-{name}")
    return control


class Explorer(widgets.VBox):  # type: ignore[misc]
    """Filter, count, list, read and export the conversations of a snapshot.

    ``state`` is the current :class:`~voxys_frames.filters.FilterState` (assign one to
    set every control); :meth:`select` opens a conversation's thread;
    :meth:`selection_frames`, :meth:`export` and :meth:`charts` give the selection to code.

    Examples
    --------
    >>> import polars as pl
    >>> from voxys_frames import FilterState
    >>> from voxys_frames.tables.frames import Frames
    >>> frames = Frames({"conversations": pl.DataFrame({"account_id": [1, 1], "id": [1, 2],
    ...     "status": ["open", "resolved"]})})
    >>> explorer = Explorer(frames)
    >>> explorer.state = FilterState(statuses=("resolved",))
    >>> explorer
    Explorer(1 of 2 conversations, 0 messages; filters: status)
    """

    def __init__(self, source: object, *, page_size: int = 25) -> None:
        self.data: ExplorerData = open_source(source)
        inboxes = self.data.reference.get("inboxes")
        self.timezone = "UTC" if inboxes is None else account_timezone(inboxes)
        """The zone of day filters and charts: the account's (its inboxes') or UTC."""
        self.engine = SelectionEngine(
            self.data.conversations, self.data.messages, timezone=self.timezone, start=False
        )
        self.names = Names(self.data.reference)
        self.controls = FilterControls(
            options_of(
                {"conversations": self.data.conversations, "messages": self.data.messages},
                self.names,
            )
        )
        self.selection: Selection = self.engine.apply(FilterState())
        self.page_number = 0
        self._many_accounts = self.data.conversations["account_id"].n_unique() > 1
        self.last_update_seconds = 0.0
        self._charts_stale = True
        self._build(page_size)
        super().__init__([self.counts, self.controls.layout(), self.reset, self.tabs])
        self.add_class("vx-explorer")
        for control in self.controls.all:
            control.observe(self._on_filter, names="value")
        self.refresh()
        self.engine.start_background()  # text index, sort orders, chart codes
        threading.Thread(target=warm_up, daemon=True).start()  # the chart renderer

    # ----------------------------------------------------------------- layout
    def _build(self, page_size: int) -> None:
        self.counts = _tagged(widgets.HTML(), "counts")
        self.reset = _tagged(widgets.Button(description="Clear filters", icon="times"), "reset")
        self.reset.on_click(lambda _: self._set_state(FilterState()))
        self.sort_by = _tagged(
            widgets.Dropdown(options=SORT_KEYS, value="last_activity_at", description="Sort by"),
            "sort-by",
        )
        self.descending = _tagged(
            widgets.ToggleButton(value=True, description="descending"), "descending"
        )
        self.page_size = _tagged(
            widgets.Dropdown(options=PAGE_SIZES, value=page_size, description="Rows"), "page-size"
        )
        self.previous_page = _tagged(
            widgets.Button(description="previous", icon="arrow-left"), "previous"
        )
        self.next_page = _tagged(widgets.Button(description="next", icon="arrow-right"), "next")
        self.page_label = _tagged(widgets.Label(), "page-label")
        self.table = _tagged(widgets.HTML(), "table")
        self.open_choice = _tagged(
            widgets.Dropdown(
                options=[("open a conversation…", None)], value=None, description="Open"
            ),
            "open",
        )
        self.thread = _tagged(widgets.HTML("<i>Choose a conversation in Results.</i>"), "thread")
        self.chart_outputs = [_tagged(widgets.Output(), f"chart-{i}") for i in range(3)]
        self.export_path = _tagged(
            widgets.Text(value="exports", description="Folder"), "export-path"
        )
        self.export_format = _tagged(
            widgets.Dropdown(
                options=(("Parquet snapshot", "parquet"), ("CSV files", "csv")),
                description="Format",
            ),
            "export-format",
        )
        self.whole_threads = _tagged(
            widgets.Checkbox(value=False, description="whole threads"), "whole-threads"
        )
        self.export_button = _tagged(
            widgets.Button(description="Export selection", icon="download"), "export"
        )
        self.export_status = _tagged(widgets.HTML(), "export-status")
        self.code = _tagged(widgets.HTML(), "code")
        for control in (self.sort_by, self.descending, self.page_size):
            control.observe(lambda _: self._show_page(0), names="value")
        self.previous_page.on_click(lambda _: self._show_page(self.page_number - 1))
        self.next_page.on_click(lambda _: self._show_page(self.page_number + 1))
        self.open_choice.observe(self._on_open, names="value")
        self.export_button.on_click(lambda _: self._on_export())
        results = widgets.VBox(
            [
                widgets.HBox([self.sort_by, self.descending, self.page_size]),
                widgets.HBox([self.previous_page, self.page_label, self.next_page]),
                self.table,
                self.open_choice,
            ]
        )
        export = widgets.VBox(
            [
                self.export_path,
                self.export_format,
                self.whole_threads,
                self.export_button,
                self.export_status,
            ]
        )
        self.tabs = _tagged(
            widgets.Tab(
                children=[
                    results,
                    self.thread,
                    widgets.VBox(self.chart_outputs),
                    export,
                    self.code,
                ],
                titles=TABS,
            ),
            "tabs",
        )
        self.tabs.observe(self._on_tab, names="selected_index")

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> FilterState:
        """The filter state the controls show (in the explorer's time zone)."""
        return self.controls.read().replace(timezone=self.timezone)

    @state.setter
    def state(self, state: FilterState) -> None:
        self.timezone = state.timezone
        self._set_state(state)

    def _set_state(self, state: FilterState) -> None:
        self._quiet = True
        try:
            self.controls.write(state)
        finally:
            self._quiet = False
        self.refresh()

    def _on_filter(self, _change: dict[str, Any]) -> None:
        if not getattr(self, "_quiet", False):
            self.refresh()

    def refresh(self) -> None:
        """Recompute the selection from the controls and redraw counts, table and code."""
        started = time.perf_counter()
        try:
            state = self.state
        except VoxysError as exc:
            self.counts.value = f"<span class='vx-error'>{esc(exc)}</span>"
            return
        self.selection = self.engine.apply(state)
        self.counts.value = counts_html(
            self.selection.conversations,
            self.selection.messages,
            total=self.engine.conversations.height,
            orphans=self.engine.orphan_messages,
        )
        self._show_page(0)
        self.code.value = f"<pre class='vx-code'>{esc(state.to_code())}</pre>"
        self._charts_stale = True
        if self.tabs.selected_index == _CHARTS:
            self.draw_charts()
        self.last_update_seconds = time.perf_counter() - started

    # ---------------------------------------------------------------- results
    def page_frame(self) -> pl.DataFrame:
        """The conversations of the visible page, as shown."""
        sort_by: SortKey = self.sort_by.value
        return self.engine.page(
            self.selection,
            sort_by=sort_by,
            descending=self.descending.value,
            page=self.page_number,
            size=self.page_size.value,
        )

    def _show_page(self, number: int) -> None:
        size = self.page_size.value
        pages = max(1, -(-self.selection.conversations // size))
        self.page_number = min(max(number, 0), pages - 1)
        rows = self.page_frame()
        first = self.page_number * size
        self.page_label.value = f"page {self.page_number + 1} of {pages:,}"
        caption = f"rows {first + 1 if rows.height else 0}-{first + rows.height} of {self.selection.conversations:,}"
        self.table.value = table_html(rows, self.names, caption=caption)
        self.previous_page.disabled = self.page_number == 0
        self.next_page.disabled = self.page_number >= pages - 1
        keys = list(zip(rows["account_id"].to_list(), rows["id"].to_list(), strict=True))
        self._quiet_open = True
        self.open_choice.options = [("open a conversation…", None)] + [
            (f"#{i} (account {a})" if self._many_accounts else f"#{i}", (a, i)) for a, i in keys
        ]
        self.open_choice.value = None
        self._quiet_open = False

    # ----------------------------------------------------------------- thread
    def _on_open(self, change: dict[str, Any]) -> None:
        if change["new"] is not None and not getattr(self, "_quiet_open", False):
            account_id, conversation_id = change["new"]
            self.select(conversation_id, account_id=account_id)

    def select(self, conversation_id: int, *, account_id: int | None = None) -> None:
        """Open conversation ``conversation_id`` (a display id) in the Thread tab."""
        conversations = self.engine.conversations
        match = conversations["id"] == conversation_id
        if account_id is not None:
            match &= conversations["account_id"] == account_id
        found = conversations.filter(match)
        if found.is_empty():
            msg = f"conversation {conversation_id} is not in the data"
            raise ConfigurationError(msg)
        if found.height > 1:
            accounts = ", ".join(str(a) for a in found["account_id"].to_list())
            msg = f"conversation {conversation_id} exists in accounts {accounts}; pass account_id="
            raise ConfigurationError(msg)
        row = found.row(0, named=True)
        messages, attachments = self.data.thread(row["account_id"], row["id"])
        self.thread.value = thread_html(row, messages, attachments, self.names)
        self.tabs.selected_index = _THREAD

    # ----------------------------------------------------------------- charts
    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] == _CHARTS and self._charts_stale:
            self.draw_charts()

    def charts(self) -> list[alt.Chart]:
        """The summary charts of the current selection, as altair charts."""
        return charts(chart_data(self.engine, self.selection))

    def draw_charts(self) -> None:
        """Render the charts into the Charts tab."""
        for output, png in zip(self.chart_outputs, to_pngs(self.charts()), strict=True):
            output.clear_output(wait=True)
            with output:
                display(Image(data=png, format="png"))  # type: ignore[no-untyped-call]
        self._charts_stale = False

    # ----------------------------------------------------------------- export
    def selection_frames(self, *, whole_threads: bool = False) -> Frames:
        """Every table of the current selection (see :func:`voxys_frames.filters.select_tables`)."""
        return selection_frames(self.data.tables, self.state, whole_threads=whole_threads)

    def export(
        self, destination: str | Path, *, format: str = "parquet", whole_threads: bool = False
    ) -> Path | str:
        """Write the selection: a snapshot inside ``destination``, or CSVs into that new folder."""
        if format == "parquet":
            return export_snapshot(
                self.data.tables, self.state, destination, whole_threads=whole_threads
            )
        if format == "csv":
            return export_csv(
                self.data.tables, self.state, destination, whole_threads=whole_threads
            )
        msg = f"export format must be 'parquet' or 'csv', got {format!r}"
        raise ConfigurationError(msg)

    def _on_export(self) -> None:
        try:
            path = self.export(
                self.export_path.value,
                format=self.export_format.value,
                whole_threads=self.whole_threads.value,
            )
        except (VoxysError, OSError) as exc:
            self.export_status.value = f"<span class='vx-error'>export failed: {esc(exc)}</span>"
            return
        except Exception:  # shown, not swallowed: a widget callback has nowhere else to report
            self.export_status.value = f"<pre class='vx-error'>{esc(traceback.format_exc())}</pre>"
            raise
        self.export_status.value = f"exported to <code>{esc(path)}</code>"

    def __repr__(self) -> str:
        names = [p.name for p in predicates(self.selection.state)]
        filters = f"filters: {', '.join(names)}" if names else "no filters"
        return (
            f"Explorer({self.selection.conversations:,} of {self.engine.conversations.height:,} "
            f"conversations, {self.selection.messages:,} messages; {filters})"
        )


def explore(
    source: str | Path | Frames | Mapping[str, pl.DataFrame] | Mapping[str, pl.LazyFrame],
    *,
    page_size: int = 25,
) -> Explorer:
    """The explorer over a snapshot path or loaded frames; display it or make it a cell's last line.

    >>> from voxys_frames.tables.frames import Frames
    >>> explore(Frames())
    Explorer(0 of 0 conversations, 0 messages; no filters)
    """
    return Explorer(source, page_size=page_size)
