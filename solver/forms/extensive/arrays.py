"""Flat-array machinery for large game trees: structure, exact integer payoffs, level passes.

A game tree is stored in pre-order (a node before its children, children in action
order).  Algorithms that sweep a tree of 10^6 nodes from the leaves up cannot
afford a Python step per node, so they work **level by level**: all nodes at one
depth at once, with numpy.  This module computes what such passes need, once per
game (the game caches it):

* :class:`Structure` - the number of children, where each node's children start in
  the flat child array, every node's depth and the nodes of each depth;
* :func:`scaled_payoffs` - the path payoffs (sum of the outcomes from the root) as
  integers over one common denominator, or floats for float games;
* :func:`level_weights` - exact probabilities on edges as integers: at depth *d*
  every probability times ``L[d]``, the least common multiple of their denominators
  at that depth;
* :class:`LevelDenominators` - one common denominator per depth for the values of
  a bottom-up pass, kept small by dividing each level by the gcd of its numbers.

Integers use ``int64`` when a bound shows they cannot overflow, else numpy arrays of
Python integers (exact at any size, a few times slower).

It also makes a game's :class:`~solver.forms.extensive.nodes.Outcome` and
:class:`~solver.forms.extensive.nodes.InformationSet` objects on demand (:func:`make_outcomes`,
:func:`make_infosets`), so that a bulk-built tree of 10^6 nodes costs no Python
object per node until someone asks for one, and :func:`infoset_meta` gives the
labels and actions of the information sets without making them.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from solver.forms.extensive.nodes import TERMINAL, InformationSet, Outcome

__all__ = ["Structure", "structure", "usable", "MIN_NODES", "MIN_PER_LEVEL", "gather_children", "scaled_payoffs", "level_weights",
           "int_dtype", "INT64_SAFE", "LevelDenominators",
           "make_outcomes", "make_infosets", "infoset_meta"]

#: Integers up to this bound in absolute value are computed in int64.
INT64_SAFE = 2 ** 62


class Structure:
    """Shape of a game tree as numpy arrays (see the module docstring).

    Attributes
    ----------
    nch, child_start : ndarray of int64
        Number of children of each node and the position of its first child in
        ``children``.
    children : ndarray of int64
        The children of all nodes, node after node (pre-order), in action order.
    depth : ndarray of int64
        Number of edges from the root.
    levels : list of ndarray
        ``levels[d]``: the nodes at depth *d*, in pre-order.
    """

    __slots__ = ("n", "nch", "child_start", "children", "depth", "levels", "kind", "player")

    def __init__(self, kind, player, parent, nch, children):
        self.n = len(kind)
        self.kind = np.asarray(kind)
        self.player = np.asarray(player, dtype=np.int64)
        self.nch = np.asarray(nch, dtype=np.int64)
        self.child_start = np.zeros(self.n, dtype=np.int64)
        if self.n > 1:
            np.cumsum(self.nch[:-1], out=self.child_start[1:])
        self.children = np.asarray(children, dtype=np.int64)
        self.depth = node_depths(np.asarray(parent, dtype=np.int64))
        order = np.argsort(self.depth, kind="stable")
        cuts = np.searchsorted(self.depth[order], np.arange(int(self.depth.max()) + 2))
        self.levels = [order[cuts[d]:cuts[d + 1]] for d in range(len(cuts) - 1)]


def node_depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every node by pointer jumping: O(N log depth) array operations."""
    n = len(parent)
    dist = (parent >= 0).astype(np.int64)
    jump = np.where(parent >= 0, parent, 0)
    while n and jump.any():
        dist += dist[jump]          # dist[0] == 0: finished nodes add nothing
        jump = jump[jump]
    return dist


def structure(game) -> Structure:
    """The game's :class:`Structure` (cached on the game)."""
    st = game.memo.get("structure")
    if st is None:
        nch = np.fromiter((len(a) for a in game.action_labels), dtype=np.int64, count=game.n_nodes)
        st = game.memo["structure"] = Structure(
            game.node_kind, game.node_player, game.node_parent, nch, game.children_array)
    return st


def gather_children(st: Structure, nodes: np.ndarray):
    """Children of ``nodes`` as one flat array.

    Returns ``(edges, starts, lens)``: ``edges`` are positions in ``st.children``
    (so ``st.children[edges]`` are the children), ``starts[k]`` is where node
    ``nodes[k]``'s children begin in ``edges`` and ``lens[k]`` how many it has.
    """
    lens = st.nch[nodes]
    starts = np.cumsum(lens) - lens
    edges = np.repeat(st.child_start[nodes] - starts, lens) + np.arange(int(lens.sum()))
    return edges, starts, lens


def int_dtype(bound: int):
    """``np.int64`` if integers up to ``bound`` are safe there, else ``object``."""
    return np.int64 if bound < INT64_SAFE else object


def _lcm_of(values) -> int:
    out = 1
    for d in values:
        out = math.lcm(out, d)
    return out


def _as_int_matrix(rows: list, n: int, den: int):
    """Rows of Fractions/ints scaled by ``den`` as an integer matrix (int64 if safe)."""
    ints = [x.numerator * (den // x.denominator) for r in rows for x in r]
    bound = max((abs(x) for x in ints), default=0)
    a = np.array(ints, dtype=int_dtype(bound * 4)) if ints else np.zeros(0, dtype=np.int64)
    return a.reshape(len(rows), n)


def scaled_payoffs(game):
    """Path payoffs of every node (the sum of the outcomes from the root) as an array.

    Returns
    -------
    (P, den)
        For an exact game ``P`` is an integer array (N x players), int64 or object,
        and the payoffs are ``P / den``; for a float game ``P`` is float64 and
        ``den`` is 1.  Cached on the game.
    """
    got = game.memo.get("scaled_payoffs")
    if got is not None:
        return got
    n, N = game.n_players, game.n_nodes
    src = game.outcome_matrix
    if src is not None:                       # from_arrays: (nodes with outcomes, matrix, den)
        where, O, den = src
    else:
        outs = game.outcomes
        where = np.fromiter(outs, dtype=np.int64, count=len(outs))
        rows = [o.payoffs for o in outs.values()]
        if game.exact:
            den = _lcm_of({x.denominator for r in rows for x in r})
            O = _as_int_matrix(rows, n, den)
        else:
            O = np.array([[float(x) for x in r] for r in rows], dtype=float).reshape(len(rows), n)
            den = 1
    dtype = O.dtype
    if dtype != object and dtype != float:
        total = int(np.abs(O).sum(dtype=object)) if len(O) else 0
        if total >= INT64_SAFE:
            dtype = object
    P = np.zeros((N, n), dtype=dtype)
    if len(where):
        if bool((game.node_kind[where] == TERMINAL).all()):
            P[where] = O
        else:
            # prefix sums over pre-order of +O at a node and -O just after its subtree
            st = structure(game)
            end = _subtree_ends(st)
            diff = np.zeros((N + 1, n), dtype=dtype)
            diff[where] = O
            np.add.at(diff, end[where], -O)
            P = np.cumsum(diff[:N], axis=0, dtype=dtype)
    out = game.memo["scaled_payoffs"] = (P, den)
    return out


def _subtree_ends(st: Structure) -> np.ndarray:
    """One past the last node of each node's subtree (pre-order), by pointer jumping."""
    idx = np.arange(st.n, dtype=np.int64)
    last = idx.copy()
    inner = st.nch > 0
    last[inner] = st.children[st.child_start[inner] + st.nch[inner] - 1]
    while True:
        nxt = last[last]
        if np.array_equal(nxt, last):
            return last + 1
        last = nxt


def level_weights(st: Structure, probs: dict[int, tuple]):
    """Exact edge probabilities as integers per depth.

    Parameters
    ----------
    probs : dict
        ``{node: probabilities of its actions}`` (Fractions or ints) for the nodes
        whose edges carry probabilities (chance nodes, or every node moving by a
        behaviour strategy).

    Returns
    -------
    (L, weights)
        ``L[d]`` is the least common multiple of the denominators at depth *d*
        (1 where there are none); ``weights[e]`` is the probability of edge *e*
        (a position in ``st.children``) times ``L`` of its parent's depth, an
        integer (int64, or object if large); 0 on edges not in ``probs``.
    """
    D = len(st.levels)
    L = [1] * D
    depth = st.depth
    for h, pr in probs.items():
        d = int(depth[h])
        for p in pr:
            q = p.denominator if isinstance(p, Fraction) else 1
            if q != 1 and L[d] % q:
                L[d] = math.lcm(L[d], q)
    big = max(L) >= INT64_SAFE
    weights = np.zeros(len(st.children), dtype=object if big else np.int64)
    starts = st.child_start
    for h, pr in probs.items():
        m = L[int(depth[h])]
        s = int(starts[h])
        for k, p in enumerate(pr):
            if p:
                weights[s + k] = p.numerator * (m // p.denominator) if isinstance(p, Fraction) \
                    else int(p) * m
    return L, weights


class LevelDenominators:
    """Per-level common denominators of an exact bottom-up pass, kept small by gcds.

    Values at depth *d* are integers over ``Q[d]``.  Before level *d* is computed,
    :meth:`factors` gives ``Qp = lcm(Q[d+1], den) * L[d]`` (``den``: the payoffs'
    denominator, ``L[d]``: that of the edge probabilities at depth *d*) and the
    multipliers that bring children (``f``, then times ``L[d]`` for a copied
    child) and terminals (``t``) to it; after it, :meth:`reduce` divides the level
    by the gcd of its values and ``Qp``.  So ``Q[d]`` is the least common
    denominator of the values actually there (products of a few chance
    denominators), not the product over all depths, and int64 usually suffices.
    :meth:`widen` switches to Python integers when a bound says int64 could
    overflow.
    """

    def __init__(self, den: int, L: list[int]):
        self.den, self.L = den, L
        self.Q = [1] * (len(L) + 1)
        self.maxabs = [0] * (len(L) + 1)

    def factors(self, d: int):
        below = self.Q[d + 1]
        base = math.lcm(below, self.den)
        qp = base * self.L[d]
        return qp, base // below, qp // self.den

    def widen(self, d: int, W, P_max: int, f: int):
        """W as object if the level's numbers may leave int64."""
        bound = max(P_max * (self.factors(d)[2]), self.maxabs[d + 1] * f * self.L[d])
        if W.dtype != object and W.dtype != float and bound * 4 >= INT64_SAFE:
            return W.astype(object)
        return W

    def reduce(self, d: int, W, nodes, qp: int):
        """Divide the values of ``nodes`` (level d) by their gcd with ``qp``; record Q[d]."""
        if W.dtype == float:
            return
        vals = W[nodes]
        g = math.gcd(int(np.gcd.reduce(vals.ravel())) if vals.size else 0, qp)
        if g > 1:
            vals = vals // g
            W[nodes] = vals
        self.Q[d] = qp // g
        self.maxabs[d] = int(np.abs(vals).max()) if vals.size else 0


# ----------------------------------------------------------------------------- lazy parts
def make_outcomes(game) -> dict:
    """Outcomes by node of a bulk-built game, from its payoff matrix (made on first use)."""
    where, O, den = game.outcome_matrix
    exact = game.exact
    memo: dict = {}

    def num(x):
        y = memo.get(x)
        if y is None:
            y = memo[x] = (Fraction(int(x), den) if exact else float(x))
        return y
    return {h: Outcome("", tuple(map(num, row)))
            for h, row in zip(where.tolist(), O.tolist())}


def make_infosets(game) -> tuple:
    """Per player, the information sets of a game, from ``node_infoset`` (ids per
    player in order), with labels from ``_infoset_labels`` when the builder gave them."""
    gid = game.node_infoset
    dec = np.flatnonzero(gid >= 0)
    dec = dec[np.argsort(gid[dec], kind="stable")]          # members of each set, in pre-order
    cuts = np.flatnonzero(np.diff(gid[dec], prepend=-1)).tolist() + [len(dec)]
    labels = game.infoset_labels
    who = game.node_player[dec[cuts[:-1]]].tolist() if len(dec) else []
    members = dec.tolist()
    out: list[list[InformationSet]] = [[] for _ in game.players]
    new, acts = object.__new__, game.action_labels
    for g, i in enumerate(who):
        nodes = tuple(members[cuts[g]:cuts[g + 1]])
        s = new(InformationSet)
        s.__dict__.update(player=i, index=len(out[i]), label=labels[g] if labels else "",
                          actions=acts[nodes[0]], nodes=nodes)
        out[i].append(s)
    return tuple(tuple(p) for p in out)


def infoset_meta(game):
    """Per player, the labels and the action tuples of his information sets (cached).

    Read from the node arrays when the game has not made its InformationSet
    objects (large bulk-built trees), so that a profile costs no object per set.
    """
    got = game.memo.get("infoset_meta")
    if got is None:
        if game.infosets_made:
            sets = game.infosets
            got = (tuple(tuple(s.label for s in per) for per in sets),
                   tuple(tuple(s.actions for s in per) for per in sets))
        else:
            gid = game.node_infoset
            dec = np.flatnonzero(gid >= 0)
            nodes = np.empty(game.n_infosets, dtype=np.int64)
            nodes[gid[dec]] = dec                     # one member of each set
            who = game.node_player[nodes]
            cuts = np.searchsorted(who, np.arange(game.n_players + 1))
            acts = game.action_labels
            per_nodes = [nodes[cuts[i]:cuts[i + 1]].tolist() for i in range(game.n_players)]
            labels = game.infoset_labels
            got = (tuple(labels[cuts[i]:cuts[i + 1]] if labels else ("",) * len(hs)
                         for i, hs in enumerate(per_nodes)),
                   tuple(tuple(acts[h] for h in hs) for hs in per_nodes))
        game.memo["infoset_meta"] = got
    return got


#: Use the level passes when the tree has at least this many nodes ...
MIN_NODES = 2_000
#: ... and on average at least this many nodes per level (deep chains loop in Python).
MIN_PER_LEVEL = 32


def usable(game) -> bool:
    """Whether the level passes pay off for this tree (large and not too deep).

    Used by backward induction (:mod:`solver.algorithms.backward_levels`) and by the
    payoff passes of behaviour profiles (:mod:`solver.forms.extensive.levels`).
    """
    if game.n_nodes < MIN_NODES or game.parametric:
        return False
    st = structure(game)
    return len(st.levels) * MIN_PER_LEVEL <= st.n
