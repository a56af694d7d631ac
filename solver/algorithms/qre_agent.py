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

**The action values as sums over the tree.**  With :math:`\\Lambda(h)` the
log-probability of reaching node *h* (the sum of the log-probabilities of the moves
on its path: a realization weight in logarithms), an action *a* at set *s* has

.. math::

    v_a = \\frac{N_a}{D_s}, \\quad
    N_a = \\sum_{z \\in Z(a)} u(z)\\, e^{\\Lambda(z) - y_a - \\tau_s}, \\quad
    D_s = \\sum_{h \\in s} e^{\\Lambda(h) - \\tau_s},

where :math:`Z(a)` are the terminal nodes below *a* (at any node of *s*), *u* the
mover's payoff and :math:`\\tau_s` the largest log reach of a node of *s* (so that a set
reached with probability 1e-300 at large lambda still has well-defined beliefs).  Every
term is a product of the probabilities of moves on a path, so its derivative in
:math:`y_b` is the term itself when *b* is on that path, and the Jacobian is one
product of two sparse matrices: the terms of :math:`N_a` and of :math:`v_a D_s`
(action by node) times the path incidence (node by action)
(:mod:`solver.algorithms.qre_agent_tree`).  A tree with at most ``DENSE_UNKNOWNS``
actions gets a dense Jacobian; a larger one a sparse one, which the path following
factors by sparse LU (:mod:`solver.algorithms.continuation`).
"""
from __future__ import annotations

import numpy as np

from solver.algorithms.qre_agent_tree import AgentTree
from solver.errors import InvalidGameError
from solver.forms.extensive.behavior import BehaviorProfile

__all__ = ["DEFAULT_MAX_DERIVATIVES", "DENSE_UNKNOWNS", "AgentLogitSystem"]

#: Largest number of terms summed into one Jacobian (see :attr:`AgentLogitSystem.derivatives`).
DEFAULT_MAX_DERIVATIVES = 1_000_000
#: Trees with at most this many actions get a dense Jacobian (factored by QR).
DENSE_UNKNOWNS = 200


class AgentLogitSystem:
    """The agent logit equations of a game tree in log-probabilities and lambda.

    ``x = (y, mu)``: the log-probability of every action at every information set
    (players in order, then their sets, then the actions) and ``mu = lambda *
    scale``, the precision on payoffs divided by ``scale`` (the spread of the
    terminal payoffs).

    Attributes
    ----------
    derivatives : int
        The terms summed into one Jacobian: for every (action, terminal node below
        it) and every (action, node of its set), the player moves on that node's
        path.  Time and memory per step grow with it; it is bounded by
        ``max_derivatives``.
    """

    def __init__(self, game, *, max_derivatives: int = DEFAULT_MAX_DERIVATIVES):
        if getattr(game, "form", None) != "extensive":
            raise InvalidGameError("the agent logit system needs a game tree")
        game.require_concrete()
        self.game = game
        t = self.tree = AgentTree(game, max_derivatives)
        self.n, self.size, self.scale = t.n, t.size, t.scale
        self.derivatives = t.derivatives
        self.blocks = [(int(o), int(m)) for o, m in zip(t.offsets[:-1], t.sizes)]
        self.dense = self.size <= DENSE_UNKNOWNS
        N, nn = self.size, t.n_nodes
        if self.dense:
            self.incidence = np.zeros((nn, N))
            self.incidence[t.path_node, t.path_action] = 1.0
        else:
            import scipy.sparse as sp
            self.incidence = sp.csr_matrix(
                (np.ones(len(t.path_node)), (t.path_node, t.path_action)), shape=(nn, N))
            # the terms matrix (actions x nodes) has a fixed pattern: sort it once
            rows = np.concatenate([t.pair_action, t.set_action])
            cols = np.concatenate([t.pair_terminal, t.set_node])
            self.order = np.lexsort((cols, rows))
            self.term_cols = cols[self.order]
            self.term_ptr = np.searchsorted(rows[self.order], np.arange(N + 1))
            self.term_row = rows[self.order]
            r = t.rest
            self.difference = sp.csr_matrix(
                (np.concatenate([np.ones(len(r)), -np.ones(len(r))]),
                 (np.concatenate([r, r]), np.concatenate([r, t.base]))), shape=(N, N))

    # -- points
    def start(self) -> np.ndarray:
        """Uniform behaviour at lambda 0."""
        return np.concatenate([np.repeat(-np.log(self.tree.sizes.astype(float)),
                                         self.tree.sizes), [0.0]])

    def _terms(self, y):
        """The action values and the pieces of their derivatives."""
        t = self.tree
        lam = t.log_reach(y)
        k, top, D = t.beliefs(lam)
        b = t.pair_action
        c = t.pair_payoff * np.exp(lam[t.pair_terminal] - y[b] - top[t.set_of_action[b]])
        Da = D[t.set_of_action]
        v = np.bincount(b, weights=c, minlength=self.size) / Da
        return v, c, k, Da

    def _equations(self, y, mu, v) -> np.ndarray:
        t = self.tree
        H = np.empty(self.size)
        r, b = t.rest, t.base
        H[r] = y[r] - y[b] - mu * (v[r] - v[b])
        H[t.offsets[:-1]] = np.add.reduceat(np.exp(y), t.offsets[:-1]) - 1.0
        return H

    def residual(self, x) -> np.ndarray:
        y = np.asarray(x[:-1], dtype=float)
        return self._equations(y, x[-1], self._terms(y)[0])

    def jacobian(self, x):
        return self.evaluate(x)[1]

    def _derivatives(self, y, v, c, k, Da):
        """The derivatives of the action values in *y* (actions x actions)."""
        t = self.tree
        N = self.size
        belief_terms = -v[t.set_action] * k[t.set_pos]
        if self.dense:
            Q = np.zeros((N, t.n_nodes))
            Q[t.pair_action, t.pair_terminal] = c
            Q[t.set_action, t.set_node] = belief_terms
            dv = (Q @ self.incidence) / Da[:, None]
            dv[np.arange(N), np.arange(N)] -= v
            return dv
        import scipy.sparse as sp
        data = np.concatenate([c, belief_terms])[self.order] / Da[self.term_row]
        Q = sp.csr_matrix((data, self.term_cols, self.term_ptr), shape=(N, t.n_nodes))
        return Q @ self.incidence - sp.diags(v)

    def evaluate(self, x):
        """The residual and the Jacobian at ``x`` (dense or ``scipy.sparse``)."""
        t = self.tree
        y = np.asarray(x[:-1], dtype=float)
        mu = float(x[-1])
        v, c, k, Da = self._terms(y)
        H = self._equations(y, mu, v)
        dv = self._derivatives(y, v, c, k, Da)
        N = self.size
        r, b = t.rest, t.base
        if self.dense:
            J = np.zeros((N, N + 1))
            J[r, :N] = -mu * (dv[r] - dv[b])
            J[r, r] += 1.0
            J[r, b] -= 1.0
            J[t.first, np.arange(N)] = np.exp(y)
            J[r, N] = -(v[r] - v[b])
            return H, J
        import scipy.sparse as sp
        Jy = self.difference - mu * (self.difference @ dv) + \
            sp.csr_matrix((np.exp(y), (t.first, np.arange(N))), shape=(N, N))
        last = sp.csr_matrix((-(v[r] - v[b]), (r, np.zeros(len(r), dtype=np.int64))),
                             shape=(N, 1))
        return H, sp.hstack([Jy, last], format="csr")

    def action_values(self, x, derivatives: bool = False):
        """Per action (flat), the conditional value at its set; with their derivatives
        in *y* (actions x actions, dense or ``scipy.sparse``) if asked.  Without
        derivatives, log-probabilities may be -inf (actions never taken): the values
        are then computed bottom-up."""
        t = self.tree
        y = np.asarray(x[:-1], dtype=float)
        if derivatives:
            v, c, k, Da = self._terms(y)
            return v, self._derivatives(y, v, c, k, Da)
        lam = t.log_reach(y)
        k, _, D = t.beliefs(lam)
        value = t.node_values(y)
        cv = value[t.set_child, t.player_of_action[t.set_action]]
        w = np.bincount(t.set_action, weights=k[t.set_pos] * cv, minlength=self.size)
        return w / D[t.set_of_action], None

    # -- what a point means
    def _normalised(self, x) -> np.ndarray:
        y = np.asarray(x[:-1], dtype=float)
        starts = self.tree.offsets[:-1]
        top = np.repeat(np.maximum.reduceat(y, starts), self.tree.sizes)
        total = np.repeat(np.add.reduceat(np.exp(y - top), starts), self.tree.sizes)
        return y - top - np.log(total)

    def probabilities(self, x):
        p = np.exp(self._normalised(x)).tolist()
        flat = [tuple(p[o:o + m]) for o, m in self.blocks]
        out, k = [], 0
        for per in self.game.infosets:
            out.append(tuple(flat[k:k + len(per)]))
            k += len(per)
        return tuple(out)

    def profile(self, x) -> BehaviorProfile:
        return BehaviorProfile.for_game(self.game, self.probabilities(x))

    def payoffs(self, x) -> tuple[float, ...]:
        value = self.tree.node_values(self._normalised(x))
        return tuple(float(u) * self.scale for u in value[0])

    def regrets(self, x) -> tuple[float, ...]:
        """Each player's regret against the profile (his best response's value minus
        his payoff), in floating point on the game's scale.

        The best response is built from the player's deepest information sets up:
        at each, the action of highest conditional value given the choices already
        made below it.  With perfect recall this is a best response (Osborne and
        Rubinstein 1994, ch. 11); without it, the regret is the agents' one.
        """
        t = self.tree
        y = self._normalised(x)
        base = t.node_values(y)[0]
        out = []
        for i in range(self.n):
            yy = y.copy()
            mine = np.flatnonzero(t.set_player == i)
            depth = t.own_depth[mine]
            for d in sorted(set(depth.tolist()), reverse=True):
                v, _ = self.action_values(np.append(yy, 0.0))
                for k in mine[depth == d].tolist():
                    o, m = self.blocks[k]
                    best = o + int(np.argmax(v[o:o + m]))
                    yy[o:o + m] = -np.inf
                    yy[best] = 0.0
            top = t.node_values(yy)[0, i]
            out.append(max(float(top - base[i]), 0.0) * self.scale)
        return tuple(out)
