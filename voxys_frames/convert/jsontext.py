"""JSON in and out: response bodies to Python values, free-form objects to canonical text.

Free-form objects (``custom_attributes``, ``content_attributes``, a raw sender...) are
stored as *canonical JSON text*: keys sorted at every level, no whitespace, UTF-8
characters kept as they are. The text parses back to exactly the value the API sent,
including integers above 2**53 (up to 2**64 - 1: orjson reads a longer integer literal
as a float) and keys whose value type varies from row to row, and two snapshots of an
unchanged object give byte-identical text.

Examples
--------
>>> canonical_json({"b": 1, "a": {"d": [1, 2], "c": None}})
'{"a":{"c":null,"d":[1,2]},"b":1}'
>>> canonical_json({"seats": 9_999_999_998, "big": 2**53 + 1})
'{"big":9007199254740993,"seats":9999999998}'
>>> load_body(b'{"payload": []}')
{'payload': []}
"""

from __future__ import annotations

import json
from typing import Any, Final

import orjson

from voxys_frames.exceptions import SchemaError

CANONICAL: Final = orjson.OPT_SORT_KEYS
"""The :func:`orjson.dumps` option that writes canonical JSON (orjson's output is compact
and keeps UTF-8): the one statement of the rule, for the converters that call
``orjson.dumps(value, option=CANONICAL)`` in their loops instead of
:func:`canonical_json`."""


def canonical_json(value: object) -> str:
    """Return ``value`` as canonical JSON text (sorted keys, compact, UTF-8 kept).

    Integers beyond the 64-bit range (only possible when the value was parsed by a
    parser other than orjson) fall back to the standard library, still sorted.

    >>> canonical_json({"name": "Zoë 😀", "tag": "<script>"})
    '{"name":"Zoë 😀","tag":"<script>"}'
    """
    try:
        return orjson.dumps(value, option=CANONICAL).decode()
    except TypeError:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_body(body: bytes | bytearray | memoryview | str | Any, *, source: str = "body") -> Any:
    """Parse a response body; values that are already parsed are returned unchanged.

    Invalid JSON raises :class:`~voxys_frames.exceptions.SchemaError` naming ``source``.

    >>> load_body('[1, 2]')
    [1, 2]
    >>> load_body(b'{"a":', source="page 3")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: page 3: not valid JSON: unexpected end of data: line 1 column 6 (char 5)
    """
    if isinstance(body, bytes | bytearray | memoryview | str):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            msg = f"{source}: not valid JSON: {exc}"
            raise SchemaError(msg) from None
    return body
