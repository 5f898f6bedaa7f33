"""Free-form values kept as raw JSON bytes: parsed once per distinct text, made canonical.

Within a batch the same object text recurs (a sender on every message of a
conversation, ``{}`` nearly everywhere), so :class:`RawObjects` parses each distinct
text once with orjson (the parser of the validated path, so values are the same,
including its handling of integers beyond 64 bits) and gives its canonical JSON text
(:mod:`voxys_frames.convert.jsontext`: sorted keys, compact). A value that is not an object
raises :class:`NotExact`: the batch then takes the validated path, which names it.
Columns are looked up with C-level ``map`` calls, never a Python loop per row.

Examples
--------
>>> from msgspec import Raw
>>> objects = RawObjects()
>>> keys = objects.keys([Raw(b'{"b": 1, "a": [2]}'), Raw(b"{}"), Raw(b"null"), Raw()])
>>> objects.texts(keys)
['{"a":[2],"b":1}', '{}', None, None]
>>> objects.objects(keys)
[{'b': 1, 'a': [2]}, {}, None, None]
>>> objects.keys([Raw(b'"text"')])
Traceback (most recent call last):
...
voxys_frames.convert.fast.rawjson.NotExact: expected a JSON object, got 'text'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final, TypeVar

import orjson
from msgspec import Raw

from voxys_frames.convert.jsontext import CANONICAL

__all__ = ["NotExact", "RawObjects", "object_or_none"]

JsonObject = dict[str, Any]
T = TypeVar("T")
_TRIVIAL: Final[dict[bytes, tuple[JsonObject | None, str | None]]] = {
    b"": (None, None),
    b"null": (None, None),
    b"{}": ({}, "{}"),
}


class NotExact(Exception):  # noqa: N818 (a signal to take the validated path, not a failure)
    """The fast path cannot give exactly what the validated path gives for this batch."""


class RawObjects:
    """Raw JSON object texts -> parsed object and canonical text, memoised by their bytes.

    :meth:`keys` turns a column of raw values into their bytes (parsing the texts not
    seen before); :meth:`objects` and :meth:`texts` then look the column up. Absent
    (empty bytes) and ``null`` give None; parsed objects are shared between equal
    texts, so callers must only read them.
    """

    def __init__(self) -> None:
        self.parsed: dict[bytes, JsonObject | None] = {k: v for k, (v, _) in _TRIVIAL.items()}
        self.text: dict[bytes, str | None] = {k: t for k, (_, t) in _TRIVIAL.items()}

    def keys(self, raws: Iterable[Raw]) -> list[bytes]:
        """The bytes of each raw value; every new text is parsed (NotExact if no object)."""
        keys = list(map(bytes, raws))
        for key in set(keys).difference(self.parsed):
            self.parsed[key], self.text[key] = _parse(key)
        return keys

    def derived(self, keys: list[bytes], derive: Callable[[JsonObject | None], T]) -> list[T]:
        """``derive(object)`` for each key, computed once per distinct key.

        >>> objects = RawObjects()
        >>> objects.derived(objects.keys([Raw(b'{"a": 1}'), Raw()]), lambda o: o is None)
        [False, True]
        """
        found = {key: derive(self.parsed[key]) for key in set(keys)}
        return list(map(found.__getitem__, keys))

    def texts_of(self, raws: Iterable[Raw]) -> list[str | None]:
        """The canonical text of each raw value (None for absent or null)."""
        return self.texts(self.keys(raws))

    def objects(self, keys: list[bytes]) -> list[JsonObject | None]:
        """The parsed object of each key (None for absent or null)."""
        return list(map(self.parsed.__getitem__, keys))

    def texts(self, keys: list[bytes]) -> list[str | None]:
        """The canonical text of each key (None for absent or null)."""
        return list(map(self.text.__getitem__, keys))


def object_or_none(raw: Raw) -> JsonObject | None:
    """``raw`` parsed, when it is an object, absent or null (None); else :class:`NotExact`.

    >>> object_or_none(Raw(b'{"a": 1}')), object_or_none(Raw())
    ({'a': 1}, None)
    """
    key = bytes(raw)
    return (_TRIVIAL.get(key) or _parse(key))[0]


def _parse(text: bytes) -> tuple[JsonObject | None, str | None]:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise NotExact(str(exc)) from None
    if value is None:
        return None, None
    if type(value) is not dict:
        msg = f"expected a JSON object, got {value!r:.60}"
        raise NotExact(msg)
    return value, orjson.dumps(value, option=CANONICAL).decode() if value else "{}"
