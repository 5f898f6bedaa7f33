"""The explorer widget: filter controls, live counts, a paged table, a thread, charts, export.

Everything is computed in the kernel; the browser receives only the counts line, the
visible page of the table (HTML), the opened thread (HTML) and the charts (buttons as
marks, :mod:`voxys_frames.explorer.marks`), all escaped
(:mod:`voxys_frames.explorer.render`). Charts are drawn when their tab is open, so
filtering stays fast on large data. Clicking a mark narrows the filters to the
conversations behind it (:mod:`voxys_frames.explorer.drill`); "Back" returns to the
filters before the last drill, reset or loaded view. With ``topics``
(:mod:`voxys_frames.explorer.topics`) there is a Topic filter, a "Top topics" chart and
the topic in the thread's header.

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

import time
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import altair as alt
import ipywidgets as widgets
import polars as pl

from voxys_frames.exceptions import ConfigurationError, VoxysError
from voxys_frames.explorer.charts import chart_data, charts
from voxys_frames.explorer.controls import FilterControls
from voxys_frames.explorer.drill import DrillError, Mark, agent_counts, drill, period_every
from voxys_frames.explorer.engine import SORT_KEYS, Selection, SelectionEngine, SortKey
from voxys_frames.explorer.export import export_csv, export_snapshot, selection_frames
from voxys_frames.explorer.marks import ChartMarks
from voxys_frames.explorer.options import Names, options_of
from voxys_frames.explorer.render import (
    counts_html,
    esc,
    summaries_html,
    table_html,
    thread_html,
)
from voxys_frames.explorer.source import ExplorerData, open_source
from voxys_frames.explorer.summaries import named, summarize
from voxys_frames.explorer.topics import with_topics
from voxys_frames.explorer.zones import account_timezone
from voxys_frames.filters import FilterState, predicates
from voxys_frames.filters import views as saved
from voxys_frames.filters.linked import TOPICS_TABLE
from voxys_frames.links import conversation_links
from voxys_frames.tables.frames import Frames
from voxys_frames.topics import Topics

PAGE_SIZES: Final = (10, 25, 50, 100)
TABS: Final = ("Results", "Thread", "Charts", "Export", "Code", "Summary")
_RESULTS, _THREAD, _CHARTS, _SUMMARY = 0, 1, 2, 5
NO_THREAD: Final = "<i>Choose a conversation in Results.</i>"
NO_VIEW: Final = ("saved views…", None)


def _tagged(control: Any, name: str) -> Any:
    control.add_class(f"vx-{name}")
    return control


def _local_path(source: object) -> Path | None:
    """The snapshot folder ``source`` names, when it is a local path."""
    if isinstance(source, str | Path) and "://" not in str(source):
        return Path(source)
    return None


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

    def __init__(
        self,
        source: object,
        *,
        page_size: int = 25,
        link_base_url: str | None = None,
        topics: Topics | int | None = None,
    ) -> None:
        self.data: ExplorerData = open_source(source)
        if topics is not None:
            self.data = with_topics(self.data, topics)
        self.links = conversation_links(self.data.manifest, link_base_url=link_base_url)
        """Links from conversation ids into the app (None: ids are plain text)."""
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
        self.views_snapshot = _local_path(source)
        """The snapshot folder whose ``views.json`` holds saved views (None: views off)."""
        self.history: list[FilterState] = []
        """Filters before each drill, reset or loaded view, latest last ("Back" pops one)."""
        self._build(page_size)
        super().__init__(
            [
                self.counts,
                self.controls.layout(),
                widgets.HBox([self.reset, self.back]),
                widgets.HBox([self.view_choice, self.view_name, self.view_save, self.view_delete]),
                self.view_status,
                self.tabs,
            ]
        )
        self.add_class("vx-explorer")
        for control in self.controls.all:
            control.observe(self._on_filter, names="value")
        self._list_views()
        self.refresh()
        self.engine.start_background()  # text index, sort orders, chart codes

    # ----------------------------------------------------------------- layout
    def _build(self, page_size: int) -> None:
        self.counts = _tagged(widgets.HTML(), "counts")
        self.reset = _tagged(widgets.Button(description="Clear filters", icon="times"), "reset")
        self.reset.on_click(lambda _: self.push_state(FilterState()))
        self.back = _tagged(widgets.Button(description="Back", icon="undo", disabled=True), "back")
        self.back.on_click(lambda _: self.go_back())
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
        self.thread = _tagged(widgets.HTML(NO_THREAD), "thread")
        self.thread_row: int | None = None
        """Row (in the engine's conversations) of the thread shown, if any."""
        self.view_choice = _tagged(
            widgets.Dropdown(options=[NO_VIEW], value=None, description="Views"), "views"
        )
        self.view_name = _tagged(widgets.Text(placeholder="name of this view"), "view-name")
        self.view_save = _tagged(widgets.Button(description="Save view", icon="save"), "view-save")
        self.view_delete = _tagged(
            widgets.Button(description="Delete view", icon="trash"), "view-delete"
        )
        self.view_status = _tagged(widgets.HTML(), "view-status")
        self.view_choice.observe(self._on_view_choice, names="value")
        self.view_save.on_click(lambda _: self._view_action(self.save_view, self.view_name.value))
        self.view_delete.on_click(
            lambda _: self._view_action(self.delete_view, self.view_choice.value)
        )
        self.chart_marks = ChartMarks(self.drill)
        self.chart_status = _tagged(widgets.HTML(), "chart-status")
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
        self.summary = _tagged(widgets.HTML(), "summary")
        self._summary_stale = True
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
                    widgets.VBox([self.chart_status, self.chart_marks]),
                    export,
                    self.code,
                    self.summary,
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

    def push_state(self, state: FilterState) -> None:
        """Show ``state``, keeping the current filters for :meth:`go_back`."""
        previous = self.state
        self._set_state(state)
        self.history.append(previous)
        self.back.disabled = False

    def go_back(self) -> None:
        """Return to the filters before the last drill, reset or loaded view."""
        if self.history:
            self._set_state(self.history.pop())
        self.back.disabled = not self.history

    def drill(self, mark: Mark) -> None:
        """Narrow the filters to the conversations behind chart ``mark``."""
        try:
            state = drill(self.state, mark, every=period_every(self.engine, self.selection))
        except DrillError as exc:
            self.chart_status.value = f"<span class='vx-error'>{esc(exc)}</span>"
            return
        self.chart_status.value = ""
        self.tabs.selected_index = _RESULTS  # first: the charts are then redrawn only when shown
        self.push_state(state)

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
        self._forget_unselected_thread()
        self.code.value = f"<pre class='vx-code'>{esc(state.to_code())}</pre>"
        self._charts_stale = self._summary_stale = True
        if self.tabs.selected_index == _CHARTS:
            self.draw_charts()
        if self.tabs.selected_index == _SUMMARY:
            self.draw_summary()
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
        self.table.value = table_html(rows, self.names, caption=caption, links=self.links)
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

    def _forget_unselected_thread(self) -> None:
        if self.thread_row is not None and not self.selection.mask[self.thread_row]:
            self.thread.value = NO_THREAD
            self.thread_row = None

    def select(self, conversation_id: int, *, account_id: int | None = None) -> None:
        """Open conversation ``conversation_id`` (a display id) in the Thread tab."""
        conversations = self.engine.conversations.with_row_index("_row")
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
        self.thread_row = int(found["_row"][0])
        messages, attachments = self.data.thread(row["account_id"], row["id"])
        self.thread.value = thread_html(row, messages, attachments, self.names, links=self.links)
        self.tabs.selected_index = _THREAD

    # ------------------------------------------------------------------ views
    def _views_snapshot(self) -> Path:
        if self.views_snapshot is None:
            msg = "saved views need an explorer opened on a snapshot folder"
            raise ConfigurationError(msg)
        return self.views_snapshot

    def _list_views(self) -> None:
        names: list[str] = []
        if self.views_snapshot is not None:
            try:
                names = sorted(saved.read_views(self.views_snapshot))
            except VoxysError as exc:
                self.view_status.value = f"<span class='vx-error'>{esc(exc)}</span>"
        self._quiet_view = True
        self.view_choice.options = [NO_VIEW, *((name, name) for name in names)]
        self.view_choice.value = None
        self._quiet_view = False
        for control in (self.view_choice, self.view_name, self.view_save, self.view_delete):
            control.disabled = self.views_snapshot is None

    def save_view(self, name: str) -> None:
        """Save the current filters and sort as view ``name`` beside the snapshot."""
        saved.save_view(
            self._views_snapshot(),
            name,
            self.state,
            sort_by=self.sort_by.value,
            descending=self.descending.value,
        )
        self._list_views()
        self.view_status.value = f"saved view <b>{esc(name)}</b>"

    def load_view(self, name: str) -> None:
        """Show the filters and sort of view ``name`` (Back returns to the filters before)."""
        view = saved.read_views(self._views_snapshot()).get(name)
        if view is None:
            saved.load_view(self._views_snapshot(), name)  # raises: names the file and the views
            return
        if view.sort_by not in SORT_KEYS:
            msg = f"view {name!r}: sort_by must be one of {', '.join(SORT_KEYS)}, got {view.sort_by!r}"
            raise ConfigurationError(msg)
        self.sort_by.value, self.descending.value = view.sort_by, view.descending
        self.push_state(view.state)
        self.view_status.value = f"loaded view <b>{esc(name)}</b>"

    def delete_view(self, name: str | None) -> None:
        """Remove view ``name`` from the views file."""
        if not name:
            msg = "choose a view to delete"
            raise ConfigurationError(msg)
        saved.delete_view(self._views_snapshot(), name)
        self._list_views()
        self.view_status.value = f"deleted view <b>{esc(name)}</b>"

    def _view_action(self, action: Any, name: Any) -> None:
        try:
            action(name)
        except (VoxysError, OSError) as exc:
            self.view_status.value = f"<span class='vx-error'>{esc(exc)}</span>"

    def _on_view_choice(self, change: dict[str, Any]) -> None:
        if change["new"] is not None and not getattr(self, "_quiet_view", False):
            self._view_action(self.load_view, change["new"])

    # ----------------------------------------------------------------- charts
    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] == _CHARTS and self._charts_stale:
            self.draw_charts()
        if change["new"] == _SUMMARY and self._summary_stale:
            self.draw_summary()

    def column_summaries(self) -> dict[str, list[tuple[str, int]]]:
        """``column -> [(value, conversations)]`` of the selection: status, inbox, assignee,
        first-response bucket and messages per conversation (see
        :mod:`voxys_frames.explorer.summaries`)."""
        return named(summarize(self.engine, self.selection), self.names)

    def draw_summary(self) -> None:
        """Draw the column summaries into the Summary tab."""
        self.summary.value = summaries_html(
            self.column_summaries(), total=self.selection.conversations
        )
        self._summary_stale = False

    @property
    def conversation_topics(self) -> pl.DataFrame | None:
        """The per-conversation topics the Topic filter reads (None without topics): the
        frame named ``conversation_topics`` in the Code tab's code."""
        table = self.data.linked.get(TOPICS_TABLE)
        return None if table is None else table.collect()

    def charts(self) -> list[alt.Chart]:
        """The summary charts of the current selection, as altair charts."""
        return charts(chart_data(self.engine, self.selection))

    def draw_charts(self) -> None:
        """Draw the clickable charts into the Charts tab."""
        data = chart_data(self.engine, self.selection)
        self.chart_marks.draw(data, agent_counts(self.engine, self.selection), self.names)
        self._charts_stale = False

    # ----------------------------------------------------------------- export
    def selection_frames(self, *, whole_threads: bool = False) -> Frames:
        """Every table of the current selection (see :func:`voxys_frames.filters.select_tables`)."""
        return selection_frames(
            self.data.tables, self.state, whole_threads=whole_threads, linked=self.data.linked
        )

    def export(
        self, destination: str | Path, *, format: str = "parquet", whole_threads: bool = False
    ) -> Path | str:
        """Write the selection: a snapshot inside ``destination``, or CSVs into that new folder."""
        tables, linked = self.data.tables, self.data.linked
        if format == "parquet":
            return export_snapshot(
                tables, self.state, destination, whole_threads=whole_threads, linked=linked
            )
        if format == "csv":
            return export_csv(
                tables, self.state, destination, whole_threads=whole_threads, linked=linked
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
    link_base_url: str | None = None,
    topics: Topics | int | None = None,
) -> Explorer:
    """The explorer over a snapshot path or loaded frames; display it or make it a cell's last line.

    Conversation ids link into the app at the snapshot's host, or at ``link_base_url``
    (which also allows a loopback host such as the emulator's); see :mod:`voxys_frames.links`.
    ``topics``, a :func:`~voxys_frames.topics.find_topics` result or a number of topics
    to find on opening, adds the Topic filter, the "Top topics" chart and the topic in
    the thread's header (None, the default: no topics).

    >>> from voxys_frames.tables.frames import Frames
    >>> explore(Frames())
    Explorer(0 of 0 conversations, 0 messages; no filters)
    >>> from voxys_frames.topics._examples import example_frames
    >>> explorer = explore(example_frames(), topics=2)
    >>> explorer.drill(Mark("topics", "refund, money back, arrived", 3))
    >>> explorer
    Explorer(3 of 6 conversations, 4 messages; filters: topic)
    """
    return Explorer(source, page_size=page_size, link_base_url=link_base_url, topics=topics)
