"""Filters over conversations and messages: plain data in, polars expressions out.

No widgets here: a :class:`FilterState` is a frozen, JSON-serialisable description of a
selection; :func:`select` applies it to frames, :func:`select_tables` to every table of
a snapshot, and :meth:`FilterState.to_code` prints the equivalent polars code;
:func:`save_view` and :func:`load_view` keep named states beside the snapshots.

Examples
--------
>>> import polars as pl
>>> conversations = pl.DataFrame({"account_id": [1, 1], "id": [1, 2], "labels": [["vip"], []]})
>>> messages = pl.DataFrame({"account_id": [1, 1], "conversation_id": [1, 2], "content": ["a", "b"]})
>>> chosen, matching = select(conversations, messages, FilterState(labels=("vip",)))
>>> chosen.collect()["id"].to_list(), matching.collect().height
([1], 1)
"""

from voxys_frames.filters.code import to_code
from voxys_frames.filters.predicates import Predicate, predicates
from voxys_frames.filters.select import select, select_tables
from voxys_frames.filters.state import AttributeFilter, FilterState
from voxys_frames.filters.views import (
    View,
    ViewsError,
    delete_view,
    load_view,
    read_views,
    save_view,
    views_path,
)

__all__ = [
    "AttributeFilter",
    "FilterState",
    "Predicate",
    "View",
    "ViewsError",
    "delete_view",
    "load_view",
    "predicates",
    "read_views",
    "save_view",
    "select",
    "select_tables",
    "to_code",
    "views_path",
]
