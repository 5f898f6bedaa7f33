"""The HTML report really draws its charts in headless Chromium, offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reports.emulated import Emulated
from voxys_frames.reports.page import write_report

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=15000",
)

pytestmark = pytest.mark.browser


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is not installed")
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.slow
def test_charts_render_as_svg_with_marks(account: Emulated, tmp_path: Path) -> None:
    page = write_report(account.frames, tmp_path / "report.html", timezone="Europe/Lisbon")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert not re.search(r'id="chart-\d"[^>]*>chart failed', dom)
    charts = re.findall(r'<div class="chart[^"]*" id="chart-(\d)".*?</div>\s*<script', dom, re.S)
    assert sorted(charts) == ["1", "2", "3", "4", "5", "6"]  # 5 and 6: topics
    for number in "123456":
        block = dom.split(f'id="chart-{number}"', 1)[1].split("<script", 1)[0]
        assert "<svg" in block, f"chart {number} drew nothing"
        marks = len(re.findall(r'role="graphics-symbol"', block))
        assert marks >= 5, f"chart {number} has {marks} marks"
    heatmap = dom.split('id="chart-3"', 1)[1].split("<script", 1)[0]
    assert len(re.findall(r'role="graphics-symbol"', heatmap)) >= 7 * 24
    screenshot = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1200,2600", page.as_uri())
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
