"""A hand-built account and a real HTTP server answering its reports with hand-made figures.

The emulator computes its reports by Chatwoot's rules, as the toolkit does, so it
never shows a difference of another rule. :class:`ReportServer` serves, on
127.0.0.1, whatever figures a test writes down for each window: Chatwoot's, worked
out by hand from ``chatwoot-reports-api.md`` for the timelines below, or those of a
server that follows another rule.

The account (window ``WINDOW``: 2026-03-10 00:00 to 2026-03-11 00:00 UTC), inbox 1,
team 1 "Billing", label "billing" (id 9 on the server), users 4 (Dima) and 5 (Kai):

* conversation 1, created 2026-03-09 09:00 (before the window), assigned to Dima;
  Dima's first reply 2026-03-10 10:00 (first response 90000 s) and resolution at
  11:00 (93600 s) fall inside the window;
* conversation 2, created 2026-03-10 09:00, assigned to Dima: reply at 09:02 (120 s),
  resolved at 09:10 (600 s), reopened at 09:20, customer writes at 09:25, resolved
  again at 09:40 (2400 s): two resolution events of one conversation;
* conversation 3, created 2026-03-10 20:00, assigned to Kai: reply at 20:05 (300 s),
  resolved by Kai 2026-03-11 02:00 (after the window: 21600 s);
* conversation 4, created 2026-03-12 08:00 (after the window), one incoming message:
  the snapshot's last moment lies after the window;
* conversation 5, created 2026-03-10 12:00, one incoming message, no assignee, team
  or label.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import polars as pl

from voxys_frames.api.client import ApiClient
from voxys_frames.tables.frames import Frames

TOKEN = "planted-report-token-7c1d"
SINCE = datetime(2026, 3, 10, tzinfo=UTC)
UNTIL = datetime(2026, 3, 11, tzinfo=UTC)
DIMA, KAI = 4, 5
USERS = {DIMA: ("Dmitri Volkov", "Dima"), KAI: ("Kai Müller", "Kai Müller")}
BILLING_ID = 9
KINDS = ["incoming", "outgoing", "activity", "template"]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of March 2026, UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


# (conversation, time, kind, sender user or None, activity text)
Step = tuple[int, datetime, str, int | None, str | None]


def _timeline(*, resolved_later: bool) -> list[Step]:
    steps: list[Step] = [
        (1, at(9, 9), "incoming", None, None),
        (
            1,
            at(9, 9) + timedelta(seconds=10),
            "activity",
            None,
            "Assigned to Dmitri Volkov by System",
        ),
        (1, at(10, 10), "outgoing", DIMA, None),
        (1, at(10, 11), "activity", None, "Conversation was marked resolved by Dima"),
        (2, at(10, 9), "incoming", None, None),
        (
            2,
            at(10, 9) + timedelta(seconds=10),
            "activity",
            None,
            "Assigned to Dmitri Volkov by System",
        ),
        (2, at(10, 9, 2), "outgoing", DIMA, None),
        (2, at(10, 9, 10), "activity", None, "Conversation was marked resolved by Dima"),
        (2, at(10, 9, 20), "activity", None, "Conversation was reopened by Dima"),
        (2, at(10, 9, 25), "incoming", None, None),
        (2, at(10, 9, 40), "activity", None, "Conversation was marked resolved by Dima"),
        (5, at(10, 12), "incoming", None, None),
        (3, at(10, 20), "incoming", None, None),
        (
            3,
            at(10, 20) + timedelta(seconds=10),
            "activity",
            None,
            "Assigned to Kai Müller by System",
        ),
        (3, at(10, 20, 5), "outgoing", KAI, None),
    ]
    if resolved_later:
        steps.append(
            (3, at(11, 2), "activity", None, "Conversation was marked resolved by Kai Müller")
        )
    return steps


def account_frames(*, with_conversation_4: bool = True, resolved_later: bool = True) -> Frames:
    """The account's snapshot tables.

    ``resolved_later=False`` leaves out conversation 3's resolution and, with
    ``with_conversation_4=False``, the snapshot ends at Kai's reply (2026-03-10 20:05).
    """
    steps = _timeline(resolved_later=resolved_later)
    if with_conversation_4:
        steps.append((4, at(12, 8), "incoming", None, None))
    messages = pl.DataFrame(
        [
            {
                "id": number,
                "conversation_id": cid,
                "inbox_id": 1,
                "message_type": kind,
                "private": False,
                "created_at": moment,
                "sender_type": "User" if user else ("Contact" if kind == "incoming" else None),
                "sender_id": user or (70 + cid if kind == "incoming" else None),
                "content": text or "text",
            }
            for number, (cid, moment, kind, user, text) in enumerate(steps, start=100)
        ],
        schema={
            "id": pl.Int64(),
            "conversation_id": pl.Int64(),
            "inbox_id": pl.Int64(),
            "message_type": pl.Enum(KINDS),
            "private": pl.Boolean(),
            "created_at": pl.Datetime("us", "UTC"),
            "sender_type": pl.String(),
            "sender_id": pl.Int64(),
            "content": pl.String(),
        },
        orient="row",
    )
    ids = [1, 2, 3, 4, 5] if with_conversation_4 else [1, 2, 3, 5]
    created = {1: at(9, 9), 2: at(10, 9), 3: at(10, 20), 4: at(12, 8), 5: at(10, 12)}
    assignee = {1: DIMA, 2: DIMA, 3: KAI, 4: None, 5: None}
    conversations = pl.DataFrame(
        {
            "account_id": [1] * len(ids),
            "id": ids,
            "inbox_id": [1] * len(ids),
            "created_at": [created[i] for i in ids],
            "assignee_id": [assignee[i] for i in ids],
            "assignee_type": ["User" if assignee[i] else None for i in ids],
            "team_id": [1 if assignee[i] else None for i in ids],
            "labels": [["billing"] if assignee[i] else [] for i in ids],
        },
        schema_overrides={
            "assignee_id": pl.Int64(),
            "team_id": pl.Int64(),
            "labels": pl.List(pl.String()),
        },
    )
    agents = pl.DataFrame(
        {
            "account_id": [1, 1],
            "type": ["User", "User"],
            "id": list(USERS),
            "name": [name for name, _ in USERS.values()],
            "available_name": [short for _, short in USERS.values()],
        }
    )
    teams = pl.DataFrame({"account_id": [1], "id": [1], "name": ["Billing"]})
    inboxes = pl.DataFrame({"account_id": [1], "id": [1], "name": ["Website"], "timezone": ["UTC"]})
    return Frames(
        {
            "conversations": conversations,
            "messages": messages,
            "agents": agents,
            "teams": teams,
            "inboxes": inboxes,
        }
    )


def summary_row(
    ident: int,
    conversations: int,
    resolved: int,
    first_response: float | None,
    resolution: float | None,
    reply: float | None,
) -> dict[str, Any]:
    """One row of ``summary_reports/{agent,inbox,team}``."""
    return {
        "id": ident,
        "conversations_count": conversations,
        "resolved_conversations_count": resolved,
        "avg_first_response_time": first_response,
        "avg_resolution_time": resolution,
        "avg_reply_time": reply,
    }


def chatwoot_answers() -> dict[str, Any]:
    """What Chatwoot answers over ``SINCE...UNTIL`` for :func:`account_frames`, by hand.

    Conversations by creation (2, 3 and 5), messages by theirs (incoming 09:00, 09:25,
    12:00, 20:00; outgoing 10:00, 09:02, 20:05), resolutions and averages by the event's date:
    resolutions of 1 (93600), 2 (600) and 2 again (2400) -> 3, mean 32200; first
    responses 90000, 120, 300 -> mean 30140 (Dima 45060, Kai 300); no reply times.
    Labels: conversations created in the window (2, 3), every event of theirs: first
    responses 120, 300 -> 210, resolutions 600, 2400, 21600 -> 8200, no reply -> 0;
    resolved count by event date: 3.
    """
    return {
        "reports/summary": {
            "conversations_count": 3,
            "incoming_messages_count": 4,
            "outgoing_messages_count": 3,
            "avg_first_response_time": 30140.0,
            "avg_resolution_time": 32200.0,
            "resolutions_count": 3,
            "reply_time": None,
        },
        "summary_reports/agent": [
            summary_row(DIMA, 1, 3, 45060.0, 32200.0, None),
            summary_row(KAI, 1, 0, 300.0, None, None),
        ],
        "summary_reports/inbox": [summary_row(1, 3, 3, 30140.0, 32200.0, None)],
        "summary_reports/team": [summary_row(1, 2, 3, 30140.0, 32200.0, None)],
        "summary_reports/label": [
            {
                "id": BILLING_ID,
                "name": "billing",
                "conversations_count": 2,
                "avg_resolution_time": 8200.0,
                "avg_first_response_time": 210.0,
                "avg_reply_time": 0,
                "resolved_conversations_count": 3,
            }
        ],
    }


Answers = Mapping[str, Any]
"""Body by path below the account (``reports/summary``, ``summary_reports/team``...)."""


@dataclass
class ReportServer:
    """Hand-made answers by window (epoch ``since``, ``until``); anything else is a 404."""

    windows: dict[tuple[int, int], Answers]
    v1: dict[str, Any] = field(default_factory=dict)
    """Bodies of v1 paths below the account (``conversations/3/reporting_events``)."""
    asked: list[str] = field(default_factory=list)

    def answer(self, path: str, query: Mapping[str, list[str]]) -> tuple[int, Any]:
        for prefix, bodies in (("/api/v2/accounts/1/", None), ("/api/v1/accounts/1/", self.v1)):
            if not path.startswith(prefix):
                continue
            rest = path.removeprefix(prefix)
            if bodies is not None:
                return (200, bodies[rest]) if rest in bodies else (404, {"error": "not found"})
            window = (int(query["since"][0]), int(query["until"][0]))
            found = self.windows.get(window, {})
            if rest in found:
                return 200, found[rest]
        return 404, {"error": "not found"}

    @contextmanager
    def serve(self) -> Iterator[ApiClient]:
        """Serve on 127.0.0.1 (a free port); yield a client of it."""
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                owner.asked.append(self.path)
                if self.headers.get("api_access_token") != TOKEN:
                    status, body = 401, {"error": "You need to sign in"}
                else:
                    status, body = owner.answer(parts.path, parse_qs(parts.query))
                data = orjson.dumps(body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            port = server.server_address[1]
            with ApiClient(f"http://127.0.0.1:{port}", 1, TOKEN, rate_limit=None) as client:
                yield client
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


def window(since: datetime, until: datetime) -> tuple[int, int]:
    """A window's key: its bounds in epoch seconds."""
    return int(since.timestamp()), int(until.timestamp())


def reporting_event(
    pk: int, name: str, start: datetime, end: datetime, user: int | None, value: float | None = None
) -> dict[str, Any]:
    """One event of ``conversations/{id}/reporting_events`` (``conversation_id``: the key)."""
    seconds = (end - start).total_seconds() if value is None else value
    return {
        "id": pk * 100 + int(end.timestamp()) % 100,
        "name": name,
        "value": seconds,
        "value_in_business_hours": 0.0,
        "event_start_time": start.isoformat().replace("+00:00", "Z"),
        "event_end_time": end.isoformat().replace("+00:00", "Z"),
        "account_id": 1,
        "inbox_id": 1,
        "user_id": user,
        "conversation_id": pk,
        "created_at": end.isoformat().replace("+00:00", "Z"),
        "updated_at": end.isoformat().replace("+00:00", "Z"),
    }


def chatwoot_conversation_events() -> dict[str, Any]:
    """``conversations/{2,3}/reporting_events`` as Chatwoot writes them (primary keys 802, 803)."""
    created_2, created_3 = at(10, 9), at(10, 20)
    return {
        "conversations/2/reporting_events": [
            reporting_event(802, "first_response", created_2, at(10, 9, 2), DIMA),
            reporting_event(802, "conversation_resolved", created_2, at(10, 9, 10), DIMA),
            reporting_event(802, "conversation_opened", at(10, 9, 10), at(10, 9, 20), DIMA),
            reporting_event(802, "conversation_resolved", created_2, at(10, 9, 40), DIMA),
        ],
        "conversations/3/reporting_events": [
            reporting_event(803, "first_response", created_3, at(10, 20, 5), KAI),
            reporting_event(803, "conversation_resolved", created_3, at(11, 2), KAI),
        ],
    }
