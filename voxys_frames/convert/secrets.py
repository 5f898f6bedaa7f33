"""The secret rules, written once: what of a response body may never be kept.

Every body passes through :func:`scrub` before it is converted or archived, whatever its
endpoint or shape:

* an **inbox object** keeps only the keys of the inboxes table's allow-list
  (:data:`~voxys_frames.tables.schema.INBOX_FIELDS`); every other key keeps its name
  and loses its value. Inbox objects are the items of ``GET /inboxes`` and any object
  under a key ``inbox``: servers older than Chatwoot PR #10888 (and forks cut before
  it) embed the whole inbox, ``hmac_token`` and IMAP/SMTP passwords included, in each
  contact's ``contact_inboxes[].inbox``;
* anywhere else, a key named as a credential (``access_token``, ``pubsub_token``,
  ``hmac_token``, ``*_password``, ``*_secret``, ``api_key``, ``provider_config``...)
  loses its value.

A value that goes becomes null; the path of each such key (``payload[].hmac_token``)
is reported so the manifest can say what was redacted. A body with nothing to redact
is returned as it came (the very bytes the server sent); a quick scan of the bytes
decides whether the body needs to be read at all.

Examples
--------
>>> body = b'{"payload": [{"id": 1, "name": "Mail", "imap_password": "hunter2"}]}'
>>> clean, redacted = scrub("inboxes", body)
>>> clean, sorted(redacted)
(b'{"payload":[{"id":1,"name":"Mail","imap_password":null}]}', ['payload[].imap_password'])
>>> scrub("messages", b'{"payload": []}')
(b'{"payload": []}', frozenset())
>>> scrub("profile", {"id": 3, "access_token": "t0ken"})
({'id': 3, 'access_token': None}, frozenset({'access_token'}))
"""

from __future__ import annotations

import re
from typing import Any, Final, TypeVar

import orjson
from stringzilla import Str

from voxys_frames.tables.schema import INBOX_FIELDS

__all__ = ["INBOX_KEYS", "is_credential", "scrub"]

INBOX_KEYS: Final = frozenset(name for name, _, _ in INBOX_FIELDS)
"""The keys of an inbox object that are kept: everything else loses its value."""

_CREDENTIAL: Final = re.compile(
    r"(?:^|_)(?:token|password|passwd|secret|api_?key|private_key|provider_config|credentials?)$",
    re.IGNORECASE,
)
# Bytes that may hold an inbox object or a credential key (searched in the lower-cased
# body with stringzilla's SIMD substring search: one pass per needle, far quicker than
# bytes.find or one case-insensitive pattern), and any escaped ASCII letter or digit
# ("\u0074oken"), which no Chatwoot server writes but a hostile one could.
_NEEDLES: Final = (
    b'"inbox"',
    b'token"',
    b'password"',
    b'passwd"',
    b'secret"',
    b'apikey"',
    b'api_key"',
    b'private_key"',
    b'provider_config"',
    b"credential",
)
_ESCAPE_START: Final = b"\\u00"
_ESCAPED: Final = re.compile(rb"\\u00(?:3[0-9]|[4-7][0-9a-fA-F])")
_INBOX_LISTS: Final = frozenset({"inboxes"})
BodyT = TypeVar("BodyT")


def _maybe_secret(raw: bytes) -> bool:
    """Whether the bytes may hold something the rules remove (false positives only cost
    a parse)."""
    lowered = Str(raw.lower())
    if any(lowered.find(needle) >= 0 for needle in _NEEDLES):
        return True
    return lowered.find(_ESCAPE_START) >= 0 and _ESCAPED.search(raw) is not None


def is_credential(key: str) -> bool:
    """Whether a key is named as a credential (its value is never kept).

    >>> [is_credential(k) for k in ("hmac_token", "smtp_password", "hmac_verified", "token_count")]
    [True, True, False, False]
    """
    return _CREDENTIAL.search(key) is not None


def scrub(endpoint: str, body: BodyT) -> tuple[BodyT, frozenset[str]]:
    """``body`` without secret values, and the paths of the keys that lost theirs.

    ``body`` is the bytes of a response (returned unchanged when nothing is redacted,
    re-encoded otherwise) or its parsed value (copied where something is redacted,
    never changed in place). Text that is not JSON is returned as it is: the converter
    reports it.
    """
    if isinstance(body, bytes | bytearray | memoryview):
        raw = bytes(body)
        if endpoint not in _INBOX_LISTS and not _maybe_secret(raw):
            return body, frozenset()
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return body, frozenset()
        found: set[str] = set()
        clean = _clean(value, endpoint, found)
        if not found:
            return body, frozenset()
        return orjson.dumps(clean), frozenset(found)  # type: ignore[return-value]
    if isinstance(body, str):
        encoded, found_keys = scrub(endpoint, body.encode())
        return (encoded.decode() if found_keys else body), found_keys  # type: ignore[return-value]
    found = set()
    clean = _clean(body, endpoint, found)
    return clean, frozenset(found)


def _clean(value: Any, endpoint: str, found: set[str]) -> Any:
    """The whole body cleaned: the items of an inboxes listing are inbox objects."""
    if endpoint in _INBOX_LISTS:
        items = value.get("payload") if type(value) is dict else value
        if type(items) is list:
            cleaned = [_inbox(item, "payload[]", found) for item in items]
            if type(value) is dict:
                return _walk({**value, "payload": cleaned}, "", found, skip="payload")
            return cleaned
    return _walk(value, "", found)


def _walk(value: Any, path: str, found: set[str], *, skip: str | None = None) -> Any:
    """``value`` with credential keys nulled and inbox objects allow-listed (copy on change)."""
    if type(value) is list:
        inner = f"{path}[]"
        items = [_walk(item, inner, found) for item in value]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value
    if type(value) is not dict:
        return value
    out: dict[str, Any] | None = None
    for key, item in value.items():
        if key == skip:
            continue
        where = f"{path}.{key}" if path else key
        if is_credential(key):
            new = None
            if item is not None:
                found.add(where)
        elif key == "inbox" and type(item) is dict:
            new = _inbox(item, where, found)
        else:
            new = _walk(item, where, found)
        if new is not item:
            if out is None:
                out = dict(value)
            out[key] = new
    return value if out is None else out


def _inbox(item: Any, path: str, found: set[str]) -> Any:
    """An inbox object keeping the values of allow-listed keys only."""
    if type(item) is not dict:
        return item
    out: dict[str, Any] | None = None
    for key, value in item.items():
        if key in INBOX_KEYS or value is None:
            continue
        if out is None:
            out = dict(item)
        out[key] = None
        found.add(f"{path}.{key}")
    return item if out is None else out
