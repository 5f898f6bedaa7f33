"""A body's own keys beside ``payload`` and ``meta`` (a fork's additions) are kept.

Chatwoot's list views render ``{"data": {"meta": ..., "payload": [...]}}`` for
conversations and ``{"meta": ..., "payload": [...]}`` for messages and contacts; a key
of a fork's beside those is kept in the body's ``pages`` row, column ``extra``, as
canonical JSON, and no other row changes.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from voxys_frames.convert.batch import CALLS, convert
from voxys_frames.convert.bodies import Body

MESSAGE = {"id": 5, "conversation_id": 1, "created_at": 1740820530, "message_type": 0}
CONVERSATION = {"id": 1, "account_id": 1, "inbox_id": 1, "status": "open", "messages": []}


def pages_of(endpoint: str, document: Any) -> Any:
    body = Body(endpoint, f"{endpoint}/page-1.json.gz", orjson.dumps(document), 1)  # type: ignore[arg-type]
    return convert([body], account_id=1).tables


@pytest.mark.parametrize(
    ("endpoint", "document", "extra"),
    [
        (
            "messages",
            {"meta": {}, "payload": [MESSAGE], "fork": {"b": 2**60, "a": [1.5, None]}},
            {"a": [1.5, None], "b": 2**60},
        ),
        ("contacts", {"meta": {"count": 0}, "payload": [], "cursor": "abc"}, {"cursor": "abc"}),
        (
            "conversations",
            {"data": {"meta": {}, "payload": [CONVERSATION], "next": 2}, "trace": True},
            {"data": {"next": 2}, "trace": True},
        ),
    ],
)
def test_a_bodys_undeclared_keys_are_kept_in_its_pages_row(
    endpoint: str, document: dict[str, Any], extra: dict[str, Any]
) -> None:
    tables = pages_of(endpoint, document)
    (kept,) = tables["pages"]["extra"].to_list()
    assert orjson.loads(kept) == (extra if endpoint != "messages" else {"fork": extra})
    assert kept == orjson.dumps(orjson.loads(kept), option=orjson.OPT_SORT_KEYS).decode()
    without = {k: v for k, v in document.items() if k in {"meta", "payload", "data"}}
    if endpoint == "conversations":
        without = {"data": {k: v for k, v in document["data"].items() if k != "next"}}
    plain = pages_of(endpoint, without)
    assert plain["pages"]["extra"].to_list() == [None]
    for name, frame in plain.items():
        if name != "pages":
            assert frame.equals(tables[name]), name


def test_messages_bodies_without_other_keys_stay_on_the_typed_path() -> None:
    before = CALLS["fast_messages"]
    pages_of("messages", {"meta": {}, "payload": [MESSAGE]})
    assert CALLS["fast_messages"] == before + 1
