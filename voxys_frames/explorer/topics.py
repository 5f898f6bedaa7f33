"""Topics in the explorer: each conversation's topic, for the topic filter, chart and thread.

:func:`with_topics` takes a :class:`~voxys_frames.topics.Topics` result, or a number of
topics to find with :func:`~voxys_frames.topics.find_topics` now, and adds its
``conversation_topics`` table to the explorer's data: the in-memory conversations get
the linked ``topic`` column (:mod:`voxys_frames.filters.linked`), and the table is kept
for :func:`~voxys_frames.filters.select_tables` (exports, code).

Examples
--------
>>> from voxys_frames.explorer.source import open_source
>>> from voxys_frames.topics._examples import example_frames
>>> data = with_topics(open_source(example_frames()), 2)
>>> data.conversations["topic"].to_list()[2:4]
['refund, money back, arrived', 'cannot log, password reset, work']
>>> sorted(data.linked)
['conversation_topics']
>>> with_topics(data, "refunds")
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: explore(topics=...): expected a Topics result of find_topics, a number of topics or None, got str
"""

from __future__ import annotations

import dataclasses
from typing import Final

import polars as pl

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer.source import ExplorerData
from voxys_frames.filters.linked import TOPICS_TABLE, with_linked
from voxys_frames.topics import Topics, find_topics

TOPIC_MESSAGE_COLUMNS: Final = (
    "id",
    "conversation_id",
    "message_type",
    "private",
    "content",
    "created_at",
)
"""The message columns :func:`~voxys_frames.topics.find_topics` reads."""


def _found(data: ExplorerData, topics: object) -> Topics:
    if isinstance(topics, Topics):
        return topics
    if not isinstance(topics, int) or isinstance(topics, bool) or topics < 1:
        got = repr(topics) if isinstance(topics, int) else type(topics).__name__
        msg = (
            "explore(topics=...): expected a Topics result of find_topics, a number of "
            f"topics or None, got {got}"
        )
        raise ConfigurationError(msg)
    accounts = data.conversations["account_id"].unique().to_list()
    if len(accounts) > 1:
        msg = (
            f"explore(topics={topics}): topics are found within one account, the data has "
            f"{len(accounts)}; pass find_topics' result for one account's frames"
        )
        raise ConfigurationError(msg)
    messages = data.tables["messages"].select(TOPIC_MESSAGE_COLUMNS).collect()
    return find_topics({"conversations": data.conversations, "messages": messages}, n_topics=topics)


def with_topics(data: ExplorerData, topics: object) -> ExplorerData:
    """``data`` with the ``topic`` column and the ``conversation_topics`` table of ``topics``."""
    table = _found(data, topics).conversation_topics()
    repeated = table.filter(pl.struct("account_id", "conversation_id").is_duplicated())
    if not repeated.is_empty():
        account_id, conversation_id = repeated.row(0)[:2]
        msg = (
            f"explore(topics=...): conversation {conversation_id} of account {account_id} "
            "has more than one topic"
        )
        raise ConfigurationError(msg)
    linked = {**data.linked, TOPICS_TABLE: table.lazy()}
    conversations = with_linked(data.conversations.drop("topic", strict=False), linked, ["topic"])
    return dataclasses.replace(data, conversations=conversations.collect(), linked=linked)
