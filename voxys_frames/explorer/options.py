"""The choices each control offers, taken from the data, and the names shown for ids.

Every option is a ``(label, value)`` pair as ipywidgets expects; the label carries the
number of conversations (or messages) with that value in the whole data set. Names
come from the reference tables (inboxes, agents, teams, contacts) when present, else
a placeholder such as ``Inbox 3``.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.tables.frames import Frames
>>> frames = Frames({"conversations": pl.DataFrame({"account_id": [1, 1], "id": [1, 2],
...     "status": ["open", "open"], "assignee_id": [None, 4], "assignee_type": [None, "User"],
...     "custom_attributes": ['{"plan":"pro"}', '{"plan":"free","vip":true}']}),
...     "agents": pl.DataFrame({"account_id": [1], "type": ["User"], "id": [4], "name": ["Ann"]})})
>>> found = options_of(frames)
>>> found.statuses, found.assignees
([('open (2)', 'open')], [('Unassigned (1)', None), ('Ann (1)', ('User', 4))])
>>> found.attribute_keys, found.attribute_values["plan"]
(['plan', 'vip'], ['free', 'pro'])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import orjson
import polars as pl

from voxys_frames.explorer.engine import PRIORITY_RANK
from voxys_frames.filters.state import CSAT_RATINGS, Assignee

Option = tuple[str, Any]
MAX_ATTRIBUTE_VALUES: Final = 200
"""Suggested values per custom attribute key (the most frequent ones)."""


class Names:
    """Display names of inboxes, agents, teams and contacts, by id."""

    def __init__(self, tables: Mapping[str, pl.DataFrame]) -> None:
        self.inboxes = _lookup(tables.get("inboxes"), ["id"], "name")
        self.agents = _lookup(tables.get("agents"), ["type", "id"], "name", "available_name")
        self.teams = _lookup(tables.get("teams"), ["id"], "name")
        self.contacts = _lookup(tables.get("contacts"), ["account_id", "id"], "name", "email")

    def inbox(self, inbox_id: int | None) -> str:
        """The inbox's name."""
        return "" if inbox_id is None else self.inboxes.get(inbox_id, f"Inbox {inbox_id}")

    def agent(self, kind: str | None, agent_id: int | None) -> str:
        """The name of user or bot ``agent_id`` of type ``kind``."""
        if agent_id is None:
            return ""
        return self.agents.get((kind, agent_id), f"{kind or 'User'} {agent_id}")

    def team(self, team_id: int | None) -> str:
        """The team's name."""
        return "" if team_id is None else self.teams.get(team_id, f"Team {team_id}")

    def contact(self, account_id: int, contact_id: int | None) -> str:
        """The contact's name (or email)."""
        if contact_id is None:
            return ""
        return self.contacts.get((account_id, contact_id), f"Contact {contact_id}")


def _lookup(frame: pl.DataFrame | None, keys: list[str], *columns: str) -> dict[Any, str]:
    """``key -> first non-empty of columns`` over ``frame``."""
    if frame is None or frame.is_empty():
        return {}
    name = pl.coalesce([pl.when(pl.col(c) != "").then(pl.col(c)) for c in columns])
    rows = frame.select(*keys, name.alias("_name")).drop_nulls("_name").unique(keys, keep="first")
    if len(keys) == 1:
        return dict(zip(rows[keys[0]].to_list(), rows["_name"].to_list(), strict=True))
    pairs = zip(*(rows[k].to_list() for k in keys), strict=True)
    return dict(zip(pairs, rows["_name"].to_list(), strict=True))


def _counted(frame: pl.DataFrame, column: str) -> list[tuple[Any, int]]:
    counts = frame.group_by(column).len().sort(column, nulls_last=False)
    return list(zip(counts[column].to_list(), counts["len"].to_list(), strict=True))


def _labelled(pairs: list[tuple[Any, int]], name: Any, *, none: str) -> list[Option]:
    return [(f"{none if v is None else name(v)} ({n:,})", v) for v, n in pairs]


def attribute_text(value: Any) -> str:
    """The text a JSON value is compared as (what ``json_path_match`` returns).

    >>> attribute_text("pro"), attribute_text(True), attribute_text(12), attribute_text([1, "x"])
    ('pro', 'true', '12', '[1,"x"]')
    """
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _attributes(
    conversations: pl.DataFrame, column: str = "custom_attributes"
) -> dict[str, list[str]]:
    """Top-level keys of a JSON object column and their most frequent values."""
    values: defaultdict[str, Counter[str]] = defaultdict(Counter)
    if column not in conversations.columns:
        return {}
    distinct = conversations.group_by(column).len().drop_nulls()
    for text, count in distinct.iter_rows():
        try:
            parsed = orjson.loads(text)
        except orjson.JSONDecodeError:
            continue  # not an object: offers no keys (the filter still sees the text)
        if isinstance(parsed, dict):
            for key, value in parsed.items():
                values[key][attribute_text(value) if value is not None else ""] += count
    return {
        key: sorted(v for v, _ in counter.most_common(MAX_ATTRIBUTE_VALUES) if v)
        for key, counter in sorted(values.items())
    }


def _priority_order(value: Hashable) -> tuple[int, str]:
    return (-PRIORITY_RANK.get(str(value), 0), str(value))


@dataclass(frozen=True)
class Options:
    """The options of every control."""

    statuses: list[Option]
    inboxes: list[Option]
    assignees: list[Option]
    teams: list[Option]
    labels: list[Option]
    priorities: list[Option]
    channels: list[Option]
    message_types: list[Option]
    attribute_keys: list[str]
    attribute_values: dict[str, list[str]]
    contact_attribute_values: dict[str, list[str]]
    """Keys of the contacts' custom attributes and their values (linked ``contact_attributes``)."""
    csat_ratings: list[Option]
    """Ratings 1 to 5, counted on the linked ``csat_rating`` column when present."""
    topics: list[Option] = field(default_factory=list)
    """Topic names of the linked ``topic`` column, most conversations first (none
    without topics)."""


def options_of(tables: Mapping[str, pl.DataFrame], names: Names | None = None) -> Options:
    """Options for every control from ``tables`` (conversations and messages at least)."""
    names = names or Names(tables)
    conversations = tables["conversations"]
    assignees = conversations.select(
        pl.when(pl.col("assignee_id").is_not_null())
        .then(
            pl.concat_list(
                pl.col("assignee_type").fill_null("User"), pl.col("assignee_id").cast(pl.String)
            )
        )
        .alias("assignee")
    )
    unassigned: list[Option] = []
    assigned: list[Option] = []
    for value, count in _counted(assignees, "assignee"):
        if value is None:
            unassigned.append((f"Unassigned ({count:,})", None))
        else:
            kind, ident = value[0], int(value[1])
            key: Assignee = (kind, ident)
            assigned.append((f"{names.agent(kind, ident)} ({count:,})", key))
    labels = conversations.select(pl.col("labels").explode().alias("label")).drop_nulls()
    priorities = sorted(
        _counted(conversations, "priority"), key=lambda p: (p[0] is not None, _priority_order(p[0]))
    )
    messages = tables["messages"]
    types = messages.select(pl.col("message_type").cast(pl.String)).drop_nulls()
    attributes = _attributes(conversations)
    return Options(
        statuses=_labelled(_counted(conversations.drop_nulls("status"), "status"), str, none=""),
        inboxes=_labelled(
            _counted(conversations.drop_nulls("inbox_id"), "inbox_id"), names.inbox, none=""
        ),
        assignees=unassigned + sorted(assigned, key=lambda option: option[0]),
        teams=_labelled(_counted(conversations, "team_id"), names.team, none="No team"),
        labels=_labelled(_counted(labels, "label"), str, none=""),
        priorities=_labelled(priorities, str, none="No priority"),
        channels=_labelled(_counted(conversations.drop_nulls("channel"), "channel"), str, none=""),
        message_types=_labelled(_counted(types, "message_type"), str, none=""),
        attribute_keys=list(attributes),
        attribute_values=attributes,
        contact_attribute_values=_attributes(conversations, "contact_attributes"),
        csat_ratings=_ratings(conversations),
        topics=_topics(conversations),
    )


def _topics(conversations: pl.DataFrame) -> list[Option]:
    if "topic" not in conversations.columns:
        return []
    counted = sorted(
        _counted(conversations.drop_nulls("topic"), "topic"), key=lambda p: (-p[1], p[0])
    )
    return _labelled(counted, str, none="")


def _ratings(conversations: pl.DataFrame) -> list[Option]:
    counted = (
        dict(_counted(conversations, "csat_rating"))
        if "csat_rating" in conversations.columns
        else {}
    )
    return [(f"{rating} ({counted.get(rating, 0):,})", rating) for rating in CSAT_RATINGS]
