"""Every conversion goes through one route: counted calls of convert.batch.convert."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from voxys_frames import conversations_page, fetch
from voxys_frames.archive import import_archive
from voxys_frames.convert import batch
from voxys_frames.convert.secrets import scrub
from voxys_frames.emulator import Emulator, EmulatorConfig

TOKEN = "route-test-token-3c9a"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counts = dict.fromkeys(batch.CALLS, 0)
    monkeypatch.setattr(batch, "CALLS", counts)
    return counts


class Recorder(httpx.BaseTransport):
    """The emulator in-process, keeping the bytes of every response it sent."""

    def __init__(self, emulator: Emulator) -> None:
        self.inner = emulator.transport()
        self.sent: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.sent.append(response.content)
        return response


@pytest.fixture(scope="module")
def emulator() -> Emulator:
    return Emulator(EmulatorConfig(seed=12, conversations=60, token=TOKEN, rate_limit=0))


def _archived(root: Path) -> Iterator[tuple[str, bytes]]:
    for file in sorted(root.rglob("*.json.gz")):
        yield file.parent.name, gzip.decompress(file.read_bytes())


def test_crawl_and_import_raw_convert_every_body_through_the_route(
    emulator: Emulator, calls: dict[str, int], tmp_path: Path
) -> None:
    recorder = Recorder(emulator)
    result = fetch(
        "http://localhost",
        1,
        TOKEN,
        tmp_path / "snaps",
        quiet=True,
        transport=recorder,
        rate_limit=None,
        keep_raw=tmp_path / "raw",
    )
    archived = list(_archived(tmp_path / "raw"))
    histories = len(list((tmp_path / "raw" / "messages").rglob("*.json.gz")))
    assert calls["bodies"] == len(archived) > 60
    assert calls["fast_messages"] == histories >= 60  # the typed decoder runs in a crawl
    # the archive holds the very bytes received; inbox objects keep allow-listed values only
    sent = set(recorder.sent)
    assert all(data in sent for folder, data in archived if folder != "inboxes")
    (inboxes,) = [data for folder, data in archived if folder == "inboxes"]
    assert inboxes in {scrub("inboxes", data)[0] for data in sent}
    crawled = dict(calls)
    import_archive(tmp_path / "raw", tmp_path / "imported")
    assert calls["bodies"] - crawled["bodies"] == len(archived)
    assert calls["convert"] > crawled["convert"]
    assert result.frames.conversations.height == 60


def test_a_single_page_is_a_batch_of_one(calls: dict[str, int]) -> None:
    conversations_page(b'{"data": {"meta": {}, "payload": []}}')
    assert calls == {"convert": 1, "bodies": 1, "fast_messages": 0}
