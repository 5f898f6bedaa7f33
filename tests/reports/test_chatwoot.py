"""Chatwoot-compatible aggregates against sums and means computed from the emulator's events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from tests.reports.emulated import Emulated
from tests.reports.truth import Truth
from voxys_frames.emulator.timeline import KIND_INCOMING, KIND_OUTGOING
from voxys_frames.exceptions import ConfigurationError
from voxys_frames.reports.chatwoot import chatwoot_report
from voxys_frames.reports.derive import derive_events
from voxys_frames.reports.fetched import fetched_events

ZONE = "America/Sao_Paulo"

Key = tuple[Any, date]


def _start(epoch: int, period: str) -> date:
    day = datetime.fromtimestamp(epoch, ZoneInfo(ZONE)).date()
    if period == "week":  # weeks start on Sunday (groupdate's default)
        return day - timedelta(days=(day.weekday() + 1) % 7)
    if period == "month":
        return day.replace(day=1)
    return day


def _keys(t: Truth, by: str, user: int | None) -> Iterable[Any]:
    if by == "account":
        return [None]
    if by == "inbox":
        return [t.inbox_id]
    if by == "agent":
        return [user] if user else []
    if by == "team":
        return [t.team_id] if t.team_id else []
    return t.labels


def expected(truths: list[Truth], period: str, by: str) -> dict[Key, dict[str, Any]]:
    """The report computed straight from the emulator's events."""
    out: dict[Key, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    values: dict[Key, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for t in truths:
        for key in _keys(t, by, t.assignee_user):
            out[(key, _start(t.created_at, period))]["conversations_count"] += 1
        for at, kind, sender in t.messages:
            dims = _keys(t, by, sender) if by == "agent" else _keys(t, by, None)
            for key in dims:
                cell = out[(key, _start(at, period))]
                cell["incoming_messages_count"] += kind == KIND_INCOMING and by != "agent"
                cell["outgoing_messages_count"] += kind == KIND_OUTGOING
        for e in t.events:
            for key in _keys(t, by, e["user_id"]):
                cell_key = (key, _start(e["end"], period))
                out[cell_key]["resolutions_count"] += e["name"] == "conversation_resolved"
                out[cell_key]["bot_resolutions_count"] += e["name"] == "conversation_bot_resolved"
                values[cell_key][e["name"]].append(float(e["value"]))
    for cell_key, by_name in values.items():
        for name, column in (
            ("first_response", "avg_first_response_time"),
            ("reply_time", "avg_reply_time"),
            ("conversation_resolved", "avg_resolution_time"),
        ):
            if by_name[name]:
                out[cell_key][column] = sum(by_name[name]) / len(by_name[name])
    return out


KEY_COLUMN = {"inbox": "inbox_id", "agent": "agent_id", "team": "team_id", "label": "label"}


def _actual(report: pl.DataFrame, by: str) -> dict[Key, dict[str, Any]]:
    column = KEY_COLUMN.get(by)
    found = {}
    for row in report.iter_rows(named=True):
        key = row[column] if column else None
        found[(key, row["period_start"].date())] = row
    return found


@pytest.mark.parametrize(
    ("period", "by"),
    [
        ("day", "account"),
        ("week", "inbox"),
        ("month", "agent"),
        ("month", "team"),
        ("week", "label"),
    ],
)
def test_report_equals_chatwoot_definitions(
    account: Emulated, truths: list[Truth], period: str, by: str
) -> None:
    report = chatwoot_report(account.frames, period=period, by=by, timezone=ZONE)  # type: ignore[arg-type]
    assert str(report.schema["period_start"]) == f"Datetime(time_unit='us', time_zone='{ZONE}')"
    actual = _actual(report, by)
    wanted = expected(truths, period, by)
    assert set(actual) == set(wanted)
    for key, cell in wanted.items():
        row = actual.get(key)
        if row is None:
            continue
        for column in (
            "conversations_count",
            "incoming_messages_count",
            "outgoing_messages_count",
            "resolutions_count",
            "bot_resolutions_count",
        ):
            assert row[column] == cell.get(column, 0), (key, column)
        for column in ("avg_first_response_time", "avg_reply_time", "avg_resolution_time"):
            want = cell.get(column)
            if want is None:
                assert row[column] is None, (key, column)
            else:
                assert row[column] == pytest.approx(want, rel=1e-12), (key, column)


def test_fetched_events_give_the_same_report(account: Emulated) -> None:
    derived = derive_events(account.frames)
    fetched = fetched_events(account.frames, derived)
    for by in ("inbox", "label"):
        from_messages = chatwoot_report(account.frames, period="week", by=by, timezone=ZONE)
        from_fetched = chatwoot_report(
            account.frames, period="week", by=by, timezone=ZONE, events=fetched
        )
        assert from_messages.drop(pl.col("^avg_.*business_hours$")).equals(
            from_fetched.drop(pl.col("^avg_.*business_hours$"))
        )


def test_resolution_counts_events_not_conversations(account: Emulated, truths: list[Truth]) -> None:
    report = chatwoot_report(account.frames, period="all")
    resolutions = sum(len(t.values("conversation_resolved")) for t in truths)
    resolved = sum(1 for t in truths if t.values("conversation_resolved"))
    assert report["resolutions_count"].item() == resolutions > resolved
    assert report["conversations_count"].item() == len(truths)


def test_bad_choices_are_named(account: Emulated) -> None:
    with pytest.raises(ConfigurationError, match="unknown period 'fortnight'"):
        chatwoot_report(account.frames, period="fortnight")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="unknown time zone 'Mars/Olympus'"):
        chatwoot_report(account.frames, timezone="Mars/Olympus")
