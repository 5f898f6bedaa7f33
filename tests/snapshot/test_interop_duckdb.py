"""Other tools read snapshots as they are: DuckDB's read_parquet and pandas through pyarrow."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests import payloads as p
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.snapshot import load_snapshot, read_manifest, write_snapshot
from voxys_frames.tables.schema import TABLES

DUCKDB_TYPES = {
    pl.Int64: "BIGINT",
    pl.String: "VARCHAR",
    pl.Boolean: "BOOLEAN",
    pl.Float64: "DOUBLE",
}


def _duckdb_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMP WITH TIME ZONE"
    if isinstance(dtype, pl.Enum):
        return "VARCHAR"
    if isinstance(dtype, pl.List):
        return f"{_duckdb_type(dtype.inner)}[]"
    return DUCKDB_TYPES[type(dtype)]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    builder = FramesBuilder(account_id=1)
    builder.add_body("conversations", p.dump(p.tricky_conversations_body()))
    builder.add_body("messages", p.messages_body([p.endpoint_message(19, 5)]), conversation_id=5)
    for endpoint, body in (
        ("agents", p.agents_body()),
        ("teams", p.teams_body()),
        ("inboxes", p.inboxes_body()),
        ("labels", p.labels_body()),
        ("contacts", p.contacts_body()),
        ("reporting_events", p.reporting_events_body()),
    ):
        builder.add_body(endpoint, body)  # type: ignore[arg-type]
    return write_snapshot(builder.finish(), tmp_path_factory.mktemp("snaps"), account_id=1)


def _source(snapshot: Path, name: str) -> str:
    files = [str(snapshot / f) for f in read_manifest(snapshot)["tables"][name]["files"]]
    return "read_parquet([" + ", ".join(f"'{f}'" for f in files) + "])"


@pytest.mark.parametrize("name", list(TABLES))
def test_duckdb_reads_same_rows_and_types(snapshot: Path, name: str) -> None:
    con = duckdb.connect()
    source = _source(snapshot, name)
    described = con.execute(f"describe select * from {source}").fetchall()
    expected = {c: _duckdb_type(t) for c, t in TABLES[name].schema.items()}
    assert {row[0]: row[1] for row in described} == expected
    assert [row[0] for row in described] == list(expected)
    frame = load_snapshot(snapshot)[name]
    keys = ", ".join(TABLES[name].key)
    theirs = con.execute(f"select * from {source} order by {keys}").fetchall()
    ours = frame.sort(list(TABLES[name].key)).rows()
    assert len(theirs) == len(ours) == frame.height
    for mine, other in zip(ours, theirs, strict=True):
        assert tuple(mine) == tuple(other)


def test_big_integers_and_microseconds_reach_duckdb(snapshot: Path) -> None:
    row = (
        duckdb.connect()
        .execute(
            "select json_extract(custom_attributes, '$.seats')::BIGINT, epoch_us(updated_at) "
            f"from {_source(snapshot, 'conversations')} where id = 1"
        )
        .fetchall()
    )
    assert row == [(p.BIG, p.T0 * 1_000_000 + 123457)]


@pytest.mark.parametrize("name", ["conversations", "messages", "labels"])
def test_pandas_through_pyarrow(snapshot: Path, name: str) -> None:
    import pandas as pd

    files = [snapshot / f for f in read_manifest(snapshot)["tables"][name]["files"]]
    frame = pd.concat([pd.read_parquet(f, engine="pyarrow") for f in files])
    ours = load_snapshot(snapshot)[name]
    assert list(frame.columns) == ours.columns
    assert len(frame) == ours.height
    if name == "conversations":
        assert str(frame["created_at"].dtype) in {"datetime64[us, UTC]", "datetime64[ns, UTC]"}
        assert sorted(frame["id"].tolist()) == sorted(ours["id"].to_list())
