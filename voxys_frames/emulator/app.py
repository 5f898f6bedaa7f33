"""The emulator's ASGI application: routing, authentication, errors, limits, faults.

A plain ASGI callable (no framework), so that faults can act on the raw
response: cut a body short, or close the connection in the middle of one.

Examples
--------
>>> from voxys_frames.emulator.config import EmulatorConfig
>>> app = EmulatorApp(EmulatorConfig(seed=3, conversations=5))
>>> app.world.count
5
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import orjson

from voxys_frames.emulator import csat, reports_api, slas
from voxys_frames.emulator.config import EmulatorConfig
from voxys_frames.emulator.csat import CsatFilter, CsatResponse
from voxys_frames.emulator.custom_attributes import definitions
from voxys_frames.emulator.finder import (
    ConversationFinder,
    ListQuery,
    TokenUser,
    find_messages,
    ruby_to_i,
)
from voxys_frames.emulator.guards import (
    BAD_GATEWAY_HTML,
    SERVICE_UNAVAILABLE_HTML,
    FaultInjector,
    RateLimiter,
)
from voxys_frames.emulator.periods import GROUP_BYS, parse_window, zone_key_for_offset
from voxys_frames.emulator.render import Renderer, iso
from voxys_frames.emulator.report_data import ReportSource
from voxys_frames.emulator.reporting import ReportingIndex
from voxys_frames.emulator.slas import AppliedSla, SlaFilter
from voxys_frames.emulator.world import World

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

NOT_FOUND = {"error": "Resource could not be found"}
SIGN_IN = {"errors": ["You need to sign in or sign up before continuing."]}
INVALID_TOKEN = {"error": "Invalid Access Token"}
BOTS_FORBIDDEN = {"error": "Access to this endpoint is not authorized for bots"}
NOT_MEMBER = {"error": "You are not authorized to access this account"}
SUSPENDED = {"error": "Account is suspended"}
NOT_ALLOWED = {"error": "You are not authorized to do this action"}
CONTACTS_PER_PAGE = 15


@dataclass
class Response:
    """A response before faults act on it."""

    status: int
    body: bytes
    content_type: bytes = b"application/json; charset=utf-8"


class HttpError(Exception):
    """Raised by handlers to answer with an error body (None: an empty body, Rails' ``head``)."""

    def __init__(self, status: int, body: dict[str, Any] | None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def encode(payload: Any) -> bytes:
    """JSON as ActiveSupport writes it: raw UTF-8, with <, > and & escaped."""
    raw = orjson.dumps(payload)
    if b"<" in raw or b">" in raw or b"&" in raw:
        raw = raw.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
    return raw


class Params:
    """Query parameters as Rails reads them (``labels[]`` arrays, last value wins)."""

    def __init__(self, query_string: bytes) -> None:
        self.pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)

    def get(self, name: str) -> str | None:
        """The last value of ``name``, or None."""
        value = None
        for key, raw in self.pairs:
            if key == name:
                value = raw
        return value

    def present(self, name: str) -> str | None:
        """Like Rails' ``params[name].presence``: None when missing or blank."""
        value = self.get(name)
        return value if value is not None and value.strip() else None

    def array(self, name: str) -> list[str] | None:
        """``name[]`` values, or a comma-separated ``name`` string, or None."""
        values = [raw for key, raw in self.pairs if key == f"{name}[]"]
        if values:
            return values
        single = self.present(name)
        if single is None:
            return None
        return [part.strip() for part in single.split(",") if part.strip()]


_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/conversations/?$"), "conversations"),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/conversations/meta/?$"),
        "conversations_meta",
    ),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/conversations/(?P<id>[^/]+)/?$"),
        "conversation",
    ),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/conversations/(?P<id>[^/]+)/messages/?$"),
        "messages",
    ),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/conversations/(?P<id>[^/]+)/labels/?$"),
        "conversation_labels",
    ),
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/inboxes/?$"), "inboxes"),
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/agents/?$"), "agents"),
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/teams/?$"), "teams"),
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/labels/?$"), "labels"),
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/contacts/?$"), "contacts"),
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/reporting_events/?$"), "reporting_events"),
    (
        re.compile(
            r"^/api/v1/accounts/(?P<account>[^/]+)/conversations/(?P<id>[^/]+)/reporting_events/?$"
        ),
        "conversation_reporting_events",
    ),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/csat_survey_responses/?$"),
        "csat_survey_responses",
    ),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/csat_survey_responses/metrics/?$"),
        "csat_metrics",
    ),
    (re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/applied_slas/?$"), "applied_slas"),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/applied_slas/metrics/?$"),
        "applied_sla_metrics",
    ),
    (
        re.compile(r"^/api/v1/accounts/(?P<account>[^/]+)/custom_attribute_definitions/?$"),
        "custom_attribute_definitions",
    ),
    (re.compile(r"^/api/v2/accounts/(?P<account>[^/]+)/reports/?$"), "reports"),
    (
        re.compile(
            r"^/api/v2/accounts/(?P<account>[^/]+)/reports/(?P<report>summary|bot_summary"
            r"|conversations|first_response_time_distribution|outgoing_messages_count)/?$"
        ),
        "report",
    ),
    (
        re.compile(
            r"^/api/v2/accounts/(?P<account>[^/]+)/summary_reports/"
            r"(?P<report>agent|team|inbox|label|channel)/?$"
        ),
        "summary_report",
    ),
    (
        re.compile(r"^/api/v2/accounts/(?P<account>[^/]+)/live_reports/conversation_metrics/?$"),
        "live_conversation_metrics",
    ),
    (re.compile(r"^/api/v1/profile/?$"), "profile"),
]

#: ActiveModel::Type::Boolean's false values (a blank value is nil, also false here).
FALSE_VALUES = frozenset({"0", "f", "F", "false", "FALSE", "off", "OFF"})
UNPROCESSABLE = 422


def rails_bool(value: str | None) -> bool:
    """``ActiveModel::Type::Boolean.new.cast(value)``, nil and blank as false.

    >>> rails_bool("true"), rails_bool("0"), rails_bool(None), rails_bool("no")
    (True, False, False, True)
    """
    return value is not None and value.strip() != "" and value not in FALSE_VALUES


class EmulatorApp:
    """A Chatwoot-compatible read API for one account."""

    def __init__(self, config: EmulatorConfig, world: World | None = None) -> None:
        self.config = config
        self.world = world if world is not None else World(config)
        self.renderer = Renderer(self.world)
        self.finder = ConversationFinder(self.world, self.renderer)
        self.reporting = ReportingIndex(self.world)
        self.report_source = ReportSource(self.world, self.reporting)
        self._csat: tuple[int, list[CsatResponse], list[int]] | None = None
        self._csat_listing_cache: tuple[tuple[object, ...], list[CsatResponse]] | None = None
        self._slas: tuple[int, list[AppliedSla]] | None = None
        self.limiter = RateLimiter(limit=config.rate_limit, window=config.rate_window)
        self.faults = FaultInjector(config.faults)
        self.requests = 0
        catalog = self.world.catalog
        all_inboxes = tuple(inbox.id for inbox in catalog.inboxes)
        self.tokens: dict[str, TokenUser | str] = {
            config.token: TokenUser(1, "administrator", all_inboxes),
            config.agent_token: TokenUser(2, "agent", catalog.user(2).inbox_ids),
            config.bot_token: "bot",
            config.outsider_token: TokenUser(999, "administrator", ()),
        }

    # ---- ASGI ---------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        self.requests += 1
        client = (scope.get("client") or ("unknown", 0))[0]
        if scope["path"] != "/health" and not self.limiter.allow(client, now=time.time()):
            await self._send(send, Response(429, b"Retry later\n", b"text/plain"))
            return
        fault = self.faults.draw()
        if self.config.latency:
            await asyncio.sleep(self.config.latency)
        if fault == "slow":
            await asyncio.sleep(self.config.faults.slow_seconds)
        if fault == "server_error":
            status = (502, 503, 504)[self.requests % 3]
            html = BAD_GATEWAY_HTML if status != 503 else SERVICE_UNAVAILABLE_HTML
            await self._send(send, Response(status, html, b"text/html"))
            return
        response = self.handle(scope)
        if fault == "truncated" and response.status == 200 and len(response.body) > 2:
            response.body = response.body[: len(response.body) // 2]
        if fault == "drop" and len(response.body) > 2:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status,
                    "headers": [
                        (b"content-type", response.content_type),
                        (b"content-length", str(len(response.body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": response.body[:1], "more_body": True})
            return  # the server closes the connection: the body never completes
        await self._send(send, response)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def _send(send: Send, response: Response) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    (b"content-type", response.content_type),
                    (b"content-length", str(len(response.body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    # ---- dispatch -----------------------------------------------------------
    def handle(self, scope: Scope) -> Response:
        """Answer one request (no faults, no limits)."""
        path: str = scope["path"]
        if path == "/health":
            return Response(200, b'{"status":"woot"}')
        if scope.get("method", "GET") != "GET":
            return Response(404, encode(NOT_FOUND))
        headers = {key.lower(): value for key, value in scope.get("headers", [])}
        params = Params(scope.get("query_string", b""))
        for pattern, name in _ROUTES:
            match = pattern.match(path)
            if match is None:
                continue
            try:
                user = self._authenticate(headers)
                groups = match.groupdict()
                if "account" in groups:  # /api/v1/profile is not under an account
                    self._check_account(groups["account"], user)
                handler = getattr(self, f"_{name}")
                payload = handler(groups, params, user)
            except HttpError as error:
                body = b"" if error.body is None else encode(error.body)
                return Response(error.status, body)
            return Response(200, encode(payload))
        return Response(404, encode(NOT_FOUND))

    def _authenticate(self, headers: dict[bytes, bytes]) -> TokenUser:
        raw = headers.get(b"api_access_token")
        if raw is None:
            raise HttpError(401, SIGN_IN)
        owner = self.tokens.get(raw.decode("latin-1"))
        if owner is None:
            raise HttpError(401, INVALID_TOKEN)
        if owner == "bot":
            raise HttpError(401, BOTS_FORBIDDEN)
        assert isinstance(owner, TokenUser)
        return owner

    def _check_account(self, raw: str, user: TokenUser) -> None:
        if not raw.isdigit():
            raise HttpError(404, NOT_FOUND)
        account = int(raw)
        mine = self.config.account_id
        if account == mine:
            if user.id == 999:
                raise HttpError(401, NOT_MEMBER)
            return
        if account == mine + 1:
            raise HttpError(401, NOT_MEMBER)
        if account == mine + 2:
            raise HttpError(401, SUSPENDED)
        raise HttpError(404, NOT_FOUND)

    def _conversation_index(self, raw: str, user: TokenUser) -> int:
        display_id = ruby_to_i(raw)
        if not self.world.exists(display_id):
            raise HttpError(404, NOT_FOUND)
        c = display_id - 1
        if int(self.world.cols["inbox_id"][c]) not in user.inbox_ids:
            raise HttpError(401, NOT_ALLOWED)
        return c

    # ---- handlers -----------------------------------------------------------
    def _list_query(self, params: Params) -> ListQuery:
        inbox = params.array("inbox_id")
        team = params.present("team_id")
        page = ruby_to_i(params.get("page"))
        within = params.present("updated_within")
        return ListQuery(
            status=params.present("status"),
            assignee_type=params.present("assignee_type"),
            inbox_ids=tuple(ruby_to_i(v) for v in inbox) if inbox else None,
            team_id=ruby_to_i(team) if team is not None else None,
            labels=tuple(params.array("labels") or ()),
            q=params.present("q"),
            sort_by=params.present("sort_by"),
            conversation_type=params.present("conversation_type"),
            source_id=params.present("source_id"),
            page=page if page > 0 else 1,
            updated_within=ruby_to_i(within) if within is not None else None,
        )

    def _run_finder(self, params: Params, user: TokenUser) -> Any:
        query = self._list_query(params)
        if query.team_id is not None and not self.finder.team_exists(query.team_id):
            raise HttpError(404, NOT_FOUND)
        return self.finder.find(query, user, page_size=self.config.page_size)

    def _conversations(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        result = self._run_finder(params, user)
        with self.world.lock:
            payload = [
                self.renderer.conversation(
                    display_id, token_user=user.id, latest=result.latest.get(display_id)
                )
                for display_id in result.rows
            ]
        return {"data": {"meta": result.counts, "payload": payload}}

    def _conversations_meta(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        return {"meta": self._run_finder(params, user).counts}

    def _conversation(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        c = self._conversation_index(match["id"], user)
        with self.world.lock:
            return self.renderer.conversation(c + 1, token_user=user.id)

    def _conversation_labels(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        c = self._conversation_index(match["id"], user)
        return {"payload": self.world.tags(c)}

    def _messages(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        c = self._conversation_index(match["id"], user)
        before = params.present("before")
        after = params.present("after")
        world = self.world
        renderer = self.renderer
        with world.lock:
            selected = find_messages(
                world.timeline(c + 1),
                before=ruby_to_i(before) if before is not None else None,
                after=ruby_to_i(after) if after is not None else None,
                filter_internal=params.present("filter_internal_messages") is not None,
            )
            contact_id = int(world.cols["contact_id"][c])
            meta: dict[str, Any] = {
                "labels": world.tags(c),
                "additional_attributes": renderer.conversation_additional(
                    c, world.catalog.inbox(int(world.cols["inbox_id"][c]))
                ),
                "contact": renderer.contact_push(contact_id),
            }
            assignee = world.assignee_user(c)
            if assignee and not world.catalog.user(assignee).left:
                meta["assignee"] = renderer.user_push(world.catalog.user(assignee))
            seen = int(world.cols["agent_last_seen_at"][c])
            meta["agent_last_seen_at"] = iso(seen) if seen else None
            assignee_seen = world.assignee_last_seen_at(c)
            meta["assignee_last_seen_at"] = iso(assignee_seen) if assignee_seen else None
            payload = [renderer.endpoint_message(c, message) for message in selected]
        return {"meta": meta, "payload": payload}

    def _inboxes(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        inboxes = [i for i in self.world.catalog.inboxes if i.id in user.inbox_ids]
        inboxes.sort(key=lambda inbox: inbox.name)
        secrets = self._inbox_secrets(user)
        return {"payload": [self.renderer.inbox(inbox, secrets=secrets) for inbox in inboxes]}

    def _inbox_secrets(self, user: TokenUser) -> bool:
        """Whether inboxes carry the keys only administrators see (wherever they appear)."""
        return self.config.inbox_secrets and user.role == "administrator"

    def _profile(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        token = next(t for t, owner in self.tokens.items() if owner is user)
        catalog = self.world.catalog
        if not 1 <= user.id <= len(catalog.users):
            return self.renderer.outsider_profile(user.id, access_token=token)
        return self.renderer.profile(
            catalog.user(user.id), access_token=token, enterprise=self.config.enterprise
        )

    def _agents(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        users = sorted(self.world.catalog.active_users, key=lambda u: u.name)
        return [self.renderer.agent(u) for u in users]

    def _teams(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        return [self.renderer.team(team, token_user=user.id) for team in self.world.catalog.teams]

    def _labels(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        return {"payload": [self.renderer.label(label) for label in self.world.catalog.labels]}

    def _contacts(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        raw_page = params.get("page")
        page = max(ruby_to_i(raw_page), 1)
        world = self.world
        resolved = [
            k for k in range(1, world.contact_count() + 1) if self.renderer.contact_is_resolved(k)
        ]
        lo = (page - 1) * CONTACTS_PER_PAGE
        with_inboxes = params.get("include_contact_inboxes") != "false"
        legacy = self.config.legacy_contact_inboxes
        secrets = self._inbox_secrets(user)
        payload = [
            self.renderer.contact_index_item(
                k, with_inboxes=with_inboxes, legacy_inboxes=legacy, secrets=secrets
            )
            for k in resolved[lo : lo + CONTACTS_PER_PAGE]
        ]
        current: int | str = raw_page if raw_page is not None else 1
        return {"meta": {"count": len(resolved), "current_page": current}, "payload": payload}

    def _reporting_events(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        if user.role != "administrator":
            raise HttpError(401, NOT_ALLOWED)
        events = self.reporting.events()
        since, until = params.present("since"), params.present("until")
        if since is not None and until is not None:
            lo, hi = ruby_to_i(since), ruby_to_i(until)
            events = [e for e in events if lo <= e["end"] <= hi]
        inbox_id = params.present("inbox_id")
        if inbox_id is not None:
            events = [e for e in events if e["inbox_id"] == ruby_to_i(inbox_id)]
        user_id = params.present("user_id")
        if user_id is not None:
            events = [e for e in events if e["user_id"] == ruby_to_i(user_id)]
        name = params.present("name")
        if name is not None:
            events = [e for e in events if e["name"] == name]
        page = max(ruby_to_i(params.get("page")), 1)
        per = 25
        chunk = events[(page - 1) * per : page * per]
        total_pages = (len(events) + per - 1) // per
        return {
            "payload": [self.renderer.reporting_event(e) for e in chunk],
            "meta": {"count": len(events), "current_page": page, "total_pages": total_pages},
        }

    # ---- reports (v2) and the v1 report-side endpoints ------------------------
    @staticmethod
    def _require_admin(user: TokenUser) -> None:
        """Reports, CSAT and SLAs are for administrators (``authorize :report, :view?``)."""
        if user.role != "administrator":
            raise HttpError(401, NOT_ALLOWED)

    def _report_query(self, params: Params, *, metric: str | None = None) -> reports_api.Query:
        """The parsed report parameters (``type``, ``id``, window, grouping, zone, hours)."""
        now = self.world.clock()
        offset = params.present("timezone_offset")
        try:
            offset_seconds = float(offset) * 3600 if offset is not None else 0.0
        except ValueError:
            offset_seconds = 0.0
        at = datetime.fromtimestamp(now, tz=UTC)
        raw_id = params.present("id")
        group_by = params.present("group_by")
        return reports_api.Query(
            window=parse_window(params.present("since"), params.present("until")),
            type=params.present("type") or "account",
            id=ruby_to_i(raw_id) if raw_id is not None else None,
            metric=metric,
            group_by=group_by if group_by in GROUP_BYS else "day",
            zone=zone_key_for_offset(offset, at=at),
            offset_given=offset is not None,
            offset_seconds=offset_seconds,
            business_hours=rails_bool(params.get("business_hours")),
            now=now,
        )

    def _reports(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        self._require_admin(user)
        query = self._report_query(params, metric=params.present("metric"))
        source = self.report_source
        try:
            return reports_api.timeseries(source.data(), query, rollups=source.rollups())
        except reports_api.ReportNotFoundError:
            raise HttpError(404, NOT_FOUND) from None

    def _report(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        self._require_admin(user)
        report = match["report"]
        source = self.report_source
        data = source.data()
        query = self._report_query(params)
        try:
            if report == "summary":
                # the controller passes neither the metric nor timezone_offset to summaries
                query = dataclasses.replace(query, offset_given=False, zone="UTC")
                return reports_api.summary(data, query, rollups=source.rollups())
            if report == "bot_summary":
                query = dataclasses.replace(query, offset_given=False, zone="UTC")
                return reports_api.bot_summary(data, query, rollups=source.rollups())
        except reports_api.ReportNotFoundError:
            raise HttpError(404, NOT_FOUND) from None
        if report == "conversations":
            kind = params.present("type")
            if kind is None:
                raise HttpError(UNPROCESSABLE, None)
            page = max(ruby_to_i(params.get("page")), 1)
            return reports_api.conversation_metrics(data, type_=kind, page=page)
        if report == "first_response_time_distribution":
            return reports_api.first_response_time_distribution(data, query.window)
        group = params.present("group_by")
        if group not in reports_api.OUTGOING_GROUPS:
            raise HttpError(UNPROCESSABLE, None)
        return reports_api.outgoing_messages_count(data, group, query.window)

    def _summary_report(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        self._require_admin(user)
        source = self.report_source
        data = source.data()
        window = parse_window(params.present("since"), params.present("until"))
        hours = rails_bool(params.get("business_hours"))
        report = match["report"]
        if report == "agent":
            return reports_api.agent_summary(
                data, window, business_hours=hours, rollups=source.rollups()
            )
        if report == "inbox":
            return reports_api.inbox_summary(
                data, window, business_hours=hours, rollups=source.rollups()
            )
        if report == "team":
            return reports_api.team_summary(
                data, window, business_hours=hours, rollups=source.rollups()
            )
        if report == "label":
            return reports_api.label_summary(data, window, business_hours=hours)
        try:
            return reports_api.channel_summary(data, window)
        except ValueError as error:
            raise HttpError(UNPROCESSABLE, {"message": str(error)}) from None

    def _live_conversation_metrics(
        self, match: dict[str, str], params: Params, user: TokenUser
    ) -> Any:
        self._require_admin(user)

        def ids(name: str) -> tuple[int, ...]:
            return tuple(ruby_to_i(v) for v in params.array(name) or ())

        return reports_api.live_conversation_metrics(
            self.report_source.data(),
            team_ids=ids("team_ids") or ids("team_id"),
            user_ids=ids("user_ids"),
            inbox_ids=ids("inbox_ids"),
        )

    def _conversation_reporting_events(
        self, match: dict[str, str], params: Params, user: TokenUser
    ) -> Any:
        if not self.config.enterprise:
            raise HttpError(404, NOT_FOUND)
        c = self._conversation_index(match["id"], user)
        events = [e for e in self.reporting.events() if e["display_id"] == c + 1]
        events.sort(key=lambda e: (e["end"], e["id"]))
        return [self.renderer.reporting_event(e) for e in events]

    def _custom_attribute_definitions(
        self, match: dict[str, str], params: Params, user: TokenUser
    ) -> Any:
        return definitions(params.present("attribute_model"))

    def _csat_records(self) -> tuple[int, list[CsatResponse], list[int]]:
        """``(world version, responses, survey send times)``, collected once per version
        (the version is read first, so a change while collecting is seen next time)."""
        world = self.world
        cached = self._csat  # read once: another thread may replace it meanwhile
        if cached is None or cached[0] != world.version:
            version = world.version
            responses, sent = csat.collect(world, self.renderer)
            cached = self._csat = (version, responses, sent)
        return cached

    @staticmethod
    def _csat_filter(params: Params) -> CsatFilter:
        inbox = params.present("inbox_id")
        team = params.present("team_id")
        return CsatFilter(
            window=parse_window(params.present("since"), params.present("until")),
            user_ids=tuple(ruby_to_i(v) for v in params.array("user_ids") or ()),
            inbox_id=ruby_to_i(inbox) if inbox is not None else None,
            team_id=ruby_to_i(team) if team is not None else None,
            ratings=tuple(ruby_to_i(v) for v in params.array("rating") or ()),
        )

    def _csat_listing(self, params: Params) -> list[CsatResponse]:
        """The responses of a listing, filtered and ordered once per world version,
        filter and sort: a client reads every page of the same listing, and filtering
        and sorting them all for each page made a large account's pages slow."""
        version, responses, _ = self._csat_records()
        key = (version, self._csat_filter(params), params.present("sort"))
        listing = self._csat_listing_cache
        if listing is None or listing[0] != key:
            chosen = csat.ordered(csat.filter_responses(responses, key[1]), key[2])
            listing = self._csat_listing_cache = (key, chosen)
        return listing[1]

    def _csat_survey_responses(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        self._require_admin(user)
        chosen = self._csat_listing(params)
        page = max(ruby_to_i(params.get("page")), 1)
        with self.world.lock:
            return [
                csat.render_response(
                    r,
                    self.renderer,
                    account_id=self.config.account_id,
                    enterprise=self.config.enterprise,
                )
                for r in csat.page_of(chosen, page)
            ]

    def _csat_metrics(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        self._require_admin(user)
        _, responses, sent = self._csat_records()
        chosen = csat.filter_responses(responses, self._csat_filter(params))
        window = parse_window(params.present("since"), params.present("until"))
        return csat.csat_metrics(chosen, sent, window)

    def _sla_records(self, params: Params, user: TokenUser) -> list[AppliedSla]:
        if not self.config.enterprise:
            raise HttpError(404, NOT_FOUND)
        self._require_admin(user)
        world = self.world
        if self._slas is None or self._slas[0] != world.version:
            self._slas = (world.version, slas.collect(world, self.renderer))

        def one(name: str) -> int | None:
            raw = params.present(name)
            return ruby_to_i(raw) if raw is not None else None

        return slas.filter_slas(
            self._slas[1],
            SlaFilter(
                window=parse_window(params.present("since"), params.present("until")),
                inbox_id=one("inbox_id"),
                team_id=one("team_id"),
                sla_policy_id=one("sla_policy_id"),
                label_list=tuple(params.array("label_list") or ()),
                assigned_agent_id=one("assigned_agent_id"),
            ),
        )

    def _applied_slas(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        chosen = self._sla_records(params, user)
        raw_page = params.get("page")
        current: int | str = raw_page if raw_page is not None else 1
        return slas.sla_index(chosen, page=max(ruby_to_i(raw_page), 1), current_page=current)

    def _applied_sla_metrics(self, match: dict[str, str], params: Params, user: TokenUser) -> Any:
        return slas.sla_metrics(self._sla_records(params, user))
