"""The secret pre-scan of received bodies: stringzilla's search against ``bytes.find``.

Every body a crawl or ``import-raw`` receives is lower-cased and searched for the
needles of :mod:`voxys_frames.convert.secrets` before anything else reads it. This
prints, over the messages bodies of an emulator account (in-process), the best CPU
time of several rounds of the scan as the library runs it
(``secrets._maybe_secret``, stringzilla) and of the same needles searched with
``bytes.find`` (``needle in lowered``), with their ratio and how many bodies each
flags (they must agree).

Usage: ``.venv/bin/python benchmarks/secret_scan.py --conversations 3000 --rounds 5``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from frames_undeclared import histories

from voxys_frames.convert import secrets


def with_bytes_find(raw: bytes) -> bool:
    """The pre-scan with ``bytes.find``: one pass of CPython's search per needle."""
    lowered = raw.lower()
    return (
        any(needle in lowered for needle in secrets._NEEDLES)
        or secrets._ESCAPED.search(raw) is not None
    )


def best_of(scan: Callable[[bytes], bool], bodies: list[bytes], rounds: int) -> tuple[float, int]:
    """The least CPU seconds of ``rounds`` scans of every body, and how many it flags."""
    best, flagged = float("inf"), 0
    for _ in range(rounds):
        started = time.process_time()
        flagged = sum(1 for body in bodies if scan(body))
        best = min(best, time.process_time() - started)
    return best, flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bodies = [body for _, body in histories(args.conversations)]
    size = sum(map(len, bodies)) / 1e6
    print(f"{len(bodies)} bodies, {size:.1f} MB, best of {args.rounds} rounds (CPU s)")
    ours, ours_flagged = best_of(secrets._maybe_secret, bodies, args.rounds)
    plain, plain_flagged = best_of(with_bytes_find, bodies, args.rounds)
    print(f"stringzilla: {ours:.3f} s, {ours_flagged} bodies flagged")
    print(f"bytes.find:  {plain:.3f} s, {plain_flagged} bodies flagged")
    print(f"bytes.find / stringzilla: {plain / ours:.1f}x")


if __name__ == "__main__":
    main()
