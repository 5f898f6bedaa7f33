"""CSAT in numbers and on the report page, from hand-built responses and survey messages."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from voxys_frames.reports import csat_summary, report_html
from voxys_frames.reports._examples import CREATED, tiny_frames
from voxys_frames.tables.frames import Frames

HOSTILE = "<script>alert(1)</script> too slow"


def _frames() -> Frames:
    base = tiny_frames()
    surveys = pl.DataFrame(
        {
            "id": [30, 31, 32],
            "conversation_id": [1, 2, 2],
            "inbox_id": [1, 2, 2],
            "message_type": ["template", "template", "template"],
            "content_type": ["input_csat"] * 3,
            "private": [False] * 3,
            "created_at": [CREATED + timedelta(minutes=m) for m in (20, 90, 95)],
        }
    ).with_columns(pl.col("message_type").cast(base.messages["message_type"].dtype))
    responses = pl.DataFrame(
        {
            "account_id": [1, 1, 1],
            "id": [1, 2, 3],
            "conversation_id": [1, 2, 2],
            "rating": [2, 5, None],  # the third survey was opened, never rated
            "feedback_message": [HOSTILE, "merci", None],
            "assigned_agent_id": [4, None, None],
            "created_at": [CREATED + timedelta(hours=h) for h in (1, 2, 3)],
        }
    )
    return Frames(
        {
            **dict(base),
            "messages": pl.concat([base.messages, surveys], how="diagonal_relaxed"),
            "csat_responses": responses,
        }
    )


def test_rates_distribution_and_groups_count_rated_responses_only() -> None:
    summary = csat_summary(_frames())
    assert (summary.surveys_sent, summary.answered) == (3, 2)
    assert summary.response_rate == 2 / 3
    assert dict(summary.distribution.iter_rows()) == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert summary.by_inbox.rows() == [(1, 1, 2.0), (2, 1, 5.0)]
    assert summary.by_agent.select("agent", "responses", "average_rating").rows() == [
        ("Dima", 1, 2.0)
    ]
    assert summary.by_label.rows() == [("billing", 1, 2.0)]
    assert summary.lowest["conversation_id"].to_list() == [1, 2]


def test_the_page_has_the_csat_section_with_comments_escaped() -> None:
    page = report_html(_frames(), scripts="")
    assert "<h2>Customer satisfaction (CSAT)</h2>" in page
    assert "<td>67%</td>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; too slow" in page
    assert HOSTILE not in page


def test_a_snapshot_without_surveys_says_so() -> None:
    page = report_html(tiny_frames(), scripts="")
    assert "No CSAT survey in this snapshot." in page
