"""The life of one conversation as a list of events, generated from a seed.

Every message of a conversation (incoming, outgoing, activity, template) is an
event; the conversation's fields (status, first reply, waiting since, assignee...)
are derived from its events, so the list endpoint, the messages endpoint and the
reporting events can never disagree.

An event is a plain tuple ``(t, kind, actor_type, actor_id, flags, sub, target)``
(tuples keep generation of millions of events fast):

* ``t``: epoch seconds; ``kind``: the message_type code (0 incoming, 1 outgoing,
  2 activity, 3 template);
* ``actor_type``/``actor_id``: the sender (``ACTOR_*``) or, for activity messages,
  who acted (``ACTOR_NONE`` for the system);
* ``flags``: ``F_*`` bits; ``sub``: the activity kind (``A_*``) for activities;
  ``target``: the assignee user, team or bot an activity names.

An outgoing message with ``ACTOR_NONE`` has no sender (an automation rule's).
:func:`is_human_reply` and :func:`counts_for_first_reply` are Chatwoot's
``Message#human_response?`` and the count in ``Message#valid_first_reply?``.

Examples
--------
>>> from voxys_frames.emulator.catalog import build_catalog
>>> cat = build_catalog(seed=1, account_id=1)
>>> sk = generate(5, created_at=1_700_000_000, inbox_id=2, contact_id=3,
...               now=1_800_000_000, catalog=cat, seed=1)
>>> sk.events[0][KIND] in (KIND_INCOMING, KIND_OUTGOING)
True
>>> derive(sk.events, created_at=1_700_000_000, initial_status=sk.initial_status).last_activity_at >= 1_700_000_000
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from voxys_frames.emulator.catalog import Catalog

T, KIND, ACTOR_TYPE, ACTOR_ID, FLAGS, SUB, TARGET = range(7)

KIND_INCOMING, KIND_OUTGOING, KIND_ACTIVITY, KIND_TEMPLATE = 0, 1, 2, 3

ACTOR_NONE, ACTOR_CONTACT, ACTOR_USER, ACTOR_BOT, ACTOR_CAPTAIN = 0, 1, 2, 3, 4

F_PRIVATE = 1
F_ATTACH = 2
F_DELETED = 4
F_FAILED = 8
F_INTERACTIVE = 16
F_CSAT = 32
F_STICKER = 64
F_EMAIL = 128
F_LONG = 256
F_MENTION = 512
F_CSAT_ANSWERED = 1024
F_ORPHAN_SENDER = 2048
#: An outgoing message of a campaign (``additional_attributes.campaign_id``).
F_CAMPAIGN = 4096
#: An outgoing message an automation rule sent (``content_attributes.automation_rule_id``).
F_AUTOMATION = 8192

A_NONE = 0
A_ASSIGN = 1
A_UNASSIGN = 2
A_TEAM = 3
A_LABELS = 4
A_RESOLVE = 5
A_OPEN = 6
A_SYSTEM_OPEN = 7
A_PENDING = 8
A_SNOOZE = 9
A_AUTO_RESOLVE = 10
A_BOT_ASSIGN = 11

STATUS_OPEN, STATUS_RESOLVED, STATUS_PENDING, STATUS_SNOOZED = 0, 1, 2, 3
STATUS_NAMES = ("open", "resolved", "pending", "snoozed")
PRIORITY_NAMES = ("low", "medium", "high", "urgent")

ASSIGNEE_NONE, ASSIGNEE_USER, ASSIGNEE_BOT = 0, 1, 2

Event = tuple[int, int, int, int, int, int, int]


@dataclass(slots=True)
class Skeleton:
    """The generated, seed-fixed part of a conversation."""

    inbox_id: int
    contact_id: int
    team_id: int
    priority: int
    tag_mask: int
    sla_policy_id: int
    initial_status: int
    events: list[Event]
    #: Message ids are assigned in event order unless a conversation's history was
    #: imported: then ``id_order`` permutes them, so id order and time order differ.
    id_order: list[int] | None = None
    huge: bool = False


@dataclass(slots=True)
class Derived:
    """Conversation fields computed from its events."""

    status: int = STATUS_OPEN
    status_changed_at: int = 0
    last_activity_at: int = 0
    first_reply_created_at: int = 0
    waiting_since: int = 0
    assignee_kind: int = ASSIGNEE_NONE
    assignee_id: int = 0
    team_id: int = 0
    participants: int = 0
    mentions: int = 0
    last_incoming_at: int = 0
    last_agent_message_at: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _gap(rng: random.Random, median: float, spread: float = 1.0) -> int:
    """A log-normally distributed gap in seconds around ``median``."""
    return max(1, int(median * rng.lognormvariate(0.0, spread)))


def _inbox_agents(catalog: Catalog, inbox_id: int) -> list[int]:
    return [u.id for u in catalog.users if inbox_id in u.inbox_ids and not u.left]


def generate(
    c: int,
    *,
    created_at: int,
    inbox_id: int,
    contact_id: int,
    now: int,
    catalog: Catalog,
    seed: int,
) -> Skeleton:
    """Generate conversation ``c`` (0-based; its display id is ``c + 1``)."""
    rng = random.Random(seed * 1_000_003 + c * 7919 + 17)
    inbox = catalog.inbox(inbox_id)
    events: list[Event] = []
    append = events.append
    team_id = rng.randint(1, len(catalog.teams)) if rng.random() < 0.45 else 0
    priority = -1
    r = rng.random()
    if r < 0.25:
        priority = min(3, int((r / 0.25) * 4))
    tag_mask = 0
    n_tags = rng.choice((0, 0, 1, 1, 1, 2, 2, 3))
    n_label_titles = len(catalog.labels)
    for _ in range(n_tags):
        tag_mask |= 1 << rng.randrange(n_label_titles)
    if rng.random() < 0.02:
        tag_mask |= 1 << (n_label_titles + rng.randrange(len(catalog.orphan_tags)))
    sla_policy_id = rng.choice((1, 2)) if rng.random() < 0.25 else 0
    has_bot = inbox.bot_id is not None
    has_captain = inbox.captain_id is not None
    email = inbox.channel_type == "Channel::Email"
    initial_status = STATUS_PENDING if has_bot else STATUS_OPEN
    sk = Skeleton(
        inbox_id=inbox_id,
        contact_id=contact_id,
        team_id=team_id,
        priority=priority,
        tag_mask=tag_mask,
        sla_policy_id=sla_policy_id,
        initial_status=initial_status,
        events=events,
    )
    shape = rng.random()
    if shape < 0.03:  # created by API or automation, never written to
        return sk
    huge = c == 2 or c % 5000 == 2
    sk.huge = huge
    agents = _inbox_agents(catalog, inbox_id) or [1]
    t = created_at
    contact_flags = F_EMAIL if email else 0
    # ---- the opening: the contact writes (or an agent starts with a template)
    if inbox.channel_type == "Channel::Whatsapp" and rng.random() < 0.1:
        append((t, KIND_TEMPLATE, ACTOR_USER, rng.choice(agents), 0, A_NONE, 0))
        t += _gap(rng, 3600)
    first_flags = contact_flags
    if email and rng.random() < 0.05:
        first_flags |= F_LONG
    append(
        (t, KIND_INCOMING, ACTOR_CONTACT, contact_id, first_flags | _media(rng, 0.08), A_NONE, 0)
    )
    if email and c % 3 == 0:  # an automation rule acknowledges the e-mail (no sender)
        append((t + 1, KIND_OUTGOING, ACTOR_NONE, 0, F_AUTOMATION | F_EMAIL, A_NONE, 0))
    if rng.random() < 0.3:
        t += _gap(rng, 40)
        append(
            (
                t,
                KIND_INCOMING,
                ACTOR_CONTACT,
                contact_id,
                contact_flags | _media(rng, 0.2),
                A_NONE,
                0,
            )
        )
    assignee = 0
    never_answered = shape < 0.11
    bot_id = inbox.bot_id or 0
    # ---- the bot's turn
    if has_bot:
        for _ in range(rng.randint(1, 3)):
            t += rng.randint(1, 4)
            flags = F_INTERACTIVE if rng.random() < 0.4 else 0
            append((t, KIND_OUTGOING, ACTOR_BOT, bot_id, flags, A_NONE, 0))
            if rng.random() < 0.7:
                t += _gap(rng, 30)
                append((t, KIND_INCOMING, ACTOR_CONTACT, contact_id, 0, A_NONE, 0))
        if not huge and rng.random() < 0.3:
            t += _gap(rng, 120)
            append((t, KIND_ACTIVITY, ACTOR_BOT, bot_id, 0, A_RESOLVE, 0))
            return _after_resolve(sk, rng, t, now, agents, contact_id, catalog, cycles=1)
        t += rng.randint(1, 5)
        append((t, KIND_ACTIVITY, ACTOR_BOT, bot_id, 0, A_OPEN, 0))
    elif has_captain and rng.random() < 0.7:
        for _ in range(rng.randint(1, 2)):
            t += rng.randint(2, 8)
            append((t, KIND_OUTGOING, ACTOR_CAPTAIN, inbox.captain_id or 1, 0, A_NONE, 0))
            if rng.random() < 0.5:
                t += _gap(rng, 45)
                append((t, KIND_INCOMING, ACTOR_CONTACT, contact_id, 0, A_NONE, 0))
    # ---- assignment, team and labels
    if rng.random() < 0.85:
        t += rng.randint(1, 30)
        roll = rng.random()
        if roll < 0.03:
            append((t, KIND_ACTIVITY, ACTOR_NONE, 0, 0, A_BOT_ASSIGN, 3))
            assignee = -3
        else:
            assignee = 12 if roll < 0.07 else rng.choice(agents)
            actor = ACTOR_NONE if rng.random() < 0.7 else ACTOR_USER
            append((t, KIND_ACTIVITY, actor, 1 if actor else 0, 0, A_ASSIGN, assignee))
    if team_id:
        t += rng.randint(1, 20)
        append((t, KIND_ACTIVITY, ACTOR_USER, max(assignee, 1), 0, A_TEAM, team_id))
    if tag_mask:
        t += rng.randint(1, 60)
        append((t, KIND_ACTIVITY, ACTOR_USER, max(assignee, 1), 0, A_LABELS, tag_mask))
    if never_answered:
        if shape < 0.05:  # spam: resolved without a reply
            t += _gap(rng, 3600)
            append((t, KIND_ACTIVITY, ACTOR_USER, rng.choice(agents), 0, A_RESOLVE, 0))
        return _truncate(sk, now)
    t = _exchange(sk, rng, t, agents, assignee, contact_id, contact_flags, huge)
    return _close(sk, rng, t, now, agents, assignee, contact_id, catalog, cycles=1)


def _media(rng: random.Random, rate: float) -> int:
    return F_ATTACH if rng.random() < rate else 0


def _exchange(
    sk: Skeleton,
    rng: random.Random,
    t: int,
    agents: list[int],
    assignee: int,
    contact_id: int,
    contact_flags: int,
    huge: bool,
) -> int:
    """Rounds of agent replies and customer answers; returns the time reached."""
    append = sk.events.append
    rounds = 420 if huge else 1 + min(int(rng.expovariate(1 / 9.0)), 90)
    replier = assignee if assignee > 0 else rng.choice(agents)
    first = True
    for _ in range(rounds):
        t += _gap(rng, 2400 if first else 600, 1.3)
        first = False
        if rng.random() < 0.12:
            flags = F_PRIVATE
            target = 0
            if rng.random() < 0.4:
                flags |= F_MENTION
                target = rng.choice(agents)
            append((t, KIND_OUTGOING, ACTOR_USER, replier, flags, A_NONE, target))
            t += rng.randint(5, 120)
        flags = _media(rng, 0.05)
        roll = rng.random()
        if roll < 0.02:
            flags |= F_FAILED
        elif roll < 0.03:
            flags |= F_DELETED
        elif roll < 0.05:
            flags |= F_ORPHAN_SENDER
        append((t, KIND_OUTGOING, ACTOR_USER, replier, flags | contact_flags, A_NONE, 0))
        if rng.random() < 0.25:
            t += rng.randint(10, 200)
            append((t, KIND_OUTGOING, ACTOR_USER, replier, contact_flags, A_NONE, 0))
        answers = 2 if huge else rng.choice((0, 1, 1, 1, 2, 2, 2, 3))
        if answers == 0:
            break
        for _ in range(answers):
            t += _gap(rng, 300, 1.5)
            flags = contact_flags | _media(rng, 0.07)
            if rng.random() < 0.02:
                flags |= F_STICKER
            elif rng.random() < 0.01:
                flags |= F_DELETED
            append((t, KIND_INCOMING, ACTOR_CONTACT, contact_id, flags, A_NONE, 0))
    return t


def _close(
    sk: Skeleton,
    rng: random.Random,
    t: int,
    now: int,
    agents: list[int],
    assignee: int,
    contact_id: int,
    catalog: Catalog,
    *,
    cycles: int,
) -> Skeleton:
    """End a cycle: resolved, or left open, pending or snoozed."""
    append = sk.events.append
    outcome = rng.random()
    actor_id = assignee if assignee > 0 else rng.choice(agents)
    if outcome < 0.68:
        t += _gap(rng, 1800, 1.5)
        if rng.random() < 0.05:
            append((t, KIND_ACTIVITY, ACTOR_NONE, 0, 0, A_AUTO_RESOLVE, 0))
        else:
            append((t, KIND_ACTIVITY, ACTOR_USER, actor_id, 0, A_RESOLVE, 0))
        return _after_resolve(sk, rng, t, now, agents, contact_id, catalog, cycles=cycles)
    if outcome < 0.76:
        t += _gap(rng, 600)
        append((t, KIND_ACTIVITY, ACTOR_USER, actor_id, 0, A_PENDING, 0))
    elif outcome < 0.84:
        t += _gap(rng, 600)
        append((t, KIND_ACTIVITY, ACTOR_USER, actor_id, 0, A_SNOOZE, 0))
    elif outcome < 0.92:
        t += _gap(rng, 900)
        append((t, KIND_INCOMING, ACTOR_CONTACT, contact_id, 0, A_NONE, 0))
    return _truncate(sk, now)


def _after_resolve(
    sk: Skeleton,
    rng: random.Random,
    t: int,
    now: int,
    agents: list[int],
    contact_id: int,
    catalog: Catalog,
    *,
    cycles: int,
) -> Skeleton:
    """A CSAT survey may follow a resolution, and the contact may reopen it."""
    append = sk.events.append
    inbox = catalog.inbox(sk.inbox_id)
    if inbox.channel_type in ("Channel::WebWidget", "Channel::Email") and rng.random() < 0.5:
        t += rng.randint(1, 3)
        flags = F_CSAT | (F_CSAT_ANSWERED if rng.random() < 0.4 else 0)
        append((t, KIND_TEMPLATE, ACTOR_NONE, 0, flags, A_NONE, rng.randint(1, 5)))
    if cycles < 3 and not sk.huge and rng.random() < 0.16:
        t += _gap(rng, 86400, 1.2)
        append((t, KIND_INCOMING, ACTOR_CONTACT, contact_id, 0, A_NONE, 0))
        t += 1
        if inbox.bot_id is not None:
            # Message#reopen_resolved_conversation: pending (no activity message), the bot
            # answers and hands the conversation over
            append((t, KIND_OUTGOING, ACTOR_BOT, inbox.bot_id, 0, A_NONE, 0))
            t += 1 + (t % 4)
            append((t, KIND_ACTIVITY, ACTOR_BOT, inbox.bot_id, 0, A_OPEN, 0))
        else:
            append((t, KIND_ACTIVITY, ACTOR_NONE, 0, 0, A_SYSTEM_OPEN, 0))
        assignee = _current_assignee(sk.events)
        t = _exchange(sk, rng, t, agents, assignee, contact_id, 0, False)
        return _close(sk, rng, t, now, agents, assignee, contact_id, catalog, cycles=cycles + 1)
    return _truncate(sk, now)


def _current_assignee(events: list[Event]) -> int:
    for ev in reversed(events):
        if ev[KIND] == KIND_ACTIVITY and ev[SUB] == A_ASSIGN:
            return ev[TARGET]
    return 0


def _truncate(sk: Skeleton, now: int) -> Skeleton:
    """Drop what would happen after ``now``; imported histories get shuffled ids."""
    events = sk.events
    if events and events[-1][T] > now:
        sk.events = [ev for ev in events if ev[T] <= now]
    return sk


def status_after(status: int, sub: int) -> int:
    """The conversation status after an activity of kind ``sub``."""
    if sub in (A_RESOLVE, A_AUTO_RESOLVE):
        return STATUS_RESOLVED
    if sub in (A_OPEN, A_SYSTEM_OPEN):
        return STATUS_OPEN
    if sub == A_PENDING:
        return STATUS_PENDING
    if sub == A_SNOOZE:
        return STATUS_SNOOZED
    return status


def is_human_reply(actor_type: int, flags: int) -> bool:
    """Chatwoot's ``human_response?``: sent by a User, not by an automation rule or a campaign."""
    return actor_type == ACTOR_USER and not flags & (F_AUTOMATION | F_CAMPAIGN)


def counts_for_first_reply(actor_type: int, flags: int) -> bool:
    """Whether an outgoing message counts in ``valid_first_reply?``'s "at most one" query.

    Public, with a sender that is not an AgentBot (a null sender is not counted by
    SQL's ``NOT IN``) and not part of a campaign.
    """
    return (
        not flags & (F_PRIVATE | F_CAMPAIGN)
        and actor_type != ACTOR_BOT
        and actor_type != ACTOR_NONE
    )


def derive(
    events: list[Event], *, created_at: int, initial_status: int, bot_inbox: bool = False
) -> Derived:
    """Compute the conversation fields that follow from its events.

    ``waiting_since`` starts at creation; ``first_reply_created_at`` is the first
    valid first reply (see :func:`counts_for_first_reply`); in a ``bot_inbox`` an
    incoming message turns a resolved conversation pending.
    """
    d = Derived(status=initial_status, last_activity_at=created_at)
    status = initial_status
    waiting = created_at
    counted = 0
    for ev in events:
        t, kind, actor_type, actor_id, flags, sub, target = ev
        if kind == KIND_INCOMING:
            if status == STATUS_RESOLVED and bot_inbox:
                status = STATUS_PENDING
                d.status_changed_at = t
            elif status in (STATUS_RESOLVED, STATUS_SNOOZED):  # Message#reopen_conversation
                status = STATUS_OPEN
                d.status_changed_at = t
            if waiting == 0:
                waiting = t
            d.last_incoming_at = t
        elif kind == KIND_OUTGOING:
            counted += counts_for_first_reply(actor_type, flags)
            if actor_type == ACTOR_USER:
                d.participants |= 1 << actor_id
                if flags & F_MENTION:
                    d.mentions |= 1 << target
                if not flags & F_PRIVATE:
                    d.last_agent_message_at = t
            if is_human_reply(actor_type, flags) and not flags & F_PRIVATE:
                if d.first_reply_created_at == 0 and counted <= 1:
                    d.first_reply_created_at = t
                waiting = 0
        elif kind == KIND_ACTIVITY:
            if sub == A_ASSIGN:
                d.assignee_kind = ASSIGNEE_USER
                d.assignee_id = target
                d.participants |= 1 << target
            elif sub == A_BOT_ASSIGN:
                d.assignee_kind = ASSIGNEE_BOT
                d.assignee_id = target
            elif sub == A_UNASSIGN:
                d.assignee_kind = ASSIGNEE_NONE
                d.assignee_id = 0
            elif sub == A_TEAM:
                d.team_id = target
            else:
                new_status = status_after(status, sub)
                if new_status != status:
                    status = new_status
                    d.status_changed_at = t
                    if status == STATUS_RESOLVED:
                        waiting = 0
                    elif sub == A_OPEN and actor_type == ACTOR_BOT and waiting == 0:
                        waiting = t  # Conversation#bot_handoff!
        d.last_activity_at = t
    d.status = status
    d.waiting_since = waiting
    return d
