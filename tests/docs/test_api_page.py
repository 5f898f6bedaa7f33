"""docs/api.md documents exactly ``voxys_frames.__all__``, and every public function and
class carries a runnable example in its own docstring (run by tests/test_doctests.py)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

import voxys_frames

ROOT = Path(__file__).resolve().parents[2]
BEYOND = "## Beyond the package root"


NAMES = sorted(set(voxys_frames.__all__) - {"__version__"})


def resolve(path: str) -> object:
    """The object a ``::: dotted.path`` directive renders."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            value = getattr(value, attribute)
        return value
    raise LookupError(path)


def root_names_of(value: object, path: str) -> set[str]:
    """The names of ``__all__`` a directive documents: a module's members, or the object."""
    if isinstance(value, ModuleType):
        return {name for name in NAMES if getattr(value, name, None) is getattr(voxys_frames, name)}
    name = path.rsplit(".", 1)[-1]
    assert name in NAMES, f"docs/api.md documents {path} above {BEYOND!r}: not in __all__"
    assert getattr(voxys_frames, name) is value, f"{path} is not voxys_frames.{name}"
    return {name}


def test_the_api_page_documents_exactly_the_public_names() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert BEYOND in page
    directives = re.findall(r"^::: (\S+)$", page.split(BEYOND)[0], flags=re.MULTILINE)
    documented: list[str] = []
    for path in directives:
        documented += sorted(root_names_of(resolve(path), path))
    assert len(documented) == len(set(documented)), "a name documented twice"
    assert set(documented) == set(NAMES), (
        f"missing: {sorted(set(NAMES) - set(documented))}; "
        f"not public: {sorted(set(documented) - set(NAMES))}"
    )


def own_examples(value: object) -> int:
    """How many doctest examples the object's own docstring holds (not its members')."""
    tests = doctest.DocTestFinder(recurse=False).find(value, getattr(value, "__name__", "x"))
    return sum(len(test.examples) for test in tests)


@pytest.mark.parametrize(
    "name",
    [
        name
        for name in NAMES
        if inspect.isclass(getattr(voxys_frames, name))
        or inspect.isfunction(getattr(voxys_frames, name))
    ],
)
def test_every_public_function_and_class_has_an_example(name: str) -> None:
    value = getattr(voxys_frames, name)
    assert own_examples(value) > 0, f"voxys_frames.{name} has no example in its docstring"
    defined_in = importlib.import_module(value.__module__)
    finder = doctest.DocTestFinder()
    run = {test.name for test in finder.find(defined_in)}
    assert f"{value.__module__}.{value.__qualname__}" in run, "the doctest suite runs it"
