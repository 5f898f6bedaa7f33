"""What a crawl reads: the list filters, the message mode, the incremental window.

:class:`CrawlOptions` is checked when it is made (through the same parameter checks as
the client), names the crawl in the manifest (:meth:`CrawlOptions.describe`) and gives
the fingerprint that ties an interrupted crawl to its resume.

Examples
--------
>>> options = CrawlOptions()
>>> options.complete_listing, options.list_filters()
(True, {'status': 'all', 'sort_by': 'created_at_asc'})
>>> CrawlOptions(status="open").complete_listing
False
>>> CrawlOptions(messages="some")
Traceback (most recent call last):
...
voxys_frames.exceptions.ConfigurationError: messages='some' is not valid; expected one of: full, latest
>>> CrawlOptions().fingerprint("chat.example.com", 1) == CrawlOptions().fingerprint("chat.example.com", 2)
False
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import orjson

from voxys_frames.api.params import LIST_FILTERS, ConversationStatus, list_params
from voxys_frames.exceptions import ConfigurationError

__all__ = ["CRAWL_FILTERS", "CrawlOptions", "MessagesMode"]

MessagesMode = Literal["full", "latest"]
"""``full``: every message from the messages endpoint; ``latest``: the list's own."""

CRAWL_FILTERS = frozenset(LIST_FILTERS - {"status", "sort_by", "updated_within"})
"""List filters a crawl passes through (status is its own option; the crawl sorts)."""

#: The crawl's sort: new conversations append at the end, so offsets stay put.
CRAWL_SORT = "created_at_asc"


@dataclass(frozen=True)
class CrawlOptions:
    """The options that decide which rows a crawl reads (not how fast it reads them).

    ``updated_since`` is epoch seconds: only conversations updated after it are read,
    and merged into the previous snapshot. ``csat_and_slas`` reads the CSAT responses
    and applied SLAs of the account too (the default; a server without them is noted in
    the manifest, not an error).
    """

    status: ConversationStatus = "all"
    filters: Mapping[str, Any] = field(default_factory=dict)
    messages: MessagesMode = "full"
    updated_since: int | None = None
    reporting_events: bool = False
    csat_and_slas: bool = True

    def __post_init__(self) -> None:
        if self.messages not in get_args(MessagesMode):
            allowed = ", ".join(get_args(MessagesMode))
            msg = f"messages={self.messages!r} is not valid; expected one of: {allowed}"
            raise ConfigurationError(msg)
        unknown = sorted(set(self.filters) - CRAWL_FILTERS)
        if unknown:
            msg = f"unknown filter(s): {', '.join(unknown)}; expected: {', '.join(sorted(CRAWL_FILTERS))}"
            raise ConfigurationError(msg)
        object.__setattr__(
            self, "filters", {k: v for k, v in self.filters.items() if v is not None}
        )
        list_params(self.list_filters())  # raises on a bad value, before any request

    @property
    def complete_listing(self) -> bool:
        """Whether the crawl reads the whole account (so display-id gaps can be filled)."""
        return self.status == "all" and not self.filters and self.updated_since is None

    @property
    def assignee_type(self) -> str | None:
        """The ``assignee_type`` filter, which decides the meta count to check against."""
        value = self.filters.get("assignee_type")
        return str(value) if value is not None else None

    def list_filters(self) -> dict[str, Any]:
        """The parameters of every list request of the crawl (``page`` aside)."""
        return {"status": self.status, **self.filters, "sort_by": CRAWL_SORT}

    def describe(self) -> dict[str, Any]:
        """The options as plain JSON values, for the manifest and the journal."""
        return {
            "status": self.status,
            "filters": {
                k: list(v) if isinstance(v, list | tuple) else v for k, v in self.filters.items()
            },
            "sort_by": CRAWL_SORT,
            "messages": self.messages,
            "updated_since": self.updated_since,
            "reporting_events": self.reporting_events,
            "csat_and_slas": self.csat_and_slas,
        }

    def fingerprint(self, host: str | None, account_id: int) -> str:
        """A short name for this crawl of this account (the resume journal's key)."""
        identity = {"host": host, "account_id": account_id, **self.describe()}
        digest = hashlib.sha256(orjson.dumps(identity, option=orjson.OPT_SORT_KEYS, default=str))
        return digest.hexdigest()[:16]
