"""The listing reads on until an empty page, whatever the server's page size and count."""

from __future__ import annotations

from pathlib import Path

import httpx
import orjson

from voxys_frames import fetch

PAGE_SIZE = 10  # a fork whose list pages are shorter than Chatwoot's 25
CONVERSATIONS = 23


def _conversation(display_id: int) -> dict[str, object]:
    return {
        "id": display_id,
        "account_id": 1,
        "inbox_id": 1,
        "status": "open",
        "created_at": 1740820530 + display_id,
        "messages": [],
        "meta": {"sender": {"id": display_id, "name": f"C{display_id}"}},
    }


def _server(request: httpx.Request) -> httpx.Response:
    path = request.url.path.removeprefix("/api/v1/accounts/1")
    if path == "/conversations":
        page = int(request.url.params.get("page", "1"))
        ids = range((page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, CONVERSATIONS) + 1)
        meta = {"all_count": CONVERSATIONS, "mine_count": 0, "assigned_count": 0}
        body = {"data": {"meta": meta, "payload": [_conversation(i) for i in ids]}}
        return httpx.Response(200, content=orjson.dumps(body), headers=_JSON)
    if path in ("/agents", "/teams"):
        return httpx.Response(200, content=b"[]", headers=_JSON)
    if path in ("/inboxes", "/labels"):
        return httpx.Response(200, content=b'{"payload": []}', headers=_JSON)
    return httpx.Response(404, content=b'{"error": "not found"}', headers=_JSON)


_JSON = {"content-type": "application/json"}


def test_pages_shorter_than_25_are_all_read(tmp_path: Path) -> None:
    result = fetch(
        "http://localhost",
        1,
        "page-size-token",
        tmp_path,
        inbox_id=1,
        messages="latest",
        quiet=True,
        rate_limit=None,
        transport=httpx.MockTransport(_server),
    )
    assert sorted(result.frames.conversations["id"]) == list(range(1, CONVERSATIONS + 1))
    assert result.summary.discrepancies == []
