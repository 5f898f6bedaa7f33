"""Live activity: the account keeps changing while a client reads it.

A background thread adds messages (moving conversations to the top of the
default sort), creates conversations and changes statuses. Several events
share one second, so ``last_activity_at`` ties are common.

Examples
--------
>>> from voxys_frames.emulator.config import EmulatorConfig, LiveConfig
>>> from voxys_frames.emulator.world import World
>>> world = World(EmulatorConfig(seed=3, conversations=20))
>>> activity = LiveActivity(world, LiveConfig(enabled=True), seed=3)
>>> activity.step()
>>> world.version > 0
True
"""

from __future__ import annotations

import random
import threading

from voxys_frames.emulator.config import LiveConfig
from voxys_frames.emulator.timeline import (
    A_PENDING,
    A_RESOLVE,
    A_SNOOZE,
    ACTOR_CONTACT,
    ACTOR_USER,
    KIND_ACTIVITY,
    KIND_INCOMING,
    KIND_OUTGOING,
    STATUS_OPEN,
)
from voxys_frames.emulator.world import World


class LiveActivity:
    """Applies seeded changes to a :class:`World`, on demand or on a timer."""

    def __init__(self, world: World, config: LiveConfig, *, seed: int) -> None:
        self.world = world
        self.config = config
        self._rng = random.Random(f"live/{seed}")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.applied = {"message": 0, "conversation": 0, "status": 0}

    def step(self) -> None:
        """Apply one tick's worth of events."""
        rng = self._rng
        world = self.world
        now = world.clock()
        for _ in range(self.config.events_per_tick):
            roll = rng.random()
            if roll < self.config.new_conversation_share or world.count == 0:
                world.add_conversation(now)
                self.applied["conversation"] += 1
                continue
            # recent conversations are the busy ones
            c = (
                world.count
                - 1
                - min(int(rng.expovariate(1 / max(world.count / 4, 1))), world.count - 1)
            )
            display_id = c + 1
            status_change = (
                roll < self.config.new_conversation_share + self.config.status_change_share
            )
            if status_change and int(world.cols["status"][c]) == STATUS_OPEN:
                sub = rng.choice((A_RESOLVE, A_RESOLVE, A_PENDING, A_SNOOZE))
                world.append_event(display_id, (now, KIND_ACTIVITY, ACTOR_USER, 1, 0, sub, 0))
                self.applied["status"] += 1
                continue
            contact_id = int(world.cols["contact_id"][c])
            if rng.random() < 0.6:
                world.append_event(
                    display_id, (now, KIND_INCOMING, ACTOR_CONTACT, contact_id, 0, 0, 0)
                )
            else:
                world.append_event(display_id, (now, KIND_OUTGOING, ACTOR_USER, 1, 0, 0, 0))
            self.applied["message"] += 1

    def start(self) -> None:
        """Run :meth:`step` every ``config.interval`` seconds in a daemon thread."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="emulator-live", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.config.interval):
            self.step()

    def stop(self) -> None:
        """Stop the thread (if running) and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
