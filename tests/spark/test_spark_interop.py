"""Spark reads snapshots as they are: PySpark in local mode, one session for the module.

Every table of a crawled snapshot: the same row count as the manifest and polars, and
the same timestamps to the microsecond (compared as epoch microseconds, so no time
zone conversion can hide a difference). The hive layout: Spark discovers the
``account`` and ``snapshot`` partitions of a table directory by itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import TOKEN, make_config
from voxys_frames.crawl import fetch
from voxys_frames.emulator import Emulator
from voxys_frames.snapshot import load_snapshot, read_manifest, scan_layout, write_snapshot
from voxys_frames.tables.schema import TABLES

pyspark_sql = pytest.importorskip("pyspark.sql")
functions = pytest.importorskip("pyspark.sql.functions")

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    """A local Spark session bound to 127.0.0.1, no UI, few shuffle partitions."""
    previous = os.environ.get("SPARK_LOCAL_IP")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("voxys-frames-interop")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if previous is None:
        os.environ.pop("SPARK_LOCAL_IP", None)
    else:
        os.environ["SPARK_LOCAL_IP"] = previous


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of a crawled emulator account, reporting events included."""
    emulator = Emulator(make_config(seed=5, conversations=120, account_id=4))
    result = fetch(
        "http://localhost",
        4,
        TOKEN,
        tmp_path_factory.mktemp("snapshots"),
        quiet=True,
        rate_limit=None,
        reporting_events=True,
        transport=emulator.transport(),
    )
    return result.path


def _timestamps(name: str) -> list[str]:
    return [c for c, dtype in TABLES[name].schema.items() if isinstance(dtype, pl.Datetime)]


def test_spark_reads_every_table_with_the_same_rows_and_timestamps(
    spark: object, snapshot: Path
) -> None:
    manifest = read_manifest(snapshot)
    frames = load_snapshot(snapshot)
    checked_timestamps = 0
    for name in TABLES:
        files = [str(snapshot / f) for f in manifest["tables"][name]["files"]]
        frame = spark.read.parquet(*files)  # type: ignore[attr-defined]
        assert frame.count() == manifest["tables"][name]["rows"] == frames[name].height, name
        assert frame.columns == list(TABLES[name].schema), name
        key = list(TABLES[name].key)
        stamps = _timestamps(name)
        if not stamps or not frames[name].height:
            continue
        ours = frames[name].sort(key).select(pl.col(stamps).dt.epoch("us"))
        theirs = (
            frame.orderBy(*key)
            .select([functions.unix_micros(c).alias(c) for c in stamps])
            .collect()
        )
        assert [tuple(row) for row in theirs] == ours.rows(), name
        checked_timestamps += ours.select(pl.all().is_not_null().sum()).sum_horizontal().item()
    assert checked_timestamps > 1000  # the comparison really covered timestamp values


def test_spark_reads_lists_and_json_text_as_written(spark: object, snapshot: Path) -> None:
    conversations = load_snapshot(snapshot, tables=["conversations"]).conversations
    files = [str(snapshot / f) for f in read_manifest(snapshot)["tables"]["conversations"]["files"]]
    rows = spark.read.parquet(*files).orderBy("id").select("labels", "custom_attributes").collect()  # type: ignore[attr-defined]
    expected = conversations.sort("id").select("labels", "custom_attributes").rows()
    assert [
        (list(r["labels"]) if r["labels"] is not None else None, r["custom_attributes"])
        for r in rows
    ] == [(labels, attributes) for labels, attributes in expected]


def test_spark_discovers_the_hive_partitions(spark: object, snapshot: Path, tmp_path: Path) -> None:
    frames = load_snapshot(snapshot)
    for account in (4, 9):
        write_snapshot(frames, tmp_path, account_id=account, layout="hive")
    table = spark.read.parquet(str(tmp_path / "messages"))  # type: ignore[attr-defined]
    assert {"account", "snapshot"} <= set(table.columns)
    theirs = {
        (row["account"], row["snapshot"]): row["count"]
        for row in table.groupBy("account", "snapshot").count().collect()
    }
    ours = scan_layout(tmp_path, "messages").group_by("account", "snapshot").len().collect()
    assert theirs == {(a, s): n for a, s, n in ours.iter_rows()}
    assert sum(theirs.values()) == 2 * frames.messages.height
