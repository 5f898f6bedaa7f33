"""expand_json: chosen keys of a JSON column become typed columns."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.exceptions import SchemaError
from voxys_frames.tables.attributes import expand_json

FRAME = pl.DataFrame(
    {
        "custom_attributes": [
            '{"plan":"gold","seats":9999999998,"trial":true,"renews":"2025-03-01"}',
            '{"plan":3,"seats":"many"}',
            None,
        ]
    }
)


def test_values_of_the_wrong_type_become_null() -> None:
    out = expand_json(
        FRAME,
        "custom_attributes",
        keys={"plan": pl.String, "seats": pl.Int64, "trial": pl.Boolean, "renews": pl.Date},
    )
    expected = pl.DataFrame(
        {
            "plan": ["gold", None, None],
            "seats": [9_999_999_998, None, None],
            "trial": [True, None, None],
            "renews": pl.Series(["2025-03-01", None, None]).str.to_date(),
        }
    )
    assert_frame_equal(out.drop("custom_attributes"), expected)


def test_keep_text_tells_absent_from_mismatched() -> None:
    out = expand_json(FRAME, "custom_attributes", keys={"seats": pl.Int64}, keep_text=True)
    assert out["seats"].to_list() == [9_999_999_998, None, None]
    assert out["custom_attributes.seats"].to_list() == ["9999999998", '"many"', None]


def test_strict_raises_on_a_mismatch() -> None:
    with pytest.raises(
        SchemaError, match=r"custom_attributes\[1\]\.seats: expected Int64, got 'many'"
    ):
        expand_json(FRAME, "custom_attributes", keys={"seats": pl.Int64}, strict=True)


def test_prefix_and_nested_values_as_text() -> None:
    frame = pl.DataFrame({"a": ['{"x":{"b":1,"a":[2]}}']})
    out = expand_json(frame, "a", keys={"x": pl.String}, prefix="a_", keep_text=True)
    assert out["a_x"].to_list() == [None]  # an object is not a string
    assert out["a.x"].to_list() == ['{"b":1,"a":[2]}']


def test_datetime_keys_are_parsed() -> None:
    frame = pl.DataFrame({"a": ['{"t":"2025-03-01T10:00:00Z"}', '{"t":"soon"}']})
    out = expand_json(frame, "a", keys={"t": pl.Datetime("us", "UTC")})
    assert out["t"].dt.hour().to_list() == [10, None]
