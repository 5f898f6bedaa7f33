"""The typed fast path (msgspec) gives exactly the frames of the validated path, or steps aside.

Every comparison converts the same body twice: as bytes (the fast path where it
applies) and already parsed (always the validated path), and asserts equal frames
(schema, values, row order) or the same error message. The corpus: emulator bodies
with their edge cases, the hand-made payloads of ``tests/payloads.py``, and each
documented message key set to values of every JSON type in turn.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import orjson
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests import payloads
from tests.conftest import make_config
from voxys_frames.convert.batch import convert
from voxys_frames.convert.bodies import Body, history_page_name
from voxys_frames.convert.fast import DecodedHistories, fast_histories
from voxys_frames.convert.fast.structs import Message
from voxys_frames.convert.jsontext import load_body
from voxys_frames.convert.pages import messages_page
from voxys_frames.emulator import EmulatorConfig
from voxys_frames.exceptions import SchemaError

PREFIX = "/api/v1/accounts/1"
Tables = dict[str, pl.DataFrame]


def fast_history(
    body: bytes, *, account_id: int, conversation_id: int | None = None
) -> DecodedHistories | None:
    """The typed decoder on one body, as the conversion route runs it on a batch of one."""
    return fast_histories([body], [conversation_id], account_id=account_id)


@pytest.fixture(scope="module")
def emulator_config() -> EmulatorConfig:
    return make_config(seed=11, conversations=300)


@pytest.fixture(scope="module")
def histories(http: httpx.Client) -> list[tuple[int, bytes]]:
    """The messages bodies of an emulator account of 300 conversations, as the server sent them."""
    found = []
    for conversation_id in range(1, 301):
        response = http.get(
            f"{PREFIX}/conversations/{conversation_id}/messages",
            params={"after": 0, "before": 9_999_999_999},
        )
        response.raise_for_status()
        found.append((conversation_id, response.content))
    return found


def _assert_same_tables(fast: Any, slow: Any) -> None:
    fast, slow = getattr(fast, "tables", fast), getattr(slow, "tables", slow)
    assert set(fast) == set(slow)
    for name in slow:
        assert_frame_equal(fast[name], slow[name], check_exact=True)


def _outcome(convert_body: Callable[[], Any]) -> Any:
    """The frames of a conversion, or its SchemaError message."""
    try:
        return dict(convert_body())
    except SchemaError as exc:
        return str(exc)


def _same_either_way(body: Any, *, conversation_id: int | None = None) -> Any:
    """Convert ``body`` from bytes and parsed; assert the same frames or the same error."""
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    fast = _outcome(
        lambda: messages_page(raw, account_id=1, conversation_id=conversation_id, source="p")
    )
    slow = _outcome(  # parsed first: the validated path, whatever the body holds
        lambda: messages_page(
            load_body(raw, source="p"), account_id=1, conversation_id=conversation_id, source="p"
        )
    )
    if isinstance(slow, str):
        assert fast == slow
    else:
        _assert_same_tables(fast, slow)
    return slow


@pytest.mark.slow
def test_every_emulator_history_takes_the_fast_path_with_equal_frames(
    histories: list[tuple[int, bytes]],
) -> None:
    messages = 0
    for conversation_id, body in histories:
        assert fast_history(body, account_id=1, conversation_id=conversation_id) is not None
        frames = _same_either_way(body, conversation_id=conversation_id)
        messages += frames["messages"].height
    assert messages > 3000


def test_the_emulator_corpus_holds_the_edge_cases(histories: list[tuple[int, bytes]]) -> None:
    """The comparison above covers senders of every type, attachments and free-form objects."""
    rows = [m for _, body in histories for m in orjson.loads(body)["payload"]]
    sender_types = {m["sender"]["type"] for m in rows if m.get("sender")}
    assert sender_types >= {"contact", "user", "agent_bot"}
    assert any(m.get("attachments") for m in rows)
    assert any(m.get("sender") is None for m in rows)
    assert any(m["content_attributes"] for m in rows)


def test_crawl_batches_of_bytes_give_the_frames_of_parsed_bodies(
    histories: list[tuple[int, bytes]],
) -> None:
    raw = [Body("messages", history_page_name(cid, 1), body, cid) for cid, body in histories[:120]]
    parsed = [Body(b.endpoint, b.name, orjson.loads(b.data), b.conversation_id) for b in raw]
    assert fast_histories([b.data for b in raw], [b.conversation_id for b in raw], account_id=1)
    _assert_same_tables(convert(raw, account_id=1), convert(parsed, account_id=1))


def test_a_batch_with_one_body_carrying_an_undeclared_key_stays_fast_with_equal_frames(
    histories: list[tuple[int, bytes]],
) -> None:
    odd = orjson.loads(histories[0][1])
    odd["payload"][0]["fork_key"] = {"b": 1, "a": 2}
    bodies = [(histories[0][0], orjson.dumps(odd)), *histories[1:40]]
    raw = [Body("messages", history_page_name(cid, 1), body, cid) for cid, body in bodies]
    parsed = [Body(b.endpoint, b.name, orjson.loads(b.data), b.conversation_id) for b in raw]
    fast = fast_histories([b.data for b in raw], [b.conversation_id for b in raw], account_id=1)
    assert fast is not None
    assert fast.parts.frame["extra"].drop_nulls().to_list() == ['{"fork_key":{"a":2,"b":1}}']
    tables = convert(raw, account_id=1).tables
    _assert_same_tables(tables, convert(parsed, account_id=1))
    assert tables["messages"]["extra"].drop_nulls().to_list() == ['{"fork_key":{"a":2,"b":1}}']


def test_unknown_key_stays_on_the_fast_path_and_keeps_extra() -> None:
    body = payloads.messages_body(
        [
            payloads.endpoint_message(1, 5, voxys_score=7, voxys_tags=None),
            payloads.endpoint_message(2, 5),
        ]
    )
    assert fast_history(orjson.dumps(body), account_id=1) is not None
    frames = _same_either_way(body)
    assert frames["messages"]["extra"].to_list() == ['{"voxys_score":7,"voxys_tags":null}', None]


def test_undeclared_keys_beside_a_key_only_list_pages_send_stay_fast_with_equal_frames() -> None:
    """The learned message type starts from the endpoint's keys; a body further on with a
    key only embedded messages carry (``sentiment``) moves every body to the full type."""
    first = payloads.messages_body([payloads.endpoint_message(1, 5, voxys_score=1.5)])
    second = payloads.messages_body(
        [payloads.endpoint_message(2, 6, sentiment={"label": "neutral"}, voxys_tags=["a"])]
    )
    raw = [
        Body("messages", history_page_name(cid, 1), orjson.dumps(body), cid)
        for cid, body in ((5, first), (6, second))
    ]
    fast = fast_histories([b.data for b in raw], [5, 6], account_id=1)
    assert fast is not None
    assert fast.parts.frame["sentiment"].to_list() == [None, '{"label":"neutral"}']
    assert fast.parts.frame["extra"].to_list() == ['{"voxys_score":1.5}', '{"voxys_tags":["a"]}']
    parsed = [Body(b.endpoint, b.name, orjson.loads(b.data), b.conversation_id) for b in raw]
    _assert_same_tables(convert(raw, account_id=1), convert(parsed, account_id=1))


def test_undeclared_values_in_any_spelling_give_the_validated_paths_extra() -> None:
    """Spaces, unsorted nested keys, escapes, exponents and non-ASCII keys: the fast path
    writes each message's ``extra`` exactly as the validated path does."""
    raw = (
        b'{"payload": ['
        b'{"id": 1, "conversation_id": 5, "\xc3\xa9_fork": { "b" : [1, 2.50, "\\u00e9"], "a": null },'
        b' "Z_fork": 1e2, "a_fork": "x\\/y"},'
        b'{"id": 2, "conversation_id": 5, "a_fork": "x\\/y", "Z_fork": null},'
        b'{"id": 3, "conversation_id": 5},'
        b'{"id": 4, "conversation_id": 5, "\xc3\xa9_fork": {"a":null,"b":[1,2.5,"\xc3\xa9"]}}'
        b"]}"
    )
    fast = fast_history(raw, account_id=1)
    assert fast is not None
    frames = _same_either_way(raw)
    assert frames["messages"]["extra"].to_list() == [
        '{"Z_fork":100.0,"a_fork":"x/y","é_fork":{"a":null,"b":[1,2.5,"é"]}}',
        '{"Z_fork":null,"a_fork":"x/y"}',
        None,
        '{"é_fork":{"a":null,"b":[1,2.5,"é"]}}',
    ]


def test_undeclared_values_of_a_long_thread_keep_their_messages() -> None:
    """Values are parsed in chunks: across chunk ends, and with keys absent here and
    there, each message still gets its own values."""
    thread = []
    for i in range(700):
        fork: dict[str, Any] = {"fork_n": i} if i % 3 else {}
        if i % 5:
            fork["fork_obj"] = {"z": i, "a": [i, str(i)]}
        thread.append(payloads.endpoint_message(i + 1, 5, **fork))
    body = payloads.messages_body(thread)
    assert fast_history(orjson.dumps(body), account_id=1) is not None
    extra = _same_either_way(body)["messages"]["extra"].to_list()
    assert extra[1] == '{"fork_n":1,"fork_obj":{"a":[1,"1"],"z":1}}'
    assert extra == [_expected_extra(i) for i in range(700)]


CANONICAL_SCALARS = ["7", '"plain"', "true", "null", "0", '"é"', '""', "-12"]
"""Undeclared values already written as canonical JSON writes them."""
RESPELLED_SCALARS = {
    "-0": "0",
    "1E2": "100.0",
    '"\\u0041\\/"': '"A/"',
    "123456789012345678": "123456789012345678",
    "-12345678901234567890": "-1.2345678901234567e+19",  # beyond 64 bits: a float
    "0.50": "0.5",
}
"""Undeclared scalar values as a server may spell them, and their canonical text."""


@pytest.mark.parametrize("spelled", sorted(RESPELLED_SCALARS))
def test_undeclared_scalars_used_as_received_only_when_already_canonical(spelled: str) -> None:
    """A chunk of canonical scalars is written as received; one value spelled otherwise
    (in the second chunk) gets its canonical text, and so does the rest of its chunk."""
    values = [CANONICAL_SCALARS[i % len(CANONICAL_SCALARS)] for i in range(600)]
    values[300] = spelled
    members = ",".join(
        f'{{"id": {i + 1}, "conversation_id": 5, "fork_v": {value}}}'
        for i, value in enumerate(values)
    )
    raw = ('{"payload": [' + members + "]}").encode()
    assert fast_history(raw, account_id=1) is not None
    extra = _same_either_way(raw)["messages"]["extra"].to_list()
    canonical = [RESPELLED_SCALARS.get(value, value) for value in values]
    assert extra == [f'{{"fork_v":{value}}}' for value in canonical]
    assert extra[300] == f'{{"fork_v":{RESPELLED_SCALARS[spelled]}}}'


@pytest.mark.parametrize("invalid", [b"\xff", b"\xed\xa0\x80", b"\xc0\x80"])
def test_undeclared_strings_of_invalid_utf8_step_aside_with_the_validated_paths_error(
    invalid: bytes,
) -> None:
    """Canonical-looking scalars are used as received, but not past a UTF-8 check:
    a string of invalid UTF-8 takes the validated path, which names the page."""
    raw = (
        b'{"payload": [{"id": 1, "conversation_id": 5, "fork_v": "a' + invalid + b'"},'
        b' {"id": 2, "conversation_id": 5, "fork_v": 7}]}'
    )
    assert fast_history(raw, account_id=1) is None
    assert isinstance(_same_either_way(raw), str)  # the same error either way


def _expected_extra(i: int) -> str | None:
    found: dict[str, Any] = {"fork_n": i} if i % 3 else {}
    if i % 5:
        found["fork_obj"] = {"a": [i, str(i)], "z": i}
    return json.dumps(found, separators=(",", ":"), sort_keys=True) if found else None


def test_wrong_type_falls_back_and_gives_the_same_error() -> None:
    body = payloads.messages_body([payloads.endpoint_message(1, 5, id="x")])
    assert fast_history(orjson.dumps(body), account_id=1) is None
    error = _same_either_way(body)
    assert error == "p: payload[0].id: expected an integer, got 'x'"


def test_conversation_mismatch_gives_the_same_error() -> None:
    body = payloads.messages_body([payloads.endpoint_message(1, 5)])
    assert "conversation_id: expected 6, got 5" in _same_either_way(body, conversation_id=6)


def _payload_bodies() -> list[Any]:
    """Messages bodies made of every message shape of tests/payloads.py."""
    senders = [
        payloads.contact_sender(101),
        payloads.user_sender(7),
        payloads.bot_sender(2),
        payloads.captain_sender(3),
        None,
    ]
    files = [
        payloads.attachment(1, 10),
        None,
        payloads.location_attachment(2, 10),
    ]
    endpoint = [
        payloads.endpoint_message(10 + i, 5, sender=sender, attachments=files if i == 0 else None)
        for i, sender in enumerate(senders)
    ]
    embedded = [
        payloads.embedded_message(20 + i, 5, sender=sender) for i, sender in enumerate(senders)
    ]
    listed = [
        message
        for conversation in payloads.tricky_conversations()
        for message in [
            *(conversation.get("messages") or []),
            conversation.get("last_non_activity_message"),
        ]
        if isinstance(message, dict)
    ]
    return [
        payloads.messages_body(endpoint, assignee=payloads.agent_assignee(7)),
        payloads.messages_body(embedded),
        payloads.messages_body([*endpoint, *embedded]),
        payloads.messages_body(listed),
        payloads.messages_body([payloads.deleted_endpoint_message()]),
        payloads.messages_body([]),
        {"payload": endpoint},
        {"meta": None, "payload": embedded},
    ]


@pytest.mark.parametrize("body", _payload_bodies())
def test_hand_made_payloads_give_equal_frames_from_bytes(body: Any) -> None:
    raw = payloads.dump(body)  # the server's escapes (\u003c...) included
    frames = _same_either_way(raw)
    assert not isinstance(frames, str)
    assert frames["messages"].height == len(body["payload"])


def test_hand_made_payloads_take_the_fast_path_undeclared_keys_included() -> None:
    declared = set(Message.__struct_fields__)
    documented = []
    for body in _payload_bodies():
        documented.append(all(message.keys() <= declared for message in body["payload"]))
        assert fast_history(payloads.dump(body), account_id=1) is not None
    assert documented.count(False) == 1  # the page with a fork's client_message_id


_VALUES: list[Any] = [
    None,
    0,
    1,
    -1,
    2**53 + 1,
    2**63,
    2**64,
    1.5,
    1740820530.123457,
    True,
    "",
    "incoming",
    "2025-03-01T09:15:30.000Z",
    "Zoë <b>😀",
    [],
    [None, {"id": 1}],
    {},
    {"b": [2**63 - 1, 1.0], "a": {"z": None, "y": "é"}},
]


@pytest.mark.parametrize("key", sorted(Message.__struct_fields__))
def test_every_key_with_every_json_type_gives_the_same_frames_or_error(key: str) -> None:
    """Each value of each type in turn: both paths agree, value by value."""
    fast = 0
    for value in _VALUES:
        message = payloads.endpoint_message(
            1, 5, sender=payloads.contact_sender(101), attachments=[payloads.attachment(3, 1)]
        )
        message[key] = value
        body = payloads.messages_body([message, payloads.endpoint_message(2, 5)])
        _same_either_way(body)
        fast += fast_history(json.dumps(body).encode(), account_id=1) is not None
    assert fast >= 1  # null at least is taken by the fast path


@pytest.mark.parametrize(
    "text",
    [
        b'{"payload": [{"id": 1, "content": "\xff"}]}',
        b'{"payload": [{"id": 1, "content_attributes": {"a": "\xff"}}]}',
        b'{"payload": [{"id": 1}], "fork": "\xff"}',
        b'{"payload": [{"id": 1}]} trailing',
        b'{"payload": [{"id": 1, "created_at": 1e400}]}',
        b'{"payload": [{"id": 1, "id": "x"}]}',
        b'{"payload": [null]}',
        b'{"payload": {}}',
        b"[]",
    ],
)
def test_malformed_bodies_give_the_same_error(text: bytes) -> None:
    assert isinstance(_same_either_way(text), str)
