"""Fetched ``reporting_events`` as report events, and their agreement with derived ones.

The reporting-events endpoint names a conversation by its primary key, which no
other endpoint shows. :func:`fetched_events` links each key to a display id by the
events it shares exactly (name, inbox, start and end) with the events derived from
the messages; a key that matches no single conversation stays unlinked (null
``conversation_id``), and :func:`compare_events` lists it.

Examples
--------
>>> from voxys_frames.reports._examples import tiny_frames
>>> from voxys_frames.reports.derive import derive_events
>>> derived = derive_events(tiny_frames())
>>> fetched = derived.with_columns(conversation_pk=pl.lit(4002), source=pl.lit("fetched"))
>>> compare_events(derived, fetched)["agreement"].to_list()
['same', 'same']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import polars as pl

from voxys_frames.reports.derive import EVENT_SCHEMA

MATCH_ON: Final = ("name", "inbox_id", "event_start_time", "event_end_time")
"""What two events must share to be the same event."""


def link_conversations(fetched: pl.DataFrame, derived: pl.DataFrame) -> pl.DataFrame:
    """``conversation_pk`` -> ``conversation_id``, for keys whose events point to one conversation."""
    pairs = (
        fetched.select(*MATCH_ON, "conversation_pk")
        .join(derived.select(*MATCH_ON, "conversation_id"), on=list(MATCH_ON), nulls_equal=False)
        .group_by("conversation_pk", "conversation_id")
        .len()
    )
    best = pairs.filter(pl.col("len") == pl.col("len").max().over("conversation_pk"))
    unique = best.filter(pl.len().over("conversation_pk") == 1)
    unique = unique.filter(pl.len().over("conversation_id") == 1)
    return unique.select("conversation_pk", "conversation_id")


def fetched_events(frames: Mapping[str, pl.DataFrame], derived: pl.DataFrame) -> pl.DataFrame:
    """The ``reporting_events`` table in the report events shape, linked to display ids."""
    raw = frames["reporting_events"]
    links = link_conversations(raw, derived)
    return (
        raw.join(links, on="conversation_pk", how="left")
        .with_columns(source=pl.lit("fetched"))
        .select(list(EVENT_SCHEMA))
        .cast(EVENT_SCHEMA)
    )


def compare_events(derived: pl.DataFrame, fetched: pl.DataFrame) -> pl.DataFrame:
    """Every event of either side, paired, with its ``agreement``.

    ``same``: both sides have it with the same value (and the same user where both
    know it); ``user_unknown``: the derived side could not tell who (a deleted
    sender); ``different``: values or users differ; ``only_derived`` / ``only_fetched``.
    """
    keys = ["conversation_id", *MATCH_ON]
    left = derived.select(*keys, "value", "user_id", "value_in_business_hours")
    right = fetched.select(*keys, "value", "user_id", "value_in_business_hours", "conversation_pk")
    both = left.join(right, on=keys, how="full", coalesce=True, suffix="_fetched")
    value_same = pl.col("value") == pl.col("value_fetched")
    user_same = pl.col("user_id").eq_missing(pl.col("user_id_fetched"))
    return both.with_columns(
        agreement=pl.when(pl.col("value_fetched").is_null())
        .then(pl.lit("only_derived"))
        .when(pl.col("value").is_null())
        .then(pl.lit("only_fetched"))
        .when(value_same & user_same)
        .then(pl.lit("same"))
        .when(value_same & pl.col("user_id").is_null())
        .then(pl.lit("user_unknown"))
        .otherwise(pl.lit("different"))
    ).sort("conversation_id", "event_end_time", "name", nulls_last=True)
