"""Report windows and time buckets the way Chatwoot's report builders make them.

``since``/``until`` are epoch seconds and the window is half-open
(``since...until``). Buckets are groupdate's ``group_by_period`` in a time zone:
the series starts at the period holding ``since`` and holds every period that
starts before ``until``; weeks start on Sunday (groupdate's default). The rollup
path keys days by their date in the account's reporting zone and starts its
weeks on Monday (``date.beginning_of_week(:monday)``).

Examples
--------
>>> from zoneinfo import ZoneInfo
>>> kolkata = ZoneInfo("Asia/Kolkata")
>>> period_start(1_700_000_000, "hour", kolkata) % 3600  # hours start at :30 UTC in +5:30
1800
>>> Window(10, 20).contains(20)
False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.reports.zones import zone_for_offset

GROUP_BYS: Final = ("day", "week", "month", "year", "hour")


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open ``[since, until)`` window; either end None means no window at all.

    Chatwoot's ``DateRangeHelper#range`` is nil unless both ends are given, and a
    nil range applies no filter.

    >>> Window(None, 5).contains(10**9)
    True
    >>> Window(0, 5).previous()
    Window(since=-5, until=0)
    """

    since: int | None
    until: int | None

    @property
    def bounded(self) -> bool:
        """Whether both ends are given (so the window filters)."""
        return self.since is not None and self.until is not None

    def contains(self, t: int) -> bool:
        """Whether ``t`` is in the window (always, when it is not bounded)."""
        if self.since is None or self.until is None:
            return True
        return self.since <= t < self.until

    def previous(self) -> Window:
        """The window of the same length that ends at ``since`` (the summary's ``previous``)."""
        if self.since is None or self.until is None:
            return Window(None, None)
        return Window(self.since - (self.until - self.since), self.since)


#: No window: every row passes.
UNBOUNDED: Final = Window(None, None)


def parse_window(since: str | None, until: str | None) -> Window:
    """``DateTime.strptime(x, '%s')`` of both ends; blank ends give an unbounded window.

    >>> parse_window("100", "200")
    Window(since=100, until=200)
    >>> parse_window("100", None)
    Window(since=None, until=None)
    """
    if not since or not until or not since.strip() or not until.strip():
        return Window(None, None)
    return Window(int(float(since)), int(float(until)))


def zone_key_for_offset(offset: str | None, *, at: datetime) -> str:
    """``TimezoneHelper#timezone_name_from_offset`` as an IANA key; blank means UTC.

    An offset no zone has at ``at`` gives nil in Rails, and groupdate then uses
    the application's zone, UTC.

    >>> zone_key_for_offset("5.5", at=datetime(2026, 7, 1, tzinfo=UTC))
    'Asia/Kolkata'
    >>> zone_key_for_offset(None, at=datetime(2026, 7, 1, tzinfo=UTC))
    'UTC'
    """
    if offset is None or not offset.strip():
        return "UTC"
    try:
        hours = float(offset)
    except ValueError:
        hours = 0.0
    try:
        return zone_for_offset(hours, at=at).key
    except ConfigurationError:  # no zone has that offset now: Rails falls back to UTC
        return "UTC"


def _midnight(day: date, zone: ZoneInfo) -> int:
    """Epoch seconds of the start of ``day`` in ``zone`` (a missing midnight moves forward)."""
    naive = datetime(day.year, day.month, day.day)
    local = naive.replace(tzinfo=zone)
    # zoneinfo reads a nonexistent wall time with the offset before the gap, which is
    # the instant ActiveSupport gives too (the first existing time of the day)
    return int(local.timestamp())


def period_key(day: date, group_by: str, *, week_start: int = 6) -> date:
    """The first day of ``day``'s period; ``week_start`` is a weekday (6 Sunday, 0 Monday).

    >>> period_key(date(2026, 3, 4), "week")  # a Wednesday
    datetime.date(2026, 3, 1)
    >>> period_key(date(2026, 3, 4), "week", week_start=0)
    datetime.date(2026, 3, 2)
    """
    if group_by == "week":
        return day - timedelta(days=(day.weekday() - week_start) % 7)
    if group_by == "month":
        return day.replace(day=1)
    if group_by == "year":
        return day.replace(month=1, day=1)
    return day


def next_key(day: date, group_by: str) -> date:
    """The first day of the period after the one starting on ``day``.

    >>> next_key(date(2026, 12, 1), "month")
    datetime.date(2027, 1, 1)
    """
    if group_by == "week":
        return day + timedelta(days=7)
    if group_by == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if group_by == "year":
        return date(day.year + 1, 1, 1)
    return day + timedelta(days=1)


def period_start(t: int, group_by: str, zone: ZoneInfo) -> int:
    """Epoch seconds of the start of ``t``'s period in ``zone`` (groupdate's buckets).

    >>> period_start(1_772_625_600, "week", ZoneInfo("UTC"))  # Wed 2026-03-04 12:00 UTC
    1772323200
    """
    local = datetime.fromtimestamp(t, tz=zone)
    if group_by == "hour":
        return int(local.replace(minute=0, second=0, microsecond=0).timestamp())
    return _midnight(period_key(local.date(), group_by), zone)


def series(window: Window, group_by: str, zone: ZoneInfo, data: Iterable[int] = ()) -> list[int]:
    """Every bucket start groupdate fills for ``window`` (or the data's span when unbounded).

    >>> series(Window(0, 3 * 86400), "day", ZoneInfo("UTC"))
    [0, 86400, 172800]
    >>> series(Window(0, 3 * 86400 + 1), "day", ZoneInfo("UTC"))[-1]
    259200
    """
    if window.since is not None and window.until is not None:
        lo, hi = window.since, window.until
    else:
        times = list(data)
        if not times:
            return []
        lo, hi = min(times), max(times) + 1
    out: list[int] = []
    if group_by == "hour":
        current = period_start(lo, "hour", zone)
        while current < hi:
            out.append(current)
            current = period_start(current + 3600, "hour", zone)
            if out and current <= out[-1]:  # a repeated hour at the end of summer time
                current = out[-1] + 3600
        return out
    key = period_key(datetime.fromtimestamp(lo, tz=zone).date(), group_by)
    while (start := _midnight(key, zone)) < hi:
        out.append(start)
        key = next_key(key, group_by)
    return out


def local_date(t: int, zone: ZoneInfo) -> date:
    """The date of ``t`` in ``zone`` (the rollup table's ``date``).

    >>> local_date(0, ZoneInfo("America/Halifax"))
    datetime.date(1969, 12, 31)
    """
    return datetime.fromtimestamp(t, tz=zone).date()


def date_midnight(day: date, zone: ZoneInfo) -> int:
    """``date.in_time_zone(zone).to_i``: the start of ``day`` in ``zone``.

    >>> date_midnight(date(1970, 1, 2), ZoneInfo("UTC"))
    86400
    """
    return _midnight(day, zone)


def utc_now_of(epoch: int) -> datetime:
    """``epoch`` as an aware UTC datetime.

    >>> utc_now_of(0).year
    1970
    """
    return datetime.fromtimestamp(epoch, tz=UTC)


__all__ = [
    "GROUP_BYS",
    "UNBOUNDED",
    "Window",
    "date_midnight",
    "local_date",
    "next_key",
    "parse_window",
    "period_key",
    "period_start",
    "series",
    "utc_now_of",
    "zone_key_for_offset",
]
