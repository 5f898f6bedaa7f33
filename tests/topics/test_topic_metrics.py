"""topic_metrics on hand-built metrics, and the topics section of the HTML report."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from voxys_frames.reports import report_html
from voxys_frames.topics import find_topics
from voxys_frames.topics._examples import example_frames
from voxys_frames.topics.metrics import topic_chart, topic_metrics, topic_trend_chart

AS_OF = datetime(2026, 4, 1, tzinfo=UTC)


def _metrics() -> pl.DataFrame:
    """Conversations 1-3 (refunds) and 4-6 (log-ins), numbers easy to check by hand."""
    return pl.DataFrame(
        {
            "conversation_id": [1, 2, 3, 4, 5, 6],
            "first_response_seconds": [60.0, 180.0, None, 600.0, None, None],
            "resolution_seconds": [3600.0, None, 7200.0, None, None, None],
            "reopen_count": [0, 2, 1, 0, 0, None],
            "csat_rating": [1, 2, None, 5, None, None],
            "negative_sentiment_share": [1.0, 0.5, None, None, None, None],
        }
    )


def test_times_reopens_csat_and_sentiment_per_topic() -> None:
    found = find_topics(example_frames(), n_topics=2)
    table = topic_metrics(found, _metrics())
    refunds, logins = table.to_dicts()
    assert refunds["conversations"] == 3 and refunds["answered"] == 2
    assert refunds["median_first_response_seconds"] == 120.0
    assert refunds["median_resolution_seconds"] == 5400.0
    assert refunds["reopen_cycles"] == 3
    assert refunds["reopened_share"] == pytest.approx(2 / 3)
    assert refunds["csat_responses"] == 2 and refunds["csat_average"] == 1.5
    assert refunds["csat_low_share"] == 1.0
    assert refunds["negative_sentiment_share"] == 0.75
    assert logins["median_resolution_seconds"] is None  # none resolved: null, not zero
    assert logins["negative_sentiment_share"] is None
    assert logins["sentiment_conversations"] == 0
    assert logins["csat_average"] == 5.0
    spec = topic_chart(table).to_dict()
    assert len(spec["hconcat"]) == 3
    assert topic_trend_chart(found.weekly()).to_dict()["mark"]["type"] == "line"


def test_the_report_has_an_escaped_topics_section() -> None:
    base = example_frames()
    hostile = base.messages.with_columns(
        content=pl.when(pl.col("id") == 10)
        .then(pl.lit("<script>alert(1)</script> I want a refund &amp; money back"))
        .otherwise(pl.col("content"))
    )
    frames = type(base)({**dict(base), "messages": hostile})
    page = report_html(frames, as_of=AS_OF, scripts="", topics=2)
    section = page[page.index("<h2>Topics") :]
    assert "refund" in section and "cannot log" in section
    assert "<script>alert(1)" not in page
    assert report_html(frames, as_of=AS_OF, scripts="", topics=0).count("<h2>Topics") == 0
