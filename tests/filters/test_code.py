"""``to_code`` prints code that, run on the same frames, gives the same selection."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.filters import AttributeFilter, FilterState, select
from voxys_frames.filters.predicates import predicates

STATES = [
    FilterState(),
    FilterState(statuses=("open",), assignees=(None, ("User", 5))),
    FilterState(labels=("vip", "bug"), labels_match="all", priorities=(None,)),
    FilterState(
        date_field="last_activity_at", date_from=date(2025, 1, 3), date_to=date(2025, 1, 10)
    ),
    FilterState(waiting="unattended", team_ids=(None, 1), channels=("Channel::Email",)),
    FilterState(
        attributes=(AttributeFilter("it's", "equals", "x"), AttributeFilter("plan", "absent"))
    ),
    FilterState(text="refund", message_types=("incoming", "outgoing"), inbox_ids=(1, 2)),
    FilterState(text="(a+b)"),
    FilterState(text="'quote\" and \\ backslash"),
]


def eager(frame: object) -> pl.DataFrame:
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    assert isinstance(frame, pl.DataFrame)
    return frame


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_code_reproduces_selection(
    conversations: pl.DataFrame, messages: pl.DataFrame, state: FilterState, lazy: bool
) -> None:
    namespace: dict[str, object] = {
        "conversations": conversations.lazy() if lazy else conversations,
        "messages": messages.lazy() if lazy else messages,
    }
    exec(state.to_code(), namespace)
    chosen, matching = select(conversations, messages, state)
    assert_frame_equal(eager(namespace["conversations"]), chosen.collect(), check_row_order=False)
    assert_frame_equal(eager(namespace["messages"]), matching.collect(), check_row_order=False)


def test_code_shows_every_condition() -> None:
    code = STATES[6].to_code()
    for predicate in predicates(STATES[6]):
        assert predicate.code in code
    assert "(?i)refund" in code


def test_empty_state_code_only_drops_orphan_messages() -> None:
    code = FilterState().to_code()
    assert ".filter(" not in code
    assert "how='semi'" in code
