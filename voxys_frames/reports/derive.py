"""Chatwoot's reporting events, derived from messages and activity messages.

Each conversation's messages are replayed in time order the way Chatwoot's
``ReportingEventListener`` sees them happen:

* ``first_response``: the first public outgoing message from a human, measured
  from the latest (re)opening or bot hand-off, else the latest bot resolution,
  else the conversation's creation;
* ``reply_time``: every human public reply that ends a customer wait, measured
  from the first unanswered incoming message (``waiting_since``);
* ``conversation_resolved``: every resolution, measured from the conversation's
  creation even after a reopen; ``conversation_bot_resolved`` too when the inbox
  has a bot and no human ever replied;
* ``conversation_opened`` (from the last resolution, 0 from pending or snoozed)
  and ``conversation_bot_handoff`` (from creation, once).

Private notes are never replies. An outgoing message whose sender is gone
(``sender_type`` null: a deleted user) counts as human unless
``unknown_sender_is_human=False``. Conversations of inboxes with a bot start
``pending``; the bot inboxes are those where an AgentBot wrote, unless given.

Alongside the events, :func:`derive` returns one row of replay state per
conversation (reopen cycles, waiting since, unrecognised activity messages...).

Examples
--------
>>> from voxys_frames.reports._examples import tiny_frames
>>> events = derive_events(tiny_frames())
>>> events.select("conversation_id", "name", "value", "user_id").rows()
[(1, 'first_response', 120.0, 4), (1, 'reply_time', 120.0, 4), (1, 'conversation_resolved', 600.0, 4)]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

import polars as pl

from voxys_frames.reports.activity import STATUS_AFTER, parse_activity
from voxys_frames.reports.people import Directory
from voxys_frames.tables.timestamps import DATETIME

EVENT_SCHEMA: Final = pl.Schema(
    {
        "conversation_id": pl.Int64(),
        "name": pl.String(),
        "value": pl.Float64(),
        "value_in_business_hours": pl.Float64(),
        "event_start_time": DATETIME,
        "event_end_time": DATETIME,
        "created_at": DATETIME,
        "inbox_id": pl.Int64(),
        "user_id": pl.Int64(),
        "conversation_pk": pl.Int64(),
        "source": pl.String(),
    }
)
"""Columns of a reports events frame, derived (``source`` "derived") or fetched."""

STATE_SCHEMA: Final = pl.Schema(
    {
        "conversation_id": pl.Int64(),
        "replayed_status": pl.String(),
        "waiting_since": DATETIME,
        "reopen_count": pl.Int64(),
        "resolution_count": pl.Int64(),
        "first_resolved_at": DATETIME,
        "last_resolved_at": DATETIME,
        "first_responder_type": pl.String(),
        "first_any_response_at": DATETIME,
        "bot_handoff_at": DATETIME,
        "unrecognised_activity_count": pl.Int64(),
    }
)
"""Columns of the per-conversation replay state."""

HUMAN: Final = "User"
BOT_SENDERS: Final = frozenset({"AgentBot", "Captain::Assistant"})


class Derivation(NamedTuple):
    """The derived events and the per-conversation replay state."""

    events: pl.DataFrame
    states: pl.DataFrame


@dataclass
class _Replay:
    """The state of one conversation while its messages are replayed (times in us)."""

    conversation_id: int
    created: int
    inbox_id: int | None
    has_bot: bool
    status: str = "open"
    waiting: int | None = None
    assignee: int | None = None
    first_done: bool = False
    human_replied: bool = False
    handoff_at: int | None = None
    last_open_end: int | None = None
    last_bot_resolved_end: int | None = None
    first_resolved: int | None = None
    last_resolved: int | None = None
    reopens: int = 0
    resolutions: int = 0
    unrecognised: int = 0
    first_responder: str | None = None
    first_any_response: int | None = None
    events: list[tuple[Any, ...]] = field(default_factory=list)

    def emit(self, name: str, start: int, end: int, user: int | None) -> None:
        self.events.append((self.conversation_id, name, start, end, self.inbox_id, user))

    def state(self) -> tuple[Any, ...]:
        return (
            self.conversation_id,
            self.status,
            self.waiting,
            self.reopens,
            self.resolutions,
            self.first_resolved,
            self.last_resolved,
            self.first_responder,
            self.first_any_response,
            self.handoff_at,
            self.unrecognised,
        )


class _Rules:
    """How messages change a :class:`_Replay` (one instance per derivation)."""

    def __init__(self, directory: Directory, *, unknown_sender_is_human: bool) -> None:
        self.directory = directory
        self.unknown_sender_is_human = unknown_sender_is_human

    def is_human(self, sender_type: str | None) -> bool:
        if sender_type is None:
            return self.unknown_sender_is_human
        return sender_type == HUMAN

    def message(self, r: _Replay, row: tuple[Any, ...]) -> None:
        _, t, message_type, private, sender_type, sender_id, content = row
        if message_type == "incoming":
            r.waiting = r.waiting if r.waiting is not None else t
        elif message_type == "outgoing" and not private:
            self.outgoing(r, t, sender_type, sender_id)
        elif message_type == "activity":
            self.activity(r, t, content)

    def outgoing(self, r: _Replay, t: int, sender_type: str | None, sender_id: int | None) -> None:
        human = self.is_human(sender_type)
        if r.first_responder is None:
            r.first_responder = "human" if human else "bot"
            r.first_any_response = t
        if not human:
            return
        user = sender_id if sender_type == HUMAN else None
        if not r.first_done:
            r.first_done = True
            start = r.last_open_end or r.last_bot_resolved_end or r.created
            r.emit("first_response", start, t, user)
        if r.waiting is not None:
            r.emit("reply_time", r.waiting, t, user)
        r.waiting = None
        r.human_replied = True

    def activity(self, r: _Replay, t: int, content: str | None) -> None:
        activity = parse_activity(content)
        if activity.kind == "unrecognised":
            r.unrecognised += 1
            return
        actor_kind, actor_id = self.directory.actor(activity.actor)
        if activity.kind == "assigned":
            target_kind, target_id = self.directory.actor(activity.target)
            if target_kind in ("user", "unknown"):
                r.assignee = target_id
            elif target_kind == "bot":
                r.assignee = None
            return
        if activity.kind == "unassigned":
            r.assignee = None
            return
        new_status = STATUS_AFTER.get(activity.kind)
        if new_status is None or new_status == r.status:
            return
        if new_status == "resolved":
            resolver = actor_id if actor_kind == "user" else r.assignee
            r.emit("conversation_resolved", r.created, t, resolver)
            r.resolutions += 1
            if r.has_bot and not r.human_replied:
                r.emit("conversation_bot_resolved", r.created, t, None)
                r.last_bot_resolved_end = t
            r.first_resolved = r.first_resolved if r.first_resolved is not None else t
            r.last_resolved = t
            r.waiting = None
        elif new_status == "open":
            by_bot = actor_kind == "bot" or (actor_kind == "unknown" and r.status == "pending")
            if activity.kind == "reopened" and by_bot and r.handoff_at is None:
                r.handoff_at = t
                r.emit("conversation_bot_handoff", r.created, t, r.assignee)
            reopened = r.status == "resolved"
            previous = r.last_resolved if reopened and r.last_resolved is not None else t
            r.emit("conversation_opened", previous, t, r.assignee)
            r.reopens += int(reopened)
            r.last_open_end = t
            if activity.kind == "system_reopened" and r.waiting is None:
                r.waiting = t
        r.status = new_status


def bot_inboxes_of(messages: pl.DataFrame) -> frozenset[int]:
    """Inboxes where an AgentBot wrote: their conversations start pending."""
    found = messages.filter(pl.col("sender_type") == "AgentBot")["inbox_id"].unique()
    return frozenset(int(i) for i in found if i is not None)


def learned_assignees(
    messages: pl.DataFrame, conversations: pl.DataFrame, directory: Directory
) -> dict[str, int]:
    """Names of users missing from the agents table, from the conversations assigned to them."""
    activities = messages.filter(pl.col("message_type") == "activity").sort("created_at", "id")
    last_target: dict[int, str] = {}
    for conversation_id, content in activities.select("conversation_id", "content").iter_rows():
        activity = parse_activity(content)
        if activity.kind == "assigned" and activity.target is not None:
            last_target[conversation_id] = activity.target
    learned: dict[str, int] = {}
    assigned = conversations.filter(pl.col("assignee_type") == "User")
    for conversation_id, assignee_id in assigned.select("id", "assignee_id").iter_rows():
        name = last_target.get(conversation_id)
        if name is not None and directory.actor(name)[0] == "unknown":
            learned[name] = assignee_id
    return learned


def _grouped(messages: pl.DataFrame) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """Message rows by conversation, in time order (ties by id)."""
    rows = (
        messages.select(
            "conversation_id",
            pl.col("created_at").dt.epoch("us"),
            pl.col("message_type").cast(pl.String),
            pl.col("private").fill_null(False),
            "sender_type",
            "sender_id",
            "content",
        )
        .sort("conversation_id", "created_at", maintain_order=True)
        .iter_rows()
    )
    current: int | None = None
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield current, batch
            current, batch = row[0], []
        batch.append(row)
    if current is not None:
        yield current, batch


def derive(
    frames: Mapping[str, pl.DataFrame],
    *,
    bot_inboxes: Collection[int] | None = None,
    unknown_sender_is_human: bool = True,
) -> Derivation:
    """Replay every conversation of ``frames``: its events and its final state.

    Needs the ``conversations``, ``messages`` (full histories, activity messages
    included), ``agents`` and ``teams`` tables.
    """
    conversations = frames["conversations"]
    messages = frames["messages"].sort("id")
    directory = Directory.build(frames["agents"], frames["teams"])
    directory.learn_users(learned_assignees(messages, conversations, directory))
    bots = frozenset(bot_inboxes) if bot_inboxes is not None else bot_inboxes_of(messages)
    rules = _Rules(directory, unknown_sender_is_human=unknown_sender_is_human)
    known = {
        cid: (created, inbox)
        for cid, created, inbox in conversations.select(
            "id", pl.col("created_at").dt.epoch("us"), "inbox_id"
        ).iter_rows()
    }
    by_conversation = dict(_grouped(messages.filter(pl.col("conversation_id").is_in(list(known)))))
    events: list[tuple[Any, ...]] = []
    states: list[tuple[Any, ...]] = []
    for cid, (created, inbox) in known.items():
        replay = _Replay(cid, created, inbox, inbox in bots)
        replay.status = "pending" if replay.has_bot else "open"
        for row in by_conversation.get(cid, ()):
            rules.message(replay, row)
        events.extend(replay.events)
        states.append(replay.state())
    return Derivation(_events_frame(events), _states_frame(states))


def _events_frame(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    raw = pl.DataFrame(
        rows,
        schema={
            "conversation_id": pl.Int64(),
            "name": pl.String(),
            "start": pl.Int64(),
            "end": pl.Int64(),
            "inbox_id": pl.Int64(),
            "user_id": pl.Int64(),
        },
        orient="row",
    )
    return raw.select(
        "conversation_id",
        "name",
        ((pl.col("end") - pl.col("start")) / 1_000_000).alias("value"),
        pl.lit(None, pl.Float64()).alias("value_in_business_hours"),
        pl.col("start").cast(DATETIME).alias("event_start_time"),
        pl.col("end").cast(DATETIME).alias("event_end_time"),
        pl.col("end").cast(DATETIME).alias("created_at"),
        "inbox_id",
        "user_id",
        pl.lit(None, pl.Int64()).alias("conversation_pk"),
        pl.lit("derived").alias("source"),
    ).sort("event_end_time", "conversation_id", maintain_order=True)


def _states_frame(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    times = [name for name, dtype in STATE_SCHEMA.items() if dtype == DATETIME]
    raw = pl.DataFrame(
        rows,
        schema={
            name: pl.Int64() if name in times else dtype for name, dtype in STATE_SCHEMA.items()
        },
        orient="row",
    )
    return raw.with_columns(pl.col(times).cast(DATETIME))


def derive_events(
    frames: Mapping[str, pl.DataFrame],
    *,
    bot_inboxes: Collection[int] | None = None,
    unknown_sender_is_human: bool = True,
) -> pl.DataFrame:
    """The reporting events derived from ``frames`` (see the module docstring)."""
    return derive(
        frames, bot_inboxes=bot_inboxes, unknown_sender_is_human=unknown_sender_is_human
    ).events
