"""Inbox keys per channel, secrets, the pre-2025 contact shape and /profile.

The expected keys are written out here from Chatwoot's
``app/views/api/v1/models/_inbox.json.jbuilder`` and ``_user.json.jbuilder`` (reference
section 5, edge case G3), not imported from the emulator, so a change of either side
shows up as a failure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import TOKEN
from tests.emulator.conftest import ACCOUNT, PREFIX
from voxys_frames.cli import build_parser
from voxys_frames.commands.emulator import config_from_args
from voxys_frames.emulator import SECRET_MARKER, Emulator, EmulatorConfig

COMMON = [
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
]
#: ``resource.channel.try(...)``: rendered for every inbox, null where the channel lacks it.
WIDGET_TRY = [
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
]
PHONE_TRY = ["messaging_service_sid", "phone_number"]
IMAP = [
    "imap_login",
    "imap_password",
    "imap_address",
    "imap_port",
    "imap_enabled",
    "imap_enable_ssl",
]
SMTP = [
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
]

#: channel -> (keys before messaging_service_sid, between phone_number and provider,
#: after provider), for an administrator with secrets on.
LAYOUT: dict[str, tuple[list[str], list[str], list[str]]] = {
    "Channel::WebWidget": (
        [
            "hmac_token",
            "pre_chat_form_enabled",
            "pre_chat_form_options",
            "continuity_via_email",
        ],
        [],
        [],
    ),
    "Channel::FacebookPage": (["page_id", "reauthorization_required"], [], []),
    "Channel::Instagram": (["reauthorization_required", "instagram_id"], [], []),
    "Channel::TwilioSms": ([], ["medium", "content_templates", "auth_token", "account_sid"], []),
    "Channel::Email": ([], ["email", "forwarding_enabled", "forward_to_email", *IMAP, *SMTP], []),
    "Channel::Api": (
        [],
        ["hmac_token", "webhook_url", "inbox_identifier", "additional_attributes"],
        [],
    ),
    "Channel::Telegram": ([], [], ["bot_name"]),
    "Channel::Whatsapp": (
        [],
        [],
        ["message_templates", "provider_config", "reauthorization_required"],
    ),
}
#: Keys Chatwoot renders only when ``Current.account_user&.administrator?``.
ADMIN_ONLY = {
    "Channel::WebWidget": {"hmac_token"},
    "Channel::TwilioSms": {"auth_token", "account_sid"},
    "Channel::Email": set(IMAP) | set(SMTP),
    "Channel::Api": {"hmac_token"},
    "Channel::Whatsapp": {"provider_config"},
}
#: Where the secret values are (dotted paths into an inbox).
SECRET_PATHS = {
    "Channel::WebWidget": {"hmac_token"},
    "Channel::TwilioSms": {"auth_token"},
    "Channel::Email": {"imap_password", "smtp_password"},
    "Channel::Api": {"hmac_token"},
    "Channel::Whatsapp": {"provider_config.api_key", "provider_config.webhook_verify_token"},
}
SLIM_INBOX = ["id", "avatar_url", "channel_id", "name", "channel_type", "provider"]
PROFILE_KEYS = [
    "access_token",
    "account_id",
    "available_name",
    "avatar_url",
    "confirmed",
    "display_name",
    "message_signature",
    "email",
    "hmac_identifier",
    "id",
    "inviter_id",
    "name",
    "provider",
    "pubsub_token",
    "role",
    "ui_settings",
    "uid",
    "type",
    "accounts",
]
MEMBERSHIP_KEYS = [
    "id",
    "name",
    "status",
    "active_at",
    "role",
    "permissions",
    "availability",
    "availability_status",
    "auto_offline",
]


def expected_keys(channel: str, *, admin: bool) -> list[str]:
    """The inbox keys of ``channel`` in the partial's order."""
    before, between, after = LAYOUT[channel]
    keys = list(COMMON)
    if channel == "Channel::WebWidget":
        keys.append("help_center")  # the website inbox has a help-center portal
    keys += WIDGET_TRY + before + PHONE_TRY + between + ["provider"] + after
    hidden = set() if admin else ADMIN_ONLY.get(channel, set())
    return [key for key in keys if key not in hidden]


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar of a JSON value with its dotted path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    else:
        yield path, value


def marked(value: Any) -> set[str]:
    """The paths of every string that carries the secret marker."""
    return {path for path, leaf in leaves(value) if isinstance(leaf, str) and SECRET_MARKER in leaf}


@pytest.fixture(scope="module")
def secret_emulator() -> Emulator:
    config = EmulatorConfig(
        seed=11,
        conversations=120,
        account_id=ACCOUNT,
        token=TOKEN,
        rate_limit=0,
        inbox_secrets=True,
        legacy_contact_inboxes=True,
    )
    return Emulator(config)


def fetch(emulator: Emulator, path: str, token: str = TOKEN, **params: Any) -> Any:
    transport = emulator.transport()
    try:
        with httpx.Client(transport=transport, base_url="http://emulator") as http:
            response = http.get(path, params=params, headers={"api_access_token": token})
    finally:
        transport.close()
    assert response.status_code == 200, response.text
    return response.json()


def by_channel(inboxes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {inbox["channel_type"]: inbox for inbox in inboxes}


def test_every_channel_renders_its_keys_for_an_administrator(secret_emulator: Emulator) -> None:
    inboxes = by_channel(fetch(secret_emulator, f"{PREFIX}/inboxes")["payload"])
    assert set(inboxes) == set(LAYOUT), "one inbox of each channel type"
    for channel, inbox in inboxes.items():
        assert list(inbox) == expected_keys(channel, admin=True), channel


def test_without_the_switch_or_as_an_agent_no_administrator_key(
    secret_emulator: Emulator, emulator: Emulator
) -> None:
    plain = by_channel(fetch(emulator, f"{PREFIX}/inboxes")["payload"])
    for channel, inbox in plain.items():
        assert list(inbox) == expected_keys(channel, admin=False), channel
    agent = fetch(secret_emulator, f"{PREFIX}/inboxes", token=f"agent-{TOKEN}")["payload"]
    assert {inbox["channel_type"] for inbox in agent} == {"Channel::WebWidget", "Channel::Whatsapp"}
    for inbox in agent:
        assert list(inbox) == expected_keys(inbox["channel_type"], admin=False)
    for body in (plain, agent):
        assert SECRET_MARKER not in json.dumps(body)


def test_secret_values_carry_the_marker_and_nothing_else_does(secret_emulator: Emulator) -> None:
    inboxes = by_channel(fetch(secret_emulator, f"{PREFIX}/inboxes")["payload"])
    values: list[str] = []
    for channel, inbox in inboxes.items():
        assert marked(inbox) == SECRET_PATHS.get(channel, set()), channel
        for path, leaf in leaves(inbox):
            if path in SECRET_PATHS.get(channel, set()):
                assert f"-{inbox['id']}-" in leaf, "a secret names its inbox"
                values.append(leaf)
    assert len(values) == len(set(values)) == 7, "every secret is a different string"


def test_try_keys_are_null_on_channels_without_them(secret_emulator: Emulator) -> None:
    inboxes = by_channel(fetch(secret_emulator, f"{PREFIX}/inboxes")["payload"])
    widget = inboxes["Channel::WebWidget"]
    assert widget["website_token"] in widget["web_widget_script"]
    assert all(widget[key] is not None for key in WIDGET_TRY)
    for channel, inbox in inboxes.items():
        if channel != "Channel::WebWidget":
            assert inbox["widget_color"] is None and inbox["website_token"] is None, channel
        has_phone = channel in ("Channel::TwilioSms", "Channel::Whatsapp")
        assert (inbox["phone_number"] is not None) == has_phone, channel
        assert (inbox["messaging_service_sid"] is not None) == (channel == "Channel::TwilioSms")
    assert isinstance(inboxes["Channel::Api"]["hmac_mandatory"], bool)
    assert inboxes["Channel::Email"]["imap_port"] == 993
    assert inboxes["Channel::Whatsapp"]["provider"] == "whatsapp_cloud"


def test_contacts_embed_the_slim_inbox_by_default(emulator: Emulator) -> None:
    contacts = fetch(emulator, f"{PREFIX}/contacts")["payload"]
    for contact in contacts:
        for entry in contact["contact_inboxes"]:
            assert list(entry) == ["source_id", "inbox"]
            assert list(entry["inbox"]) == SLIM_INBOX


def test_legacy_contacts_embed_the_whole_inbox_with_its_secrets(
    secret_emulator: Emulator,
) -> None:
    inboxes = {i["id"]: i for i in fetch(secret_emulator, f"{PREFIX}/inboxes")["payload"]}
    channels = set()
    for page in (1, 2, 3):
        for contact in fetch(secret_emulator, f"{PREFIX}/contacts", page=page)["payload"]:
            for entry in contact["contact_inboxes"]:
                embedded = entry["inbox"]
                assert embedded == inboxes[embedded["id"]]
                channels.add(embedded["channel_type"])
    assert {"Channel::Email", "Channel::WebWidget", "Channel::Whatsapp"} <= channels
    body = json.dumps(fetch(secret_emulator, f"{PREFIX}/contacts"))
    assert SECRET_MARKER in body


def test_legacy_contacts_hide_secrets_from_agents_and_change_nothing_else(
    secret_emulator: Emulator, emulator: Emulator
) -> None:
    agent = fetch(secret_emulator, f"{PREFIX}/contacts", token=f"agent-{TOKEN}")
    assert SECRET_MARKER not in json.dumps(agent)
    assert any(
        len(e["inbox"]) > len(SLIM_INBOX) for c in agent["payload"] for e in c["contact_inboxes"]
    )
    legacy = fetch(secret_emulator, f"{PREFIX}/contacts", page=2)
    slim_server = Emulator(
        EmulatorConfig(
            seed=11, conversations=120, account_id=ACCOUNT, token=TOKEN, inbox_secrets=True
        )
    )
    slim = fetch(slim_server, f"{PREFIX}/contacts", page=2)
    assert legacy["meta"] == slim["meta"]
    for old, new in zip(legacy["payload"], slim["payload"], strict=True):
        old_inboxes, new_inboxes = old.pop("contact_inboxes"), new.pop("contact_inboxes")
        assert old == new
        for old_entry, new_entry in zip(old_inboxes, new_inboxes, strict=True):
            assert old_entry["source_id"] == new_entry["source_id"]
            assert {k: old_entry["inbox"][k] for k in SLIM_INBOX} == new_entry["inbox"]


def test_profile_is_the_token_users_partial(
    emulator: Emulator, emulator_config: EmulatorConfig
) -> None:
    admin = fetch(emulator, "/api/v1/profile")
    assert [k for k in admin if k != "custom_attributes"] == PROFILE_KEYS
    assert admin["access_token"] == TOKEN
    assert admin["id"] == 1 and admin["role"] == "administrator"
    assert admin["account_id"] == ACCOUNT and admin["uid"] == admin["email"]
    assert [a["id"] for a in admin["accounts"]] == [ACCOUNT]
    membership = admin["accounts"][0]
    assert list(membership)[: len(MEMBERSHIP_KEYS)] == MEMBERSHIP_KEYS
    assert set(membership) - set(MEMBERSHIP_KEYS) == {"custom_role_id", "custom_role"}
    assert marked(admin) == {"pubsub_token", "hmac_identifier"}
    agent = fetch(emulator, "/api/v1/profile", token=emulator_config.agent_token)
    assert agent["access_token"] == emulator_config.agent_token and agent["role"] == "agent"
    assert agent["id"] == 2 and agent["pubsub_token"] != admin["pubsub_token"]
    outsider = fetch(emulator, "/api/v1/profile", token=emulator_config.outsider_token)
    assert outsider["accounts"] == [] and outsider["role"] is None


def test_profile_refuses_bots_and_missing_tokens(
    emulator: Emulator, emulator_config: EmulatorConfig
) -> None:
    transport = emulator.transport()
    try:
        with httpx.Client(transport=transport, base_url="http://emulator") as http:
            bot = http.get(
                "/api/v1/profile", headers={"api_access_token": emulator_config.bot_token}
            )
            anonymous = http.get("/api/v1/profile")
            wrong = http.get("/api/v1/profile", headers={"api_access_token": "nope"})
    finally:
        transport.close()
    assert (bot.status_code, anonymous.status_code, wrong.status_code) == (401, 401, 401)
    assert "errors" in anonymous.json() and wrong.json() == {"error": "Invalid Access Token"}


def test_community_profile_has_no_custom_role() -> None:
    emulator = Emulator(EmulatorConfig(seed=2, conversations=2, token="t", enterprise=False))
    membership = fetch(emulator, "/api/v1/profile", token="t")["accounts"][0]
    assert list(membership) == MEMBERSHIP_KEYS


def test_cli_flag_switches_the_legacy_shape() -> None:
    parser = build_parser()
    args = parser.parse_args(["emulator", "--legacy-contact-inboxes", "--inbox-secrets"])
    config = config_from_args(args)
    assert config.legacy_contact_inboxes and config.inbox_secrets
    assert not config_from_args(parser.parse_args(["emulator"])).legacy_contact_inboxes
