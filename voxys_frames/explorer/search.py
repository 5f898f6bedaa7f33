"""Text search without scanning every message: an index of the space-separated tokens.

The text filter keeps the messages whose ``content`` contains the searched text as a
case-insensitive literal substring, ``content.str.contains("(?i)" + re.escape(text))``
(:func:`voxys_frames.filters.predicates.text_pattern`). :class:`TextIndex` gives the
same answer from an index built once per set of messages:

* every content is cut at the space character (U+0020 only) into tokens; each
  distinct token gets a number, every message its tokens in order (the *stream*, one
  separator between messages) and every token the places where it occurs;
* a search text without a space lies inside one token of each message containing it,
  so the answer is every message holding a token that contains the text, found by the
  same regex run over the distinct tokens only;
* a text with spaces, ``w0 w1 ... wk``, occurs where a token ending with ``w0`` is
  followed by tokens equal to ``w1``..``w(k-1)`` and then one starting with ``wk``, all
  in one message: the rarest of these parts (but the last) gives the places to look
  at; the token after each place is stored beside it, and the stream tells the rest.

Case folding is the regex's own (``(?i)``, Unicode simple case folding) because the
tokens are matched with that regex, and no character folds to or from a space, so the
answer is exactly the scan's, without re-reading any message. Messages with a null
content have no tokens and are never found.

Examples
--------
>>> import polars as pl
>>> content = pl.Series(["Refund please", "my REFUND  request", None, "straße ok", "no"])
>>> index = TextIndex.build(content)
>>> index.search("refund").tolist()
[True, True, False, False, False]
>>> index.search("refund  req").tolist(), index.search("STRASSE").tolist()
([False, True, False, False, False], [False, False, False, False, False])
>>> index.search("aße o").tolist()
[False, False, False, True, False]
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from voxys_frames.filters.predicates import text_pattern

Mask = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.uint32]

SEPARATOR: Final = " "
"""The one character tokens are cut at (the only one whose case folding is itself alone
and that the searched text is split at)."""

DENSE: Final = 1.0
"""A search whose rarest part occurs more often than once per row on average (one
letter, say) scans the texts instead: following that many places costs more."""

CHUNK_ROWS: Final = 1_000_000
"""Messages tokenised at a time while building (bounds the memory of the build)."""


def _piece_pattern(piece: str, *, at_start: bool, at_end: bool) -> str:
    """The regex a token must match to hold ``piece``: anywhere in it, or, for a part of a
    text with spaces, at its end (first part), whole (middle ones) or at its start (last).
    """
    return "(?i)" + ("^" if at_start else "") + re.escape(piece) + ("$" if at_end else "")


@dataclass(frozen=True)
class TextIndex:
    """Where each distinct space-separated token occurs in a column of texts."""

    rows: int
    """Number of texts indexed (message rows)."""
    vocabulary: pl.Series
    """The distinct tokens; token ``i`` is ``vocabulary[i]``."""
    stream: Codes
    """Every text's token numbers in order, each text followed by a separator
    (number ``len(vocabulary)``), with one separator before the first text."""
    starts: npt.NDArray[np.int64]
    """Per token number, where its places begin in ``places`` / ``owners`` (``len + 1``)."""
    places: Codes
    """Positions in ``stream`` grouped by token number."""
    owners: Codes
    """The text row of each entry of ``places``."""
    followers: Codes
    """The token after each entry of ``places`` (read in order, unlike the stream)."""
    content: pl.Series
    """The texts themselves (not a copy), scanned when a search would touch most of them."""
    build_seconds: float

    @classmethod
    def build(cls, content: pl.Series) -> TextIndex:
        """The index of ``content`` (a String series, one text per row)."""
        started = time.perf_counter()
        categories = pl.Categories.random()
        codes: list[Codes] = []
        lengths: list[npt.NDArray[np.int64]] = []
        for offset in range(0, max(content.len(), 1), CHUNK_ROWS):
            lists = content.slice(offset, CHUNK_ROWS).str.split(SEPARATOR)
            lengths.append(lists.list.len().fill_null(0).cast(pl.Int64).to_numpy())
            tokens = lists.explode().drop_nulls().cast(pl.Categorical(categories))
            codes.append(tokens.to_physical().cast(pl.UInt32).to_numpy())
        vocabulary = categories.to_series().cast(pl.String)
        separator = len(vocabulary)
        per_row = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
        rows = content.len()
        flat = np.concatenate(codes) if codes else np.zeros(0, dtype=np.uint32)
        owner = np.repeat(np.arange(rows, dtype=np.uint32), per_row)
        # a leading separator, then each row's tokens followed by one separator
        stream = np.full(flat.size + rows + 1, separator, dtype=np.uint32)
        position = np.arange(1, flat.size + 1, dtype=np.uint32) + owner
        stream[position] = flat
        order = np.argsort(flat, kind="stable")
        places = position[order]
        owners = owner[order]
        del order, position, owner
        followers = stream[places + 1]
        counts = np.bincount(flat, minlength=separator)
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(
            rows=rows,
            vocabulary=vocabulary,
            stream=stream,
            starts=starts,
            places=places,
            owners=owners,
            followers=followers,
            content=content,
            build_seconds=time.perf_counter() - started,
        )

    @property
    def nbytes(self) -> int:
        """Memory held by the index, in bytes."""
        arrays = (self.stream, self.starts, self.places, self.owners, self.followers)
        return sum(a.nbytes for a in arrays) + int(self.vocabulary.estimated_size())

    def _tokens(self, pattern: str) -> npt.NDArray[np.int64]:
        """Numbers of the tokens matching ``pattern``."""
        found = self.vocabulary.str.contains(pattern).fill_null(False).to_numpy()
        return np.flatnonzero(found)

    def _gather(self, tokens: npt.NDArray[np.int64], values: Codes) -> Codes:
        """The entries of ``values`` (places or owners) of every token in ``tokens``."""
        begin, end = self.starts[tokens], self.starts[tokens + 1]
        parts = [values[b:e] for b, e in zip(begin.tolist(), end.tolist(), strict=True)]
        if len(parts) == 1:
            return parts[0]  # a view: callers only read it
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)

    def _allowed(self, tokens: npt.NDArray[np.int64]) -> Mask:
        """One bool per token number (and the separator): whether it is in ``tokens``."""
        allowed = np.zeros(len(self.vocabulary) + 1, dtype=np.bool_)
        allowed[tokens] = True
        return allowed

    def _scan(self, text: str) -> Mask:
        found = self.content.str.contains(text_pattern(text)).fill_null(False)
        return found.to_numpy().astype(np.bool_, copy=False)

    def search(self, text: str) -> Mask:
        """One bool per row: whether it contains ``text.strip()``, ignoring case."""
        pieces = text.strip().split(SEPARATOR)
        last = len(pieces) - 1
        matching = [
            self._tokens(_piece_pattern(piece, at_start=i > 0, at_end=i < last))
            for i, piece in enumerate(pieces)
        ]
        sizes = [int((self.starts[t + 1] - self.starts[t]).sum()) for t in matching]
        # the anchor's follower is read in order: anchor on any part but the last
        anchor = int(np.argmin(sizes[:-1])) if last else 0
        if sizes[anchor] > self.rows * DENSE:
            return self._scan(text)
        owners = self._gather(matching[anchor], self.owners)
        if last:
            keep = self._allowed(matching[anchor + 1])[
                self._gather(matching[anchor], self.followers)
            ]
            owners = owners[keep]
            others = [i for i in range(len(matching)) if i not in (anchor, anchor + 1)]
            if others:  # a two-part text needs no places: the follower settled it
                places = self._gather(matching[anchor], self.places)[keep]
            for i in others:
                tokens = matching[i]
                # unsigned: a place before the start wraps past the end; both clip to
                # the end, a separator, as the stream starts and ends with one
                at = places + np.uint32((i - anchor) % 2**32)
                keep = self._allowed(tokens)[np.take(self.stream, at, mode="clip")]
                places, owners = places[keep], owners[keep]
        mask = np.zeros(self.rows, dtype=np.bool_)
        mask[owners] = True
        return mask
