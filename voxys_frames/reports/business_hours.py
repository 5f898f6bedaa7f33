"""Business hours: how much of an interval falls in an inbox's working hours.

Chatwoot stores ``value_in_business_hours`` when an event is written (and 0 when the
inbox has working hours off). Here the working hours are passed per inbox, in the
inbox's time zone, and applied to any interval afterwards, vectorised in polars.

Time is counted on the local wall clock: an interval that spans a daylight-saving
change *inside* working hours is off by that hour (changes happen at night almost
everywhere, outside working hours).

Examples
--------
>>> from datetime import datetime, UTC
>>> hours = WorkingHours.weekdays("Europe/Lisbon", "09:00", "17:00")
>>> frame = pl.DataFrame({"start": [datetime(2026, 3, 6, 16, 0, tzinfo=UTC)],
...                       "end": [datetime(2026, 3, 9, 10, 0, tzinfo=UTC)]})
>>> frame.select(business_seconds(pl.col("start"), pl.col("end"), hours)).item()  # Fri 1 h + Mon 1 h
7200.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from voxys_frames.exceptions import ConfigurationError

DAY: Final = 86_400
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONDAY: Final = date(1970, 1, 5)
_CLOCK: Final = re.compile(r"^(\d{1,2}):(\d{2})$")

Window = tuple[int, int]
"""Opening and closing second of a local day (closing up to 86400)."""


def _clock(text: str, what: str) -> int:
    found = _CLOCK.match(text.strip())
    if not found or int(found[1]) > 24 or int(found[2]) > 59:
        msg = f"working hours: {what} must be HH:MM, got {text!r}"
        raise ConfigurationError(msg)
    seconds = int(found[1]) * 3600 + int(found[2]) * 60
    if seconds > DAY:
        msg = f"working hours: {what} is after 24:00: {text!r}"
        raise ConfigurationError(msg)
    return seconds


@dataclass(frozen=True)
class WorkingHours:
    """Weekly working hours in a time zone: for each day Monday..Sunday, its windows.

    >>> WorkingHours.weekdays("UTC").week_seconds
    144000
    """

    timezone: str
    days: tuple[tuple[Window, ...], ...]

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            msg = f"working hours: unknown time zone {self.timezone!r}"
            raise ConfigurationError(msg) from None
        if len(self.days) != 7:
            msg = f"working hours: need 7 days (Monday..Sunday), got {len(self.days)}"
            raise ConfigurationError(msg)
        for name, windows in zip(WEEKDAYS, self.days, strict=True):
            last = 0
            for opening, closing in sorted(windows):
                if not 0 <= opening < closing <= DAY or opening < last:
                    msg = f"working hours: bad or overlapping window {opening}-{closing} on {name}"
                    raise ConfigurationError(msg)
                last = closing

    @classmethod
    def weekdays(
        cls,
        timezone: str,
        opening: str = "09:00",
        closing: str = "17:00",
        *,
        days: Iterable[int] = range(5),
    ) -> WorkingHours:
        """The same window on the given days (0 = Monday; default Monday-Friday)."""
        window = (_clock(opening, "opening"), _clock(closing, "closing"))
        chosen = set(days)
        return cls(timezone, tuple((window,) if d in chosen else () for d in range(7)))

    @classmethod
    def parse(cls, spec: Mapping[str, Any]) -> WorkingHours:
        """From ``{"timezone": "...", "monday": [["09:00", "17:00"]], ...}`` (absent day: closed).

        >>> WorkingHours.parse({"timezone": "UTC", "saturday": [["10:00", "12:00"]]}).week_seconds
        7200
        """
        unknown = set(spec) - {"timezone", *WEEKDAYS}
        if unknown:
            msg = f"working hours: unknown keys {sorted(unknown)} (expected timezone and weekday names)"
            raise ConfigurationError(msg)
        if not isinstance(spec.get("timezone"), str):
            msg = "working hours: 'timezone' (an IANA name) is required"
            raise ConfigurationError(msg)
        days = []
        for name in WEEKDAYS:
            windows = spec.get(name) or []
            try:
                days.append(
                    tuple(
                        (_clock(o, f"{name} opening"), _clock(c, f"{name} closing"))
                        for o, c in windows
                    )
                )
            except (TypeError, ValueError) as exc:
                msg = f"working hours: {name} must be a list of [opening, closing] pairs ({exc})"
                raise ConfigurationError(msg) from None
        return cls(spec["timezone"], tuple(days))

    @property
    def week_seconds(self) -> int:
        """Working seconds in one week."""
        return sum(c - o for windows in self.days for o, c in windows)

    def _cumulative(self, moment: pl.Expr) -> pl.Expr:
        """Working seconds from a Monday 00:00 local of 1970 to ``moment``."""
        local = moment.dt.convert_time_zone(self.timezone).dt.replace_time_zone(None)
        days = (local.dt.date() - pl.lit(_MONDAY)).dt.total_days()
        weeks = days.floordiv(7)
        weekday = days - weeks * 7
        second = (local - local.dt.truncate("1d")).dt.total_microseconds() / 1_000_000
        before = 0
        chain: Any = None
        for d, windows in enumerate(self.days):
            today: pl.Expr = pl.lit(float(before))
            for opening, closing in windows:
                today = today + (second - opening).clip(0, closing - opening)
            chain = (pl.when(weekday == d) if chain is None else chain.when(weekday == d)).then(
                today
            )
            before += sum(c - o for o, c in windows)
        within: pl.Expr = chain.otherwise(None)
        return weeks.cast(pl.Float64) * self.week_seconds + within


def business_seconds(start: pl.Expr, end: pl.Expr, hours: WorkingHours) -> pl.Expr:
    """Working seconds between ``start`` and ``end`` (0 when end is not after start)."""
    value = hours._cumulative(end) - hours._cumulative(start)
    return pl.when(end > start).then(value).otherwise(0.0)


def with_business_hours(
    frame: pl.DataFrame,
    working_hours: Mapping[int, WorkingHours],
    *,
    start: str = "event_start_time",
    end: str = "event_end_time",
    into: str = "value_in_business_hours",
    inbox: str = "inbox_id",
) -> pl.DataFrame:
    """Set ``into`` to the working seconds of each row's interval, by its inbox's hours.

    Rows of inboxes without working hours get null (never a silent 0). A
    ``conversation_opened`` event of value 0 (a first opening, measured from
    creation) gets 0, as Chatwoot writes it.
    """
    index = "__row"
    numbered = frame.with_row_index(index)
    parts = [
        numbered.filter(pl.col(inbox) == inbox_id).select(
            index, business_seconds(pl.col(start), pl.col(end), hours).alias(into)
        )
        for inbox_id, hours in working_hours.items()
    ]
    values = (
        pl.concat(parts) if parts else pl.DataFrame(schema={index: pl.UInt32(), into: pl.Float64()})
    )
    joined = numbered.drop(into, strict=False).join(values, on=index, how="left").sort(index)
    if "name" in frame.columns and "value" in frame.columns:
        first_open = (pl.col("name") == "conversation_opened") & (pl.col("value") == 0)
        joined = joined.with_columns(
            pl.when(first_open & pl.col(into).is_not_null())
            .then(pl.lit(0.0))
            .otherwise(pl.col(into))
            .alias(into)
        )
    return joined.drop(index).select(
        frame.columns if into in frame.columns else [*frame.columns, into]
    )
