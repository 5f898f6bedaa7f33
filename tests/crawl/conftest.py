"""Fixtures of the crawl tests: small seeded emulators served on 127.0.0.1, ground truth."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.api.retry import RetryPolicy
from voxys_frames.emulator import Emulator, EmulatorConfig, ServerInfo
from voxys_frames.snapshot import load_snapshot
from voxys_frames.tables.schema import TABLES

TOKEN = "crawl-test-token-5e1f0c9a7d"
#: Short waits, many tries: faults and 429s are absorbed in well under a second.
FAST_RETRY = RetryPolicy(
    attempts=12,
    base_delay=0.005,
    max_delay=0.05,
    throttled_attempts=60,
    throttle_initial=0.02,
    throttle_max=0.2,
)


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VOXYS_BASE_URL", "VOXYS_ACCOUNT_ID", "VOXYS_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def small_config(**changes: object) -> EmulatorConfig:
    base: dict[str, object] = {
        "seed": 5,
        "conversations": 240,
        "token": TOKEN,
        "rate_limit": 0,
    }
    base.update(changes)
    return EmulatorConfig(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def emulator() -> Emulator:
    return Emulator(small_config())


@pytest.fixture(scope="module")
def server(emulator: Emulator) -> Iterator[ServerInfo]:
    with emulator.serve() as info:
        yield info


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
