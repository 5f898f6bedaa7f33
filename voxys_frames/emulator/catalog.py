"""Account-wide entities: inboxes, agents, bots, assistants, teams, labels, SLA policies.

They are few and fixed for a seed, so they are plain frozen dataclasses built once.

Examples
--------
>>> cat = build_catalog(seed=7, account_id=1)
>>> [inbox.channel_type for inbox in cat.inboxes][:2]
['Channel::WebWidget', 'Channel::Email']
>>> cat.user(1).role
'administrator'
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from voxys_frames.emulator.text import pick


@dataclass(frozen=True)
class Inbox:
    """An inbox (a channel) of the account."""

    id: int
    name: str
    channel_type: str
    channel_id: int
    weight: float
    bot_id: int | None
    captain_id: int | None
    timezone: str
    working_hours_enabled: bool
    provider: str | None = None


@dataclass(frozen=True)
class User:
    """An agent or administrator. ``left`` users were removed from the account."""

    id: int
    name: str
    display_name: str | None
    email: str
    role: str
    availability: str
    inbox_ids: tuple[int, ...]
    custom_attributes: dict[str, object]
    left: bool = False
    custom_role_id: int | None = None

    @property
    def available_name(self) -> str:
        """The name Chatwoot shows: display name when set, else the name."""
        return self.display_name or self.name


@dataclass(frozen=True)
class AgentBot:
    """An AgentBot (its ids share number ranges with users and contacts)."""

    id: int
    name: str
    description: str
    outgoing_url: str | None


@dataclass(frozen=True)
class Assistant:
    """A Captain assistant (enterprise AI)."""

    id: int
    name: str
    description: str
    created_at_iso: str


@dataclass(frozen=True)
class Team:
    """A team; ``member_ids`` are user ids."""

    id: int
    name: str
    description: str | None
    allow_auto_assign: bool
    member_ids: tuple[int, ...]


@dataclass(frozen=True)
class Label:
    """An account label (lower-case title)."""

    id: int
    title: str
    description: str
    color: str
    show_on_sidebar: bool


@dataclass(frozen=True)
class SlaPolicy:
    """An SLA policy; thresholds in seconds (floats) or None."""

    id: int
    name: str
    description: str | None
    first_response: float | None
    next_response: float | None
    resolution: float | None
    only_during_business_hours: bool | None


@dataclass(frozen=True)
class Catalog:
    """All account-wide entities for one seed."""

    account_id: int
    inboxes: tuple[Inbox, ...]
    users: tuple[User, ...]
    bots: tuple[AgentBot, ...]
    assistants: tuple[Assistant, ...]
    teams: tuple[Team, ...]
    labels: tuple[Label, ...]
    #: Tags found on conversations without a Label row (deleted or API-created).
    orphan_tags: tuple[str, ...]
    sla_policies: tuple[SlaPolicy, ...]

    def user(self, user_id: int) -> User:
        """The user with ``user_id``."""
        return self.users[user_id - 1]

    def inbox(self, inbox_id: int) -> Inbox:
        """The inbox with ``inbox_id``."""
        return self.inboxes[inbox_id - 1]

    def team(self, team_id: int) -> Team:
        """The team with ``team_id``."""
        return self.teams[team_id - 1]

    def bot(self, bot_id: int) -> AgentBot:
        """The agent bot with ``bot_id``."""
        return self.bots[bot_id - 1]

    def assistant(self, assistant_id: int) -> Assistant:
        """The Captain assistant with ``assistant_id``."""
        return self.assistants[assistant_id - 1]

    @property
    def tag_titles(self) -> tuple[str, ...]:
        """Every tag a conversation can carry: label titles, then orphan tags."""
        return tuple(label.title for label in self.labels) + self.orphan_tags

    @property
    def active_users(self) -> tuple[User, ...]:
        """Users still in the account (the agents endpoint lists these)."""
        return tuple(user for user in self.users if not user.left)


_INBOXES = (
    ("Website", "Channel::WebWidget", 0.30, 1, None, "America/New_York", True, None),
    ("Support Email", "Channel::Email", 0.22, None, None, "Europe/Lisbon", True, None),
    ("WhatsApp", "Channel::Whatsapp", 0.18, None, 1, "America/Sao_Paulo", False, "whatsapp_cloud"),
    ("Facebook", "Channel::FacebookPage", 0.07, None, None, "UTC", False, None),
    ("Instagram", "Channel::Instagram", 0.07, None, None, "UTC", False, None),
    ("Public API", "Channel::Api", 0.06, 2, None, "UTC", False, None),
    ("Telegram", "Channel::Telegram", 0.05, None, None, "Asia/Tokyo", True, None),
    ("SMS", "Channel::TwilioSms", 0.05, None, None, "Asia/Kolkata", False, "twilio"),
)

_USERS = (
    ("Ana Admin", None, "administrator"),
    ("Bruno Costa", "Bruno", "agent"),
    ("Chiara Rossi", None, "agent"),
    ("Dmitri Volkov", "Dima", "agent"),
    ("Emeka Obi", None, "agent"),
    ("Fatma Yılmaz", None, "agent"),
    ("Grace Kim", None, "administrator"),
    ("Hiro Sato", "佐藤", "agent"),
    ("Inês Duarte", None, "agent"),
    ("Jamal Haddad", "جمال", "agent"),
    ("Kai Müller", None, "agent"),
    ("Lena Former", None, "agent"),
)

_LABELS = (
    ("billing", "#1f93ff"),
    ("bug", "#ff3b30"),
    ("refund", "#ff9500"),
    ("vip", "#af52de"),
    ("feature-request", "#34c759"),
    ("onboarding", "#5ac8fa"),
    ("shipping", "#ffcc00"),
    ("spam", "#8e8e93"),
    ("feedback", "#30b0c7"),
    ("churn_risk", "#ff2d55"),
    ("réclamation", "#a2845e"),
    ("配送", "#007aff"),
)


def build_catalog(*, seed: int, account_id: int) -> Catalog:
    """Build the account-wide entities for ``seed``."""
    rng = random.Random(f"catalog/{seed}")
    inboxes = tuple(
        Inbox(
            id=i + 1,
            name=name,
            channel_type=channel,
            channel_id=100 + i,
            weight=weight,
            bot_id=bot,
            captain_id=captain,
            timezone=tz,
            working_hours_enabled=hours,
            provider=provider,
        )
        for i, (name, channel, weight, bot, captain, tz, hours, provider) in enumerate(_INBOXES)
    )
    users = []
    for i, (name, display, role) in enumerate(_USERS):
        user_id = i + 1
        if role == "administrator":
            inbox_ids = tuple(inbox.id for inbox in inboxes)
        else:
            inbox_ids = tuple(sorted(rng.sample([inbox.id for inbox in inboxes], k=3)))
        if user_id == 2:  # the agent whose token tests use: a fixed, small membership
            inbox_ids = (1, 3)
        attributes: dict[str, object] = {}
        if user_id % 4 == 0:
            attributes = {"shift": "night", "employee_no": 10_000 + user_id}
        users.append(
            User(
                id=user_id,
                name=name,
                display_name=display,
                email=f"{pick(('agent', 'support', 'team'), user_id)}{user_id}@voxys.example",
                role=role,
                availability=("online", "busy", "offline")[user_id % 3],
                inbox_ids=inbox_ids,
                custom_attributes=attributes,
                left=name == "Lena Former",
                custom_role_id=7 if user_id == 9 else None,
            )
        )
    bots = (
        AgentBot(1, "Website Bot", "Answers FAQs on the website", "https://bots.example/hook"),
        AgentBot(2, "Triage Bot", "Routes API conversations", None),
        AgentBot(3, "Survey Bot", "Sends surveys", "https://bots.example/survey"),
    )
    assistants = (
        Assistant(1, "Captain", "AI assistant for WhatsApp", "2025-06-02T09:00:00.000Z"),
        Assistant(2, "Captain Beta", "Experimental assistant", "2025-09-15T12:30:00.000Z"),
    )
    user_ids = [user.id for user in users if not user.left]
    teams = (
        Team(1, "Billing", "Payments and invoices", True, tuple(sorted(rng.sample(user_ids, 4)))),
        Team(2, "Tech Support", None, True, tuple(sorted(rng.sample(user_ids, 5)))),
        Team(3, "Sales", "Pre-sales questions", False, tuple(sorted(rng.sample(user_ids, 3)))),
        Team(4, "Onboarding", "", True, tuple(sorted(rng.sample(user_ids, 3)))),
    )
    labels = tuple(
        Label(i + 1, title, f"Conversations about {title}", color, i % 3 != 2)
        for i, (title, color) in enumerate(_LABELS)
    )
    sla_policies = (
        SlaPolicy(1, "Standard", "Reply within a day", 86400.0, 172800.0, 604800.0, False),
        SlaPolicy(2, "VIP", None, 3600.0, None, 86400.0, True),
    )
    return Catalog(
        account_id=account_id,
        inboxes=inboxes,
        users=tuple(users),
        bots=bots,
        assistants=assistants,
        teams=teams,
        labels=labels,
        orphan_tags=("legacy_import", "Ticket-Sync"),
        sla_policies=sla_policies,
    )
