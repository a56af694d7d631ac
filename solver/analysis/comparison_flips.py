"""Where one decisive comparison flips a choice, found from its expression and confirmed.

A decisive comparison (:class:`~solver.analysis.comparisons.Comparison`) writes a
mover's chosen option and its best alternative as expressions in the parameters.
Moving one parameter *t* alone, the choice can flip only where the two are equal: a
real root of ``chosen(t) - alternative(t)``, found exactly
(:func:`~solver.analysis.exact_roots.real_roots`).  Each root is then *confirmed*
by solving the game just below and just above it (within a millionth of the range):
a root is reported only if the mover's choice at that decision really differs there.  A flip caused
first by another decision (one that changes the expressions themselves) is not a
root of this comparison; :func:`solver.analysis.parametric.thresholds` finds every
flip of every choice, at a higher cost.

This is the quick question "how far must this lever move to flip this choice?",
asked by the bottom line of explanations and by ``games.compare``.
"""
from __future__ import annotations

from typing import Any, Mapping

import sympy

from solver.analysis.comparisons import Comparison
from solver.analysis.exact_roots import SymbolicLimit, exact_or_float, rational_between, real_roots
from solver.analysis.parameter_points import at_value, free_in, solve_at
from solver.analysis.parametric import parameter_range
from solver.analysis.threshold_records import Threshold
from solver.errors import GameError
from solver.numbers import sympify_number, to_number

__all__ = ["comparison_flips", "choice_at"]

#: A root is confirmed by solving within (range width) / _CLOSENESS of it on each side.
_CLOSENESS = 10**6


def choice_at(solution, player: str, at: str) -> str:
    """What ``player`` chooses at information set ``at`` (``"the table"``: his strategy),
    across the solution's equilibria: ``"Decline"``, ``"Accept / Decline"`` (different
    equilibria), ``"Hawk+Dove"`` (a mix)."""
    game = solution.game
    i = game.players.index(player)
    seen = []
    for eq in solution.equilibria:
        if game.form == "normal":
            used = "+".join(eq.support[i])
        else:
            s = next((s for s in game.infosets[i] if s.label == at), None)
            if s is None:
                raise GameError(f"{player} has no information set labelled {at!r}")
            probs = eq.profile.probabilities[i][s.index]
            used = "+".join(a for a, p in zip(s.actions, probs) if p > 0)
        if used not in seen:
            seen.append(used)
    return " / ".join(seen) or "nothing (no equilibrium)"


def comparison_flips(game, comparison: Comparison, param: str, *,
                     params: Mapping[str, Any] | None = None, low=None, high=None,
                     method: str = "auto", **options: Any) -> tuple[Threshold, ...]:
    """The values of ``param`` at which the choice behind ``comparison`` flips.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        The parametric game the comparison was read from; ``param`` must be free in it.
    comparison : Comparison
        From :func:`solver.analysis.decisive.decisive_comparisons`.
    param : str
        The parameter moved; the others keep ``params`` or their defaults.
    low, high : number, optional
        The interval searched (default: the range the game records for ``param``).
    method, **options
        The solver used to confirm each root (as in :func:`solver.analysis.parametric.thresholds`).

    Returns
    -------
    tuple of Threshold
        Confirmed flips in increasing order (empty when the comparison does not
        involve ``param`` or never changes sign in the interval).

    Raises
    ------
    GameError
        For an unknown parameter or a missing range.
    """
    if low is None or high is None:
        found = parameter_range(game, param)
        if found is None:
            raise GameError(f"give the range of {param!r} (the game records none)")
        low, high = (found[0] if low is None else low), (found[1] if high is None else high)
    lo = sympify_number(to_number(low, f"low of {param!r}"))
    hi = sympify_number(to_number(high, f"high of {param!r}"))
    g1 = free_in(game, param, params)
    t = sympy.Symbol(param)
    values = {**game.parameters, **dict(params or {})}
    fixed = {sympy.Symbol(k): sympify_number(to_number(v, f"parameter {k!r}"))
             for k, v in values.items() if k != param}
    diff = (sympy.sympify(comparison.chosen_expression)
            - sympy.sympify(comparison.alternative_expression)).xreplace(fixed)
    try:
        roots = real_roots(diff, t, lo, hi, include_hi=False)
    except SymbolicLimit:
        return ()
    if not roots:
        return ()
    roots = sorted(set(roots))
    edges = [lo] + roots + [hi]
    # confirm next to each root: a change between far-apart points may be another
    # decision's flip, somewhere else in between
    near = (hi - lo) / _CLOSENESS
    out = []
    for k, r in enumerate(roots):
        below = rational_between(sympy.Max(edges[k], r - near), r)
        above = rational_between(r, sympy.Min(edges[k + 2], r + near))
        before = choice_at(solve_at(at_value(g1, param, below), method, options),
                           comparison.player, comparison.at)
        after = choice_at(solve_at(at_value(g1, param, above), method, options),
                          comparison.player, comparison.at)
        if before != after:
            out.append(Threshold(exact_or_float(r), comparison.player, comparison.at, before,
                                 after))
    return tuple(out)
