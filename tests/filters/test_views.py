"""Saved views: written atomically beside the snapshots, read back, bad files named clearly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest

from voxys_frames.filters import (
    AttributeFilter,
    FilterState,
    ViewsError,
    delete_view,
    load_view,
    read_views,
    save_view,
    views_path,
)

STATE = FilterState(
    statuses=("open",),
    date_from=date(2025, 1, 1),
    attributes=(AttributeFilter("plan", "equals", "pro"), AttributeFilter("vip", "present")),
    csat_ratings=(1, 2),
)


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return tmp_path / "snapshots" / "20250301T091530123456Z-1a2b3c"


def test_save_load_replace_delete(snapshot: Path) -> None:
    save_view(snapshot, "low csat", STATE, sort_by="id", descending=False)
    save_view(snapshot, "all", FilterState())
    assert views_path(snapshot) == snapshot.parent / "views.json"
    assert load_view(snapshot, "low csat") == STATE
    view = read_views(snapshot)["low csat"]
    assert (view.sort_by, view.descending) == ("id", False)
    save_view(snapshot, "low csat", FilterState(csat_ratings=(1,)))
    assert load_view(snapshot, "low csat") == FilterState(csat_ratings=(1,))
    delete_view(snapshot, "all")
    assert sorted(read_views(snapshot)) == ["low csat"]
    assert [p.name for p in snapshot.parent.iterdir()] == ["views.json"]  # no temporary left
    with pytest.raises(ViewsError, match="no view named 'all'"):
        delete_view(snapshot, "all")


def test_unknown_fields_are_kept(snapshot: Path) -> None:
    save_view(snapshot, "v", STATE)
    path = views_path(snapshot)
    document = orjson.loads(path.read_bytes())
    document["owner"] = "ann"
    document["views"]["v"]["colour"] = "red"
    path.write_bytes(orjson.dumps(document))
    save_view(snapshot, "v", FilterState())
    save_view(snapshot, "w", FilterState())
    again = orjson.loads(path.read_bytes())
    assert again["owner"] == "ann" and again["views"]["v"]["colour"] == "red"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "views.json: not JSON"),
        (b'{"format": "other"}', "views.json: format: expected 'voxys-frames-views'"),
        (
            b'{"format": "voxys-frames-views", "format_version": 1, "views": []}',
            "views.json: views: expected an object",
        ),
        (
            b'{"format": "voxys-frames-views", "format_version": 1, "views": {"v": {"filters": {"statuses": ["open"], "colour": 1}}}}',
            "views.json: views.v.filters: FilterState: unknown fields colour",
        ),
        (
            b'{"format": "voxys-frames-views", "format_version": 1, "views": {"v": {"filters": {"csat_ratings": [9]}}}}',
            "views.json: views.v.filters: FilterState.csat_ratings: expected ratings 1 to 5",
        ),
        (
            b'{"format": "voxys-frames-views", "format_version": 1, "views": {"v": {"descending": "yes"}}}',
            "views.json: views.v.descending: expected true or false",
        ),
    ],
)
def test_bad_files_name_the_file_and_the_field(
    snapshot: Path, content: bytes, message: str
) -> None:
    path = views_path(snapshot)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(ViewsError, match=message) as caught:
        read_views(snapshot)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    try:
        save_view(snapshot, "x", FilterState())
    except ViewsError:  # a file it cannot read is never overwritten
        assert path.read_bytes() == content
    else:  # a bad view inside a good file is kept as it was
        assert orjson.loads(path.read_bytes())["views"]["v"] == orjson.loads(content)["views"]["v"]


def test_remote_snapshots_and_empty_names_are_refused(snapshot: Path) -> None:
    with pytest.raises(ViewsError, match="need a local snapshot folder"):
        views_path("s3://bucket/snapshots/x")
    with pytest.raises(ViewsError, match="needs a name"):
        save_view(snapshot, " ", FilterState())
