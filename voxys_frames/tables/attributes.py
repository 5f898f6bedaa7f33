"""Expand chosen keys of a JSON text column into typed columns.

Free-form objects (``custom_attributes``...) are stored whole as JSON text, because
their keys and value types vary from row to row. :func:`expand_json` turns the keys an
analysis needs into real columns of the dtype you choose.

A value that does not fit the dtype (``"gold"`` for an Int64, a list for a String)
becomes null, and so does an absent key. To tell them apart, compare with the
``<column>.<key>`` text that ``keep_text=True`` adds (null there means absent), or pass
``strict=True`` to raise :class:`~voxys_frames.exceptions.SchemaError` on the first
value that does not fit.

Examples
--------
>>> import polars as pl
>>> frame = pl.DataFrame({"id": [1, 2, 3], "custom_attributes": [
...     '{"plan":"gold","seats":9999999998}', '{"plan":"free","seats":"many"}', None]})
>>> expand_json(frame, "custom_attributes", keys={"plan": pl.String, "seats": pl.Int64}).drop("custom_attributes")
shape: (3, 3)
┌─────┬──────┬────────────┐
│ id  ┆ plan ┆ seats      │
│ --- ┆ ---  ┆ ---        │
│ i64 ┆ str  ┆ i64        │
╞═════╪══════╪════════════╡
│ 1   ┆ gold ┆ 9999999998 │
│ 2   ┆ free ┆ null       │
│ 3   ┆ null ┆ null       │
└─────┴──────┴────────────┘
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
import polars as pl

from voxys_frames.exceptions import SchemaError

_MISSING = object()


def _convert(value: Any, dtype: pl.DataType) -> Any:
    """``value`` as a Python value of ``dtype``, or ``_MISSING`` when it does not fit."""
    if value is None:
        return None
    if dtype == pl.String:
        return value if type(value) is str else _MISSING
    if dtype == pl.Boolean:
        return value if type(value) is bool else _MISSING
    if dtype.is_integer():
        return value if type(value) is int else _MISSING
    if dtype.is_float():
        return float(value) if type(value) in (int, float) else _MISSING
    if isinstance(dtype, pl.Datetime | pl.Date):
        return value if type(value) is str else _MISSING  # parsed below
    msg = f"expand_json cannot produce {dtype}; use keep_text=True for nested values"
    raise TypeError(msg)


def _typed(name: str, values: list[Any], dtype: pl.DataType, *, strict: bool) -> pl.Series:
    if isinstance(dtype, pl.Date):
        return pl.Series(name, values, dtype=pl.String()).str.to_date(strict=strict)
    if isinstance(dtype, pl.Datetime):
        text = pl.Series(name, values, dtype=pl.String())
        parsed = text.str.to_datetime(time_unit=dtype.time_unit, strict=strict)
        if dtype.time_zone is None:
            return parsed
        if parsed.dtype.time_zone is None:  # type: ignore[attr-defined]
            return parsed.dt.replace_time_zone(dtype.time_zone)
        return parsed.dt.convert_time_zone(dtype.time_zone)
    return pl.Series(name, values, dtype=dtype, strict=False)


def expand_json(
    frame: pl.DataFrame,
    column: str,
    *,
    keys: Mapping[str, pl.DataType | type[pl.DataType]],
    prefix: str = "",
    strict: bool = False,
    keep_text: bool = False,
) -> pl.DataFrame:
    """Add one column per key of the JSON objects in ``column``, typed as given.

    ``prefix`` is put before each new column name. Supported dtypes: String, Boolean,
    integers, floats, Date and Datetime (parsed from text); with ``keep_text`` each key
    also gets its raw JSON text, which is how nested values are reached. See the module
    docstring for how mismatches are reported.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame({"id": [1, 2], "custom_attributes": ['{"plan": "pro", "seats": 12}', None]})
    >>> expand_json(frame, "custom_attributes", keys={"plan": pl.String, "seats": pl.Int64}).select("plan", "seats").rows()
    [('pro', 12), (None, None)]
    """
    texts = frame[column].to_list()
    parsed = [orjson.loads(t) if t is not None else None for t in texts]
    added: list[pl.Series] = []
    for key, wanted in keys.items():
        dtype = wanted() if isinstance(wanted, type) else wanted
        raw = [obj.get(key) if type(obj) is dict else None for obj in parsed]
        values = []
        for index, value in enumerate(raw):
            converted = _convert(value, dtype)
            if converted is _MISSING:
                if strict:
                    msg = f"{column}[{index}].{key}: expected {dtype}, got {value!r}"
                    raise SchemaError(msg)
                converted = None
            values.append(converted)
        added.append(_typed(f"{prefix}{key}", values, dtype, strict=strict))
        if keep_text:
            shown = [None if v is None else orjson.dumps(v).decode() for v in raw]
            added.append(pl.Series(f"{column}.{key}", shown, dtype=pl.String()))
    return frame.with_columns(added)
