"""voxys_frames: Voxys (Chatwoot) support conversations as typed polars frames.

Fetch conversations and their full message history from the Voxys REST API,
turn them into polars DataFrames with declared dtypes, save Parquet snapshots,
and explore them in a notebook. A Chatwoot-compatible emulator is bundled so
everything runs without a real account.

Every public name is imported on first use, so ``import voxys_frames`` (and the
``voxys-frames`` command line, which imports it) does not pay for polars, httpx or
altair until they are needed.

Examples
--------
>>> import voxys_frames
>>> voxys_frames.__version__
'0.1.0'
>>> sorted(voxys_frames.TABLES)[:3]
['account_labels', 'agents', 'applied_slas']
"""

import typing as _typing
from typing import TYPE_CHECKING

from voxys_frames._version import __version__

if TYPE_CHECKING:
    from voxys_frames.convert.builder import FramesBuilder
    from voxys_frames.convert.client import Client
    from voxys_frames.convert.pages import conversations_page, messages_page
    from voxys_frames.crawl import CrawlSummary, FetchResult, fetch
    from voxys_frames.exceptions import (
        ApiError,
        AuthenticationError,
        ConfigurationError,
        InvalidResponseError,
        NotFoundError,
        RateLimitedError,
        SchemaError,
        ServerError,
        SnapshotError,
        SnapshotNotFoundError,
        TransportError,
        VoxysError,
    )
    from voxys_frames.explorer import Explorer, explore
    from voxys_frames.filters import AttributeFilter, FilterState
    from voxys_frames.reports.reconcile import reconcile
    from voxys_frames.snapshot import (
        SnapshotWriter,
        latest_snapshot,
        list_snapshots,
        load_snapshot,
        scan_layout,
        scan_snapshots,
        write_snapshot,
    )
    from voxys_frames.snapshot.diff import diff  # by its module: the name is also a module
    from voxys_frames.tables.attributes import expand_json
    from voxys_frames.tables.frames import Frames, PageFrames
    from voxys_frames.tables.schema import TABLES
    from voxys_frames.topics import find_topics

_EXCEPTIONS = (
    "ApiError",
    "AuthenticationError",
    "ConfigurationError",
    "InvalidResponseError",
    "NotFoundError",
    "RateLimitedError",
    "SchemaError",
    "ServerError",
    "SnapshotError",
    "SnapshotNotFoundError",
    "TransportError",
    "VoxysError",
)
_SNAPSHOT = (
    "SnapshotWriter",
    "latest_snapshot",
    "list_snapshots",
    "load_snapshot",
    "scan_layout",
    "scan_snapshots",
    "write_snapshot",
)

#: Where each public name is defined; it is imported from there on first use.
_EXPORTS: dict[str, str] = {
    "TABLES": "voxys_frames.tables.schema",
    "AttributeFilter": "voxys_frames.filters",
    "Client": "voxys_frames.convert.client",
    "CrawlSummary": "voxys_frames.crawl",
    "Explorer": "voxys_frames.explorer",
    "FetchResult": "voxys_frames.crawl",
    "FilterState": "voxys_frames.filters",
    "Frames": "voxys_frames.tables.frames",
    "FramesBuilder": "voxys_frames.convert.builder",
    "PageFrames": "voxys_frames.tables.frames",
    "conversations_page": "voxys_frames.convert.pages",
    "diff": "voxys_frames.snapshot.diff",
    "expand_json": "voxys_frames.tables.attributes",
    "explore": "voxys_frames.explorer",
    "fetch": "voxys_frames.crawl",
    "find_topics": "voxys_frames.topics",
    "messages_page": "voxys_frames.convert.pages",
    "reconcile": "voxys_frames.reports.reconcile",
    **dict.fromkeys(_EXCEPTIONS, "voxys_frames.exceptions"),
    **dict.fromkeys(_SNAPSHOT, "voxys_frames.snapshot"),
}


def __getattr__(name: str) -> _typing.Any:
    """Import a public name from its module on first use (then it is a plain attribute)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'voxys_frames' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "TABLES",
    "ApiError",
    "AttributeFilter",
    "AuthenticationError",
    "Client",
    "ConfigurationError",
    "CrawlSummary",
    "Explorer",
    "FetchResult",
    "FilterState",
    "Frames",
    "FramesBuilder",
    "InvalidResponseError",
    "NotFoundError",
    "PageFrames",
    "RateLimitedError",
    "SchemaError",
    "ServerError",
    "SnapshotError",
    "SnapshotNotFoundError",
    "SnapshotWriter",
    "TransportError",
    "VoxysError",
    "__version__",
    "conversations_page",
    "diff",
    "expand_json",
    "explore",
    "fetch",
    "find_topics",
    "latest_snapshot",
    "list_snapshots",
    "load_snapshot",
    "messages_page",
    "reconcile",
    "scan_layout",
    "scan_snapshots",
    "write_snapshot",
]
