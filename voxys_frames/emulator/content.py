"""What a message says: content, content type, attributes and attachments.

All of it is a pure function of the message id and its event, so the list
endpoint's embedded message and the messages endpoint always agree.

Examples
--------
>>> from voxys_frames.emulator.timeline import KIND_INCOMING, ACTOR_CONTACT
>>> body = message_body(42, (1_700_000_000, KIND_INCOMING, ACTOR_CONTACT, 3, 0, 0, 0),
...                     first=True, channel="Channel::Api", account_id=1, names={})
>>> body.content_type
'text'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from voxys_frames.emulator import text
from voxys_frames.emulator.reasons import Customer, customer_text, message_sentiment
from voxys_frames.emulator.timeline import (
    A_ASSIGN,
    A_AUTO_RESOLVE,
    A_BOT_ASSIGN,
    A_LABELS,
    A_OPEN,
    A_PENDING,
    A_RESOLVE,
    A_SNOOZE,
    A_SYSTEM_OPEN,
    A_TEAM,
    A_UNASSIGN,
    ACTOR_BOT,
    ACTOR_CAPTAIN,
    ACTOR_CONTACT,
    ACTOR_NONE,
    ACTOR_USER,
    F_ATTACH,
    F_AUTOMATION,
    F_CAMPAIGN,
    F_CSAT,
    F_CSAT_ANSWERED,
    F_DELETED,
    F_EMAIL,
    F_FAILED,
    F_INTERACTIVE,
    F_LONG,
    F_MENTION,
    F_PRIVATE,
    F_STICKER,
    KIND_ACTIVITY,
    KIND_INCOMING,
    KIND_OUTGOING,
    KIND_TEMPLATE,
    Event,
)

FILE_TYPES_BY_CHANNEL: dict[str, tuple[str, ...]] = {
    "Channel::WebWidget": ("image", "file", "image", "video"),
    "Channel::Email": ("file", "image", "file"),
    "Channel::Whatsapp": ("image", "audio", "video", "location", "contact", "file"),
    "Channel::FacebookPage": ("image", "fallback", "share", "video"),
    "Channel::Instagram": ("image", "story_mention", "ig_reel", "ig_post", "ig_story", "share"),
    "Channel::Api": ("file", "embed", "image"),
    "Channel::Telegram": ("image", "audio", "location", "file"),
    "Channel::TwilioSms": ("image",),
}

FILE_TYPE_CODES = (
    "image",
    "audio",
    "video",
    "file",
    "location",
    "fallback",
    "share",
    "story_mention",
    "contact",
    "ig_reel",
    "ig_post",
    "ig_story",
    "embed",
)


ENGLISH_REFUND = Customer(0, "en")
"""The customer of :func:`message_body` when none is given."""


@dataclass
class MessageBody:
    """The content-related fields of one message."""

    content: str | None
    content_type: str = "text"
    content_attributes: dict[str, Any] = field(default_factory=dict)
    attachments: list[dict[str, Any] | None] = field(default_factory=list)
    status: str = "sent"
    source_id: str | None = None
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    external_source_ids: dict[str, Any] = field(default_factory=dict)
    sentiment: dict[str, Any] = field(default_factory=dict)
    processed_message_content: str | None = None


def activity_text(event: Event, names: Mapping[str, str]) -> str:
    """The English sentence Chatwoot renders for an activity message."""
    _, _, actor_type, actor_id, _, sub, target = event
    actor = names[f"{actor_type}:{actor_id}"] if actor_type != ACTOR_NONE else "System"
    if sub == A_ASSIGN:
        return f"Assigned to {names[f'{ACTOR_USER}:{target}']} by {actor}"
    if sub == A_BOT_ASSIGN:
        return f"Assigned to {names[f'{ACTOR_BOT}:{target}']} by {actor}"
    if sub == A_UNASSIGN:
        return f"Conversation unassigned by {actor}"
    if sub == A_TEAM:
        return f"Assigned to {names[f'team:{target}']} by {actor}"
    if sub == A_LABELS:
        return f"{actor} added {names[f'tags:{target}']}"
    if sub == A_RESOLVE:
        return f"Conversation was marked resolved by {actor}"
    if sub == A_AUTO_RESOLVE:
        return "Conversation was marked resolved by system due to 7 days of inactivity"
    if sub == A_OPEN:
        return f"Conversation was reopened by {actor}"
    if sub == A_SYSTEM_OPEN:
        return "System reopened the conversation due to a new incoming message."
    if sub == A_PENDING:
        return f"Conversation was marked as pending by {actor}"
    if sub == A_SNOOZE:
        return f"Conversation was snoozed by {actor}"
    return "Conversation updated"


def _attachment(mid: int, k: int, file_type: str, account_id: int) -> dict[str, Any]:
    attachment: dict[str, Any] = {
        "id": mid * 16 + k,
        "message_id": mid,
        "file_type": file_type,
        "account_id": account_id,
    }
    url = f"https://app.voxys.example/rails/active_storage/blobs/redirect/{mid}-{k}"
    if file_type == "location":
        attachment.update(
            coordinates_lat=0.0 if mid % 5 == 0 else 38.7223 + (mid % 100) / 1000,
            coordinates_long=0.0 if mid % 5 == 0 else -9.1393 - (mid % 100) / 1000,
            fallback_title="Shared location",
            data_url="https://maps.example/?q=38.72,-9.13",
        )
    elif file_type == "fallback":
        attachment.update(fallback_title="Unsupported attachment", data_url=url)
    elif file_type == "contact":
        attachment.update(
            fallback_title="+351 912 345 678", meta={"first_name": "Rui", "phone": "+351912345678"}
        )
    elif file_type == "embed":
        attachment.update(data_url="https://video.example/embed/42")
    else:
        extension = {"image": "png", "audio": "ogg", "video": "mp4"}.get(file_type, "pdf")
        analysed = mid % 7 != 0
        attachment.update(
            extension=extension if mid % 11 else None,
            data_url=url if mid % 13 else "",
            thumb_url=f"{url}/thumb" if file_type == "image" else "",
            file_size=1024 + (mid * 7919) % 5_000_000,
            width=(640 if analysed else None) if file_type in ("image", "video") else None,
            height=(480 if analysed else None) if file_type in ("image", "video") else None,
        )
        if file_type == "audio":
            attachment["transcribed_text"] = "" if mid % 2 else "Hello, I need help with my order"
    return attachment


def _attachments(mid: int, channel: str, account_id: int) -> list[dict[str, Any] | None]:
    types = FILE_TYPES_BY_CHANNEL.get(channel, ("file",))
    count = 1 + mid % 3
    result: list[dict[str, Any] | None] = [
        _attachment(mid, k, types[(mid + k) % len(types)], account_id) for k in range(count)
    ]
    if mid % 53 == 0:
        result.append(None)  # push_event_data returns nil for a blob without file_type
    return result


def _email_attributes(mid: int, subject: str, body: str) -> dict[str, Any]:
    return {
        "email": {
            "bcc": [],
            "cc": ["billing@customer.example"] if mid % 4 == 0 else [],
            "content_type": "multipart/alternative",
            "date": "2026-03-01T10:15:30+00:00",
            "from": [f"customer{mid % 1000}@mail.example"],
            "headers": {"x-mailer": "Mail 16.0"},
            "html_content": {
                "full": f"<p>{body[:2000]}</p>",
                "reply": f"<p>{body[:200]}</p>",
                "quoted": "",
            }
            if mid % 6
            else {},
            "in_reply_to": None,
            "message_id": f"{mid}@mail.example",
            "multipart": True,
            "number_of_attachments": 0,
            "references": [],
            "subject": subject,
            "text_content": {"full": body, "reply": body[:200], "quoted": ""},
            "to": ["support@voxys.example"],
            "auto_reply": mid % 37 == 0,
        }
    }


def message_body(
    mid: int,
    event: Event,
    *,
    first: bool,
    channel: str,
    account_id: int,
    names: Mapping[str, str],
    customer: Customer = ENGLISH_REFUND,
) -> MessageBody:
    """Build the content fields of message ``mid`` from its event.

    ``customer`` says why the contact writes and in which language.
    """
    _, kind, actor_type, _, flags, _, target = event
    email = bool(flags & F_EMAIL)
    if kind == KIND_ACTIVITY:
        return MessageBody(content=activity_text(event, names), content_type="text")
    if kind == KIND_TEMPLATE:
        if flags & F_CSAT:
            attrs: dict[str, Any] = {}
            if flags & F_CSAT_ANSWERED:
                attrs = {
                    "submitted_values": {
                        "csat_survey_response": {
                            "rating": target,
                            "feedback_message": text.pick(text.CUSTOMER_FOLLOWUPS, mid)
                            if target < 4
                            else "",
                        }
                    }
                }
            return MessageBody(
                content="Please rate the conversation",
                content_type="input_csat",
                content_attributes=attrs,
                status="sent",
            )
        return MessageBody(
            content="Hello {{1}}, your order is ready for pickup.",
            status="read",
            source_id=f"wamid.HBgM{mid:012d}",
            additional_attributes={
                "template_params": {
                    "name": "order_ready",
                    "category": "UTILITY",
                    "language": "en_US",
                    "namespace": "a1b2c3",
                    "processed_params": {"1": "Maria"},
                }
            },
        )
    body = MessageBody(content=None)
    if kind == KIND_INCOMING and actor_type == ACTOR_CONTACT:
        body.content = customer_text(customer.reason, customer.language, mid, first=first)
        if flags & F_LONG:
            body.content = text.long_email_body(mid)
        if email:
            subject = text.pick(text.EMAIL_SUBJECTS, mid)
            body.content_type = "incoming_email"
            body.content_attributes = _email_attributes(mid, subject, body.content or "")
            body.source_id = f"<{mid}@mail.example>"
        elif channel == "Channel::Whatsapp":
            body.source_id = f"wamid.HBgL{mid:012d}"
        if not first and mid % 19 == 0:
            body.content_attributes["in_reply_to"] = mid - 1 if mid % 38 else None
            body.content_attributes["in_reply_to_external_id"] = None
        if mid % 23 == 0 and not email:
            body.content_attributes["translations"] = {"en": "Translated: my order did not arrive"}
        if not flags & F_LONG:
            body.sentiment = message_sentiment(customer.reason, body.content, mid) or {}
    elif actor_type == ACTOR_USER:
        if flags & F_PRIVATE:
            note = text.pick(text.PRIVATE_NOTES, mid)
            if flags & F_MENTION:
                note = f"@{names[f'{ACTOR_USER}:{target}']} {note}"
            body.content = note
        else:
            body.content = text.pick(text.AGENT_REPLIES, mid)
            body.status = ("sent", "delivered", "read")[mid % 3]
        if email:
            body.content_attributes = {
                "cc_emails": [],
                "bcc_emails": [],
                "to_emails": [f"customer{mid % 1000}@mail.example"],
            }
        if mid % 31 == 0:
            body.external_source_ids = {"slack": f"C0123:{mid}.000100"}
        if flags & F_CAMPAIGN:
            body.additional_attributes = {"campaign_id": 3}
    elif kind == KIND_OUTGOING and actor_type == ACTOR_NONE:
        body.content = text.pick(text.AUTOMATION_REPLIES, mid)
        if flags & F_AUTOMATION:
            body.content_attributes = {"automation_rule_id": 2}
    elif actor_type in (ACTOR_BOT, ACTOR_CAPTAIN):
        body.content = text.pick(text.BOT_REPLIES, mid)
        if flags & F_INTERACTIVE:
            body.content_type, body.content_attributes = _interactive(mid)
            if body.content_type in ("cards", "form"):
                body.content = None
    body.processed_message_content = body.content
    if flags & F_STICKER:
        body.content = None
        body.processed_message_content = None
        body.content_type = "sticker"
        body.attachments = [_attachment(mid, 0, "image", account_id)]
    elif flags & F_ATTACH:
        body.attachments = _attachments(mid, channel, account_id)
    if flags & F_FAILED:
        body.status = "failed"
        body.content_attributes["external_error"] = "Message failed: the 24 hour window has closed"
    if flags & F_DELETED:
        body.content = text.DELETED_TEXT
        body.processed_message_content = text.DELETED_TEXT
        body.content_attributes = {"deleted": True}
        body.attachments = []
    return body


def _interactive(mid: int) -> tuple[str, dict[str, Any]]:
    variant = mid % 4
    if variant == 0:
        attrs: dict[str, Any] = {
            "items": [
                {"title": "Orders", "value": "orders"},
                {"title": "Billing", "value": "billing"},
                {"title": "Talk to a human", "value": "human"},
            ]
        }
        if mid % 8 == 0:
            attrs["submitted_values"] = [{"name": "topic", "title": "Billing", "value": "billing"}]
        return "input_select", attrs
    if variant == 1:
        return "cards", {
            "items": [
                {
                    "title": "Pro plan",
                    "description": "Everything in Basic, and more",
                    "media_url": "https://cdn.example/pro.png",
                    "actions": [
                        {"text": "Buy", "type": "link", "uri": "https://shop.example/pro"},
                        {"text": "Tell me more", "type": "postback", "payload": "PRO_INFO"},
                    ],
                }
            ]
        }
    if variant == 2:
        return "form", {
            "items": [
                {
                    "name": "email",
                    "label": "Email",
                    "type": "email",
                    "required": True,
                    "placeholder": "you@example.com",
                },
                {"name": "order", "label": "Order number", "type": "text", "required": False},
            ]
        }
    return "article", {
        "items": [
            {
                "title": "Refund policy",
                "description": "How refunds work",
                "link": "https://help.example/refunds",
            }
        ]
    }


__all__ = ["FILE_TYPE_CODES", "MessageBody", "activity_text", "message_body"]
