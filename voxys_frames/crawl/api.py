"""``fetch(...)``: crawl a whole account into a new snapshot, from Python or a notebook.

Examples
--------
>>> import tempfile
>>> from voxys_frames.emulator import Emulator, EmulatorConfig
>>> emulator = Emulator(EmulatorConfig(seed=3, conversations=40, token="t0ken-for-docs"))
>>> result = fetch("http://localhost", 1, "t0ken-for-docs", tempfile.mkdtemp(), quiet=True,
...                transport=emulator.transport(), rate_limit=None)
>>> result.frames.conversations.height, result.summary.discrepancies
(40, [])
>>> result.lazy().messages.select("conversation_id").unique().collect().height <= 40
True
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import httpx

from voxys_frames.api.client import ApiClient
from voxys_frames.api.params import AssigneeType, ConversationStatus, ConversationType
from voxys_frames.api.ratelimit import DEFAULT_REQUESTS_PER_MINUTE, RateLimiter
from voxys_frames.api.retry import RetryPolicy
from voxys_frames.archive import RawStore
from voxys_frames.crawl.assemble import CONVERSATION_SCOPED, assemble
from voxys_frames.crawl.engine import DEFAULT_CONCURRENCY, Crawler
from voxys_frames.crawl.journal import Journal, workdir_of
from voxys_frames.crawl.options import CrawlOptions, MessagesMode
from voxys_frames.crawl.progress import Progress
from voxys_frames.crawl.tally import CrawlSummary
from voxys_frames.defaults import DEFAULT_OUT
from voxys_frames.exceptions import ApiError, ConfigurationError, SnapshotNotFoundError
from voxys_frames.snapshot import LazyFrames, list_snapshots, load_snapshot, read_manifest
from voxys_frames.snapshot.manifest import source_of
from voxys_frames.tables.frames import Frames

__all__ = ["DEFAULT_OUT", "FetchResult", "fetch"]

logger = logging.getLogger("voxys_frames.crawl")

UpdatedSince = datetime | int | timedelta | Literal["previous"]


@dataclass(frozen=True)
class FetchResult:
    """The snapshot a crawl wrote, and what the crawl checked.

    ``frames`` loads every table into memory on first use; ``lazy()`` scans them
    (for large accounts). ``raw_path`` is the raw archive with ``keep_raw``.

    Examples
    --------
    >>> import tempfile
    >>> from voxys_frames import fetch
    >>> from voxys_frames.emulator import Emulator, EmulatorConfig
    >>> emulator = Emulator(EmulatorConfig(seed=3, conversations=20, token="t0ken-for-docs"))
    >>> result = fetch("http://localhost", 1, "t0ken-for-docs", tempfile.mkdtemp(),
    ...                transport=emulator.transport(), rate_limit=None, quiet=True)
    >>> result.path.parent.name == "" or result.path.is_dir()
    True
    >>> result.lazy().messages.select("conversation_id").unique().collect().height
    20
    """

    path: Path
    summary: CrawlSummary
    raw_path: Path | None = None
    resumed: bool = field(default=False)

    @cached_property
    def frames(self) -> Frames:
        """Every table of the snapshot, eager."""
        return load_snapshot(self.path)

    def lazy(self) -> LazyFrames:
        """Every table of the snapshot as a LazyFrame."""
        return load_snapshot(self.path, lazy=True)


def _crawl(
    client: ApiClient,
    options: CrawlOptions,
    journal: Journal,
    *,
    raw: RawStore | None,
    quiet: bool,
    concurrency: int,
    checkpoint_seconds: float,
    incremental: bool,
) -> tuple[dict[str, Any], CrawlSummary, set[int]]:
    """Run the crawl into ``journal``: its plan, its summary, the conversations it read
    (for an ``incremental`` run, whose previous rows give way).

    The crawler and its tally (every unit done, every conversation listed: they grow
    with the account) are dropped on return, before the snapshot is assembled, so their
    memory is not held on top of the assembly's.
    """
    progress = Progress(quiet=quiet, messages=options.messages == "full")
    crawler = Crawler(
        client,
        options,
        journal,
        progress=progress,
        concurrency=concurrency,
        raw=raw,
        checkpoint_seconds=checkpoint_seconds,
    )
    try:
        tally = crawler.run()
    except ApiError as exc:
        hint = "; what was read is saved: run again with resume=True (--resume) to continue"
        raise type(exc)(
            f"{exc}{hint}",
            method=exc.method,
            url=exc.url,
            status_code=exc.status_code,
            attempts=exc.attempts,
        ) from exc
    finally:
        progress.close()
    plan = crawler.plan
    summary = tally.summary(
        reported=plan.get("reported"),
        highest_at_start=plan.get("highest"),
        complete_listing=options.complete_listing,
    )
    return plan, summary, set(tally.conversations) if incremental else set()


def fetch(
    base_url: str | None = None,
    account_id: int | str | None = None,
    token: str | None = None,
    out: str | Path = DEFAULT_OUT,
    *,
    status: ConversationStatus = "all",
    assignee_type: AssigneeType | None = None,
    inbox_id: int | None = None,
    team_id: int | None = None,
    labels: str | Sequence[str] | None = None,
    conversation_type: ConversationType | None = None,
    source_id: str | None = None,
    q: str | None = None,
    messages: MessagesMode = "full",
    updated_since: UpdatedSince | None = None,
    previous: str | Path | None = None,
    reporting_events: bool = False,
    csat_and_slas: bool = True,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate_limit: float | RateLimiter | None = DEFAULT_REQUESTS_PER_MINUTE,
    resume: bool = False,
    keep_raw: bool | str | Path = False,
    quiet: bool = False,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
    allow_insecure_http: bool = False,
    checkpoint_seconds: float = 5.0,
    echo: Callable[[str], None] = print,
) -> FetchResult:
    """Crawl every conversation of an account, with its full message history, into a snapshot.

    Credentials default to ``VOXYS_BASE_URL``, ``VOXYS_ACCOUNT_ID`` and
    ``VOXYS_API_TOKEN``; with neither ``base_url`` nor ``VOXYS_BASE_URL`` the hosted
    Voxys API (``https://connect.voxys.ai``) is read. The filters are the list endpoint's. ``messages="latest"``
    keeps only the latest message each conversation shows (no history requests).
    ``updated_since`` (an aware datetime, epoch seconds, a timedelta back from now, or
    ``"previous"`` for the start of the previous crawl) reads only the conversations
    updated since and merges them into the previous snapshot of this account in
    ``out`` (or ``previous``). The account's custom attribute definitions are read,
    and, unless ``csat_and_slas=False``, its CSAT responses and applied SLAs; a server
    that does not serve one of them (404, or 401/403 for the token) leaves its table
    empty and names it in ``summary.unavailable``: that is not a discrepancy. ``concurrency`` requests go at once, within
    ``rate_limit`` requests a minute. ``resume`` continues an interrupted crawl with the
    same options; ``keep_raw`` keeps every body (gzipped) in ``OUT/raw/<snapshot>/`` or
    the directory given. Unless ``quiet``, progress bars show and ``echo`` prints the
    summary.

    Examples
    --------
    Every table of an emulated account (in-process: no server, no rate limit needed):

    >>> import tempfile
    >>> from voxys_frames import fetch
    >>> from voxys_frames.emulator import Emulator, EmulatorConfig
    >>> emulator = Emulator(EmulatorConfig(seed=3, conversations=20, token="t0ken-for-docs"))
    >>> result = fetch("http://localhost", 1, "t0ken-for-docs", tempfile.mkdtemp(),
    ...                transport=emulator.transport(), rate_limit=None, quiet=True)
    >>> result.frames.conversations.height, result.summary.discrepancies
    (20, [])
    """
    if concurrency < 1:
        msg = f"concurrency must be >= 1, got {concurrency}"
        raise ConfigurationError(msg)
    client = ApiClient(
        base_url,
        account_id,
        token,
        transport=transport,
        rate_limit=rate_limit,
        retry=retry,
        max_connections=concurrency,
        allow_insecure_http=allow_insecure_http,
    )
    with client:
        host = source_of(client.base_url, account_id=client.account_id)["host"]
        filters = {
            "assignee_type": assignee_type,
            "inbox_id": inbox_id,
            "team_id": team_id,
            "labels": list(labels) if isinstance(labels, list | tuple) else labels,
            "conversation_type": conversation_type,
            "source_id": source_id,
            "q": q,
        }
        base = None
        since = None
        if updated_since is not None:
            base = _previous_snapshot(out, previous, host, client.account_id)
            since = _since(updated_since, base)
        options = CrawlOptions(
            status=status,
            filters=filters,
            messages=messages,
            updated_since=since,
            reporting_events=reporting_events,
            csat_and_slas=csat_and_slas,
        )
        fingerprint = options.fingerprint(host, client.account_id)
        interrupted = (workdir_of(out, fingerprint) / "state.json").is_file()
        if interrupted and not resume:
            logger.warning("discarding an interrupted crawl in %s", workdir_of(out, fingerprint))
        journal = Journal.open(out, fingerprint, resume=resume)
        raw = RawStore(journal.raw_dir) if keep_raw else None
        plan, summary, replaced = _crawl(
            client,
            options,
            journal,
            raw=raw,
            quiet=quiet,
            concurrency=concurrency,
            checkpoint_seconds=checkpoint_seconds,
            incremental=base is not None,
        )
    started = datetime.fromtimestamp(plan["started_at"], UTC)
    crawl = {
        **options.describe(),
        "started_at": started.isoformat(),
        "started_at_epoch": plan["started_at"],
        "resumed": journal.resumed,
        "concurrency": concurrency,
        "previous_snapshot": base.name if base is not None else None,
    }
    scoped = CONVERSATION_SCOPED if options.messages == "full" else frozenset({"sla_events"})
    path = assemble(
        journal,
        out,
        base_url=client.base_url,
        account_id=client.account_id,
        crawl=crawl,
        checks={"crawl": summary.to_dict(), "discrepancies": summary.discrepancies},
        previous=base,
        replaced=replaced,
        scoped=scoped,
    )
    raw_path = None
    if raw is not None:
        raw.finish(  # the tally's redacted keys cover the bodies of a resumed crawl's first run
            {
                "base_url": client.base_url,
                "account_id": client.account_id,
                "crawl": crawl,
                "redacted_keys": summary.redacted_keys,
            }
        )
        target = Path(out) / "raw" / path.name if isinstance(keep_raw, bool) else Path(keep_raw)
        raw_path = raw.move_to(target)
    journal.remove()
    if not quiet:
        for line in summary.lines():
            echo(line)
        if raw_path is not None:
            echo(f"raw archive: {raw_path}")
    return FetchResult(path, summary, raw_path, resumed=journal.resumed)


def _previous_snapshot(
    out: str | Path, previous: str | Path | None, host: str | None, account_id: int
) -> Path:
    if previous is not None:
        read_manifest(previous)
        return Path(previous)
    for path in reversed(list_snapshots(Path(out))):
        source = read_manifest(path).get("source") or {}
        if source.get("host") == host and source.get("account_id") == account_id:
            return path
    msg = f"updated_since needs a previous snapshot of account {account_id} on {host} in {out}"
    raise SnapshotNotFoundError(msg)


def _since(value: UpdatedSince, previous: Path) -> int:
    """Epoch seconds of ``updated_since``."""
    if value == "previous":
        crawl: dict[str, Any] = read_manifest(previous).get("crawl") or {}
        started = crawl.get("started_at_epoch")
        if not isinstance(started, int | float):
            msg = f"{previous}: its manifest does not say when its crawl started"
            raise ConfigurationError(msg)
        return int(started)
    if isinstance(value, timedelta):
        return int((datetime.now(UTC) - value).timestamp())
    if isinstance(value, datetime):
        if value.tzinfo is None:
            msg = f"updated_since must be timezone-aware, got {value!r}"
            raise ConfigurationError(msg)
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"updated_since must be a datetime, epoch seconds, a timedelta or 'previous', got {value!r}"
        raise ConfigurationError(msg)
    return value
