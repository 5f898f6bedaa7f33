"""Chatwoot's report numbers, by period and by inbox, agent, team or label.

Each metric is bucketed the way Chatwoot buckets it, in the time zone asked for:
conversations by their creation, messages by theirs, resolutions and the three
averages by the event's time (so a conversation created in March and resolved in
April counts its resolution in April). Resolution time is measured from creation
even after a reopen, every resolution counts (not distinct conversations) and the
averages are arithmetic means, as in Chatwoot. ``outgoing_messages_count`` includes
private notes and bot messages, as Chatwoot's message-type scope does.

Dimensions follow Chatwoot's report scopes: ``inbox`` (the conversation's, the
message's, the event's inbox), ``agent`` (conversations assigned to the user,
messages the user sent, events whose user is the agent), ``team`` and ``label``
(through the conversation's current team and labels; a conversation with three
labels counts in three rows).

Examples
--------
>>> from voxys_frames.reports._examples import tiny_frames
>>> report = chatwoot_report(tiny_frames(), period="day", timezone="Europe/Lisbon")
>>> report.select("period_start", "conversations_count", "resolutions_count", "avg_first_response_time").rows()
[(datetime.datetime(2026, 3, 2, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Lisbon')), 2, 1, 120.0)]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.reports.business_hours import WorkingHours
from voxys_frames.reports.derive import derive_events

Period = Literal["hour", "day", "week", "month", "year", "all"]
Dimension = Literal["account", "inbox", "agent", "team", "label"]

EVERY: Final[Mapping[str, str]] = {
    "hour": "1h",
    "day": "1d",
    "week": "1w",
    "month": "1mo",
    "year": "1y",
}
KEY: Final[Mapping[str, str | None]] = {
    "account": None,
    "inbox": "inbox_id",
    "agent": "agent_id",
    "team": "team_id",
    "label": "label",
}
"""The key column of each dimension in the report frame."""

COUNTS: Final = (
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
    "resolutions_count",
    "bot_resolutions_count",
    "bot_handoffs_count",
)


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> None:
    """Raise ValueError naming the choices when ``value`` is not one of them."""
    if value not in allowed:
        msg = f"unknown {what} {value!r}; choose one of {', '.join(allowed)}"
        raise ConfigurationError(msg)


def check_timezone(timezone: str) -> None:
    """Raise ConfigurationError unless ``timezone`` is an IANA time zone name."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"unknown time zone {timezone!r} (expected an IANA name such as Europe/Lisbon)"
        raise ConfigurationError(msg) from None


def bucket(column: str, period: Period, timezone: str) -> pl.Expr:
    """The start of ``column``'s period, in ``timezone``.

    Weeks start on Sunday, groupdate's default (Chatwoot does not change it). The
    period ``all`` is one bucket whose start is null.

    >>> from datetime import datetime, UTC
    >>> frame = pl.DataFrame({"at": [datetime(2026, 3, 4, 12, tzinfo=UTC)]})  # a Wednesday
    >>> frame.select(bucket("at", "week", "UTC"))["period_start"].dt.strftime("%A %F").item()
    'Sunday 2026-03-01'
    """
    if period == "all":
        return pl.lit(None, pl.Datetime("us", timezone)).alias("period_start")
    local = pl.col(column).dt.convert_time_zone(timezone)
    if period == "week":  # polars' weeks start on Monday: shift by a day either side
        return local.dt.offset_by("1d").dt.truncate("1w").dt.offset_by("-1d").alias("period_start")
    return local.dt.truncate(EVERY[period]).alias("period_start")


def _conversation_keys(conversations: pl.DataFrame, by: Dimension) -> pl.DataFrame:
    """``conversation_id`` and the dimension key (exploded for labels)."""
    base = conversations.select(pl.col("id").alias("conversation_id"), "team_id", "labels")
    if by == "team":
        return base.select("conversation_id", "team_id")
    return base.select("conversation_id", pl.col("labels").alias("label")).explode("label")


def _keyed(
    frame: pl.DataFrame, by: Dimension, own: str | None, conversations: pl.DataFrame
) -> pl.DataFrame:
    """``frame`` with the dimension's key column, rows without a key dropped."""
    key = KEY[by]
    if key is None:
        return frame
    if by in ("team", "label"):
        keyed = frame.join(_conversation_keys(conversations, by), on="conversation_id", how="inner")
    else:
        keyed = frame.with_columns(pl.col(own or key).alias(key))
    return keyed.filter(pl.col(key).is_not_null())


def chatwoot_report(
    frames: Mapping[str, pl.DataFrame],
    *,
    period: Period = "day",
    by: Dimension = "account",
    timezone: str = "UTC",
    events: pl.DataFrame | None = None,
    bot_inboxes: Collection[int] | None = None,
    working_hours: Mapping[int, WorkingHours] | None = None,
) -> pl.DataFrame:
    """Chatwoot's report metrics per ``period`` (and per ``by`` key), in ``timezone``.

    ``events`` are the reporting events to use (fetched ones linked with
    :func:`~voxys_frames.reports.fetched.fetched_events`, or derived ones); by
    default they are derived from the messages, with ``bot_inboxes`` and
    ``working_hours`` (see :func:`~voxys_frames.reports.derive.derive`).
    """
    check_choice(period, get_args(Period), "period")
    check_choice(by, get_args(Dimension), "dimension")
    check_timezone(timezone)
    conversations = frames["conversations"]
    chosen = (
        derive_events(frames, bot_inboxes=bot_inboxes, working_hours=working_hours)
        if events is None
        else events
    )
    key = KEY[by]
    group = ([key] if key else []) + ["period_start"]
    convs = conversations.select(
        pl.col("id").alias("conversation_id"),
        "inbox_id",
        "created_at",
        pl.when(pl.col("assignee_type") == "User").then(pl.col("assignee_id")).alias("agent_id"),
    )
    kind = pl.col("message_type").cast(pl.String)
    messages = frames["messages"].select(
        "conversation_id",
        "inbox_id",
        "created_at",
        kind.alias("kind"),
        pl.when(pl.col("sender_type") == "User").then(pl.col("sender_id")).alias("agent_id"),
    )
    per_conversation = (
        _keyed(convs, by, None, conversations)
        .group_by(*group[:-1], bucket("created_at", period, timezone))
        .agg(conversations_count=pl.len())
    )
    per_message = (
        _keyed(messages, by, None, conversations)
        .group_by(*group[:-1], bucket("created_at", period, timezone))
        .agg(
            incoming_messages_count=(pl.col("kind") == "incoming").sum(),
            outgoing_messages_count=(pl.col("kind") == "outgoing").sum(),
        )
    )
    name = pl.col("name")
    per_event = (
        _keyed(chosen, by, "user_id" if by == "agent" else None, conversations)
        .group_by(*group[:-1], bucket("created_at", period, timezone))
        .agg(
            resolutions_count=(name == "conversation_resolved").sum(),
            bot_resolutions_count=(name == "conversation_bot_resolved").sum(),
            bot_handoffs_count=pl.col("conversation_id")
            .filter(name == "conversation_bot_handoff")
            .n_unique(),
            avg_first_response_time=pl.col("value").filter(name == "first_response").mean(),
            avg_reply_time=pl.col("value").filter(name == "reply_time").mean(),
            avg_resolution_time=pl.col("value").filter(name == "conversation_resolved").mean(),
            avg_first_response_time_business_hours=pl.col("value_in_business_hours")
            .filter(name == "first_response")
            .mean(),
            avg_resolution_time_business_hours=pl.col("value_in_business_hours")
            .filter(name == "conversation_resolved")
            .mean(),
            avg_reply_time_business_hours=pl.col("value_in_business_hours")
            .filter(name == "reply_time")
            .mean(),
        )
    )
    joined = per_conversation.join(
        per_message, on=group, how="full", coalesce=True, nulls_equal=True
    ).join(per_event, on=group, how="full", coalesce=True, nulls_equal=True)
    return (
        joined.with_columns(pl.col(list(COUNTS)).fill_null(0).cast(pl.Int64))
        .select(*group, *COUNTS, pl.col("^avg_.*$"))
        .sort(group, nulls_last=True)
    )
