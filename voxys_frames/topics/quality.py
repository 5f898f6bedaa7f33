"""How well topics agree with known reasons (labels, a reviewer's tags, an emulator's truth).

Examples
--------
>>> from voxys_frames.topics import find_topics
>>> from voxys_frames.topics._examples import example_frames
>>> found = find_topics(example_frames(), n_topics=2)
>>> truth = {1: "refund", 2: "refund", 3: "refund", 4: "login", 5: "login", 6: "login"}
>>> topic_agreement(found, truth)
Agreement(adjusted_mutual_information=1.0, majority_share=1.0, conversations=6)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sklearn.metrics import adjusted_mutual_info_score

from voxys_frames.topics.conversations import Topics


@dataclass(frozen=True)
class Agreement:
    """``adjusted_mutual_information``: 1 for the same partition, about 0 for chance;
    ``majority_share``: the share of conversations whose topic's most common reason
    is their own; both over the ``conversations`` that have a known reason."""

    adjusted_mutual_information: float
    majority_share: float
    conversations: int


def topic_agreement(topics: Topics, reasons: Mapping[int, str]) -> Agreement:
    """Compare the topics of ``topics`` with ``reasons`` (conversation id -> reason)."""
    pairs = [
        (reasons[conversation], topic)
        for conversation, topic in topics.assignments.select("conversation_id", "topic_id").rows()
        if conversation in reasons
    ]
    if not pairs:
        return Agreement(0.0, 0.0, 0)
    known = [reason for reason, _ in pairs]
    found = [topic for _, topic in pairs]
    by_topic: dict[int, Counter[str]] = {}
    for reason, topic in pairs:
        by_topic.setdefault(topic, Counter())[reason] += 1
    majority = {topic: counts.most_common(1)[0][0] for topic, counts in by_topic.items()}
    own = sum(majority[topic] == reason for reason, topic in pairs)
    return Agreement(
        adjusted_mutual_information=round(float(adjusted_mutual_info_score(known, found)), 6),
        majority_share=round(own / len(pairs), 6),
        conversations=len(pairs),
    )
