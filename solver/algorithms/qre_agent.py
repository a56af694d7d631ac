"""The agent logit quantal response equilibrium of a game tree, in behaviour strategies.

McKelvey and Palfrey (1998, "Quantal response equilibria for extensive form games",
*Experimental Economics* 1, 9-41) let each information set be played by its own
*agent*, who chooses action *a* with probability proportional to
:math:`\\exp(\\lambda\\, v_a)`, where :math:`v_a` is the expected payoff of taking *a*
there and following the behaviour profile afterwards, conditional on the set being
reached (the nodes of the set weighted by the probability of reaching them, which is
positive at every interior profile).  As lambda grows from 0 the principal branch of
these equilibria leads from uniform behaviour to a sequential equilibrium (their
theorem 5).  The branch is followed like the normal-form one
(:mod:`solver.algorithms.qre`): one block of equations per information set,

.. math::

    \\sum_a e^{y_a} - 1 = 0, \\qquad y_a - y_{a_0} - \\lambda\\,(v_a - v_{a_0}) = 0,

in the log-probabilities *y*, the same equations as Gambit's agent logit
(``pygambit.qre.logit_solve_lambda`` on a tree).

The action values and their derivatives with respect to every log-probability are
computed in two vectorised passes over the tree, level by level: the log-probability
of reaching each node (forwards) and each node's value (backwards), both with their
derivatives carried along (forward-mode differentiation), so the Jacobian is exact.
Reach probabilities are kept as logarithms, so an information set whose nodes are
reached with probability 1e-300 at large lambda still has well-defined beliefs.
"""
from __future__ import annotations

import math

import numpy as np

from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.arrays import structure
from solver.forms.extensive.behavior import BehaviorProfile
from solver.forms.extensive.game import DECISION, TERMINAL

__all__ = ["AgentLogitSystem", "DEFAULT_MAX_DERIVATIVES"]

#: Largest (nodes x actions) of a tree whose agent QRE is followed: the forward-mode
#: derivatives take that many floats per player, plus one.
DEFAULT_MAX_DERIVATIVES = 5_000_000


class AgentLogitSystem:
    """The agent logit equations of a game tree in log-probabilities and lambda.

    ``x = (y, mu)``: the log-probability of every action at every information set
    (players in order, then their sets, then the actions) and ``mu = lambda *
    scale``, the precision on payoffs divided by ``scale`` (the spread of the
    terminal payoffs).
    """

    def __init__(self, game, *, max_derivatives: int = DEFAULT_MAX_DERIVATIVES):
        if getattr(game, "form", None) != "extensive":
            raise InvalidGameError("the agent logit system needs a game tree")
        game.require_concrete()
        self.game = game
        n = self.n = game.n_players
        sets = [s for per in game.infosets for s in per]
        if not sets:
            raise InvalidGameError("the tree has no information sets: nobody chooses anything")
        actions = sum(len(s.actions) for s in sets)
        if game.n_nodes * actions > max_derivatives:
            raise SolverLimitError(
                f"agent QRE: the tree has {game.n_nodes} nodes and {actions} actions; its exact "
                f"Jacobian carries {game.n_nodes * actions} derivatives, more than "
                f"max_derivatives={max_derivatives}; pass max_derivatives="
                f"{game.n_nodes * actions} (memory grows with it: about "
                f"{game.n_nodes * actions * 8 * (n + 1) // 10**6} MB) to solver.qre, qre_path "
                "or fit_qre")
        self.set_player = np.array([s.player for s in sets], dtype=np.int64)
        sizes = [len(s.actions) for s in sets]
        self.offsets = [int(v) for v in np.cumsum([0] + sizes)]
        self.size = self.offsets[-1]
        self.blocks = [(self.offsets[k], m) for k, m in enumerate(sizes)]
        st = structure(game)
        self.levels = [lv for lv in st.levels[1:]]
        kind = np.asarray(game.node_kind)
        parent = np.asarray(game.node_parent, dtype=np.int64)
        paction = np.asarray(game.node_parent_action, dtype=np.int64)
        gid = np.asarray(game.node_infoset, dtype=np.int64)
        self.parent = parent
        # where each non-root node's move probability comes from: a behaviour action
        # (index < size) or a chance branch (index >= size)
        chance_logs = []
        src = np.full(game.n_nodes, -1, dtype=np.int64)
        chance_start = {}
        for h, probs in sorted(game.chance_table.items()):
            chance_start[h] = self.size + len(chance_logs)
            chance_logs.extend(math.log(float(p)) if p > 0 else -np.inf for p in probs)
        for h in range(1, game.n_nodes):
            p = parent[h]
            if kind[p] == DECISION:
                src[h] = self.offsets[gid[p]] + paction[h]
            else:
                src[h] = chance_start[int(p)] + paction[h]
        self.src = src
        self.chance_logs = np.array(chance_logs, dtype=float)
        self.behaviour = src < self.size               # nodes reached by a player's action
        pay = np.zeros((game.n_nodes, n))
        terminal = np.flatnonzero(kind == TERMINAL)
        pp = game.path_payoffs
        for h in terminal.tolist():
            pay[h] = [float(v) for v in pp[h]]
        spread = float(pay[terminal].max() - pay[terminal].min()) if len(terminal) else 0.0
        self.scale = spread if spread > 0 else 1.0
        self.terminal = terminal
        self.terminal_pay = pay[terminal] / self.scale
        # (decision node, action) pairs
        dec = np.flatnonzero(kind == DECISION)
        self.dec = dec
        self.dec_set = gid[dec]
        children = np.asarray(game.children_array, dtype=np.int64)
        start = st.child_start
        nact = st.nch[dec]
        self.pair_pos = np.repeat(np.arange(len(dec)), nact)
        within = np.arange(int(nact.sum())) - np.repeat(np.cumsum(nact) - nact, nact)
        self.pair_child = children[np.repeat(start[dec], nact) + within]
        self.pair_action = np.array([self.offsets[g] for g in self.dec_set.tolist()],
                                    dtype=np.int64)[self.pair_pos] + within
        self.pair_player = self.set_player[self.dec_set][self.pair_pos]
        self.n_sets = len(sets)
        # own depth of each set: its player's decision nodes above it
        own = np.zeros((game.n_nodes, n), dtype=np.int64)
        owner = np.where(kind == DECISION, np.asarray(game.node_player, dtype=np.int64), -1)
        for lv in self.levels:
            own[lv] = own[parent[lv]]
            mover = owner[parent[lv]]
            hit = mover >= 0
            own[lv[hit], mover[hit]] += 1
        first = np.array([s.nodes[0] for s in sets], dtype=np.int64)
        self.own_depth = own[first, self.set_player]

    # -- points
    def start(self) -> np.ndarray:
        """Uniform behaviour at lambda 0."""
        return np.array([-math.log(m) for _, m in self.blocks for _ in range(m)] + [0.0])

    def _passes(self, y, derivatives: bool):
        """Log reach and values of every node, with derivatives in y if asked."""
        N = self.size
        logp = np.concatenate([y, self.chance_logs])
        nn = self.game.n_nodes
        logreach = np.zeros(nn)
        dlog = np.zeros((nn, N)) if derivatives else None
        for lv in self.levels:
            logreach[lv] = logreach[self.parent[lv]] + logp[self.src[lv]]
            if derivatives:
                dlog[lv] = dlog[self.parent[lv]]
                b = lv[self.behaviour[lv]]
                dlog[b, self.src[b]] += 1.0
        value = np.zeros((nn, self.n))
        value[self.terminal] = self.terminal_pay
        dval = np.zeros((nn, self.n, N)) if derivatives else None
        p = np.exp(logp)
        for lv in reversed(self.levels):
            w = p[self.src[lv]]
            np.add.at(value, self.parent[lv], w[:, None] * value[lv])
            if derivatives:
                np.add.at(dval, self.parent[lv], w[:, None, None] * dval[lv])
                b = lv[self.behaviour[lv]]
                np.add.at(dval, (self.parent[b], slice(None), self.src[b]),
                          p[self.src[b]][:, None] * value[b])
        return logreach, dlog, value, dval

    def action_values(self, x, derivatives: bool = False):
        """Per action (flat), the conditional value at its set; with derivatives in y."""
        y = np.asarray(x[:-1], dtype=float)
        logreach, dlog, value, dval = self._passes(y, derivatives)
        lr = logreach[self.dec]
        top = np.full(self.n_sets, -np.inf)
        np.maximum.at(top, self.dec_set, lr)
        top = np.where(np.isfinite(top), top, 0.0)
        w = np.exp(lr - top[self.dec_set])
        D = np.bincount(self.dec_set, weights=w, minlength=self.n_sets)
        D = np.where(D > 0, D, 1.0)
        wp = w[self.pair_pos]
        cv = value[self.pair_child, self.pair_player]
        W = np.bincount(self.pair_action, weights=wp * cv, minlength=self.size)
        v = W / D[self.set_of_action]
        if not derivatives:
            return v, None
        dl = dlog[self.dec]                                # (decision nodes, N)
        dD = np.zeros((self.n_sets, self.size))
        np.add.at(dD, self.dec_set, w[:, None] * dl)
        dW = np.zeros((self.size, self.size))
        contrib = wp[:, None] * (dl[self.pair_pos] * cv[:, None]
                                 + dval[self.pair_child, self.pair_player])
        np.add.at(dW, self.pair_action, contrib)
        Dn = D[self.set_of_action]
        dv = (dW - v[:, None] * dD[self.set_of_action]) / Dn[:, None]
        return v, dv

    @property
    def set_of_action(self) -> np.ndarray:
        got = getattr(self, "_set_of_action", None)
        if got is None:
            got = np.repeat(np.arange(self.n_sets), [m for _, m in self.blocks])
            self._set_of_action = got
        return got

    # -- the equations
    def residual(self, x) -> np.ndarray:
        v, _ = self.action_values(x)
        mu = x[-1]
        H = np.empty(self.size)
        for o, m in self.blocks:
            H[o] = np.exp(x[o:o + m]).sum() - 1.0
            H[o + 1:o + m] = x[o + 1:o + m] - x[o] - mu * (v[o + 1:o + m] - v[o])
        return H

    def jacobian(self, x) -> np.ndarray:
        v, dv = self.action_values(x, derivatives=True)
        mu = x[-1]
        J = np.zeros((self.size, self.size + 1))
        for o, m in self.blocks:
            J[o, o:o + m] = np.exp(x[o:o + m])
            if m == 1:
                continue
            rows = np.arange(o + 1, o + m)
            J[rows, :-1] = -mu * (dv[o + 1:o + m] - dv[o])
            J[rows, rows] += 1.0
            J[rows, o] -= 1.0
            J[rows, -1] = -(v[o + 1:o + m] - v[o])
        return J

    # -- what a point means
    def probabilities(self, x):
        flat = []
        for o, m in self.blocks:
            s = np.exp(x[o:o + m])
            flat.append(tuple(float(p) for p in s / s.sum()))
        out, k = [], 0
        for per in self.game.infosets:
            out.append(tuple(flat[k:k + len(per)]))
            k += len(per)
        return tuple(out)

    def profile(self, x) -> BehaviorProfile:
        return BehaviorProfile.for_game(self.game, self.probabilities(x))

    def payoffs(self, x) -> tuple[float, ...]:
        _, _, value, _ = self._passes(self._normalised(x), False)
        return tuple(float(u) * self.scale for u in value[0])

    def regrets(self, x) -> tuple[float, ...]:
        """Each player's regret against the profile (his best response's value minus
        his payoff), in floating point on the game's scale.

        The best response is built from the player's deepest information sets up:
        at each, the action of highest conditional value given the choices already
        made below it.  With perfect recall this is a best response (Osborne and
        Rubinstein 1994, ch. 11); without it, the regret is the agents' one.
        """
        y = self._normalised(x)
        base = self._passes(y, False)[2][0]
        out = []
        for i in range(self.n):
            yy = y.copy()
            mine = np.flatnonzero(self.set_player == i)
            depth = self.own_depth[mine]
            for d in sorted(set(depth.tolist()), reverse=True):
                v, _ = self.action_values(np.append(yy, 0.0))
                for k in mine[depth == d].tolist():
                    o, m = self.blocks[k]
                    best = o + int(np.argmax(v[o:o + m]))
                    yy[o:o + m] = -np.inf
                    yy[best] = 0.0
            top = self._passes(yy, False)[2][0, i]
            out.append(max(float(top - base[i]), 0.0) * self.scale)
        return tuple(out)

    def _normalised(self, x) -> np.ndarray:
        y = np.array(x[:-1], dtype=float)
        for o, m in self.blocks:
            y[o:o + m] -= np.log(np.exp(y[o:o + m]).sum())
        return y
