"""Support metrics from the frames: Chatwoot-compatible reports and an analyst mode.

Examples
--------
>>> from datetime import datetime, UTC
>>> from voxys_frames.reports._examples import tiny_frames
>>> metrics = conversation_metrics(tiny_frames(), as_of=datetime(2026, 3, 3, tzinfo=UTC))
>>> metrics["first_response_seconds"].to_list()
[120.0, None]
"""

from voxys_frames.reports.analyst import analyst_report
from voxys_frames.reports.business_hours import WorkingHours, business_seconds, with_business_hours
from voxys_frames.reports.charts import (
    agent_chart,
    agent_summary,
    first_response_buckets,
    first_response_chart,
    heatmap_chart,
    volume_chart,
    weekday_hour_counts,
)
from voxys_frames.reports.chatwoot import chatwoot_report
from voxys_frames.reports.csat import CsatSummary, csat_summary
from voxys_frames.reports.derive import derive, derive_events
from voxys_frames.reports.fetched import compare_events, fetched_events
from voxys_frames.reports.metrics import conversation_metrics
from voxys_frames.reports.page import report_html, write_report
from voxys_frames.reports.reconcile import reconcile
from voxys_frames.reports.zones import zone_for_offset

__all__ = [
    "CsatSummary",
    "WorkingHours",
    "agent_chart",
    "agent_summary",
    "analyst_report",
    "business_seconds",
    "chatwoot_report",
    "compare_events",
    "conversation_metrics",
    "csat_summary",
    "derive",
    "derive_events",
    "fetched_events",
    "first_response_buckets",
    "first_response_chart",
    "heatmap_chart",
    "reconcile",
    "report_html",
    "volume_chart",
    "weekday_hour_counts",
    "with_business_hours",
    "write_report",
    "zone_for_offset",
]
