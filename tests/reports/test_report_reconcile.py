"""The report page's reconciliation section: counts, explanations, names escaped."""

from __future__ import annotations

import socket
from html import escape
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import in_process_client, make_config
from tests.reports.emulated import Emulated
from tests.reports.planted import SINCE, UNTIL, ReportServer, account_frames, window
from tests.reports.test_reconcile_planted import CREATION_DIFFERENCES, _creation_cohort_server
from voxys_frames.api.retry import RetryPolicy
from voxys_frames.cli import main
from voxys_frames.convert.client import Client
from voxys_frames.emulator import Emulator
from voxys_frames.reports.page import report_html
from voxys_frames.reports.reconcile import reconcile
from voxys_frames.reports.reconcile_section import reconcile_section
from voxys_frames.snapshot import write_snapshot
from voxys_frames.tables.frames import Frames

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>&amp;"


@pytest.fixture(scope="module")
def planted_result() -> pl.DataFrame:
    server = ReportServer({window(SINCE, UNTIL): _creation_cohort_server()})
    with server.serve() as client:
        return reconcile(account_frames(), client, since=SINCE, until=UNTIL, group_by="all")


def test_section_counts_and_lists_every_difference(planted_result: pl.DataFrame) -> None:
    frames = account_frames()
    hostile = Frames({**frames, "agents": frames["agents"].with_columns(name=pl.lit(HOSTILE))})
    html = "\n".join(reconcile_section(planted_result, hostile))
    assert "32 figures compared, 9 differ, 0 unexplained" in html
    assert "<td>creation_vs_event_date</td><td>9</td>" in html
    assert "events of the conversations created in the" in html  # the meaning
    listed = html.split("<th>explanation</th></tr>")[-1]
    assert listed.count("<tr>") == len(CREATION_DIFFERENCES)
    assert "<td>team</td><td>Billing</td>" in listed  # names from the snapshot
    assert "<td>32,200</td><td>8,200</td><td>-24,000</td>" in listed  # ours, server, difference
    assert HOSTILE not in html and escape(HOSTILE) in html


def test_unexplained_figures_are_counted() -> None:
    result = pl.DataFrame(
        {
            "metric": ["conversations_count", "resolutions_count"],
            "dimension": ["account", "inbox"],
            "dimension_id": [None, 7],
            "period": ["2026-03-01", "2026-03-01"],
            "ours": [3.0, 2.5],
            "server": [4.0, 2.5],
            "difference": [1.0, 0.0],
            "explanation": ["unexplained", None],
        }
    )
    html = "\n".join(reconcile_section(result, {}))
    assert "2 figures compared, 1 differ, 1 unexplained" in html
    assert "<td>account</td><td>account</td><td>2026-03-01</td><td>3</td><td>4</td>" in html
    assert "inbox 7" not in html  # agreeing figures are counted, not listed


def test_page_has_the_section_only_when_asked(
    account: Emulated, planted_result: pl.DataFrame
) -> None:
    heading = "<h2>Reconciliation with the server's reports</h2>"
    plain = report_html(account.frames, scripts="")
    assert "Reconciliation with the server" not in plain
    page = report_html(account.frames, scripts="", reconciliation=planted_result)
    assert heading in page
    assert "9 differ" in page
    failed = report_html(account.frames, scripts="", reconciliation_error=f"down {HOSTILE}")
    assert f"Not compared: down {escape(HOSTILE)}" in failed


@pytest.fixture(scope="module")
def snapshot(account: Emulated, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("snapshots")
    return write_snapshot(account.frames, root, base_url="http://emulator", account_id=1)


def test_command_adds_the_section(
    snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voxys_frames.commands import reconcile as command

    emulator = Emulator(make_config(seed=11, conversations=250))  # the account's server
    monkeypatch.setattr(command, "client_for", lambda _: in_process_client(emulator))
    out = tmp_path / "report.html"
    window_args = ["--reconcile-since", "2026-09-01", "--reconcile-until", "2026-11-01"]
    assert main(["report", str(snapshot), "--out", str(out), *window_args]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Reconciliation with the server" in page
    assert ", 0 unexplained</p>" in page
    assert "figures compared" in page


def test_an_unreachable_server_is_said(
    snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voxys_frames.commands import reconcile as command

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "unreachable-token-93af"
    monkeypatch.setattr(
        command,
        "client_for",
        lambda _: Client(
            f"http://127.0.0.1:{port}", 1, token, retry=RetryPolicy(attempts=1), rate_limit=None
        ),
    )
    out = tmp_path / "report.html"
    argv = ["report", str(snapshot), "--out", str(out), "--reconcile-since", "2026-09-01"]
    assert main([*argv, "--reconcile-until", "2026-11-01"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Not compared: the server was not reached" in page
    assert token not in page
    assert main(argv) == 1  # one bound alone: a one-line error
