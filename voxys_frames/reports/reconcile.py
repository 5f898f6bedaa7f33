"""The server's v2 report numbers against the toolkit's own, metric by metric.

:func:`reconcile` asks the server (``reports/summary`` for the account,
``summary_reports/{agent,inbox,team,label}`` for the rest) for its figures over each
period of a window and computes the same figures from a snapshot with
:func:`~voxys_frames.reports.derive.derive_events` and
:func:`~voxys_frames.reports.chatwoot.chatwoot_report`. Every figure that differs
gets one explanation of :data:`EXPLANATIONS`, and only when recomputing ours under
that explanation's rule gives the server's number:

* ``business_hours_off``: ours with the other kind of value (plain seconds instead
  of business-hours seconds, or the reverse) matches;
* ``rollup_day_rounding``: ours with event windows widened to whole days in
  ``timezone`` matches (a server in rollup mode reads daily rollups);
* ``creation_vs_event_date``: ours taking the events of the conversations created in
  the window (a cohort), whenever written, matches;
* ``current_vs_event_assignee``: ours attributing events to the conversation's current
  assignee instead of the event's user matches;
* ``events_vs_distinct_conversations``: ours counting distinct conversations instead
  of events matches;
* ``deleted_user``: ours attributing the events of gone senders (a deleted user's
  messages: no user in the snapshot) to the conversation's current assignee matches,
  or ours has an agent the server does not list (its agent summary lists every current
  user);
* ``data_changed_since_snapshot``: the server's own figure over the window cut at the
  snapshot's last recorded moment equals ours (so the difference lies in data written
  after the snapshot); or, for a label's figures (taken over the conversations created
  in the window, every event of theirs, so no cut removes a later event), ours with
  the events the server wrote after that moment for those conversations
  (``conversations/{id}/reporting_events``, enterprise builds) matches;
* ``unexplained``: none of these.

When no rule alone gives the server's number but two together do, the explanation
is both names joined by ``+`` (``rollup_day_rounding+current_vs_event_assignee``).

Label summaries follow Chatwoot's label rule (conversations and the three averages
over the conversations *created* in the window, every event of theirs; resolutions by
the event's date; averages 0 when there are none), so ours computes them so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any, Final, Literal, get_args
from zoneinfo import ZoneInfo

import polars as pl

from voxys_frames.api.client import ApiClient
from voxys_frames.api.requests import SUMMARY_REPORTS
from voxys_frames.convert.pages import reporting_events_page
from voxys_frames.exceptions import NotFoundError
from voxys_frames.reports.business_hours import WorkingHours
from voxys_frames.reports.chatwoot import Dimension, chatwoot_report, check_choice, check_timezone
from voxys_frames.reports.derive import EVENT_SCHEMA, derive_events

__all__ = ["EXPLANATIONS", "MEANINGS", "RECONCILE_SCHEMA", "Explanation", "GroupBy", "reconcile"]

Explanation = Literal[
    "business_hours_off",
    "rollup_day_rounding",
    "creation_vs_event_date",
    "current_vs_event_assignee",
    "events_vs_distinct_conversations",
    "deleted_user",
    "data_changed_since_snapshot",
    "unexplained",
]
EXPLANATIONS: Final[tuple[str, ...]] = get_args(Explanation)
"""Every explanation a difference can get, in the order they are tried."""

MEANINGS: Final[Mapping[str, str]] = {
    "business_hours_off": "the server used the other kind of value (plain or business-hours"
    " seconds)",
    "rollup_day_rounding": "the server read daily rollups: the window rounded to whole days",
    "creation_vs_event_date": "the server took the events of the conversations created in the"
    " window, not the events dated in it",
    "current_vs_event_assignee": "the server credited the conversation's current assignee, not"
    " the event's user",
    "events_vs_distinct_conversations": "the server counted distinct conversations, not events",
    "deleted_user": "events of a user gone from the snapshot (or an agent the server no longer"
    " lists)",
    "data_changed_since_snapshot": "data written on the server after the snapshot",
    "unexplained": "no rule recomputes the server's figure",
}
"""One line per explanation: what the server did differently."""

GroupBy = Literal["hour", "day", "week", "month", "year", "all"]
GROUP_BYS: Final = get_args(GroupBy)

RECONCILE_SCHEMA: Final = pl.Schema(
    {
        "metric": pl.String(),
        "dimension": pl.String(),
        "dimension_id": pl.Int64(),
        "period": pl.String(),
        "ours": pl.Float64(),
        "server": pl.Float64(),
        "difference": pl.Float64(),
        "explanation": pl.String(),
    }
)
"""Columns of :func:`reconcile`'s frame; ``explanation`` is null where both agree, else
one name of :data:`EXPLANATIONS` or two joined by ``+``."""

DIMENSIONS: Final[tuple[Dimension, ...]] = ("account", "agent", "inbox", "team", "label")
ACCOUNT_METRICS: Final[Mapping[str, str]] = {
    "conversations_count": "conversations_count",
    "incoming_messages_count": "incoming_messages_count",
    "outgoing_messages_count": "outgoing_messages_count",
    "resolutions_count": "resolutions_count",
    "avg_first_response_time": "avg_first_response_time",
    "avg_resolution_time": "avg_resolution_time",
    "reply_time": "avg_reply_time",
}
"""``reports/summary`` key -> metric."""
SUMMARY_METRICS: Final[Mapping[str, str]] = {
    "conversations_count": "conversations_count",
    "resolved_conversations_count": "resolutions_count",
    "avg_first_response_time": "avg_first_response_time",
    "avg_resolution_time": "avg_resolution_time",
    "avg_reply_time": "avg_reply_time",
}
"""``summary_reports/*`` key -> metric."""
CREATION_METRICS: Final = (
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
)
AVERAGES: Final = ("avg_first_response_time", "avg_resolution_time", "avg_reply_time")

Key = tuple[str, int | None, str]
"""(dimension, dimension id, metric); labels are keyed by their id."""
Figures = dict[Key, float | None]
RULES: Final[tuple[Explanation, ...]] = (
    "business_hours_off",
    "rollup_day_rounding",
    "creation_vs_event_date",
    "current_vs_event_assignee",
    "events_vs_distinct_conversations",
    "deleted_user",
)
"""The explanations checked by recomputing ours under their rule."""
TRIED: Final[tuple[frozenset[Explanation], ...]] = tuple(
    frozenset(c) for n in (1, 2) for c in combinations(RULES, n)
)
"""Each rule alone, then each pair: a difference with two causes is named by both."""


@dataclass(frozen=True)
class Period:
    """One period of the window: its label and its half-open bounds."""

    label: str
    since: datetime
    until: datetime


def periods(since: datetime, until: datetime, group_by: GroupBy, timezone: str) -> list[Period]:
    """The window cut at the starts of ``group_by`` periods in ``timezone`` (weeks start Sunday).

    Days and longer are labelled by their local date, hours by their local start with
    its offset (a zone half an hour off UTC starts its hours at half past, UTC).

    >>> [p.label for p in periods(datetime(2026, 3, 1, 12, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC), "day", "UTC")]
    ['2026-03-01', '2026-03-02']
    >>> [p.label for p in periods(datetime(2026, 3, 1, 12, tzinfo=UTC), datetime(2026, 3, 1, 13, 45, tzinfo=UTC), "hour", "Asia/Kolkata")]
    ['2026-03-01T17:00+05:30', '2026-03-01T18:00+05:30', '2026-03-01T19:00+05:30']
    """
    if group_by == "all":
        return [Period("all", since.astimezone(UTC), until.astimezone(UTC))]
    zone = ZoneInfo(timezone)
    if group_by == "hour":
        return _hours(since, until, zone)
    local = since.astimezone(zone).replace(tzinfo=None)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if group_by == "week":
        start -= timedelta(days=(start.weekday() + 1) % 7)
    elif group_by == "month":
        start = start.replace(day=1)
    elif group_by == "year":
        start = start.replace(month=1, day=1)
    out = []
    while start.replace(tzinfo=zone) < until:
        if group_by == "day":
            nxt = start + timedelta(days=1)
        elif group_by == "week":
            nxt = start + timedelta(days=7)
        elif group_by == "month":
            nxt = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        else:
            nxt = start.replace(year=start.year + 1)
        lo, hi = start.replace(tzinfo=zone), nxt.replace(tzinfo=zone)
        out.append(
            Period(
                start.date().isoformat(),
                max(lo, since).astimezone(UTC),
                min(hi, until).astimezone(UTC),
            )
        )
        start = nxt
    return out


def _hours(since: datetime, until: datetime, zone: ZoneInfo) -> list[Period]:
    """The window cut at the starts of local hours (stepping in UTC: a repeated hour is two)."""
    start = since.astimezone(zone).replace(minute=0, second=0, microsecond=0)
    out = []
    while start < until:
        after = (start.astimezone(UTC) + timedelta(hours=1)).astimezone(zone)
        after = after.replace(minute=0, second=0, microsecond=0)
        out.append(
            Period(
                start.isoformat(timespec="minutes"),
                max(start, since).astimezone(UTC),
                min(after, until).astimezone(UTC),
            )
        )
        start = after
    return out


def _whole_days(lo: datetime, hi: datetime, timezone: str) -> tuple[datetime, datetime]:
    """The window widened to whole local days (``rollup_date_range``: until minus a second)."""
    zone = ZoneInfo(timezone)
    first = lo.astimezone(zone).date()
    last = (hi - timedelta(seconds=1)).astimezone(zone).date()
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    after = last + timedelta(days=1)
    return start, datetime(after.year, after.month, after.day, tzinfo=zone)


@dataclass
class _Ours:
    """The snapshot's figures, by window and rule (cached)."""

    frames: Mapping[str, pl.DataFrame]
    events: pl.DataFrame
    business_hours: bool
    timezone: str
    label_ids: Mapping[str, int]
    cache: dict[tuple[datetime, datetime, frozenset[Explanation]], Figures] = field(
        default_factory=dict
    )

    def figures(
        self, lo: datetime, hi: datetime, rules: frozenset[Explanation] = frozenset()
    ) -> Figures:
        key = (lo, hi, rules)
        if key not in self.cache:
            self.cache[key] = self._compute(lo, hi, rules)
        return self.cache[key]

    def with_events(self, extra: pl.DataFrame) -> _Ours:
        """The same snapshot with ``extra`` events added (an empty cache)."""
        events = pl.concat([self.events, extra.select(self.events.columns)], how="vertical")
        return _Ours(self.frames, events, self.business_hours, self.timezone, self.label_ids)

    def label_cohort(self, lo: datetime, hi: datetime, label_id: int) -> list[int]:
        """The conversations created in ``lo...hi`` carrying the label ``label_id``."""
        titles = [title for title, ident in self.label_ids.items() if ident == label_id]
        convs = self.frames["conversations"]
        created = (pl.col("created_at") >= lo.astimezone(UTC)) & (
            pl.col("created_at") < hi.astimezone(UTC)
        )
        tagged = pl.col("labels").list.eval(pl.element().is_in(titles)).list.any()
        return sorted(convs.filter(created & tagged)["id"].to_list())

    def _compute(self, lo: datetime, hi: datetime, rules: frozenset[Explanation]) -> Figures:
        frames = self.frames
        convs, msgs = frames["conversations"], frames["messages"]

        def within(column: str, a: datetime, b: datetime) -> pl.Expr:
            return (pl.col(column) >= a.astimezone(UTC)) & (pl.col(column) < b.astimezone(UTC))

        created = convs.filter(within("created_at", lo, hi))
        cohort_ids = created["id"]
        cohort = {
            **frames,
            "conversations": created,
            "messages": msgs.filter(within("created_at", lo, hi)),
        }
        events = self.events
        business = self.business_hours != ("business_hours_off" in rules)
        if business:
            events = events.with_columns(pl.col("value_in_business_hours").alias("value"))
        if "current_vs_event_assignee" in rules or "deleted_user" in rules:
            current = convs.select(
                pl.col("id").alias("conversation_id"),
                pl.when(pl.col("assignee_type") == "User")
                .then(pl.col("assignee_id"))
                .alias("__assignee"),
            )
            events = (
                events.join(current, on="conversation_id", how="left")
                .with_columns(
                    pl.col("__assignee").alias("user_id")
                    if "current_vs_event_assignee" in rules
                    else pl.col("user_id").fill_null(pl.col("__assignee"))
                )
                .drop("__assignee")
            )
        if "events_vs_distinct_conversations" in rules:
            events = events.unique(["conversation_id", "name"], keep="last", maintain_order=True)
        of_cohort = events.filter(pl.col("conversation_id").is_in(cohort_ids.implode()))
        a, b = _whole_days(lo, hi, self.timezone) if "rollup_day_rounding" in rules else (lo, hi)
        if "creation_vs_event_date" in rules:  # the cohort's events, whenever written
            dated = of_cohort
        else:
            dated = events.filter(within("created_at", a, b))
        out: Figures = {}
        for dim in DIMENSIONS:
            by_creation = chatwoot_report(cohort, period="all", by=dim, events=dated.clear())
            by_event = chatwoot_report(frames, period="all", by=dim, events=dated)
            counts: tuple[str, ...] = ("conversations_count",)
            if dim == "account":
                counts = CREATION_METRICS
            self._put(out, dim, by_creation, counts)
            self._put(out, dim, by_event, ("resolutions_count", *AVERAGES))
            if dim == "label":  # Chatwoot's label rule: averages over the created cohort
                cohort_report = chatwoot_report(frames, period="all", by=dim, events=of_cohort)
                self._put(out, dim, cohort_report, AVERAGES, zero=True)
        return out

    def _put(
        self,
        out: Figures,
        dim: str,
        report: pl.DataFrame,
        metrics: Sequence[str],
        *,
        zero: bool = False,
    ) -> None:
        key_column = {"account": None, "agent": "agent_id", "inbox": "inbox_id"}.get(
            dim, "team_id" if dim == "team" else "label"
        )
        if zero:  # labels without events: 0, not null
            for label_id in self.label_ids.values():
                for metric in metrics:
                    out[(dim, label_id, metric)] = 0.0
        for row in report.iter_rows(named=True):
            raw = row[key_column] if key_column else None
            ident: int | None = self.label_ids.get(str(raw)) if dim == "label" else raw
            if dim == "label" and ident is None:
                continue
            for metric in metrics:
                value = row[metric]
                if zero and value is None:
                    value = 0.0
                out[(dim, ident, metric)] = None if value is None else float(value)


@dataclass
class _Later:
    """The events the server wrote after the snapshot's last moment, by conversation."""

    client: ApiClient
    after: datetime
    found: dict[int, pl.DataFrame | None] = field(default_factory=dict)
    figures: dict[tuple[datetime, datetime, tuple[int, ...]], Figures] = field(default_factory=dict)
    """Ours with the later events of these conversations, by period (computed once)."""

    def figures_with(self, ours: _Ours, period: Period, cohort: Sequence[int]) -> Figures | None:
        """Ours over ``period`` with the later events of ``cohort``; None when unserved or none."""
        key = (period.since, period.until, tuple(cohort))
        if key not in self.figures:
            extra = self.events(cohort)
            if extra is None or not extra.height:
                return None
            self.figures[key] = ours.with_events(extra).figures(period.since, period.until)
        return self.figures[key]

    def events(self, conversation_ids: Sequence[int]) -> pl.DataFrame | None:
        """Their events written after :attr:`after`; None when the server has not served one."""
        frames = []
        for display_id in conversation_ids:
            if display_id not in self.found:
                self.found[display_id] = self._fetch(display_id)
            found = self.found[display_id]
            if found is None:
                return None
            frames.append(found)
        return pl.concat(frames) if frames else None

    def _fetch(self, display_id: int) -> pl.DataFrame | None:
        try:
            body = self.client.conversation_reporting_events_json(display_id)
        except NotFoundError:  # a community build, or a conversation gone since
            return None
        raw = reporting_events_page(
            {"payload": body},
            account_id=self.client.account_id,
            source=f"reporting events of conversation {display_id}",
        ).reporting_events
        return (
            raw.with_columns(conversation_id=pl.lit(display_id), source=pl.lit("fetched"))
            .select(list(EVENT_SCHEMA))
            .cast(EVENT_SCHEMA)
            .filter(pl.col("created_at") > self.after)
        )


def _server_figures(
    client: ApiClient, lo: datetime, hi: datetime, *, business_hours: bool
) -> tuple[Figures, dict[str, int]]:
    """The server's figures over ``lo...hi`` and its labels' ids by title."""
    out: Figures = {}
    since, until = int(lo.timestamp()), int(hi.timestamp())
    summary = client.report_summary_json(since=since, until=until, business_hours=business_hours)
    for key, metric in ACCOUNT_METRICS.items():
        if key in summary:
            out[("account", None, metric)] = _number(summary[key])
    labels: dict[str, int] = {}
    for dim in SUMMARY_REPORTS:
        rows = client.summary_report_json(
            dim,
            since=since,
            until=until,
            business_hours=business_hours,
        )
        for row in rows:
            ident = int(row["id"])
            if dim == "label":
                labels[str(row["name"])] = ident
            for key, metric in SUMMARY_METRICS.items():
                if key in row:
                    out[(dim, ident, metric)] = _number(row[key])
    return out, labels


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _same(ours: float | None, server: float | None, metric: str) -> bool:
    """Equal figures: both null, or equal numbers (a missing count is 0)."""
    if metric not in AVERAGES:
        ours, server = ours or 0.0, server or 0.0
    if ours is None or server is None:
        return ours is None and server is None
    return math.isclose(ours, server, rel_tol=1e-9, abs_tol=1e-6)


def _as_of(frames: Mapping[str, pl.DataFrame]) -> datetime | None:
    """The snapshot's last recorded moment: its latest conversation or message creation."""
    latest = [
        frames[name]["created_at"].max()
        for name in ("conversations", "messages")
        if name in frames and frames[name].height
    ]
    found = [t for t in latest if isinstance(t, datetime)]
    return max(found) if found else None


def reconcile(
    snapshot_or_frames: Mapping[str, pl.DataFrame] | str | Path,
    client: ApiClient,
    *,
    since: datetime,
    until: datetime,
    timezone: str | None = None,
    group_by: GroupBy = "day",
    business_hours: bool = False,
    working_hours: Mapping[int, WorkingHours] | None = None,
    bot_inboxes: Collection[int] | None = None,
) -> pl.DataFrame:
    """Every figure of the server's v2 reports next to ours, with the explanation of each difference.

    ``snapshot_or_frames`` is a snapshot's path or its frames; ``client`` reaches
    the server the snapshot was taken from. The window ``since...until`` (aware
    datetimes) is cut into ``group_by`` periods in ``timezone`` (default UTC; it is
    also the zone of the daily rollups tried by ``rollup_day_rounding``).
    ``working_hours`` maps inbox ids to their hours for the business-hours values
    (inboxes with working hours off count 0, as Chatwoot writes them);
    ``bot_inboxes`` are the inboxes with an active bot (see
    :func:`~voxys_frames.reports.derive.derive`).

    The frame has the columns of :data:`RECONCILE_SCHEMA`, one row per metric,
    dimension, id and period; ``difference`` is server minus ours.

    Examples
    --------
    Against the bundled emulator in-process (a real server: ``Client()`` with the
    ``VOXYS_*`` variables set, and the path of a snapshot taken from it):

    >>> import tempfile
    >>> from datetime import UTC, datetime
    >>> from voxys_frames import Client, fetch
    >>> from voxys_frames.emulator import Emulator, EmulatorConfig
    >>> emulator = Emulator(EmulatorConfig(seed=3, conversations=20, token="t0ken-for-docs"))
    >>> snapshot = fetch("http://localhost", 1, "t0ken-for-docs", tempfile.mkdtemp(),
    ...                  transport=emulator.transport(), rate_limit=None, quiet=True).path
    >>> with Client("http://localhost", 1, "t0ken-for-docs", transport=emulator.transport()) as client:
    ...     result = reconcile(snapshot, client, since=datetime(2026, 10, 1, tzinfo=UTC),
    ...                        until=datetime(2026, 11, 1, tzinfo=UTC), group_by="all")
    >>> result.filter(pl.col("dimension") == "account").select("metric", "ours", "server").row(0)
    ('avg_first_response_time', ...)
    >>> result.filter(pl.col("explanation") == "unexplained").height
    0
    """
    zone = timezone or "UTC"
    check_timezone(zone)
    check_choice(group_by, GROUP_BYS, "group_by")
    for name, moment in (("since", since), ("until", until)):
        if moment.tzinfo is None:
            msg = f"{name} must be timezone-aware, got {moment!r}"
            raise ValueError(msg)
    if since >= until:
        msg = f"since ({since}) must be before until ({until})"
        raise ValueError(msg)
    if isinstance(snapshot_or_frames, str | Path):
        from voxys_frames.snapshot.reader import load_snapshot

        frames: Mapping[str, pl.DataFrame] = load_snapshot(snapshot_or_frames)
    else:
        frames = snapshot_or_frames
    events = derive_events(frames, working_hours=working_hours, bot_inboxes=bot_inboxes)
    as_of = _as_of(frames)
    rows: list[dict[str, Any]] = []
    ours_by: _Ours | None = None
    later = None if as_of is None else _Later(client, as_of)
    for period in periods(since, until, group_by, zone):
        server, label_ids = _server_figures(
            client, period.since, period.until, business_hours=business_hours
        )
        if ours_by is None:
            ours_by = _Ours(frames, events, business_hours, zone, label_ids)
        ours = ours_by.figures(period.since, period.until)
        cut = _cut_server(client, period, as_of, business_hours)
        for key in sorted(server.keys() | ours.keys(), key=_order):
            dim, ident, metric = key
            mine, theirs = ours.get(key), server.get(key)
            if key not in server and dim == "agent" and (mine or 0.0) == 0.0:
                continue
            explanation: str | None = None
            if not _same(mine, theirs, metric):
                explanation = _explain(
                    key, theirs, period, ours_by, server_keys=server, cut=cut, later=later
                )
            rows.append(
                {
                    "metric": metric,
                    "dimension": dim,
                    "dimension_id": ident,
                    "period": period.label,
                    "ours": mine,
                    "server": theirs,
                    "difference": None if mine is None or theirs is None else theirs - mine,
                    "explanation": explanation,
                }
            )
    return pl.DataFrame(rows, schema=RECONCILE_SCHEMA, orient="row")


def _order(key: Key) -> tuple[int, int, str]:
    dim, ident, metric = key
    return (DIMENSIONS.index(dim), ident or 0, metric)


def _cut_server(
    client: ApiClient, period: Period, as_of: datetime | None, business_hours: bool
) -> Callable[[], Figures] | None:
    """The server's figures over the period cut after the snapshot's last second, on demand."""
    if as_of is None:
        return None
    end = datetime.fromtimestamp(int(as_of.timestamp()) + 1, tz=UTC)
    if end >= period.until or end <= period.since:
        return None
    found: list[Figures] = []

    def get() -> Figures:
        if not found:
            found.append(
                _server_figures(client, period.since, end, business_hours=business_hours)[0]
            )
        return found[0]

    return get


def _explain(
    key: Key,
    server: float | None,
    period: Period,
    ours: _Ours,
    *,
    server_keys: Figures,
    cut: Callable[[], Figures] | None,
    later: _Later | None,
) -> str:
    """The first explanation (or pair) whose recomputation gives the server's figure."""
    dim, ident, metric = key
    for rules in TRIED:
        if _same(ours.figures(period.since, period.until, rules).get(key), server, metric):
            return "+".join(r for r in RULES if r in rules)
    if dim == "agent" and key not in server_keys:
        return "deleted_user"
    if cut is not None and _same(
        ours.figures(period.since, period.until).get(key), cut().get(key), metric
    ):
        return "data_changed_since_snapshot"
    if later is not None and dim == "label" and ident is not None:
        cohort = ours.label_cohort(period.since, period.until, ident)
        with_later = later.figures_with(ours, period, cohort)
        if with_later is not None and _same(with_later.get(key), server, metric):
            return "data_changed_since_snapshot"
    return "unexplained"
