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

The normal-form method is whatever :func:`solver.solve` would run on the reduced form
(it passes its own dispatcher): for three or more players that is polynomial support
enumeration, whose equilibria may be irrational.  Those are exact on the reduced form
(kept in ``extra["reduced_solution"]``) and are translated to behaviour strategies in
double precision, certified on the tree with the float tolerance; the solution then
says so and is not marked exact.
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
        ``NormalFormGame -> Solution``: the method as :func:`solver.solve` dispatches
        it on a normal form (so a tree of three or more players gets the n-player
        methods, not the two-player ones).
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
    equilibria, seen, unsettled, irrational = [], set(), 0, 0
    for eq in inner:
        probs = eq.probabilities
        if getattr(eq, "is_algebraic", False):      # exact on the form; floats on the tree
            irrational += 1
            probs = [[float(p) for p in pr] for pr in probs]
        done = completion(game, mixed_to_behavior(game, reduced, probs))
        unsettled += not done.settled
        profile = done.profile
        key = tuple(profile.flat())
        if key in seen:
            continue
        seen.add(key)
        certified = certify_behavior(game, profile)
        if probs is not eq.probabilities:          # the payoffs, exactly, from the form
            certified = replace(certified, payoffs=eq.payoffs)
        equilibria.append(certified)
    shape = "x".join(str(m) for m in reduced.game.shape) or "player-free"
    note = (f"solved the {shape} reduced normal form with {method} and translated each "
            "equilibrium into behaviour strategies (at sets a player's own plan excludes: "
            "the choice optimal there, solver.forms.extensive.completion)")
    notes = (note,)
    if unsettled:
        notes += (f"at sets their own play excludes, the players' completed choices kept changing "
                  f"in {unsettled} equilibri{'um' if unsettled == 1 else 'a'} (an off-path game "
                  "without a pure solution): there they are the last round's, not necessarily "
                  "optimal; the equilibria are unaffected",)
    if irrational:
        notes += (f"{irrational} equilibri{'um has' if irrational == 1 else 'a have'} irrational "
                  "probabilities: exact on the reduced normal form (extra['reduced_solution']), "
                  "shown here in behaviour strategies to double precision and certified on the "
                  "tree with the float tolerance",)
    return replace(inner, game=game, equilibria=tuple(equilibria),
                   exact=inner.exact and not irrational, notes=notes + tuple(inner.notes),
                   extra={**dict(inner.extra), "reduced": reduced, "reduced_solution": inner})
