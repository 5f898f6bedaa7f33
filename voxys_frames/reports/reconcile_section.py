"""The report page's reconciliation section: the server's figures against ours.

It takes :func:`~voxys_frames.reports.reconcile.reconcile`'s frame (or the error met
reaching the server) and shows how many figures were compared, how many differ and
how many stay unexplained, the count of each explanation with its meaning, and the
differing figures (agents, inboxes and teams by their snapshot names). Every cell is
HTML-escaped.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.reports.reconcile import RECONCILE_SCHEMA
>>> result = pl.DataFrame([("resolutions_count", "inbox", 1, "all", 3.0, 2.0, -1.0,
...                         "events_vs_distinct_conversations")], schema=RECONCILE_SCHEMA, orient="row")
>>> html = "\\n".join(reconcile_section(result, {}))
>>> "1 figures compared, 1 differ, 0 unexplained" in html
True
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Final

import polars as pl

from voxys_frames.reports.reconcile import MEANINGS
from voxys_frames.reports.tables import html_table

__all__ = ["SHOWN", "reconcile_section"]

SHOWN: Final = 200
"""At most this many differing figures are listed (the counts cover them all)."""
HEADING: Final = "<h2>Reconciliation with the server's reports</h2>"
NAMED: Final[Mapping[str, str]] = {"agent": "agents", "inbox": "inboxes", "team": "teams"}


def _names(frames: Mapping[str, pl.DataFrame]) -> dict[tuple[str, int], str]:
    """(dimension, id) -> the snapshot's name of that agent, inbox or team."""
    found: dict[tuple[str, int], str] = {}
    for dimension, table in NAMED.items():
        frame = frames.get(table)
        if frame is None or not {"id", "name"} <= set(frame.columns):
            continue
        if "type" in frame.columns:
            frame = frame.filter(pl.col("type").is_null() | (pl.col("type") == "User"))
        for ident, name in frame.select("id", "name").iter_rows():
            if ident is not None and name is not None:
                found[(dimension, ident)] = str(name)
    return found


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def reconcile_section(
    result: pl.DataFrame | None,
    frames: Mapping[str, pl.DataFrame],
    *,
    error: str | None = None,
) -> list[str]:
    """The section's HTML parts; a note instead when the server could not be reached.

    ``frames`` gives the names of agents, inboxes and teams.

    >>> reconcile_section(None, {}, error="the server was not reached: <timeout>")[1]
    '<p class="note">Not compared: the server was not reached: &lt;timeout&gt;</p>'
    """
    if result is None:
        reason = error or "no comparison was made"
        return [HEADING, f'<p class="note">Not compared: {escape(reason)}</p>']
    differing = result.filter(pl.col("explanation").is_not_null())
    unexplained = differing.filter(pl.col("explanation") == "unexplained").height
    names = _names(frames)
    counts = differing.group_by("explanation").len().sort("len", "explanation", descending=True)
    rows = [
        (
            row["metric"],
            row["dimension"],
            _who(row["dimension"], row["dimension_id"], names),
            row["period"],
            _number(row["ours"]),
            _number(row["server"]),
            _number(row["difference"]),
            row["explanation"],
        )
        for row in differing.head(SHOWN).iter_rows(named=True)
    ]
    parts = [
        HEADING,
        f'<p class="meta">{result.height} figures compared, {differing.height} differ,'
        f" {unexplained} unexplained</p>",
    ]
    if counts.height:
        parts.append(
            html_table(
                ["explanation", "figures", "meaning"],
                [
                    (name, str(n), " + ".join(MEANINGS.get(p, "") for p in name.split("+")))
                    for name, n in counts.iter_rows()
                ],
            )
        )
        header = ["metric", "dimension", "who", "period", "ours", "server", "difference"]
        parts.append(html_table([*header, "explanation"], rows))
    if differing.height > SHOWN:
        parts.append(
            f'<p class="note">{differing.height - SHOWN} more differing figures not shown.</p>'
        )
    return parts


def _who(dimension: str, ident: int | None, names: Mapping[tuple[str, int], str]) -> str:
    if ident is None:
        return "account" if dimension == "account" else ""
    return names.get((dimension, ident)) or f"{dimension} {ident}"
