"""The linear program of correlated equilibria: its data, its float solution, and the
exact vertex and dual values recovered from that solution.

A distribution *p* over the profiles (the game's cells, in C order) is a correlated
equilibrium when ``G p >= 0``, ``sum p = 1`` and ``p >= 0``, where each row of *G*
is one deviation a player might consider: told to play *j*, play *j'* instead
(Aumann 1974), or, in the coarse version, play *j'* whatever he is told (Moulin and
Vial 1978).  :func:`incentive_rows` builds *G*, :func:`objective_vector` the
coefficients of the objective, and :func:`float_lp` solves ``max c.p`` over the
polytope with HiGHS (``scipy.optimize.linprog``; Papadimitriou and Roughgarden 2008,
"Computing correlated equilibria in multi-player games", *JACM* 55).

A vertex of a polytope is the unique solution of its tight constraints.  So the
exact optimum is recovered from the float one by reading off which profiles it
leaves out and which incentive constraints it makes tight, and solving those
equations in rationals (:func:`recover_primal`, with
:func:`solver.algorithms.integer_pivoting.solve_square`).  The dual values
(:func:`recover_dual`) are recovered the same way from the float multipliers:
feasible duals with the same objective value prove the distribution optimal (LP
duality; Chvatal 1983, *Linear Programming*, ch. 5).  Every recovered number is
checked exactly; a recovery that fails returns None, and
:mod:`solver.algorithms.correlated` then solves the LP by an exact simplex method.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from solver.errors import GameError
from solver.numbers import format_number

__all__ = ["incentive_rows", "objective_vector", "float_lp", "recover_primal", "recover_dual"]

#: Float tolerance (payoffs normalised to [0, 1]) for reading the LP's solution.
_TOL = 1e-9


def incentive_rows(game, *, coarse: bool = False, exact: bool = True):
    """The incentive constraints ``G p >= 0`` over the game's cells (C order).

    Returns
    -------
    rows : list of list
        One row per constraint, one coefficient per cell: Fractions when ``exact``
        (each player's row scaled to integers), floats otherwise (each player's
        payoffs divided by his payoff range).
    labels : list of tuple
        ``(player, j, j')`` (``j`` None for coarse rows): the deviation each row
        forbids.
    """
    shape = game.shape
    rows, labels = [], []
    if exact:
        arrays, _ = game.integer_payoffs
        tables = [np.asarray(a, dtype=object) for a in arrays]
    else:
        f = np.asarray(game.float_payoffs, dtype=float)
        tables = []
        for i in range(game.n_players):
            spread = float(f[i].max() - f[i].min())
            tables.append(f[i] / spread if spread > 0 else f[i])
    for i, m in enumerate(shape):
        U = tables[i]
        for jp in range(m):
            dev = np.take(U, [jp], axis=i)                    # u_i(j', s_-i), broadcast
            gain = U - dev                                    # u_i(s) - u_i(j', s_-i)
            if coarse:
                rows.append(list(gain.reshape(-1)))
                labels.append((i, None, jp))
                continue
            for j in range(m):
                if j == jp:
                    continue
                mask = np.zeros(shape, dtype=bool)
                idx = [slice(None)] * len(shape)
                idx[i] = j
                mask[tuple(idx)] = True
                row = np.where(mask, gain, 0)
                rows.append(list(row.reshape(-1)))
                labels.append((i, j, jp))
    return rows, labels


def objective_vector(game, objective) -> tuple[list, str]:
    """The objective's coefficient per cell (exact when the game is) and its words.

    ``objective`` is ``"welfare"`` (the sum of the payoffs), a player (name or
    index), a sequence of one weight per player, or an array of the game's shape
    (a coefficient per profile).
    """
    pay = [np.asarray(game.payoffs[i], dtype=object if game.exact else float)
           for i in range(game.n_players)]
    zero = Fraction(0) if game.exact else 0.0
    if isinstance(objective, str) and objective == "welfare":
        # no players: one profile, whose welfare (a sum of no payoffs) is 0
        total = sum(pay[1:], pay[0]) if pay else np.full(game.shape, zero, dtype=object)
        return list(total.reshape(-1)), "total payoff"
    if isinstance(objective, (str, int, np.integer)) and not isinstance(objective, bool):
        try:
            i = game.player_index(objective)
        except GameError:
            raise GameError(f"correlated_equilibrium: objective {objective!r} is neither "
                            f"'welfare' nor a player ({', '.join(game.players)})") from None
        return list(pay[i].reshape(-1)), f"{game.players[i]}'s payoff"
    arr = np.asarray(objective, dtype=object)
    if arr.ndim == 1 and len(arr) == game.n_players and tuple(game.shape) != (len(arr),):
        from solver.numbers import to_number
        w = [to_number(v, f"weight of {game.players[i]!r}") for i, v in enumerate(arr)]
        total = sum((wi * p for wi, p in zip(w, pay)), zero + 0 * pay[0])
        words = " + ".join(f"{format_number(wi)} x {name}'s payoff"
                           for wi, name in zip(w, game.players))
        return list(np.asarray(total).reshape(-1)), words
    if arr.shape == tuple(game.shape):
        from solver.numbers import to_number
        vals = [to_number(v, "objective coefficient") for v in arr.reshape(-1)]
        return vals, "the given objective"
    raise GameError("correlated_equilibrium: objective must be 'welfare', a player, one "
                    f"weight per player ({game.n_players}) or an array of shape {game.shape}")


def float_lp(G: np.ndarray, c: np.ndarray):
    """(p, duals of G p >= 0) of max c.p over the polytope, or None."""
    from scipy.optimize import linprog

    K = G.shape[1]
    res = linprog(-c, A_ub=-G, b_ub=np.zeros(G.shape[0]), A_eq=np.ones((1, K)), b_eq=[1.0],
                  bounds=[(0, None)] * K, method="highs-ds")
    if res.status != 0:
        return None
    return np.asarray(res.x), -np.asarray(res.ineqlin.marginals)


def _independent(M: np.ndarray, tol: float = 1e-9) -> list[int]:
    """Indices of a maximal set of linearly independent rows of M (QR with pivoting)."""
    from scipy.linalg import qr

    if M.size == 0:
        return []
    _, R, perm = qr(M.T, pivoting=True, mode="economic")
    d = np.abs(np.diag(R))
    rank = int(np.sum(d > tol * max(1.0, float(d.max()) if len(d) else 1.0)))
    return sorted(int(k) for k in perm[:rank])


def recover_primal(G, p_float, Gf) -> list[Fraction] | None:
    """The exact vertex with the float solution's zero profiles and tight constraints."""
    from solver.algorithms.integer_pivoting import solve_square

    K = len(p_float)
    support = [k for k in range(K) if p_float[k] > _TOL]
    if not support:
        return None
    tight = [r for r in range(len(G)) if float(Gf[r] @ p_float) <= _TOL]
    Mf = np.vstack([Gf[tight][:, support], np.ones((1, len(support)))]) if tight else \
        np.ones((1, len(support)))
    chosen = _independent(Mf)
    if len(chosen) != len(support):
        return None
    rows, rhs = [], []
    for k in chosen:
        if k == len(tight):
            rows.append([1] * len(support))
            rhs.append(1)
        else:
            rows.append([G[tight[k]][s] for s in support])
            rhs.append(0)
    z = solve_square(rows, rhs)
    if z is None:
        return None
    p = [Fraction(0)] * K
    for s, v in zip(support, z):
        p[s] = v
    if any(v < 0 for v in p) or sum(p) != 1:
        return None
    if any(sum((g * v for g, v in zip(row, p) if v), Fraction(0)) < 0 for row in G):
        return None
    return p


def recover_dual(G, c, p, duals_float, Gf, cf):
    """Exact dual values (alpha >= 0 for the incentive rows, w for sum p = 1) proving
    ``p`` optimal, or None (``cf``: the float objective on the scale of ``Gf``).  Dual feasibility: ``w >= c_s + sum_r alpha_r G[r][s]`` for
    every profile *s*, with equality where ``p_s > 0``; then ``w = c . p``."""
    from solver.algorithms.integer_pivoting import solve_square

    K = len(p)
    active = [r for r in range(len(G)) if duals_float[r] > _TOL]
    # the profiles whose dual constraint is tight: the support of p, and where the float
    # duals make it tight (a degenerate dual vertex needs those equations too)
    reduced = cf + duals_float[active] @ Gf[active] if active else cf.copy()
    top = float(np.max(reduced))
    support = [s for s in range(K) if p[s] > 0 or reduced[s] >= top - _TOL]
    # unknowns: alpha_active, w; equations: w - sum alpha G = c_s on those profiles
    Mf = np.array([[-Gf[r][s] for r in active] + [1.0] for s in support])
    cols = _independent(Mf.T)                  # independent unknowns
    if len(cols) != len(active) + 1:
        return None
    rows_idx = _independent(Mf[:, cols])
    if len(rows_idx) != len(cols):
        return None
    rows = [[(-G[active[u]][support[e]] if u < len(active) else 1) for u in cols]
            for e in rows_idx]
    rhs = [c[support[e]] for e in rows_idx]
    z = solve_square(rows, rhs)
    if z is None:
        return None
    alpha = [Fraction(0)] * len(G)
    w = None
    for u, v in zip(cols, z):
        if u < len(active):
            alpha[active[u]] = v
        else:
            w = v
    if w is None or any(a < 0 for a in alpha):
        return None
    value = sum((cv * pv for cv, pv in zip(c, p) if pv), Fraction(0))
    if w != value:
        return None
    for s in range(K):
        reduced = c[s] + sum((alpha[r] * G[r][s] for r in active if G[r][s]), Fraction(0))
        if reduced > w:
            return None
    return alpha, w
