"""Hand-written response bodies that follow the API reference, traps included.

Each builder returns one parsed JSON object of a documented shape; keyword arguments
override or add keys, and ``ABSENT`` removes one. :func:`dump` serialises a body the
way the server does (``<``, ``>`` and ``&`` escaped as ``\\u003c``...).
"""

from __future__ import annotations

from typing import Any, Final

import orjson

JSON = dict[str, Any]
ABSENT: Final = object()
"""Pass as a keyword value to remove that key from the object."""

T0: Final = 1_740_820_530  # 2025-03-01T09:15:30Z
BIG: Final = 9_999_999_998  # the largest custom-attribute integer the server accepts, > 2**31
BIG_53: Final = 2**53 + 1  # not representable as a float64
LONG_TEXT: Final = "x" * 100_000
UNICODE_TEXT: Final = "مرحبا 👩‍👩‍👧‍👦 你好 ２３ \u200b end"
SCRIPT_TEXT: Final = "<script>alert('x')</script> & more"


def _apply(base: JSON, overrides: dict[str, Any]) -> JSON:
    for key, value in overrides.items():
        if value is ABSENT:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def dump(body: Any) -> bytes:
    """Serialise like ActiveSupport: raw UTF-8, with <, > and & as \\u escapes."""
    raw = orjson.dumps(body)
    return raw.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


# --- senders (reference 4.7) ---------------------------------------------------------------


def contact_sender(sender_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "additional_attributes": {"city": "Pune"},
            "custom_attributes": {},
            "email": f"c{sender_id}@example.com",
            "id": sender_id,
            "identifier": None,
            "name": f"Contact {sender_id}",
            "phone_number": None,
            "thumbnail": "",
            "blocked": False,
            "type": "contact",
        },
        over,
    )


def user_sender(sender_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "id": sender_id,
            "name": f"User {sender_id}",
            "available_name": f"U{sender_id}",
            "avatar_url": "",
            "type": "user",
            "availability_status": "online",
            "thumbnail": "",
        },
        over,
    )


def bot_sender(sender_id: int, **over: Any) -> JSON:
    return _apply(
        {"id": sender_id, "name": f"Bot {sender_id}", "avatar_url": "", "type": "agent_bot"}, over
    )


def captain_sender(sender_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "id": sender_id,
            "name": f"Captain {sender_id}",
            "avatar_url": "",
            "description": "assistant",
            "created_at": "2025-01-02T03:04:05.000Z",
            "type": "captain_assistant",
        },
        over,
    )


SENDER_CLASS: Final = {
    "contact": "Contact",
    "user": "User",
    "agent_bot": "AgentBot",
    "captain_assistant": "Captain::Assistant",
}


# --- attachments (4.6) -----------------------------------------------------------------------


def attachment(attachment_id: int, message_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "id": attachment_id,
            "message_id": message_id,
            "file_type": "image",
            "account_id": 1,
            "extension": "png",
            "data_url": f"https://files.example/{attachment_id}.png",
            "thumb_url": f"https://files.example/{attachment_id}-thumb.png",
            "file_size": 2048,
            "width": None,
            "height": None,
        },
        over,
    )


def location_attachment(attachment_id: int, message_id: int) -> JSON:
    return {
        "id": attachment_id,
        "message_id": message_id,
        "file_type": "location",
        "account_id": 1,
        "coordinates_lat": 0.0,
        "coordinates_long": 0.0,
        "fallback_title": "Somewhere",
        "data_url": "",
    }


# --- messages (3.4 embedded, 4.3 endpoint) -------------------------------------------------


def endpoint_message(
    message_id: int,
    conversation_id: int,
    *,
    sender: JSON | None = None,
    attachments: list[Any] | None = None,
    **over: Any,
) -> JSON:
    """The messages-endpoint shape: no account_id, updated_at, sender_type/id..."""
    body: JSON = {
        "id": message_id,
        "content": f"message {message_id}",
        "inbox_id": 3,
        "conversation_id": conversation_id,
        "message_type": 0,
        "content_type": "text",
        "status": "sent",
        "content_attributes": {},
        "created_at": T0 + message_id,
        "private": False,
        "source_id": None,
    }
    if sender is not None:
        body["sender"] = sender
    if attachments is not None:
        body["attachments"] = attachments
    return _apply(body, over)


def embedded_message(
    message_id: int,
    conversation_id: int,
    *,
    sender: JSON | None = None,
    attachments: list[Any] | None = None,
    **over: Any,
) -> JSON:
    """The push_event_data shape embedded in list pages (a superset of the endpoint's)."""
    body = endpoint_message(message_id, conversation_id, sender=sender, attachments=attachments)
    body.update(
        {
            "account_id": 1,
            "updated_at": "2025-03-01T09:20:00.000Z",
            "sender_type": SENDER_CLASS[sender["type"]] if sender else None,
            "sender_id": sender["id"] if sender else None,
            "external_source_ids": {},
            "additional_attributes": {},
            "processed_message_content": body["content"],
            "sentiment": {},
            "conversation": {
                "assignee_id": None,
                "unread_count": 0,
                "last_activity_at": T0,
                "contact_inbox": {"source_id": "abc"},
            },
        }
    )
    return _apply(body, over)


# --- conversation and its meta (3.1, 3.2) ---------------------------------------------------


def meta_sender(contact_id: int, **over: Any) -> JSON:
    """The contact partial of ``meta.sender``: no ``type``, adds created_at etc."""
    return _apply(
        {
            "additional_attributes": {},
            "availability_status": "offline",
            "email": None,
            "id": contact_id,
            "name": "",
            "phone_number": "+15550001",
            "blocked": False,
            "identifier": None,
            "thumbnail": "",
            "custom_attributes": {},
            "last_activity_at": T0,
            "created_at": T0 - 1000,
        },
        over,
    )


def agent_assignee(user_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "id": user_id,
            "account_id": 1,
            "availability_status": "busy",
            "auto_offline": True,
            "confirmed": True,
            "email": f"agent{user_id}@example.com",
            "provider": "email",
            "available_name": f"Agent {user_id}",
            "name": f"Agent {user_id}",
            "role": "agent",
            "thumbnail": "",
            "custom_role_id": None,
        },
        over,
    )


def bot_assignee(bot_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "id": bot_id,
            "name": f"Bot {bot_id}",
            "description": "triage",
            "thumbnail": "",
            "bot_type": "webhook",
        },
        over,
    )


def team(team_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "id": team_id,
            "name": f"team {team_id}",
            "description": None,
            "allow_auto_assign": True,
            "account_id": 1,
            "is_member": False,
        },
        over,
    )


def applied_sla(sla_id: int) -> JSON:
    return {
        "id": sla_id,
        "sla_id": 4,
        "sla_status": "missed",
        "created_at": T0,
        "updated_at": T0 + 10,
        "sla_description": None,
        "sla_name": "Gold",
        "sla_first_response_time_threshold": 300.0,
        "sla_next_response_time_threshold": None,
        "sla_resolution_time_threshold": 86400.0,
        "sla_only_during_business_hours": None,
    }


def sla_event(event_id: int, **over: Any) -> JSON:
    return _apply(
        {
            "id": event_id,
            "event_type": "frt",
            "meta": {"n": BIG},
            "created_at": T0,
            "updated_at": T0,
        },
        over,
    )


def conversation(
    conversation_id: int,
    *,
    contact_id: int | None = None,
    latest: JSON | None = None,
    meta: dict[str, Any] | None = None,
    **over: Any,
) -> JSON:
    """A list/show conversation; ``latest`` is its one embedded message (or none)."""
    body: JSON = {
        "id": conversation_id,
        "messages": [latest] if latest is not None else [],
        "account_id": 1,
        "uuid": f"00000000-0000-0000-0000-{conversation_id:012d}",
        "additional_attributes": {},
        "agent_last_seen_at": T0 + 5,
        "assignee_last_seen_at": 0,
        "can_reply": True,
        "contact_last_seen_at": 0,
        "custom_attributes": {},
        "inbox_id": 3,
        "labels": [],
        "muted": False,
        "snoozed_until": None,
        "status": "open",
        "created_at": T0,
        "updated_at": T0 + 0.123457,
        "timestamp": T0 + 60,
        "first_reply_created_at": 0,
        "unread_count": 0,
        "last_non_activity_message": None,
        "last_activity_at": T0 + 60,
        "priority": None,
        "waiting_since": 0,
        "sla_policy_id": None,
        "sla_events": [],
        "meta": {
            "sender": meta_sender(contact_id if contact_id is not None else conversation_id + 100),
            "channel": "Channel::WebWidget",
            "hmac_verified": False,
            **(meta or {}),
        },
    }
    return _apply(body, over)


def conversations_body(payload: list[Any], **meta: Any) -> JSON:
    counts = {"mine_count": 0, "assigned_count": 0, "unassigned_count": len(payload)}
    counts["all_count"] = len(payload)
    return {"data": {"meta": {**counts, **meta}, "payload": payload}}


def messages_body(
    payload: list[Any], *, contact: JSON | None = None, assignee: JSON | None = None
) -> JSON:
    meta: JSON = {
        "labels": ["billing"],
        "additional_attributes": {},
        "contact": contact or contact_sender(101),
        "agent_last_seen_at": "2025-03-01T09:20:00.000Z",
        "assignee_last_seen_at": None,
    }
    if assignee is not None:
        meta["assignee"] = assignee
    return {"meta": meta, "payload": payload}


# --- one page with every trap ------------------------------------------------------------------


def tricky_conversations() -> list[JSON]:
    """Conversations 1-8 of account 1, each carrying some of the edge cases."""
    deleted_embedded = embedded_message(
        15,
        5,
        content="This message was deleted",
        content_attributes={"deleted": True},
        sender_type=None,
        sender_id=None,
    )
    return [
        # 1: sentinels and a float updated_at; contact 7 sends, user 7 is the assignee
        conversation(
            1,
            contact_id=7,
            latest=embedded_message(11, 1, sender=contact_sender(7, name=UNICODE_TEXT)),
            labels=["vip", "billing"],
            custom_attributes={"plan": "gold", "seats": BIG, "ids": [BIG_53], "mixed": 5},
            meta={"assignee": agent_assignee(7), "assignee_type": "User", "team": team(2)},
            first_reply_created_at=T0 + 30,
        ),
        # 2: snoozed (ISO snoozed_until), bot assignee, bot sender 7, applied SLA + events
        conversation(
            2,
            status="snoozed",
            snoozed_until="2025-03-02T08:00:00.000Z",
            latest=embedded_message(12, 2, sender=bot_sender(7), message_type=1),
            meta={"assignee": bot_assignee(7), "assignee_type": "AgentBot"},
            custom_attributes={"mixed": ["a", 1], "plan": 3},
            applied_sla=applied_sla(30),
            sla_policy_id=4,
            sla_events=[sla_event(40), sla_event(41, event_type="rt", meta={})],
        ),
        # 3: captain sender 7, applied_sla null, attachments with a null element
        conversation(
            3,
            latest=embedded_message(
                13,
                3,
                sender=captain_sender(7),
                message_type=3,
                attachments=[attachment(50, 13), None, location_attachment(51, 13)],
            ),
            applied_sla=None,
            priority="urgent",
            waiting_since=T0 + 1,
        ),
        # 4: applied_sla {}, no messages at all, unknown fork keys on conversation and meta
        conversation(
            4,
            applied_sla={},
            fork_flag=True,
            meta={"fork_meta": {"level": 2}},
            additional_attributes={"browser": {"browser_name": "Firefox"}, "referer": None},
        ),
        # 5: deleted message with a deleted sender; last_non_activity_message present
        conversation(
            5,
            latest=deleted_embedded,
            last_non_activity_message=embedded_message(14, 5, sender=contact_sender(105)),
        ),
        # 6: activity message (no sender key), <script> text, embedded message fork key
        conversation(
            6,
            latest=embedded_message(
                16, 6, message_type=2, content=SCRIPT_TEXT, client_message_id="c-16"
            ),
            status="resolved",
        ),
        # 7: CSAT reply: submitted_values is an object; 100k-char content
        conversation(
            7,
            latest=embedded_message(
                17,
                7,
                sender=contact_sender(107),
                content=LONG_TEXT,
                content_type="input_csat",
                content_attributes={
                    "submitted_values": {
                        "csat_survey_response": {"rating": 5, "feedback_message": "ok"}
                    }
                },
            ),
        ),
        # 8: assigned user left the account: no meta.assignee, id only in embedded message
        conversation(
            8,
            latest=embedded_message(
                18,
                8,
                sender=contact_sender(108),
                content_type="input_select",
                content_attributes={"submitted_values": [{"name": "a", "title": "A", "value": 1}]},
                conversation={"assignee_id": 77, "unread_count": 2, "last_activity_at": T0},
            ),
            unread_count=10,
        ),
    ]


def tricky_conversations_body() -> JSON:
    return conversations_body(tricky_conversations(), waiting_count=3)


def deleted_endpoint_message() -> JSON:
    return endpoint_message(
        15,
        5,
        content="This message was deleted",
        content_attributes={"deleted": True},
    )


# --- other endpoints (reference 5) --------------------------------------------------------------


def agents_body() -> list[JSON]:
    return [
        agent_assignee(7, custom_attributes={"desk": 4}),
        agent_assignee(8, role="administrator"),
    ]


def teams_body() -> list[JSON]:
    return [team(2, is_member=True), team(3, description="Escalations")]


def inboxes_body() -> JSON:
    return {
        "payload": [
            {
                "id": 3,
                "name": "Website",
                "channel_id": 1,
                "channel_type": "Channel::WebWidget",
                "avatar_url": "",
                "website_url": "https://example.com",
                "widget_color": "#1f93ff",
                "hmac_token": "SECRET-HMAC",
                "timezone": "UTC",
                "working_hours_enabled": False,
            },
            {
                "id": 4,
                "name": "Mail",
                "channel_id": 2,
                "channel_type": "Channel::Email",
                "email": "support@example.com",
                "imap_password": "SECRET-IMAP",
                "smtp_password": "SECRET-SMTP",
                "provider_config": {"api_key": "SECRET-PROVIDER"},
                "auth_token": "SECRET-TWILIO",
            },
        ]
    }


def labels_body() -> JSON:
    return {
        "payload": [
            {
                "id": 1,
                "title": "vip",
                "description": None,
                "color": "#ff0000",
                "show_on_sidebar": True,
            },
            {
                "id": 2,
                "title": "billing",
                "description": "Money",
                "color": "#00ff00",
                "show_on_sidebar": False,
            },
        ]
    }


def contacts_body(*, current_page: Any = "2") -> JSON:
    first = meta_sender(7, email="seven@example.com", name="Seven")
    first["contact_inboxes"] = [
        {
            "source_id": "s-7",
            "inbox": {
                "id": 3,
                "avatar_url": "",
                "channel_id": 1,
                "name": "Website",
                "channel_type": "Channel::WebWidget",
                "provider": None,
            },
        }
    ]
    second = meta_sender(8, last_activity_at=ABSENT, custom_attributes={"tier": BIG})
    second["contact_inboxes"] = []
    return {"meta": {"count": 2, "current_page": current_page}, "payload": [first, second]}


def reporting_events_body() -> JSON:
    return {
        "payload": [
            {
                "id": 900,
                "name": "first_response",
                "value": 42.5,
                "value_in_business_hours": 40,
                "event_start_time": "2025-03-01T09:15:30.000Z",
                "event_end_time": "2025-03-01T09:16:12.500Z",
                "account_id": 1,
                "inbox_id": 3,
                "user_id": 7,
                "conversation_id": 123456,
                "created_at": "2025-03-01T09:16:12.500Z",
                "updated_at": "2025-03-01T09:16:12.500Z",
            }
        ],
        "meta": {"count": 1, "current_page": 1, "total_pages": 1},
    }


# --- CSAT, custom attribute definitions, applied SLAs (chatwoot-reports-api.md §2) ---------


def csat_response(response_id: int, conversation_id: int, *, rating: Any = 4, **over: Any) -> JSON:
    """One element of ``GET /csat_survey_responses``: ``conversation_id`` is the display id."""
    return _apply(
        {
            "id": response_id,
            "rating": rating,
            "feedback_message": f"comment {response_id}",
            "account_id": 1,
            "message_id": 10_000 + response_id,
            "contact": meta_sender(8, name="Ann"),
            "conversation_id": conversation_id,
            "assigned_agent": agent_assignee(3),
            "created_at": T0 + response_id,
        },
        over,
    )


def enterprise_csat_response(response_id: int, conversation_id: int, **over: Any) -> JSON:
    """An enterprise build's response: review notes, when and by whom."""
    return csat_response(
        response_id,
        conversation_id,
        csat_review_notes="called back",
        review_notes_updated_at=T0 + 3600,
        review_notes_updated_by={"id": 5, "name": "Supervisor"},
        **over,
    )


def custom_attribute_definition(definition_id: int, **over: Any) -> JSON:
    """One element of ``GET /custom_attribute_definitions`` (timestamps as ISO text)."""
    return _apply(
        {
            "id": definition_id,
            "attribute_display_name": "Plan",
            "attribute_display_type": "list",
            "attribute_description": "Subscription plan",
            "attribute_key": "plan",
            "regex_pattern": None,
            "regex_cue": None,
            "attribute_values": ["free", "pro"],
            "attribute_model": "conversation_attribute",
            "default_value": None,
            "created_at": "2025-03-01T09:15:30.000Z",
            "updated_at": "2025-03-02T10:00:00.250Z",
        },
        over,
    )


def applied_sla_entry(
    applied_id: int, conversation_id: int, *, events: list[JSON] | None = None, **over: Any
) -> JSON:
    """One ``payload`` element of ``GET /applied_slas``: the applied SLA, a conversation
    summary (``id`` is the display id, ``labels`` the cached comma-separated list) and its
    SLA events."""
    return _apply(
        {
            "applied_sla": applied_sla(applied_id),
            "conversation": {
                "id": conversation_id,
                "contact": {"name": "Ann"},
                "labels": "billing,vip",
                "assignee": agent_assignee(3),
            },
            "sla_events": [sla_event(70_000 + applied_id)] if events is None else events,
        },
        over,
    )


def applied_slas_body(entries: list[JSON], *, count: int | None = None, page: int = 1) -> JSON:
    return {
        "payload": entries,
        "meta": {"count": len(entries) if count is None else count, "current_page": page},
    }
