"""Analyst mode: medians, p90s and reopen cycles per cohort, from the ground truth."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest

from tests.reports.emulated import Emulated
from tests.reports.truth import Truth
from voxys_frames.reports.analyst import analyst_report
from voxys_frames.reports.business_hours import WorkingHours
from voxys_frames.reports.derive import derive_events
from voxys_frames.reports.metrics import conversation_metrics

AS_OF = datetime(2026, 11, 2, tzinfo=UTC)


def _spread(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    return float(np.median(values)), float(np.percentile(values, 90))


def test_per_inbox_medians_and_p90(account: Emulated, truths: list[Truth]) -> None:
    hours = {7: WorkingHours.weekdays("Asia/Tokyo")}
    metrics = conversation_metrics(account.frames, as_of=AS_OF, working_hours=hours)
    events = derive_events(account.frames)
    report = analyst_report(metrics, events, period="all", by="inbox")
    first: dict[int, list[float]] = defaultdict(list)
    first_business: dict[int, list[float]] = defaultdict(list)
    resolution: dict[int, list[float]] = defaultdict(list)
    replies: dict[int, list[float]] = defaultdict(list)
    reopens: dict[int, int] = defaultdict(int)
    reopened: dict[int, int] = defaultdict(int)
    for t in truths:
        for e in t.events:
            if e["name"] == "first_response":
                first[t.inbox_id].append(float(e["value"]))
                first_business[t.inbox_id].append(float(e["value_in_business_hours"]))
        resolved = t.values("conversation_resolved")
        if t.status == "resolved" and resolved:
            resolution[t.inbox_id].append(resolved[-1])
        replies[t.inbox_id].extend(t.values("reply_time"))
        reopens[t.inbox_id] += t.reopens
        reopened[t.inbox_id] += t.reopens > 0
    assert report.height == len({t.inbox_id for t in truths})
    inboxes = account.frames["inboxes"]
    off = set(inboxes.filter(~pl.col("working_hours_enabled"))["id"].to_list())
    assert off and 7 not in off
    for row in report.iter_rows(named=True):
        inbox = row["inbox_id"]
        assert (row["median_first_response_seconds"], row["p90_first_response_seconds"]) == (
            pytest.approx(_spread(first[inbox]))
        )
        assert (row["median_resolution_seconds"], row["p90_resolution_seconds"]) == (
            pytest.approx(_spread(resolution[inbox]))
        )
        assert (row["median_reply_seconds"], row["p90_reply_seconds"]) == (
            pytest.approx(_spread(replies[inbox]))
        )
        assert (row["reopen_cycles"], row["reopened_conversations_count"]) == (
            reopens[inbox],
            reopened[inbox],
        )
        business = row["median_first_response_business_seconds"]
        if inbox == 7 or inbox in off:  # hours given, or off (Chatwoot stores 0)
            assert business == pytest.approx(_spread(first_business[inbox])[0])
        else:
            assert business is None


def test_cohorts_count_each_conversation_once(account: Emulated, truths: list[Truth]) -> None:
    metrics = conversation_metrics(account.frames, as_of=AS_OF)
    report = analyst_report(metrics, period="month", by="label", timezone="Asia/Tokyo")
    assert report["conversations_count"].sum() == sum(len(t.labels) for t in truths)
    answered = sum(len(t.labels) for t in truths if t.values("first_response"))
    assert report["answered_count"].sum() == answered
