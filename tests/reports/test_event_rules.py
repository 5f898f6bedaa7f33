"""Chatwoot's event rules on hand-built timelines: the derivation and the emulator agree
with the numbers Chatwoot's code gives, not with the old misreading.

Each case is one conversation written as steps (seconds after creation), with the
events Chatwoot writes for it, worked out by hand from ``app/models/message.rb``,
``app/models/conversation.rb``, ``app/listeners/reporting_event_listener.rb`` and
``app/helpers/reporting_event_helper.rb`` (see ``chatwoot-reports.md``, "Event rules,
checked against Chatwoot's source"), and the events a twin that misreads the rule the
case is about would give ("misread": the old reading of that rule, the others kept).
The same steps feed :func:`voxys_frames.reports.derive.derive` (as frames) and the
emulator's :func:`voxys_frames.emulator.reporting.timeline_events` (as event tuples).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import orjson
import polars as pl
import pytest

from voxys_frames.emulator.catalog import Inbox
from voxys_frames.emulator.reporting import timeline_events
from voxys_frames.emulator.timeline import (
    A_ASSIGN,
    A_AUTO_RESOLVE,
    A_NONE,
    A_OPEN,
    A_PENDING,
    A_RESOLVE,
    A_SNOOZE,
    A_SYSTEM_OPEN,
    ACTOR_BOT,
    ACTOR_CAPTAIN,
    ACTOR_CONTACT,
    ACTOR_NONE,
    ACTOR_USER,
    F_AUTOMATION,
    F_CAMPAIGN,
    F_PRIVATE,
    KIND_ACTIVITY,
    KIND_INCOMING,
    KIND_OUTGOING,
    STATUS_OPEN,
    STATUS_PENDING,
    Event,
)
from voxys_frames.emulator.timeline import derive as timeline_fields
from voxys_frames.reports.chatwoot import chatwoot_report
from voxys_frames.reports.derive import derive
from voxys_frames.reports.zones import zone_for_offset
from voxys_frames.tables.frames import Frames

CREATED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EPOCH = int(CREATED.timestamp())
BOT_INBOX, PLAIN_INBOX = 1, 2
USERS = {4: ("Dmitri Volkov", "Dima"), 5: ("Kai Müller", None)}
BOT_NAME = "Website Bot"


class Step(NamedTuple):
    """One message: ``at`` seconds after creation; ``kind`` in, out, note or activity.

    ``who``: ``user:<id>``, ``bot``, ``captain`` or None (no sender). ``what``: for
    outgoing messages ``campaign`` or ``automation``; for activities ``resolve``,
    ``auto_resolve``, ``open``, ``system_open``, ``pending``, ``snooze``,
    ``contact_resolve`` (``who`` is ``contact``) or ``assign:<id>``.
    """

    at: float
    kind: str
    who: str | None = None
    what: str = ""


Summary = list[tuple[str, float, int | None]]


@dataclass
class Case:
    """A timeline, the events Chatwoot writes for it and those the old reading gave."""

    name: str
    inbox: int
    steps: list[Step]
    chatwoot: Summary
    misread: Summary
    bot_inboxes: set[int] = field(default_factory=lambda: {BOT_INBOX})
    created: float = 0.0


def _user(who: str | None) -> int:
    assert who is not None and who.startswith("user:")
    return int(who.split(":")[1])


def _actor_name(who: str | None) -> str:
    if who == "bot":
        return BOT_NAME
    name, display = USERS[_user(who)]
    return display or name


def _activity_text(step: Step) -> str:
    if step.what.startswith("assign:"):
        return f"Assigned to {USERS[int(step.what.split(':')[1])][0]} by System"
    if step.what == "resolve":
        return f"Conversation was marked resolved by {_actor_name(step.who)}"
    if step.what == "auto_resolve":
        return "Conversation was marked resolved by system due to 7 days of inactivity"
    if step.what == "open":
        return f"Conversation was reopened by {_actor_name(step.who)}"
    if step.what == "system_open":
        return "System reopened the conversation due to a new incoming message."
    if step.what == "pending":
        return f"Conversation was marked as pending by {_actor_name(step.who)}"
    if step.what == "snooze":
        return f"Conversation was snoozed by {_actor_name(step.who)}"
    if step.what == "contact_resolve":  # conversations.activity.status.contact_resolved
        return "Conversation was resolved by Ann"
    raise AssertionError(step)


def _sender(who: str | None) -> tuple[str | None, int | None]:
    if who is None:
        return None, None
    if who == "bot":
        return "AgentBot", 1
    if who == "captain":
        return "Captain::Assistant", 1
    if who == "contact":
        return "Contact", 7
    return "User", _user(who)


def frames_of(case: Case) -> Frames:
    """The case as a snapshot's tables (one conversation, id 1)."""
    rows: list[dict[str, Any]] = []
    for number, step in enumerate(case.steps, start=10):
        kind = {"in": "incoming", "out": "outgoing", "note": "outgoing"}.get(step.kind, step.kind)
        sender_type, sender_id = _sender("contact" if step.kind == "in" else step.who)
        if step.kind == "activity":
            sender_type, sender_id = None, None
        rows.append(
            {
                "id": number,
                "conversation_id": 1,
                "inbox_id": case.inbox,
                "message_type": kind,
                "private": step.kind == "note",
                "created_at": CREATED + timedelta(seconds=step.at),
                "sender_type": sender_type,
                "sender_id": sender_id,
                "content": _activity_text(step) if step.kind == "activity" else "text",
                "content_attributes": orjson.dumps(
                    {"automation_rule_id": 2} if step.what == "automation" else {}
                ).decode(),
                "additional_attributes": orjson.dumps(
                    {"campaign_id": 3} if step.what == "campaign" else {}
                ).decode(),
            }
        )
    messages = pl.DataFrame(
        rows,
        schema={
            "id": pl.Int64(),
            "conversation_id": pl.Int64(),
            "inbox_id": pl.Int64(),
            "message_type": pl.Enum(["incoming", "outgoing", "activity", "template"]),
            "private": pl.Boolean(),
            "created_at": pl.Datetime("us", "UTC"),
            "sender_type": pl.String(),
            "sender_id": pl.Int64(),
            "content": pl.String(),
            "content_attributes": pl.String(),
            "additional_attributes": pl.String(),
        },
        orient="row",
    )
    conversations = pl.DataFrame(
        {
            "id": [1],
            "inbox_id": [case.inbox],
            "created_at": [CREATED + timedelta(seconds=case.created)],
            "assignee_id": [None],
            "assignee_type": [None],
        },
        schema_overrides={"assignee_id": pl.Int64(), "assignee_type": pl.String()},
    )
    agents = pl.DataFrame(
        {
            "type": ["User", "User", "AgentBot", "Captain::Assistant"],
            "id": [4, 5, 1, 1],
            "name": [USERS[4][0], USERS[5][0], BOT_NAME, "Captain"],
            "available_name": [USERS[4][1], USERS[5][0], None, None],
        }
    )
    teams = pl.DataFrame({"id": [1], "name": ["Billing"]})
    return Frames(
        {"conversations": conversations, "messages": messages, "agents": agents, "teams": teams}
    )


ACTIVITY_SUB = {
    "resolve": A_RESOLVE,
    "auto_resolve": A_AUTO_RESOLVE,
    "open": A_OPEN,
    "system_open": A_SYSTEM_OPEN,
    "pending": A_PENDING,
    "snooze": A_SNOOZE,
    "contact_resolve": A_RESOLVE,
}


def timeline_of(case: Case) -> list[Event]:
    """The case as the emulator's event tuples (whole seconds)."""
    events: list[Event] = []
    for step in case.steps:
        t = EPOCH + int(step.at)
        if step.kind == "in":
            events.append((t, KIND_INCOMING, ACTOR_CONTACT, 7, 0, A_NONE, 0))
            continue
        if step.kind == "activity":
            if step.what.startswith("assign:"):
                target = int(step.what.split(":")[1])
                events.append((t, KIND_ACTIVITY, ACTOR_NONE, 0, 0, A_ASSIGN, target))
                continue
            actor = {
                "bot": (ACTOR_BOT, 1),
                "contact": (ACTOR_CONTACT, 7),
                None: (ACTOR_NONE, 0),
            }.get(step.who)
            actor_type, actor_id = actor or (ACTOR_USER, _user(step.who))
            events.append((t, KIND_ACTIVITY, actor_type, actor_id, 0, ACTIVITY_SUB[step.what], 0))
            continue
        flags = F_PRIVATE if step.kind == "note" else 0
        flags |= {"campaign": F_CAMPAIGN, "automation": F_AUTOMATION}.get(step.what, 0)
        who = {"bot": (ACTOR_BOT, 1), "captain": (ACTOR_CAPTAIN, 1), None: (ACTOR_NONE, 0)}
        actor_type, actor_id = who.get(step.who) or (ACTOR_USER, _user(step.who))
        events.append((t, KIND_OUTGOING, actor_type, actor_id, flags, A_NONE, 0))
    return events


def emulator_inbox(case: Case) -> Inbox:
    """The case's inbox for the emulator: a bot inbox has an active agent bot."""
    bot = 1 if case.inbox in case.bot_inboxes else None
    return Inbox(case.inbox, "Inbox", "Channel::WebWidget", 1, 1.0, bot, None, "UTC", False)


def derived_summary(case: Case) -> Summary:
    events = derive(frames_of(case), bot_inboxes=case.bot_inboxes).events
    return sorted(
        (name, value, user)
        for name, value, user in events.select("name", "value", "user_id").rows()
    )


def emulator_summary(case: Case) -> Summary:
    status = STATUS_PENDING if case.inbox in case.bot_inboxes else STATUS_OPEN
    events = timeline_events(
        timeline_of(case),
        created=EPOCH + int(case.created),
        inbox=emulator_inbox(case),
        initial_status=status,
        display_id=1,
    )
    return sorted((e["name"], float(e["value"]), e["user_id"]) for e in events)


def _s(*events: tuple[str, float, int | None]) -> Summary:
    return sorted(events)


FR, RT, RES, BOT_RES = (
    "first_response",
    "reply_time",
    "conversation_resolved",
    "conversation_bot_resolved",
)
OPENED, HANDOFF = "conversation_opened", "conversation_bot_handoff"

CASES = [
    Case(  # message.rb#dispatch_create_events: FIRST_REPLY_CREATED *or* update_waiting_since
        "a valid first reply has a first response and no reply time",
        PLAIN_INBOX,
        [Step(0, "in"), Step(120, "out", "user:4"), Step(300, "in"), Step(420, "out", "user:4")],
        chatwoot=_s((FR, 120, 4), (RT, 120, 4)),
        misread=_s((FR, 120, 4), (RT, 120, 4), (RT, 120, 4)),
    ),
    Case(  # message.rb#human_response?: content_attributes.automation_rule_id
        "an automation rule's message is not a human reply",
        PLAIN_INBOX,
        [Step(0, "in"), Step(1, "out", None, "automation"), Step(600, "out", "user:4")],
        chatwoot=_s((FR, 600, 4)),
        misread=_s((FR, 1, None)),
    ),
    Case(  # message.rb#human_response?: additional_attributes.campaign_id
        "a campaign's message is not a human reply and is not counted",
        PLAIN_INBOX,
        [Step(0, "out", "user:4", "campaign"), Step(30, "in"), Step(200, "out", "user:4")],
        chatwoot=_s((FR, 200, 4)),
        misread=_s((FR, 0, 4), (RT, 170, 4)),
    ),
    Case(  # message.rb#valid_first_reply?: at most one counted outgoing message
        "a Captain message before the first human reply suppresses the first response",
        3,
        [
            Step(0, "in"),
            Step(10, "out", "captain"),
            Step(40, "in"),
            Step(300, "out", "user:4"),
            Step(400, "in"),
            Step(500, "out", "user:4"),
        ],
        chatwoot=_s((RT, 300, 4), (RT, 100, 4)),
        misread=_s((FR, 300, 4), (RT, 300, 4), (RT, 100, 4)),
    ),
    Case(  # valid_first_reply?: AgentBot messages are not counted
        "an AgentBot message does not suppress the first response",
        BOT_INBOX,
        [
            Step(0, "in"),
            Step(2, "out", "bot"),
            Step(10, "activity", "bot", "open"),
            Step(100, "out", "user:4"),
        ],
        chatwoot=_s((OPENED, 0, None), (HANDOFF, 10, None), (FR, 90, 4)),
        misread=_s((OPENED, 0, None), (HANDOFF, 10, None), (RT, 100, 4)),
    ),
    Case(  # conversation.rb#ensure_waiting_since: waiting_since = created_at
        "waiting since starts at the creation, not at the first incoming message",
        3,
        [Step(50, "in"), Step(60, "out", "captain"), Step(200, "out", "user:4")],
        chatwoot=_s((RT, 200, 4)),
        misread=_s((RT, 150, 4)),
    ),
    Case(  # reporting_event_listener.rb#resolved_by_user_id: ... -> conversation.assignee_id
        "a resolution by the system is the current assignee's",
        PLAIN_INBOX,
        [
            Step(0, "in"),
            Step(10, "activity", None, "assign:5"),
            Step(100, "out", "user:5"),
            Step(1000, "activity", None, "auto_resolve"),
        ],
        chatwoot=_s((FR, 100, 5), (RES, 1000, 5)),
        misread=_s((FR, 100, 5), (RES, 1000, None)),
    ),
    Case(  # reporting_event_listener.rb#create_bot_resolved_event: reporting_event.dup
        "a bot resolution is a copy of the resolution, with its user",
        BOT_INBOX,
        [
            Step(0, "in"),
            Step(2, "out", "bot"),
            Step(5, "activity", None, "assign:5"),
            Step(60, "activity", "bot", "resolve"),
        ],
        chatwoot=_s((RES, 60, 5), (BOT_RES, 60, 5)),
        misread=_s((RES, 60, 5), (BOT_RES, 60, None)),
    ),
    Case(  # create_bot_resolved_event: messages.exists?(outgoing, sender_type: 'User')
        "a private note by a user means the bot did not resolve it alone",
        BOT_INBOX,
        [
            Step(0, "in"),
            Step(2, "out", "bot"),
            Step(50, "note", "user:4"),
            Step(100, "activity", "bot", "resolve"),
        ],
        chatwoot=_s((RES, 100, None)),
        misread=_s((RES, 100, None), (BOT_RES, 100, None)),
    ),
    Case(  # inbox.active_bot?: the inbox settings, not who wrote
        "an AgentBot writing in an inbox without an active bot does not make it a bot inbox",
        PLAIN_INBOX,
        [Step(0, "in"), Step(2, "out", "bot"), Step(100, "activity", None, "auto_resolve")],
        chatwoot=_s((RES, 100, None)),
        misread=_s((RES, 100, None), (BOT_RES, 100, None)),
    ),
    Case(
        "an inbox with an active bot is a bot inbox even when the bot never wrote",
        BOT_INBOX,
        [Step(0, "in"), Step(100, "activity", None, "auto_resolve")],
        chatwoot=_s((RES, 100, None), (BOT_RES, 100, None)),
        misread=_s((RES, 100, None)),
    ),
    Case(  # message.rb#reopen_resolved_conversation (pending) + listener#conversation_opened
        "a resolved bot conversation reopens pending; its hand-off opening counts from the resolution",
        BOT_INBOX,
        [
            Step(0, "in"),
            Step(2, "out", "bot"),
            Step(10, "activity", "bot", "open"),
            Step(100, "out", "user:4"),
            Step(500, "activity", "user:4", "resolve"),
            Step(2000, "in"),
            Step(2002, "out", "bot"),
            Step(2010, "activity", "bot", "open"),
            Step(2100, "out", "user:4"),
        ],
        chatwoot=_s(
            (OPENED, 0, None),
            (HANDOFF, 10, None),
            (FR, 90, 4),
            (RES, 500, 4),
            (OPENED, 1510, None),
            (RT, 100, 4),
        ),
        misread=_s(
            (OPENED, 0, None),
            (HANDOFF, 10, None),
            (FR, 90, 4),
            (RT, 100, 4),
            (RES, 500, 4),
            (OPENED, 0, None),
            (RT, 100, 4),
        ),
    ),
    Case(  # listener#conversation_opened: last_resolved_event_for, whatever the status before
        "an opening from pending counts from the last resolution",
        PLAIN_INBOX,
        [
            Step(0, "in"),
            Step(100, "out", "user:4"),
            Step(500, "activity", "user:4", "resolve"),
            Step(600, "activity", "user:4", "pending"),
            Step(900, "activity", "user:4", "open"),
        ],
        chatwoot=_s((FR, 100, 4), (RES, 500, 4), (OPENED, 400, None)),
        misread=_s((FR, 100, 4), (RT, 100, 4), (RES, 500, 4), (OPENED, 0, None)),
    ),
    Case(  # message.rb#reopen_conversation: resolved -> open, whatever activity follows
        "a customer writing to a resolved conversation reopens it; resolving it again counts",
        PLAIN_INBOX,
        [
            Step(0, "in"),
            Step(60, "out", "user:4"),
            Step(100, "activity", "user:4", "resolve"),
            Step(5000, "in"),
            Step(5100, "out", "user:4"),
            Step(5200, "activity", "user:4", "resolve"),
        ],
        chatwoot=_s((FR, 60, 4), (RES, 100, 4), (OPENED, 4900, None), (RT, 100, 4), (RES, 5200, 4)),
        misread=_s((FR, 60, 4), (RES, 100, 4), (RT, 100, 4)),
    ),
    Case(  # reopen_conversation: snoozed -> open; the first response counts from the opening
        "a customer writing to a snoozed conversation opens it and restarts the first-response clock",
        PLAIN_INBOX,
        [
            Step(0, "in"),
            Step(10, "activity", "user:4", "snooze"),
            Step(1000, "in"),
            Step(1100, "out", "user:4"),
        ],
        chatwoot=_s((OPENED, 0, None), (FR, 100, 4)),
        misread=_s((FR, 1100, 4)),
    ),
    Case(  # reopen_conversation + last_non_human_activity: the opening, not the creation
        "a first reply after a customer reopens a resolved conversation counts from the reopening",
        PLAIN_INBOX,
        [
            Step(0, "in"),
            Step(100, "activity", "user:4", "resolve"),
            Step(5000, "in"),
            Step(5100, "out", "user:4"),
        ],
        chatwoot=_s((RES, 100, 4), (OPENED, 4900, None), (FR, 100, 4)),
        misread=_s((RES, 100, 4), (FR, 5100, 4)),
    ),
    Case(  # reopen_conversation: only a *resolved* bot conversation goes pending
        "a snoozed conversation of a bot inbox opens on the customer's message, not pending",
        BOT_INBOX,
        [
            Step(0, "in"),
            Step(2, "out", "bot"),
            Step(10, "activity", "bot", "open"),
            Step(20, "activity", "user:4", "snooze"),
            Step(1000, "in"),
            Step(1100, "out", "user:4"),
        ],
        chatwoot=_s((OPENED, 0, None), (HANDOFF, 10, None), (OPENED, 0, None), (FR, 100, 4)),
        misread=_s((OPENED, 0, None), (HANDOFF, 10, None), (FR, 1090, 4)),
    ),
    Case(  # activity_message_handler.rb: contact_resolved; listener: the assignee's resolution
        "a resolution by the contact is a resolution, the assignee's",
        PLAIN_INBOX,
        [
            Step(0, "in"),
            Step(5, "activity", None, "assign:5"),
            Step(50, "out", "user:5"),
            Step(100, "activity", "contact", "contact_resolve"),
        ],
        chatwoot=_s((FR, 50, 5), (RES, 100, 5)),
        misread=_s((FR, 50, 5)),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_derivation_gives_chatwoots_events(case: Case) -> None:
    assert case.chatwoot != case.misread, "the case must tell the two readings apart"
    assert derived_summary(case) == case.chatwoot


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_emulator_writes_chatwoots_events(case: Case) -> None:
    assert emulator_summary(case) == case.chatwoot


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_conversation_fields_follow_the_same_rules(case: Case) -> None:
    """The emulator's first_reply_created_at and waiting_since follow the events' rules."""
    bot = case.inbox in case.bot_inboxes
    fields = timeline_fields(
        timeline_of(case),
        created_at=EPOCH + int(case.created),
        initial_status=STATUS_PENDING if bot else STATUS_OPEN,
        bot_inbox=bot,
    )
    derivation = derive(frames_of(case), bot_inboxes=case.bot_inboxes)
    first = derivation.events.filter(pl.col("name") == FR)["event_end_time"].to_list()
    assert fields.first_reply_created_at == (int(first[0].timestamp()) if first else 0)
    assert (fields.first_reply_created_at == 0) == all(name != FR for name, _, _ in case.chatwoot)
    waiting = derivation.states["waiting_since"].item()
    assert fields.waiting_since == (int(waiting.timestamp()) if waiting else 0)


def test_a_first_opening_is_zero_from_the_creation() -> None:
    case = CASES[4]
    events = derive(frames_of(case), bot_inboxes=case.bot_inboxes).events
    opened = events.filter(pl.col("name") == OPENED).row(0, named=True)
    assert opened["event_start_time"] == CREATED and opened["value"] == 0
    assert (opened["event_end_time"] - CREATED).total_seconds() == 10


def test_a_resolved_bot_conversation_is_pending_until_the_hand_off() -> None:
    case = CASES[11]
    cut = Case(case.name, case.inbox, case.steps[:6], [], [])  # up to the new incoming message
    state = derive(frames_of(cut), bot_inboxes=cut.bot_inboxes).states.row(0, named=True)
    assert state["replayed_status"] == "pending"
    assert state["reopen_count"] == 1
    assert state["waiting_since"] == CREATED + timedelta(seconds=2000)
    fields = timeline_fields(
        timeline_of(cut), created_at=EPOCH, initial_status=STATUS_PENDING, bot_inbox=True
    )
    assert fields.status == STATUS_PENDING and fields.waiting_since == EPOCH + 2000


def test_an_unanswered_conversation_waits_since_its_creation() -> None:
    case = Case("created, never written to", PLAIN_INBOX, [], [], [])
    state = derive(frames_of(case), bot_inboxes=set()).states.row(0, named=True)
    assert state["waiting_since"] == CREATED
    fields = timeline_fields([], created_at=EPOCH, initial_status=STATUS_OPEN)
    assert fields.waiting_since == EPOCH


def test_values_are_whole_seconds() -> None:
    """``end.to_i - start.to_i``: 0.7 s after the minute to 120.2 s after it is 120 s."""
    case = Case(
        "fractional times",
        PLAIN_INBOX,
        [Step(0.7, "in"), Step(120.2, "out", "user:4")],
        chatwoot=_s((FR, 120, 4)),
        misread=_s((FR, 119.5, 4)),
        created=0.7,
    )
    assert derived_summary(case) == case.chatwoot != case.misread


# ---- time buckets ---------------------------------------------------------------


def _conversations_at(*moments: datetime) -> Frames:
    n = len(moments)
    conversations = pl.DataFrame(
        {
            "id": list(range(1, n + 1)),
            "inbox_id": [PLAIN_INBOX] * n,
            "created_at": list(moments),
            "assignee_id": [None] * n,
            "assignee_type": [None] * n,
            "team_id": [None] * n,
            "labels": [[] for _ in moments],
        },
        schema_overrides={
            "assignee_id": pl.Int64(),
            "assignee_type": pl.String(),
            "team_id": pl.Int64(),
            "labels": pl.List(pl.String()),
            "created_at": pl.Datetime("us", "UTC"),
        },
    )
    empty = frames_of(Case("", PLAIN_INBOX, [], [], []))
    return Frames(
        {
            "conversations": conversations,
            "messages": empty["messages"],
            "agents": empty["agents"],
            "teams": empty["teams"],
        }
    )


def test_weeks_start_on_sunday() -> None:
    """groupdate's default week start (Chatwoot sets none): Sunday 1 and Monday 2 March 2026."""
    sunday, monday = datetime(2026, 3, 1, 10, tzinfo=UTC), datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert sunday.strftime("%A") == "Sunday" and monday.strftime("%A") == "Monday"
    report = chatwoot_report(_conversations_at(sunday, monday), period="week")
    assert report.select(pl.col("period_start").dt.date(), "conversations_count").rows() == [
        (sunday.date(), 2)
    ]


@pytest.mark.parametrize(
    ("offset", "asked_on", "zone"),
    [
        (-3, datetime(2026, 7, 1, tzinfo=UTC), "America/Halifax"),  # Atlantic Time (Canada)
        (-3, datetime(2026, 1, 15, tzinfo=UTC), "America/Santiago"),
        (5.5, datetime(2026, 7, 1, tzinfo=UTC), "Asia/Kolkata"),  # Chennai
        (0, datetime(2026, 7, 1, tzinfo=UTC), "Atlantic/Azores"),
        (0, datetime(2026, 1, 15, tzinfo=UTC), "Europe/Dublin"),
    ],
)
def test_timezone_offset_is_the_first_zone_with_that_offset_now(
    offset: float, asked_on: datetime, zone: str
) -> None:
    """timezone_helper.rb: the first of ActiveSupport's zones whose offset now matches."""
    assert zone_for_offset(offset, at=asked_on).key == zone


def test_offset_buckets_follow_the_zones_daylight_saving() -> None:
    """-3 asked in July is Halifax: a January 03:30 UTC creation is the previous local day
    (Halifax is at -4 then), where a fixed -3 (Brasilia) would put it on the same day."""
    created = datetime(2026, 1, 15, 3, 30, tzinfo=UTC)
    zone = zone_for_offset(-3, at=datetime(2026, 7, 1, tzinfo=UTC)).key
    report = chatwoot_report(_conversations_at(created), period="day", timezone=zone)
    assert report["period_start"].dt.date().to_list() == [created.date() - timedelta(days=1)]
    fixed = chatwoot_report(_conversations_at(created), period="day", timezone="America/Sao_Paulo")
    assert fixed["period_start"].dt.date().to_list() == [created.date()]


# ---- what the reports are told about inboxes ------------------------------------------


def _with_inboxes(frames: Frames, enabled: bool | None) -> Frames:
    inboxes = pl.DataFrame(
        {"id": [BOT_INBOX, PLAIN_INBOX, 3], "working_hours_enabled": [enabled] * 3},
        schema_overrides={"working_hours_enabled": pl.Boolean()},
    )
    return Frames({**dict(frames.items()), "inboxes": inboxes})


def test_the_bot_inboxes_given_reach_chatwoot_report() -> None:
    """A bot that never writes hands over at 50 s; the agent replies at 60 s. Chatwoot:
    one hand-off, a first response of 10 s (``Inbox#active_bot?``: the settings)."""
    case = Case(
        "a silent bot hands over",
        BOT_INBOX,
        [Step(0, "in"), Step(50, "activity", "bot", "open"), Step(60, "out", "user:4")],
        [],
        [],
    )
    frames = frames_of(case)
    told = chatwoot_report(frames, period="all", bot_inboxes={BOT_INBOX}).row(0, named=True)
    assert (told["bot_handoffs_count"], told["avg_first_response_time"]) == (1, 10.0)
    guessed = chatwoot_report(frames, period="all").row(0, named=True)  # no bot wrote here
    assert (guessed["bot_handoffs_count"], guessed["avg_first_response_time"]) == (0, 60.0)


@pytest.mark.parametrize(
    ("enabled", "hours", "expected"),
    [
        (False, False, 0.0),  # Chatwoot stores 0 when the inbox has working hours off
        (True, True, 120.0),  # Monday 09:00-09:02 UTC, inside 09:00-17:00
        (True, False, None),  # hours on but not known here: no number made up
    ],
)
def test_business_hours_reach_chatwoot_report(
    enabled: bool, hours: bool, expected: float | None
) -> None:
    from voxys_frames.reports.business_hours import WorkingHours

    case = Case(
        "replied and resolved",
        PLAIN_INBOX,
        [
            Step(0, "in"),
            Step(120, "out", "user:4"),
            Step(200, "in"),
            Step(260, "out", "user:4"),
            Step(600, "activity", "user:4", "resolve"),
        ],
        [],
        [],
    )
    assert CREATED.strftime("%A %H:%M") == "Monday 09:00"
    working = {PLAIN_INBOX: WorkingHours.weekdays("UTC", "09:00", "17:00")} if hours else None
    report = chatwoot_report(
        _with_inboxes(frames_of(case), enabled), period="all", working_hours=working
    ).row(0, named=True)
    assert report["avg_first_response_time_business_hours"] == expected
    assert report["avg_reply_time_business_hours"] == (None if expected is None else expected / 2)
    assert report["avg_resolution_time_business_hours"] == (
        None if expected is None else expected * 5
    )


def test_per_conversation_business_hours_agree_with_the_report() -> None:
    """An inbox with working hours off counts 0, even when hours are passed for it."""
    from voxys_frames.reports.business_hours import WorkingHours
    from voxys_frames.reports.metrics import conversation_metrics

    case = Case(
        "replied",
        PLAIN_INBOX,
        [Step(0, "in"), Step(120, "out", "user:4")],
        [],
        [],
    )
    frames = _with_inboxes(frames_of(case), enabled=False)
    working = {PLAIN_INBOX: WorkingHours.weekdays("UTC", "09:00", "17:00")}
    report = chatwoot_report(frames, period="all", working_hours=working).row(0, named=True)
    assert report["avg_first_response_time_business_hours"] == 0.0
    metrics = conversation_metrics(
        frames, as_of=CREATED + timedelta(hours=1), working_hours=working
    )
    assert metrics["first_response_business_seconds"].to_list() == [0.0]
