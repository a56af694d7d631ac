"""A set of integer keys that answers many membership questions in one numpy call.

The vertex search (:mod:`solver.algorithms.vertex_search`) asks, for every basis
it expands, whether each of its neighbours was seen before: tens of thousands of
questions per second.  Keys below ``2**62`` live in an open-addressing hash table
(Knuth, *TAOCP* vol. 3, section 6.4, algorithm L: linear probing) held in one
int64 array, probed for a whole array of keys at once with Fibonacci hashing
(multiplication by ``2**64 / golden ratio``, keeping the top bits).  Larger keys
fall back on a Python set behind the same interface.

>>> s = KeySet(62)
>>> s.add(np.array([5, 9, 1 << 40]))
>>> s.contains(np.array([9, 10, 1 << 40])).tolist()
[True, False, True]
>>> len(s), 5 in s, 6 in s
(3, True, False)
"""
from __future__ import annotations

import numpy as np

__all__ = ["KeySet"]

_EMPTY = -1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


class KeySet:
    """Nonnegative integer keys of at most ``bits`` bits.

    Parameters
    ----------
    bits : int
        The keys' width: at most 62 uses the vectorised table (keys as int64),
        more a Python set (keys as Python ints in object arrays).
    """

    def __init__(self, bits: int):
        self.vector = bits <= 62
        self.count = 0
        if self.vector:
            self._alloc(1 << 12)
        else:
            self.pyset: set[int] = set()

    def _alloc(self, size: int) -> None:
        self.table = np.full(size, _EMPTY, dtype=np.int64)
        self.mask = size - 1
        self.shift = np.uint64(64 - (size.bit_length() - 1))

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            h = (keys.astype(np.uint64) * _GOLDEN) >> self.shift
        return h.astype(np.int64)

    def __len__(self) -> int:
        return self.count

    def __contains__(self, key: int) -> bool:
        if not self.vector:
            return key in self.pyset
        return bool(self.contains(np.array([key], dtype=np.int64))[0])

    def contains(self, keys: np.ndarray) -> np.ndarray:
        """A boolean array: which keys are in the set."""
        if not self.vector:
            return np.array([k in self.pyset for k in keys.tolist()], dtype=bool)
        table, mask = self.table, self.mask
        found = np.zeros(len(keys), dtype=bool)
        active = np.arange(len(keys))
        slot = self._slots(keys)
        want = keys
        while len(active):
            held = table[slot]
            hit = held == want
            found[active[hit]] = True
            go = ~hit & (held != _EMPTY)
            active, slot, want = active[go], (slot[go] + 1) & mask, want[go]
        return found

    def add(self, keys: np.ndarray) -> None:
        """Add keys that are distinct and not yet in the set."""
        if not self.vector:
            self.pyset.update(keys.tolist())
            self.count = len(self.pyset)
            return
        if len(keys) == 0:
            return
        if 2 * (self.count + len(keys)) > len(self.table):
            old = self.table[self.table != _EMPTY]
            size = len(self.table)
            while 2 * (self.count + len(keys)) > size:
                size *= 4
            self._alloc(size)
            self.count = 0
            self._insert(old)
        self._insert(keys.astype(np.int64, copy=False))

    def _insert(self, keys: np.ndarray) -> None:
        table, mask = self.table, self.mask
        slot = self._slots(keys)
        todo = keys
        while len(todo):
            free = table[slot] == _EMPTY
            # among keys aiming at the same free slot, the first one takes it
            s_free = slot[free]
            uniq, first = np.unique(s_free, return_index=True)
            pos = np.nonzero(free)[0][first]
            table[uniq] = todo[pos]
            rest = np.ones(len(todo), dtype=bool)
            rest[pos] = False
            todo, slot = todo[rest], (slot[rest] + 1) & mask
        self.count += len(keys)
