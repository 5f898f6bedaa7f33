"""The crawl loop: a thread pool runs units, this thread converts, checkpoints and plans.

The plan is read once at the start and kept in the journal: the list's meta count (so
the number of list pages) and, for a whole-account crawl, the highest display id that
existed then (page 1 sorted newest first). Then every unit not yet in the journal
runs: the list pages, the reference tables, a history for every conversation as soon as
a page lists it, and, once the listing is done, every display id up to that highest
one that no page listed (read on its own; 404 means deleted). Offset paging over ties
and live changes can skip a conversation; the display-id pass cannot.

Workers only do I/O (the client's page methods); this thread converts the bodies in
batches (:mod:`voxys_frames.convert.batch`) and every ``checkpoint_seconds`` spools the
rows and the finished units to the journal, so an interruption loses at most that.

Examples
--------
>>> from voxys_frames.emulator import Emulator, EmulatorConfig
>>> from voxys_frames.api.client import ApiClient
>>> import tempfile
>>> emulator = Emulator(EmulatorConfig(seed=3, conversations=30, token="t", rate_limit=0))
>>> client = ApiClient("http://localhost", 1, "t", transport=emulator.transport(), rate_limit=None)
>>> journal = Journal.open(tempfile.mkdtemp(), "doc", resume=False)
>>> crawler = Crawler(client, CrawlOptions(), journal, progress=Progress(quiet=True))
>>> tally = crawler.run()
>>> len(tally.conversations), tally.histories
(30, 30)
>>> client.close()
"""

from __future__ import annotations

import contextlib
import math
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Final

from voxys_frames.api.client import ApiClient
from voxys_frames.api.pagination import count_for, pages_needed
from voxys_frames.archive import RawStore
from voxys_frames.convert.batch import convert
from voxys_frames.convert.bodies import Body
from voxys_frames.convert.builder import TableBuffers
from voxys_frames.crawl.journal import Journal
from voxys_frames.crawl.options import CrawlOptions
from voxys_frames.crawl.progress import Progress
from voxys_frames.crawl.tally import Tally
from voxys_frames.crawl.units import REFERENCE_UNITS, Outcome, Unit, UnitRunner
from voxys_frames.crawl.unitsets import UnitQueue
from voxys_frames.defaults import DEFAULT_CONCURRENCY

__all__ = ["DEFAULT_CONCURRENCY", "Crawler"]

#: Extra seconds on an incremental window, for clock skew between client and server.
UPDATED_MARGIN: Final = 300
_BATCH_BODIES: Final = 256
_SPOOL_ROWS: Final = 200_000


class Crawler:
    """One crawl of one account into a journal (see the module docstring)."""

    def __init__(
        self,
        client: ApiClient,
        options: CrawlOptions,
        journal: Journal,
        *,
        progress: Progress,
        concurrency: int = DEFAULT_CONCURRENCY,
        raw: RawStore | None = None,
        checkpoint_seconds: float = 5.0,
    ) -> None:
        self.client = client
        self.options = options
        self.journal = journal
        self.progress = progress
        self.concurrency = concurrency
        self.raw = raw
        self.checkpoint_seconds = checkpoint_seconds
        self.tally = Tally()
        self.plan: dict[str, Any] = {}
        self.runner = UnitRunner(client, options, raw=raw)
        self._pending = UnitQueue()
        self._listing: set[str] = set()
        self._list_keys: set[str] = set()
        self._gap_fill_planned = False
        self._started = False
        self._bodies: list[Body] = []
        self._records: list[dict[str, Any]] = []
        self._buffers = TableBuffers()
        self._last_checkpoint = time.monotonic()

    @property
    def full(self) -> bool:
        """Whether message histories are read."""
        return self.options.messages == "full"

    def run(self) -> Tally:
        """Crawl until every unit is done; returns the tally of the whole crawl."""
        for record in self.journal.take_units():
            self.tally.apply(record)
        probes = [] if self.journal.plan is not None else self._make_plan()
        self.plan = dict(self.journal.plan or {})
        self.runner.updated_within = self.plan.get("updated_within")
        self._replay_progress()
        for outcome in probes:
            self._absorb(outcome)
        self._schedule_start()
        self._loop()
        self._checkpoint()
        return self.tally

    # -- planning ---------------------------------------------------------------------

    def _make_plan(self) -> list[Outcome]:
        started = time.time()
        plan: dict[str, Any] = {"started_at": started, "reported": None, "highest": None}
        probes: list[Outcome] = []
        since = self.options.updated_since
        if since is not None:
            plan["updated_within"] = max(1, math.ceil(started - since)) + UPDATED_MARGIN
        else:
            first = self.runner.run(Unit("list", 1))
            probes.append(first)
            reported = count_for(first.record.get("meta", {}), self.options.assignee_type)
            plan["reported"] = reported
            plan["pages"] = pages_needed(reported) if reported is not None else None
            if self.options.complete_listing:
                newest = self.runner.run(Unit("newest"))
                probes.append(newest)
                ids = [cid for outcome in probes for cid, _ in outcome.conversations]
                plan["highest"] = max(ids, default=0)
        self.journal.save_plan(plan)
        return probes

    def _schedule_start(self) -> None:
        plan = self.plan
        units = [Unit(kind) for kind in REFERENCE_UNITS]
        units.append(Unit("attribute_definitions"))
        if self.options.reporting_events:
            units.append(Unit("events", 1))
            units.extend(Unit("events", n) for n in range(2, (self.tally.events_pages or 1) + 1))
        if self.options.csat_and_slas:
            csat = self.tally.next_csat_page()
            if csat is not None:
                units.append(Unit("csat", csat))
            units.append(Unit("slas", 1))
            units.extend(Unit("slas", n) for n in range(2, (self.tally.slas_pages or 1) + 1))
        if "updated_within" in plan:
            listing = [Unit("updated")]
        else:
            pages = plan.get("pages")
            last = max(pages or 1, 1)
            listing = [Unit("list", n) for n in range(1, last + 1)]
            listing.extend(unit for unit in self._next_pages() if unit.number > last)
            if self.options.complete_listing:
                listing.append(Unit("newest"))
        self._listing = {unit.key for unit in listing if unit.key not in self.tally.done}
        self._list_keys = {unit.key for unit in listing if unit.kind == "list"}
        units.extend(listing)
        if self.full:
            scheduled = {unit.key for unit in self._pending}
            units.extend(
                Unit("history", cid)
                for cid in self.tally.conversations
                if f"history:{cid}" not in scheduled
            )
        self._pending.extend(unit for unit in units if unit.key not in self.tally.done)
        self._started = True
        self._plan_gap_fill()

    def _page_on(self, number: int) -> None:
        """Read list page ``number`` too, unless it is read or planned already.

        The list is read until a page comes back empty, whatever the count said and
        whatever the server's page size: a server (or a fork) with pages shorter than
        25, or a count that grew, would otherwise end the listing early. Pages read
        before the start (the plan's probe) are followed by :meth:`_next_pages`.
        """
        key = f"list:{number}"
        if not self._started or key in self.tally.done or key in self._list_keys:
            return
        self._pending.append(Unit("list", number))
        self._listing.add(key)
        self._list_keys.add(key)

    def _next_pages(self) -> list[Unit]:
        numbers = self.tally.done.numbers("list")
        if not numbers or numbers[-1] in self.tally.empty_list_pages:
            return []
        return [Unit("list", numbers[-1] + 1)]

    def _plan_gap_fill(self) -> None:
        if not self._started or self._listing or self._gap_fill_planned:
            return
        if not self.options.complete_listing:
            return
        self._gap_fill_planned = True
        highest = self.plan.get("highest") or 0
        known = self.tally.conversations
        self._pending.extend(
            Unit("show", cid)
            for cid in range(1, highest + 1)
            if cid not in known and f"show:{cid}" not in self.tally.done
        )

    def _replay_progress(self) -> None:
        self.progress.expect(self.plan.get("reported"))
        done = self.tally.histories + len(self.tally.deleted_during_crawl)
        if not self.full:
            done = len(self.tally.conversations)
        if done:
            self.progress.conversation_done(count=done, messages=self.tally.messages)

    # -- the loop ---------------------------------------------------------------------

    def _loop(self) -> None:
        pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="voxys-crawl")
        in_flight: dict[Future[Outcome], Unit] = {}
        try:
            while self._pending or in_flight:
                while self._pending and len(in_flight) < 2 * self.concurrency:
                    unit = self._pending.popleft()
                    latest = self.tally.conversations.get(unit.number)
                    in_flight[pool.submit(self.runner.run, unit, latest)] = unit
                wait_for = max(0.05, self.checkpoint_seconds - self._since_checkpoint())
                done, _ = wait(list(in_flight), timeout=wait_for, return_when=FIRST_COMPLETED)
                for future in done:
                    del in_flight[future]
                    self._absorb(future.result())
                if self._since_checkpoint() >= self.checkpoint_seconds or self._spool_full():
                    self._checkpoint()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            self._save_progress()
            raise
        pool.shutdown(wait=True)

    def _save_progress(self) -> None:
        """Checkpoint what is done after a failure; never hides the failure itself."""
        with contextlib.suppress(Exception):  # the original error matters more
            self._checkpoint()

    def _absorb(self, outcome: Outcome) -> None:
        unit = outcome.unit
        self._records.append(outcome.record)
        fresh = self.tally.apply(outcome.record)
        self._bodies.extend(outcome.bodies)
        if len(self._bodies) >= _BATCH_BODIES:
            self._convert()
        if self.full:
            self._pending.extend(Unit("history", cid) for cid, _ in fresh)
        elif fresh:
            self.progress.conversation_done(count=len(fresh))
        if unit.kind == "history":
            self.progress.conversation_done(messages=int(outcome.record.get("messages", 0)))
        elif unit.kind in ("events", "slas") and unit.number == 1:
            total = int(outcome.record.get("total_pages", 1))
            self._pending.extend(Unit(unit.kind, n) for n in range(2, total + 1))
        elif unit.kind == "csat":
            following = self.tally.next_csat_page()
            if following is not None and f"csat:{following}" not in self.tally.done:
                self._pending.append(Unit("csat", following))
        elif unit.kind == "list" and outcome.conversations:
            self._page_on(unit.number + 1)
        self._listing.discard(unit.key)
        self._plan_gap_fill()

    # -- rows and checkpoints ---------------------------------------------------------

    def _convert(self) -> None:
        if self._bodies:
            self._buffers.add(convert(self._bodies, account_id=self.client.account_id).tables)
            self._bodies = []

    def _spool_full(self) -> bool:
        return len(self._bodies) + sum(rows for _, rows in self._buffers.items()) >= _SPOOL_ROWS

    def _since_checkpoint(self) -> float:
        return time.monotonic() - self._last_checkpoint

    def _checkpoint(self) -> None:
        self._convert()
        if self._records:
            tables = {
                name: self._buffers.take(name, rechunk=False)
                for name, rows in self._buffers.items()
                if rows
            }
            self.journal.checkpoint(tables, self._records)
            self._records = []
        self._last_checkpoint = time.monotonic()
