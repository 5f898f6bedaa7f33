"""CSAT responses, custom attribute definitions and applied SLAs, from hand-built bodies
shaped as chatwoot-reports-api.md §2 (and chatwoot-api.md §3.3) give them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import orjson
import polars as pl
import pytest

from tests import payloads as p
from voxys_frames.archive import RawStore, read_archive
from voxys_frames.convert.batch import convert
from voxys_frames.convert.bodies import Body
from voxys_frames.convert.pages import (
    applied_slas_page,
    csat_responses_page,
    custom_attribute_definitions_page,
)
from voxys_frames.exceptions import SchemaError
from voxys_frames.filters import FilterState, select_tables
from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import TABLES

COMMENTS = {
    1: "Muy bien, ¡gracias! 👍",
    2: "とても親切でした",
    3: p.UNICODE_TEXT,
    4: 'ok\nsecond line "quoted" <b>&</b>',
}


def _fork_csat_body() -> list[p.JSON]:
    """A fork's page: undeclared keys, a null rating, comments in several scripts."""
    return [
        p.csat_response(1, 7, feedback_message=COMMENTS[1], sentiment={"score": 0.9}),
        p.csat_response(2, 9, rating=None, feedback_message=COMMENTS[2], channel="whatsapp"),
        p.enterprise_csat_response(3, 7, rating=1, feedback_message=COMMENTS[3]),
        p.csat_response(4, 12, feedback_message=COMMENTS[4], assigned_agent=p.ABSENT),
    ]


def test_csat_responses_keep_display_ids_unicode_null_ratings_and_fork_keys() -> None:
    page = csat_responses_page(p.dump(_fork_csat_body()), account_id=1, source="csat page 1")
    csat = page.csat_responses.sort("id")
    assert csat.schema == TABLES["csat_responses"].schema
    assert csat["conversation_id"].to_list() == [7, 9, 7, 12]
    assert csat["rating"].to_list() == [4, None, 1, 4]
    assert csat["feedback_message"].to_list() == [COMMENTS[i] for i in (1, 2, 3, 4)]
    assert csat["contact_id"].to_list() == [8] * 4
    assert csat["assigned_agent_id"].to_list() == [3, 3, 3, None]
    assert csat["message_id"].to_list() == [10_001, 10_002, 10_003, 10_004]
    assert csat["created_at"][0] == datetime.fromtimestamp(p.T0 + 1, UTC)
    assert orjson.loads(csat["contact"][0])["name"] == "Ann"
    assert orjson.loads(csat["assigned_agent"][1])["email"] == "agent3@example.com"
    extras = [None if e is None else orjson.loads(e) for e in csat["extra"]]
    assert extras == [{"sentiment": {"score": 0.9}}, {"channel": "whatsapp"}, None, None]
    enterprise = csat.row(2, named=True)
    assert enterprise["csat_review_notes"] == "called back"
    assert enterprise["review_notes_updated_at"] == datetime.fromtimestamp(p.T0 + 3600, UTC)
    assert enterprise["review_notes_updated_by_id"] == 5
    assert orjson.loads(enterprise["review_notes_updated_by"]) == {"id": 5, "name": "Supervisor"}
    assert page.pages.select("source", "endpoint", "rows").row(0) == (
        "csat page 1",
        "csat_survey_responses",
        4,
    )


def test_csat_response_joins_conversations_on_the_display_id() -> None:
    conversations = pl.DataFrame(
        {"account_id": [1, 1, 1], "id": [7, 9, 12], "inbox_id": [70, 90, 120]}
    )
    csat = csat_responses_page(p.dump(_fork_csat_body()), account_id=1).csat_responses
    joined = csat.join(
        conversations,
        left_on=["account_id", "conversation_id"],
        right_on=["account_id", "id"],
        how="inner",
    )
    assert sorted(zip(joined["id"], joined["inbox_id"], strict=True)) == [
        (1, 70),
        (2, 90),
        (3, 70),
        (4, 120),
    ]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"payload": []}, "csat: body: expected a list"),
        ([p.csat_response(1, 7, rating="5")], "csat: [0].rating"),
        ([p.csat_response(1, 7, contact=[1])], "csat: [0].contact"),
        ([p.csat_response(1, 7, id=None)], "csat: [0].id: required field"),
    ],
)
def test_a_bad_csat_body_names_the_body_and_the_field(body: object, where: str) -> None:
    with pytest.raises(SchemaError, match=f"^{re.escape(where)}"):
        csat_responses_page(p.dump(body), account_id=1, source="csat")


def test_custom_attribute_definitions_of_both_models() -> None:
    body = [
        p.custom_attribute_definition(1),
        p.custom_attribute_definition(
            2,
            attribute_key="signed_up",
            attribute_display_type="date",
            attribute_model="contact_attribute",
            attribute_values=[],
            is_kanban=False,
        ),
    ]
    found = custom_attribute_definitions_page(p.dump(body), account_id=1)
    definitions = found.custom_attribute_definitions.sort("id")
    assert definitions.schema == TABLES["custom_attribute_definitions"].schema
    assert definitions["account_id"].to_list() == [1, 1]
    assert definitions["attribute_key"].to_list() == ["plan", "signed_up"]
    assert definitions["attribute_model"].to_list() == [
        "conversation_attribute",
        "contact_attribute",
    ]
    assert definitions["attribute_values"].to_list() == [["free", "pro"], []]
    assert definitions["updated_at"][0] == datetime(2025, 3, 2, 10, 0, 0, 250000, tzinfo=UTC)
    assert definitions["extra"].to_list() == [None, '{"is_kanban":false}']


def test_applied_slas_and_their_events_use_the_display_id() -> None:
    entries = [
        p.applied_sla_entry(40, 7, fork_flag=True),
        p.applied_sla_entry(41, 9, events=[p.sla_event(500), p.sla_event(501, event_type="rt")]),
    ]
    entries[1]["applied_sla"]["sla_breach_note"] = "late"
    page = applied_slas_page(p.dump(p.applied_slas_body(entries, count=27, page=1)), account_id=1)
    applied = page.applied_slas.sort("id")
    assert applied.schema == TABLES["applied_slas"].schema
    assert applied["conversation_id"].to_list() == [7, 9]
    assert applied["sla_policy_id"].to_list() == [4, 4]
    assert applied["sla_status"].to_list() == ["missed", "missed"]
    assert applied["sla_first_response_time_threshold"].to_list() == [300.0, 300.0]
    assert applied["sla_next_response_time_threshold"].to_list() == [None, None]
    assert applied["created_at"][0] == datetime.fromtimestamp(p.T0, UTC)
    assert orjson.loads(applied["conversation"][0])["labels"] == "billing,vip"
    extras = [orjson.loads(e) for e in applied["extra"]]
    assert extras == [{"item": {"fork_flag": True}}, {"sla_breach_note": "late"}]
    events = page.sla_events.sort("id")
    assert events.select("id", "conversation_id", "event_type").rows() == [
        (500, 9, "frt"),
        (501, 9, "rt"),
        (70_040, 7, "frt"),
    ]
    assert orjson.loads(events["meta"][0]) == {"n": p.BIG}
    assert page.pages.select("rows", "count", "current_page").row(0) == (2, 27, 1)


def test_an_applied_sla_entry_without_its_applied_sla_names_the_field() -> None:
    body = p.applied_slas_body([p.applied_sla_entry(40, 7, applied_sla=p.ABSENT)])
    with pytest.raises(SchemaError, match=r"^slas: payload\[0\]\.applied_sla\.id: required"):
        applied_slas_page(p.dump(body), account_id=1, source="slas")


def test_one_batch_of_every_kind_and_the_raw_archive_give_the_same_tables(tmp_path: Path) -> None:
    bodies = [
        Body.received(
            "csat_survey_responses",
            "csat_survey_responses/page-1.json.gz",
            p.dump(_fork_csat_body()),
        ),
        Body.received(
            "custom_attribute_definitions",
            "custom_attribute_definitions/custom_attribute_definitions.json.gz",
            p.dump([p.custom_attribute_definition(1)]),
        ),
        Body.received(
            "applied_slas",
            "applied_slas/page-1.json.gz",
            p.dump(p.applied_slas_body([p.applied_sla_entry(40, 7)])),
        ),
    ]
    done = convert(bodies, account_id=1)
    assert {name: frame.height for name, frame in done.tables.items()} == {
        "csat_responses": 4,
        "custom_attribute_definitions": 1,
        "applied_slas": 1,
        "sla_events": 1,
        "pages": 3,
    }
    store = RawStore(tmp_path / "raw")
    for body in bodies:
        store.write(body)
    store.finish({"account_id": 1})
    archived = read_archive(store.directory).frames
    for name, frame in done.tables.items():
        key = list(TABLES[name].key)
        assert archived[name].sort(key).equals(frame.sort(key)), name


def test_secret_rules_apply_to_csat_bodies() -> None:
    leaky = [p.csat_response(1, 7, contact=p.meta_sender(8, pubsub_token="SECRET-VALUE"))]
    done = convert([Body("csat_survey_responses", "csat", p.dump(leaky))], account_id=1)
    assert "SECRET-VALUE" not in str(done.tables["csat_responses"].rows())
    assert done.redacted == {"csat_survey_responses: [].contact.pubsub_token"}


def test_a_selection_keeps_the_csat_and_slas_of_its_conversations_and_every_definition() -> None:
    csat = csat_responses_page(p.dump(_fork_csat_body()), account_id=1).csat_responses
    slas = applied_slas_page(
        p.dump(p.applied_slas_body([p.applied_sla_entry(40, 7), p.applied_sla_entry(41, 9)])),
        account_id=1,
    ).applied_slas
    definitions = custom_attribute_definitions_page(
        p.dump([p.custom_attribute_definition(1)]), account_id=1
    ).custom_attribute_definitions
    frames = Frames(
        {
            "conversations": pl.DataFrame(
                {"account_id": [1, 1, 1], "id": [7, 9, 12], "status": ["open", "resolved", "open"]}
            ),
            "csat_responses": csat,
            "applied_slas": slas,
            "custom_attribute_definitions": definitions,
        }
    )
    chosen = select_tables(frames, FilterState(statuses=("open",)))
    assert sorted(chosen["csat_responses"].collect()["conversation_id"]) == [7, 7, 12]
    assert chosen["applied_slas"].collect()["conversation_id"].to_list() == [7]
    assert chosen["custom_attribute_definitions"].collect().height == 1
