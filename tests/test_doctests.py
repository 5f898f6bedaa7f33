"""Every module's docstring examples run as tests (a new module is picked up by itself)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import voxys_frames

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(voxys_frames.__path__, prefix="voxys_frames.")
)


def test_modules_are_found() -> None:
    assert "voxys_frames.emulator.world" in MODULES
    assert "voxys_frames.convert.pages" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
