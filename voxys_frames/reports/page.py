"""The HTML report: key numbers, charts and tables in one self-contained page.

The Vega, Vega-Lite and vega-embed scripts are inlined (from ``vl-convert``), so the
page works offline and from a file. Every piece of text that comes from the data
(names, labels, the source host) is HTML-escaped in tables, and chart specs are
embedded as JSON with ``<``, ``>`` and ``&`` escaped, so no data can close a tag.

Examples
--------
>>> from datetime import datetime, UTC
>>> from voxys_frames.reports._examples import tiny_frames
>>> html = report_html(tiny_frames(), as_of=datetime(2026, 3, 3, tzinfo=UTC), scripts="")
>>> "First response time" in html and "<script src=" not in html
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl
import vl_convert

from voxys_frames.links import conversation_links
from voxys_frames.reports.analyst import analyst_report
from voxys_frames.reports.asof import report_time
from voxys_frames.reports.business_hours import WorkingHours
from voxys_frames.reports.charts import (
    agent_chart,
    agent_summary,
    first_response_chart,
    heatmap_chart,
    volume_chart,
)
from voxys_frames.reports.chatwoot import Period, chatwoot_report
from voxys_frames.reports.csat import csat_summary
from voxys_frames.reports.derive import derive
from voxys_frames.reports.fetched import compare_events, fetched_events
from voxys_frames.reports.metrics import conversation_metrics
from voxys_frames.reports.reconcile_section import reconcile_section
from voxys_frames.reports.tables import duration, html_table
from voxys_frames.topics.conversations import find_topics
from voxys_frames.topics.metrics import topic_chart, topic_metrics, topic_trend_chart

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1100px; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.chart { margin: 1rem 0 2rem; } .note { color: #8a4b00; }
"""


GLOBALS = "window.vegaEmbed = vegaEmbed; window.vegaLite = vegaLite; window.vega = vega;"
"""The bundle's snippet: make the libraries global for the chart scripts."""

AnyChart = alt.Chart | alt.HConcatChart


@cache
def vega_scripts() -> str:
    """The inlined vega-embed bundle (Vega and Vega-Lite included)."""
    version = "_".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    bundle: str = vl_convert.javascript_bundle(GLOBALS, vl_version=f"v{version}")
    return bundle.replace("</script", "<\\/script")


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element.

    >>> script_json({"name": "</script><b>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _chart_block(number: int, chart: AnyChart) -> str:
    spec = chart.to_dict()
    return (
        f'<div class="chart" id="chart-{number}"></div>\n'
        f"<script>vegaEmbed('#chart-{number}', {script_json(spec)}, "
        '{"renderer": "svg", "actions": false})'
        ".catch(function (e) { document.getElementById("
        f"'chart-{number}').textContent = 'chart failed: ' + e; }});</script>"
    )


def _key_numbers(compat: pl.DataFrame, analyst: pl.DataFrame) -> list[tuple[str, str]]:
    c = compat.row(0, named=True) if compat.height else {}
    a = analyst.row(0, named=True) if analyst.height else {}
    return [
        ("Conversations", str(c.get("conversations_count", 0))),
        (
            "Incoming / outgoing messages",
            f"{c.get('incoming_messages_count', 0)} / {c.get('outgoing_messages_count', 0)}",
        ),
        ("Resolutions (events)", str(c.get("resolutions_count", 0))),
        ("Average first response (Chatwoot)", duration(c.get("avg_first_response_time"))),
        (
            "Median / p90 first response",
            f"{duration(a.get('median_first_response_seconds'))} / {duration(a.get('p90_first_response_seconds'))}",
        ),
        ("Average reply time (Chatwoot)", duration(c.get("avg_reply_time"))),
        (
            "Median / p90 reply time",
            f"{duration(a.get('median_reply_seconds'))} / {duration(a.get('p90_reply_seconds'))}",
        ),
        ("Average resolution time (Chatwoot)", duration(c.get("avg_resolution_time"))),
        (
            "Median / p90 resolution time",
            f"{duration(a.get('median_resolution_seconds'))} / {duration(a.get('p90_resolution_seconds'))}",
        ),
        (
            "Conversations reopened / reopen cycles",
            f"{a.get('reopened_conversations_count', 0)} / {a.get('reopen_cycles', 0)}",
        ),
        (
            "Bot resolutions / hand-offs",
            f"{c.get('bot_resolutions_count', 0)} / {c.get('bot_handoffs_count', 0)}",
        ),
    ]


def report_html(
    frames: Mapping[str, pl.DataFrame],
    *,
    timezone: str = "UTC",
    period: Period = "week",
    as_of: datetime | None = None,
    working_hours: Mapping[int, WorkingHours] | None = None,
    title: str = "Support report",
    scripts: str | None = None,
    reconciliation: pl.DataFrame | None = None,
    reconciliation_error: str | None = None,
    link_base_url: str | None = None,
    topics: int = 8,
    bot_inboxes: Collection[int] | None = None,
) -> str:
    """The report page for ``frames`` as one HTML string.

    Fetched ``reporting_events``, when present, are used for the Chatwoot numbers and
    compared with the derived ones; ``scripts`` replaces the inlined vega bundle;
    ``topics`` is how many topics the topics section finds (0 leaves it out);
    ``bot_inboxes`` are the inboxes with an active bot (see
    :func:`~voxys_frames.reports.derive.derive`).
    ``reconciliation`` (:func:`~voxys_frames.reports.reconcile.reconcile`'s frame) adds
    a section of the differences with the server's reports; ``reconciliation_error``
    (why the server could not be asked) adds that section as a note.
    Conversation ids link into the app (:mod:`voxys_frames.links`): at the manifest's
    host, or at ``link_base_url``.
    """
    now = report_time(frames, as_of)
    derived = derive(frames, bot_inboxes=bot_inboxes, working_hours=working_hours)
    events = derived.events
    notes: list[str] = []
    if frames["reporting_events"].height:
        events = fetched_events(frames, derived.events)
        agreement = compare_events(derived.events, events)["agreement"].value_counts()
        counts = ", ".join(f"{n} {kind}" for kind, n in agreement.sort("agreement").iter_rows())
        notes.append(
            f"Chatwoot numbers use the fetched reporting events; against the derived ones: {counts}."
        )
    unrecognised = int(derived.states["unrecognised_activity_count"].sum() or 0)
    if unrecognised:
        notes.append(
            f"{unrecognised} activity messages were not recognised (not English?): status changes may be missing."
        )
    metrics = conversation_metrics(
        frames,
        as_of=now,
        working_hours=working_hours,
        events=None if events is derived.events else events,  # derived: its own, hours applied
        bot_inboxes=bot_inboxes,
    )
    totals = chatwoot_report(frames, period="all", timezone=timezone, events=events)
    overall = analyst_report(metrics, events, period="all", timezone=timezone)
    over_time = chatwoot_report(frames, period=period, timezone=timezone, events=events)
    by_inbox = analyst_report(metrics, events, period="all", by="inbox", timezone=timezone)
    inbox_names = frames["inboxes"].select(
        pl.col("id").alias("inbox_id"), pl.col("name").alias("inbox")
    )
    by_inbox = by_inbox.join(inbox_names, on="inbox_id", how="left")
    agents = agent_summary(metrics, frames["agents"])
    charts: list[AnyChart] = [
        volume_chart(over_time),
        first_response_chart(metrics),
        heatmap_chart(metrics, timezone),
        agent_chart(agents),
    ]
    manifest = getattr(frames, "manifest", None) or {}
    source = manifest.get("source", {}) if isinstance(manifest, dict) else {}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style>",
        f"<script>{vega_scripts() if scripts is None else scripts}</script></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">source {escape(str(source.get("host") or "frames"))}, account '
        f"{escape(str(source.get('account_id') or ''))}; as of {now:%Y-%m-%d %H:%M} UTC; "
        f"periods and hours in {escape(timezone)}</p>",
        *(f'<p class="note">{escape(note)}</p>' for note in notes),
        "<h2>Key numbers</h2>",
        html_table(["measure", "value"], _key_numbers(totals, overall)),
        *(_chart_block(number, chart) for number, chart in enumerate(charts, start=1)),
        "<h2>By inbox</h2>",
        html_table(
            [
                "inbox",
                "conversations",
                "answered",
                "median first response",
                "p90 first response",
                "median resolution",
                "reopen cycles",
            ],
            [
                (
                    row["inbox"] or f"inbox {row['inbox_id']}",
                    str(row["conversations_count"]),
                    str(row["answered_count"]),
                    duration(row["median_first_response_seconds"]),
                    duration(row["p90_first_response_seconds"]),
                    duration(row["median_resolution_seconds"]),
                    str(row["reopen_cycles"]),
                )
                for row in by_inbox.iter_rows(named=True)
            ],
        ),
        "<h2>By agent (assigned conversations)</h2>",
        html_table(
            ["agent", "conversations", "resolved", "median first response", "median resolution"],
            [
                (
                    row["agent"],
                    str(row["conversations"]),
                    str(row["resolved"]),
                    duration(_hours(row["median_first_response_hours"])),
                    duration(_hours(row["median_resolution_hours"])),
                )
                for row in agents.iter_rows(named=True)
            ],
        ),
        *_csat_section(frames, inbox_names, _linker(frames, manifest, link_base_url)),
        *(_topics_section(frames, metrics, topics, timezone, len(charts)) if topics else []),
        *(
            reconcile_section(reconciliation, frames, error=reconciliation_error)
            if reconciliation is not None or reconciliation_error is not None
            else []
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _linker(
    frames: Mapping[str, pl.DataFrame], manifest: Any, link_base_url: str | None
) -> Callable[[int], str]:
    """Conversation display id -> table cell: a link when the report knows the app and account."""
    links = conversation_links(
        manifest if isinstance(manifest, dict) else None, link_base_url=link_base_url
    )
    source = manifest.get("source", {}) if isinstance(manifest, dict) else {}
    accounts = frames["conversations"]["account_id"].unique().drop_nulls().to_list()
    account = source.get("account_id") or (accounts[0] if len(accounts) == 1 else None)
    if links is None or account is None:
        return str
    return lambda conversation: links.anchor(account, conversation, f"#{conversation}")


def _csat_section(
    frames: Mapping[str, pl.DataFrame],
    inbox_names: pl.DataFrame,
    conversation_cell: Callable[[int], str] = str,
) -> list[str]:
    """The CSAT section: response rate, ratings, by agent, inbox and label, lowest rated."""
    summary = csat_summary(frames)
    if not summary.surveys_sent:
        return ["<h2>Customer satisfaction (CSAT)</h2>", "<p>No CSAT survey in this snapshot.</p>"]
    rate = summary.response_rate
    names = dict(inbox_names.iter_rows())

    def average(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    def grouped(title: str, frame: pl.DataFrame, label: str, name: Any) -> list[str]:
        rows = [
            (name(row), str(row["responses"]), average(row["average_rating"]))
            for row in frame.iter_rows(named=True)
        ]
        return [f"<h3>{escape(title)}</h3>", html_table([label, "responses", "average"], rows)]

    return [
        "<h2>Customer satisfaction (CSAT)</h2>",
        html_table(
            ["measure", "value"],
            [
                ("surveys sent", str(summary.surveys_sent)),
                ("rated", str(summary.answered)),
                ("response rate", "" if rate is None else f"{rate:.0%}"),
            ],
        ),
        html_table(
            ["rating", "responses"],
            [(str(r), str(n)) for r, n in summary.distribution.iter_rows()],
        ),
        *grouped(
            "By agent",
            summary.by_agent,
            "agent",
            lambda row: row["agent"] or f"user {row['assigned_agent_id']}",
        ),
        *grouped(
            "By inbox",
            summary.by_inbox,
            "inbox",
            lambda row: names.get(row["inbox_id"]) or f"inbox {row['inbox_id']}",
        ),
        *grouped("By label", summary.by_label, "label", lambda row: row["label"]),
        "<h3>Lowest rated</h3>",
        html_table(
            ["conversation", "rating", "comment", "inbox"],
            [
                (
                    conversation_cell(row["conversation_id"]),
                    str(row["rating"]),
                    row["feedback_message"] or "",
                    names.get(row["inbox_id"]) or "",
                )
                for row in summary.lowest.iter_rows(named=True)
            ],
        ),
    ]


def _topics_section(
    frames: Mapping[str, pl.DataFrame],
    metrics: pl.DataFrame,
    n_topics: int,
    timezone: str,
    charts_before: int,
) -> list[str]:
    """What customers write about: topics with their times, CSAT and sentiment."""
    found = find_topics(frames, n_topics=n_topics)
    table = topic_metrics(found, metrics)
    heading = "<h2>Topics: what customers write about</h2>"
    if not found.assignments.filter(pl.col("topic_id") >= 0).height:
        return [heading, "<p>No customer text in this snapshot.</p>"]

    def share(value: float | None) -> str:
        return "" if value is None else f"{value:.0%}"

    rows = [
        (
            row["topic"],
            str(row["conversations"]),
            share(row["share"]),
            duration(row["median_first_response_seconds"]),
            duration(row["median_resolution_seconds"]),
            str(row["reopen_cycles"]),
            "" if row["csat_average"] is None else f"{row['csat_average']:.2f}",
            share(row["negative_sentiment_share"]),
            ", ".join(str(example) for example in row["examples"]),
        )
        for row in table.iter_rows(named=True)
    ]
    return [
        heading,
        f"<p>{n_topics} topics at most, from the customers' own messages (notes and "
        "agents' text left out); each is named by its most telling words.</p>",
        html_table(
            [
                "topic",
                "conversations",
                "share",
                "median first response",
                "median resolution",
                "reopen cycles",
                "CSAT average",
                "negative sentiment",
                "examples",
            ],
            rows,
        ),
        _chart_block(charts_before + 1, topic_chart(table)),
        _chart_block(charts_before + 2, topic_trend_chart(found.weekly(timezone))),
    ]


def _hours(value: float | None) -> float | None:
    return None if value is None else value * 3600


def write_report(frames: Mapping[str, pl.DataFrame], path: str | Path, **options: Any) -> Path:
    """Write :func:`report_html` to ``path`` atomically (a temporary file, then a rename)."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.partial")
    temporary.write_text(report_html(frames, **options), encoding="utf-8")
    temporary.replace(target)
    return target
