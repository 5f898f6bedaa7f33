"""Sub-commands of the ``voxys-frames`` command line, one module each.

Every module exposes ``register(subparsers)``, which adds its parser and sets
``handler`` to a function taking the parsed arguments and returning an exit status.

A command module imports only the standard library and light modules
(:mod:`voxys_frames.defaults`, :mod:`voxys_frames.api.params`,
:mod:`voxys_frames.exceptions`) at the top: what its handler needs (polars, httpx,
the emulator, altair) is imported inside the handler, so ``voxys-frames --help`` and a
mistyped argument answer at once.
"""

from __future__ import annotations

from types import ModuleType

from voxys_frames.commands import (
    demo,
    emulator,
    fetch,
    import_raw,
    reconcile,
    report,
    show,
    snapshots,
)

COMMAND_MODULES: tuple[ModuleType, ...] = (
    demo,
    emulator,
    fetch,
    import_raw,
    snapshots,
    show,
    report,
    reconcile,
)
