"""The widget: set control values as a user would, assert on counts, table, thread, code, export."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.explorer.conftest import IMG, SCRIPT
from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer import Explorer, explore
from voxys_frames.filters import AttributeFilter, FilterState
from voxys_frames.snapshot import load_snapshot, write_snapshot
from voxys_frames.tables.frames import Frames


def counts(explorer: Explorer) -> tuple[int, int]:
    found = re.search(
        r"<b>([\d,]+)</b> of [\d,]+ conversations · <b>([\d,]+)</b> messages", explorer.counts.value
    )
    assert found, explorer.counts.value
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def table_ids(explorer: Explorer) -> list[int]:
    return [int(i) for i in re.findall(r"<tr><td>#(\d+)</td>", explorer.table.value)]


@pytest.fixture
def explorer(frames: Frames) -> Explorer:
    made = explore(frames)
    made.sort_by.value = "id"
    made.descending.value = False
    return made


def test_starts_with_everything(explorer: Explorer, frames: Frames) -> None:
    assert counts(explorer) == (6, frames.messages.height - 1)  # one message has no conversation
    assert table_ids(explorer) == [1, 2, 3, 4, 5, 6]
    assert "1 messages of conversations not in the data" in explorer.counts.value
    assert explorer.state.is_empty


def test_options_come_from_the_data(explorer: Explorer) -> None:
    assert [v for _, v in explorer.controls.status.options] == [
        "open",
        "pending",
        "resolved",
        "snoozed",
    ]
    assert explorer.controls.assignee.options[0] == ("Unassigned (2)", None)
    assert ("Ann Agent (2)", ("User", 5)) in explorer.controls.assignee.options
    assert [v for _, v in explorer.controls.priority.options] == [None, "urgent", "high", "low"]
    row = explorer.controls.attributes.add_row()
    assert row.key.options[1:] == (
        ("it's", "it's"),
        ("plan", "plan"),
        ("seats", "seats"),
        ("vip", "vip"),
    )
    row.key.value = "plan"
    assert row.text.options == ("free", "pro")


@pytest.mark.parametrize(
    ("control", "value", "ids", "message_count"),
    [
        ("status", ("open",), [1, 2], 8),
        ("inbox", (3,), [4, 6], 2),
        ("assignee", (None,), [2, 6], 6),
        ("team", (2,), [3, 6], 2),
        ("priority", (None,), [2, 4], 6),
        ("channel", ("Channel::Api",), [4, 6], 2),
        ("message_type", ("activity",), [1, 6], 2),
        ("text", "REFUND", [1, 5], 3),
        ("waiting", "waiting", [1, 5], 4),
        ("date_from", date(2025, 1, 15), [5, 6], 2),
    ],
)
def test_each_control_changes_counts_and_table(
    explorer: Explorer, control: str, value: object, ids: list[int], message_count: int
) -> None:
    getattr(explorer.controls, control).value = value
    assert counts(explorer) == (len(ids), message_count)
    assert table_ids(explorer) == ids


def test_labels_any_then_all(explorer: Explorer) -> None:
    explorer.controls.labels.value = ("vip", "bug")
    assert table_ids(explorer) == [1, 4, 5]
    explorer.controls.labels_match.value = "all"
    assert table_ids(explorer) == [1, 5]


def test_attribute_filter_needs_a_value_before_it_applies(explorer: Explorer) -> None:
    row = explorer.controls.attributes.add_row()
    row.key.value = "plan"
    assert table_ids(explorer) == [1, 2, 3, 4, 5, 6]
    row.text.value = "pro"
    assert table_ids(explorer) == [1]
    row.op.value = "absent"
    assert table_ids(explorer) == [3, 4, 5, 6]
    assert explorer.state.attributes == (AttributeFilter("plan", "absent"),)


def test_several_attribute_rows_all_hold_and_rows_come_off(explorer: Explorer) -> None:
    first, second = explorer.controls.attributes.add_row(), explorer.controls.attributes.add_row()
    first.key.value, first.op.value = "plan", "present"
    assert table_ids(explorer) == [1, 2]
    second.key.value, second.text.value = "seats", "12"
    assert table_ids(explorer) == [1]
    assert len(explorer.state.attributes) == 2
    first.remove.click()
    assert explorer.state.attributes == (AttributeFilter("seats", "equals", "12"),)
    second.remove.click()
    assert table_ids(explorer) == [1, 2, 3, 4, 5, 6]


def test_state_with_several_attributes_shows_one_row_each(explorer: Explorer) -> None:
    state = FilterState(
        attributes=(AttributeFilter("plan", "present"), AttributeFilter("vip", "absent"))
    )
    explorer.state = state
    assert len(explorer.controls.attributes.rows) == 2
    assert explorer.state == state
    with pytest.raises(ConfigurationError, match="keys \\['colour'\\] not among the keys"):
        explorer.state = FilterState(attributes=(AttributeFilter("colour", "present"),))


def test_filters_combine_both_ways(explorer: Explorer) -> None:
    explorer.controls.status.value = ("open", "snoozed")
    explorer.controls.text.value = "refund"
    assert counts(explorer) == (2, 3)
    explorer.controls.message_type.value = ("outgoing",)
    assert counts(explorer) == (1, 1)
    assert table_ids(explorer) == [1]


def test_a_bad_date_range_is_reported_not_applied(explorer: Explorer) -> None:
    explorer.controls.date_from.value = date(2025, 2, 1)
    explorer.controls.date_to.value = date(2025, 1, 1)
    assert "date_from 2025-02-01 is after date_to 2025-01-01" in explorer.counts.value
    explorer.controls.date_to.value = None
    assert counts(explorer) == (0, 0)
    assert "No conversation matches." in explorer.table.value


def test_sorting_and_paging(explorer: Explorer) -> None:
    explorer.page_size.value = 10
    explorer.sort_by.value = "created_at"
    explorer.descending.value = True
    assert table_ids(explorer) == [5, 6, 4, 3, 2, 1]
    explorer.sort_by.value = "messages"
    assert table_ids(explorer)[:2] == [2, 1]  # 6 and 3 messages
    # pages of two rows: only the visible page is in the HTML
    explorer.page_size.options = (2, 10)
    explorer.page_size.value = 2
    explorer.sort_by.value = "id"
    explorer.descending.value = False
    assert table_ids(explorer) == [1, 2]
    assert explorer.page_label.value == "page 1 of 3"
    assert explorer.previous_page.disabled
    explorer.next_page.click()
    assert table_ids(explorer) == [3, 4]
    explorer.next_page.click()
    explorer.next_page.click()  # past the end stays on the last page
    assert table_ids(explorer) == [5, 6]
    assert explorer.next_page.disabled
    explorer.controls.status.value = ("resolved",)  # a filter change goes back to page 1
    assert explorer.page_label.value == "page 1 of 1"
    assert [key for _, key in explorer.open_choice.options[1:]] == [(1, 3), (1, 6)]


def test_thread_view(explorer: Explorer) -> None:
    explorer.select(1)
    html = explorer.thread.value
    assert explorer.tabs.selected_index == 1
    assert html.index("I want a REFUND now") < html.index("Sure, refund on its way")
    assert "vx-activity" in html and "Conversation was resolved" in html
    explorer.select(2)
    html = explorer.thread.value
    assert "<b>Ann Agent</b><span class='vx-badge'>User</span>" in html
    assert "vx-private" in html and "private note" in html
    assert "2,048 bytes" in html and '<a href="https://files.example/a.png"' in html
    assert "javascript:alert(1)</li>" in html and 'href="javascript' not in html


def test_open_from_the_table_dropdown(explorer: Explorer) -> None:
    explorer.open_choice.value = (1, 4)
    assert "Rate us (a+b)" in explorer.thread.value


def test_select_unknown_conversation(explorer: Explorer) -> None:
    with pytest.raises(ConfigurationError, match="conversation 404 is not in the data"):
        explorer.select(404)


HOSTILE = [SCRIPT, IMG]


def test_hostile_text_is_escaped_everywhere(explorer: Explorer) -> None:
    explorer.select(2)
    explorer.controls.text.value = "<"
    explorer.tabs.selected_index = 4
    html = (
        explorer.thread.value + explorer.table.value + explorer.code.value + explorer.counts.value
    )
    for raw in HOSTILE:
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in explorer.thread.value  # message content
    assert "&lt;img src=x onerror=alert(1)&gt;" in explorer.thread.value  # sender name and label
    assert "&lt;img src=x onerror=alert(1)&gt;" in explorer.table.value  # label in the table
    assert "&lt;script&gt;" in explorer.table.value  # contact and inbox names
    assert "<script" not in html.lower() and "onerror=" not in html.replace(
        "onerror=alert(1)&gt;", ""
    )


def test_state_setter_sets_every_control(explorer: Explorer) -> None:
    state = FilterState(
        statuses=("open",),
        assignees=(("User", 5),),
        labels=("vip",),
        text="refund",
        waiting="waiting",
        attributes=(AttributeFilter("plan", "equals", "pro"),),
    )
    explorer.state = state
    assert explorer.state == state
    assert table_ids(explorer) == [1]
    assert re.sub(r"\s+", " ", "(?i)refund") in explorer.code.value
    explorer.reset.click()
    assert explorer.state.is_empty and counts(explorer)[0] == 6


def test_state_setter_refuses_values_not_offered(explorer: Explorer) -> None:
    with pytest.raises(ConfigurationError, match="Status: \\['closed'\\] not among the options"):
        explorer.state = FilterState(statuses=("closed",))


def test_code_tab_shows_escaped_code(explorer: Explorer) -> None:
    explorer.controls.text.value = SCRIPT
    assert "&lt;script&gt;" in explorer.code.value
    assert counts(explorer) == (1, 1)


def test_charts_draw_when_their_tab_opens(explorer: Explorer) -> None:
    assert not explorer.chart_marks.buttons
    explorer.tabs.selected_index = 2
    assert (
        len([b for b in explorer.chart_marks.buttons if "vx-mark-hours" in b._dom_classes]) == 168
    )
    explorer.tabs.selected_index = 0
    data = [chart.to_dict() for chart in explorer.charts()]
    assert (
        sum(v["conversations"] for v in data[0]["datasets"][next(iter(data[0]["datasets"]))]) == 6
    )
    explorer.controls.status.value = ("open",)
    labels = explorer.charts()[1].to_dict()
    values = labels["datasets"][next(iter(labels["datasets"]))]
    assert {v["label"]: v["conversations"] for v in values} == {"vip": 1, "bug": 1, IMG: 1}


def test_export_parquet_and_csv(explorer: Explorer, tmp_path: Path) -> None:
    explorer.controls.text.value = "refund"
    path = explorer.export(tmp_path / "snapshots")
    loaded = load_snapshot(path)
    assert sorted(loaded.conversations["id"]) == [1, 5]
    assert sorted(loaded.messages["id"]) == [10, 11, 50]
    assert loaded.manifest is not None
    assert loaded.manifest["crawl"]["explorer"]["selection"]["text"] == "refund"
    out = explorer.export(tmp_path / "csv", format="csv", whole_threads=True)
    assert sorted(pl.read_csv(Path(out) / "messages.csv")["id"]) == [10, 11, 12, 50]
    with pytest.raises(ConfigurationError, match="already exists"):
        explorer.export(tmp_path / "csv", format="csv")


def test_export_button_reports_where(explorer: Explorer, tmp_path: Path) -> None:
    explorer.export_path.value = str(tmp_path / "out")
    explorer.export_format.value = "csv"
    explorer.export_button.click()
    assert "exported to" in explorer.export_status.value
    explorer.export_button.click()
    assert (
        "export failed" in explorer.export_status.value
        and "already exists" in explorer.export_status.value
    )


def test_explore_a_snapshot_path(frames: Frames, tmp_path: Path) -> None:
    path = write_snapshot(frames, tmp_path, account_id=1)
    made = explore(path)
    assert counts(made) == (6, frames.messages.height - 1)
    made.select(2)
    assert "&lt;script&gt;" in made.thread.value


def test_repr_is_short_and_stable(explorer: Explorer) -> None:
    explorer.controls.status.value = ("open",)
    assert repr(explorer) == "Explorer(2 of 6 conversations, 8 messages; filters: status)"
