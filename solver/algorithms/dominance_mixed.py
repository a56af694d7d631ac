"""Dominance by a mixed strategy, found by a linear program and confirmed exactly.

A pure strategy *s* can be strictly dominated by a mixture of other strategies even
when no single one of them dominates it: in the game with rows ``T = (3, 0)``,
``M = (0, 3)`` and ``B = (1, 1)`` neither ``T`` nor ``M`` beats ``B`` in both columns,
but the half-half mix of them pays ``(3/2, 3/2)``.  A strategy is strictly dominated
by some mixed strategy exactly when it is never a best response to any belief about
the others (Osborne & Rubinstein 1994, *A Course in Game Theory*, lemma 60.1;
Maschler, Solan & Zamir 2013, *Game Theory*, section 5.2.3), and whether it is can be
decided by one linear program over the simplex of mixtures of the other rows.

Write player *i*'s payoffs as a matrix ``U``: a row per strategy of his, a column per
profile ``t`` of the others.  Then

* **strict**: ``max eps`` subject to ``sum_k sigma_k U[k, t] >= U[s, t] + eps`` for
  every column ``t``; ``s`` is strictly dominated when the optimum is positive;
* **weak**: ``max sum_t (sum_k sigma_k U[k, t] - U[s, t])`` subject to every term
  being ``>= 0``; ``s`` is weakly dominated when the optimum is positive (never
  worse, better somewhere), and *very weakly* dominated when it is feasible at all.

Both are solved in floating point by HiGHS's dual simplex
(:func:`scipy.optimize.linprog`), which returns a vertex.  In an exact game the LP
only *proposes*: the vertex is recomputed in rationals from its support and the
constraints it makes tight (:func:`solver.linalg.solve_exact`), or failing that from
rational roundings of the LP's weights, and the dominance is checked in exact
integer arithmetic.  A mix that fails the exact check deletes nothing, so exact
elimination never deletes on a guess.  Used by :mod:`solver.algorithms.dominance`.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.linalg import solve_exact
from solver.numbers import lcm_of_denominators

__all__ = ["mixed_dominator", "exact_advantages"]


def exact_advantages(U: np.ndarray, s: int, mix: dict[int, Fraction]) -> tuple[Fraction, Fraction]:
    """Exact smallest and largest of ``sum_k mix_k U[k, t] - U[s, t]`` over the
    columns ``t`` of the integer matrix ``U``."""
    den = lcm_of_denominators(mix.values())
    total = None
    for k, p in mix.items():
        row = U[k].astype(object) * (p.numerator * (den // p.denominator))
        total = row if total is None else total + row
    diff = total - U[s].astype(object) * den
    return Fraction(int(min(diff)), den), Fraction(int(max(diff)), den)


def _independent_rows(candidates, size: int):
    """Pick ``size`` linearly independent rows (exactly, with Fractions) from
    ``candidates`` = [(row, rhs), ...] in order; None if there are too few."""
    basis: list[tuple[int, list[Fraction]]] = []  # (pivot column, reduced row)
    chosen = []
    for row, rhs in candidates:
        r = [Fraction(v) for v in row]
        for piv, b in basis:
            if r[piv]:
                f = r[piv] / b[piv]
                r = [x - f * y for x, y in zip(r, b)]
        piv = next((j for j, x in enumerate(r) if x), None)
        if piv is None:
            continue
        basis.append((piv, r))
        chosen.append((row, rhs))
        if len(chosen) == size:
            return chosen
    return None


def _as_floats(U: np.ndarray) -> np.ndarray:
    """``U`` in float64 for the LP; exact integers beyond the float range (1.8e308) are
    first divided by a power of 2 (the LP only proposes a mix, checked exactly)."""
    try:
        return np.array(U, dtype=float)
    except OverflowError:
        shift = max(abs(int(x)) for x in U.flat).bit_length() - 1000
        return np.array([float(Fraction(int(x), 1 << shift)) for x in U.flat]).reshape(U.shape)


def mixed_dominator(U: np.ndarray, s: int, exact: bool, slack: float, weak: bool = False,
                    very_weak: bool = False):
    """Look for a mixed strategy dominating row ``s`` of ``U`` (strictly, or weakly).

    Parameters
    ----------
    U : numpy.ndarray
        One player's payoffs: a row per strategy of his, a column per profile of the
        others (integers in an exact game).
    s : int
        The row to test.
    exact : bool
        Whether to confirm the LP's mix in exact arithmetic.
    slack : number
        How much a payoff difference must exceed to count (float rounding, or the
        user's tolerance epsilon in an exact game).
    weak, very_weak : bool
        Solve the weak program (module notes); with ``very_weak`` too, accept an
        advantage of 0 everywhere.  In exact games the weak program allows terms
        down to ``-slack``.

    Returns
    -------
    tuple or None
        ``(mix, margin, is_weak)`` with ``mix = {row: probability}`` over the other
        rows, the smallest advantage ``margin`` (0 for weak dominance) and whether
        the dominance is only weak; None when no dominating mix was found (or
        confirmed).
    """
    from scipy.optimize import linprog

    others = [k for k in range(U.shape[0]) if k != s]
    k = len(others)
    F = _as_floats(U)
    scale = float(np.max(np.abs(F))) or 1.0
    F = F / scale
    n_cols = F.shape[1]
    if weak:  # variables: sigma; maximise the total advantage
        c = -F[others].sum(axis=1)
        A_ub = -F[others].T
        bounds = [(0, None)] * k
    else:  # variables: sigma, eps; maximise eps
        c = np.zeros(k + 1)
        c[-1] = -1.0
        A_ub = np.hstack([-F[others].T, np.ones((n_cols, 1))])
        bounds = [(0, None)] * k + [(None, None)]
    A_eq = np.zeros((1, len(c)))
    A_eq[0, :k] = 1.0
    shift = float(slack) / scale if exact and weak else 0.0
    res = linprog(c, A_ub=A_ub, b_ub=-F[s] + shift, A_eq=A_eq, b_eq=[1.0], bounds=bounds,
                  method="highs-ds")
    if res.status != 0:
        return None
    sigma = res.x[:k]
    eps = 0.0 if weak else float(res.x[k])
    advantage = F[others].T @ sigma - F[s]
    if not exact:
        sig = np.clip(sigma, 0.0, None)
        sig = sig / sig.sum()
        mix = {o: float(p) for o, p in zip(others, sig) if p > 1e-12}
        adv = (sum(p * F[o] for o, p in mix.items()) - F[s]) * scale
        lo, hi = float(adv.min()), float(adv.max())
        if lo > slack:
            return mix, lo, False
        if weak and lo >= -slack and (hi > slack or very_weak):
            return mix, 0.0, True
        return None
    if (weak and not very_weak and advantage.sum() <= 1e-12) or (not weak and eps < -1e-9):
        return None
    support = [o for o, p in zip(others, sigma) if p > 1e-9]
    weights = [float(sigma[others.index(o)]) for o in support]
    order = np.argsort(advantage - eps, kind="stable")
    for mix in _exact_candidates(U, s, support, weights, order, with_eps=not weak):
        lo, hi = exact_advantages(U, s, mix)
        if lo > slack:
            return mix, lo, False
        if weak and lo >= -slack and (hi > slack or very_weak):
            return mix, 0 * lo, True
    return None


def _exact_candidates(U, s, support, weights, order, with_eps: bool):
    """Exact mixes to try: the LP's vertex solved exactly from the tight
    constraints, taken in the order ``order``; then rational roundings of the
    LP's weights."""
    extra = [0] if with_eps else []
    tail = [-1] if with_eps else []
    candidates = [([1] * len(support) + extra, 1)]
    candidates += [([int(U[o, t]) for o in support] + tail, int(U[s, t])) for t in order]
    rows = _independent_rows(candidates, len(support) + len(extra))
    if rows is not None:
        z = solve_exact([r for r, _ in rows], [b for _, b in rows])
        if z is not None:
            z = z[:len(support)]
            if all(p >= 0 for p in z):
                yield {o: p for o, p in zip(support, z) if p > 0}
    for limit in (10 ** 3, 10 ** 6, 10 ** 9):
        approx = [Fraction(w).limit_denominator(limit) for w in weights]
        total = sum(approx)
        if total > 0 and all(p >= 0 for p in approx):
            yield {o: p / total for o, p in zip(support, approx) if p > 0}
