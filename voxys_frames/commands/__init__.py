"""Sub-commands of the ``voxys-frames`` command line, one module each.

Every module exposes ``register(subparsers)``, which adds its parser and sets
``handler`` to a function taking the parsed arguments and returning an exit status.
"""

from __future__ import annotations

from types import ModuleType

from voxys_frames.commands import demo, emulator, fetch, import_raw, report, show, snapshots

COMMAND_MODULES: tuple[ModuleType, ...] = (
    demo,
    emulator,
    fetch,
    import_raw,
    snapshots,
    show,
    report,
)
