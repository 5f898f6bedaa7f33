"""The analyst's view Chatwoot lacks: medians and 90th percentiles, reopen cycles apart.

Rows are cohorts of conversations by their creation (not by event dates), so each
conversation counts once in its period, and a slow reply in April to a March
conversation stays with March. Percentiles interpolate linearly between values
(``numpy.percentile``'s default). Business-hours columns are null unless working
hours were passed to :func:`~voxys_frames.reports.metrics.conversation_metrics`.

Examples
--------
>>> from datetime import datetime, UTC
>>> from voxys_frames.reports._examples import tiny_frames
>>> from voxys_frames.reports.metrics import conversation_metrics
>>> metrics = conversation_metrics(tiny_frames(), as_of=datetime(2026, 3, 3, tzinfo=UTC))
>>> report = analyst_report(metrics, period="month")
>>> report.select("conversations_count", "answered_count", "median_first_response_seconds").rows()
[(2, 1, 120.0)]
"""

from __future__ import annotations

from typing import Final, get_args

import polars as pl

from voxys_frames.reports.chatwoot import (
    KEY,
    Dimension,
    Period,
    bucket,
    check_choice,
    check_timezone,
)

P90: Final = 0.9


def _keys(metrics: pl.DataFrame, by: Dimension) -> pl.DataFrame:
    """Metrics with the dimension's key column (labels exploded, null keys dropped)."""
    key = KEY[by]
    if key is None:
        return metrics
    if by == "agent":
        keyed = metrics.with_columns(
            agent_id=pl.when(pl.col("assignee_type") == "User").then(pl.col("assignee_id"))
        )
    elif by == "label":
        keyed = metrics.with_columns(label=pl.col("labels")).explode("label")
    else:
        keyed = metrics
    return keyed.filter(pl.col(key).is_not_null())


def _spread(column: str, name: str) -> list[pl.Expr]:
    return [
        pl.col(column).median().alias(f"median_{name}"),
        pl.col(column).quantile(P90, interpolation="linear").alias(f"p90_{name}"),
    ]


def analyst_report(
    metrics: pl.DataFrame,
    events: pl.DataFrame | None = None,
    *,
    period: Period = "month",
    by: Dimension = "account",
    timezone: str = "UTC",
) -> pl.DataFrame:
    """Medians, p90s and cycle counts per cohort ``period`` (and ``by`` key).

    ``metrics`` come from :func:`~voxys_frames.reports.metrics.conversation_metrics`;
    with ``events`` (derived or fetched), reply-time spreads use every reply rather
    than the per-conversation medians.
    """
    check_choice(period, get_args(Period), "period")
    check_choice(by, get_args(Dimension), "dimension")
    check_timezone(timezone)
    key = KEY[by]
    group = ([key] if key else []) + ["period_start"]
    keyed = _keys(metrics, by).with_columns(bucket("created_at", period, timezone))
    spreads = [
        *_spread("first_response_seconds", "first_response_seconds"),
        *_spread("resolution_seconds", "resolution_seconds"),
        *_spread("first_response_business_seconds", "first_response_business_seconds"),
        *_spread("resolution_business_seconds", "resolution_business_seconds"),
        *_spread("reply_median_seconds", "reply_seconds"),
    ]
    summary = keyed.group_by(group).agg(
        pl.len().alias("conversations_count"),
        pl.col("first_response_seconds").is_not_null().sum().alias("answered_count"),
        pl.col("resolution_seconds").is_not_null().sum().alias("resolved_count"),
        (pl.col("reopen_count") > 0).sum().alias("reopened_conversations_count"),
        pl.col("reopen_count").sum().alias("reopen_cycles"),
        (pl.col("first_responder_type") == "bot").mean().alias("bot_first_share"),
        *spreads,
    )
    if events is not None:
        replies = (
            events.filter(pl.col("name") == "reply_time")
            .select("conversation_id", "value")
            .join(keyed.select("conversation_id", *group), on="conversation_id")
            .group_by(group)
            .agg(*_spread("value", "reply_seconds"))
        )
        summary = summary.drop("median_reply_seconds", "p90_reply_seconds").join(
            replies, on=group, how="left", nulls_equal=True
        )
    counts = ["answered_count", "resolved_count", "reopened_conversations_count", "reopen_cycles"]
    return summary.with_columns(
        pl.col(counts).cast(pl.Int64), pl.col("conversations_count").cast(pl.Int64)
    ).sort(group, nulls_last=True)
