"""The numerical fallback of polynomial support enumeration.

:func:`solver.algorithms.polynomial_support_exact.solve_zero_dimensional` brings
every zero-dimensional system met so far to its exact shape form.  Should it fail
(no separating linear form found among the ones tried), the system is solved here by
:func:`sympy.solve_poly_system`, its solutions evaluated at ``FALLBACK_DIGITS``
significant digits, and each real one that is positive on the supports is certified
to a regret of at most ``FALLBACK_TOLERANCE`` times the player's own payoff range.
Such equilibria are floats with ``exact=False``, and the caller's notes say so.
"""
from __future__ import annotations

import sympy

from solver.forms.profiles import Equilibrium, MixedProfile

__all__ = ["FALLBACK_DIGITS", "FALLBACK_TOLERANCE", "numeric_equilibria"]

#: Working precision (digits) of the numerical fallback.
FALLBACK_DIGITS = 60
#: Largest regret of an equilibrium found by the fallback, relative to the player's
#: payoff range.
FALLBACK_TOLERANCE = 1e-30


def numeric_equilibria(game, system, scales, polys, gens, aux, fixed) -> list[Equilibrium] | None:
    """The equilibria among the real solutions of ``polys`` (in ``aux + gens``; ``fixed``
    gives rational values to the other unknowns of ``system``), certified to
    ``FALLBACK_TOLERANCE``; None when sympy cannot solve the system."""
    try:
        solutions = sympy.solve_poly_system(polys, *(list(aux) + list(gens)))
    except (NotImplementedError, sympy.PolynomialError):
        solutions = None
    if solutions is None:
        return None
    eps = sympy.Float(10, FALLBACK_DIGITS) ** (-(FALLBACK_DIGITS // 2))
    found = []
    for sol in solutions:
        vals = dict(zip(list(aux) + list(gens), sol))
        point = {}
        for g in gens:
            re, im = sympy.N(vals[g], FALLBACK_DIGITS).as_real_imag()
            if abs(im) > eps:
                break
            point[g] = re
        else:
            if fixed:
                point.update({g: sympy.Rational(v.numerator, v.denominator) for g, v in fixed.items()})
            eq = _check(game, system, scales, point)
            if eq is not None:
                found.append(eq)
    return found


def _check(game, system, scales, point):
    """The equilibrium at a numerical point, or None (not positive, or regret too large)."""
    zero, one = sympy.Integer(0), sympy.Integer(1)
    probs = system.probabilities(lambda g: point[g], zero, one)
    probs = [[sympy.N(p, FALLBACK_DIGITS) for p in pr] for pr in probs]
    for i, S in enumerate(system.sigma):
        if any(probs[i][s] <= 0 for s in S):
            return None
    values = system.values(probs, one)
    spans = game.player_ranges
    regrets, payoffs = [], []
    for i, S in enumerate(system.sigma):
        unscale = sympy.Rational(scales[i].denominator, scales[i].numerator)
        expected = sum(probs[i][s] * values[i][s] for s in S) * unscale
        r = max(values[i]) * unscale - expected
        if r > FALLBACK_TOLERANCE * spans[i]:
            return None
        regrets.append(max(float(r), 0.0))
        payoffs.append(float(expected))
    profile = MixedProfile(game.players, game.strategies,
                           tuple(tuple(float(p) for p in pr) for pr in probs))
    return Equilibrium(profile, tuple(payoffs), tuple(regrets), False)
