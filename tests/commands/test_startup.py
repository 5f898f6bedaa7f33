"""``import voxys_frames`` and the command line's parsers stay light.

The time they take is measured by ``benchmarks/cli_startup.py``; here a fresh
interpreter checks *what* they import: none of the heavy libraries, which the handlers
and the lazily exported names import when they are used.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import get_args

import pytest

from voxys_frames.commands.report import PERIODS

#: Libraries that cost from a tenth of a second (httpx, numpy) to seconds (altair).
HEAVY = ("altair", "ipywidgets", "uvicorn", "polars", "pyarrow", "numpy", "httpx")


def heavy_modules_after(code: str) -> list[str]:
    """The heavy libraries a fresh interpreter has imported after running ``code``."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json, sys
        print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_importing_the_package_imports_no_heavy_library() -> None:
    assert heavy_modules_after("import voxys_frames") == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["fetch", "--help"],
        ["fetch", "--concurrency", "many"],
        ["report", "snapshot", "--out", "r.html", "--period", "fortnight"],
        ["emulator", "--port", "http"],
    ],
)
def test_help_and_bad_arguments_import_no_heavy_library(argv: list[str]) -> None:
    code = f"""
        import contextlib, io
        from voxys_frames.cli import main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                main({argv!r})
            except SystemExit:
                pass
        """
    assert heavy_modules_after(code) == []


def test_running_a_command_imports_what_it_needs() -> None:
    """The probe sees an import when there is one (so the tests above can fail)."""
    code = """
        import voxys_frames
        voxys_frames.Client
        """
    assert "httpx" in heavy_modules_after(code)


def test_report_periods_are_those_of_the_reports_but_all() -> None:
    from voxys_frames.reports.chatwoot import Period

    assert tuple(p for p in get_args(Period) if p != "all") == PERIODS
