"""``voxys-frames demo``: start the emulator on a free loopback port and show what it serves.

Example::

    voxys-frames demo --conversations 300
"""

from __future__ import annotations

import argparse
from collections import Counter

import httpx

from voxys_frames.emulator import Emulator, EmulatorConfig


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        "demo",
        help="run the main job end to end on the embedded emulator",
        description="Start the emulator on a free 127.0.0.1 port and show what it serves.",
        epilog="example:\n  voxys-frames demo --conversations 300",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--conversations", type=int, default=300, help="size of the emulated account"
    )
    parser.add_argument("--seed", type=int, default=7, help="data seed")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Serve the emulator for the duration of a short tour of its endpoints."""
    emulator = Emulator(
        EmulatorConfig(seed=args.seed, conversations=args.conversations, token="demo-token")
    )
    with emulator.serve() as server:
        print(f"emulator listening on {server.base_url} (account {server.account_id})")
        headers = {"api_access_token": server.token}
        prefix = f"/api/v1/accounts/{server.account_id}"
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as http:
            first = http.get(f"{prefix}/conversations", params={"status": "all"}).json()["data"]
            print(f"conversations: {first['meta']['all_count']} (all statuses), 25 per page")
            statuses: Counter[str] = Counter()
            page = 1
            messages = 0
            while True:
                body = http.get(
                    f"{prefix}/conversations", params={"status": "all", "page": page}
                ).json()
                rows = body["data"]["payload"]
                if not rows:
                    break
                statuses.update(row["status"] for row in rows)
                page += 1
            sample = first["payload"][0]["id"]
            history = http.get(
                f"{prefix}/conversations/{sample}/messages", params={"after": 1, "before": 2**62}
            )
            messages = len(history.json()["payload"])
            print("by status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
            print(f"conversation {sample}: {messages} messages in its history")
            for name in ("inboxes", "labels"):
                print(f"{name}: {len(http.get(f'{prefix}/{name}').json()['payload'])}")
            for name in ("agents", "teams"):
                print(f"{name}: {len(http.get(f'{prefix}/{name}').json())}")
    return 0
