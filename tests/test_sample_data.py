"""The sample snapshot in data/: its checksum registry, its schemas, and how it is made.

data/README.md gives the command that regenerates the sample; the last test makes the
same crawl (in-process) and checks the committed sample holds exactly those rows.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.conftest import TOKEN, make_config
from voxys_frames import TABLES, latest_snapshot, list_snapshots, load_snapshot
from voxys_frames.crawl import fetch
from voxys_frames.emulator import Emulator
from voxys_frames.snapshot import read_manifest

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample"
REGISTRY = DATA / "SHA256SUMS"
REGENERATE = "regenerate it with the command in data/README.md"


def _registry() -> dict[str, str]:
    entries: dict[str, str] = {}
    for number, line in enumerate(REGISTRY.read_text().splitlines(), start=1):
        digest, _, name = line.partition("  ")
        assert len(digest) == 64, f"SHA256SUMS line {number} is not '<sha256>  <path>': {line!r}"
        assert name not in entries, f"SHA256SUMS lists {name} twice"
        entries[name] = digest
    return entries


def _files() -> dict[str, Path]:
    return {p.relative_to(DATA).as_posix(): p for p in sorted(SAMPLE.rglob("*")) if p.is_file()}


def test_registry_lists_every_file_of_the_sample_and_nothing_else() -> None:
    listed, present = set(_registry()), set(_files())
    assert present, "data/sample holds no files"
    assert present - listed == set(), f"files missing from SHA256SUMS ({REGENERATE})"
    assert listed - present == set(), f"SHA256SUMS lists files that are gone ({REGENERATE})"


def test_every_checksum_matches() -> None:
    registry = _registry()
    wrong = [
        name
        for name, path in _files().items()
        if hashlib.sha256(path.read_bytes()).hexdigest() != registry.get(name)
    ]
    assert wrong == [], f"checksums differ ({REGENERATE})"


def test_sample_is_one_committed_snapshot_of_account_one() -> None:
    snapshots = list_snapshots(SAMPLE)
    assert len(snapshots) == 1
    manifest = read_manifest(snapshots[0])
    assert manifest["source"]["account_id"] == 1
    assert manifest["crawl"]["reporting_events"] is True
    assert manifest["completeness"]["discrepancies"] == []
    assert manifest["completeness"]["conversations_missing"] == 0


def test_load_snapshot_reads_every_table_with_its_declared_schema() -> None:
    path = latest_snapshot(SAMPLE)
    frames = load_snapshot(path)
    manifest = read_manifest(path)
    for name, declared in TABLES.items():
        assert frames[name].schema == declared.schema, name
        assert frames[name].height == manifest["tables"][name]["rows"], name
    assert frames.conversations.height == 150
    assert frames.messages.height > 1000


def test_parquet_files_already_hold_the_declared_dtypes() -> None:
    """Readers other than load_snapshot (DuckDB, Spark, pandas) see the files as they are."""
    path = latest_snapshot(SAMPLE)
    manifest = read_manifest(path)
    for name, declared in TABLES.items():
        for part in manifest["tables"][name]["files"]:
            stored = pl.read_parquet_schema(path / part)
            assert dict(stored) == dict(declared.schema), f"{name}: {part}"


def test_sample_is_what_the_readme_command_makes(tmp_path: Path) -> None:
    emulator = Emulator(make_config(seed=7, conversations=150))
    made = fetch(
        "http://127.0.0.1",
        1,
        TOKEN,
        tmp_path,
        reporting_events=True,
        quiet=True,
        rate_limit=None,
        transport=emulator.transport(),
    ).frames
    committed = load_snapshot(latest_snapshot(SAMPLE))
    for name, declared in TABLES.items():
        key = list(declared.key)
        try:
            assert_frame_equal(made[name].sort(key), committed[name].sort(key))
        except AssertionError as exc:
            pytest.fail(f"{name} differs from a fresh crawl of the emulator ({REGENERATE}): {exc}")
