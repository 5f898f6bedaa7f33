"""One response body on its way to the tables: its endpoint, its name, its data.

The data is the bytes the server sent (or a value already parsed, when a caller hands
one in). A body made with :meth:`Body.received` has already been through the secret
rules of :mod:`voxys_frames.convert.secrets`: what is archived and what is converted
are the same bytes. The name is where the body goes in a raw archive
(``conversations/page-3.json.gz``, ``messages/42/page-1.json.gz``...) and the
``source`` of the body's row in the ``pages`` table, so a snapshot rebuilt from the
archive has the same rows as the crawl's own.

Examples
--------
>>> list_page_name(3), history_page_name(42, 1), show_name(7)
('conversations/page-3.json.gz', 'messages/42/page-1.json.gz', 'conversations/show-7.json.gz')
>>> body = Body.received("inboxes", "inboxes/inboxes.json.gz", b'{"payload": [{"id": 1, "hmac_token": "x"}]}')
>>> body.data, sorted(body.redacted)
(b'{"payload":[{"id":1,"hmac_token":null}]}', ['payload[].hmac_token'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from voxys_frames.convert.secrets import scrub

__all__ = ["Body", "Endpoint", "history_page_name", "list_page_name", "show_name"]

Endpoint = Literal[
    "conversations",
    "conversation",
    "messages",
    "contacts",
    "agents",
    "teams",
    "inboxes",
    "labels",
    "reporting_events",
    "csat_survey_responses",
    "custom_attribute_definitions",
    "applied_slas",
]
"""The endpoints whose bodies can be converted (``conversation`` is one conversation, shown)."""


@dataclass(frozen=True, slots=True)
class Body:
    """A response body, the endpoint it came from and its name.

    ``redacted`` lists the keys whose values the secret rules removed; ``scrubbed``
    says the rules have been applied (the conversion applies them otherwise).
    """

    endpoint: Endpoint
    name: str
    data: Any
    conversation_id: int | None = None
    redacted: frozenset[str] = field(default=frozenset())
    scrubbed: bool = False

    @classmethod
    def received(
        cls, endpoint: Endpoint, name: str, data: Any, conversation_id: int | None = None
    ) -> Body:
        """A body as received, with the secret rules applied (see :mod:`~voxys_frames.convert.secrets`).

        >>> Body.received("teams", "teams/teams.json.gz", b"[]").scrubbed
        True
        """
        clean, redacted = scrub(endpoint, data, source=name)
        return cls(endpoint, name, clean, conversation_id, redacted, scrubbed=True)

    def clean(self) -> Body:
        """This body with the secret rules applied (itself when already applied).

        >>> Body("inboxes", "i", {"payload": [{"id": 1, "imap_password": "p"}]}).clean().data
        {'payload': [{'id': 1, 'imap_password': None}]}
        """
        if self.scrubbed:
            return self
        return Body.received(self.endpoint, self.name, self.data, self.conversation_id)


def list_page_name(page: int) -> str:
    """Archive name of a page of the conversations list.

    >>> list_page_name(1)
    'conversations/page-1.json.gz'
    """
    return f"conversations/page-{page}.json.gz"


def show_name(conversation_id: int) -> str:
    """Archive name of a conversation read on its own (``GET /conversations/{id}``).

    >>> show_name(7)
    'conversations/show-7.json.gz'
    """
    return f"conversations/show-{conversation_id}.json.gz"


def history_page_name(conversation_id: int, request: int) -> str:
    """Archive name of the ``request``-th messages body read for a conversation.

    >>> history_page_name(42, 2)
    'messages/42/page-2.json.gz'
    """
    return f"messages/{conversation_id}/page-{request}.json.gz"
