"""The explorer notebook in JupyterLab, driven in Debian's Chromium by Playwright.

A copy of ``notebooks/02_explore.ipynb`` runs in a temporary folder: it starts the
emulator (whose seeded data holds ``<script>`` and ``<img onerror>`` messages),
fetches a snapshot and shows the explorer. The test then changes filters in the page,
checks the counts and table against the reference selection computed here from the
same snapshot, opens a hostile thread and checks its text is shown, not run. Then it
searches, clicks a chart mark through to a thread, saves the filters as a view, goes
back and loads the view again, and opens the Summary tab. The screenshot is kept in the test's tmp folder and copied to ``test-artifacts/``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.jupyter import KERNEL_READY_JS, Lab, jupyter_lab
from voxys_frames.filters import FilterState, load_view, select
from voxys_frames.snapshot import latest_snapshot, load_snapshot

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "02_explore.ipynb"
ARTIFACTS = REPO / "test-artifacts"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    with jupyter_lab(root, tmp_path / "state") as running:
        yield running


def loopback_only(page: Page, base_url: str) -> list[str]:
    """Abort every request not aimed at the Lab server; returns what was blocked."""
    blocked: list[str] = []

    def handle(route: Route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def expected(snapshot: Path, state: FilterState) -> tuple[int, int, list[int]]:
    """Counts and conversation ids of ``state`` by the reference selection."""
    frames = load_snapshot(snapshot)
    chosen, matching = select(frames.conversations, frames.messages, state)
    ids = chosen.sort(
        "last_activity_at", "account_id", "id", descending=[True, False, False]
    ).collect()["id"]
    return ids.len(), matching.collect().height, ids.to_list()


def keep(shot: Path) -> None:
    """Copy screenshot ``shot`` (if taken) to ``test-artifacts/``."""
    ARTIFACTS.mkdir(exist_ok=True)
    if shot.exists():
        shutil.copy(shot, ARTIFACTS / shot.name)


def counts_text(conversations: int, total: int, messages: int) -> str:
    return f"{conversations:,} of {total:,} conversations · {messages:,} messages"


def run_all(page: Page, lab: Lab, notebook: str = NOTEBOOK.name) -> None:
    page.goto(lab.url(notebook))
    page.wait_for_function(KERNEL_READY_JS, timeout=90_000, polling=200)
    page.wait_for_timeout(500)  # let a kernel swap surface
    page.wait_for_function(KERNEL_READY_JS, timeout=90_000, polling=200)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


@pytest.mark.slow
def test_explorer_in_jupyterlab(lab: Lab, browser: Browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    blocked = loopback_only(page, lab.base_url)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    shot = tmp_path / "explorer.png"
    started = time.monotonic()
    try:
        run_all(page, lab)
        counts = page.locator(".jp-OutputArea .vx-counts")
        table = page.locator(".jp-OutputArea .vx-table")
        expect(counts).to_contain_text("of", timeout=120_000)  # the fetch runs first
        snapshot = latest_snapshot(tmp_path / "notebooks" / "data" / "snapshots")
        total, messages, _ = expected(snapshot, FilterState())
        expect(counts).to_contain_text(counts_text(total, total, messages))

        # a list filter: status resolved
        resolved = FilterState(statuses=("resolved",))
        n, m, resolved_ids = expected(snapshot, resolved)
        status = page.locator(".jp-OutputArea .vx-status select")
        label = next(
            o
            for o in status.locator("option").all_inner_texts()
            if o.replace("\xa0", " ").startswith("resolved (")  # ipywidgets shows spaces as nbsp
        )
        status.select_option(label=label)
        expect(counts).to_contain_text(counts_text(n, total, m), timeout=30_000)
        expect(table.locator("tbody tr").first).to_contain_text(f"#{resolved_ids[0]}")
        status.select_option([])
        expect(counts).to_contain_text(counts_text(total, total, messages), timeout=30_000)

        # a text filter on hostile content
        hostile = FilterState(text=SCRIPT)
        n, m, hostile_ids = expected(snapshot, hostile)
        assert n > 0, "the emulator's data holds <script> messages"
        text = page.locator(".jp-OutputArea .vx-text input")
        text.fill(SCRIPT)
        text.press("Enter")
        expect(counts).to_contain_text(counts_text(n, total, m), timeout=30_000)
        expect(table.locator("tbody tr")).to_have_count(n)
        expect(table.locator("tbody tr").first).to_contain_text(f"#{hostile_ids[0]}")

        # open its thread: the text shows, nothing runs
        page.locator(".jp-OutputArea .vx-open select").select_option(index=1)
        thread = page.locator(".jp-OutputArea .vx-thread")
        expect(thread).to_be_visible(timeout=30_000)
        expect(thread).to_contain_text(SCRIPT)
        expect(thread).to_contain_text(f"#{hostile_ids[0]}")
        assert thread.locator("script").count() == 0
        assert page.locator(".jp-OutputArea img[onerror]").count() == 0

        page.locator(".jp-OutputArea .vx-tabs .lm-TabBar-tab", has_text="Results").click()
        text.fill("onerror")
        text.press("Enter")
        n, m, img_ids = expected(snapshot, FilterState(text="onerror"))
        expect(counts).to_contain_text(counts_text(n, total, m), timeout=30_000)
        page.locator(".jp-OutputArea .vx-open select").select_option(index=1)
        expect(thread).to_contain_text(f"#{img_ids[0]}", timeout=30_000)
        expect(thread).to_contain_text(IMG)
        assert page.locator(".jp-OutputArea img[onerror]").count() == 0

        # a search, then a chart mark clicked through to a thread
        def tab(name: str) -> None:
            page.locator(".jp-OutputArea .vx-tabs .lm-TabBar-tab", has_text=name).click()

        tab("Results")
        search = FilterState(text="refund")
        search_n, search_m, _ = expected(snapshot, search)
        assert search_n > 0, "the emulator's data speaks of refunds"
        text.fill(search.text)
        text.press("Enter")
        expect(counts).to_contain_text(counts_text(search_n, total, search_m), timeout=30_000)
        tab("Charts")
        mark = page.locator(".jp-OutputArea .vx-mark-labels").first
        expect(mark).to_be_visible(timeout=30_000)
        label, _, shown = (mark.get_attribute("title") or "").rpartition(": ")
        drilled = search.replace(labels=(label,), labels_match="all")
        n, m, drilled_ids = expected(snapshot, drilled)
        assert shown == f"{n:,} conversations"  # the mark counts what the click selects
        mark.click()
        expect(counts).to_contain_text(counts_text(n, total, m), timeout=30_000)
        expect(table.locator("tbody tr").first).to_contain_text(f"#{drilled_ids[0]}")
        # the list may still show the previous page for a moment: wait for this page's
        opener = page.locator(".jp-OutputArea .vx-open select")
        expect(opener.locator("option")).to_have_count(min(n, 25) + 1, timeout=30_000)
        expect(opener.locator("option").nth(1)).to_have_text(f"#{drilled_ids[0]}")
        opener.select_option(label=f"#{drilled_ids[0]}")
        expect(thread).to_contain_text(f"#{drilled_ids[0]}", timeout=30_000)

        # save the drilled filters as a view, go back, load the view again
        page.locator(".jp-OutputArea .vx-view-name input").fill("refund drill")
        page.locator(".jp-OutputArea .vx-view-save").click()
        status = page.locator(".jp-OutputArea .vx-view-status")
        expect(status).to_contain_text("saved view refund drill", timeout=30_000)
        assert load_view(snapshot, "refund drill") == drilled
        page.locator(".jp-OutputArea .vx-back").click()
        expect(counts).to_contain_text(counts_text(search_n, total, search_m), timeout=30_000)
        page.locator(".jp-OutputArea .vx-views select").select_option(label="refund drill")
        expect(counts).to_contain_text(counts_text(n, total, m), timeout=30_000)
        tab("Summary")
        expect(page.locator(".jp-OutputArea .vx-summary").first).to_contain_text("status")
        tab("Thread")

        assert dialogs == [], f"a script ran: {dialogs}"
        assert blocked == [], f"the page asked for outside resources: {blocked}"

        thread.scroll_into_view_if_needed()
        page.screenshot(path=str(shot))
    except BaseException:
        page.screenshot(path=str(tmp_path / "explorer-failure.png"))
        print(lab.log.read_text(errors="replace")[-4000:])
        shot = tmp_path / "explorer-failure.png"
        raise
    finally:
        keep(shot)
        page.close()
    print(f"\nexplorer in JupyterLab: {time.monotonic() - started:.1f} s")
