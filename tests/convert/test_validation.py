"""Bodies that are not the documented shape raise one-line errors naming page and field."""

from __future__ import annotations

from typing import Any

import pytest

from tests import payloads as p
from voxys_frames.convert.pages import agents_page, conversations_page, messages_page
from voxys_frames.exceptions import SchemaError


def _page_with(**over: Any) -> dict[str, Any]:
    rows = [p.conversation(i) for i in range(1, 6)]
    rows[4] = p.conversation(5, **over)
    return p.conversations_body(rows)


@pytest.mark.parametrize(
    ("over", "message"),
    [
        (
            {"created_at": "yesterday"},
            r"^page 3: data\.payload\[4\]\.created_at: expected int epoch seconds, got 'yesterday'$",
        ),
        (
            {"inbox_id": "3"},
            r"^page 3: data\.payload\[4\]\.inbox_id: expected an integer, got '3'$",
        ),
        ({"muted": 1}, r"^page 3: data\.payload\[4\]\.muted: expected a boolean, got 1$"),
        ({"labels": "vip"}, r"^page 3: data\.payload\[4\]\.labels: expected a list of strings"),
        (
            {"custom_attributes": [1]},
            r"^page 3: data\.payload\[4\]\.custom_attributes: expected an object",
        ),
        ({"id": None}, r"^page 3: data\.payload\[4\]\.id: required field is missing or null$"),
        ({"id": p.ABSENT}, r"^page 3: data\.payload\[4\]\.id: required field"),
        ({"sla_events": {}}, r"^page 3: data\.payload\[4\]\.sla_events: expected a list"),
    ],
)
def test_bad_conversation_fields(over: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        conversations_page(_page_with(**over), source="page 3")


def test_meta_that_is_not_an_object() -> None:
    body = _page_with()
    body["data"]["payload"][4]["meta"] = []
    with pytest.raises(
        SchemaError, match=r"^page 3: data\.payload\[4\]\.meta: expected an object, got \[\]$"
    ):
        conversations_page(body, source="page 3")


def test_nested_message_field_path() -> None:
    latest = p.embedded_message(9, 5, created_at=1.5e99)
    with pytest.raises(SchemaError, match=r"data\.payload\[4\]\.messages\[0\]"):
        conversations_page(_page_with(latest=latest), source="page 3")


def test_bad_attachment_element_path() -> None:
    latest = p.embedded_message(9, 5, attachments=[p.attachment(1, 9), "oops"])
    with pytest.raises(SchemaError, match=r"messages\[0\]\.attachments\[1\]: expected an object"):
        conversations_page(_page_with(latest=latest), source="page 3")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", r"^page 3: not valid JSON"),
        ({"payload": []}, r"^page 3: data: expected an object"),
        ({"data": {"payload": {}}}, r"^page 3: data\.payload: expected a list"),
        ({"data": {"payload": [1]}}, r"^page 3: data\.payload\[0\]: expected an object, got 1$"),
        ({"data": {"payload": [], "meta": [1]}}, r"^page 3: data\.meta: expected an object"),
        ({"data": {"payload": [], "meta": {"all_count": "x"}}}, r"all_count: expected an integer"),
    ],
)
def test_bad_envelopes(body: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        conversations_page(body, source="page 3")


def test_messages_envelope_and_bare_array_errors() -> None:
    with pytest.raises(SchemaError, match=r"^m: body: expected an object, got \[\]$"):
        messages_page([], source="m")
    with pytest.raises(SchemaError, match=r"^agents: body: expected a list"):
        agents_page({"payload": []}, source="agents")


def test_errors_are_value_errors_too() -> None:
    with pytest.raises(ValueError, match="page 3"):
        conversations_page(_page_with(status=5), source="page 3")
