"""``updated_since`` reads the changed conversations and merges them into the previous snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TOKEN, make_config
from tests.crawl.conftest import assert_same_snapshot
from voxys_frames.crawl import fetch
from voxys_frames.emulator import Emulator
from voxys_frames.exceptions import SnapshotNotFoundError
from voxys_frames.snapshot import read_manifest
from voxys_frames.tables.schema import TABLES

OPTIONS = {"quiet": True, "rate_limit": None}
MERGED_TABLES = ("conversations", "messages", "attachments", "labels", "sla_events")


def test_incremental_run_equals_a_full_crawl_of_the_changed_account(tmp_path: Path) -> None:
    emulator = Emulator(make_config(seed=21, conversations=150))
    out = tmp_path / "snapshots"
    first = fetch("http://localhost", 1, TOKEN, out, transport=emulator.transport(), **OPTIONS)  # type: ignore[arg-type]
    for _ in range(15):
        emulator.live.step()
    assert emulator.live.applied["message"] and emulator.live.applied["conversation"]
    merged = fetch(
        "http://localhost",
        1,
        TOKEN,
        out,
        transport=emulator.transport(),
        updated_since="previous",
        **OPTIONS,  # type: ignore[arg-type]
    )
    full = fetch(
        "http://localhost", 1, TOKEN, tmp_path / "full", transport=emulator.transport(), **OPTIONS
    )  # type: ignore[arg-type]
    crawl = read_manifest(merged.path)["crawl"]
    assert crawl["previous_snapshot"] == first.path.name
    assert crawl["updated_since"] is not None
    read_again = merged.summary.conversations_found
    assert 0 < read_again < full.frames.conversations.height, "only the changed ones were read"
    skip = tuple(name for name in TABLES if name not in MERGED_TABLES)
    assert_same_snapshot(merged.path, full.path, skip=skip)
    assert merged.frames.conversations.height == emulator.world.count


def test_incremental_run_needs_a_previous_snapshot(tmp_path: Path) -> None:
    emulator = Emulator(make_config(seed=21, conversations=10))
    with pytest.raises(SnapshotNotFoundError, match="previous snapshot of account 1"):
        fetch(
            "http://localhost",
            1,
            TOKEN,
            tmp_path,
            transport=emulator.transport(),
            updated_since=0,
            **OPTIONS,  # type: ignore[arg-type]
        )
