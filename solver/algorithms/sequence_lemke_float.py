"""Lemke's path on the sequence form in floating point, made exact at its end.

The exact path of :mod:`solver.algorithms.sequence_lemke` keeps a dense tableau of
Python integers; on trees of thousands of nodes its pivots are slow.  Here the same
linear complementarity problem (Koller, Megiddo and von Stengel 1996, sec. 4; the
covering vector of the uniform prior, von Stengel, van den Elzen and Talman 2002) is
followed in float64 by the *revised* method: the basis matrix is kept as a sparse LU
factorisation (SuperLU, :func:`scipy.sparse.linalg.splu`) with the last pivots as
eta vectors (product form of the inverse; Chvatal 1983, ch. 7), refactorised every
:data:`REFACTOR` pivots.  Lemke's rule needs no pricing -- the entering variable is
the complement of the one that left -- so a pivot costs one solve with the basis
(the entering column) and a ratio test.  Degenerate ties are broken by a tiny fixed
perturbation of the right-hand side (the float counterpart of the lexicographic rule
of the exact path).

The end of the path gives float plans ``x, y``; they are made exact as the LP's are
(:func:`solver.algorithms.sequence_lp.exact_plan`: each player's plan from the
other's indifferences between his best sequences) and certified in integers
(:mod:`solver.algorithms.sequence_certificate`).  Whatever fails -- a ray, the pivot
limit, a plan that cannot be made exact, a certificate that does not hold -- the
caller falls back on the exact path.
"""
from __future__ import annotations

from math import floor

import numpy as np
import scipy.sparse as sp

from solver.errors import SolverError, SolverLimitError

__all__ = ["float_lemke", "float_lcp", "REFACTOR"]

#: Pivots between two factorisations of the basis.
REFACTOR = 48
#: Size of the perturbation of the right-hand side (payoffs are scaled into [-1, 0]).
PERTURBATION = 1e-9
#: A column entry must exceed this to bound the ratio test.
TOL_PIVOT = 1e-11


def float_lcp(sf, prior: tuple | None = None):
    """The sequence form's LCP ``w = q0 + M z + d z0`` in floats (sparse ``M``).

    Payoffs are shifted negative (as in the exact path) and each player's divided by
    its largest absolute value.  ``prior`` is a pair of float plans for the covering
    vector (default: the uniform behaviour's plans).  Returns ``(M, q0, d, offsets)``
    with ``offsets = (ox, oy, op, oq)``, where the blocks of ``z`` start.
    """
    from solver.conversions.sequence_form import uniform_plan
    game = sf.game
    n1, n2 = sf.n_sequences
    r1, r2 = sf.E.shape[0], sf.F.shape[0]
    chance = np.array([float(c) for c in sf.chance]) / sf.chance_scale
    mats = []
    for i in range(2):
        top = max((game.payoffs(h)[i] for h in game.terminal_payoffs()), default=0)
        shift = floor(top) + 1
        vals = np.array([float(v) for v in sf.values[i]]) / sf.scales[i] - shift * chance
        big = float(np.abs(vals).max(initial=0.0)) or 1.0
        mats.append(sp.csr_matrix((vals / big, (sf.rows, sf.cols)), shape=(n1, n2)))
    A, B = mats
    E, F = sf.E.astype(float), sf.F.astype(float)
    M = sp.bmat([[None, -A, -E.T, None], [-B.T, None, None, -F.T],
                 [E, None, None, None], [None, F, None, None]], format="csc")
    m = n1 + n2 + r1 + r2
    ox, oy, op, oq = 0, n1, n1 + n2, n1 + n2 + r1
    q0 = np.zeros(m)
    q0[op] = q0[oq] = -1.0
    if prior is None:
        xb = np.array(uniform_plan(sf, 0), dtype=float)
        yb = np.array(uniform_plan(sf, 1), dtype=float)
        prior = (xb / xb[0], yb / yb[0])
    d = np.concatenate([-(A @ prior[1]), -(B.T @ prior[0]), np.ones(r1 + r2)])
    return M, q0, d, (ox, oy, op, oq)


class _Basis:
    """The basis matrix of the revised method: an LU factorisation and eta vectors."""

    def __init__(self, negM: sp.csc_matrix, d: np.ndarray):
        self.m = negM.shape[0]
        self.negM, self.d = negM, d
        self.lu = None
        self.etas: list[tuple[int, np.ndarray]] = []

    def column(self, v: int) -> np.ndarray:
        """The column of variable ``v`` in ``[I | -M | -d]``: ``w_i = i``, ``z_j = m + j``,
        ``z0 = 2m``."""
        m = self.m
        col = np.zeros(m)
        if v < m:
            col[v] = 1.0
        elif v < 2 * m:
            lo, hi = self.negM.indptr[v - m], self.negM.indptr[v - m + 1]
            col[self.negM.indices[lo:hi]] = self.negM.data[lo:hi]
        else:
            col[:] = -self.d
        return col

    def factorise(self, basis: list[int]) -> None:
        from scipy.sparse.linalg import splu
        m = self.m
        rows, cols, vals = [], [], []
        for k, v in enumerate(basis):
            if v < m:
                rows.append(np.array([v])); vals.append(np.ones(1))
            elif v < 2 * m:
                lo, hi = self.negM.indptr[v - m], self.negM.indptr[v - m + 1]
                rows.append(self.negM.indices[lo:hi]); vals.append(self.negM.data[lo:hi])
            else:
                nz = np.flatnonzero(self.d)
                rows.append(nz); vals.append(-self.d[nz])
            cols.append(np.full(len(rows[-1]), k))
        Bm = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                           shape=(m, m))
        try:
            self.lu = splu(Bm)
        except RuntimeError as err:      # singular: the float path has lost its way
            raise SolverError(f"the float Lemke path met a singular basis ({err})") from None
        self.etas = []

    def solve(self, a: np.ndarray) -> np.ndarray:
        """``B^-1 a`` (FTRAN)."""
        v = self.lu.solve(a) if self.lu is not None else a.copy()
        for r, al in self.etas:
            vr = v[r] / al[r]
            if vr:
                v -= vr * al
            v[r] = vr
        return v


def float_lemke(M: sp.csc_matrix, q0: np.ndarray, d: np.ndarray, *, max_pivots: int,
                deadline=None) -> tuple[np.ndarray, int]:
    """Lemke's algorithm on ``w = q0 + M z + d z0`` in floats, by the revised method.

    Returns ``(z, pivots)``.

    Raises
    ------
    SolverError
        When the path ends in a ray or meets a singular basis.
    SolverLimitError
        After ``max_pivots`` pivots, or when ``deadline`` passes.
    """
    m = len(q0)
    q = q0 + PERTURBATION * (1.0 + np.random.default_rng(0).random(m))
    basis = _Basis((-M).tocsc(), d)
    order = list(range(m))                       # row -> basic variable
    beta = q.copy()
    # z0 enters at the smallest value that makes every w non-negative
    neg = np.flatnonzero(beta < 0)
    if not len(neg):
        return np.zeros(m), 0
    cover = d[neg]
    if (cover <= 0).any():
        raise SolverError("the covering vector does not cover the negative right-hand side")
    r = int(neg[np.argmax(-beta[neg] / cover)])
    t = -beta[r] / d[r]
    alpha = -d
    entering, pivots = 2 * m, 0
    while True:
        beta -= t * alpha
        beta[r] = t
        leaving = order[r]
        order[r] = entering
        basis.etas.append((r, alpha))
        pivots += 1
        if len(basis.etas) >= REFACTOR:
            basis.factorise(order)
            beta = basis.solve(q)
        if leaving == 2 * m:
            break
        if pivots >= max_pivots:
            raise SolverLimitError(
                f"Lemke's algorithm on the sequence form (floating point) stopped after "
                f"max_pivots={max_pivots} pivots; pass a larger max_pivots")
        if deadline is not None:
            deadline.tick("following Lemke's path on the sequence form in floating point")
        entering = leaving + m if leaving < m else leaving - m
        alpha = basis.solve(basis.column(entering))
        cand = np.flatnonzero(alpha > TOL_PIVOT)
        if not len(cand):
            raise SolverError("the float Lemke path ended in a ray")
        ratios = beta[cand] / alpha[cand]
        k = int(np.argmin(ratios))
        r, t = int(cand[k]), max(float(ratios[k]), 0.0)
    basis.factorise(order)
    values = basis.solve(q0)
    z = np.zeros(m)
    for i, v in enumerate(order):
        if m <= v < 2 * m:
            z[v - m] = max(values[i], 0.0)
    return z, pivots
