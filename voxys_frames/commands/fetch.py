"""``voxys-frames fetch``: crawl an account into a new snapshot.

Example::

    VOXYS_API_TOKEN=... voxys-frames fetch --base-url https://chat.example.com --account-id 1 --out data/snapshots
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any, get_args

from voxys_frames.api.params import AssigneeType, ConversationStatus, ConversationType
from voxys_frames.defaults import (
    DEFAULT_BASE_URL,
    DEFAULT_CONCURRENCY,
    DEFAULT_OUT,
    DEFAULT_REQUESTS_PER_MINUTE,
)
from voxys_frames.exceptions import ConfigurationError

EPILOG = f"""\
The token is read from VOXYS_API_TOKEN only (an argument would show in process lists);
--base-url and --account-id default to VOXYS_BASE_URL and VOXYS_ACCOUNT_ID; with
neither --base-url nor VOXYS_BASE_URL, the hosted Voxys API ({DEFAULT_BASE_URL}).
A self-hosted server is --base-url https://chat.example.com; the emulator is the
base_url that `voxys-frames emulator` prints.

Progress goes to stderr; stdout ends with the path of the new snapshot (its last line).
An interrupted crawl (Ctrl-C, kill, lost network) continues with the same options
plus --resume, and gives the same snapshot as an uninterrupted one.

examples:
  voxys-frames fetch --base-url https://chat.example.com --account-id 1 --out {DEFAULT_OUT}
  voxys-frames fetch --base-url URL --account-id 1 --out DIR --resume
  voxys-frames fetch --base-url URL --account-id 1 --out DIR --updated-since previous
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fetch`` command."""
    parser = subparsers.add_parser(
        "fetch",
        help="crawl every conversation and message of an account into a snapshot",
        description="Crawl an account (every conversation, full histories) into a new snapshot.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--base-url", help=f"server address (default: $VOXYS_BASE_URL, else {DEFAULT_BASE_URL})"
    )
    parser.add_argument("--account-id", help="account id (default: $VOXYS_ACCOUNT_ID)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="directory of snapshots"
    )
    filters = parser.add_argument_group("filters (those of the conversations list)")
    filters.add_argument("--status", default="all", choices=get_args(ConversationStatus))
    filters.add_argument("--assignee-type", choices=get_args(AssigneeType))
    filters.add_argument("--inbox-id", type=int)
    filters.add_argument("--team-id", type=int)
    filters.add_argument("--label", action="append", dest="labels", metavar="LABEL")
    filters.add_argument("--conversation-type", choices=get_args(ConversationType))
    filters.add_argument("--source-id")
    what = parser.add_argument_group("what to read")
    what.add_argument(
        "--messages",
        default="full",
        choices=("full", "latest"),
        help="full histories (default) or only each conversation's latest message",
    )
    what.add_argument(
        "--updated-since",
        metavar="WHEN",
        help="only conversations updated since WHEN (ISO time with zone, epoch seconds, or"
        " 'previous'), merged into the previous snapshot",
    )
    what.add_argument("--reporting-events", action="store_true", help="read reporting events too")
    what.add_argument(
        "--no-csat-and-slas",
        dest="csat_and_slas",
        action="store_false",
        help="do not read CSAT responses and applied SLAs (read by default where served)",
    )
    how = parser.add_argument_group("how")
    how.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
    how.add_argument(
        "--rate-limit",
        type=float,
        default=DEFAULT_REQUESTS_PER_MINUTE,
        metavar="PER_MINUTE",
        help="requests per minute (0: no limit)",
    )
    how.add_argument("--resume", action="store_true", help="continue an interrupted crawl")
    how.add_argument(
        "--keep-raw",
        nargs="?",
        const=True,
        default=False,
        metavar="DIR",
        help="keep every response body, gzipped (default DIR: OUT/raw/<snapshot>)",
    )
    how.add_argument("--checkpoint-seconds", type=float, default=5.0, help=argparse.SUPPRESS)
    how.add_argument("--allow-insecure-http", action="store_true", help=argparse.SUPPRESS)
    how.add_argument("--quiet", action="store_true", help="no progress bars, no summary")
    parser.set_defaults(handler=run)


def updated_since(value: str | None) -> Any:
    """The ``--updated-since`` value as :func:`~voxys_frames.crawl.fetch` takes it.

    >>> updated_since("previous"), updated_since("1700000000")
    ('previous', 1700000000)
    >>> updated_since("2026-11-01T00:00:00+00:00").year
    2026
    """
    if value is None or value == "previous":
        return value
    if value.isdigit():
        return int(value)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        msg = f"--updated-since {value!r}: expected an ISO time with a zone, epoch seconds or 'previous'"
        raise ConfigurationError(msg) from None


def run(args: argparse.Namespace) -> int:
    """Crawl, print the summary, and print the snapshot path last."""
    from voxys_frames.crawl import fetch

    result = fetch(
        args.base_url,
        args.account_id,
        None,
        args.out,
        status=args.status,
        assignee_type=args.assignee_type,
        inbox_id=args.inbox_id,
        team_id=args.team_id,
        labels=args.labels,
        conversation_type=args.conversation_type,
        source_id=args.source_id,
        messages=args.messages,
        updated_since=updated_since(args.updated_since),
        reporting_events=args.reporting_events,
        csat_and_slas=args.csat_and_slas,
        concurrency=args.concurrency,
        rate_limit=args.rate_limit or None,
        resume=args.resume,
        keep_raw=args.keep_raw,
        quiet=args.quiet,
        allow_insecure_http=args.allow_insecure_http,
        checkpoint_seconds=args.checkpoint_seconds,
    )
    print(result.path)
    return 0
