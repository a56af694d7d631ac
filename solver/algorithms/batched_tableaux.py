"""Many simplex tableaux at once, exact in residues: pivots and their verification.

The vertex search (:mod:`solver.algorithms.vertex_search`) holds a *batch* of bases
of a polytope ``{z >= 0, M z <= 1}`` (*M* is *k x d*) in numpy arrays.  The
tableau of a basis *B* is ``B^-1 [M_N | 1]``: *k* rows, a column per nonbasic
variable and the right-hand side last.  It is exact as residues modulo the primes
of a :class:`~solver.algorithms.residues.Residues` system (shape ``(P, k, d+1)``
per basis), and approximate as floats (shape ``(k, d+1)``).

A pivot on row *r* and column *c* is Gauss-Jordan elimination: row *r* is divided
by the pivot entry ``a`` and ``column c (x) row r / a`` is subtracted from the rest.
In residues the division is a multiplication by the inverse of ``a`` modulo each
prime, so no entry ever grows.

**Tableaux are made when needed.**  About half the bases of a search have no new
neighbour: their tableaux are never needed in residues, only their float copies
(for the ratio tests) and their right-hand sides (checked when they were found).
So a batch does not hold its bases' residues: it holds their *parents'* (``srcs``,
shared) and the pivot from each parent (:class:`Bases`).  A basis's own residues
are made (:func:`materialize`) only when it has a new neighbour to verify, and a
new neighbour's right-hand side and determinant -- all that its verification
needs -- come straight from them (:func:`verify_children`), in ``O(P k)`` work
instead of ``O(P k d)``.
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "LAZY",
    "SUB",
    "Bases",
    "child_entries",
    "float_children",
    "from_scratch",
    "materialize",
    "verify_children",
]

#: Pivots between two reductions of a tableau's residues (each adds at most 2**48).
LAZY = 12
#: Tableaux whose outer products are formed together (to stay in the cache).
SUB = 64


class Bases:
    """A batch of ``n`` bases of one polytope (or of several of the same shape).

    Attributes
    ----------
    srcs : tuple of ndarray (N_s, P, k, d+1)
        Residues of tableaux: of the bases' parents, or of the bases themselves.
    lazies : tuple of ndarray (N_s,)
        Pivots since each row of a source was last reduced: its entries are below
        ``2**24 + lazy * 2**48`` in absolute value.
    sidx, idx, pr, pc : ndarray (n,)
        The source and row of each basis, and the pivot (row, column) that turns
        that row into the basis's tableau; ``pr = -1`` when it is the basis's own.
    ainv : ndarray (n, P)
        Inverses of the pivot entries.
    det : ndarray (n, P)
        Residues of ``det B``.
    F : ndarray (n, d+1, k)
        Float tableaux, by columns (``F[t, j, i]``: row *i*, column *j*); the
        right-hand side (``j = d``) exact up to rounding.
    basis, nonbasic : ndarray (n, k), (n, d)
        The variable of each row and of each column.
    keys : ndarray (n,)
        Bitmasks of the basic variables (tagged with the polytope, see ``poly``).
    poly : ndarray (n,)
        Which polytope each basis belongs to, when several polytopes of the same
        shape are searched together.
    """

    __slots__ = (
        "F",
        "ainv",
        "basis",
        "det",
        "idx",
        "keys",
        "lazies",
        "nonbasic",
        "pc",
        "poly",
        "pr",
        "sidx",
        "srcs",
    )
    PER_BASIS = ("sidx", "idx", "pr", "pc", "ainv", "det", "F", "basis", "nonbasic", "keys",
                 "poly")

    def __init__(self, srcs, lazies, sidx, idx, pr, pc, ainv, det, F, basis, nonbasic, keys,
                 poly):
        self.srcs, self.lazies, self.sidx, self.idx = srcs, lazies, sidx, idx
        self.pr, self.pc, self.ainv, self.det, self.F = pr, pc, ainv, det, F
        self.basis, self.nonbasic, self.keys, self.poly = basis, nonbasic, keys, poly

    def __len__(self) -> int:
        return len(self.keys)

    def take(self, sel) -> Bases:
        """The bases at ``sel`` (a slice gives views)."""
        return Bases(self.srcs, self.lazies, *(getattr(self, f)[sel] for f in Bases.PER_BASIS))

    @staticmethod
    def join(parts: list[Bases]) -> Bases:
        """One batch of several; their sources are listed, not copied."""
        if len(parts) == 1:
            return parts[0]
        srcs, lazies, sidx = [], [], []
        for b in parts:
            sidx.append(b.sidx + len(srcs))
            srcs.extend(b.srcs)
            lazies.extend(b.lazies)
        fields = {f: np.concatenate([getattr(b, f) for b in parts]) for f in Bases.PER_BASIS}
        fields["sidx"] = np.concatenate(sidx)
        return Bases(tuple(srcs), tuple(lazies), *(fields[f] for f in Bases.PER_BASIS))


def materialize(rns, bases: Bases, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The residues of the tableaux of the bases at positions ``sel`` (m,), and
    their lazy counts: ``(T (m, P, k, d+1), lazy (m,))``."""
    sidx, idx, pr, pc = bases.sidx[sel], bases.idx[sel], bases.pr[sel], bases.pc[sel]
    if len(bases.srcs) == 1:
        T = bases.srcs[0][idx]                           # a copy
        lazy = bases.lazies[0][idx]
    else:
        T = np.empty((len(sel),) + bases.srcs[0].shape[1:])
        lazy = np.empty(len(sel), dtype=bases.lazies[0].dtype)
        for s in np.unique(sidx).tolist():
            w = np.nonzero(sidx == s)[0]
            T[w] = bases.srcs[s][idx[w]]
            lazy[w] = bases.lazies[s][idx[w]]
    piv = pr >= 0
    if not piv.any():
        return T, lazy
    if piv.all():
        _pivot(rns, T, lazy, pr, pc, bases.ainv[sel])
    else:
        w = np.nonzero(piv)[0]
        Tw, lw = T[w], lazy[w]
        _pivot(rns, Tw, lw, pr[w], pc[w], bases.ainv[sel][w])
        T[w], lazy[w] = Tw, lw
    return T, lazy


def _pivot(rns, T, lazy, pr, pc, ainv) -> None:
    """Pivot each tableau ``T[t]`` on ``(pr[t], pc[t])`` in place, given the inverses
    of the pivot entries; ``lazy`` is updated (and reset where ``T`` is reduced)."""
    m = len(T)
    ar = np.arange(m)
    col = rns.reduce(T[ar, :, :, pc], axis=1)            # (m, P, k)
    row = rns.reduce(T[ar, :, pr, :], axis=1)            # (m, P, d+1)
    col *= -ainv[:, :, None]                             # the new column c
    rns.reduce(col, axis=1)
    for s in range(0, m, SUB):                           # T - col (x) row / a
        T[s:s + SUB] += col[s:s + SUB, :, :, None] * row[s:s + SUB, :, None, :]
    lazy += 1
    if lazy.max() >= LAZY:
        rns.reduce(T, axis=1)
        lazy[:] = 0
    row *= ainv[:, :, None]                              # the new row r
    T[ar, :, pr, :] = rns.reduce(row, axis=1)
    T[ar, :, :, pc] = col
    T[ar, :, pr, pc] = ainv


def child_entries(rns, T, pos, pr, pc, ainv, rows, cols) -> np.ndarray:
    """Entries of the tableaux reached from ``T[pos[t]]`` by the pivots
    ``(pr[t], pc[t])`` (inverse pivot entries ``ainv[t]``): in row ``rows[t]``, the
    columns ``cols[t, :]``.  Reduced residues, shape ``(z, w, P)``."""
    p, i, r = pos[:, None], rows[:, None], pr[:, None]
    tij = rns.reduce(T[p, :, i, cols], axis=2)            # (z, w, P)
    trj = rns.reduce(T[p, :, r, cols], axis=2)
    g = rns.reduce(T[pos, :, rows, pc], axis=1)           # (z, P): T[i, c]
    g *= ainv
    rns.reduce(g, axis=1)                                 # T[i, c] / a
    out = rns.reduce(tij - rns.reduce(g[:, None, :] * trj, axis=2), axis=2)
    on_col = cols == pc[:, None]
    out = np.where(on_col[:, :, None], -g[:, None, :], out)
    on_row = rows == pr
    if on_row.any():
        ai = ainv[on_row][:, None, :]
        out[on_row] = np.where(on_col[on_row][:, :, None], ai,
                               rns.reduce(trj[on_row] * ai, axis=2))
    return out


def verify_children(rns, T, det, pos, pr, pc, basis, nonbasic):
    """Check exactly which pivots lead to lexico-feasible bases.

    Parameters
    ----------
    T, det : ndarray
        Residues of some bases' tableaux (m, P, k, d+1) and determinants (m, P).
    pos, pr, pc : ndarray (n,)
        For each proposed child: its parent's row of ``T``, and the pivot.
    basis, nonbasic : ndarray (n, k), (n, d)
        The children's variables.

    Returns
    -------
    feasible : ndarray of bool (n,)
        The child is lexico-feasible: its right-hand side is nonnegative and each
        zero row of ``[rhs | B^-1]`` starts with a positive entry.  False also when
        a pivot entry is divisible by a prime (``bad``).
    bad : ndarray of bool (n,)
    ainv, cdet : ndarray (n, P)
        Inverse pivot entries; children's determinants.
    rhs : ndarray (n, k)
        The children's right-hand sides as floats (exact signs, exact zeros).
    """
    n = len(pos)
    k, d = T.shape[2], T.shape[3] - 1
    ar = np.arange(n)
    col = rns.reduce(T[pos, :, :, pc], axis=1)           # (n, P, k)
    a = col[ar, :, pr]
    bad = (a == 0).any(axis=1)
    ainv = rns.inverse(a, axis=1)
    rhs = rns.reduce(T[pos, :, :, d], axis=1)            # (n, P, k)
    q = rns.reduce(rhs[ar, :, pr] * ainv, axis=1)        # the new rhs of row r
    rhs -= col * q[:, :, None]
    rns.reduce(rhs, axis=1)
    rhs[ar, :, pr] = q
    cdet = rns.reduce(det[pos] * a, axis=1)
    ff = rns.reduce(rhs * cdet[:, :, None], axis=1)
    vals = rns.to_float(np.concatenate([ff, cdet[:, :, None]], axis=2), axis=1)
    fdet = vals[:, k]
    with np.errstate(divide="ignore", invalid="ignore"):   # det 0: a wrong proposal
        frhs = vals[:, :k] / fdet[:, None]
    feasible = (frhs >= 0).all(axis=1) & ~bad
    zero = (frhs == 0) & feasible[:, None]
    if zero.any():
        feasible &= _lex_positive(rns, T, pos, pr, pc, ainv, cdet, fdet, basis, nonbasic,
                                  zero, k, d)
    return feasible, bad, ainv, cdet, frhs


def _lex_positive(rns, T, pos, pr, pc, ainv, cdet, fdet, basis, nonbasic, zero, k, d):
    """Children whose zero rows of ``B^-1`` (slack by slack) start positive."""
    n = len(pos)
    ts, rows = np.nonzero(zero)
    slackpos = np.full((n, k), -1)
    tt, cc = np.nonzero(nonbasic >= d)
    slackpos[tt, nonbasic[tt, cc] - d] = cc
    slackrow = np.full((n, k), -1)
    tt, rr = np.nonzero(basis >= d)
    slackrow[tt, basis[tt, rr] - d] = rr
    sp = slackpos[ts]                                     # (z, k)
    vals = child_entries(rns, T, pos[ts], pr[ts], pc[ts], ainv[ts], rows, np.maximum(sp, 0))
    vals[sp < 0] = 0.0                                    # basic slacks: unit columns
    vals[slackrow[ts] == rows[:, None]] = 1.0
    nonzero = (vals != 0).any(axis=2)
    first = nonzero.argmax(axis=1)
    lead = vals[np.arange(len(ts)), first]                # (z, P)
    ff = rns.reduce(lead * cdet[ts], axis=1)
    sign = rns.to_float(ff, axis=1) * fdet[ts]
    ok = np.ones(n, dtype=bool)
    ok[ts[~((sign > 0) & nonzero.any(axis=1))]] = False
    return ok


def float_children(F, pos, pr, pc) -> np.ndarray:
    """Float tableaux reached from ``F[pos[t]]`` by the pivots ``(pr[t], pc[t])``.
    Float tableaux are stored by columns: ``F[t, j, i]`` is row *i*, column *j*."""
    ar = np.arange(len(pos))
    C = F[pos]
    fa = C[ar, pc, pr]
    with np.errstate(all="ignore"):       # overflow: the caller rebuilds from residues
        frow = C[ar, :, pr] / fa[:, None]                # (m, d+1): the new row r
        fcol = C[ar, pc, :].copy()                       # (m, k): the old column c
        C -= frow[:, :, None] * fcol[:, None, :]
        C[ar, :, pr] = frow
        C[ar, pc, :] = -fcol / fa[:, None]
        C[ar, pc, pr] = 1.0 / fa
    return C


def from_scratch(rns, Ms, poly, basis, nonbasic):
    """The tableaux of bases given by their variables alone, by Gauss-Jordan
    elimination modulo each prime: ``(T (n, P, k, d+1), det (n, P))``.

    ``Ms[p]`` is the *k x d* matrix of polytope *p* and ``poly[t]`` the polytope of
    basis *t*.  The determinants must be units modulo every prime (true of every
    basis the search has verified in residues).  About *k* times the work of a pivot:
    the search uses it only for bases it set aside to bound its memory.
    """
    n, k = basis.shape
    d = nonbasic.shape[1]
    P = rns.count
    full = np.zeros((len(Ms), k, d + k + 1))             # [M | I | 1] of each polytope
    for p, M in enumerate(Ms):
        full[p, :, :d] = np.asarray(M, dtype=float)
        full[p, :, d:d + k] = np.eye(k)
        full[p, :, d + k] = 1.0
    cols = np.concatenate([basis, nonbasic, np.full((n, 1), d + k)], axis=1)
    A = full[poly[:, None], :, cols].transpose(0, 2, 1)   # (n, k, k + d + 1)
    A = rns.reduce(np.broadcast_to(A[:, None], (n, P, k, k + d + 1)).copy(), axis=1)
    det = np.ones((n, P))
    ar = np.arange(n)[:, None]
    pr = np.arange(P)[None, :]
    for j in range(k):
        nz = A[:, :, j:, j] != 0                          # (n, P, k - j)
        if not nz.any(axis=2).all():
            raise ArithmeticError("a basis is singular modulo a prime")
        piv = j + nz.argmax(axis=2)                       # (n, P)
        swap = piv != j
        if swap.any():
            rows_j, rows_p = A[ar, pr, j].copy(), A[ar, pr, piv].copy()
            A[ar, pr, j], A[ar, pr, piv] = rows_p, rows_j
            det = np.where(swap, -det, det)
        a = A[:, :, j, j].copy()
        det = rns.reduce(det * a, axis=1)
        inv = rns.inverse(a, axis=1)
        A[:, :, j, :] = rns.reduce(A[:, :, j, :] * inv[:, :, None], axis=1)
        col = A[:, :, :, j].copy()
        col[:, :, j] = 0.0
        A -= col[:, :, :, None] * A[:, :, j, None, :]
        rns.reduce(A, axis=1)
    return A[:, :, :, k:].copy(), det
