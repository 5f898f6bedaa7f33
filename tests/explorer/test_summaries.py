"""Column summaries from codes equal a polars group-by of the selected conversations."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from benchmarks.explorer_synthetic import synthetic_frames
from voxys_frames.explorer import explore
from voxys_frames.explorer.engine import SelectionEngine
from voxys_frames.explorer.summaries import summarize
from voxys_frames.filters import FilterState, select
from voxys_frames.tables.frames import Frames

STATES = [
    FilterState(),
    FilterState(statuses=("open",), text="refund"),
    FilterState(message_types=("activity",)),
    FilterState(text="nowhere at all"),
]


def counted(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    return (
        frame.group_by(columns)
        .agg(pl.len().cast(pl.Int64).alias("conversations"))
        .sort(["conversations", *columns], descending=[True] + [False] * len(columns))
    )


def bucketed(values: pl.Expr, bounds: list[tuple[str, pl.Expr]], other: str) -> pl.Expr:
    expr = pl.when(bounds[0][1]).then(pl.lit(bounds[0][0]))
    for label, condition in bounds[1:]:
        expr = expr.when(condition).then(pl.lit(label))
    return expr.otherwise(pl.lit(other)).alias("bucket")


def reference(frames: Frames, state: FilterState) -> dict[str, pl.DataFrame]:
    chosen, matching = select(frames.conversations, frames.messages, state)
    per = matching.group_by("conversation_id").len()
    frame = (
        chosen.join(per, left_on="id", right_on="conversation_id", how="left")
        .with_columns(pl.col("len").fill_null(0))
        .collect()
    )
    wait = pl.col("first_reply_created_at") - pl.col("created_at")
    minutes = [("5-15 min", 15), ("15-60 min", 60), ("1-4 h", 240), ("4-24 h", 1440)]
    first = bucketed(
        wait,
        [
            ("no reply", wait.is_null()),
            ("reply before creation", wait < timedelta(0)),
            ("under 5 min", wait < timedelta(minutes=5)),
            *[(label, wait < timedelta(minutes=m)) for label, m in minutes],
            ("1-7 d", wait < timedelta(days=7)),
        ],
        "over 7 d",
    )
    n = pl.col("len")
    sizes = bucketed(
        n,
        [
            ("0", n == 0),
            ("1", n == 1),
            ("2-5", n <= 5),
            ("6-10", n <= 10),
            ("11-20", n <= 20),
            ("21-50", n <= 50),
            ("51-100", n <= 100),
        ],
        "over 100",
    )
    return {
        "status": counted(frame, "status"),
        "inbox": counted(frame, "inbox_id"),
        "assignee": counted(frame, "assignee_type", "assignee_id"),
        "first_response": frame.select(first).group_by("bucket").len(),
        "messages": frame.select(sizes).group_by("bucket").len(),
    }


@pytest.mark.parametrize("state", STATES)
def test_summaries_equal_a_polars_group_by(state: FilterState) -> None:
    frames = synthetic_frames(conversations=300, messages=3000, seed=4)
    replies = frames.conversations.with_columns(  # some replies, one before creation
        (
            pl.col("created_at")
            + pl.duration(
                minutes=pl.when(pl.col("id") % 7 == 1)
                .then(-3)
                .when(pl.col("id") % 7 == 2)
                .then(5)  # on a bucket's bound: the next bucket
                .when(pl.col("id") % 7 == 3)
                .then(60)
                .otherwise(pl.col("id") * 37 % 20000)
            )
        ).alias("first_reply_created_at")
    ).with_columns(
        pl.when(pl.col("id") % 5 == 0).then(None).otherwise("first_reply_created_at")
        .alias("first_reply_created_at")
    )  # fmt: skip
    frames = Frames({"conversations": replies, "messages": frames.messages})
    engine = SelectionEngine(frames.conversations, frames.messages, text_index="off")
    found = summarize(engine, engine.apply(state))
    expected = reference(frames, state)
    for name in ("status", "inbox", "assignee"):
        assert_frame_equal(getattr(found, name), expected[name], check_dtypes=False)
    for name in ("first_response", "messages"):
        got = dict(getattr(found, name).rows())
        assert got == dict(expected[name].rows()), name
    if state == FilterState():
        assert set(dict(found.first_response.rows())) >= {"no reply", "reply before creation"}
        assert sum(dict(found.messages.rows()).values()) == 300


@pytest.mark.parametrize(
    "state",
    [FilterState(), FilterState(statuses=("open", "resolved")), FilterState(text="refund")],
    ids=range(3),
)
def test_explorer_summaries_match_polars_counts(frames: Frames, state: FilterState) -> None:
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
    buckets = explorer.column_summaries()["first response"]
    assert buckets == [  # in bucket order, empty buckets left out
        ("under 5 min", 1),
        ("5-15 min", 1),
        ("15-60 min", 1),
        ("1-4 h", 1),
        ("1-7 d", 1),
        ("no reply", 1),
    ]


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
