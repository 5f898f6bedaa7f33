"""The facts the report endpoints read, taken from the emulator's world.

Conversations (current status, team, assignee, labels), every message (type,
sender, time) and the reporting events :mod:`voxys_frames.emulator.reporting`
writes; rebuilt when the world changes (live mode), and the daily rollups with
them when the account has a reporting time zone.

Examples
--------
>>> from voxys_frames.emulator.config import EmulatorConfig
>>> from voxys_frames.emulator.world import World
>>> from voxys_frames.emulator.reporting import ReportingIndex
>>> world = World(EmulatorConfig(seed=3, conversations=20))
>>> source = ReportSource(world, ReportingIndex(world))
>>> len(source.data().conversations)
20
"""

from __future__ import annotations

from voxys_frames.emulator.reporting import ReportingIndex
from voxys_frames.emulator.reports_api import (
    AccountInfo,
    Conv,
    Entity,
    Inbox,
    Msg,
    ReportData,
    RollupKey,
    daily_rollups,
)
from voxys_frames.emulator.timeline import (
    A_TEAM,
    ACTOR_BOT,
    ACTOR_CAPTAIN,
    ACTOR_CONTACT,
    ACTOR_USER,
    F_PRIVATE,
    KIND_ACTIVITY,
    STATUS_NAMES,
)
from voxys_frames.emulator.world import World

AVATAR = "https://app.voxys.example/rails/active_storage/representations/redirect/avatar-{}.png"

SENDER_TYPES = {
    ACTOR_USER: "User",
    ACTOR_CONTACT: "Contact",
    ACTOR_BOT: "AgentBot",
    ACTOR_CAPTAIN: "Captain::Assistant",
}


def account_info(world: World) -> AccountInfo:
    """The account's users, inboxes, teams and labels, and its reporting zone.

    >>> from voxys_frames.emulator.config import EmulatorConfig
    >>> info = account_info(World(EmulatorConfig(seed=3, conversations=2)))
    >>> [i.channel_type for i in info.inboxes][:1]
    ['Channel::WebWidget']
    """
    catalog = world.catalog
    return AccountInfo(
        id=world.config.account_id,
        users=tuple(
            Entity(
                u.id,
                u.name,
                u.email,
                thumbnail=AVATAR.format(f"u{u.id}") if u.id % 2 else "",
                availability=u.availability,
            )
            for u in catalog.active_users
        ),
        inboxes=tuple(Inbox(i.id, i.name, i.channel_type) for i in catalog.inboxes),
        teams=tuple(Entity(t.id, t.name) for t in catalog.teams),
        labels=tuple(Entity(label.id, label.title) for label in catalog.labels),
        reporting_timezone=world.config.reporting_timezone,
    )


def conversation_facts(world: World, c: int) -> tuple[Conv, list[Msg]]:
    """Conversation index ``c`` and its messages, as the report queries see them.

    >>> from voxys_frames.emulator.config import EmulatorConfig
    >>> conv, messages = conversation_facts(World(EmulatorConfig(seed=3, conversations=5)), 0)
    >>> conv.display_id
    1
    """
    cols = world.cols
    display_id = c + 1
    inbox_id = int(cols["inbox_id"][c])
    messages: list[Msg] = []
    team_changes: list[tuple[int, int | None]] = []
    for message in world.timeline(display_id):
        t, kind, actor_type, actor_id, flags, sub, target = message.event
        if kind == KIND_ACTIVITY:
            if sub == A_TEAM:
                team_changes.append((t, target or None))
            messages.append(Msg(t, kind, display_id, inbox_id))
            continue
        sender = SENDER_TYPES.get(actor_type)
        messages.append(
            Msg(
                t,
                kind,
                display_id,
                inbox_id,
                sender_type=sender,
                sender_id=actor_id if sender is not None else None,
                private=bool(flags & F_PRIVATE),
            )
        )
    assignee = world.assignee_user(c)
    team = int(cols["team_id"][c])
    first_reply = int(cols["first_reply_created_at"][c])
    waiting = int(cols["waiting_since"][c])
    conv = Conv(
        display_id=display_id,
        created_at=int(cols["created_at"][c]),
        inbox_id=inbox_id,
        team_id=team or None,
        assignee_id=assignee or None,
        labels=tuple(world.tags(c)),
        status=STATUS_NAMES[int(cols["status"][c])],
        first_reply_created_at=first_reply or None,
        waiting_since=waiting or None,
        team_changes=tuple(team_changes),
    )
    return conv, messages


class ReportSource:
    """The report facts of a world, rebuilt when it changes."""

    def __init__(self, world: World, reporting: ReportingIndex) -> None:
        self.world = world
        self.reporting = reporting
        self._data: ReportData | None = None
        self._rollups: dict[RollupKey, list[float]] | None = None
        self._version = -1

    def data(self) -> ReportData:
        """Conversations, messages and events of the account now."""
        world = self.world
        with world.lock:
            if self._data is None or self._version != world.version:
                conversations: dict[int, Conv] = {}
                messages: list[Msg] = []
                for c in range(world.count):
                    conv, convo_messages = conversation_facts(world, c)
                    conversations[conv.display_id] = conv
                    messages.extend(convo_messages)
                self._data = ReportData(
                    account=account_info(world),
                    conversations=conversations,
                    messages=messages,
                    events=list(self.reporting.events()),
                )
                self._rollups = None
                self._version = world.version
            return self._data

    def rollups(self) -> dict[RollupKey, list[float]] | None:
        """The daily rollups (None unless the account has a reporting time zone)."""
        zone = self.world.config.reporting_timezone
        if zone is None:
            return None
        data = self.data()
        if self._rollups is None:
            self._rollups = daily_rollups(
                data.events, data.conversations, zone=zone, account_id=data.account.id
            )
        return self._rollups


__all__ = ["ReportSource", "account_info", "conversation_facts"]
