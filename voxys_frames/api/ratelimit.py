"""A client-side rate limit: requests per minute, thread-safe.

Chatwoot limits every client IP to ``RACK_ATTACK_LIMIT`` requests per fixed
60-second window (default 3000; ``.env.example`` suggests 300), shared by every
token and every agent's dashboard behind the same egress IP. The default here,
:data:`DEFAULT_REQUESTS_PER_MINUTE` = 1200 (20 a second), stays under 40% of the
upstream default, so an export never starves the agents working on the same
network; a server set lower answers 429, which the retry layer absorbs by backing
off adaptively. Pass ``requests_per_minute`` to use a known budget.

The limiter is a token bucket in its GCRA form: each call *reserves* the next free
slot under a lock and returns how long to wait for it, so concurrent callers get
distinct slots and a burst of ``burst`` requests may go at once.

Examples
--------
>>> clock = iter([0.0, 0.0, 0.0, 0.0]).__next__
>>> limiter = RateLimiter(60, burst=2, clock=clock)
>>> [limiter.reserve() for _ in range(4)]
[0.0, 0.0, 1.0, 2.0]
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from voxys_frames.defaults import DEFAULT_REQUESTS_PER_MINUTE
from voxys_frames.exceptions import ConfigurationError

__all__ = ["DEFAULT_REQUESTS_PER_MINUTE", "RateLimiter"]


class RateLimiter:
    """Pace requests to ``requests_per_minute``, allowing bursts of ``burst``.

    ``burst`` defaults to one second's worth of requests (at least 1); at most
    ``burst + requests_per_minute`` requests then fall in any 60-second window.
    ``clock`` and ``sleep`` are injectable for tests.

    >>> limiter = RateLimiter(600)
    >>> limiter
    RateLimiter(requests_per_minute=600, burst=10)
    >>> limiter.acquire()
    0.0
    """

    def __init__(
        self,
        requests_per_minute: float = DEFAULT_REQUESTS_PER_MINUTE,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not requests_per_minute > 0:
            msg = f"requests_per_minute must be > 0, got {requests_per_minute!r}"
            raise ConfigurationError(msg)
        if burst is None:
            burst = max(1, int(requests_per_minute // 60))
        if burst < 1:
            msg = f"burst must be >= 1, got {burst!r}"
            raise ConfigurationError(msg)
        self.requests_per_minute = requests_per_minute
        self.burst = burst
        self._interval = 60.0 / requests_per_minute
        self._tolerance = (burst - 1) * self._interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tat: float | None = None  # theoretical arrival time of the next request

    def __repr__(self) -> str:
        rpm = self.requests_per_minute
        shown = int(rpm) if float(rpm).is_integer() else rpm
        return f"RateLimiter(requests_per_minute={shown}, burst={self.burst})"

    @property
    def interval(self) -> float:
        """Seconds between two requests at the sustained rate."""
        return self._interval

    def reserve(self) -> float:
        """Claim the next free slot; return the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            tat = now if self._tat is None else max(self._tat, now)
            wait = max(0.0, tat - self._tolerance - now)
            self._tat = tat + self._interval
            return wait

    def acquire(self) -> float:
        """Block until a request may be sent; return the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)
        return wait
