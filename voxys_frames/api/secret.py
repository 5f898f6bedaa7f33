"""The API token and where it may go.

:class:`Secret` holds the token with a masked repr and str; :class:`TokenAuth` adds it
as the ``api_access_token`` header to requests for the configured origin only; and
:func:`check_base_url` refuses a base URL that would expose it (credentials in the URL,
plain ``http://`` to a host that is not loopback).

Examples
--------
>>> check_base_url("https://chat.example.com/api/v1/", allow_insecure_http=False)
'https://chat.example.com'
>>> check_base_url("http://127.0.0.1:8765", allow_insecure_http=False)
'http://127.0.0.1:8765'
>>> check_base_url("http://chat.example.com", allow_insecure_http=False)
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: refusing plain http:// to chat.example.com: the token would travel unencrypted; use https:// or pass allow_insecure_http=True
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Generator
from typing import NoReturn
from urllib.parse import urlsplit

import httpx

from voxys_frames.exceptions import ConfigurationError

__all__ = ["TOKEN_HEADER", "Secret", "TokenAuth", "check_base_url", "is_loopback", "origin_of"]

logger = logging.getLogger("voxys_frames.api.client")

#: The header Chatwoot reads the access token from.
TOKEN_HEADER = "api_access_token"

Origin = tuple[str, str, int | None]
_MIN_REDACTED = 8


class Secret:
    """A string that does not show itself: repr and str are masked, pickling refused.

    >>> token = Secret("s3cr3t-token")
    >>> token, str(token), f"{token}"
    (Secret('***'), '***', '***')
    >>> token.reveal()
    's3cr3t-token'
    >>> token.redact("echo s3cr3t-token")
    'echo ***'
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself, to put in a request header and nowhere else."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the secret masked.

        Values shorter than 8 characters are left alone: masking every "t" of a
        message would garble it, and real API tokens are 24 characters long.

        >>> Secret("t").redact("not a member")
        'not a member'
        """
        if len(self._value) < _MIN_REDACTED:
            return text
        return text.replace(self._value, "***")

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, len(self._value)))

    def __reduce__(self) -> NoReturn:
        msg = "a Secret cannot be pickled"
        raise TypeError(msg)


class TokenAuth(httpx.Auth):
    """Adds the ``api_access_token`` header, only to requests for the configured origin."""

    def __init__(self, token: Secret, origin: Origin) -> None:
        self._token = token
        self._origin = origin

    def __repr__(self) -> str:
        return "TokenAuth(token=Secret('***'))"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if origin_of(request.url) == self._origin:
            request.headers[TOKEN_HEADER] = self._token.reveal()
        else:  # pragma: no cover - requests are only ever built against the base URL
            logger.warning("not sending the token to %s", request.url.host)
        yield request


def origin_of(url: httpx.URL) -> Origin:
    """(scheme, host, port) with the default port filled in."""
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host.lower(), port)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_base_url(value: str, *, allow_insecure_http: bool) -> str:
    """Check and normalise the base URL: scheme, host, no credentials, no query."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        msg = f"base URL must look like https://host, got {value!r}"
        raise ConfigurationError(msg)
    if parts.username or parts.password or parts.query or parts.fragment:
        msg = "base URL must not contain credentials, a query or a fragment"
        raise ConfigurationError(msg)
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        msg = (
            f"refusing plain http:// to {parts.hostname}: the token would travel unencrypted;"
            " use https:// or pass allow_insecure_http=True"
        )
        raise ConfigurationError(msg)
    path = parts.path.rstrip("/")
    path = path.removesuffix("/api/v1").rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}"
