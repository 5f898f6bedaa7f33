"""One emulated account shared by the report tests (fetched once per session)."""

from __future__ import annotations

import pytest

from tests.reports.emulated import Emulated, emulated
from tests.reports.truth import Truth, all_truths


@pytest.fixture(scope="session")
def account() -> Emulated:
    """250 conversations with histories, listings and reporting events."""
    return emulated(250, seed=11)


@pytest.fixture(scope="session")
def truths(account: Emulated) -> list[Truth]:
    """Ground truth of every conversation of :func:`account`."""
    return all_truths(account.world)
