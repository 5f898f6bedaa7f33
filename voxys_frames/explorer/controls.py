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
FilterState(statuses=('open',), ..., text='refund', message_types=(), message_hours=())
>>> controls.write(FilterState()); controls.status.value
()
"""

from __future__ import annotations

from typing import Any, Final

import ipywidgets as widgets

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.explorer.charts import WEEKDAYS
from voxys_frames.explorer.conditions import AttributeRows
from voxys_frames.explorer.options import Options
from voxys_frames.filters import FilterState
from voxys_frames.filters.state import HOURS_OF_WEEK

WAITING: Final = (
    ("any", "any"),
    ("waiting for a reply", "waiting"),
    ("not waiting", "not_waiting"),
    ("unattended (never answered or waiting)", "unattended"),
)
DATE_FIELDS: Final = (("created", "created_at"), ("last activity", "last_activity_at"))
SLA_MISSED: Final = (("any", "any"), ("missed", "yes"), ("not missed", "no"))
HOURS: Final = tuple(
    (f"{WEEKDAYS[slot // 24]} {slot % 24:02d}h", slot) for slot in range(HOURS_OF_WEEK)
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
        self.attributes = AttributeRows("attributes", "Attribute", options.attribute_values)
        self.contact_attributes = AttributeRows(
            "contact-attributes", "Contact attribute", options.contact_attribute_values
        )
        self.csat = _multi("csat", "CSAT rating", options.csat_ratings)
        self.sla_missed = _tagged(
            widgets.Dropdown(options=SLA_MISSED, value="any", description="SLA"), "sla-missed"
        )
        self.message_hour = _multi("message-hour", "Hour of week", list(HOURS))
        self.topic = _multi("topic", "Topic", options.topics)

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
            self.attributes,
            self.contact_attributes,
            self.csat,
            self.sla_missed,
            self.message_hour,
            self.topic,
        ]

    def layout(self) -> Any:
        """The controls laid out in three columns, attribute conditions below (the topic
        list only when there are topics)."""
        topic = [self.topic] if self.options.topics else []
        columns = widgets.HBox(
            [
                widgets.VBox(
                    [self.status, self.inbox, self.assignee, self.team, self.csat, *topic]
                ),
                widgets.VBox(
                    [self.labels, self.labels_match, self.priority, self.channel, self.sla_missed]
                ),
                widgets.VBox(
                    [
                        self.text,
                        self.message_type,
                        self.message_hour,
                        self.waiting,
                        self.date_field,
                        self.date_from,
                        self.date_to,
                    ]
                ),
            ]
        )
        return widgets.VBox([columns, widgets.HBox([self.attributes, self.contact_attributes])])

    def read(self) -> FilterState:
        """The state the controls show (an attribute row without its value is left out)."""
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
            attributes=tuple(self.attributes.value),
            contact_attributes=tuple(self.contact_attributes.value),
            csat_ratings=tuple(self.csat.value),
            sla_missed=self.sla_missed.value,
            topics=tuple(self.topic.value),
            text=self.text.value,
            message_types=tuple(self.message_type.value),
            message_hours=tuple(self.message_hour.value),
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
            (self.csat, state.csat_ratings),
            (self.message_hour, state.message_hours),
            (self.topic, state.topics),
        ]
        for control, values in pairs:
            _check_offered(control, values)
        self.attributes.value = state.attributes
        self.contact_attributes.value = state.contact_attributes
        for control, values in pairs:
            control.value = tuple(values)
        self.labels_match.value = state.labels_match
        self.date_field.value = state.date_field
        self.date_from.value = state.date_from
        self.date_to.value = state.date_to
        self.waiting.value = state.waiting
        self.sla_missed.value = state.sla_missed
        self.text.value = state.text


def _check_offered(control: Any, values: tuple[Any, ...]) -> None:
    offered = {value for _, value in control.options}
    missing = [v for v in values if v not in offered]
    if missing:
        msg = f"{control.description}: {missing!r} not among the options of the data"
        raise ConfigurationError(msg)
