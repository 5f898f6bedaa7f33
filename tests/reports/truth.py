"""Ground truth from the emulator's own events, computed without the report code.

Works on the raw event tuples of each timeline and on the emulator's reporting
events (``voxys_frames.emulator.reporting.conversation_events``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from voxys_frames.emulator.reporting import conversation_events
from voxys_frames.emulator.timeline import (
    A_AUTO_RESOLVE,
    A_OPEN,
    A_PENDING,
    A_RESOLVE,
    A_SNOOZE,
    A_SYSTEM_OPEN,
    ACTOR_BOT,
    ACTOR_CAPTAIN,
    ACTOR_USER,
    F_ORPHAN_SENDER,
    F_PRIVATE,
    KIND_ACTIVITY,
    KIND_INCOMING,
    KIND_OUTGOING,
    STATUS_NAMES,
    STATUS_RESOLVED,
)
from voxys_frames.emulator.world import World


@dataclass
class Truth:
    """What one conversation's events say."""

    display_id: int
    created_at: int
    inbox_id: int
    team_id: int | None
    labels: list[str]
    assignee_user: int | None
    status: str
    incoming: int = 0
    outgoing_public: int = 0
    private: int = 0
    bot_outgoing: int = 0
    first_responder: str | None = None
    first_responder_user: int | None = None
    reopens: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    messages: list[tuple[int, int, int | None]] = field(default_factory=list)
    """(time, message_type code, user id the frames can know) of every message."""

    def values(self, name: str) -> list[float]:
        return [float(e["value"]) for e in self.events if e["name"] == name]


def visible_user(world: World, actor_type: int, actor_id: int, flags: int) -> int | None:
    """The sender user id as the API shows it: none for removed or deleted senders."""
    if actor_type != ACTOR_USER or flags & F_ORPHAN_SENDER or world.catalog.user(actor_id).left:
        return None
    return actor_id


def _status_after(status: int, sub: int) -> int:
    return {
        A_RESOLVE: STATUS_RESOLVED,
        A_AUTO_RESOLVE: STATUS_RESOLVED,
        A_OPEN: 0,
        A_SYSTEM_OPEN: 0,
        A_PENDING: 2,
        A_SNOOZE: 3,
    }.get(sub, status)


def conversation_truth(world: World, c: int) -> Truth:
    """The ground truth of conversation index ``c``."""
    cols = world.cols
    sk = world.skeleton(c)
    truth = Truth(
        display_id=c + 1,
        created_at=int(cols["created_at"][c]),
        inbox_id=int(cols["inbox_id"][c]),
        team_id=int(cols["team_id"][c]) or None,
        labels=world.tags(c),
        assignee_user=world.assignee_user(c) or None,
        status=STATUS_NAMES[int(cols["status"][c])],
    )
    status = sk.initial_status
    for message in world.timeline(c + 1):
        t, kind, actor_type, actor_id, flags, sub, _ = message.event
        private = bool(flags & F_PRIVATE)
        sender = None if kind == KIND_ACTIVITY else visible_user(world, actor_type, actor_id, flags)
        truth.messages.append((t, kind, sender))
        if kind == KIND_INCOMING:
            truth.incoming += 1
        elif kind == KIND_OUTGOING and private:
            truth.private += 1
        elif kind == KIND_OUTGOING:
            truth.outgoing_public += 1
            truth.bot_outgoing += actor_type in (ACTOR_BOT, ACTOR_CAPTAIN)
            if truth.first_responder is None:
                truth.first_responder = "human" if actor_type == ACTOR_USER else "bot"
        elif kind == KIND_ACTIVITY:
            after = _status_after(status, sub)
            truth.reopens += status == STATUS_RESOLVED and after != STATUS_RESOLVED
            status = after
    truth.events = conversation_events(world, c)
    for event in truth.events:
        if event["name"] in ("first_response", "reply_time"):
            event["user_id"] = _replier(world, c, event["end"])
    return truth


def _replier(world: World, c: int, t: int) -> int | None:
    """The user the frames can name for the human reply sent at ``t``."""
    for message in world.timeline(c + 1):
        at, kind, actor_type, actor_id, flags, _, _ = message.event
        if at == t and kind == KIND_OUTGOING and actor_type == ACTOR_USER and not flags & F_PRIVATE:
            return visible_user(world, actor_type, actor_id, flags)
    msg = f"no reply at {t} in conversation {c + 1}"
    raise AssertionError(msg)


def all_truths(world: World) -> list[Truth]:
    """The ground truth of every conversation of ``world``."""
    return [conversation_truth(world, c) for c in range(world.count)]
