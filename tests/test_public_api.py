"""The public surface: one sorted ``__all__`` that matches what the package exports."""

from __future__ import annotations

import importlib

import pytest

import voxys_frames


def test_all_is_sorted_and_complete() -> None:
    names = voxys_frames.__all__
    assert len(names) == len(set(names)), "no name twice (ruff's RUF022 keeps the order)"
    assert set(voxys_frames._EXPORTS) == set(names) - {"__version__"}


@pytest.mark.parametrize("name", sorted(voxys_frames._EXPORTS))
def test_lazy_names_resolve_to_the_real_objects(name: str) -> None:
    module = importlib.import_module(voxys_frames._EXPORTS[name])
    assert getattr(voxys_frames, name) is getattr(module, name)
    assert name in dir(voxys_frames)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = voxys_frames.nope  # type: ignore[attr-defined]


def test_every_export_has_a_docstring() -> None:
    for name in voxys_frames.__all__:
        value = getattr(voxys_frames, name)
        if callable(value):
            assert value.__doc__, f"{name} has no docstring"
