"""Compact stores of the crawl's tally: they grow with the account, so each entry is a bit
or eight bytes, not a Python object.

* :class:`DoneUnits`: the units done. A numbered unit (``history:123``) is a bit in its
  kind's bitmap; others (``agents``) and numbers beyond :data:`DENSE_LIMIT` are kept by
  name.
* :class:`ListedConversations`: display id -> the latest message id the list showed
  (``None`` for none), in an int64 array indexed by display id; ids beyond
  :data:`DENSE_LIMIT` go to a dict.
* :class:`UnitQueue`: the units still to run, first in first out, nine bytes each (a
  listing of a million conversations queues a million histories before the first runs).

Examples
--------
>>> done = DoneUnits()
>>> done.add("history:7")
>>> done.add("agents")
>>> "history:7" in done, "history:8" in done, "agents" in done
(True, False, True)
>>> listed = ListedConversations()
>>> listed[3] = 30
>>> listed[1] = None
>>> sorted(listed), listed.get(1, -1), listed.get(2, -1), len(listed)
([1, 3], None, -1, 2)
>>> queue = UnitQueue()
>>> queue.extend([Unit("history", 7), Unit("agents")])
>>> queue.popleft(), len(queue)
(Unit(kind='history', number=7), 1)
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from typing import Final, get_args

import numpy as np

from voxys_frames.crawl.units import Unit, UnitKind

__all__ = ["DENSE_LIMIT", "DoneUnits", "ListedConversations", "UnitQueue"]

DENSE_LIMIT: Final = 1 << 26
"""Numbers below this are stored densely (a bitmap of at most 8 MiB, an array of at most
512 MiB would need an account of 67 million conversations); larger ones sparsely."""

_ABSENT: Final = -1
_NONE: Final = -2


class DoneUnits:
    """A set of unit keys (``kind`` or ``kind:number``)."""

    def __init__(self) -> None:
        self._bits: dict[str, bytearray] = {}
        self._named: set[str] = set()

    @staticmethod
    def _split(key: str) -> tuple[str, int] | None:
        kind, sep, number = key.partition(":")
        if not sep or not number.isdigit() or int(number) >= DENSE_LIMIT:
            return None
        return kind, int(number)

    def add(self, key: str) -> None:
        """Mark ``key`` done."""
        split = self._split(key)
        if split is None:
            self._named.add(key)
            return
        kind, number = split
        bits = self._bits.setdefault(kind, bytearray())
        byte = number >> 3
        if byte >= len(bits):
            bits.extend(bytes(max(byte + 1 - len(bits), len(bits))))
        bits[byte] |= 1 << (number & 7)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        split = self._split(key)
        if split is None:
            return key in self._named
        kind, number = split
        bits = self._bits.get(kind)
        byte = number >> 3
        return bits is not None and byte < len(bits) and bool(bits[byte] >> (number & 7) & 1)

    def numbers(self, kind: str) -> list[int]:
        """The numbers of the done units of ``kind``, ascending.

        >>> done = DoneUnits()
        >>> for key in ("list:3", "list:1", "list:99999999999", "history:2"):
        ...     done.add(key)
        >>> done.numbers("list")
        [1, 3, 99999999999]
        """
        bits = self._bits.get(kind, bytearray())
        flags = np.unpackbits(np.frombuffer(bytes(bits), dtype=np.uint8), bitorder="little")
        dense = np.flatnonzero(flags).tolist()
        prefix = f"{kind}:"
        sparse = [int(key[len(prefix) :]) for key in self._named if key.startswith(prefix)]
        return sorted([*dense, *sparse])


class ListedConversations:
    """A mapping of display id to the latest message id listed (or ``None``)."""

    def __init__(self) -> None:
        self._latest = np.full(0, _ABSENT, dtype=np.int64)
        self._count = 0
        self._sparse: dict[int, int | None] = {}

    def __setitem__(self, display_id: int, latest: int | None) -> None:
        dense = 0 <= display_id < DENSE_LIMIT and (latest is None or 0 <= latest < 2**63)
        if not dense:
            self._sparse[display_id] = latest
            if 0 <= display_id < len(self._latest) and self._latest[display_id] != _ABSENT:
                self._latest[display_id] = _ABSENT
                self._count -= 1
            return
        self._sparse.pop(display_id, None)
        if display_id >= len(self._latest):
            grown = np.full(max(display_id + 1, 2 * len(self._latest)), _ABSENT, dtype=np.int64)
            grown[: len(self._latest)] = self._latest
            self._latest = grown
        self._count += int(self._latest[display_id] == _ABSENT)
        self._latest[display_id] = _NONE if latest is None else latest

    def get(self, display_id: int, default: int | None = None) -> int | None:
        """The latest message id listed for ``display_id``, or ``default`` if not listed."""
        if display_id in self._sparse:
            return self._sparse[display_id]
        if not 0 <= display_id < len(self._latest):
            return default
        value = int(self._latest[display_id])
        if value == _ABSENT:
            return default
        return None if value == _NONE else value

    def __contains__(self, display_id: object) -> bool:
        if not isinstance(display_id, int):
            return False
        if display_id in self._sparse:
            return True
        return 0 <= display_id < len(self._latest) and self._latest[display_id] != _ABSENT

    def __len__(self) -> int:
        return self._count + len(self._sparse)

    def __iter__(self) -> Iterator[int]:
        """The display ids listed, the dense ones ascending, then the others."""
        yield from np.flatnonzero(self._latest != _ABSENT).tolist()
        yield from self._sparse


_KINDS: Final[tuple[UnitKind, ...]] = get_args(UnitKind)
_KIND_CODES: Final = {kind: code for code, kind in enumerate(_KINDS)}
_COMPACT_AFTER: Final = 1 << 16


class UnitQueue:
    """Units first in, first out: a kind code (one byte) and a number (eight) per unit.

    A number outside int64 is kept in a dict by its place in the queue.
    """

    def __init__(self) -> None:
        self._kinds = array("b")
        self._numbers = array("q")
        self._head = 0
        self._dropped = 0  # places removed from the front by compaction
        self._big: dict[int, int] = {}

    def append(self, unit: Unit) -> None:
        """Queue ``unit`` last."""
        self._kinds.append(_KIND_CODES[unit.kind])
        try:
            self._numbers.append(unit.number)
        except OverflowError:
            self._big[self._dropped + len(self._numbers)] = unit.number
            self._numbers.append(0)

    def extend(self, units: Iterable[Unit]) -> None:
        """Queue ``units`` last, in order."""
        for unit in units:
            self.append(unit)

    def popleft(self) -> Unit:
        """Remove and return the first unit (IndexError when empty)."""
        if self._head >= len(self._kinds):
            msg = "pop from an empty UnitQueue"
            raise IndexError(msg)
        place = self._dropped + self._head
        unit = Unit(
            _KINDS[self._kinds[self._head]], self._big.pop(place, self._numbers[self._head])
        )
        self._head += 1
        if self._head >= _COMPACT_AFTER and 2 * self._head >= len(self._kinds):
            del self._kinds[: self._head], self._numbers[: self._head]
            self._dropped += self._head
            self._head = 0
        return unit

    def __len__(self) -> int:
        return len(self._kinds) - self._head

    def __iter__(self) -> Iterator[Unit]:
        for index in range(self._head, len(self._kinds)):
            place = self._dropped + index
            yield Unit(_KINDS[self._kinds[index]], self._big.get(place, self._numbers[index]))
