"""The route converts a large batch in slices of bytes: the rows do not depend on it."""

from __future__ import annotations

import random

import httpx
import pytest
from polars.testing import assert_frame_equal

from voxys_frames.convert import batch
from voxys_frames.convert.bodies import Body, history_page_name, list_page_name
from voxys_frames.emulator import Emulator, EmulatorConfig
from voxys_frames.tables.dedupe import deduplicate

TOKEN = "slices-token"


def _bodies() -> list[Body]:
    emulator = Emulator(EmulatorConfig(seed=4, conversations=60, token=TOKEN))
    found: list[Body] = []
    with httpx.Client(
        transport=emulator.transport(), base_url="http://e", headers={"api_access_token": TOKEN}
    ) as http:
        for page in (1, 2, 3):
            response = http.get(
                "/api/v1/accounts/1/conversations", params={"status": "all", "page": page}
            )
            found.append(Body("conversations", list_page_name(page), response.content))
        for cid in range(1, 61):
            response = http.get(
                f"/api/v1/accounts/1/conversations/{cid}/messages",
                params={"after": 1, "before": 2**62},
            )
            found.append(Body("messages", history_page_name(cid, 1), response.content, cid))
    return found


def test_slicing_a_batch_gives_the_same_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = _bodies()
    whole = batch.convert(bodies, account_id=1)
    calls = dict(batch.CALLS)
    monkeypatch.setattr(batch, "SLICE_BYTES", 2_000)
    sliced = batch.convert(bodies, account_id=1)
    assert sliced.metas == whole.metas
    assert set(sliced.tables) == set(whole.tables)
    for name, frame in whole.tables.items():
        assert_frame_equal(deduplicate(sliced.tables[name], name), deduplicate(frame, name))
    assert batch.CALLS["fast_messages"] - calls["fast_messages"] == 60


@pytest.mark.parametrize("seed", range(20))
def test_slices_keep_order_bound_their_bytes_and_leave_no_short_tail(seed: int) -> None:
    rng = random.Random(seed)
    limit = 1_000
    top = 400 if seed % 2 else 1_500  # even seeds: bodies larger than the limit too
    bodies = [Body("teams", "b", b"x" * rng.randint(1, top)) for _ in range(rng.randint(1, 60))]
    at = list(range(len(bodies)))
    slices = batch._slices(at, bodies, limit=limit)
    sizes = [sum(len(bodies[i].data) for i in run) for run in slices]
    assert [i for run in slices for i in run] == at
    runs = list(zip(sizes, slices, strict=True))
    assert all(size <= limit * 1.25 or len(run) == 1 for size, run in runs)
    assert all(size <= limit or len(run) == 1 for size, run in runs[:-1])  # only the last grew
    if len(slices) > 1:
        # a short tail stays alone only when joining would pass 1.25 times the limit
        assert sizes[-1] * 4 >= limit or (sizes[-2] + sizes[-1]) * 4 > limit * 5
        pairs = zip(sizes[:-1], slices[1:], strict=True)
        assert all(size + len(bodies[run[0]].data) > limit for size, run in pairs)


def test_a_short_tail_stays_alone_after_a_body_larger_than_the_limit() -> None:
    bodies = [Body("teams", "b", b"x" * n) for n in (400, 1_400, 100)]
    assert batch._slices([0, 1, 2], bodies, limit=1_000) == [[0], [1], [2]]
    assert batch._slices([0, 2], bodies, limit=1_000) == [[0, 2]]
