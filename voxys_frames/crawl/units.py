"""Units of work: the requests a crawl makes, each run whole on a worker thread.

A unit reads one or more bodies through the client's page methods and reports an
:class:`Outcome`: the bodies (for the frames and the raw archive), the conversations it
discovered and a journal ``record`` of plain facts (what was found, deleted, refetched).
A unit is named by a key (``list:3``, ``history:42``...): the journal lists the keys
done, so a resumed crawl skips them.

* ``list:N``: page N of the list (``sort_by=created_at_asc``);
* ``newest``: page 1 sorted ``created_at_desc``, read at the start to learn the
  highest display id that existed then;
* ``updated``: the conversations updated since the previous snapshot (one body, the
  server does not page ``updated_within``);
* ``show:N``: conversation N on its own, to fill a gap in the display ids (404: deleted);
* ``history:N``: every message of conversation N through the bulk ``after``/``before``
  form, read again once when it does not reach the latest message the list showed;
* ``agents``, ``teams``, ``inboxes``, ``labels``, ``events:N``: the account's reference
  tables and reporting events;
* ``attribute_definitions``, ``csat:N`` (CSAT responses, oldest first, read page after
  page until one comes back empty) and ``slas:N`` (applied SLAs): endpoints a server may
  not have (community edition, older version, a token that may not read them). Their
  first request answering 404, 401 or 403 is recorded as ``unavailable``, not an error.

Examples
--------
>>> Unit("history", 42).key, Unit.parse("list:3"), Unit.parse("agents")
('history:42', Unit(kind='list', number=3), Unit(kind='agents', number=0))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from voxys_frames.api.client import ApiClient
from voxys_frames.api.pagination import pages_needed
from voxys_frames.api.requests import Request
from voxys_frames.api.skim import array_length, listed, skim_meta
from voxys_frames.archive import RawStore
from voxys_frames.convert.bodies import (
    Body,
    Endpoint,
    history_page_name,
    list_page_name,
    show_name,
)
from voxys_frames.crawl.options import CrawlOptions
from voxys_frames.exceptions import AuthenticationError, NotFoundError

__all__ = ["OPTIONAL_ENDPOINTS", "REFERENCE_UNITS", "Outcome", "Unit", "UnitRunner"]

UnitKind = Literal[
    "list",
    "newest",
    "updated",
    "show",
    "history",
    "agents",
    "teams",
    "inboxes",
    "labels",
    "events",
    "attribute_definitions",
    "csat",
    "slas",
]
REFERENCE_UNITS: Final[tuple[UnitKind, ...]] = ("agents", "teams", "inboxes", "labels")
_NUMBERED: Final = frozenset({"list", "show", "history", "events", "csat", "slas"})
_EVENTS_PAGE_SIZE: Final = 25
_SLAS_PAGE_SIZE: Final = 25

OPTIONAL_ENDPOINTS: Final[dict[str, Endpoint]] = {
    "events": "reporting_events",
    "attribute_definitions": "custom_attribute_definitions",
    "csat": "csat_survey_responses",
    "slas": "applied_slas",
}
"""The endpoint each unit kind reads that a server may not have."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of work: its kind and its page or conversation number."""

    kind: UnitKind
    number: int = 0

    @property
    def key(self) -> str:
        """The unit's name in the journal."""
        return f"{self.kind}:{self.number}" if self.kind in _NUMBERED else self.kind

    @classmethod
    def parse(cls, key: str) -> Unit:
        """The unit named ``key``."""
        kind, _, number = key.partition(":")
        return cls(kind, int(number or 0))  # type: ignore[arg-type]


@dataclass
class Outcome:
    """What a unit read: bodies, conversations discovered, and its journal record."""

    unit: Unit
    bodies: list[Body] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.record.setdefault("unit", self.unit.key)

    @property
    def conversations(self) -> list[tuple[int, int | None]]:
        """``(display id, latest message id shown)`` of every conversation listed."""
        return [(int(pair[0]), pair[1]) for pair in self.record.get("conversations", [])]


class UnitRunner:
    """Runs units against one client; writes each body to the raw archive when kept."""

    def __init__(
        self,
        client: ApiClient,
        options: CrawlOptions,
        *,
        raw: RawStore | None = None,
        updated_within: int | None = None,
    ) -> None:
        self.client = client
        self.options = options
        self.raw = raw
        self.updated_within = updated_within
        self.requests = client.requests
        self._run: dict[str, Callable[[Unit, int | None], Outcome]] = {
            "list": self._list,
            "newest": self._newest,
            "updated": self._updated,
            "show": self._show,
            "history": self._history,
            "events": self._events,
            "attribute_definitions": self._attribute_definitions,
            "csat": self._csat,
            "slas": self._slas,
        }

    def run(self, unit: Unit, latest: int | None = None) -> Outcome:
        """Run ``unit``; ``latest`` is the newest message id listed (histories only)."""
        run = self._run.get(unit.kind, self._reference)
        return run(unit, latest)

    def _keep(
        self, outcome: Outcome, endpoint: Endpoint, name: str, data: bytes, cid: int | None = None
    ) -> None:
        """Keep a body as received (the secret rules applied) for the frames and the archive."""
        self._store(outcome, Body.received(endpoint, name, data, cid))

    def _store(self, outcome: Outcome, body: Body) -> None:
        """Keep a body already through the secret rules: its redactions, archive copy, frames."""
        endpoint = body.endpoint
        if body.redacted:
            redacted = outcome.record.setdefault("redacted", [])
            redacted.extend(f"{endpoint}: {key}" for key in sorted(body.redacted))
        if self.raw is not None:
            self.raw.write(body)
        outcome.bodies.append(body)

    def _list(self, unit: Unit, _: int | None) -> Outcome:
        call = self.requests.conversations(unit.number, **self.options.list_filters())
        return self._listing(unit, list_page_name(unit.number), self.client.read(call))

    def _newest(self, unit: Unit, _: int | None) -> Outcome:
        filters = {**self.options.list_filters(), "sort_by": "created_at_desc"}
        call = self.requests.conversations(1, **filters)
        return self._listing(unit, "conversations/newest.json.gz", self.client.read(call))

    def _updated(self, unit: Unit, _: int | None) -> Outcome:
        filters = {**self.options.list_filters(), "updated_within": self.updated_within}
        call = self.requests.conversations(**filters)
        return self._listing(unit, "conversations/updated.json.gz", self.client.read(call))

    def _listing(self, unit: Unit, name: str, body: bytes) -> Outcome:
        received = Body.received("conversations", name, body)  # the journal's meta: scrubbed
        conversations, meta = listed(received.data, name)  # the shape checked before keeping
        outcome = Outcome(unit, record={"conversations": conversations})
        outcome.record["meta"] = {k: v for k, v in meta.items() if type(v) is int}
        self._store(outcome, received)
        return outcome

    def _show(self, unit: Unit, _: int | None) -> Outcome:
        try:
            body = self.client.read(self.requests.conversation(unit.number))
        except NotFoundError:
            return Outcome(unit, record={"deleted": True})
        except AuthenticationError as exc:
            if "may not read" not in str(exc):
                raise
            return Outcome(unit, record={"not_visible": True})
        name = show_name(unit.number)
        conversations, _meta = listed(body, name, shown=True)
        outcome = Outcome(unit, record={"conversations": conversations})
        self._keep(outcome, "conversation", name, body)
        return outcome

    def _history(self, unit: Unit, latest: int | None) -> Outcome:
        cid = unit.number
        if self.raw is not None:
            self.raw.forget_history(cid)
        outcome = Outcome(unit)
        try:
            ids = self._walk(outcome, cid)
            if latest is not None and latest not in ids:
                outcome.record["refetched"] = True
                ids |= self._walk(outcome, cid)
        except NotFoundError:
            outcome.record["deleted"] = True
            return outcome
        outcome.record["messages"] = len(ids)
        if latest is not None and latest not in ids:
            outcome.record["gap"] = {"listed_latest": latest, "read_latest": max(ids, default=None)}
        return outcome

    def _walk(self, outcome: Outcome, cid: int) -> set[int]:
        """Read the whole history once; returns the message ids read."""
        seen: set[int] = set()
        for body, ids in self.client.message_history_bodies(cid):
            name = history_page_name(cid, len(outcome.bodies) + 1)
            self._keep(outcome, "messages", name, body, cid)
            seen.update(ids)
        return seen

    def _events(self, unit: Unit, _: int | None) -> Outcome:
        outcome = Outcome(unit)
        try:
            body = self.client.read(self.requests.reporting_events(unit.number))
        except (NotFoundError, AuthenticationError) as exc:
            if unit.number != 1:
                raise
            outcome.record["unavailable"] = str(exc)
            return outcome
        if unit.number == 1:
            meta = skim_meta(body, f"reporting_events/page-{unit.number}.json.gz")
            total = meta.get("total_pages")
            if not isinstance(total, int):
                count = meta.get("count")
                total = pages_needed(count, _EVENTS_PAGE_SIZE) if isinstance(count, int) else 1
            outcome.record["total_pages"] = total
        self._keep(
            outcome, "reporting_events", f"reporting_events/page-{unit.number}.json.gz", body
        )
        return outcome

    def _optional(self, outcome: Outcome, call: Request) -> bytes | None:
        """The body of ``call``; None when its endpoint is not served here, recorded as
        ``unavailable`` (only the first request of an endpoint may say so: after a page
        was read, a 404 or 401 is an error)."""
        try:
            return self.client.read(call)
        except (NotFoundError, AuthenticationError) as exc:
            if outcome.unit.number > 1:
                raise
            outcome.record["unavailable"] = str(exc)
            return None

    def _attribute_definitions(self, unit: Unit, _: int | None) -> Outcome:
        outcome = Outcome(unit)
        body = self._optional(outcome, self.requests.custom_attribute_definitions())
        if body is not None:
            name = "custom_attribute_definitions/custom_attribute_definitions.json.gz"
            self._keep(outcome, "custom_attribute_definitions", name, body)
        return outcome

    def _csat(self, unit: Unit, _: int | None) -> Outcome:
        outcome = Outcome(unit)
        call = self.requests.csat_survey_responses(unit.number, sort="created_at")
        body = self._optional(outcome, call)
        if body is not None:
            name = f"csat_survey_responses/page-{unit.number}.json.gz"
            outcome.record["rows"] = array_length(body, name)
            self._keep(outcome, "csat_survey_responses", name, body)
        return outcome

    def _slas(self, unit: Unit, _: int | None) -> Outcome:
        outcome = Outcome(unit)
        body = self._optional(outcome, self.requests.applied_slas(unit.number))
        if body is None:
            return outcome
        name = f"applied_slas/page-{unit.number}.json.gz"
        if unit.number == 1:
            count = skim_meta(body, name).get("count")
            total = pages_needed(count, _SLAS_PAGE_SIZE) if isinstance(count, int) else 1
            outcome.record["total_pages"] = total
        self._keep(outcome, "applied_slas", name, body)
        return outcome

    def _reference(self, unit: Unit, _: int | None) -> Outcome:
        outcome = Outcome(unit)
        body = self.client.read(self.requests.listing(unit.kind))
        self._keep(outcome, unit.kind, f"{unit.kind}/{unit.kind}.json.gz", body)  # type: ignore[arg-type]
        return outcome
