"""Charts' frames from integer codes equal a polars group-by; local days and hours follow
the chosen time zone through daylight saving changes and half-hour offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from benchmarks.explorer_synthetic import synthetic_frames
from tests.explorer.test_engine import in_conversation_order
from voxys_frames.explorer import explore
from voxys_frames.explorer.charts import TOP_LABELS, chart_data
from voxys_frames.explorer.engine import SelectionEngine
from voxys_frames.explorer.zones import local_calendar
from voxys_frames.filters import FilterState, select
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform

ZONES = ["UTC", "Europe/Paris", "Asia/Kolkata", "America/Sao_Paulo"]


def reference_charts(
    frames: Frames, state: FilterState
) -> tuple[pl.DataFrame, pl.DataFrame, list[int]]:
    """The chart frames by plain polars grouping of the selection."""
    chosen, matching = select(frames.conversations, frames.messages, state)
    chosen_frame = chosen.collect()
    zone = state.timezone
    span = chosen_frame.select(
        (pl.col("created_at").max() - pl.col("created_at").min()).dt.total_days()
    ).item()
    period = "1d" if (span or 0) <= 62 else "1w" if (span or 0) <= 730 else "1mo"
    over_time = (
        chosen_frame.group_by(
            pl.col("created_at")
            .dt.convert_time_zone(zone)
            .dt.truncate(period)
            .dt.date()
            .alias("period"),
            pl.col("status").fill_null("unknown"),
        )
        .agg(pl.len().alias("conversations"))
        .sort("period", "status")
    )
    labels = (
        chosen_frame.select(pl.col("labels").explode().alias("label"))
        .drop_nulls()
        .group_by("label")
        .agg(pl.len().alias("conversations"))
        .sort(["conversations", "label"], descending=[True, False])
        .head(TOP_LABELS)
    )
    local = matching.collect()["created_at"].dt.convert_time_zone(zone).drop_nulls()
    slots = ((local.dt.weekday().cast(pl.Int64) - 1) * 24 + local.dt.hour()).to_numpy()
    return over_time, labels, np.bincount(slots, minlength=168).tolist()


STATES = [
    FilterState(),
    FilterState(statuses=("open", "pending")),
    FilterState(statuses=("resolved", "open")),  # most conversations
    FilterState(text="refund"),
    FilterState(labels=("vip", "bug"), message_types=("incoming",)),
    FilterState(text="no such text anywhere"),
]


@pytest.fixture(scope="module")
def synthetic() -> Frames:
    return synthetic_frames(conversations=400, messages=4000, seed=2)


@pytest.mark.parametrize("grouped", [True, False], ids=["grouped", "reversed"])
@pytest.mark.parametrize("zone", ZONES)
def test_chart_frames_equal_a_polars_group_by(synthetic: Frames, zone: str, grouped: bool) -> None:
    frames = in_conversation_order(synthetic, grouped=grouped)
    engine = SelectionEngine(frames.conversations, frames.messages, text_index="off")
    for state in [s.replace(timezone=zone) for s in STATES]:
        data = chart_data(engine, engine.apply(state))
        over_time, labels, hours = reference_charts(frames, state)
        if over_time.is_empty():
            assert data.over_time.is_empty() and data.labels.is_empty()
            continue
        assert_frame_equal(data.over_time, over_time)
        assert_frame_equal(data.labels, labels)
        assert data.hours["messages"].to_list() == hours
        assert data.timezone == zone


def test_chart_frames_with_null_times_and_statuses(frames: Frames) -> None:
    conversations = frames.conversations.with_columns(
        pl.when(pl.col("id") == 1).then(None).otherwise(pl.col("created_at")).alias("created_at"),
        pl.when(pl.col("id") == 2).then(None).otherwise(pl.col("status")).alias("status"),
    )
    patched = Frames({"conversations": conversations, "messages": frames.messages})
    engine = SelectionEngine(conversations, frames.messages, text_index="off")
    for zone in ("UTC", "Asia/Kolkata"):
        state = FilterState(timezone=zone)
        data = chart_data(engine, engine.apply(state))
        over_time, labels, hours = reference_charts(patched, state)
        assert_frame_equal(data.over_time, over_time)
        assert data.over_time["period"].null_count() == 1
        assert_frame_equal(data.labels, labels)
        assert data.hours["messages"].to_list() == hours


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# Paris: clocks go 02:00 -> 03:00 on Sunday 2025-03-30 (01:00 UTC) and back
# 03:00 -> 02:00 on Sunday 2025-10-26 (01:00 UTC). Kolkata is UTC+5:30 all year.
HAND = [
    (utc(2025, 3, 30, 0, 59), "Europe/Paris", "2025-03-30", 6 * 24 + 1),
    (utc(2025, 3, 30, 1, 0), "Europe/Paris", "2025-03-30", 6 * 24 + 3),
    (utc(2025, 3, 29, 22, 59), "Europe/Paris", "2025-03-29", 5 * 24 + 23),
    (utc(2025, 3, 29, 23, 0), "Europe/Paris", "2025-03-30", 6 * 24 + 0),
    (utc(2025, 10, 26, 0, 30), "Europe/Paris", "2025-10-26", 6 * 24 + 2),
    (utc(2025, 10, 26, 1, 30), "Europe/Paris", "2025-10-26", 6 * 24 + 2),
    (utc(2025, 10, 25, 21, 59), "Europe/Paris", "2025-10-25", 5 * 24 + 23),
    (utc(2025, 10, 25, 22, 0), "Europe/Paris", "2025-10-26", 6 * 24 + 0),
    (utc(2025, 1, 6, 18, 29), "Asia/Kolkata", "2025-01-06", 0 * 24 + 23),
    (utc(2025, 1, 6, 18, 30), "Asia/Kolkata", "2025-01-07", 1 * 24 + 0),
    (utc(2025, 1, 5, 18, 29), "Asia/Kolkata", "2025-01-05", 6 * 24 + 23),
    (utc(2025, 1, 5, 18, 30), "Asia/Kolkata", "2025-01-06", 0 * 24 + 0),
    (utc(2025, 1, 6, 18, 30), "UTC", "2025-01-06", 0 * 24 + 18),
]


@pytest.mark.parametrize(("moment", "zone", "day", "hour_of_week"), HAND)
def test_local_calendar_by_hand(moment: datetime, zone: str, day: str, hour_of_week: int) -> None:
    # a neighbour a year later makes the minute table long, as with real data
    times = pl.Series([moment, utc(2026, 6, 1, 12, 0)], dtype=pl.Datetime("us", "UTC"))
    calendar = local_calendar(times, zone)
    assert calendar.days.astype("datetime64[D]").astype(str)[0] == day
    assert int(calendar.hour_of_week[0]) == hour_of_week


def test_date_filter_in_a_zone_by_hand() -> None:
    moments = [m for m, zone, _, _ in HAND if zone != "UTC"]
    conversations = conform(
        pl.DataFrame(
            {"account_id": [1] * len(moments), "id": range(1, len(moments) + 1)}
        ).with_columns(pl.Series("created_at", moments, dtype=pl.Datetime("us", "UTC"))),
        "conversations",
    )
    messages = conform(pl.DataFrame(schema={"account_id": pl.Int64}), "messages")
    engine = SelectionEngine(conversations, messages, text_index="off")

    def ids(state: FilterState) -> list[int]:
        chosen = engine.apply(state)
        expected = select(conversations, messages, state)[0].collect()["id"].to_list()
        got = conversations["id"].filter(pl.Series(chosen.mask)).to_list()
        assert got == expected
        return got

    paris = FilterState(date_from=date(2025, 3, 30), date_to=date(2025, 3, 30))
    assert ids(paris.replace(timezone="Europe/Paris")) == [1, 2, 4]
    assert ids(paris) == [1, 2]  # in UTC 2025-03-29 23:00 is still the 29th
    kolkata = FilterState(
        date_from=date(2025, 1, 7), date_to=date(2025, 1, 7), timezone="Asia/Kolkata"
    )
    assert ids(kolkata) == [10]
    assert ids(kolkata.replace(date_from=date(2025, 1, 6), date_to=date(2025, 1, 6))) == [9, 12]
    autumn = FilterState(date_to=date(2025, 10, 25), date_from=date(2025, 10, 25))
    assert ids(autumn.replace(timezone="Europe/Paris")) == [7]


def test_timezone_is_checked_and_round_trips() -> None:
    state = FilterState(timezone="Asia/Kolkata", date_from=date(2025, 1, 7))
    assert FilterState.from_dict(state.to_dict()) == state
    assert "convert_time_zone('Asia/Kolkata')" in state.to_code()
    assert FilterState(timezone="Asia/Kolkata").is_empty
    with pytest.raises(Exception, match="IANA time zone"):
        FilterState(timezone="Nowhere/Else")


@pytest.mark.parametrize(
    ("zone", "year"),
    [
        ("Europe/Paris", 2025),
        ("America/Sao_Paulo", 2018),  # daylight saving began at local midnight
        ("Asia/Kathmandu", 2025),  # +5:45
        ("Australia/Lord_Howe", 2025),  # +10:30, half an hour more in summer
        ("Africa/Monrovia", 1971),  # -0:44:30: not whole minutes, converted row by row
    ],
)
def test_local_calendar_equals_converting_each_time(zone: str, year: int) -> None:
    rng = np.random.default_rng(7)
    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp()) * 1_000_000
    micros = start + rng.integers(0, 366 * 86_400_000_000, 3000)
    times = pl.Series(micros).cast(pl.Datetime("us", "UTC"))
    local = times.dt.convert_time_zone(zone)
    calendar = local_calendar(times, zone)
    expected_hours = (local.dt.weekday().cast(pl.Int64) - 1) * 24 + local.dt.hour()
    assert calendar.hour_of_week.tolist() == expected_hours.to_list()
    assert calendar.days.tolist() == local.dt.date().to_physical().to_list()


def test_explorer_takes_the_account_zone_from_its_inboxes(frames: Frames) -> None:
    inboxes = frames["inboxes"].with_columns(pl.lit("Asia/Kolkata").alias("timezone"))
    explorer = explore(Frames({**frames, "inboxes": inboxes}))
    assert explorer.state.timezone == "Asia/Kolkata"
    assert "(Asia/Kolkata)" in explorer.charts()[2].to_dict()["title"]
    explorer.state = FilterState(statuses=("open",), timezone="Europe/Paris")
    explorer.controls.text.value = "refund"  # a control change keeps the zone
    assert explorer.state.timezone == "Europe/Paris"
    assert explore(frames).state.timezone == "UTC"  # inboxes without a zone
    mixed = inboxes.with_columns(pl.Series("timezone", ["Asia/Kolkata", "UTC", None]))
    assert explore(Frames({**frames, "inboxes": mixed})).state.timezone == "UTC"
