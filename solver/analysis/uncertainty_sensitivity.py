"""Sensitivity of an uncertainty run: Spearman's rank correlation between each varied
parameter and each choice's indicator (or each outcome's probability) over the draws.

Spearman's (1904) rho is the Pearson correlation of the ranks, ties at their average
rank.  :func:`spearman` is :func:`scipy.stats.spearmanr` for two samples;
:func:`rank_sensitivity` computes every coefficient of a run at once (see its
comment for why it does not call scipy).  A sample that does not vary has no rank
correlation: :func:`spearman` gives NaN for it, and :func:`rank_sensitivity` leaves
it out, as it does every sample of fewer than three draws.
"""
from __future__ import annotations

import numpy as np

from solver.analysis.uncertainty_records import DrawRecords, Layout, Sensitivity

__all__ = ["spearman", "rank_sensitivity"]


def spearman(x, y) -> float:
    """Spearman's rank correlation of two samples (NaN if either is constant).

    The Pearson correlation of the ranks, ties at their average rank (Spearman
    1904, "The proof and measurement of association between two things", *Am. J.
    Psychol.* 15), computed by :func:`scipy.stats.spearmanr`; a constant sample
    gives NaN without scipy's warning.

    >>> round(spearman([1, 2, 3, 4], [0, 0, 1, 1]), 6)
    0.894427
    """
    from scipy import stats  # here, not above: importing scipy.stats takes 0.5-1 s
    x, y = np.asarray(x, float), np.asarray(y, float)
    if not (len(x) and len(y)) or x.min() == x.max() or y.min() == y.max():
        return float("nan")
    return float(stats.spearmanr(x, y)[0])


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties at their average rank (``scipy.stats.rankdata``'s "average")."""
    _, inv, cnt = np.unique(x, return_inverse=True, return_counts=True)
    end = np.cumsum(cnt)
    return (end - (cnt - 1) / 2.0)[inv.ravel()]


def _zranks(y: np.ndarray) -> np.ndarray | None:
    """Standardised ranks (mean 0, variance 1), or None for a constant sample; a 0/1
    sample is ranked without sorting."""
    n = len(y)
    if n < 3 or y.min() == y.max():
        return None
    if y.dtype == bool:
        k = int(y.sum())
        r = np.where(y, (n - k) + (k + 1) / 2.0, (n - k + 1) / 2.0)
    else:
        r = _ranks(y)
    return (r - r.mean()) / r.std()


def rank_sensitivity(names, values, layout: Layout, rec: DrawRecords) -> tuple[Sensitivity, ...]:
    """Spearman's rho of every varied parameter (a column of ``values``) against every
    choice's indicator and every outcome's probability (``rec``, in ``layout``'s
    order), largest absolute value first (ties in the order computed: parameter by
    parameter, then the layout's).

    Parameters, choices and outcomes that do not vary over the draws, and runs of
    fewer than three draws, have no entry.
    """
    # Not scipy.stats.spearmanr, on purpose: these agree with it to about 2e-15, but
    # every run computes them, and
    # - importing scipy.stats takes 0.5-1 s, which at least doubled the wall time of a
    #   10,000-draw `gamesolver uncertainty` run (its draws take 0.06 s);
    # - one spearmanr call per pair re-ranks the parameter for every target and was
    #   8 times slower than this (the whole run took twice as long at 10,000 draws);
    #   one call on all the columns is fast, but its coefficients differ from these
    #   in the last bits (2e-15), which swaps nearly equal rows of the sorted table.
    # Here each sample's standardised ranks are computed once (a 0/1 indicator
    # without sorting) and a parameter's coefficients are one matrix product.
    targets = []
    for s, (player, at, actions) in enumerate(layout.sets):
        for a, action in enumerate(actions):
            z = _zranks(rec.act[:, s] == a)
            if z is not None:
                targets.append(("choice", (player, at, action), z))
    for k, label in enumerate(layout.outcomes):
        z = _zranks(rec.outcome[:, k])
        if z is not None:
            targets.append(("outcome", (label,), z))
    out = []
    if not targets:
        return ()
    Z = np.stack([z for _, _, z in targets], axis=1)
    for j, name in enumerate(names):
        zx = _zranks(values[:, j])
        if zx is None:
            continue
        rho = zx @ Z / len(zx)
        out += [Sensitivity(name, kind, target, float(r))
                for (kind, target, _), r in zip(targets, rho)]
    out.sort(key=lambda s: -abs(s.rank_correlation))
    return tuple(out)
