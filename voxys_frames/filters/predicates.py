"""A filter state as named predicates: each a polars expression and the code that writes it.

The expression and its source text are built side by side, so the code shown to the
user (:func:`voxys_frames.filters.code.to_code`) is the code that runs. Each predicate
applies to one table, ``conversations`` or ``messages``; a state without conditions
has no predicates.

Examples
--------
>>> import polars as pl
>>> from voxys_frames.filters.state import FilterState
>>> found = predicates(FilterState(statuses=("open",), assignees=(None, ("User", 5))))
>>> [(p.name, p.table) for p in found]
[('status', 'conversations'), ('assignee', 'conversations')]
>>> print(found[1].code)
pl.col('assignee_id').is_null() | ((pl.col('assignee_type') == 'User') & pl.col('assignee_id').is_in([5]))
>>> frame = pl.DataFrame({"assignee_id": [None, 5, 5], "assignee_type": [None, "User", "AgentBot"]})
>>> frame.filter(found[1].expr).height
2
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import polars as pl

from voxys_frames.filters.linked import LINKED_COLUMNS
from voxys_frames.filters.state import AttributeFilter, FilterState

Table = Literal["conversations", "messages"]


@dataclass(frozen=True)
class Predicate:
    """One condition: its name, the table it applies to, the expression and its code."""

    name: str
    table: Table
    expr: pl.Expr
    code: str
    search: str | None = None
    """For the text predicate, the searched text (stripped): an index may answer it."""


def _list(values: Sequence[object]) -> str:
    return "[" + ", ".join(repr(v) for v in values) + "]"


def _col(name: str) -> tuple[pl.Expr, str]:
    return pl.col(name), f"pl.col({name!r})"


def _one_of(name: str, values: Sequence[str | int | None]) -> tuple[pl.Expr, str]:
    """``name`` is one of ``values``; ``None`` among them also selects nulls."""
    col, code = _col(name)
    present = [v for v in values if v is not None]
    parts: list[tuple[pl.Expr, str]] = []
    if None in values:
        parts.append((col.is_null(), f"{code}.is_null()"))
    if present:
        parts.append((col.is_in(present), f"{code}.is_in({_list(present)})"))
    return _either(parts)


def _either(parts: Sequence[tuple[pl.Expr, str]]) -> tuple[pl.Expr, str]:
    expr, code = parts[0]
    for other, other_code in parts[1:]:
        expr, code = expr | other, f"{code} | {other_code}"
    return expr, code


def _assignees(values: Sequence[tuple[str, int] | None]) -> tuple[pl.Expr, str]:
    kind, kind_code = _col("assignee_type")
    ident, ident_code = _col("assignee_id")
    parts: list[tuple[pl.Expr, str]] = []
    if None in values:
        parts.append((ident.is_null(), f"{ident_code}.is_null()"))
    for type_name in sorted({a[0] for a in values if a is not None}):
        ids = sorted({a[1] for a in values if a is not None and a[0] == type_name})
        parts.append(
            (
                (kind == type_name) & ident.is_in(ids),
                f"(({kind_code} == {type_name!r}) & {ident_code}.is_in({_list(ids)}))",
            )
        )
    return _either(parts)


def _labels(labels: Sequence[str], match: str) -> tuple[pl.Expr, str]:
    col, code = _col("labels")
    exprs = [col.list.contains(label) for label in labels]
    codes = [f"{code}.list.contains({label!r})" for label in labels]
    if match == "all":
        return pl.all_horizontal(exprs), f"pl.all_horizontal({', '.join(codes)})"
    return pl.any_horizontal(exprs), f"pl.any_horizontal({', '.join(codes)})"


def _midnight(day: date) -> tuple[pl.Expr, str]:
    expr = pl.datetime(day.year, day.month, day.day, time_zone="UTC")
    return expr, f"pl.datetime({day.year}, {day.month}, {day.day}, time_zone='UTC')"


def _date_range(state: FilterState) -> tuple[pl.Expr, str]:
    """Whole days: in UTC by comparing with midnights; in another zone by the local date
    (a local midnight may not exist on a daylight-saving day)."""
    col, code = _col(state.date_field)
    local = state.timezone != "UTC"
    if local:
        zone = state.timezone
        col = col.dt.convert_time_zone(zone).dt.date()
        code = f"{code}.dt.convert_time_zone({zone!r}).dt.date()"
    parts: list[tuple[pl.Expr, str]] = []
    if state.date_from is not None:
        day = state.date_from
        start, start_code = (
            (pl.lit(day), f"pl.date({day.year}, {day.month}, {day.day})")
            if local
            else _midnight(day)
        )
        parts.append((col >= start, f"({code} >= {start_code})"))
    if state.date_to is not None:
        day = state.date_to
        end, end_code = (
            (pl.lit(day), f"pl.date({day.year}, {day.month}, {day.day})")
            if local
            else _midnight(day + timedelta(days=1))
        )
        parts.append(
            (
                (col <= end) if local else (col < end),
                f"({code} {'<=' if local else '<'} {end_code})",
            )
        )
    expr, text = parts[0]
    for other, other_code in parts[1:]:
        expr, text = expr & other, f"{text} & {other_code}"
    return expr, text


def _waiting(mode: str) -> tuple[pl.Expr, str]:
    waiting, waiting_code = _col("waiting_since")
    if mode == "waiting":
        return waiting.is_not_null(), f"{waiting_code}.is_not_null()"
    if mode == "not_waiting":
        return waiting.is_null(), f"{waiting_code}.is_null()"
    reply, reply_code = _col("first_reply_created_at")
    return (
        reply.is_null() | waiting.is_not_null(),
        f"{reply_code}.is_null() | {waiting_code}.is_not_null()",
    )


def json_path(key: str) -> str:
    """The JSON path of top-level ``key``, quoted so any key works.

    >>> print(json_path("it's"))
    $['it\\'s']
    """
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"$['{escaped}']"


def _attribute(
    condition: AttributeFilter, column: str = "custom_attributes"
) -> tuple[pl.Expr, str]:
    path = json_path(condition.key)
    value = pl.col(column).str.json_path_match(path)
    code = f"pl.col({column!r}).str.json_path_match({path!r})"
    if condition.op == "present":
        return value.is_not_null(), f"{code}.is_not_null()"
    if condition.op == "absent":
        return value.is_null(), f"{code}.is_null()"
    wanted = condition.value or ""
    if condition.op == "equals":
        return value == wanted, f"({code} == {wanted!r})"
    if condition.op == "not_equals":
        return value.ne_missing(wanted), f"{code}.ne_missing({wanted!r})"
    return (
        value.str.contains(wanted, literal=True),
        f"{code}.str.contains({wanted!r}, literal=True)",
    )


def _sla_missed(mode: str) -> tuple[pl.Expr, str]:
    missed = pl.col("sla_missed").fill_null(False)
    code = "pl.col('sla_missed').fill_null(False)"
    if mode == "yes":
        return missed, code
    return ~missed, f"~{code}"


def hour_of_week(zone: str = "UTC") -> tuple[pl.Expr, str]:
    """A message's hour of the week in ``zone`` (0 = Monday 00h .. 167), and its code.

    >>> hour_of_week("Asia/Kolkata")[1]
    "((pl.col('created_at').dt.convert_time_zone('Asia/Kolkata').dt.weekday().cast(pl.Int64) - 1) * 24 + pl.col('created_at').dt.convert_time_zone('Asia/Kolkata').dt.hour().cast(pl.Int64))"
    """
    created, code = pl.col("created_at"), "pl.col('created_at')"
    if zone != "UTC":
        created = created.dt.convert_time_zone(zone)
        code = f"{code}.dt.convert_time_zone({zone!r})"
    expr = (created.dt.weekday().cast(pl.Int64) - 1) * 24 + created.dt.hour().cast(pl.Int64)
    text = f"(({code}.dt.weekday().cast(pl.Int64) - 1) * 24 + {code}.dt.hour().cast(pl.Int64))"
    return expr, text


def text_pattern(text: str) -> str:
    """The case-insensitive regex that finds ``text`` literally.

    >>> text_pattern("a+b")
    '(?i)a\\\\+b'
    """
    return "(?i)" + re.escape(text.strip())


def _conversation_predicates(state: FilterState) -> Iterator[Predicate]:
    def make(name: str, built: tuple[pl.Expr, str]) -> Predicate:
        return Predicate(name, "conversations", built[0], built[1])

    if state.statuses:
        yield make("status", _one_of("status", state.statuses))
    if state.inbox_ids:
        yield make("inbox", _one_of("inbox_id", state.inbox_ids))
    if state.assignees:
        yield make("assignee", _assignees(state.assignees))
    if state.team_ids:
        yield make("team", _one_of("team_id", state.team_ids))
    if state.labels:
        yield make("labels", _labels(state.labels, state.labels_match))
    if state.priorities:
        yield make("priority", _one_of("priority", state.priorities))
    if state.channels:
        yield make("channel", _one_of("channel", state.channels))
    if state.date_from is not None or state.date_to is not None:
        yield make("date", _date_range(state))
    if state.waiting != "any":
        yield make("waiting", _waiting(state.waiting))
    for index, condition in enumerate(state.attributes):
        yield make(f"attribute {index}", _attribute(condition))
    for index, condition in enumerate(state.contact_attributes):
        yield make(f"contact attribute {index}", _attribute(condition, "contact_attributes"))
    if state.csat_ratings:
        yield make("csat", _one_of("csat_rating", sorted(state.csat_ratings)))
    if state.sla_missed != "any":
        yield make("sla missed", _sla_missed(state.sla_missed))
    if state.topics:
        yield make("topic", _one_of("topic", state.topics))


def _message_predicates(state: FilterState) -> Iterator[Predicate]:
    if state.text.strip():
        pattern = text_pattern(state.text)
        yield Predicate(
            "text",
            "messages",
            pl.col("content").str.contains(pattern),
            f"pl.col('content').str.contains({pattern!r})",
            search=state.text.strip(),
        )
    if state.message_types:
        expr, code = _one_of("message_type", state.message_types)
        yield Predicate("message type", "messages", expr, code)
    if state.message_hours:
        hours = sorted(state.message_hours)
        expr, code = hour_of_week(state.timezone)
        yield Predicate(
            "message hour", "messages", expr.is_in(hours), f"{code}.is_in({_list(hours)})"
        )


def predicates(state: FilterState) -> list[Predicate]:
    """Every condition of ``state``, conversations first, in a fixed order."""
    return [*_conversation_predicates(state), *_message_predicates(state)]


def linked_columns(found: Sequence[Predicate]) -> list[str]:
    """The linked columns (:mod:`voxys_frames.filters.linked`) the predicates read, in order.

    >>> linked_columns(predicates(FilterState(csat_ratings=(1,), sla_missed="no")))
    ['csat_rating', 'sla_missed']
    """
    roots = {name for p in found if p.table == "conversations" for name in p.expr.meta.root_names()}
    return [column for column in LINKED_COLUMNS if column in roots]


def combined(found: Sequence[Predicate], table: Table) -> tuple[pl.Expr, str] | None:
    """The AND of the predicates on ``table`` (expression and code), or None if there are none.

    >>> expr, code = combined(predicates(FilterState(statuses=("open",), channels=("Channel::Api",))), "conversations")
    >>> print(code)
    (pl.col('status').is_in(['open']))
    & (pl.col('channel').is_in(['Channel::Api']))
    """
    chosen = [p for p in found if p.table == table]
    if not chosen:
        return None
    expr = functools.reduce(operator.and_, [p.expr for p in chosen])
    return expr, "\n& ".join(f"({p.code})" for p in chosen)
