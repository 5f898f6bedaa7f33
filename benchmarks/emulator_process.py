"""The emulator as a separate process, for benchmarks that measure across processes.

Every benchmark that talks to the emulator over loopback starts it the same way:
``voxys-frames emulator --port 0`` with no rate limit, then reads the one JSON line it
prints once the port is bound.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def emulator_command(conversations: int, token: str, *extra: str) -> list[str]:
    """The command line of an unthrottled emulator of ``conversations`` on a free port."""
    return [
        sys.executable,
        "-m",
        "voxys_frames.cli",
        "emulator",
        "--port",
        "0",
        "--conversations",
        str(conversations),
        "--token",
        token,
        "--rate-limit",
        "0",
        *extra,
    ]


@contextmanager
def emulator_process(
    conversations: int, token: str, *extra: str
) -> Iterator[tuple[subprocess.Popen[str], dict[str, Any]]]:
    """Start the emulator, yield the process and its ready line, stop it on exit."""
    process = subprocess.Popen(
        emulator_command(conversations, token, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process, dict(json.loads(process.stdout.readline()))
    finally:
        process.terminate()
        process.wait(timeout=60)
