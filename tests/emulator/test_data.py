"""The seeded data: deterministic, and holding every case of the edge-case reference."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx

from tests.conftest import TOKEN
from tests.emulator.conftest import PREFIX, all_rows, get_json
from voxys_frames.emulator import Emulator, EmulatorConfig
from voxys_frames.emulator.reporting import conversation_events


def _bytes(emulator: Emulator, paths: list[str]) -> list[bytes]:
    with httpx.Client(
        transport=emulator.transport(), base_url="http://e", headers={"api_access_token": TOKEN}
    ) as c:
        return [c.get(path).content for path in paths]


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    paths = [
        f"{PREFIX}/conversations?status=all&page=2",
        f"{PREFIX}/conversations/7/messages?after=0&before=99999999",
        f"{PREFIX}/contacts",
        f"{PREFIX}/reporting_events",
    ]

    def make(seed: int) -> Emulator:
        return Emulator(EmulatorConfig(seed=seed, conversations=80, account_id=3, token=TOKEN))

    first, again, other = _bytes(make(5), paths), _bytes(make(5), paths), _bytes(make(6), paths)
    assert first == again
    assert all(a != b for a, b in zip(first, other, strict=True))


def _histories(http: httpx.Client, emulator: Emulator) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for display_id in range(1, emulator.world.count + 1):
        messages.extend(
            get_json(http, f"/conversations/{display_id}/messages", after=0, before=2**40)[
                "payload"
            ]
        )
    return messages


def test_every_message_kind_is_present(http: httpx.Client, emulator: Emulator) -> None:
    messages = _histories(http, emulator)
    assert Counter(m["message_type"] for m in messages).keys() == {0, 1, 2, 3}
    content_types = {m["content_type"] for m in messages}
    assert {
        "text",
        "incoming_email",
        "input_select",
        "cards",
        "form",
        "article",
        "input_csat",
        "sticker",
    } <= content_types
    assert any(m["private"] for m in messages)
    assert any(m["content_attributes"].get("deleted") is True for m in messages)
    assert any(
        m["status"] == "failed" and "external_error" in m["content_attributes"] for m in messages
    )
    file_types = {a["file_type"] for m in messages for a in m.get("attachments", []) if a}
    assert {
        "image",
        "audio",
        "video",
        "file",
        "location",
        "contact",
        "fallback",
        "share",
        "embed",
    } <= file_types
    assert any(None in m.get("attachments", []) for m in messages), "a null attachment element"
    submitted = [
        m["content_attributes"]["submitted_values"]
        for m in messages
        if "submitted_values" in m["content_attributes"]
    ]
    assert {type(v) for v in submitted} == {list, dict}, (
        "same key, array for forms and object for CSAT"
    )


def test_hostile_and_international_text(http: httpx.Client, emulator: Emulator) -> None:
    messages = _histories(http, emulator)
    contents = [m["content"] or "" for m in messages]
    assert any("<script>alert(1)</script>" in c for c in contents)
    assert any("<img src=x onerror=alert(1)>" in c for c in contents)
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in c) for c in contents), (
        "right-to-left Arabic"
    )
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in c) for c in contents), "CJK"
    assert any("\u200d" in c for c in contents), "emoji ZWJ sequence"
    assert max(len(c) for c in contents) >= 100_000, "a 100,000-character email"


def test_raw_json_escapes_html_like_activesupport(emulator: Emulator) -> None:
    raw = b"".join(
        _bytes(
            emulator,
            [f"{PREFIX}/conversations/{d}/messages?after=0&before=99999999" for d in range(1, 80)],
        )
    )
    assert b"\\u003cscript\\u003e" in raw
    assert b"<script>" not in raw


def test_free_form_attributes_vary_in_keys_and_types(http: httpx.Client) -> None:
    rows = all_rows(http, status="all")
    customs = [row["custom_attributes"] for row in rows]
    assert any(
        v > 2**31
        for c in customs
        for v in c.values()
        if isinstance(v, int) and not isinstance(v, bool)
    )
    ref_types = {type(c["ref"]) for c in customs if "ref" in c}
    assert ref_types == {int, list}
    order_types = {type(c["order_id"]) for c in customs if "order_id" in c}
    assert order_types == {int, str}
    assert {} in customs
    channels = {row["meta"]["channel"]: row["additional_attributes"] for row in rows}
    assert "browser" in channels["Channel::WebWidget"]
    assert "mail_subject" in channels["Channel::Email"]


def test_conversations_with_zero_and_over_a_thousand_messages(emulator: Emulator) -> None:
    counts = emulator.world.cols["n_messages"][: emulator.world.count]
    assert counts.min() == 0
    assert counts.max() > 1000


def test_reporting_events_agree_with_activity_messages(emulator: Emulator) -> None:
    reopened = 0
    for c in range(emulator.world.count):
        messages = emulator.world.timeline(c + 1)
        texts = [
            emulator.app.renderer.endpoint_message(c, m)["content"]
            for m in messages
            if m.event[1] == 2
        ]
        events = Counter(e["name"] for e in conversation_events(emulator.world, c))
        resolved_texts = sum(1 for t in texts if t.startswith("Conversation was marked resolved"))
        assert events["conversation_resolved"] == resolved_texts
        reopens = sum(1 for t in texts if t.startswith("System reopened"))
        reopened += reopens > 0
        status = emulator.world.cols["status"][c]
        if resolved_texts and status == 1:
            assert texts[-1].startswith("Conversation was marked resolved") or not texts
    assert reopened > 0, "the seed contains reopened conversations"


def test_reporting_events_endpoint(http: httpx.Client, emulator: Emulator) -> None:
    body = get_json(http, "/reporting_events")
    assert len(body["payload"]) == 25
    assert body["meta"]["total_pages"] == -(-body["meta"]["count"] // 25)
    created = [e["created_at"] for e in body["payload"]]
    assert created == sorted(created, reverse=True), "newest first"
    event = body["payload"][0]
    assert set(event) == {
        "id",
        "name",
        "value",
        "value_in_business_hours",
        "event_start_time",
        "event_end_time",
        "account_id",
        "inbox_id",
        "user_id",
        "conversation_id",
        "created_at",
        "updated_at",
    }
    display_ids = set(range(1, emulator.world.count + 1))
    pks = {e["conversation_id"] for e in body["payload"]}
    assert not pks <= display_ids, "conversation_id is the primary key, not the display id"
    only_since = get_json(http, "/reporting_events", since="9999999999")
    assert only_since["meta"]["count"] == body["meta"]["count"], "since alone does not filter"
    window = get_json(http, "/reporting_events", since="0", until="1")
    assert window["meta"]["count"] == 0
    named = get_json(http, "/reporting_events", name="first_response")["payload"]
    assert named and {e["name"] for e in named} == {"first_response"}


def test_other_endpoints(http: httpx.Client, emulator: Emulator) -> None:
    inboxes = get_json(http, "/inboxes")["payload"]
    assert [i["name"] for i in inboxes] == sorted(i["name"] for i in inboxes)
    assert not any("hmac_token" in i or "imap_password" in i for i in inboxes)
    agents = get_json(http, "/agents")
    assert isinstance(agents, list) and agents
    assert "Lena Former" not in {a["name"] for a in agents}, "users who left are not listed"
    assert any("custom_attributes" in a for a in agents) and any(
        "custom_attributes" not in a for a in agents
    )
    teams = get_json(http, "/teams")
    assert isinstance(teams, list) and {"is_member", "allow_auto_assign"} <= set(teams[0])
    labels = get_json(http, "/labels")["payload"]
    assert all(label["title"] == label["title"].lower() for label in labels)
    first = get_json(http, "/contacts")
    assert first["meta"]["current_page"] == 1 and len(first["payload"]) == 15
    second = get_json(http, "/contacts", page=2)
    assert second["meta"]["current_page"] == "2"
    assert all(c["email"] or c["phone_number"] or c["identifier"] for c in first["payload"])
    assert first["meta"]["count"] < emulator.world.contact_count(), (
        "anonymous visitors are left out"
    )
    assert "contact_inboxes" in first["payload"][0]
    labels_of_3 = get_json(http, "/conversations/3/labels")["payload"]
    assert labels_of_3 == emulator.world.tags(2)


def test_inbox_secrets_are_served_only_when_asked() -> None:
    emulator = Emulator(EmulatorConfig(seed=1, conversations=3, token="t", inbox_secrets=True))
    with httpx.Client(
        transport=emulator.transport(), base_url="http://e", headers={"api_access_token": "t"}
    ) as c:
        body = json.dumps(c.get("/api/v1/accounts/1/inboxes").json())
    assert "hmac_token" in body and "imap_password" in body
