"""Helpers of the crawl tests: fast retries, ground truth, snapshot comparison.

The emulator (``emulator``, ``server``) and :func:`~tests.conftest.make_config` are the
shared ones of ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from voxys_frames.api.retry import RetryPolicy
from voxys_frames.emulator import Emulator
from voxys_frames.snapshot import load_snapshot
from voxys_frames.tables.schema import TABLES

#: Short waits, many tries: faults and 429s are absorbed in well under a second.
FAST_RETRY = RetryPolicy(
    attempts=12,
    base_delay=0.005,
    max_delay=0.05,
    throttled_attempts=60,
    throttle_initial=0.02,
    throttle_max=0.2,
)


def ground_truth(emulator: Emulator) -> dict[int, list[int]]:
    """Every conversation of the emulator now, with its message ids."""
    world = emulator.world
    with world.lock:
        return {
            display_id: [m.id for m in world.timeline(display_id)]
            for display_id in range(1, world.count + 1)
        }


def assert_same_snapshot(left: Path, right: Path, *, skip: tuple[str, ...] = ()) -> None:
    """Every table of two snapshots holds the same rows (compared in key order)."""
    a, b = load_snapshot(left), load_snapshot(right)
    for name, declared in TABLES.items():
        if name in skip:
            continue
        key = list(declared.key)
        assert a[name].height == b[name].height, name
        assert_frame_equal(a[name].sort(key), b[name].sort(key), check_row_order=True)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def distinct(frame: pl.DataFrame, column: str) -> set[int]:
    return set(frame[column].to_list())
