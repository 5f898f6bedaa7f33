"""Applied SLAs (enterprise): the v1 ``applied_slas`` index and ``applied_slas/metrics``.

One applied SLA per conversation with an SLA policy, with the status and miss
events the conversation partial already shows. Chatwoot's rules
(``enterprise/app/controllers/api/v1/accounts/applied_slas_controller.rb``): the
index lists only *missed* SLAs (``sla_status`` ``missed``), 25 a page, in
``{payload: [{applied_sla, conversation, sla_events}], meta: {count, current_page}}``;
the metrics count all applied SLAs and the missed ones, and the hit rate is a
string with ``%`` (``"100%"`` with no misses, else rounded to two decimals, e.g.
``"85.0%"``). Filters: ``since``/``until`` on the applied SLA's creation
(half-open), ``inbox_id``, ``team_id``, ``sla_policy_id``, ``label_list[]`` (the
conversation's cached label list, equal to one of the values),
``assigned_agent_id``.

Examples
--------
>>> hit_rate(total=4, missed=1)
'75.0%'
>>> hit_rate(total=0, missed=0)
'100%'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from voxys_frames.emulator.periods import UNBOUNDED, Window
from voxys_frames.emulator.render import Renderer
from voxys_frames.emulator.world import World

PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class AppliedSla:
    """An applied SLA with what its filters and its index row read."""

    id: int
    sla_policy_id: int
    sla_status: str
    created_at: int
    display_id: int
    inbox_id: int
    team_id: int | None
    assignee_id: int | None
    labels: tuple[str, ...]
    #: ``push_event_data`` of the applied SLA, as rendered.
    payload: dict[str, Any] = field(default_factory=dict, compare=False)
    #: The conversation block of the index row and its SLA events, as rendered.
    conversation: dict[str, Any] = field(default_factory=dict, compare=False)
    sla_events: list[dict[str, Any]] = field(default_factory=list, compare=False)


@dataclass(frozen=True, slots=True)
class SlaFilter:
    """The index and metrics filters."""

    window: Window = UNBOUNDED
    inbox_id: int | None = None
    team_id: int | None = None
    sla_policy_id: int | None = None
    label_list: tuple[str, ...] = ()
    assigned_agent_id: int | None = None


def filter_slas(slas: Iterable[AppliedSla], f: SlaFilter) -> list[AppliedSla]:
    """The applied SLAs that pass every filter.

    >>> s = AppliedSla(1, 2, "missed", 50, 7, 1, None, None, ("vip",))
    >>> [x.id for x in filter_slas([s], SlaFilter(label_list=("vip",)))]
    [1]
    >>> filter_slas([s], SlaFilter(window=Window(0, 50)))
    []
    """
    return [
        s
        for s in slas
        if f.window.contains(s.created_at)
        and (f.inbox_id is None or s.inbox_id == f.inbox_id)
        and (f.team_id is None or s.team_id == f.team_id)
        and (f.sla_policy_id is None or s.sla_policy_id == f.sla_policy_id)
        and (not f.label_list or ", ".join(s.labels) in f.label_list)
        and (f.assigned_agent_id is None or s.assignee_id == f.assigned_agent_id)
    ]


def hit_rate(*, total: int, missed: int) -> str:
    """``AppliedSlasController#hit_rate``: a percentage string.

    >>> hit_rate(total=3, missed=1)
    '66.67%'
    """
    if missed == 0:
        return "100%"
    return f"{round((total - missed) / total * 100, 2)!r}%"


def sla_metrics(slas: Sequence[AppliedSla]) -> dict[str, Any]:
    """``metrics.json``: applied SLAs, missed ones and the hit rate.

    >>> sla_metrics([AppliedSla(1, 1, "hit", 0, 1, 1, None, None, ())])
    {'total_applied_slas': 1, 'number_of_sla_misses': 0, 'hit_rate': '100%'}
    """
    missed = sum(1 for s in slas if s.sla_status == "missed")
    return {
        "total_applied_slas": len(slas),
        "number_of_sla_misses": missed,
        "hit_rate": hit_rate(total=len(slas), missed=missed),
    }


def sla_index(slas: Sequence[AppliedSla], *, page: int, current_page: int | str) -> dict[str, Any]:
    """``index.json``: a page of the *missed* SLAs and their count.

    >>> sla_index([AppliedSla(1, 1, "active_with_misses", 0, 1, 1, None, None, ())], page=1, current_page=1)
    {'payload': [], 'meta': {'count': 0, 'current_page': 1}}
    """
    missed = sorted((s for s in slas if s.sla_status == "missed"), key=lambda s: s.id)
    lo = (max(page, 1) - 1) * PER_PAGE
    payload = [
        {"applied_sla": s.payload, "conversation": s.conversation, "sla_events": s.sla_events}
        for s in missed[lo : lo + PER_PAGE]
    ]
    return {"payload": payload, "meta": {"count": len(missed), "current_page": current_page}}


def collect(world: World, renderer: Renderer) -> list[AppliedSla]:
    """Every applied SLA of the account, rendered as the conversation partial shows it.

    >>> from voxys_frames.emulator.config import EmulatorConfig
    >>> world = World(EmulatorConfig(seed=7, conversations=80))
    >>> slas = collect(world, Renderer(world))
    >>> all(s.payload["sla_status"] == s.sla_status for s in slas)
    True
    """
    cols = world.cols
    out: list[AppliedSla] = []
    with world.lock:
        for c in range(world.count):
            policy_id = int(cols["sla_policy_id"][c])
            if not policy_id:
                continue
            payload = renderer.applied_sla(c, policy_id)
            assignee = world.assignee_user(c)
            contact = renderer.contact_push(int(cols["contact_id"][c]))
            conversation: dict[str, Any] = {
                "id": c + 1,
                "contact": {"name": contact["name"]},
                "labels": world.tags(c),
            }
            if assignee:
                conversation["assignee"] = renderer.user_push(world.catalog.user(assignee))
            team = int(cols["team_id"][c])
            out.append(
                AppliedSla(
                    id=int(payload["id"]),
                    sla_policy_id=policy_id,
                    sla_status=str(payload["sla_status"]),
                    created_at=int(payload["created_at"]),
                    display_id=c + 1,
                    inbox_id=int(cols["inbox_id"][c]),
                    team_id=team or None,
                    assignee_id=assignee or None,
                    labels=tuple(world.tags(c)),
                    payload=payload,
                    conversation=conversation,
                    sla_events=renderer.sla_events(c, policy_id),
                )
            )
    return out


__all__ = [
    "PER_PAGE",
    "AppliedSla",
    "SlaFilter",
    "collect",
    "filter_slas",
    "hit_rate",
    "sla_index",
    "sla_metrics",
]
