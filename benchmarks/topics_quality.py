"""Topic quality against the emulator's contact reasons, and time and memory at scale.

Quality: an emulated account is fetched in-process (the real client and
conversion), :func:`voxys_frames.find_topics` runs on it, and the topics are
compared with the emulator's ground truth (``World.contact_reasons``): adjusted
mutual information, and the share of conversations whose topic's most common
reason is their own.

Scale: ``--scale`` conversations are written in-process by the emulator's own
text generator (reason, language, opener and one to four follow-ups, noise
included) into frames, and ``find_topics`` is timed on them in a child process,
whose peak RSS is reported (data and topics together; the data alone is
measured first).

Usage::

    .venv/bin/python benchmarks/topics_quality.py --conversations 2000 --scale 100000
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import polars as pl
from memory import peak_rss_mib

from voxys_frames import fetch, find_topics
from voxys_frames.emulator import Emulator, EmulatorConfig
from voxys_frames.emulator.reasons import (
    REASONS,
    contact_reason,
    customer_language,
    customer_text,
)
from voxys_frames.topics import topic_agreement

TOKEN = "bench-token"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
CHANNELS = ("Channel::WebWidget", "Channel::Email", "Channel::Whatsapp", "Channel::Api")


def quality(conversations: int, seed: int, n_topics: tuple[int, ...]) -> None:
    """Fetch an emulated account and print the agreement of its topics with the reasons."""
    emulator = Emulator(EmulatorConfig(seed=seed, conversations=conversations, token=TOKEN))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        result = fetch(
            "http://localhost",
            1,
            TOKEN,
            out,
            quiet=True,
            transport=emulator.transport(),
            rate_limit=None,
        )
        frames = result.frames
    print(
        f"emulator seed {seed}: {conversations} conversations fetched in "
        f"{time.perf_counter() - started:.1f} s"
    )
    truth = emulator.world.contact_reasons()
    for k in n_topics:
        started = time.perf_counter()
        found = find_topics(frames, n_topics=k, seed=0)
        seconds = time.perf_counter() - started
        agreement = topic_agreement(found, truth)
        print(
            f"  n_topics={k:>2}: adjusted mutual information "
            f"{agreement.adjusted_mutual_information:.3f}, majority share "
            f"{agreement.majority_share:.3f} ({agreement.conversations} conversations, "
            f"{seconds:.2f} s)"
        )


def synthetic_frames(
    conversations: int, seed: int
) -> tuple[dict[str, pl.DataFrame], dict[int, str]]:
    """Conversations written by the emulator's text generator, and their reasons."""
    rng = random.Random(seed)
    ids, created, inboxes, channels, labels = [], [], [], [], []
    message_conversation, message_created, contents = [], [], []
    truth: dict[int, str] = {}
    for c in range(conversations):
        age = c / max(conversations - 1, 1)
        reason = contact_reason(seed, c, age)
        language = customer_language(seed, c)
        start = NOW - timedelta(days=365 * (1 - age))
        ids.append(c + 1)
        created.append(start)
        inbox = rng.randrange(len(CHANNELS))
        inboxes.append(inbox + 1)
        channels.append(CHANNELS[inbox])
        labels.append([REASONS[reason].split("_")[0]] if rng.random() < 0.2 else [])
        truth[c + 1] = REASONS[reason]
        for k in range(1 + rng.randrange(5)):
            message_conversation.append(c + 1)
            message_created.append(start + timedelta(minutes=10 * k))
            contents.append(customer_text(reason, language, c * 16 + k, first=k == 0))
    conversations_frame = pl.DataFrame(
        {
            "id": ids,
            "created_at": created,
            "inbox_id": inboxes,
            "channel": channels,
            "labels": labels,
        },
        schema_overrides={"labels": pl.List(pl.String)},
    )
    messages = pl.DataFrame(
        {
            "id": list(range(1, len(contents) + 1)),
            "conversation_id": message_conversation,
            "message_type": ["incoming"] * len(contents),
            "private": [False] * len(contents),
            "created_at": message_created,
            "content": contents,
        }
    )
    return {"conversations": conversations_frame, "messages": messages}, truth


def scale_child(conversations: int, seed: int, n_topics: int) -> None:
    """Run in a child process: build the frames, time find_topics, print JSON."""
    started = time.perf_counter()
    frames, truth = synthetic_frames(conversations, seed)
    built = time.perf_counter() - started
    data_peak = peak_rss_mib()
    started = time.perf_counter()
    found = find_topics(frames, n_topics=n_topics, seed=0)
    seconds = time.perf_counter() - started
    agreement = topic_agreement(found, truth)
    print(
        json.dumps(
            {
                "conversations": conversations,
                "messages": frames["messages"].height,
                "text_chars": int(frames["messages"]["content"].str.len_chars().sum()),
                "build_seconds": round(built, 2),
                "topics_seconds": round(seconds, 2),
                "peak_mib_after_data": round(data_peak, 1),
                "peak_mib": round(peak_rss_mib(), 1),
                "ami": agreement.adjusted_mutual_information,
                "majority_share": agreement.majority_share,
            }
        )
    )


def scale(conversations: int, seed: int, n_topics: int) -> None:
    """Time find_topics on ``conversations`` synthetic conversations in a child process."""
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--scale-child",
            str(conversations),
            "--seed",
            str(seed),
            "--n-topics",
            str(n_topics),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    print(
        f"scale: {figures['conversations']} conversations, {figures['messages']} customer "
        f"messages ({figures['text_chars']:,} characters), n_topics={n_topics}:\n"
        f"  find_topics {figures['topics_seconds']:.1f} s (building the data took "
        f"{figures['build_seconds']:.1f} s)\n"
        f"  peak RSS {figures['peak_mib']:.0f} MiB (data alone {figures['peak_mib_after_data']:.0f} "
        f"MiB)\n"
        f"  against the generator's reasons: adjusted mutual information "
        f"{figures['ami']:.3f}, majority share {figures['majority_share']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    parser.add_argument("--n-topics", type=int, nargs="+", default=[8, 12])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--scale-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_child:
        scale_child(args.scale_child, args.seed, args.n_topics[0])
        return
    for seed in args.seeds:
        quality(args.conversations, seed, tuple(args.n_topics))
    if args.scale:
        scale(args.scale, args.seed, args.n_topics[0])


if __name__ == "__main__":
    main()
