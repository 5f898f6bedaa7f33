"""Notebook cells under nbval: cells tagged ``spark`` carry the ``spark`` marker.

``VOXYS_FRAMES_SKIP=spark`` then skips them locally like the other Spark tests, with the
rule of tests/conftest.py (refused under CI), also when only the notebooks are collected.
"""

from __future__ import annotations

import pytest

from tests.conftest import _skipped_markers


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skipped = _skipped_markers()
    for item in items:
        cell = getattr(item, "cell", None)
        tags = cell.get("metadata", {}).get("tags", []) if cell is not None else []
        if "spark" in tags:
            item.add_marker(pytest.mark.spark)
            if "spark" in skipped:
                item.add_marker(pytest.mark.skip(reason="VOXYS_FRAMES_SKIP=spark"))
