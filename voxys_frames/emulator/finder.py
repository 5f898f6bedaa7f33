"""Chatwoot's ``ConversationFinder`` and ``MessageFinder`` over the world's columns.

Filters, meta counts, sorting and paging behave as the reference describes,
quirks included: counts ignore ``assignee_type``, bot-assigned conversations count
as unassigned, ``q`` ignores ``status`` and makes the counts page-limited, sorts
have no tie-breaker (rows with equal keys can swap between pages), and
``updated_within`` returns everything without paging.

Examples
--------
>>> from voxys_frames.emulator.config import EmulatorConfig
>>> from voxys_frames.emulator.world import World
>>> world = World(EmulatorConfig(seed=3, conversations=60))
>>> finder = ConversationFinder(world)
>>> result = finder.find(ListQuery(status="all"), TokenUser(1, "administrator", (1, 2, 3, 4, 5, 6, 7, 8)))
>>> result.counts["all_count"]
60
>>> len(result.rows)
25
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from voxys_frames.emulator.render import Renderer
from voxys_frames.emulator.timeline import (
    ASSIGNEE_USER,
    F_PRIVATE,
    KIND_ACTIVITY,
    KIND_INCOMING,
    KIND_OUTGOING,
    STATUS_NAMES,
)
from voxys_frames.emulator.world import Message, World

#: sort_by value -> canonical sort; unknown values fall back to the default.
SORT_ALIASES: dict[str, str] = {
    "last_activity_at_desc": "last_activity_at_desc",
    "last_activity_at_asc": "last_activity_at_asc",
    "created_at_asc": "created_at_asc",
    "created_at_desc": "created_at_desc",
    "priority_asc": "priority_asc",
    "priority_desc": "priority_desc",
    "waiting_since_asc": "waiting_since_asc",
    "waiting_since_desc": "waiting_since_desc",
    "latest": "last_activity_at_desc",
    "sort_on_created_at": "created_at_asc",
    "sort_on_priority": "priority_desc",
    "sort_on_waiting_since": "waiting_since_asc",
}
_NULL_LAST = np.int64(2**31 - 1)


@dataclass(frozen=True)
class TokenUser:
    """The user a token acts as, and the inboxes that user may see."""

    id: int
    role: str
    inbox_ids: tuple[int, ...]


@dataclass(frozen=True)
class ListQuery:
    """The list endpoint's parameters, parsed."""

    status: str | None = None
    assignee_type: str | None = None
    inbox_ids: tuple[int, ...] | None = None
    team_id: int | None = None
    labels: tuple[str, ...] = ()
    q: str | None = None
    sort_by: str | None = None
    conversation_type: str | None = None
    source_id: str | None = None
    page: int = 1
    updated_within: int | None = None


@dataclass
class ListResult:
    """Display ids of the page, meta counts, and per-row latest-message overrides."""

    rows: list[int]
    counts: dict[str, int]
    latest: dict[int, Message] = field(default_factory=dict)


def ruby_to_i(raw: str | None) -> int:
    """Ruby's ``String#to_i``: leading digits (with a sign), else 0.

    >>> ruby_to_i("12abc"), ruby_to_i("abc"), ruby_to_i("-3"), ruby_to_i(None)
    (12, 0, -3, 0)
    """
    if raw is None:
        return 0
    text = raw.strip()
    sign = 1
    if text[:1] in "+-" and text[:1]:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    digits = ""
    for char in text:
        if not char.isdigit():
            break
        digits += char
    return sign * int(digits) if digits else 0


class ConversationFinder:
    """Lists conversations as Chatwoot's ``ConversationFinder#perform`` does."""

    def __init__(self, world: World, renderer: Renderer | None = None) -> None:
        self.world = world
        self.renderer = renderer if renderer is not None else Renderer(world)
        self._count_cache: dict[tuple[object, ...], dict[str, int]] = {}
        self._scopes: dict[tuple[object, ...], npt.NDArray[np.int64]] = {}
        self._orders: dict[
            tuple[object, ...], tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
        ] = {}

    def team_exists(self, team_id: int) -> bool:
        """Whether the account has team ``team_id``."""
        return 1 <= team_id <= len(self.world.catalog.teams)

    def _scope(self, query: ListQuery, user: TokenUser) -> npt.NDArray[np.bool_]:
        world = self.world
        n = world.count
        cols = world.cols
        inbox_col = cols["inbox_id"][:n]
        visible = set(user.inbox_ids)
        if query.inbox_ids is not None:
            visible &= set(query.inbox_ids)
        mask = np.isin(inbox_col, np.array(sorted(visible), dtype=np.int32))
        if query.conversation_type == "mention":
            mask &= (cols["mentions"][:n] >> user.id & 1).astype(bool)
        elif query.conversation_type == "participating":
            mask = (cols["participants"][:n] >> user.id & 1).astype(bool)
        elif query.conversation_type == "unattended":
            mask &= (cols["first_reply_created_at"][:n] == 0) | (cols["waiting_since"][:n] != 0)
        if not query.q and query.status != "all":
            wanted = query.status or "open"
            if wanted in STATUS_NAMES:
                mask &= cols["status"][:n] == STATUS_NAMES.index(wanted)
            else:
                mask &= False
        if query.team_id is not None:
            mask &= cols["team_id"][:n] == query.team_id
        if query.labels:
            titles = world.catalog.tag_titles
            bits = 0
            for label in query.labels:
                if label in titles:
                    bits |= 1 << titles.index(label)
            mask &= (cols["tag_mask"][:n] & bits) != 0
        if query.source_id:
            mask &= self._source_mask(query.source_id)
        return mask

    def _source_mask(self, source_id: str) -> npt.NDArray[np.bool_]:
        world = self.world
        renderer = self.renderer
        n = world.count
        cols = world.cols
        return np.array(
            [
                renderer.source_id(int(cols["contact_id"][c]), int(cols["inbox_id"][c]))
                == source_id
                for c in range(n)
            ],
            dtype=bool,
        )

    def _scoped_rows(self, query: ListQuery, user: TokenUser) -> npt.NDArray[np.int64]:
        """Indexes of the conversations that pass every filter but the assignee's (cached)."""
        key = (
            "scope",
            query.status,
            query.inbox_ids,
            query.team_id,
            query.labels,
            query.conversation_type,
            query.source_id,
            query.q,
            user,
            self.world.version,
        )
        cached = self._scopes.get(key)
        if cached is None:
            cached = np.flatnonzero(self._scope(query, user)).astype(np.int64)
            if len(self._scopes) > 16:
                self._scopes.clear()
            self._scopes[key] = cached
        return cached

    def _matches(self, c: int, needle: str) -> Message | None:
        """The latest message of ``c`` whose content contains ``needle`` (ILIKE)."""
        found: Message | None = None
        for message in self.world.timeline(c + 1):
            if message.event[1] not in (KIND_INCOMING, KIND_OUTGOING):
                continue
            content = self.renderer.body(c, message).content
            if content and needle in content.lower() and (found is None or message.t >= found.t):
                found = message
        return found

    def _counts(self, rows: npt.NDArray[np.int64], user: TokenUser) -> dict[str, int]:
        cols = self.world.cols
        kind = cols["assignee_kind"][rows]
        assignee = cols["assignee_id"][rows]
        mine = int(np.count_nonzero((kind == ASSIGNEE_USER) & (assignee == user.id)))
        unassigned = int(np.count_nonzero(kind != ASSIGNEE_USER))
        total = int(rows.size)
        return {
            "mine_count": mine,
            "assigned_count": total - unassigned,
            "unassigned_count": unassigned,
            "all_count": total,
        }

    def _assignee_filter(
        self, rows: npt.NDArray[np.int64], query: ListQuery, user: TokenUser
    ) -> npt.NDArray[np.int64]:
        cols = self.world.cols
        kind = cols["assignee_kind"][rows]
        keep: npt.NDArray[np.bool_]
        if query.assignee_type == "me":
            keep = (kind == ASSIGNEE_USER) & (cols["assignee_id"][rows] == user.id)
        elif query.assignee_type == "unassigned":
            keep = kind != ASSIGNEE_USER
        elif query.assignee_type == "assigned":
            keep = kind == ASSIGNEE_USER
        else:
            return rows
        selected: npt.NDArray[np.int64] = rows[keep]
        return selected

    def sort_key(self, rows: npt.NDArray[np.int64], sort: str) -> npt.NDArray[np.int64]:
        """One int64 key per row whose ascending order is the SQL order."""
        cols = self.world.cols
        last = cols["last_activity_at"][rows]
        created = cols["created_at"][rows]
        if sort == "last_activity_at_desc":
            return -last
        if sort == "last_activity_at_asc":
            return last.copy()
        if sort == "created_at_asc":
            return created.copy()
        if sort == "created_at_desc":
            return -created
        if sort.startswith("priority"):
            priority = cols["priority"][rows].astype(np.int64)
            rank = priority if sort == "priority_asc" else 3 - priority
            rank = np.where(priority < 0, 4, rank)
            return rank * 2**32 + (2**31 - last)
        waiting = cols["waiting_since"][rows]
        rank = waiting if sort == "waiting_since_asc" else 2**31 - 1 - waiting
        rank = np.where(waiting == 0, _NULL_LAST, rank)
        return rank * 2**31 + created

    def _ordered(
        self, rows: npt.NDArray[np.int64], sort: str, signature: tuple[object, ...]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        key = (signature, sort, self.world.version)
        cached = self._orders.get(key)
        if cached is not None:
            return cached
        keys = self.sort_key(rows, sort)
        order = np.argsort(keys, kind="stable")
        result = (rows[order], keys[order])
        if len(self._orders) > 16:
            self._orders.clear()
        self._orders[key] = result
        return result

    def _window(
        self, rows: npt.NDArray[np.int64], keys: npt.NDArray[np.int64], lo: int, hi: int, salt: int
    ) -> list[int]:
        """Rows ``lo:hi`` of the order, with ties at the edges broken per query.

        Postgres breaks ties arbitrarily, and differently for different
        LIMIT/OFFSET; here ties that straddle a page edge are shuffled by page.
        """
        n = rows.size
        if lo >= n:
            return []
        hi = min(hi, n)
        start = int(np.searchsorted(keys, keys[lo], side="left"))
        end = int(np.searchsorted(keys, keys[hi - 1], side="right"))
        segment = rows[start:end].copy()
        segment_keys = keys[start:end]
        shuffle = (segment * 2654435761 + salt * 40503) % 1_000_003
        order = np.lexsort((shuffle, segment_keys))
        segment = segment[order]
        return [int(c) + 1 for c in segment[lo - start : hi - start]]

    def find(self, query: ListQuery, user: TokenUser, *, page_size: int = 25) -> ListResult:
        """Run the list endpoint's finder."""
        with self.world.lock:
            return self._find(query, user, page_size)

    def _find(self, query: ListQuery, user: TokenUser, page_size: int) -> ListResult:
        world = self.world
        rows = self._scoped_rows(query, user)
        sort = SORT_ALIASES.get(query.sort_by or "", "last_activity_at_desc")
        page = max(query.page, 1)
        lo, hi = (page - 1) * page_size, page * page_size
        latest: dict[int, Message] = {}
        signature = (
            query.status,
            query.inbox_ids,
            query.team_id,
            query.labels,
            query.conversation_type,
            query.source_id,
            query.q,
            user.id,
        )
        if query.q:
            needle = query.q.lower()
            matched = []
            for c in rows:
                found = self._matches(int(c), needle)
                if found is not None:
                    matched.append(int(c))
                    latest[int(c) + 1] = found
            rows = np.array(matched, dtype=np.int64)
            ordered, keys = self._ordered(rows, sort, signature)
            window = np.array(self._window(ordered, keys, lo, hi, page), dtype=np.int64) - 1
            counts = self._counts(window, user)
        else:
            counts_key = ("counts", *signature, world.version)
            counts = self._count_cache.get(counts_key) or self._counts(rows, user)
            if len(self._count_cache) > 16:
                self._count_cache.clear()
            self._count_cache[counts_key] = counts
        filtered = self._assignee_filter(rows, query, user)
        ordered, keys = self._ordered(filtered, sort, (*signature, query.assignee_type))
        if query.updated_within is not None:
            threshold = (world.clock() - query.updated_within) * 1_000_000
            keep = world.cols["updated_at_us"][ordered] > threshold
            display_ids = [int(c) + 1 for c in ordered[keep]]
        else:
            display_ids = self._window(ordered, keys, lo, hi, page)
        return ListResult(rows=display_ids, counts=counts, latest=latest)


def find_messages(
    messages: list[Message],
    *,
    before: int | None,
    after: int | None,
    filter_internal: bool,
) -> list[Message]:
    """Chatwoot's ``MessageFinder``: the cursor is on id, the order on created_at."""
    selected = messages
    if filter_internal:
        selected = [
            m for m in selected if not m.event[4] & F_PRIVATE and m.event[1] != KIND_ACTIVITY
        ]
    ascending = sorted(selected, key=lambda m: (m.t, m.id))
    if after is not None and before is not None:
        return [m for m in ascending if after <= m.id < before][:1000]
    if after is not None:
        return [m for m in ascending if m.id > after][:100]
    if before is not None:
        older = [m for m in ascending if m.id < before]
        return older[-20:]
    return ascending[-20:]
