"""Reconcile against the emulator in-process: agreement, and planted differences explained."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import polars as pl
import pytest

from tests.conftest import in_process_http
from voxys_frames import Client, fetch
from voxys_frames.emulator import Emulator, EmulatorConfig
from voxys_frames.emulator.config import LiveConfig
from voxys_frames.reports.business_hours import WorkingHours
from voxys_frames.reports.derive import derive_events
from voxys_frames.reports.reconcile import EXPLANATIONS, GroupBy, periods, reconcile
from voxys_frames.tables.frames import Frames

TOKEN = "reconcile-token"
UNTIL = datetime(2026, 11, 1, tzinfo=UTC)
SINCE = UNTIL - timedelta(days=45)
ZONES = ("Asia/Kolkata", "America/Sao_Paulo")  # +5.5 and -3 hours
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def _snapshot(emulator: Emulator, out: Path) -> Frames:
    result = fetch(
        "http://localhost",
        1,
        TOKEN,
        out,
        transport=emulator.transport(),
        rate_limit=None,
        quiet=True,
    )
    return result.frames


def _hours(frames: Frames) -> dict[int, WorkingHours]:
    """The emulator's working hours: Monday to Friday, 09:00-17:00 in the inbox's zone."""
    return {
        row["id"]: WorkingHours.parse(
            {"timezone": row["timezone"], **{d: [["09:00", "17:00"]] for d in WEEKDAYS}}
        )
        for row in frames["inboxes"].iter_rows(named=True)
        if row["working_hours_enabled"]
    }


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> tuple[Emulator, Frames]:
    emulator = Emulator(EmulatorConfig(seed=5, conversations=60, token=TOKEN))
    return emulator, _snapshot(emulator, tmp_path_factory.mktemp("snap"))


@pytest.fixture(scope="module")
def rollup_accounts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Emulator, Frames]]:
    """The same account in rollup mode, one per reporting time zone."""
    found = {}
    for zone in ZONES:
        config = EmulatorConfig(seed=5, conversations=60, token=TOKEN, reporting_timezone=zone)
        emulator = Emulator(config)
        found[zone] = (emulator, _snapshot(emulator, tmp_path_factory.mktemp("rollup")))
    return found


def _check_agreement(
    emulator: Emulator,
    frames: Frames,
    *,
    since: datetime,
    until: datetime,
    timezone: str,
    group_by: GroupBy,
    business_hours: bool,
) -> None:
    with Client("http://localhost", 1, TOKEN, transport=emulator.transport()) as client:
        result = reconcile(
            frames,
            client,
            since=since,
            until=until,
            timezone=timezone,
            group_by=group_by,
            business_hours=business_hours,
            working_hours=_hours(frames),
        )
    assert "unexplained" not in result["explanation"].to_list()
    named = result["explanation"].drop_nulls().str.split("+").explode()
    assert set(named) <= set(EXPLANATIONS)
    assert set(result["dimension"]) == {"account", "agent", "inbox", "team", "label"}
    compared = result.filter(pl.col("ours").fill_null(0) != 0)
    assert compared["metric"].n_unique() >= 5  # real figures were compared, not only zeros
    assert result["period"].n_unique() == len(periods(since, until, group_by, timezone))


@pytest.mark.parametrize("timezone", ZONES)
@pytest.mark.parametrize("business_hours", [False, True])
@pytest.mark.parametrize("rollup", [False, True])
def test_no_unexplained_difference(
    account: tuple[Emulator, Frames],
    rollup_accounts: dict[str, tuple[Emulator, Frames]],
    timezone: str,
    business_hours: bool,
    rollup: bool,
) -> None:
    emulator, frames = rollup_accounts[timezone] if rollup else account
    zone = ZoneInfo(timezone)  # whole local days: a rollup answers them exactly
    since, until = datetime(2026, 9, 20, tzinfo=zone), datetime(2026, 11, 1, tzinfo=zone)
    _check_agreement(
        emulator,
        frames,
        since=since,
        until=until,
        timezone=timezone,
        group_by="week",
        business_hours=business_hours,
    )


@pytest.mark.parametrize("group_by", ["day", "month", "year", "all"])
def test_every_group_by_agrees(
    rollup_accounts: dict[str, tuple[Emulator, Frames]], group_by: GroupBy
) -> None:
    timezone = ZONES[0]
    emulator, frames = rollup_accounts[timezone]
    zone = ZoneInfo(timezone)
    since, until = datetime(2026, 10, 10, tzinfo=zone), datetime(2026, 11, 1, tzinfo=zone)
    _check_agreement(
        emulator,
        frames,
        since=since,
        until=until,
        timezone=timezone,
        group_by=group_by,
        business_hours=False,
    )


class _IgnoresBusinessHours(httpx.BaseTransport):
    """A server without business-hours reports: the parameter is dropped on the way."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url.copy_remove_param("business_hours")
        return self.inner.handle_request(
            httpx.Request(request.method, url, headers=request.headers)
        )


def test_business_hours_off_is_named(account: tuple[Emulator, Frames]) -> None:
    emulator, frames = account
    transport = _IgnoresBusinessHours(emulator.transport())
    with Client("http://localhost", 1, TOKEN, transport=transport) as client:
        result = reconcile(
            frames,
            client,
            since=SINCE,
            until=UNTIL,
            group_by="all",
            business_hours=True,
            working_hours=_hours(frames),
        )
    averages = result.filter(
        pl.col("metric").str.starts_with("avg_") & pl.col("explanation").is_not_null()
    )
    assert averages.height > 10
    account_row = averages.filter(pl.col("dimension") == "account")
    assert account_row.height == 3
    assert set(account_row["explanation"]) == {"business_hours_off"}


def test_data_changed_since_snapshot_is_named(tmp_path: Path) -> None:
    emulator = Emulator(
        EmulatorConfig(seed=11, conversations=40, token=TOKEN, live=LiveConfig(events_per_tick=30))
    )
    frames = _snapshot(emulator, tmp_path)
    time.sleep(1.1)  # the world's clock moves on: later data is later than the snapshot
    emulator.live.step()
    until = emulator.world.clock() + 3600
    end = datetime.fromtimestamp(until, tz=UTC)
    with Client("http://localhost", 1, TOKEN, transport=emulator.transport()) as client:
        result = reconcile(
            frames, client, since=end - timedelta(days=10), until=end, group_by="all"
        )
    differing = result.filter(pl.col("explanation").is_not_null())
    assert "data_changed_since_snapshot" in differing["explanation"].to_list()
    account_conversations = differing.filter(
        (pl.col("dimension") == "account") & (pl.col("metric") == "conversations_count")
    )
    assert account_conversations["difference"].item() > 0
    assert account_conversations["explanation"].item() == "data_changed_since_snapshot"


def test_an_edited_snapshot_stays_unexplained(account: tuple[Emulator, Frames]) -> None:
    emulator, frames = account
    edited = dict(frames)
    edited["conversations"] = frames["conversations"].filter(
        pl.col("created_at") < UNTIL - timedelta(days=3)
    )
    with Client("http://localhost", 1, TOKEN, transport=emulator.transport()) as client:
        result = reconcile(edited, client, since=SINCE, until=UNTIL, group_by="all")
    differing = result.filter(pl.col("explanation").is_not_null())
    assert "unexplained" in differing["explanation"].to_list()
    assert set(differing["explanation"].str.split("+").explode()) <= set(EXPLANATIONS)


def test_command_prints_and_exits_by_unexplained(
    account: tuple[Emulator, Frames],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from voxys_frames.cli import main
    from voxys_frames.commands import reconcile as command

    emulator, _ = account
    snapshot = fetch(
        "http://localhost",
        1,
        TOKEN,
        tmp_path,
        transport=emulator.transport(),
        rate_limit=None,
        quiet=True,
    ).path
    monkeypatch.setattr(
        command,
        "client_for",
        lambda _: Client("http://localhost", 1, TOKEN, transport=emulator.transport()),
    )
    argv = ["reconcile", str(snapshot), "--since", "2026-09-17", "--until", "2026-11-01"]
    assert main([*argv, "--group-by", "all", "--timezone", "America/Sao_Paulo"]) == 0
    assert ", 0 unexplained" in capsys.readouterr().out
    # business-hours figures without the inboxes' working hours: ours cannot be them
    assert main([*argv, "--group-by", "all", "--business-hours"]) == 1
    out = capsys.readouterr().out
    assert "unexplained" in out.splitlines()[-1]
    assert ", 0 unexplained" not in out


@pytest.mark.parametrize("timezone", ["Asia/Kolkata", "America/Sao_Paulo"])
def test_rollup_day_rounding_is_named(tmp_path: Path, timezone: str) -> None:
    """An account in rollup mode rounds a noon-to-noon window to whole days in its zone."""
    config = EmulatorConfig(seed=5, conversations=60, token=TOKEN, reporting_timezone=timezone)
    emulator = Emulator(config)
    frames = _snapshot(emulator, tmp_path)
    resolved = derive_events(frames).filter(
        (pl.col("name") == "conversation_resolved") & (pl.col("created_at") >= SINCE)
    )
    # a window starting a second after a resolution: the rollup's whole day takes it in
    since = resolved["created_at"][0].replace(microsecond=0) + timedelta(seconds=1)
    until = since + timedelta(days=2)
    with Client("http://localhost", 1, TOKEN, transport=emulator.transport()) as client:
        seen: set[str] = set()
        for group_by in ("all", "day"):
            result = reconcile(
                frames, client, since=since, until=until, timezone=timezone, group_by=group_by
            )
            explanations = result["explanation"].drop_nulls().to_list()
            assert "rollup_day_rounding" in explanations
            seen.update(explanations)
            assert "unexplained" not in explanations
            rounded = result.filter(pl.col("explanation") == "rollup_day_rounding")
            assert set(rounded["dimension"]) <= {"account", "agent", "inbox", "team"}
            account = rounded.filter(
                (pl.col("dimension") == "account") & (pl.col("metric") == "resolutions_count")
            )
            assert account["difference"].item() >= 1
    # agent 3's reply times have two causes at once: named by both
    assert "rollup_day_rounding+current_vs_event_assignee" in seen


def test_deleted_user_is_named(rollup_accounts: dict[str, tuple[Emulator, Frames]]) -> None:
    """Replies of a sender gone from the snapshot: the server still has their events' user."""
    timezone = ZONES[0]
    emulator, frames = rollup_accounts[timezone]
    zone = ZoneInfo(timezone)
    since, until = datetime(2026, 9, 15, tzinfo=zone), datetime(2026, 11, 1, tzinfo=zone)
    with Client("http://localhost", 1, TOKEN, transport=emulator.transport()) as client:
        result = reconcile(frames, client, since=since, until=until, group_by="all")
    deleted = result.filter(pl.col("explanation") == "deleted_user")
    # an agent the server lists, whose figure differs by events without a user in the snapshot
    listed = deleted.filter(pl.col("server").is_not_null())
    assert listed.height >= 1
    assert set(listed["dimension"]) == {"agent"}
    # and an agent the server no longer lists
    assert deleted.filter(pl.col("server").is_null()).height >= 1
    assert "unexplained" not in result["explanation"].to_list()


# -- hourly periods ---------------------------------------------------------------------
OFFSETS = {"Asia/Kolkata": "5.5", "America/Sao_Paulo": "-3"}
"""``timezone_offset`` of each zone (neither has summer time in 2026)."""


def test_hours_start_at_local_hours() -> None:
    since, until = datetime(2026, 10, 25, tzinfo=UTC), datetime(2026, 10, 25, 3, tzinfo=UTC)
    kolkata = periods(since, until, "hour", "Asia/Kolkata")
    assert [(p.label, p.since.minute, p.until.minute) for p in kolkata] == [
        ("2026-10-25T05:00+05:30", 0, 30),  # 00:00-00:30 UTC: the end of 05:00-06:00 local
        ("2026-10-25T06:00+05:30", 30, 30),
        ("2026-10-25T07:00+05:30", 30, 30),
        ("2026-10-25T08:00+05:30", 30, 0),
    ]
    sao_paulo = periods(since, until, "hour", "America/Sao_Paulo")
    assert [p.label for p in sao_paulo] == [
        "2026-10-24T21:00-03:00",
        "2026-10-24T22:00-03:00",
        "2026-10-24T23:00-03:00",
    ]
    # Lisbon leaves summer time at 02:00 local that night: 01:00 comes twice
    lisbon = periods(since, until, "hour", "Europe/Lisbon")
    assert [p.label for p in lisbon] == [
        "2026-10-25T01:00+01:00",
        "2026-10-25T01:00+00:00",
        "2026-10-25T02:00+00:00",
    ]


@pytest.mark.parametrize("timezone", ZONES)
@pytest.mark.parametrize("rollup", [False, True])
def test_hourly_reconcile_matches_the_servers_hourly_series(
    account: tuple[Emulator, Frames],
    rollup_accounts: dict[str, tuple[Emulator, Frames]],
    timezone: str,
    rollup: bool,
) -> None:
    emulator, frames = rollup_accounts[timezone] if rollup else account
    created = frames["conversations"]["created_at"].sort()
    anchor = created.filter(created >= datetime(2026, 10, 15, tzinfo=UTC))[0]
    since = anchor.replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
    until = since + timedelta(hours=7)
    with Client("http://localhost", 1, TOKEN, transport=emulator.transport()) as client:
        result = reconcile(
            frames, client, since=since, until=until, timezone=timezone, group_by="hour"
        )
    assert "unexplained" not in result["explanation"].to_list()
    hours = periods(since, until, "hour", timezone)
    assert result["period"].unique(maintain_order=True).to_list() == [p.label for p in hours]
    counts = result.filter(
        (pl.col("dimension") == "account") & (pl.col("metric") == "conversations_count")
    )
    assert counts["ours"].sum() >= 1
    # the server's own hourly series, bucketed by timezone_offset, has the same hours
    with in_process_http(emulator) as http:
        series = http.get(
            "/api/v2/accounts/1/reports",
            params={
                "metric": "conversations_count",
                "type": "account",
                "group_by": "hour",
                "timezone_offset": OFFSETS[timezone],
                "since": str(int(since.timestamp())),
                "until": str(int(until.timestamp())),
            },
        ).json()
    starts = [int(datetime.fromisoformat(p.label).timestamp()) for p in hours]
    assert [row["timestamp"] for row in series] == starts
    assert [row["value"] for row in series] == counts["ours"].cast(pl.Int64).to_list()
    if rollup:  # the summaries of a rollup account answer whole days: named, not unexplained
        assert "rollup_day_rounding" in result["explanation"].to_list()
