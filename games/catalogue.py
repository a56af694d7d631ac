"""The catalogue: look up, list and build the registered games.

>>> from games.catalogue import get, names
>>> "prisoners-dilemma" in names()
True
>>> sorted(get("hawk-dove", V="3").symbols)      # V is set; C stays a parameter
['C']

The catalogue modules (:mod:`games.classics`, :mod:`games.scenarios`) are imported the
first time a game is looked up, and register their games with
:func:`games.registry.register` as they are imported.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from solver.errors import GameError
from solver.numbers import to_number

from .registry import Entry, Parameter, registered

__all__ = ["names", "entry", "get"]


def names() -> tuple[str, ...]:
    """Names of all catalogue games, sorted."""
    _load_all()
    return tuple(sorted(registered()))


def entry(name: str) -> Entry:
    """The registry entry of a game (raises GameError for an unknown name)."""
    _load_all()
    try:
        return registered()[name]
    except KeyError:
        raise GameError(f"no game named {name!r} in the catalogue; "
                        f"`gamesolver list` shows the {len(registered())} names") from None


def get(name: str, **params: Any):
    """Build a catalogue game, with some parameters set.

    Parameters
    ----------
    name : str
        A name from :func:`names`.
    **params
        Values for some parameters (exact decimals or fractions as strings, ints
        or Fractions).  Parameters not given stay symbolic with their defaults, so
        the game can still be solved at the defaults or analysed symbolically.

    Raises
    ------
    GameError
        For an unknown name, an unknown parameter, or a bad value.
    """
    e = entry(name)
    game = e.build()
    if params:
        known = {p.name for p in e.parameters}
        for k in params:
            if k not in known:
                raise GameError(f"{name} has no parameter {k!r}; its parameters are "
                                f"{sorted(known) if known else 'none'}")
        values = {}
        for p in e.parameters:
            if p.name in params:
                values[p.name] = _checked_value(name, p, params[p.name])
        game = game.substitute(values)
    return game


def _checked_value(game_name: str, parameter: Parameter, value: Any):
    """An exact parameter value inside the parameter's range, or a GameError."""
    x = to_number(value, f"{game_name}: parameter {parameter.name!r}")
    if not isinstance(x, Fraction):
        raise GameError(f"{game_name}: parameter {parameter.name!r} needs an exact number "
                        f"(a decimal such as 0.7 or a fraction such as 7/10), got {value!r}")
    bounds = parameter.range
    if bounds is not None and not bounds[0] <= x <= bounds[1]:
        raise GameError(f"{game_name}: parameter {parameter.name!r} = {value} is outside its "
                        f"range [{parameter.low}, {parameter.high}] ({parameter.meaning})")
    return x


def _load_all() -> None:
    # importing the catalogue modules registers their games (once: Python caches modules)
    from . import classics, scenarios  # noqa: F401
