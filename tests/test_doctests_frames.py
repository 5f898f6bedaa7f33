"""The docstring examples of the frames and snapshot modules run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "voxys_frames.attributes",
    "voxys_frames.builder",
    "voxys_frames.completeness",
    "voxys_frames.dedupe",
    "voxys_frames.entities",
    "voxys_frames.extract",
    "voxys_frames.frames",
    "voxys_frames.jsontext",
    "voxys_frames.rawarchive",
    "voxys_frames.schema",
    "voxys_frames.snapshot",
    "voxys_frames.snapshot.diff",
    "voxys_frames.snapshot.manifest",
    "voxys_frames.snapshot.reader",
    "voxys_frames.snapshot.writer",
    "voxys_frames.timestamps",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
