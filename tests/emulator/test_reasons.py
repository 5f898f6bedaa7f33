"""Contact reasons: ground truth of the emulator, never served; multilingual text; sentiment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import orjson

from tests.conftest import TOKEN
from voxys_frames.emulator import Emulator, EmulatorConfig
from voxys_frames.emulator.reasons import (
    REASONS,
    contact_reason,
    customer_language,
    customer_text,
    message_sentiment,
)

PREFIX = "/api/v1/accounts/3"


def _small() -> Emulator:
    return Emulator(EmulatorConfig(seed=11, conversations=60, account_id=3, token=TOKEN))


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _paged(http: httpx.Client, path: str, **params: Any) -> list[bytes]:
    bodies = []
    for page in range(1, 50):
        response = http.get(path, params={**params, "page": page})
        assert response.status_code == 200, (path, response.text)
        bodies.append(response.content)
        body = response.json()
        payload = body.get("data", body).get("payload") if isinstance(body, dict) else body
        if not payload:
            break
    return bodies


def _every_response(emulator: Emulator) -> list[bytes]:
    count = emulator.world.count
    with httpx.Client(
        transport=emulator.transport(), base_url="http://e", headers={"api_access_token": TOKEN}
    ) as http:
        bodies = _paged(http, f"{PREFIX}/conversations", status="all")
        bodies += _paged(http, f"{PREFIX}/contacts")
        bodies += _paged(http, f"{PREFIX}/reporting_events")
        for path in ("inboxes", "agents", "teams", "labels", "csat_survey_responses"):
            bodies.append(http.get(f"{PREFIX}/{path}").content)
        bodies.append(http.get("/api/v1/profile").content)
        for display_id in range(1, count + 1):
            bodies.append(http.get(f"{PREFIX}/conversations/{display_id}").content)
            bodies.append(
                http.get(
                    f"{PREFIX}/conversations/{display_id}/messages",
                    params={"after": 0, "before": 2**40},
                ).content
            )
    return bodies


def test_ground_truth_has_a_reason_per_conversation_and_the_api_never_tells_it() -> None:
    emulator = _small()
    truth = emulator.world.contact_reasons()
    assert sorted(truth) == list(range(1, 61))
    assert set(truth.values()) <= set(REASONS)
    assert len(set(truth.values())) >= 6
    bodies = _every_response(emulator)
    keys = {key for body in bodies for key in _keys(orjson.loads(body))}
    assert not {key for key in keys if "reason" in key.lower()}
    raw = b"".join(bodies)
    for name in REASONS:
        if "_" in name:  # the names that no customer writes
            assert name.encode() not in raw, name


def test_reasons_are_seeded_and_bug_reports_grow() -> None:
    assert [contact_reason(3, c, 0.5) for c in range(50)] == [
        contact_reason(3, c, 0.5) for c in range(50)
    ]
    assert [contact_reason(3, c, 0.5) for c in range(50)] != [
        contact_reason(4, c, 0.5) for c in range(50)
    ]
    bug = REASONS.index("bug_report")
    early = sum(contact_reason(1, c, 0.0) == bug for c in range(4000))
    late = sum(contact_reason(1, c, 1.0) == bug for c in range(4000))
    assert late > 2 * early


def test_customers_write_in_many_scripts_with_noise() -> None:
    languages = Counter(customer_language(5, c) for c in range(2000))
    assert {"en", "ar", "he", "ja", "zh", "ko"} <= set(languages)
    assert languages["en"] == max(languages.values())
    texts = [
        customer_text(c % len(REASONS), customer_language(5, c), c * 13, first=True)
        for c in range(2000)
    ]
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in t) for t in texts), "Arabic"
    assert any(any("\u05d0" <= ch <= "\u05ea" for ch in t) for t in texts), "Hebrew"
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts), "CJK"
    assert any("<script>" in t for t in texts), "hostile text"
    assert any(" / " in t and not t.isascii() for t in texts), "another language mixed in"
    assert any("#" in t or "-B" in t for t in texts), "order numbers"
    assert len(set(texts)) > 500


def test_some_messages_carry_sentiment_in_chatwoots_shape_and_some_none() -> None:
    found = [message_sentiment(k % len(REASONS), "Where is my parcel?", k) for k in range(400)]
    shaped = [s for s in found if s is not None]
    assert 0 < len(shaped) < len(found)
    assert {tuple(sorted(s)) for s in shaped} == {("label", "score", "value")}
    assert {(s["label"], s["value"]) for s in shaped} == {("negative", -1), ("positive", 1)}
    assert all(0.5 <= s["score"] <= 1 for s in shaped)
    assert message_sentiment(0, "  ", 1) is None
    emulator = _small()
    embedded = [
        emulator.app.renderer.embedded_message(c, m, unread_count=0)["sentiment"]
        for c in range(20)
        for m in emulator.world.timeline(c + 1)
    ]
    assert {} in embedded
    assert any(s.get("label") == "negative" for s in embedded)
