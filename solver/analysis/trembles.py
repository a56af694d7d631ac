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

__all__ = ["Poly", "poly_add", "poly_sub", "poly_mul", "poly_scale", "coefficient",
           "sign_near_zero", "Agents", "agents_of", "Linearisation", "AGENT_CELL_LIMIT"]

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


def poly_sub(p: Poly, q: Poly) -> Poly:
    """p - q."""
    return poly_add(p, poly_scale(q, -1))


def coefficient(p: Poly, m: int) -> Fraction:
    """The coefficient of eps^m in p."""
    return Fraction(p[m]) if m < len(p) else Fraction(0)


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

    def relevant(self, k: int) -> list[int]:
        """The other agents whose choices can change agent ``k``'s payoff differences:
        all of them in a normal form; in a tree, those with a node before or after one
        of ``k``'s (any other agent only scales ``k``'s payoffs by his total weight,
        which changes no sign)."""
        if self.form == "normal form":
            return [j for j in range(self.n) if j != k]
        game = self.game
        parent, gid = game.node_parent.tolist(), game.node_infoset.tolist()
        kind = game.node_kind.tolist()
        mine = {h for h in range(game.n_nodes) if kind[h] == DECISION and gid[h] == k}
        near = set()
        for h in mine:
            p = parent[h]
            while p >= 0:
                if kind[p] == DECISION:
                    near.add(gid[p])
                p = parent[p]
        inside = set(mine)
        for h in range(game.n_nodes):            # pre-order: a parent comes first
            if parent[h] in inside:
                inside.add(h)
                if kind[h] == DECISION:
                    near.add(gid[h])
        return sorted(near - {k})

    def weighted_value(self, k: int, a: int, weights: Sequence[Sequence[Poly]]) -> Poly:
        """The multilinear form ``sum_s u_k(a, s) prod_j weights[j][s_j]`` over the pure
        choices ``s`` of the other agents, for weights that need not sum to one.

        It is agent ``k``'s expected payoff against the normalised weights times the
        product of the other agents' total weights, so it is homogeneous of degree one
        in each agent's weights: scaling one agent's weights by a positive number
        scales every payoff difference of ``k`` by it and changes no sign.  (For a
        normal form this is :meth:`value`; in a tree an agent off the path to an
        outcome contributes his total weight.)

        Raises
        ------
        InvalidGameError
            For a tree in which a path crosses the same information set twice (absent-
            mindedness): the payoff is then not multilinear in that agent's weights.
        """
        if self.form == "normal form":
            return self._normal_value(k, a, weights)
        return self._tree_value(k, a, weights, weighted=True)

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

    def _tree_value(self, k, a, dists, weighted=False):
        game = self.game
        i = self.owner[k]
        kind = game.node_kind.tolist()
        parent, pact = game.node_parent.tolist(), game.node_parent_action.tolist()
        gid = game.node_infoset.tolist()
        pay = game.path_payoffs
        reach: list[Poly] = [(Fraction(1),)] + [()] * (game.n_nodes - 1)
        # the agents on the path to each node (a bit mask), for the weighted form
        seen = [0] * game.n_nodes
        by_mask: dict[int, Poly] = {}
        for h in range(1, game.n_nodes):
            p = parent[h]
            r = reach[p]
            if not r:
                continue
            seen[h] = seen[p]
            if kind[p] == CHANCE:
                r = poly_scale(r, Fraction(game.chance_probabilities(p)[pact[h]]))
            elif kind[p] == DECISION:
                g = gid[p]
                if weighted:
                    if seen[p] >> g & 1:
                        raise InvalidGameError(
                            f"{self.names[g]} moves twice on one path (absent-mindedness); "
                            "the payoffs are not multilinear in his trembles")
                    seen[h] = seen[p] | (1 << g)
                r = (r if pact[h] == a else ()) if g == k else poly_mul(r, dists[g][pact[h]])
            reach[h] = r
            if r and kind[h] == TERMINAL:
                m = seen[h]
                by_mask[m] = poly_add(by_mask.get(m, ()), poly_scale(r, Fraction(pay[h][i])))
        totals: list[Poly] = []
        if weighted:
            for j in range(self.n):
                t: Poly = ()
                for w in dists[j]:
                    t = poly_add(t, w)
                totals.append(t)
        total: Poly = ()
        for m, v in by_mask.items():
            if weighted:
                for j in range(self.n):
                    if j != k and not m >> j & 1:
                        v = poly_mul(v, totals[j])
            total = poly_add(total, v)
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


class Linearisation:
    """An equilibrium's payoff comparisons and their first-order terms.

    Attributes
    ----------
    agents : Agents
    sigma : list of list of Fraction
        Each agent's equilibrium distribution.
    coords : list of (int, int)
        Every (agent, action): the coordinates of a profile of weights.
    support : list of list of int
        The actions each agent uses.
    ties : list of (int, int, int)
        ``(k, a0, a)``: agent ``k``'s first used action ``a0`` and another used action
        ``a``, which must earn the same along any sequence of trembles.
    comps : list of (int, int, int)
        ``(k, a0, b)``: ``a0`` against an unused action ``b``.
    trembles : list of int
        The coordinates (indices into ``coords``) of unused actions.
    rows : dict
        For each tie and comparison ``(k, a, b)``, the derivative of the difference
        ``weighted_value(k, a) - weighted_value(k, b)`` with respect to each coordinate
        at the equilibrium (0 for ``k``'s own coordinates): the payoff difference when
        that one agent plays that one action and the others play ``sigma``.
    """

    def __init__(self, agents: Agents, sigma):
        self.agents, self.sigma = agents, sigma
        self.coords = [(j, b) for j in range(agents.n) for b in range(len(agents.actions[j]))]
        self.support = [[b for b, p in enumerate(s) if p] for s in sigma]
        self.base = [[(p,) if p else () for p in row] for row in sigma]
        self.ties, self.comps = [], []
        for k, S in enumerate(self.support):
            self.ties += [(k, S[0], a) for a in S[1:]]
            self.comps += [(k, S[0], b) for b in range(len(sigma[k])) if b not in S]
        self.trembles = [i for i, (j, b) in enumerate(self.coords) if not sigma[j][b]]
        self._monomials: dict = {}
        one = (Fraction(1),)
        jac = {}
        for k in range(agents.n):
            at_sigma = [coefficient(agents.weighted_value(k, a, self.base), 0)
                        for a in range(len(agents.actions[k]))]
            relevant = set(agents.relevant(k))
            for j in range(agents.n):
                if j == k:
                    continue
                for c in range(len(agents.actions[j])):
                    if j not in relevant:        # only scales k's payoffs
                        jac[(k, j, c)] = at_sigma
                        continue
                    dists = list(self.base)
                    dists[j] = [one if x == c else () for x in range(len(agents.actions[j]))]
                    jac[(k, j, c)] = [coefficient(agents.weighted_value(k, a, dists), 0)
                                      for a in range(len(agents.actions[k]))]
        self.rows = {item: [Fraction(0) if j == item[0] else
                            jac[(item[0], j, c)][item[1]] - jac[(item[0], j, c)][item[2]]
                            for j, c in self.coords] for item in self.ties + self.comps}

    def monomial(self, item, mono) -> Fraction:
        """The coefficient of the monomial ``prod v_jc`` over ``mono`` (a set of
        ``(j, c)``, at most one per agent, none of the item's owner) in the item's
        payoff difference, when each agent ``j`` plays ``sigma_j + sum_c v_jc e_c``:
        the difference with those agents at those pure actions and the rest at
        ``sigma`` (multilinearity)."""
        k, a, b = item
        key = (k, frozenset(mono))
        cache = self._monomials
        if key not in cache:
            dists = list(self.base)
            for j, c in mono:
                dists[j] = [(Fraction(1),) if x == c else () for x in range(len(self.sigma[j]))]
            cache[key] = [coefficient(self.agents.weighted_value(k, x, dists), 0)
                          for x in range(len(self.sigma[k]))]
        vals = cache[key]
        return vals[a] - vals[b]

    def differences(self, weights) -> dict:
        """Each tie's and comparison's payoff difference against ``weights`` (a
        polynomial per agent and action), as :meth:`Agents.weighted_value` gives it."""
        ag = self.agents
        vals = [[ag.weighted_value(k, a, weights) for a in range(len(ag.actions[k]))]
                for k in range(ag.n)]
        return {(k, a, b): poly_sub(vals[k][a], vals[k][b]) for k, a, b in self.ties + self.comps}
