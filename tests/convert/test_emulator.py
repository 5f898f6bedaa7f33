"""Real bodies from the bundled emulator convert cleanly and survive import-raw."""

from __future__ import annotations

from pathlib import Path

import httpx
import polars as pl
import pytest

from tests.conftest import make_config
from voxys_frames.cli import main
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.emulator import EmulatorConfig
from voxys_frames.snapshot import load_snapshot
from voxys_frames.tables.schema import TABLES

PREFIX = "/api/v1/accounts/1"


@pytest.fixture(scope="module")
def emulator_config() -> EmulatorConfig:
    return make_config(seed=7, conversations=60)


@pytest.fixture(scope="module")
def bodies(http: httpx.Client) -> dict[str, list[tuple[int | None, bytes]]]:
    client = http
    found: dict[str, list[tuple[int | None, bytes]]] = {"conversations": [], "messages": []}
    page = 1
    while True:
        response = client.get(f"{PREFIX}/conversations", params={"status": "all", "page": page})
        response.raise_for_status()
        if not response.json()["data"]["payload"]:
            break
        found["conversations"].append((None, response.content))
        page += 1
    ids = [
        row["id"]
        for _, body in found["conversations"]
        for row in httpx.Response(200, content=body).json()["data"]["payload"]
    ]
    for conversation_id in ids:
        response = client.get(
            f"{PREFIX}/conversations/{conversation_id}/messages",
            params={"after": 1, "before": 9999999999},
        )
        response.raise_for_status()
        found["messages"].append((conversation_id, response.content))
    return found


def test_emulator_bodies_convert(bodies: dict[str, list[tuple[int | None, bytes]]]) -> None:
    builder = FramesBuilder(account_id=1)
    for number, (_, body) in enumerate(bodies["conversations"], start=1):
        builder.add_body("conversations", body, source=f"page {number}")
    for conversation_id, body in bodies["messages"]:
        builder.add_body("messages", body, conversation_id=conversation_id)
    frames = builder.finish()
    for name, table in TABLES.items():
        assert frames[name].schema == table.schema
    conversations, messages = frames["conversations"], frames["messages"]
    assert conversations.height == 60
    assert conversations["id"].n_unique() == 60
    assert messages["id"].n_unique() == messages.height
    assert messages.height > 60
    # every embedded latest message is also a row of the messages table
    latest = conversations["last_message_id"].drop_nulls()
    assert latest.is_in(messages["id"].implode()).all()
    assert messages["message_type"].null_count() == 0
    assert set(messages["sender_type"].drop_nulls()) <= {
        "Contact",
        "User",
        "AgentBot",
        "Captain::Assistant",
    }
    assert conversations.filter(pl.col("created_at").dt.year() < 2000).height == 0


def test_import_raw_on_an_emulator_archive(
    bodies: dict[str, list[tuple[int | None, bytes]]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw = tmp_path / "raw"
    (raw / "conversations").mkdir(parents=True)
    for number, (_, body) in enumerate(bodies["conversations"], start=1):
        (raw / "conversations" / f"page-{number}.json").write_bytes(body)
    for conversation_id, body in bodies["messages"]:
        folder = raw / "messages" / str(conversation_id)
        folder.mkdir(parents=True)
        (folder / "page-1.json").write_bytes(body)
    assert main(["import-raw", str(raw), "--out", str(tmp_path / "snaps")]) == 0
    path = Path(capsys.readouterr().out.strip().splitlines()[-1])
    frames = load_snapshot(path)
    assert frames["conversations"].height == 60
    assert frames.manifest is not None
    assert frames.manifest["completeness"]["conversations_missing"] == 0
