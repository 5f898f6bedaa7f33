"""The one-pass paths of page conversion give what the value-by-value paths give.

Each converter checks a whole column at once and only walks it value by value when the
check fails (to name the offending value). These tests hold both sides: the quick path
keeps every value, and a bad value is still reported with its place.
"""

from __future__ import annotations

import json
import subprocess
import sys

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.convert.extract import Rows, json_texts, string_lists
from voxys_frames.convert.pages import messages_page
from voxys_frames.exceptions import SchemaError
from voxys_frames.tables.dedupe import deduplicate
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform


def _rows(items: list[dict[str, object]]) -> Rows:
    return Rows(items, lambda i: f"page 1: payload[{i}]")


def _message(message_id: int, **fields: object) -> dict[str, object]:
    return {
        "id": message_id,
        "conversation_id": 4,
        "message_type": 0,
        "created_at": 1740820530,
        **fields,
    }


def test_object_column_with_a_string_is_refused_with_its_place() -> None:
    rows = _rows([{"a": {"x": 1}}, {"a": "text"}])
    with pytest.raises(SchemaError, match=r"payload\[1\]\.a: expected an object, got 'text'"):
        json_texts(rows, "a")


def test_integer_beyond_64_bits_still_becomes_exact_text() -> None:
    parsed = json.loads('[{"a": {"n": 123456789012345678901234567890, "b": 1}}, {"a": null}]')
    assert json_texts(_rows(parsed), "a").to_list() == [
        '{"b":1,"n":123456789012345678901234567890}',
        None,
    ]


def test_array_column_refuses_an_object() -> None:
    rows = _rows([{"a": [1]}, {"a": {"x": 1}}])
    with pytest.raises(SchemaError, match=r"payload\[1\]\.a: expected a list"):
        json_texts(rows, "a", array=True)


def test_child_that_is_not_an_object_is_named() -> None:
    rows = _rows([{"sender": {"id": 1}}, {"sender": 7}])
    with pytest.raises(SchemaError, match=r"payload\[1\]\.sender: expected an object, got 7"):
        rows.child("sender")


def test_keys_nobody_sent_are_typed_null_columns() -> None:
    page = messages_page({"payload": [_message(1)]}, account_id=1)
    frame = page.messages
    assert frame.schema["updated_at"] == pl.Datetime("us", "UTC")
    assert frame["updated_at"].null_count() == 1
    assert frame["sentiment"].dtype == pl.String
    assert frame["extra"].to_list() == [None]


def test_unknown_key_in_one_row_of_many_goes_to_extra() -> None:
    body = {"payload": [_message(1), _message(2, fork_score=0.5), _message(3)]}
    extra = messages_page(body, account_id=1).messages.sort("id")["extra"].to_list()
    assert extra == [None, '{"fork_score":0.5}', None]


def test_null_attachment_elements_are_dropped_across_many_messages() -> None:
    attachment = {"id": 70, "message_id": 2, "file_type": "image", "account_id": 1}
    body = {
        "payload": [
            _message(1, attachments=[None]),
            _message(2, attachments=[None, attachment]),
            _message(3),
        ]
    }
    page = messages_page(body, account_id=1)
    assert page.messages.sort("id")["attachment_count"].to_list() == [0, 1, 0]
    assert page.attachments.select("id", "message_id").rows() == [(70, 2)]


def test_attachment_that_is_not_an_object_is_named() -> None:
    body = {"payload": [_message(1), _message(2, attachments=[None, "file.png"])]}
    with pytest.raises(SchemaError, match=r"payload\[1\]\.attachments\[1\]: expected an object"):
        messages_page(body, account_id=1, source="page 1")


def test_unique_keys_deduplicate_like_the_general_path() -> None:
    frame = conform(
        pl.DataFrame({"account_id": [1, 1, 1], "id": [9, 3, 5], "name": ["c", "a", "b"]}),
        "teams",
    )
    quick = deduplicate(frame, "teams")
    general = deduplicate(frame.lazy(), "teams").collect()
    assert_frame_equal(quick, general)
    assert quick["id"].to_list() == [3, 5, 9]


def test_empty_tables_are_never_shared_between_results() -> None:
    first, second = Frames(), Frames()
    first.teams.insert_column(0, pl.Series("marker", [], dtype=pl.Int64))
    assert "marker" not in second.teams.columns
    assert "marker" not in Frames().teams.columns


@pytest.mark.parametrize(
    ("value", "shown"), [(True, "True"), (1.5, "1.5"), ("1", "'1'"), ([1], r"\[1\]")]
)
def test_integer_column_refuses_what_is_not_an_integer(value: object, shown: str) -> None:
    rows = _rows([_message(1), _message(2, inbox_id=value)])
    with pytest.raises(
        SchemaError, match=rf"payload\[1\]\.inbox_id: expected an integer, got {shown}$"
    ):
        messages_page({"payload": rows.items}, source="page 1")


def test_columns_read_together_keep_absent_keys_as_nulls() -> None:
    items: list[dict[str, object]] = [
        {"a": 1, "b": "x", "c": None},
        {},
        {"a": 2, "d": [1]},
        {"b": "y", "e": 1, "f": 2, "g": 3, "h": 4},
    ]
    rows = _rows(items)
    for key in "abcdefgh":
        assert rows.values(key) == [item.get(key) for item in items]


def test_label_lists_keep_empty_and_null_lists_and_name_a_bad_element() -> None:
    rows = _rows([{"labels": ["a", "b"]}, {"labels": []}, {"labels": None}, {}])
    assert string_lists(rows, "labels").to_list() == [["a", "b"], [], None, None]
    bad = _rows([{"labels": ["a"]}, {"labels": ["b", None]}])
    with pytest.raises(SchemaError, match=r"payload\[1\]\.labels: expected a list of strings"):
        string_lists(bad, "labels")


def _contact(**fields: object) -> dict[str, object]:
    return {"id": 9, "name": "Ann", "type": "contact", "blocked": False, **fields}


def test_a_sender_repeated_exactly_gives_what_converting_every_copy_gives() -> None:
    newer = _contact(name="Ann B", email="ann@example.com")
    items = [
        _message(1, sender=_contact()),
        _message(2, sender=_contact()),
        _message(3, sender=newer),
        _message(4, sender=_contact()),
        _message(5, sender={"id": 3, "type": "user", "name": "Bo"}),
        _message(6, sender={"id": 3, "type": "user", "name": "Bo"}),
    ]
    page = messages_page({"payload": items}, account_id=1)
    one_by_one = [messages_page({"payload": [item]}, account_id=1) for item in items]
    for table in ("contacts", "agents"):
        every_copy = pl.concat([page_of_one[table] for page_of_one in one_by_one])
        assert_frame_equal(page[table], deduplicate(every_copy, table))
    assert page.contacts.row(0, named=True)["email"] == "ann@example.com"
    assert page.contacts["name"].to_list() == ["Ann"]


def test_a_repeated_sender_differing_only_in_type_is_still_refused_at_its_place() -> None:
    items = [_message(1, sender=_contact(blocked=0)), _message(2, sender=_contact())]
    with pytest.raises(
        SchemaError, match=r"payload\[0\]\.sender\.blocked: expected a boolean, got 0"
    ):
        messages_page({"payload": items}, source="page 1")
    repeated = [_message(1, sender=_contact(blocked=0)), _message(2, sender=_contact(blocked=0))]
    with pytest.raises(SchemaError, match=r"payload\[0\]\.sender\.blocked: expected a boolean"):
        messages_page({"payload": repeated}, source="page 1")


def test_converting_a_page_does_not_import_pandas() -> None:
    """Importing pandas costs seconds: a conversion must not pull it in (pa.array() does)."""
    script = (
        "import sys\n"
        "from voxys_frames.convert.pages import conversations_page\n"
        "conversations_page({'data': {'payload': [{'id': 1, 'labels': ['a'], 'messages': []},"
        " {'id': 2, 'labels': None}]}}, account_id=1)\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"
