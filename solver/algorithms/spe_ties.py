"""All subgame-perfect equilibria when ties make several: counting and listing them.

Helpers of :func:`solver.algorithms.backward_induction.spe`.  Only subgames that
contain a tie (a decision node where several actions are optimal) have several
equilibria; the nodes at or above a tie are visited from the leaves up.  At each
such node the distinct payoff vectors of its subgame's equilibria are kept with
their multiplicity (for the count) or with the choices that give them (for the
list).  At a decision node of player *i*, action *a* with continuation value *v* is
optimal in ``cnt_a(v) * prod_b #{w in b : w_i <= v_i}`` combinations.

Reference: Osborne and Rubinstein (1994), sec. 6.2 (backward induction; ties).
"""
from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from solver.forms.extensive.nodes import DECISION, TERMINAL

__all__ = ["count_spe", "enumerate_spe", "ancestors", "argmax_set", "vec_add", "ChildLookup"]


def vec_add(acc, p, v):
    """``acc + p * v`` for payoff vectors (``acc`` unchanged when ``p`` is 0)."""
    return [a + p * x for a, x in zip(acc, v)] if p else acc


def ancestors(game, nodes) -> list[int]:
    """``nodes`` and all their ancestors, in reverse pre-order."""
    parent = game.node_parent
    mark = np.zeros(game.n_nodes, dtype=bool)
    cur = np.unique(nodes)
    while len(cur):
        cur = cur[~mark[cur]]
        mark[cur] = True
        cur = np.unique(parent[cur])
        cur = cur[cur >= 0]
    return np.flatnonzero(mark)[::-1].tolist()


class _Flags:
    """Membership in a node set, indexable like a list of booleans."""

    def __init__(self, nodes):
        self.s = set(nodes)

    def __getitem__(self, h):
        return h in self.s


class _Ones:
    """A mapping that is 1 where nothing was stored (counts of subgames without ties)."""

    def __init__(self):
        self.d = {}

    def __getitem__(self, h):
        return self.d.get(h, 1)

    def __setitem__(self, h, v):
        self.d[h] = v


class ChildLookup:
    """``kids[h]``: the children of node h, made on demand (no list for all nodes)."""

    def __init__(self, game):
        self.game = game

    def __getitem__(self, h):
        return self.game.children(h)


def argmax_set(vals, i, slack):
    """The actions whose values are within player *i*'s slack (``slack[i]``, or one
    number for all) of his best."""
    s = slack[i] if isinstance(slack, (tuple, list)) else slack
    best = max(v[i] for v in vals)
    return [a for a, v in enumerate(vals) if v[i] >= best - s]


def _tied_subgames(kind, kids, tied, nodes):
    """The flags "a tie at or below this node" and an iterator over the flagged inner
    nodes in reverse pre-order (children first), flagging them as it goes.

    ``nodes``: the nodes already known to have a tie at or below them, in reverse
    pre-order; None scans every node.
    """
    N = len(kind)
    multi: Any = [False] * N if nodes is None else _Flags(nodes)

    def walk():
        for h in (range(N - 1, -1, -1) if nodes is None else nodes):
            if kind[h] == TERMINAL:
                continue
            if nodes is None:
                multi[h] = tied[h] or any(multi[c] for c in kids[h])
            if multi[h]:
                yield h

    return multi, walk()


def count_spe(game, kind, who, kids, chance, value, tied, slack, limit, nodes=None,
              deadline=None):
    """Exact number of pure SPE (or a lower bound when the value sets grow too big).

    ``nodes``: the nodes with a tie at or below them, in reverse pre-order (all
    nodes are scanned when None)."""
    N = len(kind)
    cap = max(10 * limit, 10_000)
    multi, order = _tied_subgames(kind, kids, tied, nodes)
    dist: Any = [None] * N if nodes is None else {}    # value vector -> number of SPE
    counts: Any = [1] * N if nodes is None else _Ones()
    exact = True
    for h in order:
        if deadline is not None:
            deadline.tick("counting the tied equilibria")
        ch = kids[h]
        ds = [dist[c] if multi[c] else {value[c]: 1} for c in ch]
        if any(d is None for d in ds):
            counts[h] = _product(counts[c] for c in ch)   # each combination gives >= 1 SPE
            exact = False
            continue
        if kind[h] == DECISION:
            dist[h] = new = _decision_counts(ds, who[h], slack[who[h]])
            counts[h] = sum(new.values())
        else:
            counts[h] = _product(sum(d.values()) for d in ds)
            new = {tuple(0 for _ in value[h]): 1}
            for p, d in zip(chance[h], ds):
                nxt: dict = {}
                for acc, c1 in new.items():
                    for v, c2 in d.items():
                        key = tuple(x + p * y for x, y in zip(acc, v)) if p else acc
                        nxt[key] = nxt.get(key, 0) + c1 * c2
                new = nxt
                if len(new) > cap:
                    break
            dist[h] = new if len(new) <= cap else None
    return counts[0], exact


def _decision_counts(ds: list, i: int, s) -> dict:
    """At a decision node of player *i* whose children's equilibria have the value
    distributions ``ds``: the node's distribution.  Action *a* with value *v* is
    optimal in ``cnt_a(v) * prod_{b != a} #{w in b : w_i <= v_i + s}`` combinations;
    for each distinct mover's value the product over the other actions comes from
    prefix and suffix products, so a node with k actions costs O(k) per value, not
    O(k^2)."""
    new: dict = {}
    by_value: dict = {}
    for a, da in enumerate(ds):
        for v, cnt in da.items():
            by_value.setdefault(v[i], []).append((a, v, cnt))
    k = len(ds)
    for x, items in by_value.items():
        below = [sum(c for w, c in db.items() if w[i] <= x + s) for db in ds]
        prefix = [1] * (k + 1)
        for b in range(k):
            prefix[b + 1] = prefix[b] * below[b]
        suffix = [1] * (k + 1)
        for b in range(k - 1, -1, -1):
            suffix[b] = suffix[b + 1] * below[b]
        for a, v, cnt in items:
            ways = cnt * prefix[a] * suffix[a + 1]
            if ways:
                new[v] = new.get(v, 0) + ways
    return new


def _product(xs):
    out = 1
    for x in xs:
        out *= x
    return out


def enumerate_spe(kind, who, kids, chance, value, tied, slack, default, nodes=None,
                  deadline=None):
    """All SPE as lists of (node, action) choices that differ from ``default``'s nodes.

    Only subgames that contain a tie have several equilibria; the others keep the
    default choice.  Each list is bounded by the number of SPE of the whole game.

    The choices of a subgame's equilibrium are kept as a tree of shared parts, ``(parts
    of the children, own choices)``, not as one tuple copied at every ancestor (which
    made a single tie at the bottom of a chain 30,000 deep quadratic); they are
    flattened once, at the root.
    """
    N = len(kind)
    multi, order = _tied_subgames(kind, kids, tied, nodes)
    sols: Any = [None] * N if nodes is None else {}   # list of (value, choices) for multi nodes
    for h in order:
        ch = kids[h]
        lists = [sols[c] if multi[c] else [(value[c], ())] for c in ch]
        out = []
        for combo in itertools.product(*lists):
            if deadline is not None:
                deadline.tick("listing the tied equilibria")
            below = tuple(cs for _, cs in combo if cs)
            if kind[h] == DECISION:
                vals = [v for v, _ in combo]
                for a in argmax_set(vals, who[h], slack):
                    out.append((vals[a], (below, ((h, a),))))
            else:
                acc = [0] * len(value[h])
                for p, (v, _) in zip(chance[h], combo):
                    acc = vec_add(acc, p, v)
                out.append((tuple(acc), (below, ()) if below else ()))
        sols[h] = out
    return [_flatten(cs) for _, cs in sols[0]] if multi[0] else [()]


def _flatten(parts) -> tuple:
    """The (node, action) choices held in a tree of parts (iteratively)."""
    out, stack = [], [parts]
    while stack:
        p = stack.pop()
        if p:
            below, own = p
            out.extend(own)
            stack.extend(below)
    return tuple(out)
