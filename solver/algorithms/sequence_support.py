"""A general-sum tree's equilibrium from a guess of its supports, made exact and certified.

In the sequence form (Koller, Megiddo and von Stengel 1996, GEB 14, sec. 4) a pair of
realisation plans ``x, y`` is a Nash equilibrium exactly when there are multipliers
``p, q`` (the players' best-response values per information set, the duals of their
best-response linear programs) with::

    E x = e,  x >= 0,   slack_x = E'p - A y >= 0,   x' slack_x = 0
    F y = f,  y >= 0,   slack_y = F'q - B'x >= 0,   y' slack_y = 0

Only the complementarity ``x' slack_x = y' slack_y = 0`` is not linear.  Once a
*support guess* is fixed -- which sequences are to be best responses (slack 0) and
which are to be unplayed (weight 0) -- what is left is a linear feasibility problem.
Here the guess is weighted rather than sharp, and posed as a linear program that is
always feasible::

    minimise  wx'x + vx'slack_x + wy'y + vy'slack_y

over the plans and multipliers above (without the complementarity), where a
sequence's weight on its own play ``wx(s)`` is how far it fell short of the best at
the last point ``(x, y)``, and its weight on its slack ``vx(s)`` how much it was
played there: a sequence that was played is asked to stay a best response, one that
fell short to stay unplayed.  At the last point this objective is twice the
complementarity gap ``x'slack_x + y'slack_y`` (the sum of the players' regrets), so
the program is the linearisation of that gap (successive linear programming on the
bilinear formulation of the LCP, as in Mangasarian 1995, "The linear complementarity
problem as a separable bilinear program", J. Global Optim. 6); its optimum is 0
exactly when an equilibrium agrees with the guess.  A few rounds are tried; when the
gap is (numerically) 0 the supports are taken as found.

The first guess comes from the zero-sum game ``(A - B) / 2`` (the constant-sum part of
the game), solved by the sequence-form LP of von Stengel (1996, thm. 4.1): for a game
that is nearly zero-sum, such as poker with a small rake, its supports are close to an
equilibrium's.  When the guess is right the float plans are made exact from the
players' indifferences (:func:`solver.algorithms.sequence_lp.exact_plan`) and certified
in the sequence form's integers (:mod:`solver.algorithms.sequence_certificate`): an
answer is returned only with regret exactly 0 for both players.  When the gap does not
reach 0 in :data:`ROUNDS` linear programs, or stops falling for :data:`STALL` of them,
``None`` is returned and the caller follows Lemke's path instead.
"""
from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from solver.errors import SolverError

__all__ = ["support_equilibrium", "constant_sum_spread", "ROUNDS", "GAP_TOLERANCE", "STALL",
           "WEIGHT_FLOOR", "NEARLY_CONSTANT_SUM"]

#: Corrections of the support guess before giving up.
ROUNDS = 8
#: The complementarity gap ``x'slack_x + y'slack_y`` (payoffs scaled into [-1, 1]) that
#: counts as 0, so that the plans are worth making exact.
GAP_TOLERANCE = 1e-9
#: Added to every weight, so that a sequence unplayed and tight keeps a small cost.
WEIGHT_FLOOR = 1e-6
#: Rounds without a new lowest gap before giving up.
STALL = 2
#: The largest :func:`constant_sum_spread` of the games the support guess is meant for
#: (raked Leduc poker: 0.05; independent random payoffs: about 1 and more).
NEARLY_CONSTANT_SUM = 0.25


def constant_sum_spread(game) -> float:
    """How far a two-player tree is from constant-sum: the spread ``max - min`` of
    ``u1 + u2`` over its leaves, over the smaller of the players' payoff ranges (0 for
    a constant-sum tree).

    Examples
    --------
    >>> from solver import TreeBuilder
    >>> b = TreeBuilder(players=("A", "B"))
    >>> r = b.decision("A", ("L", "R"))
    >>> _ = b.terminal(r[0], payoffs=(4, -4)); _ = b.terminal(r[1], payoffs=(-4, 5))
    >>> constant_sum_spread(b.build())
    0.125
    """
    from solver.forms.extensive.game import TERMINAL
    pp = game.path_payoffs
    leaves = [pp[h] for h in np.flatnonzero(game.node_kind == TERMINAL).tolist()]
    if not leaves:
        return 0.0
    fast = _float_sums(leaves)
    if fast is not None:
        sums, ranges = fast
    else:
        sums = [float(u[0] + u[1]) for u in leaves]
        ranges = [max(float(u[i]) for u in leaves) - min(float(u[i]) for u in leaves)
                  for i in range(2)]
    if max(sums) == min(sums):
        return 0.0
    return (max(sums) - min(sums)) / (min(ranges) or 1e-300)


def _float_sums(leaves):
    """``u1 + u2`` per leaf and each player's payoff range, as the floats nearest the
    exact numbers (as ``float(u1 + u2)`` gives them), from int64 numerators and
    denominators below ``2**26``, or None for other payoffs."""
    P = np.array(leaves)
    if P.dtype.kind == "i":
        Pn, Pd = P, np.ones_like(P)
    else:
        try:
            Pn = np.array([[u.numerator for u in pr] for pr in leaves])
            Pd = np.array([[u.denominator for u in pr] for pr in leaves])
        except (AttributeError, OverflowError):
            return None
    if Pn.dtype.kind != "i" or Pd.dtype.kind != "i" or Pn.ndim != 2 or Pn.shape[1] != 2 \
            or max(int(np.abs(Pn).max()), int(Pd.max())) >= 2 ** 26:
        return None
    # numerators and denominators below 2**53: one correctly rounded division each
    sums = (Pn[:, 0] * Pd[:, 1] + Pn[:, 1] * Pd[:, 0]) / (Pd[:, 0] * Pd[:, 1])
    u = Pn / Pd
    return sums.tolist(), [float(u[:, i].max() - u[:, i].min()) for i in range(2)]


def _linprog(c, A_ub, b_ub, A_eq, b_eq, bounds, deadline):
    from scipy.optimize import linprog
    options = {}
    if deadline is not None and deadline.end is not None:
        deadline.check("before a support-guess LP of the sequence form")
        options["time_limit"] = max(deadline.end - time.monotonic(), 0.01)
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                  method="highs", options=options)
    if deadline is not None:
        deadline.check("solving a support-guess LP of the sequence form")
    return res


def _matrices(sf):
    """``A``, ``B`` (floats, each divided by its largest absolute entry), ``E``, ``F``."""
    out = []
    for i in range(2):
        M = sf.payoff_matrix(i)
        out.append(M / (float(np.abs(M.data).max(initial=0.0)) or 1.0))
    return out[0], out[1], sf.E.astype(float).tocsr(), sf.F.astype(float).tocsr()


def _zero_sum_start(A, B, E, F, deadline):
    """Optimal plans of the zero-sum game ``(A - B) / 2`` (von Stengel 1996, thm. 4.1)."""
    Z = ((A - B) / 2).tocsr()
    n1, n2 = Z.shape
    r1, r2 = E.shape[0], F.shape[0]
    c = np.zeros(n1 + r2)
    c[n1] = -1.0
    A_ub = sp.hstack([-Z.T, F.T], format="csr")
    A_eq = sp.hstack([E, sp.csr_matrix((r1, r2))], format="csr")
    b_eq = np.zeros(r1)
    b_eq[0] = 1.0
    res = _linprog(c, A_ub, np.zeros(n2), A_eq, b_eq,
                   [(0, None)] * n1 + [(None, None)] * r2, deadline)
    if res.status != 0:
        raise SolverError(f"the zero-sum LP of the first guess failed: {res.message}")
    return np.maximum(res.x[:n1], 0.0), np.maximum(-res.ineqlin.marginals, 0.0)


def _slacks(sf, i: int, u: np.ndarray) -> np.ndarray:
    """Per sequence of player *i* earning ``u`` directly, how far it falls short of the
    best at its set (``E'p - u`` with ``p`` the best-response values)."""
    start, parent = sf.start[i].tolist(), sf.parent_sequence[i].tolist()
    sets = sf.game.infosets[i]
    kids: list[list[int]] = [[] for _ in range(sf.n_sequences[i])]
    for k, s in enumerate(parent):
        kids[s].append(k)
    V = [0.0] * len(sets)
    slack = np.zeros(sf.n_sequences[i])
    for k in sorted(range(len(sets)), key=lambda k: -sets[k].nodes[0]):
        vals = [u[start[k] + a] + sum(V[c] for c in kids[start[k] + a])
                for a in range(len(sets[k].actions))]
        V[k] = max(vals)
        for a, v in enumerate(vals):
            slack[start[k] + a] = V[k] - v
    return slack


def _penalty_lp(A, B, E, F, weights, deadline):
    """The linearised complementarity LP; returns ``(x, y)``.

    ``weights = (wx, wy, vx, vy)``: minimise ``wx'x + vx'slack_x + wy'y + vy'slack_y``
    over plans and multipliers with ``slack_x = E'p - A y >= 0``, ``slack_y = F'q - B'x
    >= 0``.
    """
    wx, wy, vx, vy = weights
    n1, n2 = A.shape
    r1, r2 = E.shape[0], F.shape[0]
    c = np.concatenate([wx - B @ vy, wy - A.T @ vx, E @ vx, F @ vy])
    Z12 = sp.csr_matrix((n1, r2))
    Z21 = sp.csr_matrix((n2, r1))
    A_ub = sp.vstack([
        sp.hstack([sp.csr_matrix((n1, n1)), A, -E.T, Z12]),       # A y - E'p <= 0
        sp.hstack([B.T, sp.csr_matrix((n2, n2)), Z21, -F.T]),     # B'x - F'q <= 0
    ], format="csr")
    A_eq = sp.vstack([
        sp.hstack([E, sp.csr_matrix((r1, n2 + r1 + r2))]),
        sp.hstack([sp.csr_matrix((r2, n1)), F, sp.csr_matrix((r2, r1 + r2))]),
    ], format="csr")
    b_eq = np.zeros(r1 + r2)
    b_eq[0] = b_eq[r1] = 1.0
    res = _linprog(c, A_ub, np.zeros(n1 + n2), A_eq, b_eq,
                   [(0, None)] * (n1 + n2) + [(None, None)] * (r1 + r2), deadline)
    if res.status != 0:
        raise SolverError(f"a support-guess LP failed: {res.message}")
    return np.maximum(res.x[:n1], 0.0), np.maximum(res.x[n1:n1 + n2], 0.0)


def support_equilibrium(sf, finish, *, rounds: int = ROUNDS, deadline=None):
    """One exact, certified equilibrium of a general-sum tree from a support guess.

    Parameters
    ----------
    sf : SequenceForm
        The sequence form of an exact two-player tree.
    finish : PlanFinisher
        Certifies exact plans (regret exactly 0) and completes the behaviour.
    rounds : int
        Support-guess linear programs to try before giving up.
    deadline : Deadline, optional
        Bounds HiGHS's time.

    Returns
    -------
    (TreeEquilibrium, notes, rounds) or None
        None when no guess led to a certified equilibrium (the caller then follows
        Lemke's path); ``rounds`` is the number of support-guess LPs solved.

    Examples
    --------
    >>> from solver import TreeBuilder
    >>> from solver.algorithms.sequence_certificate import PlanFinisher
    >>> from solver.conversions.sequence_form import build_sequence_form
    >>> b = TreeBuilder(players=("A", "B"))
    >>> r = b.decision("A", ("L", "R"))
    >>> _ = b.terminal(r[0], payoffs=(1, 2)); _ = b.terminal(r[1], payoffs=(2, 0))
    >>> sf = build_sequence_form(b.build())
    >>> eq, notes, n = support_equilibrium(sf, PlanFinisher(sf))
    >>> eq.regret
    (Fraction(0, 1), Fraction(0, 1))
    """
    from solver.algorithms.sequence_lp import exact_plans
    if not sf.game.exact or max((abs(v) for vals in sf.values for v in vals),
                                default=0).bit_length() >= 40:
        return None
    A, B, E, F = _matrices(sf)
    try:
        x, y = _zero_sum_start(A, B, E, F, deadline)
    except SolverError:
        return None
    best, stalled = np.inf, 0
    for n in range(rounds + 1):
        s1, s2 = _slacks(sf, 0, A @ y), _slacks(sf, 1, B.T @ x)
        gap = float(x @ s1 + y @ s2)
        # full steps of the linearisation can cycle (period two is common): give up
        # once the gap has not reached a new low in STALL rounds
        best, stalled = (gap, 0) if gap < best else (best, stalled + 1)
        if stalled >= STALL:
            break
        if gap <= GAP_TOLERANCE:
            plans = exact_plans(sf, x, y)
            if plans is not None:
                try:
                    eq = finish(sf.game, None, plans=plans)
                except SolverError:
                    pass
                else:
                    return eq, [f"found from a guess of the supports (the zero-sum part's LP, "
                                f"then {n} support-guess LP{'' if n == 1 else 's'}), made "
                                "exact and certified"], n
        if n == rounds:
            break
        try:
            x, y = _penalty_lp(A, B, E, F, (s1 + WEIGHT_FLOOR, s2 + WEIGHT_FLOOR,
                                            x + WEIGHT_FLOOR, y + WEIGHT_FLOOR), deadline)
        except SolverError:
            return None
    return None
