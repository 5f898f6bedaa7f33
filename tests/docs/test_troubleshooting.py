"""docs/troubleshooting.md has a section for every error class the package raises."""

from __future__ import annotations

import inspect
from pathlib import Path

from voxys_frames import exceptions

ROOT = Path(__file__).resolve().parents[2]


def test_every_error_class_is_explained() -> None:
    page = (ROOT / "docs" / "troubleshooting.md").read_text(encoding="utf-8")
    classes = [
        name
        for name, obj in vars(exceptions).items()
        if inspect.isclass(obj)
        and issubclass(obj, exceptions.VoxysError)
        and obj is not exceptions.VoxysError
    ]
    assert len(classes) >= 9
    missing = [name for name in classes if f"`{name}`" not in page]
    assert not missing, f"docs/troubleshooting.md does not explain {missing}"
