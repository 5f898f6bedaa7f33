"""Topics in the explorer, in JupyterLab, driven in Debian's Chromium by Playwright.

A notebook written here opens the explorer on a copy of the sample snapshot with
``topics=find_topics(...)``. The test clicks the biggest "Top topics" bar: its tooltip,
the counts line, the Topic list and the table must agree with ``select()`` on the
same snapshot and the same topics; the opened thread's header names the topic; Back
returns to everything.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import polars as pl
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.jupyter import Lab, jupyter_lab
from tests.e2e.test_explorer_browser import counts_text, keep, loopback_only, run_all
from voxys_frames.filters import FilterState, select
from voxys_frames.snapshot import latest_snapshot, load_snapshot
from voxys_frames.topics import find_topics

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = "topics_explorer.ipynb"
N_TOPICS = 6


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    copied = tmp_path / "notebooks" / "sample"
    shutil.copytree(REPO / "data" / "sample", copied)
    return latest_snapshot(copied)


@pytest.fixture
def lab(tmp_path: Path, snapshot: Path) -> Iterator[Lab]:
    code = (
        "from voxys_frames import find_topics, load_snapshot\n"
        "from voxys_frames.explorer import explore\n\n"
        f"snapshot = {str(snapshot)!r}\n"
        f"found = find_topics(load_snapshot(snapshot), n_topics={N_TOPICS}, seed=0)\n"
        "explore(snapshot, topics=found)"
    )
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code)],
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
    )
    nbformat.write(notebook, tmp_path / "notebooks" / NOTEBOOK)
    with jupyter_lab(tmp_path / "notebooks", tmp_path / "state") as running:
        yield running


@pytest.mark.slow
def test_topic_chart_drills_down_in_jupyterlab(
    lab: Lab, browser: Browser, snapshot: Path, tmp_path: Path
) -> None:
    frames = load_snapshot(snapshot)
    linked = {
        "conversation_topics": find_topics(frames, n_topics=N_TOPICS, seed=0).conversation_topics()
    }

    def expected(state: FilterState) -> tuple[int, int, list[int]]:
        chosen, matching = select(frames.conversations, frames.messages, state, linked=linked)
        ids = chosen.sort("last_activity_at", "account_id", "id", descending=[True, False, False])
        return ids.collect().height, matching.collect().height, ids.collect()["id"].to_list()

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    blocked = loopback_only(page, lab.base_url)
    shot = tmp_path / "explorer-topics.png"
    try:
        run_all(page, lab, NOTEBOOK)
        counts = page.locator(".jp-OutputArea .vx-counts")
        total, messages, _ = expected(FilterState())
        expect(counts).to_contain_text(counts_text(total, total, messages), timeout=120_000)
        topic_list = page.locator(".jp-OutputArea .vx-topic select")
        named = linked["conversation_topics"].select(pl.col("topic").n_unique()).item()
        expect(topic_list.locator("option")).to_have_count(named)

        page.locator(".jp-OutputArea .vx-tabs .lm-TabBar-tab", has_text="Charts").click()
        mark = page.locator(".jp-OutputArea .vx-mark-topics").first
        expect(mark).to_be_visible(timeout=30_000)
        topic, _, shown = (mark.get_attribute("title") or "").rpartition(": ")
        n, m, ids = expected(FilterState(topics=(topic,)))
        assert 0 < n < total
        assert shown == f"{n:,} conversations"  # the bar counts what the click selects
        mark.click()
        expect(counts).to_contain_text(counts_text(n, total, m), timeout=30_000)
        expect(page.locator(".jp-OutputArea .vx-table tbody tr").first).to_contain_text(
            f"#{ids[0]}"
        )
        assert topic_list.evaluate("s => s.selectedOptions.length") == 1
        assert (
            topic_list.locator("option:checked").inner_text().replace("\xa0", " ").startswith(topic)
        )

        opener = page.locator(".jp-OutputArea .vx-open select")
        expect(opener.locator("option").nth(1)).to_have_text(f"#{ids[0]}", timeout=30_000)
        opener.select_option(label=f"#{ids[0]}")
        thread = page.locator(".jp-OutputArea .vx-thread")
        expect(thread).to_contain_text(f"topic: {topic}", timeout=30_000)

        page.locator(".jp-OutputArea .vx-back").click()
        expect(counts).to_contain_text(counts_text(total, total, messages), timeout=30_000)
        assert topic_list.evaluate("s => s.selectedOptions.length") == 0
        assert blocked == [], f"the page asked for outside resources: {blocked}"
        page.screenshot(path=str(shot))
    except BaseException:
        shot = tmp_path / "explorer-topics-failure.png"
        page.screenshot(path=str(shot))
        print(lab.log.read_text(errors="replace")[-4000:])
        raise
    finally:
        keep(shot)
        page.close()
