"""A tiny hand-made account for the reports' docstring examples.

Conversation 1 (inbox 1, label ``billing``, created Monday 2026-03-02 09:00 UTC):
the customer writes, Dima is assigned, replies after two minutes, and resolves it
ten minutes after creation. Conversation 2 (inbox 2) is never answered.

>>> tiny_frames().messages.height
5
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from voxys_frames.tables.frames import Frames

CREATED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _at(seconds: int) -> datetime:
    return CREATED + timedelta(seconds=seconds)


def tiny_frames() -> Frames:
    """Two conversations, one agent, one team: enough to show every report."""
    conversations = pl.DataFrame(
        {
            "account_id": [1, 1],
            "id": [1, 2],
            "status": ["resolved", "open"],
            "inbox_id": [1, 2],
            "assignee_id": [4, None],
            "assignee_type": ["User", None],
            "team_id": [1, None],
            "labels": [["billing"], []],
            "created_at": [CREATED, _at(3600)],
            "waiting_since": [None, _at(3600)],
        }
    )
    messages = pl.DataFrame(
        {
            "id": [10, 11, 12, 13, 20],
            "conversation_id": [1, 1, 1, 1, 2],
            "inbox_id": [1, 1, 1, 1, 2],
            "message_type": ["incoming", "activity", "outgoing", "activity", "incoming"],
            "private": [False, False, False, False, False],
            "created_at": [CREATED, _at(10), _at(120), _at(600), _at(3600)],
            "sender_type": ["Contact", None, "User", None, "Contact"],
            "sender_id": [7, None, 4, None, 8],
            "content": [
                "Hello",
                "Assigned to Dima by System",
                "Hi!",
                "Conversation was marked resolved by Dima",
                "Anyone?",
            ],
        }
    ).with_columns(
        pl.col("message_type").cast(pl.Enum(["incoming", "outgoing", "activity", "template"]))
    )
    agents = pl.DataFrame(
        {
            "account_id": [1],
            "type": ["User"],
            "id": [4],
            "name": ["Dmitri Volkov"],
            "available_name": ["Dima"],
        }
    )
    teams = pl.DataFrame({"account_id": [1], "id": [1], "name": ["Billing"]})
    inboxes = pl.DataFrame(
        {
            "account_id": [1, 1],
            "id": [1, 2],
            "name": ["Website", "Email"],
            "timezone": ["UTC", "UTC"],
        }
    )
    return Frames(
        {
            "conversations": conversations,
            "messages": messages,
            "agents": agents,
            "teams": teams,
            "inboxes": inboxes,
        }
    )
