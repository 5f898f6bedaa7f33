"""Explorer column summaries and drill-down at 1,000,000 conversations.

Times, on synthetic frames (``explorer_synthetic.py``): coding the summary columns
once, one summary of a selection (status, inbox, assignee, first response, messages per
conversation) for a few selections, a filter change with the Summary tab closed and
open, drawing the clickable charts, and a drill-down click.

Usage::

    .venv/bin/python benchmarks/explorer_summaries.py
    .venv/bin/python benchmarks/explorer_summaries.py --conversations 100000 --messages 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.explorer_synthetic import synthetic_frames
from voxys_frames.explorer import explore
from voxys_frames.explorer.summaries import ColumnSummaries
from voxys_frames.filters import FilterState


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=5_000_000)
    args = parser.parse_args()
    frames = synthetic_frames(conversations=args.conversations, messages=args.messages)
    explorer = explore(frames)
    print(f"{args.conversations:,} conversations, {args.messages:,} messages")
    made: list[ColumnSummaries] = []
    seconds = timed(lambda: made.append(ColumnSummaries(explorer.engine, explorer.names)))
    print(f"summary columns coded once: {seconds * 1000:.0f} ms")
    for state in (
        FilterState(),
        FilterState(statuses=("open",)),
        FilterState(statuses=("open",), text="refund"),
    ):
        selection = explorer.engine.apply(state)
        seconds = min(timed(lambda s=selection: made[0].of(s)) for _ in range(3))  # type: ignore[misc]
        print(f"summary of {selection.conversations:>9,} conversations: {seconds * 1000:6.1f} ms")
    explorer.state = FilterState()
    closed = timed(lambda: setattr(explorer.controls.status, "value", ("pending",)))
    explorer.state = FilterState()
    explorer.tabs.selected_index = 5
    opened = timed(lambda: setattr(explorer.controls.status, "value", ("pending",)))
    print(
        f"filter change, Summary tab closed: {closed * 1000:.0f} ms; open: {opened * 1000:.0f} ms"
    )
    explorer.state = FilterState()
    explorer.tabs.selected_index = 2
    seconds = timed(explorer.draw_charts)
    print(
        f"clickable charts drawn ({len(explorer.chart_marks.buttons)} marks): {seconds * 1000:.0f} ms"
    )
    label = next(b for b in explorer.chart_marks.buttons if "vx-mark-labels" in b._dom_classes)
    seconds = timed(label.click)
    print(
        f"drill-down click on a label (filters set, counts, table, charts redrawn): "
        f"{seconds * 1000:.0f} ms -> {explorer.selection.conversations:,} conversations"
    )


if __name__ == "__main__":
    main()
