"""Typed columns out of lists of JSON objects, validated, with errors that name the field.

:class:`Rows` is a list of parsed JSON objects of one shape plus a way to name row
``i`` in an error (``page 3: data.payload[4]``). The readers below turn one key of those
objects into a polars series of a declared dtype. Each tries polars' strict constructor
first (one pass in native code); only when that fails is the column scanned in Python,
to find and report the first offending value.

Examples
--------
>>> rows = Rows([{"id": 1, "name": "a"}, {"id": 2}], lambda i: f"page 1: payload[{i}]")
>>> ints(rows, "id").to_list()
[1, 2]
>>> strings(rows, "name").to_list()
['a', None]
>>> ints(Rows([{"id": "x"}], lambda i: f"page 1: payload[{i}]"), "id")
Traceback (most recent call last):
...
voxys_frames.exceptions.SchemaError: page 1: payload[0].id: expected an integer, got 'x'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, NoReturn

import orjson
import polars as pl

from voxys_frames.exceptions import SchemaError
from voxys_frames.jsontext import canonical_json
from voxys_frames.timestamps import TimeEncoding, parse_timestamps

JsonObject = dict[str, Any]
_EMPTY: Final[JsonObject] = {}
_SORTED: Final = orjson.OPT_SORT_KEYS
_OBJECT_OR_NULL: Final = frozenset({dict, type(None)})
_LIST_OR_NULL: Final = frozenset({list, type(None)})


class Rows:
    """Parsed JSON objects of one shape, and ``locate(i)`` naming object ``i`` in errors."""

    __slots__ = ("_keys", "items", "locate")

    def __init__(self, items: list[JsonObject], locate: Callable[[int], str]) -> None:
        self.items = items
        self.locate = locate
        self._keys: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.items)

    def at(self, index: int, key: str) -> str:
        """The location of ``key`` in object ``index``, e.g. ``page 1: payload[3].id``."""
        return f"{self.locate(index)}.{key}"

    def keys(self) -> frozenset[str]:
        """Every key found in at least one object (computed once).

        >>> Rows([{"a": 1}, {"b": None}], str).keys() == {"a", "b"}
        True
        """
        if self._keys is None:
            self._keys = frozenset(set().union(*self.items))
        return self._keys

    def values(self, key: str) -> list[Any]:
        """The value of ``key`` in every object, None where absent."""
        if key not in self.keys():
            return [None] * len(self.items)
        return [item.get(key) for item in self.items]

    def child(self, key: str) -> Rows:
        """The objects under ``key``, one per row; absent or null gives an empty object.

        >>> Rows([{"meta": {"a": 1}}, {}], str).child("meta").items
        [{'a': 1}, {}]
        """
        if key not in self.keys():
            return Rows([_EMPTY] * len(self.items), lambda i: self.at(i, key))
        values = self.values(key)
        if not set(map(type, values)) <= _OBJECT_OR_NULL:
            for index, value in enumerate(values):
                if value is not None and type(value) is not dict:
                    fail(self.at(index, key), "an object", value)
        return Rows([v or _EMPTY for v in values], lambda i: self.at(i, key))

    def subset(self, indices: Sequence[int]) -> Rows:
        """The rows at ``indices``, still located as before."""
        return Rows([self.items[i] for i in indices], lambda i: self.locate(indices[i]))


def fail(where: str, expected: str, got: object) -> NoReturn:
    """Raise the one-line SchemaError ``<where>: expected <expected>, got <got>``."""
    shown = repr(got)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = f"{where}: expected {expected}, got {shown}"
    raise SchemaError(msg)


def objects(values: Any, where: str) -> list[JsonObject]:
    """Check that ``values`` is a list of objects (null elements dropped later by callers).

    >>> objects([{"a": 1}], "page 1: payload")
    [{'a': 1}]
    >>> objects({"a": 1}, "page 1: payload")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: page 1: payload: expected a list, got {'a': 1}
    """
    if type(values) is not list:
        fail(where, "a list", values)
    for index, value in enumerate(values):
        if type(value) is not dict:
            fail(f"{where}[{index}]", "an object", value)
    return values


def _typed(
    rows: Rows,
    key: str,
    values: list[Any] | None,
    dtype: pl.DataType,
    expected: str,
    accept: Callable[[object], bool],
) -> pl.Series:
    data = rows.values(key) if values is None else values
    if isinstance(dtype, pl.List):  # polars would turn a string into a list of one
        for index, value in enumerate(data):
            if value is not None and not accept(value):
                fail(rows.at(index, key), expected, value)
    try:
        return pl.Series(key, data, dtype=dtype, strict=True)
    except (TypeError, OverflowError, pl.exceptions.PolarsError):
        for index, value in enumerate(data):
            if value is not None and not accept(value):
                fail(rows.at(index, key), expected, value)
        raise


def ints(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """Int64 column of ``key`` (or of ``values``, located as ``key``)."""
    return _typed(
        rows,
        key,
        values,
        pl.Int64(),
        "an integer",
        lambda v: type(v) is int and -(2**63) <= v < 2**63,
    )


def floats(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """Float64 column; integers are accepted."""
    return _typed(rows, key, values, pl.Float64(), "a number", lambda v: type(v) in (int, float))


def strings(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """String column."""
    return _typed(rows, key, values, pl.String(), "a string", lambda v: type(v) is str)


def bools(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """Boolean column (0 and 1 are not booleans)."""
    return _typed(rows, key, values, pl.Boolean(), "a boolean", lambda v: type(v) is bool)


def string_lists(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """List(String) column, e.g. conversation labels."""
    return _typed(
        rows,
        key,
        values,
        pl.List(pl.String()),
        "a list of strings",
        lambda v: type(v) is list and all(type(x) is str for x in v),
    )


def times(
    rows: Rows,
    key: str,
    values: list[Any] | None = None,
    *,
    encoding: TimeEncoding = "int",
    zero_is_null: bool = False,
) -> pl.Series:
    """``Datetime("us", "UTC")`` column; see :func:`voxys_frames.timestamps.parse_timestamps`."""
    data = rows.values(key) if values is None else values
    return parse_timestamps(
        data,
        encoding=encoding,
        zero_is_null=zero_is_null,
        name=key,
        locate=lambda i: rows.at(i, key),
    )


def json_texts(
    rows: Rows, key: str, values: list[Any] | None = None, *, array: bool = False
) -> pl.Series:
    """Canonical JSON text of the object (or with ``array``, the list) at ``key``.

    Null stays null; any other JSON type raises SchemaError.

    >>> json_texts(Rows([{"a": {"y": 1, "x": [2**40]}}, {}], str), "a").to_list()
    ['{"x":[1099511627776],"y":1}', None]
    """
    data = rows.values(key) if values is None else values
    kind = list if array else dict
    if set(map(type, data)) <= (_LIST_OR_NULL if array else _OBJECT_OR_NULL):
        dumps = orjson.dumps
        try:
            texts = [None if v is None else dumps(v, option=_SORTED).decode() for v in data]
        except TypeError:  # an integer beyond 64 bits: the slow path below
            pass
        else:
            return pl.Series(key, texts, dtype=pl.String())
    out: list[str | None] = []
    append = out.append
    for index, value in enumerate(data):
        if value is None:
            append(None)
        elif type(value) is kind:
            try:
                append(orjson.dumps(value, option=_SORTED).decode())
            except TypeError:
                append(canonical_json(value))
        else:
            fail(rows.at(index, key), "a list" if array else "an object", value)
    return pl.Series(key, out, dtype=pl.String())


def extras(rows: Rows, known: frozenset[str]) -> list[JsonObject | None]:
    """Per row, the keys not in ``known`` as an object, or None when there are none."""
    if rows.keys() <= known:
        return [None] * len(rows)
    return [
        None if item.keys() <= known else {k: v for k, v in item.items() if k not in known}
        for item in rows.items
    ]


def nulls(name: str, dtype: pl.DataType, height: int) -> pl.Series:
    """A column of ``height`` nulls: what reading a key that no row has gives.

    >>> nulls("a", pl.Int64(), 2).to_list()
    [None, None]
    """
    return pl.Series(name, [None] * height, dtype=dtype)


def required(series: pl.Series, rows: Rows, key: str) -> pl.Series:
    """Return ``series``; a null in it raises SchemaError naming the first missing value."""
    if series.null_count():
        index = int(series.is_null().arg_max() or 0)
        msg = f"{rows.at(index, key)}: required field is missing or null"
        raise SchemaError(msg)
    return series


def concat_rows(parts: Iterable[Rows]) -> Rows:
    """One Rows out of several, each row still located as in its part."""
    items: list[JsonObject] = []
    owners: list[tuple[Rows, int]] = []
    for part in parts:
        items.extend(part.items)
        owners.extend((part, i) for i in range(len(part)))
    return Rows(items, lambda i: owners[i][0].locate(owners[i][1]))
