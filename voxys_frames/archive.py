"""Read a raw archive of response bodies, as saved by a crawl or by hand.

Layout (every body may be gzipped, ``.json.gz``)::

    DIR/conversations/*.json                  list-endpoint bodies ({"data": {...}})
    DIR/messages/<conversation_id>/*.json     messages-endpoint bodies
    DIR/contacts/*.json, DIR/agents/*.json, DIR/teams/*.json, DIR/inboxes/*.json,
    DIR/labels/*.json, DIR/reporting_events/*.json      (optional)
    DIR/archive.json                          (optional) {"base_url", "account_id", "crawl"}

Files are read in natural order (``page-2`` before ``page-10``).

Examples
--------
>>> sorted(["page-10.json", "page-2.json"], key=natural_key)
['page-2.json', 'page-10.json']
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import orjson

from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.convert.pages import Endpoint, Frames
from voxys_frames.exceptions import ConfigurationError, SchemaError

OTHER_ENDPOINTS: Final[tuple[Endpoint, ...]] = (
    "contacts",
    "agents",
    "teams",
    "inboxes",
    "labels",
    "reporting_events",
)
_DIGITS: Final = re.compile(r"(\d+)")


def natural_key(name: str) -> list[Any]:
    """Sort key putting embedded numbers in numeric order."""
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(name)]


@dataclass(frozen=True)
class RawBody:
    """One archived body: its endpoint, file, and conversation (messages only)."""

    endpoint: Endpoint
    path: Path
    conversation_id: int | None = None

    def read(self) -> bytes:
        """The body's bytes, un-gzipped."""
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.path.name.endswith(".gz") else data


def _bodies(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.name.endswith((".json", ".json.gz"))]
    return sorted(found, key=lambda p: natural_key(p.name))


def iter_archive(directory: str | Path) -> Iterator[RawBody]:
    """Every body of the archive: conversations first, then messages, then the others."""
    root = Path(directory)
    if not root.is_dir():
        msg = f"no raw archive at {root}"
        raise ConfigurationError(msg)
    for path in _bodies(root / "conversations"):
        yield RawBody("conversations", path)
    messages = root / "messages"
    if messages.is_dir():
        folders = [p for p in messages.iterdir() if p.is_dir()]
        for folder in sorted(folders, key=lambda p: natural_key(p.name)):
            if not folder.name.isdigit():
                msg = f"{folder}: expected a conversation id as directory name"
                raise ConfigurationError(msg)
            for path in _bodies(folder):
                yield RawBody("messages", path, int(folder.name))
    for endpoint in OTHER_ENDPOINTS:
        for path in _bodies(root / endpoint):
            yield RawBody(endpoint, path)


def archive_metadata(directory: str | Path) -> dict[str, Any]:
    """The optional ``archive.json`` of the archive (``{}`` when absent)."""
    file = Path(directory) / "archive.json"
    if not file.is_file():
        return {}
    value = orjson.loads(file.read_bytes())
    if type(value) is not dict:
        msg = f"{file}: expected an object"
        raise SchemaError(msg)
    return value


def _account_from_conversations(bodies: list[RawBody]) -> int | None:
    """The account id of the first archived conversation, if any."""
    for body in bodies:
        if body.endpoint == "conversations":
            payload = (orjson.loads(body.read()).get("data") or {}).get("payload") or []
            for item in payload:
                if isinstance(item, dict) and isinstance(item.get("account_id"), int):
                    return int(item["account_id"])
    return None


@dataclass(frozen=True)
class Archive:
    """The frames of a raw archive, with what is known about where it came from."""

    frames: Frames
    account_id: int | None
    metadata: dict[str, Any]
    duplicates_removed: dict[str, int]


def read_archive(directory: str | Path, *, account_id: int | None = None) -> Archive:
    """Convert every body of the archive into de-duplicated frames.

    ``account_id`` defaults to ``archive.json``'s, then to the conversations' own.
    Error messages name the file (relative to the archive) and the field.
    """
    root = Path(directory)
    bodies = list(iter_archive(root))
    metadata = archive_metadata(root)
    if account_id is None:
        account_id = metadata.get("account_id")
    if account_id is None:
        account_id = _account_from_conversations(bodies)
    builder = FramesBuilder(account_id=account_id)
    for body in bodies:
        builder.add_body(
            body.endpoint,
            body.read(),
            conversation_id=body.conversation_id,
            source=str(body.path.relative_to(root)),
        )
    frames = builder.finish()
    return Archive(frames, account_id, metadata, dict(builder.duplicates_removed))
