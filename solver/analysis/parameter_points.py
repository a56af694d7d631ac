"""A parametric game at one point: one parameter left free, the game solved at a value.

Threshold searches and sweeps vary one parameter *t* of a game, the others held at
given values or at their defaults.  :func:`free_in` makes that one-parameter game,
:func:`at_value` puts a value of *t* in, and :func:`solve_at` solves the concrete
game the way the searches do (backward induction or subgame decomposition for
trees, the dispatcher for normal forms).
"""
from __future__ import annotations

from typing import Any, Mapping

import sympy

from solver.errors import GameError
from solver.numbers import to_number
from solver.solve import solve

__all__ = ["free_in", "at_value", "solve_at", "node_label"]


def free_in(game, param: str, params: Mapping[str, Any] | None):
    """The game with every parameter but ``param`` fixed (given values, else defaults)."""
    if not isinstance(param, str) or param not in game.symbols:
        if param in getattr(game, "parameters", {}):
            raise GameError(f"parameter {param!r} already has a value in this game; build it "
                            "without substituting it to analyse it")
        raise GameError(f"the game has no free parameter {param!r}; its parameters are "
                        f"{sorted(game.symbols)}")
    given = dict(params or {})
    if param in given:
        raise GameError(f"parameter {param!r} is the one analysed; do not give it a value in params")
    defaults = game.parameters
    values: dict[str, Any] = {}
    for k in sorted(game.symbols - {param}):
        if k in given:
            values[k] = given.pop(k)
        elif k in defaults:
            values[k] = defaults[k]
        else:
            raise GameError(f"parameter {k!r} has no default; give its value, e.g. "
                            f"params={{{k!r}: '0.5'}}")
    if given:
        raise GameError(f"unknown parameter {sorted(given)[0]!r}; the game's parameters are "
                        f"{sorted(game.symbols)}")
    for k, v in values.items():
        if isinstance(v, float):
            raise GameError(f"parameter {k!r}: the float {v!r} cannot stay next to the symbol "
                            f"{param!r}; give it exactly (e.g. as the string '{v}')")
    values[param] = sympy.Symbol(param)
    return game.substitute(values)


def at_value(g1, param: str, v):
    return g1.substitute({param: _as_exact(v)})


def _as_exact(v):
    if isinstance(v, sympy.Basic):
        return to_number(v, "parameter value")
    return v


def solve_at(game, method: str, options: Mapping[str, Any]):
    """Solve a concrete game: backward induction or subgame decomposition for trees."""
    if game.form == "extensive" and method in ("auto", "spe"):
        # imported when needed: most games never reach these solvers
        from solver.algorithms.backward_induction import spe
        from solver.algorithms.subgames import subgame_perfect
        if game.is_perfect_information:
            return spe(game, **options)
        return subgame_perfect(game, **options)
    return solve(game, method, **options)


def node_label(game, h: int) -> str:
    """A node's label, else its path, for records and messages."""
    return game.label(h) or "/".join(game.path(h)) or "root"
