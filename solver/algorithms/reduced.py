"""Normal-form methods applied to a game tree through its reduced normal form.

Every normal-form solver applies to a tree of perfect recall: build the reduced
normal form (one strategy per plan, chance averaged out), solve it, and translate
each mixed equilibrium back into behaviour strategies by Kuhn's theorem (Kuhn
1953; Osborne and Rubinstein 1994, proposition 214.1).  The translated profile is
certified again on the tree itself.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from ..behavior import certify_behavior
from ..errors import InvalidGameError
from ..profiles import Solution

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
        :func:`solver.conversions.reduced_normal_form` instead.

    Returns
    -------
    Solution
        The tree's equilibria as behaviour profiles, certified on the tree.
        Distinct mixed equilibria that induce the same behaviour (they differ
        only in how they mix plans that play alike) are listed once.
        ``extra["reduced"]`` holds the :class:`~solver.conversions.ReducedForm`.
    """
    from ..conversions import mixed_to_behavior, reduced_normal_form

    ok, reason = game.perfect_recall()
    if not ok:
        raise InvalidGameError(f"method {method!r} on a tree needs perfect recall: {reason}")
    reduced_options = {k: options.pop(k) for k in ("max_cells",) if k in options}
    reduced = reduced_normal_form(game, **reduced_options)
    inner = normal_solver(reduced.game, **options)
    equilibria, seen = [], set()
    for eq in inner:
        profile = mixed_to_behavior(game, reduced, eq.probabilities)
        key = tuple(profile.flat())
        if key in seen:
            continue
        seen.add(key)
        equilibria.append(certify_behavior(game, profile))
    shape = "x".join(str(m) for m in reduced.game.shape)
    note = (f"solved the {shape} reduced normal form with {method} and translated each "
            "equilibrium into behaviour strategies")
    return replace(inner, game=game, equilibria=tuple(equilibria),
                   notes=(note,) + tuple(inner.notes),
                   extra={**dict(inner.extra), "reduced": reduced})
