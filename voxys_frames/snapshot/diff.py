"""What changed between two snapshots: new, changed and vanished conversations, new messages.

A conversation is *changed* when a stable column differs. Columns that move without
the conversation changing (``can_reply``, ``unread_count``, the ``*_last_seen_at``
times: edge case F1) are left out of the comparison.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.tables.frames import Frames
>>> old = Frames({"conversations": pl.DataFrame({"account_id": [1, 1], "id": [1, 2], "status": ["open", "open"]})})
>>> new = Frames({"conversations": pl.DataFrame({"account_id": [1, 1], "id": [2, 3], "status": ["resolved", "open"]})})
>>> result = diff(old, new)
>>> result.new_conversations["id"].to_list(), result.vanished_conversations["id"].to_list()
([3], [1])
>>> result.changed_conversations.select("id", "changed_columns").row(0)
(2, ['status'])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from voxys_frames.snapshot.reader import load_snapshot
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import TABLES

VOLATILE: Final = frozenset(
    {
        "can_reply",
        "unread_count",
        "agent_last_seen_at",
        "assignee_last_seen_at",
        "contact_last_seen_at",
    }
)
"""Conversation columns that change without the conversation changing (edge case F1)."""


@dataclass(frozen=True)
class SnapshotDiff:
    """The differences between two snapshots (each a frame of the new side, or the old)."""

    new_conversations: pl.DataFrame
    changed_conversations: pl.DataFrame
    vanished_conversations: pl.DataFrame
    new_messages: pl.DataFrame

    def summary(self) -> dict[str, int]:
        """Row counts of each part."""
        return {
            "new_conversations": self.new_conversations.height,
            "changed_conversations": self.changed_conversations.height,
            "vanished_conversations": self.vanished_conversations.height,
            "new_messages": self.new_messages.height,
        }


def _frames(snapshot: Mapping[str, pl.DataFrame] | str | Path) -> Mapping[str, pl.DataFrame]:
    if isinstance(snapshot, str | Path):
        return load_snapshot(snapshot, tables=["conversations", "messages"])
    return snapshot if isinstance(snapshot, Frames) else Frames(snapshot)


def diff(
    old: Mapping[str, pl.DataFrame] | str | Path, new: Mapping[str, pl.DataFrame] | str | Path
) -> SnapshotDiff:
    """Compare two snapshots (paths or frames).

    ``changed_conversations`` holds the new rows plus ``changed_columns``, the list of
    stable columns whose value differs.

    Examples
    --------
    >>> import polars as pl
    >>> old = {"conversations": pl.DataFrame({"account_id": [1, 1], "id": [1, 2], "status": ["open", "open"]})}
    >>> new = {"conversations": pl.DataFrame({"account_id": [1, 1], "id": [2, 3], "status": ["resolved", "open"]})}
    >>> diff(old, new).summary()
    {'new_conversations': 1, 'changed_conversations': 1, 'vanished_conversations': 1, 'new_messages': 0}
    """
    before, after = _frames(old), _frames(new)
    key = list(TABLES["conversations"].key)
    old_conv, new_conv = before["conversations"], after["conversations"]
    compared = [c for c in TABLES["conversations"].names if c not in VOLATILE and c not in key]
    both = new_conv.join(old_conv.select(key + compared), on=key, how="inner", suffix="__old")
    differs = [pl.when(pl.col(c).ne_missing(pl.col(f"{c}__old"))).then(pl.lit(c)) for c in compared]
    changed = (
        both.with_columns(pl.concat_list(differs).list.drop_nulls().alias("changed_columns"))
        .filter(pl.col("changed_columns").list.len() > 0)
        .select([*TABLES["conversations"].names, "changed_columns"])
    )
    message_key = list(TABLES["messages"].key)
    return SnapshotDiff(
        new_conversations=new_conv.join(old_conv.select(key), on=key, how="anti"),
        changed_conversations=changed,
        vanished_conversations=old_conv.join(new_conv.select(key), on=key, how="anti"),
        new_messages=after["messages"].join(
            before["messages"].select(message_key), on=message_key, how="anti"
        ),
    )
