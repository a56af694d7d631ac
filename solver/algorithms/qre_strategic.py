"""The logit equations of a normal-form game, in log-probabilities, with their Jacobian.

The unknowns are ``x = (y, mu)``: the log-probability :math:`y_{ij} = \\log
\\sigma_{ij}` of every player's strategies (players in order) and ``mu``, the
precision lambda on payoffs divided by the game's payoff range.  Player *i*'s block
of equations (Turocy 2005, as Gambit writes them) is

.. math::

    \\sum_j e^{y_{ij}} - 1 = 0, \\qquad
    y_{ij} - y_{i0} - \\mu\\,(u_{ij}(\\sigma) - u_{i0}(\\sigma)) = 0 \\quad (j \\ge 1).

Everything is computed over the flat table of pure profiles at once, with no loop
over players or pairs of players.  For player *i* and profile *p*, the weight

.. math::

    W_i(p) = u_i(p) \\prod_{l \\ne i} \\sigma_{l p_l}
           = u_i(p) \\exp\\Big(\\sum_l y_{l p_l} - y_{i p_i}\\Big)

(computed from the log-probabilities, so a probability that underflows is no
division by zero) gives the strategy values, :math:`u_{ij} = \\sum_{p: p_i = j}
W_i(p)`, and every cross derivative at once: with :math:`E` the 0/1 matrix of
profiles by strategies (:math:`E_{p,(k,m)} = 1` when :math:`p_k = m`),

.. math::

    \\sigma_{km} \\frac{\\partial u_{ij}}{\\partial \\sigma_{km}}
    = \\frac{\\partial u_{ij}}{\\partial y_{km}}
    = \\big(E^T \\operatorname{diag}(W_i) E\\big)_{(i,j),(k,m)} \\quad (k \\ne i),

one matrix product for all pairs of players (in chunks of profiles for large games,
so that *E* is never larger than ``CHUNK_ENTRIES``).
"""
from __future__ import annotations

import math

import numpy as np

from solver.errors import InvalidGameError
from solver.forms.profiles import MixedProfile

__all__ = ["CHUNK_ENTRIES", "StrategicLogitSystem"]

#: Largest (profiles x strategies) of the 0/1 incidence matrix kept or built at once.
CHUNK_ENTRIES = 2_000_000


class StrategicLogitSystem:
    """The logit equations of a normal-form game in log-probabilities and lambda.

    ``x = (y, mu)``: the log-probabilities of every player's strategies (players in
    order) and ``mu = lambda * scale``, lambda on payoffs divided by ``scale`` (the
    game's payoff range).  See the module's docstring.
    """

    def __init__(self, game):
        if getattr(game, "form", None) != "normal":
            raise InvalidGameError("the strategic logit system needs a normal-form game")
        if not game.n_players:
            raise InvalidGameError("the game has no players: nobody chooses anything, so there "
                                   "is no logit response to follow (its one equilibrium, the "
                                   "empty profile, is found by methods 'pure' and 'enumerate')")
        game.require_concrete()
        self.game = game
        self.shape = tuple(game.shape)
        U = np.asarray(game.float_payoffs, dtype=float)
        spread = float(U.max() - U.min()) if U.size else 0.0
        self.scale = spread if spread > 0 else 1.0
        self.U = U / self.scale
        n = self.n = len(self.shape)
        self.offsets = [int(v) for v in np.cumsum((0,) + self.shape)]
        N = self.size = self.offsets[-1]
        self.blocks = [(self.offsets[i], m) for i, m in enumerate(self.shape)]
        P = math.prod(self.shape)
        self.flat_payoffs = np.ascontiguousarray(self.U.reshape(n, P))
        # column[i, p]: the unknown of player i's strategy in profile p (C order)
        self.column = np.indices(self.shape).reshape(n, P) + np.array(self.offsets[:-1])[:, None]
        self.player_of = np.repeat(np.arange(n), self.shape)
        self.first = np.array(self.offsets[:-1])[self.player_of]        # per unknown
        self.rest = np.flatnonzero(np.arange(N) != self.first)          # ratio equations
        self.base = self.first[self.rest]
        self.other = self.player_of[:, None] != self.player_of[None, :]
        # the ratio equations' differences: row (i, j) is e_(i,j) - e_(i,0) for j >= 1
        self.difference = np.zeros((N, N))
        self.difference[self.rest, self.rest] = 1.0
        self.difference[self.rest, self.base] = -1.0
        self.starts = np.array(self.offsets[:-1])
        self.chunk = max(1, CHUNK_ENTRIES // max(N, 1))
        self.incidence = self._incidence(0, P) if P <= self.chunk else None

    def _incidence(self, lo: int, hi: int) -> np.ndarray:
        E = np.zeros((hi - lo, self.size))
        rows = np.arange(hi - lo)
        for i in range(self.n):
            E[rows, self.column[i, lo:hi]] = 1.0
        return E

    # -- points
    def start(self) -> np.ndarray:
        """The centroid at lambda 0."""
        return np.concatenate([np.repeat([-math.log(m) for m in self.shape], self.shape), [0.0]])

    def sigmas(self, x) -> list[np.ndarray]:
        return [np.exp(x[o:o + m]) for o, m in self.blocks]

    def values(self, sig) -> list[np.ndarray]:
        """Per player, the (scaled) expected payoff of each of his strategies against
        the probabilities ``sig`` (one array per player; zeros allowed)."""
        out = []
        axes = list(range(self.n))
        for i in range(self.n):
            ops = [self.U[i], axes]
            for k in range(self.n):
                if k != i:
                    ops += [sig[k], [k]]
            out.append(np.einsum(*ops, [i]))
        return out

    def _weights(self, y) -> np.ndarray:
        Y = y[self.column]
        return self.flat_payoffs * np.exp(Y.sum(axis=0) - Y)

    def _strategy_values(self, W) -> np.ndarray:
        return np.bincount(self.column.ravel(), weights=W.ravel(), minlength=self.size)

    # -- the equations
    def _equations(self, y, mu, v, sig) -> np.ndarray:
        H = self.difference @ (y - mu * v)
        H[self.starts] = np.add.reduceat(sig, self.starts) - 1.0
        return H

    def residual(self, x) -> np.ndarray:
        y = np.asarray(x[:-1], dtype=float)
        return self._equations(y, x[-1], self._strategy_values(self._weights(y)), np.exp(y))

    def jacobian(self, x) -> np.ndarray:
        return self.evaluate(x)[1]

    def evaluate(self, x) -> tuple[np.ndarray, np.ndarray]:
        """The residual and the Jacobian at ``x``, sharing the profile weights."""
        y = np.asarray(x[:-1], dtype=float)
        mu = float(x[-1])
        W = self._weights(y)
        v = self._strategy_values(W)
        sig = np.exp(y)
        H = self._equations(y, mu, v, sig)
        N = self.size
        if self.incidence is not None:
            E = self.incidence
            S = (E.T * W[self.player_of]) @ E
        else:
            S = np.zeros((N, N))
            for lo in range(0, W.shape[1], self.chunk):
                hi = min(lo + self.chunk, W.shape[1])
                E = self._incidence(lo, hi)
                S += (E.T * W[self.player_of, lo:hi]) @ E
        S *= self.other                      # own strategies are the identity part
        J = np.empty((N, N + 1))
        J[:, :N] = self.difference - mu * (self.difference @ S)
        J[self.first, np.arange(N)] = sig    # the sum rows
        J[:, N] = -(self.difference @ v)
        return H, J

    # -- what a point means
    def _normalised(self, x) -> np.ndarray:
        y = np.asarray(x[:-1], dtype=float)
        starts = self.offsets[:-1]
        top = np.maximum.reduceat(y, starts)[self.player_of]
        total = np.add.reduceat(np.exp(y - top), starts)[self.player_of]
        return y - top - np.log(total)

    def probabilities(self, x) -> tuple[tuple[float, ...], ...]:
        p = np.exp(self._normalised(x)).tolist()
        return tuple(tuple(p[o:o + m]) for o, m in self.blocks)

    def profile(self, x) -> MixedProfile:
        g = self.game
        return MixedProfile(g.players, g.strategies, self.probabilities(x))

    def _values_at(self, x):
        y = self._normalised(x)
        return np.exp(y), self._strategy_values(self._weights(y))

    def payoffs(self, x) -> tuple[float, ...]:
        s, v = self._values_at(x)
        u = np.bincount(self.player_of, weights=s * v, minlength=self.n) * self.scale
        return tuple(float(a) for a in u)

    def regrets(self, x) -> tuple[float, ...]:
        """Each player's regret (best pure payoff minus expected), on the game's scale."""
        s, v = self._values_at(x)
        u = np.bincount(self.player_of, weights=s * v, minlength=self.n)
        best = np.maximum.reduceat(v, self.offsets[:-1])
        return tuple(float(a) for a in np.maximum(best - u, 0.0) * self.scale)
