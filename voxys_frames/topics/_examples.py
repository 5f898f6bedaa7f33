"""Six small conversations for the topics' docstring examples: refunds and log-ins.

>>> example_frames()["messages"].height
8
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from voxys_frames.tables.frames import Frames

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CUSTOMER = (
    "I want a refund for my broken order",
    "Refund please, I want my money back",
    "My refund has not arrived, where is my money",
    "I cannot log in, the password reset link expired",
    "Password reset does not work, cannot log in",
    "Cannot log in to my account since the password change",
)


def example_frames() -> Frames:
    """Conversations 1-3 ask for refunds, 4-6 cannot log in; agents and notes talk too."""
    ids = list(range(1, 7))
    conversations = pl.DataFrame(
        {
            "account_id": [1] * 6,
            "id": ids,
            "created_at": [START + timedelta(days=3 * i) for i in range(6)],
            "inbox_id": [1, 2, 1, 2, 1, 2],
            "labels": [["billing"], [], ["billing"], ["account"], [], ["account"]],
            "channel": ["Channel::Email", "Channel::WebWidget"] * 3,
        }
    )
    messages = pl.DataFrame(
        {
            "account_id": [1] * 8,
            "id": list(range(10, 18)),
            "conversation_id": [*ids, 1, 4],
            "message_type": ["incoming"] * 6 + ["outgoing", "outgoing"],
            "private": [False] * 6 + [False, True],
            "created_at": [START + timedelta(days=3 * i, minutes=1) for i in range(6)]
            + [START + timedelta(minutes=5), START + timedelta(days=9, minutes=5)],
            "content": [*CUSTOMER, "Your login is fixed", "password reset refund note"],
            "sender_type": ["Contact"] * 6 + ["User", "User"],
            "sender_id": [*range(21, 27), 4, 4],
        }
    )
    return Frames({"conversations": conversations, "messages": messages})
