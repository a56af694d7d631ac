"""Attribute payoffs: describe outcomes by attributes and actors by weights.

Analysts think about outcomes in terms of attributes (territory held, whether the
fighting goes on, sanctions, international standing, domestic support), not in
utilities.  An :class:`AttributeModel` turns such descriptions into payoffs with a
linear (additive) value function per actor,

    u_i(outcome) = intercept_i + sum_a  w_{i,a} * outcome[a],

the standard form of multi-attribute value theory (Keeney and Raiffa 1976,
*Decisions with Multiple Objectives*, ch. 3 and 6, additive value functions).
Weights and values may be exact numbers (``"0.15"`` is 3/20), floats, or sympy
expressions in named parameters (``"kappa"``, ``"-c_R"``), so a weight can be a
parameter of the game and :func:`solver.analysis.sensitivity.sensitivity` can ask
which weight flips a choice and where.

Conventions: a weight an actor does not give is 0, and an attribute an outcome
does not mention has value 0.  Unknown attribute names and unknown players are
errors that name them.

Example (the diplomatic-victory game of ``docs/scenarios.md``)::

    model = AttributeModel(
        ("territory", "relief", "fighting"),
        {"West": {"territory": -1, "relief": "-lam", "fighting": "-c_W"},
         "Russia": {"territory": 1, "relief": "kappa", "fighting": "-c_R"}},
        intercepts={"West": 1})
    model.payoffs({"territory": "x", "relief": "s"})    # accepted offer: (1 - x - lam*s, x + kappa*s)
    model.payoffs({"territory": "p", "fighting": 1})    # war: (1 - p - c_W, p - c_R)
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from solver.errors import InvalidGameError
from solver.numbers import is_sympy, sympify_number, to_number

__all__ = ["AttributeModel"]


def _name_list(names, what: str) -> tuple[str, ...]:
    if isinstance(names, str):
        raise InvalidGameError(f"{what} must be a sequence of names, got the string {names!r}")
    names = tuple(names)
    for k, a in enumerate(names):
        if not isinstance(a, str) or not a.strip():
            raise InvalidGameError(f"{what}: name {k + 1} must be a non-empty string, got {a!r}")
    if len(set(names)) != len(names):
        dup = next(a for a in names if names.count(a) > 1)
        raise InvalidGameError(f"{what}: {dup!r} appears twice")
    return names


def _combine(terms) -> Any:
    """Sum of products, exact: a Fraction, a float, or a sympy expression in parameters."""
    import sympy
    total = sympy.Integer(0)
    for w, v in terms:
        total += sympify_number(w) * sympify_number(v)
    total = sympy.expand(total)
    return to_number(total, "payoff") if not total.free_symbols else total


@dataclass(frozen=True)
class AttributeModel:
    """Additive attribute payoffs: per actor, weights on outcome attributes and an intercept.

    Parameters
    ----------
    attributes : sequence of str
        The attribute names (any names: ``"territory"``, ``"sanctions"``, ...).
    weights : mapping
        ``{player: {attribute: weight}}``.  Weights are numbers, exact strings or
        expressions in parameters (``"kappa"``, ``"-c_R"``, a sympy expression).
        A weight not given is 0.  The players' order is the order of this mapping.
    intercepts : mapping, optional
        ``{player: value}``, a constant added to the player's payoff (default 0).

    Raises
    ------
    InvalidGameError
        For a weight on an attribute that is not in ``attributes`` (naming the
        player and the attribute), an intercept for a player without weights, or
        a bad number.
    """

    attributes: tuple[str, ...]
    weights: Mapping[str, Mapping[str, Any]]
    intercepts: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        attrs = _name_list(self.attributes, "attributes")
        if not attrs:
            raise InvalidGameError("an attribute model needs at least one attribute")
        if not isinstance(self.weights, Mapping) or not self.weights:
            raise InvalidGameError("weights must map each player to {attribute: weight}")
        players = _name_list(list(self.weights), "players of the weights")
        weights = {}
        for p in players:
            row = self.weights[p]
            if not isinstance(row, Mapping):
                raise InvalidGameError(f"weights of {p!r} must map attributes to weights, got {row!r}")
            for a in row:
                if a not in attrs:
                    raise InvalidGameError(f"weights of {p!r}: no attribute {a!r}; the attributes "
                                           f"are {list(attrs)}")
            weights[p] = {a: to_number(row[a], f"weight of {p!r} on {a!r}") if a in row
                          else Fraction(0) for a in attrs}
        intercepts = {}
        for p, v in dict(self.intercepts or {}).items():
            if p not in weights:
                raise InvalidGameError(f"intercept for {p!r}, who is not a player of the model; "
                                       f"players are {list(players)}")
            intercepts[p] = to_number(v, f"intercept of {p!r}")
        object.__setattr__(self, "attributes", attrs)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "intercepts", {p: intercepts.get(p, Fraction(0)) for p in players})

    def __hash__(self) -> int:
        return hash((self.attributes, tuple((p, tuple(w.items())) for p, w in self.weights.items()),
                     tuple(self.intercepts.items())))

    @property
    def players(self) -> tuple[str, ...]:
        """The actors, in the order of ``weights``."""
        return tuple(self.weights)

    @property
    def symbols(self) -> frozenset[str]:
        """Names of the parameters in the weights and intercepts."""
        out = set()
        for p in self.players:
            for x in list(self.weights[p].values()) + [self.intercepts[p]]:
                if is_sympy(x):
                    out |= {str(s) for s in x.free_symbols}
        return frozenset(out)

    def _order(self, players) -> tuple[str, ...]:
        if players is None:
            return self.players
        players = tuple(players)
        for p in players:
            if p not in self.weights:
                raise InvalidGameError(f"player {p!r} is not in the attribute model; its players "
                                       f"are {list(self.players)}")
        return players

    def _values(self, outcome: Mapping[str, Any], where: str) -> dict[str, Any]:
        if not isinstance(outcome, Mapping):
            raise InvalidGameError(f"{where}: an outcome maps attributes to values, got {outcome!r}")
        for a in outcome:
            if a not in self.attributes:
                raise InvalidGameError(f"{where}: no attribute {a!r}; the attributes are "
                                       f"{list(self.attributes)}")
        return {a: to_number(outcome[a], f"{where}, value of {a!r}") if a in outcome
                else Fraction(0) for a in self.attributes}

    def payoff(self, player: str, outcome: Mapping[str, Any]) -> Any:
        """One player's payoff from an outcome ``{attribute: value}``."""
        (p,) = self._order((player,))
        vals = self._values(outcome, "outcome")
        return _combine([(self.intercepts[p], 1)] + [(self.weights[p][a], vals[a])
                                                     for a in self.attributes])

    def payoffs(self, outcome: Mapping[str, Any], players: Sequence[str] | None = None,
                *, where: str = "outcome") -> tuple:
        """Each player's payoff from an outcome ``{attribute: value}``.

        Parameters
        ----------
        outcome : mapping
            Attribute values (attributes not mentioned are 0).
        players : sequence of str, optional
            The order of the payoffs (default :attr:`players`); pass a
            TreeBuilder's players to use the tuple as ``terminal(payoffs=...)``.

        Returns
        -------
        tuple
            Fractions, floats, or sympy expressions when weights or values are
            parameters.
        """
        order = self._order(players)
        vals = self._values(outcome, where)
        return tuple(_combine([(self.intercepts[p], 1)] + [(self.weights[p][a], vals[a])
                                                           for a in self.attributes])
                     for p in order)

    def normal_form(self, players: Sequence[str], strategies: Sequence[Sequence[str]],
                    outcomes: Mapping[tuple, Mapping[str, Any]], *, title: str = "",
                    parameters: Mapping[str, Any] | None = None):
        """A :class:`~solver.forms.normal.game.NormalFormGame` whose payoffs come from the
        outcome of each cell.

        Parameters
        ----------
        players : sequence of str
            The game's players (each must be in the model).
        strategies : sequence of sequences of str
            Each player's strategy labels.
        outcomes : mapping
            ``{(s_1, ..., s_n): {attribute: value}}`` for every cell, keyed by
            strategy labels (or indices).
        title, parameters
            As for the game (``parameters`` are the defaults of the symbols).

        Raises
        ------
        InvalidGameError
            For a missing cell, an unknown strategy, attribute or player.
        """
        from solver.forms.normal.game import NormalFormGame
        players = self._order(players)
        strategies = [tuple(s) for s in strategies]
        if len(strategies) != len(players):
            raise InvalidGameError(f"strategies: expected labels for {len(players)} players, "
                                   f"got {len(strategies)}")
        cells = {}
        for key, outcome in outcomes.items():
            key = tuple(key) if isinstance(key, (tuple, list)) else (key,)
            if len(key) != len(players):
                raise InvalidGameError(f"outcome cell {key!r}: expected one strategy per player "
                                       f"({len(players)})")
            idx = []
            for i, s in enumerate(key):
                if isinstance(s, (int, np.integer)) and not isinstance(s, bool) \
                        and 0 <= s < len(strategies[i]):
                    idx.append(int(s))
                elif s in strategies[i]:
                    idx.append(strategies[i].index(s))
                else:
                    raise InvalidGameError(f"outcome cell {key!r}: {players[i]!r} has no strategy "
                                           f"{s!r}; strategies are {list(strategies[i])}")
            if tuple(idx) in cells:
                raise InvalidGameError(f"outcome cell {key!r} is given twice")
            cells[tuple(idx)] = outcome
        shape = tuple(len(s) for s in strategies)
        arrays = [np.empty(shape, dtype=object) for _ in players]
        for idx in itertools.product(*(range(m) for m in shape)):
            name = "(" + ", ".join(strategies[i][k] for i, k in enumerate(idx)) + ")"
            if idx not in cells:
                raise InvalidGameError(f"no outcome for cell {name}")
            pay = self.payoffs(cells[idx], players, where=f"outcome of cell {name}")
            for i, u in enumerate(pay):
                arrays[i][idx] = u
        return NormalFormGame(arrays, players=players, strategies=strategies, title=title,
                              parameters=parameters)


# a callable type hint for documentation tools
Builder = Callable[[Mapping[str, Any]], Any]
