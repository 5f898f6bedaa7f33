"""Completeness over a moving list: what the crawl found against what the server said.

:class:`Tally` folds the journal records of the units (so a resumed crawl counts what
was read before the interruption too) and :meth:`Tally.summary` checks the result:

* the meta count read at the start against the conversations found that existed then
  (display id at most the highest one read at the start);
* with a whole-account crawl, every display id up to that highest one is accounted for:
  listed, read on its own, or answered 404 (deleted);
* every message history reaches the latest message the list showed.

An endpoint the server does not serve (a 404, 401 or 403 on its first request: CSAT
responses, applied SLAs or custom attribute definitions on a community edition, an older
version or an agent's token) is listed in :attr:`CrawlSummary.unavailable`, with the
server's answer; its tables stay empty and it is no discrepancy. (Reporting events,
asked for explicitly, are both: listed there and a discrepancy.)

Each discrepancy becomes one line of :attr:`CrawlSummary.discrepancies`, which goes
into the manifest's completeness findings and the printed summary.

Examples
--------
>>> tally = Tally()
>>> _ = tally.apply({"unit": "list:1", "conversations": [[1, 10], [3, None]], "meta": {"all_count": 3}})
>>> _ = tally.apply({"unit": "show:2", "deleted": True})
>>> _ = tally.apply({"unit": "history:1", "messages": 4, "gap": {"listed_latest": 10, "read_latest": 9}})
>>> summary = tally.summary(reported=3, highest_at_start=3, complete_listing=True)
>>> summary.conversations_found, summary.deleted
(2, [2])
>>> summary.discrepancies
['conversation 1: its history ends at message 9, but the list showed message 10']
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Final

from voxys_frames.crawl.units import OPTIONAL_ENDPOINTS
from voxys_frames.crawl.unitsets import DoneUnits, ListedConversations

__all__ = ["CrawlSummary", "Tally"]

_SHOWN: Final = 5


@dataclass
class CrawlSummary:
    """The crawl's own completeness checks (also stored in the manifest).

    Examples
    --------
    >>> import tempfile
    >>> from voxys_frames import fetch
    >>> from voxys_frames.emulator import Emulator, EmulatorConfig
    >>> emulator = Emulator(EmulatorConfig(seed=3, conversations=20, token="t0ken-for-docs"))
    >>> summary = fetch("http://localhost", 1, "t0ken-for-docs", tempfile.mkdtemp(),
    ...                 transport=emulator.transport(), rate_limit=None, quiet=True).summary
    >>> summary.conversations_found, summary.conversations_reported, summary.discrepancies
    (20, 20, [])
    >>> summary.lines()[0]
    'conversations: 20 found (20 reported at the start)'
    """

    strategy: str
    conversations_reported: int | None
    highest_display_id_at_start: int | None
    conversations_found: int
    found_by_gap_fill: int
    added_during_crawl: int
    deleted: list[int]
    not_visible: list[int]
    histories_read: int
    messages_read: int
    histories_read_twice: int
    deleted_during_crawl: list[int]
    continuity_gaps: list[dict[str, Any]]
    redacted_keys: list[str] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)
    discrepancies: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        return asdict(self)

    def lines(self) -> list[str]:
        """A short human-readable summary."""
        found = f"conversations: {self.conversations_found} found"
        if self.conversations_reported is not None:
            found += f" ({self.conversations_reported} reported at the start)"
        lines = [found]
        details = [
            (self.found_by_gap_fill, "found by display id only"),
            (self.added_during_crawl, "created during the crawl"),
            (len(self.deleted), "deleted (404)"),
            (len(self.not_visible), "not visible to this token"),
        ]
        extra = ", ".join(f"{count} {what}" for count, what in details if count)
        if extra:
            lines.append(f"  {extra}")
        if self.histories_read:
            lines.append(
                f"messages: {self.messages_read} in {self.histories_read} histories"
                f" ({self.histories_read_twice} read twice)"
            )
        if self.redacted_keys:
            lines.append(
                f"secrets: the values of {len(self.redacted_keys)} keys were never kept"
                " (their names are in the manifest)"
            )
        if self.unavailable:
            lines.append(
                f"not served by this server: {', '.join(sorted(self.unavailable))}"
                " (their tables are empty; the answers are in the manifest)"
            )
        if not self.discrepancies:
            lines.append("completeness: every check passed")
        else:
            lines.append(f"completeness: {len(self.discrepancies)} discrepancies")
            lines.extend(f"  {line}" for line in self.discrepancies[:_SHOWN])
            if len(self.discrepancies) > _SHOWN:
                lines.append(f"  ... {len(self.discrepancies) - _SHOWN} more in the manifest")
        return lines


class Tally:
    """The facts of every unit done so far."""

    def __init__(self) -> None:
        self.done = DoneUnits()
        self.conversations = ListedConversations()
        self.by_gap_fill = 0
        self.deleted: list[int] = []
        self.not_visible: list[int] = []
        self.histories = 0
        self.messages = 0
        self.read_twice = 0
        self.deleted_during_crawl: list[int] = []
        self.gaps: list[dict[str, Any]] = []
        self.unavailable: list[str] = []
        self.unavailable_endpoints: dict[str, str] = {}
        self.csat_pages: dict[int, int] = {}
        self.slas_pages: int | None = None
        self.redacted: set[str] = set()
        self.empty_list_pages: set[int] = set()
        self.events_pages: int | None = None

    def apply(self, record: dict[str, Any]) -> list[tuple[int, int | None]]:
        """Count one unit's record; return the conversations it listed for the first time."""
        key: str = record["unit"]
        self.done.add(key)
        kind, _, number = key.partition(":")
        fresh = []
        self.redacted.update(record.get("redacted", ()))
        for display_id, latest in record.get("conversations", []):
            if display_id not in self.conversations:
                fresh.append((display_id, latest))
                self.conversations[display_id] = latest
        if kind == "list" and not record.get("conversations"):
            self.empty_list_pages.add(int(number))
        if kind == "show":
            self.by_gap_fill += len(fresh)
            if record.get("deleted"):
                self.deleted.append(int(number))
            if record.get("not_visible"):
                self.not_visible.append(int(number))
        elif kind == "history":
            self._history(int(number), record)
        elif kind == "events":
            if "total_pages" in record:
                self.events_pages = int(record["total_pages"])
            if "unavailable" in record:
                self.unavailable.append(f"reporting events unavailable: {record['unavailable']}")
        elif kind == "csat":
            self.csat_pages[int(number)] = int(record.get("rows", 0))
        elif kind == "slas" and "total_pages" in record:
            self.slas_pages = int(record["total_pages"])
        if "unavailable" in record and kind in OPTIONAL_ENDPOINTS:
            self.unavailable_endpoints[OPTIONAL_ENDPOINTS[kind]] = str(record["unavailable"])
        return fresh

    def next_csat_page(self) -> int | None:
        """The CSAT page to read next: 1 at first, then the one after the last page read,
        until a page comes back empty (or the endpoint is not served).

        >>> tally = Tally()
        >>> tally.next_csat_page()
        1
        >>> _ = tally.apply({"unit": "csat:1", "rows": 25})
        >>> tally.next_csat_page()
        2
        >>> _ = tally.apply({"unit": "csat:2", "rows": 0})
        >>> tally.next_csat_page() is None
        True
        """
        if not self.csat_pages:
            return 1
        last = max(self.csat_pages)
        return last + 1 if self.csat_pages[last] else None

    def _history(self, conversation_id: int, record: dict[str, Any]) -> None:
        if record.get("deleted"):
            self.deleted_during_crawl.append(conversation_id)
            return
        self.histories += 1
        self.messages += int(record.get("messages", 0))
        self.read_twice += bool(record.get("refetched"))
        if "gap" in record:
            self.gaps.append({"conversation_id": conversation_id, **record["gap"]})

    def summary(
        self, *, reported: int | None, highest_at_start: int | None, complete_listing: bool
    ) -> CrawlSummary:
        """Check the tally against the counts of the start; list every discrepancy."""
        ids = self.conversations
        existing = sum(1 for i in ids if highest_at_start is None or i <= highest_at_start)
        summary = CrawlSummary(
            strategy=(
                "list sorted created_at_asc, then every missing display id read on its own"
                if complete_listing
                else "list sorted created_at_asc (filtered: display-id gaps are expected)"
            ),
            conversations_reported=reported,
            highest_display_id_at_start=highest_at_start,
            conversations_found=len(ids),
            found_by_gap_fill=self.by_gap_fill,
            added_during_crawl=len(ids) - existing,
            deleted=sorted(self.deleted),
            not_visible=sorted(self.not_visible),
            histories_read=self.histories,
            messages_read=self.messages,
            histories_read_twice=self.read_twice,
            deleted_during_crawl=sorted(self.deleted_during_crawl),
            continuity_gaps=sorted(self.gaps, key=lambda gap: gap["conversation_id"]),
            redacted_keys=sorted(self.redacted),
            unavailable=dict(sorted(self.unavailable_endpoints.items())),
        )
        summary.discrepancies = self._discrepancies(summary, existing, complete_listing)
        return summary

    def _discrepancies(
        self, summary: CrawlSummary, existing: int, complete_listing: bool
    ) -> list[str]:
        found: list[str] = []
        reported = summary.conversations_reported
        gone = len(summary.deleted) + len(summary.not_visible)
        if reported is not None and existing + gone < reported:
            why = "" if complete_listing else " (the filter's matches may have changed meanwhile)"
            found.append(
                f"the list reported {reported} conversations at the start; {existing} of"
                f" them were found and {gone} deleted or hidden{why}"
            )
        highest = summary.highest_display_id_at_start
        if complete_listing and highest is not None:
            gone_ids = {*summary.deleted, *summary.not_visible}
            missing = [
                i
                for i in range(1, highest + 1)
                if i not in self.conversations and i not in gone_ids
            ]
            if missing:
                shown = ", ".join(map(str, missing[:10]))
                found.append(f"{len(missing)} display ids up to {highest} unaccounted for: {shown}")
        found.extend(
            f"conversation {gap['conversation_id']}: its history ends at message"
            f" {gap['read_latest']}, but the list showed message {gap['listed_latest']}"
            for gap in summary.continuity_gaps
        )
        found.extend(self.unavailable)
        return found
