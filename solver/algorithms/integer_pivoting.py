"""Exact pieces of Lemke-Howson: integer pivoting and exact basis solutions.

:func:`exact_lemke_howson` follows one Lemke-Howson path with *integer
pivoting* (von Stengel 2007, *Algorithmic Game Theory*, ch. 3, section 3.5):
the tableau entries stay integers because each pivot step divides by the
previous pivot element, an exact division (the entries are minors of the
original matrix, Edmonds 1967).  It is slow next to the float path of
:mod:`solver.algorithms.lemke_howson` but never wrong, so that module falls
back on it when floating point fails.

:func:`solve_square` solves the square rational systems that turn a final
basis of the float path into an exact equilibrium, with python-flint's
``fmpq_mat`` (fraction-free elimination in C).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.errors import SolverError, SolverLimitError
from solver.numbers import lcm_of_denominators

__all__ = ["exact_lemke_howson", "solve_square", "exact_vertex_pair", "exact_integer_payoffs"]


def solve_square(matrix, rhs) -> list[Fraction] | None:
    """Exact solution of a square rational system, or None when it is singular.

    Parameters
    ----------
    matrix : sequence of sequences of int or Fraction
        A square matrix (``k`` rows of ``k`` entries).
    rhs : sequence of int or Fraction
        The right-hand side, ``k`` entries.

    Returns
    -------
    list of Fraction, or None
        The unique ``z`` with ``matrix @ z = rhs``, or None when the matrix is
        singular.

    Notes
    -----
    python-flint's ``fmpq_mat.solve`` (FLINT's fraction-free solver) is about a
    hundred times faster than elimination on Python Fractions for 100x100
    systems; the answer is the same exact rational vector as
    :func:`solver.linalg.solve_exact`'s.
    """
    k = len(matrix)
    if k == 0:
        return []
    import flint            # here: a command that never solves a system never loads it

    def q(v):
        if isinstance(v, Fraction):
            return flint.fmpq(v.numerator, v.denominator)
        return flint.fmpq(int(v))
    try:
        M = flint.fmpq_mat(k, k, [q(v) for row in matrix for v in row])
        b = flint.fmpq_mat(k, 1, [q(v) for v in rhs])
        z = M.solve(b)
    except ZeroDivisionError:
        return None
    return [Fraction(int(e.p), int(e.q)) for e in z.entries()]


def exact_vertex_pair(A, B, sa, sb, basis_p: list[int], basis_q: list[int]):
    """The exact mixed strategies of the vertex pair of two Lemke-Howson bases.

    Parameters
    ----------
    A, B : 2-d arrays of Python ints (dtype object)
        The players' integer payoffs; ``A + sa`` and ``B + sb`` must be positive.
    sa, sb : int
    basis_p, basis_q : list of int
        The basic variables (labels) of the final tableaux of the polytopes
        ``P = {x : B1^T x <= 1}`` and ``Q = {y : A1 y <= 1}``.

    Returns
    -------
    [x, y] : lists of Fraction, or None
        The normalised vertex pair, or None if a basis matrix is singular (or
        the bases are not those of a vertex pair).

    Notes
    -----
    With ``A1 = A + sa`` and ``B1 = B + sb``, in P the basic x's and the
    nonbasic slacks (the column player's strategies that are best responses)
    give the square system ``B1[X, J]^T x_X = 1``; in Q likewise
    ``A1[I, Y] y_Y = 1`` (von Stengel 2007, section 3.4).
    """
    m, n = A.shape
    in_p = set(basis_p)
    in_q = set(basis_q)
    X = sorted(lab for lab in basis_p if lab < m)
    J = [j for j in range(n) if m + j not in in_p]
    Y = sorted(lab - m for lab in basis_q if lab >= m)
    I = [i for i in range(m) if i not in in_q]
    if not X or not Y or len(X) != len(J) or len(Y) != len(I):
        return None
    sx = solve_square([[B[i, j] + sb for i in X] for j in J], [1] * len(J))
    sy = solve_square([[A[i, j] + sa for j in Y] for i in I], [1] * len(I))
    if sx is None or sy is None:
        return None
    tx, ty = sum(sx), sum(sy)
    if tx <= 0 or ty <= 0:
        return None
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for i, v in zip(X, sx):
        x[i] = v / tx
    for j, v in zip(Y, sy):
        y[j] = v / ty
    return [x, y]


def exact_integer_payoffs(game) -> tuple[np.ndarray, np.ndarray]:
    """Positive integer payoff matrices with the same best responses as the game's.

    An exact game's integer payoffs (``game.integer_payoffs``) are shifted so
    that the smallest entry is 1; a float game's payoffs are exact binary
    fractions, written over their common denominator first.
    """
    if game.exact:
        (A, B), _ = game.integer_payoffs
        return _positive(A), _positive(B)
    out = []
    for P in game.float_payoffs[:2]:
        fr = [Fraction(float(v)) for v in P.flat]
        d = lcm_of_denominators(fr)
        ints = np.array([v.numerator * (d // v.denominator) for v in fr], dtype=object)
        out.append(_positive(ints.reshape(P.shape)))
    return out[0], out[1]


def _positive(M) -> np.ndarray:
    """Integer payoffs shifted so that the smallest is 1."""
    return M - (min(M.flat) - 1)


def pivot_limit_error(max_pivots: int) -> SolverLimitError:
    """The error raised when a Lemke-Howson path is longer than ``max_pivots``."""
    return SolverLimitError(
        f"Lemke-Howson reached max_pivots={max_pivots} without finding an equilibrium; "
        "pass a larger max_pivots=..., or try another initial_label=...")


def exact_lemke_howson(A1, B1, k: int, max_pivots: int, deadline=None):
    """Lemke-Howson in exact integer arithmetic (integer pivoting, lexicographic rule).

    Parameters
    ----------
    A1, B1 : 2-d arrays of positive Python ints (dtype object)
        Payoffs of the row and column player, all entries at least 1.
    k : int
        The dropped label.
    max_pivots : int
    deadline : solver.algorithms.limits.Deadline, optional
        Checked at every pivot.

    Returns
    -------
    x, y : lists of Fraction
        An equilibrium (not yet certified).
    pivots : int
    degenerate : bool
        Whether the ratio test met a tie (then the game is degenerate).

    Raises
    ------
    SolverLimitError
        If the path is longer than ``max_pivots``.

    Notes
    -----
    Full tableaux ``[B1^T | I | 1]`` and ``[I | A1 | 1]`` with columns indexed
    by label.  Integer pivoting (von Stengel 2007, section 3.5): with pivot
    element ``p`` in row ``r`` and previous pivot ``d``, every other row becomes
    ``(p * row - row[e] * pivot_row) / d``, an exact division, and the values of
    the basic variables are ``rhs / p``.  Ties in the minimum-ratio test are
    broken lexicographically by the columns of the basis inverse (the slack
    columns), which prevents cycling in degenerate games.
    """
    m, n = A1.shape
    L = m + n
    TP = np.zeros((n, L + 1), dtype=object)
    TP[:, :m] = B1.T
    TP[:, m:L] = _identity(n)
    TP[:, L] = 1
    TQ = np.zeros((m, L + 1), dtype=object)
    TQ[:, :m] = _identity(m)
    TQ[:, m:L] = A1
    TQ[:, L] = 1
    tabs = [TP, TQ]
    bases = [list(range(m, L)), list(range(m))]
    lex_cols = [range(m, L), range(m)]
    dets = [1, 1]
    side = 0 if k < m else 1
    entering = k
    pivots = 0
    degenerate = False
    while True:
        if pivots >= max_pivots:
            raise pivot_limit_error(max_pivots)
        if deadline is not None:
            deadline.tick("following the path in exact arithmetic")
        T = tabs[side]
        col = T[:, entering]
        cand = [i for i in range(T.shape[0]) if col[i] > 0]
        if not cand:  # pragma: no cover - impossible with positive payoffs
            raise SolverError("exact Lemke-Howson found no admissible pivot")
        if len(cand) > 1:
            cand = _lex_min(T, col, cand, [L] + list(lex_cols[side]))
            degenerate |= _tie_in_rhs(T, col, cand, L)
        r = cand[0]
        p = col[r]
        pivot_row = T[r].copy()
        colc = col.copy()
        T = (T * p - np.outer(colc, pivot_row)) // dets[side]
        T[r] = pivot_row
        tabs[side] = T
        dets[side] = p
        leaving = bases[side][r]
        bases[side][r] = entering
        pivots += 1
        if leaving == k:
            break
        entering = leaving
        side = 1 - side
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for r, lab in enumerate(bases[0]):
        if lab < m:
            x[lab] = Fraction(tabs[0][r, L], dets[0])
    for r, lab in enumerate(bases[1]):
        if lab >= m:
            y[lab - m] = Fraction(tabs[1][r, L], dets[1])
    tx, ty = sum(x), sum(y)
    return [v / tx for v in x], [v / ty for v in y], pivots, degenerate


def _identity(size: int) -> np.ndarray:
    eye = np.zeros((size, size), dtype=object)
    for i in range(size):
        eye[i, i] = 1
    return eye


def _lex_min(T, col, cand: list[int], keys: list[int]) -> list[int]:
    """Rows of *cand* minimising ``T[i, key] / col[i]`` key by key (one row left at the end)."""
    for key in keys:
        vals = {i: Fraction(T[i, key], col[i]) for i in cand}
        lo = min(vals.values())
        cand = [i for i in cand if vals[i] == lo]
        if len(cand) == 1:
            break
    return cand


def _tie_in_rhs(T, col, chosen: list[int], L: int) -> bool:
    """True when another admissible row has the same ratio as the chosen row."""
    r = chosen[0]
    lo = Fraction(T[r, L], col[r])
    return sum(1 for i in range(T.shape[0]) if col[i] > 0 and Fraction(T[i, L], col[i]) == lo) > 1
