"""Pages -> frames -> Parquet: our speed and memory against the parse floor, pandas and dlt.

Generates (once, cached under the temp directory) the emulator bodies a crawl of
``max(--conversations)`` conversations reads: list pages of 25 with ``status=all`` and
every conversation's history in the bulk messages form (about 20 messages each). Then,
over the same bytes, each contender runs alone in its own process (so peaks are its
own; see ``frames_contenders.py``):

* ``floor``: read + ``orjson.loads`` only;
* ``ours``: bodies -> frames -> snapshot through ``SnapshotWriter``;
* ``pandas``: ``pandas.json_normalize`` per table, written to Parquet;
* ``dlt``: a dlt pipeline writing Parquet files with its child tables.

``floor`` and ``ours`` run at every size of ``--conversations``; pandas and dlt are much
slower, so they run on the first ``--subset`` conversations, where floor and ours run
too: ratios are taken on the same bytes at the subset, and rates (rows/s) are compared
with ours at full size. Rows are the conversation and message objects read. Figures
are wall times on a shared machine: with ``--repeat N`` the contenders of a size run
in turn N times (floor, ours, floor, ours...) and each figure is the run with the
median wall time; every ratio is also printed per round, with its median.

Usage::

    .venv/bin/python benchmarks/frames_throughput.py                          # 10k, 50k, 100k
    .venv/bin/python benchmarks/frames_throughput.py --conversations 100000 --subset 5000
    .venv/bin/python benchmarks/frames_throughput.py --conversations 100000 --subset 5000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from frames_cache import BodyCache, generate

HERE = Path(__file__).resolve().parent
TARGETS = {"dlt": 10.0, "pandas": 5.0}
"""How many times faster than each library ours must be."""
FLOOR_TARGET = 2.0
"""Ours may take at most this many times the parse floor."""


def run(name: str, cache: BodyCache, size: int) -> dict[str, Any]:
    """Run contender ``name`` in its own process over ``size`` conversations."""
    with tempfile.TemporaryDirectory(prefix=f"frames-bench-{name}-") as out:
        command = [
            sys.executable,
            str(HERE / "frames_contenders.py"),
            name,
            "--cache",
            str(cache.directory),
            "--size",
            str(size),
            "--out",
            out,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"{name} at {size:,} failed:\n{done.stderr[-3000:]}"
        raise RuntimeError(msg)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["rate"] = result["rows_in"] / result["seconds"]
    print(
        f"  {name:<7} {size:>8,} conv  {result['seconds']:8.2f} s (cpu {result['cpu_seconds']:7.2f} s)"
        f"  {result['rate']:>10,.0f} rows/s"
        f"  peak {result['peak_rss_mib']:7.0f} MiB (after imports {result['base_rss_mib']:4.0f})",
        flush=True,
    )
    if result["phases"]:
        shown = "  ".join(f"{phase} {seconds:.2f} s" for phase, seconds in result["phases"].items())
        print(f"          phases: {shown}", flush=True)
    return result


def rounds(names: tuple[str, ...], cache: BodyCache, size: int, repeat: int) -> dict[str, Any]:
    """Each contender of ``names`` run ``repeat`` times, in turn; per contender the run with
    the median wall time, its ``rounds`` (every run, in order) kept beside it."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for number in range(1, repeat + 1):
        if repeat > 1:
            print(f"  round {number}/{repeat}", flush=True)
        for name in names:
            runs[name].append(run(name, cache, size))
    chosen: dict[str, Any] = {}
    for name, results in runs.items():
        middle = sorted(results, key=lambda r: r["seconds"])[(len(results) - 1) // 2]
        chosen[name] = {**middle, "rounds": results}
    return chosen


def paired(results: dict[str, Any], slower: str, faster: str, *, cpu: bool = False) -> list[float]:
    """Per round, ``slower``'s time over ``faster``'s (runs of one round ran one after another)."""
    field = "cpu_seconds" if cpu else "seconds"
    return [
        a[field] / b[field]
        for a, b in zip(results[slower]["rounds"], results[faster]["rounds"], strict=True)
    ]


def with_rounds(ratios: list[float]) -> str:
    """The median ratio, with every round's when there are several."""
    middle = statistics.median(ratios)
    if len(ratios) == 1:
        return f"{middle:5.2f}x"
    return f"{middle:5.2f}x (rounds: {', '.join(f'{r:.2f}' for r in ratios)})"


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def report(by_size: dict[int, dict[str, Any]], subset: dict[str, Any], subset_size: int) -> None:
    """Print the ratios against the targets."""
    print("\nTargets")
    for size, results in by_size.items():
        ours, floor = results["ours"], results["floor"]
        ratios = paired(results, "ours", "floor")
        ratio = statistics.median(ratios)
        cpu_ratio = statistics.median(paired(results, "ours", "floor", cpu=True))
        converting = ours["phases"]["convert"] / floor["seconds"]
        print(
            f"  ours / parse floor at {size:>8,}: {with_rounds(ratios)} (cpu {cpu_ratio:5.2f}x)"
            f"  (target <= {FLOOR_TARGET:.0f}x: {verdict(ratio <= FLOOR_TARGET)});"
            f"  decode + convert alone {converting:5.2f}x (median runs)"
        )
    largest = max(by_size)
    full_rate = by_size[largest]["ours"]["rate"]
    for name, target in TARGETS.items():
        if name not in subset:
            continue
        same = paired(subset, name, "ours")
        same_bytes = statistics.median(same)
        by_rate = full_rate / subset[name]["rate"]
        print(
            f"  ours vs {name:<6}: {with_rounds(same)} faster on the same {subset_size:,}"
            f" conversations, {by_rate:6.1f}x by rate against ours at {largest:,}"
            f"  (target >= {target:.0f}x: {verdict(min(same_bytes, by_rate) >= target)})"
        )
    peaks = {size: results["ours"]["peak_rss_mib"] for size, results in by_size.items()}
    shown = ", ".join(f"{size:,}: {peak:.0f} MiB" for size, peak in peaks.items())
    growth = peaks[largest] / peaks[min(peaks)]
    print(f"  ours peak RSS by size: {shown}  ({growth:.2f}x from smallest to largest)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument(
        "--subset", type=int, default=5_000, help="conversations for pandas and dlt (0: skip)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds per size; figures are the median run"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, help="cache directory (default: under the temp dir)")
    args = parser.parse_args()
    sizes = sorted(set(args.conversations))
    largest = max(sizes)
    directory = args.cache or Path(tempfile.gettempdir()) / "voxys-frames-bench" / (
        f"seed{args.seed}-n{largest}"
    )
    if BodyCache.exists(directory):
        cache = BodyCache(directory)
    else:
        cache = generate(directory, conversations=largest, seed=args.seed)
    print(f"bodies: {directory}")
    by_size: dict[int, dict[str, Any]] = {}
    for size in sizes:
        print(f"{size:,} conversations, {cache.objects(size):,} objects")
        by_size[size] = rounds(("floor", "ours"), cache, size, args.repeat)
    subset: dict[str, Any] = {}
    subset_size = min(args.subset, largest)
    if subset_size > 0:
        print(f"subset: {subset_size:,} conversations, {cache.objects(subset_size):,} objects")
        subset = rounds(("floor", "ours", "pandas", "dlt"), cache, subset_size, args.repeat)
    report(by_size, subset, subset_size)


if __name__ == "__main__":
    main()
