"""One row per key: which copy of a row wins when the same thing was read twice.

Offset pagination over a live ordering returns some conversations twice, and a message
is seen both embedded in a list page and on the messages endpoint. The rules, per table:

* ``conversations``: the copy with the latest ``updated_at`` wins (then the last read);
* ``messages``: the messages-endpoint copy wins, and columns it lacks (``updated_at``,
  ``sentiment``, ``processed_message_content``...) are filled from the embedded copy;
* ``contacts`` and ``agents``: the richest source wins (the endpoint, then the
  conversation's own meta, then message senders), gaps filled from the others;
* every other table: the last copy read wins. ``pages`` is never de-duplicated.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.tables.schema import conform
>>> twice = conform(pl.DataFrame({"account_id": [1, 1], "id": [5, 5], "name": ["old", "new"]}), "teams")
>>> deduplicate(twice, "teams")["name"].to_list()
['new']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

import polars as pl

from voxys_frames.tables.schema import TABLES

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

_SEQ: Final = "__seq"


@dataclass(frozen=True)
class Rule:
    """How copies of one key are ranked (highest first) and whether gaps are filled."""

    prefer: tuple[pl.Expr, ...] = ()
    merge: bool = False


def _rank(column: str, order: Mapping[str, int]) -> pl.Expr:
    return pl.col(column).cast(pl.String).replace_strict(order, default=-1, return_dtype=pl.Int8)


RULES: Final[Mapping[str, Rule]] = {
    "conversations": Rule(prefer=(pl.col("updated_at"),)),
    "messages": Rule(prefer=(pl.col("source_shape") == "messages_endpoint",), merge=True),
    "contacts": Rule(
        prefer=(
            _rank(
                "source_shape",
                {
                    "contacts_endpoint": 3,
                    "conversation_meta": 2,
                    "messages_meta": 1,
                    "message_sender": 0,
                },
            ),
        ),
        merge=True,
    ),
    "agents": Rule(
        prefer=(_rank("source_shape", {"agents_endpoint": 2, "assignee": 1, "message_sender": 0}),),
        merge=True,
    ),
}
"""Tables with a rule of their own; the others keep the last copy read."""

NOT_DEDUPLICATED: Final = frozenset({"pages"})


def deduplicate(frame: FrameT, name: str) -> FrameT:
    """Return ``frame`` (eager or lazy) with one row per key of table ``name``, sorted by key."""
    if name in NOT_DEDUPLICATED:
        return frame
    declared = TABLES[name]
    key = list(declared.key)
    if isinstance(frame, pl.DataFrame) and not _any_duplicate(frame, key):
        return frame.select(declared.names).sort(key)
    rule: Rule = RULES.get(name, Rule())
    numbered = frame.with_row_index(_SEQ)
    duplicated = pl.struct(key).is_duplicated() if len(key) > 1 else pl.col(key[0]).is_duplicated()
    marked = numbered.with_columns(duplicated.alias("__dup"))
    single = marked.filter(~pl.col("__dup"))
    copies = marked.filter(pl.col("__dup")).sort(
        [*rule.prefer, pl.col(_SEQ)], descending=True, nulls_last=True
    )
    if rule.merge:
        others = [c for c in declared.names if c not in key]
        copies = copies.group_by(key, maintain_order=True).agg(
            pl.col(c).drop_nulls().first() for c in others
        )
    else:
        copies = copies.unique(subset=key, keep="first", maintain_order=True)
    columns = declared.names
    return pl.concat([single.select(columns), copies.select(columns)]).sort(key)


def _any_duplicate(frame: pl.DataFrame, key: list[str]) -> bool:
    """Whether a key occurs twice; cheap enough to run on every page."""
    if frame.height < 2:
        return False
    if len(key) == 1:
        return bool(frame.get_column(key[0]).is_duplicated().any())
    return bool(frame.select(key).is_duplicated().any())


def has_duplicates(frame: pl.DataFrame | pl.LazyFrame, name: str) -> bool:
    """Whether any key of table ``name`` occurs twice in ``frame``."""
    if name in NOT_DEDUPLICATED:
        return False
    key = list(TABLES[name].key)
    lazy = frame.lazy().select(key)
    unique = lazy.unique().select(pl.len()).collect().item()
    return bool(lazy.select(pl.len()).collect().item() != unique)
