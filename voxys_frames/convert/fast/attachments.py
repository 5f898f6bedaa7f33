"""Attachment Structs to the attachments table, as the validated path builds it.

The columns, dtypes and rows of :func:`voxys_frames.convert.entities.attachment_frame` for
the same objects: an attachment's own ``account_id`` and ``message_id`` win over its
message's, its conversation is its message's, and undeclared keys never reach here
(the decoder refuses them).

Examples
--------
>>> import polars as pl
>>> from voxys_frames.convert.fast.structs import Attachment
>>> files = [Attachment(id=7, file_type="image")]
>>> frame = attachment_table(files, [0], [40, 41], pl.Series([1, 1]), pl.Series([5, 5]))
>>> frame.select("id", "message_id", "conversation_id", "file_type").rows()
[(7, 40, 5, 'image')]
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Final

import polars as pl

from voxys_frames.convert.extract import Rows, floats, ints, required, strings
from voxys_frames.convert.fast.rawjson import RawObjects
from voxys_frames.convert.fast.structs import Attachment
from voxys_frames.tables.schema import TABLES, empty_frame

__all__ = ["attachment_table"]

_NOWHERE: Final = Rows([], lambda i: f"attachment {i}")
_COLUMNS: Final = TABLES["attachments"].names
_INTS: Final = ("file_size", "width", "height")
_FLOATS: Final = ("coordinates_lat", "coordinates_long")
_STRINGS: Final = (
    "file_type",
    "extension",
    "data_url",
    "thumb_url",
    "fallback_title",
    "transcribed_text",
)


def attachment_table(
    attachments: list[Attachment],
    owners: list[int],
    message_ids: list[Any],
    account_ids: pl.Series,
    conversation_ids: pl.Series,
) -> pl.DataFrame:
    """One row per attachment; ``owners[k]`` is the message of attachment ``k``.

    ``message_ids``, ``account_ids`` and ``conversation_ids`` are those of the messages.
    """
    if not attachments:
        return empty_frame("attachments")

    def values(key: str) -> list[Any]:
        return list(map(attrgetter(key), attachments))

    owner_index = pl.Series(owners, dtype=pl.Int64)
    columns = {
        "account_id": ints(_NOWHERE, "account_id", values("account_id")).fill_null(
            account_ids.gather(owner_index)
        ),
        "id": required(ints(_NOWHERE, "id", values("id")), _NOWHERE, "id"),
        "message_id": ints(_NOWHERE, "message_id", values("message_id")).fill_null(
            pl.Series([message_ids[i] for i in owners], dtype=pl.Int64)
        ),
        "conversation_id": conversation_ids.gather(owner_index),
        "meta": pl.Series("meta", RawObjects().texts_of(values("meta")), dtype=pl.String),
        "extra": pl.Series("extra", [None] * len(owners), dtype=pl.String),
    }
    for key in _INTS:
        columns[key] = ints(_NOWHERE, key, values(key))
    for key in _FLOATS:
        columns[key] = floats(_NOWHERE, key, values(key))
    for key in _STRINGS:
        columns[key] = strings(_NOWHERE, key, values(key))
    return pl.DataFrame({name: columns[name].rename(name) for name in _COLUMNS})
