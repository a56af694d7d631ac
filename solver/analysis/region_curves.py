"""The candidate curves of a region map: the irreducible factors of the comparisons,
as polynomials in the two levers, with their signs, their equations and their values on
a grid (:mod:`solver.analysis.region`)."""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import sympy

__all__ = ["Curve", "resolve_zeros", "pieces", "curves_of", "evaluate_float", "centres",
           "MAX_PIECES"]

#: Most expressions a comparison with ``Max``, ``Min``, ``Abs`` or ``Piecewise`` is
#: split into (its branches and the switches between them).
MAX_PIECES = 64


class Curve:
    """One candidate curve: an irreducible polynomial in the two levers, monic."""

    def __init__(self, poly: sympy.Poly):
        self.poly = poly
        self.expr = poly.as_expr()
        self.terms = [(i, j, _coefficient(c)) for (i, j), c in poly.terms()]
        self.causes: dict = {}     # key -> (text, on the path)

    @property
    def cause_texts(self) -> tuple[str, ...]:
        return tuple(text for text, _ in self.causes.values())

    def sign(self, pa, pb) -> int:
        v = sum(c * pa ** i * pb ** j for i, j, c in self.terms)
        return (v > 0) - (v < 0)

    def relation(self):
        """The curve as an equation: the constant on the right (``kappa*s = 3/20``,
        ``p - c_R = 27/50``); without one, the negative terms (``V = C``)."""
        terms = sympy.Add.make_args(self.expr)
        constant = [t for t in terms if not t.free_symbols]
        if constant:
            lhs = sympy.Add(*[t for t in terms if t.free_symbols])
            return sympy.Eq(lhs, -sympy.Add(*constant), evaluate=False)
        pos = [t for t in terms if not t.could_extract_minus_sign()]
        neg = [t for t in terms if t.could_extract_minus_sign()]
        lhs = sympy.Add(*pos) if pos else sympy.Integer(0)
        rhs = -sympy.Add(*neg) if neg else sympy.Integer(0)
        return sympy.Eq(lhs, rhs, evaluate=False)

    def side(self, positive: bool):
        rel = self.relation()
        return (sympy.StrictGreaterThan if positive else sympy.StrictLessThan)(
            rel.lhs, rel.rhs, evaluate=False)


def _coefficient(c):
    if c.is_Rational:
        return Fraction(int(c.p), int(c.q))
    return float(c)


def resolve_zeros(signs):
    """The cell keys a point with some zero signs could belong to."""
    options = [(True, False) if s == 0 else (s > 0,) for s in signs]
    return list(itertools.product(*options))[:64]


def pieces(expr, limit: int = MAX_PIECES):
    """A comparison with ``Max``, ``Min``, ``Abs`` or ``Piecewise`` in it, as the
    expressions whose signs decide its sign: each branch, and where the branches
    switch (``max(a, b) - 1/2`` gives ``a - 1/2``, ``b - 1/2`` and ``a - b``).  None
    when a condition is not a comparison or there are too many branches."""
    node = next((n for n in sympy.preorder_traversal(expr)
                 if isinstance(n, (sympy.Max, sympy.Min, sympy.Abs, sympy.Piecewise))), None)
    if node is None:
        return [expr]
    if isinstance(node, (sympy.Max, sympy.Min)):
        branches = list(node.args)
        switches = [x - y for x, y in itertools.combinations(branches, 2)]
    elif isinstance(node, sympy.Abs):
        branches, switches = [node.args[0], -node.args[0]], [node.args[0]]
    else:
        branches, switches = [], []
        for value, condition in node.args:
            branches.append(value)
            if condition in (sympy.true, sympy.false):
                continue
            for rel in sympy.preorder_traversal(condition):
                if isinstance(rel, sympy.core.relational.Relational):
                    switches.append(rel.lhs - rel.rhs)
                elif not isinstance(rel, (sympy.And, sympy.Or, sympy.Not, sympy.Symbol,
                                          sympy.Number, sympy.Expr)):
                    return None
    out = []
    for more in [pieces(x, limit) for x in switches] + [
            pieces(expr.xreplace({node: branch}), limit) for branch in branches]:
        if more is None:
            return None
        out += more
        if len(out) > limit:
            return None
    return out


def curves_of(expr, sa, sb) -> list[sympy.Poly] | None:
    """The irreducible factors (monic) of a rational function of the levers, or None
    when it is not a rational function of them."""
    expr = sympy.together(sympy.sympify(expr))
    if not (expr.has(sa) or expr.has(sb)):
        return []
    out = []
    for part in sympy.fraction(expr):
        if not (part.has(sa) or part.has(sb)):
            continue
        if not part.is_polynomial(sa, sb):
            return None
        poly = sympy.Poly(part, sa, sb)
        if poly.free_symbols - {sa, sb}:
            return None
        if poly.domain.is_Exact:
            _, factors = sympy.factor_list(poly)
            polys = [f for f, _ in factors]
        else:
            polys = [poly]
        for f in polys:
            f = sympy.Poly(f, sa, sb)
            if f.total_degree() >= 1:
                out.append(_normal_form(f))
    return out


def _normal_form(f: sympy.Poly) -> sympy.Poly:
    """One polynomial per curve: monic (``kappa*s - 3/20``) when that leaves the
    parameters with whole coefficients, else with whole coefficients, no common
    factor and a negative constant (``239*x + 1360*c - 171``)."""
    if not f.domain.is_Exact:
        return f.quo_ground(f.LC())
    m = f.monic()
    if all(c.is_Integer for (i, j), c in m.terms() if i or j):
        return m
    _, prim = m.clear_denoms(convert=True)
    prim = prim.primitive()[1]
    constant = prim.as_expr().subs({x: 0 for x in prim.gens})
    # a positive number on the right of the equation (``20*y_dv + ... = 13``)
    return -prim if constant > 0 or (constant == 0 and prim.LC() < 0) else prim


def evaluate_float(expr, sa, sb, X, Y):
    """An expression in the levers ``sa``, ``sb`` evaluated (floats) on the grid ``X``, ``Y``."""
    fn = sympy.lambdify((sa, sb), expr, "numpy")
    with np.errstate(all="ignore"):
        v = fn(X, Y)
    return np.broadcast_to(np.asarray(v, dtype=float), X.shape).astype(float)


def centres(lo, hi, n) -> list[Fraction]:
    """The centres of ``n`` equal parts of ``[lo, hi]``, exact."""
    return [lo + (hi - lo) * Fraction(2 * k + 1, 2 * n) for k in range(n)]
