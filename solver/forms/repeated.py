"""Repeated games: a normal-form stage game played again and again.

A :class:`RepeatedGame` is a stage game (:class:`~solver.forms.normal.game.NormalFormGame`,
any number of players) played in periods ``t = 0, 1, 2, ...`` with *perfect monitoring*:
after each period every player sees the action profile that was played.  It is played
either

* for ever, each player maximising the **normalised discounted** payoff
  ``(1 - delta) * sum_t delta**t * u_i(a_t)`` with a discount factor ``0 < delta < 1``
  (an exact number, or a sympy symbol to keep it as a parameter); or
* for a finite **horizon** of ``T`` periods, each player maximising
  ``sum_{t < T} delta**t * u_i(a_t)`` with ``0 < delta <= 1`` (default 1: the plain sum).

This follows Mailath and Samuelson (2006), *Repeated Games and Reputations*, ch. 2
(the infinitely repeated game with perfect monitoring) and ch. 4 (finite horizons);
Fudenberg and Tirole (1991), *Game Theory*, ch. 5.  Strategies of the repeated game
(automata), their equilibrium conditions and the folk-theorem picture are in the
analysis layer (:mod:`solver.analysis.repeated`).

>>> from solver import NormalFormGame
>>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   strategies=(("C", "D"), ("C", "D")))
>>> RepeatedGame(pd).discount
delta
>>> RepeatedGame(pd, discount="9/10").discount
Fraction(9, 10)
>>> RepeatedGame(pd, horizon=5)
RepeatedGame(stage=2x2, horizon=5, discount=1)
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping

from solver.errors import InvalidGameError
from solver.numbers import format_number, is_sympy, to_fraction

__all__ = ["RepeatedGame", "DISCOUNT_NAME"]

#: Name of the discount factor's symbol when none is given for an infinite horizon.
DISCOUNT_NAME = "delta"


class RepeatedGame:
    """A stage game repeated for ever (discounted) or for a finite horizon.

    Parameters
    ----------
    stage : NormalFormGame
        The stage game, with any number of players; it may be parametric (sympy
        symbols in its payoffs), in which case the analyses take parameter values.
    horizon : int, optional
        The number of periods ``T >= 1``; None (the default) repeats the game for ever.
    discount : int, Fraction, str or sympy.Symbol, optional
        The discount factor ``delta``: exact (``"0.9"``, ``Fraction(9, 10)``), or a sympy
        symbol to keep it symbolic.  For an infinite horizon it must lie in ``(0, 1)``
        and defaults to the symbol ``delta``; for a finite horizon it lies in ``(0, 1]``
        and defaults to 1.

    Raises
    ------
    InvalidGameError
        For a stage game that is not a normal form, a horizon that is not a positive
        integer, or a discount factor outside its range (the message names it).

    Notes
    -----
    Repeated games are values: equal stage games, horizons and discounts make equal
    games.  Payoffs of the infinite game are *normalised* (multiplied by ``1 - delta``),
    so they are on the stage game's scale and comparable with its payoff vectors.
    """

    form = "repeated"

    def __init__(self, stage: Any, *, horizon: int | None = None, discount: Any = None):
        if getattr(stage, "form", None) != "normal":
            raise InvalidGameError(f"a repeated game needs a normal-form stage game, got "
                                   f"{type(stage).__name__}")
        if horizon is not None:
            if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
                raise InvalidGameError(f"horizon: expected a whole number of periods >= 1 "
                                       f"(or None for ever), got {horizon!r}")
        self._stage = stage
        self._horizon = horizon
        self._discount = self._checked_discount(discount)

    def _checked_discount(self, discount: Any):
        finite = self._horizon is not None
        if discount is None:
            if finite:
                return Fraction(1)
            if DISCOUNT_NAME in self._stage.symbols:
                raise InvalidGameError(
                    f"the stage game already has a parameter named {DISCOUNT_NAME!r}; pass "
                    "the discount factor as another symbol (discount=sympy.Symbol('d'))")
            import sympy
            return sympy.Symbol(DISCOUNT_NAME)
        if is_sympy(discount) and getattr(discount, "is_Symbol", False):
            if str(discount) in self._stage.symbols:
                raise InvalidGameError(f"discount: {discount} is also a parameter of the "
                                       "stage game's payoffs")
            return discount
        d = to_fraction(discount, "discount factor")
        if finite and not 0 < d <= 1:
            raise InvalidGameError(f"discount factor {format_number(d)}: a finitely repeated "
                                   "game needs 0 < delta <= 1")
        if not finite and not 0 < d < 1:
            raise InvalidGameError(f"discount factor {format_number(d)}: an infinitely "
                                   "repeated game needs 0 < delta < 1 (use horizon=T for a "
                                   "finite game)")
        return d

    # ------------------------------------------------------------------ attributes
    @property
    def stage(self):
        """The stage game."""
        return self._stage

    @property
    def horizon(self) -> int | None:
        """The number of periods, or None for an infinite horizon."""
        return self._horizon

    @property
    def infinite(self) -> bool:
        return self._horizon is None

    @property
    def discount(self):
        """The discount factor: a Fraction, or a sympy symbol when symbolic."""
        return self._discount

    @property
    def symbolic_discount(self) -> bool:
        """True when the discount factor is a symbol."""
        return is_sympy(self._discount)

    @property
    def players(self) -> tuple[str, ...]:
        return self._stage.players

    @property
    def n_players(self) -> int:
        return self._stage.n_players

    @property
    def parametric(self) -> bool:
        """True when the stage game has free parameters (the discount aside)."""
        return self._stage.parametric

    # ------------------------------------------------------------------ new games
    def with_discount(self, discount: Any) -> "RepeatedGame":
        """The same game with another discount factor (a number or a symbol)."""
        return RepeatedGame(self._stage, horizon=self._horizon, discount=discount)

    def with_horizon(self, horizon: int | None) -> "RepeatedGame":
        """The same stage game and discount with another horizon (None: for ever).

        A symbolic discount becomes 1 for a finite horizon (give one with
        :meth:`with_discount`)."""
        discount = None if self.symbolic_discount else self._discount
        if horizon is None and discount == 1:
            discount = None
        return RepeatedGame(self._stage, horizon=horizon, discount=discount)

    def substitute(self, values: Mapping[str, Any] | None = None, *, defaults: bool = False,
                   **kwargs: Any) -> "RepeatedGame":
        """Put in values of the stage game's parameters and, if it is a symbol, of the
        discount factor (by its name).

        Raises
        ------
        InvalidGameError
            For a name that is neither the discount's nor a parameter of the stage game.
        """
        given = dict(values or {})
        given.update(kwargs)
        discount = self._discount
        if self.symbolic_discount and str(discount) in given:
            discount = given.pop(str(discount))
        stage = self._stage.substitute(given, defaults=defaults) if (given or defaults) \
            else self._stage
        return RepeatedGame(stage, horizon=self._horizon, discount=discount)

    # ------------------------------------------------------------------ value semantics
    def _key(self):
        return (self._stage, self._horizon, str(self._discount))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RepeatedGame) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shape = "x".join(str(m) for m in self._stage.shape)
        horizon = "infinite" if self.infinite else str(self._horizon)
        return (f"RepeatedGame(stage={shape}, horizon={horizon}, "
                f"discount={format_number(self._discount)})")

    def __str__(self) -> str:
        title = self._stage.title or "the stage game"
        if self.infinite:
            return (f"{title}, repeated for ever with discount factor "
                    f"{format_number(self._discount)} (normalised payoffs)")
        return (f"{title}, repeated {self._horizon} times with discount factor "
                f"{format_number(self._discount)}")
