"""Contract tests of the report computations against chatwoot-reports-api.md.

Every expected number is worked out by hand from the reference's rules for a
small hand-built account (a few conversations, messages and events), never by
calling the code under test a second time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from voxys_frames.emulator import reports_api as ra
from voxys_frames.emulator.csat import CsatFilter, CsatResponse, csat_metrics, filter_responses
from voxys_frames.emulator.periods import Window, zone_key_for_offset
from voxys_frames.emulator.slas import AppliedSla, hit_rate, sla_index, sla_metrics

H = 3600
D = 86400
#: Sunday 2026-03-01 00:00 UTC.
T0 = int(datetime(2026, 3, 1, tzinfo=UTC).timestamp())


def ev(
    name: str,
    end: int,
    value: float = 0,
    *,
    bh: float = 0,
    conv: int = 1,
    inbox: int = 1,
    user: int | None = 4,
) -> dict[str, Any]:
    return {
        "name": name,
        "value": value,
        "value_in_business_hours": bh,
        "end": end,
        "inbox_id": inbox,
        "user_id": user,
        "display_id": conv,
    }


ACCOUNT = ra.AccountInfo(
    1,
    users=(ra.Entity(4, "Ana", "ana@x"), ra.Entity(5, "Bo", "bo@x")),
    inboxes=(ra.Inbox(1, "Web", "Channel::WebWidget"), ra.Inbox(2, "Mail", "Channel::Email")),
    teams=(ra.Entity(7, "Sales"), ra.Entity(8, "Billing")),
    labels=(ra.Entity(3, "vip"), ra.Entity(6, "bug")),
)


def data(
    conversations: list[ra.Conv],
    events: list[dict[str, Any]] | None = None,
    messages: list[ra.Msg] | None = None,
    *,
    account: ra.AccountInfo = ACCOUNT,
) -> ra.ReportData:
    return ra.ReportData(
        account=account,
        conversations={c.display_id: c for c in conversations},
        messages=messages or [],
        events=events or [],
    )


def series_of(result: Any) -> list[tuple[int, Any]]:
    return [(row["timestamp"], row["value"]) for row in result]


# ---- half-open windows, event date vs creation date -----------------------------------
def test_windows_are_half_open_on_every_kind_of_row() -> None:
    since, until = T0, T0 + D
    d = data(
        [ra.Conv(1, created_at=since, inbox_id=1), ra.Conv(2, created_at=until, inbox_id=1)],
        [ev("conversation_resolved", since, 10), ev("conversation_resolved", until, 20, conv=2)],
        [ra.Msg(since, 0, 1, 1, "Contact", 9), ra.Msg(until, 0, 2, 1, "Contact", 9)],
    )
    q = ra.Query(window=Window(since, until))
    # the row at `since` is in, the row at `until` is out
    assert ra.aggregate(d, q, "conversations_count") == 1
    assert ra.aggregate(d, q, "incoming_messages_count") == 1
    assert ra.aggregate(d, q, "resolutions_count") == 1
    assert ra.aggregate(d, q, "avg_resolution_time") == 10.0


def test_events_count_by_their_own_date_not_the_conversation_s() -> None:
    # created in February, resolved in March: the resolution counts in March
    feb = T0 - 10 * D
    d = data([ra.Conv(1, created_at=feb, inbox_id=1)], [ev("conversation_resolved", T0 + H, 99)])
    march = ra.Query(window=Window(T0, T0 + 31 * D))
    assert ra.aggregate(d, march, "conversations_count") == 0
    assert ra.aggregate(d, march, "resolutions_count") == 1


def test_resolutions_are_events_but_bot_handoffs_are_distinct_conversations() -> None:
    d = data(
        [ra.Conv(1, T0, 1)],
        [
            ev("conversation_resolved", T0 + H),
            ev("conversation_resolved", T0 + 2 * H),  # reopened and resolved again
            ev("conversation_bot_handoff", T0 + H),
            ev("conversation_bot_handoff", T0 + 3 * H),  # same conversation
            ev("conversation_bot_handoff", T0 + 3 * H, conv=2),
        ],
    )
    q = ra.Query(window=Window(T0, T0 + D))
    assert ra.aggregate(d, q, "resolutions_count") == 2
    assert ra.aggregate(d, q, "bot_handoffs_count") == 2  # conversations 1 and 2


# ---- group_by buckets and time zones --------------------------------------------------------
def test_day_buckets_in_plus_five_and_a_half() -> None:
    # 18:29 UTC is 23:59 in India (1 March), 18:31 UTC is 00:01 (2 March)
    d = data(
        [ra.Conv(1, T0 + 18 * H + 29 * 60, 1), ra.Conv(2, T0 + 18 * H + 31 * 60, 1)],
    )
    q = ra.Query(window=Window(T0, T0 + 2 * D), metric="conversations_count", zone="Asia/Kolkata")
    ist_midnight_1_march = T0 - 5 * H - 30 * 60
    assert series_of(ra.timeseries(d, q)) == [
        (ist_midnight_1_march, 1),
        (ist_midnight_1_march + D, 1),
        (ist_midnight_1_march + 2 * D, 0),  # starts before `until`: filled with 0
    ]


def test_hour_buckets_start_at_half_past_in_plus_five_and_a_half() -> None:
    d = data([ra.Conv(1, T0 + 10 * 60, 1)])  # 05:40 IST
    q = ra.Query(
        window=Window(T0, T0 + H),
        metric="conversations_count",
        group_by="hour",
        zone="Asia/Kolkata",
    )
    assert series_of(ra.timeseries(d, q)) == [(T0 - 30 * 60, 1), (T0 + 30 * 60, 0)]


def test_minus_three_is_halifax_in_the_northern_summer_with_its_winter_time_in_buckets() -> None:
    july = datetime(2026, 7, 1, tzinfo=UTC)
    assert zone_key_for_offset("-3", at=july) == "America/Halifax"
    assert zone_key_for_offset("-3", at=datetime(2026, 1, 15, tzinfo=UTC)) == "America/Santiago"
    assert zone_key_for_offset("5.5", at=july) == "Asia/Kolkata"
    # a January event bucketed in Halifax: midnight is 04:00 UTC there in winter (-4), not 03:00
    jan15 = int(datetime(2026, 1, 15, 12, tzinfo=UTC).timestamp())
    d = data([ra.Conv(1, jan15, 1)])
    q = ra.Query(
        window=Window(jan15 - H, jan15 + H), metric="conversations_count", zone="America/Halifax"
    )
    assert series_of(ra.timeseries(d, q)) == [
        (int(datetime(2026, 1, 15, 4, tzinfo=UTC).timestamp()), 1)
    ]


@pytest.mark.parametrize(
    ("group_by", "start"),
    [
        ("week", datetime(2026, 3, 1, tzinfo=UTC)),  # weeks start on Sunday
        ("month", datetime(2026, 3, 1, tzinfo=UTC)),
        ("year", datetime(2026, 1, 1, tzinfo=UTC)),
        ("day", datetime(2026, 3, 4, tzinfo=UTC)),
    ],
)
def test_week_month_year_buckets(group_by: str, start: datetime) -> None:
    wednesday = T0 + 3 * D + 12 * H
    d = data([ra.Conv(1, wednesday, 1)])
    q = ra.Query(
        window=Window(wednesday, wednesday + 1), metric="conversations_count", group_by=group_by
    )
    assert series_of(ra.timeseries(d, q)) == [(int(start.timestamp()), 1)]


def test_average_series_has_counts_and_zero_empty_buckets() -> None:
    d = data(
        [ra.Conv(1, T0, 1)],
        [ev("first_response", T0 + H, 100), ev("first_response", T0 + 2 * H, 300)],
    )
    q = ra.Query(window=Window(T0, T0 + 2 * D), metric="avg_first_response_time")
    assert ra.timeseries(d, q) == [
        {"value": 200.0, "timestamp": T0, "count": 2},
        {"value": 0, "timestamp": T0 + D, "count": 0},
    ]


def test_unknown_metric_is_an_empty_object() -> None:
    assert ra.timeseries(data([]), ra.Query(window=Window(T0, T0 + D), metric="nope")) == {}


# ---- business hours ---------------------------------------------------------------------------
def test_business_hours_averages_include_the_zeros_of_inboxes_without_working_hours() -> None:
    d = data(
        [ra.Conv(1, T0, 1), ra.Conv(2, T0, 2)],
        [
            ev("first_response", T0 + H, 7200, bh=3600, inbox=1),
            ev("first_response", T0 + H, 600, bh=0, conv=2, inbox=2),  # working hours off
        ],
    )
    q = ra.Query(window=Window(T0, T0 + D))
    assert ra.aggregate(d, q, "avg_first_response_time") == (7200 + 600) / 2
    hours = ra.Query(window=Window(T0, T0 + D), business_hours=True)
    assert ra.aggregate(d, hours, "avg_first_response_time") == (3600 + 0) / 2


# ---- scopes: current assignee vs event user, current team and labels ---------------------------------
def test_agent_scope_conversations_by_assignee_events_by_user_messages_by_sender() -> None:
    d = data(
        [ra.Conv(1, T0, 1, assignee_id=5)],
        [ev("first_response", T0 + H, 50, user=4)],
        [ra.Msg(T0 + H, 1, 1, 1, "User", 4), ra.Msg(T0 + 2 * H, 1, 1, 1, "AgentBot", 4)],
    )
    w = Window(T0, T0 + D)
    ana = ra.Query(window=w, type="agent", id=4)
    bo = ra.Query(window=w, type="agent", id=5)
    assert ra.aggregate(d, ana, "conversations_count") == 0
    assert ra.aggregate(d, ana, "avg_first_response_time") == 50.0
    assert ra.aggregate(d, ana, "outgoing_messages_count") == 1  # the bot's message is not hers
    assert ra.aggregate(d, bo, "conversations_count") == 1
    assert ra.aggregate(d, bo, "avg_first_response_time") is None
    with pytest.raises(ra.ReportNotFoundError):
        ra.aggregate(d, ra.Query(window=w, type="agent", id=99), "conversations_count")


def test_summary_previous_window_and_agent_leaves_out_incoming() -> None:
    d = data(
        [ra.Conv(1, T0 - H, 1, assignee_id=4), ra.Conv(2, T0 + H, 1, assignee_id=4)],
        [ev("reply_time", T0 - 2 * H, 40), ev("reply_time", T0 + 2 * H, 60)],
        [ra.Msg(T0 + H, 0, 2, 1, "Contact", 9)],
    )
    s = ra.summary(d, ra.Query(window=Window(T0, T0 + D)))
    assert (s["conversations_count"], s["reply_time"], s["incoming_messages_count"]) == (1, 60.0, 1)
    # previous = [since - (until - since), since)
    assert (s["previous"]["conversations_count"], s["previous"]["reply_time"]) == (1, 40.0)
    assert s["avg_first_response_time"] is None
    agent = ra.summary(d, ra.Query(window=Window(T0, T0 + D), type="agent", id=4))
    assert "incoming_messages_count" not in agent
    assert "incoming_messages_count" not in agent["previous"]


def test_summary_reports_count_by_current_assignee_and_by_event_user() -> None:
    d = data(
        [ra.Conv(1, T0, 1, assignee_id=5, team_id=7), ra.Conv(2, T0, 2, team_id=8)],
        [
            ev("conversation_resolved", T0 + H, 100, user=4, conv=1),
            ev("conversation_resolved", T0 + 2 * H, 300, user=4, conv=1),
            ev("first_response", T0 + H, 30, user=4, conv=2, inbox=2),
        ],
    )
    w = Window(T0, T0 + D)
    agents = {row["id"]: row for row in ra.agent_summary(d, w)}
    assert agents[4] == {
        "id": 4,
        "conversations_count": 0,
        "resolved_conversations_count": 2,
        "avg_resolution_time": 200.0,
        "avg_first_response_time": 30.0,
        "avg_reply_time": None,
    }
    assert agents[5]["conversations_count"] == 1
    assert agents[5]["resolved_conversations_count"] == 0
    teams = {row["id"]: row for row in ra.team_summary(d, w)}
    assert teams[7]["resolved_conversations_count"] == 2
    assert teams[8]["avg_first_response_time"] == 30.0
    inboxes = {row["id"]: row for row in ra.inbox_summary(d, w)}
    assert inboxes[1]["avg_resolution_time"] == 200.0
    assert inboxes[2]["conversations_count"] == 1


def test_label_summary_mixes_creation_cohort_and_event_dates_and_defaults_to_zero() -> None:
    d = data(
        [
            ra.Conv(1, T0 - 5 * D, 1, labels=("vip",)),  # created before the window
            ra.Conv(2, T0 + H, 1, labels=("vip", "bug")),
        ],
        [
            ev("conversation_resolved", T0 + 2 * H, 1000, conv=1),  # in the window
            ev("conversation_resolved", T0 + 3 * D, 500, conv=2),  # after the window
        ],
    )
    rows = {row["name"]: row for row in ra.label_summary(d, Window(T0, T0 + D))}
    # resolved: events written in the window (conversation 1's only)
    assert rows["vip"]["resolved_conversations_count"] == 1
    # averages: events of conversations created in the window, whenever written (conversation 2's)
    assert rows["vip"]["avg_resolution_time"] == 500.0
    assert rows["vip"]["conversations_count"] == 1
    assert rows["bug"]["avg_first_response_time"] == 0  # 0, not null
    assert list(rows["vip"]) == [
        "id",
        "name",
        "conversations_count",
        "avg_resolution_time",
        "avg_first_response_time",
        "avg_reply_time",
        "resolved_conversations_count",
    ]


def test_channel_summary_current_status_and_six_month_limit() -> None:
    d = data([ra.Conv(1, T0, 1, status="snoozed"), ra.Conv(2, T0, 2, status="resolved")])
    assert ra.channel_summary(d, Window(T0, T0 + D)) == {
        "Channel::Email": {"open": 0, "resolved": 1, "pending": 0, "snoozed": 0, "total": 1},
        "Channel::WebWidget": {"open": 0, "resolved": 0, "pending": 0, "snoozed": 1, "total": 1},
    }
    ra.channel_summary(d, Window(T0, T0 + 182 * D))  # 182 days: within 6 months
    with pytest.raises(ValueError, match="6 months"):
        ra.channel_summary(d, Window(T0, T0 + 183 * D))


def test_first_response_distribution_bucket_edges() -> None:
    values = [3599, 3600, 14399, 14400, 28800, 86399, 86400]
    d = data([], [ev("first_response", T0 + H, v) for v in values] + [ev("reply_time", T0, 1)])
    assert ra.first_response_time_distribution(d, Window(T0, T0 + D)) == {
        "Channel::WebWidget": {"0-1h": 1, "1-4h": 2, "4-8h": 1, "8-24h": 2, "24h+": 1}
    }


def test_outgoing_messages_by_current_assignee_without_bot_or_senderless_messages() -> None:
    d = data(
        [ra.Conv(1, T0, 1, assignee_id=5, labels=("vip", "legacy")), ra.Conv(2, T0, 2)],
        messages=[
            ra.Msg(T0 + 1, 1, 1, 1, "User", 4),  # sent by Ana, counted for Bo (the assignee)
            ra.Msg(T0 + 2, 1, 1, 1, "User", 4, private=True),  # notes count too
            ra.Msg(T0 + 3, 1, 1, 1, "AgentBot", 1),
            ra.Msg(T0 + 4, 1, 1, 1, None, None),  # automation: no sender
            ra.Msg(T0 + 5, 1, 2, 2, "User", 4),  # unassigned conversation
            ra.Msg(T0 + 6, 0, 1, 1, "Contact", 9),
        ],
    )
    w = Window(T0, T0 + D)
    assert ra.outgoing_messages_count(d, "agent", w) == [
        {"id": 5, "name": "Bo", "outgoing_messages_count": 2}
    ]
    assert ra.outgoing_messages_count(d, "inbox", w) == [
        {"id": 1, "name": "Web", "outgoing_messages_count": 4},
        {"id": 2, "name": "Mail", "outgoing_messages_count": 1},
    ]
    assert ra.outgoing_messages_count(d, "label", w) == [
        {"id": None, "name": "legacy", "outgoing_messages_count": 4},
        {"id": 3, "name": "vip", "outgoing_messages_count": 4},
    ]


def test_live_metrics_unattended_unassigned_and_pending_quirk() -> None:
    d = data(
        [
            ra.Conv(1, T0, 1, status="open", first_reply_created_at=T0 + 1, assignee_id=4),
            ra.Conv(2, T0, 1, status="open", first_reply_created_at=T0 + 1, waiting_since=T0 + 9),
            ra.Conv(3, T0, 1, status="open"),
            ra.Conv(4, T0, 1, status="pending"),
        ]
    )
    # unattended: no first reply or waiting; pending is `open.pending`, always 0
    assert ra.live_conversation_metrics(d) == {
        "open": 3,
        "unattended": 2,
        "unassigned": 2,
        "pending": 0,
    }
    agents = ra.conversation_metrics(d, type_="agent")
    assert [(row["id"], row["metric"]) for row in agents] == [
        (4, {"open": 1, "unattended": 0}),
        (5, {"open": 0, "unattended": 0}),
    ]


# ---- rollup mode: windows rounded to whole days in the account's zone ----------------------------
ROLLUP = ra.AccountInfo(
    1,
    users=ACCOUNT.users,
    inboxes=ACCOUNT.inboxes,
    teams=ACCOUNT.teams,
    labels=ACCOUNT.labels,
    reporting_timezone="Asia/Kolkata",
)


def rollup_case() -> tuple[ra.ReportData, dict[Any, list[float]]]:
    ist_day = T0 - 5 * H - 30 * 60  # 1 March 00:00 in India
    events = [
        ev("conversation_resolved", ist_day + 1 * H, 100, bh=10),  # same day, before the window
        ev("conversation_resolved", ist_day + 12 * H, 300, bh=30),  # in the window
        ev("conversation_resolved", ist_day + D + 20 * H, 500, bh=50),  # last day, after `until`
        ev("conversation_resolved", ist_day + 2 * D + 1, 700, bh=70),  # the day after
    ]
    d = data([ra.Conv(1, ist_day, 1, team_id=7)], events, account=ROLLUP)
    return d, ra.daily_rollups(d.events, d.conversations, zone="Asia/Kolkata", account_id=1)


def test_rollup_rounds_the_window_to_whole_days() -> None:
    d, rollups = rollup_case()
    ist_day = T0 - 5 * H - 30 * 60
    window = Window(ist_day + 6 * H, ist_day + D + 6 * H)  # 1 March 06:00 to 2 March 06:00
    q = ra.Query(window=window)
    # raw: only the 12:00 event; rollup: every event of 1 and 2 March
    assert ra.aggregate(d, q, "resolutions_count") == 1
    assert ra.aggregate(d, q, "resolutions_count", rollups=rollups) == 3
    assert ra.aggregate(d, q, "avg_resolution_time", rollups=rollups) == (100 + 300 + 500) / 3
    hours = ra.Query(window=window, business_hours=True)
    assert ra.aggregate(d, hours, "avg_resolution_time", rollups=rollups) == (10 + 30 + 50) / 3
    # conversations_count is not covered: raw even in rollup mode
    assert ra.aggregate(d, q, "conversations_count", rollups=rollups) == 0
    series = ra.timeseries(
        d, ra.Query(window=window, metric="resolutions_count", zone="Asia/Kolkata"), rollups=rollups
    )
    assert series_of(series) == [(ist_day, 2), (ist_day + D, 1)]


def test_rollup_eligibility_falls_back_to_raw() -> None:
    d, rollups = rollup_case()
    ist_day = T0 - 5 * H - 30 * 60
    window = Window(ist_day + 6 * H, ist_day + D + 6 * H)
    for q in (
        ra.Query(window=window, group_by="hour"),  # hourly
        ra.Query(window=window, type="label", id=3),  # label dimension
        ra.Query(window=window, offset_given=True, offset_seconds=-3 * H, now=T0),  # other zone
    ):
        if q.type == "label":
            assert ra.aggregate(d, q, "resolutions_count", rollups=rollups) == 0  # raw, no label
        else:
            assert ra.aggregate(d, q, "resolutions_count", rollups=rollups) == 1
    same_zone = ra.Query(window=window, offset_given=True, offset_seconds=5.5 * H, now=T0)
    assert ra.aggregate(d, same_zone, "resolutions_count", rollups=rollups) == 3
    team = ra.Query(window=window, type="team", id=7)
    assert ra.aggregate(d, team, "resolutions_count", rollups=rollups) == 3


def test_rollup_weeks_start_on_monday_and_summary_reports_use_rollups() -> None:
    d, rollups = rollup_case()
    ist_day = T0 - 5 * H - 30 * 60  # Sunday 1 March in India
    window = Window(ist_day + 6 * H, ist_day + 2 * D + 6 * H)
    q = ra.Query(window=window, metric="resolutions_count", group_by="week", zone="Asia/Kolkata")
    # Sunday 1 March (two events) belongs to the week of Monday 23 February; 2 and 3 March
    # (one event each) to the week of Monday 2 March
    assert series_of(ra.timeseries(d, q, rollups=rollups)) == [
        (ist_day - 6 * D, 2),
        (ist_day + D, 2),
    ]
    rows = {row["id"]: row for row in ra.agent_summary(d, window, rollups=rollups)}
    assert rows[4]["resolved_conversations_count"] == 4
    assert rows[4]["avg_resolution_time"] == (100 + 300 + 500 + 700) / 4


# ---- CSAT and SLAs -------------------------------------------------------------------------------------
def response(
    rid: int, rating: int, at: int, *, agent: int | None = 4, inbox: int = 1
) -> CsatResponse:
    return CsatResponse(rid, rating, "", 100 + rid, 1, rid, agent, inbox, None, at)


def test_csat_metrics_filter_responses_but_not_the_sent_count() -> None:
    responses = [response(1, 5, T0), response(2, 1, T0 + H, inbox=2), response(3, 5, T0 + D)]
    f = CsatFilter(window=Window(T0, T0 + D), inbox_id=1)
    chosen = filter_responses(responses, f)
    sent = [T0 - 1, T0, T0 + 5, T0 + D]
    assert csat_metrics(chosen, sent, f.window) == {
        "total_count": 1,
        "ratings_count": {"5": 1},
        "total_sent_messages_count": 2,  # T0 and T0 + 5: by date only
    }
    assert [r.id for r in filter_responses(responses, CsatFilter(user_ids=(5,)))] == []
    assert [r.id for r in filter_responses(responses, CsatFilter(ratings=(1, 2)))] == [2]


def test_sla_hit_rate_is_a_string_and_the_index_lists_only_missed() -> None:
    def sla(sid: int, status: str) -> AppliedSla:
        return AppliedSla(sid, 1, status, T0, sid, 1, None, None, ())

    all_slas = [sla(1, "hit"), sla(2, "missed"), sla(3, "active_with_misses"), sla(4, "active")]
    assert sla_metrics(all_slas) == {
        "total_applied_slas": 4,
        "number_of_sla_misses": 1,
        "hit_rate": "75.0%",
    }
    assert hit_rate(total=3, missed=2) == "33.33%"
    index = sla_index(all_slas, page=1, current_page="1")
    assert [row["applied_sla"] for row in index["payload"]] == [{}]
    assert index["meta"] == {"count": 1, "current_page": "1"}


def test_rollup_window_ending_at_midnight_leaves_that_day_out() -> None:
    d, rollups = rollup_case()
    ist_day = T0 - 5 * H - 30 * 60
    # until = 2 March 00:00: the last rollup day is 1 March (until minus a second)
    q = ra.Query(window=Window(ist_day, ist_day + D))
    assert ra.aggregate(d, q, "resolutions_count", rollups=rollups) == 2


def test_rollup_team_is_the_team_when_the_event_was_written() -> None:
    ist_day = T0 - 5 * H - 30 * 60
    conv = ra.Conv(1, ist_day, 1, team_id=7, team_changes=((ist_day + 10 * H, 7),))
    events = [
        ev("conversation_bot_resolved", ist_day + 2 * H),  # before the team was set
        ev("conversation_bot_resolved", ist_day + 12 * H),
    ]
    d = data([conv], events, account=ROLLUP)
    rollups = ra.daily_rollups(d.events, d.conversations, zone="Asia/Kolkata", account_id=1)
    q = ra.Query(window=Window(ist_day, ist_day + D), type="team", id=7)
    assert ra.aggregate(d, q, "bot_resolutions_count") == 2  # raw: the current team
    assert ra.aggregate(d, q, "bot_resolutions_count", rollups=rollups) == 1


def test_hit_rate_without_misses_has_no_decimals() -> None:
    assert hit_rate(total=3, missed=0) == "100%"
    assert hit_rate(total=8, missed=1) == "87.5%"
