"""Build a large game tree at once from flat arrays (:meth:`ExtensiveFormGame.from_arrays`).

:class:`~solver.forms.extensive.builder.TreeBuilder` checks every node as it is added, which
costs a few microseconds of Python per node.  For trees of 10^6 nodes and more
(benchmarks, generated games) :func:`from_arrays` takes the whole tree as numpy
arrays, checks it with array operations and renumbers it in pre-order: parent
pointers are turned into subtree sizes and pre-order positions level by level
(all nodes of one depth at once).  Payoffs stay in an integer (or float) matrix
until an algorithm asks for :class:`~solver.forms.extensive.nodes.Outcome` objects.
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from solver.errors import InvalidGameError
from solver.forms.extensive.arrays import INT64_SAFE, node_depths
from solver.forms.extensive.nodes import (
    CHANCE,
    DECISION,
    TERMINAL,
    InformationSet,
    check_probabilities,
    to_probability,
)
from solver.numbers import to_number

__all__ = ["tree_parts", "preorder_positions", "group_children"]


def _default_actions(k: int, memo: dict) -> tuple[str, ...]:
    t = memo.get(k)
    if t is None:
        t = memo[k] = tuple(str(a + 1) for a in range(k))
    return t


def _payoff_matrix(payoffs, n: int, terminals: np.ndarray, N: int):
    """(exact, matrix, den): the terminals' payoffs as integers over ``den`` or as floats."""
    P = np.asarray(payoffs)
    if P.ndim != 2 or P.shape[1] != n or P.shape[0] not in (N, len(terminals)):
        raise InvalidGameError(f"payoffs must have shape ({N}, {n}) (a row per node) or "
                               f"({len(terminals)}, {n}) (a row per terminal node), got {P.shape}")
    if P.shape[0] == N:
        P = P[terminals]
    if P.dtype.kind in "iu":
        big = int(np.abs(P).max(initial=0))
        return True, P.astype(np.int64 if big < INT64_SAFE // 4 else object), 1
    if P.dtype.kind == "f":
        if not np.isfinite(P).all():
            k = int(np.flatnonzero(~np.isfinite(P).all(axis=1))[0])
            raise InvalidGameError(f"payoffs of terminal node {int(terminals[k])} are not finite")
        return False, P.astype(float), 1
    vals = [to_number(x, f"payoff of player {j + 1} at node {int(terminals[k])}")
            for k, row in enumerate(P.tolist()) for j, x in enumerate(row)]
    if any(isinstance(x, float) for x in vals):
        return False, np.array([float(x) for x in vals], dtype=float).reshape(-1, n), 1
    if not all(isinstance(x, Fraction) for x in vals):
        raise InvalidGameError("from_arrays takes numbers; build games with parameters with "
                               "TreeBuilder")
    den = 1
    for x in vals:
        if den % x.denominator:
            den = math.lcm(den, x.denominator)
    ints = [x.numerator * (den // x.denominator) for x in vals]
    big = max((abs(x) for x in ints), default=0)
    M = np.array(ints, dtype=np.int64 if big < INT64_SAFE // 4 else object).reshape(-1, n)
    return True, M, den


def tree_parts(players: Sequence[str], parent, kind, player, payoffs, *,
               chance: Mapping[int, Sequence[Any]] | None = None,
               actions: Sequence[Sequence[str]] | None = None, infoset=None,
               title: str = "", comment: str = "") -> dict[str, Any]:
    """The parts of a game tree given by flat arrays, checked and renumbered in pre-order.

    :meth:`ExtensiveFormGame.from_arrays <solver.forms.extensive.game.ExtensiveFormGame.from_arrays>`
    assembles the game from them (``ExtensiveFormGame.from_parts(**parts)``).

    Parameters
    ----------
    players : sequence of str
    parent : array of int, length N
        ``parent[h]`` is the parent of node *h*; the root is node 0 with parent -1
        and every other parent comes before its child (``0 <= parent[h] < h``), as
        in a breadth-first or pre-order listing.  Siblings keep their order: the
        *k*-th child of a node (by index) is reached by its *k*-th action.
    kind : array of int
        :data:`TERMINAL`, :data:`DECISION` or :data:`CHANCE` per node.
    player : array of int
        The mover (0-based) at decision nodes; ignored elsewhere.
    payoffs : array, shape (N, n) or (number of terminals, n)
        Payoffs of the terminal nodes (rows of other nodes are ignored when one
        row per node is given).  Integer arrays are exact; float arrays make a
        float game; object arrays may hold ints, Fractions or exact strings.
    chance : mapping, optional
        ``{node: probabilities of its children}`` for every chance node (exact).
    actions : sequence of sequences of str, optional
        Action labels per node; by default ``"1", "2", ...``.
    infoset : array of int, optional
        Decision nodes with the same non-negative key form one information set
        (same player, same number of actions); -1 (the default) makes a node its
        own set.  Sets are numbered per player by first appearance in pre-order.

    Returns
    -------
    dict
        The keyword arguments of ``ExtensiveFormGame.from_parts``.  Node *h* of the
        input is node ``order[h]`` of the game, where ``order`` is the pre-order
        renumbering (``game.node_parent`` etc. are in pre-order).

    Raises
    ------
    InvalidGameError
        Naming the node (input index) for a bad parent, kind, player, child count,
        chance probabilities, or payoff.
    """
    players = tuple(players)
    if any(not isinstance(p, str) or not p.strip() for p in players) \
            or len(set(players)) != len(players):
        raise InvalidGameError(f"players must be distinct non-empty names, got {list(players)}")
    n = len(players)
    par = np.asarray(parent, dtype=np.int64).ravel()
    N = len(par)
    knd = np.asarray(kind, dtype=np.int64).ravel()
    who = np.asarray(player, dtype=np.int64).ravel()
    for name, a in (("kind", knd), ("player", who)):
        if len(a) != N:
            raise InvalidGameError(f"{name} has {len(a)} entries; parent has {N}")
    if N == 0 or par[0] != -1:
        raise InvalidGameError("node 0 must be the root (parent -1)")
    idx = np.arange(N)
    bad = np.flatnonzero((par[1:] < 0) | (par[1:] >= idx[1:])) + 1
    if len(bad):
        h = int(bad[0])
        raise InvalidGameError(f"node {h}: parent {int(par[h])} must be a node before it "
                               f"(0 <= parent < {h})")
    bad = np.flatnonzero((knd != TERMINAL) & (knd != DECISION) & (knd != CHANCE))
    if len(bad):
        raise InvalidGameError(f"node {int(bad[0])}: kind {int(knd[bad[0]])} is not TERMINAL (0), "
                               "DECISION (1) or CHANCE (2)")
    nch = np.bincount(par[1:], minlength=N)
    for mask, what in (((knd == TERMINAL) & (nch > 0), "a terminal node has children"),
                       ((knd != TERMINAL) & (nch == 0), "a decision or chance node has no children")):
        bad = np.flatnonzero(mask)
        if len(bad):
            raise InvalidGameError(f"node {int(bad[0])}: {what}")
    dec = knd == DECISION
    bad = np.flatnonzero(dec & ((who < 0) | (who >= n)))
    if len(bad):
        raise InvalidGameError(f"node {int(bad[0])}: player {int(who[bad[0]])} does not exist; "
                               f"players are 0..{n - 1}")
    who = np.where(dec, who, -1)

    rank = np.empty(N, dtype=np.int64)                       # sibling rank = action index
    rank[0] = -1
    kids = np.argsort(par[1:], kind="stable") + 1            # children grouped by parent
    first = np.zeros(N, dtype=np.int64)
    np.cumsum(nch[:-1], out=first[1:])
    rank[kids] = np.arange(N - 1) - first[par[kids]]
    pos = preorder_positions(par, rank, nch)
    inv = np.empty(N, dtype=np.int64)
    inv[pos] = idx
    kind_p, who_p = knd[inv], who[inv]
    parent_p = np.where(par[inv] >= 0, pos[np.maximum(par[inv], 0)], -1)
    pact_p = rank[inv]
    nch_p = nch[inv]
    children_p = group_children(parent_p, pact_p, nch_p)

    # actions and chance probabilities
    memo: dict = {}
    nch_list = nch_p.tolist()
    if actions is None:
        acts = tuple(_default_actions(k, memo) for k in nch_list)
    else:
        if len(actions) != N:
            raise InvalidGameError(f"actions has {len(actions)} entries; there are {N} nodes")
        acts_in = []
        for h in range(N):
            a = tuple(actions[h])
            if len(a) != nch[h] or not all(isinstance(x, str) for x in a):
                raise InvalidGameError(f"node {h}: give {int(nch[h])} action labels (strings), "
                                       f"got {list(a)}")
            acts_in.append(a)
        acts = tuple(acts_in[o] for o in inv.tolist())
    chance = dict(chance or {})
    chance_nodes = np.flatnonzero(knd == CHANCE).tolist()
    missing = [h for h in chance_nodes if h not in chance]
    if missing:
        raise InvalidGameError(f"node {missing[0]}: a chance node needs its probabilities "
                               "(chance={node: (p1, p2, ...)})")
    pos_l = pos.tolist()
    chance_p = {}
    pmemo: dict = {}
    for h in chance_nodes:
        pr = chance[h]
        key = tuple(pr) if not isinstance(pr, np.ndarray) else tuple(pr.tolist())
        got = pmemo.get(key)
        if got is None:
            where = f"node {h}"
            got = tuple(to_probability(p, f"{where}, probability {k + 1}") for k, p in enumerate(key))
            check_probabilities(got, where)
            pmemo[key] = got
        if len(got) != nch[h]:
            raise InvalidGameError(f"node {h}: {len(got)} probabilities for {int(nch[h])} children")
        chance_p[pos_l[h]] = got
    extra = sorted(set(chance) - set(chance_nodes))
    if extra:
        raise InvalidGameError(f"node {extra[0]}: probabilities given but it is not a chance node")

    # payoffs of the terminals (in pre-order)
    term_in = np.flatnonzero(knd == TERMINAL)
    exact, M, den = _payoff_matrix(payoffs, n, term_in, N)
    where = pos[term_in]
    o = np.argsort(where)
    where, M = where[o], M[o]

    # information sets: singletons unless keys are given
    gid = np.full(N, -1, dtype=np.int64)
    infosets = None
    if infoset is None:
        decs = np.flatnonzero(kind_p == DECISION)
        by_player = decs[np.argsort(who_p[decs], kind="stable")]
        gid[by_player] = np.arange(len(decs))
    else:
        infosets = _grouped_infosets(np.asarray(infoset, dtype=np.int64)[inv], kind_p, who_p, acts,
                                     inv, gid, n)
    return dict(players=players, title=str(title), comment=str(comment), kind=kind_p,
                player=who_p, infoset=gid, parent=parent_p, paction=pact_p, children=children_p,
                labels=("",) * N, actions=acts, chance=chance_p, outcomes=None,
                infosets=infosets, parameters=None, exact=exact, symbols=frozenset(),
                outcome_matrix=(where, M, den))


def preorder_positions(par: np.ndarray, rank: np.ndarray, nch: np.ndarray) -> np.ndarray:
    """Pre-order position of every node of a tree given by parent pointers.

    ``par[0] == -1`` and ``par[h] < h`` otherwise; ``rank[h]`` orders siblings
    (the action leading to *h*); ``nch[h]`` counts *h*'s children.  Subtree sizes
    are summed bottom-up and positions (parent's + 1 + sizes of earlier siblings)
    assigned top-down, one depth at a time; deep narrow trees use plain loops.
    """
    N = len(par)
    depth = node_depths(par)
    D = int(depth.max()) + 1
    kids = np.lexsort((rank[1:], par[1:])) + 1              # by parent, then action
    first = np.zeros(N, dtype=np.int64)                      # where each node's children start
    np.cumsum(nch[:-1], out=first[1:])
    deep = D * 64 > N
    if deep:
        pl, sz = par.tolist(), [1] * N
        for h in range(N - 1, 0, -1):
            sz[pl[h]] += sz[h]
        size = np.array(sz, dtype=np.int64)
    else:
        size = np.ones(N, dtype=np.int64)
        order = np.argsort(depth, kind="stable")
        cuts = np.searchsorted(depth[order], np.arange(D + 1))
        for d in range(D - 1, 0, -1):
            lvl = order[cuts[d]:cuts[d + 1]]
            np.add.at(size, par[lvl], size[lvl])
    csz = size[kids]
    before = np.cumsum(csz) - csz
    off = np.zeros(N, dtype=np.int64)
    off[kids] = 1 + before - before[first[par[kids]]]
    if deep:
        ol, pos_l = off.tolist(), [0] * N
        for h in range(1, N):
            pos_l[h] = pos_l[pl[h]] + ol[h]
        return np.array(pos_l, dtype=np.int64)
    pos = np.zeros(N, dtype=np.int64)
    for d in range(1, D):
        lvl = order[cuts[d]:cuts[d + 1]]
        pos[lvl] = pos[par[lvl]] + off[lvl]
    return pos


def group_children(parent_p: np.ndarray, pact_p: np.ndarray, nch_p: np.ndarray) -> np.ndarray:
    """The flat child array of a pre-order tree: node after node, children in action order."""
    N = len(parent_p)
    cstart = np.zeros(N, dtype=np.int64)
    np.cumsum(nch_p[:-1], out=cstart[1:])
    c = np.arange(1, N)
    out = np.empty(N - 1, dtype=np.int64)
    out[cstart[parent_p[c]] + pact_p[c]] = c
    return out


def _grouped_infosets(keys, kind_p, who_p, acts, inv, gid, n):
    """Information sets from per-node keys (pre-order); fills ``gid``; returns the sets."""
    members: dict[int, list[int]] = {}
    solo = 0
    for h in np.flatnonzero(kind_p == DECISION).tolist():
        k = int(keys[h])
        if k < 0:
            members[("solo", solo)] = [h]     # type: ignore[index]
            solo += 1
        else:
            members.setdefault(k, []).append(h)
    per: list[list[InformationSet]] = [[] for _ in range(n)]
    for key, hs in members.items():
        i = int(who_p[hs[0]])
        for h in hs[1:]:
            if int(who_p[h]) != i or acts[h] != acts[hs[0]]:
                raise InvalidGameError(
                    f"node {int(inv[h])}: information set {key} has player {i + 1} with actions "
                    f"{list(acts[hs[0]])} at node {int(inv[hs[0]])}; nodes of one set need the "
                    "same player and actions")
        per[i].append(InformationSet(i, len(per[i]), "", acts[hs[0]], tuple(hs)))
    g = 0
    for sets in per:
        for s in sets:
            gid[list(s.nodes)] = g
            g += 1
    return tuple(tuple(p) for p in per)
