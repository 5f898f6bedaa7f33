"""Values no Chatwoot server sends in a field are refused with the one-line error, never
turned into something else.

Chatwoot renders ``created_at`` as ``to_i`` (int epoch seconds), ``message_type`` as the
enum's integer, a sender's ``type`` as ``sender_type.underscore`` (text) and the contacts
meta's ``current_page`` as the ``page`` param as given (ASCII digits). Each case below is
one such field with a value of another JSON type, or out of every epoch's range, sent
on the messages endpoint (typed fast path first) and embedded in a list page
(validated path). The polars constructors alone would take ``true`` as ``1`` and let
``seconds * 1_000_000`` wrap around in Int64.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from voxys_frames.convert.batch import convert
from voxys_frames.convert.bodies import Body
from voxys_frames.exceptions import SchemaError

HISTORY = "messages/1/page-1.json.gz"
LIST = "conversations/page-1.json.gz"


def message(**changes: Any) -> dict[str, Any]:
    found = {
        "id": 5,
        "conversation_id": 1,
        "content": "Hello",
        "created_at": 1740820530,
        "message_type": 0,
        "sender": {"id": 3, "name": "Ann", "type": "contact"},
    }
    return {**found, **changes}


def conversation(**changes: Any) -> dict[str, Any]:
    found = {
        "id": 1,
        "account_id": 1,
        "inbox_id": 1,
        "status": "open",
        "created_at": 1740820530,
        "timestamp": 1740820530,
        "updated_at": 1740820530.25,
        "waiting_since": 0,
        "meta": {},
        "messages": [],
    }
    return {**found, **changes}


def converted(endpoint: str, name: str, document: Any) -> Any:
    return convert([Body(endpoint, name, orjson.dumps(document), 1)], account_id=1).tables  # type: ignore[arg-type]


MESSAGE_CASES = [
    ({"created_at": 288230377892532274}, "created_at: expected int epoch seconds, got 2882"),
    ({"created_at": 2**63 - 1}, "created_at: expected int epoch seconds, got 9223"),
    ({"created_at": True}, "created_at: expected int epoch seconds, got True"),
    ({"message_type": True}, "message_type: expected 0-3 or incoming/outgoing/activity/template"),
    ({"message_type": False}, "message_type: expected 0-3 or incoming/outgoing/activity/template"),
    ({"sender": {"id": 3, "type": {"a": 1}}}, "sender.type: expected a string, got {'a': 1}"),
    ({"sender": {"id": 3, "type": True}}, "sender.type: expected a string, got True"),
    ({"sender": {"id": 3, "type": 2}}, "sender.type: expected a string, got 2"),
]


@pytest.mark.parametrize(("changes", "error"), MESSAGE_CASES)
def test_a_wrong_value_on_the_messages_endpoint_is_refused(
    changes: dict[str, Any], error: str
) -> None:
    with pytest.raises(SchemaError) as raised:
        converted(
            "messages", HISTORY, {"meta": {}, "payload": [message(), message(id=6, **changes)]}
        )
    assert str(raised.value).startswith(f"{HISTORY}: payload[1].{error}")


@pytest.mark.parametrize(("changes", "error"), MESSAGE_CASES)
def test_a_wrong_value_in_an_embedded_message_is_refused(
    changes: dict[str, Any], error: str
) -> None:
    embedded = conversation(messages=[message(**changes)])
    with pytest.raises(SchemaError) as raised:
        converted("conversations", LIST, {"data": {"meta": {}, "payload": [embedded]}})
    assert str(raised.value).startswith(f"{LIST}: data.payload[0].messages[0].{error}")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"updated_at": True}, "updated_at: expected float epoch seconds, got True"),
        ({"waiting_since": False}, "waiting_since: expected int epoch seconds, got False"),
        ({"waiting_since": 2**62}, "waiting_since: expected int epoch seconds, got 4611"),
        ({"created_at": -(2**63)}, "created_at: expected int epoch seconds, got -9223"),
    ],
)
def test_a_wrong_conversation_timestamp_is_refused(changes: dict[str, Any], error: str) -> None:
    with pytest.raises(SchemaError) as raised:
        converted(
            "conversations", LIST, {"data": {"meta": {}, "payload": [conversation(**changes)]}}
        )
    assert str(raised.value).startswith(f"{LIST}: data.payload[0].{error}")


@pytest.mark.parametrize("count", ["\u00b2", "\u0661\u0662", "12a", True])
def test_a_meta_count_that_is_no_ascii_integer_is_refused(count: object) -> None:
    with pytest.raises(SchemaError) as raised:
        converted("contacts", "contacts/page-1.json.gz", {"meta": {"count": count}, "payload": []})
    assert str(raised.value).startswith("contacts/page-1.json.gz: meta.count: expected an integer")


def test_the_values_chatwoot_sends_still_convert() -> None:
    tables = converted(
        "messages", HISTORY, {"meta": {}, "payload": [message(message_type="outgoing")]}
    )
    assert tables["messages"].select("message_type", "sender_type").row(0) == (
        "outgoing",
        "Contact",
    )
    assert tables["messages"]["created_at"].dt.epoch("s").to_list() == [1740820530]
    pages = converted(
        "contacts", "contacts/page-1.json.gz", {"meta": {"current_page": "2"}, "payload": []}
    )
    assert pages["pages"]["current_page"].to_list() == [2]
    listed = converted("conversations", LIST, {"data": {"meta": {}, "payload": [conversation()]}})
    assert listed["conversations"]["waiting_since"].to_list() == [None]  # 0 means never
