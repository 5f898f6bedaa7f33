"""The wheel, installed with pip into a fresh virtual environment, does an analyst's job.

The wheel is built from the checkout (``uv build``), installed with pip outside the
checkout into a new environment (no dev group: the versions of ``uv.lock`` are given as
constraints only), and used from there as a user would: ``voxys-frames fetch`` against
the emulator served by this test process, ``import voxys_frames; explore(...)`` and
``voxys-frames report`` on the result. The ``emulator`` extra is then checked both ways:
missing, ``voxys-frames demo`` says how to install it; installed, the demo runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TOKEN, make_config
from voxys_frames.emulator import Emulator, EmulatorConfig, ServerInfo

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[1]
EXTRA_HINT = "pip install 'voxys-frames[emulator]'"


@dataclass(frozen=True)
class Installed:
    """The built wheel and the environment it is installed in."""

    wheel: Path
    venv: Path
    constraints: Path
    work: Path

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``command`` in the work directory, outside the checkout, with a clean env."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
            and not key.startswith(("VOXYS_", "UV_"))
        }
        env["VOXYS_API_TOKEN"] = TOKEN
        done = subprocess.run(
            list(command), cwd=self.work, env=env, capture_output=True, text=True, timeout=900
        )
        if check and done.returncode != 0:
            pytest.fail(f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done


def _uv() -> str:
    found = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    if not Path(found).exists():
        pytest.fail("uv not found: run `make setup` (it bootstraps uv into .tools/)")
    return found


@pytest.fixture(scope="module")
def emulator_config() -> EmulatorConfig:
    return make_config(seed=3, conversations=40)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    uv = _uv()
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(base / "dist"), "--python", sys.executable],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    (wheel,) = (base / "dist").glob("voxys_frames-*.whl")
    constraints = base / "constraints.txt"
    subprocess.run(
        [
            *(uv, "export", "--frozen", "--no-dev", "--all-extras", "--no-emit-project"),
            *("--no-hashes", "--format", "requirements.txt", "--output-file", str(constraints)),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    work = base / "work"
    work.mkdir()
    done = Installed(wheel=wheel, venv=venv, constraints=constraints, work=work)
    done.run(done.bin("pip"), "install", "--quiet", "--constraint", str(constraints), str(wheel))
    return done


def test_the_wheel_holds_the_package_its_typing_marker_and_the_command(
    installed: Installed,
) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = wheel.read(entry_points).decode()
    assert "voxys_frames/py.typed" in names
    assert "voxys_frames/emulator/server.py" in names
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "benchmarks/"))]
    assert "voxys-frames = voxys_frames.cli:main" in scripts


def test_fetch_explore_and_report_from_the_installed_package(
    installed: Installed, emulator: Emulator, server: ServerInfo
) -> None:
    listed = installed.run(installed.bin("pip"), "list", "--format=freeze").stdout
    assert "voxys-frames==" in listed
    assert "pytest==" not in listed and "uvicorn==" not in listed, "no dev group, no extra"
    fetched = installed.run(
        installed.bin("voxys-frames"),
        "fetch",
        "--base-url",
        server.base_url,
        "--account-id",
        str(server.account_id),
        "--out",
        "snapshots",
        "--rate-limit",
        "0",
        "--quiet",
    )
    snapshot = installed.work / fetched.stdout.strip().splitlines()[-1]
    assert (snapshot / "manifest.json").is_file()
    explored = installed.run(
        installed.bin("python"),
        "-c",
        "import sys, voxys_frames\n"
        "print(voxys_frames.__file__)\n"
        "explorer = voxys_frames.explore(sys.argv[1])\n"
        "print(repr(explorer))\n",
        str(snapshot),
    ).stdout.splitlines()
    assert Path(explored[0]).is_relative_to(installed.venv), "imported from the new environment"
    count = emulator.world.count
    assert explored[1].startswith(f"Explorer({count} of {count} conversations"), explored[1]
    installed.run(installed.bin("voxys-frames"), "report", str(snapshot), "--out", "report.html")
    report = (installed.work / "report.html").read_text(encoding="utf-8")
    assert "First response time" in report and "vegaEmbed" in report


def test_the_emulator_extra_is_named_when_missing_then_the_demo_runs(
    installed: Installed,
) -> None:
    missing = installed.run(
        installed.bin("voxys-frames"), "demo", "--conversations", "5", "--quiet", check=False
    )
    assert missing.returncode == 1
    assert EXTRA_HINT in missing.stderr
    assert "Traceback" not in missing.stderr
    installed.run(
        installed.bin("pip"),
        "install",
        "--quiet",
        "--constraint",
        str(installed.constraints),
        f"voxys-frames[emulator] @ {installed.wheel.as_uri()}",
    )
    demo = installed.run(
        installed.bin("voxys-frames"),
        "demo",
        "--conversations",
        "20",
        "--out",
        "demo-snapshots",
        "--report",
        "demo.html",
        "--quiet",
    )
    snapshot = installed.work / demo.stdout.strip().splitlines()[-1]
    assert (snapshot / "manifest.json").is_file()
    assert (installed.work / "demo.html").is_file()
