"""The secret rules (convert.secrets) on the shapes real servers send, end to end.

The bodies are built by hand from Chatwoot's partials: ``_inbox.json.jbuilder`` renders
channel secrets to administrators, and before Chatwoot PR #10888 (February 2025) the
contacts index embedded that whole inbox partial in ``contact_inboxes[].inbox``.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path
from typing import Any

import orjson
import pytest

from voxys_frames.archive import RawStore, import_archive, read_archive
from voxys_frames.convert.bodies import Body
from voxys_frames.convert.pages import contacts_page, inboxes_page
from voxys_frames.convert.secrets import scrub
from voxys_frames.exceptions import SchemaError
from voxys_frames.snapshot import load_snapshot, read_manifest

MARK = "LEAKED-SECRET"
SECRETS = {
    "hmac_token": f"{MARK}-hmac",
    "website_token": f"{MARK}-website",
    "imap_password": f"{MARK}-imap",
    "smtp_password": f"{MARK}-smtp",
    "auth_token": f"{MARK}-twilio",
    "provider_config": {"api_key": f"{MARK}-whatsapp", "phone_number_id": "1"},
    "messaging_service_sid": f"{MARK}-sid",
    "imap_login": f"{MARK}-login",
}


def full_inbox(inbox_id: int, channel_type: str) -> dict[str, Any]:
    """An inbox as an administrator sees it, with every channel's secret keys."""
    return {
        "id": inbox_id,
        "name": f"Inbox {inbox_id}",
        "channel_id": inbox_id,
        "channel_type": channel_type,
        "avatar_url": "",
        "website_url": "https://shop.example",
        "widget_color": "#1f93ff",
        "email": "help@shop.example",
        "imap_address": "imap.shop.example",
        "imap_port": 993,
        "smtp_address": "smtp.shop.example",
        "greeting_enabled": True,
        **SECRETS,
    }


def legacy_contacts_body() -> bytes:
    """A contacts page of a server older than PR #10888: the whole inbox in each contact."""
    contacts = [
        {
            "id": contact_id,
            "name": f"Contact {contact_id}",
            "email": f"c{contact_id}@example.com",
            "phone_number": None,
            "identifier": None,
            "thumbnail": "",
            "custom_attributes": {},
            "additional_attributes": {"city": "Lyon"},
            "created_at": 1740820530,
            "contact_inboxes": [
                {"source_id": f"src-{contact_id}", "inbox": full_inbox(1, "Channel::WebWidget")},
                {"source_id": f"mail-{contact_id}", "inbox": full_inbox(2, "Channel::Email")},
            ],
        }
        for contact_id in (10, 11)
    ]
    return orjson.dumps({"meta": {"count": 2, "current_page": "1"}, "payload": contacts})


def inboxes_body() -> bytes:
    channels = ["Channel::WebWidget", "Channel::Email", "Channel::Whatsapp", "Channel::TwilioSms"]
    return orjson.dumps({"payload": [full_inbox(i, c) for i, c in enumerate(channels, 1)]})


def _text_of(frame: Any) -> str:
    """Every value of the frame as text (lists and all)."""
    return str(frame.rows())


def test_a_legacy_contacts_page_keeps_no_inbox_secret() -> None:
    page = contacts_page(legacy_contacts_body(), account_id=1)
    assert page.contacts.height == 2
    assert all(MARK not in _text_of(frame) for frame in page.values())
    kept = orjson.loads(page.contacts["contact_inboxes"][0])
    assert kept[1]["inbox"]["email"] == "help@shop.example"  # allow-listed keys stay
    assert kept[1]["inbox"]["imap_password"] is None  # the key stays, its value goes
    assert kept[0]["source_id"] == "src-10"


def test_inboxes_of_every_channel_keep_no_secret() -> None:
    page = inboxes_page(inboxes_body(), account_id=1)
    assert page.inboxes.height == 4
    assert MARK not in _text_of(page.inboxes)
    assert "hmac_token" in page.inboxes["omitted_keys"][0].to_list()


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        # Key names spelled with JSON escapes: no needle matches the bytes as sent.
        (rb'{"payload": [{"id": 1, "hmac_\u0074oken": "MARK"}]}', "payload[].hmac_token"),
        (
            rb'{"payload": [{"\u0069nbox": {"id": 2, "imap_login": "MARK"}}]}',
            "payload[].inbox.imap_login",
        ),
        # Upper case at the very start and end of the body.
        (b'{"ACCESS_TOKEN": "MARK"}', "ACCESS_TOKEN"),
    ],
)
def test_keys_hidden_by_escapes_or_case_are_redacted(raw: bytes, path: str) -> None:
    clean, redacted = scrub("contacts", raw)
    assert b"MARK" not in clean
    assert path in redacted


def test_parsed_bodies_are_cleaned_too_and_never_changed_in_place() -> None:
    body = orjson.loads(legacy_contacts_body())
    clean, redacted = scrub("contacts", body)
    assert MARK in orjson.dumps(body).decode()  # the caller's value is untouched
    assert MARK not in orjson.dumps(clean).decode()
    assert "payload[].contact_inboxes[].inbox.hmac_token" in redacted


def test_an_error_in_a_body_with_secrets_shows_none() -> None:
    body = orjson.loads(legacy_contacts_body())
    body["payload"][0]["contact_inboxes"] = {"inbox": full_inbox(1, "Channel::Api")}
    with pytest.raises(SchemaError) as raised:
        contacts_page(orjson.dumps(body), account_id=1, source="contacts/page-1.json")
    message = str(raised.value)
    assert "contacts/page-1.json: payload[0].contact_inboxes: expected a list" in message
    assert MARK not in message


def test_archive_snapshot_and_logs_keep_no_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = RawStore(tmp_path / "raw")
    received = [
        Body.received("contacts", "contacts/page-1.json.gz", legacy_contacts_body()),
        Body.received("inboxes", "inboxes/inboxes.json.gz", inboxes_body()),
    ]
    for body in received:
        store.write(body)
    store.finish({"account_id": 1})
    archived = [gzip.decompress(p.read_bytes()) for p in (tmp_path / "raw").rglob("*.gz")]
    assert len(archived) == 2
    assert all(MARK.encode() not in data for data in archived)
    path = Path(import_archive(tmp_path / "raw", tmp_path / "snaps"))
    frames = load_snapshot(path)
    assert frames.contacts.height == 2
    assert frames.inboxes.height == 4
    assert all(MARK not in _text_of(frame) for frame in frames.values())
    for file in path.rglob("*"):
        if file.is_file():
            assert MARK.encode() not in file.read_bytes(), file
    redacted = read_manifest(path)["completeness"]["redacted_keys"]
    assert "inboxes: payload[].hmac_token" in redacted
    assert "contacts: payload[].contact_inboxes[].inbox.imap_password" in redacted
    assert MARK not in caplog.text
    assert read_archive(tmp_path / "raw").frames.contacts.height == 2


def test_the_emulators_legacy_contacts_and_secret_inboxes_leak_nothing(tmp_path: Path) -> None:
    from voxys_frames import Client
    from voxys_frames.emulator import SECRET_MARKER, Emulator, EmulatorConfig

    config = EmulatorConfig(
        seed=3,
        conversations=30,
        token="admin-token-7f",
        inbox_secrets=True,
        legacy_contact_inboxes=True,
    )
    emulator = Emulator(config)
    with Client("http://localhost", 1, "admin-token-7f", transport=emulator.transport()) as client:
        assert (
            SECRET_MARKER in orjson.dumps(client.contacts_json(1)).decode()
        )  # the server sends them
        assert SECRET_MARKER in orjson.dumps(client.inboxes_json()).decode()
        pages = [client.contacts(1), client.inboxes()]
    assert all(SECRET_MARKER not in _text_of(frame) for page in pages for frame in page.values())


@pytest.mark.parametrize(
    "raw",
    [
        # orjson refuses both; a byte-level check of the body's completeness lets them by
        b'{"payload": [{"id": 1, "hmac_token": "MARK", "reply_time": 1e400}]}',
        b'{"payload": [{"id": 1, "hmac_token": "MARK", "name": "Caf\xe9"}]}',
    ],
)
def test_a_body_that_may_hold_a_secret_and_is_not_json_is_refused_not_passed_on(
    raw: bytes, tmp_path: Path
) -> None:
    with pytest.raises(
        SchemaError, match=r"^inboxes/inboxes\.json\.gz: not valid JSON: "
    ) as raised:
        Body.received("inboxes", "inboxes/inboxes.json.gz", raw)
    assert "MARK" not in str(raised.value)
    # with no credential or inbox in it, the converter still reports it itself
    assert scrub("teams", b'[{"id": 1e400}]') == (b'[{"id": 1e400}]', frozenset())


@pytest.mark.parametrize(
    "raw",
    [
        b'{"payload": [{"id": 1, "hmac_token": "MARK", "hmac_token": null}]}',
        b'{"meta": {}, "payload": [{"id": 1, "inbox": {"id": 2, "imap_password": "MARK"},'
        b' "inbox": null}]}',
    ],
)
def test_a_repeated_key_cannot_hide_a_secret_from_the_archive(raw: bytes) -> None:
    body = Body.received("contacts", "contacts/page-1.json.gz", raw)
    assert b"MARK" not in body.data
    assert body.redacted == {"(a key repeated in an object: the last copy kept)"}
    assert orjson.loads(body.data) == orjson.loads(raw)  # what every parser here reads
    # a body with nothing repeated stays the bytes received
    plain = b'{"payload": [{"id": 1, "hmac_token": null, "x": "a\\"b:"}]}'
    assert scrub("contacts", plain) == (plain, frozenset())


def test_lists_and_objects_under_allow_listed_inbox_keys_keep_their_shape_not_their_values() -> (
    None
):
    provider = {"name": "360dialog", "api_key": MARK, "phone": [MARK]}
    contacts = {
        "payload": [{"id": 1, "contact_inboxes": [{"inbox": {"id": 1, "provider": provider}}]}]
    }
    clean, redacted = scrub("contacts", orjson.dumps(contacts))
    assert MARK.encode() not in clean
    kept = orjson.loads(clean)["payload"][0]["contact_inboxes"][0]["inbox"]["provider"]
    assert kept == {"name": None, "api_key": None, "phone": [None]}
    assert redacted == {"payload[].contact_inboxes[].inbox.provider"}
    inboxes = orjson.dumps({"payload": [{"id": 1, "name": "WA", "provider": provider}]})
    with pytest.raises(SchemaError, match=r"payload\[0\]\.provider: expected a string") as raised:
        inboxes_page(Body.received("inboxes", "i", inboxes).data, account_id=1)
    assert MARK not in str(raised.value)


@pytest.mark.parametrize(
    "key",
    [
        "accessToken",
        "pubsubToken",
        "HMAC_TOKEN",
        "hmac-token",
        "imapPassword",
        "access_tokens",
        "secret_key",
        "hmacKey",
        "X-Api-Key",
        "Authorization",
        "provider-config",
    ],
)
def test_credentials_are_known_by_name_in_any_case_camel_case_or_separator(key: str) -> None:
    assignee = {"id": 2, "name": "Bo", key: MARK}
    body = orjson.dumps(
        {"data": {"meta": {}, "payload": [{"id": 7, "meta": {"assignee": assignee}}]}}
    )
    clean, redacted = scrub("conversations", body)
    assert MARK.encode() not in clean
    assert redacted == {f"data.payload[].meta.assignee.{key}"}


@pytest.mark.parametrize(
    "key",
    [
        "token_count",
        "hmac_verified",
        "attribute_key",
        "tokenizer",
        "key",
        # usage counters of AI features, and flags, are not credentials
        "total_tokens",
        "promptTokens",
        "completion_tokens",
        "isSecret",
        "has_password",
    ],
)
def test_keys_that_only_resemble_credentials_keep_their_values(key: str) -> None:
    body = orjson.dumps({"payload": [{"id": 1, key: "kept"}]})
    assert scrub("contacts", body) == (body, frozenset())


def test_non_ascii_letters_never_stand_for_ascii_ones_in_either_check() -> None:
    # KELVIN SIGN folds to "k" and LONG S to "s" under Unicode case rules: both checks agree
    for key in ("hmac_to\u212aen", "imap_pa\u017f\u017fword"):
        body = orjson.dumps({"payload": [{"id": 1, key: "kept"}]})
        assert scrub("contacts", body) == (body, frozenset())


def _without_channel_type() -> dict[str, Any]:
    inbox = full_inbox(1, "Channel::Email")
    del inbox["channel_type"]
    return inbox


@pytest.mark.parametrize(
    ("holder", "path"),
    [
        # named as inboxes, in any case, one or a list (no channel_type to go by)
        ({"Inbox": _without_channel_type()}, "payload[].holder.Inbox.imap_password"),
        ({"inboxes": [_without_channel_type()]}, "payload[].holder.inboxes[].imap_password"),
        ({"inbox": [_without_channel_type()]}, "payload[].holder.inbox[].imap_password"),
        # under any other key: known by its channel_type
        ({"channel": full_inbox(1, "Channel::Email")}, "payload[].holder.channel.imap_password"),
        ([full_inbox(1, "Channel::Email")], "payload[].holder[].imap_password"),
    ],
)
def test_inbox_objects_under_any_key_keep_only_the_allow_list(holder: Any, path: str) -> None:
    clean, redacted = scrub("agents", orjson.dumps({"payload": [{"id": 1, "holder": holder}]}))
    assert MARK.encode() not in clean
    for secret in ("imap_login", "messaging_service_sid", "website_token"):
        assert path.replace("imap_password", secret) in redacted
    # keys neither allow-listed nor named as credentials: only an inbox loses them
    assert path.replace("imap_password", "imap_address") in redacted
    assert b"imap.shop.example" not in clean
    assert b"help@shop.example" in clean  # allow-listed values stay


def test_the_quick_scan_flags_every_body_holding_a_key_the_rules_redact() -> None:
    from itertools import product

    from voxys_frames.convert.secrets import _maybe_secret, is_credential

    heads = ["", "imap_", "hmac", "X-Api-", "access ", "PUBSUB_", "my.", "client"]
    tails = ["token", "Tokens", "PASSWORD", "passwords", "secret", "Key", "keys", "apiKey"]
    tails += ["passwd", "Authorization", "provider_config", "Provider-Config", "credentials"]
    keys = [head + tail for head, tail in product(heads, tails)]
    redacted = [key for key in keys if is_credential(key)]
    assert len(redacted) > len(keys) // 2
    missed = [key for key in redacted if not _maybe_secret(orjson.dumps({"payload": [{key: 1}]}))]
    assert missed == []


def test_an_inboxes_listing_with_an_item_that_is_no_object_is_left_to_the_converter() -> None:
    for raw in (b'{"payload": [1]}', b"[null]"):
        assert scrub("inboxes", raw) == (raw, frozenset())
    with pytest.raises(SchemaError, match=r"^i: payload\[0\]: expected an object"):
        inboxes_page(
            Body.received("inboxes", "i", b'{"payload": [1]}').data, account_id=1, source="i"
        )


def test_a_body_nested_beyond_the_recursion_limit_is_refused_by_name() -> None:
    depth = 600  # valid JSON (orjson reads 1024 levels), deeper than the walk can go
    raw = b'{"payload": ' + b"[" * depth + b'{"hmac_token": "MARK"}' + b"]" * depth + b"}"
    with pytest.raises(
        SchemaError, match=r"^contacts/page-1\.json\.gz: nested too deeply"
    ) as raised:
        Body.received("contacts", "contacts/page-1.json.gz", raw)
    assert "MARK" not in str(raised.value)
    shallow = raw.replace(b"[" * depth, b"[" * 20).replace(b"]" * depth, b"]" * 20)
    assert b"MARK" not in Body.received("contacts", "c", shallow).data
