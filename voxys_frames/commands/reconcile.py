"""``voxys-frames reconcile``: the server's report figures against a snapshot's.

Example::

    VOXYS_API_TOKEN=... voxys-frames reconcile data/snapshots/SNAPSHOT --base-url https://chat.example.com --account-id 1 --since 2026-10-01 --until 2026-11-01
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from voxys_frames.defaults import DEFAULT_BASE_URL
from voxys_frames.exceptions import ConfigurationError

if TYPE_CHECKING:
    from voxys_frames.convert.client import Client

#: The choices of ``--group-by`` (written out, so that ``--help`` does not import the reports).
GROUP_BYS = ("hour", "day", "week", "month", "year", "all")

EPILOG = """\
The token is read from VOXYS_API_TOKEN only; --base-url and --account-id default to
VOXYS_BASE_URL and VOXYS_ACCOUNT_ID, as for fetch. --since and --until are ISO dates or
times (a date or a time without offset is UTC); the window is half-open.

Prints one row per differing figure (metric, dimension, id, period, ours, server,
difference, explanation) and a count of the figures compared. Exits 1 when a
difference stays unexplained.
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``reconcile`` command."""
    parser = subparsers.add_parser(
        "reconcile",
        help="compare the server's report figures with a snapshot's, explaining each difference",
        description="Compare the server's v2 report figures with the snapshot's own.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("snapshot", type=Path, metavar="SNAPSHOT", help="a snapshot directory")
    parser.add_argument(
        "--base-url", help=f"server address (default: $VOXYS_BASE_URL, else {DEFAULT_BASE_URL})"
    )
    parser.add_argument("--account-id", help="account id (default: $VOXYS_ACCOUNT_ID)")
    parser.add_argument("--since", required=True, help="start of the window (ISO date or time)")
    parser.add_argument("--until", required=True, help="end of the window, excluded")
    parser.add_argument("--timezone", default="UTC", help="IANA zone of the periods")
    parser.add_argument("--group-by", default="day", choices=GROUP_BYS)
    parser.add_argument(
        "--business-hours", action="store_true", help="compare business-hours averages"
    )
    parser.add_argument("--working-hours", type=Path, metavar="JSON", help="hours per inbox")
    add_bot_inboxes(parser)
    parser.add_argument("--allow-insecure-http", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def add_bot_inboxes(parser: argparse.ArgumentParser) -> None:
    """The ``--bot-inboxes`` option: the inboxes with an active agent bot or Captain."""
    parser.add_argument(
        "--bot-inboxes",
        type=bot_inboxes,
        metavar="IDS",
        help="comma-separated ids of the inboxes with an active bot (default: where a bot wrote)",
    )


def bot_inboxes(text: str) -> frozenset[int]:
    """Inbox ids from ``1,2,5`` (empty: no inbox has a bot).

    >>> sorted(bot_inboxes("3, 1")), bot_inboxes("")
    ([1, 3], frozenset())
    """
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isascii() and part.isdigit() for part in parts):
        msg = f"--bot-inboxes must be inbox ids separated by commas, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return frozenset(int(part) for part in parts)


def moment(name: str, text: str) -> datetime:
    """An ISO date or time; without an offset, UTC."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        msg = f"--{name} must be an ISO date or time such as 2026-03-01, got {text!r}"
        raise ConfigurationError(msg) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def client_for(args: argparse.Namespace) -> Client:
    """The client of the server (token from VOXYS_API_TOKEN)."""
    from voxys_frames.convert.client import Client

    return Client(args.base_url, args.account_id, allow_insecure_http=args.allow_insecure_http)


def run(args: argparse.Namespace) -> int:
    """Reconcile, print the differences; 1 when one stays unexplained."""
    import polars as pl

    from voxys_frames.commands.report import read_working_hours
    from voxys_frames.reports.reconcile import reconcile
    from voxys_frames.snapshot import load_snapshot

    frames = load_snapshot(args.snapshot)
    hours = read_working_hours(args.working_hours) if args.working_hours else None
    with client_for(args) as client:
        result = reconcile(
            frames,
            client,
            since=moment("since", args.since),
            until=moment("until", args.until),
            timezone=args.timezone,
            group_by=args.group_by,
            business_hours=args.business_hours,
            working_hours=hours,
            bot_inboxes=args.bot_inboxes,
        )
    differing = result.filter(pl.col("explanation").is_not_null())
    unexplained = differing.filter(pl.col("explanation") == "unexplained").height
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200, tbl_hide_dataframe_shape=True):
        if differing.height:
            print(differing)
    print(f"{result.height} figures compared, {differing.height} differ, {unexplained} unexplained")
    return 1 if unexplained else 0
