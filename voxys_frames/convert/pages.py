"""Response bodies to frames: one function per endpoint, every table in every result.

Each function takes one response body (bytes, text, or already parsed), checks that it
has the documented envelope, and returns a :class:`PageFrames`: a mapping of *every*
declared table to a frame (most of them empty), so results always have the same
tables, columns and dtypes. A body of the wrong shape raises
:class:`~voxys_frames.exceptions.SchemaError` with the page and the field path.

Examples
--------
>>> body = b'''{"data": {"meta": {"all_count": 1}, "payload": [{"id": 7, "account_id": 1,
...   "uuid": "u", "status": "open", "inbox_id": 2, "labels": ["vip"], "created_at": 1740820530,
...   "updated_at": 1740820530.5, "last_activity_at": 1740820530, "waiting_since": 0,
...   "messages": [], "meta": {"sender": {"id": 9, "name": "Ann"}, "channel": "Channel::Api"}}]}}'''
>>> page = conversations_page(body, source="page 1")
>>> page.conversations.select("id", "contact_id", "labels", "waiting_since").row(0)
(7, 9, ['vip'], None)
>>> page.labels.row(0), page.contacts["name"].to_list(), page.meta["all_count"]
((1, 7, 'vip'), ['Ann'], 1)
>>> conversations_page(b'{"payload": []}', source="page 3")
Traceback (most recent call last):
...
voxys_frames.exceptions.SchemaError: page 3: data: expected an object, got None
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final, Literal, cast

import polars as pl

from voxys_frames.convert import entities
from voxys_frames.convert.extract import (
    JsonObject,
    Rows,
    convert_distinct,
    fail,
    ints,
    json_texts,
    objects,
    paused_gc,
)
from voxys_frames.convert.fast import fast_history
from voxys_frames.convert.jsontext import load_body
from voxys_frames.tables.dedupe import deduplicate
from voxys_frames.tables.schema import TABLES, conform, empty_frame

Endpoint = Literal[
    "conversations",
    "messages",
    "contacts",
    "agents",
    "teams",
    "inboxes",
    "labels",
    "reporting_events",
]
"""The endpoints whose bodies can be converted."""

_COUNTS: Final = (
    "mine_count",
    "assigned_count",
    "unassigned_count",
    "all_count",
    "count",
    "current_page",
    "total_pages",
)


class Frames(Mapping[str, pl.DataFrame]):
    """Every declared table as a frame, by name or as an attribute.

    Missing tables are empty frames with the full schema; frames given are conformed
    to the declared columns and dtypes. ``manifest`` is set on frames loaded from a
    snapshot.

    >>> frames = Frames()
    >>> len(frames), frames.messages.height, "conversations" in frames
    (12, 0, True)
    """

    def __init__(
        self,
        tables: Mapping[str, pl.DataFrame] | None = None,
        *,
        manifest: Mapping[str, Any] | None = None,
    ) -> None:
        self.manifest: dict[str, Any] | None = dict(manifest) if manifest is not None else None
        given = dict(tables or {})
        unknown = set(given) - set(TABLES)
        if unknown:
            msg = f"unknown tables: {', '.join(sorted(unknown))}"
            raise KeyError(msg)
        self._tables = {
            name: _conformed(given[name], name) if name in given else _empty(name)
            for name in TABLES
        }

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __getattr__(self, name: str) -> pl.DataFrame:
        tables = self.__dict__.get("_tables", {})
        if name in tables:
            return tables[name]  # type: ignore[no-any-return]
        raise AttributeError(name)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={frame.height}" for name, frame in self._tables.items())
        return f"{type(self).__name__}({sizes})"

    def rows(self) -> dict[str, int]:
        """Row count of every table."""
        return {name: frame.height for name, frame in self._tables.items()}


_EMPTY: Final = {name: empty_frame(name) for name in TABLES}


def _empty(name: str) -> pl.DataFrame:
    """An empty frame of ``name`` (a copy: frames handed out are never shared)."""
    return _EMPTY[name].clone()


def _conformed(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """``frame`` conformed to table ``name``; frames already conforming are kept as they are."""
    if frame.schema == _EMPTY[name].schema:
        return frame
    return conform(frame, name)


class PageFrames(Frames):
    """The frames of one response body, with the page's ``meta`` and ``source``."""

    def __init__(
        self,
        tables: Mapping[str, pl.DataFrame],
        *,
        source: str,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(tables)
        self.source = source
        self.meta: dict[str, Any] = dict(meta or {})


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]


def labels_of(conversations: pl.DataFrame) -> pl.DataFrame:
    """The labels table of a conversations frame: one row per (conversation, label).

    >>> from voxys_frames.tables.schema import conform
    >>> frame = conform(pl.DataFrame({"account_id": [1, 1], "id": [4, 5], "labels": [["a", "b"], []]}), "conversations")
    >>> labels_of(frame).rows()
    [(1, 4, 'a'), (1, 4, 'b')]
    """
    exploded = (
        conversations.select("account_id", pl.col("id").alias("conversation_id"), "labels")
        .explode("labels")
        .drop_nulls("labels")
        .rename({"labels": "label"})
        .unique(maintain_order=True)
    )
    return conform(exploded, "labels")


def _envelope(doc: Any, key: str | None, source: str) -> JsonObject:
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


def _page_row(
    source: str,
    endpoint: str,
    meta: JsonObject,
    rows: int,
    *,
    account_id: int | None,
    conversation_id: int | None = None,
    skip: frozenset[str] = frozenset(),
) -> pl.DataFrame:
    where = Rows([meta], lambda _: f"{source}: meta")
    counts = {}
    for key in _COUNTS:
        value = meta.get(key)
        if type(value) is str and value.isdigit():  # contacts send current_page "2"
            value = int(value)
        counts[key] = ints(where, key, [value])
    rest = {k: v for k, v in meta.items() if k not in _COUNTS and k not in skip}
    frame = pl.DataFrame(
        {
            "source": [source],
            "endpoint": [endpoint],
            "account_id": pl.Series([account_id], dtype=pl.Int64),
            "conversation_id": pl.Series([conversation_id], dtype=pl.Int64),
            "rows": [rows],
            **counts,
            "meta": json_texts(where, "meta", [rest or None]),
        }
    )
    return conform(frame, "pages")


def _finish(tables: dict[str, list[pl.DataFrame]], *, source: str, meta: JsonObject) -> PageFrames:
    merged = {name: deduplicate(_concat(parts), name) for name, parts in tables.items() if parts}
    return PageFrames(merged, source=source, meta=meta)


@paused_gc()
def conversations_page(
    body: Any, *, account_id: int | None = None, source: str = "conversations page"
) -> PageFrames:
    """Convert one body of ``GET /conversations`` (``{"data": {"meta", "payload"}}``).

    Gives the conversations, their embedded latest and last non-activity messages,
    attachments, labels, contacts (``meta.sender`` and contact senders), agents
    (assignees and senders, keyed by type and id), teams, SLA events, and one row of
    ``pages`` with the meta counts.
    """
    data = _envelope(load_body(body, source=source), "data", source)
    rows = _payload(data, "data.", source)
    meta = _meta(data, "data.", source)
    parts = entities.conversations(rows, account_id=account_id)
    frame = parts.frame
    ids = frame["id"]
    tables: dict[str, list[pl.DataFrame]] = {
        "conversations": [frame],
        "labels": [labels_of(frame)],
        "pages": [
            _page_row(
                source,
                "conversations",
                meta,
                len(rows),
                account_id=account_id if account_id is not None else _first(frame["account_id"]),
            )
        ],
    }
    embedded, owners = _embedded_messages(rows)
    found = entities.messages(
        embedded, shape="list_embedded", account_id=parts.account_ids.gather(owners)
    )
    tables["messages"] = [found.frame]
    tables["attachments"] = [found.attachments]
    tables["contacts"] = [
        _children(parts.meta, "sender", parts.account_ids, entities_contacts("conversation_meta")),
        found.contacts,
    ]
    assignee_types = frame["assignee_type"].to_list()
    tables["agents"] = [
        _children(
            parts.meta,
            "assignee",
            parts.account_ids,
            lambda r, acc, at: entities.agents(
                r, types=[assignee_types[i] for i in at], account_id=acc, source_shape="assignee"
            ),
            alongside=[assignee_types],
        ),
        found.agents,
    ]
    tables["teams"] = [
        _children(
            parts.meta,
            "team",
            parts.account_ids,
            lambda r, acc, _: entities.teams(r, account_id=acc),
        )
    ]
    tables["sla_events"] = [_sla_events(rows, parts.account_ids, ids)]
    return _finish(tables, source=source, meta=meta)


def _first(series: pl.Series) -> int | None:
    return int(series[0]) if series.len() and series[0] is not None else None


Converter = Callable[[Rows, pl.Series, list[int]], pl.DataFrame]


def entities_contacts(shape: str) -> Converter:
    """A converter of contact objects found under a parent (source_shape ``shape``)."""
    return lambda rows, account, _: entities.contacts(rows, account_id=account, source_shape=shape)


def _children(
    parent: Rows,
    key: str,
    account_ids: pl.Series,
    convert: Converter,
    *,
    alongside: Sequence[Sequence[object]] = (),
) -> pl.DataFrame:
    """Convert the non-empty objects at ``key`` of each parent row.

    An object repeated exactly (one assignee on many conversations) is converted once;
    ``alongside`` lists the other per-row values ``convert`` uses (the account is one).
    """
    child = parent.child(key)
    at = [i for i, item in enumerate(child.items) if item]
    return convert_distinct(
        child.items,
        at,
        [account_ids.to_list(), *alongside],
        lambda kept: convert(child.subset(kept), account_ids.gather(kept), kept),
    )


def _embedded_messages(rows: Rows) -> tuple[Rows, list[int]]:
    """The messages embedded in conversation rows, and the row each came from."""
    items: list[JsonObject] = []
    owners: list[int] = []
    paths: list[str] = []
    for index, item in enumerate(rows.items):
        latest = item.get("messages")
        if latest:
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


@paused_gc()
def messages_page(
    body: Any,
    *,
    account_id: int | None = None,
    conversation_id: int | None = None,
    source: str = "messages page",
) -> PageFrames:
    """Convert one body of ``GET /conversations/{id}/messages`` (``{"meta", "payload"}``).

    ``account_id`` fills the rows (this shape has none); ``conversation_id``, when
    given, must match the rows. ``meta.contact`` and ``meta.assignee`` become rows of
    contacts and agents; the rest of meta is kept in ``pages.meta``. A body still in
    bytes takes the typed fast path of :mod:`voxys_frames.convert.fast` when it can.
    """
    fast = None
    if isinstance(body, bytes | bytearray | memoryview):
        fast = fast_history(body, account_id=account_id, conversation_id=conversation_id)
    if fast is not None:
        found, meta, count = fast.parts, fast.metas[0], fast.counts[0]
    else:
        doc = _envelope(load_body(body, source=source), None, source)
        rows = _payload(doc, "", source)
        meta = _meta(doc, "", source)
        found = entities.messages(
            rows, shape="messages_endpoint", account_id=account_id, conversation_id=conversation_id
        )
        count = len(rows)
    return history_frames(
        found, meta, count, account_id=account_id, conversation_id=conversation_id, source=source
    )


def history_frames(
    found: entities.MessageParts,
    meta: JsonObject,
    count: int,
    *,
    account_id: int | None,
    conversation_id: int | None,
    source: str,
) -> PageFrames:
    """The frames of a messages body whose ``count`` messages gave ``found``, with its ``meta``."""
    holder = Rows([meta], lambda _: f"{source}: meta")
    account = pl.Series([account_id], dtype=pl.Int64)
    tables = {
        "messages": [found.frame],
        "attachments": [found.attachments],
        "contacts": [
            _children(holder, "contact", account, entities_contacts("messages_meta")),
            found.contacts,
        ],
        "agents": [
            _children(
                holder,
                "assignee",
                account,
                lambda r, acc, _: entities.agents(
                    r, types="User", account_id=acc, source_shape="assignee"
                ),
            ),
            found.agents,
        ],
        "pages": [
            _page_row(
                source,
                "messages",
                meta,
                count,
                account_id=account_id,
                conversation_id=conversation_id,
                skip=frozenset({"contact", "assignee"}),
            )
        ],
    }
    return _finish(tables, source=source, meta=meta)


@paused_gc()
def _listing(
    body: Any,
    *,
    endpoint: str,
    envelope: Literal["array", "payload"],
    source: str,
    account_id: int | None,
    convert: Callable[[Rows], pl.DataFrame],
    table_name: str,
) -> PageFrames:
    doc = load_body(body, source=source)
    if envelope == "array":
        rows = Rows(objects(doc, f"{source}: body"), lambda i: f"{source}: [{i}]")
        meta: JsonObject = {}
    else:
        holder = _envelope(doc, None, source)
        rows = _payload(holder, "", source)
        meta = _meta(holder, "", source)
    tables = {
        table_name: [convert(rows)],
        "pages": [_page_row(source, endpoint, meta, len(rows), account_id=account_id)],
    }
    return _finish(tables, source=source, meta=meta)


def agents_page(body: Any, *, account_id: int | None = None, source: str = "agents") -> PageFrames:
    """Convert ``GET /agents`` (a bare array of users) into agents rows of type ``User``."""
    return _listing(
        body,
        endpoint="agents",
        envelope="array",
        source=source,
        account_id=account_id,
        table_name="agents",
        convert=lambda rows: entities.agents(
            rows, types="User", account_id=account_id, source_shape="agents_endpoint"
        ),
    )


def teams_page(body: Any, *, account_id: int | None = None, source: str = "teams") -> PageFrames:
    """Convert ``GET /teams`` (a bare array)."""
    return _listing(
        body,
        endpoint="teams",
        envelope="array",
        source=source,
        account_id=account_id,
        table_name="teams",
        convert=lambda rows: entities.teams(rows, account_id=account_id),
    )


def inboxes_page(
    body: Any, *, account_id: int | None = None, source: str = "inboxes"
) -> PageFrames:
    """Convert ``GET /inboxes`` (``{"payload"}``), keeping allow-listed keys only."""
    return _listing(
        body,
        endpoint="inboxes",
        envelope="payload",
        source=source,
        account_id=account_id,
        table_name="inboxes",
        convert=lambda rows: entities.inboxes(rows, account_id=account_id),
    )


def labels_page(body: Any, *, account_id: int | None = None, source: str = "labels") -> PageFrames:
    """Convert ``GET /labels`` (``{"payload"}``) into account_labels."""
    return _listing(
        body,
        endpoint="labels",
        envelope="payload",
        source=source,
        account_id=account_id,
        table_name="account_labels",
        convert=lambda rows: entities.account_labels(rows, account_id=account_id),
    )


def contacts_page(
    body: Any, *, account_id: int | None = None, source: str = "contacts page"
) -> PageFrames:
    """Convert ``GET /contacts`` (``{"meta", "payload"}``, with ``contact_inboxes``)."""
    return _listing(
        body,
        endpoint="contacts",
        envelope="payload",
        source=source,
        account_id=account_id,
        table_name="contacts",
        convert=lambda rows: entities.contacts(
            rows, account_id=account_id, source_shape="contacts_endpoint"
        ),
    )


def reporting_events_page(
    body: Any, *, account_id: int | None = None, source: str = "reporting events page"
) -> PageFrames:
    """Convert ``GET /reporting_events`` (``{"payload", "meta"}``).

    The events' ``conversation_id`` is the conversation's primary key, not the display
    id, so it is stored as ``conversation_pk``.
    """
    return _listing(
        body,
        endpoint="reporting_events",
        envelope="payload",
        source=source,
        account_id=account_id,
        table_name="reporting_events",
        convert=lambda rows: entities.reporting_events(rows, account_id=account_id),
    )


def page_frames(
    endpoint: Endpoint,
    body: Any,
    *,
    account_id: int | None = None,
    conversation_id: int | None = None,
    source: str | None = None,
) -> PageFrames:
    """Convert a body of ``endpoint``; dispatches to the functions above.

    >>> page_frames("teams", b'[{"id": 1, "name": "Billing"}]', account_id=1).teams.height
    1
    """
    name = source or endpoint
    if endpoint == "conversations":
        return conversations_page(body, account_id=account_id, source=name)
    if endpoint == "messages":
        return messages_page(
            body, account_id=account_id, conversation_id=conversation_id, source=name
        )
    converters: dict[str, Callable[..., PageFrames]] = {
        "contacts": contacts_page,
        "agents": agents_page,
        "teams": teams_page,
        "inboxes": inboxes_page,
        "labels": labels_page,
        "reporting_events": reporting_events_page,
    }
    if endpoint not in converters:
        msg = f"unknown endpoint {endpoint!r}"
        raise ValueError(msg)
    return converters[endpoint](body, account_id=account_id, source=name)
