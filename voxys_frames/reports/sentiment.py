"""Customer sentiment per conversation, from the ``sentiment`` objects the server sent.

Chatwoot's sentiment job stores ``{"label": "positive" | "negative", "score": 0.5-1,
"value": 1 | -1}`` on incoming messages (a server without the job sends ``{}``); the
list endpoint's embedded message is the only shape that carries it, so a crawl
knows it for the latest message of each conversation, and for every message an
import or a webhook archive kept. Nothing is guessed: a conversation without
any sentiment gets nulls, never zeros. A label other than positive or negative
(``neutral``) counts as not negative; with no label, ``value`` < 0 means negative.

Columns of :func:`conversation_sentiment`:

* ``sentiment_messages``: customer messages with a sentiment;
* ``negative_sentiment_share``: the share of those that are negative;
* ``mean_sentiment``: the mean signed score (+score when positive, -score when
  negative), from -1 to 1;
* ``last_sentiment_label``, ``last_sentiment_score``, ``last_sentiment_at``: the
  latest one.

Examples
--------
>>> import polars as pl
>>> from datetime import datetime, UTC
>>> messages = pl.DataFrame({
...     "id": [1, 2, 3], "conversation_id": [7, 7, 8],
...     "message_type": ["incoming", "incoming", "incoming"], "private": [False] * 3,
...     "created_at": [datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2, 3)],
...     "sentiment": ['{"label":"negative","score":0.9,"value":-1}',
...                   '{"label":"positive","score":0.6,"value":1}', "{}"]})
>>> conversation_sentiment(messages).select(
...     "conversation_id", "negative_sentiment_share", "last_sentiment_label").rows()
[(7, 0.5, 'positive')]
"""

from __future__ import annotations

from typing import Final

import polars as pl

from voxys_frames.tables.timestamps import DATETIME

SCHEMA: Final = {
    "conversation_id": pl.Int64,
    "sentiment_messages": pl.Int64,
    "negative_sentiment_share": pl.Float64,
    "mean_sentiment": pl.Float64,
    "last_sentiment_label": pl.String,
    "last_sentiment_score": pl.Float64,
    "last_sentiment_at": DATETIME,
}
"""The columns of :func:`conversation_sentiment`."""


def customer_sentiments(messages: pl.DataFrame) -> pl.DataFrame:
    """Customer messages that carry a sentiment: ids, time, ``label``, ``score``, ``negative``."""
    if "sentiment" not in messages.columns:
        return pl.DataFrame(
            schema={
                "id": pl.Int64,
                "conversation_id": pl.Int64,
                "created_at": DATETIME,
                "label": pl.String,
                "score": pl.Float64,
                "negative": pl.Boolean,
            }
        )
    private = pl.col("private").fill_null(False) if "private" in messages.columns else False
    raw = pl.col("sentiment")
    label = raw.str.json_path_match("$.label").str.to_lowercase()
    value = raw.str.json_path_match("$.value").cast(pl.Float64, strict=False)
    return (
        messages.filter((pl.col("message_type").cast(pl.String) == "incoming") & ~private)
        .select(
            "id",
            "conversation_id",
            "created_at",
            label.alias("label"),
            raw.str.json_path_match("$.score").cast(pl.Float64, strict=False).alias("score"),
            value.alias("value"),
        )
        .filter(pl.col("label").is_not_null() | pl.col("value").is_not_null())
        .with_columns(
            negative=pl.when(pl.col("label").is_not_null())
            .then(pl.col("label") == "negative")
            .otherwise(pl.col("value") < 0),
        )
        .with_columns(
            label=pl.coalesce(
                "label",
                pl.when(pl.col("negative")).then(pl.lit("negative")).otherwise(pl.lit("positive")),
            )
        )
        .drop("value")
    )


def conversation_sentiment(messages: pl.DataFrame) -> pl.DataFrame:
    """One row per conversation with any customer sentiment (see the module docstring)."""
    found = customer_sentiments(messages)
    signed = pl.when(pl.col("negative")).then(-pl.col("score")).otherwise(pl.col("score"))
    return (
        found.sort("created_at", "id")
        .group_by("conversation_id")
        .agg(
            sentiment_messages=pl.len().cast(pl.Int64),
            negative_sentiment_share=pl.col("negative").cast(pl.Float64).mean(),
            mean_sentiment=signed.mean(),
            last_sentiment_label=pl.col("label").last(),
            last_sentiment_score=pl.col("score").last(),
            last_sentiment_at=pl.col("created_at").last(),
        )
        .cast(SCHEMA)  # type: ignore[arg-type]
        .sort("conversation_id")
    )
