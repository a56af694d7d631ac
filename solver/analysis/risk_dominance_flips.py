"""Where the risk-dominant equilibrium changes as one parameter moves.

The comparison of :func:`solver.analysis.risk_dominance.risk_dominance` (Harsanyi
and Selten 1988, sec. 5.2) is a sign: the difference of the two products of the
deviation losses.  For a parametric game that difference is a rational function of a
parameter, so the values at which the verdict can change are its real roots, found
exactly by sympy's real-root isolation.  The support-based threshold search
(:func:`solver.analysis.parametric.thresholds`) cannot see these flips: both
equilibria exist on both sides of them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from solver.analysis.exact_roots import exact_or_float, rational_between, real_roots
from solver.analysis.parameter_points import free_in
from solver.analysis.risk_dominance import (
    RiskDominanceFlip,
    cell_of,
    game_of,
    risk_dominance,
)
from solver.errors import GameError
from solver.numbers import to_number

__all__ = ["risk_dominance_flips"]


def risk_dominance_flips(game, param: str, *, low=None, high=None,
                         params: Mapping[str, Any] | None = None,
                         between: Sequence[Sequence[str]] | None = None
                         ) -> tuple[RiskDominanceFlip, ...]:
    """The values of one parameter at which the risk-dominant equilibrium changes.

    The two equilibria compared are those of :func:`risk_dominance` at the
    parameters' defaults (or ``params``, or ``between``).  The difference of the two
    products is a rational function of the parameter; its real roots in ``(low,
    high)`` are found exactly (sympy's real-root isolation), and a root is kept when
    both equilibria are strict there and the risk-dominant equilibrium really differs
    just below and just above it.

    Parameters
    ----------
    game : NormalFormGame
        A parametric two-player normal-form game with ``param`` still free.
    param : str
        The parameter to vary; the others stay at their defaults (or ``params``).
    low, high : number or exact string, optional
        The interval searched; by default the range the game records for ``param``.
    params : mapping, optional
        Values of the other parameters.
    between : pair of profiles, optional
        As in :func:`risk_dominance`.

    Returns
    -------
    tuple of RiskDominanceFlip
        In increasing order of the value.

    Raises
    ------
    GameError
        As :func:`risk_dominance`, for a parameter that is not free, or when no range
        is given or recorded.

    Examples
    --------
    In the security-dilemma Stag Hunt ``(R - T)^2`` and ``(P - S)^2`` are equal at
    ``advantage = T = 2``: (Arm, Arm) replaces (Restrain, Restrain) as the
    risk-dominant equilibrium there.
    """
    game = game_of(game)
    g1 = free_in(game, param, params)
    spec = game.parameter_specs.get(param)
    if low is None or high is None:
        if spec is None or spec.range is None:
            raise GameError(f"give the range of {param!r} with low= and high= (the game records "
                            "no range for it)")
        low = spec.range[0] if low is None else low
        high = spec.range[1] if high is None else high
    lo = sympy.sympify(to_number(low, f"low of {param!r}"))
    hi = sympy.sympify(to_number(high, f"high of {param!r}"))
    if not lo < hi:
        raise GameError(f"the range of {param!r} is empty: low={low} is not below high={high}")
    at_default = risk_dominance(g1, between)
    pair = at_default.equilibria
    t = sympy.Symbol(param)
    # the symbolic losses: where they change sign an equilibrium stops being strict
    (r1, c1), (r2, c2) = (cell_of(g1, p, "between") for p in pair)
    A, B = (sympy.Matrix(x.tolist()) for x in g1.payoffs)
    lossexprs = [A[r1, c1] - A[r2, c1], B[r1, c1] - B[r1, c2],
                 A[r2, c2] - A[r1, c2], B[r2, c2] - B[r2, c1]]
    difference = sympy.sympify(at_default.symbolic[0] - at_default.symbolic[1])
    roots = real_roots(difference, t, lo, hi, include_hi=False)
    if roots is None:
        raise GameError(f"the products are not rational functions of {param!r}")
    marks = set(roots)
    for e in lossexprs:
        more = real_roots(e, t, lo, hi, include_hi=False)
        marks.update(more or ())
    marks = sorted(marks | {lo, hi}, key=lambda v: sympy.N(v, 50))
    flips = []
    for root in sorted(set(roots), key=lambda v: sympy.N(v, 50)):
        k = marks.index(root)
        if k == 0 or k == len(marks) - 1:
            continue
        if not all(sympy.sympify(e).subs(t, root).is_positive for e in lossexprs):
            continue                      # an equilibrium is not strict there
        sides = []
        for a, b in ((marks[k - 1], root), (root, marks[k + 1])):
            v = rational_between(a, b)
            try:
                rd = risk_dominance(g1.substitute({param: to_number(v)}), pair)
            except GameError:
                rd = None
            sides.append(rd)
        if None in sides or sides[0].dominant == sides[1].dominant:
            continue
        flips.append(RiskDominanceFlip(param, exact_or_float(root), sides[0].dominant,
                                       sides[1].dominant))
    return tuple(flips)
