"""Every Python snippet of docs/recipes.md runs, and prints what the page says it prints.

Snippets run from a scratch directory holding a copy of the sample snapshot (so what they
write stays there); the fetch recipe reads a seeded emulator on 127.0.0.1 through the
``VOXYS_*`` variables, as a reader's shell would provide them. The Spark recipe runs in
its own interpreter: its ``spark.stop()`` must not stop a session other tests share.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from voxys_frames.emulator import Emulator, EmulatorConfig

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "docs" / "recipes.md"
SNIPPET = re.compile(r"```python\n(?P<code>.*?)```\n(?:\n```text\n(?P<printed>.*?)```\n)?", re.S)


def _snippets() -> list[tuple[str, str, str | None]]:
    text = RECIPES.read_text(encoding="utf-8")
    found = []
    for match in SNIPPET.finditer(text):
        heading = re.findall(r"^## (.+)$", text[: match.start()], re.M)[-1]
        found.append((heading, match["code"], match["printed"]))
    return found


def _params() -> Iterator[object]:
    for number, (heading, code, printed) in enumerate(_snippets(), start=1):
        marks = [pytest.mark.spark, pytest.mark.slow] if "pyspark" in code else []
        name = f"{number}-{heading.lower().replace(' ', '-')}"
        yield pytest.param(code, printed, id=name, marks=marks)


def test_the_page_has_snippets_and_outputs() -> None:
    snippets = _snippets()
    assert len(snippets) >= 8
    assert sum(printed is not None for _, _, printed in snippets) == len(snippets)


@pytest.mark.parametrize(("code", "printed"), list(_params()))
def test_snippet_runs_and_prints_what_the_page_shows(
    code: str,
    printed: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copytree(ROOT / "data" / "sample", tmp_path / "data" / "sample")
    if "pyspark" in code:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert done.stdout == printed
        return
    monkeypatch.chdir(tmp_path)
    output = io.StringIO()
    with contextlib.ExitStack() as stack:
        if "fetch(" in code:
            emulator = Emulator(EmulatorConfig(seed=5, conversations=30, token="recipes-token"))
            server = stack.enter_context(emulator.serve())
            monkeypatch.setenv("VOXYS_BASE_URL", server.base_url)
            monkeypatch.setenv("VOXYS_ACCOUNT_ID", str(server.account_id))
            monkeypatch.setenv("VOXYS_API_TOKEN", server.token)
        stack.enter_context(contextlib.redirect_stdout(output))
        exec(compile(code, str(RECIPES), "exec"), {"__name__": "recipe"})
    if printed is not None:
        assert output.getvalue() == printed
