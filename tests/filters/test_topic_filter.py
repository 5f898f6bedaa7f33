"""The topic condition: a plain join on (account, display id), in select, in code and in tables."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters import FilterState, select, select_tables
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform

REFUND, LOGIN = "refund, money back", "cannot log, password"


@pytest.fixture
def tables() -> Frames:
    conversations = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 1, 1, 2],
                "id": [1, 2, 3, 4, 1],  # account 2's #1 shares its display id with account 1's
                "status": ["open", "open", "resolved", "open", "open"],
            }
        ),
        "conversations",
    )
    messages = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 1, 2],
                "id": [10, 11, 12, 13],
                "conversation_id": [1, 2, 3, 1],
                "content": ["refund", "login", "refund again", "refund"],
            }
        ),
        "messages",
    )
    return Frames({"conversations": conversations, "messages": messages})


@pytest.fixture
def conversation_topics() -> pl.DataFrame:
    """Account 1: #1 and #3 refunds, #2 log-in, #4 without a topic; account 2's #1 log-in."""
    return pl.DataFrame(
        {
            "account_id": [1, 1, 1, 2],
            "conversation_id": [1, 2, 3, 1],
            "topic_id": [0, 1, 0, 1],
            "topic": [REFUND, LOGIN, REFUND, LOGIN],
        }
    )


def plain(tables: Frames, topics: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The selection written by hand: join the topics by account and display id, filter."""
    chosen = topics.filter(pl.col("topic").is_in(names)).select(
        "account_id", pl.col("conversation_id").alias("id")
    )
    return tables.conversations.join(chosen, on=["account_id", "id"], how="semi")


@pytest.mark.parametrize("names", [[REFUND], [LOGIN], [REFUND, LOGIN], ["no such topic"]])
def test_topic_filter_equals_a_plain_join(
    tables: Frames, conversation_topics: pl.DataFrame, names: list[str]
) -> None:
    linked = {"conversation_topics": conversation_topics}
    state = FilterState(topics=tuple(names))
    found, matching = select(tables.conversations, tables.messages, state, linked=linked)
    expected = plain(tables, conversation_topics, names)
    assert_frame_equal(found.collect(), expected, check_row_order=False)
    expected_messages = tables.messages.join(
        expected.select("account_id", pl.col("id").alias("conversation_id")),
        on=["account_id", "conversation_id"],
        how="semi",
    )
    assert_frame_equal(matching.collect(), expected_messages, check_row_order=False)


def test_topics_combine_with_other_filters(
    tables: Frames, conversation_topics: pl.DataFrame
) -> None:
    state = FilterState(topics=(REFUND,), statuses=("open",), text="refund")
    found, _ = select(
        tables.conversations,
        tables.messages,
        state,
        linked={"conversation_topics": conversation_topics},
    )
    assert found.collect().select("account_id", "id").rows() == [(1, 1)]


def test_a_topic_filter_without_its_table_says_so(tables: Frames) -> None:
    state = FilterState(topics=(REFUND,))
    with pytest.raises(
        ConfigurationError, match="pass linked= with the tables conversation_topics"
    ):
        select(tables.conversations, tables.messages, state)
    with pytest.raises(ConfigurationError, match="reads the table conversation_topics, not given"):
        select(tables.conversations, tables.messages, state, linked=tables)


def test_code_reproduces_the_topic_selection(
    tables: Frames, conversation_topics: pl.DataFrame
) -> None:
    state = FilterState(topics=(LOGIN,), statuses=("open",))
    code = state.to_code()
    assert "conversation_topics.select(" in code
    assert "pl.col('topic').is_in(['cannot log, password'])" in code
    namespace: dict[str, object] = {**tables, "conversation_topics": conversation_topics}
    exec(code, namespace)
    linked = {"conversation_topics": conversation_topics}
    found, matching = select(tables.conversations, tables.messages, state, linked=linked)
    result = namespace["conversations"]
    assert isinstance(result, pl.DataFrame)
    assert sorted(result.select("account_id", "id").rows()) == [(1, 2), (2, 1)]
    assert_frame_equal(result, found.collect(), check_row_order=False)
    assert isinstance(namespace["messages"], pl.DataFrame)
    assert_frame_equal(namespace["messages"], matching.collect(), check_row_order=False)


def test_select_tables_reads_topics_from_linked(
    tables: Frames, conversation_topics: pl.DataFrame
) -> None:
    result = select_tables(
        tables, FilterState(topics=(REFUND,)), linked={"conversation_topics": conversation_topics}
    )
    assert "conversation_topics" not in result
    assert result["conversations"].collect()["id"].to_list() == [1, 3]
    assert result["messages"].collect()["id"].to_list() == [10, 12]
