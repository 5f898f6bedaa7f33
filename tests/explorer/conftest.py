"""The shared hand-built frames (``conversations``, ``messages``) plus hostile text,
attachments and names."""

from __future__ import annotations

import polars as pl
import pytest

from tests.conftest import at
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def frames(conversations: pl.DataFrame, messages: pl.DataFrame) -> Frames:
    hostile = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1, 1],
                "id": [22, 23, 24],
                "conversation_id": [2, 2, 2],
                "message_type": ["incoming", "outgoing", "outgoing"],
                "content": [SCRIPT, IMG, "internal: customer is angry"],
                "private": [False, False, True],
                "created_at": [at(2, 13), at(2, 14), at(2, 15)],
                "sender_type": ["Contact", "User", "User"],
                "sender_id": [9, 5, 5],
                "sender_name": [IMG, "Ann Agent", "Ann Agent"],
            }
        ),
        "messages",
    )
    attachments = conform(
        pl.DataFrame(
            {
                "account_id": [1, 1],
                "id": [900, 901],
                "message_id": [22, 22],
                "conversation_id": [2, 2],
                "file_type": ["image", "file"],
                "extension": ["png", "pdf"],
                "data_url": ["https://files.example/a.png", "javascript:alert(1)"],
                "file_size": [2048, 10],
            }
        ),
        "attachments",
    )
    agents = pl.DataFrame(
        {
            "account_id": [1, 1, 1],
            "type": ["User", "User", "AgentBot"],
            "id": [5, 7, 5],
            "name": ["Ann Agent", "Bo", IMG],
        }
    )
    inboxes = pl.DataFrame(
        {"account_id": [1, 1, 1], "id": [1, 2, 3], "name": ["Website", "Support Email", SCRIPT]}
    )
    contacts = pl.DataFrame({"account_id": [1], "id": [9], "name": [SCRIPT]})
    return Frames(
        {
            "conversations": conversations.with_columns(
                pl.when(pl.col("id") == 2).then(pl.lit([IMG])).otherwise("labels").alias("labels"),
                pl.when(pl.col("id") == 2).then(9).otherwise(None).alias("contact_id"),
            ),
            "messages": pl.concat([messages, hostile]),
            "attachments": attachments,
            "agents": agents,
            "inboxes": inboxes,
            "contacts": contacts,
        }
    )
