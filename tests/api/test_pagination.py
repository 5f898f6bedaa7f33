"""Pagination state objects, without HTTP."""

from __future__ import annotations

import random

import pytest

from voxys_frames.api.pagination import (
    MessageRanges,
    PageNumbers,
    count_for,
    pages_needed,
)
from voxys_frames.exceptions import ConfigurationError, SchemaError


def serve(history: list[tuple[int, int]], limit: int, after: int, before: int) -> list[int]:
    """The bulk messages form: ``after <= id < before`` sorted on created_at, ``limit`` rows."""
    rows = sorted((m for m in history if after <= m[0] < before), key=lambda m: m[1])
    return [m[0] for m in rows[:limit]]


def read_all(cursor: MessageRanges, history: list[tuple[int, int]]) -> tuple[list[int], int]:
    """Walk ``history`` of (id, created_at) to the end; the ids read and the requests."""
    seen: list[int] = []
    requests = 0
    while True:
        ids = serve(history, cursor.limit, **cursor.params())
        requests += 1
        seen.extend(ids)
        if not cursor.advance(ids):
            return seen, requests


def walk(pages: PageNumbers, sizes: list[int], **counts: int) -> list[int]:
    """The page numbers requested when the server answers ``sizes`` rows in turn."""
    requested = [pages.first()]
    for rows in sizes:
        following = pages.next(rows, **counts)
        if following is None:
            break
        requested.append(following)
    return requested


class TestPageNumbers:
    def test_stops_on_an_empty_page(self) -> None:
        assert walk(PageNumbers(), [25, 25, 0, 25]) == [1, 2, 3]

    def test_stops_on_a_short_page_without_counts(self) -> None:
        pages = PageNumbers()
        assert walk(pages, [25, 7, 25]) == [1, 2]
        assert pages.done
        assert pages.rows_seen == 32

    def test_stops_when_the_count_is_reached(self) -> None:
        assert walk(PageNumbers(), [25, 25, 25], total=50) == [1, 2]

    def test_an_exact_multiple_needs_no_extra_request(self) -> None:
        assert walk(PageNumbers(), [25, 25, 25, 25], total=75) == [1, 2, 3]

    def test_a_smaller_deployment_page_size_is_not_cut_short(self) -> None:
        # CONVERSATION_RESULTS_PER_PAGE=10: pages of 10 are full, not short.
        assert walk(PageNumbers(), [10, 10, 10, 10], total=30) == [1, 2, 3]

    def test_total_pages_wins(self) -> None:
        assert walk(PageNumbers(), [25, 25, 25], total_pages=2) == [1, 2]

    def test_empty_account(self) -> None:
        assert walk(PageNumbers(), [0], total=0) == [1]

    def test_contacts_pages_of_fifteen(self) -> None:
        assert walk(PageNumbers(page_size=15), [15, 15, 3]) == [1, 2, 3]

    def test_start_page_and_done_is_sticky(self) -> None:
        pages = PageNumbers(start=4)
        assert pages.first() == 4
        assert pages.next(0) is None
        assert pages.next(25) is None

    def test_first_restarts(self) -> None:
        pages = PageNumbers()
        walk(pages, [0])
        assert pages.first() == 1
        assert not pages.done

    @pytest.mark.parametrize("kwargs", [{"page_size": 0}, {"start": 0}])
    def test_bad_settings(self, kwargs: dict[str, int]) -> None:
        with pytest.raises(ConfigurationError):
            PageNumbers(**kwargs)


def test_pages_needed() -> None:
    assert [pages_needed(n) for n in (0, 1, 25, 26, 50, 51)] == [0, 1, 1, 2, 2, 3]
    assert pages_needed(31, 15) == 3
    with pytest.raises(ConfigurationError):
        pages_needed(3, 0)


def test_count_for_follows_the_assignee_filter() -> None:
    meta = {"mine_count": 1, "assigned_count": 6, "unassigned_count": 4, "all_count": 10}
    assert count_for(meta) == 10
    assert count_for(meta, "all") == 10
    assert count_for(meta, "me") == 1
    assert count_for(meta, "assigned") == 6
    assert count_for(meta, "unassigned") == 4
    assert count_for({"all_count": None}) is None
    assert count_for({"all_count": True}) is None
    assert count_for({}) is None


class TestMessageRanges:
    def test_short_history_is_one_request(self) -> None:
        history = [(i, i) for i in range(1, 500)]
        seen, requests = read_all(MessageRanges(), history)
        assert seen == list(range(1, 500))
        assert requests == 1

    def test_the_boundary_tie_is_read(self) -> None:
        history = [(1, 10), (2, 10), (4, 11), (3, 11), (5, 13), (6, 13)]
        seen, _ = read_all(MessageRanges(limit=3), history)
        assert set(seen) == {1, 2, 3, 4, 5, 6}

    @pytest.mark.parametrize("seed", range(20))
    def test_any_disorder_is_read_completely(self, seed: int) -> None:
        rng = random.Random(seed)
        ids = rng.sample(range(1, 50_000), rng.randint(0, 400))
        history = [(i, rng.randint(0, 60)) for i in ids]  # many ties, no id/time relation
        limit = rng.choice([1, 2, 7, 50])
        seen, requests = read_all(MessageRanges(limit=limit), history)
        assert set(seen) == set(ids)
        assert requests < 10 * (len(ids) // limit + 2)

    def test_ordered_long_history_costs_three_requests_per_full_page(self) -> None:
        history = [(i * 3, 1000 + i) for i in range(1, 2501)]
        seen, requests = read_all(MessageRanges(limit=1000), history)
        assert set(seen) == {m[0] for m in history}
        assert requests == 7

    def test_a_server_ignoring_the_cursor_is_an_error(self) -> None:
        ranges = MessageRanges(limit=2)
        ranges.advance([5, 6])
        with pytest.raises(SchemaError, match="ignored the cursor"):
            ranges.advance([100, 200])

    def test_advance_page_and_done(self) -> None:
        ranges = MessageRanges()
        assert not ranges.advance_page([{"id": 3}])
        assert ranges.done
        assert ranges.requests == 1

    @pytest.mark.parametrize("kwargs", [{"limit": 0}, {"after": 9, "before": 2}])
    def test_bad_settings(self, kwargs: dict[str, int]) -> None:
        with pytest.raises(ConfigurationError):
            MessageRanges(**kwargs)
