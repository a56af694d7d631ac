"""A (coarse) correlated equilibrium as a record, and its exact certificate.

A mediator draws a profile from a distribution *p* and tells each player only his own
part; *p* is a correlated equilibrium when obeying is a best reply for every player
and every recommendation (Aumann 1974, "Subjectivity and correlation in randomized
strategies", *J. Math. Econ.* 1), and a coarse one when committing to obey before the
draw beats committing to any fixed strategy (Moulin and Vial 1978).  Each
constraint is a sum over the profiles, so checking a proposed *p* costs one pass over
the payoff tables: :func:`margins` computes every constraint's value, in payoff units,
and :func:`build` checks them (all >= 0, *p* a distribution; exactly in an exact
game, to a relative tolerance in a float one) before it wraps *p* in a
:class:`CorrelatedEquilibrium`.  Nothing is returned uncertified.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from solver.errors import SolverError
from solver.numbers import format_number, json_number

__all__ = ["CorrelatedEquilibrium", "margins", "build"]


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A (coarse) correlated equilibrium: a distribution over profiles of strategies.

    Attributes
    ----------
    game : NormalFormGame
    distribution : tuple of (tuple of str, number)
        The profiles drawn with positive probability (strategy labels, one per
        player) and their probabilities, in the game's cell order.
    payoffs : tuple
        Each player's expected payoff.
    coarse : bool
        True for a coarse correlated equilibrium.
    objective : str
        What was maximised, in words (``"total payoff"``, ``"Row's payoff"``, ...).
    value : number or None
        The maximum of the objective.
    exact : bool
        Whether the numbers are exact and certified exactly.
    optimal : bool
        Whether optimality was certified (by exact dual values); False for an
        extreme point listed without an objective.
    slack : number
        The smallest incentive constraint (>= 0; 0 when one binds).
    notes : tuple of str
    """

    game: Any
    distribution: tuple[tuple[tuple[str, ...], Any], ...]
    payoffs: tuple[Any, ...]
    coarse: bool
    objective: str
    value: Any
    exact: bool
    optimal: bool
    slack: Any
    notes: tuple[str, ...] = field(default=())

    @property
    def probabilities(self) -> dict[tuple[str, ...], Any]:
        """``{profile labels: probability}`` for the profiles drawn."""
        return dict(self.distribution)

    def probability(self, *labels: str):
        """The probability of one profile (0 if it is never drawn)."""
        return self.probabilities.get(tuple(labels), Fraction(0) if self.exact else 0.0)

    def to_dict(self) -> dict:
        return {"coarse": self.coarse, "objective": self.objective, "exact": self.exact,
                "optimal": self.optimal,
                "value": None if self.value is None else json_number(self.value),
                "distribution": [{"profile": list(labels), "probability": json_number(p)}
                                 for labels, p in self.distribution],
                "payoffs": [json_number(u) for u in self.payoffs],
                "slack": json_number(self.slack)}

    def __str__(self) -> str:
        kind = "coarse correlated equilibrium" if self.coarse else "correlated equilibrium"
        head = f"A {kind}" + (f" maximising {self.objective}" if self.objective else "")
        if self.value is not None:
            head += f" (maximum {format_number(self.value)})"
        draws = "; ".join(f"({', '.join(labels)}) with probability {format_number(p)}"
                          for labels, p in self.distribution)
        tell = ("each player is told only his own strategy, and none gains by playing "
                "another" if not self.coarse else
                "each player commits to follow before the draw, and none gains by "
                "committing to a fixed strategy instead")
        pays = ", ".join(f"{name} {format_number(u)}"
                         for name, u in zip(self.game.players, self.payoffs))
        how = "exact" if self.exact else "floating point"
        return (f"{head}: a mediator draws {draws}; {tell}.  Expected payoffs: {pays} "
                f"({how}; smallest incentive margin {format_number(self.slack)}).")


def _cells(shape) -> list[tuple[int, ...]]:
    return list(np.ndindex(*shape))


def margins(game, p, *, coarse: bool = False) -> list:
    """Every incentive constraint's value at the distribution ``p`` (one number per
    cell, C order), in payoff units: what following the mediator gains over each
    deviation (exact when ``p`` and the game are)."""
    exact = game.exact and all(isinstance(v, Fraction) for v in p)
    P = np.array(p, dtype=object if exact else float).reshape(game.shape)
    out = []
    for i, m in enumerate(game.shape):
        U = np.asarray(game.payoffs[i], dtype=object if exact else float)
        for jp in range(m):
            gain = U - np.take(U, [jp], axis=i)
            if coarse:
                out.append((P * gain).sum())
                continue
            for j in range(m):
                if j != jp:
                    out.append((np.take(P, [j], axis=i) * np.take(gain, [j], axis=i)).sum())
    return out


def build(game, p, coarse: bool, words: str, value, *, exact: bool, optimal: bool,
          tol: float | None = None, notes: tuple = ()) -> CorrelatedEquilibrium:
    """Certify ``p`` (all incentive constraints >= 0, a distribution) and wrap it."""
    cells = _cells(game.shape)
    values = margins(game, p, coarse=coarse)
    slack = min(values) if values else (Fraction(0) if exact else 0.0)
    total = sum(p)
    if exact:
        if any(v < 0 for v in p) or total != 1 or slack < 0:
            raise SolverError("correlated equilibrium certificate failed: "
                              f"sum {total}, smallest incentive margin {slack}")
    else:
        span = max(float(np.ptp(np.asarray(game.float_payoffs, dtype=float))), 1e-300)
        if any(v < -tol for v in p) or abs(total - 1) > tol or slack < -tol * span:
            raise SolverError("correlated equilibrium certificate failed (float): "
                              f"sum {total}, smallest incentive margin {slack}")
        slack = max(float(slack), 0.0)
    pay = []
    for i in range(game.n_players):
        table = np.asarray(game.payoffs[i]).reshape(-1)
        if exact:
            pay.append(sum((table[k] * v for k, v in enumerate(p) if v), Fraction(0)))
        else:
            pay.append(float(sum(float(table[k]) * v for k, v in enumerate(p))))
    dist = tuple((tuple(game.strategies[i][s] for i, s in enumerate(cell)), v)
                 for cell, v in zip(cells, p) if v > 0)
    return CorrelatedEquilibrium(game, dist, tuple(pay), coarse, words, value, exact, optimal,
                                 slack, tuple(notes))
