"""``voxys-frames import-raw DIR --out ROOT``: a raw archive of response bodies becomes a snapshot.

Example::

    voxys-frames import-raw data/raw --out data/snapshots
"""

from __future__ import annotations

import argparse
from pathlib import Path

EPILOG = """\
layout of DIR (each body may be gzipped, .json.gz):
  conversations/*.json                 GET /conversations bodies
  messages/<conversation_id>/*.json    GET /conversations/<id>/messages bodies
  contacts/ agents/ teams/ inboxes/ labels/ reporting_events/   (optional)
  csat_survey_responses/ custom_attribute_definitions/ applied_slas/   (optional)
  archive.json                         (optional) {"base_url", "account_id", "crawl"}

The path of the new snapshot is the last line printed.

example:
  voxys-frames import-raw data/raw --out data/snapshots
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import-raw`` command."""
    parser = subparsers.add_parser(
        "import-raw",
        help="build a snapshot from a directory of saved response bodies",
        description="Convert a raw archive of API response bodies into a new snapshot.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="the raw archive")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="ROOT", help="directory of snapshots"
    )
    parser.add_argument("--account-id", type=int, help="account of bodies that carry none")
    parser.add_argument("--base-url", help="where the bodies came from (only the host is kept)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Stream the archive into a new snapshot, print its table sizes and its path."""
    from voxys_frames.archive import import_archive
    from voxys_frames.snapshot import read_manifest

    path = import_archive(
        args.directory, args.out, account_id=args.account_id, base_url=args.base_url
    )
    tables = read_manifest(path).get("tables", {})
    for name, entry in tables.items():
        if entry.get("rows"):
            print(f"{name}: {entry['rows']} rows")
    print(path)
    return 0
