"""Reporting events, derived from each conversation's timeline the way Chatwoot's
``ReportingEventListener`` writes them.

They are the ground truth that report code is checked against: the activity
messages of a timeline and its reporting events always agree.

Examples
--------
>>> from voxys_frames.emulator.config import EmulatorConfig
>>> from voxys_frames.emulator.world import World
>>> world = World(EmulatorConfig(seed=3, conversations=30))
>>> names = {e["name"] for c in range(30) for e in conversation_events(world, c)}
>>> "conversation_resolved" in names
True
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from voxys_frames.emulator.timeline import (
    A_ASSIGN,
    A_BOT_ASSIGN,
    A_OPEN,
    A_SYSTEM_OPEN,
    ACTOR_BOT,
    ACTOR_USER,
    F_PRIVATE,
    KIND_ACTIVITY,
    KIND_INCOMING,
    KIND_OUTGOING,
    STATUS_OPEN,
    STATUS_RESOLVED,
    status_after,
)
from voxys_frames.emulator.world import World

#: Working hours of inboxes that have them enabled: Monday-Friday, 09:00-17:00 local.
OPEN_HOUR, CLOSE_HOUR = 9, 17


def conversation_pk(display_id: int) -> int:
    """The conversation's primary key (what reporting events call conversation_id)."""
    return 4_000 + display_id * 2


def business_seconds(start: int, end: int, timezone: str) -> int:
    """Seconds of ``[start, end)`` that fall in working hours in ``timezone``.

    >>> business_seconds(0, 3600, "UTC")  # Thursday 1970-01-01 00:00-01:00
    0
    >>> business_seconds(9 * 3600, 10 * 3600, "UTC")
    3600
    """
    if end <= start:
        return 0
    zone = ZoneInfo(timezone)
    local = datetime.fromtimestamp(start, tz=zone)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    total = 0
    while True:
        opening = day.replace(hour=OPEN_HOUR)
        closing = day.replace(hour=CLOSE_HOUR)
        if opening.timestamp() >= end:
            break
        if day.weekday() < 5:
            lo = max(start, int(opening.timestamp()))
            hi = min(end, int(closing.timestamp()))
            if hi > lo:
                total += hi - lo
        day = (day + timedelta(days=1, hours=2)).replace(hour=0)
    return total


def conversation_events(world: World, c: int) -> list[dict[str, Any]]:
    """The reporting events of conversation index ``c`` (without ids)."""
    display_id = c + 1
    cols = world.cols
    created = int(cols["created_at"][c])
    inbox = world.catalog.inbox(int(cols["inbox_id"][c]))
    sk = world.skeleton(c)
    status = sk.initial_status
    waiting = 0
    assignee: int | None = None
    first_done = False
    human_replied = False
    handoff_done = False
    last_open_end: int | None = None
    last_bot_resolved_end: int | None = None
    last_resolved_at: int | None = None
    out: list[dict[str, Any]] = []

    def emit(name: str, start: int, end: int, user: int | None) -> None:
        hours = business_seconds(start, end, inbox.timezone) if inbox.working_hours_enabled else 0
        out.append(
            {
                "name": name,
                "value": end - start,
                "value_in_business_hours": hours,
                "start": start,
                "end": end,
                "inbox_id": inbox.id,
                "user_id": user,
                "conversation_pk": conversation_pk(display_id),
                "display_id": display_id,
            }
        )

    for message in world.timeline(display_id):
        t, kind, actor_type, actor_id, flags, sub, target = message.event
        if kind == KIND_INCOMING:
            if waiting == 0:
                waiting = t
        elif kind == KIND_OUTGOING and actor_type == ACTOR_USER and not flags & F_PRIVATE:
            if not first_done:
                first_done = True
                start = last_open_end or last_bot_resolved_end or created
                emit("first_response", start, t, actor_id)
            if waiting:
                emit("reply_time", waiting, t, actor_id)
            waiting = 0
            human_replied = True
        elif kind == KIND_ACTIVITY:
            if sub == A_ASSIGN:
                assignee = target
                continue
            if sub == A_BOT_ASSIGN:
                assignee = None
                continue
            new_status = status_after(status, sub)
            if new_status == status:
                continue
            if new_status == STATUS_RESOLVED:
                resolver = actor_id if actor_type == ACTOR_USER else assignee
                emit("conversation_resolved", created, t, resolver)
                if inbox.bot_id is not None and not human_replied:
                    emit("conversation_bot_resolved", created, t, None)
                    last_bot_resolved_end = t
                last_resolved_at = t
                waiting = 0
            elif new_status == STATUS_OPEN:
                if sub == A_OPEN and actor_type == ACTOR_BOT and not handoff_done:
                    handoff_done = True
                    emit("conversation_bot_handoff", created, t, assignee)
                previous = last_resolved_at if status == STATUS_RESOLVED else None
                emit("conversation_opened", previous if previous is not None else t, t, assignee)
                last_open_end = t
                if sub == A_SYSTEM_OPEN:
                    waiting = waiting or t
            status = new_status
    return out


class ReportingIndex:
    """Every reporting event of the account, newest first, built on first use."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._events: list[dict[str, Any]] | None = None
        self._version = -1

    def events(self) -> list[dict[str, Any]]:
        """All events with ids (ascending by time), sorted newest first."""
        world = self.world
        if self._events is None or self._version != world.version:
            collected: list[dict[str, Any]] = []
            for c in range(world.count):
                collected.extend(conversation_events(world, c))
            collected.sort(key=lambda e: (e["end"], e["display_id"]))
            for number, event in enumerate(collected, start=1):
                event["id"] = number
            collected.reverse()
            self._events = collected
            self._version = world.version
        return self._events


__all__ = [
    "ReportingIndex",
    "business_seconds",
    "conversation_events",
    "conversation_pk",
]
