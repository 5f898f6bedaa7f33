"""The polars code that reproduces a filter state's selection.

The code works on two frames named ``conversations`` and ``messages`` (eager or lazy,
e.g. from :func:`voxys_frames.load_snapshot`) and rebinds both names to the selection,
exactly as :func:`voxys_frames.filters.select.select` computes it. CSAT, SLA and
contact-attribute conditions also read frames named ``csat_responses``,
``applied_slas`` and ``contacts``, topic conditions one named ``conversation_topics``
(:mod:`voxys_frames.filters.linked`).

Examples
--------
>>> from voxys_frames.filters.state import FilterState
>>> print(to_code(FilterState(statuses=("open",), text="refund")))
import polars as pl
<BLANKLINE>
conversations = conversations.filter(
    (pl.col('status').is_in(['open']))
)
messages = messages.filter(
    (pl.col('content').str.contains('(?i)refund'))
)
conversations = conversations.join(
    messages.select('account_id', pl.col('conversation_id').alias('id')).unique(),
    on=['account_id', 'id'],
    how='semi',
)
messages = messages.join(
    conversations.select('account_id', pl.col('id').alias('conversation_id')),
    on=['account_id', 'conversation_id'],
    how='semi',
)
<BLANKLINE>
"""

from __future__ import annotations

import textwrap

from voxys_frames.filters.linked import linked_code
from voxys_frames.filters.predicates import combined, linked_columns, predicates
from voxys_frames.filters.state import FilterState

_NARROW_CONVERSATIONS = """\
conversations = conversations.join(
    messages.select('account_id', pl.col('conversation_id').alias('id')).unique(),
    on=['account_id', 'id'],
    how='semi',
)
"""

_NARROW_MESSAGES = """\
messages = messages.join(
    conversations.select('account_id', pl.col('id').alias('conversation_id')),
    on=['account_id', 'conversation_id'],
    how='semi',
)
"""


def _filter(name: str, code: str) -> str:
    return f"{name} = {name}.filter(\n{textwrap.indent(code, '    ')}\n)\n"


def to_code(state: FilterState) -> str:
    """Python source that narrows ``conversations`` and ``messages`` to the selection."""
    found = predicates(state)
    lines = ["import polars as pl\n\n"]
    linked = linked_columns(found)
    lines.append(linked_code(linked))
    on_conversations = combined(found, "conversations")
    if on_conversations is not None:
        lines.append(_filter("conversations", on_conversations[1]))
    if linked:
        lines.append(f"conversations = conversations.drop({linked!r})\n")
    on_messages = combined(found, "messages")
    if on_messages is not None:
        lines.append(_filter("messages", on_messages[1]))
        lines.append(_NARROW_CONVERSATIONS)
    lines.append(_NARROW_MESSAGES)
    return "".join(lines)
