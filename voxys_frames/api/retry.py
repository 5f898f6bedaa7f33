"""Retries: capped exponential backoff with full jitter, and an adaptive 429 backoff.

A request attempt either returns, raises a final error (401, 404...), or raises
:class:`RetryableError` naming what went wrong:

* ``"server"``: a 5xx; ``"transport"``: a timeout or dropped connection;
  ``"invalid"``: a truncated or non-JSON body. These wait
  ``uniform(0, min(max_delay, base_delay * 2**n))`` (full jitter) and are tried
  ``attempts`` times in all.
* ``"throttled"``: a 429. Chatwoot's 429 carries no ``Retry-After`` and its window
  (fixed, 60 s by default) is unknown to the client, so :class:`Throttle` learns a
  pause shared by every request of the client: it doubles on each 429 (one probe
  request goes after the pause), and halves again as requests succeed. A
  ``Retry-After`` header, when a server sends one, is obeyed instead.

When the attempts run out the failure becomes :class:`~voxys_frames.exceptions.ServerError`,
:class:`~voxys_frames.exceptions.RateLimitedError`,
:class:`~voxys_frames.exceptions.TransportError` or
:class:`~voxys_frames.exceptions.InvalidResponseError`, whose message names the request
and how many times it was tried.

Tests never sleep: pass ``sleep=`` to :class:`Retrier`, or switch every retrier of the
process to no-op sleeping with :func:`set_testing` or :func:`no_waiting`.

Examples
--------
>>> calls = []
>>> def flaky() -> str:
...     calls.append(1)
...     if len(calls) < 3:
...         raise RetryableError("server", "503 Service Unavailable", status_code=503)
...     return "ok"
>>> waits: list[float] = []
>>> Retrier(RetryPolicy(), sleep=waits.append).call(flaky, describe="GET /x")
'ok'
>>> len(calls), len(waits)
(3, 2)
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal, TypeVar

from voxys_frames.exceptions import (
    ApiError,
    ConfigurationError,
    InvalidResponseError,
    RateLimitedError,
    ServerError,
    TransportError,
)

__all__ = [
    "FailureKind",
    "Retrier",
    "RetryPolicy",
    "RetryableError",
    "Throttle",
    "no_waiting",
    "parse_retry_after",
    "set_testing",
]

logger = logging.getLogger("voxys_frames.api.retry")

T = TypeVar("T")
FailureKind = Literal["server", "throttled", "transport", "invalid"]

_FINAL_ERRORS: dict[FailureKind, type[ApiError]] = {
    "server": ServerError,
    "throttled": RateLimitedError,
    "transport": TransportError,
    "invalid": InvalidResponseError,
}

_testing = False


def set_testing(on: bool = True) -> None:
    """Make every :class:`Retrier` that has no explicit ``sleep`` skip its waits."""
    global _testing
    _testing = on


@contextmanager
def no_waiting() -> Iterator[None]:
    """Within the block, retries (and throttle pauses) do not sleep.

    >>> with no_waiting():
    ...     Retrier(RetryPolicy()).sleep(30.0)  # returns at once
    """
    previous = _testing
    set_testing(True)
    try:
        yield
    finally:
        set_testing(previous)


class RetryableError(Exception):
    """One attempt failed in a way that may succeed when tried again."""

    def __init__(
        self,
        kind: FailureKind,
        detail: str,
        *,
        status_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail)
        self.kind: FailureKind = kind
        self.detail = detail
        self.status_code = status_code
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    ``attempts`` caps the tries for 5xx, transport and invalid bodies;
    ``throttled_attempts`` caps the tries while the server answers 429. The 429
    pause starts at ``throttle_initial`` seconds and doubles up to ``throttle_max``
    (with the defaults, 9 tries span more than one 60-second server window).

    >>> RetryPolicy().backoff(3, rng=random.Random(0)) <= 0.5 * 2**2
    True
    """

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 20.0
    throttled_attempts: int = 9
    throttle_initial: float = 1.0
    throttle_max: float = 60.0
    max_retry_after: float = 600.0

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.throttled_attempts < 1:
            msg = "attempts and throttled_attempts must be >= 1"
            raise ConfigurationError(msg)
        if min(self.base_delay, self.max_delay, self.throttle_initial, self.throttle_max) < 0:
            msg = "retry delays must be >= 0"
            raise ConfigurationError(msg)

    def backoff(self, failures: int, *, rng: random.Random | None = None) -> float:
        """Full-jitter delay after the ``failures``-th failure (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(failures - 1, 0))
        return (rng or random).uniform(0.0, ceiling)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date).

    >>> parse_retry_after("7"), parse_retry_after(None), parse_retry_after("soon")
    (7.0, None, None)
    >>> parse_retry_after("Sun, 01 Nov 2026 00:00:30 GMT", now=datetime(2026, 11, 1, tzinfo=UTC))
    30.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Throttle:
    """The adaptive 429 pause shared by all requests of one client (thread-safe).

    >>> clock = [0.0]
    >>> throttle = Throttle(RetryPolicy(throttle_initial=2.0), clock=lambda: clock[0],
    ...                     rng=random.Random(1))
    >>> 1.0 <= throttle.throttled() <= 2.0, throttle.delay
    (True, 4.0)
    >>> clock[0] = 10.0; throttle.succeeded(); throttle.delay
    2.0
    """

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self._policy = policy
        self._clock = clock
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._delay = policy.throttle_initial
        self._paused_until = 0.0

    @property
    def delay(self) -> float:
        """The pause the next 429 will impose (before jitter)."""
        return self._delay

    def wait_time(self) -> float:
        """Seconds left before requests may be sent again."""
        with self._lock:
            return max(0.0, self._paused_until - self._clock())

    def throttled(self, retry_after: float | None = None) -> float:
        """Record a 429; return the pause now imposed on every request.

        Several 429s received during one pause (concurrent requests) grow it once.
        """
        policy = self._policy
        with self._lock:
            now = self._clock()
            if retry_after is not None:
                pause = min(retry_after, policy.max_retry_after)
            elif now < self._paused_until:
                return self._paused_until - now
            else:
                pause = self._delay * self._rng.uniform(0.5, 1.0)
                self._delay = min(policy.throttle_max, max(self._delay * 2, 0.001))
            self._paused_until = max(self._paused_until, now + pause)
            return self._paused_until - now

    def succeeded(self) -> None:
        """Record a success: the learned pause shrinks back toward its initial value."""
        with self._lock:
            initial = self._policy.throttle_initial
            if self._delay > initial:
                self._delay = max(initial, self._delay / 2)


class Retrier:
    """Run an attempt function until it succeeds or the policy's attempts run out.

    ``describe`` (for example ``"GET /api/v1/accounts/1/conversations?page=2"``) goes
    into the final error's message; it must not contain secrets.
    """

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        throttle: Throttle | None = None,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.throttle = throttle or Throttle(self.policy, rng=rng)
        self._sleep = sleep
        self._rng = rng or random.Random()

    def sleep(self, seconds: float) -> None:
        """Wait, unless the testing switch is on or ``seconds`` is not positive."""
        if seconds <= 0:
            return
        if self._sleep is not None:
            self._sleep(seconds)
        elif not _testing:
            time.sleep(seconds)

    def call(self, attempt: Callable[[], T], *, describe: str) -> T:
        """Call ``attempt()`` with retries; return its result."""
        state = _Attempts(self, describe)
        while True:
            self.sleep(self.throttle.wait_time())
            try:
                result = attempt()
            except RetryableError as failure:
                self.sleep(state.failed(failure))
                continue
            self.throttle.succeeded()
            return result


class _Attempts:
    """Counts the failures of one request and decides the next wait (or gives up)."""

    def __init__(self, retrier: Retrier, describe: str) -> None:
        self._retrier = retrier
        self._describe = describe
        self.tries = 0
        self.failures = 0
        self.throttled = 0

    def failed(self, failure: RetryableError) -> float:
        """Record a failure; return the wait before the next try, or raise the final error."""
        policy = self._retrier.policy
        self.tries += 1
        if failure.kind == "throttled":
            self.throttled += 1
            exhausted = self.throttled >= policy.throttled_attempts
        else:
            self.failures += 1
            exhausted = self.failures >= policy.attempts
        if exhausted:
            raise self._final(failure) from failure
        if failure.kind == "throttled":
            wait = self._retrier.throttle.throttled(failure.retry_after)
        else:
            wait = policy.backoff(self.failures, rng=self._retrier._rng)
        logger.info(
            "%s: %s; try %d failed, retrying in %.2f s",
            self._describe,
            failure.detail,
            self.tries,
            wait,
        )
        return 0.0 if failure.kind == "throttled" else wait

    def _final(self, failure: RetryableError) -> ApiError:
        plural = "time" if self.tries == 1 else "times"
        msg = f"{self._describe} failed, tried {self.tries} {plural}: {failure.detail}"
        method, _, url = self._describe.partition(" ")
        return _FINAL_ERRORS[failure.kind](
            msg, method=method, url=url, status_code=failure.status_code, attempts=self.tries
        )
