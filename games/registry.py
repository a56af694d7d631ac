"""The catalogue's registry: every game is registered under a name with its
parameters, so the API (``games.get``) and the command (``gamesolver solve NAME``)
can build it.

The catalogue stores *games*, never answers: equilibria always come from the
solvers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from solver.errors import GameError

__all__ = ["Parameter", "Entry", "register", "get", "names", "entry"]


@dataclass(frozen=True)
class Parameter:
    """One parameter of a catalogue game.

    Attributes
    ----------
    name : str
        The symbol's name in the payoffs.
    default : str
        Default value, an exact decimal or fraction.
    low, high : str
        The meaningful range (inclusive).
    meaning : str
        One line saying what it is.
    source : str
        The passage of the source the parameter encodes.
    """

    name: str
    default: str
    low: str
    high: str
    meaning: str
    source: str = ""


@dataclass(frozen=True)
class Entry:
    """A registered game: its name, builder, summary, parameters and source."""

    name: str
    build: Callable[[], Any]
    summary: str
    parameters: tuple[Parameter, ...] = ()
    source: str = ""


_REGISTRY: dict[str, Entry] = {}


def register(name: str, summary: str, parameters: tuple[Parameter, ...] = (), source: str = ""):
    """Decorator registering a zero-argument builder under *name*."""
    def wrap(build: Callable[[], Any]) -> Callable[[], Any]:
        if name in _REGISTRY:
            raise ValueError(f"the catalogue already has a game named {name!r}")
        _REGISTRY[name] = Entry(name, build, summary, tuple(parameters), source)
        return build
    return wrap


def names() -> tuple[str, ...]:
    """Names of all catalogue games, sorted."""
    _load_all()
    return tuple(sorted(_REGISTRY))


def entry(name: str) -> Entry:
    """The registry entry of a game (raises GameError for an unknown name)."""
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise GameError(f"no game named {name!r} in the catalogue; "
                        f"`gamesolver list` shows the {len(_REGISTRY)} names") from None


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
    from fractions import Fraction

    from solver.numbers import to_number
    x = to_number(value, f"{game_name}: parameter {parameter.name!r}")
    if not isinstance(x, Fraction):
        raise GameError(f"{game_name}: parameter {parameter.name!r} needs an exact number "
                        f"(a decimal such as 0.7 or a fraction such as 7/10), got {value!r}")
    low, high = Fraction(parameter.low), Fraction(parameter.high)
    if not low <= x <= high:
        raise GameError(f"{game_name}: parameter {parameter.name!r} = {value} is outside its "
                        f"range [{parameter.low}, {parameter.high}] ({parameter.meaning})")
    return x


def _load_all() -> None:
    # importing the catalogue modules registers their games
    from . import classics, scenarios  # noqa: F401
