"""Rate limiting and fault injection, as a busy production server behaves.

Examples
--------
>>> limiter = RateLimiter(limit=2, window=60.0)
>>> [limiter.allow("10.0.0.1", now=5.0) for _ in range(3)]
[True, True, False]
>>> limiter.allow("10.0.0.1", now=61.0)
True
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from typing import Literal

from voxys_frames.emulator.config import FaultConfig

FaultKind = Literal["server_error", "slow", "truncated", "drop"]


class RateLimiter:
    """Rack::Attack's fixed windows: ``limit`` requests per ``window`` seconds per client.

    Windows start at multiples of ``window`` since the epoch (``epoch // period``),
    so a client that is throttled must wait for the next boundary.
    """

    def __init__(self, *, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self.throttled = 0

    def allow(self, client: str, *, now: float) -> bool:
        """Count a request of ``client`` at ``now``; False when over the limit."""
        if self.limit <= 0:
            return True
        bucket = int(now // self.window)
        key = (client, bucket)
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= bucket}
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
            if count > self.limit:
                self.throttled += 1
                return False
            return True


@dataclass
class FaultInjector:
    """Decides, per request and from a seed, which fault (if any) to inject."""

    config: FaultConfig

    def __post_init__(self) -> None:
        self._rng = random.Random(f"faults/{self.config.seed}")
        self._lock = threading.Lock()
        self.injected: dict[str, int] = {"server_error": 0, "slow": 0, "truncated": 0, "drop": 0}

    def draw(self) -> FaultKind | None:
        """The fault for the next request, or None."""
        cfg = self.config
        if not cfg.any:
            return None
        with self._lock:
            roll = self._rng.random()
        for kind, rate in (
            ("server_error", cfg.server_error_rate),
            ("drop", cfg.drop_rate),
            ("truncated", cfg.truncated_rate),
            ("slow", cfg.slow_rate),
        ):
            if roll < rate:
                self.injected[kind] += 1
                return kind  # type: ignore[return-value]
            roll -= rate
        return None


BAD_GATEWAY_HTML = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
SERVICE_UNAVAILABLE_HTML = (
    b"<!DOCTYPE html><html><head><title>We're sorry, but something went wrong (503)</title></head>"
    b"<body><h1>Service Unavailable</h1><p>Request timed out (Rack::Timeout)</p></body></html>"
)
