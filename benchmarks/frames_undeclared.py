"""Undeclared keys on the conversion route: the same bodies with and without fork keys.

Reads the messages bodies of an emulator account (in-process), makes two copies in
which every message carries three keys no table declares (a number, a string and an
object, as a fork would add), and converts the three sets with the one route
(:func:`voxys_frames.convert.batch.convert`, 256 bodies a batch), alternating, several
rounds, printing the median CPU seconds of each and the ratios (target: at most 1.25).
In the first copy the number and the string follow the message's place in its thread,
so values repeat across threads; in the second every value is distinct.

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


def with_fork_keys(body: bytes, *, distinct: bool = False) -> bytes:
    doc = orjson.loads(body)
    for index, message in enumerate(doc["payload"]):
        value = message["id"] if distinct else index
        message["voxys_score"] = value
        message["voxys_channel_ref"] = f"ref-{value}"
        message["voxys_meta"] = {
            "model": "v2",
            "tags": ["a", "b"],
            **({"n": value} if distinct else {}),
        }
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
    sets = {
        "plain": plain,
        "repeating": [(cid, with_fork_keys(body)) for cid, body in plain],
        "distinct": [(cid, with_fork_keys(body, distinct=True)) for cid, body in plain],
    }
    messages = sum(len(orjson.loads(body)["payload"]) for _, body in plain)
    times: dict[str, list[float]] = {name: [] for name in sets}
    typed: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, bodies in sets.items():
            before = CALLS["fast_messages"]
            times[name].append(run(bodies))
            typed[name] = CALLS["fast_messages"] - before
    median = {name: statistics.median(found) for name, found in times.items()}
    print(f"{len(plain)} bodies, {messages} messages, {args.rounds} rounds (median CPU s)")
    print(f"without undeclared keys: {median['plain']:.3f} s")
    for name in ("repeating", "distinct"):
        print(
            f"three undeclared keys per message, {name} values: {median[name]:.3f} s "
            f"({typed[name]} of {len(plain)} bodies typed), "
            f"ratio {median[name] / median['plain']:.2f}x (target <= 1.25x)"
        )


if __name__ == "__main__":
    main()
