"""The tally's compact stores behave as the set and dict they replace."""

from __future__ import annotations

import random
from collections import deque
from typing import get_args

import pytest

from voxys_frames.crawl import unitsets
from voxys_frames.crawl.units import Unit, UnitKind
from voxys_frames.crawl.unitsets import DENSE_LIMIT, DoneUnits, ListedConversations, UnitQueue


def test_done_units_answer_as_a_set_of_keys() -> None:
    rng = random.Random(7)
    kinds = ("list", "history", "show", "csat")
    keys = [f"{rng.choice(kinds)}:{rng.randrange(1, 5000)}" for _ in range(3000)]
    keys += ["agents", "newest", f"show:{DENSE_LIMIT + 5}", "list:x", "history:-3"]
    done, reference = DoneUnits(), set()
    for key in keys[::2]:
        done.add(key)
        reference.add(key)
    for key in keys:
        assert (key in done) == (key in reference), key
    for kind in kinds:
        expected = sorted(int(k.split(":")[1]) for k in reference if k.startswith(f"{kind}:"))
        assert done.numbers(kind) == expected


def test_listed_conversations_answer_as_a_dict() -> None:
    rng = random.Random(11)
    listed, reference = ListedConversations(), {}
    ids = [rng.randrange(0, 20_000) for _ in range(5000)] + [DENSE_LIMIT + 1, -4]
    for display_id in ids:
        latest = rng.choice([None, rng.randrange(1, 2**62), -1, 2**63 + 5])
        listed[display_id] = latest
        reference[display_id] = latest
    assert len(listed) == len(reference)
    assert sorted(listed) == sorted(reference)
    for display_id in [*ids, 20_001, 3 * DENSE_LIMIT]:
        assert (display_id in listed) == (display_id in reference)
        assert listed.get(display_id, 0) == reference.get(display_id, 0)
    # a dense id first stored sparsely (negative latest), then densely, is counted once
    listed[5] = -7
    listed[5] = 70
    assert listed.get(5) == 70 and sorted(listed).count(5) == 1
    assert len(listed) == len({*reference, 5})


def test_a_million_listed_conversations_take_eight_bytes_each() -> None:
    listed = ListedConversations()
    for display_id in range(1, 1_000_001):
        listed[display_id] = display_id * 10
    assert len(listed) == 1_000_000
    assert listed._latest.nbytes <= 8 * 2**21


def test_the_unit_queue_answers_as_a_deque(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind, numbers beyond int64, and compaction of the front (made frequent)."""
    monkeypatch.setattr(unitsets, "_COMPACT_AFTER", 4)
    rng = random.Random(3)
    kinds = get_args(UnitKind)
    queue, reference = UnitQueue(), deque[Unit]()
    for _ in range(5000):
        if rng.random() < 0.55:
            number = rng.choice([rng.randrange(0, 10**6), 2**63 + rng.randrange(9), -(2**64)])
            unit = Unit(rng.choice(kinds), number)
            queue.append(unit)
            reference.append(unit)
        elif reference:
            assert queue.popleft() == reference.popleft()
        assert len(queue) == len(reference)
        assert bool(queue) == bool(reference)
    assert list(queue) == list(reference)
    while reference:
        assert queue.popleft() == reference.popleft()
    with pytest.raises(IndexError):
        queue.popleft()


def test_a_million_queued_histories_take_nine_bytes_each() -> None:
    queue = UnitQueue()
    queue.extend(Unit("history", display_id) for display_id in range(1, 1_000_001))
    assert len(queue) == 1_000_000
    assert queue._kinds.itemsize + queue._numbers.itemsize == 9
    assert not queue._big
