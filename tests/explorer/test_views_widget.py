"""Saved views in the widget: save, list, load (with its sort), delete; errors shown in one line."""

from __future__ import annotations

from pathlib import Path

from tests.explorer.test_widget import table_ids
from voxys_frames.explorer import explore
from voxys_frames.filters import FilterState, load_view, views_path
from voxys_frames.snapshot import write_snapshot
from voxys_frames.tables.frames import Frames


def test_views_in_the_widget(frames: Frames, tmp_path: Path) -> None:
    snapshot = write_snapshot(frames, tmp_path, account_id=1)
    explorer = explore(snapshot)
    explorer.controls.status.value = ("open", "resolved")
    explorer.sort_by.value, explorer.descending.value = "id", True
    explorer.view_name.value = "open & resolved"
    explorer.view_save.click()
    assert "saved view <b>open &amp; resolved</b>" in explorer.view_status.value
    assert load_view(snapshot, "open & resolved") == FilterState(statuses=("open", "resolved"))

    other = explore(snapshot)  # a new explorer lists the view and loads it, sort included
    assert ("open & resolved", "open & resolved") in other.view_choice.options
    other.view_choice.value = "open & resolved"
    assert other.state == FilterState(statuses=("open", "resolved"))
    assert table_ids(other) == [6, 3, 2, 1]
    other.back.click()
    assert other.state.is_empty
    other.view_choice.value = "open & resolved"
    other.view_delete.click()
    assert other.view_choice.options == (("saved views…", None),)

    views_path(snapshot).write_text("{oops")
    explorer.view_save.click()
    assert "views.json: not JSON" in explorer.view_status.value


def test_views_are_off_without_a_snapshot_folder(frames: Frames) -> None:
    explorer = explore(frames)
    assert explorer.view_save.disabled and explorer.view_choice.disabled
    explorer.view_name.value = "x"
    explorer._view_action(explorer.save_view, "x")
    assert "saved views need an explorer opened on a snapshot folder" in explorer.view_status.value
