"""The filter state is plain data: round trips through JSON, and refuses bad values clearly."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters import AttributeFilter, FilterState

FULL = FilterState(
    statuses=("open",),
    inbox_ids=(1, 2),
    assignees=(None, ("User", 5)),
    team_ids=(None, 3),
    labels=("vip", "配送"),
    labels_match="all",
    priorities=(None, "high"),
    channels=("Channel::Email",),
    date_field="last_activity_at",
    date_from=date(2025, 1, 1),
    date_to=date(2025, 2, 1),
    waiting="unattended",
    attributes=(AttributeFilter("plan", "equals", "pro"), AttributeFilter("vip", "present")),
    contact_attributes=(AttributeFilter("tier", "contains", "gold"),),
    csat_ratings=(1, 5),
    sla_missed="yes",
    topics=("refund, money back", "配送"),
    text="<script>",
    message_types=("incoming", "template"),
    message_hours=(0, 167),
)


def test_json_round_trip() -> None:
    text = json.dumps(FULL.to_dict())
    assert FilterState.from_dict(json.loads(text)) == FULL


def test_default_state_is_empty() -> None:
    assert FilterState().is_empty
    assert not FULL.is_empty
    assert not FilterState().has_message_filters
    assert FilterState(message_types=("incoming",)).has_message_filters


def test_replace_checks_values() -> None:
    assert FULL.replace(text="x").text == "x"
    with pytest.raises(ConfigurationError, match="labels_match"):
        FULL.replace(labels_match="some")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"statuses": ["open"]}, r"FilterState.statuses: expected a tuple, got \['open'\]"),
        ({"statuses": (1,)}, "FilterState.statuses: expected str items, got 1"),
        ({"inbox_ids": (True,)}, "FilterState.inbox_ids: expected int items, got True"),
        ({"inbox_ids": (None,)}, "FilterState.inbox_ids: expected int items, got None"),
        ({"assignees": (("User",),)}, "FilterState.assignees: expected"),
        ({"date_from": datetime(2025, 1, 1)}, "FilterState.date_from: expected a datetime.date"),
        (
            {"date_from": date(2025, 2, 1), "date_to": date(2025, 1, 1)},
            "date_from 2025-02-01 is after date_to",
        ),
        ({"message_types": ("email",)}, "FilterState.message_types: expected one of incoming"),
        ({"waiting": True}, "FilterState.waiting"),
        (
            {"attributes": ({"key": "plan"},)},
            "FilterState.attributes: expected AttributeFilter items",
        ),
        (
            {"contact_attributes": ("tier",)},
            "FilterState.contact_attributes: expected AttributeFilter items",
        ),
        ({"csat_ratings": (0,)}, "FilterState.csat_ratings: expected ratings 1 to 5, got 0"),
        ({"csat_ratings": ("5",)}, "FilterState.csat_ratings: expected int items"),
        ({"sla_missed": True}, "FilterState.sla_missed: expected one of any, yes, no"),
        ({"message_hours": (168,)}, "FilterState.message_hours: expected hours of the week"),
        ({"topics": (3,)}, "FilterState.topics: expected str items, got 3"),
    ],
)
def test_bad_values_name_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        FilterState(**changes)


def test_old_dicts_without_the_new_fields_still_load() -> None:
    old = {
        k: v for k, v in FULL.to_dict().items() if k not in ("csat_ratings", "sla_missed", "topics")
    }
    loaded = FilterState.from_dict(old)
    assert (loaded.csat_ratings, loaded.sla_missed, loaded.topics) == ((), "any", ())
    assert FilterState(message_hours=(3,)).has_message_filters


def test_from_dict_refuses_unknown_fields_and_bad_dates() -> None:
    with pytest.raises(ConfigurationError, match="unknown fields colour"):
        FilterState.from_dict({"colour": "red"})
    with pytest.raises(ConfigurationError, match="date_to: expected an ISO date"):
        FilterState.from_dict({"date_to": "last week"})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", "present"), "attributes.key"),
        (("plan", "like", "x"), "attributes.op"),
        (("plan", "contains"), "op 'contains' needs a value"),
        (("plan", "absent", "x"), "op 'absent' takes no value"),
    ],
)
def test_attribute_filter_checks(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        AttributeFilter(*args)
