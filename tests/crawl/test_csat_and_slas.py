"""The crawl reads CSAT responses, custom attribute definitions and applied SLAs where the
server serves them, and records them as unavailable (never an error, never a discrepancy)
where it does not.

The emulator does not serve these endpoints yet: :class:`ReportsTransport` wraps it,
answering them with reference-shaped JSON (chatwoot-reports-api.md §2) built from the
emulator's own conversations, and passing every other request on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pytest

from tests import payloads as p
from tests.conftest import TOKEN, in_process_http, make_config
from voxys_frames.archive import read_archive
from voxys_frames.crawl import FetchResult, fetch
from voxys_frames.emulator import Emulator, EmulatorConfig
from voxys_frames.exceptions import NotFoundError, SchemaError
from voxys_frames.snapshot import read_manifest

PREFIX = "/api/v1/accounts/1/"
CSAT_PAGE = 25
OPTIONAL = ("applied_slas", "csat_survey_responses", "custom_attribute_definitions")

Answer = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def emulator_config() -> EmulatorConfig:
    return make_config(seed=11, conversations=60)


@pytest.fixture(scope="module")
def listed(emulator: Emulator) -> list[dict[str, object]]:
    """The emulator's conversations as its list endpoint shows them (display ids)."""
    found: list[dict[str, object]] = []
    with in_process_http(emulator) as http:
        for page in (1, 2, 3):
            body = http.get(f"{PREFIX}conversations", params={"status": "all", "page": page})
            found.extend(body.json()["data"]["payload"])
    return found


class ReportsTransport(httpx.BaseTransport):
    """The emulator, plus answers of its own for some paths (the rest is passed on)."""

    def __init__(self, inner: httpx.BaseTransport, answers: dict[str, Answer]) -> None:
        self.inner = inner
        self.answers = answers
        self.seen: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.removeprefix(PREFIX)
        if name in self.answers:
            self.seen.append(request)
            return self.answers[name](request)
        return self.inner.handle_request(request)

    def pages(self, name: str) -> list[int]:
        return [
            int(r.url.params["page"])
            for r in self.seen
            if r.url.path.endswith(name) and "page" in r.url.params
        ]


def _json(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, content=p.dump(body), headers={"content-type": "application/json"}
    )


def _paged(items: list[p.JSON], size: int, wrap: Callable[[list[p.JSON], int], object]) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        return _json(wrap(items[(page - 1) * size : page * size], page))

    return answer


def _csat_items(listed: list[dict[str, object]]) -> list[p.JSON]:
    """55 responses (three pages: 25, 25, 5) on every other conversation, with the
    conversation's own contact and a comment that names its display id."""
    chosen = listed[::2][:28]
    items = []
    for n in range(55):
        conversation = chosen[n % len(chosen)]
        contact = conversation["meta"]["sender"]  # type: ignore[index]
        items.append(
            p.csat_response(
                n + 1,
                int(conversation["id"]),  # type: ignore[call-overload]
                rating=None if n == 3 else 1 + n % 5,
                contact=contact,
                feedback_message=f"会話 {conversation['id']} ✓",
            )
        )
    return items


def _sla_items(listed: list[dict[str, object]]) -> list[p.JSON]:
    return [p.applied_sla_entry(100 + n, int(c["id"])) for n, c in enumerate(listed[:27])]  # type: ignore[call-overload]


def _served(emulator: Emulator, listed: list[dict[str, object]]) -> ReportsTransport:
    slas = _sla_items(listed)
    return ReportsTransport(
        emulator.transport(),
        {
            "csat_survey_responses": _paged(_csat_items(listed), CSAT_PAGE, lambda items, _: items),
            "applied_slas": _paged(
                slas, 25, lambda items, page: p.applied_slas_body(items, count=len(slas), page=page)
            ),
            "custom_attribute_definitions": lambda _: _json(
                [
                    p.custom_attribute_definition(1),
                    p.custom_attribute_definition(2, attribute_key="tier", attribute_values=[]),
                ]
            ),
        },
    )


def _fetch(transport: httpx.BaseTransport, out: Path, **options: Any) -> FetchResult:
    return fetch(
        "http://localhost",
        1,
        TOKEN,
        out,
        transport=transport,
        rate_limit=None,
        quiet=True,
        **options,
    )


def test_served_endpoints_become_tables_joined_on_display_ids(
    emulator: Emulator, listed: list[dict[str, object]], tmp_path: Path
) -> None:
    transport = _served(emulator, listed)
    result = _fetch(transport, tmp_path, keep_raw=True)
    frames = result.frames
    summary = result.summary
    assert summary.discrepancies == []
    assert summary.unavailable == {}
    # CSAT: read oldest first, page after page until the empty one
    assert transport.pages("csat_survey_responses") == [1, 2, 3, 4]
    sorts = {r.url.params.get("sort") for r in transport.seen if "csat" in r.url.path}
    assert sorts == {"created_at"}
    expected = _csat_items(listed)
    csat = frames.csat_responses.sort("id")
    assert csat["id"].to_list() == [item["id"] for item in expected]
    assert csat["rating"].null_count() == 1
    # the join on the display id finds each response's own conversation
    joined = csat.join(
        frames.conversations,
        left_on=["account_id", "conversation_id"],
        right_on=["account_id", "id"],
        how="left",
        suffix="_conversation",
    )
    assert joined["uuid"].null_count() == 0
    assert joined["contact_id"].to_list() == joined["contact_id_conversation"].to_list()
    assert all(
        text == f"会話 {cid} ✓"
        for text, cid in zip(joined["feedback_message"], joined["conversation_id"], strict=True)
    )
    # applied SLAs: page 1 says 27, so two pages; events tied to the display id
    assert transport.pages("applied_slas") == [1, 2]
    applied = frames.applied_slas.join(
        frames.conversations.select("account_id", "id", "uuid"),
        left_on=["account_id", "conversation_id"],
        right_on=["account_id", "id"],
        how="left",
    )
    assert applied.height == 27 and applied["uuid"].null_count() == 0
    ids = set(frames.applied_slas["conversation_id"])
    from_endpoint = frames.sla_events.filter(pl.col("id").is_between(70_000, 80_000))  # ours
    assert from_endpoint.height == 27 and set(from_endpoint["conversation_id"]) == ids
    assert frames.custom_attribute_definitions["attribute_key"].sort().to_list() == ["plan", "tier"]
    pages = dict(frames.pages.group_by("endpoint").len().iter_rows())
    assert [pages[name] for name in OPTIONAL] == [2, 4, 1]
    # the raw archive holds these bodies and gives the same tables
    assert result.raw_path is not None
    archived = read_archive(result.raw_path).frames
    for name in ("csat_responses", "applied_slas", "custom_attribute_definitions"):
        key = ["account_id", "id"]
        assert archived[name].sort(key).equals(frames[name].sort(key)), name


def test_a_server_without_them_is_recorded_and_the_crawl_still_succeeds(
    emulator: Emulator, tmp_path: Path
) -> None:
    missing: Answer = lambda _: _json({"error": "Not Found"}, 404)  # noqa: E731
    transport = ReportsTransport(emulator.transport(), {name: missing for name in OPTIONAL})
    result = _fetch(transport, tmp_path)
    summary = result.summary
    frames = result.frames
    assert summary.discrepancies == []
    assert sorted(summary.unavailable) == list(OPTIONAL)
    assert all(" 404 " in answer for answer in summary.unavailable.values())
    manifest = read_manifest(result.path)
    assert manifest["completeness"]["discrepancies"] == []
    assert sorted(manifest["completeness"]["crawl"]["unavailable"]) == list(OPTIONAL)
    assert any("not served by this server" in line for line in summary.lines())
    for name in ("csat_responses", "applied_slas", "custom_attribute_definitions"):
        assert frames[name].height == 0, name
    assert frames.conversations.height == 60


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, "You are not authorized to do this action"), (403, "Forbidden")],
)
def test_an_agent_token_refused_them_is_recorded_too(
    emulator: Emulator, tmp_path: Path, status: int, error: str
) -> None:
    refuse: Answer = lambda _: _json({"error": error}, status)  # noqa: E731
    transport = ReportsTransport(
        emulator.transport(),
        {name: refuse for name in OPTIONAL},
    )
    summary = _fetch(transport, tmp_path).summary
    assert summary.discrepancies == []
    assert sorted(summary.unavailable) == list(OPTIONAL)
    assert all(f" {status} " in answer for answer in summary.unavailable.values())


def test_a_missing_later_page_is_an_error_not_unavailability(
    emulator: Emulator, listed: list[dict[str, object]], tmp_path: Path
) -> None:
    items = _csat_items(listed)

    def first_page_only(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page") == "1":
            return _json(items[:CSAT_PAGE])
        return _json({"error": "Resource could not be found"}, 404)

    transport = ReportsTransport(emulator.transport(), {"csat_survey_responses": first_page_only})
    with pytest.raises(NotFoundError, match="csat_survey_responses\\?page=2"):
        _fetch(transport, tmp_path)


def test_the_option_skips_csat_and_slas(
    emulator: Emulator, listed: list[dict[str, object]], tmp_path: Path
) -> None:
    transport = _served(emulator, listed)
    result = _fetch(transport, tmp_path, csat_and_slas=False)
    frames = result.frames
    assert transport.pages("csat_survey_responses") == []
    assert transport.pages("applied_slas") == []
    assert frames.csat_responses.height == 0 and frames.applied_slas.height == 0
    assert frames.custom_attribute_definitions.height == 2
    crawl = read_manifest(result.path)["crawl"]
    assert crawl["csat_and_slas"] is False


def test_a_csat_body_of_another_shape_fails_naming_the_page(
    emulator: Emulator, tmp_path: Path
) -> None:
    transport = ReportsTransport(
        emulator.transport(),
        {"csat_survey_responses": lambda _: _json({"payload": []})},
    )
    with pytest.raises(
        SchemaError, match=re.escape("csat_survey_responses/page-1.json.gz: body: expected a list")
    ):
        _fetch(transport, tmp_path)


def test_the_emulator_serves_them_and_they_join_on_the_display_id(
    emulator: Emulator, tmp_path: Path
) -> None:
    result = _fetch(emulator.transport(), tmp_path)
    frames = result.frames
    assert result.summary.unavailable == {}
    assert frames.csat_responses.height > 0
    assert frames.custom_attribute_definitions.height > 0
    joined = frames.csat_responses.join(
        frames.conversations.select("account_id", pl.col("id").alias("conversation_id")),
        on=["account_id", "conversation_id"],
        how="anti",
    )
    assert joined.height == 0  # every response belongs to a crawled conversation
