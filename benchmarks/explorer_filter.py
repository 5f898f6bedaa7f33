"""Explorer: how long a filter change takes in the kernel at 1,000,000 conversations.

Builds synthetic frames with the declared schemas (see ``explorer_synthetic.py`` for
how they are made), opens the explorer on them, then sets one control after another
as a user would (``control.value = ...``) and times the whole update: the selection,
the live counts, the sorted first page rendered to HTML and the polars code. Each
change is timed cold (first time that filter value is seen) and then again warm
(after clearing every filter, the same sequence replayed). Chart drawing (only when
the Charts tab is open) and opening a thread are timed separately.

Usage::

    .venv/bin/python benchmarks/explorer_filter.py                      # 1M / 20M
    .venv/bin/python benchmarks/explorer_filter.py --conversations 100000 --messages 2000000
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.explorer_synthetic import synthetic_frames
from voxys_frames.explorer import Explorer, explore
from voxys_frames.filters import FilterState

Change = tuple[str, Callable[[Explorer], None]]


def _set(control: str, value: object) -> Callable[[Explorer], None]:
    def apply(explorer: Explorer) -> None:
        getattr(explorer.controls, control).value = value

    return apply


CHANGES: list[Change] = [
    ("status = open, pending", _set("status", ("open", "pending"))),
    ("inbox = 1, 2, 3", _set("inbox", (1, 2, 3))),
    ("assignee = unassigned, User 5", _set("assignee", (None, ("User", 5)))),
    ("team = none, 2", _set("team", (None, 2))),
    ("labels any = vip, bug", _set("labels", ("vip", "bug"))),
    ("labels match = all", _set("labels_match", "all")),
    ("labels match = any", _set("labels_match", "any")),
    ("priority = none, high", _set("priority", (None, "high"))),
    (
        "channel = 3 channels",
        _set("channel", ("Channel::WebWidget", "Channel::Email", "Channel::Whatsapp")),
    ),
    ("created from 2025-03-01", _set("date_from", date(2025, 3, 1))),
    ("created to 2026-06-30", _set("date_to", date(2026, 6, 30))),
    ("waiting = unattended", _set("waiting", "unattended")),
    ("attribute plan", lambda e: setattr(e.controls.attributes.add_row().key, "value", "plan")),
    (
        "attribute plan = pro",
        lambda e: setattr(e.controls.attributes.rows[-1].text, "value", "pro"),
    ),
    ("message type = incoming", _set("message_type", ("incoming",))),
    ("text = refund", _set("text", "refund")),
    ("status = open", _set("status", ("open",))),
    ("text cleared", _set("text", "")),
    ("sort by created_at", lambda e: setattr(e.sort_by, "value", "created_at")),
    ("next page", lambda e: e.next_page.click()),
]


def rss_mib() -> float:
    """Peak resident set size of this process in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def replay(explorer: Explorer, label: str) -> list[float]:
    """Apply every change in order, print and return their times."""
    figures = []
    for name, change in CHANGES:
        seconds = timed(lambda change=change: change(explorer))  # type: ignore[misc]
        figures.append(seconds)
        print(
            f"{label:5s} {name:32s} {seconds * 1000:8.1f} ms   "
            f"{explorer.selection.conversations:>9,} conversations {explorer.selection.messages:>11,} messages"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=20_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    frames = synthetic_frames(
        conversations=args.conversations, messages=args.messages, seed=args.seed
    )
    print(
        f"synthetic frames: {args.conversations:,} conversations, {args.messages:,} messages "
        f"in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    explorer = explore(frames)
    print(f"explore(): {time.perf_counter() - started:.1f} s (masks, sort order, options)")

    cold = replay(explorer, "cold")
    explorer.state = FilterState()
    explorer.sort_by.value = "last_activity_at"
    warm = replay(explorer, "warm")

    with contextlib.redirect_stdout(io.StringIO()):  # no kernel: Output widgets print
        seconds = timed(lambda: explorer.tabs.set_trait("selected_index", 2))
    print(f"charts tab opened (4 clickable charts computed and drawn): {seconds * 1000:.0f} ms")
    seconds = timed(lambda: explorer.select(int(explorer.page_frame()["id"][0])))
    print(f"thread opened: {seconds * 1000:.0f} ms")
    explorer.state = FilterState()
    with contextlib.redirect_stdout(io.StringIO()):
        seconds = timed(explorer.draw_charts)
    print(f"charts with no filter (every message by hour of week): {seconds * 1000:.0f} ms")

    slow = [name for (name, _), c in zip(CHANGES, cold, strict=True) if c > 0.2]
    print(
        f"filter changes (cold): median {sorted(cold)[len(cold) // 2] * 1000:.0f} ms, "
        f"max {max(cold) * 1000:.0f} ms; over 200 ms: {', '.join(slow) or 'none'}"
    )
    print(
        f"filter changes (warm): median {sorted(warm)[len(warm) // 2] * 1000:.0f} ms, "
        f"max {max(warm) * 1000:.0f} ms"
    )
    print(f"peak RSS: {rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
