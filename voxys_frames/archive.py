"""The raw archive: every response body a crawl received, gzipped, by name; written and read here.

A crawl with ``keep_raw`` writes each body as it arrives (:class:`RawStore`), and
``import-raw`` rebuilds a snapshot from the archive (:func:`import_archive`), streaming
the bodies through the crawl's own conversion route in batches, so memory stays flat
whatever the archive's size. Layout (a body may also be plain ``.json``)::

    DIR/conversations/page-N.json.gz          list-endpoint bodies ({"data": {...}})
    DIR/conversations/show-N.json.gz          one conversation read on its own
    DIR/messages/<conversation_id>/*.json.gz  messages-endpoint bodies
    DIR/contacts/ agents/ teams/ inboxes/ labels/ reporting_events/      (optional)
    DIR/csat_survey_responses/ custom_attribute_definitions/ applied_slas/   (optional)
    DIR/archive.json                          (optional) {"base_url", "account_id", "crawl",
                                              "redacted_keys"}

A body is stored as the bytes the server sent. The one exception is secret values
(:mod:`voxys_frames.convert.secrets`): they are replaced by null before anything is
written, and ``archive.json`` lists the keys redacted. Files are written whole (renamed
into place), so an interrupted crawl never leaves half a body. Files are read in
natural order (``page-2`` before ``page-10``).

Examples
--------
>>> import tempfile
>>> store = RawStore(Path(tempfile.mkdtemp()))
>>> store.write(Body.received("teams", "teams/teams.json.gz", b'[{"id": 3, "name": "Billing"}]'))
>>> store.finish({"base_url": "https://chat.example.com", "account_id": 1})
>>> read_archive(store.directory).frames.teams["name"].to_list()
['Billing']
>>> gzip.decompress((store.directory / "teams/teams.json.gz").read_bytes())
b'[{"id": 3, "name": "Billing"}]'
"""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Final, get_args

import orjson

from voxys_frames.convert.batch import convert
from voxys_frames.convert.bodies import Body, Endpoint
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.exceptions import ConfigurationError, SchemaError
from voxys_frames.snapshot import SnapshotWriter
from voxys_frames.tables.frames import Frames

__all__ = [
    "Archive",
    "RawStore",
    "archive_metadata",
    "import_archive",
    "iter_archive",
    "natural_key",
    "read_archive",
]

OTHER_ENDPOINTS: Final[tuple[Endpoint, ...]] = tuple(
    endpoint
    for endpoint in get_args(Endpoint)
    if endpoint not in ("conversations", "conversation", "messages")
)
"""The endpoints archived in a folder of their own name (every one but the conversations'
and the messages', which have their own layout)."""
BATCH_BODIES: Final = 256
"""Bodies converted together: the crawl's batch size, for the same reason."""
_DIGITS: Final = re.compile(r"(\d+)")


class RawStore:
    """Writes bodies into ``directory`` (thread-safe: one file per body)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.redacted: set[str] = set()

    def write(self, body: Body) -> None:
        """Write one body, as received with the secret rules applied, as ``directory/<body.name>``."""
        body = body.clean()
        self.redacted.update(f"{body.endpoint}: {key}" for key in body.redacted)
        data = body.data
        raw = (
            bytes(data) if isinstance(data, bytes | bytearray | memoryview) else orjson.dumps(data)
        )
        target = self.directory / body.name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(gzip.compress(raw, compresslevel=5))
        partial.replace(target)

    def forget_history(self, conversation_id: int) -> None:
        """Remove the message bodies of a conversation (before reading it again)."""
        shutil.rmtree(self.directory / "messages" / str(conversation_id), ignore_errors=True)

    def finish(self, metadata: Mapping[str, Any]) -> None:
        """Write ``archive.json``: ``metadata`` (base URL, account id, crawl options) and
        ``redacted_keys``, the keys whose values the secret rules removed from the bodies."""
        self.directory.mkdir(parents=True, exist_ok=True)
        redacted = self.redacted | set(metadata.get("redacted_keys") or ())
        content = {**metadata, "redacted_keys": sorted(redacted)}
        (self.directory / "archive.json").write_bytes(
            orjson.dumps(content, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        )

    def move_to(self, target: Path) -> Path:
        """Move the finished archive to ``target`` (which must not exist); returns it."""
        if target.exists():
            msg = f"{target} already exists"
            raise FileExistsError(msg)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(self.directory), str(target))
        self.directory = target
        return target


def natural_key(name: str) -> list[Any]:
    """Sort key putting embedded numbers in numeric order.

    >>> sorted(["page-10.json", "page-2.json"], key=natural_key)
    ['page-2.json', 'page-10.json']
    """
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(name)]


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.name.endswith((".json", ".json.gz"))]
    return sorted(found, key=lambda p: natural_key(p.name))


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def iter_archive(directory: str | Path) -> Iterator[Body]:
    """Every body of the archive, read from disk one at a time: conversations first, then
    messages, then the others. Each is named by its path inside the archive.

    >>> import tempfile
    >>> next(iter_archive(tempfile.mkdtemp()), None) is None
    True
    """
    root = Path(directory)
    if not root.is_dir():
        msg = f"no raw archive at {root}"
        raise ConfigurationError(msg)

    def body(endpoint: Endpoint, path: Path, conversation_id: int | None = None) -> Body:
        return Body(endpoint, str(path.relative_to(root)), _read(path), conversation_id)

    for path in _files(root / "conversations"):
        shown = path.name.startswith("show-")
        yield body("conversation" if shown else "conversations", path)
    messages = root / "messages"
    if messages.is_dir():
        folders = [p for p in messages.iterdir() if p.is_dir()]
        for folder in sorted(folders, key=lambda p: natural_key(p.name)):
            if not folder.name.isdigit():
                msg = f"{folder}: expected a conversation id as directory name"
                raise ConfigurationError(msg)
            for path in _files(folder):
                yield body("messages", path, int(folder.name))
    for endpoint in OTHER_ENDPOINTS:
        for path in _files(root / endpoint):
            yield body(endpoint, path)


def archive_metadata(directory: str | Path) -> dict[str, Any]:
    """The optional ``archive.json`` of the archive (``{}`` when absent).

    >>> import tempfile
    >>> archive_metadata(tempfile.mkdtemp())
    {}
    """
    file = Path(directory) / "archive.json"
    if not file.is_file():
        return {}
    value = orjson.loads(file.read_bytes())
    if type(value) is not dict:
        msg = f"{file}: expected an object"
        raise SchemaError(msg)
    return value


def _account_of(directory: Path, account_id: int | None, metadata: Mapping[str, Any]) -> int | None:
    """``account_id``, else ``archive.json``'s, else the first archived conversation's."""
    if account_id is not None:
        return account_id
    if isinstance(metadata.get("account_id"), int):
        return int(metadata["account_id"])
    for body in iter_archive(directory):
        if body.endpoint != "conversations":
            break
        payload = (orjson.loads(body.data).get("data") or {}).get("payload") or []
        for item in payload:
            if isinstance(item, dict) and isinstance(item.get("account_id"), int):
                return int(item["account_id"])
    return None


def _batches(directory: Path) -> Iterator[list[Body]]:
    bodies = iter_archive(directory)
    while batch := list(islice(bodies, BATCH_BODIES)):
        yield batch


@dataclass(frozen=True)
class Archive:
    """The frames of a raw archive, with what is known about where it came from."""

    frames: Frames
    account_id: int | None
    metadata: dict[str, Any]
    duplicates_removed: dict[str, int]


def read_archive(directory: str | Path, *, account_id: int | None = None) -> Archive:
    """Every body of the archive converted into de-duplicated frames held in memory.

    ``account_id`` defaults to ``archive.json``'s, then to the conversations' own.
    Error messages name the file (relative to the archive) and the field. For an
    archive larger than memory, :func:`import_archive` writes a snapshot instead.
    """
    root = Path(directory)
    metadata = archive_metadata(root)
    account = _account_of(root, account_id, metadata)
    builder = FramesBuilder(account_id=account)
    for batch in _batches(root):
        builder.add(convert(batch, account_id=account).tables)
    frames = builder.finish()
    return Archive(frames, account, metadata, dict(builder.duplicates_removed))


def import_archive(
    directory: str | Path,
    out: str | Path,
    *,
    account_id: int | None = None,
    base_url: str | None = None,
) -> Path | str:
    """Convert the archive into a new snapshot under ``out``, streaming; returns its path.

    Bodies are read and converted ``BATCH_BODIES`` at a time and handed to a
    :class:`~voxys_frames.snapshot.SnapshotWriter`, which writes parts as they fill and
    merges keys read twice part by part. The manifest's completeness holds the
    findings over the written tables.
    """
    root = Path(directory)
    metadata = archive_metadata(root)
    account = _account_of(root, account_id, metadata)
    crawl = dict(metadata.get("crawl") or {})
    crawl["imported_from"] = "raw archive"
    redacted: set[str] = set(metadata.get("redacted_keys") or ())
    with SnapshotWriter(
        out,
        base_url=base_url or metadata.get("base_url"),
        account_id=account,
        crawl=crawl,
    ) as writer:
        for batch in _batches(root):
            done = convert(batch, account_id=account)
            redacted |= done.redacted
            writer.add(done.tables)
        return writer.commit(checks={"redacted_keys": sorted(redacted)})
