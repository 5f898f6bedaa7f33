"""The raw archive a crawl keeps with ``keep_raw``: every body, gzipped, by name.

The layout is the one :mod:`voxys_frames.archive` reads (and ``import-raw``
converts): ``conversations/*.json.gz``, ``messages/<conversation_id>/*.json.gz``,
``agents/``, ``teams/``, ``inboxes/``, ``labels/``, ``reporting_events/`` and an
``archive.json`` saying where the bodies came from. A body is the parsed response
encoded again as JSON (same values; the server's ``\\u003c`` escapes become plain
characters), except that inbox bodies lose their channel secrets and a conversation
read on its own is wrapped in the list envelope. Files are written whole (renamed
into place), so an interrupted crawl never leaves half a body.

Examples
--------
>>> import tempfile
>>> from voxys_frames.archive import read_archive
>>> store = RawStore(Path(tempfile.mkdtemp()))
>>> store.write(Body("teams", "teams/teams.json.gz", [{"id": 3, "name": "Billing"}]))
>>> store.finish({"base_url": "https://chat.example.com", "account_id": 1})
>>> read_archive(store.directory).frames.teams["name"].to_list()
['Billing']
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import orjson

from voxys_frames.convert.bodies import Body

__all__ = ["RawStore"]


class RawStore:
    """Writes bodies into ``directory`` (thread-safe: one file per body)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def write(self, body: Body) -> None:
        """Write one body as ``directory/<body.name>``."""
        target = self.directory / body.name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(gzip.compress(orjson.dumps(body.data), compresslevel=5))
        partial.replace(target)

    def forget_history(self, conversation_id: int) -> None:
        """Remove the message bodies of a conversation (before reading it again)."""
        shutil.rmtree(self.directory / "messages" / str(conversation_id), ignore_errors=True)

    def finish(self, metadata: dict[str, Any]) -> None:
        """Write ``archive.json`` (base URL, account id, crawl options)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "archive.json").write_bytes(
            orjson.dumps(metadata, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
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
