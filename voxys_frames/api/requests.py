"""The read requests of the API, built and checked without I/O.

:class:`Requests` knows one account's paths; each method checks its parameters
(raising :class:`~voxys_frames.exceptions.ConfigurationError` before anything is sent)
and returns a :class:`Request`: the path below the base URL, the query, and what a 404
means for it. :class:`~voxys_frames.api.client.Client` sends them
(:meth:`~voxys_frames.api.client.Client.read` gives the body's bytes, the ``*_json``
methods its parsed value).

Examples
--------
>>> requests = Requests(1)
>>> requests.conversations(2, status="all", sort_by="created_at_asc").describe()
'GET /api/v1/accounts/1/conversations?status=all&sort_by=created_at_asc&page=2'
>>> requests.messages(7, after=10, before=2000).describe()
'GET /api/v1/accounts/1/conversations/7/messages?after=10&before=2000'
>>> requests.conversations(status="closed")
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: status='closed' is not valid; expected one of: open, resolved, pending, snoozed, all
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal, Unpack
from urllib.parse import urlencode

from voxys_frames.api.params import (
    COUNT_FILTERS,
    LIST_FILTERS,
    CountFilters,
    EventFilters,
    ListFilters,
    Params,
    choice,
    epoch,
    list_params,
    message_id,
    positive_int,
    text,
)
from voxys_frames.exceptions import ConfigurationError

__all__ = [
    "ATTRIBUTE_MODELS",
    "CSAT_SORTS",
    "SUMMARY_REPORTS",
    "AttributeModel",
    "CsatSort",
    "Request",
    "Requests",
    "SummaryReport",
]

SummaryReport = Literal["agent", "inbox", "team", "label"]
SUMMARY_REPORTS: Final[tuple[SummaryReport, ...]] = ("agent", "inbox", "team", "label")
"""The per-entity ``summary_reports`` of the v2 reports API."""

CsatSort = Literal["created_at", "-created_at"]
CSAT_SORTS: Final = ("created_at", "-created_at")
"""``sort`` of the CSAT responses: oldest first, or newest first."""

AttributeModel = Literal["conversation_attribute", "contact_attribute"]
ATTRIBUTE_MODELS: Final = ("conversation_attribute", "contact_attribute")
"""``attribute_model`` of the custom attribute definitions, in the order of their codes 0, 1."""


@dataclass(frozen=True)
class Request:
    """One GET: its path (below the base URL), query and what a 404 means."""

    path: str
    params: Params = field(default_factory=list)
    missing: str = ""

    def describe(self, prefix: str = "") -> str:
        """The request as a log line, e.g. ``GET /api/v1/accounts/1/labels``.

        >>> Request("/api/v1/profile").describe("/voxys")
        'GET /voxys/api/v1/profile'
        """
        query = urlencode(self.params, safe="[]")
        return f"GET {prefix}{self.path}" + (f"?{query}" if query else "")


class Requests:
    """The read requests of account ``account_id``."""

    def __init__(self, account_id: int) -> None:
        self.account_id = account_id
        self.prefix = f"/api/v1/accounts/{account_id}"
        self.v2_prefix = f"/api/v2/accounts/{account_id}"

    def _missing(self, filters: Mapping[str, Any]) -> str:
        team_id = filters.get("team_id")
        if team_id is None:
            return f"account {self.account_id} not found"
        return f"team {team_id} not found in account {self.account_id} (or no such account)"

    def path(self, path: str, params: Mapping[str, Any] | Params | None = None) -> Request:
        """Any path below the account, unchecked (an escape hatch).

        >>> Requests(1).path("conversations/7/attachments").describe()
        'GET /api/v1/accounts/1/conversations/7/attachments'
        """
        if not path.startswith("/"):
            path = f"/{path}"
        items = list(params.items()) if isinstance(params, Mapping) else list(params or [])
        return Request(self.prefix + path, [(str(key), str(value)) for key, value in items])

    def conversations(self, page: int = 1, **filters: Unpack[ListFilters]) -> Request:
        """A page of ``GET /conversations``; ``updated_within`` turns paging off.

        >>> Requests(1).conversations(updated_within=60).describe()
        'GET /api/v1/accounts/1/conversations?updated_within=60'
        """
        params = list_params(filters, allowed=LIST_FILTERS)
        if filters.get("updated_within") is None:
            params.append(("page", str(positive_int("page", page))))
        return Request(f"{self.prefix}/conversations", params, self._missing(filters))

    def conversations_meta(self, **filters: Unpack[CountFilters]) -> Request:
        """``GET /conversations/meta``.

        >>> Requests(1).conversations_meta(status="all").describe()
        'GET /api/v1/accounts/1/conversations/meta?status=all'
        """
        params = list_params(filters, allowed=COUNT_FILTERS)
        return Request(f"{self.prefix}/conversations/meta", params, self._missing(filters))

    def conversation(
        self, conversation_id: int, suffix: str = "", params: Params | None = None
    ) -> Request:
        """``GET /conversations/{id}`` (or a path below it, ``suffix``).

        >>> Requests(1).conversation(7, "/labels").describe()
        'GET /api/v1/accounts/1/conversations/7/labels'
        """
        display_id = positive_int("conversation_id", conversation_id)
        missing = (
            f"conversation {display_id} not found in account {self.account_id} (or no such account)"
        )
        path = f"{self.prefix}/conversations/{display_id}{suffix}"
        return Request(path, params or [], missing)

    def messages(
        self,
        conversation_id: int,
        *,
        before: int | None = None,
        after: int | None = None,
        filter_internal_messages: bool = False,
    ) -> Request:
        """``GET /conversations/{id}/messages`` with its cursors (see ``Client.messages_json``).

        >>> Requests(1).messages(7, after=5, before=5)
        Traceback (most recent call last):
        ...
        voxys_frames.exceptions.ConfigurationError: after (5) must be below before (5)
        """
        params: Params = []
        if after is not None:
            params.append(("after", str(message_id("after", after))))
        if before is not None:
            params.append(("before", str(message_id("before", before))))
        if after is not None and before is not None and after >= before:
            msg = f"after ({after}) must be below before ({before})"
            raise ConfigurationError(msg)
        if filter_internal_messages:
            params.append(("filter_internal_messages", "true"))
        return self.conversation(conversation_id, "/messages", params)

    def listing(self, name: str) -> Request:
        """An account listing without parameters: ``inboxes``, ``agents``, ``teams``, ``labels``.

        >>> Requests(1).listing("teams").describe()
        'GET /api/v1/accounts/1/teams'
        """
        return Request(f"{self.prefix}/{name}")

    def contacts(self, page: int = 1) -> Request:
        """A page (15) of ``GET /contacts``.

        >>> Requests(1).contacts(2).describe()
        'GET /api/v1/accounts/1/contacts?page=2'
        """
        return Request(f"{self.prefix}/contacts", [("page", str(positive_int("page", page)))])

    def reporting_events(
        self,
        page: int = 1,
        **filters: Unpack[EventFilters],
    ) -> Request:
        """A page (25) of ``GET /reporting_events``; ``since`` and ``until`` come together.

        >>> Requests(1).reporting_events(since=10)
        Traceback (most recent call last):
        ...
        voxys_frames.exceptions.ConfigurationError: since and until must be given together (the server ignores one alone)
        """
        params: Params = [("page", str(positive_int("page", page)))]
        params.extend(_window(filters.get("since"), filters.get("until")))
        for key in ("inbox_id", "user_id"):
            value = filters.get(key)
            if value is not None:
                params.append((key, str(positive_int(key, value))))
        name = filters.get("name")
        if name is not None:
            params.append(("name", text("name", name)))
        return Request(f"{self.prefix}/reporting_events", params)

    def conversation_reporting_events(self, conversation_id: int) -> Request:
        """``GET /conversations/{id}/reporting_events``: one conversation's events, a bare array.

        ``conversation_id`` is the display id (administrators, enterprise builds).

        >>> Requests(1).conversation_reporting_events(7).describe()
        'GET /api/v1/accounts/1/conversations/7/reporting_events'
        """
        display_id = positive_int("conversation_id", conversation_id)
        return Request(
            f"{self.prefix}/conversations/{display_id}/reporting_events",
            [],
            f"conversation {display_id} not found, or {self._unserved('reporting events')}",
        )

    def csat_survey_responses(
        self,
        page: int = 1,
        *,
        since: int | datetime | None = None,
        until: int | datetime | None = None,
        user_ids: Sequence[int] = (),
        inbox_id: int | None = None,
        team_id: int | None = None,
        rating: int | None = None,
        sort: CsatSort | None = None,
    ) -> Request:
        """A page (25, a bare array) of ``GET /csat_survey_responses`` (administrators).

        ``user_ids`` are assigned agents; ``sort`` is ``created_at`` (oldest first) or
        ``-created_at``. A 404 means the server has no such endpoint.

        >>> Requests(1).csat_survey_responses(2, user_ids=[4, 5], sort="created_at").describe()
        'GET /api/v1/accounts/1/csat_survey_responses?page=2&user_ids[]=4&user_ids[]=5&sort=created_at'
        >>> Requests(1).csat_survey_responses(rating=6)
        Traceback (most recent call last):
        ...
        voxys_frames.exceptions.ConfigurationError: rating must be 1 to 5, got 6
        """
        params: Params = [("page", str(positive_int("page", page)))]
        params.extend(_window(since, until))
        params.extend(("user_ids[]", str(positive_int("user_ids", u))) for u in user_ids)
        if inbox_id is not None:
            params.append(("inbox_id", str(positive_int("inbox_id", inbox_id))))
        if team_id is not None:
            params.append(("team_id", str(positive_int("team_id", team_id))))
        if rating is not None:
            if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
                msg = f"rating must be 1 to 5, got {rating!r}"
                raise ConfigurationError(msg)
            params.append(("rating", str(rating)))
        if sort is not None:
            params.append(("sort", choice("sort", sort, CSAT_SORTS)))
        return Request(
            f"{self.prefix}/csat_survey_responses", params, self._unserved("CSAT responses")
        )

    def custom_attribute_definitions(
        self, attribute_model: AttributeModel | None = None
    ) -> Request:
        """``GET /custom_attribute_definitions`` (a bare array): both models, or one.

        >>> Requests(1).custom_attribute_definitions("contact_attribute").describe()
        'GET /api/v1/accounts/1/custom_attribute_definitions?attribute_model=1'
        """
        params: Params = []
        if attribute_model is not None:
            model = choice("attribute_model", attribute_model, ATTRIBUTE_MODELS)
            params.append(("attribute_model", str(ATTRIBUTE_MODELS.index(model))))
        return Request(
            f"{self.prefix}/custom_attribute_definitions",
            params,
            self._unserved("custom attribute definitions"),
        )

    def applied_slas(
        self,
        page: int = 1,
        *,
        since: int | datetime | None = None,
        until: int | datetime | None = None,
        inbox_id: int | None = None,
        team_id: int | None = None,
        sla_policy_id: int | None = None,
        label_list: Sequence[str] = (),
        assigned_agent_id: int | None = None,
    ) -> Request:
        """A page (25, ``{"payload", "meta": {"count"}}``) of ``GET /applied_slas``.

        Enterprise builds with the ``sla`` feature only; the server lists missed SLAs.

        >>> Requests(1).applied_slas(3, label_list=["vip"]).describe()
        'GET /api/v1/accounts/1/applied_slas?page=3&label_list[]=vip'
        """
        params: Params = [("page", str(positive_int("page", page)))]
        params.extend(_window(since, until))
        for name, value in (
            ("inbox_id", inbox_id),
            ("team_id", team_id),
            ("sla_policy_id", sla_policy_id),
            ("assigned_agent_id", assigned_agent_id),
        ):
            if value is not None:
                params.append((name, str(positive_int(name, value))))
        params.extend(("label_list[]", text("label_list", label)) for label in label_list)
        return Request(f"{self.prefix}/applied_slas", params, self._unserved("applied SLAs"))

    def report_summary(
        self, *, since: int | datetime, until: int | datetime, business_hours: bool = False
    ) -> Request:
        """``GET /api/v2/.../reports/summary`` of the account over ``since...until``.

        >>> Requests(1).report_summary(since=0, until=86400, business_hours=True).describe()
        'GET /api/v2/accounts/1/reports/summary?since=0&until=86400&type=account&business_hours=true'
        """
        params = _window(since, until)
        params.append(("type", "account"))
        if business_hours:
            params.append(("business_hours", "true"))
        return Request(f"{self.v2_prefix}/reports/summary", params, self._unserved("v2 reports"))

    def summary_report(
        self,
        report: SummaryReport,
        *,
        since: int | datetime,
        until: int | datetime,
        business_hours: bool = False,
    ) -> Request:
        """``GET /api/v2/.../summary_reports/{agent,inbox,team,label}`` (a bare array).

        >>> Requests(1).summary_report("team", since=0, until=60).describe()
        'GET /api/v2/accounts/1/summary_reports/team?since=0&until=60'
        >>> Requests(1).summary_report("contact", since=0, until=60)  # type: ignore[arg-type]
        Traceback (most recent call last):
        ...
        voxys_frames.exceptions.ConfigurationError: report='contact' is not valid; expected one of: agent, inbox, team, label
        """
        kind = choice("report", report, SUMMARY_REPORTS)
        params = _window(since, until)
        if business_hours:
            params.append(("business_hours", "true"))
        return Request(
            f"{self.v2_prefix}/summary_reports/{kind}", params, self._unserved("v2 summary reports")
        )

    def _unserved(self, what: str) -> str:
        return (
            f"this server does not serve {what} (community edition, older version or"
            f" feature off), or no account {self.account_id}"
        )


def _window(since: int | datetime | None, until: int | datetime | None) -> Params:
    """The ``since``/``until`` pair (epoch seconds), which must come together.

    >>> _window(None, 5)
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.ConfigurationError: since and until must be given together (the server ignores one alone)
    """
    if (since is None) != (until is None):
        msg = "since and until must be given together (the server ignores one alone)"
        raise ConfigurationError(msg)
    if since is None or until is None:
        return []
    return [("since", str(epoch("since", since))), ("until", str(epoch("until", until)))]
