"""Normal-form methods applied to a game tree through its reduced normal form.

Every normal-form solver applies to a tree of perfect recall: build the reduced
normal form (one strategy per plan, chance averaged out), solve it, and translate
each mixed equilibrium back into behaviour strategies by Kuhn's theorem (Kuhn
1953; Osborne and Rubinstein 1994, proposition 214.1).  At an information set
that a player's own equilibrium strategy never reaches, the plans say nothing; the
translation puts there a choice that is optimal given the others' behaviour and
the beliefs the player would hold had his own moves led there
(:mod:`solver.forms.extensive.completion`), which changes no payoff or regret.  The translated
profile is certified again on the tree itself.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import certify_behavior
from solver.forms.profiles import Solution

__all__ = ["solve_reduced"]


def solve_reduced(game, method: str, normal_solver: Callable[..., Solution],
                  **options: Any) -> Solution:
    """Solve a tree with a normal-form method on its reduced normal form.

    Parameters
    ----------
    game : ExtensiveFormGame
        A concrete tree with perfect recall.
    method : str
        The normal-form method's name (recorded in the solution).
    normal_solver : callable
        The method's function, ``NormalFormGame -> Solution``.
    **options
        Passed to ``normal_solver``; ``max_cells`` is passed to
        :func:`solver.conversions.reduced_form.reduced_normal_form` instead.

    Returns
    -------
    Solution
        The tree's equilibria as behaviour profiles, certified on the tree,
        completed at own-unreached information sets by sequentially rational
        choices (:func:`solver.forms.extensive.completion.complete_profile`).
        Distinct mixed equilibria that induce the same behaviour (they differ
        only in how they mix plans that play alike) are listed once.
        ``extra["reduced"]`` holds the :class:`~solver.conversions.reduced_form.ReducedForm`.
    """
    from solver.conversions.kuhn import mixed_to_behavior
    from solver.conversions.reduced_form import reduced_normal_form
    from solver.forms.extensive.completion import completion

    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"method {method!r} on a tree needs perfect recall: {reason}")
    reduced_options = {k: options.pop(k) for k in ("max_cells",) if k in options}
    reduced = reduced_normal_form(game, **reduced_options)
    inner = normal_solver(reduced.game, **options)
    equilibria, seen, unsettled = [], set(), 0
    for eq in inner:
        done = completion(game, mixed_to_behavior(game, reduced, eq.probabilities))
        unsettled += not done.settled
        profile = done.profile
        key = tuple(profile.flat())
        if key in seen:
            continue
        seen.add(key)
        equilibria.append(certify_behavior(game, profile))
    shape = "x".join(str(m) for m in reduced.game.shape)
    note = (f"solved the {shape} reduced normal form with {method} and translated each "
            "equilibrium into behaviour strategies (at sets a player's own plan excludes: "
            "the choice optimal there, solver.forms.extensive.completion)")
    notes = (note,)
    if unsettled:
        notes += (f"at sets their own play excludes, the players' completed choices kept changing "
                  f"in {unsettled} equilibri{'um' if unsettled == 1 else 'a'} (an off-path game "
                  "without a pure solution): there they are the last round's, not necessarily "
                  "optimal; the equilibria are unaffected",)
    return replace(inner, game=game, equilibria=tuple(equilibria),
                   notes=notes + tuple(inner.notes),
                   extra={**dict(inner.extra), "reduced": reduced})
