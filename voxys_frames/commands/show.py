"""``voxys-frames show SNAPSHOT``: tables, rows, time span and completeness of a snapshot.

Example::

    voxys-frames show data/snapshots/20250301T091530123456Z-1a2b3c
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``show`` command."""
    parser = subparsers.add_parser(
        "show",
        help="summarise one snapshot",
        description="Print the tables, row counts, time span and completeness of a snapshot.",
        epilog="example:\n  voxys-frames show data/snapshots/20250301T091530123456Z-1a2b3c",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "snapshot", metavar="SNAPSHOT", help="a snapshot directory or URL (s3://bucket/prefix/...)"
    )
    parser.set_defaults(handler=run)


def _span(path: str | Path, manifest: dict[str, Any], table: str) -> str:
    import polars as pl

    from voxys_frames.snapshot import scan_table

    found = (
        scan_table(path, table, manifest)
        .select(pl.col("created_at").min().alias("first"), pl.col("created_at").max().alias("last"))
        .collect()
        .row(0)
    )
    if found[0] is None:
        return "none"
    return f"{found[0]:%Y-%m-%d %H:%M:%S} .. {found[1]:%Y-%m-%d %H:%M:%S} UTC"


def run(args: argparse.Namespace) -> int:
    """Print the summary."""
    import orjson

    from voxys_frames.snapshot import read_manifest

    manifest = read_manifest(args.snapshot)
    source = manifest.get("source", {})
    print(f"snapshot: {manifest.get('name')}  created {manifest.get('created_at')}")
    print(f"source: host={source.get('host')} account={source.get('account_id')}")
    print(f"tool: voxys_frames {manifest.get('tool', {}).get('version')}")
    print("tables:")
    for name, entry in manifest.get("tables", {}).items():
        print(
            f"  {name:<17} {entry.get('rows', 0):>10} rows  {len(entry.get('files', []))} file(s)"
        )
    print(f"conversations created: {_span(args.snapshot, manifest, 'conversations')}")
    print(f"messages created:      {_span(args.snapshot, manifest, 'messages')}")
    print("completeness:")
    for key, value in manifest.get("completeness", {}).items():
        shown = orjson.dumps(value).decode() if isinstance(value, dict | list) else value
        print(f"  {key}: {shown}")
    return 0
