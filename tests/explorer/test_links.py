"""Links into the app: from the manifest's host or an explicit URL, never to loopback unless asked,
escaped everywhere (explorer table, thread header, HTML report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.test_csat_report import _frames as csat_frames
from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer import explore
from voxys_frames.links import conversation_links, is_loopback_host
from voxys_frames.reports import report_html
from voxys_frames.snapshot import write_snapshot
from voxys_frames.tables.frames import Frames

LINK = '<a href="https://connect.voxys.ai/app/accounts/1/conversations/{}" target="_blank" rel="noopener noreferrer">#{}</a>'


@pytest.mark.parametrize(
    "host", ["127.0.0.1:3000", "localhost", "LOCALHOST:80", "::1", "::1:8080", "127.9.9.9"]
)
def test_loopback_hosts_give_no_links(host: str) -> None:
    assert is_loopback_host(host)
    assert conversation_links({"source": {"host": host, "account_id": 1}}) is None


def test_explicit_base_url_is_checked_and_allows_loopback() -> None:
    links = conversation_links(
        {"source": {"host": "x.example"}}, link_base_url="http://127.0.0.1:3000/voxys/"
    )
    assert links is not None
    assert links.url(2, 9) == "http://127.0.0.1:3000/voxys/app/accounts/2/conversations/9"
    for bad in (
        "javascript:alert(1)",
        "ftp://x.example",
        "https://u:token@x.example",
        "https://x.example/?t=1",
    ):
        with pytest.raises(ConfigurationError, match="link_base_url"):
            conversation_links(None, link_base_url=bad)
    assert conversation_links(None) is None
    assert conversation_links({"source": {"host": None}}) is None


def test_hostile_host_is_escaped() -> None:
    links = conversation_links({"source": {"host": 'evil.example"><script>'}})
    assert links is not None
    anchor = links.anchor(1, 2, "<b>#2</b>")
    assert "<script>" not in anchor and "<b>" not in anchor
    assert "&lt;b&gt;#2&lt;/b&gt;" in anchor


def test_explorer_table_and_thread_link_to_the_app(frames: Frames, tmp_path: Path) -> None:
    snapshot = write_snapshot(frames, tmp_path, base_url="https://connect.voxys.ai", account_id=1)
    explorer = explore(snapshot)
    explorer.sort_by.value, explorer.descending.value = "id", False
    assert f"<td>{LINK.format(1, 1)}</td>" in explorer.table.value
    explorer.select(2)
    assert LINK.format(2, 2) in explorer.thread.value
    assert "&lt;script&gt;" in explorer.thread.value


def test_explorer_on_the_emulator_links_only_when_asked(frames: Frames, tmp_path: Path) -> None:
    snapshot = write_snapshot(frames, tmp_path, base_url="http://127.0.0.1:3000", account_id=1)
    assert "<a " not in explore(snapshot).table.value
    asked = explore(snapshot, link_base_url="http://127.0.0.1:3000")
    assert 'href="http://127.0.0.1:3000/app/accounts/1/conversations/' in asked.table.value


def test_report_links_the_lowest_rated_conversations() -> None:
    frames = csat_frames()
    plain = report_html(frames, scripts="")
    assert "<td>1</td><td>2</td>" in plain  # no manifest: no host, no link
    linked = report_html(frames, scripts="", link_base_url="https://connect.voxys.ai")
    assert f"<td>{LINK.format(1, 1)}</td><td>2</td>" in linked
    frames.manifest = {"source": {"host": "localhost:3000", "account_id": 1}}
    assert "/conversations/" not in report_html(frames, scripts="")
