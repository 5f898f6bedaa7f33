"""Timestamp parsing: every wire encoding, the 0 sentinel, and clear errors."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from voxys_frames.exceptions import SchemaError
from voxys_frames.tables.timestamps import DATETIME, ZERO_MEANS_NULL, parse_timestamps


def test_int_epoch_seconds() -> None:
    series = parse_timestamps([1740820530, None], encoding="int")
    assert series.dtype == DATETIME
    assert series.to_list() == [datetime(2025, 3, 1, 9, 15, 30, tzinfo=UTC), None]


def test_float_epoch_keeps_every_microsecond() -> None:
    # casting float seconds straight to Datetime would read them as microseconds (1970)
    values = [1740820530.123457, 1740820530.000001, 1740820530.999999]
    parsed = parse_timestamps(values, encoding="float").dt.epoch("us").to_list()
    assert parsed == [1740820530123457, 1740820530000001, 1740820530999999]
    naive = pl.Series(values).cast(pl.Datetime("us"))
    assert naive.dt.year().to_list()[0] == 1970


def test_iso_strings_with_and_without_fraction_and_offset() -> None:
    parsed = parse_timestamps(
        ["2025-03-01T10:15:30.000Z", "2025-03-01T10:15:30Z", "2025-03-01T15:45:30.5+05:30"],
        encoding="iso",
    ).to_list()
    assert parsed[0] == parsed[1] == datetime(2025, 3, 1, 10, 15, 30, tzinfo=UTC)
    assert parsed[2] == datetime(2025, 3, 1, 10, 15, 30, 500000, tzinfo=UTC)


def test_zero_is_null_only_when_asked() -> None:
    assert parse_timestamps([0], encoding="int", zero_is_null=True).to_list() == [None]
    assert parse_timestamps([0], encoding="int").dt.year().to_list() == [1970]


def test_the_five_sentinel_fields() -> None:
    assert sorted(ZERO_MEANS_NULL) == [
        "agent_last_seen_at",
        "assignee_last_seen_at",
        "contact_last_seen_at",
        "first_reply_created_at",
        "waiting_since",
    ]


def test_mixed_encodings_in_one_column_are_read_value_by_value() -> None:
    parsed = parse_timestamps([1, 2.5, "1970-01-01T00:00:03Z", None], encoding="int")
    assert parsed.dt.epoch("ms").to_list() == [1000, 2500, 3000, None]


def test_garbage_names_the_field() -> None:
    with pytest.raises(
        SchemaError, match=r"^page 3: x\[1\]: expected int epoch seconds, got 'yesterday'$"
    ):
        parse_timestamps([1, "yesterday"], encoding="int", locate=lambda i: f"page 3: x[{i}]")


def test_garbage_in_an_iso_field() -> None:
    with pytest.raises(SchemaError, match="expected an ISO-8601 timestamp, got 'Mon Mar 03'"):
        parse_timestamps(["2025-03-01T00:00:00Z", "Mon Mar 03"], encoding="iso")


def test_empty_input_keeps_the_dtype() -> None:
    assert parse_timestamps([], encoding="float").dtype == DATETIME
