"""Optional dependencies (extras): import them, or say how to install them.

``pip install voxys-frames`` brings everything an analyst uses: the client and
``fetch``, frames, snapshots, the explorer and the reports. What only some people
need is an extra, imported when it is used:

* ``emulator``: ``uvicorn``, to serve the bundled emulator on a port
  (``voxys-frames emulator``, ``voxys-frames demo``, ``Emulator.serve()``); the
  emulator in-process (``Emulator.transport()``) needs no extra.

When an extra is missing, :func:`require` raises
:class:`~voxys_frames.exceptions.MissingDependencyError` (an ``ImportError``) whose
message is the command that installs it.

Examples
--------
>>> require("json", extra="none", feature="reading JSON").__name__
'json'
>>> require("not_installed_here", extra="emulator", feature="serving the emulator")
Traceback (most recent call last):
...
voxys_frames.exceptions.MissingDependencyError: serving the emulator needs the 'emulator' extra (not_installed_here is not installed): pip install 'voxys-frames[emulator]'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from voxys_frames.exceptions import MissingDependencyError

__all__ = ["require"]


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import ``module``; if it is not installed, say which extra of voxys-frames adds it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is None or module.split(".")[0] != exc.name.split(".")[0]:
            raise  # the module is there but something it imports is not: a real error
        msg = (
            f"{feature} needs the {extra!r} extra ({module} is not installed):"
            f" pip install 'voxys-frames[{extra}]'"
        )
        raise MissingDependencyError(msg) from None
