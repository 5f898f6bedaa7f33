"""Topics of an emulated account against the emulator's contact reasons (its ground truth).

Measured on 400 conversations (seeds 5, 11, 13): adjusted mutual information 0.63-0.68,
majority share 0.70-0.78. The floors below leave room for changes of the seeded text,
not for a broken representation (which scores near 0, see the shuffled control).
"""

from __future__ import annotations

import random

import pytest

from tests.reports.emulated import Emulated, emulated
from voxys_frames.topics import find_topics, topic_agreement


@pytest.fixture(scope="module")
def account() -> Emulated:
    return emulated(400, seed=5, reporting_events=False)


def test_topics_agree_with_the_contact_reasons(account: Emulated) -> None:
    truth = account.world.contact_reasons()
    found = find_topics(account.frames, n_topics=8, seed=0)
    agreement = topic_agreement(found, truth)
    assert agreement.conversations == 400
    assert agreement.adjusted_mutual_information > 0.45
    assert agreement.majority_share > 0.55
    shuffled = dict(
        zip(truth, random.Random(1).sample(list(truth.values()), len(truth)), strict=True)
    )
    assert topic_agreement(found, shuffled).adjusted_mutual_information < 0.1
    assert (found.topics.filter(found.topics["topic_id"] >= 0)["terms"].list.len() > 0).all()
