"""Correlated and coarse correlated equilibria of n-player normal forms, exactly.

A **correlated equilibrium** (Aumann 1974, "Subjectivity and correlation in randomized
strategies", *J. Math. Econ.* 1, 67-96) is a probability distribution *p* over profiles
of strategies that a mediator draws from, telling each player only his own part,
such that no player gains by disobeying: for every player *i* and strategies
:math:`j \\ne j'`,

.. math::

    \\sum_{s_{-i}} p(j, s_{-i})\\, [u_i(j, s_{-i}) - u_i(j', s_{-i})] \\ge 0 .

In a **coarse** correlated equilibrium (Moulin and Vial 1978) a player commits before
he hears his part, so only the deviations to a fixed :math:`j'` count:
:math:`\\sum_s p(s)\\,[u_i(s) - u_i(j', s_{-i})] \\ge 0`.  Both sets are polytopes (a
Nash equilibrium's product distribution lies in them), and a linear objective (total
payoff, one player's payoff, any weights) is maximised over them by linear
programming (Papadimitriou and Roughgarden 2008, "Computing correlated equilibria in
multi-player games", *JACM* 55).

The LP is solved in floating point by HiGHS (``scipy.optimize.linprog``); the exact
optimal vertex is then recovered from what the float solution says, the profiles it
leaves out and the incentive constraints it makes tight, by solving those equations
in rationals (:func:`solver.algorithms.integer_pivoting.solve_square`), and so are
the optimal dual values (the tight constraints' multipliers).  The answer is
certified exactly: every incentive constraint >= 0, probabilities >= 0 summing to 1,
and the duals feasible with the same objective value (so the distribution is
optimal, by LP duality).  If the recovery fails the LP is solved again by an exact
simplex method (:func:`solver.algorithms.exact_lp.solve_lp`), for LPs up to
``EXACT_SIMPLEX_CELLS`` profiles.

This module holds the entry point and the exact fallback.  The LP's data, its float
solution and the exact recovery are in :mod:`solver.algorithms.correlated_lp`; the
record and its certificate in :mod:`solver.algorithms.correlated_record` (all the
public names are importable from here too).
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.algorithms.correlated_lp import (
    float_lp,
    incentive_rows,
    objective_vector,
    recover_dual,
    recover_primal,
)
from solver.algorithms.correlated_record import CorrelatedEquilibrium, build, margins
from solver.errors import InvalidGameError, SolverError
from solver.numbers import DEFAULT_TOLERANCE

__all__ = ["CorrelatedEquilibrium", "correlated_equilibrium", "incentive_rows",
           "objective_vector", "margins", "build", "recover_primal", "recover_dual",
           "EXACT_SIMPLEX_CELLS"]

#: Largest number of profiles whose LP the exact simplex fallback takes on.
EXACT_SIMPLEX_CELLS = 400


# ---------------------------------------------------------------------- solving
def correlated_equilibrium(game, objective="welfare", *, coarse: bool = False,
                           tol: float | None = None) -> CorrelatedEquilibrium:
    """The (coarse) correlated equilibrium maximising a linear objective.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game with any number of players.
    objective : str, int, sequence or array
        ``"welfare"`` (default: the sum of the players' expected payoffs), a player
        (name or index: his expected payoff), one weight per player, or a
        coefficient per profile (an array of the game's shape).
    coarse : bool
        Coarse correlated equilibria instead (Moulin and Vial 1978).
    tol : float, optional
        Float games only: relative tolerance of the certificate.

    Returns
    -------
    CorrelatedEquilibrium
        Exact and certified optimal in an exact game.

    Examples
    --------
    Aumann's game of chicken: the best total payoff a mediator can reach is 21/2,
    with (C, C) drawn half the time.

    >>> from solver import NormalFormGame
    >>> chicken = NormalFormGame.from_matrices([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                        strategies=(("C", "D"), ("C", "D")))
    >>> ce = correlated_equilibrium(chicken)
    >>> ce.value, ce.probability("C", "C"), ce.payoffs
    (Fraction(21, 2), Fraction(1, 2), (Fraction(21, 4), Fraction(21, 4)))
    """
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError("correlated equilibria are computed for normal-form games; "
                               "for a tree, use its reduced normal form")
    game.require_concrete()
    c, words = objective_vector(game, objective)
    exact = game.exact and all(isinstance(v, Fraction) for v in c)
    G, _ = incentive_rows(game, coarse=coarse, exact=exact)
    Gf, _ = incentive_rows(game, coarse=coarse, exact=False)
    cf = np.array([float(v) for v in c])
    span = float(cf.max() - cf.min()) if len(cf) else 0.0
    cf_n = cf / span if span > 0 else cf
    lp = float_lp(np.array(Gf, dtype=float).reshape(len(Gf), len(c)), cf_n)
    notes = []
    if exact:
        p = y = None
        if lp is not None:
            p = recover_primal(G, lp[0], np.array(Gf, dtype=float).reshape(len(Gf), len(c)))
            if p is not None:
                y = recover_dual(G, c, p, lp[1], np.array(Gf, dtype=float).reshape(len(Gf), len(c)),
                                 cf_n)
        if p is None or y is None:
            p = _simplex(game, G, c)
            notes.append("the float LP's vertex could not be recovered exactly; solved by the "
                         "exact simplex method")
        value = sum((cv * pv for cv, pv in zip(c, p) if pv), Fraction(0))
        return build(game, p, coarse, words, value, exact=True, optimal=True,
                     notes=tuple(notes))
    if lp is None:
        raise SolverError("correlated_equilibrium: the float LP failed")
    p = np.clip(lp[0], 0.0, None)
    p = list(p / p.sum())
    value = float(np.dot(cf, p))
    tol = DEFAULT_TOLERANCE if tol is None else tol
    return build(game, p, coarse, words, value, exact=False, optimal=True, tol=tol,
                 notes=("float game: the LP's solution, certified to a relative tolerance "
                        f"of {tol:g}",))


def _simplex(game, G, c) -> list[Fraction]:
    from solver.algorithms.exact_lp import solve_lp
    from solver.errors import SolverLimitError

    K = len(c)
    if K > EXACT_SIMPLEX_CELLS:
        raise SolverLimitError(
            f"correlated_equilibrium: the float LP's vertex could not be recovered exactly and "
            f"the game has {K} profiles, more than the exact simplex fallback takes "
            f"(EXACT_SIMPLEX_CELLS = {EXACT_SIMPLEX_CELLS}); solve a float copy of the game for "
            "a float answer")
    # maximise c.p subject to G p >= 0 (every incentive constraint), sum p = 1, p >= 0
    res = solve_lp(c, A_ub=[[-g for g in row] for row in G], b_ub=[0] * len(G),
                   A_eq=[[1] * K], b_eq=[1])
    if res.status != "optimal":  # pragma: no cover - the polytope is never empty
        raise SolverError(f"correlated_equilibrium: the exact simplex found the LP {res.status}")
    return list(res.x)
