"""Parameters of the read endpoints: their types and the checks made before a request.

Every choice is a ``Literal`` alias, so a type checker catches a typo; at run time a
bad value raises :class:`~voxys_frames.exceptions.ConfigurationError` listing the
valid values, before anything is sent.

Examples
--------
>>> list_params({"status": "all", "labels": ["vip", "billing"], "sort_by": "created_at_asc"})
[('status', 'all'), ('labels[]', 'vip'), ('labels[]', 'billing'), ('sort_by', 'created_at_asc')]
>>> list_params({"sort_by": "newest"})
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: sort_by='newest' is not valid; expected one of: last_activity_at_desc, last_activity_at_asc, created_at_asc, created_at_desc, priority_asc, priority_desc, waiting_since_asc, waiting_since_desc, latest, sort_on_created_at, sort_on_priority, sort_on_waiting_since
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, TypedDict, get_args

from voxys_frames.exceptions import ConfigurationError

__all__ = [
    "COUNT_FILTERS",
    "LIST_FILTERS",
    "AssigneeType",
    "ConversationStatus",
    "ConversationType",
    "CountFilters",
    "ListFilters",
    "Params",
    "SortBy",
    "account_id",
    "choice",
    "epoch",
    "list_params",
    "message_id",
    "positive_int",
    "text",
]

ConversationStatus = Literal["open", "resolved", "pending", "snoozed", "all"]
"""``status`` of the conversations list (``open`` when absent; ignored with ``q``)."""
AssigneeType = Literal["me", "unassigned", "assigned", "all"]
"""``assignee_type`` of the conversations list (applied after the meta counts)."""
ConversationType = Literal["mention", "participating", "unattended"]
"""``conversation_type`` of the conversations list."""
SortBy = Literal[
    "last_activity_at_desc",
    "last_activity_at_asc",
    "created_at_asc",
    "created_at_desc",
    "priority_asc",
    "priority_desc",
    "waiting_since_asc",
    "waiting_since_desc",
    "latest",
    "sort_on_created_at",
    "sort_on_priority",
    "sort_on_waiting_since",
]
"""``sort_by`` of the conversations list, with the legacy aliases (``latest``...)."""

Params = list[tuple[str, str]]
"""Query pairs, in order; a name may repeat (``labels[]``)."""


def positive_int(name: str, value: object) -> int:
    """``value`` if it is an integer >= 1 (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{name} must be a positive integer, got {value!r}"
        raise ConfigurationError(msg)
    return value


def account_id(value: int | str) -> int:
    """An account id from an int or a string of digits (as in the environment)."""
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            msg = f"account id must be a positive integer, got {value!r}"
            raise ConfigurationError(msg)
        value = int(text)
    return positive_int("account id", value)


def choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """``value`` if it is one of ``allowed``.

    >>> choice("sort", "-created_at", ("created_at", "-created_at"))
    '-created_at'
    """
    if not isinstance(value, str) or value not in allowed:
        msg = f"{name}={value!r} is not valid; expected one of: {', '.join(allowed)}"
        raise ConfigurationError(msg)
    return value


def epoch(name: str, value: int | datetime) -> int:
    """Epoch seconds from an int or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            msg = f"{name} must be timezone-aware, got {value!r}"
            raise ConfigurationError(msg)
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{name} must be epoch seconds or an aware datetime, got {value!r}"
        raise ConfigurationError(msg)
    return value


def _labels(value: object) -> list[str]:
    if isinstance(value, str):
        labels: list[object] = [value]
    elif isinstance(value, Sequence | set | frozenset):
        labels = list(value)
    else:
        labels = []
    if not labels or not all(isinstance(label, str) and label.strip() for label in labels):
        msg = f"labels must be non-empty strings, got {value!r}"
        raise ConfigurationError(msg)
    return [str(label) for label in labels]


class CountFilters(TypedDict, total=False):
    """Filters of the conversations list that the meta counts follow too.

    ``labels`` go out as ``labels[]=a&labels[]=b`` (any of them matches); ``q``
    switches the server's status filter off and caps the counts at one page.
    """

    status: ConversationStatus
    assignee_type: AssigneeType
    inbox_id: int
    team_id: int
    labels: str | Sequence[str]
    q: str
    conversation_type: ConversationType
    source_id: str


class EventFilters(TypedDict, total=False):
    """The filters of ``GET /reporting_events`` besides ``page``; ``since`` and ``until``
    (epoch seconds or aware datetimes) must come together."""

    since: int | datetime | None
    until: int | datetime | None
    inbox_id: int | None
    user_id: int | None
    name: str | None


class ListFilters(CountFilters, total=False):
    """Every filter of ``GET /conversations`` (reference section 2.1) except ``page``."""

    sort_by: SortBy
    updated_within: int | timedelta


def text(name: str, value: object) -> str:
    """``value`` if it is a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        msg = f"{name} must be a non-empty string, got {value!r}"
        raise ConfigurationError(msg)
    return value


def message_id(name: str, value: object) -> int:
    """A message cursor: an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{name} must be a message id (an integer >= 0), got {value!r}"
        raise ConfigurationError(msg)
    return value


def _text(name: str) -> Callable[[object], Params]:
    return lambda value: [(name, text(name, value))]


def _one_of(name: str, allowed: tuple[str, ...]) -> Callable[[object], Params]:
    def check(value: object) -> Params:
        return [(name, choice(name, value, allowed))]

    return check


def _identifier(name: str) -> Callable[[object], Params]:
    return lambda value: [(name, str(positive_int(name, value)))]


def _seconds(value: object) -> Params:
    if isinstance(value, timedelta):
        value = int(value.total_seconds())
    return [("updated_within", str(positive_int("updated_within", value)))]


_FILTER_CHECKS: dict[str, Callable[[object], Params]] = {
    "status": _one_of("status", get_args(ConversationStatus)),
    "assignee_type": _one_of("assignee_type", get_args(AssigneeType)),
    "inbox_id": _identifier("inbox_id"),
    "team_id": _identifier("team_id"),
    "labels": lambda value: [("labels[]", label) for label in _labels(value)],
    "q": _text("q"),
    "sort_by": _one_of("sort_by", get_args(SortBy)),
    "conversation_type": _one_of("conversation_type", get_args(ConversationType)),
    "source_id": _text("source_id"),
    "updated_within": _seconds,
}
_FILTER_ORDER = tuple(_FILTER_CHECKS)
COUNT_FILTERS = frozenset(CountFilters.__annotations__)
LIST_FILTERS = frozenset(ListFilters.__annotations__)


def list_params(filters: Mapping[str, Any], *, allowed: frozenset[str] = LIST_FILTERS) -> Params:
    """Check the filters of the conversations list; return the query pairs to send.

    ``None`` values are left out (the server's default applies). An unknown name is a
    :class:`TypeError`, as for any unexpected keyword argument.
    """
    unknown = sorted(set(filters) - allowed)
    if unknown:
        msg = f"unexpected keyword argument(s): {', '.join(unknown)}"
        raise TypeError(msg)
    params: Params = []
    for name in _FILTER_ORDER:
        value = filters.get(name)
        if value is not None:
            params.extend(_FILTER_CHECKS[name](value))
    return params
