"""Every vertex of a polytope ``{z >= 0, M z <= 1}``, by a batched, exact search of its
lexico-feasible bases.

This is the vertex search behind :func:`solver.algorithms.modular_enumeration.
modular_enumeration`.  It visits exactly the bases that
:mod:`solver.algorithms.enumeration` visits -- the *lexico-feasible* ones, those
of the polytope whose right-hand side is perturbed to ``1 + (eps, eps**2, ...)``
(Dantzig, Orden and Wolfe 1955), a simple polytope whose graph is connected -- and
records each vertex under its full label set, but it is built for speed in
Python:

* **Many bases at a time.**  The search is breadth-first by batches: the tableaux
  of a batch of bases are stacked in numpy arrays, and one pass of array
  arithmetic does a ratio test or a pivot for all of them.
* **Exact tableaux as residues.**  The tableau ``B^-1 [M_N | 1]`` of a basis
  *B* is a matrix of rationals with denominator ``det B``; it is kept modulo
  several primes (:class:`~solver.algorithms.residues.Residues`), enough for
  every minor of ``[M | I | 1]`` by Hadamard's bound, so it is exact, and a
  pivot is a few vectorised multiplications and reductions
  (:mod:`solver.algorithms.batched_tableaux`, which also makes a basis's
  tableau only when the basis has a new neighbour).
* **Floats propose, residues decide.**  A floating-point copy of each tableau,
  pivoted along, *proposes* the leaving row of every ratio test (lexicographic
  rule included; :mod:`solver.algorithms.float_proposals`).  A proposal is never
  trusted: a proposed neighbour that was
  already visited is known to be lexico-feasible, hence the neighbour (a
  lexico-feasible basis has exactly one neighbour per entering column); a new one
  is kept only after its exact right-hand side -- and at a degenerate vertex, the
  rows of ``B^-1`` of its zero rows -- have been found lexicographically positive
  from the residues (signs by Garner's algorithm).  A rejected proposal is
  replaced by the exact lexicographic ratio test on the parent's exact tableau.

A basis whose determinant happens to be divisible by one of the primes (about
one in thirty million) cannot be stored as residues; it is expanded exactly with
Python integers (fraction-free pivoting, Bareiss 1968;
:mod:`solver.algorithms.exact_pivoting`) and its neighbours go back to the residues.

Breadth first, the queue holds about one level of the search.  Beyond
:data:`MEMORY_BUDGET` bytes of queued tableaux, new bases are queued *bare* (their
variables only) and their tableaux computed afresh, by Gauss-Jordan elimination in
residues, when their turn comes: slower, but memory stays bounded.

References
----------
G. B. Dantzig, A. Orden and P. Wolfe, "The generalized simplex method for
minimizing a linear form under linear inequality restraints", *Pacific Journal of
Mathematics* 5 (1955) 183-195.

D. Avis, G. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42 (2010) 9-37.

E. H. Bareiss, "Sylvester's identity and multistep integer-preserving Gaussian
elimination", *Mathematics of Computation* 22 (1968) 565-578.
"""
from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from solver.algorithms.batched_tableaux import (
    Bases,
    float_children,
    from_scratch,
    materialize,
    verify_children,
)
from solver.algorithms.exact_pivoting import (
    bareiss_pivot,
    exact_tableau,
    lexicographic_leaving_row,
)
from solver.algorithms.float_proposals import propose_leaving_rows
from solver.algorithms.key_set import KeySet
from solver.algorithms.residues import Residues
from solver.progress import advance

__all__ = [
    "BATCH",
    "MEMORY_BUDGET",
    "Polytope",
    "VertexLimitReached",
    "Vertices",
    "hadamard_bits",
    "lexico_vertices",
    "search_polytopes",
    "tableau_bytes",
]

#: Bases expanded together (one batch of stacked tableaux).
BATCH = 512
#: Relative drift of the float right-hand side at which a float tableau is rebuilt.
DRIFT = 1e-7
#: Bytes of queued tableaux beyond which new bases are queued bare (their variables
#: only) and their tableaux computed afresh when their turn comes: memory stays bounded.
MEMORY_BUDGET = 256 * 2 ** 20


class VertexLimitReached(Exception):
    """The search visited more bases than its limit; ``args[0]`` names the polytope."""


def tableau_bytes(M: Sequence[Sequence[int]]) -> int:
    """Bytes of one basis's tableau in residues for the *k x d* matrix *M*."""
    k, d = len(M), len(M[0])
    return 8 * Residues.for_bits(hadamard_bits(M)).count * k * (d + 1)


def hadamard_bits(M: Sequence[Sequence[int]]) -> float:
    """Bits of Hadamard's bound on every minor of ``[M | I | 1]`` (*k x d* integer
    matrix *M*): the product of the *k* largest column norms (every norm is at least
    1).  Computed from the exact squared norms, so any payoffs will do.

    >>> round(hadamard_bits([[3, 0], [4, 1]]), 6)   # 5 * sqrt(2) (the 1s), and a bit
    3.821928
    """
    k = len(M)
    logs = [0.5 * math.log2(max(sum(int(M[i][j]) ** 2 for i in range(k)), 1))
            for j in range(len(M[0]))]
    logs.append(0.5 * math.log2(k))
    logs.sort(reverse=True)
    return sum(logs[:k]) + 1e-9 * k + 1


class Polytope(NamedTuple):
    """A polytope ``{z >= 0, M z <= 1}`` to search: a positive integer *k x d* matrix
    *M*, the label of each ``z_v`` (tight when ``z_v = 0``) and of each row's slack
    (tight when the row holds with equality), and a name for messages."""

    M: Sequence[Sequence[int]]
    var_labels: Sequence[int]
    slack_labels: Sequence[int]
    name: str


class Vertices(NamedTuple):
    """What the search finds in one polytope.

    Attributes
    ----------
    masks : ndarray
        The label bitmask of each vertex (int64, or Python ints beyond 62 labels),
        in the order found: the origin first.
    keys : ndarray
        For each vertex, the bitmask of the basic variables of one basis of it
        (variable ``v < d`` is ``z_v``, ``d + i`` the slack of row *i*).
    bases : int
        The number of lexico-feasible bases.
    degenerate : bool
        Whether some vertex has more than *d* labels (some basis has a basic
        variable at zero).
    """

    masks: np.ndarray
    keys: np.ndarray
    bases: int
    degenerate: bool


def lexico_vertices(M: Sequence[Sequence[int]], var_labels: Sequence[int],
                    slack_labels: Sequence[int], limit: int, name: str, deadline,
                    rns: Residues | None = None) -> Vertices:
    """Vertices of ``{z >= 0, M z <= 1}`` for a positive integer *k x d* matrix *M*.

    Parameters
    ----------
    M : k x d nested sequence of positive ints
    var_labels, slack_labels : sequences of int
        The label of each ``z_v`` and of each row's slack.
    limit : int
        Most lexico-feasible bases to visit; :class:`VertexLimitReached` beyond.
    name : str
        The polytope's name, for the limit's message.
    deadline : solver.algorithms.limits.Deadline
    rns : Residues, optional
        The residue system (default: enough of the largest primes below 2**25 for
        Hadamard's bound).

    Returns
    -------
    Vertices
    """
    return search_polytopes([Polytope(M, var_labels, slack_labels, name)], limit, deadline,
                            rns)[0]


def search_polytopes(polytopes: Sequence[Polytope], limit: int, deadline,
                     rns: Residues | None = None) -> list[Vertices]:
    """:func:`lexico_vertices` of several polytopes of the same shape, in one search.

    Their bases share the batches, so the work that does not grow with a batch's
    size -- most of it in small games -- is done once for all.  ``limit`` bounds
    the bases of all of them together; the error names them all.
    """
    search = _Search(polytopes, limit, deadline, rns)
    search.run()
    out = []
    masks = np.concatenate(search.mask_parts)
    keys = np.concatenate(search.key_parts) & search.keymask
    poly = np.concatenate(search.poly_parts)
    for p in range(len(polytopes)):
        sel = np.nonzero(poly == p)[0]
        _, first = np.unique(masks[sel], return_index=True)
        first = sel[np.sort(first)]
        out.append(Vertices(masks[first], keys[first], int(search.counts[p]),
                            bool(search.degenerate[p])))
    return out


class _Search:
    def __init__(self, polytopes, limit, deadline, rns):
        M = polytopes[0].M
        self.k, self.d = k, d = len(M), len(M[0])
        if any((len(p.M), len(p.M[0])) != (k, d) for p in polytopes):
            raise ValueError("polytopes searched together must have the same shape")
        self.Ms = [[[int(v) for v in row] for row in p.M] for p in polytopes]
        self.limit, self.deadline = limit, deadline
        self.name = " and ".join(p.name for p in polytopes)
        self.rns = rns if rns is not None else Residues.for_bits(
            max(hadamard_bits(m) for m in self.Ms))
        nv = d + k
        tag = (len(polytopes) - 1).bit_length()
        self.kdt = np.int64 if nv + tag <= 62 else object
        self.keymask = (1 << nv) - 1
        self.tags = [p << nv for p in range(len(polytopes))]
        self.varbit = np.array([1 << v for v in range(nv)], dtype=self.kdt)
        self.labelbits = np.array([[1 << lab for lab in list(p.var_labels) + list(p.slack_labels)]
                                   for p in polytopes], dtype=self.kdt)
        self.mask_parts: list[np.ndarray] = []
        self.key_parts: list[np.ndarray] = []
        self.poly_parts: list[np.ndarray] = []
        self.degenerate = np.zeros(len(polytopes), dtype=bool)
        self.counts = np.zeros(len(polytopes), dtype=np.int64)
        self.seen = KeySet(nv + tag)
        self.queue: deque[Bases] = deque()
        # queued bases allowed: each holds a float tableau and at most one row of residues
        per_basis = 8 * (self.rns.count + 1) * k * (d + 1) + 64 * (k + d)
        self.budget = max(64, MEMORY_BUDGET // per_basis)
        self.batch_size = max(16, min(BATCH, self.budget // 4))
        self.pending = 0
        self.slow: list[tuple] = []          # exact (Python int) bases still to expand

    # ------------------------------------------------------------------ driver
    def run(self) -> None:
        k, d = self.k, self.d
        key0 = sum(1 << v for v in range(d, d + k))
        for p, M in enumerate(self.Ms):
            T0 = [[M[i][j] for j in range(d)] + [1] for i in range(k)]
            self._add_exact(T0, 1, list(range(d, d + k)), list(range(d)), key0 | self.tags[p],
                            p)
        while self.queue or self.slow:
            while self.slow:
                self._expand_exact(*self.slow.pop())
            if self.queue:
                self._expand(self._next_batch())
                advance(int(self.counts.sum()), self.limit,
                        f"bases of {self.name} searched (the most allowed)")

    def _next_batch(self) -> Bases:
        """The oldest queued bases, up to :data:`BATCH` of them (breadth-first: the
        queue then holds about one level of the search, the fewest tableaux)."""
        parts, total, size = [], 0, self.batch_size
        queue = self.queue
        while queue and total < size:
            b = queue.popleft()
            if total + len(b) > size:
                cut = size - total
                queue.appendleft(b.take(slice(cut, None)))
                b = b.take(slice(0, cut))
            if not b.srcs:
                b = self._rebuild(b)
            else:
                self.pending -= len(b)
            parts.append(b)
            total += len(b)
        return Bases.join(parts)

    def _enqueue(self, bases: Bases, bare: bool = False) -> None:
        """Queue bases; ``bare`` ones hold no tableau (and are not counted)."""
        if not bare:
            self.pending += len(bases)
        self.queue.append(bases)

    def _rebuild(self, bare: Bases) -> Bases:
        """The tableaux of bases queued bare, computed afresh from their variables
        (in pieces of about 16 MB of arrays, the time limit checked after each)."""
        rns, k, d = self.rns, self.k, self.d
        step = max(1, (1 << 21) // (rns.count * k * (k + d + 1)))
        T = np.empty((len(bare), rns.count, k, d + 1))
        det = np.empty((len(bare), rns.count))
        for s in range(0, len(bare), step):
            w = slice(s, s + step)
            T[w], det[w] = from_scratch(rns, self.Ms, bare.poly[w], bare.basis[w],
                                        bare.nonbasic[w])
            self.deadline.check(f"enumerating the vertices of {self.name}")
        ff = rns.reduce(T * det[:, :, None, None], axis=1)
        F = rns.to_float(ff, axis=1) / rns.to_float(det, axis=1)[:, None, None]
        n = len(bare)
        zero = np.zeros(n, dtype=np.intp)
        return Bases((T,), (np.zeros(n, dtype=np.int64),), zero, np.arange(n), zero - 1,
                     zero - 1, bare.ainv, det, F.transpose(0, 2, 1).copy(), bare.basis,
                     bare.nonbasic, bare.keys, bare.poly)

    def _visit(self, keys: np.ndarray, poly: np.ndarray) -> None:
        """Mark new (distinct, unseen) bases as seen; the limit is checked here."""
        self.seen.add(keys)
        self.counts += np.bincount(poly, minlength=len(self.counts))
        if len(self.seen) > self.limit:
            raise VertexLimitReached(self.name)

    def _record(self, batch: Bases) -> None:
        """Note the label mask of each basis of a batch (a vertex's labels: the
        nonbasic variables and the basic ones at zero)."""
        d = self.d
        poly = batch.poly[:, None]
        mask = np.bitwise_or.reduce(self.labelbits[poly, batch.nonbasic], axis=1)
        zero = batch.F[:, d, :] == 0
        if zero.any():
            self.degenerate[batch.poly[zero.any(axis=1)]] = True
            extra = np.where(zero, self.labelbits[poly, batch.basis], 0)
            mask = mask | np.bitwise_or.reduce(extra, axis=1)
        self.mask_parts.append(mask)
        self.key_parts.append(batch.keys)
        self.poly_parts.append(batch.poly)

    # ------------------------------------------------------------------ one batch
    def _expand(self, batch: Bases) -> None:
        """Record a batch, propose every neighbour by floats, and visit the new ones
        that the residues verify (the others exactly)."""
        self.deadline.check(f"enumerating the vertices of {self.name}")
        self._record(batch)
        d = self.d
        rows = self._propose(batch)                      # (n, d), -1: no proposal
        n = len(batch)
        bidx = np.repeat(np.arange(n), d)
        cidx = np.tile(np.arange(d), n)
        ridx = rows.ravel()
        ok = ridx >= 0
        enter = batch.nonbasic[bidx, cidx]
        leave = batch.basis[bidx, np.where(ok, ridx, 0)]
        ckeys = batch.keys[bidx] ^ self.varbit[enter] ^ self.varbit[leave]
        new, dup = self._new_keys(ckeys, ok)
        fallback = np.nonzero(~ok)[0].tolist()
        if len(new):
            for t in self._children(batch, bidx[new], ridx[new], cidx[new], ckeys[new]):
                t = int(new[t])
                fallback.append(t)
                if dup:   # other parents that proposed the same (wrong) child
                    same = np.nonzero(ckeys == ckeys[t])[0]
                    fallback.extend(int(u) for u in same if u != t and ok[u])
        for t in fallback:
            self._exact_step(batch, int(bidx[t]), int(cidx[t]))

    def _new_keys(self, ckeys, ok):
        """Positions of the first proposal of each proposed child not seen before, and
        whether some child was proposed more than once."""
        idx = np.nonzero(ok)[0]
        idx = idx[~self.seen.contains(ckeys[idx])]
        if not len(idx):
            return idx, False
        if self.kdt is np.int64:
            _, first, counts = np.unique(ckeys[idx], return_index=True, return_counts=True)
            return idx[np.sort(first)], bool((counts > 1).any())
        firsts: dict = {}
        for t, kk in zip(idx.tolist(), ckeys[idx].tolist()):
            firsts.setdefault(kk, t)
        return np.fromiter(firsts.values(), dtype=np.intp, count=len(firsts)), \
            len(firsts) < len(idx)

    def _propose(self, batch: Bases) -> np.ndarray:
        """The leaving row the floats propose for every entering column (-1: none)."""
        return propose_leaving_rows(batch.F, batch.basis, batch.nonbasic, self.d)

    # ------------------------------------------------------------------ children
    def _children(self, batch: Bases, pb, pr, pc, keys) -> list[int]:
        """Verify the proposed children (parents ``pb``, pivots ``(pr, pc)``) and queue
        the lexico-feasible ones; return the positions that failed (a wrong proposal,
        or a pivot entry divisible by a prime: both redone exactly)."""
        parents, pos = np.unique(pb, return_inverse=True)
        T, lazy = materialize(self.rns, batch, parents)
        ar = np.arange(len(pb))
        basis = batch.basis[pb]
        nonbasic = batch.nonbasic[pb]
        enter = nonbasic[ar, pc]
        nonbasic[ar, pc] = basis[ar, pr]
        basis[ar, pr] = enter
        feasible, _, ainv, det, rhs = verify_children(
            self.rns, T, batch.det[parents], pos, pr, pc, basis, nonbasic)
        good = np.nonzero(feasible)[0]
        failed = np.nonzero(~feasible)[0].tolist()
        room = max(self.budget - self.pending, 0)
        if len(good) > room:          # memory: the rest wait as bare bases, rebuilt later
            rest = good[room:]
            good = good[:room]
            self._visit(keys[rest], batch.poly[pb[rest]])
            self._enqueue(Bases((), (), rest * 0, rest * 0, rest * 0 - 2, rest * 0 - 2,
                                ainv[rest], det[rest], np.empty((len(rest), 0, 0)),
                                basis[rest], nonbasic[rest], keys[rest], batch.poly[pb[rest]]),
                          bare=True)
        if not len(good):
            return failed
        d = self.d
        F = float_children(batch.F, pb[good], pr[good], pc[good])
        drift = np.abs(F[:, d, :] - rhs[good]).max(axis=1) > \
            DRIFT * (1 + np.abs(rhs[good]).max(axis=1))
        drift |= ~np.isfinite(F).all(axis=(1, 2))
        F[:, d, :] = rhs[good]
        child = Bases((T,), (lazy,), np.zeros(len(good), dtype=np.intp), pos[good], pr[good],
                      pc[good], ainv[good], det[good], F, basis[good], nonbasic[good],
                      keys[good], batch.poly[pb[good]])
        if drift.any():
            redo = np.nonzero(drift)[0]
            R, _ = materialize(self.rns, child, redo)
            for t, Rt in zip(redo.tolist(), R):
                F[t] = self._float_tableau(Rt, child.det[t])
        self._visit(child.keys, child.poly)
        self._enqueue(child)
        return failed

    def _float_tableau(self, R, det) -> np.ndarray:
        """The float tableau of residues ``R`` (P, k, d+1), from its exact values."""
        rns = self.rns
        ff = rns.reduce(rns.reduce(R.copy()) * det[:, None, None])
        return (rns.to_float(ff) / rns.to_float(det[:, None])[0]).T

    # ------------------------------------------------------------------ exact steps
    def _exact_step(self, batch: Bases, b: int, c: int) -> None:
        """The neighbour of basis ``b`` of a batch along column ``c``, by the exact
        lexicographic ratio test; visited and queued if new."""
        R, _ = materialize(self.rns, batch, np.array([b]))
        T, D = exact_tableau(self.rns, R[0], batch.det[b])
        key = batch.keys[b].item() if self.kdt is np.int64 else batch.keys[b]
        self._exact_neighbour(T, D, batch.basis[b].tolist(), batch.nonbasic[b].tolist(),
                              int(key), c, int(batch.poly[b]))

    def _exact_neighbour(self, T, D, basis, nonbasic, key, c, poly) -> None:
        r = lexicographic_leaving_row(T, D, basis, nonbasic, c)
        if r < 0:
            raise AssertionError("vertex search: an unbounded edge in a bounded polytope")
        child = key ^ (1 << nonbasic[c]) ^ (1 << basis[r])
        if child in self.seen:
            return
        T2, D2 = bareiss_pivot(T, D, r, c)
        basis2, nonbasic2 = list(basis), list(nonbasic)
        basis2[r], nonbasic2[c] = nonbasic[c], basis[r]
        self._add_exact(T2, D2, basis2, nonbasic2, child, poly)

    def _add_exact(self, T, D, basis, nonbasic, key, poly) -> None:
        """Visit a basis known in Python integers (fraction-free tableau ``T``,
        ``D = |det B|``): into the residues if ``D`` is a unit modulo every prime,
        else onto the exact list."""
        self._visit(np.array([key], dtype=self.kdt), np.array([poly]))
        rns = self.rns
        det = rns.from_ints([D])[:, 0]
        if (det == 0).any():
            self.slow.append((T, D, basis, nonbasic, key, poly))
            return
        dinv = rns.inverse(det)
        R = rns.reduce(rns.from_ints(T) * dinv[:, None, None])
        F = np.array([[v / D for v in row] for row in T], dtype=float).T.copy()
        zero = np.zeros(1, dtype=np.intp)
        self._enqueue(Bases((R[None],), (np.zeros(1, dtype=np.int64),), zero, zero, zero - 1,
                            zero - 1, np.zeros((1, rns.count)), det[None], F[None],
                            np.array([basis]), np.array([nonbasic]),
                            np.array([key], dtype=self.kdt), np.array([poly])))

    def _expand_exact(self, T, D, basis, nonbasic, key, poly) -> None:
        """Record and expand a basis held in Python integers."""
        k, d = self.k, self.d
        bits = self.labelbits[poly]
        mask = 0
        for v in nonbasic:
            mask |= int(bits[v])
        for i in range(k):
            if T[i][d] == 0:
                mask |= int(bits[basis[i]])
                self.degenerate[poly] = True
        self.mask_parts.append(np.array([mask], dtype=self.kdt))
        self.key_parts.append(np.array([key], dtype=self.kdt))
        self.poly_parts.append(np.array([poly]))
        for c in range(d):
            self._exact_neighbour(T, D, basis, nonbasic, key, c, poly)
