"""The HTML report and the ``report`` command: self-contained, escaped, numbers as computed."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from tests.reports.emulated import Emulated
from voxys_frames.cli import build_parser, main
from voxys_frames.reports.page import report_html
from voxys_frames.snapshot import write_snapshot
from voxys_frames.tables.frames import Frames

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>&amp;"


@pytest.fixture(scope="module")
def snapshot(account: Emulated, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("snapshots")
    return write_snapshot(account.frames, root, base_url="http://emulator", account_id=1)


def test_command_writes_a_self_contained_page(snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    hours = tmp_path / "hours.json"
    hours.write_text('{"1": {"timezone": "America/New_York", "monday": [["09:00", "17:00"]]}}')
    status = main(
        [
            "report",
            str(snapshot),
            "--out",
            str(out),
            "--timezone",
            "Europe/Lisbon",
            "--working-hours",
            str(hours),
            "--as-of",
            "2026-11-02T00:00:00Z",
        ]
    )
    assert status == 0
    page = out.read_text(encoding="utf-8")
    markup = re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", markup)  # nothing fetched
    assert page.count("vegaEmbed('#chart-") == 6  # four, then the two of the topics
    assert "<td>Conversations</td><td>250</td>" in page
    assert "same" in page and "only_fetched" not in page  # fetched and derived agree
    assert not list(tmp_path.glob(".*partial"))


def test_text_from_the_data_is_escaped(account: Emulated) -> None:
    frames = account.frames
    hostile = Frames(
        {
            **{name: frames[name] for name in frames},
            "agents": frames.agents.with_columns(available_name=pl.lit(HOSTILE)),
            "inboxes": frames.inboxes.with_columns(name=pl.lit(HOSTILE)),
            "conversations": frames.conversations.with_columns(labels=pl.lit([HOSTILE])),
        }
    )
    page = report_html(hostile, scripts="")
    assert HOSTILE not in page
    assert "<img src=x" not in page and "alert(2)</script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # in the tables
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # in the chart specs


def test_bad_options_are_one_line_errors(
    snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hours = tmp_path / "hours.json"
    hours.write_text('{"1": {"timezone": "UTC", "monday": [["9", "17:00"]]}}')
    args = ["report", str(snapshot), "--out", str(tmp_path / "r.html")]
    assert main([*args, "--working-hours", str(hours)]) == 1
    assert "inbox 1" in capsys.readouterr().err
    assert main([*args, "--timezone", "Mars/Olympus"]) == 1
    assert "Mars/Olympus" in capsys.readouterr().err
    assert main([*args, "--as-of", "yesterday"]) == 1
    assert "--as-of" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_help_has_an_example() -> None:
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices["report"]  # type: ignore[union-attr]
    assert "example:" in (sub.epilog or "")


def test_bot_inboxes_reach_every_derivation_of_the_page(
    snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page derives events and per-conversation metrics: both with the bot inboxes."""
    import voxys_frames.reports.metrics as metrics
    import voxys_frames.reports.page as page

    told: list[object] = []
    real = metrics.derive

    def spy(frames: object, **options: object) -> object:
        told.append(options.get("bot_inboxes"))
        return real(frames, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(page, "derive", spy)
    monkeypatch.setattr(metrics, "derive", spy)
    out = tmp_path / "report.html"
    assert main(["report", str(snapshot), "--out", str(out), "--bot-inboxes", "1, 6"]) == 0
    assert len(told) == 2
    assert told == [frozenset({1, 6})] * 2
