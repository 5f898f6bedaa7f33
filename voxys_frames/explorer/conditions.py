"""Rows of custom-attribute conditions: add one, remove one, all must hold.

:class:`AttributeRows` is a box of rows (key, comparison, value, remove) and an "add"
button; its ``value`` is the tuple of complete conditions, and it changes whenever a
row does, so the explorer observes it like any other control. A row without a key, or
whose comparison needs a value it lacks, is left out of ``value``.

Examples
--------
>>> rows = AttributeRows("attributes", "Attribute", {"plan": ["free", "pro"], "vip": []})
>>> first, second = rows.add_row(), rows.add_row()
>>> rows.rows[0].key.value, rows.rows[0].op.value, rows.rows[0].text.value = "plan", "equals", "pro"
>>> rows.rows[1].key.value, rows.rows[1].op.value = "vip", "present"
>>> [c.to_dict() for c in rows.value]
[{'key': 'plan', 'op': 'equals', 'value': 'pro'}, {'key': 'vip', 'op': 'present', 'value': None}]
>>> rows.rows[0].remove.click(); len(rows.value)
1
>>> rows.value = (); len(rows.rows)
0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import ipywidgets as widgets
import traitlets

from voxys_frames.exceptions import ConfigurationError
from voxys_frames.filters import AttributeFilter

OPS: Final = (
    ("equals", "equals"),
    ("not equals", "not_equals"),
    ("contains", "contains"),
    ("present", "present"),
    ("absent", "absent"),
)
NO_KEY: Final = ("(choose a key)", "")


class AttributeRow:
    """One condition's controls."""

    def __init__(self, name: str, keys: Sequence[str], values: Mapping[str, list[str]]) -> None:
        self._values = values
        self.key = widgets.Dropdown(
            options=[NO_KEY, *((k, k) for k in keys)], value="", layout={"width": "170px"}
        )
        self.op = widgets.Dropdown(options=OPS, value="equals", layout={"width": "110px"})
        self.text = widgets.Combobox(
            options=[],
            value="",
            placeholder="value",
            ensure_option=False,
            layout={"width": "130px"},
        )
        self.remove = widgets.Button(icon="times", tooltip="remove", layout={"width": "32px"})
        self.box = widgets.HBox([self.key, self.op, self.text, self.remove])
        self.box.add_class(f"vx-{name}-row")
        self.key.observe(self._offer_values, names="value")

    def _offer_values(self, change: dict[str, Any]) -> None:
        self.text.options = self._values.get(change["new"], [])

    def condition(self) -> AttributeFilter | None:
        """The row's condition, or None while it is incomplete."""
        key, op, value = self.key.value, self.op.value, self.text.value
        if not key:
            return None
        if op in ("present", "absent"):
            return AttributeFilter(key, op)
        return AttributeFilter(key, op, value) if value else None

    def show(self, condition: AttributeFilter) -> None:
        """Set the row's controls to ``condition``."""
        self.key.value = condition.key
        self.op.value = condition.op
        self.text.value = condition.value or ""


class AttributeRows(widgets.VBox):  # type: ignore[misc]
    """Any number of attribute conditions; ``value`` is the tuple of complete ones."""

    value = traitlets.Tuple()

    def __init__(
        self, name: str, description: str, values: Mapping[str, list[str]], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.description = description
        self._name = name
        self._keys = list(values)
        self._values = values
        self.rows: list[AttributeRow] = []
        self.add = widgets.Button(description=f"add {description.lower()} condition", icon="plus")
        self.add.add_class(f"vx-{name}-add")
        self.add.on_click(lambda _: self.add_row())
        self.add_class(f"vx-{name}")
        self._writing = False
        self._redraw()

    def add_row(self) -> AttributeRow:
        """A new empty row at the end."""
        row = AttributeRow(self._name, self._keys, self._values)
        for control in (row.key, row.op, row.text):
            control.observe(lambda _: self._sync(), names="value")
        row.remove.on_click(lambda _: self._remove(row))
        self.rows.append(row)
        self._redraw()
        return row

    def _remove(self, row: AttributeRow) -> None:
        self.rows.remove(row)
        self._redraw()
        self._sync()

    def _redraw(self) -> None:
        title = widgets.HTML(f"<b>{self.description}</b>")
        self.children = [title, *(row.box for row in self.rows), self.add]

    def _sync(self) -> None:
        if not self._writing:
            found = (row.condition() for row in self.rows)
            self.value = tuple(c for c in found if c is not None)

    @traitlets.validate("value")
    def _show(self, proposal: dict[str, Any]) -> tuple[AttributeFilter, ...]:
        wanted: tuple[AttributeFilter, ...] = tuple(proposal["value"])
        current = tuple(c for c in (row.condition() for row in self.rows) if c is not None)
        if wanted == current:
            return wanted
        missing = sorted({c.key for c in wanted} - set(self._keys))
        if missing:
            msg = f"{self.description}: keys {missing!r} not among the keys of the data"
            raise ConfigurationError(msg)
        self._writing = True
        try:
            self.rows = []
            for condition in wanted:
                self.add_row().show(condition)
        finally:
            self._writing = False
        self._redraw()
        return wanted
