"""CSAT survey responses: the v1 ``csat_survey_responses`` endpoints.

The surveys are the ``input_csat`` template messages the timelines already hold
(after a resolution in the website and e-mail inboxes), so the messages endpoint
and these responses agree: an answered survey's ``submitted_values`` carries the
rating and the comment (in the languages of the customers' messages), and about
six in ten surveys stay unanswered. When the contact answered comes from a
separate seeded stream keyed on the conversation and the message, so nothing
the other endpoints serve changes.

Chatwoot's rules (``csat_survey_responses_controller.rb``, ``_csat_survey_response.json.jbuilder``):
25 responses a page in a bare array; ``conversation_id`` is the *display id*;
``assigned_agent`` is the conversation's assignee when the contact answered;
filters ``since``/``until`` (response creation, half-open), ``user_ids[]``
(assigned agent), ``inbox_id``, ``team_id`` (the conversation's current team),
``rating``; ``metrics`` counts ratings of the filtered responses, but
``total_sent_messages_count`` only filters the survey messages by date.

Examples
--------
>>> r = CsatResponse(1, 5, "", 10, 3, 2, 4, 1, None, 100)
>>> csat_metrics([r], [90, 200], Window(0, 150))
{'total_count': 1, 'ratings_count': {'5': 1}, 'total_sent_messages_count': 1}
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from voxys_frames.emulator.periods import UNBOUNDED, Window
from voxys_frames.emulator.render import Renderer
from voxys_frames.emulator.timeline import (
    A_ASSIGN,
    A_BOT_ASSIGN,
    A_UNASSIGN,
    F_CSAT,
    F_CSAT_ANSWERED,
    KIND_ACTIVITY,
    KIND_TEMPLATE,
)
from voxys_frames.emulator.world import World

PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class CsatResponse:
    """One survey response and what its filters read."""

    id: int
    rating: int
    feedback_message: str
    message_id: int
    contact_id: int
    display_id: int
    assigned_agent_id: int | None
    inbox_id: int
    team_id: int | None
    created_at: int
    review_notes: str | None = None
    review_notes_updated_at: int | None = None
    review_notes_updated_by: int | None = None


@dataclass(frozen=True, slots=True)
class CsatFilter:
    """The index and metrics filters."""

    window: Window = UNBOUNDED
    user_ids: tuple[int, ...] = ()
    inbox_id: int | None = None
    team_id: int | None = None
    ratings: tuple[int, ...] = ()


def filter_responses(responses: Iterable[CsatResponse], f: CsatFilter) -> list[CsatResponse]:
    """The responses that pass every filter (an empty filter passes all).

    >>> r = CsatResponse(1, 2, "", 10, 3, 2, None, 1, None, 100)
    >>> filter_responses([r], CsatFilter(ratings=(5,)))
    []
    """
    return [
        r
        for r in responses
        if f.window.contains(r.created_at)
        and (not f.user_ids or r.assigned_agent_id in f.user_ids)
        and (f.inbox_id is None or r.inbox_id == f.inbox_id)
        and (f.team_id is None or r.team_id == f.team_id)
        and (not f.ratings or r.rating in f.ratings)
    ]


def csat_metrics(
    responses: Sequence[CsatResponse], survey_times: Iterable[int], window: Window
) -> dict[str, Any]:
    """``metrics.json``: responses, a count per rating given, survey messages sent in the window.

    ``ratings_count`` has a key only for ratings that occur (``group(:rating).count``).

    >>> csat_metrics([], [5], Window(None, None))
    {'total_count': 0, 'ratings_count': {}, 'total_sent_messages_count': 1}
    """
    ratings = Counter(r.rating for r in responses)
    return {
        "total_count": len(responses),
        "ratings_count": {str(k): ratings[k] for k in sorted(ratings)},
        "total_sent_messages_count": sum(1 for t in survey_times if window.contains(t)),
    }


def ordered(responses: Sequence[CsatResponse], sort: str | None) -> list[CsatResponse]:
    """The responses by id, or by ``created_at`` / ``-created_at`` (ties by id).

    >>> rs = [CsatResponse(i, 5, "", i, 1, i, None, 1, None, 100 - i) for i in range(1, 4)]
    >>> [r.id for r in ordered(rs, "created_at")]
    [3, 2, 1]
    """
    if sort == "created_at":
        return sorted(responses, key=lambda r: (r.created_at, r.id))
    if sort == "-created_at":
        return sorted(responses, key=lambda r: (-r.created_at, r.id))
    return sorted(responses, key=lambda r: r.id)


def page_of(ordered_responses: Sequence[CsatResponse], page: int) -> list[CsatResponse]:
    """Page ``page`` (25 a page) of responses already :func:`ordered`.

    >>> rs = [CsatResponse(i, 5, "", i, 1, i, None, 1, None, 100 - i) for i in range(1, 30)]
    >>> [r.id for r in page_of(rs, 2)]
    [26, 27, 28, 29]
    """
    lo = (max(page, 1) - 1) * PER_PAGE
    return list(ordered_responses[lo : lo + PER_PAGE])


def render_response(
    r: CsatResponse, renderer: Renderer, *, account_id: int, enterprise: bool
) -> dict[str, Any]:
    """The response partial (with the enterprise review-note keys on enterprise builds).

    >>> from voxys_frames.emulator.config import EmulatorConfig
    >>> renderer = Renderer(World(EmulatorConfig(seed=3, conversations=3)))
    >>> r = CsatResponse(1, 4, "", 10, 1, 2, None, 1, None, 100)
    >>> list(render_response(r, renderer, account_id=1, enterprise=False))
    ['id', 'rating', 'feedback_message', 'account_id', 'message_id', 'contact', 'conversation_id', 'created_at']
    """
    out: dict[str, Any] = {"id": r.id, "rating": r.rating, "feedback_message": r.feedback_message}
    if enterprise:
        out["csat_review_notes"] = r.review_notes
        out["review_notes_updated_at"] = r.review_notes_updated_at
        if r.review_notes_updated_by is not None:
            user = renderer.catalog.user(r.review_notes_updated_by)
            out["review_notes_updated_by"] = {"id": user.id, "name": user.name}
    out["account_id"] = account_id
    out["message_id"] = r.message_id
    out["contact"] = renderer.contact_partial(r.contact_id)
    out["conversation_id"] = r.display_id
    if r.assigned_agent_id is not None:
        out["assigned_agent"] = renderer.agent(renderer.catalog.user(r.assigned_agent_id))
    out["created_at"] = r.created_at
    return out


def answer_delay(seed: int, display_id: int, message_id: int) -> int:
    """Seconds between a survey and its answer (its own seeded stream, 20 s to 6 h).

    >>> answer_delay(7, 1, 10) == answer_delay(7, 1, 10)
    True
    """
    return random.Random(f"csat/{seed}/{display_id}/{message_id}").randint(20, 6 * 3600)


def collect(world: World, renderer: Renderer) -> tuple[list[CsatResponse], list[int]]:
    """Every response of the account (ids in answer order) and every survey's send time.

    >>> from voxys_frames.emulator.config import EmulatorConfig
    >>> world = World(EmulatorConfig(seed=7, conversations=200))
    >>> responses, sent = collect(world, Renderer(world))
    >>> 0 < len(responses) < len(sent)
    True
    """
    cols = world.cols
    now = world.now
    found: list[tuple[int, int, CsatResponse]] = []
    sent: list[int] = []
    with world.lock:
        for c in range(world.count):
            display_id = c + 1
            assignee: int | None = None
            history: list[tuple[int, int | None]] = []
            timeline = world.timeline(display_id)
            for message in timeline:
                t, kind, _, _, flags, sub, target = message.event
                if kind == KIND_ACTIVITY and sub in (A_ASSIGN, A_UNASSIGN, A_BOT_ASSIGN):
                    assignee = target if sub == A_ASSIGN else None
                    history.append((t, assignee))
            for message in timeline:
                t, kind, _, _, flags, _, target = message.event
                if kind != KIND_TEMPLATE or not flags & F_CSAT:
                    continue
                sent.append(t)
                if not flags & F_CSAT_ANSWERED:
                    continue
                body = renderer.body(c, message)
                answer = body.content_attributes["submitted_values"]["csat_survey_response"]
                at = min(t + answer_delay(world.seed, display_id, message.id), max(now, t))
                agent = None
                for when, who in history:
                    if when > at:
                        break
                    agent = who
                team = int(cols["team_id"][c])
                response = CsatResponse(
                    id=0,
                    rating=int(answer["rating"]),
                    feedback_message=str(answer["feedback_message"]),
                    message_id=message.id,
                    contact_id=int(cols["contact_id"][c]),
                    display_id=display_id,
                    assigned_agent_id=agent,
                    inbox_id=int(cols["inbox_id"][c]),
                    team_id=team or None,
                    created_at=at,
                )
                found.append((at, message.id, response))
    found.sort(key=lambda item: (item[0], item[1]))
    responses = []
    for number, (_, _, response) in enumerate(found, start=1):
        notes: dict[str, Any] = {}
        if number % 7 == 3:  # an administrator reviewed some of them (enterprise)
            notes = {
                "review_notes": f"Followed up with the customer ({response.rating}/5).",
                "review_notes_updated_at": min(
                    response.created_at + 3600, max(now, response.created_at)
                ),
                "review_notes_updated_by": 1,
            }
        responses.append(replace(response, id=number, **notes))
    return responses, sorted(sent)


__all__ = [
    "PER_PAGE",
    "CsatFilter",
    "CsatResponse",
    "answer_delay",
    "collect",
    "csat_metrics",
    "filter_responses",
    "ordered",
    "page_of",
    "render_response",
]
