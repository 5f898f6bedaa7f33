"""The explorer's cached engine gives the same answers as the reference ``select``."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from tests.filters.test_select import CASES
from voxys_frames.explorer.engine import SORT_KEYS, SelectionEngine
from voxys_frames.filters import AttributeFilter, FilterState, select
from voxys_frames.tables.frames import Frames


def reference(frames: Frames, state: FilterState) -> tuple[list[int], int, dict[int, int]]:
    chosen, matching = select(frames.conversations, frames.messages, state)
    per = matching.group_by("conversation_id").len().collect()
    counts = dict(zip(per["conversation_id"].to_list(), per["len"].to_list(), strict=True))
    return sorted(chosen.collect()["id"].to_list()), sum(counts.values()), counts


def in_conversation_order(frames: Frames, *, grouped: bool) -> Frames:
    """The messages in the order of their conversations' rows (orphans last), as a crawl
    writes them (the engine then counts runs), or reversed (it uses ``bincount``)."""
    rows = frames.conversations.select("account_id", "id").with_row_index("_row")
    messages = (
        frames.messages.join(
            rows.rename({"id": "conversation_id"}),
            on=["account_id", "conversation_id"],
            how="left",
        )
        .sort("_row", "id", nulls_last=True, descending=not grouped)
        .drop("_row")
    )
    return Frames({**frames, "messages": messages})


@pytest.mark.parametrize("grouped", [True, False], ids=["grouped", "reversed"])
@pytest.mark.parametrize("state", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_same_answers_as_reference(frames: Frames, state: FilterState, grouped: bool) -> None:
    frames = in_conversation_order(frames, grouped=grouped)
    engine = SelectionEngine(frames.conversations, frames.messages)
    assert (engine._groups is not None) == grouped
    expected_ids, expected_messages, per_conversation = reference(frames, state)
    chosen = engine.apply(state)
    rows = engine.sorted_rows(chosen, sort_by="id", descending=False)
    assert engine.conversations["id"].gather(rows).to_list() == expected_ids
    assert chosen.conversations == len(expected_ids)
    assert chosen.messages == expected_messages
    ids = engine.conversations["id"].to_numpy()
    for row in rows:
        assert chosen.counts[row] == per_conversation.get(int(ids[row]), 0)
    assert int(engine.selected_messages(chosen).sum()) == expected_messages


def test_cached_masks_answer_again_after_other_changes(frames: Frames) -> None:
    engine = SelectionEngine(frames.conversations, frames.messages)
    states = [
        FilterState(text="refund"),
        FilterState(text="refund", statuses=("open",)),
        FilterState(statuses=("open",)),
        FilterState(text="refund", message_types=("incoming",)),
        FilterState(message_types=("incoming",)),
        FilterState(text="refund"),
        FilterState(attributes=(AttributeFilter("plan", "equals", "pro"),)),
        FilterState(attributes=(AttributeFilter("plan", "absent"),), text="refund"),
    ]
    for state in states:
        expected_ids, expected_messages, _ = reference(frames, state)
        chosen = engine.apply(state)
        assert chosen.messages == expected_messages, state
        got = engine.conversations["id"].filter(pl.Series(chosen.mask)).sort().to_list()
        assert got == expected_ids, state


def test_orphan_messages_are_counted_and_never_selected(frames: Frames) -> None:
    engine = SelectionEngine(frames.conversations, frames.messages)
    assert engine.orphan_messages == 1  # message 70 of conversation 99
    assert engine.apply(FilterState()).messages == frames.messages.height - 1


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_sorted_pages_follow_the_column(frames: Frames, key: str, descending: bool) -> None:
    engine = SelectionEngine(frames.conversations, frames.messages)
    chosen = engine.apply(FilterState())
    page = engine.page(chosen, sort_by=key, descending=descending, page=0, size=100)  # type: ignore[arg-type]
    column = "priority" if key == "priority" else key
    if key == "priority":
        rank = {"urgent": 4, "high": 3, "medium": 2, "low": 1}
        values = [rank.get(v, 0) if v else None for v in page[column].to_list()]
    else:
        values = page[column].to_list()
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=descending)
    assert values[len(present) :] == [None] * (len(values) - len(present)), "nulls last"
    two = [
        engine.page(chosen, sort_by=key, descending=descending, page=p, size=2)["id"].to_list()
        for p in range(3)
    ]  # type: ignore[arg-type]
    assert [i for part in two for i in part] == page["id"].to_list()


def test_hour_of_week(frames: Frames) -> None:
    engine = SelectionEngine(frames.conversations, frames.messages)
    hours = engine.hour_of_week()
    created = frames.messages["created_at"]
    expected = [(-1 if t is None else t.weekday() * 24 + t.hour) for t in created.to_list()]
    assert hours.tolist() == expected
    assert np.all(hours < 168)


def test_bad_sort_key(frames: Frames) -> None:
    engine = SelectionEngine(frames.conversations, frames.messages)
    with pytest.raises(ValueError, match="sort_by must be one of"):
        engine.sorted_rows(engine.apply(FilterState()), sort_by="colour", descending=False)  # type: ignore[arg-type]
