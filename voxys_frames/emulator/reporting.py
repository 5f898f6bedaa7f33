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

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from voxys_frames.emulator.catalog import Inbox
from voxys_frames.emulator.timeline import (
    A_ASSIGN,
    A_BOT_ASSIGN,
    A_OPEN,
    A_UNASSIGN,
    ACTOR_BOT,
    ACTOR_USER,
    F_PRIVATE,
    KIND_ACTIVITY,
    KIND_INCOMING,
    KIND_OUTGOING,
    STATUS_OPEN,
    STATUS_PENDING,
    STATUS_RESOLVED,
    STATUS_SNOOZED,
    Event,
    counts_for_first_reply,
    is_human_reply,
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
    cols = world.cols
    return timeline_events(
        [message.event for message in world.timeline(c + 1)],
        created=int(cols["created_at"][c]),
        inbox=world.catalog.inbox(int(cols["inbox_id"][c])),
        initial_status=world.skeleton(c).initial_status,
        display_id=c + 1,
    )


def timeline_events(
    timeline: Iterable[Event], *, created: int, inbox: Inbox, initial_status: int, display_id: int
) -> list[dict[str, Any]]:
    """The reporting events Chatwoot writes for one conversation's events, in time order.

    Chatwoot's rules (``message.rb``, ``conversation.rb``, ``reporting_event_listener.rb``,
    ``reporting_event_helper.rb``): a valid first reply (a human public reply, no
    first reply yet, at most one counted outgoing message) writes ``first_response``
    and no ``reply_time``; any later human public reply with ``waiting_since`` set
    writes ``reply_time``; ``waiting_since`` starts at creation. Values are whole
    seconds.

    >>> web = Inbox(1, "Website", "Channel::WebWidget", 1, 1.0, None, None, "UTC", False)
    >>> timeline = [(0, KIND_INCOMING, 1, 7, 0, 0, 0), (120, KIND_OUTGOING, ACTOR_USER, 4, 0, 0, 0)]
    >>> events = timeline_events(timeline, created=0, inbox=web, initial_status=0, display_id=1)
    >>> [(e["name"], e["value"], e["user_id"]) for e in events]
    [('first_response', 120, 4)]
    """
    bot_inbox = inbox.bot_id is not None
    status = initial_status
    waiting = created  # Conversation#ensure_waiting_since
    assignee: int | None = None
    first_reply_at = 0
    counted = 0
    user_wrote = False
    handoff_done = False
    last_open_end: int | None = None
    last_bot_resolved_end: int | None = None
    last_resolved_at: int | None = None
    out: list[dict[str, Any]] = []

    def emit(name: str, start: int, end: int, user: int | None, value: int | None = None) -> None:
        hours = business_seconds(start, end, inbox.timezone) if inbox.working_hours_enabled else 0
        if name == "conversation_opened" and value == 0:
            hours = 0
        out.append(
            {
                "name": name,
                "value": end - start if value is None else value,
                "value_in_business_hours": hours,
                "start": start,
                "end": end,
                "inbox_id": inbox.id,
                "user_id": user,
                "conversation_pk": conversation_pk(display_id),
                "display_id": display_id,
            }
        )

    def opened(t: int) -> None:
        """``conversation_opened``: from the last resolution, else 0 from the creation."""
        if last_resolved_at is None:
            emit("conversation_opened", created, t, assignee, value=0)
        else:
            emit("conversation_opened", last_resolved_at, t, assignee)

    for t, kind, actor_type, actor_id, flags, sub, target in timeline:
        if kind == KIND_INCOMING:
            if status == STATUS_RESOLVED and bot_inbox:
                status = STATUS_PENDING  # Message#reopen_resolved_conversation
            elif status in (STATUS_RESOLVED, STATUS_SNOOZED):  # Message#reopen_conversation
                opened(t)
                last_open_end = t
                status = STATUS_OPEN
            if not waiting:
                waiting = t
        elif kind == KIND_OUTGOING:
            user_wrote = user_wrote or actor_type == ACTOR_USER
            counted += counts_for_first_reply(actor_type, flags)
            if not is_human_reply(actor_type, flags) or flags & F_PRIVATE:
                continue
            if not first_reply_at and counted <= 1:
                first_reply_at = t
                start = last_open_end or last_bot_resolved_end or created
                emit("first_response", start, t, actor_id)
            elif waiting:
                emit("reply_time", waiting, t, actor_id)
            waiting = 0
        elif kind == KIND_ACTIVITY:
            if sub == A_ASSIGN:
                assignee = target
                continue
            if sub in (A_BOT_ASSIGN, A_UNASSIGN):
                assignee = None
                continue
            new_status = status_after(status, sub)
            if new_status == status:
                continue
            if new_status == STATUS_RESOLVED:
                resolver = actor_id if actor_type == ACTOR_USER else assignee
                emit("conversation_resolved", created, t, resolver)
                if bot_inbox and not user_wrote:
                    emit("conversation_bot_resolved", created, t, resolver)
                    last_bot_resolved_end = t
                last_resolved_at = t
                waiting = 0
            elif new_status == STATUS_OPEN:
                handoff = sub == A_OPEN and actor_type == ACTOR_BOT
                if handoff and not waiting:
                    waiting = t  # Conversation#bot_handoff!
                opened(t)
                if handoff and not handoff_done:
                    handoff_done = True
                    emit("conversation_bot_handoff", created, t, assignee)
                last_open_end = t
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
    "timeline_events",
]
