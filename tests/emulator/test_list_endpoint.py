"""The conversations list: filters, counts, sorting and paging as reference section 2."""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.conftest import PREFIX, all_rows, get_json, list_page
from voxys_frames.emulator import Emulator


def test_pages_hold_25_and_default_status_is_open(http: httpx.Client, emulator: Emulator) -> None:
    statuses = emulator.world.cols["status"][: emulator.world.count]
    open_count = int((statuses == 0).sum())
    first = list_page(http)
    assert len(first["payload"]) == min(25, open_count)
    assert {row["status"] for row in all_rows(http)} == {"open"}
    assert first["meta"]["all_count"] == open_count


def test_status_all_reaches_every_conversation_once(http: httpx.Client, emulator: Emulator) -> None:
    rows = all_rows(http, status="all", sort_by="created_at_asc")
    ids = [row["id"] for row in rows]
    assert sorted(set(ids)) == list(range(1, emulator.world.count + 1))


def test_page_past_the_end_is_an_empty_200_with_counts(http: httpx.Client) -> None:
    body = list_page(http, status="all", page=999)
    assert body["payload"] == []
    assert body["meta"]["all_count"] > 0


@pytest.mark.parametrize("page", ["0", "-4", "abc", ""])
def test_odd_page_values_act_as_page_one(http: httpx.Client, page: str) -> None:
    first = [row["id"] for row in list_page(http, status="all")["payload"]]
    assert [row["id"] for row in list_page(http, status="all", page=page)["payload"]] == first


def test_meta_counts_ignore_assignee_type(http: httpx.Client) -> None:
    base = list_page(http, status="all")["meta"]
    assert base["assigned_count"] + base["unassigned_count"] == base["all_count"]
    for assignee_type in ("me", "unassigned", "assigned", "all"):
        assert list_page(http, status="all", assignee_type=assignee_type)["meta"] == base


def test_assignee_type_filters_rows(http: httpx.Client) -> None:
    meta = list_page(http, status="all")["meta"]
    mine = all_rows(http, status="all", assignee_type="me")
    assert len(mine) == meta["mine_count"]
    assert all(row["meta"]["assignee"]["id"] == 1 for row in mine)
    assigned = all_rows(http, status="all", assignee_type="assigned")
    assert len(assigned) == meta["assigned_count"]
    unassigned = all_rows(http, status="all", assignee_type="unassigned")
    assert len(unassigned) == meta["unassigned_count"]


def test_bot_assigned_conversations_count_as_unassigned(http: httpx.Client) -> None:
    unassigned = all_rows(http, status="all", assignee_type="unassigned")
    bots = [row for row in unassigned if row["meta"].get("assignee_type") == "AgentBot"]
    assert bots, "the seed should contain bot-assigned conversations"
    assert all("bot_type" in row["meta"]["assignee"] for row in bots)


def test_inbox_filter_and_inaccessible_inbox(http: httpx.Client) -> None:
    rows = all_rows(http, status="all", inbox_id=2)
    assert rows
    assert {row["inbox_id"] for row in rows} == {2}
    assert list_page(http, status="all", inbox_id=999)["payload"] == []


def test_unknown_team_is_404(http: httpx.Client) -> None:
    response = http.get(f"{PREFIX}/conversations", params={"team_id": 99})
    assert response.status_code == 404
    assert response.json() == {"error": "Resource could not be found"}


def test_team_filter(http: httpx.Client) -> None:
    rows = all_rows(http, status="all", team_id=2)
    assert rows
    assert {row["meta"]["team"]["id"] for row in rows} == {2}


def test_labels_use_or_semantics(http: httpx.Client) -> None:
    billing = {row["id"] for row in all_rows(http, status="all", **{"labels[]": "billing"})}
    bug = {row["id"] for row in all_rows(http, status="all", **{"labels[]": "bug"})}
    both = {row["id"] for row in all_rows(http, status="all", **{"labels[]": ["billing", "bug"]})}
    assert billing and bug
    assert both == billing | bug
    comma = {row["id"] for row in all_rows(http, status="all", labels="billing,bug")}
    assert comma == both


def test_q_ignores_status_and_counts_are_page_limited(http: httpx.Client) -> None:
    body = list_page(http, q="order", status="resolved")
    rows = body["payload"]
    assert rows
    assert {row["status"] for row in all_rows(http, q="order")} - {"resolved"}, (
        "q must ignore status"
    )
    assert body["meta"]["all_count"] == len(rows) <= 25
    for row in rows:
        content = row["messages"][0]["content"]
        assert "order" in content.lower(), "messages[0] is the latest matching message"
        assert row["messages"][0]["message_type"] in (0, 1)


def _keys(rows: list[dict[str, object]], field: str) -> list[object]:
    return [row[field] for row in rows]


@pytest.mark.parametrize(
    ("sort_by", "field", "reverse"),
    [
        (None, "last_activity_at", True),
        ("last_activity_at_desc", "last_activity_at", True),
        ("latest", "last_activity_at", True),
        ("last_activity_at_asc", "last_activity_at", False),
        ("created_at_asc", "created_at", False),
        ("sort_on_created_at", "created_at", False),
        ("created_at_desc", "created_at", True),
        ("no_such_sort", "last_activity_at", True),
    ],
)
def test_sorts(http: httpx.Client, sort_by: str | None, field: str, reverse: bool) -> None:
    params = {"status": "all"} | ({"sort_by": sort_by} if sort_by else {})
    keys = _keys(all_rows(http, **params), field)
    assert keys == sorted(keys, reverse=reverse)  # type: ignore[type-var]


def test_priority_sort_puts_nulls_last(http: httpx.Client) -> None:
    rank = {"urgent": 3, "high": 2, "medium": 1, "low": 0}
    rows = all_rows(http, status="all", sort_by="priority_desc")
    priorities = [row["priority"] for row in rows]
    present = [p for p in priorities if p is not None]
    assert priorities[: len(present)] == present, "nulls come last"
    assert [rank[p] for p in present] == sorted((rank[p] for p in present), reverse=True)
    legacy = [row["id"] for row in all_rows(http, status="all", sort_by="sort_on_priority")]
    assert {row["id"] for row in rows} == set(legacy)


def test_waiting_since_sort(http: httpx.Client) -> None:
    rows = all_rows(http, status="all", sort_by="waiting_since_asc")
    waiting = [row["waiting_since"] for row in rows]
    present = [w for w in waiting if w]
    assert present, "some conversations are waiting"
    assert waiting[: len(present)] == sorted(present)


def test_updated_within_disables_paging_and_keeps_default_status(
    http: httpx.Client, emulator: Emulator
) -> None:
    body = list_page(http, updated_within=10 * 365 * 86400)
    statuses = emulator.world.cols["status"][: emulator.world.count]
    assert len(body["payload"]) == int((statuses == 0).sum()) > 25
    everything = list_page(http, updated_within=10 * 365 * 86400, status="all")["payload"]
    assert len(everything) == emulator.world.count
    assert list_page(http, updated_within=1, status="all")["payload"] == []


def test_unattended(http: httpx.Client) -> None:
    rows = all_rows(http, status="all", conversation_type="unattended")
    assert rows
    assert all(row["first_reply_created_at"] == 0 or row["waiting_since"] != 0 for row in rows)


def test_conversations_meta_endpoint_matches_list(http: httpx.Client) -> None:
    meta = get_json(http, "/conversations/meta", status="all")["meta"]
    assert meta == list_page(http, status="all")["meta"]
