"""The inputs of a region map, checked: the two levers and their ranges, the other
parameters' values, the current point and the target choices
(:mod:`solver.analysis.region`)."""
from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import sympy

from solver.errors import GameError
from solver.numbers import format_number, to_number

__all__ = ["exact_value", "read_inputs", "read_targets"]


def exact_value(x, where: str):
    """An exact number from a user value: floats become the simple fraction they print as."""
    if isinstance(x, bool):
        raise GameError(f"{where}: expected a number, got {x!r}")
    if isinstance(x, float):
        if not math.isfinite(x):
            raise GameError(f"{where}: expected a finite number, got {x!r}")
        simple = Fraction(x).limit_denominator(10 ** 6)
        return simple if abs(float(simple) - x) <= 1e-12 * max(1.0, abs(x)) else Fraction(repr(x))
    if isinstance(x, sympy.Basic) and x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    v = to_number(x, where)
    if isinstance(v, sympy.Basic):
        raise GameError(f"{where}: expected a number, got {x!r}")
    return v


def read_inputs(game, levers, params):
    """Check the levers, their ranges and the other parameters' values: ``(names,
    ranges, fixed, current)``, all exact (``current`` is None when a lever has no value)."""
    if not hasattr(game, "symbols") or not hasattr(game, "substitute"):
        raise GameError("region maps need a game with parameters")
    if isinstance(levers, Mapping):
        items = list(levers.items())
    elif isinstance(levers, str):
        raise GameError("give two parameters, e.g. region(game, ['kappa', 's']) or "
                        "region(game, {'kappa': (0, 1), 's': (0, 1/2)})")
    else:
        items = [(n, None) for n in levers]
    if len(items) != 2:
        raise GameError(f"a region map needs exactly two parameters, got {len(items)}")
    names = tuple(n for n, _ in items)
    if names[0] == names[1]:
        raise GameError(f"the two parameters must differ (got {names[0]!r} twice)")
    known = sorted(set(game.symbols) | set(game.parameters))
    for n in names:
        if not isinstance(n, str) or n not in game.symbols:
            raise GameError(f"the game has no free parameter {n!r}; its parameters are "
                            f"{known if known else 'none'}")
    ranges = []
    for n, r in items:
        if r is None:
            spec = game.parameter_specs.get(n)
            r = None if spec is None else spec.range
            if r is None:
                raise GameError(f"give the range of {n!r} (the game records none), e.g. "
                                f"{{{n!r}: (0, 1)}}")
        try:
            lo, hi = r
        except (TypeError, ValueError):
            raise GameError(f"the range of {n!r} must be a pair (low, high), got {r!r}") from None
        lo, hi = exact_value(lo, f"low end of {n!r}"), exact_value(hi, f"high end of {n!r}")
        if not lo < hi:
            raise GameError(f"the range of {n!r} is empty: low={format_number(lo)} is not "
                            f"below high={format_number(hi)}")
        ranges.append((lo, hi))
    given = dict(params or {})
    unknown = sorted(set(given) - set(game.symbols))
    if unknown:
        raise GameError(f"unknown parameter {unknown[0]!r}; the game's parameters are {known}")
    current = []
    for n in names:
        v = given.pop(n, game.parameters.get(n))
        current.append(None if v is None else exact_value(v, f"parameter {n!r}"))
    fixed = {}
    for k in sorted(game.symbols - set(names)):
        v = given.get(k, game.parameters.get(k))
        if v is None:
            raise GameError(f"parameter {k!r} has no default; give its value, e.g. "
                            f"params={{{k!r}: '0.5'}}")
        fixed[k] = exact_value(v, f"parameter {k!r}")
    return names, tuple(ranges), fixed, (tuple(current) if None not in current else None)


def read_targets(game, target):
    """Normalise ``target`` to a list of (player, at, action) and check them."""
    if target is None:
        return None
    if isinstance(target, tuple) and len(target) in (2, 3) and all(
            isinstance(x, str) for x in target):
        target = [target]
    out = []
    for t in target:
        if len(t) == 2:
            player, action = t
            at = "the table"
        else:
            player, at, action = t
        if player not in game.players:
            raise GameError(f"no player {player!r}; the players are {list(game.players)}")
        i = game.players.index(player)
        if game.form == "normal":
            if at not in ("the table", "", None):
                raise GameError(f"a table has no information set {at!r}; use 'the table'")
            at = "the table"
            options = game.strategies[i]
        else:
            sets = {s.label: s for s in game.infosets[i] if s.label}
            if at not in sets:
                raise GameError(f"{player} has no information set labelled {at!r}; "
                                f"{player}'s are {sorted(sets)}")
            options = sets[at].actions
        if action not in options:
            raise GameError(f"{player} has no action {action!r} at {at}; the actions are "
                            f"{list(options)}")
        out.append((player, at, action))
    return out
