"""Pagination as small state objects: what comes first, and given a page, what next.

Nothing here does I/O; the client (or a crawl) asks a paginator for the parameters
of the next request and reports what the page held.

* :class:`PageNumbers`: the offset pages of the conversations list (25 a page),
  contacts (15) and reporting events (25). The end is an empty page, a short page,
  or the meta count being reached, whichever the page tells first.
* :class:`MessageRanges`: the bulk form of the messages endpoint,
  ``after=X&before=Y``, which answers up to 1000 messages with ``X <= id < Y``
  (an *inclusive* lower bound) sorted on ``created_at``. Because the sort is not on
  the cursor column, a full page proves nothing about the ids below its largest, so
  that range is read again in halves; the walk stays complete when ids and
  ``created_at`` disagree.

Examples
--------
>>> pages = PageNumbers()
>>> pages.first()
1
>>> pages.next(rows=25, total=60), pages.next(rows=25, total=60), pages.next(rows=10, total=60)
(2, 3, None)

>>> ranges = MessageRanges(limit=3)
>>> ranges.advance([10, 12, 11])  # full: ids below 12 may hide later in created_at order
True
>>> ranges.advance([])
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from voxys_frames.exceptions import ConfigurationError, SchemaError

__all__ = [
    "CONTACTS_PAGE_SIZE",
    "LIST_PAGE_SIZE",
    "MESSAGES_BULK_LIMIT",
    "MESSAGE_ID_CEILING",
    "MessageRanges",
    "PageNumbers",
    "count_for",
    "pages_needed",
]

#: Conversations per list page (``CONVERSATION_RESULTS_PER_PAGE``, default 25).
LIST_PAGE_SIZE = 25
#: Contacts per page (``RESULTS_PER_PAGE`` of the contacts controller).
CONTACTS_PAGE_SIZE = 15
#: Most messages the ``after=X&before=Y`` form returns in one call.
MESSAGES_BULK_LIMIT = 1000
#: An exclusive upper bound above every message id (the largest signed 64-bit integer).
MESSAGE_ID_CEILING = 2**63 - 1

AssigneeType = Literal["me", "unassigned", "assigned", "all"]

_COUNT_KEYS: dict[str | None, str] = {
    None: "all_count",
    "all": "all_count",
    "me": "mine_count",
    "assigned": "assigned_count",
    "unassigned": "unassigned_count",
}


def pages_needed(total: int, page_size: int = LIST_PAGE_SIZE) -> int:
    """Number of pages that hold ``total`` rows.

    >>> pages_needed(0), pages_needed(25), pages_needed(26)
    (0, 1, 2)
    """
    if page_size < 1:
        msg = f"page_size must be >= 1, got {page_size}"
        raise ConfigurationError(msg)
    return math.ceil(max(total, 0) / page_size)


def count_for(meta: Mapping[str, Any], assignee_type: str | None = None) -> int | None:
    """The meta count that matches a list request's ``assignee_type``.

    The list computes its counts before the assignee filter, so the page count of a
    request filtered on ``assignee_type=me`` follows ``mine_count``, not ``all_count``.
    Returns ``None`` when the count is missing (older servers, forks).

    >>> meta = {"mine_count": 2, "assigned_count": 7, "unassigned_count": 3, "all_count": 10}
    >>> count_for(meta), count_for(meta, "unassigned")
    (10, 3)
    """
    key = _COUNT_KEYS.get(assignee_type, "all_count")
    value = meta.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class PageNumbers:
    """Page-number pagination (Kaminari): pages 1, 2, ... until the end.

    ``next`` is told how many rows the page held and, when the response carries it,
    the ``total`` row count or ``total_pages``. The list stops on:

    * an empty page (always the end);
    * the count: ``page * size >= total``, where ``size`` is the largest page seen
      (so a deployment with a smaller ``CONVERSATION_RESULTS_PER_PAGE`` is not cut short);
    * ``page >= total_pages``;
    * with no count at all, a page shorter than ``page_size``.

    >>> pages = PageNumbers(page_size=15)
    >>> pages.first(), pages.next(rows=15), pages.next(rows=4), pages.done
    (1, 2, None, True)
    """

    page_size: int = LIST_PAGE_SIZE
    start: int = 1
    page: int = field(init=False, default=0)
    rows_seen: int = field(init=False, default=0)
    done: bool = field(init=False, default=False)
    _largest: int = field(init=False, default=0, repr=False)

    def __post_init__(self) -> None:
        if self.page_size < 1:
            msg = f"page_size must be >= 1, got {self.page_size}"
            raise ConfigurationError(msg)
        if self.start < 1:
            msg = f"start must be >= 1, got {self.start}"
            raise ConfigurationError(msg)

    def first(self) -> int:
        """The first page number to request."""
        self.page = self.start
        self.rows_seen = 0
        self.done = False
        self._largest = 0
        return self.page

    def next(
        self, rows: int, *, total: int | None = None, total_pages: int | None = None
    ) -> int | None:
        """Record the current page; return the next page number, or ``None`` at the end."""
        if self.done:
            return None
        if self.page < self.start:
            self.first()
        self.rows_seen += rows
        self._largest = max(self._largest, rows)
        if self._is_last(rows, total, total_pages):
            self.done = True
            return None
        self.page += 1
        return self.page

    def _is_last(self, rows: int, total: int | None, total_pages: int | None) -> bool:
        if rows <= 0:
            return True
        if total_pages is not None:
            return self.page >= total_pages
        if total is not None:
            return self.page * self._largest >= total
        return rows < self.page_size


@dataclass
class MessageRanges:
    """A complete walk of the bulk message form, even when ids and ``created_at`` disagree.

    It reads id ranges ``[after, before)``. A page shorter than ``limit``, or from a
    range no wider than ``limit`` ids, holds *every* message of its range. A full page
    proves nothing about ids below its largest id (a message with a smaller id but a
    later ``created_at`` was cut off), so that part is read again in two halves (split
    at the page's median id) and the rest continues above the largest id. Messages may
    come more than once: de-duplicate on ``id``. For a history under ``limit`` messages
    this is one request.

    >>> ranges = MessageRanges(limit=3)
    >>> ranges.params()
    {'after': 1, 'before': 9223372036854775807}
    >>> ranges.advance([1, 2, 4])  # full: id 3 may hide after 4 in created_at order
    True
    >>> ranges.params(), ranges.advance([1]), ranges.params(), ranges.advance([2, 4, 3])
    ({'after': 1, 'before': 2}, True, {'after': 2, 'before': 5}, True)
    >>> ranges.params(), ranges.advance([]), ranges.done
    ({'after': 5, 'before': 9223372036854775807}, False, True)
    """

    after: int = 1
    before: int = MESSAGE_ID_CEILING
    limit: int = MESSAGES_BULK_LIMIT
    requests: int = field(init=False, default=0)
    done: bool = field(init=False, default=False)
    _pending: list[tuple[int, int]] = field(init=False, default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.limit < 1:
            msg = f"limit must be >= 1, got {self.limit}"
            raise ConfigurationError(msg)
        if self.after >= self.before:
            msg = f"after ({self.after}) must be below before ({self.before})"
            raise ConfigurationError(msg)
        self._pending = [(self.after, self.before)]

    def params(self) -> dict[str, int]:
        """Query parameters of the next request."""
        low, high = self._pending[-1]
        return {"after": low, "before": high}

    def advance(self, ids: Iterable[int]) -> bool:
        """Record the page of the current range; return whether another request is needed."""
        low, high = self._pending.pop()
        seen = sorted(set(ids))
        self.requests += 1
        if seen and (seen[0] < low or seen[-1] >= high):
            msg = (
                f"messages request {self.requests}: ids {seen[0]}..{seen[-1]} fall outside"
                f" after={low}&before={high}; the server ignored the cursor"
            )
            raise SchemaError(msg)
        if len(seen) >= self.limit and high - low > self.limit:
            highest = seen[-1]
            middle = seen[len(seen) // 2]
            for part in ((highest + 1, high), (middle, highest + 1), (low, middle)):
                if part[0] < part[1]:
                    self._pending.append(part)
        self.done = not self._pending
        return not self.done

    def advance_page(self, payload: Iterable[Mapping[str, Any]]) -> bool:
        """Like :meth:`advance`, taking the messages themselves (their ``id`` keys)."""
        return self.advance(int(message["id"]) for message in payload)
