"""The declared tables: one source of truth for every column name and dtype.

Nothing is ever inferred from data: each table has a fixed list of columns, so an
all-null column keeps its dtype, an empty fetch gives empty frames with every column,
and every snapshot of every account has the same columns.

The rules shared by all tables:

* keys are the API's own ids: a conversation is ``(account_id, id)`` with ``id`` the
  per-account display id; a message, attachment or SLA event is its ``id``; a sender
  or assignee is ``(account_id, type, id)`` because user 7 and bot 7 are unrelated;
* a ``conversation_id`` column is always the display id (CSAT responses and applied
  SLAs send that one too), so it joins ``conversations.id`` with ``account_id``;
  reporting events send the conversation's primary key instead, kept as
  ``conversation_pk``;
* timestamps are ``Datetime("us", "UTC")`` whatever the wire encoding;
* free-form objects are canonical JSON text (columns marked ``json``): sorted keys,
  exact integers, parseable back to what the API sent;
* keys the table does not declare land in a JSON ``extra`` column, never dropped
  (inboxes are the one exception: they are allow-listed because the API puts secrets
  there, and only the *names* of the other keys are kept, in ``omitted_keys``).

Examples
--------
>>> TABLES["conversations"].key
('account_id', 'id')
>>> empty_frame("messages").schema["message_type"]
Enum(categories=['incoming', 'outgoing', 'activity', 'template'])
>>> empty_frame("labels").columns
['account_id', 'conversation_id', 'label']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

import polars as pl

from voxys_frames.tables.timestamps import DATETIME

MESSAGE_TYPES: Final = ("incoming", "outgoing", "activity", "template")
"""``message_type`` labels, in the order of the API's integer codes 0, 1, 2, 3."""

MESSAGE_TYPE: Final = pl.Enum(list(MESSAGE_TYPES))
"""The dtype of ``messages.message_type``."""

SOURCE_SHAPES: Final = ("messages_endpoint", "list_embedded")
"""Where a message row came from: the messages endpoint or a conversation list page."""

SOURCE_SHAPE: Final = pl.Enum(list(SOURCE_SHAPES))
"""The dtype of ``messages.source_shape``."""

SENDER_TYPES: Final[Mapping[str, str]] = {
    "contact": "Contact",
    "user": "User",
    "agent_bot": "AgentBot",
    "captain_assistant": "Captain::Assistant",
}
"""The ``sender.type`` tag of each sender shape, mapped to its class name."""


@dataclass(frozen=True)
class Column:
    """One declared column: its dtype, the API field it comes from, what it means."""

    name: str
    dtype: pl.DataType
    source: str
    doc: str
    json: bool = False


@dataclass(frozen=True)
class Table:
    """One declared table: its columns, its key, and what a row is."""

    name: str
    doc: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pl.Schema:
        """The polars schema, in declared column order."""
        return pl.Schema({c.name: c.dtype for c in self.columns})

    @property
    def names(self) -> list[str]:
        """The column names, in declared order."""
        return [c.name for c in self.columns]

    @property
    def json_columns(self) -> list[str]:
        """The columns holding canonical JSON text."""
        return [c.name for c in self.columns if c.json]


I64, STR, BOOL, F64 = pl.Int64(), pl.String(), pl.Boolean(), pl.Float64()
TIME = DATETIME


def _c(name: str, dtype: pl.DataType, source: str, doc: str) -> Column:
    return Column(name, dtype, source, doc)


def _j(name: str, source: str, doc: str) -> Column:
    return Column(name, STR, source, doc, json=True)


def _extra(what: str) -> Column:
    return _j(
        "extra",
        "(undeclared keys)",
        f"Keys of the {what} this table does not declare, as a JSON object; null when none.",
    )


def _account(source: str = "account_id") -> Column:
    return _c("account_id", I64, source, "Account id.")


CONVERSATIONS = Table(
    "conversations",
    "One row per conversation, from the conversations list endpoint.",
    ("account_id", "id"),
    (
        _account(),
        _c("id", I64, "id", "Display id: a per-account sequence, unique only with account_id."),
        _c("uuid", STR, "uuid", "Globally unique id."),
        _c("status", STR, "status", "open, resolved, pending or snoozed."),
        _c("priority", STR, "priority", "low, medium, high, urgent, or null (the usual case)."),
        _c("inbox_id", I64, "inbox_id", "Inbox the conversation belongs to."),
        _c("contact_id", I64, "meta.sender.id", "The contact (customer)."),
        _c(
            "assignee_id",
            I64,
            "meta.assignee.id, else messages[0].conversation.assignee_id",
            "Assigned user or bot id (see assignee_type); set even when the assigned user has left the account.",
        ),
        _c(
            "assignee_type",
            STR,
            "meta.assignee_type",
            "User or AgentBot; inferred from the assignee's shape on builds without the key; User for an assignee known only from the embedded message.",
        ),
        _c("team_id", I64, "meta.team.id", "Team, or null."),
        _c("channel", STR, "meta.channel", "Inbox channel type, e.g. Channel::WebWidget."),
        _c("labels", pl.List(STR), "labels", "Label titles; an empty list when none."),
        _c("created_at", TIME, "created_at (int epoch)", "Creation time."),
        _c("updated_at", TIME, "updated_at (float epoch)", "Last update, to the microsecond."),
        _c("last_activity_at", TIME, "last_activity_at (int epoch)", "Last activity."),
        _c(
            "timestamp",
            TIME,
            "timestamp (int epoch)",
            "Same as last_activity_at, as the API sends it.",
        ),
        _c(
            "first_reply_created_at",
            TIME,
            "first_reply_created_at (int epoch, 0 = null)",
            "First human reply; null when never answered.",
        ),
        _c(
            "waiting_since",
            TIME,
            "waiting_since (int epoch, 0 = null)",
            "Customer waiting since; null when not waiting.",
        ),
        _c(
            "agent_last_seen_at",
            TIME,
            "agent_last_seen_at (int epoch, 0 = null)",
            "Last time an agent opened it.",
        ),
        _c(
            "assignee_last_seen_at",
            TIME,
            "assignee_last_seen_at (int epoch, 0 = null)",
            "Last time the assignee opened it.",
        ),
        _c(
            "contact_last_seen_at",
            TIME,
            "contact_last_seen_at (int epoch, 0 = null)",
            "Last time the contact saw it.",
        ),
        _c(
            "snoozed_until",
            TIME,
            "snoozed_until (ISO string)",
            "End of the snooze; null unless snoozed.",
        ),
        _c(
            "unread_count",
            I64,
            "unread_count",
            "Unread incoming messages, capped at 10 by the API.",
        ),
        _c("muted", BOOL, "muted", "Whether the contact is blocked."),
        _c(
            "can_reply", BOOL, "can_reply", "Whether the messaging window is open (time-dependent)."
        ),
        _c(
            "hmac_verified",
            BOOL,
            "meta.hmac_verified",
            "Contact identity verified; null if unknown.",
        ),
        _c("sla_policy_id", I64, "sla_policy_id", "SLA policy, or null."),
        _c(
            "applied_sla_id",
            I64,
            "applied_sla.id",
            "Applied SLA id; null when applied_sla is absent, null or {}.",
        ),
        _c(
            "sla_status",
            STR,
            "applied_sla.sla_status",
            "active, hit, missed or active_with_misses.",
        ),
        _j("applied_sla", "applied_sla", "The applied SLA object; null when absent, null or {}."),
        _j("custom_attributes", "custom_attributes", "Custom attributes, as sent."),
        _j(
            "additional_attributes",
            "additional_attributes",
            "Channel-dependent attributes, as sent.",
        ),
        _c(
            "last_message_id",
            I64,
            "messages[0].id",
            "Latest message (also a row of messages); null when none.",
        ),
        _c(
            "last_non_activity_message_id",
            I64,
            "last_non_activity_message.id",
            "Latest non-activity message; null when none.",
        ),
        _extra('conversation (and of its meta, under the key "meta")'),
    ),
)

MESSAGES = Table(
    "messages",
    "One row per message, from the messages endpoint and from the messages embedded in list pages (one row per id).",
    ("id",),
    (
        _account("account_id (embedded) or the request's account"),
        _c("id", I64, "id", "Message id, unique across the install."),
        _c(
            "conversation_id", I64, "conversation_id", "Conversation display id (conversations.id)."
        ),
        _c("inbox_id", I64, "inbox_id", "Inbox id."),
        _c(
            "message_type",
            MESSAGE_TYPE,
            "message_type (0-3 or label)",
            "incoming, outgoing, activity or template.",
        ),
        _c(
            "content_type",
            STR,
            "content_type",
            "text, input_select, cards, form, incoming_email, ...",
        ),
        _c("content", STR, "content", "Text; null for attachment-only or card messages."),
        _c("private", BOOL, "private", "Private note."),
        _c("status", STR, "status", "sent, delivered, read or failed."),
        _c("created_at", TIME, "created_at (int epoch)", "Creation time."),
        _c(
            "updated_at",
            TIME,
            "updated_at (ISO string, embedded shape only)",
            "Last update; null from the messages endpoint.",
        ),
        _c(
            "sender_type",
            STR,
            "sender_type, else sender.type",
            "Contact, User, AgentBot or Captain::Assistant; null for activity messages and deleted senders.",
        ),
        _c(
            "sender_id",
            I64,
            "sender_id, else sender.id",
            "Sender id; unique only together with sender_type.",
        ),
        _c("sender_name", STR, "sender.name", "Sender display name."),
        _j("sender", "sender", "The sender object as sent; null when absent."),
        _c(
            "source_id",
            STR,
            "source_id",
            "External platform id (email Message-ID, WhatsApp id...).",
        ),
        _j(
            "content_attributes",
            "content_attributes",
            "Free-form message attributes (email, items, submitted_values...).",
        ),
        _c(
            "deleted",
            BOOL,
            "content_attributes.deleted",
            "Deleted message (content is then a localized placeholder).",
        ),
        _j(
            "additional_attributes",
            "additional_attributes (embedded shape only)",
            "campaign_id, template_params...",
        ),
        _j(
            "external_source_ids",
            "external_source_ids (embedded shape only)",
            "Ids on external platforms, e.g. slack.",
        ),
        _c(
            "processed_message_content",
            STR,
            "processed_message_content (embedded shape only)",
            "Content with email quoting stripped.",
        ),
        _j("sentiment", "sentiment (embedded shape only)", "Sentiment object."),
        _j(
            "conversation",
            "conversation (embedded shape only)",
            "Conversation state rendered with the message (assignee_id, unread_count...).",
        ),
        _c(
            "attachment_count",
            I64,
            "len(attachments)",
            "Attachments of the message (rows of attachments).",
        ),
        _c(
            "source_shape",
            SOURCE_SHAPE,
            "(where the row came from)",
            "messages_endpoint or list_embedded; a message seen in both is one row, preferring the endpoint and keeping the union of fields.",
        ),
        _extra("message"),
    ),
)

ATTACHMENTS = Table(
    "attachments",
    "One row per attachment of a message (null elements of the list carry no data and give no row).",
    ("id",),
    (
        _account(),
        _c("id", I64, "id", "Attachment id."),
        _c("message_id", I64, "message_id", "The message (messages.id)."),
        _c("conversation_id", I64, "(message's conversation_id)", "Conversation display id."),
        _c(
            "file_type",
            STR,
            "file_type",
            "image, audio, video, file, location, fallback, share, contact, ...",
        ),
        _c("extension", STR, "extension", "File extension."),
        _c("data_url", STR, "data_url", "Download URL; empty string when no file is attached."),
        _c("thumb_url", STR, "thumb_url", "Thumbnail URL; empty string unless an image."),
        _c("file_size", I64, "file_size", "Bytes."),
        _c("width", I64, "width", "Pixels; null when not analysed yet."),
        _c("height", I64, "height", "Pixels; null when not analysed yet."),
        _c("coordinates_lat", F64, "coordinates_lat", "Location latitude (0.0 can mean unknown)."),
        _c("coordinates_long", F64, "coordinates_long", "Location longitude."),
        _c(
            "fallback_title",
            STR,
            "fallback_title",
            "Title of location, fallback and contact attachments.",
        ),
        _c("transcribed_text", STR, "transcribed_text", "Audio transcription."),
        _j("meta", "meta", "Contact attachment data."),
        _extra("attachment"),
    ),
)

LABELS = Table(
    "labels",
    "One row per label on a conversation (the exploded conversations.labels).",
    ("account_id", "conversation_id", "label"),
    (
        _account(),
        _c("conversation_id", I64, "(conversation id)", "Conversation display id."),
        _c("label", STR, "labels[]", "Label title."),
    ),
)

ACCOUNT_LABELS = Table(
    "account_labels",
    "One row per label defined in the account, from the labels endpoint.",
    ("account_id", "id"),
    (
        _account("(request)"),
        _c("id", I64, "id", "Label id."),
        _c("title", STR, "title", "Title (lower-case)."),
        _c("description", STR, "description", "Description."),
        _c("color", STR, "color", "Colour, e.g. #1f93ff."),
        _c("show_on_sidebar", BOOL, "show_on_sidebar", "Shown in the sidebar."),
        _extra("label"),
    ),
)

CONTACTS = Table(
    "contacts",
    "One row per contact: from the contacts endpoint, conversation meta.sender, messages meta.contact and contact senders.",
    ("account_id", "id"),
    (
        _account("(conversation or request)"),
        _c("id", I64, "id", "Contact id."),
        _c("name", STR, "name", "Name; often an empty string."),
        _c("email", STR, "email", "Email, or null."),
        _c("phone_number", STR, "phone_number", "E.164 phone number, or null."),
        _c("identifier", STR, "identifier", "External identifier, or null."),
        _c("thumbnail", STR, "thumbnail", "Avatar URL; empty string when none."),
        _c("blocked", BOOL, "blocked", "Blocked contact."),
        _c("availability_status", STR, "availability_status", "online or offline (live presence)."),
        _c("contact_type", STR, "contact_type", "visitor, lead or customer, where sent."),
        _c("created_at", TIME, "created_at (int epoch)", "Creation time."),
        _c(
            "last_activity_at",
            TIME,
            "last_activity_at (int epoch, omitted when null)",
            "Last activity.",
        ),
        _j(
            "additional_attributes",
            "additional_attributes",
            "city, country, company_name, social_profiles...",
        ),
        _j("custom_attributes", "custom_attributes", "Custom attributes, as sent."),
        _j(
            "contact_inboxes",
            "contact_inboxes",
            "Inboxes of the contact with their source ids (contacts endpoint).",
        ),
        _c(
            "source_shape",
            STR,
            "(where the row came from)",
            "contacts_endpoint, conversation_meta, messages_meta or message_sender; rows of one contact are merged, preferring that order.",
        ),
        _extra("contact"),
    ),
)

AGENTS = Table(
    "agents",
    "One row per user, agent bot or Captain assistant: from the agents endpoint, assignees and message senders.",
    ("account_id", "type", "id"),
    (
        _account("(conversation or request)"),
        _c(
            "type", STR, "sender.type / meta.assignee_type", "User, AgentBot or Captain::Assistant."
        ),
        _c("id", I64, "id", "Id, unique only together with type."),
        _c("name", STR, "name", "Name."),
        _c("available_name", STR, "available_name", "Display name."),
        _c("email", STR, "email", "Email (users)."),
        _c("role", STR, "role", "agent or administrator (users)."),
        _c(
            "availability_status",
            STR,
            "availability_status",
            "online, busy or offline (live presence).",
        ),
        _c("confirmed", BOOL, "confirmed", "Email confirmed (users)."),
        _c("auto_offline", BOOL, "auto_offline", "Goes offline automatically (users)."),
        _c("provider", STR, "provider", "Sign-in provider (users)."),
        _c("custom_role_id", I64, "custom_role_id", "Enterprise custom role."),
        _c("thumbnail", STR, "thumbnail", "Avatar URL."),
        _c("avatar_url", STR, "avatar_url", "Avatar URL (sender shapes)."),
        _c("bot_type", STR, "bot_type", "webhook (bots)."),
        _c("description", STR, "description", "Description (bots, assistants)."),
        _c("outgoing_url", STR, "outgoing_url", "Webhook URL (bots; omitted for system bots)."),
        _c("created_at", TIME, "created_at (ISO, assistants)", "Creation time."),
        _j(
            "custom_attributes",
            "custom_attributes",
            "Custom attributes (omitted by the API when empty).",
        ),
        _c(
            "source_shape",
            STR,
            "(where the row came from)",
            "agents_endpoint, assignee or message_sender; rows of one agent are merged, preferring that order.",
        ),
        _extra("agent"),
    ),
)

TEAMS = Table(
    "teams",
    "One row per team: from the teams endpoint and conversation meta.team.",
    ("account_id", "id"),
    (
        _account(),
        _c("id", I64, "id", "Team id."),
        _c("name", STR, "name", "Name."),
        _c("description", STR, "description", "Description, or null."),
        _c("allow_auto_assign", BOOL, "allow_auto_assign", "Auto-assignment on."),
        _c("is_member", BOOL, "is_member", "Whether the token's user is on the team."),
        _extra("team"),
    ),
)

INBOX_FIELDS: Final = (
    ("id", I64, "Inbox id."),
    ("name", STR, "Name."),
    ("channel_id", I64, "Channel record id."),
    ("channel_type", STR, "Channel type, e.g. Channel::Email."),
    ("avatar_url", STR, "Avatar URL."),
    ("website_url", STR, "Website of a web widget."),
    ("widget_color", STR, "Widget colour."),
    ("phone_number", STR, "Phone number of SMS/WhatsApp inboxes."),
    ("email", STR, "Address of email inboxes."),
    ("provider", STR, "Provider, e.g. whatsapp_cloud."),
    ("timezone", STR, "Business-hours time zone."),
    ("working_hours_enabled", BOOL, "Business hours on."),
    ("greeting_enabled", BOOL, "Greeting on."),
    ("enable_auto_assignment", BOOL, "Auto-assignment on."),
    ("csat_survey_enabled", BOOL, "CSAT survey on."),
    ("enable_email_collect", BOOL, "Email collection on."),
    ("allow_messages_after_resolved", BOOL, "Messages allowed after resolution."),
    ("lock_to_single_conversation", BOOL, "One conversation per contact."),
)
"""The allow-list of inbox keys: everything else (secrets included) is never stored."""

INBOXES = Table(
    "inboxes",
    "One row per inbox, allow-listed columns only: the API sends secrets here.",
    ("account_id", "id"),
    (
        _account("(request)"),
        *(_c(name, dtype, name, doc) for name, dtype, doc in INBOX_FIELDS),
        _c(
            "omitted_keys",
            pl.List(STR),
            "(undeclared keys)",
            "Names (never values) of the keys not stored.",
        ),
    ),
)

SLA_EVENTS = Table(
    "sla_events",
    "One row per SLA event of a conversation.",
    ("id",),
    (
        _account(),
        _c("conversation_id", I64, "(conversation id)", "Conversation display id."),
        _c("id", I64, "id", "Event id."),
        _c("event_type", STR, "event_type", "frt, nrt or rt."),
        _j("meta", "meta", "Event data, as sent."),
        _c("created_at", TIME, "created_at (int epoch)", "Creation time."),
        _c("updated_at", TIME, "updated_at (int epoch)", "Last update."),
        _extra("SLA event"),
    ),
)

REPORTING_EVENTS = Table(
    "reporting_events",
    "One row per reporting event (enterprise endpoint).",
    ("account_id", "id"),
    (
        _account(),
        _c("id", I64, "id", "Event id."),
        _c("name", STR, "name", "e.g. first_response, conversation_resolved."),
        _c("value", F64, "value", "Seconds."),
        _c(
            "value_in_business_hours",
            F64,
            "value_in_business_hours",
            "Seconds within business hours.",
        ),
        _c("event_start_time", TIME, "event_start_time (ISO)", "Start."),
        _c("event_end_time", TIME, "event_end_time (ISO)", "End."),
        _c("inbox_id", I64, "inbox_id", "Inbox."),
        _c("user_id", I64, "user_id", "User."),
        _c(
            "conversation_pk",
            I64,
            "conversation_id",
            "Conversation PRIMARY KEY (not the display id of conversations.id).",
        ),
        _c("created_at", TIME, "created_at (ISO)", "Creation time."),
        _c("updated_at", TIME, "updated_at (ISO)", "Last update."),
        _extra("reporting event"),
    ),
)

CSAT_RESPONSES = Table(
    "csat_responses",
    "One row per CSAT survey response, from the csat_survey_responses endpoint (administrators).",
    ("account_id", "id"),
    (
        _account("account_id, else the request's account"),
        _c("id", I64, "id", "Response id."),
        _c(
            "conversation_id",
            I64,
            "conversation_id",
            "Conversation DISPLAY id, as this endpoint sends it: joins conversations.id.",
        ),
        _c("message_id", I64, "message_id", "The input_csat survey message (messages.id)."),
        _c("rating", I64, "rating", "1 to 5; null when a server sends none."),
        _c("feedback_message", STR, "feedback_message", "The customer's comment, or null."),
        _c("contact_id", I64, "contact.id", "The contact who answered."),
        _j("contact", "contact", "The contact object, as sent."),
        _c(
            "assigned_agent_id",
            I64,
            "assigned_agent.id",
            "The conversation's assignee when the survey was answered; null when none.",
        ),
        _j("assigned_agent", "assigned_agent", "The assigned agent object, as sent."),
        _c("created_at", TIME, "created_at (int epoch)", "When the response was recorded."),
        _c("csat_review_notes", STR, "csat_review_notes", "Review notes (enterprise)."),
        _c(
            "review_notes_updated_at",
            TIME,
            "review_notes_updated_at (int epoch)",
            "Last change of the review notes (enterprise).",
        ),
        _c(
            "review_notes_updated_by_id",
            I64,
            "review_notes_updated_by.id",
            "User who last changed the review notes (enterprise).",
        ),
        _j(
            "review_notes_updated_by",
            "review_notes_updated_by",
            "That user, as sent ({id, name}).",
        ),
        _extra("CSAT response"),
    ),
)

CUSTOM_ATTRIBUTE_DEFINITIONS = Table(
    "custom_attribute_definitions",
    "One row per custom attribute defined in the account (conversation and contact attributes).",
    ("account_id", "id"),
    (
        _account("(request)"),
        _c("id", I64, "id", "Definition id."),
        _c(
            "attribute_key",
            STR,
            "attribute_key",
            "Key in conversations.custom_attributes or contacts.custom_attributes.",
        ),
        _c("attribute_display_name", STR, "attribute_display_name", "Display name."),
        _c(
            "attribute_display_type",
            STR,
            "attribute_display_type",
            "text, number, currency, percent, link, date, list or checkbox.",
        ),
        _c("attribute_description", STR, "attribute_description", "Description, or null."),
        _c(
            "attribute_model",
            STR,
            "attribute_model",
            "conversation_attribute or contact_attribute.",
        ),
        _c(
            "attribute_values",
            pl.List(STR),
            "attribute_values",
            "Allowed values of a list attribute; an empty list otherwise.",
        ),
        _c("default_value", I64, "default_value", "Default value (an integer column upstream)."),
        _c("regex_pattern", STR, "regex_pattern", "Validation pattern of a text attribute."),
        _c("regex_cue", STR, "regex_cue", "Message shown when the pattern does not match."),
        _c("created_at", TIME, "created_at (ISO)", "Creation time."),
        _c("updated_at", TIME, "updated_at (ISO)", "Last update."),
        _extra("definition"),
    ),
)

APPLIED_SLAS = Table(
    "applied_slas",
    "One row per applied SLA the applied_slas endpoint lists (enterprise; only missed SLAs).",
    ("account_id", "id"),
    (
        _account("(request)"),
        _c("id", I64, "applied_sla.id", "Applied SLA id (conversations.applied_sla_id)."),
        _c(
            "conversation_id",
            I64,
            "conversation.id",
            "Conversation DISPLAY id: joins conversations.id.",
        ),
        _c("sla_policy_id", I64, "applied_sla.sla_id", "SLA policy."),
        _c(
            "sla_status",
            STR,
            "applied_sla.sla_status",
            "active, hit, missed or active_with_misses.",
        ),
        _c("sla_name", STR, "applied_sla.sla_name", "Policy name."),
        _c("sla_description", STR, "applied_sla.sla_description", "Policy description, or null."),
        _c(
            "sla_first_response_time_threshold",
            F64,
            "applied_sla.sla_first_response_time_threshold",
            "Seconds, or null.",
        ),
        _c(
            "sla_next_response_time_threshold",
            F64,
            "applied_sla.sla_next_response_time_threshold",
            "Seconds, or null.",
        ),
        _c(
            "sla_resolution_time_threshold",
            F64,
            "applied_sla.sla_resolution_time_threshold",
            "Seconds, or null.",
        ),
        _c(
            "sla_only_during_business_hours",
            BOOL,
            "applied_sla.sla_only_during_business_hours",
            "Thresholds count business hours only; null when unknown.",
        ),
        _c("created_at", TIME, "applied_sla.created_at (int epoch)", "When the SLA was applied."),
        _c("updated_at", TIME, "applied_sla.updated_at (int epoch)", "Last update."),
        _j(
            "conversation",
            "conversation",
            "The conversation summary sent alongside ({id, contact, labels, assignee}).",
        ),
        _j(
            "extra",
            "(undeclared keys)",
            'Keys of the applied SLA this table does not declare, and under "item" those of'
            " the payload entry around it, as a JSON object; null when none.",
        ),
    ),
)

PAGES = Table(
    "pages",
    "One row per response body read: its source, row count and meta counts (for completeness checks).",
    ("source",),
    (
        _c("source", STR, "(caller)", "Page or file name."),
        _c("endpoint", STR, "(caller)", "conversations, messages, contacts, reporting_events, ..."),
        _c("account_id", I64, "(request)", "Account id, when known."),
        _c("conversation_id", I64, "(request)", "Conversation of a messages page."),
        _c("rows", I64, "len(payload)", "Rows in the payload."),
        _c("mine_count", I64, "meta.mine_count", "Conversations assigned to the token's user."),
        _c("assigned_count", I64, "meta.assigned_count", "Assigned conversations."),
        _c(
            "unassigned_count",
            I64,
            "meta.unassigned_count",
            "Unassigned conversations (bot-assigned included).",
        ),
        _c("all_count", I64, "meta.all_count", "All conversations matching the filters."),
        _c("count", I64, "meta.count", "Total of a contacts or reporting-events listing."),
        _c("current_page", I64, "meta.current_page", "Page number (sent as int or string)."),
        _c("total_pages", I64, "meta.total_pages", "Pages of a reporting-events listing."),
        _j("meta", "meta", "The other keys of the page's meta (fork counters, messages meta)."),
        _j(
            "extra",
            "(undeclared keys)",
            "The body's own keys beside payload and meta (beside data, on conversation"
            " lists), as a JSON object; null when none.",
        ),
    ),
)

TABLES: Final[Mapping[str, Table]] = {
    t.name: t
    for t in (
        CONVERSATIONS,
        MESSAGES,
        ATTACHMENTS,
        LABELS,
        CONTACTS,
        AGENTS,
        TEAMS,
        INBOXES,
        ACCOUNT_LABELS,
        SLA_EVENTS,
        REPORTING_EVENTS,
        CSAT_RESPONSES,
        CUSTOM_ATTRIBUTE_DEFINITIONS,
        APPLIED_SLAS,
        PAGES,
    )
}
"""Every table, by name, in a fixed order."""


def table(name: str) -> Table:
    """Return the declared table ``name``; an unknown name raises KeyError listing the names."""
    try:
        return TABLES[name]
    except KeyError:
        msg = f"unknown table {name!r}; tables: {', '.join(TABLES)}"
        raise KeyError(msg) from None


def empty_frame(name: str) -> pl.DataFrame:
    """An empty frame with the full declared schema of table ``name``.

    >>> empty_frame("teams").shape
    (0, 7)
    """
    return pl.DataFrame(schema=table(name).schema)


FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


def conform(frame: FrameT, name: str) -> FrameT:
    """Return ``frame`` (eager or lazy) with exactly the declared columns, order and dtypes.

    Missing columns are added as nulls; a column that cannot be cast raises. The one
    conform of the package: conversion, snapshots, the crawl and the explorer use it.

    >>> conform(pl.DataFrame({"id": [1]}), "teams").columns
    ['account_id', 'id', 'name', 'description', 'allow_auto_assign', 'is_member', 'extra']
    >>> conform(pl.LazyFrame({"id": [1]}), "teams").collect_schema()["is_member"]
    Boolean
    """
    declared = table(name).schema
    present = frame.collect_schema()
    return frame.select(
        (pl.col(c) if c in present else pl.lit(None)).cast(dtype).alias(c)
        for c, dtype in declared.items()
    )
