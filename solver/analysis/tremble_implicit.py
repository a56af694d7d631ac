"""When the mixing agents' indifference fixes their shifts: the implicit function theorem.

Along any sequence of trembles that proves an equilibrium perfect, an agent who mixes
stays *exactly* indifferent between the actions he uses (the **ties**).  Write each
agent's strategy with the first action he uses at its equilibrium weight, his other
used actions at ``sigma_j(c) + d_jc`` (the *shifts*) and his unused ones at positive
*trembles* (:func:`solver.analysis.tremble_ties.chart`).  Let the trembles be given
functions of ``eps`` (all of positive order).  Each tie ``T`` is then an analytic
function of ``eps`` and the shifts ``d``; a tie with no monomial made of shifts alone
vanishes at ``eps = 0`` for every ``d``, and is replaced by ``T / eps`` (the same
condition for ``eps > 0``).  When there are as many ties as shifts and the Jacobian
``M`` of these functions in ``d`` at the equilibrium is invertible, the **implicit
function theorem** gives one analytic curve ``d(eps)`` that keeps every tie exactly,
and every solution near the equilibrium lies on it.  Its Taylor coefficients come
order by order from exact linear solves with ``M``
(:func:`shift_series`).  Every comparison of an action used against an unused one is
then an analytic function of ``eps`` whose lowest Taylor coefficients are computed
exactly.  Two conclusions follow:

* :func:`implicit_sequence` -- **perfect** when every comparison is positive at its
  lowest nonzero order (or strict at the equilibrium): the curve is a sequence of
  totally mixed profiles tending to the equilibrium along which every equilibrium
  action is a best reply.  The sequence exists by the theorem; its weights are
  reported as Taylor polynomials up to the order that decides every comparison.
* :func:`losing_along_ties` -- **not perfect** when there is a single tremble (so every
  sequence is this curve, reparametrised by its tremble) and some comparison's lowest
  nonzero coefficient is negative; or, with several trembles, when every first-order
  derivative of a comparison in the trembles is negative (``G(e) <= c.e + O(|e|^2)``).
  A divided tie whose value at the equilibrium is not zero cannot hold at all.

(Selten 1975, *IJGT* 4, for the definition; the implicit function theorem on the
best-reply conditions as in van Damme 1991, *Stability and Perfection of Nash
Equilibria*, sec. 2.6.)
"""
from __future__ import annotations

from fractions import Fraction

from solver.analysis.tremble_sequences import Comparison, TrembleSequence, leading
from solver.analysis.tremble_ties import (
    TiedLoss,
    chart,
    coordinate_name,
    monomials_in,
    solve_square,
)
from solver.analysis.trembles import Linearisation, Poly, coefficient, poly_add, sign_near_zero

__all__ = ["shift_series", "implicit_sequence", "losing_along_ties"]


def _system(lin: Linearisation, shifts, trembles: dict):
    """``(delays, M)`` for the ties, or ``(None, tie)`` when a divided tie cannot hold,
    or None when the theorem does not apply."""
    first = {e: coefficient(w, 1) for e, w in trembles.items()}
    delays, M = [], []
    for t in lin.ties:
        mons = monomials_in(lin, t, shifts)
        if mons is None:
            return None
        if any(mons.values()):
            delays.append(0)
            M.append([lin.rows[t][i] for i in shifts])
            continue
        if sum(first[e] * lin.rows[t][e] for e in trembles):
            return None, t
        delays.append(1)
        M.append([sum(first[e] * (Fraction(0) if lin.coords[i][0] in (lin.coords[e][0], t[0])
                                  else lin.monomial(t, {lin.coords[e], lin.coords[i]}))
                      for e in trembles if first[e]) for i in shifts])
    if solve_square(M, [Fraction(0)] * len(shifts)) is None:
        return None
    return delays, M


def shift_series(lin: Linearisation, trembles: dict, max_order: int):
    """The Taylor polynomials of the curve the ties fix, or why not.

    Parameters
    ----------
    lin : Linearisation
    trembles : dict
        Every tremble's coordinate (as in ``lin.trembles``) mapped to its weight, a
        polynomial in eps with zero constant term.
    max_order : int
        Highest order of the shifts computed.

    Returns
    -------
    list, tuple or None
        The weights (per agent and action) with the shifts to ``max_order``; or
        ``("fails", tie)`` when a divided tie is nonzero at the equilibrium (no
        solution near it); or None when the theorem does not apply (not as many ties
        as shifts, or a singular Jacobian).
    """
    shifts, _ = chart(lin)
    if len(lin.ties) != len(shifts):
        return None
    got = _system(lin, shifts, trembles)
    if got is None:
        return None
    delays, M = got
    if delays is None:
        return ("fails", M)
    W = [list(row) for row in lin.base]
    for e, w in trembles.items():
        j, b = lin.coords[e]
        W[j][b] = w
    for m in range(1, max_order + 1):
        diffs = lin.differences(W)
        x = solve_square(M, [-coefficient(diffs[t], m + d) for t, d in zip(lin.ties, delays)])
        for s, v in zip(shifts, x):
            j, b = lin.coords[s]
            W[j][b] = poly_add(W[j][b], (0,) * m + (v,))
    return W


def implicit_sequence(lin: Linearisation, trembles: dict, *, max_order: int = 4
                      ) -> TrembleSequence | None:
    """A sequence proving perfection by the implicit function theorem, or None.

    The trembles are the given polynomials (each must be positive for small eps);
    the shifts are the curve of :func:`shift_series`.  Accepted when every comparison
    of an action used against an unused one has a positive lowest Taylor coefficient
    among the orders computed (and none is negative before).
    """
    if not lin.ties or any(sign_near_zero(w) <= 0 or (w and w[0]) for w in trembles.values()):
        return None
    W = shift_series(lin, trembles, max_order)
    if W is None or isinstance(W, tuple):
        return None
    diffs = lin.differences(W)
    names, acts = lin.agents.names, lin.agents.actions
    comparisons = []
    for c in lin.comps:
        d: Poly = tuple(diffs[c][:max_order + 1])
        while d and not d[-1]:
            d = d[:-1]
        if sign_near_zero(d) <= 0:
            return None            # negative, or not decided within max_order
        k, a, b = c
        comparisons.append(Comparison(names[k], acts[k][a], acts[k][b], d))
    for k, a0, a in lin.ties:
        comparisons.append(Comparison(names[k], acts[k][a0], acts[k][a], ()))
    low = max(leading(c.difference)[0] for c in comparisons if c.difference) \
        if any(c.difference for c in comparisons) else 1
    how = (f"the ties solved by the implicit function theorem (their Jacobian in the "
           f"shifts of the mixed strategies is invertible), the curve's Taylor "
           f"coefficients to order {max_order} computed exactly; every comparison is "
           f"decided by order {low}")
    weights = tuple(tuple(tuple(w[:max_order + 1]) for w in row) for row in W)
    return TrembleSequence(names, acts, weights, tuple(comparisons), how, implicit=True)


def losing_along_ties(lin: Linearisation, *, max_order: int = 4) -> TiedLoss | None:
    """A comparison that the ties make negative (see the module docstring), or None."""
    shifts, trem = chart(lin)
    if not lin.ties or len(lin.ties) != len(shifts) or not trem:
        return None
    zero = lin.differences(lin.base)
    pending = [c for c in lin.comps if not zero[c]]
    names, acts = lin.agents.names, lin.agents.actions
    mixing = tuple(dict.fromkeys(names[t[0]] for t in lin.ties))

    def loss(item, terms, fails=False):
        k, a, b = item
        return TiedLoss(names[k], acts[k][a], acts[k][b], tuple(terms), mixing, fails)

    if len(trem) > 1:                     # first order: dG/de_i, all negative
        M = [[lin.rows[t][i] for i in shifts] for t in lin.ties]
        if solve_square(M, [Fraction(0)] * len(shifts)) is None:
            return None
        for c in pending:
            grads = []
            for e in trem:
                d = solve_square(M, [-lin.rows[t][e] for t in lin.ties])
                grads.append(lin.rows[c][e] + sum(lin.rows[c][s] * x for s, x in zip(shifts, d)))
            if all(g < 0 for g in grads):
                return loss(c, [(g, (coordinate_name(lin, e),)) for g, e in zip(grads, trem)])
        return None
    e = trem[0]                           # one tremble: every sequence is the curve
    W = shift_series(lin, {e: (Fraction(0), Fraction(1))}, max_order)
    if W is None:
        return None
    if isinstance(W, tuple):
        t = W[1]
        return loss(t, [(lin.rows[t][e], (coordinate_name(lin, e),))], fails=True)
    diffs = lin.differences(W)
    for m in range(1, max_order + 1):
        for c in list(pending):
            g = coefficient(diffs[c], m)
            if g < 0:
                return loss(c, [(g, (coordinate_name(lin, e),) * m)])
            if g > 0:
                pending.remove(c)
    return None
