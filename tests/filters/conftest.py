"""Small hand-built frames whose selections are easy to work out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from voxys_frames.tables.schema import conform


def at(day: int, hour: int = 12) -> datetime:
    """A time in January 2025 (UTC)."""
    return datetime(2025, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def conversations() -> pl.DataFrame:
    rows = [
        # id, status, inbox, assignee (type, id), team, labels, priority, channel,
        # created day, last activity day, waiting day, first reply day, attributes
        (
            1,
            "open",
            1,
            ("User", 5),
            1,
            ["vip", "bug"],
            "high",
            "Channel::WebWidget",
            1,
            3,
            3,
            None,
            '{"plan":"pro","seats":12}',
        ),
        (
            2,
            "open",
            2,
            (None, None),
            None,
            ["bug"],
            None,
            "Channel::Email",
            2,
            2,
            None,
            None,
            '{"plan":"free"}',
        ),
        (
            3,
            "resolved",
            1,
            ("AgentBot", 5),
            2,
            [],
            "low",
            "Channel::WebWidget",
            5,
            9,
            None,
            6,
            "{}",
        ),
        (
            4,
            "pending",
            3,
            ("User", 7),
            None,
            ["vip"],
            None,
            "Channel::Api",
            10,
            10,
            None,
            10,
            '{"plan":null,"vip":true}',
        ),
        (
            5,
            "snoozed",
            2,
            ("User", 5),
            1,
            ["refund", "vip", "bug"],
            "urgent",
            "Channel::Email",
            31,
            31,
            31,
            31,
            '{"it\'s":"x"}',
        ),
        (
            6,
            "resolved",
            3,
            (None, None),
            2,
            ["refund"],
            "low",
            "Channel::Api",
            15,
            20,
            None,
            16,
            None,
        ),
    ]
    frame = pl.DataFrame(
        {
            "account_id": [1] * len(rows),
            "id": [r[0] for r in rows],
            "status": [r[1] for r in rows],
            "inbox_id": [r[2] for r in rows],
            "assignee_type": [r[3][0] for r in rows],
            "assignee_id": [r[3][1] for r in rows],
            "team_id": [r[4] for r in rows],
            "labels": [r[5] for r in rows],
            "priority": [r[6] for r in rows],
            "channel": [r[7] for r in rows],
            "created_at": [at(r[8]) for r in rows],
            "last_activity_at": [at(r[9]) for r in rows],
            "waiting_since": [at(r[10]) if r[10] else None for r in rows],
            "first_reply_created_at": [at(r[11]) if r[11] else None for r in rows],
            "custom_attributes": [r[12] for r in rows],
        },
        schema_overrides={"labels": pl.List(pl.String())},
    )
    return conform(frame, "conversations")


@pytest.fixture
def messages() -> pl.DataFrame:
    rows = [
        # id, conversation, type, content
        (10, 1, "incoming", "I want a REFUND now"),
        (11, 1, "outgoing", "Sure, refund on its way"),
        (12, 1, "activity", "Conversation was resolved"),
        (20, 2, "incoming", "Where is my order?"),
        (21, 2, "outgoing", None),
        (30, 3, "incoming", "hello"),
        (40, 4, "template", "Rate us (a+b)"),
        (50, 5, "incoming", "refund!!"),
        (60, 6, "activity", "Assigned to Ann"),
        (70, 99, "incoming", "refund for a conversation nobody listed"),
    ]
    frame = pl.DataFrame(
        {
            "account_id": [1] * len(rows),
            "id": [r[0] for r in rows],
            "conversation_id": [r[1] for r in rows],
            "message_type": [r[2] for r in rows],
            "content": [r[3] for r in rows],
        }
    )
    return conform(frame, "messages")
