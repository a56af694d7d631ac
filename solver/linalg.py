"""Exact linear algebra on small rational systems.

Floating-point algorithms (Lemke-Howson, the zero-sum LP) find the *support* of
an equilibrium; the exact equilibrium is then the solution of the indifference
equations on that support, solved here in exact rational arithmetic by
fraction-free Gaussian elimination (Bareiss 1968, "Sylvester's identity and
multistep integer-preserving Gaussian elimination", Math. Comp. 22).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from solver.numbers import lcm_of_denominators

__all__ = ["solve_exact", "support_equilibrium"]


def solve_exact(matrix: Sequence[Sequence], rhs: Sequence) -> list[Fraction] | None:
    """Solve the square system ``matrix @ z = rhs`` exactly.

    Parameters
    ----------
    matrix : sequence of sequences of int or Fraction
        A square matrix.
    rhs : sequence of int or Fraction

    Returns
    -------
    list of Fraction, or None
        The unique solution, or None when the matrix is singular.
    """
    n = len(matrix)
    rows = []
    for r, b in zip(matrix, rhs):
        vals = [Fraction(v) for v in r] + [Fraction(b)]
        d = lcm_of_denominators(vals)
        rows.append([v.numerator * (d // v.denominator) for v in vals])
    prev = 1
    for k in range(n):
        piv = next((i for i in range(k, n) if rows[i][k] != 0), None)
        if piv is None:
            return None
        if piv != k:
            rows[k], rows[piv] = rows[piv], rows[k]
        rk = rows[k]
        akk = rk[k]
        for i in range(k + 1, n):
            ri = rows[i]
            aik = ri[k]
            rows[i] = [(akk * ri[j] - aik * rk[j]) // prev if j > k else 0
                       for j in range(n + 1)]
        prev = akk
    z = [Fraction(0)] * n
    for k in reversed(range(n)):
        s = Fraction(rows[k][n]) - sum((rows[k][j] * z[j] for j in range(k + 1, n)), Fraction(0))
        z[k] = s / rows[k][k]
    return z


def support_equilibrium(A, B, rows: Sequence[int], cols: Sequence[int]):
    """The mixed profile with the given supports that makes each player indifferent
    on the other's support, if it exists.

    Parameters
    ----------
    A, B : 2-d arrays of int or Fraction
        Payoff matrices of the row and column player.
    rows, cols : sequences of int
        Supports of equal size *k* (a non-degenerate equilibrium has equal supports).

    Returns
    -------
    (x, y) : tuple of lists of Fraction, or None
        Full-length probability vectors (zeros off the supports), or None when the
        indifference system is singular or its solution has a negative entry.
        The caller still has to certify that no strategy off the support pays
        more.
    """
    k = len(rows)
    if k != len(cols) or k == 0:
        return None
    # y on cols: A[r, cols] @ y_c = v for r in rows; sum y_c = 1.  Unknowns (y_c, v).
    My = [[A[r][c] for c in cols] + [-1] for r in rows] + [[1] * k + [0]]
    sy = solve_exact(My, [0] * k + [1])
    Mx = [[B[r][c] for r in rows] + [-1] for c in cols] + [[1] * k + [0]]
    sx = solve_exact(Mx, [0] * k + [1])
    if sx is None or sy is None:
        return None
    if any(v < 0 for v in sx[:k]) or any(v < 0 for v in sy[:k]):
        return None
    m, n = len(A), len(A[0])
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for r, v in zip(rows, sx[:k]):
        x[r] = v
    for c, v in zip(cols, sy[:k]):
        y[c] = v
    return x, y
