"""Emulator response bodies for the frames benchmark, generated once and packed on disk.

The bodies are the ones a crawl reads: list pages of 25 (``status=all``, oldest first)
and, for every conversation, its whole history through the bulk messages form
(``after``/``before``, 1000 a call, walked with :class:`MessageRanges`). They come from
the emulator's own request handler in this process (no socket) and are stored as the
raw bytes it answered, in two pack files with a JSON index, so reading them back costs
one ``read`` per body and generating them is never part of a measurement.

A size below the generated one is a prefix: the first ``size / 25`` list pages and the
message bodies of conversations ``1..size``.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from voxys_frames.api.pagination import LIST_PAGE_SIZE, MessageRanges
from voxys_frames.emulator.app import EmulatorApp
from voxys_frames.emulator.config import EmulatorConfig

TOKEN = "bench-token"
ACCOUNT_ID = 1
_LIST = "list.bin"
_MESSAGES = "messages.bin"
_INDEX = "index.json"


@dataclass(frozen=True)
class Record:
    """One stored body: where it is in its pack, its objects, its conversation (messages)."""

    offset: int
    length: int
    objects: int
    conversation_id: int = 0


class BodyCache:
    """The packed bodies of one generated account, read back in order."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        index = json.loads((directory / _INDEX).read_text())
        self.conversations: int = index["conversations"]
        self.seed: int = index["seed"]
        self.lists = [Record(*entry) for entry in index["list"]]
        self.messages = [Record(*entry) for entry in index["messages"]]

    @staticmethod
    def exists(directory: Path) -> bool:
        """Whether a complete cache is stored in ``directory``."""
        return (directory / _INDEX).is_file()

    def list_records(self, size: int) -> list[Record]:
        """The list pages covering the first ``size`` conversations."""
        return self.lists[: math.ceil(size / LIST_PAGE_SIZE)]

    def message_records(self, size: int) -> list[Record]:
        """The messages bodies of conversations ``1..size``."""
        return [r for r in self.messages if r.conversation_id <= size]

    def objects(self, size: int) -> int:
        """Conversation and message objects in the bodies of ``size`` conversations."""
        records = [*self.list_records(size), *self.message_records(size)]
        return sum(r.objects for r in records)

    def read(self, pack: str, records: list[Record]) -> Iterator[tuple[Record, bytes]]:
        """Each record with its bytes, read from ``pack`` one body at a time."""
        with (self.directory / pack).open("rb") as handle:
            for record in records:
                handle.seek(record.offset)
                yield record, handle.read(record.length)

    def list_bodies(self, size: int) -> Iterator[tuple[Record, bytes]]:
        """List page bodies for ``size`` conversations."""
        return self.read(_LIST, self.list_records(size))

    def message_bodies(self, size: int) -> Iterator[tuple[Record, bytes]]:
        """Messages bodies for ``size`` conversations."""
        return self.read(_MESSAGES, self.message_records(size))


class _Requester:
    """Calls the emulator's handler directly, as its ASGI app does for each request."""

    def __init__(self, conversations: int, seed: int) -> None:
        config = EmulatorConfig(
            seed=seed, conversations=conversations, token=TOKEN, account_id=ACCOUNT_ID
        )
        self.app = EmulatorApp(config)
        self.prefix = f"/api/v1/accounts/{ACCOUNT_ID}"

    def get(self, path: str, query: str) -> bytes:
        scope: dict[str, Any] = {
            "type": "http",
            "method": "GET",
            "path": self.prefix + path,
            "query_string": query.encode(),
            "headers": [(b"api_access_token", TOKEN.encode())],
        }
        response = self.app.handle(scope)
        if response.status != 200:
            msg = f"emulator answered {response.status} to {path}?{query}"
            raise RuntimeError(msg)
        return response.body


def generate(directory: Path, *, conversations: int, seed: int) -> BodyCache:
    """Generate and pack every body of an account of ``conversations``; returns the cache."""
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    requester = _Requester(conversations, seed)
    lists: list[tuple[int, int, int]] = []
    with (directory / _LIST).open("wb") as pack:
        for page in range(1, math.ceil(conversations / LIST_PAGE_SIZE) + 1):
            body = requester.get("/conversations", f"status=all&sort_by=created_at_asc&page={page}")
            objects = len(orjson.loads(body)["data"]["payload"])
            lists.append((pack.tell(), len(body), objects))
            pack.write(body)
    messages: list[tuple[int, int, int, int]] = []
    with (directory / _MESSAGES).open("wb") as pack:
        for conversation_id in range(1, conversations + 1):
            for body, objects in _history(requester, conversation_id):
                messages.append((pack.tell(), len(body), objects, conversation_id))
                pack.write(body)
    index = {"conversations": conversations, "seed": seed, "list": lists, "messages": messages}
    (directory / _INDEX).write_text(json.dumps(index))
    print(
        f"generated {conversations:,} conversations ({len(lists):,} list pages, "
        f"{len(messages):,} messages bodies) in {time.perf_counter() - started:.0f} s "
        f"into {directory}",
        flush=True,
    )
    return BodyCache(directory)


def _history(requester: _Requester, conversation_id: int) -> Iterator[tuple[bytes, int]]:
    """The bulk-form bodies of one conversation (and their message counts), as a walk reads them."""
    ranges = MessageRanges()
    while True:
        params = ranges.params()
        body = requester.get(
            f"/conversations/{conversation_id}/messages",
            f"after={params['after']}&before={params['before']}",
        )
        payload = orjson.loads(body)["payload"]
        yield body, len(payload)
        if not ranges.advance(m["id"] for m in payload):
            return
