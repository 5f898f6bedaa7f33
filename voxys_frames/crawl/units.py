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
  tables and reporting events.

Examples
--------
>>> Unit("history", 42).key, Unit.parse("list:3"), Unit.parse("agents")
('history:42', Unit(kind='list', number=3), Unit(kind='agents', number=0))
>>> latest_message_id({"id": 1, "messages": [{"id": 9}], "last_non_activity_message": {"id": 8}})
9
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from voxys_frames.api.client import Client
from voxys_frames.api.pagination import MessageRanges, pages_needed
from voxys_frames.convert.bodies import (
    Body,
    history_page_name,
    list_page_name,
    show_body,
    show_name,
    without_secrets,
)
from voxys_frames.convert.pages import Endpoint
from voxys_frames.crawl.options import CrawlOptions
from voxys_frames.crawl.rawstore import RawStore
from voxys_frames.exceptions import AuthenticationError, NotFoundError, SchemaError

__all__ = ["REFERENCE_UNITS", "Outcome", "Unit", "UnitRunner", "latest_message_id"]

UnitKind = Literal[
    "list", "newest", "updated", "show", "history", "agents", "teams", "inboxes", "labels", "events"
]
REFERENCE_UNITS: Final[tuple[UnitKind, ...]] = ("agents", "teams", "inboxes", "labels")
_NUMBERED: Final = frozenset({"list", "show", "history", "events"})
_EVENTS_PAGE_SIZE: Final = 25


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


def latest_message_id(conversation: dict[str, Any]) -> int | None:
    """The newest message id a conversation object shows (``messages[0]`` and co.)."""
    shown = (conversation.get("messages") or [None])[:1]
    shown.append(conversation.get("last_non_activity_message"))
    ids = [m["id"] for m in shown if isinstance(m, dict) and isinstance(m.get("id"), int)]
    return max(ids) if ids else None


def _listed(body: Any, source: str) -> list[list[int | None]]:
    data = body.get("data") if isinstance(body, dict) else None
    payload = data.get("payload") if isinstance(data, dict) else None
    if not isinstance(payload, list):
        msg = f"{source}: data.payload: expected a list, got {type(payload).__name__}"
        raise SchemaError(msg)
    found: list[list[int | None]] = []
    for index, row in enumerate(payload):
        if not isinstance(row, dict) or not isinstance(row.get("id"), int):
            msg = f"{source}: data.payload[{index}].id: expected an integer"
            raise SchemaError(msg)
        found.append([row["id"], latest_message_id(row)])
    return found


class UnitRunner:
    """Runs units against one client; writes each body to the raw archive when kept."""

    def __init__(
        self,
        client: Client,
        options: CrawlOptions,
        *,
        raw: RawStore | None = None,
        updated_within: int | None = None,
    ) -> None:
        self.client = client
        self.options = options
        self.raw = raw
        self.updated_within = updated_within
        self._run: dict[str, Callable[[Unit, int | None], Outcome]] = {
            "list": self._list,
            "newest": self._newest,
            "updated": self._updated,
            "show": self._show,
            "history": self._history,
            "events": self._events,
        }

    def run(self, unit: Unit, latest: int | None = None) -> Outcome:
        """Run ``unit``; ``latest`` is the newest message id listed (histories only)."""
        run = self._run.get(unit.kind, self._reference)
        return run(unit, latest)

    def _keep(
        self, outcome: Outcome, endpoint: Endpoint, name: str, data: Any, cid: int | None = None
    ) -> None:
        body = Body(endpoint, name, data, cid)
        if self.raw is not None:
            self.raw.write(body)
        outcome.bodies.append(body)

    def _list(self, unit: Unit, _: int | None) -> Outcome:
        body = self.client.conversations_json(unit.number, **self.options.list_filters())
        return self._listing(unit, list_page_name(unit.number), body)

    def _newest(self, unit: Unit, _: int | None) -> Outcome:
        filters = {**self.options.list_filters(), "sort_by": "created_at_desc"}
        body = self.client.conversations_json(1, **filters)
        return self._listing(unit, "conversations/newest.json.gz", body)

    def _updated(self, unit: Unit, _: int | None) -> Outcome:
        filters = {**self.options.list_filters(), "updated_within": self.updated_within}
        body = self.client.conversations_json(**filters)
        return self._listing(unit, "conversations/updated.json.gz", body)

    def _listing(self, unit: Unit, name: str, body: Any) -> Outcome:
        outcome = Outcome(unit, record={"conversations": _listed(body, name)})
        meta = (body.get("data") or {}).get("meta") or {}
        outcome.record["meta"] = {k: v for k, v in meta.items() if isinstance(v, int)}
        self._keep(outcome, "conversations", name, body)
        return outcome

    def _show(self, unit: Unit, _: int | None) -> Outcome:
        try:
            conversation = self.client.conversation_json(unit.number)
        except NotFoundError:
            return Outcome(unit, record={"deleted": True})
        except AuthenticationError as exc:
            if "may not read" not in str(exc):
                raise
            return Outcome(unit, record={"not_visible": True})
        name = show_name(unit.number)
        body = show_body(conversation)
        outcome = Outcome(unit, record={"conversations": _listed(body, name)})
        self._keep(outcome, "conversations", name, body)
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
        ranges = MessageRanges()
        seen: set[int] = set()
        while True:
            cursor = ranges.params()
            body = self.client.messages_json(cid, after=cursor["after"], before=cursor["before"])
            name = history_page_name(cid, len(outcome.bodies) + 1)
            payload = body.get("payload") if isinstance(body, dict) else None
            if not isinstance(payload, list):
                msg = f"{name}: payload: expected a list"
                raise SchemaError(msg)
            self._keep(outcome, "messages", name, body, cid)
            ids = [m["id"] for m in payload if isinstance(m, dict) and isinstance(m.get("id"), int)]
            seen.update(ids)
            if not ranges.advance(ids):
                return seen

    def _events(self, unit: Unit, _: int | None) -> Outcome:
        outcome = Outcome(unit)
        try:
            body = self.client.reporting_events_json(unit.number)
        except (NotFoundError, AuthenticationError) as exc:
            if unit.number != 1:
                raise
            outcome.record["unavailable"] = str(exc)
            return outcome
        if unit.number == 1:
            meta = body.get("meta") or {}
            total = meta.get("total_pages")
            if not isinstance(total, int):
                count = meta.get("count")
                total = pages_needed(count, _EVENTS_PAGE_SIZE) if isinstance(count, int) else 1
            outcome.record["total_pages"] = total
        self._keep(
            outcome, "reporting_events", f"reporting_events/page-{unit.number}.json.gz", body
        )
        return outcome

    def _reference(self, unit: Unit, _: int | None) -> Outcome:
        client = self.client
        readers: dict[str, Callable[[], Any]] = {
            "agents": client.agents_json,
            "teams": client.teams_json,
            "inboxes": lambda: without_secrets(client.inboxes_json()),
            "labels": client.labels_json,
        }
        outcome = Outcome(unit)
        self._keep(outcome, unit.kind, f"{unit.kind}/{unit.kind}.json.gz", readers[unit.kind]())  # type: ignore[arg-type]
        return outcome
