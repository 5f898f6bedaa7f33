"""The public surface: one sorted ``__all__`` that matches what the package exports."""

from __future__ import annotations

import types

import pytest

import voxys_frames


def test_all_is_sorted_and_complete() -> None:
    names = voxys_frames.__all__
    assert len(names) == len(set(names)), "no name twice (ruff's RUF022 keeps the order)"
    public = {
        name
        for name, value in vars(voxys_frames).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public | set(voxys_frames._LAZY) == set(names) - {"__version__"}


def test_lazy_names_resolve_to_the_real_objects() -> None:
    from voxys_frames.explorer import Explorer, explore

    assert voxys_frames.explore is explore
    assert voxys_frames.Explorer is Explorer
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = voxys_frames.nope  # type: ignore[attr-defined]


def test_every_export_has_a_docstring() -> None:
    for name in voxys_frames.__all__:
        value = getattr(voxys_frames, name)
        if callable(value):
            assert value.__doc__, f"{name} has no docstring"
