"""The client with frame helpers: :class:`~voxys_frames.api.client.ApiClient`'s bodies as frames.

:class:`Client` is the API client plus one method per endpoint that returns the page
as :class:`~voxys_frames.tables.frames.PageFrames`, converted by the one conversion
route (:func:`voxys_frames.convert.batch.convert`). The HTTP side (bodies, retries, the
token) is :class:`~voxys_frames.api.client.ApiClient`'s alone.
"""

from __future__ import annotations

from typing import Any, Unpack

from voxys_frames.api.client import ApiClient
from voxys_frames.api.params import EventFilters, ListFilters
from voxys_frames.convert.pages import (
    agents_page,
    contacts_page,
    conversations_page,
    inboxes_page,
    labels_page,
    messages_page,
    reporting_events_page,
    teams_page,
)
from voxys_frames.tables.frames import PageFrames

__all__ = ["Client"]


class Client(ApiClient):
    """A client for one account of a Voxys (Chatwoot) server, with pages as frames.

    Takes the arguments of :class:`~voxys_frames.api.client.ApiClient` (base URL,
    account id and token, defaulting to the ``VOXYS_*`` variables and the hosted Voxys
    API). Methods ending in ``_json`` return the parsed body; the others one page as
    frames.

    Examples
    --------
    Against the bundled emulator in-process (a real account: ``Client()`` with the
    ``VOXYS_*`` variables set, or ``Client("https://chat.example.com", 1, token)``):

    >>> from voxys_frames.emulator import Emulator, EmulatorConfig
    >>> emulator = Emulator(EmulatorConfig(seed=3, conversations=30, token="t0ken-for-docs"))
    >>> with Client("http://localhost", 1, "t0ken-for-docs", transport=emulator.transport()) as client:
    ...     page = client.conversations(page=1, status="all")
    ...     history = client.message_history(int(page.conversations["id"][0]))
    >>> page.conversations.height, history.messages["conversation_id"].unique().to_list()
    (25, [3])
    """

    def conversations(self, page: int = 1, **filters: Unpack[ListFilters]) -> PageFrames:
        """One page of the conversations list as frames.

        The conversations of the page, the child frames exploded from them (embedded
        messages, labels, contacts, agents, teams, SLA events) and the page's meta
        counts (``.meta``). Takes the parameters of :meth:`conversations_json`.
        """
        body = self.conversations_json(page, **filters)
        return conversations_page(
            body, account_id=self.account_id, source=f"conversations page {page}"
        )

    def messages(
        self,
        conversation_id: int,
        *,
        before: int | None = None,
        after: int | None = None,
        filter_internal_messages: bool = False,
    ) -> PageFrames:
        """One page of a conversation's messages as frames (see :meth:`messages_json`).

        The messages, their attachments, the contact and assignee of ``meta``, and the
        rest of ``meta`` in the ``pages`` frame.
        """
        body = self.messages_json(
            conversation_id,
            before=before,
            after=after,
            filter_internal_messages=filter_internal_messages,
        )
        return self._messages_frames(body, conversation_id, "messages page")

    def message_history(
        self, conversation_id: int, *, filter_internal_messages: bool = False
    ) -> PageFrames:
        """Every message of a conversation as frames (see :meth:`message_history_json`)."""
        body = self.message_history_json(
            conversation_id, filter_internal_messages=filter_internal_messages
        )
        return self._messages_frames(body, conversation_id, "message history")

    def _messages_frames(self, body: Any, conversation_id: int, what: str) -> PageFrames:
        return messages_page(
            body,
            account_id=self.account_id,
            conversation_id=conversation_id,
            source=f"{what} of conversation {conversation_id}",
        )

    def inboxes(self) -> PageFrames:
        """The inboxes as frames (an allow-list of columns: no channel secrets)."""
        return inboxes_page(self.inboxes_json(), account_id=self.account_id)

    def agents(self) -> PageFrames:
        """The agents as frames."""
        return agents_page(self.agents_json(), account_id=self.account_id)

    def teams(self) -> PageFrames:
        """The teams as frames."""
        return teams_page(self.teams_json(), account_id=self.account_id)

    def labels(self) -> PageFrames:
        """The account's labels as frames."""
        return labels_page(self.labels_json(), account_id=self.account_id)

    def contacts(self, page: int = 1) -> PageFrames:
        """One page of contacts as frames."""
        return contacts_page(
            self.contacts_json(page), account_id=self.account_id, source=f"contacts page {page}"
        )

    def reporting_events(
        self,
        page: int = 1,
        **filters: Unpack[EventFilters],
    ) -> PageFrames:
        """One page of reporting events as frames (see :meth:`reporting_events_json`)."""
        body = self.reporting_events_json(page, **filters)
        return reporting_events_page(
            body, account_id=self.account_id, source=f"reporting events page {page}"
        )
