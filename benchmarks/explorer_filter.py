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
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.explorer_synthetic import synthetic_frames
from benchmarks.memory import peak_rss_mib
from voxys_frames.explorer import Explorer, explore
from voxys_frames.explorer.charts import chart_data
from voxys_frames.explorer.engine import SORT_KEYS
from voxys_frames.explorer.summaries import summarize
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


SEARCH_TERMS = (
    # common words and parts of words
    "order",
    "refund",
    "thanks",
    "password",
    "problem",
    "has a",
    "deliv",
    # rare, absent, numbers and punctuation
    "#12345",
    "48051",
    "zzzz",
    "0x80070005",
    "error 0x8",
    "?!",
    # phrases
    "My order has a",
    "refund problem",
    "card: hello",
    "problem, thanks",
    "subscription cancel",
    # other scripts, case folding of non-ASCII
    "REMBOURSEMENT",
    "straße",
    "İstanbul",
    "σφάλμα στην",
    "возврат",
    "ऑर्डर",
    "🙏",
    # CJK
    "订单",
    "退款申请",
    "返金",
    "パスワード",
    "주문한",
    # right to left
    "استرداد",
    "تسجيل الدخول",
    "החזר כספי",
    "הסיסמה",
)


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def report(label: str, figure: str, target: str = "") -> None:
    """One line of the summary: the figure and, if there is one, its target."""
    print(f"  {label:58s} {figure:>14s}   {('target ' + target) if target else ''}")


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def quiet(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, its printing swallowed (no kernel: Output widgets print)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return timed(action)


def search_times(explorer: Explorer, terms: tuple[str, ...]) -> list[float]:
    """Each term typed into the Text control (a new term each time), the update timed."""
    figures = []
    for term in terms:
        seconds = timed(lambda term=term: _set("text", term)(explorer))  # type: ignore[misc]
        figures.append(seconds)
        print(
            f"search {term!r:24s} {seconds * 1000:8.1f} ms   "
            f"{explorer.selection.messages:>11,} messages"
        )
    _set("text", "")(explorer)
    return figures


def sort_times(explorer: Explorer) -> tuple[list[float], list[float]]:
    """Each column sorted first in the table (orders precomputed), then each order
    computed again from scratch (what sorting costs before the background work is done)."""
    in_table = []
    for key in SORT_KEYS:
        for descending in (False, True):
            explorer.descending.value = descending
            seconds = timed(lambda key=key: setattr(explorer.sort_by, "value", key))  # type: ignore[misc]
            in_table.append(seconds)
    explorer.sort_by.value = "last_activity_at"
    explorer.descending.value = True
    engine = explorer.engine
    computed = []
    for key in SORT_KEYS:
        if key == "messages":
            continue
        kept = {k: engine._orders.pop(k) for k in [(key, False), (key, True)]}
        computed.append(timed(lambda key=key: engine._order(key, False)))  # type: ignore[misc]
        engine._orders.update(kept)
        print(
            f"sort order of {key:18s} computed in {computed[-1] * 1000:7.1f} ms (both directions)"
        )
    return in_table, computed


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
    opened = time.perf_counter() - started
    print(f"explore(): {opened:.1f} s (masks, default order, options, first page drawn)")
    early = timed(lambda: _set("text", "tracking")(explorer))
    ready_early = explorer.engine.text_index() is not None
    _set("text", "")(explorer)
    print(f"search before the index is ready: {early * 1000:.0f} ms (index ready: {ready_early})")
    started = time.perf_counter()
    explorer.engine.ready(wait=None)
    index = explorer.engine.text_index()
    assert index is not None
    background = time.perf_counter() - started + opened
    print(
        f"background work done {background:.1f} s after explore() was called; text index "
        f"built in {index.build_seconds:.1f} s, {index.nbytes / 2**20:,.0f} MiB, "
        f"{len(index.vocabulary):,} distinct tokens"
    )

    cold = replay(explorer, "cold")
    explorer.state = FilterState()
    explorer.sort_by.value = "last_activity_at"
    warm = replay(explorer, "warm")
    explorer.state = FilterState()

    searches = search_times(explorer, SEARCH_TERMS)
    letter = timed(lambda: _set("text", "e")(explorer))
    _set("text", "")(explorer)
    print(f"search 'e' (one letter, in most messages: scanned): {letter * 1000:.0f} ms")
    in_table, computed = sort_times(explorer)

    explorer.state = FilterState(statuses=("open", "pending"), text="refund")
    charts_first = quiet(lambda: explorer.tabs.set_trait("selected_index", 2))
    print(
        f"charts tab opened (4 clickable charts computed and drawn): {charts_first * 1000:.0f} ms"
    )
    data_only = timed(lambda: chart_data(explorer.engine, explorer.selection))
    seconds = timed(lambda: explorer.select(int(explorer.page_frame()["id"][0])))
    print(f"thread opened: {seconds * 1000:.0f} ms")
    explorer.state = FilterState()
    charts_all = quiet(explorer.draw_charts)
    print(f"charts with no filter (every message by hour of week): {charts_all * 1000:.0f} ms")
    zoned = FilterState(timezone="Asia/Kolkata")
    charts_zone = timed(lambda: chart_data(explorer.engine, explorer.engine.apply(zoned)))
    print(
        f"chart data in a new zone (Asia/Kolkata, its calendar computed): {charts_zone * 1000:.0f} ms"
    )
    summaries = []
    for state in (FilterState(), FilterState(statuses=("open",), text="refund")):
        selection = explorer.engine.apply(state)
        summaries.append(timed(lambda selection=selection: summarize(explorer.engine, selection)))  # type: ignore[misc]

    print("\nsummary (figure, target)")
    report("open: explore() until the first page is drawn", f"{opened:.1f} s")
    report("text index build (background)", f"{index.build_seconds:.1f} s")
    report("text index memory", f"{index.nbytes / 2**20:,.0f} MiB")
    report("search before the index is ready (scan)", milliseconds(early))
    report(
        f"first search of a term, median of {len(searches)}",
        milliseconds(median(searches)),
        "200 ms",
    )
    report(
        f"first search of a term, worst of {len(searches)}", milliseconds(max(searches)), "200 ms"
    )
    report("search of one letter 'e' (scan; not among the terms)", milliseconds(letter))
    report(
        "first sort by a column, worst of 14 (orders precomputed)",
        milliseconds(max(in_table)),
        "200 ms",
    )
    report("one column's order computed, worst of 7 (background)", milliseconds(max(computed)))
    report("charts tab, first draw (4 clickable charts)", milliseconds(charts_first), "1 s")
    report("chart data only (no drawing)", milliseconds(data_only))
    report("charts, no filter (all messages by hour)", milliseconds(charts_all), "1 s")
    report("chart data in a new time zone", milliseconds(charts_zone))
    report("column summaries, worst of 2 selections", milliseconds(max(summaries)))
    report("filter change, cold: median", milliseconds(median(cold)), "200 ms")
    report("filter change, cold: worst", milliseconds(max(cold)))
    report("filter change, warm: median", milliseconds(median(warm)))
    report("peak RSS (including generating the data)", f"{peak_rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
