"""The zero-sum sequence-form linear program, solved in floats and certified exactly.

In a zero-sum tree player 1's optimal realisation plans are the ``x`` of an
optimal solution of the linear program (von Stengel 1996, "Efficient computation
of behavior strategies", GEB 14, thm. 4.1)::

    maximise q_0   over x, q   subject to   E x = e,  x >= 0,  F'q <= A'x

the dual of player 2's best response to ``x``; the duals of ``F'q <= A'x`` are an
optimal plan ``y`` of player 2, and ``q_0`` is the value.  HiGHS solves it in
floating point.  The exact answer is then recovered from what the float
solution says: which sequences each plan plays, and which of the opponent's
sequences are best responses to it.  The opponent's indifferences between his
best sequences are linear equations in the plan; parametrising the plan on its
support (one unknown per extra action played at a reached set), they form a small
integer system, solved exactly with python-flint (its p-adic / multimodular
solver is far faster than Fraction elimination here).  Where the equations leave
some freedom (a face of optimal plans), those unknowns are set to simple
fractions near their float values.  The exact plans are then certified in the
sequence form's integers (:mod:`solver.algorithms.sequence_certificate`: each
player's best-response value against the other's plan equals his payoff); if
anything fails, an exact fallback runs or the float answer is returned, marked
inexact.  A constant-sum tree (the two payoffs summing to the
same ``c`` at every leaf) is solved the same way on player 1's payoffs.
"""
from __future__ import annotations

import time
from fractions import Fraction
from math import lcm

import numpy as np
import scipy.sparse as sp

from solver.algorithms.sequence_certificate import IntegerPlan, PlanFinisher
from solver.algorithms.sequence_refinement import refined_solve
from solver.conversions.sequence_form import SequenceForm
from solver.errors import SolverError

__all__ = ["solve_constant_sum", "exact_plan", "exact_plans", "FLOAT_TOLERANCE"]

#: Relative tolerance (times the payoff range) of the certificate of a float answer.
FLOAT_TOLERANCE = 1e-6


def _tight_sequences(sf: SequenceForm, j: int, w: np.ndarray, tol: float):
    """Float best-response pass of player *j* whose sequences earn ``w``.

    Returns the chosen best sequence of each of his sets and the set of his
    sequences that are (numerically) as good as the best one at their set.
    """
    tree = sf.trees[j]
    start, nact, kids = tree.start, tree.n_actions, tree.kids
    w = w.tolist()
    V = [0.0] * len(start)
    best, tight = [0] * len(start), []
    for k in reversed(tree.order):
        first = start[k]
        vals = []
        for s in range(first, first + nact[k]):
            v = w[s]
            for c in kids[s]:
                v += V[c]
            vals.append(v)
        top = max(vals)
        best[k] = first + vals.index(top)
        V[k] = top
        tight.extend(first + a for a, v in enumerate(vals) if v >= top - tol and
                     first + a != best[k])
    return best, tight, kids


def _normal_solve(L: np.ndarray, rz: list[int], den: int = 1):
    """Exact solution of ``L t = rz / den`` (integer ``L`` of full column rank, integers
    ``rz``) through the regular normal equations ``L'L t = L'rz / den``, as integers
    ``(num, q)`` with ``t = num / q``; None if ``L`` is rank deficient or the system
    visibly inconsistent.

    ``L'L`` is formed with sparse machine integers when no sum can overflow, and
    solved by numeric-symbolic refinement
    (:func:`solver.algorithms.sequence_refinement.refined_solve`: floats, then an exact
    check); otherwise, or when the floats cannot refine it, with Python integers and
    python-flint's exact solver.  Consistency of ``L t = r`` is checked in floats
    only: the certificate of the final profile is the exact check.
    """
    rz = [int(v) for v in rz]
    top = int(np.abs(L).max(initial=0))
    n, rmax = max(L.shape[0], 1), max((abs(v) for v in rz), default=0)
    found = None
    if top * top * n < 2 ** 62 and top * rmax * n < 2 ** 62:
        Ls = sp.csr_matrix(L.astype(np.int64))
        LtL = Ls.T @ Ls
        Ltr = (Ls.T @ np.array(rz, dtype=np.int64)).tolist()
        found = refined_solve(LtL, Ltr)
        if found is None:
            LtL = LtL.toarray().tolist()
    else:
        Lo = L.astype(object)
        LtL = (Lo.T @ Lo).tolist()
        Ltr = Lo.T.dot(np.array(rz, dtype=object)).tolist()
    if found is None:
        import flint
        try:
            sol = flint.fmpz_mat(LtL).solve(flint.fmpz_mat([[int(v)] for v in Ltr]))
        except ZeroDivisionError:
            return None
        t = [Fraction(int(sol[k, 0].p), int(sol[k, 0].q)) for k in range(L.shape[1])]
        q = lcm(1, *(v.denominator for v in t))
        found = [v.numerator * (q // v.denominator) for v in t], q
    num, q = found
    q *= den
    resid = sp.csr_matrix(L) @ (np.array(num, dtype=float) / q) - np.array(rz, dtype=float) / den
    if np.abs(resid).max(initial=0.0) > 1e-7 * max(1.0, float(top)):
        return None
    return num, q


def _solve_parameters(L: np.ndarray, r: np.ndarray, guess: list[float]):
    """Exact parameters ``t`` with ``L t = r`` (integers) near the float solution
    ``guess``, as integers ``(num, q)`` with ``t = num / q``; None if there are none.

    When the equations do not determine every parameter (the optimal plans form
    a face, not a point, in those directions), the undetermined ones are fixed
    at simple fractions close to their float values and the rest solved for.
    """
    d = L.shape[1]
    if d == 0:
        return [], 1
    rr = [int(v) for v in r]
    if L.shape[0] >= d:
        found = _normal_solve(L, rr)
        if found is not None:
            return found
    from scipy.linalg import qr
    if L.shape[0] == 0:
        return _common([Fraction(g).limit_denominator(1000) for g in guess])
    _, R, piv = qr(L.astype(float), mode="economic", pivoting=True)
    diag = np.abs(np.diag(R))
    rank = int(np.sum(diag > 1e-9 * max(diag[0], 1.0))) if diag.size else 0
    keep, fixed = np.sort(piv[:rank]), np.sort(piv[rank:])
    tf = {int(j): Fraction(guess[j]).limit_denominator(1000) for j in fixed}
    rest = [rv - sum((int(L[row, j]) * v for j, v in tf.items()), Fraction(0))
            for row, rv in enumerate(rr)]
    rest_num, rest_den = _common(rest)
    tk = _normal_solve(L[:, keep], rest_num, rest_den) if rank else \
        (([], 1) if all(v == 0 for v in rest) else None)
    if tk is None:
        return None
    out = [Fraction(0)] * d
    for j, v in zip(keep.tolist(), tk[0]):
        out[j] = Fraction(v, tk[1])
    for j, v in tf.items():
        out[j] = v
    return _common(out)


def _common(values: list[Fraction]) -> tuple[list[int], int]:
    """Rationals as integers over their least common denominator."""
    q = lcm(1, *(v.denominator for v in values))
    return [v.numerator * (q // v.denominator) for v in values], q


def exact_plan(sf: SequenceForm, i: int, z: np.ndarray, M: sp.csr_matrix, tol: float,
               scale: int | None = None):
    """Recover player *i*'s plan exactly from the float optimum ``z``.

    ``M`` (opponent's sequences x player *i*'s, integers) is the opponent's
    payoff, over ``scale`` (default ``sf.scales[0]``).  The opponent's indifferences between his best sequences, which the
    float solution makes tight, are linear equations in the plan (each compares a
    tight sequence's continuation with the best one at its set, the opponent's
    best responses below both fixed by the float pass); the plan is parametrised
    on its support (one unknown per extra action played at a reached set), and
    the integer system in those unknowns is solved exactly
    (:func:`_solve_parameters`).  Returns an
    :class:`~solver.algorithms.sequence_certificate.IntegerPlan`, or None.
    """
    j = 1 - i
    n = sf.n_sequences[i]
    w = M.astype(float) @ z / (sf.scales[0] if scale is None else scale)
    best, tight, kids = _tight_sequences(sf, j, w, tol)
    # R[k]: sequences of the opponent that his best response takes below set k
    R: dict[int, list[int]] = {}
    for k in reversed(sf.trees[j].order):
        s = best[k]
        R[k] = [s] + [t for c in kids[s] for t in R[c]]
    jset = sf.trees[j].set_of
    rr, cc, vv = [], [], []
    for r, s in enumerate(tight):
        # s and the best responses below it, minus the best line of its set
        cols = [s] + [t for c in kids[s] for t in R[c]]
        rr.extend([r] * len(cols)); cc.extend(cols); vv.extend([1] * len(cols))
        cols = R[jset[s]]
        rr.extend([r] * len(cols)); cc.extend(cols); vv.extend([-1] * len(cols))
    G = sp.csr_matrix((vv, (rr, cc)), shape=(len(tight), sf.n_sequences[j]), dtype=np.int64) @ M
    # parametrise the plan on its support: x = X[:, 0] + X[:, 1:] t
    support = (z > 1e-9).tolist()
    if not support[0]:
        return None
    rows: dict[int, dict[int, int]] = {0: {0: 1}}
    d, free = 0, []
    tree = sf.trees[i]
    start, parent, nact = tree.start, tree.parent, tree.n_actions
    for k in tree.order:
        if parent[k] not in rows:
            continue
        acts = [start[k] + a for a in range(nact[k]) if support[start[k] + a]]
        if not acts:
            return None
        base = dict(rows[parent[k]])
        for s in acts[1:]:
            d += 1
            free.append(float(z[s]))
            rows[s] = {d: 1}
            base[d] = base.get(d, 0) - 1
        rows[acts[0]] = {c: v for c, v in base.items() if v}
    rr, cc, vv = [], [], []
    for s, row in rows.items():
        for c, v in row.items():
            rr.append(s); cc.append(c); vv.append(v)
    X = sp.csr_matrix((vv, (rr, cc)), shape=(n, d + 1), dtype=np.int64)
    H = (G @ X).tocsc()
    found = _solve_parameters(H[:, 1:].toarray(), -H[:, 0].toarray().ravel(), free)
    if found is None:
        return None
    num, den = found
    coef = [den] + num
    x = [0] * n
    for s, row in rows.items():
        x[s] = sum(coef[c] * v for c, v in row.items())
    if any(v < 0 for v in x):
        return None
    return IntegerPlan(tuple(x), den)


def exact_plans(sf: SequenceForm, x: np.ndarray, y: np.ndarray):
    """Both players' float plans ``x``, ``y`` made exact from the other's indifferences.

    Each plan is recovered by :func:`exact_plan` from the other player's payoffs,
    with a tolerance of 1e-9 times the largest of them.  Returns the pair of
    :class:`~solver.algorithms.sequence_certificate.IntegerPlan`, or None when
    either cannot be made exact (the caller then takes an exact path).
    """
    plans = []
    for i, (v, other) in enumerate(((x, 1), (y, 0))):
        M_other = sf.payoff_matrix(other, exact=True)
        M_other = M_other.T.tocsr() if other == 1 else M_other
        top = float(max((abs(t) for t in sf.values[other]), default=1)) / sf.scales[other]
        plan = exact_plan(sf, i, v, M_other, 1e-9 * max(top, 1e-300), scale=sf.scales[other])
        if plan is None:
            return None
        plans.append(plan)
    return tuple(plans)


def solve_constant_sum(sf: SequenceForm, finish=None, deadline=None,
                       fallback=None) -> tuple:
    """Sequence-form LP of player 1 (von Stengel 1996, thm. 4.1) and its exact certificate.

    The plans are certified by ``finish(game, None, tol=..., plans=(x, y))``: by
    default a :class:`solver.algorithms.sequence_certificate.PlanFinisher` without
    completion, which certifies exact plans in the sequence form's integers and float
    plans by :func:`solver.forms.extensive.behavior.certify_behavior` with ``tol``.

    The LP is given player 1's payoffs divided by their largest absolute value, so
    HiGHS meets numbers near 1 whatever the payoffs' scale.  When the LP fails, or
    an exact game's plans cannot be recovered exactly (payoffs of 10^10 and more
    beside small ones leave the float optimum too coarse), ``fallback()`` -- an exact
    method returning ``(equilibrium, exact, notes, pivots)``, Lemke's algorithm on the
    sequence form in :func:`solver.algorithms.sequence_form.sequence_form` -- gives
    the answer instead, as the normal-form zero-sum LP falls back on exact pivoting.
    ``deadline`` (a :class:`solver.algorithms.limits.Deadline`) bounds HiGHS's time.

    Player 1 maximises ``q_0`` over plans ``x`` (``E x = e, x >= 0``) and free
    ``q`` subject to ``F' q <= A' x``: the dual of player 2's best response to
    ``x`` (``min x' A y, F y = f, y >= 0``).  The LP's duals on ``F' q <= A' x``
    are an optimal plan ``y`` of player 2.

    Returns
    -------
    (TreeEquilibrium, value, exact, notes)
    """
    from scipy.optimize import linprog
    game = sf.game
    if finish is None:
        finish = PlanFinisher(sf, complete=False)
    A = sf.payoff_matrix(0)
    scale_lp = float(np.abs(A.data).max(initial=0.0)) or 1.0
    A = A / scale_lp                       # entries within [-1, 1] for HiGHS
    n1, n2 = sf.n_sequences
    r1, r2 = sf.E.shape[0], sf.F.shape[0]
    c = np.zeros(n1 + r2)
    c[n1] = -1.0
    A_ub = sp.hstack([-A.T, sf.F.T.astype(float)], format="csr")
    A_eq = sp.hstack([sf.E.astype(float), sp.csr_matrix((r1, r2))], format="csr")
    b_eq = np.zeros(r1)
    b_eq[0] = 1.0
    options = {}
    if deadline is not None and deadline.end is not None:
        deadline.check("before the sequence-form LP")
        options["time_limit"] = max(deadline.end - time.monotonic(), 0.01)
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n2), A_eq=A_eq, b_eq=b_eq,
                  bounds=[(0, None)] * n1 + [(None, None)] * r2, method="highs",
                  options=options)
    if deadline is not None:
        deadline.check("solving the sequence-form LP")
    if res.status != 0:
        if fallback is not None:
            eq, exact, notes, _ = fallback()
            return eq, eq.payoffs[0], exact, [
                f"the sequence-form LP failed ({res.message}); Lemke's algorithm on the "
                "sequence form found the equilibrium instead"] + list(notes)
        raise SolverError(f"the sequence-form LP failed: {res.message}")
    x = np.maximum(res.x[:n1], 0.0)
    y = np.maximum(-res.ineqlin.marginals, 0.0)
    notes = []
    values = sf.values[0]
    top = max(max(values), -min(values)) if values else 0
    fits = int(top).bit_length() < 40 if game.exact else False
    if game.exact and not fits:
        notes.append("the sequence-form payoffs are too large for the exact recovery's "
                     "machine integers")
    elif game.exact:
        scale = float(top or 1) / sf.scales[0]
        tol = 1e-9 * max(scale, 1e-300)
        Aint = sf.payoff_matrix(0, exact=True)
        xe = exact_plan(sf, 0, x, (-Aint.T).tocsr(), tol)
        ye = exact_plan(sf, 1, y, Aint, tol) if xe is not None else None
        if xe is not None and ye is not None:
            try:
                eq = finish(game, None, plans=(xe, ye))
                return eq, eq.payoffs[0], True, notes
            except SolverError:
                pass
    if game.exact and fallback is not None:
        eq, exact, more, _ = fallback()
        return eq, eq.payoffs[0], exact, notes + [
            "the LP's float optimum could not be made exact; Lemke's algorithm on the "
            "sequence form, in exact integer arithmetic, found the equilibrium instead"] + list(more)
    if game.exact:
        notes.append("exact recovery of the LP solution failed; the float solution is returned, "
                     "certified up to the float tolerance")
    eq = finish(game, None, tol=FLOAT_TOLERANCE, plans=(x, y))
    return eq, float(-res.fun) * scale_lp, False, notes
