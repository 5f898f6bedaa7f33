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

from collections.abc import Mapping
from typing import Any

import polars as pl


def findings(
    tables: Mapping[str, pl.DataFrame] | Mapping[str, pl.LazyFrame],
    *,
    duplicates_removed: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Findings over eager or lazy tables (only a few columns are read)."""
    pages = tables["pages"].lazy()
    conversations = tables["conversations"].lazy()
    messages = tables["messages"].lazy()
    page_counts = (
        pages.group_by("endpoint")
        .agg(pl.len().alias("pages"), pl.col("all_count").max().alias("all_count"))
        .collect()
    )
    by_endpoint = {row["endpoint"]: row for row in page_counts.iter_rows(named=True)}
    reported = by_endpoint.get("conversations", {}).get("all_count")
    found = conversations.select(pl.len()).collect().item()
    read = (
        messages.filter(pl.col("source_shape") == "messages_endpoint")
        .select("account_id", "conversation_id")
        .unique()
    )
    unread = (
        conversations.filter(pl.col("last_message_id").is_not_null())
        .select("account_id", pl.col("id").alias("conversation_id"))
        .join(read, on=["account_id", "conversation_id"], how="anti")
        .select(pl.len())
        .collect()
        .item()
    )
    shapes = messages.group_by("source_shape").agg(pl.len()).collect()
    return {
        "pages": {str(k): int(v["pages"]) for k, v in by_endpoint.items()},
        "conversations_reported": reported,
        "conversations_found": found,
        "conversations_missing": max(reported - found, 0) if reported is not None else None,
        "conversations_with_messages_read": read.select(pl.len()).collect().item(),
        "conversations_with_messages_unread": unread,
        "messages_by_source": {
            str(row[0]): int(row[1]) for row in shapes.iter_rows() if row[0] is not None
        },
        "duplicates_removed": {k: v for k, v in (duplicates_removed or {}).items() if v},
    }
