"""Real solutions of small polynomial systems, exactly, and signs on an interval.

The imperfect-recall algorithms (:mod:`solver.algorithms.behavior_optimum`) meet
small systems ``f_1 = ... = f_k = 0`` with rational coefficients: the first-order
conditions of a payoff polynomial on a face of a product of simplices.  This
module finds their real solutions exactly: a Groebner basis in lexicographic order
(Cox, Little and O'Shea 2015, ch. 3, "elimination theory") is triangular when the
solution set is finite, so the last variable's real roots are those of one
univariate polynomial (``sympy.real_roots``: rationals, radicals or ``CRootOf``) and
each earlier variable follows from the later ones.  A system whose solutions form a
curve or more is reported as such (not solved).

Reference: Cox, D., Little, J. and O'Shea, D. (2015), *Ideals, Varieties, and
Algorithms*, 4th ed., Springer, chapters 2-3.
"""
from __future__ import annotations

from typing import Any, Sequence

import sympy

from solver.algorithms.behavior_polynomials import sign

__all__ = ["real_solutions", "SystemSolutions", "univariate_feasible"]


class SystemSolutions:
    """The real solutions of a system: ``points`` (dicts variable -> exact number) and
    ``finite`` (False when the solution set is infinite or some branch could not be
    solved exactly; then ``points`` holds those found and ``reason`` says why)."""

    __slots__ = ("points", "finite", "reason")

    def __init__(self, points: list[dict], finite: bool, reason: str = ""):
        self.points, self.finite, self.reason = points, finite, reason


def real_solutions(equations: Sequence[Any], gens: Sequence[sympy.Symbol]) -> SystemSolutions:
    """All real solutions of ``equations == 0`` in ``gens``, exactly, when finitely many.

    Equations with rational coefficients are expected; an identically zero one is
    dropped.  Returns :class:`SystemSolutions`.
    """
    gens = list(gens)
    eqs = [sympy.expand(e) for e in equations]
    eqs = [e for e in eqs if e != 0]
    if not gens:
        return SystemSolutions([{}] if not eqs else [], True)
    if not eqs:
        return SystemSolutions([], False, "no equation restricts the unknowns")
    basis = sympy.groebner(eqs, *gens, order="lex")
    if list(basis.exprs) == [1]:
        return SystemSolutions([], True)
    if not basis.is_zero_dimensional:
        return SystemSolutions([], False, "the solutions form a curve or more")
    polys = list(basis.exprs)
    points: list[dict] = [{}]
    for var in reversed(gens):
        later = set(gens[gens.index(var):])
        mine = [p for p in polys if var in p.free_symbols and p.free_symbols <= later]
        grown: list[dict] = []
        for point in points:
            here = [sympy.expand(p.xreplace(point)) for p in mine]
            here = [p for p in here if p != 0]
            roots = _roots(here, var)
            if roots is None:
                return SystemSolutions([], False, "a coordinate is a root of a polynomial with "
                                                  "irrational coefficients (not solved exactly)")
            grown.extend({**point, var: r} for r in roots)
        points = grown
    return SystemSolutions(points, True)


def _roots(polys: list, var) -> list | None:
    """Common real roots of univariate polynomials (None if they cannot be found exactly)."""
    if not polys:
        return None
    polys.sort(key=lambda p: sympy.degree(p, var))
    first = sympy.Poly(polys[0], var)
    if all(c.is_Rational for c in first.all_coeffs()):
        candidates = list(dict.fromkeys(sympy.real_roots(first)))
    elif first.degree() == 1:
        a, b = first.all_coeffs()
        candidates = [sympy.nsimplify(-b / a) if (-b / a).is_Rational else sympy.radsimp(-b / a)]
    else:
        return None
    return [r for r in candidates if all(sign(sympy.expand(p.xreplace({var: r}))) == 0
                                         for p in polys[1:])]


def univariate_feasible(strict: Sequence[Any], weak: Sequence[Any], var: sympy.Symbol):
    """A point where every ``strict`` polynomial is > 0 and every ``weak`` one >= 0,
    in one variable with rational coefficients, or None when there is none.

    The real roots of all the polynomials cut the line into intervals on which no
    sign changes; each root and one rational point inside each interval (and beyond
    the ends) is tried, exactly.  Returns ``(found, point)``; ``found`` is None when
    a polynomial has irrational coefficients (the question is then left open).
    """
    polys = [sympy.Poly(sympy.expand(p), var) for p in list(strict) + list(weak)]
    if any(not c.is_Rational for p in polys for c in p.all_coeffs()):
        return None, None
    cuts = sorted({r for p in polys if p.degree() > 0 for r in sympy.real_roots(p)},
                  key=lambda r: float(r))
    tries: list = list(cuts)
    bounds = [float(r) for r in cuts]
    if not bounds:
        tries.append(sympy.Integer(0))
    else:
        tries.append(sympy.floor(bounds[0]) - 1)
        tries.append(sympy.ceiling(bounds[-1]) + 1)
        for a, b, ra, rb in zip(bounds, bounds[1:], cuts, cuts[1:]):
            tries.append(_rational_between(a, b, ra, rb))
    for t in tries:
        if all(sign(p.as_expr().xreplace({var: t})) > 0 for p in polys[:len(strict)]) and \
                all(sign(p.as_expr().xreplace({var: t})) >= 0 for p in polys[len(strict):]):
            return True, t
    return False, None


def _rational_between(a: float, b: float, ra, rb):
    """A rational strictly between the real numbers ``ra < rb`` (floats ``a``, ``b``)."""
    from fractions import Fraction
    mid = Fraction((a + b) / 2)
    for den in (2, 16, 2 ** 10, 2 ** 30, 2 ** 60):
        q = sympy.Rational(round(mid * den), den)
        if sign(q - ra) > 0 and sign(rb - q) > 0:
            return q
    return sympy.Rational(mid.numerator, mid.denominator)
