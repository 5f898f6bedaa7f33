"""The secret rules, written once: what of a response body may never be kept.

Every body passes through :func:`scrub` before it is converted or archived, whatever its
endpoint or shape:

* an **inbox object** keeps only the keys of the inboxes table's allow-list
  (:data:`~voxys_frames.tables.schema.INBOX_FIELDS`), and only scalar values there; every
  other key keeps its name and loses its value. Inbox objects are the items of
  ``GET /inboxes``, any object or list of objects under a key ``inbox`` or ``inboxes``
  (in any case or separator), and any object with a ``channel_type`` key (only inboxes
  have one): servers older than Chatwoot PR #10888 (and forks cut before it) embed the
  whole inbox, ``hmac_token`` and IMAP/SMTP passwords included, in each contact's
  ``contact_inboxes[].inbox``;
* anywhere else, a key named as a credential loses its value: see :func:`is_credential`
  (``access_token``, ``pubsubToken``, ``hmac-token``, ``*_password``, ``*_secret``,
  ``api_key``, ``X-Api-Key``, ``provider_config``...).

A value that goes becomes null; the path of each such key (``payload[].hmac_token``)
is reported so the manifest can say what was redacted. A body with nothing to redact
is returned as it came (the very bytes the server sent); a quick scan of the bytes
decides whether the body needs to be read at all. A body that may hold a secret is
never passed on unread: if it is not valid JSON, :func:`scrub` raises SchemaError
(nothing of it is archived); if it repeats a key in an object (the parser keeps the
last copy, so an earlier one could hide a secret), it is written again from what was
parsed, and reported as :data:`DUPLICATE_KEYS`.

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

from voxys_frames.convert.jsontext import load_body
from voxys_frames.exceptions import SchemaError
from voxys_frames.tables.schema import INBOX_FIELDS

__all__ = ["DUPLICATE_KEYS", "INBOX_KEYS", "is_credential", "scrub"]

INBOX_KEYS: Final = frozenset(name for name, _, _ in INBOX_FIELDS)
"""The keys of an inbox object that are kept: everything else loses its value."""

DUPLICATE_KEYS: Final = "(a key repeated in an object: the last copy kept)"
"""What :func:`scrub` reports for a body that may hold a secret and repeats a key."""

# A credential's name, once normalised (camelCase split, separators as "_", ASCII lower
# case), is one of these words or ends with "_" and one of them, unless it names a flag
# (``is_secret``, ``has_password``). Plurals are credentials only where no counter can
# be meant (``access_tokens``, not ``total_tokens``). The quick scan of the bytes looks
# for each word's last part and a closing quote ("key\"" for "hmacKey"), so what it
# finds and what the rules match agree.
# (pattern, the letters a name it matches ends with)
_WORDS: Final = (
    ("token", ("token",)),
    ("password", ("password",)),
    ("passwd", ("passwd",)),
    ("secret", ("secret",)),
    ("credentials?", ("credential", "credentials")),
    ("authorization", ("authorization",)),
    ("provider_config", ("config",)),
    (
        "(?:api|private|secret|access|signing|hmac|encryption|auth|client|app)_?keys?",
        ("key", "keys"),
    ),
    ("(?:access|auth|refresh|api|bearer|session|pubsub|hmac|website|bot)_tokens", ("tokens",)),
    ("passwords|secrets", ("passwords", "secrets")),
)
_CREDENTIAL: Final = re.compile(
    rf"^(?!(?:is|has)_)(?:.*_)?(?:{'|'.join(word for word, _ in _WORDS)})$", re.ASCII
)
_INBOX_KEYS_NAMED: Final = frozenset({"inbox", "inboxes"})
_INBOX_MARK: Final = "channel_type"


# Bytes that may hold an inbox object or a credential key (searched in the lower-cased
# body with stringzilla's SIMD substring search: one pass per needle, far quicker than
# bytes.find or one case-insensitive pattern), and any escaped ASCII letter or digit
# ("\u0074oken"), which no Chatwoot server writes but a hostile one could.
_NEEDLES: Final = (
    *(f'{tail}"'.encode() for _, tails in _WORDS for tail in tails),
    *(f'"{name}"'.encode() for name in sorted(_INBOX_KEYS_NAMED)),  # the whole name
    f'{_INBOX_MARK}"'.encode(),
)
_ESCAPE_START: Final = b"\\u00"
_ESCAPED: Final = re.compile(rb"\\u00(?:3[0-9]|[4-7][0-9a-fA-F])")
_CAMEL: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])", re.ASCII)
_SEPARATORS: Final = re.compile(r"[\s.\-]+", re.ASCII)
_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Every JSON string of a body in turn, with the colon that makes it a key: scanning from
# the left, each match starts at a string's opening quote (outside strings, JSON has no
# quote), so keys are counted exactly.
_STRING_TOKEN: Final = re.compile(rb'"(?:[^"\\]|\\.)*+"[ \t\n\r]*+(:?)', re.DOTALL)
_INBOX_LISTS: Final = frozenset({"inboxes"})
_NESTED: Final = frozenset({dict, list})
BodyT = TypeVar("BodyT")


def _maybe_secret(raw: bytes) -> bool:
    """Whether the bytes may hold something the rules remove (false positives only cost
    a parse)."""
    lowered = Str(raw.lower())
    if any(lowered.find(needle) >= 0 for needle in _NEEDLES):
        return True
    return lowered.find(_ESCAPE_START) >= 0 and _ESCAPED.search(raw) is not None


def _normal(key: str) -> str:
    """``key`` as the rules compare it: camelCase split, separators as ``_``, ASCII lower.

    >>> _normal("hmacToken"), _normal("IMAP-Password"), _normal("APIKey")
    ('hmac_token', 'imap_password', 'apikey')
    """
    return _SEPARATORS.sub("_", _CAMEL.sub("_", key)).translate(_ASCII_LOWER)


def is_credential(key: str) -> bool:
    """Whether a key is named as a credential (its value is never kept), in any case,
    camelCase or separator; non-ASCII letters never stand for ASCII ones.

    >>> names = ("hmac_token", "smtpPassword", "X-Api-Key", "hmac_verified", "token_count")
    >>> [is_credential(k) for k in names]
    [True, True, True, False, False]
    """
    return _CREDENTIAL.search(_normal(key)) is not None


_PLAIN, _SECRET, _INBOX_HOLDER, _INBOX_MARKER = range(4)
_KINDS: dict[str, int] = {}
_MAX_KINDS: Final = 1 << 16
_MAX_KIND_LENGTH: Final = 64  # longer names are classified each time, never kept


def _kind(key: str) -> int:
    """What a key is to the rules, remembered per name (a body repeats its keys)."""
    kind = _KINDS.get(key)
    if kind is None:
        lowered = key.translate(_ASCII_LOWER)
        if is_credential(key):
            kind = _SECRET
        elif lowered in _INBOX_KEYS_NAMED:
            kind = _INBOX_HOLDER
        elif lowered == _INBOX_MARK:
            kind = _INBOX_MARKER
        else:
            kind = _PLAIN
        if len(_KINDS) < _MAX_KINDS and len(key) <= _MAX_KIND_LENGTH:
            _KINDS[key] = kind
    return kind


def scrub(endpoint: str, body: BodyT, *, source: str = "body") -> tuple[BodyT, frozenset[str]]:
    """``body`` without secret values, and the paths of the keys that lost theirs.

    ``body`` is the bytes of a response (returned unchanged when nothing is redacted,
    re-encoded otherwise) or its parsed value (copied where something is redacted,
    never changed in place). Text that is not JSON is returned as it is when no secret
    can be in it (the converter reports it); otherwise SchemaError names ``source``.

    >>> scrub("contacts", b'{"pubsub_token": 1e999}', source="contacts/page-1.json.gz")
    Traceback (most recent call last):
    ...
    voxys_frames.exceptions.SchemaError: contacts/page-1.json.gz: not valid JSON: number is infinity when parsed as double: line 1 column 18 (char 17)
    >>> scrub("contacts", b'{"hmac_token": "x", "hmac_token": null}')
    (b'{"hmac_token":null}', frozenset({'(a key repeated in an object: the last copy kept)'}))
    """
    if isinstance(body, bytes | bytearray | memoryview):
        raw = bytes(body)
        if endpoint not in _INBOX_LISTS and not _maybe_secret(raw):
            return body, frozenset()
        value = load_body(raw, source=source)
        found: set[str] = set()
        clean = _cleaned(value, endpoint, found, source)
        if not found and _key_count(value) != _keys_in(raw):
            found.add(DUPLICATE_KEYS)
        if not found:
            return body, frozenset()
        return orjson.dumps(clean), frozenset(found)  # type: ignore[return-value]
    if isinstance(body, str):
        encoded, found_keys = scrub(endpoint, body.encode(), source=source)
        return (encoded.decode() if found_keys else body), found_keys  # type: ignore[return-value]
    found = set()
    clean = _cleaned(body, endpoint, found, source)
    return clean, frozenset(found)


def _cleaned(value: Any, endpoint: str, found: set[str], source: str) -> Any:
    """:func:`_clean`, with a body nested beyond Python's recursion limit refused."""
    try:
        return _clean(value, endpoint, found)
    except RecursionError:
        msg = f"{source}: nested too deeply for the secret rules (objects and lists in each other)"
        raise SchemaError(msg) from None


def _keys_in(raw: bytes) -> int:
    """How many keys the JSON text ``raw`` writes, repeated ones included."""
    return _STRING_TOKEN.findall(raw).count(b":")


def _key_count(value: Any) -> int:
    """How many keys the parsed ``value`` holds, at every level."""
    count = 0
    pending = [value]
    while pending:
        item = pending.pop()
        if type(item) is dict:
            count += len(item)
            pending.extend(item.values())
        elif type(item) is list:
            pending.extend(item)
    return count


def _clean(value: Any, endpoint: str, found: set[str]) -> Any:
    """The whole body cleaned: the items of an inboxes listing are inbox objects."""
    if endpoint in _INBOX_LISTS:
        items = value.get("payload") if type(value) is dict else value
        if type(items) is list:
            cleaned = _inboxes(items, "payload[]", found)
            if type(value) is dict:
                return _walk({**value, "payload": cleaned}, "", found, skip="payload")
            return cleaned
    return _walk(value, "", found)


def _walk(value: Any, path: str, found: set[str], *, skip: str | None = None) -> Any:
    """``value`` with credential keys nulled and inbox objects allow-listed (copy on change)."""
    if type(value) is list:
        inner = f"{path}[]"
        items = [_walk(item, inner, found) if type(item) in _NESTED else item for item in value]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value
    if type(value) is not dict:
        return value
    out: dict[str, Any] | None = None
    for key, item in value.items():
        kind = _kind(key)
        if kind == _PLAIN:
            if type(item) not in _NESTED or key == skip:
                continue
            new = _walk(item, f"{path}.{key}" if path else key, found)
        elif kind == _INBOX_MARKER:  # only inboxes have a channel_type
            return _inbox(value, path, found)
        elif kind == _SECRET:
            new = None
            if item is not None:
                found.add(f"{path}.{key}" if path else key)
        elif type(item) is dict:  # _INBOX_HOLDER: an inbox, or a list of them
            new = _inbox(item, f"{path}.{key}" if path else key, found)
        elif type(item) is list:
            new = _inboxes(item, f"{path}.{key}[]" if path else f"{key}[]", found)
        else:
            continue
        if new is not item:
            if out is None:
                out = dict(value)
            out[key] = new
    return value if out is None else out


def _inboxes(items: list[Any], path: str, found: set[str]) -> list[Any]:
    """A list of inbox objects (anything else in it walked), itself when nothing changed."""
    new = [_inbox(i, path, found) if type(i) is dict else _walk(i, path, found) for i in items]
    return items if all(n is o for n, o in zip(new, items, strict=True)) else new


def _inbox(item: dict[str, Any], path: str, found: set[str]) -> Any:
    """An inbox object keeping the scalar values of allow-listed keys only.

    A list or object under an allow-listed key (the schema wants a scalar there) keeps
    its shape with every value nulled, so the converter still reports the wrong type
    without showing what was in it.
    """
    out: dict[str, Any] | None = None
    for key, value in item.items():
        if value is None or (key in INBOX_KEYS and type(value) not in _NESTED):
            continue
        if out is None:
            out = dict(item)
        out[key] = _emptied(value) if key in INBOX_KEYS else None
        found.add(f"{path}.{key}" if path else key)
    return item if out is None else out


def _emptied(value: Any) -> Any:
    """``value`` with the same lists and keys, every scalar in it null."""
    if type(value) is dict:
        return {key: _emptied(item) for key, item in value.items()}
    if type(value) is list:
        return [_emptied(item) for item in value]
    return None
