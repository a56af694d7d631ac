"""Exact pivoting on one tableau of Python integers: the vertex search's fallback.

:mod:`solver.algorithms.vertex_search` pivots many tableaux at once in residues and
lets floating point propose the pivots.  When a proposal is wrong, or a basis
cannot be held in residues (its determinant is divisible by one of the primes),
the step is redone here, exactly and one basis at a time, on the *fraction-free*
tableau ``D * B^-1 [M_N | 1]`` (``D = |det B|``), whose entries are integers
(Edmonds 1967; Bareiss 1968).

>>> T = [[2, 1, 1], [1, 3, 1]]          # the rows of [M | 1] for M = [[2, 1], [1, 3]]
>>> basis, nonbasic = [2, 3], [0, 1]    # the slacks are basic
>>> r = lexicographic_leaving_row(T, 1, basis, nonbasic, 0)
>>> r, bareiss_pivot(T, 1, r, 0)
(0, ([[1, 1, 1], [-1, 5, 1]], 2))
"""
from __future__ import annotations

import numpy as np

__all__ = ["bareiss_pivot", "exact_tableau", "lexicographic_leaving_row"]


def bareiss_pivot(T: list[list[int]], D: int, r: int, c: int) -> tuple[list[list[int]], int]:
    """Fraction-free pivot of ``T`` (rows of Python ints, the last column the
    right-hand side; determinant ``D > 0``) on row ``r`` and column ``c``, whose
    entry must be positive.  Returns the new tableau and determinant: the entering
    variable's row is kept, the leaving variable's column is ``(-T[i][c], ..., D)``,
    and every other entry is ``(T[i][j] T[r][c] - T[i][c] T[r][j]) / D``, an exact
    division (Sylvester's identity)."""
    a = T[r][c]
    out = []
    for i, row in enumerate(T):
        if i == r:
            new = list(row)
            new[c] = D
        else:
            t = row[c]
            new = [(x * a - t * y) // D for x, y in zip(row, T[r])]
            new[c] = -t
        out.append(new)
    return out, a


def lexicographic_leaving_row(T: list[list[int]], D: int, basis: list[int],
                              nonbasic: list[int], c: int) -> int:
    """The leaving row of entering column ``c`` by the lexicographic minimum-ratio
    rule, or -1 when no entry of the column is positive.

    Rows tie first on ``rhs_i / T[i][c]``; ties are broken by the rows of
    ``B^-1`` over ``T[i][c]``, slack by slack (the slack of row 0 first), as if the
    right-hand side were ``1 + (eps, eps**2, ...)`` (Dantzig, Orden and Wolfe 1955).
    Variables are numbered ``z_0 .. z_{d-1}`` then the slacks; ``basis[i]`` is the
    variable of row *i*, ``nonbasic[j]`` that of column *j*.
    """
    k, d = len(T), len(nonbasic)
    best = [i for i in range(k) if T[i][c] > 0]
    if not best:
        return -1
    values = {i: T[i][d] for i in best}
    s = -1
    while True:
        keep = [best[0]]
        for i in best[1:]:
            j = keep[0]
            lhs, rhs = values[i] * T[j][c], values[j] * T[i][c]
            if lhs < rhs:
                keep = [i]
            elif lhs == rhs:
                keep.append(i)
        best = keep
        s += 1
        if len(best) == 1 or s == k:
            return best[0]
        var = d + s
        if var in nonbasic:
            pos = nonbasic.index(var)
            values = {i: T[i][pos] for i in best}
        else:
            row = basis.index(var)
            values = {i: (D if i == row else 0) for i in best}


def exact_tableau(rns, R: np.ndarray, det: np.ndarray) -> tuple[list[list[int]], int]:
    """The fraction-free tableau and ``D = |det B|`` of a basis held in residues:
    ``R`` (P, k, d+1), the residues of ``B^-1 [M_N | 1]`` (possibly not reduced),
    and ``det`` (P,), those of ``det B``."""
    ff = rns.reduce(rns.reduce(R.copy()) * det[:, None, None])
    D = rns.to_int(det)
    sign = 1 if D > 0 else -1
    k, d1 = R.shape[1], R.shape[2]
    T = [[sign * rns.to_int(ff[:, i, j]) for j in range(d1)] for i in range(k)]
    return T, abs(D)
