"""Ratio tests in floating point, for many tableaux at once: proposals, not decisions.

The vertex search (:mod:`solver.algorithms.vertex_search`) asks, for every basis
of a batch and every entering column, which row the lexicographic minimum-ratio
rule makes leave.  Floats answer almost always right and fast; the search then
checks each answer exactly (a wrong one costs an exact ratio test), so nothing
here needs to be rigorous -- only quick, and right nearly every time.

The float tableaux are stored by columns: ``F[t, j, i]`` is row *i* of column *j*
of basis *t*, the right-hand side last (``j = d``).

>>> F = np.array([[[2.0, 1.0], [1.0, 3.0], [1.0, 1.0]]])   # M = [[2, 1], [1, 3]], rhs 1
>>> propose_leaving_rows(F, np.array([[2, 3]]), np.array([[0, 1]]), 2).tolist()
[[0, 1]]
"""
from __future__ import annotations

import numpy as np

__all__ = ["TIE", "propose_leaving_rows"]

#: Relative difference under which two float ratios count as tied.
TIE = 1e-9


def propose_leaving_rows(F: np.ndarray, basis: np.ndarray, nonbasic: np.ndarray,
                         d: int) -> np.ndarray:
    """The proposed leaving row of every entering column of every tableau.

    Parameters
    ----------
    F : ndarray (n, d+1, k)
        Float tableaux by columns.
    basis, nonbasic : ndarray (n, k), (n, d)
        The variable of each row and of each column (variables ``>= d`` are slacks;
        slack ``d + i`` belongs to row *i* of the original system).
    d : int

    Returns
    -------
    ndarray (n, d) of int
        The row with the least ratio ``rhs_i / F[i, c]`` among positive entries,
        near-ties broken by the lexicographic rule; -1 where no entry is positive.
    """
    Fc = F[:, :d, :]                                     # (n, d, k): columns, then rows
    tiny = np.abs(F).max(axis=(1, 2))[:, None, None] * 1e-12
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(Fc > tiny, F[:, d:, :] / Fc, np.inf)
    rows = ratio.argmin(axis=2)
    rmin = np.take_along_axis(ratio, rows[:, :, None], axis=2)
    rows[np.isinf(rmin[:, :, 0])] = -1
    cand = ratio <= rmin * (1 + TIE)
    multi = np.count_nonzero(cand, axis=2) > 1
    if multi.any():
        bs, cs = np.nonzero(multi)
        rows[bs, cs] = _lexicographic(F, basis, nonbasic, d, bs, cs, cand[bs, cs])
    return rows


def _lexicographic(F, basis, nonbasic, d, bs, cs, cand) -> np.ndarray:
    """Break near-ties (candidate rows ``cand`` of column ``cs`` of tableau ``bs``) by
    comparing the rows of ``B^-1`` over the column's entries, slack by slack: the
    ratio test of the right-hand side ``1 + (eps, eps**2, ...)``."""
    k = F.shape[2]
    t = len(bs)
    nonbasic, basis = nonbasic[bs], basis[bs]
    slackpos = np.zeros((t, k), dtype=np.intp)
    tt, cc = np.nonzero(nonbasic >= d)
    slackpos[tt, nonbasic[tt, cc] - d] = cc
    V = F[bs[:, None], slackpos, :]                      # (t, slack, row)
    tt, rr = np.nonzero(basis >= d)
    V[tt, basis[tt, rr] - d, :] = 0.0                    # basic slacks: unit columns
    V[tt, basis[tt, rr] - d, rr] = 1.0
    with np.errstate(all="ignore"):                      # odd floats: a wrong guess
        V /= F[bs, cs, :][:, None, :]
        tt, rr = np.nonzero(cand)                        # the tied rows
        W = V[tt, :, rr]                                 # (z, slack)
        # equal up to ~1e-12 of the pair's scale counts as equal: quantise, then sort
        scale = np.zeros(t)
        np.maximum.at(scale, tt, np.abs(W).max(axis=1))
        Q = np.rint(W * (2.0 ** 40 / np.where(scale > 0, scale, 1.0))[tt, None])
    order = np.lexsort([Q[:, s] for s in range(k - 1, -1, -1)] + [tt])
    _, first = np.unique(tt[order], return_index=True)
    return rr[order[first]]
