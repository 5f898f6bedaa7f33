"""HTML for the explorer's counts, results table and thread view; every text escaped.

Customer and agent text is hostile input: it goes through :func:`esc` (``html.escape``
with quotes) before it reaches any HTML, links are made only from ``http(s)`` URLs,
and nothing here emits a script or an event attribute.

Examples
--------
>>> esc("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert(1)&gt;'
>>> link("javascript:alert(1)"), link("https://x.example/a?b=1&c=<2>")
('javascript:alert(1)', '<a href="https://x.example/a?b=1&amp;c=&lt;2&gt;" target="_blank" rel="noopener noreferrer">https://x.example/a?b=1&amp;c=&lt;2&gt;</a>')
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

import polars as pl

from voxys_frames.explorer.options import Names
from voxys_frames.links import ConversationLinks, Markup

STYLE: Final = """<style>
.vx-grid{border-collapse:collapse;font-size:12px;width:100%}
.vx-grid th,.vx-grid td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
.vx-grid th{background:#f3f3f3}
.vx-transcript{font-size:12px;max-height:600px;overflow:auto}
.vx-msg{border-left:3px solid #9ab;margin:6px 0;padding:4px 8px}
.vx-incoming{border-color:#4a90d9}
.vx-outgoing{border-color:#3a3;background:#f6fff6}
.vx-private{border-color:#d9a400;background:#fff8dc}
.vx-activity{border-color:#bbb;color:#666;font-style:italic}
.vx-template{border-color:#a6c}
.vx-badge{border:1px solid #aaa;border-radius:3px;font-size:10px;padding:0 3px;margin-left:4px}
.vx-content{white-space:pre-wrap;word-break:break-word;margin-top:2px}
.vx-meta{color:#555}
.vx-summaries{display:flex;flex-wrap:wrap;gap:12px}
.vx-summary{width:auto}
.vx-bar{background:#4c78a8;height:10px}
</style>"""


def esc(value: object) -> str:
    """``value`` as HTML text: ``None`` is empty, everything else escaped with quotes."""
    return "" if value is None else html.escape(str(value), quote=True)


def link(url: str | None) -> str:
    """A link for an ``http(s)`` URL; any other URL only as escaped text."""
    if not url:
        return ""
    if not url.lower().startswith(("https://", "http://")):
        return esc(url)
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'


def when(value: datetime | None) -> str:
    """A UTC timestamp to the minute."""
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def counts_html(conversations: int, messages: int, *, total: int, orphans: int) -> str:
    """The live counts line."""
    text = f"<b>{conversations:,}</b> of {total:,} conversations · <b>{messages:,}</b> messages"
    if orphans:
        text += f" <span class='vx-meta'>({orphans:,} messages of conversations not in the data are never selected)</span>"
    return text


TABLE_COLUMNS: Final = (
    "id",
    "status",
    "priority",
    "inbox",
    "assignee",
    "team",
    "labels",
    "contact",
    "created",
    "last activity",
    "messages",
)


def conversation_id(row: dict[str, Any], links: ConversationLinks | None) -> str:
    """``#id`` as HTML: a link into the app when ``links`` is set.

    >>> conversation_id({"account_id": 1, "id": 7}, None)
    '#7'
    """
    text = f"#{row['id']}"
    return links.anchor(row["account_id"], row["id"], text) if links else esc(text)


def table_html(
    rows: pl.DataFrame, names: Names, *, caption: str, links: ConversationLinks | None = None
) -> str:
    """One page of conversations as an HTML table (the page only, already sorted)."""
    head = "".join(f"<th>{esc(c)}</th>" for c in TABLE_COLUMNS)
    body = []
    for row in rows.iter_rows(named=True):
        cells = (
            Markup(conversation_id(row, links)),
            row["status"],
            row["priority"],
            names.inbox(row["inbox_id"]),
            names.agent(row["assignee_type"], row["assignee_id"]),
            names.team(row["team_id"]),
            ", ".join(row["labels"] or []),
            names.contact(row["account_id"], row["contact_id"]),
            when(row["created_at"]),
            when(row["last_activity_at"]),
            row["messages"],
        )
        body.append("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in cells) + "</tr>")
    if not body:
        body.append(f"<tr><td colspan='{len(TABLE_COLUMNS)}'>No conversation matches.</td></tr>")
    return (
        f"{STYLE}<table class='vx-grid'><caption>{esc(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _cell(value: object) -> str:
    return value if isinstance(value, Markup) else esc(value)


def _sender(message: dict[str, Any], names: Names) -> str:
    if message["message_type"] == "activity":
        return "activity"
    name = message["sender_name"] or names.agent(message["sender_type"], message["sender_id"])
    kind = message["sender_type"] or "unknown sender"
    return f"<b>{esc(name or 'unknown')}</b><span class='vx-badge'>{esc(kind)}</span>"


def _attachment(item: dict[str, Any]) -> str:
    parts = [esc(item["file_type"] or "file")]
    if item["extension"]:
        parts.append(esc(item["extension"]))
    if item["file_size"] is not None:
        parts.append(f"{item['file_size']:,} bytes")
    if item["fallback_title"]:
        parts.append(esc(item["fallback_title"]))
    if item["data_url"]:
        parts.append(link(item["data_url"]))
    return "<li>" + " · ".join(parts) + "</li>"


def _message(message: dict[str, Any], attachments: list[dict[str, Any]], names: Names) -> str:
    kind = message["message_type"] or "unknown"
    classes = [f"vx-msg vx-{esc(kind)}"]
    badges = [f"<span class='vx-badge'>{esc(kind)}</span>"]
    if message["private"]:
        classes.append("vx-private")
        badges.append("<span class='vx-badge'>private note</span>")
    if message["deleted"]:
        badges.append("<span class='vx-badge'>deleted</span>")
    content = message["content"]
    text = (
        esc(content)
        if content is not None
        else f"<i>({esc(message['content_type'] or 'no text')})</i>"
    )
    listed = "".join(_attachment(a) for a in attachments)
    files = f"<ul class='vx-attachments'>{listed}</ul>" if listed else ""
    return (
        f"<div class='{' '.join(classes)}' data-message-id='{esc(message['id'])}'>"
        f"<div class='vx-meta'>{_sender(message, names)} · {when(message['created_at'])}"
        f"{''.join(badges)}</div><div class='vx-content'>{text}</div>{files}</div>"
    )


def thread_html(
    conversation: dict[str, Any],
    messages: pl.DataFrame,
    attachments: pl.DataFrame,
    names: Names,
    *,
    links: ConversationLinks | None = None,
) -> str:
    """A conversation's transcript: header, then every message in time order."""
    by_message: dict[int, list[dict[str, Any]]] = {}
    for item in attachments.iter_rows(named=True):
        by_message.setdefault(item["message_id"], []).append(item)
    head = " · ".join(
        _cell(part)
        for part in (
            Markup(conversation_id(conversation, links)),
            conversation["status"],
            names.inbox(conversation["inbox_id"]),
            names.agent(conversation["assignee_type"], conversation["assignee_id"]) or "unassigned",
            names.team(conversation["team_id"]),
            ", ".join(conversation["labels"] or []),
            f"topic: {conversation['topic']}" if conversation.get("topic") else None,
            names.contact(conversation["account_id"], conversation["contact_id"]),
        )
        if part
    )
    attributes = conversation.get("custom_attributes")
    extra = f"<div class='vx-meta'>custom attributes: {esc(attributes)}</div>" if attributes else ""
    body = "".join(
        _message(m, by_message.get(m["id"], []), names) for m in messages.iter_rows(named=True)
    )
    return (
        f"{STYLE}<div class='vx-transcript'><div class='vx-thread-head'><b>{head}</b> · "
        f"{messages.height:,} messages</div>{extra}{body or '<i>No messages.</i>'}</div>"
    )


def summaries_html(summaries: Mapping[str, Sequence[tuple[str, int]]], *, total: int) -> str:
    """Column summaries as small tables with bars (share of the ``total`` selected)."""
    blocks = []
    for column, pairs in summaries.items():
        rows = "".join(
            f"<tr><td>{esc(value)}</td><td>{count:,}</td><td><div class='vx-bar' "
            f"style='width:{round(100 * count / total) if total else 0}px'></div></td></tr>"
            for value, count in pairs
        )
        blocks.append(
            f"<table class='vx-grid vx-summary'><caption>{esc(column)}</caption>"
            f"<thead><tr><th>value</th><th>conversations</th><th></th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return f"{STYLE}<div class='vx-summaries'>{''.join(blocks)}</div>"
