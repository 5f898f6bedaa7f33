"""A Chatwoot-compatible API server with seeded, realistic and awkward data.

The demo, the notebooks, the tests and the benchmarks all run against it.

Examples
--------
>>> from voxys_frames.emulator import Emulator, EmulatorConfig
>>> emu = Emulator(EmulatorConfig(seed=7, conversations=30))
>>> emu.world.count
30
>>> SECRET_MARKER
'SECRET-'
"""

from voxys_frames.emulator.config import DEFAULT_NOW, EmulatorConfig, FaultConfig, LiveConfig
from voxys_frames.emulator.inboxes import SECRET_MARKER
from voxys_frames.emulator.server import Emulator, ServerInfo, free_port

__all__ = [
    "DEFAULT_NOW",
    "SECRET_MARKER",
    "Emulator",
    "EmulatorConfig",
    "FaultConfig",
    "LiveConfig",
    "ServerInfo",
    "free_port",
]
