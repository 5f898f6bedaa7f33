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

from voxys_frames._version import __version__
from voxys_frames.attributes import expand_json
from voxys_frames.builder import FramesBuilder
from voxys_frames.client import Client
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
from voxys_frames.frames import Frames, PageFrames, conversations_page, messages_page
from voxys_frames.schema import TABLES
from voxys_frames.snapshot import (
    SnapshotWriter,
    diff,
    latest_snapshot,
    list_snapshots,
    load_snapshot,
    scan_snapshots,
    write_snapshot,
)

__all__ = [
    "TABLES",
    "ApiError",
    "AuthenticationError",
    "Client",
    "ConfigurationError",
    "CrawlSummary",
    "FetchResult",
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
    "fetch",
    "latest_snapshot",
    "list_snapshots",
    "load_snapshot",
    "messages_page",
    "scan_snapshots",
    "write_snapshot",
]
