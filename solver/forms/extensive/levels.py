"""Payoffs and best responses of behaviour profiles on large trees, level by level.

The passes of :mod:`solver.forms.extensive.behavior` visit one node per Python step.  On large trees
(see :func:`solver.forms.extensive.arrays.usable`) the same passes run on all
nodes of one depth at once with numpy:

* expected payoffs: reach probabilities from the root down (a child's reach is its
  parent's times the probability of the action), then the sum over terminals of
  reach times payoff;
* a player's best response when each of his information sets is one node: values
  from the leaves up, the maximum over the children at his own nodes and the
  probability-weighted sum elsewhere.

Exact probabilities become integers per depth as in :mod:`solver.forms.extensive.arrays`: at
depth *d* every edge probability is an integer over ``L[d]``, the least common
multiple of the denominators there.  Reach probabilities and values at one depth
are integers over one common denominator, reduced by the gcd of the level after
each step (:class:`solver.forms.extensive.arrays.LevelDenominators`), so they stay small.
Results are converted back to Fractions.
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from solver.forms.extensive.arrays import (
    INT64_SAFE,
    LevelDenominators,
    gather_children,
    scaled_payoffs,
    structure,
    usable,
)
from solver.forms.extensive.nodes import DECISION, TERMINAL

__all__ = ["edge_probabilities", "payoffs_levels", "best_response_levels", "profile_weights",
           "best_response_sweep"]


def edge_probabilities(game, flat_profile):
    """Per-depth integer edge weights for a behaviour profile (plus chance).

    Returns ``(L, w)``: ``w[e] = p(e) * L[depth of e's parent]`` for every edge
    *e* (a position in the flat child array), ``L`` per depth; floats (and
    ``L`` all 1) for float games or float probabilities.
    """
    st = structure(game)
    nums: list = []
    dens: list = []
    memo: dict = {}
    exact = game.exact
    for pr in flat_profile:
        got = memo.get(id(pr))
        if got is None:
            got = memo[id(pr)] = ([_num(p) for p in pr], [_den(p) for p in pr])
        nums.extend(got[0])
        dens.extend(got[1])
    if any(d == 0 for d in dens):          # a float probability: float weights
        exact = False
    parent_of_edge = np.repeat(np.arange(st.n), st.nch)
    action = np.arange(len(st.children)) - st.child_start[parent_of_edge]
    gid = game.node_infoset
    glen = np.array([len(pr) for pr in flat_profile], dtype=np.int64)
    gstart = np.zeros(len(glen), dtype=np.int64)
    if len(glen) > 1:
        np.cumsum(glen[:-1], out=gstart[1:])
    dec_edge = st.kind[parent_of_edge] == DECISION
    src = np.zeros(len(st.children), dtype=np.int64)
    src[dec_edge] = gstart[gid[parent_of_edge[dec_edge]]] + action[dec_edge]
    if not exact:
        fl = np.array([float(p) for pr in flat_profile for p in pr] or [0.0])
        w = np.zeros(len(st.children), dtype=float)
        w[dec_edge] = fl[src[dec_edge]]
        for h, pr in game.chance_table.items():
            s = int(st.child_start[h])
            w[s:s + len(pr)] = [float(p) for p in pr]
        return [1] * len(st.levels), w
    big = max(dens, default=1) >= INT64_SAFE or max((abs(x) for x in nums), default=0) >= INT64_SAFE
    num_e = np.zeros(len(st.children), dtype=object if big else np.int64)
    den_e = np.ones(len(st.children), dtype=object if big else np.int64)
    if nums:
        na = np.array(nums, dtype=num_e.dtype)
        da = np.array(dens, dtype=den_e.dtype)
        num_e[dec_edge] = na[src[dec_edge]]
        den_e[dec_edge] = da[src[dec_edge]]
    for h, pr in game.chance_table.items():
        s = int(st.child_start[h])
        for k, p in enumerate(pr):
            num_e[s + k] = p.numerator
            den_e[s + k] = p.denominator
    edepth = st.depth[parent_of_edge]
    L = [1] * len(st.levels)
    for d, q in set(zip(edepth[den_e != 1].tolist(), den_e[den_e != 1].tolist())):
        L[d] = math.lcm(L[d], int(q))
    if max(L) >= INT64_SAFE or big:
        num_e, den_e = num_e.astype(object), den_e.astype(object)
    mult = np.array(L, dtype=num_e.dtype)[edepth] if len(edepth) else num_e
    return L, num_e * (mult // den_e)


def _num(p):
    return p.numerator if isinstance(p, (Fraction, int)) else p


def _den(p):
    return p.denominator if isinstance(p, (Fraction, int)) else 0


def payoffs_levels(game, L, w) -> tuple:
    """Expected payoffs of every player (exact Fractions or floats)."""
    st = structure(game)
    P, den = scaled_payoffs(game)
    exact = w.dtype != float and game.exact
    dtype = (object if P.dtype == object or w.dtype == object else np.int64) if exact else float
    R = np.zeros(st.n, dtype=dtype)        # reach at depth d: integers over Q
    R[0] = 1
    Q = 1
    pmax = int(np.abs(P).max(initial=0)) if exact else 0
    total = [Fraction(0) if exact else 0.0] * game.n_players
    for d, lvl in enumerate(st.levels):
        k = st.kind[lvl]
        if exact and R.dtype != object and Q * max(L[d], pmax, 1) * 4 >= INT64_SAFE:
            R = R.astype(object)
        t = lvl[(k == TERMINAL) & (R[lvl] != 0)]
        if len(t):
            s = (P[t].astype(R.dtype) * R[t][:, None]).sum(axis=0)
            for i in range(game.n_players):
                total[i] += Fraction(int(s[i]), den * Q) if exact else float(s[i]) / den
        inner = lvl[k != TERMINAL]
        if len(inner):
            edges, starts, lens = gather_children(st, inner)
            kids = st.children[edges]
            R[kids] = np.repeat(R[inner], lens) * w[edges].astype(R.dtype)
            if exact:
                Q *= L[d]
                g = math.gcd(int(np.gcd.reduce(R[kids])), Q)
                if g > 1:
                    R[kids] //= g
                    Q //= g
    return tuple(total)


def best_response_levels(game, L, w, i: int):
    """Best response of player ``i`` whose information sets are single nodes: (value, choices)."""
    st = structure(game)
    P, den = scaled_payoffs(game)
    exact = w.dtype != float and game.exact
    dtype = (object if P.dtype == object or w.dtype == object else np.int64) if exact else float
    Pi = P[:, i].astype(dtype)
    pmax = int(np.abs(Pi).max(initial=0)) if exact else 0
    dens = LevelDenominators(den if exact else 1, L)
    V = np.zeros(st.n, dtype=dtype)
    best = np.full(st.n, -1, dtype=np.int64)
    for d in range(len(st.levels) - 1, -1, -1):
        lvl = st.levels[d]
        k = st.kind[lvl]
        qp, f, tm = dens.factors(d) if exact else (1, 1, 1)
        if exact:
            V = dens.widen(d, V, pmax, f)
            Pi = Pi.astype(V.dtype)
        t = lvl[k == TERMINAL]
        if len(t):
            V[t] = Pi[t] * tm if tm != 1 else Pi[t]
        own_mask = (k == DECISION) & (st.player[lvl] == i)
        own = lvl[own_mask]
        if len(own):
            edges, starts, lens = gather_children(st, own)
            vals = V[st.children[edges]]
            top = np.maximum.reduceat(vals, starts)
            hits = np.flatnonzero(vals == np.repeat(top, lens))
            best[own] = hits[np.searchsorted(hits, starts)] - starts
            m = f * L[d]
            V[own] = top * m if m != 1 else top
        other = lvl[(k != TERMINAL) & ~own_mask]
        if len(other):
            edges, starts, lens = gather_children(st, other)
            acc = np.add.reduceat(V[st.children[edges]] * w[edges].astype(V.dtype), starts)
            V[other] = acc * f if f != 1 else acc
        if exact:
            dens.reduce(d, V, lvl, qp)
    value = Fraction(int(V[0]), dens.Q[0]) if exact else float(V[0]) / den
    gid = game.node_infoset
    mine = np.flatnonzero((st.kind == DECISION) & (st.player == i))
    mine = mine[np.argsort(gid[mine], kind="stable")]
    return value, tuple(best[mine].tolist())


def profile_weights(game, profile):
    """Edge weights for the level passes on a large tree (None: use the scalar passes)."""
    if not usable(game):
        return None
    got = game.memo.get("level_weights")     # the last profile's weights
    if got is None or got[0] is not profile:
        flat = profile.flat()
        if game.exact and not all(isinstance(p, Fraction)
                                  for pr in {id(pr): pr for pr in flat}.values() for p in pr):
            return None
        got = game.memo["level_weights"] = (profile, edge_probabilities(game, flat))
    return got[1]


def best_response_sweep(game, move, i: int):
    """Best response when each of the player's information sets is a single node (scalar).

    Then his conditional expected payoff can be maximised node by node in one
    reverse pre-order sweep (children before parents), as in backward induction.
    """
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    kids = game.child_lists()
    pay = game.path_payoffs
    N = game.n_nodes
    V: list[Any] = [0] * N
    best_at: dict[int, int] = {}
    for h in range(N - 1, -1, -1):
        k = kind[h]
        if k == TERMINAL:
            V[h] = pay[h][i]
        elif k == DECISION and who[h] == i:
            ch = kids[h]
            b, v = 0, V[ch[0]]
            for a in range(1, len(ch)):
                if V[ch[a]] > v:
                    b, v = a, V[ch[a]]
            best_at[h] = b
            V[h] = v
        else:
            t = 0
            for p, c in zip(move[h], kids[h]):
                if p == 1:
                    t = V[c]
                    break
                if p:
                    t += p * V[c]
            V[h] = t
    value = Fraction(V[0]) if game.exact else float(V[0])
    return value, tuple(best_at[s.nodes[0]] for s in game.infosets[i])
