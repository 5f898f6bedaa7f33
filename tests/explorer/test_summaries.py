"""Column summaries follow the selection, match a plain polars count, and wait for their tab."""

from __future__ import annotations

import polars as pl
import pytest

from voxys_frames.explorer import explore
from voxys_frames.explorer.summaries import ColumnSummaries
from voxys_frames.filters import FilterState, select
from voxys_frames.tables.frames import Frames


@pytest.mark.parametrize(
    "state",
    [FilterState(), FilterState(statuses=("open", "resolved")), FilterState(text="refund")],
    ids=range(3),
)
def test_summaries_match_polars_counts(frames: Frames, state: FilterState) -> None:
    explorer = explore(frames)
    explorer.state = state
    found = explorer.column_summaries()
    chosen, matching = select(frames.conversations, frames.messages, state)
    reference = chosen.collect()
    assert dict(found["status"]) == dict(reference.group_by("status").len().iter_rows())
    assert sum(n for _, n in found["inbox"]) == reference.height
    assignees = reference.group_by("assignee_id", "assignee_type").len()
    assert sorted(n for _, n in found["assignee"]) == sorted(assignees["len"].to_list())
    per = matching.collect().group_by("conversation_id").len()
    counts = dict(per.iter_rows())
    expected_single = sum(1 for i in reference["id"] if counts.get(i, 0) == 1)
    assert dict(found["messages per conversation"])["1"] == expected_single
    assert sum(n for _, n in found["messages per conversation"]) == reference.height


def test_first_response_buckets(frames: Frames) -> None:
    conversations = frames.conversations.with_columns(
        first_reply_created_at=pl.col("created_at")
        + pl.duration(minutes=pl.Series([1, 10, 59, 61, 60 * 30, None]))
    )
    explorer = explore(Frames({**frames, "conversations": conversations}))
    buckets = dict(ColumnSummaries(explorer.engine).of(explorer.selection)["first response"])
    assert buckets == {
        "under 5 min": 1,
        "5-15 min": 1,
        "15 min-1 h": 1,
        "1-4 h": 1,
        "4-24 h": 0,
        "over 1 day": 1,
        "no reply": 1,
    }


def test_summary_tab_draws_only_when_open_and_escapes(frames: Frames) -> None:
    explorer = explore(frames)
    assert explorer.summary.value == ""
    explorer.tabs.selected_index = 5
    assert "<caption>status</caption>" in explorer.summary.value
    assert "&lt;script&gt;" in explorer.summary.value  # inbox named <script>
    assert "<script>" not in explorer.summary.value
    explorer.controls.status.value = ("pending",)
    assert "<td>pending</td><td>1</td>" in explorer.summary.value
    explorer.tabs.selected_index = 0
    explorer.controls.status.value = ()
    assert "<td>pending</td><td>1</td>" in explorer.summary.value  # not redrawn while hidden
