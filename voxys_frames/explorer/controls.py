"""The filter controls: standard ipywidgets 8 widgets, read into and set from a FilterState.

Each control carries a CSS class ``vx-<name>`` (``vx-status``, ``vx-text``...) so a
browser or a test can find it. Multi-choice filters are ``SelectMultiple`` lists whose
options come from the data (:mod:`voxys_frames.explorer.options`).

Examples
--------
>>> import polars as pl
>>> from voxys_frames.tables.frames import Frames
>>> from voxys_frames.explorer.options import options_of
>>> frames = Frames({"conversations": pl.DataFrame({"account_id": [1], "id": [1], "status": ["open"]})})
>>> controls = FilterControls(options_of(frames))
>>> controls.status.value = ("open",)
>>> controls.text.value = "refund"
>>> controls.read()
FilterState(statuses=('open',), ..., text='refund', message_types=())
>>> controls.write(FilterState()); controls.status.value
()
"""

from __future__ import annotations

from typing import Any, Final

import ipywidgets as widgets

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer.options import Options
from voxys_frames.filters import AttributeFilter, FilterState

NO_KEY: Final = ("(no attribute filter)", "")
WAITING: Final = (
    ("any", "any"),
    ("waiting for a reply", "waiting"),
    ("not waiting", "not_waiting"),
    ("unattended (never answered or waiting)", "unattended"),
)
DATE_FIELDS: Final = (("created", "created_at"), ("last activity", "last_activity_at"))
OPS: Final = (
    ("equals", "equals"),
    ("not equals", "not_equals"),
    ("contains", "contains"),
    ("present", "present"),
    ("absent", "absent"),
)
_LAYOUT: Final = {"width": "260px"}


def _multi(name: str, description: str, options: list[tuple[str, Any]]) -> Any:
    control = widgets.SelectMultiple(
        options=options,
        value=(),
        rows=min(max(len(options), 2), 6),
        description=description,
        layout=_LAYOUT,
    )
    control.add_class(f"vx-{name}")
    return control


def _tagged(control: Any, name: str) -> Any:
    control.add_class(f"vx-{name}")
    return control


class FilterControls:
    """Every filter control, and the conversions between them and a FilterState."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.status = _multi("status", "Status", options.statuses)
        self.inbox = _multi("inbox", "Inbox", options.inboxes)
        self.assignee = _multi("assignee", "Assignee", options.assignees)
        self.team = _multi("team", "Team", options.teams)
        self.labels = _multi("labels", "Labels", options.labels)
        self.labels_match = _tagged(
            widgets.ToggleButtons(
                options=(("any", "any"), ("all", "all")), value="any", description="Labels match"
            ),
            "labels-match",
        )
        self.priority = _multi("priority", "Priority", options.priorities)
        self.channel = _multi("channel", "Channel", options.channels)
        self.message_type = _multi("message-type", "Message type", options.message_types)
        self.date_field = _tagged(
            widgets.Dropdown(options=DATE_FIELDS, value="created_at", description="Date of"),
            "date-field",
        )
        self.date_from = _tagged(widgets.DatePicker(description="From"), "date-from")
        self.date_to = _tagged(widgets.DatePicker(description="To (incl.)"), "date-to")
        self.waiting = _tagged(
            widgets.Dropdown(options=WAITING, value="any", description="Waiting"), "waiting"
        )
        self.text = _tagged(
            widgets.Text(
                value="",
                placeholder="words in message content",
                description="Text",
                continuous_update=False,
            ),
            "text",
        )
        self.attribute_key = _tagged(
            widgets.Dropdown(
                options=[NO_KEY, *((k, k) for k in options.attribute_keys)],
                value="",
                description="Attribute",
            ),
            "attribute-key",
        )
        self.attribute_op = _tagged(
            widgets.Dropdown(options=OPS, value="equals", description="is"), "attribute-op"
        )
        self.attribute_value = _tagged(
            widgets.Combobox(
                options=[], value="", placeholder="value", description="value", ensure_option=False
            ),
            "attribute-value",
        )
        self.attribute_key.observe(self._offer_attribute_values, names="value")

    @property
    def all(self) -> list[Any]:
        """Every control whose value is part of the state."""
        return [
            self.status,
            self.inbox,
            self.assignee,
            self.team,
            self.labels,
            self.labels_match,
            self.priority,
            self.channel,
            self.message_type,
            self.date_field,
            self.date_from,
            self.date_to,
            self.waiting,
            self.text,
            self.attribute_key,
            self.attribute_op,
            self.attribute_value,
        ]

    def layout(self) -> Any:
        """The controls laid out in three columns."""
        return widgets.HBox(
            [
                widgets.VBox([self.status, self.inbox, self.assignee, self.team]),
                widgets.VBox([self.labels, self.labels_match, self.priority, self.channel]),
                widgets.VBox(
                    [
                        self.text,
                        self.message_type,
                        self.waiting,
                        self.date_field,
                        self.date_from,
                        self.date_to,
                        self.attribute_key,
                        self.attribute_op,
                        self.attribute_value,
                    ]
                ),
            ]
        )

    def _offer_attribute_values(self, change: dict[str, Any]) -> None:
        self.attribute_value.options = self.options.attribute_values.get(change["new"], [])

    def _attributes(self) -> tuple[AttributeFilter, ...]:
        key, op, value = (
            self.attribute_key.value,
            self.attribute_op.value,
            self.attribute_value.value,
        )
        if not key:
            return ()
        if op in ("present", "absent"):
            return (AttributeFilter(key, op),)
        return (AttributeFilter(key, op, value),) if value else ()

    def read(self) -> FilterState:
        """The state the controls show (an attribute condition without its value is left out)."""
        return FilterState(
            statuses=tuple(self.status.value),
            inbox_ids=tuple(self.inbox.value),
            assignees=tuple(self.assignee.value),
            team_ids=tuple(self.team.value),
            labels=tuple(self.labels.value),
            labels_match=self.labels_match.value,
            priorities=tuple(self.priority.value),
            channels=tuple(self.channel.value),
            date_field=self.date_field.value,
            date_from=self.date_from.value,
            date_to=self.date_to.value,
            waiting=self.waiting.value,
            attributes=self._attributes(),
            text=self.text.value,
            message_types=tuple(self.message_type.value),
        )

    def write(self, state: FilterState) -> None:
        """Show ``state``; values absent from the options raise ConfigurationError."""
        pairs = [
            (self.status, state.statuses),
            (self.inbox, state.inbox_ids),
            (self.assignee, state.assignees),
            (self.team, state.team_ids),
            (self.labels, state.labels),
            (self.priority, state.priorities),
            (self.channel, state.channels),
            (self.message_type, state.message_types),
        ]
        for control, values in pairs:
            _check_offered(control, values)
        if len(state.attributes) > 1:
            msg = "the explorer shows one attribute condition; filter the others with select()"
            raise ConfigurationError(msg)
        for control, values in pairs:
            control.value = tuple(values)
        self.labels_match.value = state.labels_match
        self.date_field.value = state.date_field
        self.date_from.value = state.date_from
        self.date_to.value = state.date_to
        self.waiting.value = state.waiting
        self.text.value = state.text
        condition = state.attributes[0] if state.attributes else None
        if condition:
            _check_offered(self.attribute_key, (condition.key,))
        self.attribute_key.value = condition.key if condition else ""
        self.attribute_op.value = condition.op if condition else "equals"
        self.attribute_value.value = (condition.value or "") if condition else ""


def _check_offered(control: Any, values: tuple[Any, ...]) -> None:
    offered = {value for _, value in control.options}
    missing = [v for v in values if v not in offered]
    if missing:
        msg = f"{control.description}: {missing!r} not among the options of the data"
        raise ConfigurationError(msg)
