"""Who an activity message names: display names back to user, bot and team ids.

Activity messages carry names, not ids. Users are looked up by ``available_name``
and ``name`` in the agents table, bots by name, teams by name. A user who left the
account is not listed there; such a name is learned from the conversations still
assigned to them (their ``assignee_id`` survives). A name two users share resolves
to no id rather than to a guess.

Examples
--------
>>> import polars as pl
>>> agents = pl.DataFrame({"type": ["User", "AgentBot"], "id": [4, 1],
...                        "name": ["Dmitri Volkov", "Website Bot"], "available_name": ["Dima", None]})
>>> book = Directory.build(agents, pl.DataFrame({"id": [2], "name": ["Billing"]}))
>>> book.actor("Dima"), book.actor("Website Bot"), book.actor("System"), book.actor("Zed")
(('user', 4), ('bot', 1), ('system', None), ('unknown', None))
>>> book.actor("Billing")
('team', 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

ActorKind = Literal["user", "bot", "team", "system", "unknown"]

SYSTEM_NAMES = frozenset({"system", "System"})
BOT_TYPES = frozenset({"AgentBot", "Captain::Assistant"})


def _unique(pairs: Iterable[tuple[str | None, int]]) -> dict[str, int | None]:
    """name -> id, with None for a name that belongs to more than one id."""
    found: dict[str, int | None] = {}
    for name, ident in pairs:
        if not name:
            continue
        if name in found and found[name] != ident:
            found[name] = None
        else:
            found.setdefault(name, ident)
    return found


@dataclass
class Directory:
    """Names of users, bots and teams, with their ids (None when ambiguous)."""

    users: dict[str, int | None] = field(default_factory=dict)
    bots: dict[str, int | None] = field(default_factory=dict)
    teams: dict[str, int | None] = field(default_factory=dict)

    @classmethod
    def build(cls, agents: pl.DataFrame, teams: pl.DataFrame) -> Directory:
        """From the agents table (users, bots, assistants) and the teams table."""
        users = agents.filter(pl.col("type") == "User")
        bots = agents.filter(pl.col("type").is_in(list(BOT_TYPES)))
        user_pairs = [
            *zip(users["available_name"], users["id"], strict=True),
            *zip(users["name"], users["id"], strict=True),
        ]
        return cls(
            users=_unique(user_pairs),
            bots=_unique(zip(bots["name"], bots["id"], strict=True)),
            teams=_unique(zip(teams["name"], teams["id"], strict=True)),
        )

    def learn_users(self, names: Mapping[str, int]) -> None:
        """Add users known only by name from their assignments (people who left)."""
        for name, ident in names.items():
            if name not in self.users and name not in self.bots and name not in self.teams:
                self.users[name] = ident

    def actor(self, name: str | None) -> tuple[ActorKind, int | None]:
        """What ``name`` is, and its id when it is known and unique."""
        if name is None:
            return "unknown", None
        if name in self.users:
            return "user", self.users[name]
        if name in self.bots:
            return "bot", self.bots[name]
        if name in self.teams:
            return "team", self.teams[name]
        if name in SYSTEM_NAMES:
            return "system", None
        return "unknown", None
