"""Interrupted crawls resume into the same snapshot: kill -9 of the command, a lost network."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import TOKEN, make_config
from tests.crawl.conftest import assert_same_snapshot
from voxys_frames.api.retry import RetryPolicy, no_waiting
from voxys_frames.crawl import fetch
from voxys_frames.emulator import Emulator, ServerInfo
from voxys_frames.exceptions import TransportError
from voxys_frames.snapshot import list_snapshots, read_manifest

CLI = [sys.executable, "-m", "voxys_frames.cli", "fetch"]


@pytest.fixture(scope="module")
def slow() -> Emulator:
    return Emulator(make_config(seed=13, conversations=160, latency=0.03))


@pytest.fixture(scope="module")
def slow_server(slow: Emulator) -> Iterator[ServerInfo]:
    with slow.serve() as info:
        yield info


@pytest.fixture(scope="module")
def clean_snapshot(slow_server: ServerInfo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    return fetch(
        slow_server.base_url, slow_server.account_id, TOKEN, out, quiet=True, rate_limit=None
    ).path


def command(server: ServerInfo, out: Path, *extra: str) -> list[str]:
    return [
        *CLI,
        "--base-url",
        server.base_url,
        "--account-id",
        str(server.account_id),
        "--out",
        str(out),
        "--rate-limit",
        "0",
        "--concurrency",
        "2",
        "--checkpoint-seconds",
        "0.1",
        "--quiet",
        *extra,
    ]


def environment() -> dict[str, str]:
    return {**os.environ, "VOXYS_API_TOKEN": TOKEN}


@pytest.mark.slow
def test_kill_9_then_resume_gives_the_same_snapshot(
    slow_server: ServerInfo, clean_snapshot: Path, tmp_path: Path
) -> None:
    out = tmp_path / "snapshots"
    crawl = subprocess.Popen(command(slow_server, out), env=environment())
    deadline = time.monotonic() + 60
    journal: list[Path] = []
    while time.monotonic() < deadline and crawl.poll() is None:
        journal = list(out.glob(".crawl-*/journal.jsonl"))
        if journal and len(journal[0].read_bytes().splitlines()) >= 3:
            break
        time.sleep(0.02)
    assert crawl.poll() is None, "the crawl ended before it could be killed"
    crawl.send_signal(signal.SIGKILL)
    crawl.wait(timeout=10)
    assert list_snapshots(out) == [], "a killed crawl leaves no snapshot"
    done = len(journal[0].read_bytes().splitlines())

    resumed = subprocess.run(
        command(slow_server, out, "--resume"),
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    path = Path(resumed.stdout.strip().splitlines()[-1])
    assert path.parent == out and path.is_dir()
    manifest = read_manifest(path)
    assert manifest["crawl"]["resumed"] is True
    assert done >= 3
    assert_same_snapshot(clean_snapshot, path)
    assert not list(out.glob(".crawl-*"))


class FailingAfter(httpx.BaseTransport):
    """Passes ``limit`` requests to ``inner``, then the network is gone."""

    def __init__(self, inner: httpx.BaseTransport, limit: int) -> None:
        self.inner = inner
        self.limit = limit
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        if self.sent > self.limit:
            msg = "network is unreachable"
            raise httpx.ConnectError(msg, request=request)
        return self.inner.handle_request(request)


@pytest.mark.slow
def test_lost_network_then_resume_gives_the_same_snapshot(tmp_path: Path) -> None:
    emulator = Emulator(make_config(seed=13, conversations=160))
    kwargs = {"quiet": True, "rate_limit": None, "checkpoint_seconds": 0.0}
    clean = fetch(
        "http://localhost", 1, TOKEN, tmp_path / "clean", transport=emulator.transport(), **kwargs
    )  # type: ignore[arg-type]
    out = tmp_path / "interrupted"
    with no_waiting(), pytest.raises(TransportError, match="resume") as failure:
        fetch(
            "http://localhost",
            1,
            TOKEN,
            out,
            transport=FailingAfter(emulator.transport(), 90),
            retry=RetryPolicy(attempts=2),
            **kwargs,  # type: ignore[arg-type]
        )
    assert TOKEN not in str(failure.value)
    assert list_snapshots(out) == []
    resumed = fetch(
        "http://localhost",
        1,
        TOKEN,
        out,
        transport=emulator.transport(),
        resume=True,
        **kwargs,  # type: ignore[arg-type]
    )
    assert resumed.resumed
    assert_same_snapshot(clean.path, resumed.path)
