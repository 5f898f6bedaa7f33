"""The whole-account crawl: every conversation and its full history, into a snapshot.

:func:`fetch` is the entry point (``voxys-frames fetch`` on the command line). The
modules, one job each: :mod:`~voxys_frames.crawl.options` (what is read),
:mod:`~voxys_frames.crawl.units` (the requests, on worker threads),
:mod:`~voxys_frames.crawl.engine` (plan, scheduling, checkpoints),
:mod:`~voxys_frames.convert.batch` (bodies to frames in batches),
:mod:`~voxys_frames.crawl.journal` (resume), :mod:`~voxys_frames.crawl.rawstore`
(``keep_raw``), :mod:`~voxys_frames.crawl.tally` (completeness checks),
:mod:`~voxys_frames.crawl.progress` (bars) and :mod:`~voxys_frames.crawl.assemble`
(the snapshot, and the incremental merge).

Examples
--------
>>> from voxys_frames.crawl import fetch, FetchResult
>>> fetch.__name__, FetchResult.__name__
('fetch', 'FetchResult')
"""

from voxys_frames.crawl.api import DEFAULT_OUT, FetchResult, fetch
from voxys_frames.crawl.engine import DEFAULT_CONCURRENCY
from voxys_frames.crawl.options import CrawlOptions
from voxys_frames.crawl.tally import CrawlSummary

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_OUT",
    "CrawlOptions",
    "CrawlSummary",
    "FetchResult",
    "fetch",
]
