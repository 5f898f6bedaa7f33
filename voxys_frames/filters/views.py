"""Saved views: named filter states (and a sort) kept in ``views.json`` beside the snapshots.

The file sits in the folder that holds the snapshot directories, so a view saved on one
snapshot applies to the next fetch too::

    {"format": "voxys-frames-views", "format_version": 1,
     "views": {"open vip": {"filters": {...FilterState.to_dict()...},
                            "sort_by": "last_activity_at", "descending": true,
                            "saved_at": "2025-03-01T09:15:30Z"}}}

Writes are atomic (a temporary file in the same folder, then a rename); fields this
version does not know are kept. A bad file raises :class:`ViewsError` in one line that
names the file and the field.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> snapshot = Path(tempfile.mkdtemp()) / "20250301T091530123456Z-1a2b3c"
>>> save_view(snapshot, "open", FilterState(statuses=("open",)), sort_by="id", descending=False)
>>> load_view(snapshot, "open")
FilterState(statuses=('open',), ...)
>>> sorted(read_views(snapshot)), views_path(snapshot).name
(['open'], 'views.json')
>>> load_view(snapshot, "closed")
Traceback (most recent call last):
...
voxys_frames.filters.views.ViewsError: no view named 'closed' in .../views.json (views: open)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import orjson

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters.state import FilterState

FORMAT: Final = "voxys-frames-views"
FORMAT_VERSION: Final = 1
FILE_NAME: Final = "views.json"


class ViewsError(ConfigurationError):
    """A views file that cannot be read, or a view that is not in it."""


@dataclass(frozen=True)
class View:
    """One saved view: filters, sort, and any fields a newer version wrote (kept)."""

    name: str
    state: FilterState
    sort_by: str = "last_activity_at"
    descending: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The view as stored (without its name, which is its key)."""
        return {
            **self.extra,
            "filters": self.state.to_dict(),
            "sort_by": self.sort_by,
            "descending": self.descending,
        }


def views_path(snapshot: str | Path) -> Path:
    """The views file of ``snapshot``: ``views.json`` in the folder that holds it.

    >>> views_path("data/snapshots/20250301T091530123456Z-1a2b3c").as_posix()
    'data/snapshots/views.json'
    """
    text = str(snapshot)
    if "://" in text:
        msg = f"saved views need a local snapshot folder, got {text}"
        raise ViewsError(msg)
    return Path(snapshot).parent / FILE_NAME


def _bad(path: Path, where: str, problem: object) -> ViewsError:
    return ViewsError(f"{path}: {where}: {problem}")


def _document(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "views": {}}
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise _bad(path, "not JSON", exc) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(path, "format", f"expected {FORMAT!r}")
    if data.get("format_version") != FORMAT_VERSION:
        raise _bad(
            path, "format_version", f"expected {FORMAT_VERSION}, got {data.get('format_version')!r}"
        )
    if not isinstance(data.get("views"), dict):
        raise _bad(path, "views", "expected an object of named views")
    return data


def _view(path: Path, name: str, data: object) -> View:
    where = f"views.{name}"
    if not isinstance(data, dict):
        raise _bad(path, where, "expected an object")
    known = {"filters", "sort_by", "descending"}
    try:
        state = FilterState.from_dict(data.get("filters") or {})
    except (ConfigurationError, TypeError) as exc:
        raise _bad(path, f"{where}.filters", exc) from exc
    sort_by = data.get("sort_by", "last_activity_at")
    if not isinstance(sort_by, str):
        raise _bad(path, f"{where}.sort_by", f"expected a column name, got {sort_by!r}")
    descending = data.get("descending", True)
    if not isinstance(descending, bool):
        raise _bad(path, f"{where}.descending", f"expected true or false, got {descending!r}")
    extra = {k: v for k, v in data.items() if k not in known}
    return View(name, state, sort_by, descending, extra)


def read_views(snapshot: str | Path) -> dict[str, View]:
    """Every view saved beside ``snapshot``, by name (none: an empty dict)."""
    path = views_path(snapshot)
    return {name: _view(path, name, data) for name, data in _document(path)["views"].items()}


def load_view(snapshot: str | Path, name: str) -> FilterState:
    """The filters of the view ``name`` saved beside ``snapshot``."""
    views = read_views(snapshot)
    if name not in views:
        path = views_path(snapshot)
        msg = f"no view named {name!r} in {path} (views: {', '.join(sorted(views)) or 'none'})"
        raise ViewsError(msg)
    return views[name].state


def _write(path: Path, document: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".views-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(orjson.dumps(document, option=orjson.OPT_INDENT_2))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_view(
    snapshot: str | Path,
    name: str,
    state: FilterState,
    *,
    sort_by: str = "last_activity_at",
    descending: bool = True,
) -> None:
    """Save (or replace) the view ``name`` beside ``snapshot``."""
    if not name.strip():
        msg = "a view needs a name"
        raise ViewsError(msg)
    path = views_path(snapshot)
    document = _document(path)
    old = document["views"].get(name)
    extra = (
        {k: v for k, v in old.items() if k not in ("filters", "sort_by", "descending")}
        if isinstance(old, dict)
        else {}
    )
    extra["saved_at"] = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    view = View(name, state, sort_by, descending, extra)
    document["views"][name] = view.to_dict()
    _write(path, document)


def delete_view(snapshot: str | Path, name: str) -> None:
    """Remove the view ``name`` (absent: ViewsError)."""
    path = views_path(snapshot)
    document = _document(path)
    if name not in document["views"]:
        msg = f"no view named {name!r} in {path}"
        raise ViewsError(msg)
    del document["views"][name]
    _write(path, document)
