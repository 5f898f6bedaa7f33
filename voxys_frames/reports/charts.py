"""Altair charts of the reports: volume, first-response distribution, heatmap, agents.

Each chart has a small table function beside it (plain polars, testable without
a renderer) and a chart function drawing that table.

Examples
--------
>>> from datetime import datetime, UTC
>>> from voxys_frames.reports._examples import tiny_frames
>>> from voxys_frames.reports.metrics import conversation_metrics
>>> metrics = conversation_metrics(tiny_frames(), as_of=datetime(2026, 3, 3, tzinfo=UTC))
>>> first_response_buckets(metrics)["conversations"].to_list()
[1, 0, 0, 0, 0]
>>> first_response_chart(metrics).to_dict()["mark"]["type"]
'bar'
"""

from __future__ import annotations

from typing import Final

import altair as alt
import polars as pl

FRT_BUCKETS: Final = (
    ("0-1 h", 0, 3600),
    ("1-4 h", 3600, 4 * 3600),
    ("4-8 h", 4 * 3600, 8 * 3600),
    ("8-24 h", 8 * 3600, 24 * 3600),
    ("over 24 h", 24 * 3600, None),
)
"""Chatwoot's first-response-time buckets: label, lower bound (inclusive), upper bound."""

WEEKDAY_NAMES: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WIDTH: Final = 640


def first_response_buckets(metrics: pl.DataFrame) -> pl.DataFrame:
    """Answered conversations per first-response bucket (every bucket, in order)."""
    seconds = pl.col("first_response_seconds")
    rows = []
    for label, low, high in FRT_BUCKETS:
        inside = seconds >= low if high is None else (seconds >= low) & (seconds < high)
        rows.append((label, metrics.filter(inside).height))
    return pl.DataFrame(
        rows, schema={"bucket": pl.String(), "conversations": pl.Int64()}, orient="row"
    )


def first_response_chart(metrics: pl.DataFrame) -> alt.Chart:
    """Bar chart of :func:`first_response_buckets`."""
    order = [label for label, _, _ in FRT_BUCKETS]
    chart: alt.Chart = (
        alt.Chart(first_response_buckets(metrics), title="First response time")
        .mark_bar()
        .encode(
            x=alt.X("bucket:N", sort=order, title="first response"),
            y=alt.Y("conversations:Q", title="conversations"),
            tooltip=["bucket", "conversations"],
        )
        .properties(width=WIDTH, height=220)
    )
    return chart


def volume_table(report: pl.DataFrame) -> pl.DataFrame:
    """Long form of an account-level report: period, measure, count."""
    measures = ["conversations_count", "incoming_messages_count", "outgoing_messages_count"]
    return report.select(
        pl.col("period_start").dt.strftime("%Y-%m-%dT%H:%M:%S").alias("period"), *measures
    ).unpivot(index="period", on=measures, variable_name="measure", value_name="count")


def volume_chart(report: pl.DataFrame) -> alt.Chart:
    """Lines of conversations and messages per period, from an account-level report."""
    chart: alt.Chart = (
        alt.Chart(volume_table(report), title="Volume over time")
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title="period"),
            y=alt.Y("count:Q", title="count"),
            color=alt.Color("measure:N", title=None),
            tooltip=["period:T", "measure", "count"],
        )
        .properties(width=WIDTH, height=240)
    )
    return chart


def weekday_hour_counts(metrics: pl.DataFrame, timezone: str = "UTC") -> pl.DataFrame:
    """Conversations created per local weekday and hour (every cell, zeros included)."""
    local = pl.col("created_at").dt.convert_time_zone(timezone)
    counts = metrics.group_by(
        (local.dt.weekday() - 1).cast(pl.Int64).alias("weekday"),
        local.dt.hour().cast(pl.Int64).alias("hour"),
    ).agg(conversations=pl.len().cast(pl.Int64))
    grid = pl.DataFrame({"weekday": list(range(7))}).join(
        pl.DataFrame({"hour": list(range(24))}), how="cross"
    )
    names = pl.DataFrame({"weekday": list(range(7)), "day": list(WEEKDAY_NAMES)})
    return (
        grid.join(counts, on=["weekday", "hour"], how="left")
        .join(names, on="weekday")
        .with_columns(pl.col("conversations").fill_null(0))
        .sort("weekday", "hour")
    )


def heatmap_chart(metrics: pl.DataFrame, timezone: str = "UTC") -> alt.Chart:
    """Day-of-week by hour heatmap of conversation creation."""
    chart: alt.Chart = (
        alt.Chart(weekday_hour_counts(metrics, timezone), title=f"New conversations ({timezone})")
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title="hour"),
            y=alt.Y("day:N", sort=list(WEEKDAY_NAMES), title=None),
            color=alt.Color("conversations:Q", title="conversations"),
            tooltip=["day", "hour", "conversations"],
        )
        .properties(width=WIDTH, height=200)
    )
    return chart


def agent_summary(metrics: pl.DataFrame, agents: pl.DataFrame) -> pl.DataFrame:
    """Per assigned user: conversations, resolved, median first response and resolution."""
    names = agents.filter(pl.col("type") == "User").select(
        pl.col("id").alias("agent_id"),
        pl.coalesce("available_name", "name").alias("agent"),
    )
    return (
        metrics.filter(pl.col("assignee_type") == "User")
        .group_by(pl.col("assignee_id").alias("agent_id"))
        .agg(
            conversations=pl.len().cast(pl.Int64),
            resolved=pl.col("resolution_seconds").is_not_null().sum().cast(pl.Int64),
            median_first_response_hours=pl.col("first_response_seconds").median() / 3600,
            median_resolution_hours=pl.col("resolution_seconds").median() / 3600,
        )
        .join(names, on="agent_id", how="left")
        .with_columns(pl.coalesce("agent", pl.format("user {}", pl.col("agent_id"))).alias("agent"))
        .select("agent_id", "agent", "conversations", "resolved", pl.col("^median_.*$"))
        .sort("conversations", "agent_id", descending=[True, False])
    )


def agent_chart(summary: pl.DataFrame) -> alt.HConcatChart:
    """Conversations and median first response per agent, from :func:`agent_summary`."""
    base = alt.Chart(summary).encode(
        y=alt.Y("agent:N", sort=None, title=None),
        tooltip=["agent", "conversations", "resolved", "median_first_response_hours"],
    )
    counts = (
        base.mark_bar()
        .encode(x=alt.X("conversations:Q"))
        .properties(width=300, title="Conversations per agent")
    )
    frt = (
        base.mark_bar(color="#e45756")
        .encode(x=alt.X("median_first_response_hours:Q", title="median first response (h)"))
        .properties(width=300, title="Median first response")
    )
    return alt.hconcat(counts, frt)
