"""Payoffs against trembling profiles, as exact polynomials in the size of the tremble.

Selten (1975) asks that an equilibrium survive small mistakes: a profile ``sigma`` is
(trembling-hand) **perfect** when there is a sequence of totally mixed profiles
``sigma^k -> sigma`` such that every player's ``sigma_i`` is a best reply to every
``sigma^k`` (Selten 1975, *IJGT* 4; Myerson 1978; van Damme 1991, *Stability and
Perfection of Nash Equilibria*, sec. 2.2).  Along the straight path

    sigma^eps = (1 - eps) sigma + eps tau,        tau totally mixed off sigma's support,

every expected payoff is a polynomial in ``eps`` (payoffs are multilinear in the
players' mixtures), so "a best reply for all small ``eps > 0``" is decided exactly by
the sign of the lowest nonzero coefficient of each payoff difference.

The module works with **agents**: for a normal form the players; for a game tree its
information sets, each choosing for its player (the *agent normal form*, Selten 1975,
sec. 6, in which perfection of a tree is defined).  :func:`agents_of` makes them;
:meth:`Agents.value` is one agent's expected payoff from a pure action when every
other agent plays a distribution whose entries are polynomials.

Polynomials are tuples of exact coefficients, lowest degree first; ``()`` is zero.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import prod
from typing import Any, Sequence

import numpy as np

from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL

__all__ = ["Poly", "poly_add", "poly_mul", "poly_scale", "sign_near_zero", "Agents",
           "agents_of", "AGENT_CELL_LIMIT"]

#: A polynomial in eps: exact coefficients, lowest degree first (``()`` is 0).
Poly = tuple

#: Largest normal form (cells) whose payoffs :meth:`Agents.value` contracts.
AGENT_CELL_LIMIT = 200_000


# ---------------------------------------------------------------------- polynomials
def _trim(c: list) -> Poly:
    while c and c[-1] == 0:
        c.pop()
    return tuple(c)


def poly_add(p: Poly, q: Poly) -> Poly:
    """p + q."""
    if len(p) < len(q):
        p, q = q, p
    return _trim([a + (q[k] if k < len(q) else 0) for k, a in enumerate(p)])


def poly_mul(p: Poly, q: Poly) -> Poly:
    """p * q."""
    if not p or not q:
        return ()
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return _trim(out)


def poly_scale(p: Poly, c) -> Poly:
    """c * p for a number c."""
    return _trim([c * a for a in p]) if c else ()


def sign_near_zero(p: Poly) -> int:
    """The sign of ``p(eps)`` for every small enough ``eps > 0``: the sign of the lowest
    nonzero coefficient (0 for the zero polynomial).

    >>> sign_near_zero((0, -1, 5)), sign_near_zero(()), sign_near_zero((Fraction(1, 3),))
    (-1, 0, 1)
    """
    for c in p:
        if c:
            return 1 if c > 0 else -1
    return 0


# ---------------------------------------------------------------------- agents
@dataclass(frozen=True)
class Agents:
    """The agents of a game: who chooses, for which player, among which actions.

    Attributes
    ----------
    game : NormalFormGame or ExtensiveFormGame
    owner : tuple of int
        The player whose payoff each agent maximises.
    names : tuple of str
        Each agent in words (a player's name; for a tree, ``"Player 3 at 'P3'"``).
    actions : tuple of tuple of str
    form : str
        ``"normal form"`` or ``"agent form"`` (a tree's information sets as agents).
    """

    game: Any
    owner: tuple[int, ...]
    names: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    form: str

    @property
    def n(self) -> int:
        return len(self.owner)

    def value(self, k: int, a: int, dists: Sequence[Sequence[Poly]]) -> Poly:
        """Agent ``k``'s (his player's) expected payoff when he takes action ``a`` and
        every other agent ``j`` plays ``dists[j]`` (a polynomial per action)."""
        if self.form == "normal form":
            return self._normal_value(k, a, dists)
        return self._tree_value(k, a, dists)

    def _normal_value(self, k, a, dists):
        U = np.take(self.game.payoffs[self.owner[k]], a, axis=k)
        others = [dists[j] for j in range(self.n) if j != k]

        def contract(arr, rest):
            if not rest:
                return (Fraction(arr),) if arr != 0 else ()
            total: Poly = ()
            for s, w in enumerate(rest[0]):
                if w:
                    total = poly_add(total, poly_mul(w, contract(arr[s], rest[1:])))
            return total

        return contract(U, others)

    def _tree_value(self, k, a, dists):
        game = self.game
        i = self.owner[k]
        kind = game.node_kind.tolist()
        parent, pact = game.node_parent.tolist(), game.node_parent_action.tolist()
        gid = game.node_infoset.tolist()
        pay = game.path_payoffs
        reach: list[Poly] = [(Fraction(1),)] + [()] * (game.n_nodes - 1)
        total: Poly = ()
        for h in range(1, game.n_nodes):
            p = parent[h]
            r = reach[p]
            if not r:
                continue
            if kind[p] == CHANCE:
                r = poly_scale(r, Fraction(game.chance_probabilities(p)[pact[h]]))
            elif kind[p] == DECISION:
                g = gid[p]
                r = (r if pact[h] == a else ()) if g == k else poly_mul(r, dists[g][pact[h]])
            reach[h] = r
            if r and kind[h] == TERMINAL:
                total = poly_add(total, poly_scale(r, Fraction(pay[h][i])))
        return total


def agents_of(game, *, cell_limit: int = AGENT_CELL_LIMIT) -> Agents:
    """The agents of an exact, concrete game: its players (a normal form) or its
    information sets (a tree: the agent normal form).

    Raises
    ------
    InvalidGameError
        If the game has float payoffs or free parameters (the tests here are exact).
    SolverLimitError
        If a normal form has more than ``cell_limit`` cells.
    """
    game.require_concrete()
    if not game.exact:
        raise InvalidGameError("trembling-hand perfection is decided in exact arithmetic; "
                               "this game has float payoffs (give them as fractions)")
    if game.form == "normal":
        cells = prod(game.shape)
        if cells > cell_limit:
            raise SolverLimitError(f"trembling-hand perfection: the game has {cells} cells, "
                                   f"more than cell_limit={cell_limit}; raise cell_limit")
        return Agents(game, tuple(range(game.n_players)), tuple(game.players),
                      tuple(tuple(s) for s in game.strategies), "normal form")
    sets = [s for per in game.infosets for s in per]
    names = tuple(game.players[s.player] if s.label == game.players[s.player] else
                  f"{game.players[s.player]} at {s.label or s.index + 1!r}" for s in sets)
    return Agents(game, tuple(s.player for s in sets), names,
                  tuple(tuple(s.actions) for s in sets), "agent form")
