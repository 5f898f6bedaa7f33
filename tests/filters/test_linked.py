"""CSAT, SLA, contact-attribute and hour-of-week conditions on hand-built frames."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters import AttributeFilter, FilterState, select, select_tables
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform


def _time(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 1, day, hour, tzinfo=UTC)  # 2025-01-06 is a Monday


@pytest.fixture
def tables() -> Frames:
    conversations = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 1, 1, 2],
                "id": [1, 2, 3, 4, 1],
                "contact_id": [10, 11, None, 10, 10],
                "sla_status": ["missed", "hit", None, None, "active_with_misses"],
            }
        ),
        "conversations",
    )
    messages = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 1, 2],
                "id": [100, 101, 102, 103],
                "conversation_id": [1, 2, 3, 1],
                "content": ["a", "b", "c", "d"],
                "created_at": [_time(6, 0), _time(6, 13), _time(12, 23), _time(6, 0)],
            }
        ),
        "messages",
    )
    csat = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 1, 2],
                "id": [1, 2, 3, 4],
                # display ids: 2 answered twice (latest is 5), 3 once, account 2's #1 once
                "conversation_id": [2, 2, 3, 1],
                "rating": [1, 5, 3, 1],
                "created_at": [_time(7), _time(8), _time(7), _time(7)],
            }
        ),
        "csat_responses",
    )
    applied = conform(
        pl.DataFrame(
            {"account_id": [1], "id": [9], "conversation_id": [4], "sla_status": ["missed"]}
        ),
        "applied_slas",
    )
    contacts = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 2],
                "id": [10, 11, 10],
                "custom_attributes": ['{"tier":"gold"}', '{"tier":"silver"}', '{"x":1}'],
            }
        ),
        "contacts",
    )
    return Frames(
        {
            "conversations": conversations,
            "messages": messages,
            "csat_responses": csat,
            "applied_slas": applied,
            "contacts": contacts,
        }
    )


def chosen(tables: Frames, state: FilterState) -> list[tuple[int, int]]:
    found, _ = select(tables.conversations, tables.messages, state, linked=tables)
    return sorted(found.select("account_id", "id").collect().rows())


@pytest.mark.parametrize(
    ("state", "keys"),
    [
        (FilterState(csat_ratings=(5,)), [(1, 2)]),  # the latest response counts, not the first
        (FilterState(csat_ratings=(1,)), [(2, 1)]),  # by display id and account
        (FilterState(csat_ratings=(3, 5)), [(1, 2), (1, 3)]),
        (FilterState(sla_missed="yes"), [(1, 1), (1, 4), (2, 1)]),  # own status or applied_slas
        (FilterState(sla_missed="no"), [(1, 2), (1, 3)]),
        (
            FilterState(contact_attributes=(AttributeFilter("tier", "equals", "gold"),)),
            [(1, 1), (1, 4)],
        ),
        (
            FilterState(
                contact_attributes=(
                    AttributeFilter("tier", "present"),
                    AttributeFilter("tier", "not_equals", "gold"),
                )
            ),
            [(1, 2)],
        ),
        (FilterState(message_hours=(0,)), [(1, 1), (2, 1)]),  # Monday 00h
        (FilterState(message_hours=(13, 24 * 6 + 23)), [(1, 2), (1, 3)]),
    ],
)
def test_linked_conditions(tables: Frames, state: FilterState, keys: list[tuple[int, int]]) -> None:
    assert chosen(tables, state) == keys


def test_selection_keeps_the_conversation_columns(tables: Frames) -> None:
    found, _ = select(
        tables.conversations, tables.messages, FilterState(csat_ratings=(5,)), linked=tables
    )
    assert found.collect_schema().names() == tables.conversations.columns


def test_missing_tables_are_asked_for(tables: Frames) -> None:
    with pytest.raises(
        ConfigurationError, match="read csat_rating; pass linked= with the tables csat_responses"
    ):
        select(tables.conversations, tables.messages, FilterState(csat_ratings=(5,)))


def test_absent_table_rates_nothing(tables: Frames) -> None:
    without = {k: v for k, v in tables.items() if k != "csat_responses"}
    assert chosen(Frames(without), FilterState(csat_ratings=(1, 2, 3, 4, 5))) == []


def test_select_tables_follows_linked_conditions(tables: Frames) -> None:
    result = select_tables(tables, FilterState(csat_ratings=(5,)))
    assert result["csat_responses"].collect()["id"].to_list() == [1, 2]
    assert result["conversations"].collect()["id"].to_list() == [2]


@pytest.mark.parametrize(
    "state",
    [
        FilterState(csat_ratings=(1, 5), sla_missed="no"),
        FilterState(contact_attributes=(AttributeFilter("tier", "contains", "ol"),)),
        FilterState(sla_missed="yes", message_hours=(0,), statuses=()),
    ],
    ids=range(3),
)
def test_code_reproduces_linked_selection(tables: Frames, state: FilterState) -> None:
    namespace: dict[str, object] = dict(tables)
    exec(state.to_code(), namespace)
    found, matching = select(tables.conversations, tables.messages, state, linked=tables)
    result = namespace["conversations"]
    assert isinstance(result, pl.DataFrame)
    assert_frame_equal(result, found.collect(), check_row_order=False)
    assert isinstance(namespace["messages"], pl.DataFrame)
    assert_frame_equal(namespace["messages"], matching.collect(), check_row_order=False)
