"""``voxys-frames demo``: the main job end to end on the embedded emulator.

It serves the emulator on a free loopback port, crawls it with progress bars into a new
snapshot, writes the HTML report beside the snapshots and says how to open the notebooks.

Example::

    voxys-frames demo --conversations 500 --out data/snapshots --report data/report.html
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from voxys_frames.defaults import DEFAULT_OUT

if TYPE_CHECKING:
    from voxys_frames.tables.frames import Frames

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
            " full histories and reporting events) with progress bars into a new snapshot,"
            " write the HTML report, and print where everything is; the snapshot path last."
        ),
        epilog=(
            "example:\n"
            "  voxys-frames demo --conversations 500 --out data/snapshots --report data/report.html"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--conversations", type=int, default=500, help="size of the emulated account"
    )
    parser.add_argument("--seed", type=int, default=7, help="data seed")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="directory of snapshots"
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=Path("data/report.html"),
        metavar="FILE",
        help="where to write the HTML report",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars, no summary")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Serve the emulator for the duration of one crawl; print the snapshot path last."""
    from voxys_frames.crawl import fetch
    from voxys_frames.emulator import Emulator, EmulatorConfig
    from voxys_frames.snapshot import load_snapshot

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
            reporting_events=True,
            quiet=args.quiet,
        )
    frames = load_snapshot(result.path)
    report = _write_report(frames, args.report)
    if not args.quiet:
        for name in ("conversations", "messages", "contacts", "agents", "reporting_events"):
            print(f"{name}: {frames[name].height} rows")
        print(f"report:    {report}  (open it in a browser)")
        print("notebooks: .venv/bin/jupyter lab notebooks/  (start with 01_quickstart.ipynb)")
        print(f"explore:   from voxys_frames import explore; explore({str(result.path)!r})")
        print("snapshot:")
    print(result.path)
    return 0


def _write_report(frames: Frames, path: Path) -> Path:
    """Write the HTML report; reports load altair, so they are imported only here."""
    from voxys_frames.reports import write_report

    path.parent.mkdir(parents=True, exist_ok=True)
    return write_report(frames, path, title="Voxys demo account: support report")
