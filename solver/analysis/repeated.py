"""Repeated games, in one call: equilibrium conditions, the folk-theorem picture, horizons.

:func:`solve_repeated` takes a :class:`~solver.forms.repeated.RepeatedGame` (or a stage
game) and a strategy profile -- a built-in's name (``"grim"``, ``"tit-for-tat"``,
``"punish:K"``) or an :class:`~solver.analysis.repeated_strategies.Automaton` -- and
returns a :class:`RepeatedAnalysis`:

* for an infinite horizon, the discount factors at which the profile is subgame perfect,
  exactly (:func:`~solver.analysis.repeated_thresholds.critical_discount`);
* for a finite horizon, backward induction: unravelling when the stage game has one
  equilibrium, threats of switching when it has several, and the profile checked at
  the horizon (:func:`~solver.analysis.repeated_finite.finite_repetition`);
* in both cases the minmax values and the feasible, individually rational payoffs
  (:func:`~solver.analysis.repeated_folk.folk_theorem`).

Known answers (the tests check them against a numerical brute force): in the
prisoner's dilemma with ``T > R > P > S``, grim trigger is subgame perfect iff
``delta >= (T - R)/(T - P)``; tit-for-tat needs ``delta >= (T - R)/(R - S)`` on the path,
but in the punishment states also ``delta <= (T - R)/(R - S)``, ``delta >= (P - S)/(T - P)``
and ``delta <= (P - S)/(T - P)``, so it is subgame perfect only in the knife-edge case
``delta = (T - R)/(R - S) = (P - S)/(T - P)`` (with ``(2, 3, -1, 0)``: only at
``delta = 1/3``; Mailath and Samuelson 2006, ch. 2).  The conditions for tit-for-tat to
be a *Nash* equilibrium, ``delta >= (T - R)/(R - S)`` and ``delta >= (T - R)/(T - P)``
(Axelrod 1984), check only the path of play.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from solver.analysis.repeated_finite import FiniteRepetition, finite_repetition
from solver.analysis.repeated_folk import FeasibleSet, folk_theorem
from solver.analysis.repeated_strategies import Automaton
from solver.analysis.repeated_thresholds import RepeatedEquilibrium, critical_discount
from solver.errors import GameError
from solver.forms.repeated import RepeatedGame

__all__ = ["RepeatedAnalysis", "solve_repeated"]


@dataclass(frozen=True)
class RepeatedAnalysis:
    """A repeated game's analysis: ``equilibrium`` (infinite horizon) or ``finite``
    (finite horizon), and ``feasible`` (the folk-theorem picture)."""

    description: str
    strategy: str
    equilibrium: RepeatedEquilibrium | None
    finite: FiniteRepetition | None
    feasible: FeasibleSet | None

    def __str__(self) -> str:
        head = self.equilibrium if self.equilibrium is not None else self.finite
        parts = [str(head), "", f"Game: {self.description}."]
        if self.feasible is not None:
            parts += ["", str(self.feasible)]
        return "\n".join(parts)

    def to_dict(self) -> dict:
        return {"game": self.description, "strategy": self.strategy,
                "horizon": None if self.finite is None else self.finite.horizon,
                "equilibrium": None if self.equilibrium is None else self.equilibrium.to_dict(),
                "finite": None if self.finite is None else self.finite.to_dict(),
                "feasible": None if self.feasible is None else self.feasible.to_dict()}


def solve_repeated(game, strategy: Any = "grim", *, horizon: int | None = None,
                   values: Mapping[str, Any] | None = None, cooperate=None, punish=None
                   ) -> RepeatedAnalysis:
    """Analyse a repeated game under a strategy profile.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        A stage game is repeated for ever with a symbolic discount factor, or for
        ``horizon`` periods.
    strategy : str or Automaton
        ``"grim"``, ``"tit-for-tat"``, ``"punish:K"`` or an automaton.
    horizon : int, optional
        Overrides the game's horizon (None keeps it).
    values : mapping, optional
        Parameter values of the stage game (others at their defaults) and, for a symbolic
        discount factor, its value.
    cooperate, punish : profiles, optional
        The built-ins' cooperative and punishment profiles (``"C,C"`` or a tuple).

    Returns
    -------
    RepeatedAnalysis

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=(("C", "D"), ("C", "D")))
    >>> print(str(solve_repeated(pd, "grim")).splitlines()[0])
    Grim trigger is subgame perfect iff delta >= 1/2.
    >>> print(str(solve_repeated(pd, "grim", horizon=3)).splitlines()[0][:60])
    The stage game has a unique Nash equilibrium, (D, D): the un
    """
    if not isinstance(game, RepeatedGame):
        if getattr(game, "form", None) != "normal":
            raise GameError("a repeated game needs a normal-form stage game")
        game = RepeatedGame(game, horizon=horizon)
    elif horizon is not None and horizon != game.horizon:
        game = game.with_horizon(horizon)
    values = dict(values or {})
    if game.infinite:
        eq = critical_discount(game, strategy, values=values, cooperate=cooperate,
                               punish=punish)
        stage = _concrete(game, values)
        return RepeatedAnalysis(str(game), eq.strategy, eq, None, _feasible(stage))
    if game.symbolic_discount:
        raise GameError("a finite horizon needs a number as the discount factor")
    stage = _concrete(game, values)
    concrete = RepeatedGame(stage, horizon=game.horizon, discount=game.discount)
    if isinstance(strategy, str):
        strategy = Automaton.named(stage, strategy, cooperate, punish)
    fin = finite_repetition(concrete, strategy)
    return RepeatedAnalysis(str(concrete), strategy.name, None, fin, _feasible(stage))


def _concrete(game: RepeatedGame, values: Mapping[str, Any]):
    stage = game.stage
    if not stage.parametric:
        return stage
    own = {k: v for k, v in values.items() if k in stage.symbols or k in stage.parameters}
    return stage.substitute(own, defaults=True)


def _feasible(stage) -> FeasibleSet | None:
    return folk_theorem(stage) if stage.exact else None
