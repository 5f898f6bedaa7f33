"""The text index answers exactly as the scan it replaces (``content.str.contains``)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from benchmarks.explorer_synthetic import synthetic_frames
from voxys_frames import latest_snapshot, load_snapshot
from voxys_frames.explorer.engine import SelectionEngine
from voxys_frames.explorer.search import TextIndex
from voxys_frames.filters import FilterState
from voxys_frames.filters.predicates import text_pattern
from voxys_frames.tables.frames import Frames

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

TRICKY = [
    "Refund please",
    "my REFUND  request (double space)",
    " leading and trailing ",
    "",
    None,
    "straße STRASSE Straẞe",  # ß and capital ẞ fold together, not to "ss"
    "ΣΊΣΥΦΟΣ σίσυφος ς",  # final sigma
    "İstanbul ISTANBUL ıstanbul",  # Turkish dotted and dotless i
    "Kelvin \u212a and \u017fhort s",  # Kelvin sign folds to k, long s to s
    "我的订单还没有到，请帮我查一下物流",
    "注文した商品が届きません。返金をお願いします",
    "أريد استرداد المبلغ، الطلب لم يصل",
    "ההזמנה שלי לא הגיעה, אני רוצה החזר כספי",
    "line one\nline two\ttabbed",
    "punctuation: a+b (c) [d] {e} ^$ .* ?| \\ back",
    "emoji 🙏👍 and ÉCOLE école Ecole",
    "a b c a b c a b",
]


def scan(content: pl.Series, text: str) -> np.ndarray:
    return content.str.contains(text_pattern(text)).fill_null(False).to_numpy()


def queries_from(content: pl.Series, count: int, seed: int) -> list[str]:
    """Random substrings of the texts, case-changed at random, plus random strings."""
    rng = random.Random(seed)
    texts = [t for t in content.to_list() if t and t.strip()]
    alphabet = "ab cAB.+ßẞσΣς訂单订аб\u212ak\u017fsİiı"
    found: list[str] = []
    while len(found) < count:
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        piece = text[start : start + rng.randint(1, 14)]
        roll = rng.random()
        if roll < 0.2:
            piece = piece.upper()
        elif roll < 0.4:
            piece = piece.swapcase()
        elif roll < 0.5:
            piece = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        if piece.strip():
            found.append(piece)
    return found


def assert_same(content: pl.Series, queries: list[str]) -> None:
    index = TextIndex.build(content)
    for text in queries:
        got = index.search(text)
        assert np.array_equal(got, scan(content, text)), repr(text)


def test_tricky_texts_hand_picked_queries() -> None:
    content = pl.Series(TRICKY, dtype=pl.String)
    queries = [
        "refund",
        "REFUND  REQ",
        "refund request",  # one space where the text has two: no match
        "d  r",
        "and trailing",
        "STRASSE",
        "straße",
        "STRAẞE",
        "σίσυφος",
        "ΣΊΣΥΦΟΣ σ",
        "ς",
        "istanbul",
        "İSTANBUL",
        "kelvin k",
        "KELVIN",
        "short s",
        "订单",
        "，请帮",
        "返金",
        "استرداد المبلغ",
        "המבלג",
        "החזר כספי",
        "one\nline",
        "two\ttab",
        "a+b (c)",
        "^$ .*",
        "?| \\",
        "🙏👍",
        "école",
        "ÉCOLE ÉCOLE",
        "a b c",
        "c a b c a",
        "b c a b c a b c",
        "x",
    ]
    index = TextIndex.build(content)
    for text in queries:
        assert np.array_equal(index.search(text), scan(content, text)), repr(text)
    assert index.search("refund").tolist()[:3] == [True, True, False]
    assert index.search("KELVIN K").tolist()[8]  # the Kelvin sign folds to k


def test_random_substrings_of_tricky_and_synthetic_texts() -> None:
    frames = synthetic_frames(conversations=300, messages=3000, seed=3)
    content = pl.concat([frames.messages["content"], pl.Series(TRICKY, dtype=pl.String)])
    assert_same(content, queries_from(content, 400, seed=11))


def test_random_substrings_of_emulator_messages() -> None:
    content = load_snapshot(latest_snapshot(SAMPLE)).messages["content"]
    assert content.len() > 1000
    assert_same(content, queries_from(content, 200, seed=5))


def test_dense_search_scans_and_agrees() -> None:
    content = pl.Series(["aaa a", "ba", "c", None] * 50)
    index = TextIndex.build(content)
    assert np.array_equal(index.search("A"), scan(content, "A"))
    assert index.search("a").sum() == 100


@pytest.mark.parametrize("mode", ["now", "background", "off"])
def test_engine_answers_the_same_with_or_without_the_index(frames: Frames, mode: str) -> None:
    engine = SelectionEngine(frames.conversations, frames.messages, text_index=mode)  # type: ignore[arg-type]
    plain = SelectionEngine(frames.conversations, frames.messages, text_index="off")
    for text in ("refund", "REFUND", "hello there", "<script>", "zz"):
        state = FilterState(text=text)
        assert np.array_equal(engine.apply(state).counts, plain.apply(state).counts), text
    assert (engine.text_index(wait=None) is None) == (mode == "off")
