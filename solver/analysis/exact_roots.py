"""Exact real roots of rational functions of one parameter, and rationals between them.

Threshold searches (:mod:`solver.analysis.parametric_tree`,
:mod:`solver.analysis.parametric_grid`) write each comparison of two options as a
rational function of the parameter *t*; a choice can flip only at a real root (or
pole) of it.  Roots of exact polynomials are found exactly by sympy's real-root
isolation (algebraic numbers when irrational); polynomials with float coefficients
numerically.  Between two roots an exact rational is picked to solve the game at.

Reference: real root isolation, Collins and Akritas (1976), as implemented by sympy
``real_roots``.
"""
from __future__ import annotations

from fractions import Fraction

import sympy

from solver.errors import SolverError

__all__ = ["SYMBOLIC_MAX_DEGREE", "SymbolicLimit", "exact_or_float", "rational_between",
           "real_roots"]


SYMBOLIC_MAX_DEGREE = 24


class SymbolicLimit(Exception):
    """The symbolic route does not apply (too large, or not a rational function)."""


def exact_or_float(r):
    """A sympy root as a Fraction (rational), a float (float game) or kept algebraic."""
    r = sympy.sympify(r)
    if r.is_Rational:
        return Fraction(int(r.p), int(r.q))
    if r.is_Float:
        return float(r)
    return r


def rational_between(a, b):
    """An exact rational strictly between the sympy numbers ``a < b``."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a.is_Rational and b.is_Rational:
        return (a + b) / 2
    m = sympy.Rational(sympy.N((a + b) / 2, 60))
    if not (a < m < b):   # pragma: no cover - 60 digits separate any two roots met here
        raise SolverError(f"cannot separate {a} and {b} numerically")
    return m


def real_roots(expr, t, lo, hi, *, include_hi: bool = True, include_lo: bool = False):
    """Real roots and poles of a rational function of ``t`` in ``(lo, hi]``
    (the ends included or not as asked).

    Returns None when ``expr`` is not a rational function of ``t``.
    """
    expr = sympy.together(sympy.sympify(expr))
    if not expr.has(t):
        return []
    out = []
    for part in sympy.fraction(expr):
        if not part.has(t):
            continue
        if not part.is_polynomial(t):
            return None
        poly = sympy.Poly(part, t)
        if poly.degree() <= 0:
            continue
        if poly.degree() > SYMBOLIC_MAX_DEGREE:
            raise SymbolicLimit(f"a polynomial of degree {poly.degree()} in {t}")
        if poly.domain.is_Exact:
            rts = sympy.real_roots(poly)
        else:
            rts = [sympy.Float(complex(z).real) for z in poly.nroots()
                   if abs(complex(z).imag) <= 1e-12 * (1 + abs(complex(z)))]
        for r in rts:
            if (lo <= r if include_lo else lo < r) and (r <= hi if include_hi else r < hi):
                out.append(r)
    return out
