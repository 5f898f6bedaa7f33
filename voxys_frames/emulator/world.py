"""The emulated account: every conversation's fields in columns, events on demand.

Conversation fields that the list endpoint filters and sorts on live in numpy
columns (a few dozen bytes per conversation, so a million fit easily); the
events of a conversation are regenerated from the seed when asked for, with a
small cache, so the rendered JSON is never held in memory. Live activity
appends events to an overlay and updates the columns.

Examples
--------
>>> from voxys_frames.emulator.config import EmulatorConfig
>>> world = World(EmulatorConfig(seed=3, conversations=40))
>>> world.count
40
>>> len(world.timeline(1)) == int(world.cols["n_messages"][0])
True
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from voxys_frames.emulator.catalog import Catalog, build_catalog
from voxys_frames.emulator.config import EmulatorConfig
from voxys_frames.emulator.reasons import Customer, contact_reason, customer_language
from voxys_frames.emulator.timeline import (
    ASSIGNEE_BOT,
    ASSIGNEE_USER,
    KIND_INCOMING,
    STATUS_SNOOZED,
    Event,
    Skeleton,
    T,
    derive,
    generate,
)

YEAR = 365 * 86400

#: name -> dtype of every per-conversation column.
COLUMNS: dict[str, type] = {
    "created_at": np.int64,
    "last_activity_at": np.int64,
    "updated_at_us": np.int64,
    "status": np.int8,
    "priority": np.int8,
    "inbox_id": np.int32,
    "team_id": np.int32,
    "assignee_kind": np.int8,
    "assignee_id": np.int32,
    "contact_id": np.int32,
    "waiting_since": np.int64,
    "first_reply_created_at": np.int64,
    "n_messages": np.int32,
    "msg_base": np.int64,
    "tag_mask": np.int64,
    "participants": np.int64,
    "mentions": np.int64,
    "sla_policy_id": np.int16,
    "snoozed_until": np.int64,
    "last_incoming_at": np.int64,
    "agent_last_seen_at": np.int64,
    "contact_last_seen_at": np.int64,
}


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a timeline: its event and its global id."""

    id: int
    event: Event
    index: int

    @property
    def t(self) -> int:
        """Creation time, epoch seconds."""
        return self.event[T]


class World:
    """All data of the emulated account for one :class:`EmulatorConfig`."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.seed = config.seed
        self.now = config.now_epoch
        self.catalog: Catalog = build_catalog(seed=config.seed, account_id=config.account_id)
        self.lock = threading.RLock()
        #: Bumped on every change, so cached orderings know when they are stale.
        self.version = 0
        self.count = 0
        self.cols: dict[str, npt.NDArray[np.int64]] = {}
        self._capacity = 0
        self._skeletons: OrderedDict[int, Skeleton] = OrderedDict()
        self._overlay: dict[int, list[Message]] = {}
        self._next_message_id = 1
        self._contact_first_conv: list[int] = []
        self._pinned: dict[int, Skeleton] = {}
        self._started = time.monotonic()
        self._build(config.conversations)

    def clock(self) -> int:
        """The emulated now: ``config.now`` plus the real time since start-up."""
        return self.now + int(time.monotonic() - self._started)

    # ---- construction -------------------------------------------------------
    def _grow(self, needed: int) -> None:
        if needed <= self._capacity:
            return
        capacity = max(needed, self._capacity * 2, 64)
        for name, dtype in COLUMNS.items():
            column: npt.NDArray[np.int64] = np.zeros(capacity, dtype=dtype)
            if name in self.cols:
                column[: self.count] = self.cols[name][: self.count]
            self.cols[name] = column
        self._capacity = capacity

    def _build(self, n: int) -> None:
        rng = np.random.default_rng(self.seed)
        self._grow(n + 16)
        start = self.now - YEAR
        created = np.sort(rng.integers(0, YEAR - 7200, size=n)) + start
        burst = rng.random(n) < 0.03  # bulk imports: several conversations in one second
        burst[:1] = False
        for i in np.flatnonzero(burst):
            created[i] = created[i - 1]
        weights = np.array([inbox.weight for inbox in self.catalog.inboxes])
        inboxes = rng.choice(len(weights), size=n, p=weights / weights.sum()) + 1
        returning = rng.random(n) < 0.3
        returning[:1] = False
        picks = rng.random(n)
        new_contacts = 0
        for c in range(n):
            if returning[c]:
                contact_id = 1 + int(picks[c] * new_contacts)
            else:
                new_contacts += 1
                contact_id = new_contacts
                self._contact_first_conv.append(c)
            self._add_generated(c, int(created[c]), int(inboxes[c]), contact_id)

    def _add_generated(
        self, c: int, created_at: int, inbox_id: int, contact_id: int, *, live: bool = False
    ) -> None:
        sk = generate(
            c,
            created_at=created_at,
            inbox_id=inbox_id,
            contact_id=contact_id,
            now=created_at if live else self.now,
            catalog=self.catalog,
            seed=self.seed,
        )
        if live:
            self._pinned[c] = sk
        cols = self.cols
        cols["created_at"][c] = created_at
        cols["inbox_id"][c] = inbox_id
        cols["contact_id"][c] = contact_id
        cols["priority"][c] = sk.priority
        cols["tag_mask"][c] = sk.tag_mask
        cols["sla_policy_id"][c] = sk.sla_policy_id
        cols["msg_base"][c] = self._next_message_id
        cols["n_messages"][c] = len(sk.events)
        self._next_message_id += len(sk.events)
        self.count = max(self.count, c + 1)
        self._refresh(c, sk.events, sk.initial_status)
        if len(self._skeletons) < 4096:
            self._skeletons[c] = sk

    def _refresh(self, c: int, events: list[Event], initial_status: int) -> None:
        """Recompute the derived columns of conversation ``c`` from its events."""
        cols = self.cols
        created_at = int(cols["created_at"][c])
        inbox = self.catalog.inbox(int(cols["inbox_id"][c]))
        d = derive(
            events,
            created_at=created_at,
            initial_status=initial_status,
            bot_inbox=inbox.bot_id is not None,
        )
        cols["status"][c] = d.status
        cols["last_activity_at"][c] = d.last_activity_at
        fraction = (c * 7_919 + len(events) * 104_729) % 1_000_000
        cols["updated_at_us"][c] = (
            max(d.last_activity_at, d.status_changed_at) * 1_000_000 + fraction
        )
        cols["first_reply_created_at"][c] = d.first_reply_created_at
        cols["waiting_since"][c] = d.waiting_since
        cols["assignee_kind"][c] = d.assignee_kind
        cols["assignee_id"][c] = d.assignee_id
        cols["team_id"][c] = d.team_id
        cols["participants"][c] = d.participants
        cols["mentions"][c] = d.mentions
        cols["last_incoming_at"][c] = d.last_incoming_at
        cols["snoozed_until"][c] = (
            d.status_changed_at + 86400 * (1 + c % 3) if d.status == STATUS_SNOOZED else 0
        )
        seen = d.last_agent_message_at
        if seen and c % 3:
            seen += 60 + c % 3600
        cols["agent_last_seen_at"][c] = min(seen, max(self.now, d.last_activity_at))
        contact_seen = 0
        if inbox.channel_type == "Channel::WebWidget" and d.last_incoming_at:
            contact_seen = d.last_activity_at + c % 600
        cols["contact_last_seen_at"][c] = contact_seen

    # ---- reading ------------------------------------------------------------
    def skeleton(self, c: int) -> Skeleton:
        """The generated part of conversation ``c`` (cached)."""
        with self.lock:
            sk = self._pinned.get(c) or self._skeletons.get(c)
            if sk is not None:
                if c not in self._pinned:
                    self._skeletons.move_to_end(c)
                return sk
        cols = self.cols
        sk = generate(
            c,
            created_at=int(cols["created_at"][c]),
            inbox_id=int(cols["inbox_id"][c]),
            contact_id=int(cols["contact_id"][c]),
            now=self.now,
            catalog=self.catalog,
            seed=self.seed,
        )
        with self.lock:
            self._skeletons[c] = sk
            while len(self._skeletons) > 4096:
                self._skeletons.popitem(last=False)
        return sk

    def timeline(self, display_id: int) -> list[Message]:
        """Every message of a conversation, in creation order (ties by index)."""
        c = display_id - 1
        sk = self.skeleton(c)
        base = int(self.cols["msg_base"][c])
        events = sk.events
        if _imported(c, len(events)):
            # imported history: ids were handed out in another order than time
            n = len(events)
            ids = [base + (k ^ 1 if k ^ 1 < n else k) for k in range(n)]
        else:
            ids = [base + k for k in range(len(events))]
        messages = [Message(ids[k], ev, k) for k, ev in enumerate(events)]
        overlay = self._overlay.get(c)
        if overlay:
            messages.extend(overlay)
        return messages

    def exists(self, display_id: int) -> bool:
        """Whether conversation ``display_id`` exists."""
        return 1 <= display_id <= self.count

    def assignee_user(self, c: int) -> int:
        """The user assignee id of conversation index ``c`` (0 when none or a bot)."""
        if int(self.cols["assignee_kind"][c]) == ASSIGNEE_USER:
            return int(self.cols["assignee_id"][c])
        return 0

    def assignee_bot(self, c: int) -> int:
        """The agent-bot assignee id of conversation index ``c`` (0 when none)."""
        if int(self.cols["assignee_kind"][c]) == ASSIGNEE_BOT:
            return int(self.cols["assignee_id"][c])
        return 0

    def assignee_last_seen_at(self, c: int) -> int:
        """When the user assignee of index ``c`` last looked (0 when never or no user)."""
        seen = int(self.cols["agent_last_seen_at"][c])
        return seen if self.assignee_user(c) and c % 2 == 0 else 0

    def tags(self, c: int) -> list[str]:
        """The labels of conversation index ``c``, in catalog order."""
        mask = int(self.cols["tag_mask"][c])
        titles = self.catalog.tag_titles
        return [titles[i] for i in range(len(titles)) if mask >> i & 1]

    def customer(self, c: int) -> Customer:
        """Why the customer of conversation index ``c`` writes, and in which language."""
        age = 1.0 - (self.now - int(self.cols["created_at"][c])) / YEAR
        return Customer(contact_reason(self.seed, c, age), customer_language(self.seed, c))

    def contact_reason(self, display_id: int) -> str:
        """Ground truth: the contact reason of a conversation (never served by the API).

        >>> from voxys_frames.emulator.config import EmulatorConfig
        >>> from voxys_frames.emulator.reasons import REASONS
        >>> World(EmulatorConfig(seed=3, conversations=5)).contact_reason(1) in REASONS
        True
        """
        return self.customer(display_id - 1).reason_name

    def contact_reasons(self) -> dict[int, str]:
        """Ground truth: the contact reason of every conversation, by display id."""
        return {c + 1: self.customer(c).reason_name for c in range(self.count)}

    def contact_count(self) -> int:
        """How many contacts the account has."""
        return len(self._contact_first_conv)

    def contact_home(self, contact_id: int) -> int:
        """The index of the first conversation of ``contact_id``."""
        return self._contact_first_conv[contact_id - 1]

    def unread_count(self, c: int, messages: list[Message]) -> int:
        """Incoming messages newer than the agents' last visit, capped at 10."""
        seen = int(self.cols["agent_last_seen_at"][c])
        unread = sum(1 for m in messages if m.event[1] == KIND_INCOMING and m.t > seen)
        return min(unread, 10)

    # ---- live changes -------------------------------------------------------
    def allocate_message_id(self) -> int:
        """A new, never used message id."""
        mid = self._next_message_id
        self._next_message_id += 1
        return mid

    def append_event(self, display_id: int, event: Event) -> Message:
        """Add a live event to a conversation and update its columns."""
        c = display_id - 1
        with self.lock:
            messages = self.timeline(display_id)
            message = Message(self.allocate_message_id(), event, len(messages))
            self._overlay.setdefault(c, []).append(message)
            messages.append(message)
            self.cols["n_messages"][c] = len(messages)
            sk = self.skeleton(c)
            self._refresh(c, [m.event for m in messages], sk.initial_status)
            self.version += 1
        return message

    def add_conversation(self, created_at: int) -> int:
        """Create a new conversation at ``created_at``; returns its display id."""
        with self.lock:
            c = self.count
            self._grow(c + 1)
            inbox_id = 1 + c % len(self.catalog.inboxes)
            contact_id = 1 + (c * 31) % max(1, self.contact_count())
            self._add_generated(c, created_at, inbox_id, contact_id, live=True)
            self.version += 1
        return c + 1


def _imported(c: int, n: int) -> bool:
    """Whether conversation index ``c`` has an imported history (ids out of time order)."""
    return n > 2 and c % 97 == 5
