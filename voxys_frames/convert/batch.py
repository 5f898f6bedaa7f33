"""The one route from response bodies to the declared tables: many bodies, converted together.

Every conversion goes through :func:`convert`: the crawl's batches, ``import-raw``, the
client's frame helpers and the page functions of :mod:`voxys_frames.convert.pages` (a
single page is a batch of one). Bodies are grouped by endpoint; the payloads of one
group become one set of rows, each row still named by its body and position
(``conversations/page-3.json.gz: data.payload[4]``), so a bad value raises the one-line
:class:`~voxys_frames.exceptions.SchemaError` naming the body and the field path.

Before anything else each body goes through the secret rules
(:mod:`voxys_frames.convert.secrets`). A body still in bytes is parsed once, here:
messages bodies by the typed decoder of :mod:`voxys_frames.convert.fast` (bodies it
cannot vouch for are parsed as JSON and converted by the validated readers of
:mod:`voxys_frames.convert.entities`, which keep undeclared keys in ``extra``), the
others as JSON. Only what belongs to one body (its ``pages`` row, the contact and
assignee of a messages ``meta``) is read per body.

The result is not de-duplicated: the builder and the snapshot writer apply the rule of
:mod:`voxys_frames.tables.dedupe` over everything read.

Examples
--------
>>> history = {"meta": {"labels": []}, "payload": [
...     {"id": 5, "conversation_id": 2, "content": "hi", "message_type": 0, "created_at": 1}]}
>>> done = convert([Body("messages", "messages/2/page-1.json.gz", history, 2)], account_id=1)
>>> done.tables["messages"].select("conversation_id", "id", "content").row(0)
(2, 5, 'hi')
>>> done.tables["pages"].select("source", "rows").row(0), done.metas
(('messages/2/page-1.json.gz', 1), [{'labels': []}])
>>> convert([Body("conversations", "page 3", {"payload": []})], account_id=1)
Traceback (most recent call last):
...
voxys_frames.exceptions.SchemaError: page 3: data: expected an object, got None
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import polars as pl

from voxys_frames.convert import entities
from voxys_frames.convert.bodies import Body
from voxys_frames.convert.extract import (
    JsonObject,
    Rows,
    concat_rows,
    convert_distinct,
    fail,
    ints,
    json_texts,
    objects,
    paused_gc,
)
from voxys_frames.convert.fast import fast_histories
from voxys_frames.convert.jsontext import load_body
from voxys_frames.tables.frames import labels_of
from voxys_frames.tables.schema import TABLES, conform

__all__ = ["CALLS", "Converted", "convert"]

_PAGE_IDENTITY: Final = frozenset({"source", "endpoint", "account_id", "conversation_id", "rows"})
_COUNTS: Final = tuple(
    name for name in TABLES["pages"].names if name not in _PAGE_IDENTITY | {"meta", "extra"}
)
_MESSAGES_META_ROWS: Final = frozenset({"contact", "assignee"})
_BYTES: Final = (bytes, bytearray, memoryview)

CALLS: dict[str, int] = {"convert": 0, "bodies": 0, "fast_messages": 0}
"""How often the route ran, how many bodies it converted and how many messages bodies
took the typed decoder: counted, so tests can show every caller goes through here."""

Tables = dict[str, pl.DataFrame]


@dataclass
class Converted:
    """The tables of some bodies (tables without rows left out), each body's meta, and
    the keys the secret rules redacted."""

    tables: Tables
    metas: list[JsonObject]
    redacted: set[str] = field(default_factory=set)


@paused_gc()
def convert(bodies: Sequence[Body], *, account_id: int | None) -> Converted:
    """The tables of ``bodies``; ``account_id`` fills rows whose body carries none."""
    CALLS["convert"] += 1
    CALLS["bodies"] += len(bodies)
    clean = [body.clean() for body in bodies]
    metas: list[JsonObject] = [{} for _ in clean]
    parts: dict[str, list[pl.DataFrame]] = {}
    groups: dict[str, list[int]] = {}
    for index, body in enumerate(clean):
        groups.setdefault(_GROUP.get(body.endpoint, body.endpoint), []).append(index)
    for group, everything in groups.items():
        for at in _slices(everything, clean):
            batch = [clean[i] for i in at]
            if group == "messages":
                tables, found = _histories(batch, account_id)
            elif group == "conversations":
                tables, found = _conversations(batch, account_id)
            else:
                tables, found = _listings(batch, account_id)
            for name, frame in tables.items():
                if frame.height:
                    parts.setdefault(name, []).append(frame)
            for i, meta in zip(at, found, strict=True):
                metas[i] = meta
    redacted = {f"{body.endpoint}: {key}" for body in clean for key in body.redacted}
    tables = {name: pl.concat(frames, how="vertical") for name, frames in parts.items()}
    return Converted(tables, metas, redacted)


_GROUP: Final = {"conversation": "conversations"}
#: Bytes of JSON converted together: the parsed objects of a slice are alive while it
#: converts, so this bounds memory however many bodies a caller hands in. A slice holds
#: at most this much, except that a short tail may join the slice before it (see
#: :func:`_slices`): no slice holds more than 1.25 times this, unless it is one body.
SLICE_BYTES: Final = 4 * 2**20


def _slices(at: list[int], bodies: Sequence[Body], *, limit: int | None = None) -> list[list[int]]:
    """``at`` cut into runs of at most ``limit`` (default :data:`SLICE_BYTES`) body bytes
    (parsed bodies count 0; a body larger than the limit is a run of its own).

    A last run of less than a quarter of the limit joins the run before it when the two
    together hold at most 1.25 times the limit: every slice has a fixed cost (frames
    built, checked, concatenated), which a short tail would pay for few rows.

    >>> bodies = [Body("teams", "b", b"x" * n) for n in (3, 3, 1)]
    >>> _slices([0, 1, 2], bodies, limit=6), _slices([0, 1, 2], bodies, limit=3)
    ([[0, 1, 2]], [[0], [1], [2]])
    """
    limit = SLICE_BYTES if limit is None else limit
    slices: list[list[int]] = [[]]
    sizes = [0]
    for index in at:
        data = bodies[index].data
        length = len(data) if isinstance(data, _BYTES) else 0
        if slices[-1] and sizes[-1] + length > limit:
            slices.append([])
            sizes.append(0)
        slices[-1].append(index)
        sizes[-1] += length
    if len(slices) > 1 and sizes[-1] * 4 < limit and (sizes[-2] + sizes[-1]) * 4 <= limit * 5:
        slices[-2].extend(slices.pop())
    return slices


# --- envelopes ---------------------------------------------------------------------------


def _document(body: Body) -> Any:
    return load_body(body.data, source=body.name)


def _holder(doc: Any, key: str | None, source: str) -> JsonObject:
    """The object holding ``payload`` (``doc`` itself, or ``doc[key]``)."""
    holder = doc
    if key is not None:
        holder = doc.get(key) if type(doc) is dict else None
    if type(holder) is not dict:
        fail(f"{source}: {key or 'body'}", "an object", holder)
    return cast(JsonObject, holder)


def _payload(holder: JsonObject, prefix: str, source: str) -> Rows:
    where = f"{source}: {prefix}payload"
    return Rows(objects(holder.get("payload"), where), lambda i: f"{where}[{i}]")


def _meta(holder: JsonObject, prefix: str, source: str) -> JsonObject:
    meta = holder.get("meta")
    if meta is None:
        return {}
    if type(meta) is not dict:
        fail(f"{source}: {prefix}meta", "an object", meta)
    return cast(JsonObject, meta)


@dataclass(frozen=True)
class Envelope:
    """A body's payload rows, its meta, and its own other keys (None when none)."""

    rows: Rows
    meta: JsonObject
    extra: JsonObject | None = None


_ENVELOPE_KEYS: Final = frozenset({"payload", "meta"})


def _undeclared(holder: JsonObject, known: frozenset[str] = _ENVELOPE_KEYS) -> JsonObject | None:
    """The keys of ``holder`` beside ``known``, or None when there are none."""
    if holder.keys() <= known:
        return None
    return {key: value for key, value in holder.items() if key not in known}


def _envelope(body: Body) -> Envelope:
    """The payload rows, meta and other keys of a body, its shape checked; errors name it.

    >>> _envelope(Body("contacts", "c", b'{"payload": [], "fork": 1}')).extra
    {'fork': 1}
    >>> _envelope(Body("conversations", "l", b'{"data": {"payload": [], "n": 2}, "v": 3}')).extra
    {'v': 3, 'data': {'n': 2}}
    """
    doc = _document(body)
    name = body.name
    if body.endpoint == "conversation":
        if type(doc) is dict and "data" in doc:  # archived by older versions, list-shaped
            return _envelope(Body("conversations", name, doc))
        if type(doc) is not dict:
            fail(f"{name}: body", "an object", doc)
        return Envelope(Rows([doc], lambda _: f"{name}: body"), {})
    if body.endpoint == "conversations":
        data = _holder(doc, "data", name)
        extra = _undeclared(doc, frozenset({"data"})) or {}
        within = _undeclared(data)
        if within:
            extra["data"] = within
        return Envelope(_payload(data, "data.", name), _meta(data, "data.", name), extra or None)
    if body.endpoint in _BARE_ARRAYS:
        return Envelope(Rows(objects(doc, f"{name}: body"), lambda i: f"{name}: [{i}]"), {})
    holder = _holder(doc, None, name)
    return Envelope(_payload(holder, "", name), _meta(holder, "", name), _undeclared(holder))


_BARE_ARRAYS: Final = frozenset(
    {"agents", "teams", "csat_survey_responses", "custom_attribute_definitions"}
)


# --- conversations -----------------------------------------------------------------------


def _conversations(
    bodies: Sequence[Body], account_id: int | None
) -> tuple[Tables, list[JsonObject]]:
    pieces = [_envelope(body) for body in bodies]
    rows = concat_rows(piece.rows for piece in pieces)
    metas = [piece.meta for piece in pieces]
    tables = conversation_tables(rows, account_id=account_id)
    accounts = [_first_account(piece.rows, account_id) for piece in pieces]
    tables["pages"] = page_rows(
        bodies,
        metas,
        [len(piece.rows) for piece in pieces],
        account_ids=accounts,
        extras=[piece.extra for piece in pieces],
    )
    return tables, metas


def _first_account(rows: Rows, account_id: int | None) -> int | None:
    if account_id is not None:
        return account_id
    for value in rows.values("account_id"):
        if type(value) is int:
            return value
    return None


def conversation_tables(rows: Rows, *, account_id: int | None) -> Tables:
    """Conversation objects to conversations, their embedded latest and last non-activity
    messages, attachments, labels, contacts (``meta.sender`` and contact senders), agents
    (assignees and senders, keyed by type and id), teams and SLA events."""
    parts = entities.conversations(rows, account_id=account_id)
    frame = parts.frame
    embedded, owners = _embedded_messages(rows)
    found = entities.messages(
        embedded, shape="list_embedded", account_id=parts.account_ids.gather(owners)
    )
    assignee_types = frame["assignee_type"].to_list()
    agents = _children(
        parts.meta,
        "assignee",
        parts.account_ids,
        lambda r, acc, at: entities.agents(
            r, types=[assignee_types[i] for i in at], account_id=acc, source_shape="assignee"
        ),
        alongside=[assignee_types],
    )
    contacts = _children(
        parts.meta,
        "sender",
        parts.account_ids,
        lambda r, acc, _: entities.contacts(r, account_id=acc, source_shape="conversation_meta"),
    )
    teams = _children(
        parts.meta, "team", parts.account_ids, lambda r, acc, _: entities.teams(r, account_id=acc)
    )
    return {
        "conversations": frame,
        "labels": labels_of(frame),
        "messages": found.frame,
        "attachments": found.attachments,
        "contacts": pl.concat([contacts, found.contacts]),
        "agents": pl.concat([agents, found.agents]),
        "teams": teams,
        "sla_events": _sla_events(rows, parts.account_ids, frame["id"]),
    }


Converter = Callable[[Rows, pl.Series, list[int]], pl.DataFrame]


def _children(
    parent: Rows,
    key: str,
    account_ids: pl.Series,
    convert_rows: Converter,
    *,
    alongside: Sequence[Sequence[object]] = (),
) -> pl.DataFrame:
    """Convert the non-empty objects at ``key`` of each parent row.

    An object repeated exactly (one assignee on many conversations) is converted once;
    ``alongside`` lists the other per-row values ``convert_rows`` uses (the account is one).
    """
    child = parent.child(key)
    at = [i for i, item in enumerate(child.items) if item]
    return convert_distinct(
        child.items,
        at,
        [account_ids.to_list(), *alongside],
        lambda kept: convert_rows(child.subset(kept), account_ids.gather(kept), kept),
    )


def _embedded_messages(rows: Rows) -> tuple[Rows, list[int]]:
    """The messages embedded in conversation rows, and the row each came from."""
    items: list[JsonObject] = []
    owners: list[int] = []
    paths: list[str] = []
    for index, item in enumerate(rows.items):
        if item.get("messages"):
            message = entities.first_message(item, rows, index)
            if message is not None:
                items.append(message)
                owners.append(index)
                paths.append("messages[0]")
        other = item.get("last_non_activity_message")
        if other is not None:
            if type(other) is not dict:
                fail(rows.at(index, "last_non_activity_message"), "an object", other)
            items.append(other)
            owners.append(index)
            paths.append("last_non_activity_message")
    return Rows(items, lambda k: rows.at(owners[k], paths[k])), owners


def _sla_events(rows: Rows, account_ids: pl.Series, ids: pl.Series) -> pl.DataFrame:
    items: list[JsonObject] = []
    owners: list[int] = []
    positions: list[int] = []
    for index, item in enumerate(rows.items):
        events = item.get("sla_events")
        if events is None:
            continue
        for position, event in enumerate(objects(events, rows.at(index, "sla_events"))):
            items.append(event)
            owners.append(index)
            positions.append(position)
    found = Rows(items, lambda k: rows.at(owners[k], f"sla_events[{positions[k]}]"))
    return entities.sla_events(
        found, account_id=account_ids.gather(owners), conversation_id=ids.gather(owners)
    )


# --- messages ----------------------------------------------------------------------------


def _histories(bodies: Sequence[Body], account_id: int | None) -> tuple[Tables, list[JsonObject]]:
    fast = None
    if account_id is not None and all(isinstance(body.data, _BYTES) for body in bodies):
        fast = fast_histories(
            [body.data for body in bodies],
            [body.conversation_id for body in bodies],
            account_id=account_id,
        )
    if fast is not None:
        CALLS["fast_messages"] += len(bodies)
        found, metas, counts = fast
        extras: list[JsonObject | None] = [None] * len(bodies)  # its bodies have no other keys
    else:
        pieces = [_envelope(body) for body in bodies]
        metas = [piece.meta for piece in pieces]
        counts = [len(piece.rows) for piece in pieces]
        extras = [piece.extra for piece in pieces]
        expected = pl.Series(
            [
                body.conversation_id
                for body, n in zip(bodies, counts, strict=True)
                for _ in range(n)
            ],
            dtype=pl.Int64,
        )
        found = entities.messages(
            concat_rows(piece.rows for piece in pieces),
            shape="messages_endpoint",
            account_id=account_id,
            conversation_id=expected,
        )
    holder = Rows(metas, lambda i: f"{bodies[i].name}: meta")
    account = pl.Series([account_id] * len(bodies), dtype=pl.Int64)
    contacts = _children(
        holder,
        "contact",
        account,
        lambda r, acc, _: entities.contacts(r, account_id=acc, source_shape="messages_meta"),
    )
    agents = _children(
        holder,
        "assignee",
        account,
        lambda r, acc, _: entities.agents(r, types="User", account_id=acc, source_shape="assignee"),
    )
    tables = {
        "messages": found.frame,
        "attachments": found.attachments,
        "contacts": pl.concat([contacts, found.contacts]),
        "agents": pl.concat([agents, found.agents]),
        "pages": page_rows(
            bodies,
            metas,
            counts,
            account_ids=[account_id] * len(bodies),
            skip=_MESSAGES_META_ROWS,
            extras=extras,
        ),
    }
    return tables, metas


# --- the account's other listings --------------------------------------------------------


def _listings(bodies: Sequence[Body], account_id: int | None) -> tuple[Tables, list[JsonObject]]:
    endpoint = bodies[0].endpoint
    pieces = [_envelope(body) for body in bodies]
    rows = concat_rows(piece.rows for piece in pieces)
    metas = [piece.meta for piece in pieces]
    name, table = _LISTINGS[endpoint]
    tables = {
        name: table(rows, account_id),
        "pages": page_rows(
            bodies,
            metas,
            [len(piece.rows) for piece in pieces],
            account_ids=[account_id] * len(bodies),
            extras=[piece.extra for piece in pieces],
        ),
    }
    if endpoint == "applied_slas":
        tables["sla_events"] = _applied_sla_events(rows, account_id)
    return tables, metas


_LISTINGS: Final[dict[str, tuple[str, Callable[[Rows, int | None], pl.DataFrame]]]] = {
    "contacts": (
        "contacts",
        lambda rows, acc: entities.contacts(rows, account_id=acc, source_shape="contacts_endpoint"),
    ),
    "agents": (
        "agents",
        lambda rows, acc: entities.agents(
            rows, types="User", account_id=acc, source_shape="agents_endpoint"
        ),
    ),
    "teams": ("teams", lambda rows, acc: entities.teams(rows, account_id=acc)),
    "inboxes": ("inboxes", lambda rows, acc: entities.inboxes(rows, account_id=acc)),
    "labels": ("account_labels", lambda rows, acc: entities.account_labels(rows, account_id=acc)),
    "reporting_events": (
        "reporting_events",
        lambda rows, acc: entities.reporting_events(rows, account_id=acc),
    ),
    "csat_survey_responses": (
        "csat_responses",
        lambda rows, acc: entities.csat_responses(rows, account_id=acc),
    ),
    "custom_attribute_definitions": (
        "custom_attribute_definitions",
        lambda rows, acc: entities.custom_attribute_definitions(rows, account_id=acc),
    ),
    "applied_slas": ("applied_slas", lambda rows, acc: entities.applied_slas(rows, account_id=acc)),
}


def _applied_sla_events(rows: Rows, account_id: int | None) -> pl.DataFrame:
    """The ``sla_events`` of applied-SLA entries, tied to ``conversation.id`` (a display id)."""
    conversation_ids = ints(rows.child("conversation"), "id")
    account_ids = pl.Series([account_id] * len(rows), dtype=pl.Int64)
    return _sla_events(rows, account_ids, conversation_ids)


# --- pages -------------------------------------------------------------------------------


def page_rows(
    bodies: Sequence[Body],
    metas: Sequence[JsonObject],
    counts: Sequence[int],
    *,
    account_ids: Sequence[int | None],
    skip: frozenset[str] = frozenset(),
    extras: Sequence[JsonObject | None] | None = None,
) -> pl.DataFrame:
    """One ``pages`` row per body: its name, row count, meta counts, the rest of meta and
    (``extras``) the body's own other keys."""
    where = Rows(list(metas), lambda i: f"{bodies[i].name}: meta")
    columns: dict[str, Any] = {
        "source": [body.name for body in bodies],
        "endpoint": [_GROUP.get(body.endpoint, body.endpoint) for body in bodies],
        "account_id": pl.Series(list(account_ids), dtype=pl.Int64),
        "conversation_id": pl.Series(
            [b.conversation_id if b.endpoint == "messages" else None for b in bodies],
            dtype=pl.Int64,
        ),
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
    bodies_at = Rows([{} for _ in bodies], lambda i: f"{bodies[i].name}: body")
    columns["extra"] = json_texts(bodies_at, "extra", list(extras or [None] * len(bodies)))
    return conform(pl.DataFrame(columns), "pages")


def _count(value: object) -> object:
    """A meta count; contacts send ``current_page`` as a string of ASCII digits (any other
    text stays text, for the reader of the column to refuse).

    >>> _count("2"), _count(3), _count("\u00b2") == "\u00b2", _count("\u0661") == "\u0661"
    (2, 3, True, True)
    """
    if type(value) is str and value.isascii() and value.isdigit():
        return int(value)
    return value
