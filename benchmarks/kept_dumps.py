"""Cost of keeping :func:`orjson.dumps` output alive, against keeping a copy of it.

``orjson.dumps`` allocates its result at about 1 KiB and then shrinks it. Output that
dies at once costs little; output kept alive (in a set or a list) costs far more per
call on glibc's allocator, so the converters keep a copy (``.decode()`` or a
concatenation) instead (:func:`voxys_frames.convert.extract.distinct`,
``voxys_frames.convert.fast.messages._canonical_members``). Prints the microseconds
per call of each way, median of several rounds.

Usage: ``.venv/bin/python benchmarks/kept_dumps.py --values 20000 --rounds 7``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import orjson


def per_call(make: Callable[[list[Any]], list[Any]], values: list[Any], rounds: int) -> float:
    """Median microseconds per value of ``make(values)``, its result kept until timed."""
    found = []
    for _ in range(rounds):
        started = time.perf_counter()
        kept = make(values)
        found.append((time.perf_counter() - started) / len(values) * 1e6)
        del kept
    return statistics.median(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    values = [{"id": i, "name": f"Agent {i}", "type": "user"} for i in range(args.values)]
    ways: dict[str, Callable[[list[Any]], list[Any]]] = {
        "dumps kept": lambda vs: [orjson.dumps(v) for v in vs],
        "dumps, str copy kept": lambda vs: [orjson.dumps(v).decode() for v in vs],
        "dumps, bytes copy kept": lambda vs: [b"," + orjson.dumps(v) for v in vs],
    }
    for name, make in ways.items():
        print(f"{name:<24} {per_call(make, values, args.rounds):6.2f} us per value", flush=True)


if __name__ == "__main__":
    main()
