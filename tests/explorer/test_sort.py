"""The engine's sort orders equal a plain polars sort: nulls last, ties by account and id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from voxys_frames.explorer.engine import PRIORITY_RANK, SORT_KEYS, SelectionEngine
from voxys_frames.filters import FilterState
from voxys_frames.tables.schema import conform


def polars_order(conversations: pl.DataFrame, key: str, descending: bool) -> list[int]:
    """Row numbers sorted by ``key`` the way polars sorts several columns at once."""
    column = (
        pl.when(pl.col("priority").is_not_null()).then(
            pl.col("priority").replace_strict(PRIORITY_RANK, default=0, return_dtype=pl.Int8)
        )
        if key == "priority"
        else pl.col(key)
    )
    order = conversations.select(
        pl.arg_sort_by(
            [column, pl.col("account_id"), pl.col("id")],
            descending=[descending, False, False],
            nulls_last=True,
        )
    ).to_series()
    return order.to_list()


def random_conversations(n: int, seed: int) -> pl.DataFrame:
    """Few distinct values (many ties), nulls in every sortable column, ids out of order."""
    rng = np.random.default_rng(seed)
    start = datetime(2025, 3, 1, tzinfo=UTC)

    def times() -> list[datetime | None]:
        return [
            None if r < 0.1 else start + timedelta(seconds=int(s))
            for r, s in zip(rng.random(n), rng.integers(0, 5, n) * 3600, strict=True)
        ]

    def some(values: list[object]) -> list[object]:
        return [values[i] for i in rng.integers(0, len(values), n)]

    return conform(
        pl.DataFrame(
            {
                "account_id": rng.integers(1, 3, n),
                "id": rng.permutation(n) + 1,
                "status": some(["open", "resolved", "pending", None, "snoozed"]),
                "priority": some([None, "low", "medium", "high", "urgent", "odd"]),
                "created_at": times(),
                "last_activity_at": times(),
                "waiting_since": times(),
                "unread_count": some([0, 1, 2, None, 70000]),
            }
        ),
        "conversations",
    )


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("key", [k for k in SORT_KEYS if k != "messages"])
def test_orders_equal_polars(seed: int, key: str) -> None:
    conversations = random_conversations(500, seed)
    messages = conform(pl.DataFrame(schema={"account_id": pl.Int64}), "messages")
    engine = SelectionEngine(conversations, messages, text_index="off")
    for descending in (False, True):
        got = engine._order(key, descending).tolist()  # type: ignore[arg-type]
        assert got == polars_order(conversations, key, descending), (key, descending)


def test_background_precomputes_every_order() -> None:
    conversations = random_conversations(50, 3)
    messages = conform(pl.DataFrame(schema={"account_id": pl.Int64}), "messages")
    engine = SelectionEngine(conversations, messages, text_index="off")
    engine.precompute_orders()
    assert {key for key, _ in engine._orders} == set(SORT_KEYS) - {"messages"}


@pytest.mark.parametrize("descending", [False, True])
def test_message_count_order_keeps_ties_by_id(descending: bool) -> None:
    conversations = random_conversations(300, 5).with_columns(pl.lit(1).alias("account_id"))
    rng = np.random.default_rng(5)
    owners = rng.integers(1, 301, 2000)
    messages = conform(
        pl.DataFrame({"account_id": 1, "id": np.arange(2000), "conversation_id": owners}),
        "messages",
    )
    engine = SelectionEngine(conversations, messages, text_index="off")
    selection = engine.apply(FilterState())
    got = engine.sorted_rows(selection, sort_by="messages", descending=descending)
    expected = (
        pl.DataFrame({"id": conversations["id"], "n": selection.counts})
        .with_row_index("row")
        .sort(["n", "id"], descending=[descending, False])["row"]
    )
    assert got.tolist() == expected.to_list()
