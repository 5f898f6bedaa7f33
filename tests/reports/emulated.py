"""Frames of an emulated account, fetched through the real client in-process.

The emulator's world stays at hand: its timelines and reporting events are the
ground truth that report code is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tests.conftest import in_process_client, make_config
from voxys_frames.convert.builder import FramesBuilder
from voxys_frames.convert.client import Client
from voxys_frames.emulator import Emulator
from voxys_frames.emulator.world import World
from voxys_frames.tables.frames import Frames


@dataclass(frozen=True)
class Emulated:
    """An emulated account's frames, its world and the instant they describe."""

    frames: Frames
    world: World
    as_of: datetime


def fetch(client: Client, *, account_id: int, reporting_events: bool) -> Frames:
    """Every conversation with its full history, the account listings and, optionally,
    every reporting event."""
    builder = FramesBuilder(account_id=account_id)
    for listing in (client.inboxes(), client.agents(), client.teams(), client.labels()):
        builder.add(listing)
    page = 1
    while (found := client.conversations(page=page, status="all")).conversations.height:
        builder.add(found)
        for conversation_id in found.conversations["id"]:
            builder.add(client.message_history(conversation_id))
        page += 1
    page = 1
    while reporting_events and (events := client.reporting_events(page)).reporting_events.height:
        builder.add(events)
        page += 1
    return builder.finish()


def emulated(
    conversations: int, *, seed: int = 7, reporting_events: bool = True, account_id: int = 1
) -> Emulated:
    """Fetch an emulated account of ``conversations`` conversations in-process."""
    config = make_config(seed=seed, conversations=conversations, account_id=account_id)
    emulator = Emulator(config)
    with in_process_client(emulator) as client:
        frames = fetch(client, account_id=account_id, reporting_events=reporting_events)
    return Emulated(frames=frames, world=emulator.world, as_of=config.now)
