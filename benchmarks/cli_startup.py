"""Start-up: how long ``voxys-frames --help``, a bad argument and ``import voxys_frames`` take.

Each case is a fresh process (the installed console script, or the interpreter for the
import), timed by wall clock from spawn to exit, so interpreter start-up is included as
a user sees it. Every case runs ``--runs`` times after one untimed warm-up (the file
system cache); the median, the fastest and the slowest are printed, against the target
of 0.5 s. For reference the same is measured for a bare interpreter and for
``import polars`` and ``import altair``, which the command line and the package import
only when a command or a name needs them.

Usage::

    .venv/bin/python benchmarks/cli_startup.py
    .venv/bin/python benchmarks/cli_startup.py --runs 21
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.5
SCRIPT = Path(sys.executable).with_name("voxys-frames")

CASES: list[tuple[str, list[str], bool]] = [
    # (label, command, held to the target)
    ("voxys-frames --help", [str(SCRIPT), "--help"], True),
    ("voxys-frames fetch --concurrency x", [str(SCRIPT), "fetch", "--concurrency", "x"], True),
    ("voxys-frames fetch --help", [str(SCRIPT), "fetch", "--help"], True),
    ("import voxys_frames", [sys.executable, "-c", "import voxys_frames"], True),
    ("python -c pass (reference)", [sys.executable, "-c", "pass"], False),
    ("import polars (reference)", [sys.executable, "-c", "import polars"], False),
    ("import altair (reference)", [sys.executable, "-c", "import altair"], False),
]


def wall_times(command: list[str], runs: int) -> list[float]:
    """Seconds from spawn to exit of ``command``, ``runs`` times, after one warm-up."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(command, capture_output=True, check=False, env=env)
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=env)
        found.append(time.perf_counter() - start)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=11, help="timed runs per case")
    args = parser.parse_args()
    if not SCRIPT.exists():
        parser.error(f"{SCRIPT} not found: run `make setup` first")
    load = os.getloadavg()[0]
    print(f"{args.runs} runs per case, {os.cpu_count()} cores, load average {load:.2f}")
    print(f"{'case':<38} {'median':>8} {'min':>8} {'max':>8}  target {TARGET_SECONDS} s")
    for label, command, held in CASES:
        times = wall_times(command, args.runs)
        median = statistics.median(times)
        verdict = ("ok" if median <= TARGET_SECONDS else "OVER") if held else ""
        print(f"{label:<38} {median:>7.3f}s {min(times):>7.3f}s {max(times):>7.3f}s  {verdict}")


if __name__ == "__main__":
    main()
