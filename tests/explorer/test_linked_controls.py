"""CSAT, SLA, contact-attribute and hour controls: set as a user would, counts follow."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import polars as pl

from voxys_frames.explorer import explore
from voxys_frames.filters import AttributeFilter, FilterState
from voxys_frames.tables.frames import Frames


def _frames() -> Frames:
    return Frames(
        {
            "conversations": pl.DataFrame(
                {
                    "account_id": [1, 1, 1],
                    "id": [1, 2, 3],
                    "contact_id": [10, 11, 10],
                    "sla_status": ["missed", "hit", None],
                }
            ),
            "messages": pl.DataFrame(
                {
                    "account_id": [1, 1],
                    "id": [5, 6],
                    "conversation_id": [1, 2],
                    "created_at": [  # Sunday 23h and Monday 00h
                        datetime(2025, 1, 12, 23, tzinfo=UTC),
                        datetime(2025, 1, 13, 0, tzinfo=UTC),
                    ],
                }
            ),
            "csat_responses": pl.DataFrame(
                {"account_id": [1, 1], "id": [1, 2], "conversation_id": [2, 3], "rating": [5, 2]}
            ),
            "contacts": pl.DataFrame(
                {
                    "account_id": [1, 1],
                    "id": [10, 11],
                    "custom_attributes": ['{"tier":"gold"}', "{}"],
                }
            ),
        }
    )


def test_csat_sla_contact_and_hour_controls() -> None:
    explorer = explore(_frames())
    controls = explorer.controls
    assert controls.csat.options == (
        ("1 (0)", 1),
        ("2 (1)", 2),
        ("3 (0)", 3),
        ("4 (0)", 4),
        ("5 (1)", 5),
    )
    controls.csat.value = (5,)
    assert explorer.selection.mask.tolist() == [False, True, False]
    controls.csat.value = ()
    controls.sla_missed.value = "yes"
    assert explorer.selection.mask.tolist() == [True, False, False]
    controls.sla_missed.value = "no"
    assert explorer.selection.mask.tolist() == [False, True, True]
    controls.sla_missed.value = "any"
    row = controls.contact_attributes.add_row()
    assert row.key.options[1:] == (("tier", "tier"),)
    row.key.value, row.text.value = "tier", "gold"
    assert explorer.selection.mask.tolist() == [True, False, True]
    assert explorer.state.contact_attributes == (AttributeFilter("tier", "equals", "gold"),)
    row.remove.click()
    controls.message_hour.value = (167,)
    assert explorer.selection.mask.tolist() == [True, False, False]
    state = FilterState(csat_ratings=(2,), sla_missed="no", message_hours=(0,))
    explorer.state = state
    assert explorer.state == state
    assert explorer.selection.conversations == 0
    assert "pl.col('csat_rating').is_in([2])" in html.unescape(explorer.code.value)
