"""voxys_frames: Voxys (Chatwoot) support conversations as typed polars frames.

Fetch conversations and their full message history from the Voxys REST API,
turn them into polars DataFrames with declared dtypes, save Parquet snapshots,
and explore them in a notebook. A Chatwoot-compatible emulator is bundled so
everything runs without a real account.

Examples
--------
>>> import voxys_frames
>>> voxys_frames.__version__
'0.1.0'
>>> sorted(voxys_frames.TABLES)[:3]
['account_labels', 'agents', 'attachments']
"""

import typing as _typing

from voxys_frames._version import __version__
from voxys_frames.api.client import Client
from voxys_frames.convert.builder import FramesBuilder
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
from voxys_frames.filters import AttributeFilter, FilterState
from voxys_frames.snapshot import (
    SnapshotWriter,
    diff,
    latest_snapshot,
    list_snapshots,
    load_snapshot,
    scan_layout,
    scan_snapshots,
    write_snapshot,
)
from voxys_frames.tables.attributes import expand_json
from voxys_frames.tables.frames import Frames, PageFrames
from voxys_frames.tables.schema import TABLES

if _typing.TYPE_CHECKING:
    from voxys_frames.explorer import Explorer, explore

#: Names imported on first use: the explorer brings ipywidgets and altair with it.
_LAZY = {"Explorer": "voxys_frames.explorer", "explore": "voxys_frames.explorer"}


def __getattr__(name: str) -> _typing.Any:
    """Import the explorer only when it is asked for, so ``import voxys_frames`` stays quick."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'voxys_frames' has no attribute {name!r}")


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
    "latest_snapshot",
    "list_snapshots",
    "load_snapshot",
    "messages_page",
    "scan_layout",
    "scan_snapshots",
    "write_snapshot",
]
