"""docs/cli.md is exactly what the parsers print for ``--help``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from voxys_frames.clidoc import HELP_WIDTH, render_cli_reference

ROOT = Path(__file__).resolve().parents[2]


def test_cli_page_is_the_rendered_reference() -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert page == render_cli_reference(), (
        "docs/cli.md is stale: run `.venv/bin/python -m voxys_frames.clidoc > docs/cli.md`"
    )


def test_cli_page_matches_real_help_output() -> None:
    """The page holds the text a user sees from the installed command, not a copy of code."""
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    env = {"COLUMNS": str(HELP_WIDTH), "PATH": "/usr/bin:/bin"}
    shown = subprocess.run(
        [sys.executable, "-m", "voxys_frames.cli", "snapshots", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    ).stdout
    assert shown.strip() in page
