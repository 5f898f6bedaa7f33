"""Topics in the explorer: the Topic control, the "Top topics" chart, its drill-down, the thread."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

import polars as pl
import pytest

from tests.explorer.test_widget import counts, table_ids
from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer import explore
from voxys_frames.explorer.drill import Mark
from voxys_frames.explorer.widget import Explorer
from voxys_frames.filters import FilterState
from voxys_frames.tables.frames import Frames
from voxys_frames.topics import Topics
from voxys_frames.topics._examples import example_frames

REFUND, LOGIN, NO_TEXT = "refund, money", "cannot log", "(no customer text)"
TOPIC_OF = {1: REFUND, 2: LOGIN, 3: REFUND, 4: REFUND, 5: NO_TEXT}
"""Conversation 6 has no topic row."""


@pytest.fixture
def frames() -> Frames:
    ids = [1, 2, 3, 4, 5, 6]
    return Frames(
        {
            "conversations": pl.DataFrame(
                {
                    "account_id": [1] * 6,
                    "id": ids,
                    "status": ["open", "open", "resolved", "open", "open", "open"],
                    "created_at": [datetime(2025, 1, i, tzinfo=UTC) for i in ids],
                }
            ),
            "messages": pl.DataFrame(
                {"account_id": [1] * 6, "id": [10 + i for i in ids], "conversation_id": ids}
            ),
        }
    )


@pytest.fixture
def found() -> Topics:
    ids = sorted(TOPIC_OF)
    names = [TOPIC_OF[i] for i in ids]
    number = {REFUND: 0, LOGIN: 1, NO_TEXT: -1}
    assignments = pl.DataFrame(
        {
            "conversation_id": ids,
            "topic_id": [number[n] for n in names],
            "topic": names,
            "account_id": [1] * len(ids),
        }
    )
    topics = pl.DataFrame({"topic_id": [0, 1, -1], "topic": [REFUND, LOGIN, NO_TEXT]})
    return Topics(assignments=assignments, topics=topics)


def tagged(widget: Any, name: str) -> list[Any]:
    """Every widget under ``widget`` with the CSS class ``vx-<name>``."""
    here = [widget] if f"vx-{name}" in getattr(widget, "_dom_classes", ()) else []
    return here + [w for child in getattr(widget, "children", ()) for w in tagged(child, name)]


def topic_marks(explorer: Explorer) -> list[Mark]:
    explorer.draw_charts()
    return [m for m in explorer.chart_marks.marks if m.chart == "topics"]


def sorted_ids(explorer: Explorer) -> list[int]:
    explorer.sort_by.value, explorer.descending.value = "id", False
    return table_ids(explorer)


def test_the_topic_control_lists_topics_and_filters(frames: Frames, found: Topics) -> None:
    explorer = explore(frames, topics=found)
    control = explorer.controls.topic
    assert control.options == (
        (f"{REFUND} (3)", REFUND),
        (f"{NO_TEXT} (1)", NO_TEXT),
        (f"{LOGIN} (1)", LOGIN),
    )
    assert tagged(explorer, "topic") == [control]  # laid out in the filters
    control.value = (LOGIN, NO_TEXT)
    assert explorer.state.topics == (LOGIN, NO_TEXT)
    assert sorted_ids(explorer) == [2, 5]
    assert "pl.col('topic').is_in(['cannot log', '(no customer text)'])" in html.unescape(
        explorer.code.value
    )
    assert explorer.selection_frames().conversations["id"].sort().to_list() == [2, 5]
    namespace: dict[str, object] = {**frames, "conversation_topics": explorer.conversation_topics}
    exec(explorer.state.to_code(), namespace)
    result = namespace["conversations"]
    assert isinstance(result, pl.DataFrame)
    assert result["id"].sort().to_list() == [2, 5]  # the Code tab's code, run as printed
    explorer.state = FilterState(topics=(REFUND,), statuses=("open",))
    assert control.value == (REFUND,)
    assert sorted_ids(explorer) == [1, 4]


def test_each_topic_mark_drills_to_its_conversations_and_back(
    frames: Frames, found: Topics
) -> None:
    explorer = explore(frames, topics=found)
    for start in (FilterState(), FilterState(statuses=("open",))):
        explorer.state = start
        marks = topic_marks(explorer)
        wanted = {
            name: [
                i
                for i, t in sorted(TOPIC_OF.items())
                if t == name and explorer.selection.mask[i - 1]
            ]
            for name in set(TOPIC_OF.values())
        }
        assert {m.key: m.count for m in marks} == {k: len(v) for k, v in wanted.items() if v}
        assert marks[0].key == REFUND  # most conversations first
        for mark in marks:
            explorer.drill(mark)
            assert explorer.state == start.replace(topics=(mark.key,))
            assert sorted_ids(explorer) == wanted[mark.key]
            assert counts(explorer)[0] == mark.count
            explorer.go_back()
            assert explorer.state == start


def test_the_thread_header_shows_the_topic(frames: Frames, found: Topics) -> None:
    explorer = explore(frames, topics=found)
    explorer.select(2)
    assert f"topic: {LOGIN}" in html.unescape(explorer.thread.value)
    explorer.select(6)  # no topic row
    assert "topic:" not in explorer.thread.value


def test_without_topics_nothing_changes(frames: Frames) -> None:
    explorer = explore(frames)
    assert tagged(explorer, "topic") == []
    assert topic_marks(explorer) == []
    assert "topic" not in explorer.engine.conversations.columns
    assert explorer.conversation_topics is None
    explorer.select(2)
    assert "topic:" not in explorer.thread.value
    with pytest.raises(ConfigurationError, match=r"Topic: \['x'\] not among the options"):
        explorer.state = FilterState(topics=("x",))


def test_a_number_finds_topics_on_opening() -> None:
    explorer = explore(example_frames(), topics=2)
    names = [value for _, value in explorer.controls.topic.options]
    assert names == ["cannot log, password reset, work", "refund, money back, arrived"]
    marks = topic_marks(explorer)
    assert [(m.key, m.count) for m in marks] == [(names[0], 3), (names[1], 3)]
    explorer.drill(marks[1])
    assert sorted_ids(explorer) == [1, 2, 3]


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        (0, "expected a Topics result of find_topics, a number of topics or None, got 0"),
        ("refund", "got str"),
    ],
)
def test_bad_topics_are_refused(frames: Frames, topics: Any, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        explore(frames, topics=topics)


def test_topics_are_found_within_one_account(frames: Frames, found: Topics) -> None:
    two = frames.conversations.with_columns(account_id=pl.Series([1, 1, 1, 2, 2, 2]))
    with pytest.raises(ConfigurationError, match="topics are found within one account"):
        explore(Frames({**frames, "conversations": two}), topics=2)
    twice = Topics(pl.concat([found.assignments, found.assignments.head(1)]), found.topics)
    with pytest.raises(ConfigurationError, match="conversation 1 of account 1 has more than one"):
        explore(frames, topics=twice)
