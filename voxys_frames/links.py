"""Links from a conversation id to the conversation in the Voxys app.

The URL is ``{base_url}/app/accounts/{account_id}/conversations/{display_id}``. The base
URL comes from the snapshot manifest's source host (``https://{host}``; the manifest
keeps the host only, never a token), or from an explicit ``link_base_url``. A loopback
host (``127.0.0.0/8``, ``localhost``, ``::1``: the emulator) gives no links unless
``link_base_url`` asks for them. Links open in a new tab (``target="_blank"
rel="noopener noreferrer"``) and every part of them is HTML-escaped.

Examples
--------
>>> links = conversation_links({"source": {"host": "connect.voxys.ai", "account_id": 1}})
>>> links.url(1, 42)
'https://connect.voxys.ai/app/accounts/1/conversations/42'
>>> print(links.anchor(1, 42, "#42"))
<a href="https://connect.voxys.ai/app/accounts/1/conversations/42" target="_blank" rel="noopener noreferrer">#42</a>
>>> conversation_links({"source": {"host": "127.0.0.1:3000", "account_id": 1}}) is None
True
>>> conversation_links(None, link_base_url="http://127.0.0.1:3000/").url(1, 2)
'http://127.0.0.1:3000/app/accounts/1/conversations/2'
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from voxys_frames.api.secret import check_base_url, is_loopback
from voxys_frames.exceptions import ConfigurationError


class Markup(str):
    """HTML that is already escaped: table builders insert it as it is."""

    __slots__ = ()


def is_loopback_host(host: str) -> bool:
    """Whether manifest ``host`` (maybe with a port) names this machine.

    >>> [is_loopback_host(h) for h in ("localhost:3000", "127.0.0.2", "::1:80", "::1", "voxys.ai")]
    [True, True, True, True, False]
    """
    text = host.strip()
    candidates = {text, text.rsplit(":", 1)[0], urlsplit(f"//{text}").hostname or ""}
    return any(is_loopback(candidate) for candidate in candidates if candidate)


@dataclass(frozen=True)
class ConversationLinks:
    """Builds conversation URLs and anchors under ``base_url``."""

    base_url: str

    def url(self, account_id: int, conversation_id: int) -> str:
        """The conversation's page in the app."""
        account, conversation = quote(str(account_id)), quote(str(conversation_id))
        return f"{self.base_url}/app/accounts/{account}/conversations/{conversation}"

    def anchor(self, account_id: int, conversation_id: int, text: str) -> Markup:
        """An escaped link with escaped ``text``, opened in a new tab."""
        href = html.escape(self.url(account_id, conversation_id), quote=True)
        return Markup(
            f'<a href="{href}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(text, quote=True)}</a>"
        )


def _explicit(base_url: str) -> ConversationLinks:
    try:
        checked = check_base_url(base_url, allow_insecure_http=True)
    except ConfigurationError as exc:
        msg = f"link_base_url: {exc}"
        raise ConfigurationError(msg) from None
    return ConversationLinks(checked)


def conversation_links(
    manifest: Mapping[str, Any] | None, *, link_base_url: str | None = None
) -> ConversationLinks | None:
    """Links for a snapshot's conversations, or None when there is no (non-loopback) host."""
    if link_base_url:
        return _explicit(link_base_url)
    source = (manifest or {}).get("source") or {}
    host = source.get("host") if isinstance(source, Mapping) else None
    if not isinstance(host, str) or not host or is_loopback_host(host):
        return None
    return _explicit(f"https://{host}")
