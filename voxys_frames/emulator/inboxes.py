"""Inboxes as Chatwoot's ``app/views/api/v1/models/_inbox.json.jbuilder`` renders them.

The partial is wide and channel-dependent. It renders, in this order:

- keys every inbox has (``id`` ... ``business_name``, :data:`COMMON_KEYS`);
- keys read with ``resource.channel.try(...)`` for every inbox, which are null on
  channels that lack the attribute (the widget keys, ``messaging_service_sid``,
  ``phone_number``, ``provider``);
- keys rendered only for one channel type (:data:`CHANNEL_KEYS`), some of them only
  when the token's user is an administrator of the account (:data:`ADMIN_KEYS`):
  ``hmac_token``, the IMAP/SMTP block, Twilio's ``auth_token``/``account_sid``,
  WhatsApp's ``provider_config``.

Every secret value contains :data:`SECRET_MARKER`, so tests can grep any output for
a leak. Values depend only on the inbox and the seed.

Examples
--------
>>> from voxys_frames.emulator.catalog import build_catalog
>>> email = build_catalog(seed=7, account_id=1).inbox(2)
>>> body = inbox_payload(email, seed=7, secrets=True)
>>> body["channel_type"], body["imap_port"], body["imap_password"].startswith(SECRET_MARKER)
('Channel::Email', 993, True)
>>> "imap_password" in inbox_payload(email, seed=7, secrets=False)
False
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from voxys_frames.emulator.catalog import Inbox

__all__ = [
    "ADMIN_KEYS",
    "CHANNEL_KEYS",
    "COMMON_KEYS",
    "SECRET_MARKER",
    "TRY_KEYS",
    "fake_secret",
    "inbox_payload",
    "inbox_slim",
]

#: Every secret value the emulator serves contains this text (inbox secrets, the
#: profile's ``pubsub_token`` and ``hmac_identifier``); grep for it to find a leak.
#: The API token itself is the user's own configuration and does not carry it.
SECRET_MARKER: Final = "SECRET-"

#: Keys of every inbox, before the channel settings.
COMMON_KEYS: Final = (
    "id",
    "avatar_url",
    "channel_id",
    "name",
    "channel_type",
    "greeting_enabled",
    "greeting_message",
    "working_hours_enabled",
    "enable_email_collect",
    "csat_survey_enabled",
    "csat_config",
    "enable_auto_assignment",
    "auto_assignment_config",
    "out_of_office_message",
    "working_hours",
    "timezone",
    "callback_webhook_url",
    "allow_messages_after_resolved",
    "lock_to_single_conversation",
    "sender_name_type",
    "business_name",
)

#: Keys the partial reads with ``channel.try(...)`` for every inbox (null where the
#: channel has no such attribute).
TRY_KEYS: Final = (
    "allowed_domains",
    "widget_color",
    "website_url",
    "hmac_mandatory",
    "welcome_title",
    "welcome_tagline",
    "web_widget_script",
    "website_token",
    "selected_feature_flags",
    "reply_time",
    "messaging_service_sid",
    "phone_number",
    "provider",
)

#: Keys rendered for one channel type only, administrators' keys included.
CHANNEL_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "Channel::WebWidget": (
        "help_center",
        "hmac_token",
        "pre_chat_form_enabled",
        "pre_chat_form_options",
        "continuity_via_email",
    ),
    "Channel::FacebookPage": ("page_id", "reauthorization_required"),
    "Channel::Instagram": ("reauthorization_required", "instagram_id"),
    "Channel::TwilioSms": ("medium", "content_templates", "auth_token", "account_sid"),
    "Channel::Email": (
        "email",
        "forwarding_enabled",
        "forward_to_email",
        "imap_login",
        "imap_password",
        "imap_address",
        "imap_port",
        "imap_enabled",
        "imap_enable_ssl",
        "smtp_login",
        "smtp_password",
        "smtp_address",
        "smtp_port",
        "smtp_enabled",
        "smtp_domain",
        "smtp_enable_ssl_tls",
        "smtp_enable_starttls_auto",
        "smtp_openssl_verify_mode",
        "smtp_authentication",
    ),
    "Channel::Api": ("hmac_token", "webhook_url", "inbox_identifier", "additional_attributes"),
    "Channel::Telegram": ("bot_name",),
    "Channel::Whatsapp": ("message_templates", "provider_config", "reauthorization_required"),
}

#: Keys rendered only when ``Current.account_user&.administrator?``.
ADMIN_KEYS: Final[dict[str, frozenset[str]]] = {
    "Channel::WebWidget": frozenset({"hmac_token"}),
    "Channel::TwilioSms": frozenset({"auth_token", "account_sid"}),
    "Channel::Email": frozenset(
        key for key in CHANNEL_KEYS["Channel::Email"] if key.startswith(("imap_", "smtp_"))
    ),
    "Channel::Api": frozenset({"hmac_token"}),
    "Channel::Whatsapp": frozenset({"provider_config"}),
}

_BEFORE_PHONE: Final = frozenset(
    {"Channel::WebWidget", "Channel::FacebookPage", "Channel::Instagram"}
)
_AFTER_PHONE: Final = frozenset({"Channel::TwilioSms", "Channel::Email", "Channel::Api"})

_WIDGET_SCRIPT = """
    <script>
      (function(d,t) {{
        var BASE_URL="https://app.voxys.example";
        var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
        g.src=BASE_URL+"/packs/js/sdk.js";
        g.defer = true;
        g.async = true;
        s.parentNode.insertBefore(g,s);
        g.onload=function(){{
          window.chatwootSDK.run({{
            websiteToken: '{token}',
            baseUrl: BASE_URL
          }})
        }}
      }})(document,"script");
    </script>
    """


def _digest(*parts: object, length: int = 24) -> str:
    """A deterministic, random-looking hex string."""
    text = "/".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def fake_secret(kind: str, owner: int, seed: int) -> str:
    """A made-up secret: recognisable by :data:`SECRET_MARKER` and by its kind and owner.

    ``emulated-<kind>-secret`` is kept in the value, as older tests grep for it.

    >>> fake_secret("hmac", 4, seed=7)
    'SECRET-hmac-4-emulated-hmac-secret-...'
    >>> fake_secret("hmac", 4, seed=7) == fake_secret("hmac", 4, seed=8)
    False
    """
    return f"{SECRET_MARKER}{kind}-{owner}-emulated-{kind}-secret-{_digest(kind, owner, seed, length=12)}"


def inbox_slim(inbox: Inbox) -> dict[str, Any]:
    """The inbox of a contact's ``contact_inboxes[]`` since Chatwoot PR #10888 (2025-02).

    >>> from voxys_frames.emulator.catalog import build_catalog
    >>> sorted(inbox_slim(build_catalog(seed=7, account_id=1).inbox(1)))
    ['avatar_url', 'channel_id', 'channel_type', 'id', 'name', 'provider']
    """
    return {
        "id": inbox.id,
        "avatar_url": "",
        "channel_id": inbox.channel_id,
        "name": inbox.name,
        "channel_type": inbox.channel_type,
        "provider": inbox.provider,
    }


def _common(inbox: Inbox) -> dict[str, Any]:
    channel = inbox.channel_type
    return {
        "id": inbox.id,
        "avatar_url": "",
        "channel_id": inbox.channel_id,
        "name": inbox.name,
        "channel_type": channel,
        "greeting_enabled": inbox.id % 2 == 0,
        "greeting_message": "Hi! How can we help?" if inbox.id % 2 == 0 else None,
        "working_hours_enabled": inbox.working_hours_enabled,
        "enable_email_collect": True,
        "csat_survey_enabled": channel in ("Channel::WebWidget", "Channel::Email"),
        "csat_config": {"display_type": "emoji", "message": "How did we do?"}
        if channel == "Channel::WebWidget"
        else {},
        "enable_auto_assignment": True,
        "auto_assignment_config": {},
        "out_of_office_message": None,
        "working_hours": [
            {
                "day_of_week": day,
                "closed_all_day": day in (0, 6),
                "open_hour": None if day in (0, 6) else 9,
                "open_minutes": None if day in (0, 6) else 0,
                "close_hour": None if day in (0, 6) else 17,
                "close_minutes": None if day in (0, 6) else 0,
                "open_all_day": False,
            }
            for day in range(7)
        ],
        "timezone": inbox.timezone,
        "callback_webhook_url": None,
        "allow_messages_after_resolved": True,
        "lock_to_single_conversation": False,
        "sender_name_type": "friendly",
        "business_name": None,
    }


def _phone(inbox: Inbox, seed: int) -> str:
    return f"+1415555{(inbox.id * 7919 + seed) % 10_000:04d}"


def _try_keys(inbox: Inbox, seed: int) -> dict[str, Any]:
    """The ``channel.try(...)`` keys: real values on the owning channel, null elsewhere."""
    channel = inbox.channel_type
    values: dict[str, Any] = dict.fromkeys(TRY_KEYS)
    if channel == "Channel::WebWidget":
        token = _digest("website", inbox.id, seed)
        values.update(
            allowed_domains="shop.example,*.shop.example",
            widget_color="#1f93ff",
            website_url="https://shop.example",
            hmac_mandatory=False,
            welcome_title="Hi there! 🙌",
            welcome_tagline="We make it simple to connect with us. Ask us anything.",
            web_widget_script=_WIDGET_SCRIPT.format(token=token),
            website_token=token,
            selected_feature_flags=["attachments", "emoji_picker", "end_conversation"],
            reply_time="in_a_few_minutes",
        )
    if channel == "Channel::Api":
        values["hmac_mandatory"] = False  # Channel::Api has the column too
    if channel == "Channel::TwilioSms":
        values["messaging_service_sid"] = "MG" + _digest("messaging", inbox.id, seed, length=32)
    if channel in ("Channel::TwilioSms", "Channel::Whatsapp"):
        values["phone_number"] = _phone(inbox, seed)
    values["provider"] = inbox.provider
    return values


def _channel_keys(inbox: Inbox, seed: int) -> dict[str, Any]:
    """The keys of one channel type, administrators' keys included."""
    channel = inbox.channel_type
    ident = inbox.id
    if channel == "Channel::WebWidget":
        return {
            "help_center": {"name": "Help Center", "slug": "help"},
            "hmac_token": fake_secret("hmac", ident, seed),
            "pre_chat_form_enabled": False,
            "pre_chat_form_options": {
                "pre_chat_message": "Share your queries or comments here.",
                "pre_chat_fields": [
                    {
                        "name": "emailAddress",
                        "type": "email",
                        "label": "Email Id",
                        "enabled": False,
                        "required": True,
                        "field_type": "standard",
                    }
                ],
            },
            "continuity_via_email": True,
        }
    if channel == "Channel::FacebookPage":
        return {"page_id": str(104_000_000_000_000 + ident), "reauthorization_required": False}
    if channel == "Channel::Instagram":
        return {"reauthorization_required": False, "instagram_id": str(17_841_400_000_000 + ident)}
    if channel == "Channel::TwilioSms":
        return {
            "medium": "sms",
            "content_templates": {},
            "auth_token": fake_secret("twilio", ident, seed),
            "account_sid": "AC" + _digest("account", ident, seed, length=32),
        }
    if channel == "Channel::Email":
        login = f"support{ident}@voxys.example"
        return {
            "email": login,
            "forwarding_enabled": True,
            "forward_to_email": f"{_digest('forward', ident, seed, length=32)}@reply.voxys.example",
            "imap_login": login,
            "imap_password": fake_secret("imap", ident, seed),
            "imap_address": "imap.mail.example",
            "imap_port": 993,
            "imap_enabled": True,
            "imap_enable_ssl": True,
            "smtp_login": login,
            "smtp_password": fake_secret("smtp", ident, seed),
            "smtp_address": "smtp.mail.example",
            "smtp_port": 587,
            "smtp_enabled": True,
            "smtp_domain": "voxys.example",
            "smtp_enable_ssl_tls": False,
            "smtp_enable_starttls_auto": True,
            "smtp_openssl_verify_mode": "none",
            "smtp_authentication": "login",
        }
    if channel == "Channel::Api":
        return {
            "hmac_token": fake_secret("hmac", ident, seed),
            "webhook_url": f"https://hooks.example/voxys/{ident}",
            "inbox_identifier": _digest("identifier", ident, seed),
            "additional_attributes": {},
        }
    if channel == "Channel::Telegram":
        return {"bot_name": "VoxysSupportBot"}
    if channel == "Channel::Whatsapp":
        return {
            "message_templates": [
                {
                    "id": str(900_000 + ident),
                    "name": "order_update",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "language": "en_US",
                    "components": [{"type": "BODY", "text": "Your order {{1}} has shipped."}],
                }
            ],
            "provider_config": {
                "api_key": fake_secret("whatsapp", ident, seed),
                "phone_number_id": str(110_000_000_000_000 + ident),
                "business_account_id": str(120_000_000_000_000 + ident),
                "webhook_verify_token": fake_secret("whatsapp-verify", ident, seed),
            },
            "reauthorization_required": False,
        }
    return {}


def inbox_payload(inbox: Inbox, *, seed: int, secrets: bool) -> dict[str, Any]:
    """The full inbox partial; ``secrets`` renders the administrators' keys.

    The channel keys sit where the partial renders them: the widget's, Facebook's and
    Instagram's before ``messaging_service_sid``; Twilio's, email's and the API's after
    ``phone_number``; Telegram's and WhatsApp's after ``provider``.

    >>> from voxys_frames.emulator.catalog import build_catalog
    >>> api = build_catalog(seed=7, account_id=1).inbox(6)
    >>> [k for k in inbox_payload(api, seed=7, secrets=True) if k not in COMMON_KEYS + TRY_KEYS]
    ['hmac_token', 'webhook_url', 'inbox_identifier', 'additional_attributes']
    >>> list(inbox_payload(api, seed=7, secrets=False))[-2:]
    ['additional_attributes', 'provider']
    """
    channel = inbox.channel_type
    hidden = frozenset() if secrets else ADMIN_KEYS.get(channel, frozenset())
    specific = {k: v for k, v in _channel_keys(inbox, seed).items() if k not in hidden}
    tried = _try_keys(inbox, seed)
    payload = _common(inbox)
    if "help_center" in specific:
        payload["help_center"] = specific.pop("help_center")
    payload.update((key, tried[key]) for key in TRY_KEYS[:-3])
    if channel in _BEFORE_PHONE:
        payload.update(specific)
    payload["messaging_service_sid"] = tried["messaging_service_sid"]
    payload["phone_number"] = tried["phone_number"]
    if channel in _AFTER_PHONE:
        payload.update(specific)
    payload["provider"] = tried["provider"]
    if channel not in _BEFORE_PHONE and channel not in _AFTER_PHONE:
        payload.update(specific)
    return payload
