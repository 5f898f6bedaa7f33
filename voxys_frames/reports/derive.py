"""Chatwoot's reporting events, derived from messages and activity messages.

Each conversation's messages are replayed in time order the way Chatwoot's
callbacks (``app/models/message.rb``, ``app/models/conversation.rb``) and its
``ReportingEventListener`` see them happen:

* ``first_response``: the *valid first reply* (``Message#valid_first_reply?``): a
  human public reply while the conversation has none yet and at most one counted
  outgoing message (public, not from an AgentBot, not a campaign's; a Captain
  message counts, so it suppresses the first response). Measured from the latest
  opening or bot hand-off, else the latest bot resolution, else the creation;
* ``reply_time``: every *other* human public reply while ``waiting_since`` is set,
  measured from it. ``waiting_since`` starts at the conversation's creation, is set
  by an incoming message or a bot hand-off when blank, and is cleared by a human
  public reply and on resolution. A valid first reply never has a reply time;
* a human reply (``Message#human_response?``) is an outgoing message from a User
  that no automation rule (``content_attributes.automation_rule_id``) and no
  campaign (``additional_attributes.campaign_id``) sent;
* ``conversation_resolved``: every resolution, from the creation even after a
  reopen; its user is the resolving user, else the current assignee;
  ``conversation_bot_resolved``, a copy, when the inbox has an active bot and no
  User ever sent an outgoing message (private notes included);
* ``conversation_opened`` on every change to open: from the last resolution when
  there was one (also from pending or snoozed), else 0 (starting at creation);
  ``conversation_bot_handoff`` (from creation, once).

Values are whole seconds (``end.to_i - start.to_i``). An incoming message reopens a
snoozed or resolved conversation (``Message#reopen_conversation``): it turns open, with
its ``conversation_opened``, or ``pending`` when a resolved conversation's inbox has an
active bot (no opening until the hand-off); an activity message that says so later
changes nothing.
An outgoing message whose sender is gone (``sender_type`` null: a deleted user)
counts as a User's unless ``unknown_sender_is_human=False``; one with an
``automation_rule_id`` never does. The messages endpoint omits
``additional_attributes``, so a campaign message is recognised only where the
embedded copy was seen.

Bot inboxes are the inboxes with an active agent bot (inbox settings): pass them
as ``bot_inboxes``. Without it they are guessed as the inboxes where an AgentBot
wrote, which misses silent bots and keeps inboxes whose bot was removed.

Alongside the events, :func:`derive` returns one row of replay state per
conversation (reopen cycles, waiting since, unrecognised activity messages...).

Examples
--------
>>> from voxys_frames.reports._examples import tiny_frames
>>> events = derive_events(tiny_frames())
>>> events.select("conversation_id", "name", "value", "user_id").rows()
[(1, 'first_response', 120.0, 4), (1, 'conversation_resolved', 600.0, 4)]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

import polars as pl

from voxys_frames.reports.activity import STATUS_AFTER, parse_activity
from voxys_frames.reports.business_hours import WorkingHours, with_business_hours
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
    counted: int = 0
    user_wrote: bool = False
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

    def emit(
        self, name: str, start: int, end: int, user: int | None, value: int | None = None
    ) -> None:
        seconds = _whole(end) - _whole(start) if value is None else value
        self.events.append((self.conversation_id, name, start, end, seconds, self.inbox_id, user))

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


def _whole(us: int) -> int:
    """Epoch microseconds to whole epoch seconds, as Ruby's ``Time#to_i`` (floor)."""
    return us // 1_000_000


class _Sender(NamedTuple):
    """What an outgoing message's sender means to Chatwoot's callbacks."""

    user: bool
    """Sent by a User (``sender_type`` User): blocks a bot resolution, private or not."""
    human: bool
    """``Message#human_response?``: a User's, not an automation rule's or a campaign's."""
    counted: bool
    """Counted by ``valid_first_reply?``'s query: public, not an AgentBot's, not a campaign's."""


class _Rules:
    """How messages change a :class:`_Replay` (one instance per derivation)."""

    def __init__(self, directory: Directory, *, unknown_sender_is_human: bool) -> None:
        self.directory = directory
        self.unknown_sender_is_human = unknown_sender_is_human

    def sender(
        self, sender_type: str | None, private: bool, automation: bool, campaign: bool
    ) -> _Sender:
        if sender_type is None and not automation and self.unknown_sender_is_human:
            sender_type = HUMAN  # a deleted user: a User when the message was written
        user = sender_type == HUMAN
        counted = (
            not private and not campaign and sender_type is not None and sender_type != "AgentBot"
        )
        return _Sender(user, user and not automation and not campaign, counted)

    def message(self, r: _Replay, row: tuple[Any, ...]) -> None:
        _, t, message_type, private, sender_type, sender_id, content, automation, campaign = row
        if message_type == "incoming":
            if r.status == "resolved" and r.has_bot:
                r.status = "pending"  # Message#reopen_resolved_conversation
                r.reopens += 1
            elif r.status in ("resolved", "snoozed"):  # Message#reopen_conversation
                r.reopens += int(r.status == "resolved")
                self.opened(r, t, handoff=False)
                r.status = "open"
            r.waiting = r.waiting if r.waiting is not None else t
        elif message_type == "outgoing":
            sender = self.sender(sender_type, private, automation, campaign)
            self.outgoing(r, t, private, sender, sender_id if sender_type == HUMAN else None)
        elif message_type == "activity":
            self.activity(r, t, content)

    def outgoing(
        self, r: _Replay, t: int, private: bool, sender: _Sender, user: int | None
    ) -> None:
        r.user_wrote = r.user_wrote or sender.user
        r.counted += sender.counted
        if private:
            return
        if r.first_responder is None:
            r.first_responder = "human" if sender.human else "bot"
            r.first_any_response = t
        if not sender.human:
            return
        if not r.first_done and r.counted <= 1:
            r.first_done = True
            start = r.last_open_end or r.last_bot_resolved_end or r.created
            r.emit("first_response", start, t, user)
        elif r.waiting is not None:
            r.emit("reply_time", r.waiting, t, user)
        r.waiting = None

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
        r.reopens += int(r.status == "resolved")
        if new_status == "resolved":
            resolver = actor_id if actor_kind == "user" else r.assignee
            r.emit("conversation_resolved", r.created, t, resolver)
            r.resolutions += 1
            if r.has_bot and not r.user_wrote:
                r.emit("conversation_bot_resolved", r.created, t, resolver)
                r.last_bot_resolved_end = t
            r.first_resolved = r.first_resolved if r.first_resolved is not None else t
            r.last_resolved = t
            r.waiting = None
        elif new_status == "open":
            by_bot = actor_kind == "bot" or (actor_kind == "unknown" and r.status == "pending")
            self.opened(r, t, handoff=activity.kind == "reopened" and by_bot)
        r.status = new_status

    def opened(self, r: _Replay, t: int, *, handoff: bool) -> None:
        """The conversation turns open at ``t`` (``handoff``: a bot hands it over)."""
        if handoff and r.waiting is None:
            r.waiting = t  # Conversation#bot_handoff!
        if r.last_resolved is None:
            r.emit("conversation_opened", r.created, t, r.assignee, value=0)
        else:
            r.emit("conversation_opened", r.last_resolved, t, r.assignee)
        if handoff and r.handoff_at is None:
            r.handoff_at = t
            r.emit("conversation_bot_handoff", r.created, t, r.assignee)
        r.last_open_end = t


def bot_inboxes_of(messages: pl.DataFrame) -> frozenset[int]:
    """A guess at the bot inboxes when their settings are unknown: where an AgentBot wrote.

    >>> bot_inboxes_of(pl.DataFrame({"sender_type": ["AgentBot", "User"], "inbox_id": [3, 4]}))
    frozenset({3})
    """
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


def _json_key(messages: pl.DataFrame, column: str, key: str) -> pl.Expr:
    """Whether the JSON object in ``column`` has a non-null, non-empty ``key``."""
    if column not in messages.columns:
        return pl.lit(False).alias(key)
    found = pl.col(column).cast(pl.String).str.json_path_match(f"$.{key}")
    return (found.is_not_null() & (found != "")).fill_null(False).alias(key)


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
            _json_key(messages, "content_attributes", "automation_rule_id"),
            _json_key(messages, "additional_attributes", "campaign_id"),
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
    working_hours: Mapping[int, WorkingHours] | None = None,
) -> Derivation:
    """Replay every conversation of ``frames``: its events and its final state.

    Needs the ``conversations``, ``messages`` (full histories, activity messages
    included), ``agents`` and ``teams`` tables. ``bot_inboxes`` are the inboxes
    with an active agent bot (guessed from the messages when not given).
    ``value_in_business_hours`` is each event's working seconds by its inbox's
    ``working_hours``, 0 in an inbox whose ``inboxes`` row has working hours off (as
    Chatwoot writes it), and null where the hours are not known.

    >>> from voxys_frames.reports._examples import tiny_frames
    >>> derive(tiny_frames()).states.select("conversation_id", "replayed_status", "waiting_since").rows()
    [(1, 'resolved', None), (2, 'open', datetime.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')))]
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
        replay.waiting = created  # Conversation#ensure_waiting_since
        for row in by_conversation.get(cid, ()):
            rules.message(replay, row)
        events.extend(replay.events)
        states.append(replay.state())
    found = in_business_hours(_events_frame(events), frames, working_hours or {})
    return Derivation(found, _states_frame(states))


def in_business_hours(
    events: pl.DataFrame, frames: Mapping[str, pl.DataFrame], hours: Mapping[int, WorkingHours]
) -> pl.DataFrame:
    """``events`` with ``value_in_business_hours`` by ``hours`` per inbox, and 0 where the
    ``inboxes`` table has working hours off (as Chatwoot stores it).

    >>> from voxys_frames.reports._examples import tiny_frames
    >>> frames = dict(tiny_frames())
    >>> frames["inboxes"] = pl.DataFrame({"id": [1], "working_hours_enabled": [False]})
    >>> in_business_hours(derive_events(tiny_frames()), frames, {})["value_in_business_hours"].to_list()
    [0.0, 0.0]
    """
    if hours:
        events = with_business_hours(events, hours)
    inboxes = frames.get("inboxes")
    if inboxes is None or "working_hours_enabled" not in inboxes.columns:
        return events
    off = inboxes.filter(~pl.col("working_hours_enabled").fill_null(value=False))["id"]
    return events.with_columns(
        pl.when(pl.col("inbox_id").is_in(off.implode()))
        .then(pl.lit(0.0))
        .otherwise(pl.col("value_in_business_hours"))
        .alias("value_in_business_hours")
    )


def _events_frame(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    raw = pl.DataFrame(
        rows,
        schema={
            "conversation_id": pl.Int64(),
            "name": pl.String(),
            "start": pl.Int64(),
            "end": pl.Int64(),
            "value": pl.Int64(),
            "inbox_id": pl.Int64(),
            "user_id": pl.Int64(),
        },
        orient="row",
    )
    return raw.select(
        "conversation_id",
        "name",
        pl.col("value").cast(pl.Float64),
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
    working_hours: Mapping[int, WorkingHours] | None = None,
) -> pl.DataFrame:
    """The reporting events derived from ``frames`` (see the module docstring).

    >>> from voxys_frames.reports._examples import tiny_frames
    >>> derive_events(tiny_frames())["name"].to_list()
    ['first_response', 'conversation_resolved']
    """
    return derive(
        frames,
        bot_inboxes=bot_inboxes,
        unknown_sender_is_human=unknown_sender_is_human,
        working_hours=working_hours,
    ).events
