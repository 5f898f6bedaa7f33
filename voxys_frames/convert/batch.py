"""Many response bodies to frames in one go.

Converting a body costs a fixed few milliseconds whatever its size (a frame per table,
per body), which would cap a crawl at a few hundred histories a second. Here the
payloads of many list pages (or many message histories) are converted together, and
only what belongs to one body (its ``pages`` row, the contact and assignee of a
messages ``meta``) is kept per body. The rows are the same as converting the bodies
one by one; when a batch holds a body of the wrong shape, the bodies are converted one
by one after all, so the error names the body and the field.

A body's data may still be bytes: messages bodies then take the typed fast path of
:mod:`voxys_frames.convert.fast` (the batch falls back whole to the validated path when
one body does not fit it), and other bodies are parsed first.

Examples
--------
>>> from voxys_frames.convert.bodies import Body
>>> history = {"meta": {"labels": []}, "payload": [
...     {"id": 5, "conversation_id": 2, "content": "hi", "message_type": 0, "created_at": 1}]}
>>> tables = convert([Body("messages", "messages/2/page-1.json.gz", history, 2)], account_id=1)
>>> tables["messages"].select("conversation_id", "id", "content").row(0)
(2, 5, 'hi')
>>> tables["pages"].select("source", "rows").row(0)
('messages/2/page-1.json.gz', 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import polars as pl

from voxys_frames.convert import entities
from voxys_frames.convert.bodies import Body
from voxys_frames.convert.extract import JsonObject, Rows, ints, json_texts, paused_gc
from voxys_frames.convert.fast import DecodedHistories, fast_histories
from voxys_frames.convert.jsontext import load_body
from voxys_frames.convert.pages import conversations_page, history_frames, page_frames
from voxys_frames.exceptions import SchemaError
from voxys_frames.tables.schema import TABLES, conform

__all__ = ["convert"]

_PAGE_IDENTITY: Final = frozenset({"source", "endpoint", "account_id", "conversation_id", "rows"})
_COUNTS: Final = tuple(
    name for name in TABLES["pages"].names if name not in _PAGE_IDENTITY and name != "meta"
)
_MESSAGES_META_ROWS: Final = frozenset({"contact", "assignee"})
_BYTES: Final = (bytes, bytearray, memoryview)

Tables = dict[str, pl.DataFrame]


@paused_gc()
def convert(bodies: Sequence[Body], *, account_id: int) -> Tables:
    """The frames of ``bodies`` (table name -> frame; tables without rows are left out)."""
    parts: dict[str, list[pl.DataFrame]] = {}
    lists = [body for body in bodies if body.endpoint == "conversations"]
    histories = [body for body in bodies if body.endpoint == "messages"]
    others = [body for body in bodies if body.endpoint not in ("conversations", "messages")]
    for group, batch in ((lists, _lists), (histories, _histories)):
        if not group:
            continue
        try:
            _collect(parts, batch(group, account_id))
        except SchemaError:
            for body in group:
                _collect(parts, _one(body, account_id))
    for body in others:
        _collect(parts, _one(body, account_id))
    return {name: pl.concat(frames, how="vertical") for name, frames in parts.items()}


def _collect(parts: dict[str, list[pl.DataFrame]], tables: Any) -> None:
    for name, frame in tables.items():
        if frame.height:
            parts.setdefault(name, []).append(frame)


def _one(body: Body, account_id: int) -> Tables:
    page = page_frames(
        body.endpoint,
        body.data,
        account_id=account_id,
        conversation_id=body.conversation_id,
        source=body.name,
    )
    return dict(page)


def _envelope(body: Body, key: str | None) -> tuple[list[Any], JsonObject]:
    """``(payload, meta)`` of a body, or a SchemaError (then the bodies go one by one)."""
    holder = body.data.get(key) if key is not None and type(body.data) is dict else body.data
    if type(holder) is not dict:
        raise SchemaError(body.name)
    payload = holder.get("payload")
    meta = holder.get("meta") or {}
    if type(payload) is not list or type(meta) is not dict:
        raise SchemaError(body.name)
    return payload, meta


def _lists(bodies: Sequence[Body], account_id: int) -> Tables:
    bodies = [_parsed(body) for body in bodies]
    rows: list[Any] = []
    metas: list[JsonObject] = []
    counts: list[int] = []
    for body in bodies:
        payload, meta = _envelope(body, "data")
        rows.extend(payload)
        metas.append(meta)
        counts.append(len(payload))
    merged = {"data": {"meta": {}, "payload": rows}}
    tables = dict(conversations_page(merged, account_id=account_id, source="conversations"))
    tables["pages"] = page_rows(bodies, metas, counts, account_id=account_id)
    return tables


def _histories(bodies: Sequence[Body], account_id: int) -> Tables:
    fast = None
    if all(isinstance(body.data, _BYTES) for body in bodies):
        fast = fast_histories(
            [body.data for body in bodies],
            [body.conversation_id for body in bodies],
            account_id=account_id,
        )
    if fast is not None:
        found, metas, counts = fast
    else:
        found, metas, counts = _parsed_histories([_parsed(body) for body in bodies], account_id)
    page = history_frames(
        found, {}, sum(counts), account_id=account_id, conversation_id=None, source="messages"
    )
    tables = dict(page)
    holder = Rows(metas, lambda i: f"{bodies[i].name}: meta")
    contact = holder.child("contact")
    with_contact = [i for i, item in enumerate(contact.items) if item]
    assignee = holder.child("assignee")
    with_assignee = [i for i, item in enumerate(assignee.items) if item]
    tables["contacts"] = pl.concat(
        [
            entities.contacts(
                contact.subset(with_contact), account_id=account_id, source_shape="messages_meta"
            ),
            tables["contacts"],
        ]
    )
    tables["agents"] = pl.concat(
        [
            entities.agents(
                assignee.subset(with_assignee),
                types="User",
                account_id=account_id,
                source_shape="assignee",
            ),
            tables["agents"],
        ]
    )
    tables["pages"] = page_rows(
        bodies, metas, counts, account_id=account_id, skip=_MESSAGES_META_ROWS
    )
    return tables


def _parsed_histories(bodies: Sequence[Body], account_id: int) -> DecodedHistories:
    rows: list[Any] = []
    metas: list[JsonObject] = []
    counts: list[int] = []
    for body in bodies:
        payload, meta = _envelope(body, None)
        for message in payload:
            if type(message) is not dict or message.get("conversation_id") != body.conversation_id:
                raise SchemaError(body.name)
        rows.extend(payload)
        metas.append(meta)
        counts.append(len(payload))
    where = Rows(rows, lambda i: f"messages: payload[{i}]")
    found = entities.messages(where, shape="messages_endpoint", account_id=account_id)
    return DecodedHistories(found, metas, counts)


def _parsed(body: Body) -> Body:
    """``body`` with its data parsed, when it is still bytes."""
    if not isinstance(body.data, _BYTES):
        return body
    data = load_body(body.data, source=body.name)
    return Body(body.endpoint, body.name, data, body.conversation_id)


def page_rows(
    bodies: Sequence[Body],
    metas: Sequence[JsonObject],
    counts: Sequence[int],
    *,
    account_id: int,
    skip: frozenset[str] = frozenset(),
) -> pl.DataFrame:
    """One ``pages`` row per body: its name, row count, meta counts and the rest of meta."""
    where = Rows(list(metas), lambda i: f"{bodies[i].name}: meta")
    columns: dict[str, Any] = {
        "source": [body.name for body in bodies],
        "endpoint": [body.endpoint for body in bodies],
        "account_id": pl.Series([account_id] * len(bodies), dtype=pl.Int64),
        "conversation_id": pl.Series([b.conversation_id for b in bodies], dtype=pl.Int64),
        "rows": pl.Series(list(counts), dtype=pl.Int64),
    }
    for key in _COUNTS:
        values = [_count(meta.get(key)) for meta in metas]
        columns[key] = ints(where, key, values)
    rest = [
        {k: v for k, v in meta.items() if k not in _COUNTS and k not in skip} or None
        for meta in metas
    ]
    columns["meta"] = json_texts(where, "meta", rest)
    return conform(pl.DataFrame(columns), "pages")


def _count(value: object) -> object:
    return int(value) if type(value) is str and value.isdigit() else value
