"""A click on a chart mark selects exactly the conversations (or messages) it counted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from tests.explorer.test_widget import counts, table_ids
from voxys_frames.explorer import explore
from voxys_frames.explorer.charts import chart_data
from voxys_frames.explorer.drill import DrillError, Mark, agent_counts, drill, period_every
from voxys_frames.explorer.widget import Explorer
from voxys_frames.filters import FilterState, select
from voxys_frames.tables.frames import Frames


@pytest.fixture
def timed(frames: Frames) -> Frames:
    """The shared frames with message times spread over the week, weekend evenings included."""
    messages = frames.messages.with_row_index("_n").with_columns(
        created_at=pl.datetime(2025, 1, 6, time_zone="UTC")  # a Monday
        + pl.duration(hours=pl.col("_n").cast(pl.Int64) * 37)
    )
    return Frames({**frames, "messages": messages.drop("_n")})


def every_mark(explorer: Explorer) -> list[Mark]:
    explorer.draw_charts()
    return [mark for mark in (b._mark for b in explorer.chart_marks.buttons) if mark.count > 0]


STATES = [
    FilterState(),
    FilterState(statuses=("open", "resolved")),
    FilterState(labels=("bug",), text="refund"),
    FilterState(date_from=date(2025, 1, 2), date_to=date(2025, 1, 20)),
]


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_each_mark_drills_to_its_count(timed: Frames, state: FilterState) -> None:
    explorer = explore(timed)
    explorer.state = state
    marks = every_mark(explorer)
    assert {m.chart for m in marks} >= {"over_time", "agents", "hours"}
    for mark in marks:
        explorer.state = state
        explorer.drill(mark)
        conversations, messages = counts(explorer)
        shown = messages if mark.chart == "hours" else conversations
        assert shown == mark.count, (mark, explorer.state)
        explorer.go_back()
        assert explorer.state == state


def test_drill_matches_the_reference_selection(timed: Frames) -> None:
    explorer = explore(timed)
    for mark in every_mark(explorer):
        state = drill(FilterState(), mark, every=period_every(explorer.engine, explorer.selection))
        chosen, matching = select(timed.conversations, timed.messages, state, linked=timed)
        found = matching.collect().height if mark.chart == "hours" else chosen.collect().height
        assert found == mark.count, mark


def test_back_walks_the_history_and_results_follow(timed: Frames) -> None:
    explorer = explore(timed)
    explorer.sort_by.value, explorer.descending.value = "id", False
    assert explorer.back.disabled
    explorer.select(3)
    explorer.drill(Mark("labels", "refund", 2))
    assert table_ids(explorer) == [5, 6]
    assert explorer.tabs.selected_index == 0
    assert "Choose a conversation" in explorer.thread.value  # #3 has no "refund" label
    explorer.drill(Mark("agents", None, 1))
    assert explorer.state == FilterState(labels=("refund",), labels_match="all", assignees=(None,))
    assert table_ids(explorer) == [6]
    explorer.back.click()
    assert table_ids(explorer) == [5, 6]
    explorer.back.click()
    assert explorer.state.is_empty and explorer.back.disabled


def test_a_mark_the_filters_cannot_reach_says_why(timed: Frames) -> None:
    explorer = explore(timed)
    explorer.state = FilterState(labels=("vip", "bug"))
    explorer.drill(Mark("labels", "other", 1))
    assert "cannot drill into label &#x27;other&#x27;" in explorer.chart_status.value
    assert explorer.state == FilterState(labels=("vip", "bug"))
    with pytest.raises(DrillError, match="a date range on last activity is set"):
        drill(
            FilterState(date_field="last_activity_at", date_from=date(2025, 1, 1)),
            Mark("over_time", (date(2025, 1, 1), "open"), 1),
        )


def test_agent_counts_and_sunday_night_hours() -> None:
    frames = Frames(
        {
            "conversations": pl.DataFrame(
                {
                    "account_id": [1, 1, 1],
                    "id": [1, 2, 3],
                    "assignee_id": [5, 5, None],
                    "assignee_type": ["User", "User", None],
                }
            ),
            "messages": pl.DataFrame(
                {
                    "account_id": [1, 1],
                    "id": [7, 8],
                    "conversation_id": [1, 3],
                    "created_at": [datetime(2025, 1, 12, 23, tzinfo=UTC)] * 2,
                }
            ),
        }
    )
    explorer = explore(frames)
    assert agent_counts(explorer.engine, explorer.selection).rows() == [
        ("User", 5, 2),
        (None, None, 1),
    ]
    hours = chart_data(explorer.engine, explorer.selection).hours["messages"].to_list()
    assert hours[167] == 2 and sum(hours) == 2  # Sunday 23h (overflowed in Int8)
    explorer.drill(Mark("hours", 167, 2))
    assert counts(explorer) == (2, 2)


def test_period_marks_by_week_and_status() -> None:
    days = [date(2025, 1, 6), date(2025, 1, 12), date(2025, 1, 12), date(2025, 1, 13)]
    days += [date(2025, 4, 30)]  # a span over 62 days: weekly bars
    frames = Frames(
        {
            "conversations": pl.DataFrame(
                {
                    "account_id": [1] * 5,
                    "id": [1, 2, 3, 4, 5],
                    "status": ["open", "open", "resolved", "open", "open"],
                    "created_at": [datetime(d.year, d.month, d.day, 23, tzinfo=UTC) for d in days],
                }
            )
        }
    )
    explorer = explore(frames)
    assert period_every(explorer.engine, explorer.selection) == "1w"
    marks = {m.key: m.count for m in every_mark(explorer) if m.chart == "over_time"}
    assert marks[(date(2025, 1, 6), "open")] == 2  # Monday 6th and Sunday 12th
    for key, count in marks.items():
        explorer.state = FilterState()
        explorer.drill(Mark("over_time", key, count))
        assert counts(explorer)[0] == count, key
    assert explorer.state.date_to == date(2025, 5, 4)


def test_undated_conversations_are_drawn_and_their_mark_says_why() -> None:
    frames = Frames(
        {
            "conversations": pl.DataFrame(
                {
                    "account_id": [1, 1, 1],
                    "id": [1, 2, 3],
                    "status": ["open", "open", "resolved"],
                    "created_at": [datetime(2025, 1, 6, 9, tzinfo=UTC), None, None],
                }
            ),
            "messages": pl.DataFrame(
                {"account_id": [1], "id": [7], "conversation_id": [1]},
                schema={"account_id": pl.Int64, "id": pl.Int64, "conversation_id": pl.Int64},
            ),
        }
    )
    explorer = explore(frames)
    explorer.draw_charts()
    over_time = {m.key: m.count for m in explorer.chart_marks.marks if m.chart == "over_time"}
    assert over_time == {(date(2025, 1, 6), "open"): 1, (None, "open"): 1, (None, "resolved"): 1}
    explorer.drill(Mark("over_time", (None, "resolved"), 1))
    assert "cannot drill into resolved without a creation time" in explorer.chart_status.value
    assert explorer.state.statuses == ()


def test_an_hour_mark_in_a_zone_selects_its_messages(timed: Frames) -> None:
    explorer = explore(timed)
    explorer.state = FilterState(timezone="Asia/Kolkata")
    hours = chart_data(explorer.engine, explorer.selection).hours["messages"].to_list()
    slot = max(range(168), key=hours.__getitem__)
    explorer.drill(Mark("hours", slot, hours[slot]))
    assert explorer.state.message_hours == (slot,)
    assert explorer.selection.messages == hours[slot] > 0
