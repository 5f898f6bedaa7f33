"""``voxys-frames report SNAPSHOT --out report.html``: the support report of a snapshot.

Example::

    voxys-frames report data/snapshots/20250301T091530123456Z-1a2b3c --out report.html --timezone Europe/Lisbon
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voxys_frames.commands.reconcile import GROUP_BYS, add_bot_inboxes
from voxys_frames.exceptions import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import polars as pl

    from voxys_frames.reports.business_hours import WorkingHours

#: The ``--period`` choices: :data:`voxys_frames.reports.chatwoot.Period` but ``"all"``
#: (written out, so that ``--help`` does not import the reports; a test keeps them equal).
PERIODS = ("hour", "day", "week", "month", "year")

EPILOG = """\
The page is self-contained (charts included) and works offline.

--working-hours takes a JSON file mapping inbox ids to their hours, e.g.
  {"1": {"timezone": "America/New_York", "monday": [["09:00", "17:00"]], ...}}

--reconcile-since and --reconcile-until (together) add a section comparing the
server's v2 report figures over that window with the snapshot's, as the reconcile
command does; the server is VOXYS_BASE_URL, VOXYS_ACCOUNT_ID, VOXYS_API_TOKEN. When
it cannot be reached the page says why and is written all the same.

example:
  voxys-frames report data/snapshots/20250301T091530123456Z-1a2b3c --out report.html --timezone Europe/Lisbon
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` command."""
    parser = subparsers.add_parser(
        "report",
        help="write an HTML support report of a snapshot",
        description="Write an HTML report (key numbers, charts, tables) of one snapshot.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("snapshot", type=Path, metavar="SNAPSHOT", help="a snapshot directory")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="the HTML file")
    parser.add_argument("--timezone", default="UTC", help="IANA zone of periods and heatmap")
    parser.add_argument("--period", default="week", choices=PERIODS)
    parser.add_argument("--as-of", help="ISO time the report describes (default: snapshot time)")
    parser.add_argument("--working-hours", type=Path, metavar="JSON", help="hours per inbox")
    add_bot_inboxes(parser)
    parser.add_argument("--title", default="Support report")
    parser.add_argument(
        "--reconcile-since",
        metavar="SINCE",
        help="add the reconciliation with the server's reports from SINCE (ISO date or time)",
    )
    parser.add_argument(
        "--reconcile-until", metavar="UNTIL", help="end of the reconciled window, excluded"
    )
    parser.add_argument(
        "--reconcile-group-by", default="all", choices=GROUP_BYS, help="periods compared"
    )
    parser.add_argument(
        "--link-base-url",
        metavar="URL",
        help="link conversation ids to this app URL (default: the snapshot's host, never a loopback one)",
    )
    parser.set_defaults(handler=run)


def read_working_hours(path: Path) -> dict[int, WorkingHours]:
    """Working hours per inbox id from a JSON file (see the command's help)."""
    import orjson

    from voxys_frames.reports.business_hours import WorkingHours

    try:
        raw: Any = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        msg = f"cannot read working hours from {path}: {exc}"
        raise ConfigurationError(msg) from None
    if not isinstance(raw, dict):
        msg = f"{path}: expected an object of inbox id -> working hours"
        raise ConfigurationError(msg)
    hours = {}
    for key, spec in raw.items():
        if not key.isdigit() or not isinstance(spec, dict):
            msg = f"{path}: entry {key!r} must be an inbox id with an object of hours"
            raise ConfigurationError(msg)
        try:
            hours[int(key)] = WorkingHours.parse(spec)
        except ConfigurationError as exc:
            msg = f"{path}: inbox {key}: {exc}"
            raise ConfigurationError(msg) from None
    return hours


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        msg = f"--as-of must be an ISO time such as 2026-03-01T12:00:00Z, got {text!r}"
        raise ConfigurationError(msg) from None


def run(args: argparse.Namespace) -> int:
    """Load the snapshot, write the report, print its path."""
    from voxys_frames.reports.page import write_report
    from voxys_frames.snapshot import load_snapshot

    frames = load_snapshot(args.snapshot)
    hours = read_working_hours(args.working_hours) if args.working_hours else None
    reconciliation, error = _reconciliation(args, frames, hours)
    path = write_report(
        frames,
        args.out,
        timezone=args.timezone,
        period=args.period,
        as_of=_as_of(args.as_of),
        working_hours=hours,
        title=args.title,
        reconciliation=reconciliation,
        reconciliation_error=error,
        link_base_url=args.link_base_url,
        bot_inboxes=args.bot_inboxes,
    )
    print(path)
    return 0


def _reconciliation(
    args: argparse.Namespace,
    frames: Mapping[str, pl.DataFrame],
    hours: Mapping[int, WorkingHours] | None,
) -> tuple[pl.DataFrame | None, str | None]:
    """:func:`~voxys_frames.reports.reconcile.reconcile`'s frame, or why there is none."""
    if args.reconcile_since is None and args.reconcile_until is None:
        return None, None
    if args.reconcile_since is None or args.reconcile_until is None:
        msg = "--reconcile-since and --reconcile-until must be given together"
        raise ConfigurationError(msg)
    from voxys_frames.commands import reconcile as command
    from voxys_frames.exceptions import ApiError
    from voxys_frames.reports.reconcile import reconcile

    since = command.moment("reconcile-since", args.reconcile_since)
    until = command.moment("reconcile-until", args.reconcile_until)
    server = argparse.Namespace(base_url=None, account_id=None, allow_insecure_http=False)
    try:
        with command.client_for(server) as client:
            result = reconcile(
                frames,
                client,
                since=since,
                until=until,
                timezone=args.timezone,
                group_by=args.reconcile_group_by,
                working_hours=hours,
                bot_inboxes=args.bot_inboxes,
            )
    except ApiError as error:  # the page is still written, saying why
        return None, f"the server was not reached: {error}"
    return result, None
