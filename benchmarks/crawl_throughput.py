"""Crawl throughput against the emulator over loopback, and the use of an imposed rate limit.

Part 1: a full-history crawl (``voxys_frames.fetch``) of an emulator account of
``--conversations`` (default 10,000) served by its own process with ``--latency-ms``
(default 20) added to every response, against a plain sequential httpx loop (list pages,
then each conversation's history in the bulk ``after``/``before`` form) in the same run.
The sequential loop is timed on the first ``--sample`` conversations (a full pass would
take minutes) and the two are compared as conversations per second.

Part 2: a crawl with a client rate limit of ``--rate-limit`` requests a minute (the
server imposes none): the share of that rate used between the first and the last
request, and how many requests failed (any non-200 answer).

Usage::

    .venv/bin/python benchmarks/crawl_throughput.py
    .venv/bin/python benchmarks/crawl_throughput.py --conversations 10000 --concurrency 16 --sample 500
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections import Counter

import httpx
from emulator_process import emulator_process

from voxys_frames.crawl import fetch
from voxys_frames.emulator import Emulator, EmulatorConfig

TOKEN = "bench-token-7c1d9e2a4b"


class Recording(httpx.HTTPTransport):
    """An HTTP transport that notes the time and status of every response."""

    def __init__(self) -> None:
        super().__init__(limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))
        self.times: list[float] = []
        self.statuses: Counter[int] = Counter()
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        with self._lock:
            self.times.append(time.perf_counter())
            self.statuses[response.status_code] += 1
        return response


def sequential(base_url: str, sample: int) -> float:
    """Seconds a plain sequential loop takes to read ``sample`` conversations and histories."""
    prefix = "/api/v1/accounts/1"
    started = time.perf_counter()
    with httpx.Client(base_url=base_url, headers={"api_access_token": TOKEN}, timeout=60) as http:
        ids: list[int] = []
        page = 1
        while len(ids) < sample:
            params = {"status": "all", "sort_by": "created_at_asc", "page": page}
            rows = http.get(f"{prefix}/conversations", params=params).json()["data"]["payload"]
            if not rows:
                break
            ids.extend(row["id"] for row in rows)
            page += 1
        for display_id in ids[:sample]:
            after = 1
            while True:
                params = {"after": after, "before": 2**63 - 1}
                path = f"{prefix}/conversations/{display_id}/messages"
                payload = http.get(path, params=params).json()["payload"]
                if len(payload) < 1000:
                    break
                after = max(m["id"] for m in payload) + 1
    return time.perf_counter() - started


def throughput(args: argparse.Namespace) -> None:
    latency = ("--latency-ms", str(args.latency_ms))
    with emulator_process(args.conversations, TOKEN, *latency) as (_, info):
        base_url = info["base_url"]
        seconds = sequential(base_url, args.sample)
        plain = args.sample / seconds
        print(
            f"sequential httpx loop : {args.sample} conversations in {seconds:6.1f} s"
            f" = {plain:7.1f} conversations/s"
        )
        transport = Recording()
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            result = fetch(
                base_url,
                1,
                TOKEN,
                out,
                quiet=True,
                rate_limit=None,
                concurrency=args.concurrency,
                transport=transport,
            )
            seconds = time.perf_counter() - started
        found = result.summary.conversations_found
        ours = found / seconds
        print(
            f"voxys_frames.fetch    : {found} conversations, {result.summary.messages_read}"
            f" messages, {sum(transport.statuses.values())} requests in {seconds:6.1f} s"
            f" = {ours:7.1f} conversations/s (concurrency {args.concurrency}),"
            f" discrepancies: {len(result.summary.discrepancies)}"
        )
        print(f"speed-up              : {ours / plain:5.1f}x (target >= 8x)")


def rate_use(args: argparse.Namespace) -> None:
    emulator = Emulator(
        EmulatorConfig(
            seed=7,
            conversations=args.rate_conversations,
            token=TOKEN,
            rate_limit=0,
            latency=args.latency_ms / 1000,
        )
    )
    transport = Recording()
    with emulator.serve() as server, tempfile.TemporaryDirectory() as out:
        fetch(
            server.base_url,
            server.account_id,
            TOKEN,
            out,
            quiet=True,
            rate_limit=args.rate_limit,
            concurrency=args.concurrency,
            transport=transport,
        )
    times = sorted(transport.times)
    requests = len(times)
    span = times[-1] - times[0]
    allowed = args.rate_limit / 60
    used = (requests - 1) / span / allowed
    burst = max(1, int(args.rate_limit // 60))  # the limiter lets one second's worth go at once
    sustained = (requests - burst) / span / allowed
    failed = sum(count for status, count in transport.statuses.items() if status != 200)
    print(
        f"rate limit {args.rate_limit:.0f}/min   : {requests} requests in {span:6.1f} s ="
        f" {(requests - 1) / span:6.2f}/s of {allowed:.2f}/s allowed: {used:6.1%} used,"
        f" {sustained:6.1%} without the initial burst of {burst} (target >= 95%),"
        f" {failed} failed requests (target 0)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--sample", type=int, default=500, help="conversations read sequentially")
    parser.add_argument("--rate-limit", type=float, default=1200, help="requests per minute")
    parser.add_argument("--rate-conversations", type=int, default=500)
    args = parser.parse_args()
    throughput(args)
    rate_use(args)


if __name__ == "__main__":
    main()
