"""The client-side rate limiter, on a fake clock."""

from __future__ import annotations

import threading

import pytest

from voxys_frames.api.ratelimit import DEFAULT_REQUESTS_PER_MINUTE, RateLimiter
from voxys_frames.exceptions import ConfigurationError


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_default_leaves_most_of_chatwoots_per_ip_budget() -> None:
    limiter = RateLimiter()
    assert limiter.requests_per_minute == DEFAULT_REQUESTS_PER_MINUTE
    # Never more than the server's default 3000 per fixed window, bursts included.
    assert limiter.burst + DEFAULT_REQUESTS_PER_MINUTE <= 3000 * 0.5


def test_paces_at_the_sustained_rate_after_a_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(120, burst=3, clock=clock, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(6)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3:] == pytest.approx([0.5, 0.5, 0.5])
    assert clock.now == pytest.approx(101.5)


def test_idle_time_refills_the_burst_but_no_more() -> None:
    clock = FakeClock()
    limiter = RateLimiter(60, burst=2, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    limiter.acquire()
    clock.now += 3600  # an hour idle
    assert [limiter.reserve() for _ in range(3)] == [0.0, 0.0, 1.0]


def test_requests_in_any_sixty_second_window_stay_within_budget() -> None:
    clock = FakeClock()
    limiter = RateLimiter(300, clock=clock, sleep=clock.sleep)
    sent = []
    for _ in range(2000):
        limiter.acquire()
        sent.append(clock.now)
    window_start = 0
    for index, when in enumerate(sent):
        while sent[window_start] <= when - 60:
            window_start += 1
        assert index - window_start + 1 <= 300 + limiter.burst


def test_concurrent_callers_get_distinct_slots() -> None:
    clock = FakeClock()
    limiter = RateLimiter(600, burst=1, clock=clock)
    waits: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(50):
            wait = limiter.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([0.1 * i for i in range(400)])


def test_repr_and_interval() -> None:
    limiter = RateLimiter(90.5, burst=4)
    assert repr(limiter) == "RateLimiter(requests_per_minute=90.5, burst=4)"
    assert limiter.interval == pytest.approx(60 / 90.5)


@pytest.mark.parametrize(("rpm", "burst"), [(0, None), (-5, None), (60, 0)])
def test_bad_settings(rpm: float, burst: int | None) -> None:
    with pytest.raises(ConfigurationError):
        RateLimiter(rpm, burst=burst)
