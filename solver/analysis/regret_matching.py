"""Regret matching (Hart and Mas-Colell): play in proportion to the positive regrets.

Each period every player asks, for each of his strategies *k*: had I always played *k*
against what the others actually played, how much more would I have got than I did?
That total is his (unconditional) regret for *k*.  He plays *k* with probability
proportional to its positive part; when no regret is positive he plays his starting
mixed strategy (uniform unless given).

Hart and Mas-Colell show that the empirical distribution of joint play then approaches
the Hannan set (the coarse correlated equilibria): every player's average regret goes
to 0.  In a two-player zero-sum game this makes each player's empirical frequencies
approach his set of optimal (minimax) strategies; in other games the frequencies need
not approach a Nash equilibrium.

This is written here, not delegated: nashpy 0.0.43's ``regret_minimization`` returns
only a final profile rounded to its most likely strategies, and computes the column
player's utilities as ``B @ x`` and regrets as utilities minus probabilities (nashpy
issue #238), so it is not this procedure.

References
----------
S. Hart and A. Mas-Colell (2000), "A simple adaptive procedure leading to correlated
equilibrium", *Econometrica* 68(5), 1127-1150 (section 4(c)); (2001), "A general class
of adaptive strategies", *Journal of Economic Theory* 98, 26-54.
"""
from __future__ import annotations

import numpy as np

__all__ = ["regret_matching"]


def regret_matching(A: np.ndarray, B: np.ndarray, iterations: int, rng: np.random.Generator,
                    start=None):
    """Run regret matching on the bimatrix game ``(A, B)``.

    Parameters
    ----------
    A, B : ndarray of float, shape (m, n)
        The row and column player's payoffs.
    iterations : int
        The number of periods played.
    rng : numpy.random.Generator
        The only source of randomness: one uniform draw per player per period.
    start : pair of ndarray, optional
        Each player's mixed strategy when none of his regrets is positive (so in the
        first period); uniform by default.

    Returns
    -------
    counts : pair of ndarray, shape (iterations, m) and (iterations, n)
        Row ``t`` holds how often each strategy was played in periods ``1..t+1``.
    strategies : pair of ndarray, same shapes
        Row ``t`` holds the mixed strategy drawn from in period ``t+1``.

    Examples
    --------
    In matching pennies the frequencies approach (1/2, 1/2):

    >>> A = np.array([[1., -1.], [-1., 1.]])
    >>> counts, _ = regret_matching(A, -A, 4000, np.random.default_rng(0))
    >>> bool(np.all(np.abs(counts[0][-1] / 4000 - 0.5) < 0.05))
    True
    """
    m, n = A.shape
    start = start or (np.full(m, 1.0 / m), np.full(n, 1.0 / n))
    regrets = [np.zeros(m), np.zeros(n)]
    played = [np.zeros(m), np.zeros(n)]
    counts = [np.empty((iterations, m)), np.empty((iterations, n))]
    strategies = [np.empty((iterations, m)), np.empty((iterations, n))]
    draws = rng.random((iterations, 2))
    for t in range(iterations):
        plays = []
        for i in (0, 1):
            positive = np.maximum(regrets[i], 0.0)
            total = positive.sum()
            sigma = positive / total if total > 0 else start[i]
            strategies[i][t] = sigma
            k = int(np.searchsorted(np.cumsum(sigma), draws[t, i] * sigma.sum(), side="right"))
            plays.append(min(k, len(sigma) - 1))
        r, c = plays
        regrets[0] += A[:, c] - A[r, c]
        regrets[1] += B[r, :] - B[r, c]
        played[0][r] += 1
        played[1][c] += 1
        counts[0][t] = played[0]
        counts[1][t] = played[1]
    return (counts[0], counts[1]), (strategies[0], strategies[1])
