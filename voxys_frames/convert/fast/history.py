"""Messages-endpoint bodies (bytes) to message frames through the Structs, or None.

:func:`fast_histories` decodes bodies with
:mod:`~voxys_frames.convert.fast.structs` and convert them with
:func:`~voxys_frames.convert.fast.messages.message_parts`. They return None whenever
that path cannot vouch for giving exactly what the validated path gives (an undeclared
key of an attachment, a type outside a field's union, a malformed body, a value a typed reader refuses,
anything unexpected): :func:`voxys_frames.convert.batch.convert` then converts the same
bodies with the validated path, which keeps the ``extra`` column and names the
offending field.

Examples
--------
>>> body = b'{"meta": {"labels": []}, "payload": [{"id": 5, "conversation_id": 2, "created_at": 1}]}'
>>> decoded = fast_histories([body], [2], account_id=1)
>>> decoded.parts.frame.select("account_id", "id", "conversation_id").row(0), decoded.metas
((1, 5, 2), [{'labels': []}])
>>> fast_histories([b'{"payload": [{"id": 5, "attachments": [{"fork_key": 1}]}]}'], [None], account_id=1) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

from voxys_frames.convert.entities import MessageParts
from voxys_frames.convert.extract import JsonObject
from voxys_frames.convert.fast.messages import message_parts
from voxys_frames.convert.fast.rawjson import NotExact, object_or_none
from voxys_frames.convert.fast.structs import History, decode_histories

__all__ = ["DecodedHistories", "fast_histories"]

Bytes = bytes | bytearray | memoryview
ResultT = TypeVar("ResultT")


class DecodedHistories(NamedTuple):
    """The frames of the messages of some bodies, and each body's meta and message count."""

    parts: MessageParts
    metas: list[JsonObject]
    counts: list[int]


def fast_histories(
    bodies: Sequence[Bytes], conversation_ids: Sequence[int | None], *, account_id: int | None
) -> DecodedHistories | None:
    """Bodies of the given conversations, every message carrying its own, or None.

    Where a body's conversation is given, each of its messages must say it belongs to it.
    """
    return exactly(_histories, bodies, conversation_ids, account_id)


def exactly(convert: Callable[..., ResultT], *args: Any) -> ResultT | None:
    """``convert(*args)``, or None when it raises anything at all (then the caller falls back)."""
    try:
        return convert(*args)
    except Exception:  # any surprise means: let the validated path decide
        return None


def _histories(
    bodies: Sequence[Bytes], conversation_ids: Sequence[int | None], account_id: int | None
) -> DecodedHistories:
    histories = decode_histories(bodies)
    for history, conversation_id in zip(histories, conversation_ids, strict=True):
        for message in history.payload:
            if conversation_id is not None and message.conversation_id != conversation_id:
                msg = f"a message of conversation {message.conversation_id} in {conversation_id}"
                raise NotExact(msg)
    messages = [message for history in histories for message in history.payload]
    parts = message_parts(messages, shape="messages_endpoint", account_id=account_id)
    return DecodedHistories(
        parts, [_meta(h) for h in histories], [len(h.payload) for h in histories]
    )


def _meta(history: History) -> JsonObject:
    meta = object_or_none(history.meta)
    return {} if meta is None else dict(meta)
