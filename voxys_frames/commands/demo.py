"""``voxys-frames demo``: crawl the embedded emulator into a new snapshot, with progress bars.

Example::

    voxys-frames demo --conversations 500 --out data/snapshots
"""

from __future__ import annotations

import argparse
from pathlib import Path

from voxys_frames.crawl import DEFAULT_OUT, fetch
from voxys_frames.emulator import Emulator, EmulatorConfig

#: A client budget for a local emulator: under its own per-IP limit (3000 a minute).
DEMO_REQUESTS_PER_MINUTE = 2400
DEMO_TOKEN = "demo-token-3f9a1c2e7b"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        "demo",
        help="run the main job end to end on the embedded emulator",
        description=(
            "Start the emulator on a free 127.0.0.1 port, crawl it (every conversation,"
            " full histories) with progress bars into a new snapshot, and print its path."
        ),
        epilog="example:\n  voxys-frames demo --conversations 500 --out data/snapshots",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--conversations", type=int, default=500, help="size of the emulated account"
    )
    parser.add_argument("--seed", type=int, default=7, help="data seed")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="directory of snapshots"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars, no summary")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Serve the emulator for the duration of one crawl; print the snapshot path last."""
    emulator = Emulator(
        EmulatorConfig(seed=args.seed, conversations=args.conversations, token=DEMO_TOKEN)
    )
    with emulator.serve() as server:
        if not args.quiet:
            print(f"emulator listening on {server.base_url} (account {server.account_id})")
        result = fetch(
            server.base_url,
            server.account_id,
            server.token,
            args.out,
            rate_limit=DEMO_REQUESTS_PER_MINUTE,
            quiet=args.quiet,
        )
    if not args.quiet:
        frames = result.lazy()
        for name in ("conversations", "messages", "contacts", "agents"):
            rows = frames[name].select("account_id").collect().height
            print(f"{name}: {rows} rows")
    print(result.path)
    return 0
