"""Small HTML pieces of the report: escaped tables and readable durations.

>>> duration(5400.0), duration(None), duration(42.0)
('1 h 30 min', '-', '42 s')
>>> html_table(["who"], [("<b>",)])
'<table><tr><th>who</th></tr>\\n<tr><td>&lt;b&gt;</td></tr></table>'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from voxys_frames.links import Markup


def duration(seconds: float | None) -> str:
    """Seconds as ``2 d 3 h``, ``1 h 30 min``, ``12 min`` or ``42 s``; a dash for none."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    days, rest = divmod(whole, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def html_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table whose every cell is HTML-escaped (but :class:`~voxys_frames.links.Markup`)."""
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "\n".join(
        "<tr>"
        + "".join(f"<td>{cell if isinstance(cell, Markup) else escape(cell)}</td>" for cell in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>\n{body}</table>"
