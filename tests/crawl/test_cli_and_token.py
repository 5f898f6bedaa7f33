"""The command-line contract, and the token nowhere: outputs, files, errors, logs."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import TOKEN, make_config
from tests.crawl.conftest import files_under
from voxys_frames.cli import main
from voxys_frames.crawl import fetch
from voxys_frames.emulator import SECRET_MARKER, Emulator
from voxys_frames.snapshot import load_snapshot


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["fetch", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_prints_the_snapshot_path_last(
    server_args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VOXYS_API_TOKEN", TOKEN)
    status, out, err = run_cli([*server_args, "--rate-limit", "0"], capsys)
    assert status == 0, err
    last = Path(out.strip().splitlines()[-1])
    assert (last / "manifest.json").is_file()
    assert "every check passed" in out
    assert TOKEN not in out + err


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (None, "no API token: pass token= or set VOXYS_API_TOKEN"),
        ("wrong-token-0123456789", "invalid token"),
    ],
)
def test_cli_failures_are_one_line(
    server_args: list[str],
    token: str | None,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if token is not None:
        monkeypatch.setenv("VOXYS_API_TOKEN", token)
    status, out, err = run_cli([*server_args, "--quiet"], capsys)
    assert status == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("voxys-frames: error: ") and expected in err
    assert token is None or token not in err


def test_the_token_is_in_no_file_log_or_output(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator = Emulator(make_config(seed=3, conversations=60, inbox_secrets=True))
    caplog.set_level(logging.DEBUG)
    with emulator.serve() as server:
        result = fetch(
            server.base_url,
            server.account_id,
            TOKEN,
            tmp_path,
            rate_limit=None,
            keep_raw=True,
            reporting_events=True,
        )
    printed = capsys.readouterr()
    secret = TOKEN.encode()
    assert TOKEN not in repr(result) + str(result.summary) + printed.out + printed.err
    assert TOKEN not in caplog.text
    for file in files_under(tmp_path):
        data = file.read_bytes()
        if file.name.endswith(".gz"):
            data = gzip.decompress(data)
        assert secret not in data, file
        assert SECRET_MARKER.encode() not in data, file
    frames = load_snapshot(result.path)
    for name, frame in frames.items():
        texts = frame.select(pl.col(pl.String)).unpivot()["value"].drop_nulls()
        assert not texts.str.contains(TOKEN, literal=True).any(), name


@pytest.fixture
def server_args(tmp_path: Path) -> list[str]:
    emulator = Emulator(make_config(seed=3, conversations=30))
    with emulator.serve() as server:
        yield [
            "--base-url",
            server.base_url,
            "--account-id",
            str(server.account_id),
            "--out",
            str(tmp_path),
        ]


@pytest.mark.slow
def test_demo_crawls_the_embedded_emulator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    argv = ["demo", "--conversations", "40", "--out", str(tmp_path), "--report", str(report)]
    status = main([*argv, "--quiet"])
    out = capsys.readouterr().out
    assert status == 0
    path = Path(out.strip().splitlines()[-1])
    assert path.parent == tmp_path
    frames = load_snapshot(path)
    assert frames.conversations.height == 40
    assert frames.reporting_events.height > 0
    page = report.read_text(encoding="utf-8")
    assert "Voxys demo account" in page
    assert "cdn.jsdelivr" not in page  # the charts' scripts are inlined: the report works offline
