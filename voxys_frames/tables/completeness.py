"""Completeness findings: what the pages promised against what the tables hold.

The findings are written into every snapshot manifest and printed by ``show``. They
compare the list endpoint's ``all_count`` with the conversations found, and say which
conversations had their message history read from the messages endpoint.

Examples
--------
>>> from voxys_frames.tables.frames import Frames
>>> findings(Frames())["conversations_found"]
0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import polars as pl


def findings(
    tables: Mapping[str, pl.DataFrame] | Mapping[str, pl.LazyFrame],
    *,
    duplicates_removed: Mapping[str, int] | None = None,
    message_parts: Sequence[pl.LazyFrame] | None = None,
) -> dict[str, Any]:
    """Findings over eager or lazy tables (only a few columns are read).

    ``message_parts`` are the messages table split in parts (a snapshot's Parquet files):
    the pass over every message then runs part by part, so its memory follows the size of
    a part and the number of conversations, not the number of messages.
    """
    pages = tables["pages"].lazy()
    conversations = tables["conversations"].lazy()
    parts = list(message_parts or ()) or [tables["messages"].lazy()]
    page_counts = (
        pages.group_by("endpoint")
        .agg(pl.len().alias("pages"), pl.col("all_count").max().alias("all_count"))
        .collect()
    )
    by_endpoint = {row["endpoint"]: row for row in page_counts.iter_rows(named=True)}
    reported = by_endpoint.get("conversations", {}).get("all_count")
    found = conversations.select(pl.len()).collect().item()
    read = _histories_read(parts)
    unread = (
        conversations.filter(pl.col("last_message_id").is_not_null())
        .select("account_id", pl.col("id").alias("conversation_id"))
        .join(read.lazy(), on=["account_id", "conversation_id"], how="anti")
        .select(pl.len())
        .collect()
        .item()
    )
    return {
        "pages": {str(k): int(v["pages"]) for k, v in by_endpoint.items()},
        "conversations_reported": reported,
        "conversations_found": found,
        "conversations_missing": max(reported - found, 0) if reported is not None else None,
        "conversations_with_messages_read": read.height,
        "conversations_with_messages_unread": unread,
        "messages_by_source": _messages_by_source(parts),
        "duplicates_removed": {k: v for k, v in (duplicates_removed or {}).items() if v},
    }


#: Rows of per-part results held before they are made unique together (at least).
COMPACT_ROWS: Final = 1_000_000


def _histories_read(parts: Sequence[pl.LazyFrame]) -> pl.DataFrame:
    """The conversations (account_id, conversation_id) with messages from the messages
    endpoint, made unique part by part, and the parts' results made unique together
    whenever they hold more rows than the conversations found so far (and
    ``COMPACT_ROWS``): when message ids interleave across conversations, as on a real
    server, each part names most conversations again, so what is held follows the
    number of conversations, not of parts."""
    held: list[pl.DataFrame] = []  # the rows made unique so far, then the pieces since
    unique_rows = pending_rows = 0
    for part in parts:
        piece = (
            part.filter(pl.col("source_shape") == "messages_endpoint")
            .select("account_id", "conversation_id")
            .unique()
            .collect()
        )
        held.append(piece)
        pending_rows += piece.height
        if pending_rows > max(unique_rows, COMPACT_ROWS):
            held = [pl.concat(held).unique()]
            unique_rows, pending_rows = held[0].height, 0
    return held[0] if len(held) == 1 else pl.concat(held).unique()


def _messages_by_source(parts: Sequence[pl.LazyFrame]) -> dict[str, int]:
    """Messages counted by ``source_shape``, part by part."""
    counts: dict[str, int] = {}
    for part in parts:
        for shape, rows in part.group_by("source_shape").agg(pl.len()).collect().iter_rows():
            if shape is not None:
                counts[str(shape)] = counts.get(str(shape), 0) + int(rows)
    return dict(sorted(counts.items()))
