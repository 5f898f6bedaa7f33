"""A typed fast path for decoding and converting response bodies: exact or not at all.

Bodies still in bytes are decoded with msgspec straight into Structs that declare every
documented key (:mod:`~voxys_frames.convert.fast.structs`), free-form objects kept as raw
JSON and made canonical once per distinct text (:mod:`~voxys_frames.convert.fast.rawjson`),
then turned into the same columns the validated path builds
(:mod:`~voxys_frames.convert.fast.messages`). Whatever the fast path cannot decode
exactly makes it return None, and the caller converts the batch with the validated
path (:mod:`~voxys_frames.convert.fast.history`).

Examples
--------
>>> decoded = fast_histories([b'{"payload": [{"id": 1, "created_at": 2}]}'], [None], account_id=1)
>>> decoded.parts.frame.height, decoded.counts
(1, [1])
"""

from voxys_frames.convert.fast.history import DecodedHistories, fast_histories

__all__ = ["DecodedHistories", "fast_histories"]
