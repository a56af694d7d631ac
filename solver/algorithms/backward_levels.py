"""Backward induction on large trees, one depth level at a time with numpy.

The sweep of :func:`solver.algorithms.backward_induction.spe` visits the nodes from
the deepest level to the root; all nodes of one level are independent, so a level
is handled by array operations: at the decision nodes the mover's payoffs of all
children are gathered into one array, ``np.maximum.reduceat`` gives each node's
best value and the first child reaching it is the choice; a chance node's value is
``np.add.reduceat`` of its children's values times the probabilities.

Exact games stay exact without Fractions: payoffs are integers over a common
denominator ``den``, chance probabilities at depth *d* are integers over ``L[d]``
(the least common multiple of their denominators there), and the values of all
nodes at depth *d* are integers over one common denominator ``Q[d]``
(:class:`solver.forms.extensive.arrays.LevelDenominators`): a decision node copies its chosen
child's value, a chance node sums ``p * L[d]`` (an integer) times its children's
values, then the level is divided by the gcd of its numbers.  Children of a node
share their level's denominator, so comparing them compares integers and ties are
found exactly.  Numbers use int64 while a bound proves they fit, else Python
integers in object arrays.  Float games use float64 and the tolerance ``slack``.

Reference: Osborne and Rubinstein (1994), sec. 6.2 (backward induction); the level
scheme is the usual parallel evaluation of trees by depth.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.errors import SolverError
from solver.forms.extensive.arrays import (
    LevelDenominators,
    gather_children,
    level_weights,
    scaled_payoffs,
    structure,
)
from solver.forms.extensive.nodes import CHANCE, DECISION, TERMINAL

__all__ = ["LevelValues", "backward_levels", "check_levels"]

class LevelValues:
    """Values of every node of one backward pass; ``values[h]`` is node *h*'s payoff vector.

    Vectors are made on demand: ints or Fractions for exact games (as in the scalar
    pass), floats for float games.
    """

    def __init__(self, game, W, Q):
        self.game, self.W, self.Q = game, W, Q
        self.exact = game.exact
        self.depth = structure(game).depth
        self._memo: dict = {}

    def __len__(self) -> int:
        return len(self.W)

    def __getitem__(self, h: int) -> tuple:
        got = self._memo.get(h)
        if got is None:
            row = self.W[h].tolist()
            if not self.exact:
                got = tuple(float(x) for x in row)
            else:
                q = self.Q[int(self.depth[h])]
                got = tuple(_small(int(x), q) for x in row)
            self._memo[h] = got
        return got


def _small(x: int, q: int):
    if q == 1:
        return x
    f = Fraction(x, q)
    return f.numerator if f.denominator == 1 else f


def _weights(game, st):
    if game.exact:
        return level_weights(st, game.chance_table)
    wts = np.zeros(len(st.children), dtype=float)
    for h, pr in game.chance_table.items():
        s = int(st.child_start[h])
        wts[s:s + len(pr)] = [float(p) for p in pr]
    return [1] * len(st.levels), wts


def _pass(game, slack, given=None, deadline=None):
    """One bottom-up pass; chooses first-best actions, or checks the ``given`` ones."""
    st = structure(game)
    P, den = scaled_payoffs(game)
    L, wts = _weights(game, st)
    N, n = st.n, game.n_players
    dens = LevelDenominators(den, L)
    W = np.zeros((N, n), dtype=object if P.dtype == object or wts.dtype == object else P.dtype)
    choice = np.full(N, -1, dtype=np.int64) if given is None else given
    tied = np.zeros(N, dtype=bool)
    kind = st.kind
    # per player slack (float games: tol times the mover's own payoff range)
    if not isinstance(slack, (tuple, list, np.ndarray)):
        slack = (slack,) * n                       # one number for all players
    slacks = np.asarray(slack, dtype=float) if any(slack) else None
    for d in range(len(st.levels) - 1, -1, -1):
        if deadline is not None:
            deadline.check("backward induction, level by level")
        lvl = st.levels[d]
        k = kind[lvl]
        t = lvl[k == TERMINAL]
        qp, f, tm = dens.factors(d) if game.exact else (1, 1, 1)
        if game.exact:
            W = dens.widen(d, W, int(np.abs(P[t]).max()) if len(t) else 0, f)
        if len(t):
            W[t] = P[t] * tm if tm != 1 else P[t]
        dec = lvl[k == DECISION]
        if len(dec):
            edges, starts, lens = gather_children(st, dec)
            ch = st.children[edges]
            who = st.player[dec]
            vals = W[ch, np.repeat(who, lens)]
            best = np.maximum.reduceat(vals, starts)
            if given is None:
                ok = (vals >= np.repeat(best - slacks[who], lens) if slacks is not None
                      else vals == np.repeat(best, lens))
                hits = np.flatnonzero(ok)
                first = hits[np.searchsorted(hits, starts)]
                choice[dec] = first - starts
                tied[dec] = np.add.reduceat(ok.astype(np.int64), starts) > 1
                chosen = ch[first]
            else:
                chosen = st.children[st.child_start[dec] + given[dec]]
                worse = (best > W[chosen, who] + slacks[who] if slacks is not None
                         else best > W[chosen, who])
                if worse.any():
                    h = int(dec[np.flatnonzero(worse)[0]])
                    raise SolverError(f"certificate failed: at node {game.node_name(h)} "
                                      f"{game.players[int(st.player[h])]!r} would deviate")
            m = f * L[d]
            W[dec] = W[chosen] * m if m != 1 else W[chosen]
        c = lvl[k == CHANCE]
        if len(c):
            edges, starts, lens = gather_children(st, c)
            acc = np.add.reduceat(W[st.children[edges]] * wts[edges][:, None], starts, axis=0)
            W[c] = acc * f if f != 1 else acc
        if game.exact:
            dens.reduce(d, W, lvl, qp)
    return choice, tied, LevelValues(game, W, dens.Q)


def backward_levels(game, slack, deadline=None):
    """The first-best choices at every node, ties and values (exact, or floats with slack).

    Returns
    -------
    (choice, tied, values)
        ``choice[h]``: the first optimal action at decision node *h* (-1 elsewhere),
        ``tied[h]``: whether another action is optimal too, ``values``: a
        :class:`LevelValues`.
    """
    return _pass(game, slack, deadline=deadline)


def check_levels(game, choice: np.ndarray, slack, deadline=None) -> None:
    """Certificate: recompute values from the choices alone and check each choice is optimal.

    Raises SolverError naming the first node (deepest level first) where the mover
    would deviate (one-shot deviation principle).
    """
    _pass(game, slack, np.asarray(choice, dtype=np.int64), deadline)
