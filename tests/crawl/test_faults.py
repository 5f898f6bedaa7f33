"""429s, 5xx, truncated bodies, dropped connections and live activity, all at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TOKEN, make_config
from tests.crawl.conftest import FAST_RETRY, ground_truth
from voxys_frames.crawl import fetch
from voxys_frames.emulator import Emulator, FaultConfig, LiveConfig, ServerInfo


@pytest.fixture(scope="module")
def hostile() -> Emulator:
    return Emulator(
        make_config(
            seed=9,
            conversations=200,
            rate_limit=60,
            rate_window=0.5,
            faults=FaultConfig(server_error_rate=0.05, truncated_rate=0.05, drop_rate=0.05, seed=4),
            live=LiveConfig(enabled=True, interval=0.05, events_per_tick=2),
        )
    )


@pytest.fixture(scope="module")
def hostile_server(hostile: Emulator) -> Iterator[ServerInfo]:
    with hostile.serve() as info:
        yield info


def test_every_conversation_and_message_of_the_start_is_there_once(
    hostile: Emulator, hostile_server: ServerInfo, tmp_path: Path
) -> None:
    before = ground_truth(hostile)
    requests_before = hostile.app.requests
    throttled_before = hostile.app.limiter.throttled
    result = fetch(
        hostile_server.base_url,
        hostile_server.account_id,
        TOKEN,
        tmp_path,
        quiet=True,
        rate_limit=None,
        retry=FAST_RETRY,
        concurrency=8,
    )
    frames = result.frames
    conversation_ids = frames.conversations["id"].to_list()
    message_ids = frames.messages["id"].to_list()
    assert len(conversation_ids) == len(set(conversation_ids))
    assert len(message_ids) == len(set(message_ids))
    assert set(before) <= set(conversation_ids)
    assert {m for ids in before.values() for m in ids} <= set(message_ids)
    assert result.summary.continuity_gaps == []
    summary = result.summary
    highest = summary.highest_display_id_at_start
    assert highest is not None and highest >= max(before)
    above = [i for i in conversation_ids if i > highest]
    assert summary.added_during_crawl == len(above), "created during the crawl: above the start"
    created = set(conversation_ids) - set(before)
    assert summary.added_during_crawl <= len(created) <= hostile.live.applied["conversation"]
    served = hostile.app.requests - requests_before
    reads = len(result.frames.pages)
    assert hostile.app.limiter.throttled > throttled_before, "the server answered 429s"
    assert served > reads + (hostile.app.limiter.throttled - throttled_before), "faults retried"
    assert hostile.live.applied["message"] > 0, "the account changed during the crawl"
