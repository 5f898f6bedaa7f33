"""conversation_metrics: every agent who replied, the latest CSAT response, the SLA missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from voxys_frames.reports import conversation_metrics
from voxys_frames.reports._examples import CREATED, tiny_frames
from voxys_frames.tables.frames import Frames

AS_OF = datetime(2026, 3, 3, tzinfo=UTC)


def _frames() -> Frames:
    base = tiny_frames()
    extra_messages = pl.DataFrame(
        {
            "id": [14, 15, 16, 17],
            "conversation_id": [1, 1, 1, 1],
            "inbox_id": [1, 1, 1, 1],
            "message_type": ["outgoing", "outgoing", "outgoing", "outgoing"],
            "private": [False, True, False, False],
            "created_at": [CREATED + timedelta(seconds=s) for s in (200, 210, 220, 230)],
            "sender_type": ["User", "User", "AgentBot", "User"],
            "sender_id": [9, 5, 6, 4],
        }
    ).with_columns(pl.col("message_type").cast(base.messages["message_type"].dtype))
    messages = pl.concat([base.messages, extra_messages], how="diagonal_relaxed")
    csat = pl.DataFrame(
        {
            "account_id": [1, 1],
            "id": [1, 2],
            "conversation_id": [1, 1],  # display id
            "rating": [2, 5],
            "feedback_message": ["slow", "قبل كل شيء شكرا"],
            "created_at": [CREATED + timedelta(hours=1), CREATED + timedelta(hours=2)],
        }
    )
    conversations = base.conversations.with_columns(
        sla_policy_id=pl.Series([3, None], dtype=pl.Int64),
        sla_status=pl.Series(["active_with_misses", None], dtype=pl.String),
    )
    return Frames(
        {
            **dict(base),
            "conversations": conversations,
            "messages": messages,
            "csat_responses": csat,
        }
    )


def test_every_user_who_replied_publicly_is_listed_once() -> None:
    metrics = conversation_metrics(_frames(), as_of=AS_OF).sort("conversation_id")
    # user 4 replied twice, user 9 once; user 5 wrote a private note; bot 6 is no agent
    assert metrics["replied_agent_ids"].to_list() == [[4, 9], []]


def test_the_latest_csat_response_joins_on_the_display_id() -> None:
    metrics = conversation_metrics(_frames(), as_of=AS_OF).sort("conversation_id")
    assert metrics.select("csat_rating", "csat_comment").rows() == [
        (5, "قبل كل شيء شكرا"),
        (None, None),
    ]


def test_an_sla_with_misses_counts_as_missed_and_no_sla_stays_null() -> None:
    metrics = conversation_metrics(_frames(), as_of=AS_OF).sort("conversation_id")
    assert metrics.select("sla_policy_id", "sla_missed").rows() == [(3, True), (None, None)]


def test_frames_without_csat_give_null_columns() -> None:
    metrics = conversation_metrics(tiny_frames(), as_of=AS_OF)
    assert metrics["csat_rating"].null_count() == metrics.height
    assert metrics.schema["csat_responded_at"] == pl.Datetime("us", "UTC")
