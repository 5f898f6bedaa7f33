"""Reconcile against a real HTTP server whose figures are written by hand (see ``planted``).

Chatwoot's own answers for the hand-built account agree with ours figure by figure;
a server following another rule differs exactly where that rule matters, and each
difference is named by the rule whose recomputation gives the server's figure. With
that rule's recomputation taken away, the same differences stay unexplained.
"""

from __future__ import annotations

import copy
import importlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.reports import planted
from tests.reports.planted import (
    BILLING_ID,
    DIMA,
    KAI,
    SINCE,
    UNTIL,
    ReportServer,
    account_frames,
    at,
    chatwoot_answers,
    chatwoot_conversation_events,
    reporting_event,
    summary_row,
    window,
)
from voxys_frames.reports.reconcile import EXPLANATIONS, MEANINGS, Explanation, reconcile

module = importlib.import_module(
    "voxys_frames.reports.reconcile"
)  # the package exports the function


def _run(answers: dict[str, Any]) -> pl.DataFrame:
    server = ReportServer({window(SINCE, UNTIL): answers})
    with server.serve() as client:
        return reconcile(account_frames(), client, since=SINCE, until=UNTIL, group_by="all")


def _differing(result: pl.DataFrame) -> set[tuple[str, int | None, str, str]]:
    rows = result.filter(pl.col("explanation").is_not_null())
    return {
        (r["dimension"], r["dimension_id"], r["metric"], r["explanation"])
        for r in rows.iter_rows(named=True)
    }


def _without(monkeypatch: pytest.MonkeyPatch, rule: Explanation) -> None:
    """Take ``rule``'s recomputation away (alone and in every pair)."""
    monkeypatch.setattr(module, "TRIED", tuple(t for t in module.TRIED if rule not in t))


def test_chatwoot_answers_agree_figure_by_figure() -> None:
    result = _run(chatwoot_answers())
    assert result.height == 32  # 7 account figures, 5 for each of 2 agents, inbox, team, label
    assert result["explanation"].null_count() == result.height
    label = result.filter(pl.col("dimension") == "label")
    assert set(label["dimension_id"]) == {BILLING_ID}


def _creation_cohort_server() -> dict[str, Any]:
    """A server taking the label summary's rule for every summary: the averages over the
    events of the conversations created in the window (2, 3 and 5), whenever written.

    First responses 120 (Dima), 300 (Kai) -> 210; resolutions 600, 2400 (Dima) and
    21600 (Kai, written after the window) -> 8200; Dima 120 and 1500, Kai 300 and 21600.
    Resolved counts stay by event date, as in the label summary.
    """
    answers = chatwoot_answers()
    answers["reports/summary"].update(avg_first_response_time=210.0, avg_resolution_time=8200.0)
    answers["summary_reports/agent"] = [
        summary_row(DIMA, 1, 3, 120.0, 1500.0, None),
        summary_row(KAI, 1, 0, 300.0, 21600.0, None),
    ]
    answers["summary_reports/inbox"] = [summary_row(1, 3, 3, 210.0, 8200.0, None)]
    answers["summary_reports/team"] = [summary_row(1, 2, 3, 210.0, 8200.0, None)]
    return answers


CREATION_DIFFERENCES = {
    ("account", None, "avg_first_response_time"),
    ("account", None, "avg_resolution_time"),
    ("agent", DIMA, "avg_first_response_time"),
    ("agent", DIMA, "avg_resolution_time"),
    ("agent", KAI, "avg_resolution_time"),
    ("inbox", 1, "avg_first_response_time"),
    ("inbox", 1, "avg_resolution_time"),
    ("team", 1, "avg_first_response_time"),
    ("team", 1, "avg_resolution_time"),
}


def test_creation_vs_event_date_is_named() -> None:
    result = _run(_creation_cohort_server())
    assert _differing(result) == {(*key, "creation_vs_event_date") for key in CREATION_DIFFERENCES}
    kai = result.filter((pl.col("dimension_id") == KAI) & (pl.col("dimension") == "agent"))
    resolution = kai.filter(pl.col("metric") == "avg_resolution_time")
    assert resolution.select("ours", "server").row(0) == (None, 21600.0)


def test_creation_vs_event_date_needs_its_recomputation(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "creation_vs_event_date")
    result = _run(_creation_cohort_server())
    assert _differing(result) == {(*key, "unexplained") for key in CREATION_DIFFERENCES}


def _distinct_conversations_server() -> dict[str, Any]:
    """An older inbox summary counting resolved conversations as distinct conversation ids:
    conversations 1 and 2 were resolved in the window (2 twice) -> 2, not 3 events."""
    answers = copy.deepcopy(chatwoot_answers())
    answers["summary_reports/inbox"] = [summary_row(1, 3, 2, 30140.0, 32200.0, None)]
    return answers


def test_events_vs_distinct_conversations_is_named() -> None:
    result = _run(_distinct_conversations_server())
    assert _differing(result) == {
        ("inbox", 1, "resolutions_count", "events_vs_distinct_conversations")
    }
    row = result.filter(pl.col("explanation").is_not_null())
    assert row.select("ours", "server", "difference").row(0) == (3.0, 2.0, -1.0)


def test_events_vs_distinct_conversations_needs_its_recomputation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without(monkeypatch, "events_vs_distinct_conversations")
    result = _run(_distinct_conversations_server())
    assert _differing(result) == {("inbox", 1, "resolutions_count", "unexplained")}


def test_the_server_is_asked_over_http() -> None:
    server = ReportServer({window(SINCE, UNTIL): chatwoot_answers()})
    with server.serve() as client:
        reconcile(account_frames(), client, since=SINCE, until=UNTIL, group_by="all")
    since, until = window(SINCE, UNTIL)
    assert f"/api/v2/accounts/1/reports/summary?since={since}&until={until}&type=account" in (
        server.asked
    )
    assert len(server.asked) == 5  # the summary and four summary reports: no cut window
    assert planted.TOKEN not in " ".join(server.asked)


# -- a label's figures with events written after the snapshot --------------------------
# The snapshot ends at Kai's reply (2026-03-10 20:05), before Kai resolved conversation 3
# (2026-03-11 02:00, after the window too). The label summary averages every event of
# the conversations created in the window, so the server's billing resolution time is
# (600 + 2400 + 21600) / 3 = 8200 while ours is (600 + 2400) / 2 = 1500; over the window
# cut after the snapshot's last second it is still 8200 (the cut keeps the cohort).
AS_OF_CUT = datetime(2026, 3, 10, 20, 5, 1, tzinfo=UTC)
LABEL_RESOLUTION = ("label", BILLING_ID, "avg_resolution_time")


def _run_before_resolution(v1: dict[str, Any]) -> tuple[pl.DataFrame, ReportServer]:
    answers = chatwoot_answers()
    server = ReportServer({window(SINCE, UNTIL): answers, window(SINCE, AS_OF_CUT): answers}, v1)
    frames = account_frames(with_conversation_4=False, resolved_later=False)
    with server.serve() as client:
        result = reconcile(frames, client, since=SINCE, until=UNTIL, group_by="all")
    return result, server


def test_later_label_events_are_data_changed_since_snapshot() -> None:
    result, server = _run_before_resolution(chatwoot_conversation_events())
    assert _differing(result) == {(*LABEL_RESOLUTION, "data_changed_since_snapshot")}
    row = result.filter(pl.col("explanation").is_not_null())
    assert row.select("ours", "server").row(0) == (1500.0, 8200.0)
    fetched = [path for path in server.asked if "reporting_events" in path]
    assert fetched == [  # the label's cohort: not 1 (created before), not 5 (no label)
        "/api/v1/accounts/1/conversations/2/reporting_events",
        "/api/v1/accounts/1/conversations/3/reporting_events",
    ]


def test_later_label_events_unserved_stay_unexplained() -> None:
    result, _ = _run_before_resolution({})  # a community build: no reporting events
    assert _differing(result) == {(*LABEL_RESOLUTION, "unexplained")}


def test_an_event_the_snapshot_should_hold_stays_unexplained() -> None:
    """The server's resolution dated before the snapshot's end is not later data."""
    events = chatwoot_conversation_events()
    events["conversations/3/reporting_events"][1] = reporting_event(
        803, "conversation_resolved", at(10, 20), at(10, 20, 4), KAI, value=21600.0
    )
    result, _ = _run_before_resolution(events)
    assert _differing(result) == {(*LABEL_RESOLUTION, "unexplained")}


def test_every_explanation_is_documented_with_its_meaning() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text("utf-8")
    for name in EXPLANATIONS:
        assert f"| `{name}` |" in page, name
        assert MEANINGS[name], name
    assert set(MEANINGS) == set(EXPLANATIONS)
