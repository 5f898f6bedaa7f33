"""Live activity while a client reads, and the emulator command on a real port."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx

from voxys_frames.emulator import Emulator, EmulatorConfig, LiveConfig


def test_live_activity_moves_conversations_to_the_top_with_ties() -> None:
    emulator = Emulator(
        EmulatorConfig(
            seed=4,
            conversations=60,
            token="t",
            live=LiveConfig(enabled=True, events_per_tick=6, interval=3600.0),
        )
    )
    headers = {"api_access_token": "t"}
    with httpx.Client(
        transport=emulator.transport(), base_url="http://e", headers=headers
    ) as client:
        before = client.get("/api/v1/accounts/1/conversations", params={"status": "all"}).json()[
            "data"
        ]
        for _ in range(3):
            emulator.live.step()
        after = client.get("/api/v1/accounts/1/conversations", params={"status": "all"}).json()[
            "data"
        ]
    emulator.live.stop()
    assert after["meta"]["all_count"] >= before["meta"]["all_count"]
    assert sum(emulator.live.applied.values()) == 18
    top = after["payload"][0]
    assert top["last_activity_at"] >= emulator.world.now
    times = [row["last_activity_at"] for row in after["payload"][:10]]
    assert len(set(times)) < len(times), "live events in one second tie on last_activity_at"


def test_emulator_command_announces_and_serves() -> None:
    command = [
        sys.executable,
        "-m",
        "voxys_frames.cli",
        "emulator",
        "--port",
        "0",
        "--conversations",
        "20",
        "--seed",
        "3",
        "--account-id",
        "9",
        "--token",
        "cli-token",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as process:
        assert process.stdout is not None
        try:
            _check_announced(process.stdout.readline())
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)
    assert process.returncode in (0, 130, -signal.SIGINT)  # 130: stopped by Ctrl-C


def _check_announced(raw: str) -> None:
    line = json.loads(raw)
    assert set(line) == {"base_url", "account_id", "token"}
    assert line["account_id"] == 9 and line["token"] == "cli-token"
    assert line["base_url"].startswith("http://127.0.0.1:")
    response = httpx.get(
        f"{line['base_url']}/api/v1/accounts/9/conversations",
        headers={"api_access_token": "cli-token"},
        timeout=10,
    )
    assert response.status_code == 200
    assert "data" in response.json()
