"""One row per conversation: response, reply and resolution times, cycles, counts.

The row-level export Chatwoot lacks. Times are seconds (Float64); a metric that
does not apply is null (a conversation never answered has a null first response,
not 0). Definitions:

* ``first_response_seconds``: Chatwoot's first response (from the latest opening,
  bot hand-off or bot resolution before the first human reply);
  ``first_any_response_seconds`` from creation to the first public outgoing
  message of anyone, and ``first_responder_type`` says whether that was a ``bot``
  or a ``human``;
* ``reply_*``: Chatwoot's reply times (customer wait ended by a human reply);
* ``resolution_seconds``: creation to the last resolution, for conversations
  resolved now; ``first_resolution_seconds`` creation to the first one;
  ``reopen_count``: how often a resolved conversation was opened again;
* ``incoming_count``, ``outgoing_count`` (public, any sender), ``private_count``
  (private notes, never replies), ``bot_outgoing_count``;
* ``waiting_seconds_now``: how long the customer has been waiting at ``as_of``;
* ``*_business_seconds``: the same within the working hours passed per inbox
  (null for inboxes without them);
* ``replied_agent_ids``: every user who sent a public reply, sorted (bots left out);
* ``csat_rating``, ``csat_comment``, ``csat_responded_at``: the conversation's latest
  CSAT response (null when none was fetched or answered);
* ``sla_policy_id`` and ``sla_missed``: the SLA applied and whether it was missed
  (``missed`` or ``active_with_misses``; null when no SLA applies);
* ``sentiment_messages``, ``negative_sentiment_share``, ``mean_sentiment``,
  ``last_sentiment_label``, ``last_sentiment_score``: the customer's sentiment as
  the server sent it (null, never zero, when it sent none; see
  :mod:`voxys_frames.reports.sentiment`).

Examples
--------
>>> from datetime import datetime, UTC
>>> from voxys_frames.reports._examples import tiny_frames
>>> metrics = conversation_metrics(tiny_frames(), as_of=datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
>>> metrics.select("conversation_id", "first_response_seconds", "resolution_seconds", "waiting_seconds_now").rows()
[(1, 120.0, 600.0, None), (2, None, None, 3600.0)]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Final

import polars as pl

from voxys_frames.reports.asof import report_time
from voxys_frames.reports.business_hours import WorkingHours
from voxys_frames.reports.derive import derive, in_business_hours
from voxys_frames.reports.sentiment import conversation_sentiment
from voxys_frames.tables.timestamps import DATETIME

CARRIED: Final = (
    "account_id",
    "inbox_id",
    "status",
    "created_at",
    "assignee_id",
    "assignee_type",
    "team_id",
    "labels",
)
"""Conversation columns carried into the metrics frame."""


def _seconds(later: str | pl.Expr, earlier: str | pl.Expr) -> pl.Expr:
    later_expr = pl.col(later) if isinstance(later, str) else later
    earlier_expr = pl.col(earlier) if isinstance(earlier, str) else earlier
    return (later_expr - earlier_expr).dt.total_microseconds() / 1_000_000


def _message_counts(messages: pl.DataFrame) -> pl.DataFrame:
    kind = pl.col("message_type").cast(pl.String)
    public_out = (kind == "outgoing") & ~pl.col("private").fill_null(False)
    return messages.group_by("conversation_id").agg(
        incoming_count=(kind == "incoming").sum().cast(pl.Int64),
        outgoing_count=public_out.sum().cast(pl.Int64),
        private_count=((kind == "outgoing") & pl.col("private").fill_null(False))
        .sum()
        .cast(pl.Int64),
        bot_outgoing_count=(
            public_out & pl.col("sender_type").is_in(["AgentBot", "Captain::Assistant"])
        )
        .sum()
        .cast(pl.Int64),
    )


def _replied_agents(messages: pl.DataFrame) -> pl.DataFrame:
    replies = messages.filter(
        (pl.col("message_type").cast(pl.String) == "outgoing")
        & ~pl.col("private").fill_null(False)
        & (pl.col("sender_type") == "User")
        & pl.col("sender_id").is_not_null()
    )
    return replies.group_by("conversation_id").agg(
        replied_agent_ids=pl.col("sender_id").unique().sort()
    )


def _csat(frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """The latest CSAT response of each conversation (``conversation_id`` is the display id)."""
    responses = frames.get("csat_responses")
    if responses is None or responses.height == 0:
        return pl.DataFrame(
            schema={
                "conversation_id": pl.Int64,
                "csat_rating": pl.Int64,
                "csat_comment": pl.String,
                "csat_responded_at": DATETIME,
            }
        )
    return (
        responses.sort("created_at", "id")
        .group_by("conversation_id")
        .agg(
            csat_rating=pl.col("rating").last(),
            csat_comment=pl.col("feedback_message").last(),
            csat_responded_at=pl.col("created_at").last(),
        )
    )


def _event_metrics(events: pl.DataFrame) -> pl.DataFrame:
    name = pl.col("name")
    value = pl.col("value")
    business = pl.col("value_in_business_hours")
    first = name == "first_response"
    reply = name == "reply_time"
    resolved = name == "conversation_resolved"
    return (
        events.sort("event_end_time")
        .group_by("conversation_id")
        .agg(
            first_response_at=pl.col("event_end_time").filter(first).first(),
            first_response_seconds=value.filter(first).first(),
            first_response_business_seconds=business.filter(first).first(),
            first_response_agent_id=pl.col("user_id").filter(first).first(),
            reply_count=reply.sum().cast(pl.Int64),
            reply_median_seconds=value.filter(reply).median(),
            reply_max_seconds=value.filter(reply).max(),
            reply_median_business_seconds=business.filter(reply).median(),
            first_resolution_seconds=value.filter(resolved).first(),
            last_resolution_seconds=value.filter(resolved).last(),
            last_resolution_business_seconds=business.filter(resolved).last(),
        )
    )


def conversation_metrics(
    frames: Mapping[str, pl.DataFrame],
    *,
    as_of: datetime | None = None,
    working_hours: Mapping[int, WorkingHours] | None = None,
    events: pl.DataFrame | None = None,
    bot_inboxes: Collection[int] | None = None,
    unknown_sender_is_human: bool = True,
) -> pl.DataFrame:
    """The per-conversation metrics of ``frames`` (see the module docstring).

    ``events`` replaces the derived events (e.g. fetched ones, linked to display
    ids); ``working_hours`` maps inbox ids to their :class:`WorkingHours`.
    """
    now = report_time(frames, as_of)
    derivation = derive(
        frames,
        bot_inboxes=bot_inboxes,
        unknown_sender_is_human=unknown_sender_is_human,
        working_hours=working_hours,
    )
    chosen = derivation.events
    if events is not None:
        chosen = in_business_hours(events, frames, working_hours) if working_hours else events
    conversations = frames["conversations"].select(
        pl.col("id").alias("conversation_id"), *CARRIED, "sla_policy_id", "sla_status"
    )
    joined = (
        conversations.join(derivation.states, on="conversation_id", how="left")
        .join(_event_metrics(chosen), on="conversation_id", how="left")
        .join(_message_counts(frames["messages"]), on="conversation_id", how="left")
        .join(_replied_agents(frames["messages"]), on="conversation_id", how="left")
        .join(_csat(frames), on="conversation_id", how="left")
        .join(conversation_sentiment(frames["messages"]), on="conversation_id", how="left")
    )
    resolved_now = pl.col("status") == "resolved"
    counts = [
        "incoming_count",
        "outgoing_count",
        "private_count",
        "bot_outgoing_count",
        "reply_count",
    ]
    return joined.with_columns(
        pl.col(counts).fill_null(0),
        first_any_response_seconds=_seconds("first_any_response_at", "created_at"),
        resolution_seconds=pl.when(resolved_now).then(pl.col("last_resolution_seconds")),
        resolution_business_seconds=pl.when(resolved_now).then(
            pl.col("last_resolution_business_seconds")
        ),
        resolved_at=pl.when(resolved_now).then(pl.col("last_resolved_at")),
        waiting_seconds_now=_seconds(pl.lit(now), "waiting_since"),
        replied_agent_ids=pl.col("replied_agent_ids").fill_null(
            pl.lit([], dtype=pl.List(pl.Int64))
        ),
        sla_missed=pl.when(pl.col("sla_status").is_not_null()).then(
            pl.col("sla_status").is_in(["missed", "active_with_misses"])
        ),
    ).select(
        "conversation_id",
        *CARRIED,
        "first_response_at",
        "first_response_seconds",
        "first_response_agent_id",
        "first_responder_type",
        "first_any_response_seconds",
        "reply_count",
        "reply_median_seconds",
        "reply_max_seconds",
        "resolution_count",
        "reopen_count",
        "first_resolution_seconds",
        "resolution_seconds",
        "resolved_at",
        "incoming_count",
        "outgoing_count",
        "private_count",
        "bot_outgoing_count",
        "waiting_since",
        "waiting_seconds_now",
        "bot_handoff_at",
        "first_response_business_seconds",
        "reply_median_business_seconds",
        "resolution_business_seconds",
        "unrecognised_activity_count",
        "replied_agent_ids",
        "csat_rating",
        "csat_comment",
        "csat_responded_at",
        "sla_policy_id",
        "sla_missed",
        "sentiment_messages",
        "negative_sentiment_share",
        "mean_sentiment",
        "last_sentiment_label",
        "last_sentiment_score",
    )
