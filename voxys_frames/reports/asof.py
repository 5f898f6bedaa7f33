"""The instant a report describes: given, else when the snapshot was taken, else now.

>>> from voxys_frames.tables.frames import Frames
>>> report_time(Frames(manifest={"created_at": "2026-03-01T10:00:00.000000Z"}))
datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import polars as pl

from voxys_frames.exceptions import ConfigurationError


def report_time(frames: Mapping[str, pl.DataFrame], as_of: datetime | None = None) -> datetime:
    """``as_of`` (aware), else the snapshot's ``created_at``, else the current time."""
    if as_of is not None:
        if as_of.tzinfo is None:
            msg = f"as_of must be timezone-aware, got {as_of.isoformat()}"
            raise ConfigurationError(msg)
        return as_of.astimezone(UTC)
    manifest = getattr(frames, "manifest", None)
    if isinstance(manifest, dict) and isinstance(manifest.get("created_at"), str):
        return datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00"))
    return datetime.now(UTC)
