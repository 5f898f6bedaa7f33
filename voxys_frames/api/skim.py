"""What the crawl needs to plan from a body, read without parsing it into Python objects.

A crawl must know, as each body arrives, which conversations a list page shows (and
the newest message each shows), which message ids a history page holds (to move its
cursor) and a few meta counts. msgspec reads just those fields out of the bytes and
skips the rest in native code; the body itself is parsed once, later, where it is
converted. A body of another shape is read with the JSON parser instead, so the
errors name the body and the field.

Examples
--------
>>> page = b'{"data": {"meta": {"all_count": 2}, "payload": [{"id": 4, "messages": [{"id": 9}]}]}}'
>>> listed(page, "page 1")
([[4, 9]], {'all_count': 2})
>>> message_ids(b'{"payload": [{"id": 5}, {"id": 6, "content": "hi"}]}', "history")
{5, 6}
>>> message_ids(b'{"payload": {}}', "messages/4/page-1.json.gz")
Traceback (most recent call last):
...
voxys_frames.exceptions.SchemaError: messages/4/page-1.json.gz: payload: expected a list
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
import orjson
from msgspec import Struct

from voxys_frames.exceptions import SchemaError

__all__ = ["array_length", "latest_message_id", "listed", "message_ids", "skim_meta"]


class _Shown(Struct, gc=False):
    id: object = None


class _Conversation(Struct, gc=False):
    id: object = None
    messages: list[_Shown | None] | None = None
    last_non_activity_message: _Shown | None = None


class _ListData(Struct, gc=False):
    payload: list[_Conversation]
    meta: dict[str, object] | None = None


class _ListPage(Struct, gc=False):
    data: _ListData


class _History(Struct, gc=False):
    payload: list[_Shown]


class _Meta(Struct, gc=False):
    meta: dict[str, object] | None = None


_LIST: Final = msgspec.json.Decoder(_ListPage)
_SHOWN: Final = msgspec.json.Decoder(_Conversation)
_HISTORY: Final = msgspec.json.Decoder(_History)
_META: Final = msgspec.json.Decoder(_Meta)
_ARRAY: Final = msgspec.json.Decoder(list[msgspec.Raw])

Listed = list[list[int | None]]


def listed(body: bytes, source: str, *, shown: bool = False) -> tuple[Listed, dict[str, Any]]:
    """``[display id, newest message id shown]`` of each conversation of a list page (or,
    with ``shown``, of one conversation read on its own), and the page's meta."""
    try:
        if shown:
            rows, meta = [_SHOWN.decode(body)], None
        else:
            data = _LIST.decode(body).data
            rows, meta = data.payload, data.meta
    except msgspec.DecodeError:
        return _listed_slowly(orjson.loads(body), source, shown=shown)
    found: Listed = []
    for index, row in enumerate(rows):
        if type(row.id) is not int:
            _bad_id(source, index, shown=shown)
        newest = [m.id for m in (row.messages or [])[:1] if m is not None]
        if row.last_non_activity_message is not None:
            newest.append(row.last_non_activity_message.id)
        ids = [i for i in newest if type(i) is int]
        found.append([row.id, max(ids) if ids else None])  # type: ignore[list-item]
    return found, dict(meta or {})


def latest_message_id(conversation: dict[str, Any]) -> int | None:
    """The newest message id a conversation object shows (``messages[0]`` and co.).

    >>> latest_message_id({"id": 1, "messages": [{"id": 9}], "last_non_activity_message": {"id": 8}})
    9
    """
    shown = (conversation.get("messages") or [None])[:1]
    shown.append(conversation.get("last_non_activity_message"))
    ids = [m["id"] for m in shown if isinstance(m, dict) and type(m.get("id")) is int]
    return max(ids) if ids else None


def _listed_slowly(doc: Any, source: str, *, shown: bool) -> tuple[Listed, dict[str, Any]]:
    rows: Any
    meta: Any
    if shown:
        rows, meta = [doc], {}
    else:
        data = doc.get("data") if isinstance(doc, dict) else None
        rows = data.get("payload") if isinstance(data, dict) else None
        meta = data.get("meta") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            msg = f"{source}: data.payload: expected a list, got {type(rows).__name__}"
            raise SchemaError(msg)
    found: Listed = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or type(row.get("id")) is not int:
            _bad_id(source, index, shown=shown)
        found.append([row["id"], latest_message_id(row)])
    return found, dict(meta) if isinstance(meta, dict) else {}


def _bad_id(source: str, index: int, *, shown: bool) -> None:
    where = "id" if shown else f"data.payload[{index}].id"
    msg = f"{source}: {where}: expected an integer"
    raise SchemaError(msg)


def message_ids(body: bytes, source: str) -> set[int]:
    """The integer ids of the messages of a messages body."""
    try:
        payload: list[Any] = [m.id for m in _HISTORY.decode(body).payload]
    except msgspec.DecodeError:
        doc = orjson.loads(body)
        found = doc.get("payload") if isinstance(doc, dict) else None
        if not isinstance(found, list):
            msg = f"{source}: payload: expected a list"
            raise SchemaError(msg) from None
        payload = [m.get("id") for m in found if isinstance(m, dict)]
    return {i for i in payload if type(i) is int}


def skim_meta(body: bytes, source: str) -> dict[str, Any]:
    """The ``meta`` object of a ``{"meta", "payload"}`` body (``{}`` when absent).

    >>> skim_meta(b'{"meta": {"count": 30}, "payload": []}', "events")
    {'count': 30}
    """
    try:
        return dict(_META.decode(body).meta or {})
    except msgspec.DecodeError:
        doc = orjson.loads(body)
        meta = doc.get("meta") if isinstance(doc, dict) else None
        return dict(meta) if isinstance(meta, dict) else {}


def array_length(body: bytes, source: str) -> int:
    """The number of elements of a bare-array body (its elements are not parsed).

    >>> array_length(b'[{"id": 1}, {"id": 2}]', "csat")
    2
    >>> array_length(b'{"payload": []}', "csat_survey_responses/page-1.json.gz")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: csat_survey_responses/page-1.json.gz: body: expected a list
    """
    try:
        return len(_ARRAY.decode(body))
    except msgspec.DecodeError:
        doc = orjson.loads(body)
        if not isinstance(doc, list):
            msg = f"{source}: body: expected a list"
            raise SchemaError(msg) from None
        return len(doc)
