"""Lemke-Howson paths in floating point: condensed tableaux and their pivots.

The machinery behind :func:`solver.algorithms.lemke_howson.lemke_howson`.  A
:class:`FloatPath` holds one condensed tableau per best-response polytope
(``basic = rhs - D @ nonbasic``; von Stengel 2007, *Algorithmic Game Theory*,
section 3.5) and follows the path of one dropped label, a given number of
pivots at a time, so that several paths can take turns.

A pivot is a rank-1 update of the tableau.  Its cost is memory traffic, so
the updates are kept pending, ``D - U @ V.T``, and applied ``_DEFER`` at a time
by one BLAS matrix product; the entering column and the pivot row are read
net of the pending updates, and the right-hand side is kept current.  Ties in
the ratio test go to the lexicographic rule.
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["FloatPath", "normalised", "start_tableaux", "zobrist_keys"]

#: A pivot entry must exceed this (payoffs are normalised to [1, 2]).
_TOL_PIVOT = 1e-10
#: Ratios closer than this (relative) count as ties and go to the lexicographic rule.
_TOL_RATIO = 1e-9
#: From this many pivots on, a float path records its bases to detect cycling.
_RECORD_AFTER = 1000


def normalised(M) -> tuple[np.ndarray, Any]:
    """Payoffs as float64, shifted and scaled into [1, 2] (best responses
    unchanged), and the smallest payoff (exact for integer arrays)."""
    try:
        try:   # Python ints go through int64 (twice as fast) when they fit
            F = (M.astype(np.int64) if M.dtype == object else M).astype(float)
        except (OverflowError, TypeError):
            F = np.asarray(M, dtype=float)
        if not np.isfinite(F).all():
            raise OverflowError
    except OverflowError:  # huge integers: shift exactly first
        lo = min(M.flat)
        span = max(M.flat) - lo or 1
        return np.array([[(v - lo) / span for v in row] for row in M], dtype=float) + 1.0, lo
    lo, hi = F.min(), F.max()
    if M.dtype == object and max(-lo, hi) >= 2.0 ** 53:
        exact_lo = min(M.flat)
    else:
        exact_lo = int(lo) if M.dtype == object else lo
    if hi == lo:
        return np.ones(F.shape), exact_lo
    return (F - lo) / (hi - lo) + 1.0, exact_lo


class _Tableau:
    """A condensed tableau ``basic = rhs - D @ nonbasic`` of one polytope.

    ``D`` has one row per constraint and one column per nonbasic variable, plus
    the right-hand side as the last column.  Variables are named by their labels.
    """

    def __init__(self, D: np.ndarray, basic: list[int], nonbasic: list[int],
                 slack_labels: range, n_labels: int):
        self.D = np.asfortranarray(D)
        self.basic = basic
        self.nonbasic = nonbasic
        self.slack_labels = slack_labels
        self.row_of = [-1] * n_labels
        self.col_of = [-1] * n_labels
        for r, lab in enumerate(basic):
            self.row_of[lab] = r
        for c, lab in enumerate(nonbasic):
            self.col_of[lab] = c
        rows = self.D.shape[0]
        self.rhs = self.D[:, -1]         # a view: pivots update it in place
        self.ratios = np.empty(rows)
        self.mask = np.empty(rows, dtype=bool)
        self.near = np.empty(rows, dtype=bool)
        self.col = np.empty(rows)
        self.row = np.empty(self.D.shape[1])
        # pending rank-1 updates: the true tableau is D - U[:, :t] @ V[:, :t].T
        self.U = np.zeros((rows, _DEFER), order="F")
        self.V = np.zeros((self.D.shape[1], _DEFER), order="F")
        self.U_cols = [self.U[:, j] for j in range(_DEFER)]
        self.V_cols = [self.V[:, j] for j in range(_DEFER)]
        self.U_first = [self.U[:, :j] for j in range(_DEFER)]
        self.V_first = [self.V[:, :j] for j in range(_DEFER)]
        self.t = 0
        self.flat = self.D.ravel(order="F")         # a view, for strided row updates
        self.flush = _make_flush(self)
        self.parts = (self.D, self.col, self.row, self.mask, self.ratios, self.near, self.rhs,
                      self.flat, self.U, self.V, self.U_first, self.V_first, self.U_cols,
                      self.V_cols, self.col_of)

    def lexicographic(self, near: np.ndarray, col: np.ndarray) -> int:
        """Among the rows *near* (tied in the ratio test), the one whose row of
        (basis inverse) / pivot column is lexicographically smallest."""
        d = col[near]
        for s in self.slack_labels:
            r = self.row_of[s]
            if r >= 0:
                vals = (near == r) / d
            else:
                vals = self.D[near, self.col_of[s]] / d
            lo = vals.min()
            keep = vals <= lo + _TOL_RATIO * max(1.0, float(np.abs(vals).max()))
            near, d = near[keep], d[keep]
            if near.shape[0] == 1:
                break
        return int(near[0])


def _make_flush(tab: _Tableau):
    """A function applying the pending updates, ``D -= U @ V.T``, and clearing them.

    BLAS ``dgemm`` in place on column blocks small enough for OpenBLAS to run
    it in one thread (its threads cost far more than they save at this size):
    ``_DEFER`` rank-1 updates at once cost about as much as two one at a time
    (their cost is memory traffic, which the matrix product shares).
    """
    D, U, V = tab.D, tab.U, tab.V
    rows, cols = D.shape
    width = max(1, 2**18 // max(rows * _DEFER, 1))
    blocks = [(D[:, a:a + width], V[a:a + width]) for a in range(0, cols, width)]
    gemm = _BLAS[1]

    def flush():
        t = tab.t
        if t:
            Ut = U if t == _DEFER else U[:, :t]
            for block, part in blocks:
                gemm(-1.0, Ut, part if t == _DEFER else part[:, :t], beta=1.0, c=block,
                     overwrite_c=1, trans_b=1)
            tab.t = 0
    return flush


def _numpy_axpy(x, y, n=None, a=1.0, offx=0, incx=1, offy=0, incy=1):
    """``y[offy::incy][:n] += a * x[:n]`` in place (BLAS daxpy, unit offx and incx)."""
    n = len(x) if n is None else n
    y[offy:offy + incy * (n - 1) + 1:incy] += a * x[:n]
    return y


def _numpy_gemm(alpha, a, b, beta=1.0, c=None, overwrite_c=1, trans_b=1):
    """``c += alpha * a @ b.T`` in place (BLAS dgemm with beta=1, trans_b=1)."""
    c += alpha * (a @ b.T)
    return c


def _blas():
    """scipy's BLAS ``daxpy`` and ``dgemm`` if they update in place, else numpy stand-ins."""
    try:
        from scipy.linalg.blas import daxpy, dgemm
    except ImportError:  # pragma: no cover
        return _numpy_axpy, _numpy_gemm
    y = np.zeros(4)
    c = np.zeros((2, 2), order="F")
    ok = (np.shares_memory(daxpy(np.ones(2), y, n=2, a=1.0, offy=1, incy=2), y) and y[3] == 1
          and np.shares_memory(dgemm(1.0, np.ones((2, 1)), np.ones((2, 1)), beta=1.0, c=c,
                                     overwrite_c=1, trans_b=1), c) and c[1, 1] == 1)
    return (daxpy, dgemm) if ok else (_numpy_axpy, _numpy_gemm)  # pragma: no branch


#: Rank-1 updates kept pending before one matrix product applies them.
_DEFER = 8
_BLAS = _blas()


class FloatPath:
    """One Lemke-Howson path in float64: its two tableaux and where it stands.

    ``FloatPath(start_tableaux(A, B), k, zobrist_keys(m + n))`` starts the path
    that drops label ``k`` (payoffs ``A``, ``B`` made positive, e.g. by
    :func:`normalised`); :meth:`advance` pivots along it.

    ``status`` is None while the path runs, then ``"done"`` (the dropped label
    was picked up again), ``"limit"``, ``"cycled"`` or ``"found no admissible
    pivot"``.
    """

    def __init__(self, start: tuple, k: int, keys: list[list[int]]):
        DP, DQ = start                   # the initial tableaux (start_tableaux), copied
        n, m = DP.shape[0], DQ.shape[0]
        L = m + n
        self.tableaux = (_Tableau(DP.copy(order="F"), list(range(m, L)), list(range(m)),
                                  range(m, L), L),
                         _Tableau(DQ.copy(order="F"), list(range(m)), list(range(m, L)),
                                  range(m), L))
        self.label = k
        self.keys = keys
        # Zobrist hash of the pair of bases, to notice a float path that cycles
        self.state = 0
        for side_keys, tab in zip(keys, self.tableaux):
            for lab in tab.basic:
                self.state ^= side_keys[lab]
        self.seen: set = set()
        self.side = 0 if k < m else 1
        self.entering = k
        self.pivots = 0
        self.status: str | None = None
        self.degenerate = False

    @property
    def basis_p(self) -> list[int]:
        return list(self.tableaux[0].basic)

    @property
    def basis_q(self) -> list[int]:
        return list(self.tableaux[1].basic)

    def advance(self, budget: int) -> None:
        """Make at most *budget* more pivots (fewer when the path ends)."""
        # Ratio test: the entering column's positive entries, minimum of
        # rhs / entry; near-ties go to the lexicographic rule.  Pivot (exchange
        # of basic row r and nonbasic column c, pivot element p): every other
        # entry loses col[i] * row[j] / p (a rank-1 update, kept pending in U,
        # V and applied _DEFER at a time), the pivot row is divided by p, the
        # pivot column becomes -col / p and the pivot entry 1 / p (both written
        # into D at once, net of the pending updates).  The rhs is kept current.
        greater, divide, less_equal, count_nonzero, subtract, dot, copyto = (
            np.greater, np.divide, np.less_equal, np.count_nonzero, np.subtract, np.dot,
            np.copyto)
        axpy = _BLAS[0]
        inf = np.inf
        tabs, keys, seen = self.tableaux, self.keys, self.seen
        k, side, entering, state = self.label, self.side, self.entering, self.state
        pivots, stop = self.pivots, self.pivots + budget
        status = None
        while pivots < stop:
            tab = tabs[side]
            (D, col, row, mask, ratios, near, rhs, flat, U, V, U_first, V_first, U_cols,
             V_cols, col_of) = tab.parts
            c = col_of[entering]
            t = tab.t
            if t:
                subtract(D[:, c], dot(U_first[t], V[c, :t]), out=col)
            else:
                copyto(col, D[:, c])
            greater(col, _TOL_PIVOT, out=mask)
            ratios.fill(inf)
            divide(rhs, col, out=ratios, where=mask)
            r = int(ratios.argmin())
            mn = float(ratios[r])
            if mn == inf:
                status = "found no admissible pivot"
                break
            less_equal(ratios, mn + _TOL_RATIO * (1.0 + abs(mn)), out=near)
            if count_nonzero(near) > 1:
                self.degenerate = True
                tab.flush()
                t = 0
                r = tab.lexicographic(np.flatnonzero(near), col)
            if t:
                subtract(D[r, :], dot(V_first[t], U[r, :t]), out=row)
            else:
                copyto(row, D[r, :])
            p = float(col[r])
            d_rc = float(D[r, c])
            u, v = U_cols[t], V_cols[t]
            copyto(u, col)
            u[r] = 0.0
            divide(row, p, out=v)
            rows, cols = D.shape
            axpy(u, rhs, rows, -float(v[-1]))                         # rhs, rows i != r
            axpy(col, D[:, c], rows, -(1.0 + 1.0 / p))                # column c
            axpy(row, flat, cols, 1.0 / p - 1.0, 0, 1, r, rows)       # row r
            D[r, c] = 1.0 / p + (d_rc - p)                            # then (r, c)
            v[c] = 0.0
            v[-1] = 0.0
            tab.t = t + 1
            if t + 1 == _DEFER:
                tab.flush()
            basic, nonbasic = tab.basic, tab.nonbasic
            leaving = basic[r]
            basic[r], nonbasic[c] = entering, leaving
            tab.row_of[entering], tab.col_of[entering] = r, -1
            tab.row_of[leaving], tab.col_of[leaving] = -1, c
            pivots += 1
            if leaving == k:
                status = "done"
                break
            state ^= keys[side][leaving] ^ keys[side][entering]
            if pivots >= _RECORD_AFTER:
                if (state, leaving) in seen:
                    status = "cycled"
                    break
                seen.add((state, leaving))
            entering = leaving
            side = 1 - side
        self.side, self.entering, self.state, self.pivots = side, entering, state, pivots
        self.status = status


def start_tableaux(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The condensed tableaux at the artificial equilibrium (0, 0)."""
    m, n = A.shape
    # P: constraints B^T x + s = 1 (rows j), x_i has label i, s_j label m+j.
    DP = np.empty((n, m + 1), order="F")
    DP[:, :m] = B.T
    DP[:, m] = 1.0
    # Q: constraints A y + r = 1 (rows i), r_i has label i, y_j label m+j.
    DQ = np.empty((m, n + 1), order="F")
    DQ[:, :n] = A
    DQ[:, n] = 1.0
    return DP, DQ


def zobrist_keys(L: int) -> list[list[int]]:
    """Random 62-bit keys per (polytope, label): the XOR of the basic labels' keys
    hashes a pair of bases (Zobrist hashing), to notice a float path that cycles."""
    return np.random.default_rng(0x1e3c).integers(1, 2**62, size=(2, L)).tolist()
