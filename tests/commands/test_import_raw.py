"""The import-raw, snapshots and show commands, run through the real command line."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pytest

from tests import payloads as p
from voxys_frames.cli import build_parser, main
from voxys_frames.snapshot import list_snapshots, load_snapshot, read_manifest


def _archive(root: Path) -> Path:
    (root / "conversations").mkdir(parents=True)
    (root / "conversations" / "page-1.json.gz").write_bytes(
        gzip.compress(p.dump(p.tricky_conversations_body()))
    )
    (root / "conversations" / "page-2.json").write_bytes(p.dump(p.conversations_body([])))
    (root / "messages" / "5").mkdir(parents=True)
    (root / "messages" / "5" / "page-1.json").write_bytes(
        p.dump(p.messages_body([p.deleted_endpoint_message(), p.endpoint_message(19, 5)]))
    )
    (root / "inboxes").mkdir()
    (root / "inboxes" / "inboxes.json").write_bytes(p.dump(p.inboxes_body()))
    (root / "archive.json").write_bytes(
        orjson.dumps({"base_url": "https://connect.voxys.ai", "crawl": {"status": "all"}})
    )
    return root


def test_import_raw_prints_the_snapshot_path_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _archive(tmp_path / "raw")
    assert main(["import-raw", str(archive), "--out", str(tmp_path / "snaps")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    path = Path(last)
    assert list_snapshots(tmp_path / "snaps") == [path]
    frames = load_snapshot(path)
    assert frames["conversations"].height == 8
    assert frames["account_labels"].height == 0
    assert frames["inboxes"].height == 2
    assert sorted(frames["messages"]["id"]) == [11, 12, 13, 14, 15, 16, 17, 18, 19]
    assert frames["messages"]["account_id"].unique().to_list() == [1]  # from the conversations
    manifest = read_manifest(path)
    assert manifest["source"] == {"host": "connect.voxys.ai", "account_id": 1}
    assert manifest["crawl"]["status"] == "all"
    # message 15 is in the list page and in its history; contacts and agents seen in
    # several places of one body are merged too
    assert manifest["completeness"]["duplicates_removed"]["messages"] == 1
    assert manifest["completeness"]["pages"] == {"conversations": 2, "inboxes": 1, "messages": 1}


def test_import_raw_bad_body_names_the_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _archive(tmp_path / "raw")
    body = p.conversations_body([p.conversation(1, status=["open"])])
    (archive / "conversations" / "page-3.json").write_bytes(p.dump(body))
    assert main(["import-raw", str(archive), "--out", str(tmp_path / "snaps")]) == 1
    error = capsys.readouterr().err
    assert "conversations/page-3.json: data.payload[0].status: expected a string" in error
    assert list_snapshots(tmp_path / "snaps") == []


def test_snapshots_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = _archive(tmp_path / "raw")
    main(["import-raw", str(archive), "--out", str(tmp_path / "snaps")])
    path = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["snapshots", str(tmp_path / "snaps")]) == 0
    listing = capsys.readouterr().out
    assert path in listing and "conversations=8" in listing and "messages=9" in listing
    assert main(["show", path]) == 0
    shown = capsys.readouterr().out
    assert "conversations" in shown and "2025-03-01 09:15:30" in shown
    assert "conversations_reported: 8" in shown


def test_show_missing_snapshot_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(tmp_path / "none")]) == 1
    assert "no snapshot" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["import-raw", "snapshots", "show"])
def test_every_command_help_has_an_example(command: str) -> None:
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    assert "example:" in (sub.epilog or "")
