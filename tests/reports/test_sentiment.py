"""Sentiment columns of conversation_metrics, on hand-built messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from voxys_frames.reports import conversation_metrics
from voxys_frames.reports._examples import CREATED, tiny_frames
from voxys_frames.reports.sentiment import conversation_sentiment
from voxys_frames.tables.frames import Frames

AS_OF = datetime(2026, 3, 3, tzinfo=UTC)
NEGATIVE = '{"label": "negative", "score": 0.9, "value": -1}'
POSITIVE = '{"label": "positive", "score": 0.6, "value": 1}'


def _messages(rows: list[tuple[int, int, str, bool, str | None]]) -> pl.DataFrame:
    """(id, conversation, message_type, private, sentiment) rows, one minute apart."""
    return pl.DataFrame(
        {
            "id": [r[0] for r in rows],
            "conversation_id": [r[1] for r in rows],
            "message_type": [r[2] for r in rows],
            "private": [r[3] for r in rows],
            "created_at": [CREATED + timedelta(minutes=r[0]) for r in rows],
            "sentiment": [r[4] for r in rows],
        }
    )


def test_shares_and_the_latest_label_count_customer_messages_only() -> None:
    messages = _messages(
        [
            (1, 1, "incoming", False, NEGATIVE),
            (2, 1, "incoming", False, NEGATIVE),
            (3, 1, "incoming", False, POSITIVE),
            (4, 1, "outgoing", False, NEGATIVE),  # an agent's message: not the customer's
            (5, 1, "incoming", True, NEGATIVE),  # private: not the customer's
            (6, 2, "incoming", False, "{}"),  # the server sent nothing
            (7, 2, "incoming", False, None),
            (8, 3, "incoming", False, '{"value": -1, "score": 0.7}'),  # no label: by value
            (9, 3, "incoming", False, '{"label": "Neutral", "score": 0.5}'),
        ]
    )
    rows = {row["conversation_id"]: row for row in conversation_sentiment(messages).to_dicts()}
    assert set(rows) == {1, 3}
    first = rows[1]
    assert first["sentiment_messages"] == 3
    assert first["negative_sentiment_share"] == 2 / 3
    assert abs(first["mean_sentiment"] - (-0.9 - 0.9 + 0.6) / 3) < 1e-9
    assert (first["last_sentiment_label"], first["last_sentiment_score"]) == ("positive", 0.6)
    assert first["last_sentiment_at"] == CREATED + timedelta(minutes=3)
    third = rows[3]
    assert third["negative_sentiment_share"] == 0.5
    assert third["last_sentiment_label"] == "neutral"


def test_conversation_metrics_keep_null_where_no_sentiment_was_sent() -> None:
    base = tiny_frames()
    sentiments = pl.Series("sentiment", [NEGATIVE, None, None, None, "{}"])
    frames = Frames({**dict(base), "messages": base.messages.with_columns(sentiments)})
    metrics = conversation_metrics(frames, as_of=AS_OF).sort("conversation_id")
    assert metrics["negative_sentiment_share"].to_list() == [1.0, None]
    assert metrics["sentiment_messages"].to_list() == [1, None]
    assert metrics["last_sentiment_label"].to_list() == ["negative", None]
    assert metrics["last_sentiment_score"].to_list() == [0.9, None]


def test_frames_without_a_sentiment_column_give_null_columns() -> None:
    metrics = conversation_metrics(tiny_frames(), as_of=AS_OF)
    assert metrics["negative_sentiment_share"].null_count() == metrics.height
    assert metrics.schema["mean_sentiment"] == pl.Float64
