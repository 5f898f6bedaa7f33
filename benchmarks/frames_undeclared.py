"""Undeclared keys on the conversion route: the same bodies with and without fork keys.

Reads the messages bodies of an emulator account (in-process), makes a copy in which
every message carries three keys no table declares (a number, a string and an object,
as a fork would add), and converts both sets with the one route
(:func:`voxys_frames.convert.batch.convert`, 256 bodies a batch), alternating, several
rounds, printing the median CPU seconds of each and their ratio (target: at most 1.25).

Usage: ``.venv/bin/python benchmarks/frames_undeclared.py --conversations 2000 --rounds 5``
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx
import orjson

from voxys_frames.convert.batch import CALLS, convert
from voxys_frames.convert.bodies import Body
from voxys_frames.emulator import Emulator, EmulatorConfig

TOKEN = "bench-undeclared"
BATCH = 256


def histories(conversations: int) -> list[tuple[int, bytes]]:
    emulator = Emulator(EmulatorConfig(seed=5, conversations=conversations, token=TOKEN))
    found = []
    with httpx.Client(
        transport=emulator.transport(), base_url="http://e", headers={"api_access_token": TOKEN}
    ) as http:
        for cid in range(1, conversations + 1):
            response = http.get(
                f"/api/v1/accounts/1/conversations/{cid}/messages",
                params={"after": 1, "before": 2**62},
            )
            found.append((cid, response.content))
    return found


def with_fork_keys(body: bytes) -> bytes:
    doc = orjson.loads(body)
    for index, message in enumerate(doc["payload"]):
        message["voxys_score"] = index
        message["voxys_channel_ref"] = f"ref-{index}"
        message["voxys_meta"] = {"model": "v2", "tags": ["a", "b"]}
    return orjson.dumps(doc)


def run(bodies: list[tuple[int, bytes]]) -> float:
    started = time.process_time()
    for start in range(0, len(bodies), BATCH):
        batch = [
            Body("messages", f"messages/{cid}/page-1.json.gz", data, cid)
            for cid, data in bodies[start : start + BATCH]
        ]
        convert(batch, account_id=1)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    plain = histories(args.conversations)
    forked = [(cid, with_fork_keys(body)) for cid, body in plain]
    messages = sum(len(orjson.loads(body)["payload"]) for _, body in plain)
    times: dict[str, list[float]] = {"plain": [], "undeclared": []}
    for _ in range(args.rounds):
        times["plain"].append(run(plain))
        before = CALLS["fast_messages"]
        times["undeclared"].append(run(forked))
        fast = CALLS["fast_messages"] - before
    a, b = (statistics.median(times[k]) for k in ("plain", "undeclared"))
    print(f"{len(plain)} bodies, {messages} messages, {args.rounds} rounds (median CPU s)")
    print(f"without undeclared keys: {a:.3f} s")
    print(f"three undeclared keys per message: {b:.3f} s ({fast} of {len(forked)} bodies typed)")
    print(f"ratio: {b / a:.2f}x (target <= 1.25x)")


if __name__ == "__main__":
    main()
