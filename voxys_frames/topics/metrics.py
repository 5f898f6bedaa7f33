"""Topics joined to the per-conversation metrics: which reasons take longest or end unhappy.

Examples
--------
>>> from datetime import datetime, UTC
>>> from voxys_frames.reports import conversation_metrics
>>> from voxys_frames.topics import find_topics
>>> from voxys_frames.topics._examples import example_frames
>>> frames = example_frames()
>>> found = find_topics(frames, n_topics=2)
>>> metrics = conversation_metrics(frames, as_of=datetime(2026, 4, 1, tzinfo=UTC))
>>> table = topic_metrics(found, metrics)
>>> table.select("topic", "conversations", "answered").rows()
[('refund, money back, arrived', 3, 1), ('cannot log, password reset, work', 3, 0)]
>>> topic_chart(table).to_dict()["hconcat"][0]["mark"]["type"]
'bar'
"""

from __future__ import annotations

from typing import Final

import altair as alt
import polars as pl

from voxys_frames.topics.conversations import Topics

WIDTH: Final = 210


def topic_metrics(topics: Topics, metrics: pl.DataFrame) -> pl.DataFrame:
    """Per topic: size, response and resolution times, reopens, CSAT and sentiment.

    ``metrics`` is :func:`~voxys_frames.reports.conversation_metrics`' frame. Medians
    and shares are over the conversations they apply to (answered, resolved, rated,
    with a sentiment); a topic where none applies gets null, never zero.
    """
    joined = topics.assignments.select("conversation_id", "topic_id").join(
        metrics, on="conversation_id", how="left"
    )
    rating = pl.col("csat_rating")
    stats = joined.group_by("topic_id").agg(
        answered=pl.col("first_response_seconds").is_not_null().sum().cast(pl.Int64),
        median_first_response_seconds=pl.col("first_response_seconds").median(),
        resolved=pl.col("resolution_seconds").is_not_null().sum().cast(pl.Int64),
        median_resolution_seconds=pl.col("resolution_seconds").median(),
        reopen_cycles=pl.col("reopen_count").fill_null(0).sum().cast(pl.Int64),
        reopened_share=(pl.col("reopen_count").fill_null(0) > 0).mean(),
        csat_responses=rating.is_not_null().sum().cast(pl.Int64),
        csat_average=rating.mean(),
        csat_low_share=(rating <= 2).mean(),
        sentiment_conversations=pl.col("negative_sentiment_share")
        .is_not_null()
        .sum()
        .cast(pl.Int64),
        negative_sentiment_share=pl.col("negative_sentiment_share").mean(),
    )
    return (
        topics.topics.join(stats, on="topic_id", how="left")
        .sort(pl.col("topic_id") < 0, "topic_id")
        .select(
            "topic_id",
            "topic",
            "terms",
            "conversations",
            "share",
            *[c for c in stats.columns if c != "topic_id"],
            "examples",
        )
    )


def topic_chart(table: pl.DataFrame) -> alt.HConcatChart:
    """Conversations, median resolution and negative sentiment per topic, from :func:`topic_metrics`."""
    data = table.select(
        "topic",
        "conversations",
        (pl.col("median_resolution_seconds") / 3600).alias("median_resolution_hours"),
        "negative_sentiment_share",
        "csat_average",
    )
    base = alt.Chart(data).encode(
        y=alt.Y("topic:N", sort=None, title=None),
        tooltip=[
            "topic",
            "conversations",
            "median_resolution_hours",
            "negative_sentiment_share",
            "csat_average",
        ],
    )
    return alt.hconcat(
        base.mark_bar()
        .encode(x=alt.X("conversations:Q"))
        .properties(width=WIDTH, title="Conversations per topic"),
        base.mark_bar(color="#e45756")
        .encode(x=alt.X("median_resolution_hours:Q", title="median resolution (h)"))
        .properties(width=WIDTH, title="Median resolution"),
        base.mark_bar(color="#9467bd")
        .encode(x=alt.X("negative_sentiment_share:Q", title="negative share"))
        .properties(width=WIDTH, title="Negative sentiment"),
    )


def topic_trend_chart(weekly: pl.DataFrame) -> alt.Chart:
    """Conversations per topic and week, from :meth:`Topics.weekly`.

    >>> from voxys_frames.topics import find_topics
    >>> from voxys_frames.topics._examples import example_frames
    >>> topic_trend_chart(find_topics(example_frames(), n_topics=2).weekly()).mark.type
    'line'
    """
    chart: alt.Chart = (
        alt.Chart(weekly.with_columns(pl.col("week").cast(pl.String)), title="Topics per week")
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title="week"),
            y=alt.Y("conversations:Q", title="conversations"),
            color=alt.Color("topic:N", title=None),
            tooltip=["week:T", "topic", "conversations"],
        )
        .properties(width=640, height=240)
    )
    return chart
