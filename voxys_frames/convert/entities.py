"""One converter per JSON shape: a list of API objects becomes a frame of a declared table.

The written rule, shared by every converter (:func:`read_table`):

* a declared column whose name is a key of the object is read from that key, with the
  column's dtype, and validated (a wrong type raises SchemaError naming the field);
* the other columns are derived by the converter (``contact_id`` from
  ``meta.sender.id``, ``sender_type`` from ``sender.type``...);
* an absent key is a null, never a reason to drop the column;
* the keys nobody declared go, as one JSON object, into ``extra``.

Child objects found inside (senders, attachments, assignees, teams, SLA events) are
returned as :class:`~voxys_frames.convert.extract.Rows` so the caller converts them with the
converter of their own table.

Examples
--------
>>> from voxys_frames.convert.extract import Rows
>>> rows = Rows([{"id": 3, "name": "Billing", "fork_key": 1}], lambda i: f"teams[{i}]")
>>> teams(rows, account_id=1).select("id", "name", "extra").row(0)
(3, 'Billing', '{"fork_key":1}')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from voxys_frames.convert.extract import (
    INT_OR_NULL,
    OBJECT_OR_NULL,
    STRING_OR_NULL,
    JsonObject,
    Rows,
    bools,
    convert_distinct,
    extras,
    fail,
    floats,
    ints,
    json_texts,
    nulls,
    required,
    string_lists,
    strings,
    times,
)
from voxys_frames.tables.schema import (
    INBOX_FIELDS,
    MESSAGE_TYPE,
    MESSAGE_TYPES,
    SENDER_TYPES,
    TABLES,
    empty_frame,
)
from voxys_frames.tables.timestamps import ZERO_MEANS_NULL, TimeEncoding

Given = Mapping[str, "pl.Series | Any"]

_CONVERSATION_META: Final = frozenset(
    {"sender", "channel", "assignee", "assignee_type", "team", "hmac_verified"}
)
_CODES: Final = dict(enumerate(MESSAGE_TYPES))
_EMPTY_TABLES: Final = {name: empty_frame(name) for name in TABLES}


def read_table(
    rows: Rows,
    name: str,
    *,
    given: Given | None = None,
    known: frozenset[str] = frozenset(),
    encodings: Mapping[str, TimeEncoding] | None = None,
    zero_is_null: frozenset[str] = frozenset(),
    nested_extra: Mapping[str, list[JsonObject | None]] | None = None,
) -> pl.DataFrame:
    """Read table ``name`` from ``rows`` following the written rule above.

    ``given`` holds derived columns (a series, a list of values or one scalar for all
    rows); ``known`` lists keys read by the caller, so they stay out of ``extra``;
    ``encodings`` gives the documented encoding of timestamp columns (default int);
    ``nested_extra`` adds the unknown keys of a nested object under its key in ``extra``.
    """
    if not rows.items:
        return _EMPTY_TABLES[name].clone()
    rows.read_all()
    given = given or {}
    encodings = encodings or {}
    declared = TABLES[name]
    direct = frozenset(c.name for c in declared.columns if c.name not in given) - {"extra"}
    present = rows.keys()
    columns: dict[str, pl.Series] = {}
    for column in declared.columns:
        if column.name in given:
            columns[column.name] = _given(given[column.name], column.name, column.dtype, len(rows))
        elif column.name == "extra":
            columns["extra"] = json_texts(rows, "extra", _extra(rows, direct | known, nested_extra))
        elif column.name not in present:
            columns[column.name] = nulls(column.name, column.dtype, len(rows))
        elif column.json:
            columns[column.name] = json_texts(rows, column.name)
        else:
            columns[column.name] = _read(rows, column.name, column.dtype, encodings, zero_is_null)
    for key in declared.key:
        required(columns[key], rows, key)
    return pl.DataFrame(columns)


def _extra(
    rows: Rows,
    known: frozenset[str],
    nested: Mapping[str, list[JsonObject | None]] | None,
) -> list[JsonObject | None]:
    found = extras(rows, known)
    for key, values in (nested or {}).items():
        if not any(values):
            continue
        for index, value in enumerate(values):
            if value is not None:
                found[index] = {**(found[index] or {}), key: value}
    return found


def _given(value: Any, name: str, dtype: pl.DataType, height: int) -> pl.Series:
    if isinstance(value, pl.Series):
        return value.cast(dtype).rename(name)
    if isinstance(value, list):
        return pl.Series(name, value, dtype=dtype, strict=False)
    return pl.Series(name, [value] * height, dtype=dtype, strict=False)


def _read(
    rows: Rows,
    key: str,
    dtype: pl.DataType,
    encodings: Mapping[str, TimeEncoding],
    zero_is_null: frozenset[str],
) -> pl.Series:
    if dtype == pl.Int64:
        return ints(rows, key)
    if dtype == pl.String:
        return strings(rows, key)
    if dtype == pl.Boolean:
        return bools(rows, key)
    if dtype == pl.Float64:
        return floats(rows, key)
    if dtype == pl.List(pl.String):
        return string_lists(rows, key)
    if isinstance(dtype, pl.Datetime):
        return times(
            rows, key, encoding=encodings.get(key, "int"), zero_is_null=key in zero_is_null
        )
    msg = f"no reader for {key}: {dtype}"
    raise TypeError(msg)


def _account_ids(rows: Rows, account_id: int | pl.Series | None) -> pl.Series:
    """``account_id`` of each row, filled from the request's account when absent."""
    own = ints(rows, "account_id")
    if account_id is None:
        return own
    return own.fill_null(account_id)


# --- conversations ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConversationParts:
    """A conversation frame plus the child objects found in its rows."""

    frame: pl.DataFrame
    meta: Rows
    account_ids: pl.Series


def conversations(rows: Rows, *, account_id: int | None = None) -> ConversationParts:
    """Conversation objects (list, show, filter shape) to the conversations table."""
    meta = rows.read_all().child("meta")
    sender, assignee, team = meta.child("sender"), meta.child("assignee"), meta.child("team")
    applied = rows.child("applied_sla")
    latest = [first_message(item, rows, i) for i, item in enumerate(rows.items)]
    non_activity = rows.child("last_non_activity_message")
    embedded_assignee = [
        (m.get("conversation") or {}).get("assignee_id") if m else None for m in latest
    ]
    assignee_ids = ints(meta, "assignee.id", [a.get("id") for a in assignee.items])
    assignee_ids = assignee_ids.fill_null(
        ints(rows, "messages[0].conversation.assignee_id", embedded_assignee)
    )
    account_ids = _account_ids(rows, account_id)
    frame = read_table(
        rows,
        "conversations",
        given={
            "account_id": account_ids,
            "contact_id": ints(sender, "id"),
            "assignee_id": assignee_ids,
            "assignee_type": [
                _assignee_type(meta.items[i], assignee.items[i], embedded_assignee[i])
                for i in range(len(rows))
            ],
            "team_id": ints(team, "id"),
            "channel": strings(meta, "channel"),
            "hmac_verified": bools(meta, "hmac_verified"),
            "applied_sla_id": ints(applied, "id"),
            "sla_status": strings(applied, "sla_status"),
            "applied_sla": json_texts(rows, "applied_sla", [a or None for a in applied.items]),
            "last_message_id": ints(
                rows, "messages[0].id", [m.get("id") if m else None for m in latest]
            ),
            "last_non_activity_message_id": ints(non_activity, "id"),
        },
        known=_CONVERSATION_KNOWN,
        nested_extra={"meta": extras(meta, _CONVERSATION_META)},
        encodings={"updated_at": "float", "snoozed_until": "iso"},
        zero_is_null=ZERO_MEANS_NULL,
    )
    return ConversationParts(frame, meta, account_ids)


_CONVERSATION_KNOWN: Final = frozenset(
    {"account_id", "applied_sla", "meta", "messages", "last_non_activity_message", "sla_events"}
)


def first_message(item: JsonObject, rows: Rows, index: int) -> JsonObject | None:
    """The one element of a conversation's ``messages`` list, or None when empty."""
    messages = item.get("messages")
    if messages is None or messages == []:
        return None
    if type(messages) is not list or type(messages[0]) is not dict:
        fail(rows.at(index, "messages"), "a list of at most one message object", messages)
    return messages[0]


def _assignee_type(meta: JsonObject, assignee: JsonObject, embedded: object) -> str | None:
    """``meta.assignee_type``; on builds without it, guessed from the assignee's shape."""
    declared = meta.get("assignee_type")
    if declared is not None:
        return str(declared)
    if assignee:
        return "AgentBot" if "bot_type" in assignee or "outgoing_url" in assignee else "User"
    return "User" if embedded is not None else None


# --- messages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageParts:
    """A messages frame plus the attachments and senders found in its rows."""

    frame: pl.DataFrame
    attachments: pl.DataFrame
    contacts: pl.DataFrame
    agents: pl.DataFrame


_MESSAGE_KNOWN: Final = frozenset(
    {"account_id", "conversation_id", "message_type", "sender_type", "sender_id", "attachments"}
)


def messages(
    rows: Rows,
    *,
    shape: str,
    account_id: int | pl.Series | None = None,
    conversation_id: int | pl.Series | None = None,
) -> MessageParts:
    """Message objects of either shape to the messages table, with attachments and senders.

    ``shape`` is ``"messages_endpoint"`` or ``"list_embedded"``; ``conversation_id``
    fills the rows without one and must match the rows that have one.
    """
    sender = rows.read_all().child("sender")
    tags = sender.values("type")
    if not set(map(type, tags)) <= STRING_OR_NULL:
        strings(sender, "type")  # raises, naming the first sender type that is not text
    sender_types = [
        declared if declared is not None else class_name(tag)
        for declared, tag in zip(rows.values("sender_type"), tags, strict=True)
    ]
    sender_ids = ints(rows, "sender_id").fill_null(ints(sender, "id"))
    content_attributes = rows.child("content_attributes")
    account_ids = _account_ids(rows, account_id)
    conversation_ids = _conversation_ids(rows, conversation_id)
    attachment_lists = _attachment_lists(rows)
    frame = read_table(
        rows,
        "messages",
        given={
            "account_id": account_ids,
            "conversation_id": conversation_ids,
            "message_type": message_types(rows, rows.values("message_type")),
            "sender_type": strings(rows, "sender_type", sender_types),
            "sender_id": sender_ids,
            "sender_name": strings(sender, "name"),
            "deleted": [ca.get("deleted") is True for ca in content_attributes.items],
            "attachment_count": [len(a) for a in attachment_lists],
            "source_shape": shape,
        },
        known=_MESSAGE_KNOWN,
        encodings={"updated_at": "iso"},
    )
    return MessageParts(
        frame,
        attachment_frame(
            rows.at,
            attachment_lists,
            rows.values("id"),
            account_ids,
            conversation_ids,
        ),
        *senders(sender, sender_types, account_ids),
    )


def class_name(tag: object) -> str | None:
    """The class name of a sender ``type`` tag (``agent_bot`` -> ``AgentBot``), None for None.

    A tag that is not text raises TypeError: the caller names where it was.

    >>> class_name("agent_bot"), class_name("Contact"), class_name(None)
    ('AgentBot', 'Contact', None)
    """
    if tag is None:
        return None
    if type(tag) is not str:
        msg = f"a sender type must be text, got {type(tag).__name__}"
        raise TypeError(msg)
    return SENDER_TYPES.get(tag, tag)


def _conversation_ids(rows: Rows, conversation_id: int | pl.Series | None) -> pl.Series:
    """Each row's ``conversation_id``: its own, which must equal the expected one where both
    are known, else the expected one (an int for all rows, or one per row)."""
    own = ints(rows, "conversation_id")
    if conversation_id is None:
        return own
    expected = (
        conversation_id
        if isinstance(conversation_id, pl.Series)
        else pl.Series([conversation_id] * len(rows), dtype=pl.Int64)
    )
    mismatch = own.ne_missing(expected) & own.is_not_null() & expected.is_not_null()
    if mismatch.any():
        index = int(mismatch.arg_max() or 0)
        fail(rows.at(index, "conversation_id"), f"{expected[index]}", own[index])
    return own.fill_null(expected)


def message_types(rows: Rows, values: list[Any]) -> pl.Series:
    """The ``message_type`` labels of ``values`` (codes 0-3 or labels), located in ``rows``.

    >>> message_types(Rows([{}], lambda i: f"payload[{i}]"), [True])
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: payload[0].message_type: expected 0-3 or incoming/outgoing/activity/template, got True
    """
    codes = None
    if set(map(type, values)) <= INT_OR_NULL:  # polars' strict constructor takes True as 1
        try:
            codes = pl.Series(values, dtype=pl.Int64, strict=True)
        except (TypeError, OverflowError, pl.exceptions.PolarsError):
            codes = None
    if codes is not None and not ((codes < 0) | (codes > 3)).any():
        return codes.replace_strict(_CODES, return_dtype=MESSAGE_TYPE)
    labels: list[str | None] = []
    for index, value in enumerate(values):
        if value is None or value in MESSAGE_TYPES:
            labels.append(value)
        elif type(value) is int and value in _CODES:
            labels.append(_CODES[value])
        else:
            fail(
                rows.at(index, "message_type"), "0-3 or incoming/outgoing/activity/template", value
            )
    return pl.Series("message_type", labels, dtype=MESSAGE_TYPE)


def _attachment_lists(rows: Rows) -> list[list[JsonObject]]:
    """Each message's attachment objects (null elements dropped), checked in one pass."""
    values = rows.values("attachments")
    if set(map(type, values)) <= {list, type(None)}:
        elements = {type(a) for found in values if found for a in found}
        if elements <= {dict}:
            return [found or [] for found in values]
        if elements <= OBJECT_OR_NULL:  # null elements carry no data (edge case A8)
            return [[a for a in found if a is not None] if found else [] for found in values]
    return [_attachments(rows, i) for i in range(len(rows))]


def _attachments(rows: Rows, index: int) -> list[JsonObject]:
    value = rows.items[index].get("attachments")
    if value is None:
        return []
    if type(value) is not list:
        fail(rows.at(index, "attachments"), "a list", value)
    found: list[JsonObject] = []
    for position, element in enumerate(value):
        if type(element) is dict:
            found.append(element)
        elif element is not None:  # a null element carries no data (edge case A8)
            fail(rows.at(index, f"attachments[{position}]"), "an object", element)
    return found


def attachment_frame(
    locate: Callable[[int, str], str],
    lists: list[list[JsonObject]],
    message_ids: list[Any],
    account_ids: pl.Series,
    conversation_ids: pl.Series,
) -> pl.DataFrame:
    """The attachments table of messages: ``lists[i]`` are message ``i``'s attachment objects.

    ``message_ids``, ``account_ids`` and ``conversation_ids`` are the messages' own (the
    attachment's ``message_id`` and ``account_id`` keys win when present);
    ``locate(i, key)`` names key ``key`` of message ``i`` in errors.
    """
    owners = [i for i, found in enumerate(lists) for _ in found]
    positions = [p for found in lists for p in range(len(found))]
    rows = Rows(
        [a for found in lists for a in found],
        lambda k: locate(owners[k], f"attachments[{positions[k]}]"),
    )
    owner_index = pl.Series(owners, dtype=pl.Int64)
    return read_table(
        rows,
        "attachments",
        given={
            "account_id": ints(rows, "account_id").fill_null(account_ids.gather(owner_index)),
            "message_id": ints(rows, "message_id").fill_null(
                pl.Series([message_ids[i] for i in owners], dtype=pl.Int64)
            ),
            "conversation_id": conversation_ids.gather(owner_index),
        },
        known=frozenset({"account_id", "message_id"}),
    )


def senders(
    sender: Rows,
    sender_types: list[str | None],
    account_ids: pl.Series,
    *,
    identity: Sequence[object] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split message senders into contact rows and agent rows (keyed by type and id).

    A sender repeated exactly on many messages is converted once (see
    :func:`~voxys_frames.convert.extract.convert_distinct`; ``identity`` is passed on to it).
    """
    contact_at = [i for i, s in enumerate(sender.items) if s and sender_types[i] == "Contact"]
    agent_at = [i for i, s in enumerate(sender.items) if s and sender_types[i] != "Contact"]
    accounts = account_ids.to_list()
    found_contacts = convert_distinct(
        sender.items,
        contact_at,
        [accounts],
        lambda at: contacts(
            sender.subset(at),
            account_id=account_ids.gather(at),
            source_shape="message_sender",
        ),
        identity=identity,
    )
    found_agents = convert_distinct(
        sender.items,
        agent_at,
        [accounts, sender_types],
        lambda at: agents(
            sender.subset(at),
            types=[sender_types[i] for i in at],
            account_id=account_ids.gather(at),
            source_shape="message_sender",
        ),
        identity=identity,
    )
    return found_contacts, found_agents


# --- people and teams -------------------------------------------------------------------


def contacts(rows: Rows, *, account_id: int | pl.Series | None, source_shape: str) -> pl.DataFrame:
    """Contact objects (any of the four shapes) to the contacts table."""
    return read_table(
        rows,
        "contacts",
        given={
            "account_id": _account_ids(rows, account_id),
            "contact_inboxes": json_texts(rows, "contact_inboxes", array=True),
            "source_shape": source_shape,
        },
        known=frozenset({"account_id", "contact_inboxes", "type"}),
        encodings={"created_at": "int", "last_activity_at": "int"},
    )


def agents(
    rows: Rows,
    *,
    types: list[str | None] | str,
    account_id: int | pl.Series | None,
    source_shape: str,
) -> pl.DataFrame:
    """User, bot and assistant objects to the agents table; ``types`` are class names."""
    if isinstance(types, str):
        types = [types] * len(rows)
    return read_table(
        rows,
        "agents",
        given={
            "account_id": _account_ids(rows, account_id),
            "type": types,
            "source_shape": source_shape,
        },
        known=frozenset({"account_id", "type"}),
        encodings={"created_at": "iso"},
    )


def teams(rows: Rows, *, account_id: int | pl.Series | None) -> pl.DataFrame:
    """Team objects to the teams table."""
    return read_table(
        rows,
        "teams",
        given={"account_id": _account_ids(rows, account_id)},
        known=frozenset({"account_id"}),
    )


def inboxes(rows: Rows, *, account_id: int | None) -> pl.DataFrame:
    """Inbox objects to the inboxes table: allow-listed keys only, never secrets."""
    allowed = frozenset(name for name, _, _ in INBOX_FIELDS)
    omitted = [sorted(k for k in item if k not in allowed) for item in rows.items]
    return read_table(
        rows,
        "inboxes",
        given={"account_id": account_id, "omitted_keys": omitted},
    )


def account_labels(rows: Rows, *, account_id: int | None) -> pl.DataFrame:
    """Label definitions (labels endpoint) to the account_labels table."""
    return read_table(
        rows,
        "account_labels",
        given={"account_id": account_id},
        known=frozenset({"account_id"}),
    )


def sla_events(rows: Rows, *, account_id: pl.Series, conversation_id: pl.Series) -> pl.DataFrame:
    """SLA event objects to the sla_events table."""
    return read_table(
        rows,
        "sla_events",
        given={
            "account_id": _account_ids(rows, account_id),
            "conversation_id": conversation_id,
        },
        known=frozenset({"account_id", "conversation_id"}),
    )


def reporting_events(rows: Rows, *, account_id: int | None) -> pl.DataFrame:
    """Reporting events to their table; their conversation_id is a primary key."""
    return read_table(
        rows,
        "reporting_events",
        given={
            "account_id": _account_ids(rows, account_id),
            "conversation_pk": ints(rows, "conversation_id"),
        },
        known=frozenset({"account_id", "conversation_id"}),
        encodings={
            name: "iso"
            for name in ("event_start_time", "event_end_time", "created_at", "updated_at")
        },
    )


# --- CSAT, custom attributes, applied SLAs ------------------------------------------------


def csat_responses(rows: Rows, *, account_id: int | None) -> pl.DataFrame:
    """CSAT survey responses to their table; their ``conversation_id`` is the display id.

    >>> rows = Rows([{"id": 1, "rating": 5, "conversation_id": 7, "contact": {"id": 3},
    ...               "created_at": 1740820530, "fork_key": True}], lambda i: f"[{i}]")
    >>> csat_responses(rows, account_id=1).select("conversation_id", "contact_id", "extra").row(0)
    (7, 3, '{"fork_key":true}')
    """
    contact = rows.read_all().child("contact")
    agent = rows.child("assigned_agent")
    editor = rows.child("review_notes_updated_by")
    return read_table(
        rows,
        "csat_responses",
        given={
            "account_id": _account_ids(rows, account_id),
            "contact_id": ints(contact, "id"),
            "assigned_agent_id": ints(agent, "id"),
            "review_notes_updated_by_id": ints(editor, "id"),
        },
        known=frozenset({"account_id"}),
    )


def custom_attribute_definitions(rows: Rows, *, account_id: int | None) -> pl.DataFrame:
    """Custom attribute definitions to their table.

    >>> rows = Rows([{"id": 2, "attribute_key": "plan", "attribute_values": ["a", "b"],
    ...               "created_at": "2025-03-01T09:15:30.000Z"}], lambda i: f"[{i}]")
    >>> custom_attribute_definitions(rows, account_id=1).select("attribute_key", "attribute_values").row(0)
    ('plan', ['a', 'b'])
    """
    return read_table(
        rows,
        "custom_attribute_definitions",
        given={"account_id": _account_ids(rows, account_id)},
        known=frozenset({"account_id"}),
        encodings={"created_at": "iso", "updated_at": "iso"},
    )


_APPLIED_SLA_ITEM: Final = frozenset({"applied_sla", "conversation", "sla_events"})


def applied_slas(rows: Rows, *, account_id: int | None) -> pl.DataFrame:
    """Entries of ``GET /applied_slas`` (``{applied_sla, conversation, sla_events}``) to the
    applied_slas table; the SLA events are read by the caller into sla_events.

    >>> rows = Rows([{"applied_sla": {"id": 4, "sla_id": 2, "sla_status": "missed"},
    ...               "conversation": {"id": 7}, "sla_events": []}], lambda i: f"payload[{i}]")
    >>> applied_slas(rows, account_id=1).select("id", "conversation_id", "sla_policy_id").row(0)
    (4, 7, 2)
    """
    rows.read_all()
    applied = rows.child("applied_sla")
    conversation = rows.child("conversation")
    return read_table(
        applied,
        "applied_slas",
        given={
            "account_id": _account_ids(applied, account_id),
            "conversation_id": ints(conversation, "id"),
            "sla_policy_id": ints(applied, "sla_id"),
            "conversation": json_texts(rows, "conversation"),
        },
        known=frozenset({"account_id", "sla_id"}),
        nested_extra={"item": extras(rows, _APPLIED_SLA_ITEM)},
    )
