"""Apply a filter state to frames: the selected conversations, messages and every table.

Conversation conditions select conversations; message conditions select messages.
Then each side narrows the other: with a message condition, only conversations that
have a matching message stay, and only messages of selected conversations stay. A
message whose conversation is not in ``conversations`` is never selected.

This is the reference implementation (plain polars, lazy); the explorer computes the
same selection with cached masks, and tests hold the two to the same answers.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.filters.state import FilterState
>>> conversations = pl.DataFrame({"account_id": [1, 1, 1], "id": [1, 2, 3],
...     "status": ["open", "open", "resolved"]})
>>> messages = pl.DataFrame({"account_id": [1, 1, 1, 1], "conversation_id": [1, 2, 2, 3],
...     "content": ["Refund please", "hi", "ok", "refund"]})
>>> chosen, matching = select(conversations, messages, FilterState(statuses=("open",), text="REFUND"))
>>> chosen.collect()["id"].to_list(), matching.collect()["content"].to_list()
([1], ['Refund please'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters.linked import LINKS, with_linked
from voxys_frames.filters.predicates import Predicate, combined, linked_columns, predicates
from voxys_frames.filters.state import FilterState

FrameLike = pl.DataFrame | pl.LazyFrame

CONVERSATION_KEY: Final = ["account_id", "id"]
MESSAGE_KEY: Final = ["account_id", "conversation_id"]

REFERENCE_TABLES: Final = (
    "agents",
    "teams",
    "inboxes",
    "account_labels",
    "custom_attribute_definitions",
)
"""Tables kept whole in a selection: they describe the account, not conversations."""

CONVERSATION_TABLES: Final = ("labels", "sla_events", "csat_responses", "applied_slas")
"""Tables whose rows belong to one conversation, by its display id (``conversation_id``):
they follow the selected conversations."""

UNLINKED_TABLES: Final = ("reporting_events", "pages")
"""Tables left empty in a selection: their rows cannot be tied to display ids
(reporting events carry the conversation's primary key) or describe the fetch itself."""


def _as_message_key(conversations: pl.LazyFrame) -> pl.LazyFrame:
    return conversations.select("account_id", pl.col("id").alias("conversation_id"))


def _missing_links(conversations: pl.LazyFrame, found: list[Predicate]) -> list[str]:
    present = set(conversations.collect_schema().names())
    return [column for column in linked_columns(found) if column not in present]


def select(
    conversations: FrameLike,
    messages: FrameLike,
    state: FilterState,
    *,
    linked: Mapping[str, FrameLike] | None = None,
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The conversations and the messages ``state`` selects, as LazyFrames.

    CSAT, SLA and contact-attribute conditions read columns of other tables
    (:mod:`voxys_frames.filters.linked`): pass those tables as ``linked`` (e.g. the
    whole snapshot), unless ``conversations`` already has the columns.
    """
    found = predicates(state)
    chosen = conversations.lazy()
    matching = messages.lazy()
    missing = _missing_links(chosen, found)
    if missing and linked is None:
        tables = ", ".join(LINKS[c].table for c in missing)
        msg = (
            f"select: the filters read {', '.join(missing)}; pass linked= with the tables {tables}"
        )
        raise ConfigurationError(msg)
    if missing and linked is not None:
        chosen = with_linked(chosen, linked, missing)
    on_conversations = combined(found, "conversations")
    if on_conversations is not None:
        chosen = chosen.filter(on_conversations[0])
    if missing:
        chosen = chosen.drop(missing)
    on_messages = combined(found, "messages")
    if on_messages is not None:
        matching = matching.filter(on_messages[0])
        with_match = matching.select("account_id", pl.col("conversation_id").alias("id")).unique()
        chosen = chosen.join(with_match, on=CONVERSATION_KEY, how="semi")
    matching = matching.join(_as_message_key(chosen), on=MESSAGE_KEY, how="semi")
    return chosen, matching


def select_tables(
    tables: Mapping[str, FrameLike],
    state: FilterState,
    *,
    whole_threads: bool = False,
    linked: Mapping[str, FrameLike] | None = None,
) -> dict[str, pl.LazyFrame]:
    """Every table of ``tables`` reduced to the selection of ``state``.

    ``messages`` holds the matching messages, or with ``whole_threads`` every message
    of the selected conversations. Attachments follow the messages; contacts and the
    :data:`CONVERSATION_TABLES` (labels, SLA events, CSAT responses, applied SLAs)
    follow the conversations; :data:`REFERENCE_TABLES` stay whole and
    :data:`UNLINKED_TABLES` come back empty (same columns, no rows). ``linked`` adds
    tables that conditions read but that are not returned (e.g. ``conversation_topics``).
    """
    chosen, matching = select(
        tables["conversations"], tables["messages"], state, linked={**tables, **(linked or {})}
    )
    if whole_threads:
        matching = (
            tables["messages"].lazy().join(_as_message_key(chosen), on=MESSAGE_KEY, how="semi")
        )
    result: dict[str, pl.LazyFrame] = {"conversations": chosen, "messages": matching}
    keys = _as_message_key(chosen)
    for name, frame in tables.items():
        lazy = frame.lazy()
        if name in result:
            continue
        if name == "attachments":
            result[name] = lazy.join(
                matching.select(pl.col("id").alias("message_id")), on="message_id", how="semi"
            )
        elif name in CONVERSATION_TABLES:
            result[name] = lazy.join(keys, on=MESSAGE_KEY, how="semi")
        elif name == "contacts":
            contacts = chosen.select("account_id", pl.col("contact_id").alias("id")).unique()
            result[name] = lazy.join(contacts, on=CONVERSATION_KEY, how="semi")
        elif name in UNLINKED_TABLES:
            result[name] = lazy.head(0)
        else:
            result[name] = lazy
    return result
