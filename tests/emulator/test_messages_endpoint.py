"""The messages endpoint's cursors and page sizes (reference section 4.1)."""

from __future__ import annotations

import httpx

from tests.emulator.conftest import get_json
from voxys_frames.emulator import Emulator

HUGE = 3  # conversation index 2 always has more than a thousand messages


def _ids(http: httpx.Client, display_id: int, **params: object) -> list[int]:
    return [
        m["id"]
        for m in get_json(http, f"/conversations/{display_id}/messages", **params)["payload"]
    ]


def _all(emulator: Emulator, display_id: int) -> list[int]:
    return sorted(m.id for m in emulator.world.timeline(display_id))


def test_huge_conversation_exists(emulator: Emulator) -> None:
    assert len(emulator.world.timeline(HUGE)) > 1000


def test_no_cursor_gives_newest_20_ascending(http: httpx.Client) -> None:
    page = get_json(http, f"/conversations/{HUGE}/messages")["payload"]
    assert len(page) == 20
    times = [m["created_at"] for m in page]
    assert times == sorted(times)


def test_before_gives_20_older(http: httpx.Client, emulator: Emulator) -> None:
    ids = _all(emulator, HUGE)
    page = _ids(http, HUGE, before=ids[500])
    assert len(page) == 20
    assert all(i < ids[500] for i in page)


def test_after_gives_100_newer(http: httpx.Client, emulator: Emulator) -> None:
    ids = _all(emulator, HUGE)
    page = _ids(http, HUGE, after=ids[10])
    assert len(page) == 100
    assert min(page) > ids[10]


def test_after_and_before_is_inclusive_below_and_caps_at_1000(
    http: httpx.Client, emulator: Emulator
) -> None:
    ids = _all(emulator, HUGE)
    page = _ids(http, HUGE, after=ids[0], before=ids[-1] + 1)
    assert len(page) == 1000
    assert ids[0] in page, "the lower bound is inclusive (id >= after)"
    rest = _ids(http, HUGE, after=max(page) + 1, before=ids[-1] + 1)
    assert set(page) | set(rest) == set(ids)


def test_cursor_past_the_end_is_empty(http: httpx.Client, emulator: Emulator) -> None:
    assert _ids(http, HUGE, after=_all(emulator, HUGE)[-1]) == []
    assert _ids(http, HUGE, before=0) == []


def test_filter_internal_messages(http: httpx.Client) -> None:
    for display_id in (d for d in range(1, 40) if d != HUGE):
        everything = get_json(http, f"/conversations/{display_id}/messages", after=0, before=2**40)[
            "payload"
        ]
        public = get_json(
            http,
            f"/conversations/{display_id}/messages",
            after=0,
            before=2**40,
            filter_internal_messages=1,
        )["payload"]
        expected = [m["id"] for m in everything if not m["private"] and m["message_type"] != 2]
        assert [m["id"] for m in public] == expected


def test_imported_history_has_ids_out_of_time_order(http: httpx.Client, emulator: Emulator) -> None:
    display_id = 6  # index 5: an imported history
    page = get_json(http, f"/conversations/{display_id}/messages", after=0, before=2**40)["payload"]
    ids = [m["id"] for m in page]
    assert ids != sorted(ids), "sorted by created_at, so ids are not ascending"
    assert [m["created_at"] for m in page] == sorted(m["created_at"] for m in page)


def test_unknown_conversation_is_404(http: httpx.Client) -> None:
    response = http.get("/api/v1/accounts/3/conversations/99999/messages")
    assert response.status_code == 404
    assert response.json() == {"error": "Resource could not be found"}
