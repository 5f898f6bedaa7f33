"""Messages-endpoint bodies as msgspec Structs: every documented key, nothing else.

Decoding into these types checks the shape and the scalar types in one pass in native
code, and keeps free-form objects (``content_attributes``, ``sender``, attachments...)
as :class:`msgspec.Raw` bytes, never turned into Python dicts. An undeclared key, a
type outside a field's union or a malformed body makes the decoder raise; the caller
then converts the body with the validated path, which names the field.

A :class:`Message` declares the keys the messages table reads (its declared columns
and the keys its converter reads for derived columns), so an undeclared key is exactly
a key the ``extra`` column would hold. :class:`EndpointMessage` declares only the keys
the messages endpoint sends: bodies are decoded with it first, so the columns of the
other keys are known to be null without reading them; a body with one of those keys
is decoded again with :class:`Message`.

Examples
--------
>>> bodies = [b'{"meta": {}, "payload": [{"id": 5, "created_at": 1, "sender": null}]}']
>>> message = decode_histories(bodies)[0].payload[0]
>>> type(message).__name__, message.id, bytes(message.sender), bytes(message.content_attributes)
('EndpointMessage', 5, b'null', b'')
>>> type(decode_histories([b'{"payload": [{"id": 6, "sentiment": {}}]}'])[0].payload[0]).__name__
'Message'
>>> decode_histories([b'{"payload": [{"id": 5, "attachments": [{"fork_key": 1}]}]}'])
Traceback (most recent call last):
...
msgspec.ValidationError: Object contains unknown field `fork_key` - at `$.payload[0].attachments[0]`
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import msgspec
from msgspec import Raw, Struct

__all__ = [
    "ABSENT",
    "Attachment",
    "EndpointMessage",
    "History",
    "Message",
    "Time",
    "decode_histories",
]

ABSENT: Final = Raw()
"""The value of a free-form field the object does not have (empty bytes)."""

Time = int | float | str | None
"""A timestamp as the API may send it: int or float epoch seconds, ISO text, null."""


class Attachment(Struct, forbid_unknown_fields=True, gc=False):
    """An attachment of a message (the keys the attachments table reads)."""

    id: int | None = None
    message_id: int | None = None
    account_id: int | None = None
    file_type: str | None = None
    extension: str | None = None
    data_url: str | None = None
    thumb_url: str | None = None
    file_size: int | None = None
    width: int | None = None
    height: int | None = None
    coordinates_lat: float | None = None
    coordinates_long: float | None = None
    fallback_title: str | None = None
    transcribed_text: str | None = None
    meta: Raw = ABSENT


class EndpointMessage(Struct, forbid_unknown_fields=True, gc=False):
    """A message as the messages endpoint sends it."""

    id: int | None = None
    conversation_id: int | None = None
    inbox_id: int | None = None
    message_type: int | str | None = None
    content_type: str | None = None
    content: str | None = None
    private: bool | None = None
    status: str | None = None
    created_at: Time = None
    sender: Raw = ABSENT
    source_id: str | None = None
    content_attributes: Raw = ABSENT
    attachments: list[Attachment | None] | None = None


class Message(EndpointMessage, forbid_unknown_fields=True, gc=False):
    """A message of either shape (the messages endpoint, or embedded in a list page)."""

    account_id: int | None = None
    updated_at: Time = None
    sender_type: str | None = None
    sender_id: int | None = None
    additional_attributes: Raw = ABSENT
    external_source_ids: Raw = ABSENT
    processed_message_content: str | None = None
    sentiment: Raw = ABSENT
    conversation: Raw = ABSENT


class History(Struct, forbid_unknown_fields=True, gc=False):
    """A body of ``GET /conversations/{id}/messages``: ``{"meta": {...}, "payload": [...]}``."""

    payload: list[EndpointMessage] | list[Message]
    meta: Raw = ABSENT


class _EndpointHistory(History, forbid_unknown_fields=True, gc=False):
    payload: list[EndpointMessage]


class _FullHistory(History, forbid_unknown_fields=True, gc=False):
    payload: list[Message]


_ENDPOINT: Final = msgspec.json.Decoder(_EndpointHistory)
_FULL: Final = msgspec.json.Decoder(_FullHistory)


#: Most undeclared message keys the decoder learns for one batch before it gives up.
MAX_UNDECLARED: Final = 64
_UNKNOWN: Final = re.compile(r"unknown field `(.+)` - at `\$\.payload\[\d+\]`$")
_FULL_ONLY: Final = frozenset(Message.__struct_fields__) - set(EndpointMessage.__struct_fields__)
_DECODERS: dict[tuple[type[EndpointMessage], frozenset[str]], msgspec.json.Decoder[Any]] = {
    (EndpointMessage, frozenset()): _ENDPOINT,
    (Message, frozenset()): _FULL,
}


def undeclared_keys(message_type: type[Struct]) -> dict[str, str]:
    """The undeclared keys a learned message type reads: attribute name -> JSON key, in
    the sorted order of the JSON keys (the order canonical JSON writes them in).

    >>> undeclared_keys(Message)
    {}
    """
    return dict(getattr(message_type, "__undeclared__", {}))


def _decoder(base: type[EndpointMessage], keys: frozenset[str]) -> msgspec.json.Decoder[Any]:
    """A decoder of ``base`` messages that also read ``keys`` (as raw JSON), made once."""
    if (base, keys) not in _DECODERS:
        names = {f"undeclared_{i}": key for i, key in enumerate(sorted(keys))}
        message = msgspec.defstruct(
            "ForkMessage",
            [(name, Raw, ABSENT) for name in names],
            bases=(base,),
            rename=names,
            forbid_unknown_fields=True,
            gc=False,
        )
        message.__undeclared__ = names  # type: ignore[attr-defined]
        history = msgspec.defstruct(
            "ForkHistory",
            [("payload", list[message])],  # type: ignore[valid-type]
            bases=(History,),
            forbid_unknown_fields=True,
            gc=False,
        )
        _DECODERS[base, keys] = msgspec.json.Decoder(history)
    return _DECODERS[base, keys]


def decode_histories(bodies: Sequence[bytes | bytearray | memoryview]) -> list[History]:
    """Decode messages-endpoint bodies, all with one message type; raises msgspec's errors.

    :class:`EndpointMessage` when every body fits it, else :class:`Message` for all. A
    message key neither declares (a fork's addition) is learned: the bodies are decoded
    again with a message type that also reads it as raw JSON (see
    :func:`undeclared_keys`), so undeclared keys stay on this path. A learned type
    extends :class:`EndpointMessage` unless a body has one of the keys only
    :class:`Message` declares.

    >>> (history,) = decode_histories([b'{"payload": [{"id": 5, "fork_score": {"a": 1}}]}'])
    >>> message = history.payload[0]
    >>> undeclared_keys(type(message)), bytes(message.undeclared_0)
    ({'undeclared_0': 'fork_score'}, b'{"a": 1}')
    >>> type(message).__mro__[1].__name__
    'EndpointMessage'
    """
    base: type[EndpointMessage] = EndpointMessage
    keys: frozenset[str] = frozenset()
    while True:
        try:
            decoder = _decoder(base, keys)
            return [decoder.decode(body) for body in bodies]
        except msgspec.ValidationError as error:
            found = _UNKNOWN.search(str(error))
            if found is None:
                raise
            if found.group(1) in _FULL_ONLY and base is EndpointMessage:
                base = Message
            elif found.group(1) in keys or len(keys) >= MAX_UNDECLARED:
                raise
            else:
                keys = keys | {found.group(1)}
