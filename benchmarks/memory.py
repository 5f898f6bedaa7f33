"""Peak memory, read one way by every benchmark: ``VmHWM`` from ``/proc``.

Not ``ru_maxrss``: Linux carries a parent's peak into a child's ``ru_maxrss`` across the
``exec`` that starts it, so a child started by a process that held more memory would
report the parent's peak as its own.
"""

from __future__ import annotations

import os
from pathlib import Path


def proc_status_mib(pid: int, field: str) -> float:
    """``VmRSS`` or ``VmHWM`` (peak) of process ``pid`` in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mib() -> float:
    """This process's peak resident set size so far, in MiB."""
    return proc_status_mib(os.getpid(), "VmHWM")
