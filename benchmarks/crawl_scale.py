"""Scale: an end-to-end crawl of 10k, 100k and 1M conversations, then a lazy read-back.

For each size, three processes, so each one's memory is its own:

* the emulator (``voxys-frames emulator``), started fresh for the size;
* the crawl: ``voxys_frames.fetch`` of the whole account with its full message
  histories into a new snapshot (streamed Parquet parts), requests counted on the wire;
* the read-back: ``load_snapshot(..., lazy=True)`` and a few aggregations over every
  message, the way an analyst would start.

Prints, per size: wall times, requests and requests/s, peak RSS (VmHWM of the emulator,
of the crawl and of the read-back), the snapshot's size on disk; then how
each figure grows from one size to the next. Figures on a shared machine are noisy.

Usage::

    .venv/bin/python benchmarks/crawl_scale.py --conversations 10000 100000 1000000 --out /tmp/scale

The token reaches the crawl through ``VOXYS_API_TOKEN``, never a command-line argument.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import polars as pl
from emulator_process import emulator_process
from memory import peak_rss_mib, proc_status_mib

TOKEN = "scale-bench-token"


class CountingTransport(httpx.BaseTransport):
    """An HTTP transport that counts the requests it sends (retries included)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self._counter = itertools.count()
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests = next(self._counter) + 1  # itertools.count is thread-safe in CPython
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def crawl(base_url: str, account_id: int, out: str, concurrency: int) -> dict[str, Any]:
    """Child process: crawl the account into ``out``; figures as a dict."""
    from voxys_frames.crawl import fetch

    transport = CountingTransport(
        httpx.HTTPTransport(
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        )
    )
    started = time.perf_counter()
    result = fetch(
        base_url,
        account_id,
        os.environ["VOXYS_API_TOKEN"],
        out,
        concurrency=concurrency,
        rate_limit=None,
        quiet=True,
        transport=transport,
    )
    seconds = time.perf_counter() - started
    summary = result.summary
    return {
        "snapshot": str(result.path),
        "crawl_s": seconds,
        "requests": transport.requests,
        "conversations": summary.conversations_found,
        "messages_read": summary.messages_read,
        "discrepancies": len(summary.discrepancies),
        "crawl_peak_rss_mib": peak_rss_mib(),
    }


def read_back(snapshot: str) -> dict[str, Any]:
    """Child process: lazy read of the snapshot, aggregations over every message."""
    from voxys_frames.snapshot import load_snapshot

    started = time.perf_counter()
    lazy = load_snapshot(snapshot, lazy=True)
    conversations = lazy.conversations.select(pl.len()).collect().item()
    per_conversation = (
        lazy.messages.group_by("conversation_id")
        .agg(pl.len().alias("messages"), pl.col("created_at").max().alias("last"))
        .select(
            pl.col("messages").sum().alias("total"),
            pl.col("messages").mean().alias("mean"),
            pl.col("last").max(),
        )
        .collect()
    )
    incoming = (
        lazy.messages.filter(pl.col("message_type") == "incoming").select(pl.len()).collect().item()
    )
    return {
        "read_s": time.perf_counter() - started,
        "read_conversations": conversations,
        "read_messages": per_conversation.item(0, 0),
        "messages_per_conversation": per_conversation.item(0, 1),
        "incoming": incoming,
        "read_peak_rss_mib": peak_rss_mib(),
    }


def run_child(mode: str, *args: str) -> dict[str, Any]:
    """Run this script in ``mode`` as a child process; its last stdout line is JSON."""
    env = {**os.environ, "VOXYS_API_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, __file__, f"--{mode}", *args], capture_output=True, text=True, env=env
    )
    if done.returncode:
        sys.exit(f"the {mode} process failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def size_of(path: Path) -> float:
    """Bytes under ``path`` in MiB."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def measure(conversations: int, out: Path, concurrency: int) -> dict[str, Any]:
    """Start an emulator of ``conversations``, crawl it, read it back; print and return figures."""
    target = out / f"n{conversations}"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    with emulator_process(conversations, TOKEN) as (emulator, info):
        figures: dict[str, Any] = {
            "size": conversations,
            "emulator_start_s": time.perf_counter() - started,
        }
        print(f"[{conversations:,}] emulator up in {figures['emulator_start_s']:.1f}s", flush=True)
        figures |= run_child(
            "crawl", info["base_url"], str(info["account_id"]), str(target), str(concurrency)
        )
        figures["emulator_peak_rss_mib"] = proc_status_mib(emulator.pid, "VmHWM")
    figures["snapshot_mib"] = size_of(Path(figures["snapshot"]))
    figures |= run_child("read", figures["snapshot"])
    report(figures)
    return figures


def report(f: dict[str, Any]) -> None:
    """Print the figures of one size."""
    print(
        f"[{f['size']:,}] conversations={f['conversations']:,} messages={f['read_messages']:,}"
        f" ({f['messages_per_conversation']:.1f}/conversation) discrepancies={f['discrepancies']}\n"
        f"  crawl      : {f['crawl_s']:8.1f} s  {f['requests']:,} requests"
        f"  {f['requests'] / f['crawl_s']:6.0f} requests/s  peak RSS {f['crawl_peak_rss_mib']:7.0f} MiB\n"
        f"  emulator   : start {f['emulator_start_s']:6.1f} s  peak RSS {f['emulator_peak_rss_mib']:7.0f} MiB\n"
        f"  read-back  : {f['read_s']:8.1f} s  (lazy, every message)"
        f"  peak RSS {f['read_peak_rss_mib']:7.0f} MiB\n"
        f"  snapshot   : {f['snapshot_mib']:8.1f} MiB on disk",
        flush=True,
    )


def growth(results: list[dict[str, Any]]) -> None:
    """How each cost grows from one size to the next (1.0 = flat, size ratio = linear)."""
    keys = (
        ("crawl_s", "crawl time"),
        ("read_s", "read-back time"),
        ("crawl_peak_rss_mib", "crawl peak RSS"),
        ("read_peak_rss_mib", "read-back peak RSS"),
        ("emulator_peak_rss_mib", "emulator peak RSS"),
        ("snapshot_mib", "snapshot size"),
    )
    for small, large in itertools.pairwise(results):
        print(
            f"growth {small['size']:,} -> {large['size']:,} (x{large['size'] / small['size']:g}):"
        )
        for key, label in keys:
            print(f"  {label:<20} x{large[key] / small[key]:6.2f}")
        rate = (large["requests"] / large["crawl_s"]) / (small["requests"] / small["crawl_s"])
        print(f"  {'requests/s':<20} x{rate:6.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", type=Path, default=Path("/tmp/voxys-crawl-scale"))
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--crawl", nargs=4, metavar=("BASE_URL", "ACCOUNT", "OUT", "CONC"))
    parser.add_argument("--read", metavar="SNAPSHOT")
    args = parser.parse_args()
    if args.crawl:
        base_url, account, out, concurrency = args.crawl
        print(json.dumps(crawl(base_url, int(account), out, int(concurrency))))
        return
    if args.read:
        print(json.dumps(read_back(args.read)))
        return
    results = [measure(n, args.out, args.concurrency) for n in args.conversations]
    growth(results)


if __name__ == "__main__":
    main()
