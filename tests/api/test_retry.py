"""Retries and the adaptive 429 backoff, with fake sleeps and clocks."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from voxys_frames.api import retry
from voxys_frames.api.retry import (
    FailureKind,
    Retrier,
    RetryableError,
    RetryPolicy,
    Throttle,
    no_waiting,
    parse_retry_after,
    set_testing,
)
from voxys_frames.exceptions import (
    ConfigurationError,
    InvalidResponseError,
    RateLimitedError,
    ServerError,
    TransportError,
)


class FakeTime:
    """A clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def failing(kinds: list[FailureKind], result: str = "ok") -> Callable[[], str]:
    """An attempt that fails with ``kinds`` in turn, then returns ``result``."""
    remaining = list(kinds)

    def attempt() -> str:
        if remaining:
            kind = remaining.pop(0)
            raise RetryableError(kind, f"{kind} failure", status_code=503)
        return result

    return attempt


def make(policy: RetryPolicy | None = None) -> tuple[Retrier, FakeTime]:
    fake = FakeTime()
    policy = policy or RetryPolicy()
    throttle = Throttle(policy, clock=fake.clock, rng=random.Random(3))
    return Retrier(policy, throttle=throttle, sleep=fake.sleep, rng=random.Random(4)), fake


def test_success_after_server_errors() -> None:
    retrier, fake = make()
    assert retrier.call(failing(["server", "transport", "invalid"]), describe="GET /x") == "ok"
    assert len(fake.sleeps) == 3


def test_full_jitter_is_capped_exponential() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0)
    rng = random.Random(0)
    for failures, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (10, 5.0)]:
        delays = [policy.backoff(failures, rng=rng) for _ in range(200)]
        assert min(delays) >= 0.0
        assert max(delays) <= ceiling
        assert max(delays) > ceiling * 0.8  # full range used: it is jitter, not a constant


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("server", ServerError),
        ("transport", TransportError),
        ("invalid", InvalidResponseError),
    ],
)
def test_exhaustion_names_the_request_and_the_tries(
    kind: FailureKind, error: type[Exception]
) -> None:
    retrier, fake = make(RetryPolicy(attempts=4))
    describe = "GET /api/v1/accounts/1/conversations?status=all&page=3"
    with pytest.raises(error) as caught:
        retrier.call(failing([kind] * 10), describe=describe)
    message = str(caught.value)
    assert message.startswith(describe)
    assert "tried 4 times" in message
    assert f"{kind} failure" in message
    assert caught.value.attempts == 4  # type: ignore[attr-defined]
    assert caught.value.method == "GET"  # type: ignore[attr-defined]
    assert caught.value.url == describe[4:]  # type: ignore[attr-defined]
    assert len(fake.sleeps) == 3
    assert isinstance(caught.value.__cause__, RetryableError)


def test_a_single_try_says_time_not_times() -> None:
    retrier, _ = make(RetryPolicy(attempts=1))
    with pytest.raises(ServerError, match="tried 1 time: "):
        retrier.call(failing(["server"]), describe="GET /x")


def test_throttled_tries_have_their_own_budget() -> None:
    retrier, _ = make(RetryPolicy(attempts=2, throttled_attempts=5))
    # 4 throttled + 1 server failure: within both budgets.
    assert retrier.call(failing(["throttled"] * 4 + ["server"]), describe="GET /x") == "ok"
    retrier, _ = make(RetryPolicy(attempts=2, throttled_attempts=5))
    with pytest.raises(RateLimitedError, match="tried 5 times"):
        retrier.call(failing(["throttled"] * 5), describe="GET /x")


def test_429_without_retry_after_backs_off_adaptively() -> None:
    policy = RetryPolicy(throttle_initial=1.0, throttle_max=60.0, throttled_attempts=20)
    retrier, fake = make(policy)
    # The server's window: throttled for the first 50 s, then fine.
    calls: list[float] = []

    def attempt() -> str:
        calls.append(fake.now)
        if fake.now < 50:
            raise RetryableError("throttled", "429", status_code=429)
        return "ok"

    assert retrier.call(attempt, describe="GET /x") == "ok"
    waits = fake.sleeps
    # Grows: each pause is at least half the previous ceiling, doubling up to the cap.
    assert all(later >= earlier * 0.9 for earlier, later in itertools.pairwise(waits))
    assert waits[0] <= 1.0
    # Probes, rather than sleeping a full minute at once, and not far past the window.
    assert len(calls) >= 5
    assert fake.now < 50 + 64
    assert retrier.throttle.delay > policy.throttle_initial
    # Successes shrink the learned pause back.
    for _ in range(10):
        retrier.call(lambda: "ok", describe="GET /x")
    assert retrier.throttle.delay == policy.throttle_initial


def test_the_pause_is_shared_by_every_request() -> None:
    retrier, fake = make(RetryPolicy(throttle_initial=4.0))
    retrier.call(failing(["throttled"]), describe="GET /a")
    paused_at = fake.now
    # A 429 sets a pause; another request waits for it only if it is still running.
    retrier.throttle.throttled()
    pause = retrier.throttle.wait_time()
    assert pause > 0
    retrier.call(lambda: "ok", describe="GET /b")
    assert fake.now == pytest.approx(paused_at + pause)


def test_concurrent_429s_grow_the_pause_once() -> None:
    fake = FakeTime()
    policy = RetryPolicy(throttle_initial=2.0)
    throttle = Throttle(policy, clock=fake.clock, rng=random.Random(0))
    first = throttle.throttled()
    assert throttle.delay == 4.0
    fake.now += first / 2
    assert throttle.throttled() == pytest.approx(first / 2)  # same pause, not grown
    assert throttle.delay == 4.0


def test_retry_after_is_obeyed() -> None:
    retrier, fake = make(RetryPolicy(throttle_initial=1.0))

    def attempt() -> str:
        if not fake.sleeps:
            raise RetryableError("throttled", "429", status_code=429, retry_after=7.0)
        return "ok"

    assert retrier.call(attempt, describe="GET /x") == "ok"
    assert fake.sleeps == [7.0]
    assert retrier.throttle.delay == 1.0  # a stated window teaches nothing


def test_retry_after_is_capped() -> None:
    fake = FakeTime()
    throttle = Throttle(RetryPolicy(max_retry_after=30.0), clock=fake.clock)
    assert throttle.throttled(retry_after=86400.0) == 30.0


def test_parse_retry_after() -> None:
    now = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after("Sun, 01 Nov 2026 12:01:00 GMT", now=now) == 60.0
    assert parse_retry_after("Sun, 01 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("") is None
    assert parse_retry_after("-3") is None
    assert parse_retry_after("later") is None


def test_testing_switch_skips_real_sleeps() -> None:
    retrier = Retrier(RetryPolicy(base_delay=30.0, max_delay=30.0))
    started = time.monotonic()
    with no_waiting():
        retrier.call(failing(["server", "server"]), describe="GET /x")
    assert time.monotonic() - started < 1.0
    assert not retry._testing


def test_set_testing_toggles() -> None:
    try:
        set_testing(True)
        started = time.monotonic()
        Retrier().sleep(60.0)
        assert time.monotonic() - started < 1.0
    finally:
        set_testing(False)


def test_retrier_is_thread_safe() -> None:
    retrier, _ = make(RetryPolicy(attempts=3))
    results: list[str] = []

    def worker() -> None:
        results.append(retrier.call(failing(["server", "throttled"]), describe="GET /x"))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["ok"] * 16


def test_bad_policy() -> None:
    with pytest.raises(ConfigurationError):
        RetryPolicy(attempts=0)
    with pytest.raises(ConfigurationError):
        RetryPolicy(base_delay=-1)
