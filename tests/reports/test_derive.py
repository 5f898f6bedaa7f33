"""Events derived from messages equal the emulator's reporting events; fetched ones agree."""

from __future__ import annotations

from collections import Counter

import polars as pl

from tests.reports.emulated import Emulated
from tests.reports.truth import Truth
from voxys_frames.reports.business_hours import WorkingHours, with_business_hours
from voxys_frames.reports.derive import derive, derive_events
from voxys_frames.reports.fetched import compare_events, fetched_events


def _derived_rows(events: pl.DataFrame) -> Counter[tuple[object, ...]]:
    return Counter(
        events.select(
            "conversation_id",
            "name",
            pl.col("event_start_time").dt.epoch("s"),
            pl.col("event_end_time").dt.epoch("s"),
            "value",
            "inbox_id",
            "user_id",
        ).iter_rows()
    )


def _truth_rows(truths: list[Truth]) -> Counter[tuple[object, ...]]:
    return Counter(
        (
            t.display_id,
            e["name"],
            e["start"],
            e["end"],
            float(e["value"]),
            e["inbox_id"],
            e["user_id"],
        )
        for t in truths
        for e in t.events
    )


def test_the_sample_has_the_hard_cases(truths: list[Truth]) -> None:
    names = Counter(e["name"] for t in truths for e in t.events)
    assert sum(t.reopens for t in truths) >= 5
    assert names["conversation_bot_handoff"] >= 5 and names["conversation_bot_resolved"] >= 3
    assert sum(t.private for t in truths) >= 20
    assert sum(1 for t in truths if not t.values("first_response")) >= 10  # never answered
    assert sum(1 for t in truths for e in t.events if e["user_id"] is None) >= 5


def test_derived_events_equal_the_emulators(account: Emulated, truths: list[Truth]) -> None:
    derived = derive_events(account.frames)
    assert _derived_rows(derived) == _truth_rows(truths)
    assert (derived["value"] == derived["value"].floor()).all()  # whole seconds
    spans = (derived["event_end_time"] - derived["event_start_time"]).dt.total_seconds()
    first_opening = (derived["name"] == "conversation_opened") & (derived["value"] == 0)
    assert ((derived["value"] == spans) | first_opening).all()
    assert (first_opening & (spans > 0)).any()  # a first opening is 0, measured from creation


def test_the_emulator_exercises_the_corrected_rules(account: Emulated, truths: list[Truth]) -> None:
    """Cases where the old reading and Chatwoot's differ occur in the emulated account."""
    frames = account.frames
    automated = frames["messages"].filter(
        pl.col("content_attributes").str.contains("automation_rule_id")
    )
    assert automated.height >= 5 and automated["sender_type"].is_null().all()
    captain_first = [
        t for t in truths if t.bot_outgoing and t.inbox_id == 3 and t.values("reply_time")
    ]
    assert captain_first and all(not t.values("first_response") for t in captain_first)
    pending_reopens = [t for t in truths if t.inbox_id in (1, 6) and t.reopens]
    assert pending_reopens
    opened = [e for t in pending_reopens for e in t.events if e["name"] == "conversation_opened"]
    assert any(e["value"] > 0 for e in opened)  # measured from the resolution, via pending


def test_private_notes_are_never_replies(account: Emulated) -> None:
    frames = account.frames
    without_notes = frames["messages"].filter(~pl.col("private"))
    stripped = {name: frames[name] for name in frames} | {"messages": without_notes}
    assert derive_events(stripped).equals(derive_events(frames))


def test_fetched_events_link_and_agree(account: Emulated) -> None:
    derived = derive_events(account.frames)
    fetched = fetched_events(account.frames, derived)
    assert fetched["conversation_id"].null_count() == 0
    assert fetched.height == account.frames.reporting_events.height
    agreement = compare_events(derived, fetched)
    counts = dict(agreement["agreement"].value_counts().iter_rows())
    assert set(counts) <= {"same", "user_unknown"}, counts
    assert counts["same"] > 10 * counts.get("user_unknown", 0)
    unknown = agreement.filter(pl.col("agreement") == "user_unknown")
    assert unknown["name"].is_in(["first_response", "reply_time"]).all()


def test_business_hours_agree_with_fetched_events(account: Emulated) -> None:
    inboxes = account.frames.inboxes.filter(pl.col("working_hours_enabled"))
    hours = {
        inbox_id: WorkingHours.weekdays(zone, "09:00", "17:00")
        for inbox_id, zone in inboxes.select("id", "timezone").iter_rows()
    }
    derived = with_business_hours(derive_events(account.frames), hours)
    fetched = fetched_events(account.frames, derived)
    paired = compare_events(derived, fetched).filter(pl.col("inbox_id").is_in(list(hours)))
    assert paired.height > 100
    assert (paired["value_in_business_hours"] == paired["value_in_business_hours_fetched"]).all()
    others = compare_events(derived, fetched).filter(~pl.col("inbox_id").is_in(list(hours)))
    assert others["value_in_business_hours"].null_count() == others.height  # never a silent 0


def test_unrecognised_activity_is_counted_not_ignored(account: Emulated) -> None:
    frames = account.frames
    localised = frames["messages"].with_columns(
        content=pl.when(pl.col("content").str.starts_with("Conversation was marked resolved"))
        .then(pl.lit("Conversa marcada como resolvida"))
        .otherwise(pl.col("content"))
    )
    replaced = {name: frames[name] for name in frames} | {"messages": localised}
    states = derive(replaced).states
    expected = frames["messages"]["content"].str.starts_with("Conversation was marked resolved")
    assert states["unrecognised_activity_count"].sum() == expected.sum() > 0
