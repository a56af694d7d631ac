"""A search for a sequence of trembles that proves an equilibrium perfect.

The weights of :mod:`solver.analysis.tremble_sequences` are built order by order in
eps.  Write the weights found so far, of degree ``m - 1``, as ``W``, and the next
coefficients as ``c_m``.  The coefficient of ``eps^m`` in any payoff difference
``D`` of agent ``k`` is then

    D_m(W + eps^m c_m) = J c_m + D_m(W),

where ``J`` is the Jacobian of ``D`` at the equilibrium (the payoff of ``k``'s action
when one other agent plays one pure action and the rest play ``sigma``), because a
term with ``c_m`` and any other positive-order coefficient has order above ``m``.
So each order is a linear program in ``c_m`` (solved by HiGHS, its answer read back as
fractions and checked exactly, or by the exact simplex:
:func:`solver.analysis.tremble_ties.feasible_point`):

* two actions in the support of ``sigma_k`` must tie: ``J c_m + D_m(W) = 0``;
* an action in the support against one outside it, still tied at every lower order,
  must not fall behind: ``J c_m + D_m(W) >= 0``;
* an unused action whose weight is still zero gets ``c_m >= 0``;
* each agent's coefficients sum to 0, so his weights sum to 1.  This loses nothing:
  adding a multiple of ``sigma_j`` to agent ``j``'s coefficients changes no
  coefficient that is still open, since the derivative of a payoff difference along
  ``sigma_j`` is the difference itself at the equilibrium (Euler's identity for a
  function homogeneous of degree one), which is 0 for those.

Among these, as many comparisons and weights as possible are made strictly positive
(they are then settled for good, since the lowest nonzero coefficient decides the
sign); the rest wait for the next order.  The ties hold only up to order ``m`` this
way; they are made exact by **completion**: an agent's ties are linear in the weights
of any one other agent, so the open ties are solved exactly for the weights of one
agent ``q`` who owns none of them (when their Jacobian block in ``q``'s weights has
full rank: Cramer's rule, then scaled by the determinant to stay polynomial); or one
owner's ties for another agent's weights and then all the rest for that owner's,
which his own ties do not involve.  The result, with or without completion, is
accepted only when :func:`~solver.analysis.tremble_sequences.verify_sequence` proves
it.  When the greedy pass fails, a few more passes set some order-1 coefficients in
advance (:func:`find_sequence`).  A failure proves nothing: the search is greedy, and
curves whose ties need an algebraic (not rational) solution are not represented (see
:mod:`solver.analysis.tremble_implicit` for those).
"""
from __future__ import annotations

import itertools
from fractions import Fraction

from solver.analysis.tremble_sequences import TrembleSequence, verify_sequence
from solver.analysis.tremble_ties import feasible_point
from solver.analysis.trembles import (
    Linearisation,
    Poly,
    coefficient,
    poly_add,
    poly_mul,
    poly_scale,
    poly_sub,
)

__all__ = ["find_sequence", "search_sequence", "first_order_trembles", "MAX_ORDER",
           "ATTEMPTS", "COMPLETION_LIMIT"]

#: Highest power of eps given its own coefficients by the search.
MAX_ORDER = 4

#: Largest number of further passes, with some trembles held back, after the first fails.
ATTEMPTS = 24

#: Largest number of ties solved for at once by completion (the size of the
#: determinant expanded).
COMPLETION_LIMIT = 4

_ONE = (Fraction(1),)


# ---------------------------------------------------------------------- one order
def _lp(p: Linearisation, known, pending_c, pending_t, strict, *, tidy=None, fixed=None):
    """The LP of one order.  Variables: c = u - v per coordinate, then one t per item
    in ``strict`` (maximised, at most 1).  With ``tidy=(S, floor)``: minimise |c|_1 with
    the items of ``S`` at least ``floor`` instead."""
    n = len(p.coords)
    strict = [] if tidy else list(strict)
    width = 2 * n + len(strict)
    A_ub, b_ub, A_eq, b_eq = [], [], [], []

    def expand(row):
        return list(row) + [-x for x in row] + [Fraction(0)] * len(strict)

    for item in p.ties:
        A_eq.append(expand(p.rows[item]))
        b_eq.append(-known[item])
    for j in range(p.agents.n):                  # each agent's weights keep summing to 1
        A_eq.append(expand([Fraction(int(x == j)) for x, _ in p.coords]))
        b_eq.append(Fraction(0))
    for i, v in (fixed or {}).items():           # a coefficient set in advance
        A_eq.append(expand([Fraction(int(x == i)) for x in range(n)]))
        b_eq.append(Fraction(v))
    need = {}
    for item in pending_c:
        need[item] = (p.rows[item], known[item])
    for i in pending_t:
        need[("t", i)] = ([Fraction(int(x == i)) for x in range(n)], Fraction(0))
    floor_set, floor = tidy if tidy else ((), 0)
    for key, (row, const) in need.items():
        r = [-x for x in expand(row)]               # -(J c) + t <= const
        rhs = const - (floor if key in floor_set else 0)
        if key in strict:
            r[2 * n + strict.index(key)] = Fraction(1)
        A_ub.append(r)
        b_ub.append(rhs)
    for s in range(len(strict)):
        A_ub.append([Fraction(int(x == 2 * n + s)) for x in range(width)])
        b_ub.append(Fraction(1))
    obj = ([Fraction(-1)] * (2 * n) + [Fraction(0)] * len(strict) if tidy else
           [Fraction(0)] * (2 * n) + [Fraction(1)] * len(strict))
    x = feasible_point(obj, A_ub, b_ub, A_eq, b_eq)
    if x is None:
        return None
    c = [x[i] - x[n + i] for i in range(n)]
    return c, {key: x[2 * n + s] for s, key in enumerate(strict)}


def _value(p, item, known, c):
    if item[0] == "t":
        return c[item[1]]
    return sum((x * y for x, y in zip(p.rows[item], c)), known[item])


def _order(p: Linearisation, known, pending_c, pending_t, fixed):
    """The coefficients of one order, with as many pending items strict as possible
    (the ``fixed`` coordinates at the values given)."""
    pending_t = [i for i in pending_t if i not in fixed]
    keys = list(pending_c) + [("t", i) for i in pending_t]
    homogeneous = all(not known[i] for i in list(pending_c) + p.ties)
    strict: set = set()
    points = []
    while True:
        got = _lp(p, known, pending_c, pending_t, [k for k in keys if k not in strict],
                  fixed=fixed)
        if got is None:
            return None if not points else points[-1]
        c, t = got
        new = {k for k, v in t.items() if v > 0}
        points.append(c)
        strict |= new
        if not new or homogeneous or len(strict) == len(keys):
            break
    c = [sum(x) / len(points) for x in zip(*points)]      # strict on all of ``strict``
    if strict:
        floor = min(_value(p, k, known, c) for k in strict)
        for level in (Fraction(1), floor):
            got = _lp(p, known, pending_c, pending_t, (), tidy=(strict, level), fixed=fixed)
            if got is not None:
                return got[0]
    return c


# ---------------------------------------------------------------------- completion
def _det(M) -> Poly:
    if len(M) == 1:
        return M[0][0]
    total: Poly = ()
    for j in range(len(M)):
        minor = [row[:j] + row[j + 1:] for row in M[1:]]
        term = poly_mul(M[0][j], _det(minor))
        total = poly_add(total, term if j % 2 == 0 else poly_scale(term, -1))
    return total


def _rank_pivots(rows, order):
    """Columns (tried in ``order``) giving a nonsingular square block, by exact
    elimination; None if the rows are not of full rank."""
    rows = [list(r) for r in rows]
    pivots = []
    for col in order:
        r = next((i for i in range(len(pivots), len(rows)) if rows[i][col]), None)
        if r is None:
            continue
        i0 = len(pivots)
        rows[i0], rows[r] = rows[r], rows[i0]
        for i in range(len(rows)):
            if i != i0 and rows[i][col]:
                f = rows[i][col] / rows[i0][col]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[i0])]
        pivots.append(col)
        if len(pivots) == len(rows):
            return pivots
    return None


def _absorb(p: Linearisation, W, ties, q: int, used_first: bool):
    """Solve the ``ties`` exactly for agent ``q``'s weights (they are linear in them)."""
    A = p.agents.actions[q]
    cols = [i for i, (j, _) in enumerate(p.coords) if j == q]
    order = sorted(range(len(A)), key=lambda b: (not p.sigma[q][b]) == used_first)
    piv = _rank_pivots([[p.rows[t][i] for i in cols] for t in ties], order)
    if piv is None or len(piv) > COMPLETION_LIMIT:
        return None
    free = [b for b in range(len(A)) if b not in piv]
    L = []
    for (k, a0, a) in ties:
        row = []
        for b in range(len(A)):
            Wb = list(W)
            Wb[q] = [_ONE if x == b else () for x in range(len(A))]
            row.append(poly_sub(p.agents.weighted_value(k, a0, Wb),
                            p.agents.weighted_value(k, a, Wb)))
        L.append(row)
    Lu = [[row[b] for b in piv] for row in L]
    det = _det(Lu)
    if not det:
        return None
    rhs = []                                             # -(L_v w_v)
    for row in L:
        s: Poly = ()
        for b in free:
            s = poly_add(s, poly_mul(row[b], W[q][b]))
        rhs.append(poly_scale(s, -1))
    new = [()] * len(A)
    for b in free:
        new[b] = poly_mul(det, W[q][b])
    for i, b in enumerate(piv):                          # Cramer: det(Lu with column i = rhs)
        Mi = [r[:i] + [rhs[t]] + r[i + 1:] for t, r in enumerate(Lu)]
        new[b] = _det(Mi)
    lead = next(x for x in det if x)
    if lead < 0:
        new = [poly_scale(w, -1) for w in new]
    out = list(W)
    out[q] = new
    return out


def _completions(p: Linearisation, W):
    """Weights with the open ties (those not yet zero) solved exactly, in each way
    the structure allows: all by one agent who owns none of them; or one owner
    ``k1``'s by any other agent and then all the rest by ``k1``."""
    diffs = p.differences(W)
    open_ = [t for t in p.ties if diffs[t]]
    owners = sorted({t[0] for t in open_})
    if not open_:
        return
    for q in range(p.agents.n):
        if q in owners:
            continue
        for used_first in (True, False):
            got = _absorb(p, W, open_, q, used_first)
            if got is not None:
                yield got
    # one owner k1's ties into any other agent q, then all the other open ties into
    # k1 (whose own ties do not involve his weights, so the first solution stays exact)
    for k1 in owners:
        first = [t for t in open_ if t[0] == k1]
        rest = [t for t in open_ if t[0] != k1]
        for q in range(p.agents.n):
            if q == k1 or not rest:
                continue
            for used_first in (True, False):
                got = _absorb(p, W, first, q, used_first)
                if got is not None:
                    got = _absorb(p, got, rest, k1, used_first)
                if got is not None:
                    yield got


# ---------------------------------------------------------------------- the search
def search_sequence(lin: Linearisation, *, max_order: int = MAX_ORDER, fix=None
                    ) -> TrembleSequence | None:
    """One greedy pass: polynomial tremble weights that prove ``lin.sigma`` perfect, or
    None.  ``fix`` maps ``(coordinate, order)`` to a coefficient set in advance (0 to
    hold a tremble back, or a direction for a shift of a mixed strategy)."""
    p = lin
    agents, sigma = lin.agents, lin.sigma
    fix = fix or {}
    W = [list(row) for row in p.base]
    diffs = p.differences(W)
    pending_c = [i for i in p.comps if not diffs[i]]
    pending_t = list(p.trembles)
    for m in range(1, max_order + 1):
        known = {i: coefficient(diffs[i], m) for i in p.ties + p.comps}
        fixed = {i: v for (i, order), v in fix.items() if order == m}
        c = _order(p, known, pending_c, pending_t, fixed)
        if c is None:
            return None
        for (j, b), x in zip(p.coords, c):
            if x:
                W[j][b] = poly_add(W[j][b], (0,) * m + (x,))
        diffs = p.differences(W)
        pending_c = [i for i in pending_c if not coefficient(diffs[i], m)]
        pending_t = [i for i in pending_t if not W[p.coords[i][0]][p.coords[i][1]]]
        if pending_t:
            continue
        how = f"an exact LP for each power of eps up to {m}"
        if fix:
            how += " (some order-1 coefficients set in advance)"
        seq = verify_sequence(agents, sigma, W, how)
        if seq is not None:
            return seq
        for done in _completions(p, W):
            seq = verify_sequence(agents, sigma, done, how + ", the ties then solved exactly "
                                  "for one agent's weights (completion)")
            if seq is not None:
                return seq
    return None


def first_order_trembles(lin: Linearisation) -> dict | None:
    """The trembles' first-order coefficients from the LP of order 1 (as polynomials
    ``c eps``), when that LP makes every tremble positive; else None."""
    zero = lin.differences(lin.base)
    pending_c = [i for i in lin.comps if not zero[i]]
    known = {i: Fraction(0) for i in lin.ties + lin.comps}
    c = _order(lin, known, pending_c, list(lin.trembles), {})
    if c is None or any(c[i] <= 0 for i in lin.trembles):
        return None
    return {i: (Fraction(0), c[i]) for i in lin.trembles}


def _variants(lin: Linearisation):
    """Order-1 coefficients worth setting in advance when the greedy pass fails:
    holding back (to 0) a tremble that appears in a product of two trembles with a
    harmful coefficient in a comparison (or tie) with no first-order terms, then each
    agent's trembles together, then each tremble alone; then pushing each shift of a mixed strategy either
    way (a product of it with a tremble may be what a later order needs)."""
    trem = lin.trembles
    out = []
    for item in lin.comps + lin.ties:
        if any(lin.rows[item]):
            continue
        for i1, i2 in itertools.combinations(trem, 2):
            (j1, c1), (j2, c2) = lin.coords[i1], lin.coords[i2]
            if item[0] in (j1, j2) or j1 == j2:
                continue
            v = lin.monomial(item, {(j1, c1), (j2, c2)})
            if v < 0 or (v and item in lin.ties):
                out += [{(i, 1): 0} for i in (i1, i2)]
    for j in range(lin.agents.n):
        out.append({(i, 1): 0 for i in trem if lin.coords[i][0] == j})
    out += [{(i, 1): 0} for i in trem]
    for i, (j, b) in enumerate(lin.coords):
        if len(lin.support[j]) > 1 and b != lin.support[j][0]:
            out += [{(i, 1): 1}, {(i, 1): -1}]
    unique = []
    for v in out:
        if v and v not in unique:
            unique.append(v)
    return unique


def find_sequence(lin: Linearisation, *, max_order: int = MAX_ORDER,
                  attempts: int = ATTEMPTS) -> tuple[TrembleSequence | None, str]:
    """Look for polynomial tremble weights that prove ``lin.sigma`` perfect.

    Parameters
    ----------
    lin : Linearisation
        A Nash equilibrium of the agents' game, with its comparisons.
    max_order : int
        Highest power of eps given its own coefficients.
    attempts : int
        Largest number of further passes, with some order-1 coefficients set in
        advance, after the first pass fails.

    Returns
    -------
    (TrembleSequence or None, str)
        The verified sequence, or None; and what was tried, in words.
    """
    seq = search_sequence(lin, max_order=max_order)
    if seq is not None:
        return seq, seq.how
    tried = 0
    for fix in _variants(lin)[:attempts]:
        tried += 1
        seq = search_sequence(lin, max_order=max_order, fix=fix)
        if seq is not None:
            return seq, seq.how
    return None, (f"polynomial weights up to eps^{max_order}, an exact LP per order, "
                  "with the ties completed exactly where one agent's weights can absorb "
                  f"them; {tried} more pass{'es' if tried != 1 else ''} with some "
                  "order-1 coefficients set in advance")
