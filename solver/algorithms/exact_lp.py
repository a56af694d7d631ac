"""Small linear programs solved exactly, with certificates.

    maximise c.x  subject to  A_ub x <= b_ub,  A_eq x = b_eq,  x >= 0

is solved by the two-phase simplex method on a tableau of Fractions with Bland's
anti-cycling rule (Dantzig 1951; Bland 1977, "New finite pivoting rules for the simplex
method", *Math. Oper. Res.* 2(2); Chvátal 1983, *Linear Programming*, ch. 2-3).  Exact
arithmetic makes every pivot exact, so the answer needs no reconstruction; it is still
*certified* independently of the pivoting:

* an optimum by a dual solution (found by the same method on the dual LP) that is
  feasible, with equal objective values (weak duality then proves both optimal);
* infeasibility by a Farkas certificate ``(y >= 0, z)`` with ``A_ub^T y + A_eq^T z >= 0``
  and ``b_ub.y + b_eq.z < 0``;
* unboundedness by a feasible point and a ray ``d >= 0`` with ``A_ub d <= 0``,
  ``A_eq d = 0`` and ``c.d > 0``.

Meant for the small LPs of commitment (:mod:`solver.algorithms.stackelberg`): the
tableau is dense and each pivot costs ``O(rows * columns)`` Fraction operations.

>>> r = solve_lp([1, 1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> r.status, r.x, r.value
('optimal', (Fraction(8, 5), Fraction(6, 5)), Fraction(14, 5))
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from solver.errors import SolverError, SolverLimitError

__all__ = ["LPResult", "solve_lp", "MAX_PIVOTS"]

#: Largest number of simplex pivots (Bland's rule terminates; this only bounds the time).
MAX_PIVOTS = 100_000


@dataclass(frozen=True)
class LPResult:
    """The answer to an LP, with its certificate.

    ``status`` is ``"optimal"``, ``"infeasible"`` or ``"unbounded"``.  For an optimum:
    ``x``, ``value`` and ``dual`` (the multipliers of the ``A_ub`` rows, then of the
    ``A_eq`` rows); when infeasible: ``dual`` is the Farkas certificate; when unbounded:
    ``x`` is a feasible point and ``ray`` the direction.
    """

    status: str
    x: tuple[Fraction, ...] | None = None
    value: Fraction | None = None
    dual: tuple[Fraction, ...] | None = None
    ray: tuple[Fraction, ...] | None = None


def _fractions(rows) -> list[list[Fraction]]:
    return [[Fraction(v) for v in r] for r in rows]


def _pivot(T, r: int, col: int) -> None:
    piv = T[r][col]
    T[r] = [v / piv for v in T[r]]
    for i in range(len(T)):
        if i != r and T[i][col] != 0:
            f = T[i][col]
            Ti, Tr = T[i], T[r]
            T[i] = [a - f * b for a, b in zip(Ti, Tr)]


def _iterate(T, basis, obj, allowed, counter):
    """Simplex iterations (maximisation; ``obj`` holds z_j - c_j) with Bland's rule.
    Returns None at an optimum, or the entering column of an unbounded ray."""
    m = len(T)
    while True:
        enter = next((j for j in allowed if obj[j] < 0), None)
        if enter is None:
            return None
        best, leave = None, None
        for i in range(m):
            a = T[i][enter]
            if a > 0:
                ratio = T[i][-1] / a
                if best is None or ratio < best or (ratio == best and basis[i] < basis[leave]):
                    best, leave = ratio, i
        if leave is None:
            return enter
        counter[0] += 1
        if counter[0] > MAX_PIVOTS:
            raise SolverLimitError(f"the simplex method reached MAX_PIVOTS = {MAX_PIVOTS} "
                                   "pivots (raise solver.algorithms.exact_lp.MAX_PIVOTS)")
        rows = T + [obj]
        _pivot(rows, leave, enter)
        obj[:] = rows[-1]
        T[:] = rows[:-1]
        basis[leave] = enter


def _standard(A, b, c):
    """max c.x, A x = b, x >= 0: ``("optimal", x)``, ``("infeasible", None)`` or
    ``("unbounded", (x, ray))``."""
    m, n = len(A), len(c)
    rows = []
    for r, v in zip(A, b):
        sign = -1 if v < 0 else 1
        rows.append([sign * a for a in r] + [sign * v])
    # phase 1: an artificial variable per row
    T = [row[:n] + [Fraction(int(i == k)) for k in range(m)] + [row[n]]
         for i, row in enumerate(rows)]
    basis = [n + i for i in range(m)]
    width = n + m
    obj = [-sum((T[i][j] for i in range(m)), Fraction(0)) for j in range(width)] + \
          [-sum((T[i][-1] for i in range(m)), Fraction(0))]
    for j in range(n, width):
        obj[j] = Fraction(0)
    counter = [0]
    _iterate(T, basis, obj, range(width), counter)
    if obj[-1] < 0:
        return "infeasible", None
    # drive artificial variables out of the basis; drop redundant rows
    i = 0
    while i < len(T):
        if basis[i] >= n:
            col = next((j for j in range(n) if T[i][j] != 0), None)
            if col is None:
                del T[i], basis[i]
                continue
            rows2 = T + [obj]
            _pivot(rows2, i, col)
            T[:] = rows2[:-1]
            basis[i] = col
        i += 1
    T = [row[:n] + [row[-1]] for row in T]
    cost = [Fraction(v) for v in c]
    obj = [sum((cost[basis[i]] * T[i][j] for i in range(len(T))), Fraction(0)) - cost[j]
           for j in range(n)]
    obj.append(sum((cost[basis[i]] * T[i][-1] for i in range(len(T))), Fraction(0)))
    enter = _iterate(T, basis, obj, range(n), counter)
    x = [Fraction(0)] * n
    for i, j in enumerate(basis):
        x[j] = T[i][-1]
    if enter is None:
        return "optimal", x
    ray = [Fraction(0)] * n
    ray[enter] = Fraction(1)
    for i, j in enumerate(basis):
        ray[j] = -T[i][enter]
    return "unbounded", (x, ray)


def _general(c, A_ub, b_ub, A_eq, b_eq):
    """The general form through slack variables; returns ``_standard``'s answer on x."""
    n, mu = len(c), len(A_ub)
    A = [list(r) + [Fraction(int(i == k)) for k in range(mu)] for i, r in enumerate(A_ub)]
    A += [list(r) + [Fraction(0)] * mu for r in A_eq]
    status, got = _standard(A, list(b_ub) + list(b_eq), list(c) + [Fraction(0)] * mu)
    if status == "optimal":
        return status, got[:n]
    if status == "unbounded":
        return status, (got[0][:n], got[1][:n])
    return status, None


def _dot(a, b) -> Fraction:
    return sum((x * y for x, y in zip(a, b)), Fraction(0))


def _columns(A, n):
    return [[row[j] for row in A] for j in range(n)]


def solve_lp(c: Sequence, A_ub: Sequence[Sequence] = (), b_ub: Sequence = (),
             A_eq: Sequence[Sequence] = (), b_eq: Sequence = ()) -> LPResult:
    """Maximise ``c.x`` subject to ``A_ub x <= b_ub``, ``A_eq x = b_eq``, ``x >= 0``, exactly.

    Parameters
    ----------
    c : sequence of numbers
        Objective coefficients (ints, Fractions or exact strings).
    A_ub, b_ub, A_eq, b_eq : sequences
        Constraint rows and right-hand sides (either pair may be empty).

    Returns
    -------
    LPResult
        Certified as the module docstring says.

    Raises
    ------
    SolverError
        If a certificate fails (a bug, never the input's fault).
    SolverLimitError
        After :data:`MAX_PIVOTS` pivots.
    """
    c = [Fraction(v) for v in c]
    n = len(c)
    A_ub, A_eq = _fractions(A_ub), _fractions(A_eq)
    b_ub, b_eq = [Fraction(v) for v in b_ub], [Fraction(v) for v in b_eq]
    status, got = _general(c, A_ub, b_ub, A_eq, b_eq)
    if status == "optimal":
        x = got
        _check_primal(x, A_ub, b_ub, A_eq, b_eq)
        y = _dual(c, A_ub, b_ub, A_eq, b_eq)
        value = _dot(c, x)
        if _dot(b_ub, y[:len(b_ub)]) + _dot(b_eq, y[len(b_ub):]) != value:
            raise SolverError("exact LP: the dual objective differs from the primal one")
        return LPResult("optimal", tuple(x), value, tuple(y))
    if status == "unbounded":
        x, d = got
        _check_primal(x, A_ub, b_ub, A_eq, b_eq)
        if (any(v < 0 for v in d) or any(_dot(r, d) > 0 for r in A_ub)
                or any(_dot(r, d) != 0 for r in A_eq) or _dot(c, d) <= 0):
            raise SolverError("exact LP: the unbounded ray failed its check")
        return LPResult("unbounded", tuple(x), None, None, tuple(d))
    return LPResult("infeasible", dual=tuple(_farkas(n, A_ub, b_ub, A_eq, b_eq)))


def _check_primal(x, A_ub, b_ub, A_eq, b_eq) -> None:
    if (any(v < 0 for v in x) or any(_dot(r, x) > b for r, b in zip(A_ub, b_ub))
            or any(_dot(r, x) != b for r, b in zip(A_eq, b_eq))):
        raise SolverError("exact LP: the simplex solution is not feasible")


def _dual(c, A_ub, b_ub, A_eq, b_eq) -> list[Fraction]:
    """A dual solution: min b_ub.y + b_eq.z, A_ub^T y + A_eq^T z >= c, y >= 0 (z = z+ - z-),
    checked feasible."""
    n, mu, me = len(c), len(A_ub), len(A_eq)
    cols_ub, cols_eq = _columns(A_ub, n), _columns(A_eq, n)
    # as max -(b_ub.y + b_eq.z+ - b_eq.z-)  s.t.  -(A_ub^T y + A_eq^T z+ - A_eq^T z-) <= -c
    rows = [[-v for v in cols_ub[j]] + [-v for v in cols_eq[j]] + list(cols_eq[j])
            for j in range(n)]
    obj = [-v for v in b_ub] + [-v for v in b_eq] + list(b_eq)
    status, got = _general(obj, rows, [-v for v in c], [], [])
    if status != "optimal":
        raise SolverError(f"exact LP: the dual LP is {status} although the primal has an optimum")
    y = got[:mu]
    z = [got[mu + k] - got[mu + me + k] for k in range(me)]
    dual = y + z
    for j in range(n):
        if _dot(cols_ub[j], y) + _dot(cols_eq[j], z) < c[j]:
            raise SolverError("exact LP: the dual solution is not feasible")
    return dual


def _farkas(n, A_ub, b_ub, A_eq, b_eq) -> list[Fraction]:
    """A certificate of infeasibility (y >= 0, z): A_ub^T y + A_eq^T z >= 0 and
    b_ub.y + b_eq.z < 0, found with y, z+, z- in [0, 1]."""
    mu, me = len(A_ub), len(A_eq)
    cols_ub, cols_eq = _columns(A_ub, n), _columns(A_eq, n)
    k = mu + 2 * me
    rows = [[-v for v in cols_ub[j]] + [-v for v in cols_eq[j]] + list(cols_eq[j])
            for j in range(n)]
    rows += [[Fraction(int(i == q)) for q in range(k)] for i in range(k)]
    rhs = [Fraction(0)] * n + [Fraction(1)] * k
    obj = [-v for v in b_ub] + [-v for v in b_eq] + list(b_eq)
    status, got = _general(obj, rows, rhs, [], [])
    y = got[:mu] if status == "optimal" else []
    z = [got[mu + q] - got[mu + me + q] for q in range(me)] if status == "optimal" else []
    if (status != "optimal" or _dot(b_ub, y) + _dot(b_eq, z) >= 0
            or any(_dot(cols_ub[j], y) + _dot(cols_eq[j], z) < 0 for j in range(n))):
        raise SolverError("exact LP: no certificate of infeasibility was found")
    return y + z
