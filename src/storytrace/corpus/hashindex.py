"""A numpy open-addressing hash map from 64-bit keys to row numbers, looked up a batch at a time.

Why: the signatures stage maps every word of a batch (~300k for 512 articles) to its row in the
word table. ``np.unique`` plus a Python dict lookup per distinct word sorted every batch's
hashes and was a sixth of the stage; here each lookup round is a few vector gathers over a
table that stays in cache, and a round settles all but the colliding few.

Keys are already well mixed (splitmix64, see ``storytrace.corpus.tokens``), so the low bits
pick the slot. Linear probing; the table doubles before it is half full. Not thread-safe on
its own: the word table serialises access under its lock.
"""

from __future__ import annotations

import numpy as np

EMPTY = -1


class HashIndex:
    """uint64 key -> int64 value (values >= 0; -1 marks an empty slot)."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        size = 1 << max(4, (capacity - 1).bit_length())
        self._keys = np.zeros(size, dtype=np.uint64)
        self._values = np.full(size, EMPTY, dtype=np.int64)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def get(self, keys: np.ndarray) -> np.ndarray:
        """Value of each key (repeats allowed), -1 where absent."""
        keys = np.asarray(keys, dtype=np.uint64)
        mask = np.uint64(len(self._keys) - 1)
        found = np.full(len(keys), EMPTY, dtype=np.int64)
        pending = np.arange(len(keys))
        slots = (keys & mask).astype(np.int64)
        while len(pending):
            values = self._values[slots]
            hit = (values != EMPTY) & (self._keys[slots] == keys[pending])
            found[pending[hit]] = values[hit]
            probing = (values != EMPTY) & ~hit  # a different key here: try the next slot
            pending, slots = pending[probing], (slots[probing] + 1) & int(mask)
        return found

    def put(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Insert keys that are distinct and absent (the caller checked with ``get``)."""
        keys = np.asarray(keys, dtype=np.uint64)
        values = np.asarray(values, dtype=np.int64)
        if 2 * (self._count + len(keys)) > len(self._keys):
            self._grow(self._count + len(keys))
        mask = len(self._keys) - 1
        slots = (keys & np.uint64(mask)).astype(np.int64)
        pending = np.arange(len(keys))
        while len(pending):
            free = self._values[slots] == EMPTY
            # several keys may want the same free slot: the first of each takes it
            _, first = np.unique(slots[free], return_index=True)
            winners = np.flatnonzero(free)[first]
            self._keys[slots[winners]] = keys[pending[winners]]
            self._values[slots[winners]] = values[pending[winners]]
            placed = np.zeros(len(pending), dtype=bool)
            placed[winners] = True
            pending, slots = pending[~placed], (slots[~placed] + 1) & mask
        self._count += len(keys)

    def _grow(self, needed: int) -> None:
        used = self._values != EMPTY
        keys, values = self._keys[used], self._values[used]
        size = len(self._keys)
        while 2 * needed > size:
            size *= 2
        self._keys = np.zeros(size, dtype=np.uint64)
        self._values = np.full(size, EMPTY, dtype=np.int64)
        self._count = 0
        self.put(keys, values)
