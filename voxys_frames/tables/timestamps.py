"""Typed timestamp parsers: every encoding the API uses becomes ``Datetime("us", "UTC")``.

The API encodes instants four ways (reference section 7): int epoch seconds, float epoch
seconds with a microsecond fraction (conversation ``updated_at``), ISO-8601 strings
(``snoozed_until``, embedded message ``updated_at``, reporting events) and, on five
conversation fields only, ``0`` meaning "never".

Each field declares the encoding it is documented with. A column in that encoding takes
a vectorised path; a column that mixes encodings (a fork sending ISO where upstream
sends epochs) is still read value by value, and a value that is no instant at all
raises :class:`~voxys_frames.exceptions.SchemaError` naming where it was.

Examples
--------
>>> parse_timestamps([1740820530, None], encoding="int").to_list()
[datetime.datetime(2025, 3, 1, 9, 15, 30, tzinfo=zoneinfo.ZoneInfo(key='UTC')), None]
>>> parse_timestamps([0, 1740820530], encoding="int", zero_is_null=True)[0] is None
True
>>> parse_timestamps([1740820530.123457], encoding="float")[0].microsecond
123457
>>> parse_timestamps(["2025-03-01T10:15:30.000Z"], encoding="iso")[0].hour
10
>>> parse_timestamps(["yesterday"], encoding="int", locate=lambda i: f"page 3: [{i}].created_at")
Traceback (most recent call last):
...
voxys_frames.exceptions.SchemaError: page 3: [0].created_at: expected int epoch seconds, got 'yesterday'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Final, Literal

import polars as pl

from voxys_frames.exceptions import SchemaError

TimeEncoding = Literal["int", "float", "iso"]
"""How a field is documented: int epoch seconds, float epoch seconds, ISO-8601 text."""

DATETIME: Final = pl.Datetime("us", "UTC")
"""The one timestamp dtype of every table."""

ZERO_MEANS_NULL: Final = frozenset(
    {
        "agent_last_seen_at",
        "assignee_last_seen_at",
        "contact_last_seen_at",
        "first_reply_created_at",
        "waiting_since",
    }
)
"""The five conversation fields where the API sends ``0`` for "never" (edge case A1)."""

_EXPECTED: Final[dict[str, str]] = {
    "int": "int epoch seconds",
    "float": "float epoch seconds",
    "iso": "an ISO-8601 timestamp",
}
_MICROS: Final = 1_000_000
_LIMIT: Final = 100_000_000_000 * _MICROS  # about year 5138: beyond is no epoch in seconds
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_NUMBER_KINDS: Final[dict[str, frozenset[type]]] = {
    "int": frozenset({int, type(None)}),
    "float": frozenset({int, float, type(None)}),
}


def _as_int(value: object) -> int:
    """An extreme of a column as an int: 0 for the null of an empty or all-null one."""
    return value if type(value) is int else 0


def _nowhere(index: int) -> str:
    return f"[{index}]"


def parse_timestamps(
    values: Sequence[object],
    *,
    encoding: TimeEncoding,
    zero_is_null: bool = False,
    name: str = "",
    locate: Callable[[int], str] = _nowhere,
) -> pl.Series:
    """Return ``values`` as a ``Datetime("us", "UTC")`` series.

    ``encoding`` is the documented encoding (it picks the fast path and words the
    error); values in another encoding are still accepted. With ``zero_is_null`` an
    epoch of exactly ``0`` becomes null: use it only for :data:`ZERO_MEANS_NULL`.
    ``locate(i)`` names value ``i`` in error messages.

    >>> parse_timestamps([1.5, "1970-01-01T00:00:02Z", 3], encoding="float").dt.epoch("ms").to_list()
    [1500, 2000, 3000]
    """
    micros = _fast_micros(values, encoding)
    if micros is not None and (micros.abs() > _LIMIT).any():
        micros = None  # out of range: the value-by-value path names it
    if micros is None:
        micros = pl.Series(
            [_to_micros(v, i, encoding, locate) for i, v in enumerate(values)], dtype=pl.Int64
        )
    if zero_is_null:
        micros = pl.select(pl.when(micros != 0).then(micros)).to_series()
    return micros.cast(DATETIME).rename(name)


def _fast_micros(values: Sequence[object], encoding: TimeEncoding) -> pl.Series | None:
    """Microseconds since the epoch through polars alone, or None when values are mixed
    or out of range (the value-by-value path then names the first one it refuses)."""
    if encoding != "iso" and not set(map(type, values)) <= _NUMBER_KINDS[encoding]:
        return None  # polars' strict constructors take booleans as 0 and 1
    try:
        if encoding == "int":
            seconds = pl.Series(values, dtype=pl.Int64, strict=True)
            if max(-_as_int(seconds.min()), _as_int(seconds.max())) > _LIMIT // _MICROS:
                return None  # checked before multiplying: Int64 products wrap around
            return seconds * _MICROS
        if encoding == "float":
            seconds = pl.Series(values, dtype=pl.Float64, strict=True)
            return (seconds * _MICROS).round(0).cast(pl.Int64)
        text = pl.Series(values, dtype=pl.String, strict=True)
    except (TypeError, OverflowError, pl.exceptions.PolarsError):
        return None
    try:
        parsed = text.str.to_datetime(time_unit="us", time_zone="UTC", strict=False)
    except pl.exceptions.PolarsError:
        return None
    if parsed.null_count() != text.null_count():
        return None
    return parsed.dt.epoch("us")


def _to_micros(
    value: object, index: int, encoding: TimeEncoding, locate: Callable[[int], str]
) -> int | None:
    """One value to microseconds since the epoch; anything else raises SchemaError."""
    if value is None:
        return None
    if type(value) is int and abs(value * _MICROS) <= _LIMIT:
        return value * _MICROS
    if type(value) is float and math.isfinite(value) and abs(value * _MICROS) <= _LIMIT:
        return round(value * _MICROS)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            delta = parsed - _EPOCH
            return (delta.days * 86_400 + delta.seconds) * _MICROS + delta.microseconds
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = f"{locate(index)}: expected {_EXPECTED[encoding]}, got {shown}"
    raise SchemaError(msg)
