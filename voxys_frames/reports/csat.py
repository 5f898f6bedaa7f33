"""Customer satisfaction: response rate, rating distribution, ratings by agent, inbox and label.

Built from ``csat_responses`` (``conversation_id`` is the display id) and the survey
messages (``content_type == "input_csat"``) of a snapshot. A rating is 1-5; a response
without a rating (the customer opened the survey but did not rate) counts as sent, not
as answered.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.reports._examples import tiny_frames
>>> frames = dict(tiny_frames())
>>> frames["csat_responses"] = pl.DataFrame({"id": [1], "conversation_id": [1], "rating": [4],
...     "feedback_message": ["quick"], "assigned_agent_id": [4]})
>>> summary = csat_summary(frames)
>>> summary.answered, summary.distribution.rows()
(1, [(1, 0), (2, 0), (3, 0), (4, 1), (5, 0)])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

__all__ = ["CsatSummary", "csat_summary"]

RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class CsatSummary:
    """What :func:`csat_summary` found (frames are empty when nothing was rated)."""

    surveys_sent: int
    answered: int
    distribution: pl.DataFrame
    by_agent: pl.DataFrame
    by_inbox: pl.DataFrame
    by_label: pl.DataFrame
    lowest: pl.DataFrame

    @property
    def response_rate(self) -> float | None:
        """Answered surveys over surveys sent; None when no survey was sent.

        >>> CsatSummary(4, 1, *(pl.DataFrame() for _ in range(5))).response_rate
        0.25
        """
        return self.answered / self.surveys_sent if self.surveys_sent else None


def _grouped(rated: pl.DataFrame, key: str) -> pl.DataFrame:
    return (
        rated.filter(pl.col(key).is_not_null())
        .group_by(key)
        .agg(responses=pl.len(), average_rating=pl.col("rating").mean())
        .sort(["average_rating", key])
    )


def csat_summary(frames: Mapping[str, pl.DataFrame], *, lowest: int = 10) -> CsatSummary:
    """The CSAT figures of ``frames``; ``lowest`` rated conversations are listed."""
    responses = frames.get("csat_responses")
    if responses is None:
        responses = pl.DataFrame(
            schema={
                "id": pl.Int64,
                "conversation_id": pl.Int64,
                "rating": pl.Int64,
                "feedback_message": pl.String,
                "assigned_agent_id": pl.Int64,
            }
        )
    messages = frames["messages"]
    surveys = (
        messages.filter(pl.col("content_type") == "input_csat").height
        if "content_type" in messages.columns
        else 0
    )
    conversations = frames["conversations"].select(
        pl.col("id").alias("conversation_id"), "inbox_id", "labels"
    )
    rated = responses.filter(pl.col("rating").is_not_null()).join(
        conversations, on="conversation_id", how="left"
    )
    distribution = pl.DataFrame({"rating": list(RATINGS)}).join(
        rated.group_by("rating").agg(responses=pl.len()), on="rating", how="left"
    )
    distribution = distribution.with_columns(pl.col("responses").fill_null(0).cast(pl.Int64))
    users = (
        frames["agents"]
        .filter(pl.col("type") == "User")
        .select(
            pl.col("id").alias("assigned_agent_id"),
            pl.coalesce("available_name", "name").alias("agent"),
        )
    )
    by_agent = _grouped(rated, "assigned_agent_id").join(users, on="assigned_agent_id", how="left")
    by_label = _grouped(rated.explode("labels").rename({"labels": "label"}), "label")
    comments = rated.sort(["rating", "conversation_id"]).head(lowest)
    return CsatSummary(
        surveys_sent=max(surveys, responses.height),
        answered=rated.height,
        distribution=distribution,
        by_agent=by_agent,
        by_inbox=_grouped(rated, "inbox_id"),
        by_label=by_label,
        lowest=comments.select("conversation_id", "rating", "feedback_message", "inbox_id"),
    )
