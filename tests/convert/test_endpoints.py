"""The other endpoints: bare arrays, {payload}, contacts' {meta, payload}, reporting events."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from tests import payloads as p
from voxys_frames.convert.pages import (
    agents_page,
    contacts_page,
    inboxes_page,
    labels_page,
    page_frames,
    reporting_events_page,
    teams_page,
)


def test_agents_are_users_with_custom_attributes_when_sent() -> None:
    agents = agents_page(p.dump(p.agents_body()), account_id=1)["agents"].sort("id")
    assert agents["type"].to_list() == ["User", "User"]
    assert agents["role"].to_list() == ["agent", "administrator"]
    assert [None if t is None else orjson.loads(t) for t in agents["custom_attributes"]] == [
        {"desk": 4},
        None,  # omitted by the API when empty
    ]


def test_teams_bare_array() -> None:
    teams = teams_page(p.teams_body(), account_id=1)["teams"].sort("id")
    assert teams["is_member"].to_list() == [True, False]
    assert teams["description"].to_list() == [None, "Escalations"]


def test_inboxes_never_keep_secrets() -> None:
    page = inboxes_page(p.dump(p.inboxes_body()), account_id=1)
    inboxes = page["inboxes"].sort("id")
    dumped = str(inboxes.rows()) + str(page["pages"].rows())
    assert "SECRET" not in dumped
    assert inboxes["omitted_keys"].to_list()[1] == [
        "auth_token",
        "imap_password",
        "provider_config",
        "smtp_password",
    ]
    assert inboxes["email"].to_list() == [None, "support@example.com"]


def test_account_labels() -> None:
    labels = labels_page(p.labels_body(), account_id=1)["account_labels"].sort("id")
    assert labels["title"].to_list() == ["vip", "billing"]
    assert labels["account_id"].to_list() == [1, 1]


def test_contacts_with_string_or_int_current_page() -> None:
    for current_page, expected in (("2", 2), (1, 1)):
        page = contacts_page(p.contacts_body(current_page=current_page), account_id=1)
        assert page["pages"]["current_page"].to_list() == [expected]
        assert page["pages"]["count"].to_list() == [2]
    contacts = page["contacts"].sort("id")
    assert contacts["last_activity_at"].to_list()[1] is None  # key omitted
    assert orjson.loads(contacts["contact_inboxes"][0])[0]["source_id"] == "s-7"
    assert orjson.loads(contacts["custom_attributes"][1]) == {"tier": p.BIG}
    assert contacts["source_shape"].to_list() == ["contacts_endpoint"] * 2


def test_reporting_events_keep_the_primary_key_apart() -> None:
    events = reporting_events_page(p.reporting_events_body(), account_id=1)["reporting_events"]
    row = events.row(0, named=True)
    assert row["conversation_pk"] == 123456
    assert "conversation_id" not in events.columns
    assert row["event_end_time"] == datetime(2025, 3, 1, 9, 16, 12, 500000, tzinfo=UTC)
    assert row["value_in_business_hours"] == 40.0


def test_page_frames_dispatches() -> None:
    assert page_frames("labels", p.labels_body(), account_id=1)["account_labels"].height == 2
