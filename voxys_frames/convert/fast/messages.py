"""Message Structs to the messages table (with attachments and senders), column by column.

The same columns, dtypes and rows as :func:`voxys_frames.convert.entities.messages` gives for
the same objects, built from attribute reads over the structs of
:mod:`~voxys_frames.convert.fast.structs` instead of dict lookups, with the same typed
readers of :mod:`voxys_frames.convert.extract` (so the same checks), and with each free-form
object parsed once per distinct text (:class:`~voxys_frames.convert.fast.rawjson.RawObjects`).
Keys the struct type does not declare give null columns without being read; keys
no table declares, learned by the decoder, go to ``extra``. Nothing
here names a bad value: any check that fails raises, and the caller converts the batch
with the validated path, which does.

Examples
--------
>>> from voxys_frames.convert.fast.structs import decode_histories
>>> (body,) = decode_histories([b'''{"payload": [{"id": 5, "conversation_id": 2,
...   "message_type": 1, "created_at": 1740820530, "sender": {"id": 3, "name": "Bo", "type": "user"}}]}'''])
>>> parts = message_parts(body.payload, shape="messages_endpoint", account_id=1)
>>> parts.frame.select("id", "message_type", "sender_type", "sender_id", "sender").row(0)
(5, 'outgoing', 'User', 3, '{"id":3,"name":"Bo","type":"user"}')
>>> parts.agents.select("type", "id", "name").row(0)
('User', 3, 'Bo')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import attrgetter
from typing import Any, Final

import orjson
import polars as pl

from voxys_frames.convert.entities import MessageParts, class_name, message_types, senders
from voxys_frames.convert.extract import JsonObject, Rows, bools, ints, required, strings, times
from voxys_frames.convert.fast.attachments import attachment_table
from voxys_frames.convert.fast.rawjson import NotExact, RawObjects
from voxys_frames.convert.fast.structs import Attachment, EndpointMessage, undeclared_keys
from voxys_frames.convert.jsontext import CANONICAL
from voxys_frames.tables.schema import SOURCE_SHAPE, TABLES, empty_frame

__all__ = ["message_parts"]

_EMPTY: Final[JsonObject] = {}
_NOWHERE: Final = Rows([], lambda i: f"message {i}")
"""Rows for the typed readers' error messages: never shown, a failure means fallback."""
_COLUMNS: Final = TABLES["messages"].names
_PARTS: Final = ("messages", "attachments", "contacts", "agents")
_STRINGS: Final = ("content_type", "content", "status", "source_id", "processed_message_content")
_OBJECTS: Final = ("additional_attributes", "external_source_ids", "sentiment", "conversation")
_CHUNK: Final = 256
"""Undeclared values parsed in one call (see :func:`_canonical_members`)."""


class _Columns:
    """The values of each field of some structs of one type, None where not declared."""

    def __init__(self, messages: Sequence[EndpointMessage]) -> None:
        self.messages = messages
        self.declared = frozenset(type(messages[0]).__struct_fields__)
        self.height = len(messages)

    def __call__(self, key: str) -> list[Any]:
        if key not in self.declared:
            return [None] * self.height
        return list(map(attrgetter(key), self.messages))


def message_parts(
    messages: Sequence[EndpointMessage],
    *,
    shape: str,
    account_id: int | pl.Series | None = None,
    conversation_id: int | None = None,
) -> MessageParts:
    """Messages (all of one struct type) to frames, as :func:`voxys_frames.convert.entities.messages`.

    Raises (SchemaError, :class:`~voxys_frames.convert.fast.rawjson.NotExact`, polars or
    type errors) where that function would raise, or could give something else.
    """
    if not messages:
        return MessageParts(*(empty_frame(name) for name in _PARTS))
    values = _Columns(messages)
    raw = RawObjects()
    height = values.height
    sender = _Senders(raw, values("sender"), values("sender_type"))
    content_keys = raw.keys(values("content_attributes"))
    account_ids = ints(_NOWHERE, "account_id", values("account_id"))
    if account_id is not None:
        account_ids = account_ids.fill_null(account_id)
    conversation_ids = _conversation_ids(values("conversation_id"), conversation_id)
    owners, attachments = _attachments(values("attachments"))
    ids = values("id")
    columns = {
        "account_id": account_ids,
        "id": required(ints(_NOWHERE, "id", ids), _NOWHERE, "id"),
        "conversation_id": conversation_ids,
        "inbox_id": ints(_NOWHERE, "inbox_id", values("inbox_id")),
        "message_type": message_types(_NOWHERE, values("message_type")),
        "private": bools(_NOWHERE, "private", values("private")),
        "created_at": times(_NOWHERE, "created_at", values("created_at")),
        "updated_at": times(_NOWHERE, "updated_at", values("updated_at"), encoding="iso"),
        "sender_type": strings(_NOWHERE, "sender_type", sender.types),
        "sender_id": ints(_NOWHERE, "sender_id", values("sender_id")).fill_null(
            ints(_NOWHERE, "id", sender.ids)
        ),
        "sender_name": strings(_NOWHERE, "sender_name", sender.names),
        "sender": _texts("sender", sender.texts),
        "content_attributes": _texts("content_attributes", raw.texts(content_keys)),
        "deleted": pl.Series("deleted", raw.derived(content_keys, _deleted), dtype=pl.Boolean),
        "attachment_count": _counts(owners, height),
        "source_shape": pl.Series("source_shape", [shape] * height, dtype=SOURCE_SHAPE),
        "extra": _extra(messages),
    }
    for key in _STRINGS:
        columns[key] = strings(_NOWHERE, key, values(key))
    for key in _OBJECTS:
        found = values(key)
        columns[key] = _texts(key, found if key not in values.declared else raw.texts_of(found))
    frame = pl.DataFrame({name: columns[name] for name in _COLUMNS})
    contacts, agents = senders(
        Rows(sender.items, _NOWHERE.locate), sender.types, account_ids, identity=sender.keys
    )
    files = attachment_table(attachments, owners, ids, account_ids, conversation_ids)
    return MessageParts(frame, files, contacts, agents)


class _Senders:
    """The sender of each message: its object, canonical text, class name, id and name."""

    def __init__(self, raw: RawObjects, senders: list[Any], declared_types: list[Any]) -> None:
        self.keys = keys = raw.keys(senders)
        self.items: list[JsonObject] = raw.derived(keys, _item)
        self.texts = raw.texts(keys)
        tags = raw.derived(keys, _class_name)
        self.ids = raw.derived(keys, _id)
        self.names = raw.derived(keys, _name)
        self.types: list[str | None] = (
            tags
            if declared_types.count(None) == len(declared_types)
            else [d if d is not None else t for d, t in zip(declared_types, tags, strict=True)]
        )


def _item(found: JsonObject | None) -> JsonObject:
    return found or _EMPTY


def _class_name(found: JsonObject | None) -> str | None:
    return class_name(found.get("type")) if found else None


def _id(found: JsonObject | None) -> Any:
    return found.get("id") if found else None


def _name(found: JsonObject | None) -> Any:
    return found.get("name") if found else None


def _deleted(content_attributes: JsonObject | None) -> bool:
    return content_attributes is not None and content_attributes.get("deleted") is True


def _attachments(lists: list[list[Attachment | None] | None]) -> tuple[list[int], list[Attachment]]:
    """The attachments of all messages and the message of each; null elements dropped (A8)."""
    owners = [i for i, found in enumerate(lists) if found for a in found if a is not None]
    return owners, [a for found in lists if found for a in found if a is not None]


def _counts(owners: list[int], height: int) -> pl.Series:
    counts = [0] * height
    for owner in owners:
        counts[owner] += 1
    return pl.Series("attachment_count", counts, dtype=pl.Int64)


def _extra(messages: Sequence[EndpointMessage]) -> pl.Series:
    """The ``extra`` column: each message's undeclared keys as canonical JSON, as the
    validated path writes it (a key present with ``null`` is kept; absent is left out).

    Canonical JSON of an object is its keys in sorted order, each with its value's
    canonical text: the undeclared keys come sorted (see
    :func:`~voxys_frames.convert.fast.structs.undeclared_keys`), and each value is
    written as :func:`_canonical_members` gives it.
    """
    names = undeclared_keys(type(messages[0]))
    if not names:
        return pl.Series("extra", [None] * len(messages), dtype=pl.String)
    columns = [_canonical_members(messages, name, key) for name, key in names.items()]
    # .decode() is also the UTF-8 check: members are used as received (msgspec does not
    # validate UTF-8 inside raw values), so invalid text raises here and the batch
    # steps aside to the validated path, which reports it
    if all(map(all, columns)):  # every message has every key: one format per message
        template = b"{" + b",".join([b"%b"] * len(columns)) + b"}"
        texts: list[str | None] = [(template % row).decode() for row in zip(*columns, strict=True)]
    else:
        texts = [
            (b"{" + b",".join(found) + b"}").decode() if found else None
            for found in (
                [member for member in row if member] for row in zip(*columns, strict=True)
            )
        ]
    return pl.Series("extra", texts, dtype=pl.String)


_SCALAR: Final = rb'(?:-?[1-9][0-9]{0,17}|0|"[^"\\\x00-\x1f]*"|true|false|null)'
_CANONICAL_SCALARS: Final = re.compile(_SCALAR + rb"(?:\n" + _SCALAR + rb")*")
"""Scalars, one per line, each already written as canonical JSON writes it: integers
of at most 18 digits (parsed as 64-bit integers whatever their sign) without a sign on
zero, and strings without a backslash."""


def _canonical_members(messages: Sequence[EndpointMessage], name: str, key: str) -> list[bytes]:
    """``"key":value`` of each message in canonical JSON, empty bytes where it is absent.

    The raw values are taken ``_CHUNK`` at a time. A chunk of scalars already in
    canonical form (one regular-expression match over the chunk) is used as received;
    any other chunk is parsed as one JSON array and each value written back with sorted
    keys, so the parsed containers die young instead of piling up for the garbage
    collector. Each member is a new ``bytes``: :func:`orjson.dumps` output kept alive
    costs an order of magnitude more to allocate (it is sized for 1 KiB, then shrunk).
    """
    label = orjson.dumps(key) + b":"
    raws = list(map(attrgetter(name), messages))
    members: list[bytes] = []
    for start in range(0, len(raws), _CHUNK):
        chunk = raws[start : start + _CHUNK]
        present = [raw for raw in chunk if raw]
        if _CANONICAL_SCALARS.fullmatch(b"\n".join(present)):
            members.extend([label + raw if raw else b"" for raw in chunk])
            continue
        values = iter(orjson.loads(b"[" + b",".join(present) + b"]"))
        members.extend(
            label + orjson.dumps(next(values), option=CANONICAL) if raw else b"" for raw in chunk
        )
    return members


def _texts(name: str, texts: list[str | None]) -> pl.Series:
    return pl.Series(name, texts, dtype=pl.String)


def _conversation_ids(own_values: list[Any], conversation_id: int | None) -> pl.Series:
    own = ints(_NOWHERE, "conversation_id", own_values)
    if conversation_id is None:
        return own
    if (own.ne_missing(conversation_id) & own.is_not_null()).any():
        msg = f"a message of another conversation than {conversation_id}"
        raise NotExact(msg)
    return own.fill_null(conversation_id)
