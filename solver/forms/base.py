"""What every game shares: players, exactness and parameters.

:class:`NormalFormGame` and :class:`ExtensiveFormGame` both keep their players in
``_players``, whether they are exact in ``_exact``, the names of their free
symbols in ``_symbols``, the parameters' descriptions in ``_parameter_specs`` and
their defaults in ``_parameters``; this base class reads them.
"""
from __future__ import annotations

from typing import Any

from solver.errors import InvalidGameError
from solver.forms.parameters import Parameter

__all__ = ["GameBase", "as_sequence"]


def as_sequence(value: Any, what: str, expected: str = "a sequence") -> tuple:
    """``value`` as a tuple, or an :class:`InvalidGameError` saying what was expected.

    Strings, bytes and mappings are refused (a string is not a list of labels), as is
    anything that cannot be iterated.

    >>> as_sequence(["a", "b"], "players")
    ('a', 'b')
    """
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        got = f"the string {value!r}" if isinstance(value, str) else \
            f"{type(value).__name__} {value!r}"[:80]
        raise InvalidGameError(f"{what}: expected {expected}, got {got}")
    return tuple(value)


class GameBase:
    """Read-only attributes common to normal-form and extensive-form games."""

    _players: tuple[str, ...]
    _exact: bool
    _symbols: frozenset[str]
    _parameters: dict[str, Any]
    _parameter_specs: dict[str, Parameter]

    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in order."""
        return self._players

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def exact(self) -> bool:
        """True when every payoff is an exact rational (or a symbolic expression);
        False when some payoff is a float."""
        return self._exact

    @property
    def parametric(self) -> bool:
        """True when some payoff holds a free symbol."""
        return bool(self._symbols)

    @property
    def symbols(self) -> frozenset[str]:
        """Names of the free symbols in the payoffs."""
        return self._symbols

    @property
    def parameters(self) -> dict[str, Any]:
        """Default values of the parameters, by name (a copy)."""
        return dict(self._parameters)

    @property
    def memo(self) -> dict:
        """A cache for data derived from this game, keyed by what derived it.

        A game is an immutable value, so whatever an algorithm derives from it alone
        (the flat-array structure of a tree, its payoffs over a common denominator)
        stays true; such data is kept here, computed once.  Keys are chosen by the
        module that stores them (``"structure"``, ``"scaled_payoffs"``, ...).
        """
        got = self.__dict__.get("_memo")
        if got is None:
            got = self.__dict__["_memo"] = {}
        return got

    @property
    def parameter_specs(self) -> dict[str, Parameter]:
        """The parameters' descriptions (default, range, meaning, source), by name (a copy).

        A game made with ``parameters={name: default}`` has descriptions with the default
        only; pass :class:`~solver.forms.parameters.Parameter` objects to give ranges,
        meanings and sources, which threshold searches, sweeps and explanations read.
        """
        return dict(self._parameter_specs)

    def require_concrete(self) -> None:
        """Raise :class:`InvalidGameError` if the game still has free parameters."""
        if self._symbols:
            raise InvalidGameError(
                f"the game has free parameters {sorted(self._symbols)}; give values with "
                "game.substitute(name=value) first")
