"""The filter state: plain, immutable, JSON-serialisable data describing a selection.

Every field has an "any" default (an empty tuple, ``""``, ``None`` or ``"any"``), so
``FilterState()`` selects everything. Fields on conversations and fields on messages
constrain each other: see :mod:`voxys_frames.filters.select`.

Examples
--------
>>> from datetime import date
>>> state = FilterState(statuses=("open",), labels=("vip", "bug"), labels_match="all",
...                     date_from=date(2025, 1, 1), text="refund")
>>> state.is_empty, state.has_message_filters
(False, True)
>>> FilterState.from_dict(state.to_dict()) == state
True
>>> state.to_dict()["date_from"]
'2025-01-01'
>>> FilterState(waiting="maybe")
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: FilterState.waiting: expected one of any, waiting, not_waiting, unattended, got 'maybe'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal, NoReturn, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from voxys_frames.exceptions import ConfigurationError

LabelsMatch = Literal["any", "all"]
"""``any``: at least one of the labels; ``all``: every one of them."""

DateField = Literal["created_at", "last_activity_at"]
"""The conversation time a date range applies to."""

Waiting = Literal["any", "waiting", "not_waiting", "unattended"]
"""``waiting``: the customer waits for a reply (``waiting_since`` set); ``unattended``:
Chatwoot's definition, never answered or waiting."""

SlaMissed = Literal["any", "yes", "no"]
"""``yes``: the conversation missed its SLA (its own ``sla_status`` or an ``applied_slas``
row is ``missed`` or ``active_with_misses``); ``no``: it did not (including conversations
without an SLA)."""

CSAT_RATINGS: Final = (1, 2, 3, 4, 5)
HOURS_OF_WEEK: Final = 168

AttributeOp = Literal["equals", "not_equals", "contains", "present", "absent"]
"""How a custom attribute is compared; ``present``/``absent`` take no value."""

MESSAGE_TYPES: Final = ("incoming", "outgoing", "activity", "template")
ATTRIBUTE_FIELDS: Final = ("attributes", "contact_attributes")

Assignee = tuple[str, int] | None
"""``(assignee_type, assignee_id)``, e.g. ``("User", 5)``; ``None`` means unassigned."""


def _fail(name: str, expected: str, got: object) -> NoReturn:
    msg = f"FilterState.{name}: expected {expected}, got {got!r}"
    raise ConfigurationError(msg)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        _fail(name, f"one of {', '.join(choices)}", value)


@dataclass(frozen=True)
class AttributeFilter:
    """One condition on a key of ``conversations.custom_attributes``.

    Values are compared as the JSON text of the attribute (``48007``, ``true``, or a
    string without its quotes); a key whose value is JSON ``null`` counts as absent.

    >>> AttributeFilter("plan", "equals", "pro").to_dict()
    {'key': 'plan', 'op': 'equals', 'value': 'pro'}
    >>> AttributeFilter("plan", "equals")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.ConfigurationError: AttributeFilter 'plan': op 'equals' needs a value
    """

    key: str
    op: AttributeOp = "present"
    value: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key:
            _fail("attributes.key", "a non-empty string", self.key)
        _check_choice("attributes.op", self.op, get_args(AttributeOp))
        needs_value = self.op in ("equals", "not_equals", "contains")
        if needs_value and not isinstance(self.value, str):
            msg = f"AttributeFilter {self.key!r}: op {self.op!r} needs a value"
            raise ConfigurationError(msg)
        if not needs_value and self.value is not None:
            msg = f"AttributeFilter {self.key!r}: op {self.op!r} takes no value"
            raise ConfigurationError(msg)

    def to_dict(self) -> dict[str, Any]:
        """The condition as plain data."""
        return {"key": self.key, "op": self.op, "value": self.value}


@dataclass(frozen=True)
class FilterState:
    """What to select; every field defaults to "no condition".

    Conversation fields: ``statuses``, ``inbox_ids``, ``assignees`` (``None`` in it
    selects unassigned ones), ``team_ids`` and ``priorities`` (``None`` selects "no
    team" / "no priority"), ``labels`` with ``labels_match``, ``channels``, a date
    range ``date_from``..``date_to`` (inclusive days in ``timezone``, an IANA name,
    ``"UTC"`` by default; days follow daylight saving time) on ``date_field``,
    ``waiting``, ``attributes`` (every condition holds), ``contact_attributes``
    (on the custom attributes of the conversation's contact), ``csat_ratings`` (the
    latest CSAT response's rating, 1-5, joined by display id), ``sla_missed`` and
    ``topics`` (topic names, any of them, from a ``conversation_topics`` table joined by
    display id; see :mod:`voxys_frames.filters.linked`).
    Message fields: ``text`` (case-insensitive substring of the content),
    ``message_types`` and ``message_hours`` (hours of the week of the message's
    creation in ``timezone``, 0 = Monday 00h .. 167).

    Examples
    --------
    >>> state = FilterState(statuses=("open",), labels=("vip", "bug"), labels_match="all")
    >>> state.is_empty, FilterState().is_empty
    (False, True)
    >>> FilterState.from_dict(state.to_dict()) == state
    True
    """

    statuses: tuple[str, ...] = ()
    inbox_ids: tuple[int, ...] = ()
    assignees: tuple[Assignee, ...] = ()
    team_ids: tuple[int | None, ...] = ()
    labels: tuple[str, ...] = ()
    labels_match: LabelsMatch = "any"
    priorities: tuple[str | None, ...] = ()
    channels: tuple[str, ...] = ()
    date_field: DateField = "created_at"
    date_from: date | None = None
    date_to: date | None = None
    timezone: str = "UTC"
    waiting: Waiting = "any"
    attributes: tuple[AttributeFilter, ...] = ()
    contact_attributes: tuple[AttributeFilter, ...] = ()
    csat_ratings: tuple[int, ...] = ()
    sla_missed: SlaMissed = "any"
    topics: tuple[str, ...] = ()
    text: str = ""
    message_types: tuple[str, ...] = field(default=())
    message_hours: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for name in ("statuses", "labels", "channels", "topics"):
            self._check_items(name, str, nullable=False)
        for name in ("inbox_ids", "csat_ratings", "message_hours"):
            self._check_items(name, int, nullable=False)
        for rating in self.csat_ratings:
            if rating not in CSAT_RATINGS:
                _fail("csat_ratings", "ratings 1 to 5", rating)
        for hour in self.message_hours:
            if not 0 <= hour < HOURS_OF_WEEK:
                _fail("message_hours", "hours of the week 0 to 167", hour)
        _check_choice("sla_missed", self.sla_missed, get_args(SlaMissed))
        self._check_items("team_ids", int, nullable=True)
        self._check_items("priorities", str, nullable=True)
        for assignee in self._tuple("assignees"):
            if assignee is not None and not _is_assignee(assignee):
                _fail("assignees", "(type, id) pairs or None", assignee)
        _check_choice("labels_match", self.labels_match, get_args(LabelsMatch))
        _check_choice("date_field", self.date_field, get_args(DateField))
        _check_choice("waiting", self.waiting, get_args(Waiting))
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, date) and type(value) is date):
                _fail(name, "a datetime.date or None", value)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            msg = f"FilterState: date_from {self.date_from} is after date_to {self.date_to}"
            raise ConfigurationError(msg)
        for name in ATTRIBUTE_FIELDS:
            for item in self._tuple(name):
                if not isinstance(item, AttributeFilter):
                    _fail(name, "AttributeFilter items", item)
        if not isinstance(self.text, str):
            _fail("text", "a string", self.text)
        for item in self._tuple("message_types"):
            _check_choice("message_types", item, MESSAGE_TYPES)
        check_timezone(self.timezone)

    def _tuple(self, name: str) -> tuple[Any, ...]:
        value = getattr(self, name)
        if not isinstance(value, tuple):
            _fail(name, "a tuple", value)
        return value

    def _check_items(self, name: str, kind: type, *, nullable: bool) -> None:
        for item in self._tuple(name):
            if item is None and nullable:
                continue
            if not isinstance(item, kind) or isinstance(item, bool):
                _fail(name, f"{kind.__name__} items" + (" or None" if nullable else ""), item)

    @property
    def has_message_filters(self) -> bool:
        """Whether any field applies to messages (they then narrow the conversations)."""
        return bool(self.text.strip() or self.message_types or self.message_hours)

    @property
    def is_empty(self) -> bool:
        """Whether the state selects everything (the time zone alone selects nothing)."""
        return self.replace(timezone="UTC") == FilterState()

    def replace(self, **changes: Any) -> FilterState:
        """A copy with ``changes`` applied (and checked)."""
        return dataclasses.replace(self, **changes)

    def to_code(self) -> str:
        """The polars code that reproduces this selection (see :mod:`voxys_frames.filters.code`)."""
        from voxys_frames.filters.code import to_code  # here: that module imports this one

        return to_code(self)

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready data (dates as ISO text, tuples as lists)."""
        data: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif item.name in ATTRIBUTE_FIELDS:
                value = [condition.to_dict() for condition in value]
            elif item.name == "assignees":
                value = [list(a) if a is not None else None for a in value]
            elif isinstance(value, tuple):
                value = list(value)
            data[item.name] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FilterState:
        """The state described by ``data`` (as made by :meth:`to_dict`); unknown keys raise."""
        known = {item.name for item in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            msg = f"FilterState: unknown fields {', '.join(sorted(unknown))}"
            raise ConfigurationError(msg)
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in ("date_from", "date_to") and isinstance(value, str):
                value = _parse_date(name, value)
            elif name in ATTRIBUTE_FIELDS:
                value = tuple(AttributeFilter(**_mapping(name, item)) for item in value)
            elif name == "assignees":
                value = tuple(tuple(a) if isinstance(a, list) else a for a in value)
            elif isinstance(value, list):
                value = tuple(value)
            values[name] = value
        return cls(**values)


def check_timezone(name: object) -> str:
    """``name`` if it is an IANA time zone known here, else a ConfigurationError.

    >>> check_timezone("Asia/Kolkata")
    'Asia/Kolkata'
    >>> check_timezone("Mars/Olympus")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.ConfigurationError: FilterState.timezone: expected an IANA time zone name (e.g. 'Europe/Paris'), got 'Mars/Olympus'
    """
    if isinstance(name, str) and name:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return name
    _fail("timezone", "an IANA time zone name (e.g. 'Europe/Paris')", name)


def _is_assignee(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and not isinstance(value[1], bool)
    )


def _parse_date(name: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(name, "an ISO date (YYYY-MM-DD)", text)


def _mapping(name: str, value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        _fail(name, "objects with key, op and value", value)
    return value
