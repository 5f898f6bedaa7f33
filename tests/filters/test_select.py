"""Each filter against hand-computed expectations on the frames of conftest.py."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from voxys_frames.filters import AttributeFilter, FilterState, select


def ids(conversations: pl.DataFrame, messages: pl.DataFrame, state: FilterState) -> list[int]:
    chosen, _ = select(conversations, messages, state)
    return sorted(chosen.collect()["id"].to_list())


def message_ids(
    conversations: pl.DataFrame, messages: pl.DataFrame, state: FilterState
) -> list[int]:
    _, matching = select(conversations, messages, state)
    return sorted(matching.collect()["id"].to_list())


CASES = [
    ("nothing", FilterState(), [1, 2, 3, 4, 5, 6]),
    ("status", FilterState(statuses=("open", "pending")), [1, 2, 4]),
    ("inbox", FilterState(inbox_ids=(3,)), [4, 6]),
    ("assignee user", FilterState(assignees=(("User", 5),)), [1, 5]),
    ("assignee bot is not user 5", FilterState(assignees=(("AgentBot", 5),)), [3]),
    ("unassigned", FilterState(assignees=(None,)), [2, 6]),
    ("unassigned or user 7", FilterState(assignees=(None, ("User", 7))), [2, 4, 6]),
    ("team", FilterState(team_ids=(2,)), [3, 6]),
    ("no team", FilterState(team_ids=(None,)), [2, 4]),
    ("labels any", FilterState(labels=("vip", "refund")), [1, 4, 5, 6]),
    ("labels all", FilterState(labels=("vip", "bug"), labels_match="all"), [1, 5]),
    ("priority", FilterState(priorities=("low",)), [3, 6]),
    ("no priority", FilterState(priorities=(None, "urgent")), [2, 4, 5]),
    ("channel", FilterState(channels=("Channel::Email",)), [2, 5]),
    ("created from", FilterState(date_from=date(2025, 1, 10)), [4, 5, 6]),
    ("created to (inclusive day)", FilterState(date_to=date(2025, 1, 5)), [1, 2, 3]),
    (
        "last activity range",
        FilterState(
            date_field="last_activity_at", date_from=date(2025, 1, 3), date_to=date(2025, 1, 10)
        ),
        [1, 3, 4],
    ),
    ("waiting", FilterState(waiting="waiting"), [1, 5]),
    ("not waiting", FilterState(waiting="not_waiting"), [2, 3, 4, 6]),
    ("unattended", FilterState(waiting="unattended"), [1, 2, 5]),
    ("attribute equals", FilterState(attributes=(AttributeFilter("plan", "equals", "pro"),)), [1]),
    (
        "attribute number as text",
        FilterState(attributes=(AttributeFilter("seats", "equals", "12"),)),
        [1],
    ),
    (
        "attribute bool as text",
        FilterState(attributes=(AttributeFilter("vip", "equals", "true"),)),
        [4],
    ),
    (
        "attribute not equals keeps absent",
        FilterState(attributes=(AttributeFilter("plan", "not_equals", "pro"),)),
        [2, 3, 4, 5, 6],
    ),
    (
        "attribute contains",
        FilterState(attributes=(AttributeFilter("plan", "contains", "re"),)),
        [2],
    ),
    (
        "attribute present (null is absent)",
        FilterState(attributes=(AttributeFilter("plan", "present"),)),
        [1, 2],
    ),
    (
        "attribute absent",
        FilterState(attributes=(AttributeFilter("plan", "absent"),)),
        [3, 4, 5, 6],
    ),
    (
        "attribute key with a quote",
        FilterState(attributes=(AttributeFilter("it's", "equals", "x"),)),
        [5],
    ),
    ("text narrows conversations", FilterState(text="refund"), [1, 5]),
    ("text is literal, not a regex", FilterState(text="(a+b)"), [4]),
    ("text of blanks is no filter", FilterState(text="   "), [1, 2, 3, 4, 5, 6]),
    ("message type", FilterState(message_types=("activity",)), [1, 6]),
    ("message type and text", FilterState(message_types=("outgoing",), text="refund"), [1]),
    ("both sides", FilterState(statuses=("snoozed",), text="refund"), [5]),
    ("no match", FilterState(statuses=("resolved",), text="refund"), []),
]


@pytest.mark.parametrize(("state", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_conversations_selected(
    conversations: pl.DataFrame, messages: pl.DataFrame, state: FilterState, expected: list[int]
) -> None:
    assert ids(conversations, messages, state) == expected


def test_no_filter_keeps_messages_of_listed_conversations_only(
    conversations: pl.DataFrame, messages: pl.DataFrame
) -> None:
    assert message_ids(conversations, messages, FilterState()) == [
        10,
        11,
        12,
        20,
        21,
        30,
        40,
        50,
        60,
    ]


def test_text_selects_matching_messages_case_insensitively(
    conversations: pl.DataFrame, messages: pl.DataFrame
) -> None:
    assert message_ids(conversations, messages, FilterState(text="Refund")) == [10, 11, 50]


def test_conversation_filter_narrows_messages(
    conversations: pl.DataFrame, messages: pl.DataFrame
) -> None:
    assert message_ids(conversations, messages, FilterState(statuses=("open",))) == [
        10,
        11,
        12,
        20,
        21,
    ]
    state = FilterState(statuses=("open",), message_types=("incoming",))
    assert message_ids(conversations, messages, state) == [10, 20]


def test_works_on_lazy_frames(conversations: pl.DataFrame, messages: pl.DataFrame) -> None:
    chosen, matching = select(conversations.lazy(), messages.lazy(), FilterState(text="refund"))
    assert sorted(chosen.collect()["id"]) == [1, 5]
    assert matching.collect().height == 3


def test_null_fields_never_match_a_value(
    conversations: pl.DataFrame, messages: pl.DataFrame
) -> None:
    # conversation 6 has no custom_attributes at all; message 21 has no content
    state = FilterState(attributes=(AttributeFilter("plan", "equals", "free"),), text="o")
    assert ids(conversations, messages, state) == [2]
    assert message_ids(conversations, messages, state) == [20]
