"""Topics on small hand-written corpora (English, CJK, right-to-left) and on frames."""

from __future__ import annotations

from collections import Counter

import numpy as np
import polars as pl
import pytest

from voxys_frames.topics import cluster_texts, customer_texts, find_topics, tokens
from voxys_frames.topics._examples import example_frames

ENGLISH = {
    "refund": [
        "I want a refund, the item arrived broken",
        "Please refund my money, order 4412",
        "refund still not on my card, money back please",
        "Where is my refund? I returned the item",
    ],
    "login": [
        "I cannot log in, password reset link expired",
        "cannot log in since yesterday, password wrong",
        "Password reset email never arrives, cannot log in",
        "locked out: cannot log in to my account",
    ],
    "delivery": [
        "My parcel has not been delivered, tracking stuck",
        "parcel delivery late, tracking shows nothing",
        "The courier lost my parcel, tracking says delivered",
        "Parcel tracking not updated for a week",
    ],
}

CJK = {
    "refund_zh": ["我要申请退款", "退款什么时候到账", "请尽快退款给我", "申请退款三天了"],
    "login_zh": ["无法登录账户", "登录密码错误无法登录", "账户登录不了", "我的账户无法登录了"],
    "refund_ja": [
        "返金をお願いします",
        "返金はいつですか",
        "返金がまだです",
        "早く返金してください",
    ],
}

RTL = {
    "refund_he": [
        "אני רוצה החזר כספי",
        "מתי יגיע החזר כספי",
        "החזר כספי בבקשה",
        "עדיין אין החזר כספי",
    ],
    "login_he": [
        "לא מצליח להתחבר לחשבון",
        "הסיסמה לא עובדת להתחבר",
        "לא מצליח להתחבר",
        "להתחבר לחשבון שלי",
    ],
    "delivery_ar": [
        "لم تصل الشحنة بعد",
        "أين الشحنة الخاصة بي",
        "الشحنة متأخرة جدا",
        "متى تصل الشحنة",
    ],
}


def _groups_match(corpus: dict[str, list[str]], seed: int = 0) -> tuple[list[int], list[str]]:
    texts = [text for group in corpus.values() for text in group]
    truth = [name for name, group in corpus.items() for _ in group]
    found = cluster_texts(texts, n_topics=len(corpus), seed=seed)
    labels = found.labels.tolist()
    by_group = {name: {labels[i] for i, t in enumerate(truth) if t == name} for name in corpus}
    assert all(len(topics) == 1 for topics in by_group.values()), by_group
    assert len({next(iter(t)) for t in by_group.values()}) == len(corpus), by_group
    names = [" ".join(found.terms[next(iter(by_group[name]))]) for name in corpus]
    return labels, names


def test_english_groups_are_found_and_named_by_their_words() -> None:
    _, names = _groups_match(ENGLISH)
    assert "refund" in names[0]
    assert "log" in names[1]
    assert "parcel" in names[2] or "tracking" in names[2]


def test_chinese_and_japanese_are_cut_into_bigrams_without_a_dictionary() -> None:
    assert tokens("申请退款") == ["申请", "请退", "退款"]
    _, names = _groups_match(CJK)
    assert "退款" in names[0]
    assert "登录" in names[1]
    assert "返金" in names[2]


def test_hebrew_and_arabic_groups_are_found() -> None:
    _, names = _groups_match(RTL)
    assert "החזר" in names[0]
    assert "להתחבר" in names[1]
    assert "شحنة" in names[2]  # the article cut


def test_same_seed_same_topics() -> None:
    texts = [t for group in (*ENGLISH.values(), *CJK.values()) for t in group]
    first = cluster_texts(texts, n_topics=4, seed=3)
    again = cluster_texts(texts, n_topics=4, seed=3)
    assert first.labels.tolist() == again.labels.tolist()
    assert first.terms == again.terms


def test_an_embed_function_replaces_the_words() -> None:
    texts = [t for group in ENGLISH.values() for t in group]
    # a representation that groups by the text's first letter being upper case only
    found = cluster_texts(
        texts, n_topics=2, embed=lambda batch: np.array([[t[0].isupper(), 1.0] for t in batch])
    )
    upper = {found.labels[i] for i, t in enumerate(texts) if t[0].isupper()}
    lower = {found.labels[i] for i, t in enumerate(texts) if not t[0].isupper()}
    assert len(upper) == len(lower) == 1 and upper != lower
    with pytest.raises(ValueError, match=r"embed returned an array of shape \(3,\)"):
        cluster_texts(texts, embed=lambda batch: np.zeros(3))


def test_texts_without_words_get_no_topic_and_bad_counts_are_refused() -> None:
    found = cluster_texts(["", "12345 #678", "refund please", "refund now"], n_topics=3)
    assert found.labels.tolist()[:2] == [-1, -1]
    assert found.n_topics == 1  # two texts, one topic: fewer distinct texts than asked
    with pytest.raises(ValueError, match="n_topics must be at least 1, got 0"):
        cluster_texts(["x"], n_topics=0)


def test_only_the_customers_public_messages_count() -> None:
    texts = customer_texts(example_frames())
    joined = "\n".join(texts["text"].to_list())
    assert "Your login is fixed" not in joined  # an agent's reply
    assert "refund note" not in joined  # a private note
    assert texts.height == 6


def test_find_topics_sizes_trend_and_splits_add_up() -> None:
    frames = example_frames()
    found = find_topics(frames, n_topics=2)
    assert found.assignments["topic_id"].to_list() == [0, 0, 0, 1, 1, 1]
    assert found.topics["conversations"].sum() == 6
    assert found.topics["share"].sum() == pytest.approx(1.0)
    assert found.weekly()["conversations"].sum() == 6
    assert found.by_inbox()["conversations"].sum() == 6
    assert found.by_channel()["conversations"].sum() == 6
    labels = Counter(label for labels in frames["conversations"]["labels"] for label in labels)
    assert found.by_label()["conversations"].sum() == sum(labels.values())
    assert {ex for examples in found.topics["examples"] for ex in examples} <= set(range(1, 7))


def test_a_conversation_without_customer_words_is_named_so() -> None:
    base = example_frames()
    messages = base.messages.with_columns(
        content=pl.when(pl.col("conversation_id") == 6)
        .then(pl.lit("👍 #1234"))
        .otherwise(pl.col("content"))
    )
    frames = {**dict(base), "messages": messages}
    found = find_topics(frames, n_topics=2)
    row = found.assignments.filter(pl.col("conversation_id") == 6).row(0, named=True)
    assert (row["topic_id"], row["topic"]) == (-1, "(no customer text)")
    assert found.topics["topic_id"].to_list()[-1] == -1
