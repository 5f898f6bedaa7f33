"""Working hours in an inbox's time zone, against the emulator's business-hours clock."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import polars as pl
import pytest

from voxys_frames.emulator.reporting import business_seconds as emulator_business_seconds
from voxys_frames.exceptions import ConfigurationError
from voxys_frames.reports.business_hours import WorkingHours, business_seconds, with_business_hours

ZONES = ("America/New_York", "Europe/Lisbon", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney")


@pytest.mark.parametrize("zone", ZONES)
def test_matches_the_emulator_across_weekends_and_dst(zone: str) -> None:
    rng = random.Random(zone)
    start_of_2026 = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    intervals = []
    for _ in range(400):
        start = start_of_2026 + rng.randint(0, 365 * 86400)
        intervals.append((start, start + int(rng.expovariate(1 / 150_000))))
    frame = pl.DataFrame(intervals, schema=["start", "end"], orient="row").with_columns(
        pl.from_epoch(pl.col("start", "end")).dt.replace_time_zone("UTC")
    )
    got = frame.select(
        business_seconds(pl.col("start"), pl.col("end"), WorkingHours.weekdays(zone))
    ).to_series()
    assert got.to_list() == [float(emulator_business_seconds(s, e, zone)) for s, e in intervals]


def test_split_days_and_weekend_windows() -> None:
    hours = WorkingHours.parse(
        {
            "timezone": "UTC",
            "monday": [["09:00", "12:00"], ["13:00", "17:00"]],
            "saturday": [["10:00", "11:30"]],
        }
    )
    frame = pl.DataFrame(
        {
            "event_start_time": [datetime(2026, 3, 2, 11, 0, tzinfo=UTC)],
            "event_end_time": [datetime(2026, 3, 9, 9, 30, tzinfo=UTC)],
            "inbox_id": [1],
        }
    )
    result = with_business_hours(frame, {1: hours})
    # Monday 11-12 and 13-17, Saturday 10-11:30, next Monday 9-9:30
    assert result["value_in_business_hours"].item() == 3600 + 4 * 3600 + 5400 + 1800
    assert with_business_hours(frame, {2: hours})["value_in_business_hours"].item() is None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"monday": [["09:00", "17:00"]]}, "'timezone'"),
        ({"timezone": "Nowhere/Land"}, "unknown time zone 'Nowhere/Land'"),
        ({"timezone": "UTC", "monday": [["9am", "17:00"]]}, "monday"),
        ({"timezone": "UTC", "monday": [["17:00", "09:00"]]}, "bad or overlapping window"),
        ({"timezone": "UTC", "funday": []}, "unknown keys"),
    ],
)
def test_bad_working_hours_are_named(spec: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        WorkingHours.parse(spec)
