"""One response body as the crawl keeps it: its endpoint, its name, its parsed JSON.

The name is where the body goes in a raw archive (``conversations/page-3.json.gz``,
``messages/42/page-1.json.gz``...), and it is also the ``source`` of the body's row in
the ``pages`` table, so a snapshot rebuilt by ``import-raw`` from the archive has the
same rows as the crawl's own.

Examples
--------
>>> list_page_name(3), history_page_name(42, 1), show_name(7)
('conversations/page-3.json.gz', 'messages/42/page-1.json.gz', 'conversations/show-7.json.gz')
>>> show_body({"id": 7})["data"]["payload"][0]["id"]
7
>>> without_secrets({"payload": [{"id": 1, "name": "Mail", "imap_password": "x"}]})
{'payload': [{'id': 1, 'name': 'Mail', 'imap_password': None}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voxys_frames.convert.pages import Endpoint
from voxys_frames.tables.schema import INBOX_FIELDS

__all__ = [
    "Body",
    "history_page_name",
    "list_page_name",
    "show_body",
    "show_name",
    "without_secrets",
]

_INBOX_KEYS = frozenset(name for name, _, _ in INBOX_FIELDS)


@dataclass(frozen=True, slots=True)
class Body:
    """A parsed response body, the endpoint it came from and its archive name."""

    endpoint: Endpoint
    name: str
    data: Any
    conversation_id: int | None = None


def list_page_name(page: int) -> str:
    """Archive name of a page of the conversations list."""
    return f"conversations/page-{page}.json.gz"


def show_name(conversation_id: int) -> str:
    """Archive name of a conversation read on its own (``GET /conversations/{id}``)."""
    return f"conversations/show-{conversation_id}.json.gz"


def history_page_name(conversation_id: int, request: int) -> str:
    """Archive name of the ``request``-th messages body read for a conversation."""
    return f"messages/{conversation_id}/page-{request}.json.gz"


def show_body(conversation: dict[str, Any]) -> dict[str, Any]:
    """A single conversation in the list envelope, so it reads like a one-row list page."""
    return {"data": {"meta": {}, "payload": [conversation]}}


def without_secrets(body: dict[str, Any]) -> dict[str, Any]:
    """An inboxes body with every key outside the inboxes table's allow-list nulled.

    The keys stay (the table records which were omitted), their values do not: an
    administrator's inbox body carries channel secrets that must never be stored.
    """
    payload = body.get("payload")
    if not isinstance(payload, list):
        return body
    cleaned = [
        {k: (v if k in _INBOX_KEYS else None) for k, v in item.items()}
        if isinstance(item, dict)
        else item
        for item in payload
    ]
    return {**body, "payload": cleaned}
