"""``voxys-frames snapshots ROOT``: list the snapshots in a directory, oldest first.

Example::

    voxys-frames snapshots data/snapshots
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``snapshots`` command."""
    parser = subparsers.add_parser(
        "snapshots",
        help="list the snapshots in a directory",
        description="List the snapshots in ROOT, oldest first, with their source and size.",
        epilog="example:\n  voxys-frames snapshots data/snapshots",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "root", metavar="ROOT", help="directory or URL (s3://bucket/prefix) of snapshots"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per snapshot: path, creation time, source, conversations, messages."""
    from voxys_frames.snapshot import list_snapshots, read_manifest

    found = list_snapshots(args.root)
    if not found:
        print(f"no snapshots in {args.root}")
        return 0
    for path in found:
        manifest = read_manifest(path)
        tables = manifest.get("tables", {})
        source = manifest.get("source", {})
        print(
            f"{path}  {manifest.get('created_at')}  "
            f"host={source.get('host')} account={source.get('account_id')}  "
            f"conversations={tables.get('conversations', {}).get('rows', 0)} "
            f"messages={tables.get('messages', {}).get('rows', 0)}"
        )
    return 0
