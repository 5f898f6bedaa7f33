"""Topics of conversations: what customers write about, from their own messages.

Only the customers' messages count: incoming, public messages (private notes,
activity messages, agents', bots' and automations' text are left out), in time
order, each cut to :data:`MESSAGE_CHARS` characters. A conversation whose
customer wrote no word gets topic -1, ``(no customer text)``.

Examples
--------
>>> from voxys_frames.topics._examples import example_frames
>>> found = find_topics(example_frames(), n_topics=2)
>>> found.assignments["topic_id"].to_list()
[0, 0, 0, 1, 1, 1]
>>> found.topics.select("topic", "conversations").rows()
[('refund, money back, arrived', 3), ('cannot log, password reset, work', 3)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import polars as pl

from voxys_frames.topics.model import Embed, cluster_texts

MESSAGE_CHARS: Final = 2_000
"""How much of each customer message is read (long e-mails are cut)."""

NO_TEXT: Final = "(no customer text)"
"""The name of topic -1: conversations whose customer wrote no word."""

NAME_TERMS: Final = 3
"""How many of its telling terms make a topic's name."""


def customer_texts(frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per conversation: ``conversation_id`` and the customer's ``text``.

    >>> from voxys_frames.reports._examples import tiny_frames
    >>> customer_texts(tiny_frames()).rows()
    [(1, 'Hello'), (2, 'Anyone?')]
    >>> from voxys_frames.topics._examples import example_frames
    >>> customer_texts(example_frames())["text"][3]
    'I cannot log in, the password reset link expired'
    """
    messages = frames["messages"]
    private = pl.col("private").fill_null(False) if "private" in messages.columns else False
    incoming = messages.filter(
        (pl.col("message_type").cast(pl.String) == "incoming")
        & ~private
        & pl.col("content").is_not_null()
    )
    texts = (
        incoming.sort("created_at", "id")
        .group_by("conversation_id", maintain_order=True)
        .agg(text=pl.col("content").str.slice(0, MESSAGE_CHARS).str.join("\n"))
    )
    ids = frames["conversations"].select(pl.col("id").alias("conversation_id"))
    return (
        ids.join(texts, on="conversation_id", how="left")
        .with_columns(pl.col("text").fill_null(""))
        .sort("conversation_id")
    )


@dataclass(frozen=True)
class Topics:
    """What :func:`find_topics` found.

    ``assignments``: one row per conversation (``conversation_id``, ``topic_id``,
    ``topic``, ``account_id``, ``created_at``, ``inbox_id``, ``labels``, ``channel``);
    ``topics``: one row per topic (``topic_id``, ``topic``, ``terms`` best first,
    ``conversations``, ``share``, ``examples``: conversation ids nearest its centre).
    """

    assignments: pl.DataFrame
    topics: pl.DataFrame

    def _count(self, *keys: str) -> pl.DataFrame:
        return (
            self.assignments.group_by("topic_id", "topic", *keys)
            .agg(conversations=pl.len().cast(pl.Int64))
            .sort("topic_id", *keys, nulls_last=True)
        )

    def conversation_topics(self) -> pl.DataFrame:
        """One row per conversation: ``account_id``, ``conversation_id`` (display id),
        ``topic_id``, ``topic``: the table the topic filter reads
        (:attr:`voxys_frames.filters.FilterState.topics`, linked as ``conversation_topics``).

        >>> from voxys_frames.topics._examples import example_frames
        >>> table = find_topics(example_frames(), n_topics=2).conversation_topics()
        >>> table.columns
        ['account_id', 'conversation_id', 'topic_id', 'topic']
        >>> table.row(3)[1:]
        (4, 1, 'cannot log, password reset, work')
        """
        return self.assignments.select("account_id", "conversation_id", "topic_id", "topic")

    def weekly(self, timezone: str = "UTC") -> pl.DataFrame:
        """Conversations per topic and week (weeks start on Monday in ``timezone``).

        >>> from voxys_frames.topics._examples import example_frames
        >>> find_topics(example_frames(), n_topics=2).weekly()["conversations"].to_list()
        [3, 2, 1]
        """
        local = pl.col("created_at").dt.convert_time_zone(timezone)
        return (
            self.assignments.with_columns(week=local.dt.truncate("1w").dt.date())
            .group_by("topic_id", "topic", "week")
            .agg(conversations=pl.len().cast(pl.Int64))
            .sort("topic_id", "week")
        )

    def by_inbox(self) -> pl.DataFrame:
        """Conversations per topic and inbox."""
        return self._count("inbox_id")

    def by_channel(self) -> pl.DataFrame:
        """Conversations per topic and channel (``Channel::Email``...)."""
        return self._count("channel")

    def by_label(self) -> pl.DataFrame:
        """Conversations per topic and label (a conversation counts once per label)."""
        exploded = self.assignments.explode("labels").rename({"labels": "label"})
        return (
            exploded.filter(pl.col("label").is_not_null())
            .group_by("topic_id", "topic", "label")
            .agg(conversations=pl.len().cast(pl.Int64))
            .sort("topic_id", "label")
        )


def find_topics(
    frames: Mapping[str, pl.DataFrame],
    *,
    n_topics: int = 8,
    seed: int = 0,
    embed: Embed | None = None,
    top_terms: int = 8,
    examples: int = 3,
) -> Topics:
    """Give every conversation of ``frames`` a topic from its customer's messages.

    ``n_topics`` topics at most (fewer when there are fewer distinct texts), named
    by their :data:`NAME_TERMS` most telling terms; ``embed`` replaces the built-in
    TF-IDF representation (see :mod:`voxys_frames.topics.model`).

    >>> from voxys_frames.topics._examples import example_frames
    >>> found = find_topics(example_frames(), n_topics=2, seed=0)
    >>> found.topics["topic"].to_list()
    ['refund, money back, arrived', 'cannot log, password reset, work']
    """
    texts = customer_texts(frames)
    found = cluster_texts(
        texts["text"].to_list(),
        n_topics=n_topics,
        seed=seed,
        embed=embed,
        top_terms=top_terms,
        examples=examples,
    )
    ids = texts["conversation_id"].to_list()
    names = [", ".join(terms[:NAME_TERMS]) or f"topic {t}" for t, terms in enumerate(found.terms)]
    topic_rows = pl.DataFrame(
        {
            "topic_id": list(range(found.n_topics)),
            "topic": names,
            "terms": found.terms,
            "examples": [[ids[i] for i in members] for members in found.examples],
        },
        schema={
            "topic_id": pl.Int64,
            "topic": pl.String,
            "terms": pl.List(pl.String),
            "examples": pl.List(pl.Int64),
        },
    )
    no_text = pl.DataFrame(
        {"topic_id": [-1], "topic": [NO_TEXT], "terms": [[]], "examples": [[]]},
        schema=topic_rows.schema,
    )
    conversations = frames["conversations"]
    carried = [
        c
        for c in ("account_id", "created_at", "inbox_id", "labels", "channel")
        if c in conversations
    ]
    assignments = (
        texts.select("conversation_id")
        .with_columns(topic_id=pl.Series(found.labels.tolist(), dtype=pl.Int64))
        .join(pl.concat([topic_rows, no_text]).select("topic_id", "topic"), on="topic_id")
        .join(
            conversations.select(pl.col("id").alias("conversation_id"), *carried),
            on="conversation_id",
            how="left",
        )
        .sort("conversation_id")
    )
    for column, dtype in (
        ("account_id", pl.Int64),
        ("labels", pl.List(pl.String)),
        ("channel", pl.String),
    ):
        if column not in assignments.columns:
            assignments = assignments.with_columns(pl.lit(None, dtype=dtype).alias(column))
    sizes = assignments.group_by("topic_id").agg(conversations=pl.len().cast(pl.Int64))
    total = max(assignments.height, 1)
    table = (
        pl.concat([topic_rows, no_text])
        .join(sizes, on="topic_id", how="inner")
        .with_columns(share=pl.col("conversations") / total)
        .sort(pl.col("topic_id") < 0, "topic_id")
        .select("topic_id", "topic", "terms", "conversations", "share", "examples")
    )
    return Topics(assignments=assignments, topics=table)
