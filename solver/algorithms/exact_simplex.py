"""A small exact simplex method: linear programs in rational arithmetic.

The fallback of the float-then-exact linear programs (:mod:`solver.algorithms.correlated`):
when the vertex a floating-point solver returns cannot be recovered exactly, the
linear program is solved again here, with every number a Fraction.  It is the
textbook two-phase primal simplex method on a dense tableau (Dantzig 1963; Chvatal
1983, *Linear Programming*, ch. 2-3 and 8) with **Bland's rule** (the entering
variable is the lowest-numbered one with a positive reduced profit, the leaving one
the lowest-numbered among the tied ratios), which cannot cycle (Bland 1977).  It is
meant for small programs (a few hundred variables): every pivot costs a full
tableau update in Python Fractions.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from solver.errors import SolverLimitError

__all__ = ["ExactLPResult", "exact_simplex", "DEFAULT_MAX_PIVOTS"]

#: Pivots before :class:`SolverLimitError`.
DEFAULT_MAX_PIVOTS = 20_000


@dataclass(frozen=True)
class ExactLPResult:
    """The outcome of :func:`exact_simplex`.

    Attributes
    ----------
    status : str
        ``"optimal"``, ``"infeasible"`` or ``"unbounded"``.
    x : tuple of Fraction
        An optimal basic solution (empty unless optimal).
    y : tuple of Fraction
        Optimal dual values, one per equality row: ``A^T y >= c`` and
        ``b . y = c . x`` (empty unless optimal).
    value : Fraction or None
    pivots : int
    """

    status: str
    x: tuple
    y: tuple
    value: Fraction | None
    pivots: int


def exact_simplex(c: Sequence, A: Sequence[Sequence], b: Sequence, *,
                  max_pivots: int = DEFAULT_MAX_PIVOTS) -> ExactLPResult:
    """Maximise ``c . x`` subject to ``A x = b`` and ``x >= 0``, exactly.

    Parameters
    ----------
    c : sequence of numbers (n)
    A : sequence of m sequences of n numbers
    b : sequence of m numbers
        Ints or Fractions (anything ``Fraction`` accepts exactly).
    max_pivots : int
        Raise :class:`SolverLimitError` after this many pivots.

    Returns
    -------
    ExactLPResult

    Examples
    --------
    >>> r = exact_simplex([1, 1], [[1, 2]], [4])        # max x1 + x2, x1 + 2 x2 = 4
    >>> r.status, r.x, r.value
    ('optimal', (Fraction(4, 1), Fraction(0, 1)), Fraction(4, 1))
    """
    m, n = len(A), len(c)
    rows = []
    for r, v in zip(A, b):
        row = [Fraction(a) for a in r]
        rhs = Fraction(v)
        if rhs < 0:
            row, rhs = [-a for a in row], -rhs
        rows.append(row)
        rows[-1] = row + [Fraction(int(k == len(rows) - 1)) for k in range(m)] + [rhs]
    # columns: x (n), artificials (m), rhs
    basis = [n + k for k in range(m)]
    pivots = [0]
    # phase 1: maximise -sum(artificials)
    phase1 = [Fraction(0)] * n + [Fraction(-1)] * m
    _optimise(rows, basis, phase1, n + m, pivots, max_pivots)
    infeasibility = sum(rows[k][-1] for k in range(m) if basis[k] >= n)
    if infeasibility > 0:
        return ExactLPResult("infeasible", (), (), None, pivots[0])
    # drive artificials out of the basis (or drop redundant rows)
    for k in range(m):
        if basis[k] >= n:
            col = next((j for j in range(n) if rows[k][j] != 0), None)
            if col is not None:
                _pivot(rows, basis, k, col)
                pivots[0] += 1
    cost = [Fraction(v) for v in c] + [None] * m
    status = _optimise(rows, basis, cost, n, pivots, max_pivots)
    if status == "unbounded":
        return ExactLPResult("unbounded", (), (), None, pivots[0])
    x = [Fraction(0)] * n
    for k, j in enumerate(basis):
        if j < n:
            x[j] = rows[k][-1]
    value = sum((cv * xv for cv, xv in zip(cost[:n], x)), Fraction(0))
    y = _duals(A, b, c, basis, n)
    return ExactLPResult("optimal", tuple(x), tuple(y), value, pivots[0])


def _optimise(rows, basis, cost, allowed: int, pivots, max_pivots) -> str:
    """Primal simplex with Bland's rule over the first ``allowed`` columns."""
    m = len(rows)
    while True:
        # reduced profit of column j: cost_j - sum_k cost_basis(k) * rows[k][j]
        cb = [cost[j] if cost[j] is not None else Fraction(0) for j in basis]
        entering = None
        for j in range(allowed):
            if j in basis or cost[j] is None:
                continue
            d = cost[j] - sum((cb[k] * rows[k][j] for k in range(m) if rows[k][j]), Fraction(0))
            if d > 0:
                entering = j
                break
        if entering is None:
            return "optimal"
        best, leave = None, None
        for k in range(m):
            a = rows[k][entering]
            if a > 0:
                ratio = rows[k][-1] / a
                if best is None or ratio < best or (ratio == best and basis[k] < basis[leave]):
                    best, leave = ratio, k
        if leave is None:
            return "unbounded"
        if pivots[0] >= max_pivots:
            raise SolverLimitError(
                f"exact simplex: more than max_pivots={max_pivots} pivots; pass a larger "
                "max_pivots")
        _pivot(rows, basis, leave, entering)
        pivots[0] += 1


def _pivot(rows, basis, k: int, j: int) -> None:
    piv = rows[k][j]
    rk = [v / piv for v in rows[k]]
    rows[k] = rk
    for r in range(len(rows)):
        if r != k and rows[r][j] != 0:
            f = rows[r][j]
            rows[r] = [a - f * bv for a, bv in zip(rows[r], rk)]
    basis[k] = j


def _duals(A, b, c, basis, n) -> list[Fraction]:
    """Duals y with ``B^T y = c_B`` for the final basis (artificial columns are unit
    vectors of their rows); rows whose artificial stayed basic are redundant."""
    from solver.algorithms.integer_pivoting import solve_square

    m = len(A)
    sign = [(-1 if Fraction(v) < 0 else 1) for v in b]
    cols, costs = [], []
    for k, j in enumerate(basis):
        if j < n:
            cols.append([Fraction(A[r][j]) for r in range(m)])
            costs.append(Fraction(c[j]))
        else:                          # artificial of row j - n: y of that row is free; 0
            cols.append([Fraction(int(r == j - n)) * sign[r] for r in range(m)])
            costs.append(Fraction(0))
    BT = [col for col in cols]          # rows of B^T are the basic columns
    y = solve_square(BT, costs)
    return list(y) if y is not None else [Fraction(0)] * m
