"""The snapshot manifest: what a snapshot holds, where it came from, how complete it is.

``manifest.json`` sits at the top of every snapshot directory::

    {
      "format": "voxys-frames-snapshot", "format_version": 1,
      "name": "20250301T091530123456Z-1a2b3c", "created_at": "2025-03-01T09:15:30.123456Z",
      "tool": {"name": "voxys_frames", "version": "0.1.0"},
      "source": {"host": "connect.voxys.ai", "account_id": 1},
      "crawl": {...}, "completeness": {...},
      "tables": {"conversations": {"files": ["conversations/part-00000.parquet"],
                                    "rows": 25, "key": ["account_id", "id"],
                                    "schema": {"account_id": "Int64", ...}}, ...}
    }

The source keeps only the host of the base URL: never a token, a user name or a query.

Examples
--------
>>> source_of("https://user:pw@connect.voxys.ai/api?api_access_token=t", account_id=1)
{'host': 'connect.voxys.ai', 'account_id': 1}
>>> is_snapshot_name("20250301T091530123456Z-1a2b3c")
True
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import orjson

from voxys_frames._version import __version__
from voxys_frames.exceptions import SnapshotError, SnapshotNotFoundError
from voxys_frames.snapshot.storage import Storage

FORMAT: Final = "voxys-frames-snapshot"
FORMAT_VERSION: Final = 1
MANIFEST: Final = "manifest.json"
_NAME: Final = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{6}$")

Manifest = dict[str, Any]


def snapshot_name(now: datetime | None = None) -> str:
    """A directory name that sorts by creation time and is unique: ``<UTC time>-<random>``.

    >>> snapshot_name(datetime(2025, 3, 1, 9, 15, 30, 123456, tzinfo=UTC))[:22]
    '20250301T091530123456Z'
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%S%f}Z-{secrets.token_hex(3)}"


def is_snapshot_name(name: str) -> bool:
    """Whether ``name`` has the form of a snapshot directory name."""
    return bool(_NAME.match(name))


def source_of(base_url: str | None, *, account_id: int | None) -> dict[str, Any]:
    """The manifest's source: the host (and port) of ``base_url`` and the account id."""
    host = None
    if base_url:
        parts = urlsplit(base_url if "//" in base_url else f"//{base_url}")
        host = parts.hostname
        if host and parts.port:
            host = f"{host}:{parts.port}"
    return {"host": host, "account_id": account_id}


def new_manifest(
    *,
    name: str,
    created_at: datetime,
    source: dict[str, Any],
    crawl: dict[str, Any] | None,
    completeness: dict[str, Any] | None,
    tables: dict[str, Any],
) -> Manifest:
    """Assemble a manifest (see the module docstring for the layout)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": name,
        "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "tool": {"name": "voxys_frames", "version": __version__},
        "source": source,
        "crawl": crawl or {},
        "completeness": completeness or {},
        "tables": tables,
    }


def manifest_bytes(manifest: Manifest) -> bytes:
    """The manifest as written: indented JSON with sorted keys and a final newline."""
    return orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def read_manifest(path: str | Path, *, environ: Mapping[str, str] | None = None) -> Manifest:
    """Read and check the manifest of the snapshot at ``path`` (a directory or a URL).

    A missing directory or manifest raises SnapshotNotFoundError; another format or a
    newer format version raises SnapshotError. ``environ`` replaces ``os.environ`` for
    object-storage settings.
    """
    return load_manifest(Storage.open(path, environ=environ))


def load_manifest(snapshot: Storage) -> Manifest:
    """Read and check the manifest of the snapshot whose directory is ``snapshot``."""
    try:
        data = snapshot.read_bytes(MANIFEST)
    except (FileNotFoundError, NotADirectoryError):
        msg = f"no snapshot at {snapshot.url} (no {MANIFEST})"
        raise SnapshotNotFoundError(msg) from None
    return parse_manifest(data, where=snapshot.uri(MANIFEST))


def parse_manifest(data: bytes, *, where: str) -> Manifest:
    """Parse and check manifest bytes read from ``where`` (named in errors)."""
    try:
        manifest = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        msg = f"{where}: not valid JSON: {exc}"
        raise SnapshotError(msg) from None
    if type(manifest) is not dict or manifest.get("format") != FORMAT:
        msg = f"{where}: not a voxys-frames snapshot manifest"
        raise SnapshotError(msg)
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        msg = f"{where}: format version {manifest['format_version']} is newer than this tool reads ({FORMAT_VERSION})"
        raise SnapshotError(msg)
    return manifest
