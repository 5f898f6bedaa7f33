"""Settings of the emulator: data size and seed, identity, limits, faults, live activity.

Examples
--------
>>> cfg = EmulatorConfig(seed=7, conversations=100)
>>> cfg.agent_token.startswith("agent-")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: The emulated "now" at start-up: data is generated up to this instant, so the
#: same seed gives the same bytes on any day. The clock then advances in real time.
DEFAULT_NOW = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FaultConfig:
    """Seeded fault injection; each rate is a probability per request.

    ``server_error_rate``: a 502/503/504 with an HTML body (as a proxy sends).
    ``slow_rate``: the response is delayed by ``slow_seconds``.
    ``truncated_rate``: a 200 whose JSON body is cut short (Content-Length matches the cut).
    ``drop_rate``: the connection is closed in the middle of the body.
    """

    server_error_rate: float = 0.0
    slow_rate: float = 0.0
    slow_seconds: float = 2.0
    truncated_rate: float = 0.0
    drop_rate: float = 0.0
    seed: int = 0

    @property
    def any(self) -> bool:
        """Whether any fault can happen."""
        return any(
            rate > 0
            for rate in (
                self.server_error_rate,
                self.slow_rate,
                self.truncated_rate,
                self.drop_rate,
            )
        )


@dataclass(frozen=True)
class LiveConfig:
    """Live activity: the account changes while clients read it.

    Every ``interval`` seconds, ``events_per_tick`` changes happen: new messages
    (which move conversations to the top of the default sort), new conversations
    and status changes. Several events share one second, so sort keys tie.
    """

    enabled: bool = False
    interval: float = 0.05
    events_per_tick: int = 3
    new_conversation_share: float = 0.2
    status_change_share: float = 0.2


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything that decides what the emulator serves.

    The data depends only on ``seed``, ``conversations``, ``account_id`` and
    ``now``: the same values give the same bytes.
    """

    seed: int = 7
    conversations: int = 500
    account_id: int = 1
    token: str = "dev-token"
    now: datetime = DEFAULT_NOW
    #: Requests allowed per window and client IP (0 disables the limit).
    rate_limit: int = 3000
    rate_window: float = 60.0
    #: Added to every response, like a real network's round trip.
    latency: float = 0.0
    faults: FaultConfig = field(default_factory=FaultConfig)
    live: LiveConfig = field(default_factory=LiveConfig)
    #: Serve the secret-bearing inbox keys an administrator sees on a real server
    #: (with made-up values), to test that clients never persist them.
    inbox_secrets: bool = False
    #: Render contacts as servers older than Chatwoot PR #10888 (February 2025), and
    #: forks cut before it, do: each ``contact_inboxes[].inbox`` is the whole inbox
    #: partial (with the administrators' keys when ``inbox_secrets`` is on too),
    #: not the slim ``{id, avatar_url, channel_id, name, channel_type, provider}``.
    legacy_contact_inboxes: bool = False
    #: Include enterprise keys (applied_sla, sla_events) and reporting_events.
    enterprise: bool = True
    page_size: int = 25
    #: The account's reporting time zone (an IANA name). Set, the account is in
    #: rollup mode: eligible report queries are answered from daily rollups in that
    #: zone, with windows rounded to whole days (Chatwoot's ``reporting_events_rollup``).
    #: None (the default) answers every report from the raw events.
    reporting_timezone: str | None = None

    def __post_init__(self) -> None:
        if self.conversations < 0:
            msg = f"conversations must be >= 0, got {self.conversations}"
            raise ValueError(msg)
        if not self.token:
            msg = "token must not be empty"
            raise ValueError(msg)
        if self.reporting_timezone is not None:
            try:
                ZoneInfo(self.reporting_timezone)
            except (ZoneInfoNotFoundError, ValueError):
                msg = f"unknown reporting time zone {self.reporting_timezone!r}"
                raise ValueError(msg) from None

    @property
    def agent_token(self) -> str:
        """A token of an agent who is a member of some inboxes only."""
        return f"agent-{self.token}"

    @property
    def bot_token(self) -> str:
        """An AgentBot token: it may not list conversations or messages."""
        return f"bot-{self.token}"

    @property
    def outsider_token(self) -> str:
        """A valid user token of someone who is not a member of the account."""
        return f"outsider-{self.token}"

    @property
    def now_epoch(self) -> int:
        """``now`` as epoch seconds."""
        return int(self.now.timestamp())
