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

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any, Final, NoReturn, TypeVar

import orjson
import polars as pl
import pyarrow as pa

from voxys_frames.convert.jsontext import CANONICAL, canonical_json
from voxys_frames.exceptions import SchemaError
from voxys_frames.tables.timestamps import TimeEncoding, parse_timestamps

JsonObject = dict[str, Any]
ConvertedT = TypeVar("ConvertedT")
_EMPTY: Final[JsonObject] = {}
OBJECT_OR_NULL: Final = frozenset({dict, type(None)})
_LIST_OR_NULL: Final = frozenset({list, type(None)})


class Rows:
    """Parsed JSON objects of one shape, and ``locate(i)`` naming object ``i`` in errors.

    :meth:`read_all` reads every key of every object in one pass over the objects (each
    object is visited once, not once per key: on large batches the per-key passes cost
    a cache miss per object and key); :meth:`values` then returns the column read.
    """

    __slots__ = ("_columns", "_keys", "items", "locate")

    def __init__(self, items: list[JsonObject], locate: Callable[[int], str]) -> None:
        self.items = items
        self.locate = locate
        self._keys: frozenset[str] | None = None
        self._columns: dict[str, list[Any]] | None = None

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

    def read_all(self) -> Rows:
        """Read every key of every object now, in one pass; :meth:`values` then returns them.

        Worth it before reading most keys (a table); for a few keys, :meth:`values` alone
        reads just those.

        >>> Rows([{"a": 1, "b": 2}, {"a": 3}], str).read_all().values("b")
        [2, None]
        """
        if self._columns is None:
            self._columns = columns_of(self.items, sorted(self.keys()))
        return self

    def values(self, key: str) -> list[Any]:
        """The value of ``key`` in every object, None where absent (a shared list: read only).

        >>> Rows([{"a": 1, "b": 2}, {"a": 3}], str).values("b")
        [2, None]
        """
        if key not in self.keys():
            return [None] * len(self.items)
        if self._columns is None:
            return [item.get(key) for item in self.items]
        return self._columns[key]

    def child(self, key: str) -> Rows:
        """The objects under ``key``, one per row; absent or null gives an empty object.

        >>> Rows([{"meta": {"a": 1}}, {}], str).child("meta").items
        [{'a': 1}, {}]
        """
        if key not in self.keys():
            return Rows([_EMPTY] * len(self.items), lambda i: self.at(i, key))
        values = self.values(key)
        if not set(map(type, values)) <= OBJECT_OR_NULL:
            for index, value in enumerate(values):
                if value is not None and type(value) is not dict:
                    fail(self.at(index, key), "an object", value)
        return Rows([v or _EMPTY for v in values], lambda i: self.at(i, key))

    def subset(self, indices: Sequence[int]) -> Rows:
        """The rows at ``indices``, still located as before."""
        return Rows([self.items[i] for i in indices], lambda i: self.locate(indices[i]))


_SPARSE_TRIES: Final = 4
"""Keys found missing from some object before :func:`columns_of` reads all keys with get."""


def columns_of(items: list[JsonObject], keys: list[str]) -> dict[str, list[Any]]:
    """Each of ``keys`` as a list of values (None where absent), reading each object once.

    Keys present in every object are read together by one ``itemgetter`` call per
    object; a key missing somewhere is read on its own with ``get``.

    >>> columns_of([{"a": 1, "b": 2}, {"a": 3}], ["a", "b"])
    {'a': [1, 3], 'b': [2, None]}
    """
    common = list(keys)
    for _ in range(_SPARSE_TRIES):
        try:
            found = _transposed(items, common)
        except KeyError as missing:
            if missing.args[0] not in common:
                break
            common.remove(missing.args[0])
            continue
        for key in keys:
            if key not in found:
                found[key] = [item.get(key) for item in items]
        return found
    nulls = (None,) * len(keys)
    rows = [tuple(map(item.get, keys)) if item else nulls for item in items]
    return dict(zip(keys, _lists(rows, len(keys)), strict=True))


def _transposed(items: list[JsonObject], keys: list[str]) -> dict[str, list[Any]]:
    """``keys`` (present in every object, else KeyError) as columns."""
    if not keys:
        return {}
    if len(keys) == 1:
        return {keys[0]: list(map(itemgetter(keys[0]), items))}
    rows = list(map(itemgetter(*keys), items))
    return dict(zip(keys, _lists(rows, len(keys)), strict=True))


def _lists(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """The columns of ``rows`` (tuples of ``width`` values) as lists."""
    if not rows:
        return [[] for _ in range(width)]
    return list(map(list, zip(*rows, strict=True)))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with Python's cyclic garbage collector paused, restored after.

    Converting a batch allocates many small containers while the parsed batch (hundreds
    of thousands of objects) is alive, so the collector's full passes walk the whole
    batch again and again: about half the conversion time. Parsed JSON and the lists
    built from it hold no reference cycles, so nothing is left for the collector; memory
    is still freed by reference counting. A collector disabled by the caller stays so.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def distinct(
    items: Sequence[JsonObject], at: Sequence[int], *alongside: Sequence[object]
) -> list[int]:
    """``at`` without each object that a later one repeats exactly, in order.

    Two objects are the same when their JSON texts are equal (so ``1`` and ``True`` or
    ``1.0`` differ, unlike ``==``) and so are their values in each of ``alongside``
    (per-row values the conversion also uses, such as the account or the sender type).
    The last copy is the one kept: keeping it leaves the de-duplication of
    :mod:`voxys_frames.tables.dedupe` (the latest copy wins, gaps filled from earlier ones)
    with the same result.

    >>> distinct([{"id": 1}, {"id": 2}, {"id": 1}, {"id": True}], [0, 1, 2, 3])
    [1, 2, 3]
    >>> distinct([{"id": 1}, {"id": 1}], [0, 1], ["User", "AgentBot"])
    [0, 1]
    """
    dumps = orjson.dumps
    seen: set[tuple[object, ...]] = set()
    kept: list[int] = []
    try:
        for index in reversed(at):
            # decoded: a str copy is cheap, while keeping dumps' own bytes alive is not
            # (each is allocated at 1 KiB, then shrunk)
            mark = (dumps(items[index]).decode(), *(values[index] for values in alongside))
            if mark not in seen:
                seen.add(mark)
                kept.append(index)
    except TypeError:  # an integer beyond 64 bits: keep every copy
        return list(at)
    kept.reverse()
    return kept


def convert_distinct(
    items: Sequence[JsonObject],
    at: list[int],
    alongside: Sequence[Sequence[object]],
    convert: Callable[[list[int]], ConvertedT],
    *,
    identity: Sequence[object] | None = None,
) -> ConvertedT:
    """``convert(at)``, run on :func:`distinct` ``at`` when that drops repeats.

    Objects repeated exactly (a message sender on every message of a conversation)
    are converted once. A bad value raises SchemaError from the full ``at`` so the
    error names the first copy, as converting every copy would.

    ``identity`` (optional) holds a hashable value per row such that rows with equal
    identities (and equal ``alongside`` values) hold equal objects, e.g. the raw text
    each object was parsed from: only the last row of each identity is then compared
    as JSON, which keeps exactly the rows :func:`distinct` keeps, for less work.
    """
    candidates = at if identity is None else last_of_each(at, identity, *alongside)
    kept = distinct(items, candidates, *alongside)
    if len(kept) < len(at):
        try:
            return convert(kept)
        except SchemaError:
            pass
    return convert(at)


def last_of_each(at: Sequence[int], *columns: Sequence[object]) -> list[int]:
    """``at`` keeping, for each distinct tuple of ``columns`` values, its last index only.

    >>> last_of_each([0, 1, 2, 3], ["a", "b", "a", "c"])
    [1, 2, 3]
    """
    if len(at) < 2:
        return list(at)
    pick = itemgetter(*at)
    last = dict(zip(zip(*(pick(values) for values in columns), strict=True), at, strict=True))
    return sorted(last.values())


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


_NONE: Final = type(None)
INT_OR_NULL: Final[frozenset[type]] = frozenset({int, _NONE})
_FLOAT_KINDS: Final[frozenset[type]] = frozenset({int, float, _NONE})
STRING_OR_NULL: Final[frozenset[type]] = frozenset({str, _NONE})
_BOOL_KINDS: Final[frozenset[type]] = frozenset({bool, _NONE})
_STRING_LIST: Final = pl.List(pl.String())


def _typed(
    rows: Rows,
    key: str,
    values: list[Any] | None,
    dtype: pl.DataType,
    expected: str,
    accept: Callable[[object], bool],
    kinds: frozenset[type],
) -> pl.Series:
    """``key`` as a series of ``dtype``; a value ``accept`` refuses raises SchemaError.

    When every value is of one of ``kinds`` (a C-speed pass) the strict constructor
    runs; otherwise, or when it fails (an integer beyond 64 bits), the values are
    walked to name the first refused one. The type check comes first because the
    strict constructor alone takes ``True`` as the integer 1.
    """
    data = rows.values(key) if values is None else values
    error: Exception | None = None
    if set(map(type, data)) <= kinds:
        try:
            return pl.Series(key, data, dtype=dtype, strict=True)
        except (TypeError, OverflowError, pl.exceptions.PolarsError) as exc:
            error = exc
    for index, value in enumerate(data):
        if value is not None and not accept(value):
            fail(rows.at(index, key), expected, value)
    if error is not None:
        raise error
    return pl.Series(key, data, dtype=dtype, strict=True)


def ints(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """Int64 column of ``key`` (or of ``values``, located as ``key``); booleans are refused.

    >>> ints(Rows([{"n": True}], lambda i: f"payload[{i}]"), "n")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: payload[0].n: expected an integer, got True
    """
    return _typed(
        rows,
        key,
        values,
        pl.Int64(),
        "an integer",
        lambda v: type(v) is int and -(2**63) <= v < 2**63,
        INT_OR_NULL,
    )


def floats(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """Float64 column; integers are accepted."""
    return _typed(
        rows,
        key,
        values,
        pl.Float64(),
        "a number",
        lambda v: type(v) in (int, float),
        _FLOAT_KINDS,
    )


def strings(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """String column."""
    return _typed(
        rows, key, values, pl.String(), "a string", lambda v: type(v) is str, STRING_OR_NULL
    )


def bools(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """Boolean column (0 and 1 are not booleans)."""
    return _typed(
        rows, key, values, pl.Boolean(), "a boolean", lambda v: type(v) is bool, _BOOL_KINDS
    )


def string_lists(rows: Rows, key: str, values: list[Any] | None = None) -> pl.Series:
    """List(String) column, e.g. conversation labels.

    Built from one flat array of strings and the list offsets (polars builds a list
    column from Python lists one list at a time, several times slower).

    >>> string_lists(Rows([{"l": ["a", "b"]}, {"l": []}, {}], str), "l").to_list()
    [['a', 'b'], [], None]
    >>> string_lists(Rows([{"l": ["a", 1]}], lambda i: f"[{i}]"), "l")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: [0].l: expected a list of strings, got ['a', 1]
    """
    data = rows.values(key) if values is None else values
    present = [() if v is None else v for v in data]
    if not set(map(type, data)) <= _LIST_OR_NULL or not set(
        map(type, chain.from_iterable(present))
    ) <= {str}:
        for index, value in enumerate(data):
            if value is not None and not (
                type(value) is list and all(type(x) is str for x in value)
            ):
                fail(rows.at(index, key), "a list of strings", value)
    # Arrow arrays made by polars, not pa.array(): that one imports pandas (seconds)
    offsets = pl.Series([0, *accumulate(map(len, present))], dtype=pl.Int64).to_arrow()
    flat = pl.Series(list(chain.from_iterable(present)), dtype=pl.String).to_arrow()
    mask = pl.Series([v is None for v in data]).to_arrow() if None in data else None
    lists = pa.LargeListArray.from_arrays(offsets, flat.cast(pa.large_string()), mask=mask)
    return pl.Series(key, lists, dtype=_STRING_LIST)


def times(
    rows: Rows,
    key: str,
    values: list[Any] | None = None,
    *,
    encoding: TimeEncoding = "int",
    zero_is_null: bool = False,
) -> pl.Series:
    """``Datetime("us", "UTC")`` column; see :func:`voxys_frames.tables.timestamps.parse_timestamps`."""
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
    if set(map(type, data)) <= (_LIST_OR_NULL if array else OBJECT_OR_NULL):
        dumps = orjson.dumps
        try:
            empty = "[]" if array else "{}"  # most objects are empty: no call for them
            texts = [
                dumps(v, option=CANONICAL).decode() if v else None if v is None else empty
                for v in data
            ]
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
                append(orjson.dumps(value, option=CANONICAL).decode())
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
