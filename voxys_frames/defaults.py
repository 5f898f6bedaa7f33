"""Defaults shared by the library and the command line, in a module that imports nothing.

The ``voxys-frames`` parsers show these values in ``--help``; keeping them here lets the
command line build its parsers without importing the crawl (polars, httpx) behind them.

Examples
--------
>>> DEFAULT_BASE_URL
'https://connect.voxys.ai'
>>> str(DEFAULT_OUT), DEFAULT_CONCURRENCY, DEFAULT_REQUESTS_PER_MINUTE
('data/snapshots', 8, 1200)
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_OUT",
    "DEFAULT_REQUESTS_PER_MINUTE",
]

#: The hosted Voxys API, used when neither ``base_url`` nor ``VOXYS_BASE_URL`` is given.
DEFAULT_BASE_URL: Final = "https://connect.voxys.ai"

#: Where snapshots go by default (relative to the working directory).
DEFAULT_OUT: Final = Path("data/snapshots")

#: Requests in flight by default: enough to hide a WAN round trip, few enough to be polite.
DEFAULT_CONCURRENCY: Final = 8

#: Default client-side budget: 40% of Chatwoot's default per-IP limit of 3000/min.
DEFAULT_REQUESTS_PER_MINUTE: Final = 1200
