"""Local calendar of many timestamps in one time zone, fast: day and hour of the week.

Converting millions of timestamps to a zone one by one is slow, but a zone's offset
changes rarely and on quarter hours (every offset in use since 1972 is whole quarter
hours, Nepal's +5:45 included), so :func:`local_calendar` converts the start and end
of each quarter hour of the covered span once, checks that the offset is a whole number
of quarter hours and the same at both ends, and looks each timestamp up by its quarter
hour. Where that does not hold it tries minutes, then converts row by row.
Daylight saving time is whatever polars' time-zone database says for each instant.

Examples
--------
>>> from datetime import datetime, UTC
>>> times = pl.Series([datetime(2025, 3, 30, 0, 59, tzinfo=UTC),
...                    datetime(2025, 3, 30, 1, 0, tzinfo=UTC), None])
>>> calendar = local_calendar(times, "Europe/Paris")  # clocks go 02:00 -> 03:00 local
>>> calendar.hour_of_week.tolist()  # Sunday 01h, then Sunday 03h; -1 for null
[145, 147, -1]
>>> calendar.days.astype("datetime64[D]").astype(str).tolist()[:2]
['2025-03-30', '2025-03-30']
>>> account_timezone(pl.DataFrame({"timezone": ["Asia/Kolkata", None, "Asia/Kolkata"]}))
'Asia/Kolkata'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters.state import check_timezone

STEPS: Final = (15 * 60_000_000, 60_000_000)
"""Quarter hours, then minutes: the first whose offsets fit is used."""
MAX_STEPS: Final = 40_000_000
"""Spans of more steps than this are converted row by row."""

NO_DAY: Final = np.iinfo(np.int32).min
"""The day of a null timestamp."""


@dataclass(frozen=True)
class LocalCalendar:
    """Per timestamp: its local date and hour of the week in one zone."""

    days: npt.NDArray[np.int32]
    """Local date as days since 1970-01-01 (:data:`NO_DAY` for null)."""
    hour_of_week: npt.NDArray[np.int16]
    """0 = Monday 00h local ... 167 = Sunday 23h; -1 for null."""


def _convert(instants: pl.Series, zone: str) -> tuple[pl.Series, pl.Series, pl.Series]:
    """Local date, hour of week and UTC offset (microseconds) of ``instants``."""
    frame = pl.DataFrame({"utc": instants}).select(
        pl.col("utc").dt.convert_time_zone(zone).alias("t"), pl.col("utc")
    )
    frame = frame.select(
        pl.col("t").dt.date().to_physical().alias("day"),
        (
            (pl.col("t").dt.weekday().cast(pl.Int16) - 1) * 24
            + pl.col("t").dt.hour().cast(pl.Int16)
        ).alias("how"),
        (
            pl.col("t").dt.replace_time_zone(None).dt.cast_time_unit("us").to_physical()
            - pl.col("utc").dt.cast_time_unit("us").to_physical()
        ).alias("offset"),
    )
    return frame["day"], frame["how"], frame["offset"]


def _by_steps(
    micros: npt.NDArray[np.int64], first: int, last: int, zone: str, step: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int16]] | None:
    """Local days and hours looked up by ``step`` (microseconds) from ``first`` to
    ``last``, or None when the zone's offset is not a whole number of steps or changes
    inside a step there."""
    count = last // step - first // step + 1
    if count > MAX_STEPS:
        return None
    starts = (np.arange(count, dtype=np.int64) + first // step) * step
    utc = pl.Datetime("us", "UTC")
    day, how, offset = _convert(pl.Series(starts).cast(utc), zone)
    _, _, offset_at_end = _convert(pl.Series(starts + step - 1).cast(utc), zone)
    offsets = offset.to_numpy()
    if (offsets % step != 0).any() or not np.array_equal(offsets, offset_at_end.to_numpy()):
        return None
    slot = micros // step - first // step
    return day.to_numpy()[slot], how.cast(pl.Int16).to_numpy()[slot]


def local_calendar(times: pl.Series, zone: str) -> LocalCalendar:
    """The local dates and hours of week of ``times`` (a time-zone-aware Datetime series)."""
    check_timezone(zone)
    if not isinstance(times.dtype, pl.Datetime) or times.dtype.time_zone is None:
        msg = f"local_calendar: expected time-zone-aware datetimes, got {times.dtype}"
        raise ConfigurationError(msg)
    micros = times.dt.cast_time_unit("us").to_physical()
    present = micros.drop_nulls()
    days = np.full(times.len(), NO_DAY, dtype=np.int32)
    hours = np.full(times.len(), -1, dtype=np.int16)
    if present.is_empty():
        return LocalCalendar(days, hours)
    valid = micros.is_not_null().to_numpy()
    values = micros.fill_null(0).to_numpy()[valid]
    first, last = int(present.min()), int(present.max())  # type: ignore[arg-type]
    for step in STEPS:
        found = _by_steps(values, first, last, zone, step)
        if found is not None:
            days[valid], hours[valid] = found
            return LocalCalendar(days, hours)
    day, how, _ = _convert(times.filter(micros.is_not_null()), zone)
    days[valid] = day.to_numpy()
    hours[valid] = how.cast(pl.Int16).to_numpy()
    return LocalCalendar(days, hours)


def period_starts(days: npt.NDArray[np.int32], period: str) -> npt.NDArray[np.int32]:
    """First day of the day (``1d``), Monday week (``1w``) or month (``1mo``) of ``days``.

    >>> d = np.array(["2025-03-30", "2025-03-31", "2025-02-14"], dtype="datetime64[D]")
    >>> period_starts(d.astype(np.int32), "1w").astype("datetime64[D]").astype(str).tolist()
    ['2025-03-24', '2025-03-31', '2025-02-10']
    >>> period_starts(d.astype(np.int32), "1mo").astype("datetime64[D]").astype(str).tolist()
    ['2025-03-01', '2025-03-01', '2025-02-01']
    """
    if period == "1d":
        return days
    if period == "1w":
        return (days - (days.astype(np.int64) + 3) % 7).astype(np.int32)  # 1970-01-01: Thu
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int32)


def account_timezone(inboxes: pl.DataFrame) -> str:
    """The account's zone if the inboxes know one (the same valid zone in all that set
    one), else ``"UTC"``."""
    if "timezone" not in inboxes.columns:
        return "UTC"
    zones = inboxes["timezone"].drop_nulls().unique().to_list()
    if len(zones) != 1:
        return "UTC"
    try:
        return check_timezone(zones[0])
    except ConfigurationError:
        return "UTC"
