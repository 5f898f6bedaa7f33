"""Columns some filters read from other tables, joined onto conversations by their ids.

* ``csat_rating``: the rating of the conversation's latest CSAT response
  (``csat_responses``, whose ``conversation_id`` is the DISPLAY id, so it joins
  ``conversations.id``; latest by ``created_at`` then ``id``, as in
  :func:`voxys_frames.reports.conversation_metrics`); null when none.
* ``sla_missed``: whether the conversation's own ``sla_status``, or any of its rows in
  ``applied_slas`` (display id too), is ``missed`` or ``active_with_misses``; never null.
* ``contact_attributes``: the ``custom_attributes`` of the conversation's contact
  (``contacts`` by account and ``contact_id``).
* ``topic``: the conversation's topic name from ``conversation_topics`` (``account_id``,
  ``conversation_id`` (display id), ``topic_id``, ``topic``; made by
  :meth:`voxys_frames.topics.Topics.conversation_topics`); null when it has none. This
  table is not part of a snapshot: a topic condition without it raises.

Each join is built as a lazy frame and as the polars code that writes it, side by side,
so :meth:`~voxys_frames.filters.FilterState.to_code` prints the code that runs. A
snapshot table absent from the input counts as empty (a snapshot without CSAT responses
rates nothing).

Examples
--------
>>> import polars as pl
>>> conversations = pl.DataFrame({"account_id": [1, 1], "id": [7, 8], "contact_id": [3, 4],
...     "sla_status": ["hit", None]})
>>> csat = pl.DataFrame({"account_id": [1, 1], "id": [1, 2], "conversation_id": [7, 7],
...     "rating": [2, 5], "created_at": [1, 2]})
>>> linked = with_linked(conversations, {"csat_responses": csat}, ["csat_rating", "sla_missed"])
>>> linked.collect().select("id", "csat_rating", "sla_missed").rows()
[(7, 5, False), (8, None, False)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.tables.schema import TABLES, table

FrameLike = pl.DataFrame | pl.LazyFrame

MISSED_STATUSES: Final = ("missed", "active_with_misses")
_KEY: Final = ["account_id", "id"]


@dataclass(frozen=True)
class Link:
    """One linked column: the table it comes from, how to join it, and that join as code."""

    column: str
    table: str
    join: Callable[[pl.LazyFrame, pl.LazyFrame], pl.LazyFrame]
    code: str
    hint: str = ""
    """Where a table outside the snapshot comes from (said when it is missing)."""


def _csat(conversations: pl.LazyFrame, responses: pl.LazyFrame) -> pl.LazyFrame:
    latest = (
        responses.sort("created_at", "id")
        .group_by("account_id", "conversation_id")
        .agg(pl.col("rating").last().alias("csat_rating"))
        .rename({"conversation_id": "id"})
    )
    return conversations.join(latest, on=_KEY, how="left", maintain_order="left")


_CSAT_CODE: Final = """\
conversations = conversations.join(
    csat_responses.sort('created_at', 'id')
    .group_by('account_id', 'conversation_id')
    .agg(pl.col('rating').last().alias('csat_rating'))
    .rename({'conversation_id': 'id'}),
    on=['account_id', 'id'],
    how='left',
    maintain_order='left',
)
"""


def _sla(conversations: pl.LazyFrame, applied: pl.LazyFrame) -> pl.LazyFrame:
    listed = applied.group_by("account_id", pl.col("conversation_id").alias("id")).agg(
        pl.col("sla_status").is_in(MISSED_STATUSES).any().alias("_listed_missed")
    )
    return (
        conversations.join(listed, on=_KEY, how="left", maintain_order="left")
        .with_columns(
            (
                pl.col("sla_status").is_in(MISSED_STATUSES).fill_null(False)
                | pl.col("_listed_missed").fill_null(False)
            ).alias("sla_missed")
        )
        .drop("_listed_missed")
    )


_SLA_CODE: Final = f"""\
conversations = conversations.join(
    applied_slas.group_by('account_id', pl.col('conversation_id').alias('id')).agg(
        pl.col('sla_status').is_in({list(MISSED_STATUSES)!r}).any().alias('_listed_missed')
    ),
    on=['account_id', 'id'],
    how='left',
    maintain_order='left',
).with_columns(
    (
        pl.col('sla_status').is_in({list(MISSED_STATUSES)!r}).fill_null(False)
        | pl.col('_listed_missed').fill_null(False)
    ).alias('sla_missed')
).drop('_listed_missed')
"""


def _contact(conversations: pl.LazyFrame, contacts: pl.LazyFrame) -> pl.LazyFrame:
    attributes = contacts.select(
        "account_id",
        pl.col("id").alias("contact_id"),
        pl.col("custom_attributes").alias("contact_attributes"),
    ).unique(["account_id", "contact_id"], keep="first", maintain_order=True)
    return conversations.join(
        attributes, on=["account_id", "contact_id"], how="left", maintain_order="left"
    )


_CONTACT_CODE: Final = """\
conversations = conversations.join(
    contacts.select(
        'account_id',
        pl.col('id').alias('contact_id'),
        pl.col('custom_attributes').alias('contact_attributes'),
    ).unique(['account_id', 'contact_id'], keep='first', maintain_order=True),
    on=['account_id', 'contact_id'],
    how='left',
    maintain_order='left',
)
"""


def _topic(conversations: pl.LazyFrame, topics: pl.LazyFrame) -> pl.LazyFrame:
    named = topics.select(
        "account_id", pl.col("conversation_id").alias("id"), pl.col("topic").cast(pl.String)
    ).unique(_KEY, keep="first", maintain_order=True)
    return conversations.join(named, on=_KEY, how="left", maintain_order="left")


_TOPIC_CODE: Final = """\
conversations = conversations.join(
    conversation_topics.select(
        'account_id', pl.col('conversation_id').alias('id'), pl.col('topic').cast(pl.String)
    ).unique(['account_id', 'id'], keep='first', maintain_order=True),
    on=['account_id', 'id'],
    how='left',
    maintain_order='left',
)
"""

TOPICS_TABLE: Final = "conversation_topics"
"""The per-conversation topic table the ``topic`` column is read from."""

LINKS: Final = {
    "csat_rating": Link("csat_rating", "csat_responses", _csat, _CSAT_CODE),
    "sla_missed": Link("sla_missed", "applied_slas", _sla, _SLA_CODE),
    "contact_attributes": Link("contact_attributes", "contacts", _contact, _CONTACT_CODE),
    "topic": Link(
        "topic",
        TOPICS_TABLE,
        _topic,
        _TOPIC_CODE,
        hint="e.g. find_topics(...).conversation_topics()",
    ),
}
LINKED_COLUMNS: Final = tuple(LINKS)
"""The columns :func:`with_linked` adds, in a fixed order."""


def available_links(tables: Mapping[str, object]) -> list[str]:
    """The linked columns ``tables`` can give: those of snapshot tables (absent: empty),
    and those of other tables when present.

    >>> available_links({}), available_links({"conversation_topics": None})[-1]
    (['csat_rating', 'sla_missed', 'contact_attributes'], 'topic')
    """
    return [c for c, link in LINKS.items() if link.table in TABLES or link.table in tables]


def _table(tables: Mapping[str, FrameLike], link: Link) -> pl.LazyFrame:
    frame = tables.get(link.table)
    if frame is not None:
        return frame.lazy()
    if link.table not in TABLES:
        msg = f"the {link.column} filter reads the table {link.table}, not given ({link.hint})"
        raise ConfigurationError(msg)
    return pl.LazyFrame(schema=table(link.table).schema)


def with_linked(
    conversations: FrameLike,
    tables: Mapping[str, FrameLike],
    columns: Iterable[str] | None = None,
) -> pl.LazyFrame:
    """``conversations`` with the linked ``columns`` added (row order and count kept);
    by default every column of :func:`available_links`."""
    result = conversations.lazy()
    for column in available_links(tables) if columns is None else columns:
        link = LINKS[column]
        result = link.join(result, _table(tables, link))
    return result


def linked_code(columns: Iterable[str]) -> str:
    """The code that adds ``columns`` to a frame named ``conversations``.

    >>> print(linked_code(["contact_attributes"]).splitlines()[0])
    conversations = conversations.join(
    """
    return "".join(LINKS[column].code for column in columns)
