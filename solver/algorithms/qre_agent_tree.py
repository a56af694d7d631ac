"""The arrays of a game tree that the agent logit equations need, built once.

The agent QRE (:mod:`solver.algorithms.qre_agent`) works with log-probabilities: the
log-probability of reaching a node is the sum of the log-probabilities of the moves
on its path (its *realization weight* in the sequence form, in logarithms).  What the
equations and their Jacobian need about the tree is therefore which moves lie on the
path to which node, kept as flat index arrays (no Python object per node):

* ``src``: for every node but the root, the move that leads to it: a behaviour
  action (an index below ``size``) or a chance branch (``size`` and above);
* the *path incidence* ``(path_node, path_action)``: every pair of a node and a
  player's action on the path from the root to it (its number of entries is the sum
  of the nodes' depths in player moves);
* ``(pair_action, pair_terminal)``: the same pairs for terminal nodes, the terms of
  the action values;
* ``(set_action, set_node)``: every pair of an action and a node of its information
  set, the terms of the beliefs.

``derivatives``, the number of terms one Jacobian sums (each pair above times the
player moves on its node's path), is computed first, so that a tree over the limit
is refused before anything large is allocated.

Sources: the sequence form and realization weights, von Stengel (1996, "Efficient
computation of behavior strategies", GEB 14, 220-246); the agent QRE, McKelvey and
Palfrey (1998).
"""
from __future__ import annotations

import math

import numpy as np

from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.arrays import infoset_meta, scaled_payoffs, structure
from solver.forms.extensive.game import DECISION, TERMINAL

__all__ = ["AgentTree"]


class AgentTree:
    """Flat arrays of a tree for its agent logit equations (see the module's docstring).

    Unknowns are the actions of all information sets in global order (players in
    order, then their sets, then the actions).
    """

    def __init__(self, game, max_derivatives: int | None = None):
        kind = np.asarray(game.node_kind)
        parent = np.asarray(game.node_parent, dtype=np.int64)
        paction = np.asarray(game.node_parent_action, dtype=np.int64)
        gid = np.asarray(game.node_infoset, dtype=np.int64)
        nn = self.n_nodes = game.n_nodes
        n = self.n = game.n_players
        _, actions = infoset_meta(game)
        sizes = [len(a) for per in actions for a in per]
        if not sizes:
            raise InvalidGameError("the tree has no information sets: nobody chooses anything")
        self.n_sets = len(sizes)
        self.sizes = np.array(sizes, dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])
        N = self.size = int(self.offsets[-1])
        self.set_player = np.repeat(np.arange(n), [len(per) for per in actions])
        self.set_of_action = np.repeat(np.arange(self.n_sets), self.sizes)
        self.player_of_action = self.set_player[self.set_of_action]
        self.first = self.offsets[self.set_of_action]                 # per action
        self.rest = np.flatnonzero(np.arange(N) != self.first)
        self.base = self.first[self.rest]
        # the move into each node: a behaviour action, or a chance branch after them
        chance_nodes = np.array(sorted(game.chance_table), dtype=np.int64)
        chance_logs: list[float] = []
        chance_start = np.zeros(nn, dtype=np.int64)
        for h in chance_nodes.tolist():
            chance_start[h] = N + len(chance_logs)
            chance_logs.extend(math.log(float(p)) if p > 0 else -math.inf
                               for p in game.chance_table[h])
        self.chance_logs = np.array(chance_logs, dtype=float)
        src = np.full(nn, -1, dtype=np.int64)
        h = np.flatnonzero(parent >= 0)
        p = parent[h]
        by_player = kind[p] == DECISION
        src[h] = np.where(by_player, self.offsets[np.maximum(gid[p], 0)] + paction[h],
                          chance_start[p] + paction[h])
        self.src, self.parent = src, parent
        st = structure(game)
        self.levels = list(st.levels[1:])
        # the player moves on each node's path, and the size of one Jacobian
        depth = np.zeros(nn, dtype=np.int64)
        for lv in self.levels:
            depth[lv] = depth[parent[lv]] + (src[lv] < N)
        self.derivatives = int((depth[kind == TERMINAL] ** 2).sum()
                               + (depth * st.nch)[kind == DECISION].sum())
        if max_derivatives is not None and self.derivatives > max_derivatives:
            raise SolverLimitError(
                f"agent QRE: the tree has {nn} nodes and {N} actions; one Jacobian sums "
                f"{self.derivatives} derivative terms, more than max_derivatives="
                f"{max_derivatives}; pass max_derivatives={self.derivatives} to solver.qre, "
                "qre_path or fit_qre (time and memory per step grow with it)")
        # path incidence: walk every node up to the root at once
        hs, bs = [], []
        nodes = np.arange(nn)
        cur = nodes.copy()
        alive = parent[cur] >= 0
        while alive.any():
            h, c = nodes[alive], cur[alive]
            b = src[c]
            mine = b < N
            hs.append(h[mine])
            bs.append(b[mine])
            cur[alive] = parent[c]
            alive = parent[cur] >= 0
        self.path_node = np.concatenate(hs) if hs else np.zeros(0, dtype=np.int64)
        self.path_action = np.concatenate(bs) if bs else np.zeros(0, dtype=np.int64)
        # payoffs of the terminal nodes, divided by their spread
        self.terminal = np.flatnonzero(kind == TERMINAL)
        P, den = scaled_payoffs(game)
        if P.dtype == object:
            pay = np.array([[float(v) / den for v in row] for row in P[self.terminal]],
                           dtype=float).reshape(len(self.terminal), n)
        else:
            pay = P[self.terminal].astype(float) / float(den)
        spread = float(pay.max() - pay.min()) if pay.size else 0.0
        self.scale = spread if spread > 0 else 1.0
        self.terminal_pay = pay / self.scale
        node_pay = np.zeros((nn, n))
        node_pay[self.terminal] = self.terminal_pay
        at_terminal = kind[self.path_node] == TERMINAL
        self.pair_action = self.path_action[at_terminal]
        self.pair_terminal = self.path_node[at_terminal]
        self.pair_payoff = node_pay[self.pair_terminal, self.player_of_action[self.pair_action]]
        # decision nodes grouped by information set
        dec = np.flatnonzero(kind == DECISION)
        order = np.argsort(gid[dec], kind="stable")
        self.dec_sorted = dec[order]
        self.dec_set = gid[self.dec_sorted]
        self.set_starts = np.searchsorted(self.dec_set, np.arange(self.n_sets))
        nact = st.nch[self.dec_sorted]
        within = np.arange(int(nact.sum())) - np.repeat(np.cumsum(nact) - nact, nact)
        self.set_pos = np.repeat(np.arange(len(dec)), nact)              # in dec_sorted
        self.set_node = self.dec_sorted[self.set_pos]
        self.set_action = self.offsets[gid[self.set_node]] + within
        children = np.asarray(game.children_array, dtype=np.int64)
        self.set_child = children[np.repeat(st.child_start[self.dec_sorted], nact) + within]
        # each set's depth in its own player's moves (for best responses, deepest first)
        own = (kind[self.path_node] == DECISION)
        own &= self.player_of_action[self.path_action] == \
            self.set_player[np.maximum(gid[self.path_node], 0)]
        counts = np.bincount(self.path_node[own], minlength=nn)
        self.own_depth = counts[self.dec_sorted[self.set_starts]]

    # -- passes
    def log_reach(self, y) -> np.ndarray:
        """The log-probability of reaching every node (level by level; -inf allowed)."""
        logp = np.concatenate([y, self.chance_logs])
        out = np.zeros(self.n_nodes)
        for lv in self.levels:
            out[lv] = out[self.parent[lv]] + logp[self.src[lv]]
        return out

    def node_values(self, y) -> np.ndarray:
        """Every node's expected payoffs (nodes x players), bottom-up, probabilities
        ``exp(y)`` (zeros allowed)."""
        p = np.exp(np.concatenate([y, self.chance_logs]))
        value = np.zeros((self.n_nodes, self.n))
        value[self.terminal] = self.terminal_pay
        for lv in reversed(self.levels):
            np.add.at(value, self.parent[lv], p[self.src[lv]][:, None] * value[lv])
        return value

    def beliefs(self, lam):
        """Per decision node (in ``dec_sorted`` order), its reach weight relative to
        the largest of its set, the shift (that largest log reach) and the total
        weight of each set (1 where the set is not reached)."""
        lr = lam[self.dec_sorted]
        top = np.maximum.reduceat(lr, self.set_starts)
        top = np.where(np.isfinite(top), top, 0.0)
        k = np.exp(lr - top[self.dec_set])
        D = np.add.reduceat(k, self.set_starts)
        return k, top, np.where(D > 0, D, 1.0)
