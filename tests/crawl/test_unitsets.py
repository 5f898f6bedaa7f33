"""The tally's compact stores behave as the set and dict they replace."""

from __future__ import annotations

import random

from voxys_frames.crawl.unitsets import DENSE_LIMIT, DoneUnits, ListedConversations


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
