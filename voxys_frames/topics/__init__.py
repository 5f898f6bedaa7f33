"""What customers contact you about: topics from the customers' own words.

Every conversation gets a topic from its customer's incoming messages, in any
language (CJK and Thai are cut into character bigrams, so nothing is downloaded);
each topic is named by its most telling words and phrases, with its size,
example conversations, weekly trend and split by inbox, label and channel.
:func:`topic_metrics` joins topics to the per-conversation metrics.

Examples
--------
>>> from voxys_frames.topics._examples import example_frames
>>> found = find_topics(example_frames(), n_topics=2, seed=0)
>>> found.topics.select("topic", "conversations", "examples").rows()
[('refund, money back, arrived', 3, [3, 2, 1]), ('cannot log, password reset, work', 3, [5, 4, 6])]
"""

from voxys_frames.topics.conversations import Topics, customer_texts, find_topics
from voxys_frames.topics.metrics import topic_chart, topic_metrics, topic_trend_chart
from voxys_frames.topics.model import Embed, TextTopics, cluster_texts
from voxys_frames.topics.quality import Agreement, topic_agreement
from voxys_frames.topics.tokens import tokens

__all__ = [
    "Agreement",
    "Embed",
    "TextTopics",
    "Topics",
    "cluster_texts",
    "customer_texts",
    "find_topics",
    "tokens",
    "topic_agreement",
    "topic_chart",
    "topic_metrics",
    "topic_trend_chart",
]
