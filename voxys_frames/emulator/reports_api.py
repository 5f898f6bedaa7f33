"""Chatwoot's v2 reports, computed from reporting events, conversations and messages.

Pure functions over plain facts (:class:`ReportData`), so tests can feed hand-built
events; :mod:`voxys_frames.emulator.report_data` builds the facts from the
emulator's world. Each function follows the Chatwoot builder named in its
docstring (``app/builders/v2/reports/**``), as ``chatwoot-reports-api.md`` reads
them:

* windows are half-open ``since...until``; conversations filter on their creation,
  messages on theirs, events on the event's ``created_at`` (its end);
* counts count events (a reopened conversation resolves twice), except bot
  hand-offs, which count distinct conversations;
* ``agent`` scopes conversations by current assignee, messages by sender, events
  by the event's user; ``team`` and ``label`` go through the conversation's
  *current* team and labels;
* averages switch to ``value_in_business_hours`` with ``business_hours``;
* in rollup mode (an account reporting time zone), eligible queries read daily
  rollups, so windows are rounded to whole days in that zone.

An event is a mapping with ``name``, ``value``, ``value_in_business_hours``,
``end`` (its ``created_at``), ``inbox_id``, ``user_id`` and ``display_id``.

Examples
--------
>>> data = ReportData(
...     account=AccountInfo(1, users=(Entity(4, "Ana", "ana@x"),), inboxes=(Inbox(1, "Web", "Channel::WebWidget"),)),
...     conversations={1: Conv(1, created_at=0, inbox_id=1)},
...     events=[{"name": "first_response", "value": 60, "value_in_business_hours": 0,
...              "end": 60, "inbox_id": 1, "user_id": 4, "display_id": 1}],
... )
>>> summary(data, Query(window=Window(0, 86400)))["avg_first_response_time"]
60.0
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from voxys_frames.emulator.periods import (
    UNBOUNDED,
    Window,
    date_midnight,
    local_date,
    next_key,
    period_key,
    period_start,
    series,
)

Event = Mapping[str, Any]

COUNT_METRICS: Final = (
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
    "resolutions_count",
    "bot_resolutions_count",
    "bot_handoffs_count",
)
AVERAGE_METRICS: Final = ("avg_first_response_time", "avg_resolution_time", "reply_time")
METRICS: Final = COUNT_METRICS + AVERAGE_METRICS
TYPES: Final = ("account", "agent", "inbox", "label", "team")

#: The event each event-based metric reads.
EVENT_OF: Final[Mapping[str, str]] = {
    "resolutions_count": "conversation_resolved",
    "bot_resolutions_count": "conversation_bot_resolved",
    "bot_handoffs_count": "conversation_bot_handoff",
    "avg_first_response_time": "first_response",
    "avg_resolution_time": "conversation_resolved",
    "reply_time": "reply_time",
}
#: ``RollupConditions::COVERED_METRICS``: report metric -> rollup metric.
ROLLUP_METRIC: Final[Mapping[str, str]] = {
    "avg_first_response_time": "first_response",
    "avg_resolution_time": "resolution_time",
    "reply_time": "reply_time",
    "resolutions_count": "resolutions_count",
    "bot_resolutions_count": "bot_resolutions_count",
    "bot_handoffs_count": "bot_handoffs_count",
}
#: Event name -> the rollup metrics it feeds.
ROLLUP_OF_EVENT: Final[Mapping[str, tuple[str, ...]]] = {
    "first_response": ("first_response",),
    "conversation_resolved": ("resolution_time", "resolutions_count"),
    "reply_time": ("reply_time",),
    "conversation_bot_resolved": ("bot_resolutions_count",),
    "conversation_bot_handoff": ("bot_handoffs_count",),
}
ROLLUP_DIMENSIONS: Final = ("account", "agent", "inbox", "team")
FRT_BUCKETS: Final = (
    ("0-1h", 0, 3600),
    ("1-4h", 3600, 14400),
    ("4-8h", 14400, 28800),
    ("8-24h", 28800, 86400),
    ("24h+", 86400, None),
)
STATUSES: Final = ("open", "resolved", "pending", "snoozed")
OUTGOING_GROUPS: Final = ("agent", "team", "inbox", "label")
#: ``ChannelSummaryBuilder::MAX_DURATION`` (6.months as ActiveSupport counts it).
SIX_MONTHS: Final = 6 * 2_629_746


@dataclass(frozen=True, slots=True)
class Entity:
    """An account user, team or label: id, name (a label's title) and e-mail (users)."""

    id: int
    name: str
    email: str | None = None
    thumbnail: str = ""
    availability: str = "offline"


@dataclass(frozen=True, slots=True)
class Inbox:
    """An inbox: id, name and channel type."""

    id: int
    name: str
    channel_type: str


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """The account's entities, in the order Chatwoot lists them (by id)."""

    id: int
    users: tuple[Entity, ...] = ()
    inboxes: tuple[Inbox, ...] = ()
    teams: tuple[Entity, ...] = ()
    labels: tuple[Entity, ...] = ()
    #: ``account.reporting_timezone`` (IANA); set, it turns the daily rollups on.
    reporting_timezone: str | None = None

    def inbox(self, inbox_id: int) -> Inbox | None:
        """The inbox with ``inbox_id``, or None."""
        return next((i for i in self.inboxes if i.id == inbox_id), None)


@dataclass(frozen=True, slots=True)
class Conv:
    """A conversation as the report queries see it (current values)."""

    display_id: int
    created_at: int
    inbox_id: int
    team_id: int | None = None
    assignee_id: int | None = None
    labels: tuple[str, ...] = ()
    status: str = "open"
    first_reply_created_at: int | None = None
    waiting_since: int | None = None
    #: ``(time, team_id)`` for every team change, for the team a rollup row gets.
    team_changes: tuple[tuple[int, int | None], ...] = ()

    def team_at(self, t: int) -> int | None:
        """The conversation's team at time ``t`` (its current team without changes)."""
        if not self.team_changes:
            return self.team_id
        team: int | None = None
        for at, value in self.team_changes:
            if at > t:
                break
            team = value
        return team


@dataclass(frozen=True, slots=True)
class Msg:
    """A message: creation time, ``message_type`` (0 in, 1 out, 2 activity, 3 template)."""

    created_at: int
    message_type: int
    display_id: int
    inbox_id: int
    #: ``User``, ``Contact``, ``AgentBot``, ``Captain::Assistant`` or None (automation).
    sender_type: str | None = None
    sender_id: int | None = None
    private: bool = False


@dataclass
class ReportData:
    """Everything the reports read."""

    account: AccountInfo
    conversations: dict[int, Conv]
    messages: Sequence[Msg] = field(default_factory=list)
    events: Sequence[Event] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Query:
    """The parameters of a report request, already parsed."""

    window: Window = UNBOUNDED
    type: str = "account"
    id: int | None = None
    metric: str | None = None
    group_by: str = "day"
    #: The zone buckets are made in (from ``timezone_offset``).
    zone: str = "UTC"
    #: Whether ``timezone_offset`` was given (the rollup path compares it).
    offset_given: bool = False
    #: The query zone's current offset, seconds (the rollup's zone check).
    offset_seconds: float = 0.0
    business_hours: bool = False
    #: The server's "now" (epoch seconds): the rollup compares current offsets.
    now: int = 0


class ReportNotFoundError(LookupError):
    """The ``type``'s ``id`` is not in the account (Chatwoot answers 404)."""


# ---- scopes ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Scope:
    """Predicates for ``scope.conversations``, ``scope.messages``, ``scope.reporting_events``."""

    conversation: Callable[[Conv], bool]
    message: Callable[[Msg], bool]
    event: Callable[[Event], bool]


def _everything(_: object) -> bool:
    return True


def scope_for(data: ReportData, type_: str, id_: int | None) -> Scope:
    """The report scope of ``type``/``id`` (``BaseTimeseriesBuilder#scope``).

    >>> data = ReportData(AccountInfo(1, inboxes=(Inbox(2, "Mail", "Channel::Email"),)), {})
    >>> scope_for(data, "inbox", 2).event({"inbox_id": 2})
    True
    >>> scope_for(data, "inbox", 9)
    Traceback (most recent call last):
    ...
    voxys_frames.emulator.reports_api.ReportNotFoundError: inbox 9
    """
    account = data.account
    convs = data.conversations
    if type_ == "account":
        return Scope(_everything, _everything, _everything)
    if type_ == "inbox":
        if account.inbox(id_ or 0) is None:
            raise ReportNotFoundError(f"inbox {id_}")
        return Scope(
            lambda c: c.inbox_id == id_,
            lambda m: m.inbox_id == id_,
            lambda e: e["inbox_id"] == id_,
        )
    if type_ == "agent":
        if not any(u.id == id_ for u in account.users):
            raise ReportNotFoundError(f"agent {id_}")
        return Scope(
            lambda c: c.assignee_id == id_,
            lambda m: m.sender_type == "User" and m.sender_id == id_,
            lambda e: e["user_id"] == id_,
        )
    if type_ == "team":
        if not any(t.id == id_ for t in account.teams):
            raise ReportNotFoundError(f"team {id_}")

        def in_team(display_id: int) -> bool:
            conv = convs.get(display_id)
            return conv is not None and conv.team_id == id_

        return Scope(
            lambda c: c.team_id == id_,
            lambda m: in_team(m.display_id),
            lambda e: in_team(e["display_id"]),
        )
    if type_ == "label":
        label = next((x for x in account.labels if x.id == id_), None)
        if label is None:
            raise ReportNotFoundError(f"label {id_}")
        title = label.name

        def tagged(display_id: int) -> bool:
            conv = convs.get(display_id)
            return conv is not None and title in conv.labels

        return Scope(
            lambda c: title in c.labels,
            lambda m: tagged(m.display_id),
            lambda e: tagged(e["display_id"]),
        )
    raise ReportNotFoundError(f"type {type_}")


def _items(data: ReportData, query: Query, metric: str, window: Window) -> list[tuple[int, Any]]:
    """``(created_at, item)`` of what ``metric`` counts or averages in ``window``."""
    scope = scope_for(data, query.type, query.id)
    if metric == "conversations_count":
        return [
            (c.created_at, c)
            for c in data.conversations.values()
            if scope.conversation(c) and window.contains(c.created_at)
        ]
    if metric in ("incoming_messages_count", "outgoing_messages_count"):
        kind = 0 if metric == "incoming_messages_count" else 1
        return [
            (m.created_at, m)
            for m in data.messages
            if m.message_type == kind and window.contains(m.created_at) and scope.message(m)
        ]
    name = EVENT_OF[metric]
    return [
        (int(e["end"]), e)
        for e in data.events
        if e["name"] == name and window.contains(int(e["end"])) and scope.event(e)
    ]


def _value_key(business_hours: bool) -> str:
    return "value_in_business_hours" if business_hours else "value"


def _mean(values: Sequence[float]) -> float | None:
    return float(sum(values)) / len(values) if values else None


# ---- rollups -------------------------------------------------------------------
RollupKey = tuple[str, str, int, date]


def daily_rollups(
    events: Iterable[Event],
    conversations: Mapping[int, Conv],
    *,
    zone: str,
    account_id: int,
) -> dict[RollupKey, list[float]]:
    """``reporting_events_rollups``: per metric, dimension and local day, ``[count, sum, sum_bh]``.

    Days are dates in the account's reporting zone; the dimensions are the
    account, the event's user, its inbox and the conversation's team when the
    event was written.

    >>> rows = daily_rollups([{"name": "reply_time", "value": 30, "value_in_business_hours": 0,
    ...     "end": 3600, "inbox_id": 1, "user_id": None, "display_id": 1}], {}, zone="UTC", account_id=1)
    >>> rows[("reply_time", "account", 1, date(1970, 1, 1))]
    [1, 30.0, 0.0]
    """
    tz = ZoneInfo(zone)
    rows: dict[RollupKey, list[float]] = {}
    for event in events:
        metrics = ROLLUP_OF_EVENT.get(event["name"])
        if not metrics:
            continue
        end = int(event["end"])
        day = local_date(end, tz)
        conv = conversations.get(event["display_id"])
        team = conv.team_at(end) if conv is not None else None
        dims: list[tuple[str, int]] = [("account", account_id), ("inbox", event["inbox_id"])]
        if event["user_id"] is not None:
            dims.append(("agent", event["user_id"]))
        if team is not None:
            dims.append(("team", team))
        for metric in metrics:
            for dim, dim_id in dims:
                row = rows.setdefault((metric, dim, dim_id, day), [0, 0.0, 0.0])
                row[0] += 1
                row[1] += float(event["value"])
                row[2] += float(event["value_in_business_hours"])
    return rows


def rollup_dates(window: Window, zone: str) -> tuple[date, date] | None:
    """``rollup_date_range``: the window's first and last local day (``until`` minus a second).

    >>> rollup_dates(Window(3600, 86400), "UTC")
    (datetime.date(1970, 1, 1), datetime.date(1970, 1, 1))
    """
    if window.since is None or window.until is None:
        return None
    tz = ZoneInfo(zone)
    return local_date(window.since, tz), local_date(window.until - 1, tz)


def uses_rollup(account: AccountInfo, query: Query, *, metric: str | None) -> bool:
    """``RollupConditions#use_rollup?`` (``metric`` None: a summary builder, always covered).

    Needs a reporting zone, a covered metric, no hourly grouping, an account,
    agent, inbox or team dimension, and either no ``timezone_offset`` or one equal
    to the reporting zone's current offset.

    >>> info = AccountInfo(1, reporting_timezone="UTC")
    >>> uses_rollup(info, Query(window=Window(0, 1)), metric="resolutions_count")
    True
    >>> uses_rollup(info, Query(window=Window(0, 1), group_by="hour"), metric="resolutions_count")
    False
    """
    if account.reporting_timezone is None or not query.window.bounded:
        return False
    if metric is not None and metric not in ROLLUP_METRIC:
        return False
    if query.group_by == "hour":
        return False
    if query.type not in ROLLUP_DIMENSIONS:
        return False
    if not query.offset_given:
        return True
    return query.offset_seconds == _current_offset(account.reporting_timezone, query.now)


def _current_offset(zone: str, now: int) -> float:
    delta = datetime.fromtimestamp(now, tz=ZoneInfo(zone)).utcoffset()
    return delta.total_seconds() if delta is not None else 0.0


def _rollup_rows(
    data: ReportData, rollups: Mapping[RollupKey, list[float]], query: Query, metric: str
) -> list[tuple[date, list[float]]]:
    days = rollup_dates(query.window, data.account.reporting_timezone or "UTC")
    if days is None:
        return []
    first, last = days
    dim = query.type
    dim_id = data.account.id if dim == "account" else (query.id or 0)
    if dim != "account":
        scope_for(data, dim, query.id)  # 404 for an unknown id
    name = ROLLUP_METRIC[metric]
    return [
        (day, row)
        for (m, d, i, day), row in rollups.items()
        if m == name and d == dim and i == dim_id and first <= day <= last
    ]


def _rollup_periods(query: Query, tz_name: str) -> list[date]:
    days = rollup_dates(query.window, tz_name)
    if days is None:
        return []
    first, last = days
    out = []
    current = period_key(first, query.group_by, week_start=0)
    while current <= last:
        out.append(current)
        current = next_key(current, query.group_by)
    return out


# ---- timeseries ------------------------------------------------------------------
def timeseries(
    data: ReportData, query: Query, *, rollups: Mapping[RollupKey, list[float]] | None = None
) -> list[dict[str, Any]] | dict[str, Any]:
    """``GET /api/v2/accounts/{id}/reports``: one row per bucket of ``query.group_by``.

    Counts are ``{value, timestamp}``, averages ``{value, timestamp, count}``;
    empty buckets are 0. An unknown metric gives ``{}``.

    >>> data = ReportData(AccountInfo(1), {1: Conv(1, created_at=90_000, inbox_id=1)})
    >>> timeseries(data, Query(window=Window(0, 2 * 86400), metric="conversations_count"))
    [{'value': 0, 'timestamp': 0}, {'value': 1, 'timestamp': 86400}]
    """
    metric = query.metric
    if metric not in METRICS:
        return {}
    if rollups is not None and uses_rollup(data.account, query, metric=metric):
        return _rollup_timeseries(data, query, metric, rollups)
    zone = ZoneInfo(query.zone)
    items = _items(data, query, metric, query.window)
    buckets = series(query.window, query.group_by, zone, (t for t, _ in items))
    grouped: dict[int, list[Any]] = defaultdict(list)
    for t, item in items:
        grouped[period_start(t, query.group_by, zone)].append(item)
    if metric in AVERAGE_METRICS:
        key = _value_key(query.business_hours)
        out: list[dict[str, Any]] = []
        for start in buckets:
            values = [float(e[key]) for e in grouped.get(start, [])]
            mean = _mean(values)
            out.append(
                {"value": 0 if mean is None else mean, "timestamp": start, "count": len(values)}
            )
        return out
    if metric == "bot_handoffs_count":
        return [
            {"value": len({e["display_id"] for e in grouped.get(s, [])}), "timestamp": s}
            for s in buckets
        ]
    return [{"value": len(grouped.get(s, [])), "timestamp": s} for s in buckets]


def _rollup_timeseries(
    data: ReportData, query: Query, metric: str, rollups: Mapping[RollupKey, list[float]]
) -> list[dict[str, Any]]:
    account_zone = data.account.reporting_timezone or "UTC"
    rows = _rollup_rows(data, rollups, query, metric)
    periods = _rollup_periods(query, account_zone)
    col = 2 if query.business_hours else 1
    count: dict[date, int] = dict.fromkeys(periods, 0)
    total: dict[date, float] = dict.fromkeys(periods, 0.0)
    for day, row in rows:
        key = period_key(day, query.group_by, week_start=0)
        count[key] = count.get(key, 0) + int(row[0])
        total[key] = total.get(key, 0.0) + row[col]
    out_zone = ZoneInfo(query.zone)
    result: list[dict[str, Any]] = []
    for key in sorted(count):
        stamp = date_midnight(key, out_zone)
        if metric in AVERAGE_METRICS:
            n = count[key]
            result.append({"value": total[key] / n if n else 0, "timestamp": stamp, "count": n})
        else:
            result.append({"value": count[key], "timestamp": stamp})
    return result


def aggregate(
    data: ReportData,
    query: Query,
    metric: str,
    *,
    rollups: Mapping[RollupKey, list[float]] | None = None,
) -> int | float | None:
    """One metric over the whole window (``aggregate_value``): a count, or a mean or None.

    >>> data = ReportData(AccountInfo(1), {})
    >>> aggregate(data, Query(window=Window(0, 10)), "avg_resolution_time") is None
    True
    """
    if rollups is not None and uses_rollup(
        data.account, replace(query, metric=metric), metric=metric
    ):
        rows = _rollup_rows(data, rollups, query, metric)
        n = sum(int(row[0]) for _, row in rows)
        if metric in AVERAGE_METRICS:
            col = 2 if query.business_hours else 1
            return sum(row[col] for _, row in rows) / n if n else None
        return n
    items = _items(data, query, metric, query.window)
    if metric in AVERAGE_METRICS:
        key = _value_key(query.business_hours)
        return _mean([float(e[key]) for _, e in items])
    if metric == "bot_handoffs_count":
        return len({e["display_id"] for _, e in items})
    return len(items)


def summary(
    data: ReportData, query: Query, *, rollups: Mapping[RollupKey, list[float]] | None = None
) -> dict[str, Any]:
    """``GET reports/summary``: the seven figures and ``previous`` (the window before).

    ``incoming_messages_count`` is left out for ``type=agent``.

    >>> data = ReportData(AccountInfo(1), {1: Conv(1, created_at=5, inbox_id=1)})
    >>> s = summary(data, Query(window=Window(10, 20)))
    >>> s["conversations_count"], s["previous"]["conversations_count"]
    (0, 1)
    """

    def one(window: Window) -> dict[str, Any]:
        q = replace(query, window=window)
        result: dict[str, Any] = {
            "conversations_count": aggregate(data, q, "conversations_count"),
            "outgoing_messages_count": aggregate(data, q, "outgoing_messages_count"),
            "avg_first_response_time": aggregate(
                data, q, "avg_first_response_time", rollups=rollups
            ),
            "avg_resolution_time": aggregate(data, q, "avg_resolution_time", rollups=rollups),
            "resolutions_count": aggregate(data, q, "resolutions_count", rollups=rollups),
            "reply_time": aggregate(data, q, "reply_time", rollups=rollups),
        }
        if query.type != "agent":
            result["incoming_messages_count"] = aggregate(data, q, "incoming_messages_count")
        return result

    current = one(query.window)
    current["previous"] = one(query.window.previous())
    return current


def bot_summary(
    data: ReportData, query: Query, *, rollups: Mapping[RollupKey, list[float]] | None = None
) -> dict[str, Any]:
    """``GET reports/bot_summary``: bot resolutions (events) and hand-offs (distinct conversations).

    >>> bot_summary(ReportData(AccountInfo(1), {}), Query(window=Window(0, 1)))
    {'bot_resolutions_count': 0, 'bot_handoffs_count': 0, 'previous': {'bot_resolutions_count': 0, 'bot_handoffs_count': 0}}
    """

    def one(window: Window) -> dict[str, Any]:
        q = replace(query, window=window)
        return {
            "bot_resolutions_count": aggregate(data, q, "bot_resolutions_count", rollups=rollups),
            "bot_handoffs_count": aggregate(data, q, "bot_handoffs_count", rollups=rollups),
        }

    current = one(query.window)
    current["previous"] = one(query.window.previous())
    return current


# ---- live numbers -----------------------------------------------------------------
def _unattended(c: Conv) -> bool:
    """``Conversation.unattended``: no first reply yet, or waiting for an answer."""
    return c.first_reply_created_at is None or c.waiting_since is not None


def live_counts(conversations: Iterable[Conv], *, account: bool) -> dict[str, int]:
    """``V2::ReportBuilder#live_conversations``: open and unattended (and unassigned for the account).

    >>> live_counts([Conv(1, 0, 1, status="open")], account=True)
    {'open': 1, 'unattended': 1, 'unassigned': 1}
    """
    open_ = [c for c in conversations if c.status == "open"]
    metric = {"open": len(open_), "unattended": sum(1 for c in open_ if _unattended(c))}
    if account:
        metric["unassigned"] = sum(1 for c in open_ if c.assignee_id is None)
    return metric


def conversation_metrics(
    data: ReportData, *, type_: str, page: int = 1, user_id: int | None = None
) -> Any:
    """``GET reports/conversations``: the account's live counts, or a page of 25 agents.

    Agents are the account's users (25 a page), each with its assigned open and
    unattended conversations, sorted by open, most first.

    >>> conversation_metrics(ReportData(AccountInfo(1), {}), type_="account")
    {'open': 0, 'unattended': 0, 'unassigned': 0}
    """
    convs = list(data.conversations.values())
    if type_ == "account":
        return live_counts(convs, account=True)
    users = list(data.account.users)[(page - 1) * 25 : page * 25]
    rows: list[dict[str, Any]] = [
        {
            "id": u.id,
            "name": u.name,
            "email": u.email,
            "thumbnail": u.thumbnail,
            "availability": u.availability,
            "metric": live_counts([c for c in convs if c.assignee_id == u.id], account=False),
        }
        for u in users
    ]
    rows.sort(key=lambda row: row["metric"]["open"])
    rows.reverse()
    return rows


def live_conversation_metrics(
    data: ReportData,
    *,
    team_ids: Sequence[int] = (),
    user_ids: Sequence[int] = (),
    inbox_ids: Sequence[int] = (),
) -> dict[str, int]:
    """``GET live_reports/conversation_metrics``: ``{open, unattended, unassigned, pending}``.

    ``pending`` counts ``account.conversations.open.pending``: both statuses at
    once, so it is always 0 (as the builder has it).

    >>> live_conversation_metrics(ReportData(AccountInfo(1), {1: Conv(1, 0, 1, status="pending")}))
    {'open': 0, 'unattended': 0, 'unassigned': 0, 'pending': 0}
    """
    convs = [
        c
        for c in data.conversations.values()
        if (not team_ids or c.team_id in team_ids)
        and (not user_ids or c.assignee_id in user_ids)
        and (not inbox_ids or c.inbox_id in inbox_ids)
    ]
    metric = live_counts(convs, account=True)
    metric["pending"] = sum(1 for c in convs if c.status == "open" and c.status == "pending")
    return metric


# ---- distributions and groupings ---------------------------------------------------------
def first_response_time_distribution(data: ReportData, window: Window) -> dict[str, dict[str, int]]:
    """``GET reports/first_response_time_distribution``: first responses by channel and value bucket.

    Calendar seconds (never business hours); channels without first responses are absent.

    >>> data = ReportData(AccountInfo(1, inboxes=(Inbox(1, "Web", "Channel::WebWidget"),)), {},
    ...     events=[{"name": "first_response", "value": 3600, "end": 5, "inbox_id": 1}])
    >>> first_response_time_distribution(data, Window(0, 10))["Channel::WebWidget"]["1-4h"]
    1
    """
    out: dict[str, dict[str, int]] = {}
    for e in data.events:
        if e["name"] != "first_response" or not window.contains(int(e["end"])):
            continue
        inbox = data.account.inbox(e["inbox_id"])
        if inbox is None:
            continue
        row = out.setdefault(inbox.channel_type, {name: 0 for name, _, _ in FRT_BUCKETS})
        value = float(e["value"])
        for name, lo, hi in FRT_BUCKETS:
            if value >= lo and (hi is None or value < hi):
                row[name] += 1
                break
    return dict(sorted(out.items()))


def outgoing_messages_count(
    data: ReportData, group_by: str, window: Window
) -> list[dict[str, Any]]:
    """``GET reports/outgoing_messages_count``: outgoing messages (notes included) per entity.

    ``agent`` is the conversation's *current* assignee and leaves out messages
    whose sender is a bot, a Captain assistant or nobody (SQL's ``NOT IN`` drops
    null sender types); ``label`` names tags without a Label row with a null id.

    >>> data = ReportData(AccountInfo(1, inboxes=(Inbox(1, "Web", "Channel::WebWidget"),)), {},
    ...     messages=[Msg(5, 1, 1, 1, "AgentBot", 1)])
    >>> outgoing_messages_count(data, "inbox", Window(0, 10))
    [{'id': 1, 'name': 'Web', 'outgoing_messages_count': 1}]
    """
    account = data.account
    counts: dict[Any, int] = defaultdict(int)
    for m in data.messages:
        if m.message_type != 1 or not window.contains(m.created_at):
            continue
        conv = data.conversations.get(m.display_id)
        if group_by == "agent":
            if m.sender_type in (None, "AgentBot", "Captain::Assistant"):
                continue
            if conv is None or conv.assignee_id is None:
                continue
            counts[conv.assignee_id] += 1
        elif group_by == "team":
            if conv is not None and conv.team_id is not None:
                counts[conv.team_id] += 1
        elif group_by == "inbox":
            counts[m.inbox_id] += 1
        elif conv is not None:
            for title in conv.labels:
                counts[title] += 1
    if group_by == "label":
        ids = {label.name: label.id for label in account.labels}
        return [
            {"id": ids.get(title), "name": title, "outgoing_messages_count": n}
            for title, n in sorted(counts.items())
        ]
    names: dict[int, str] = {}
    if group_by == "agent":
        names = {u.id: u.name for u in account.users}
    elif group_by == "team":
        names = {t.id: t.name for t in account.teams}
    else:
        names = {i.id: i.name for i in account.inboxes}
    return [
        {"id": key, "name": names.get(key), "outgoing_messages_count": n}
        for key, n in sorted(counts.items())
    ]


# ---- summary reports ------------------------------------------------------------------------
def _grouped_events(
    data: ReportData, window: Window, key: Callable[[Event], int | None], value_key: str
) -> dict[int, dict[str, Any]]:
    """Per group: resolved events and the three means (``BaseSummaryBuilder``'s one query)."""
    acc: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for e in data.events:
        if not window.contains(int(e["end"])):
            continue
        group = key(e)
        if group is None:
            continue
        acc[group][e["name"]].append(float(e[value_key]))
    return {
        group: {
            "resolved": len(names.get("conversation_resolved", [])),
            "resolution": _mean(names.get("conversation_resolved", [])),
            "first_response": _mean(names.get("first_response", [])),
            "reply": _mean(names.get("reply_time", [])),
        }
        for group, names in acc.items()
    }


def _rollup_grouped(
    data: ReportData,
    rollups: Mapping[RollupKey, list[float]],
    window: Window,
    dimension: str,
    business_hours: bool,
) -> dict[int, dict[str, Any]]:
    """The same per group, from the daily rollups (``load_rollup_data``)."""
    days = rollup_dates(window, data.account.reporting_timezone or "UTC")
    if days is None:
        return {}
    first, last = days
    col = 2 if business_hours else 1
    sums: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    for (metric, dim, dim_id, day), row in rollups.items():
        if dim != dimension or not first <= day <= last:
            continue
        cell = sums[dim_id][metric]
        cell[0] += row[0]
        cell[1] += row[col]

    def mean(cell: list[float]) -> float | None:
        return cell[1] / cell[0] if cell[0] else None

    return {
        dim_id: {
            "resolved": int(metrics["resolutions_count"][0]),
            "resolution": mean(metrics["resolution_time"]),
            "first_response": mean(metrics["first_response"]),
            "reply": mean(metrics["reply_time"]),
        }
        for dim_id, metrics in sums.items()
    }


def _summary_rows(
    data: ReportData,
    window: Window,
    business_hours: bool,
    rollups: Mapping[RollupKey, list[float]] | None,
    *,
    dimension: str,
    entities: Iterable[int],
    conv_key: Callable[[Conv], int | None],
    event_key: Callable[[Event], int | None],
) -> list[dict[str, Any]]:
    counts: dict[int, int] = defaultdict(int)
    for c in data.conversations.values():
        group = conv_key(c)
        if group is not None and window.contains(c.created_at):
            counts[group] += 1
    query = Query(window=window, type=dimension, business_hours=business_hours)
    if rollups is not None and uses_rollup(data.account, query, metric=None):
        grouped = _rollup_grouped(data, rollups, window, dimension, business_hours)
    else:
        grouped = _grouped_events(data, window, event_key, _value_key(business_hours))
    empty: dict[str, Any] = {
        "resolved": 0,
        "resolution": None,
        "first_response": None,
        "reply": None,
    }
    rows = []
    for entity in entities:
        g = grouped.get(entity, empty)
        rows.append(
            {
                "id": entity,
                "conversations_count": counts.get(entity, 0),
                "resolved_conversations_count": g["resolved"],
                "avg_resolution_time": g["resolution"],
                "avg_first_response_time": g["first_response"],
                "avg_reply_time": g["reply"],
            }
        )
    return rows


def agent_summary(
    data: ReportData,
    window: Window,
    *,
    business_hours: bool = False,
    rollups: Mapping[RollupKey, list[float]] | None = None,
) -> list[dict[str, Any]]:
    """``GET summary_reports/agent``: every account user; conversations by current assignee.

    Conversations count by creation date and current assignee; resolutions and
    averages by the event's user and date.

    >>> data = ReportData(AccountInfo(1, users=(Entity(4, "Ana"),)), {1: Conv(1, 5, 1, assignee_id=4)})
    >>> agent_summary(data, Window(0, 10))[0]["conversations_count"]
    1
    """
    return _summary_rows(
        data,
        window,
        business_hours,
        rollups,
        dimension="agent",
        entities=[u.id for u in data.account.users],
        conv_key=lambda c: c.assignee_id,
        event_key=lambda e: e["user_id"],
    )


def inbox_summary(
    data: ReportData,
    window: Window,
    *,
    business_hours: bool = False,
    rollups: Mapping[RollupKey, list[float]] | None = None,
) -> list[dict[str, Any]]:
    """``GET summary_reports/inbox``: every inbox, events by the event's inbox.

    >>> inbox_summary(ReportData(AccountInfo(1, inboxes=(Inbox(1, "W", "Channel::Api"),)), {}), Window(0, 1))[0]["avg_reply_time"] is None
    True
    """
    return _summary_rows(
        data,
        window,
        business_hours,
        rollups,
        dimension="inbox",
        entities=[i.id for i in data.account.inboxes],
        conv_key=lambda c: c.inbox_id,
        event_key=lambda e: e["inbox_id"],
    )


def team_summary(
    data: ReportData,
    window: Window,
    *,
    business_hours: bool = False,
    rollups: Mapping[RollupKey, list[float]] | None = None,
) -> list[dict[str, Any]]:
    """``GET summary_reports/team``: every team, events through the conversation's *current* team.

    >>> team_summary(ReportData(AccountInfo(1, teams=(Entity(2, "Sales"),)), {}), Window(0, 1))[0]["id"]
    2
    """
    convs = data.conversations

    def event_team(e: Event) -> int | None:
        conv = convs.get(e["display_id"])
        return conv.team_id if conv is not None else None

    return _summary_rows(
        data,
        window,
        business_hours,
        rollups,
        dimension="team",
        entities=[t.id for t in data.account.teams],
        conv_key=lambda c: c.team_id,
        event_key=event_team,
    )


def _or_zero(value: float | None) -> float | int:
    return 0 if value is None else value


def label_summary(
    data: ReportData, window: Window, *, business_hours: bool = False
) -> list[dict[str, Any]]:
    """``GET summary_reports/label``: every label; averages 0 (not null) when there are none.

    Conversations and the three averages take conversations *created* in the
    window (the averages read all their events, whenever written); resolved
    counts take resolution events *written* in the window. Never from rollups.

    >>> data = ReportData(AccountInfo(1, labels=(Entity(3, "vip"),)), {1: Conv(1, 5, 1, labels=("vip",))},
    ...     events=[{"name": "first_response", "value": 80, "value_in_business_hours": 0, "end": 99,
    ...              "inbox_id": 1, "user_id": 1, "display_id": 1}])
    >>> label_summary(data, Window(0, 10))[0]["avg_first_response_time"]
    80.0
    """
    convs = data.conversations
    key = _value_key(business_hours)
    rows = []
    for label in data.account.labels:
        title = label.name
        created = {
            c.display_id
            for c in convs.values()
            if title in c.labels and window.contains(c.created_at)
        }
        values: dict[str, list[float]] = defaultdict(list)
        resolved = 0
        for e in data.events:
            conv = convs.get(e["display_id"])
            if conv is None or title not in conv.labels:
                continue
            if e["name"] == "conversation_resolved" and window.contains(int(e["end"])):
                resolved += 1
            if e["display_id"] in created:
                values[e["name"]].append(float(e[key]))
        rows.append(
            {
                "id": label.id,
                "name": title,
                "conversations_count": len(created),
                "avg_resolution_time": _or_zero(_mean(values["conversation_resolved"])),
                "avg_first_response_time": _or_zero(_mean(values["first_response"])),
                "avg_reply_time": _or_zero(_mean(values["reply_time"])),
                "resolved_conversations_count": resolved,
            }
        )
    return rows


def channel_summary(data: ReportData, window: Window) -> dict[str, dict[str, int]]:
    """``GET summary_reports/channel``: conversations created in the window, by channel and current status.

    Raises ValueError when the window is longer than six months (Chatwoot's 422).

    >>> data = ReportData(AccountInfo(1, inboxes=(Inbox(1, "Web", "Channel::WebWidget"),)), {1: Conv(1, 5, 1)})
    >>> channel_summary(data, Window(0, 10))
    {'Channel::WebWidget': {'open': 1, 'resolved': 0, 'pending': 0, 'snoozed': 0, 'total': 1}}
    """
    if window.since is not None and window.until is not None:
        first = datetime.fromtimestamp(window.since, tz=ZoneInfo("UTC")).date()
        last = datetime.fromtimestamp(window.until, tz=ZoneInfo("UTC")).date()
        if (last - first).days * 86400 > SIX_MONTHS:
            msg = "Date range exceeds 6 months"
            raise ValueError(msg)
    out: dict[str, dict[str, int]] = {}
    for c in data.conversations.values():
        if not window.contains(c.created_at):
            continue
        inbox = data.account.inbox(c.inbox_id)
        if inbox is None:
            continue
        row = out.setdefault(inbox.channel_type, dict.fromkeys(STATUSES, 0))
        row[c.status] += 1
    for row in out.values():
        row["total"] = sum(row[s] for s in STATUSES)
    return dict(sorted(out.items()))


__all__ = [
    "AVERAGE_METRICS",
    "COUNT_METRICS",
    "METRICS",
    "AccountInfo",
    "Conv",
    "Entity",
    "Inbox",
    "Msg",
    "Query",
    "ReportData",
    "ReportNotFoundError",
    "agent_summary",
    "aggregate",
    "bot_summary",
    "channel_summary",
    "conversation_metrics",
    "daily_rollups",
    "first_response_time_distribution",
    "inbox_summary",
    "label_summary",
    "live_conversation_metrics",
    "live_counts",
    "outgoing_messages_count",
    "rollup_dates",
    "scope_for",
    "summary",
    "team_summary",
    "timeseries",
    "uses_rollup",
]
