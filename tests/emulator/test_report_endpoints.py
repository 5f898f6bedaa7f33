"""Contract tests of the report endpoints over HTTP: shapes, parameters and errors.

Numbers are checked against the emulator's own reporting events as the v1
``reporting_events`` endpoint serves them (counted here by hand from that JSON),
never against a second call of the report code.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.conftest import in_process_http, make_config
from tests.emulator.conftest import ACCOUNT, PREFIX
from voxys_frames.cli import build_parser
from voxys_frames.commands.emulator import config_from_args
from voxys_frames.emulator import Emulator, csat
from voxys_frames.emulator.timeline import F_CSAT, KIND_TEMPLATE

V2 = f"/api/v2/accounts/{ACCOUNT}"
DAY = 86400


def window(emulator: Emulator, days: int = 120) -> dict[str, str]:
    now = emulator.config.now_epoch
    return {"since": str(now - days * DAY), "until": str(now)}


def v1_events(http: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    page = 1
    while True:
        body = http.get(f"{PREFIX}/reporting_events", params={**params, "page": page}).json()
        events.extend(body["payload"])
        if page >= body["meta"]["total_pages"]:
            return events
        page += 1


def epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


@pytest.fixture(scope="module")
def all_events(http: httpx.Client) -> list[dict[str, Any]]:
    return v1_events(http)


def test_resolution_counts_and_averages_match_the_served_events(
    http: httpx.Client, emulator: Emulator, all_events: list[dict[str, Any]]
) -> None:
    w = window(emulator)
    lo, hi = int(w["since"]), int(w["until"])
    resolved = [
        e
        for e in all_events
        if e["name"] == "conversation_resolved" and lo <= epoch(e["created_at"]) < hi
    ]
    summary = http.get(f"{V2}/reports/summary", params=w).json()
    assert summary["resolutions_count"] == len(resolved) > 0
    assert summary["avg_resolution_time"] == pytest.approx(
        sum(e["value"] for e in resolved) / len(resolved)
    )
    hours = http.get(f"{V2}/reports/summary", params={**w, "business_hours": "true"}).json()
    assert hours["avg_resolution_time"] == pytest.approx(
        sum(e["value_in_business_hours"] for e in resolved) / len(resolved)
    )
    assert set(summary) == {
        "conversations_count",
        "incoming_messages_count",
        "outgoing_messages_count",
        "avg_first_response_time",
        "avg_resolution_time",
        "resolutions_count",
        "reply_time",
        "previous",
    }
    previous = [
        e
        for e in all_events
        if e["name"] == "conversation_resolved" and 2 * lo - hi <= epoch(e["created_at"]) < lo
    ]
    assert summary["previous"]["resolutions_count"] == len(previous)


def test_timeseries_day_buckets_in_plus_five_and_a_half(
    http: httpx.Client, emulator: Emulator, all_events: list[dict[str, Any]]
) -> None:
    w = window(emulator, days=30)
    body = http.get(
        f"{V2}/reports",
        params={**w, "metric": "resolutions_count", "timezone_offset": "5.5"},
    ).json()
    kolkata = ZoneInfo("Asia/Kolkata")
    lo, hi = int(w["since"]), int(w["until"])
    by_day: dict[date, int] = {}
    for e in all_events:
        at = epoch(e["created_at"])
        if e["name"] == "conversation_resolved" and lo <= at < hi:
            day = datetime.fromtimestamp(at, tz=kolkata).date()
            by_day[day] = by_day.get(day, 0) + 1
    # every bucket starts at an Indian midnight, 18:30 UTC; empty days are 0
    assert all(row["timestamp"] % DAY == 66600 for row in body)
    assert len(body) == 31  # `since` is 00:00 UTC (05:30 in India): 31 Indian days touch it
    got = {datetime.fromtimestamp(r["timestamp"], tz=kolkata).date(): r["value"] for r in body}
    assert {d: v for d, v in got.items() if v} == by_day


def test_timeseries_parameters_and_errors(http: httpx.Client, emulator: Emulator) -> None:
    w = window(emulator, days=3)
    assert http.get(f"{V2}/reports", params={**w, "metric": "bogus"}).json() == {}
    avg = http.get(f"{V2}/reports", params={**w, "metric": "reply_time"}).json()
    assert all(set(row) == {"value", "timestamp", "count"} for row in avg)
    hourly = http.get(
        f"{V2}/reports",
        params={
            **w,
            "metric": "incoming_messages_count",
            "group_by": "hour",
            "timezone_offset": "-3",
        },
    ).json()
    assert len(hourly) == 72
    assert all(set(row) == {"value", "timestamp"} for row in hourly)
    missing = http.get(
        f"{V2}/reports", params={**w, "metric": "reply_time", "type": "inbox", "id": "99"}
    )
    assert missing.status_code == 404
    agent = in_process_http(emulator)
    agent.headers["api_access_token"] = emulator.config.agent_token
    with agent:
        assert agent.get(f"{V2}/reports/summary", params=w).status_code == 401
        assert agent.get(f"{PREFIX}/csat_survey_responses").status_code == 401


def test_agent_summary_omits_incoming_and_summary_reports_list_every_entity(
    http: httpx.Client, emulator: Emulator
) -> None:
    w = window(emulator)
    agent = http.get(f"{V2}/reports/summary", params={**w, "type": "agent", "id": "2"}).json()
    assert "incoming_messages_count" not in agent
    assert "incoming_messages_count" not in agent["previous"]
    catalog = emulator.world.catalog
    rows = http.get(f"{V2}/summary_reports/agent", params=w).json()
    assert [row["id"] for row in rows] == [u.id for u in catalog.active_users]
    assert set(rows[0]) == {
        "id",
        "conversations_count",
        "resolved_conversations_count",
        "avg_resolution_time",
        "avg_first_response_time",
        "avg_reply_time",
    }
    teams = http.get(f"{V2}/summary_reports/team", params=w).json()
    assert [row["id"] for row in teams] == [t.id for t in catalog.teams]
    labels = http.get(f"{V2}/summary_reports/label", params=w).json()
    assert [row["name"] for row in labels] == [label.title for label in catalog.labels]
    channel = http.get(f"{V2}/summary_reports/channel", params=w).json()
    assert all(
        row["total"] == row["open"] + row["resolved"] + row["pending"] + row["snoozed"]
        for row in channel.values()
    )
    too_long = window(emulator, days=200)
    assert http.get(f"{V2}/summary_reports/channel", params=too_long).status_code == 422


def test_other_report_shapes(http: httpx.Client, emulator: Emulator) -> None:
    w = window(emulator)
    assert set(http.get(f"{V2}/reports/conversations", params={"type": "account"}).json()) == {
        "open",
        "unattended",
        "unassigned",
    }
    agents = http.get(f"{V2}/reports/conversations", params={"type": "agent"}).json()
    opens = [row["metric"]["open"] for row in agents]
    assert opens == sorted(opens, reverse=True)
    assert set(agents[0]) == {"id", "name", "email", "thumbnail", "availability", "metric"}
    no_type = http.get(f"{V2}/reports/conversations")
    assert (no_type.status_code, no_type.content) == (422, b"")
    bad = http.get(f"{V2}/reports/outgoing_messages_count", params={**w, "group_by": "day"})
    assert (bad.status_code, bad.content) == (422, b"")
    out = http.get(f"{V2}/reports/outgoing_messages_count", params={**w, "group_by": "team"}).json()
    assert all(set(row) == {"id", "name", "outgoing_messages_count"} for row in out)
    bots = http.get(f"{V2}/reports/bot_summary", params=w).json()
    assert set(bots) == {"bot_resolutions_count", "bot_handoffs_count", "previous"}
    frt = http.get(f"{V2}/reports/first_response_time_distribution", params=w).json()
    assert all(list(row) == ["0-1h", "1-4h", "4-8h", "8-24h", "24h+"] for row in frt.values())
    live = http.get(f"{V2}/live_reports/conversation_metrics").json()
    assert list(live) == ["open", "unattended", "unassigned", "pending"]


@pytest.fixture(scope="module")
def big() -> Emulator:
    """An account with more than two pages of CSAT responses."""
    return Emulator(make_config(seed=11, conversations=600, account_id=ACCOUNT))


def test_csat_responses_are_a_bare_array_of_25_with_display_ids(big: Emulator) -> None:
    with in_process_http(big) as http:
        csat_pages(http, big)


def test_csat_pages_of_one_listing_filter_and_sort_the_responses_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A client reads every page of a listing: the responses are filtered and ordered
    once per listing (filter and sort) and world version, not once per page."""
    # an account of its own, shaped as ``big``: this test changes the world
    emulator = Emulator(make_config(seed=11, conversations=600, account_id=ACCOUNT))
    calls: list[int] = []
    real = csat.filter_responses

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(csat, "filter_responses", counted)
    url = f"{PREFIX}/csat_survey_responses"
    with in_process_http(emulator) as http:
        newest = [
            http.get(url, params={"page": n, "sort": "-created_at"}).json() for n in (1, 2, 3)
        ]
        assert len(calls) == 1
        times = [r["created_at"] for page in newest for r in page]
        assert len(newest[0]) == 25
        assert newest[1]
        assert times == sorted(times, reverse=True)
        by_id = http.get(url, params={"page": 1}).json()
        assert len(calls) == 2
        assert [r["id"] for r in by_id] == sorted(r["id"] for r in by_id)
        assert http.get(url, params={"page": 2, "sort": "-created_at"}).json() == newest[1]
        assert len(calls) == 3  # the listing held is the latest one asked for
        emulator.world.add_conversation(created_at=emulator.world.now)
        http.get(url, params={"page": 2, "sort": "-created_at"})
        assert len(calls) == 4  # the world changed


def csat_pages(http: httpx.Client, emulator: Emulator) -> None:
    world = emulator.world
    surveys = {}
    for c in range(world.count):
        for m in world.timeline(c + 1):
            if m.event[1] == KIND_TEMPLATE and m.event[4] & F_CSAT:
                surveys[m.id] = c + 1
    first = http.get(f"{PREFIX}/csat_survey_responses").json()
    second = http.get(f"{PREFIX}/csat_survey_responses", params={"page": 2}).json()
    assert isinstance(first, list)
    assert len(first) == 25
    assert {r["id"] for r in first}.isdisjoint(r["id"] for r in second)
    for r in first + second:
        # conversation_id is the display id of the conversation holding the survey message
        assert surveys[r["message_id"]] == r["conversation_id"]
        assert 1 <= r["rating"] <= 5
    metrics = http.get(f"{PREFIX}/csat_survey_responses/metrics").json()
    assert metrics["total_sent_messages_count"] == len(surveys)
    assert 0 < metrics["total_count"] < len(surveys)  # some surveys stay unanswered
    assert sum(metrics["ratings_count"].values()) == metrics["total_count"]
    inbox_only = http.get(f"{PREFIX}/csat_survey_responses/metrics", params={"inbox_id": 2}).json()
    assert inbox_only["total_sent_messages_count"] == len(surveys)  # not filtered by inbox
    # the survey message says the same as the response
    r = first[0]
    messages = http.get(f"{PREFIX}/conversations/{r['conversation_id']}/messages").json()["payload"]
    survey = next(m for m in messages if m["id"] == r["message_id"])
    assert survey["content_type"] == "input_csat"
    answer = survey["content_attributes"]["submitted_values"]["csat_survey_response"]
    assert (answer["rating"], answer["feedback_message"]) == (r["rating"], r["feedback_message"])


def test_applied_slas_metrics_and_index(http: httpx.Client, emulator: Emulator) -> None:
    metrics = http.get(f"{PREFIX}/applied_slas/metrics").json()
    assert list(metrics) == ["total_applied_slas", "number_of_sla_misses", "hit_rate"]
    assert metrics["hit_rate"].endswith("%")
    world = emulator.world
    applied = int((world.cols["sla_policy_id"][: world.count] > 0).sum())
    assert metrics["total_applied_slas"] == applied
    index = http.get(f"{PREFIX}/applied_slas").json()
    assert index["meta"]["count"] == metrics["number_of_sla_misses"]
    assert all(row["applied_sla"]["sla_status"] == "missed" for row in index["payload"])


def test_conversation_reporting_events_and_custom_attribute_definitions(
    http: httpx.Client, all_events: list[dict[str, Any]]
) -> None:
    rows = http.get(f"{PREFIX}/conversations/5/reporting_events").json()
    listed = http.get(f"{PREFIX}/conversations/5").json()
    pk = {e["conversation_id"] for e in rows}
    mine = sorted(
        (e for e in all_events if e["conversation_id"] in pk),
        key=lambda e: (e["created_at"], e["id"]),
    )
    assert rows == mine
    assert listed["id"] == 5
    definitions = http.get(
        f"{PREFIX}/custom_attribute_definitions", params={"attribute_model": "0"}
    ).json()
    assert {d["attribute_model"] for d in definitions} == {"conversation_attribute"}
    assert list(definitions[0]) == [
        "id",
        "attribute_display_name",
        "attribute_display_type",
        "attribute_description",
        "attribute_key",
        "regex_pattern",
        "attribute_values",
        "attribute_model",
        "default_value",
        "created_at",
        "updated_at",
    ]


def test_community_builds_have_no_applied_slas() -> None:
    emulator = Emulator(
        make_config(seed=11, conversations=20, account_id=ACCOUNT, enterprise=False)
    )
    with in_process_http(emulator) as http:
        assert http.get(f"{PREFIX}/applied_slas").status_code == 404
        assert http.get(f"{PREFIX}/applied_slas/metrics").status_code == 404


def test_rollup_mode_rounds_windows_to_whole_days_in_the_reporting_zone() -> None:
    zone = "Asia/Kolkata"
    emulator = Emulator(
        make_config(seed=11, conversations=160, account_id=ACCOUNT, reporting_timezone=zone)
    )
    kolkata = ZoneInfo(zone)
    with in_process_http(emulator) as http:
        events = [e for e in v1_events(http) if e["name"] == "conversation_resolved"]
        now = emulator.config.now_epoch
        # start one second after a resolution: its day is in the rollup window, it is not
        cut = max(epoch(e["created_at"]) for e in events if epoch(e["created_at"]) < now - 60 * DAY)
        lo, hi = cut + 1, now - 7 * 3600
        first = datetime.fromtimestamp(lo, tz=kolkata).date()
        last = datetime.fromtimestamp(hi - 1, tz=kolkata).date()
        whole_days = sum(
            1
            for e in events
            if first <= datetime.fromtimestamp(epoch(e["created_at"]), tz=kolkata).date() <= last
        )
        exact = sum(1 for e in events if lo <= epoch(e["created_at"]) < hi)
        params = {"since": str(lo), "until": str(hi)}
        summary = http.get(f"{V2}/reports/summary", params=params).json()
        assert summary["resolutions_count"] == whole_days
        hourly = http.get(
            f"{V2}/reports", params={**params, "metric": "resolutions_count", "group_by": "hour"}
        ).json()
        assert sum(row["value"] for row in hourly) == exact  # hourly: never from rollups
        other_zone = http.get(
            f"{V2}/reports",
            params={**params, "metric": "resolutions_count", "timezone_offset": "0"},
        ).json()
        assert sum(row["value"] for row in other_zone) == exact
        assert whole_days > exact


def test_cli_flag_and_config_switch_rollup_mode() -> None:
    parser = build_parser()
    args = parser.parse_args(["emulator", "--reporting-timezone", "Asia/Kolkata"])
    assert config_from_args(args).reporting_timezone == "Asia/Kolkata"
    assert config_from_args(parser.parse_args(["emulator"])).reporting_timezone is None
    with pytest.raises(ValueError, match="reporting time zone"):
        make_config(reporting_timezone="Mars/Olympus")
