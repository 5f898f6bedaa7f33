"""The typed fast path against the validated path, on the same bodies, conversion only.

Over the cached emulator bodies of ``frames_throughput.py`` (same cache, same batches as
its ``ours``), each batch is converted by the crawl's batched conversion twice: parsed
with orjson first (the validated path), and as bytes (the msgspec fast path where it
applies: messages bodies). The garbage collector is paused for both, as the
conversion pauses it, so the parse of the validated path is not charged for
collections it would not suffer in a crawl. Figures are CPU seconds of this process,
best of ``--repeat`` runs; the machine may be shared, so run twice.

Usage::

    .venv/bin/python benchmarks/frames_fastpath.py --conversations 10000
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
from frames_cache import BodyCache, generate
from frames_contenders import _batches

from voxys_frames.convert.batch import convert
from voxys_frames.convert.bodies import Body, Endpoint


def cpu_seconds(work: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``work``, collector paused."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            work()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, help="cache directory (default: under the temp dir)")
    args = parser.parse_args()
    directory = args.cache or Path(tempfile.gettempdir()) / "voxys-frames-bench" / (
        f"seed{args.seed}-n{args.conversations}"
    )
    if BodyCache.exists(directory):
        cache = BodyCache(directory)
    else:
        cache = generate(directory, conversations=args.conversations, seed=args.seed)
    print(f"bodies: {directory}, {args.conversations:,} conversations (CPU seconds, best of runs)")
    endpoints: tuple[Endpoint, ...] = ("conversations", "messages")
    for endpoint in endpoints:
        read = (
            cache.list_bodies(args.conversations)
            if endpoint == "conversations"
            else cache.message_bodies(args.conversations)
        )
        batches = list(_batches(read, endpoint))
        objects = sum(len(batch) for batch in batches)

        def validated(batches: list[list[Body]] = batches) -> None:
            for batch in batches:
                parsed = [
                    Body(b.endpoint, b.name, orjson.loads(b.data), b.conversation_id) for b in batch
                ]
                convert(parsed, account_id=1)

        def from_bytes(batches: list[list[Body]] = batches) -> None:
            for batch in batches:
                convert(batch, account_id=1)

        slow = cpu_seconds(validated, args.repeat)
        fast = cpu_seconds(from_bytes, args.repeat)
        print(
            f"  {endpoint:<13} {objects:>7,} bodies  validated (parse + convert) {slow:6.2f} s"
            f"  bytes {fast:6.2f} s  {slow / fast:5.2f}x less CPU"
        )


if __name__ == "__main__":
    main()
