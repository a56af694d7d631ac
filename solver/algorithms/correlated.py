"""Correlated and coarse correlated equilibria of n-player normal forms, exactly.

A **correlated equilibrium** (Aumann 1974, "Subjectivity and correlation in randomized
strategies", *J. Math. Econ.* 1, 67-96) is a probability distribution *p* over profiles
of strategies that a mediator draws from, telling each player only his own part,
such that no player gains by disobeying: for every player *i* and strategies
:math:`j \\ne j'`,

.. math::

    \\sum_{s_{-i}} p(j, s_{-i})\\, [u_i(j, s_{-i}) - u_i(j', s_{-i})] \\ge 0 .

In a **coarse** correlated equilibrium (Moulin and Vial 1978) a player commits before
he hears his part, so only the deviations to a fixed :math:`j'` count:
:math:`\\sum_s p(s)\\,[u_i(s) - u_i(j', s_{-i})] \\ge 0`.  Both sets are polytopes (a
Nash equilibrium's product distribution lies in them), and a linear objective (total
payoff, one player's payoff, any weights) is maximised over them by linear
programming (Papadimitriou and Roughgarden 2008, "Computing correlated equilibria in
multi-player games", *JACM* 55).

The LP is solved in floating point by HiGHS (``scipy.optimize.linprog``); the exact
optimal vertex is then recovered from what the float solution says, the profiles it
leaves out and the incentive constraints it makes tight, by solving those equations
in rationals (:func:`solver.algorithms.integer_pivoting.solve_square`), and so are
the optimal dual values (the tight constraints' multipliers).  The answer is
certified exactly: every incentive constraint >= 0, probabilities >= 0 summing to 1,
and the duals feasible with the same objective value (so the distribution is
optimal, by LP duality).  If the recovery fails the LP is solved again by an exact
simplex method (:func:`solver.algorithms.exact_lp.solve_lp`), for LPs up to
``EXACT_SIMPLEX_CELLS`` profiles.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from solver.errors import GameError, InvalidGameError, SolverError
from solver.numbers import DEFAULT_TOLERANCE, format_number, json_number

__all__ = ["CorrelatedEquilibrium", "correlated_equilibrium", "incentive_rows",
           "objective_vector", "margins", "build", "recover_primal", "recover_dual",
           "EXACT_SIMPLEX_CELLS"]

#: Largest number of profiles whose LP the exact simplex fallback takes on.
EXACT_SIMPLEX_CELLS = 400
#: Float tolerance (payoffs normalised to [0, 1]) for reading the LP's solution.
_TOL = 1e-9


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A (coarse) correlated equilibrium: a distribution over profiles of strategies.

    Attributes
    ----------
    game : NormalFormGame
    distribution : tuple of (tuple of str, number)
        The profiles drawn with positive probability (strategy labels, one per
        player) and their probabilities, in the game's cell order.
    payoffs : tuple
        Each player's expected payoff.
    coarse : bool
        True for a coarse correlated equilibrium.
    objective : str
        What was maximised, in words (``"total payoff"``, ``"Row's payoff"``, ...).
    value : number or None
        The maximum of the objective.
    exact : bool
        Whether the numbers are exact and certified exactly.
    optimal : bool
        Whether optimality was certified (by exact dual values); False for an
        extreme point listed without an objective.
    slack : number
        The smallest incentive constraint (>= 0; 0 when one binds).
    notes : tuple of str
    """

    game: Any
    distribution: tuple[tuple[tuple[str, ...], Any], ...]
    payoffs: tuple[Any, ...]
    coarse: bool
    objective: str
    value: Any
    exact: bool
    optimal: bool
    slack: Any
    notes: tuple[str, ...] = field(default=())

    @property
    def probabilities(self) -> dict[tuple[str, ...], Any]:
        """``{profile labels: probability}`` for the profiles drawn."""
        return dict(self.distribution)

    def probability(self, *labels: str):
        """The probability of one profile (0 if it is never drawn)."""
        return self.probabilities.get(tuple(labels), Fraction(0) if self.exact else 0.0)

    def to_dict(self) -> dict:
        return {"coarse": self.coarse, "objective": self.objective, "exact": self.exact,
                "optimal": self.optimal,
                "value": None if self.value is None else json_number(self.value),
                "distribution": [{"profile": list(labels), "probability": json_number(p)}
                                 for labels, p in self.distribution],
                "payoffs": [json_number(u) for u in self.payoffs],
                "slack": json_number(self.slack)}

    def __str__(self) -> str:
        kind = "coarse correlated equilibrium" if self.coarse else "correlated equilibrium"
        head = f"A {kind}" + (f" maximising {self.objective}" if self.objective else "")
        if self.value is not None:
            head += f" (maximum {format_number(self.value)})"
        draws = "; ".join(f"({', '.join(labels)}) with probability {format_number(p)}"
                          for labels, p in self.distribution)
        tell = ("each player is told only his own strategy, and none gains by playing "
                "another" if not self.coarse else
                "each player commits to follow before the draw, and none gains by "
                "committing to a fixed strategy instead")
        pays = ", ".join(f"{name} {format_number(u)}"
                         for name, u in zip(self.game.players, self.payoffs))
        how = "exact" if self.exact else "floating point"
        return (f"{head}: a mediator draws {draws}; {tell}.  Expected payoffs: {pays} "
                f"({how}; smallest incentive margin {format_number(self.slack)}).")


# ---------------------------------------------------------------------- the LP data
def _cells(shape) -> list[tuple[int, ...]]:
    return list(np.ndindex(*shape))


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
        total = sum(pay[1:], pay[0])
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


# ---------------------------------------------------------------------- solving
def correlated_equilibrium(game, objective="welfare", *, coarse: bool = False,
                           tol: float | None = None) -> CorrelatedEquilibrium:
    """The (coarse) correlated equilibrium maximising a linear objective.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game with any number of players.
    objective : str, int, sequence or array
        ``"welfare"`` (default: the sum of the players' expected payoffs), a player
        (name or index: his expected payoff), one weight per player, or a
        coefficient per profile (an array of the game's shape).
    coarse : bool
        Coarse correlated equilibria instead (Moulin and Vial 1978).
    tol : float, optional
        Float games only: relative tolerance of the certificate.

    Returns
    -------
    CorrelatedEquilibrium
        Exact and certified optimal in an exact game.

    Examples
    --------
    Aumann's game of chicken: the best total payoff a mediator can reach is 21/2,
    with (C, C) drawn half the time.

    >>> from solver import NormalFormGame
    >>> chicken = NormalFormGame.from_matrices([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                        strategies=(("C", "D"), ("C", "D")))
    >>> ce = correlated_equilibrium(chicken)
    >>> ce.value, ce.probability("C", "C"), ce.payoffs
    (Fraction(21, 2), Fraction(1, 2), (Fraction(21, 4), Fraction(21, 4)))
    """
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError("correlated equilibria are computed for normal-form games; "
                               "for a tree, use its reduced normal form")
    game.require_concrete()
    c, words = objective_vector(game, objective)
    exact = game.exact and all(isinstance(v, Fraction) for v in c)
    G, _ = incentive_rows(game, coarse=coarse, exact=exact)
    Gf, _ = incentive_rows(game, coarse=coarse, exact=False)
    cf = np.array([float(v) for v in c])
    span = float(cf.max() - cf.min()) if len(cf) else 0.0
    cf_n = cf / span if span > 0 else cf
    lp = _float_lp(np.array(Gf, dtype=float).reshape(len(Gf), -1), cf_n)
    notes = []
    if exact:
        p = y = None
        if lp is not None:
            p = recover_primal(G, lp[0], np.array(Gf, dtype=float).reshape(len(Gf), -1))
            if p is not None:
                y = recover_dual(G, c, p, lp[1], np.array(Gf, dtype=float).reshape(len(Gf), -1),
                                 cf_n)
        if p is None or y is None:
            p = _simplex(game, G, c)
            notes.append("the float LP's vertex could not be recovered exactly; solved by the "
                         "exact simplex method")
        value = sum((cv * pv for cv, pv in zip(c, p) if pv), Fraction(0))
        return build(game, p, coarse, words, value, exact=True, optimal=True,
                     notes=tuple(notes))
    if lp is None:
        raise SolverError("correlated_equilibrium: the float LP failed")
    p = np.clip(lp[0], 0.0, None)
    p = list(p / p.sum())
    value = float(np.dot(cf, p))
    tol = DEFAULT_TOLERANCE if tol is None else tol
    return build(game, p, coarse, words, value, exact=False, optimal=True, tol=tol,
                 notes=("float game: the LP's solution, certified to a relative tolerance "
                        f"of {tol:g}",))


def _float_lp(G: np.ndarray, c: np.ndarray):
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


def _simplex(game, G, c) -> list[Fraction]:
    from solver.algorithms.exact_lp import solve_lp
    from solver.errors import SolverLimitError

    K = len(c)
    if K > EXACT_SIMPLEX_CELLS:
        raise SolverLimitError(
            f"correlated_equilibrium: the float LP's vertex could not be recovered exactly and "
            f"the game has {K} profiles, more than the exact simplex fallback takes "
            f"(EXACT_SIMPLEX_CELLS = {EXACT_SIMPLEX_CELLS}); solve a float copy of the game for "
            "a float answer")
    # maximise c.p subject to G p >= 0 (every incentive constraint), sum p = 1, p >= 0
    res = solve_lp(c, A_ub=[[-g for g in row] for row in G], b_ub=[0] * len(G),
                   A_eq=[[1] * K], b_eq=[1])
    if res.status != "optimal":  # pragma: no cover - the polytope is never empty
        raise SolverError(f"correlated_equilibrium: the exact simplex found the LP {res.status}")
    return list(res.x)


def margins(game, p, *, coarse: bool = False) -> list:
    """Every incentive constraint's value at the distribution ``p`` (one number per
    cell, C order), in payoff units: what following the mediator gains over each
    deviation (exact when ``p`` and the game are)."""
    exact = game.exact and all(isinstance(v, Fraction) for v in p)
    P = np.array(p, dtype=object if exact else float).reshape(game.shape)
    out = []
    for i, m in enumerate(game.shape):
        U = np.asarray(game.payoffs[i], dtype=object if exact else float)
        for jp in range(m):
            gain = U - np.take(U, [jp], axis=i)
            if coarse:
                out.append((P * gain).sum())
                continue
            for j in range(m):
                if j != jp:
                    out.append((np.take(P, [j], axis=i) * np.take(gain, [j], axis=i)).sum())
    return out


def build(game, p, coarse: bool, words: str, value, *, exact: bool, optimal: bool,
          tol: float | None = None, notes: tuple = ()) -> CorrelatedEquilibrium:
    """Certify ``p`` (all incentive constraints >= 0, a distribution) and wrap it."""
    cells = _cells(game.shape)
    values = margins(game, p, coarse=coarse)
    slack = min(values) if values else (Fraction(0) if exact else 0.0)
    total = sum(p)
    if exact:
        if any(v < 0 for v in p) or total != 1 or slack < 0:
            raise SolverError("correlated equilibrium certificate failed: "
                              f"sum {total}, smallest incentive margin {slack}")
    else:
        span = max(float(np.ptp(np.asarray(game.float_payoffs, dtype=float))), 1e-300)
        if any(v < -tol for v in p) or abs(total - 1) > tol or slack < -tol * span:
            raise SolverError("correlated equilibrium certificate failed (float): "
                              f"sum {total}, smallest incentive margin {slack}")
        slack = max(float(slack), 0.0)
    pay = []
    for i in range(game.n_players):
        table = np.asarray(game.payoffs[i]).reshape(-1)
        if exact:
            pay.append(sum((table[k] * v for k, v in enumerate(p) if v), Fraction(0)))
        else:
            pay.append(float(sum(float(table[k]) * v for k, v in enumerate(p))))
    dist = tuple((tuple(game.strategies[i][s] for i, s in enumerate(cell)), v)
                 for cell, v in zip(cells, p) if v > 0)
    return CorrelatedEquilibrium(game, dist, tuple(pay), coarse, words, value, exact, optimal,
                                 slack, tuple(notes))
