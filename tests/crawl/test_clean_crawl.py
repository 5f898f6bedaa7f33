"""A clean crawl over loopback equals the emulator's ground truth; raw archive round trip."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.conftest import TOKEN
from tests.crawl.conftest import assert_same_snapshot, distinct, files_under, ground_truth
from voxys_frames.cli import main
from voxys_frames.crawl import fetch
from voxys_frames.emulator import Emulator, ServerInfo
from voxys_frames.snapshot import read_manifest


def test_clean_crawl_holds_every_conversation_and_message_once(
    emulator: Emulator, server: ServerInfo, tmp_path: Path
) -> None:
    truth = ground_truth(emulator)
    result = fetch(server.base_url, server.account_id, TOKEN, tmp_path, quiet=True, rate_limit=None)
    frames = result.frames
    assert sorted(frames.conversations["id"].to_list()) == sorted(truth)
    message_ids = frames.messages["id"].to_list()
    assert len(message_ids) == len(set(message_ids))
    assert set(message_ids) == {m for ids in truth.values() for m in ids}
    per_conversation = frames.messages.group_by("conversation_id").len()
    counts = dict(per_conversation.iter_rows())
    assert all(counts.get(cid, 0) == len(ids) for cid, ids in truth.items())
    assert frames.agents.height > 0 and frames.teams.height > 0
    assert frames.inboxes.height > 0 and frames.account_labels.height > 0
    assert result.summary.discrepancies == []
    completeness = read_manifest(result.path)["completeness"]
    assert completeness["crawl"]["conversations_found"] == len(truth)
    assert completeness["conversations_with_messages_unread"] == 0
    assert not list(tmp_path.glob(".crawl-*")), "the journal is removed once committed"


@pytest.mark.slow
def test_raw_archive_rebuilds_the_same_snapshot(
    server: ServerInfo, tmp_path: Path, capsys: object
) -> None:
    result = fetch(
        server.base_url,
        server.account_id,
        TOKEN,
        tmp_path / "crawled",
        quiet=True,
        rate_limit=None,
        keep_raw=True,
        reporting_events=True,
    )
    assert result.raw_path is not None
    bodies = files_under(result.raw_path)
    assert all(p.name.endswith(".json.gz") or p.name == "archive.json" for p in bodies)
    assert (result.raw_path / "messages").is_dir()
    assert result.frames.reporting_events.height > 0
    status = main(["import-raw", str(result.raw_path), "--out", str(tmp_path / "rebuilt")])
    assert status == 0
    rebuilt = Path(capsys.readouterr().out.strip().splitlines()[-1])  # type: ignore[attr-defined]
    assert_same_snapshot(result.path, rebuilt)


def test_latest_mode_reads_no_history(server: ServerInfo, tmp_path: Path) -> None:
    result = fetch(
        server.base_url,
        server.account_id,
        TOKEN,
        tmp_path,
        quiet=True,
        rate_limit=None,
        messages="latest",
        status="open",
    )
    frames = result.frames
    assert set(frames.conversations["status"].to_list()) == {"open"}
    assert set(frames.messages["source_shape"].to_list()) == {"list_embedded"}
    assert distinct(frames.messages, "conversation_id") <= distinct(frames.conversations, "id")
    assert result.summary.histories_read == 0
    manifest = read_manifest(result.path)
    assert manifest["crawl"]["status"] == "open"
    assert orjson.dumps(manifest).find(TOKEN.encode()) == -1


def test_the_tally_is_released_before_the_snapshot_is_assembled(
    emulator: Emulator, server: ServerInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the tally grows with the account (every unit, every conversation); held through the
    # assembly, it would sit on top of the assembly's own peak
    import weakref

    from voxys_frames.crawl import api, tally

    tallies: list[weakref.ref[tally.Tally]] = []
    alive_at_assembly: list[bool] = []
    original_init, original_assemble = tally.Tally.__init__, api.assemble

    def recording_init(self: tally.Tally) -> None:
        original_init(self)
        tallies.append(weakref.ref(self))

    def checking_assemble(*args: object, **kwargs: object) -> Path:
        alive_at_assembly.extend(ref() is not None for ref in tallies)
        return original_assemble(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tally.Tally, "__init__", recording_init)
    monkeypatch.setattr(api, "assemble", checking_assemble)
    result = fetch(server.base_url, server.account_id, TOKEN, tmp_path, quiet=True, rate_limit=None)
    assert result.summary.conversations_found > 0
    assert alive_at_assembly == [False]
