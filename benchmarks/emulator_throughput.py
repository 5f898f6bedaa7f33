"""Emulator throughput and memory: responses per second on loopback, and RSS by size.

Starts ``voxys-frames emulator`` as its own process (as clients meet it), waits for
its announce line, then drives it with a bounded number of concurrent requests
from this process. Prints one line per measurement.

Usage::

    .venv/bin/python benchmarks/emulator_throughput.py --conversations 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import httpx
from emulator_process import emulator_process

TOKEN = "bench-token"


def rss_mib(pid: int) -> float:
    """Resident set size of process ``pid`` in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def drive(base_url: str, paths: list[str], concurrency: int) -> tuple[float, int, int]:
    """GET every path with ``concurrency`` workers; returns (seconds, ok, bytes)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    ok = 0
    size = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"api_access_token": TOKEN}, limits=limits, timeout=60
    ) as client:

        async def worker() -> None:
            nonlocal ok, size
            while not queue.empty():
                path = queue.get_nowait()
                response = await client.get(path)
                ok += response.status_code == 200
                size += len(response.content)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - start, ok, size


def measure(conversations: int, requests: int, concurrency: int) -> None:
    """Start an emulator of ``conversations`` and print its figures."""
    started = time.perf_counter()
    with emulator_process(conversations, TOKEN) as (process, info):
        build = time.perf_counter() - started
        base = info["base_url"]
        prefix = f"/api/v1/accounts/{info['account_id']}"
        print(
            f"conversations={conversations:>9,} start-up={build:6.1f}s rss_after_start={rss_mib(process.pid):7.1f} MiB"
        )
        pages = max(1, conversations // 25)
        list_paths = [
            f"{prefix}/conversations?status=all&sort_by=created_at_asc&page={1 + (i * 7919) % pages}"
            for i in range(requests)
        ]
        seconds, ok, size = asyncio.run(drive(base, list_paths, concurrency))
        print(
            f"  list pages    : {ok / seconds:8.0f} responses/s ({ok}/{requests} ok, {size / ok / 1024:.1f} KiB each)"
        )
        message_paths = [
            f"{prefix}/conversations/{1 + (i * 104729) % conversations}/messages?after=1&before=9223372036854775807"
            for i in range(requests)
        ]
        seconds, ok, size = asyncio.run(drive(base, message_paths, concurrency))
        print(
            f"  message pages : {ok / seconds:8.0f} responses/s ({ok}/{requests} ok, {size / ok / 1024:.1f} KiB each)"
        )
        print(f"  rss after load: {rss_mib(process.pid):7.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, nargs="+", default=[10_000])
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint kind")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    for conversations in args.conversations:
        measure(conversations, args.requests, args.concurrency)


if __name__ == "__main__":
    main()
