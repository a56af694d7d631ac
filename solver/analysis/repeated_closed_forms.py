"""Closed forms of the bounds on the discount factor, from one-shot deviation conditions.

A condition ``f(delta, theta) >= 0`` of :mod:`solver.analysis.repeated_thresholds` is a
rational function of the discount factor and the stage game's parameters.  When its
numerator and denominator factor into pieces of fixed sign (``1 - delta`` and ``1 +
delta`` on (0, 1), or parameter-only factors whose sign is read at the given values)
and one factor linear in ``delta``, the condition reads ``delta >= b(theta)`` or ``delta
<= b(theta)``: the closed form, valid while the factors set aside keep their signs.
"""
from __future__ import annotations

import sympy

from solver.analysis.comparisons import expression_text
from solver.analysis.inequalities import solve_inequalities

__all__ = ["linear_bound", "distinct"]


def distinct(exprs):
    """The expressions without repeats (equal as rational functions)."""
    out = []
    for e in exprs:
        if not any(sympy.cancel(e - o) == 0 for o in out):     # rational functions
            out.append(e)
    return tuple(out)


def _positive_on_unit(factor, t) -> int | None:
    """+1 or -1 when a polynomial in ``t`` alone keeps its sign on (0, 1), else None."""
    ivs = solve_inequalities([factor], t, 0, 1)[0][0]
    if str(ivs) == "(0, 1)" and not solve_inequalities([-factor], t, 0, 1)[0][0].intervals:
        return 1
    if ivs.empty:
        return -1
    return None


def linear_bound(g, t, subs):
    """The closed form ``t >= b`` or ``t <= b`` of ``g >= 0``, when ``g`` is linear in ``t``
    after factors of fixed sign are set aside: ``(bound, direction, signs assumed)``, or
    ``(None, "", ())``."""
    if not subs:
        return None, "", ()
    num, den = sympy.fraction(sympy.cancel(sympy.together(g)))
    sign, core, assumed = 1, sympy.Integer(1), []
    for part, power in ((num, 1), (den, -1)):
        coeff, factors = sympy.factor_list(part)
        sign *= 1 if coeff > 0 else -1
        for f, mult in factors:
            if not f.has(t):
                if f.could_extract_minus_sign():
                    f, sign = -f, sign * (-1) ** mult
                v = f.xreplace(subs)
                if v == 0 or not v.is_number:
                    return None, "", ()
                s = 1 if v > 0 else -1
                assumed.append(_sign_text(f, s))
                sign *= s ** mult
            elif not (f.free_symbols - {t}):
                s = _positive_on_unit(f, t)
                if s is None:
                    return None, "", ()
                sign *= s ** mult
            elif power == 1 and mult == 1 and core == 1:
                core = f
            else:
                return None, "", ()
    if core == 1:
        return None, "", ()
    poly = sympy.Poly(core, t)
    if poly.degree() != 1:
        return None, "", ()
    a, b = poly.all_coeffs()
    av = a.xreplace(subs)
    if av == 0 or not av.is_number:
        return None, "", ()
    if a.free_symbols:
        assumed.append(_sign_text(a, 1 if av > 0 else -1))
    direction = ">=" if sign * (1 if av > 0 else -1) > 0 else "<="
    top, bottom = sympy.fraction(sympy.factor(sympy.cancel(-b / a)))

    def minuses(x, y):
        return sum(expression_text(z).startswith("-") for z in (x, y))
    if minuses(-top, -bottom) < minuses(top, bottom):
        top, bottom = -top, -bottom
    return top / bottom, direction, tuple(assumed)


def _sign_text(f, s: int) -> str:
    """``"T - P > 0"``: the sign of a factor at the given values, written without a
    leading minus where the other form has none, and as ``> 0`` where both do."""
    forms = [(expression_text(f), s), (expression_text(-f), -s)]
    text, sign = min(forms, key=lambda t: (t[0].startswith("-"), t[1] < 0))
    return f"{text} {'>' if sign > 0 else '<'} 0"
