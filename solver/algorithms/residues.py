"""Exact integer arithmetic on numpy arrays, by residues modulo several primes.

An integer ``v`` with ``|v| < M / 2``, where ``M`` is the product of the primes
``p_0, ..., p_{P-1}``, is known exactly from its residues ``v mod p_j`` (the
Chinese remainder theorem), and a sum, difference or product of such integers is
computed prime by prime on residues that stay small.  So exact linear algebra on
large integers becomes a few passes of vectorised arithmetic over float64 arrays,
one slab per prime (Knuth, *TAOCP* vol. 2, section 4.3.2; Gregory and
Krishnamurthy, *Methods and Applications of Error-Free Computation*, 1984).

Here every prime is below ``2**25`` and a residue is kept *symmetric*, in
``[-p/2, p/2]``, as a float64: a product of two residues is below ``2**48`` in
absolute value, so a few of them add up exactly in a double, and
:meth:`Residues.reduce` brings the result back with one multiplication by
``1/p``, a rounding and a fused subtraction, all exact.

What residues cannot give directly is an integer's *size* or *sign*.  Garner's
algorithm (Garner 1959; Knuth, loc. cit.) recovers its digits in the mixed radix
``p_0, p_0 p_1, ...``; evaluated from the top digit down they give a float with
a relative error below ``2**(P + 2)`` units in the last place, an exact zero for
zero and the right sign always (:meth:`Residues.to_float`).  The exact Python
integer is :meth:`Residues.to_int`.

>>> rns = Residues.for_bits(100)
>>> v = -(3 ** 60)
>>> r = rns.from_ints([v, 7, 0])
>>> [rns.to_int(r[:, t]) == x for t, x in enumerate([v, 7, 0])]
[True, True, True]
>>> f = rns.to_float(r).tolist()
>>> abs(f[0] / v - 1) < 1e-15, f[1], f[2]
(True, 7.0, 0.0)
"""
from __future__ import annotations

import math
from functools import cache, lru_cache

import numpy as np

__all__ = ["PRIME_BITS", "Residues"]

#: Every prime is below ``2**PRIME_BITS``.
PRIME_BITS = 25


@lru_cache(maxsize=1)
def _primes() -> tuple[int, ...]:
    """The 96 largest primes below ``2**PRIME_BITS``, largest first (a sieve of the
    odd numbers in the window just below it)."""
    top = 1 << PRIME_BITS
    width = 1 << 14
    lo = top - width
    is_prime = np.ones(width, dtype=bool)
    for q in range(2, math.isqrt(top) + 1):
        start = (-lo) % q
        is_prime[start::q] = False
    found = (lo + np.nonzero(is_prime)[0]).tolist()
    return tuple(sorted(found, reverse=True)[:96])


def _sym(v: int, p: int) -> int:
    v %= p
    return v - p if v > p // 2 else v


class Residues:
    """A residue number system on the ``count`` largest primes below ``2**25``.

    Arrays of residues carry the primes on their axis ``axis`` (default the
    first): ``R[j]`` holds the residues modulo ``primes[j]``.

    Parameters
    ----------
    count : int
        How many primes (at most 96).
    primes : sequence of int, optional
        Other odd primes below ``2**25`` to use instead (tests use small ones, to
        meet the rare cases where a determinant is divisible by a prime).
    """

    def __init__(self, count: int, primes=None):
        primes = _primes() if primes is None else tuple(primes)
        if not 1 <= count <= len(primes):
            raise ValueError(f"between 1 and {len(primes)} primes, not {count}")
        self.primes = primes[:count]
        self.count = count
        self.modulus = math.prod(self.primes)
        self.p = np.array(self.primes, dtype=float)
        self.pinv = 1.0 / self.p
        ps = self.primes
        #: ``garner_inv[j]``: the inverse of ``p_0 ... p_{j-1}`` modulo ``p_j``
        self.garner_inv = [_sym(pow(math.prod(ps[:j]), -1, ps[j]), ps[j]) if j else 1
                           for j in range(count)]
        #: ``garner_mul[i][j]``: ``p_0 ... p_{i-1}`` modulo ``p_j`` (for i < j)
        self.garner_mul = [[_sym(math.prod(ps[:i]), ps[j]) for j in range(count)]
                           for i in range(count)]
        #: a float result carries a relative error below this
        self.float_error = 2.0 ** (count + 2 - 53)
        self._shaped: dict = {}
        self._garner_cols = [np.array(row[i + 1:], dtype=float) for i, row in
                             enumerate(self.garner_mul)]

    @classmethod
    def for_bits(cls, bits: float) -> Residues:
        """The fewest primes whose product exceeds ``2**(bits + 3)``: room for every
        integer of at most ``bits`` bits, eight times over (so that a residue a little
        outside its symmetric range never changes a value).  Cached by the number
        of primes."""
        return _for_bits(bits)

    # ------------------------------------------------------------------ arithmetic
    def constants(self, ndim: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
        """``(p, 1/p)`` shaped to broadcast along ``axis`` of an array of ``ndim`` axes."""
        key = (ndim, axis)
        found = self._shaped.get(key)
        if found is None:
            sh = [1] * ndim
            sh[axis] = self.count
            found = self._shaped[key] = (self.p.reshape(sh), self.pinv.reshape(sh))
        return found

    def reduce(self, X: np.ndarray, axis: int = 0) -> np.ndarray:
        """Bring integers below ``2**52`` in absolute value back to symmetric
        residues, in place, prime by prime along ``axis``; returns ``X``."""
        p, pinv = self.constants(X.ndim, axis)
        q = np.multiply(X, pinv)
        np.rint(q, out=q)
        q *= p
        X -= q
        return X

    def inverse(self, X: np.ndarray, axis: int = 0) -> np.ndarray:
        """Inverses of nonzero residues, primes along ``axis``; a zero residue gives 0.

        Montgomery's trick on a product tree: the products of pairs, of pairs of
        pairs, ... up to one product per prime, whose inverse Python computes; then
        down the tree, each inverse times its sibling gives the inverse of the
        other.  About ``3 log2(n)`` vectorised multiplications for *n* residues per
        prime, instead of one exponentiation each.
        """
        Y = np.moveaxis(X, axis, -1)
        shape = Y.shape
        Y = Y.reshape(-1, self.count)
        zero = Y == 0
        n = len(Y)
        size = 1 << max(n - 1, 0).bit_length()
        level = np.ones((size, self.count))
        level[:n] = np.where(zero, 1.0, Y)
        levels = [level]
        while len(level) > 1:
            level = self.reduce(level[0::2] * level[1::2], 1)
            levels.append(level)
        root = [pow(int(v), -1, q) for v, q in zip(level[0].tolist(), self.primes)]
        inv = self.reduce(np.array([root], dtype=float), 1)
        for below in reversed(levels[:-1]):
            out = np.empty_like(below)
            out[0::2] = inv * below[1::2]
            out[1::2] = inv * below[0::2]
            inv = self.reduce(out, 1)
        inv = inv[:n]
        inv[zero] = 0.0
        return np.moveaxis(inv.reshape(shape), -1, axis)

    # ------------------------------------------------------------------ conversions
    def from_ints(self, values) -> np.ndarray:
        """Residues of Python integers (any shape), primes on a new first axis."""
        arr = np.asarray(values, dtype=object)
        out = np.empty((self.count,) + arr.shape)
        for j, p in enumerate(self.primes):
            r = arr % p
            out[j] = np.where(r > p // 2, r - p, r).astype(float)
        return out

    def to_float(self, R: np.ndarray, axis: int = 0) -> np.ndarray:
        """The integers of residues ``R`` (primes along ``axis``) as floats: exact
        zeros, right signs, relative error below :attr:`float_error`.

        Garner's mixed-radix digits ``d_j`` (each symmetric modulo ``p_j``) are
        computed from the lowest up; ``v = d_0 + d_1 p_0 + d_2 p_0 p_1 + ...`` is
        then summed from the top, where each step can at most halve the partial
        sum, so the rounding errors stay within ``2**(P+2)`` units in the last place.
        """
        R = np.moveaxis(R, axis, 0)
        P = self.count
        if P == 1:
            return R[0].astype(float, copy=True)
        tail = (1,) * (R.ndim - 1)
        digits = [R[0]]
        acc = np.empty_like(R)            # acc[j]: d_0 + d_1 p_0 + ... modulo p_j, lazily
        acc[1:] = R[0]
        for i in range(1, P):
            a = self.reduce_one(acc[i], i)
            t = R[i] - a
            t *= float(self.garner_inv[i])
            t = self.reduce_one(t, i)
            digits.append(t)
            if i + 1 < P:
                acc[i + 1:] += t * self._garner_cols[i].reshape((-1,) + tail)
                if i % 4 == 0:
                    sl = acc[i + 1:]
                    q = sl * self.pinv[i + 1:].reshape((-1,) + tail)
                    np.rint(q, out=q)
                    q *= self.p[i + 1:].reshape((-1,) + tail)
                    sl -= q
        v = digits[P - 1].copy()
        for j in range(P - 2, -1, -1):
            v *= self.primes[j]
            v += digits[j]
        return v

    def reduce_one(self, x: np.ndarray, j: int) -> np.ndarray:
        """:meth:`reduce` for one slab of residues modulo ``primes[j]``, in place."""
        q = np.multiply(x, self.pinv[j])
        np.rint(q, out=q)
        q *= self.p[j]
        x -= q
        return x

    def to_int(self, r) -> int:
        """The exact integer of one vector of residues (one per prime)."""
        M = self.modulus
        x = 0
        for j, p in enumerate(self.primes):
            Mj = M // p
            x += int(r[j]) * Mj * pow(Mj, -1, p)
        x %= M
        return x - M if x > M // 2 else x


@cache
def _cached(count: int) -> Residues:
    return Residues(count)


def _for_bits(bits: float) -> Residues:
    total, count = 0.0, 0
    for p in _primes():
        total += math.log2(p)
        count += 1
        if total > bits + 3:
            return _cached(count)
    raise ValueError(f"integers of {bits:.0f} bits need more than {count} primes")
