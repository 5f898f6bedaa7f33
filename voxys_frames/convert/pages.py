"""One response body to frames: a batch of one through :func:`voxys_frames.convert.batch.convert`.

Each function takes one response body (bytes, text, or already parsed) and returns a
:class:`~voxys_frames.tables.frames.PageFrames`: a mapping of *every* declared table to
a frame (most of them empty), de-duplicated by key, with the page's ``meta``. A body of
the wrong shape raises :class:`~voxys_frames.exceptions.SchemaError` with the page and
the field path.

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

from typing import Any

from voxys_frames.convert.batch import convert
from voxys_frames.convert.bodies import Body, Endpoint
from voxys_frames.tables.dedupe import deduplicate
from voxys_frames.tables.frames import PageFrames

__all__ = [
    "agents_page",
    "applied_slas_page",
    "contacts_page",
    "conversations_page",
    "csat_responses_page",
    "custom_attribute_definitions_page",
    "inboxes_page",
    "labels_page",
    "messages_page",
    "page_frames",
    "reporting_events_page",
    "teams_page",
]


def page_frames(
    endpoint: Endpoint,
    body: Any,
    *,
    account_id: int | None = None,
    conversation_id: int | None = None,
    source: str | None = None,
) -> PageFrames:
    """Convert one body of ``endpoint`` into every table, de-duplicated by key.

    >>> page_frames("teams", b'[{"id": 1, "name": "Billing"}]', account_id=1).teams.height
    1
    """
    if endpoint not in _ENDPOINTS:
        msg = f"unknown endpoint {endpoint!r}"
        raise ValueError(msg)
    name = source or endpoint
    done = convert([Body(endpoint, name, body, conversation_id)], account_id=account_id)
    tables = {table: deduplicate(frame, table) for table, frame in done.tables.items()}
    return PageFrames(tables, source=name, meta=done.metas[0])


_ENDPOINTS = frozenset(Endpoint.__args__)  # type: ignore[attr-defined]


def conversations_page(
    body: Any, *, account_id: int | None = None, source: str = "conversations page"
) -> PageFrames:
    """Convert one body of ``GET /conversations`` (``{"data": {"meta", "payload"}}``).

    Gives the conversations, their embedded latest and last non-activity messages,
    attachments, labels, contacts (``meta.sender`` and contact senders), agents
    (assignees and senders, keyed by type and id), teams, SLA events, and one row of
    ``pages`` with the meta counts.

    >>> conversations_page(b'{"data": {"meta": {}, "payload": []}}').rows()["conversations"]
    0
    """
    return page_frames("conversations", body, account_id=account_id, source=source)


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
    contacts and agents; the rest of meta is kept in ``pages.meta``.

    >>> page = messages_page(b'{"payload": [{"id": 5, "created_at": 1}]}', account_id=1, conversation_id=2)
    >>> page.messages.select("account_id", "conversation_id", "id").row(0)
    (1, 2, 5)
    """
    return page_frames(
        "messages", body, account_id=account_id, conversation_id=conversation_id, source=source
    )


def agents_page(body: Any, *, account_id: int | None = None, source: str = "agents") -> PageFrames:
    """Convert ``GET /agents`` (a bare array of users) into agents rows of type ``User``.

    >>> agents_page(b'[{"id": 3, "name": "Ann"}]', account_id=1).agents.select("type", "id").row(0)
    ('User', 3)
    """
    return page_frames("agents", body, account_id=account_id, source=source)


def teams_page(body: Any, *, account_id: int | None = None, source: str = "teams") -> PageFrames:
    """Convert ``GET /teams`` (a bare array).

    >>> teams_page(b'[{"id": 1, "name": "Billing"}]', account_id=1).teams["name"].to_list()
    ['Billing']
    """
    return page_frames("teams", body, account_id=account_id, source=source)


def inboxes_page(
    body: Any, *, account_id: int | None = None, source: str = "inboxes"
) -> PageFrames:
    """Convert ``GET /inboxes`` (``{"payload"}``), keeping allow-listed keys only.

    >>> page = inboxes_page(b'{"payload": [{"id": 1, "name": "Mail", "imap_password": "p"}]}', account_id=1)
    >>> page.inboxes.select("name", "omitted_keys").row(0)
    ('Mail', ['imap_password'])
    """
    return page_frames("inboxes", body, account_id=account_id, source=source)


def labels_page(body: Any, *, account_id: int | None = None, source: str = "labels") -> PageFrames:
    """Convert ``GET /labels`` (``{"payload"}``) into account_labels.

    >>> labels_page(b'{"payload": [{"id": 2, "title": "vip"}]}', account_id=1).account_labels.height
    1
    """
    return page_frames("labels", body, account_id=account_id, source=source)


def contacts_page(
    body: Any, *, account_id: int | None = None, source: str = "contacts page"
) -> PageFrames:
    """Convert ``GET /contacts`` (``{"meta", "payload"}``, with ``contact_inboxes``).

    An inbox embedded in ``contact_inboxes[].inbox`` (servers before Chatwoot PR #10888)
    keeps only the inbox allow-list's values.

    >>> body = b'{"payload": [{"id": 4, "contact_inboxes": [{"inbox": {"id": 1, "hmac_token": "s"}}]}]}'
    >>> contacts_page(body, account_id=1).contacts["contact_inboxes"].to_list()
    ['[{"inbox":{"hmac_token":null,"id":1}}]']
    """
    return page_frames("contacts", body, account_id=account_id, source=source)


def reporting_events_page(
    body: Any, *, account_id: int | None = None, source: str = "reporting events page"
) -> PageFrames:
    """Convert ``GET /reporting_events`` (``{"payload", "meta"}``).

    The events' ``conversation_id`` is the conversation's primary key, not the display
    id, so it is stored as ``conversation_pk``.

    >>> page = reporting_events_page(b'{"payload": [{"id": 1, "conversation_id": 900}]}', account_id=1)
    >>> page.reporting_events.select("id", "conversation_pk").row(0)
    (1, 900)
    """
    return page_frames("reporting_events", body, account_id=account_id, source=source)


def csat_responses_page(
    body: Any, *, account_id: int | None = None, source: str = "CSAT responses page"
) -> PageFrames:
    """Convert ``GET /csat_survey_responses`` (a bare array, 25 a page) into csat_responses.

    Each response's ``conversation_id`` is the conversation's display id, so it joins
    ``conversations.id`` (with ``account_id``).

    >>> body = '[{"id": 9, "rating": 4, "feedback_message": "très bien", "conversation_id": 7}]'
    >>> csat_responses_page(body, account_id=1).csat_responses.select("conversation_id", "rating", "feedback_message").row(0)
    (7, 4, 'très bien')
    """
    return page_frames("csat_survey_responses", body, account_id=account_id, source=source)


def custom_attribute_definitions_page(
    body: Any, *, account_id: int | None = None, source: str = "custom attribute definitions"
) -> PageFrames:
    """Convert ``GET /custom_attribute_definitions`` (a bare array).

    >>> body = b'[{"id": 1, "attribute_key": "plan", "attribute_model": "contact_attribute"}]'
    >>> custom_attribute_definitions_page(body, account_id=1).custom_attribute_definitions.select("attribute_key", "attribute_model").row(0)
    ('plan', 'contact_attribute')
    """
    return page_frames("custom_attribute_definitions", body, account_id=account_id, source=source)


def applied_slas_page(
    body: Any, *, account_id: int | None = None, source: str = "applied SLAs page"
) -> PageFrames:
    """Convert ``GET /applied_slas`` (``{"payload": [{applied_sla, conversation, sla_events}],
    "meta": {"count", "current_page"}}``) into applied_slas and sla_events.

    >>> body = b'''{"payload": [{"applied_sla": {"id": 4, "sla_id": 2, "sla_status": "missed"},
    ...   "conversation": {"id": 7}, "sla_events": [{"id": 30, "event_type": "frt"}]}],
    ...   "meta": {"count": 1, "current_page": 1}}'''
    >>> page = applied_slas_page(body, account_id=1)
    >>> page.applied_slas.select("id", "conversation_id").row(0), page.sla_events.select("id", "conversation_id").row(0)
    ((4, 7), (30, 7))
    """
    return page_frames("applied_slas", body, account_id=account_id, source=source)
