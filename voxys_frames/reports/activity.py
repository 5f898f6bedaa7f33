"""Activity messages read back into what happened: assignments and status changes.

Chatwoot writes an activity message (``message_type`` activity) for every
assignment and status change, in the account's language. The English sentences
are recognised here; anything else is ``unrecognised`` and counted by the reports,
never silently taken for "nothing happened".

Examples
--------
>>> parse_activity("Conversation was marked resolved by Bruno")
Activity(kind='resolved', actor='Bruno', target=None)
>>> parse_activity("Assigned to Kai Müller by System")
Activity(kind='assigned', actor='System', target='Kai Müller')
>>> parse_activity("Conversation was marked resolved by system due to 7 days of inactivity").kind
'auto_resolved'
>>> parse_activity("Conversation was resolved by Ann")
Activity(kind='contact_resolved', actor=None, target=None)
>>> parse_activity("Conversa resolvida por Ana").kind
'unrecognised'
"""

from __future__ import annotations

import re
from typing import Final, Literal, NamedTuple

ActivityKind = Literal[
    "assigned",
    "unassigned",
    "labels",
    "resolved",
    "auto_resolved",
    "contact_resolved",
    "reopened",
    "system_reopened",
    "pending",
    "snoozed",
    "unrecognised",
]

STATUS_AFTER: Final[dict[str, str]] = {
    "resolved": "resolved",
    "auto_resolved": "resolved",
    "contact_resolved": "resolved",
    "reopened": "open",
    "system_reopened": "open",
    "pending": "pending",
    "snoozed": "snoozed",
}
"""The conversation status each status-changing activity leads to."""


class Activity(NamedTuple):
    """One recognised activity: its kind, who acted and whom it names (by display name)."""

    kind: ActivityKind
    actor: str | None
    target: str | None


_PATTERNS: Final[tuple[tuple[ActivityKind, re.Pattern[str]], ...]] = (
    ("auto_resolved", re.compile(r"^Conversation was marked resolved by system due to .+$")),
    ("resolved", re.compile(r"^Conversation was marked resolved by (?P<actor>.+)$")),
    # conversations.activity.status.contact_resolved: the contact is no actor of the
    # reports (the resolution is the assignee's), so the name is not kept
    ("contact_resolved", re.compile(r"^Conversation was resolved by .+$")),
    ("system_reopened", re.compile(r"^System reopened the conversation due to .+$")),
    ("reopened", re.compile(r"^Conversation was reopened by (?P<actor>.+)$")),
    ("pending", re.compile(r"^Conversation was marked as pending by (?P<actor>.+)$")),
    ("snoozed", re.compile(r"^Conversation was snoozed by (?P<actor>.+)$")),
    ("snoozed", re.compile(r"^(?P<actor>.+) has snoozed this conversation.*$")),
    ("unassigned", re.compile(r"^Conversation unassigned by (?P<actor>.+)$")),
    ("assigned", re.compile(r"^Assigned to (?P<target>.+?)(?: team)? by (?P<actor>.+)$")),
    ("assigned", re.compile(r"^(?P<actor>.+) self-assigned this conversation$")),
    ("labels", re.compile(r"^(?P<actor>.+) (?:added|removed) .+$")),
)


def parse_activity(content: str | None) -> Activity:
    """Recognise one activity message's text (English, as Chatwoot writes it).

    >>> parse_activity(None)
    Activity(kind='unrecognised', actor=None, target=None)
    """
    text = (content or "").strip()
    for kind, pattern in _PATTERNS:
        found = pattern.match(text)
        if found:
            groups = found.groupdict()
            actor = groups.get("actor")
            target = groups.get("target")
            if kind == "assigned" and target is None:
                target = actor  # self-assigned
            return Activity(kind, actor, target)
    return Activity("unrecognised", None, None)
