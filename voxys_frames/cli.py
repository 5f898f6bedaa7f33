"""The ``voxys-frames`` command line: a thin layer over the library.

Each sub-command lives in its own module under :mod:`voxys_frames.commands` and
exposes ``register(subparsers)``; this module only assembles them.

Examples
--------
>>> from voxys_frames.cli import build_parser
>>> sorted(build_parser()._subparsers._group_actions[0].choices)[:2]
['demo', 'emulator']
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from voxys_frames._version import __version__
from voxys_frames.commands import COMMAND_MODULES
from voxys_frames.exceptions import VoxysError


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="voxys-frames",
        description="Voxys (Chatwoot) conversations as polars frames and Parquet snapshots.",
    )
    parser.add_argument("--version", action="version", version=f"voxys-frames {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; errors become one line on stderr and exit status 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except VoxysError as exc:
        print(f"voxys-frames: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("voxys-frames: interrupted", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
