"""The exact solution of a zero-dimensional polynomial system with rational
coefficients, as a rational univariate representation (the shape lemma).

Given a Groebner basis (degree reverse lexicographic order) of an ideal *I* whose
complex solutions are finitely many, the quotient ring :math:`\\mathbb{Q}[x]/I` is a
vector space of finite dimension *D*, spanned by the *standard monomials* (those
divisible by no leading monomial of the basis).  Multiplication by a polynomial is
a :math:`D \\times D` rational matrix, computed by normal forms (Cox, Little and
O'Shea 2005, ch. 2).

For a linear form :math:`\\tau = \\sum_k c_k x_k` with small integer *c*, the vectors
:math:`1, \\tau, \\dots, \\tau^{D-1}` are independent exactly when *I* is radical and
:math:`\\tau` separates its solutions (the *shape lemma*, Gianni and Mora 1989).
Then :math:`\\tau^D` and each :math:`x_k` are combinations of them, which gives
:math:`f(\\tau) = 0` and :math:`x_k = g_k(\\tau)`: every solution is
:math:`x = g(\\alpha)` for a root :math:`\\alpha` of an irreducible factor
:math:`\\varphi` of *f* (:class:`~solver.algorithms.polynomial_support_algebraic.AlgebraicPoints`).
The linear algebra is exact, in python-flint's rational matrices; the Krylov
sequence is the FGLM change of order (Faugere, Gianni, Lazard and Mora 1993)
restricted to one variable.

When no form gives the shape after two tries, *I* is replaced by its radical
(Seidenberg's lemma: add the squarefree part of the minimal polynomial of each
variable; Seidenberg 1974) and random forms are tried; :func:`solve_zero_dimensional`
returns None if all fail (the caller then falls back to a numerical solution; never
seen in practice).

References: D. Cox, J. Little and D. O'Shea, *Using Algebraic Geometry*, 2nd ed.,
Springer, 2005, ch. 2; P. Gianni and T. Mora, "Algebraic solution of systems of
polynomial equations using Groebner bases", AAECC-5, LNCS 356 (1989) 247-257;
J.-C. Faugere, P. Gianni, D. Lazard and T. Mora, "Efficient computation of
zero-dimensional Groebner bases by change of ordering", *Journal of Symbolic
Computation* 16 (1993) 329-344; A. Seidenberg, "Constructions in algebra",
*Transactions of the AMS* 197 (1974) 273-313.
"""
from __future__ import annotations

import random

import flint
import sympy

from solver.algorithms.polynomial_support_algebraic import AlgebraicPoints, reduce_mod, sympy_poly
from solver.errors import SolverError

__all__ = ["SEPARATOR_TRIES", "Quotient", "groebner", "is_one", "solve_zero_dimensional"]

#: Separating linear forms tried before giving up (the caller's numerical fallback).
SEPARATOR_TRIES = 6


def groebner(polys, gens):
    """The reduced Groebner basis, degree reverse lexicographic, over the rationals."""
    exprs = [p.as_expr() if isinstance(p, sympy.Poly) else p for p in polys]
    return sympy.groebner(exprs, *gens, order="grevlex", domain=sympy.QQ)


def is_one(basis) -> bool:
    """True when the basis is {1}: no complex solution at all."""
    return len(basis.exprs) == 1 and basis.exprs[0] == 1


def _separators(n: int):
    """Coefficients of the linear forms tried: 1, 2, ..., n first, then random ones."""
    yield [k + 1 for k in range(n)]
    rng = random.Random(1996)
    for _ in range(SEPARATOR_TRIES - 1):
        yield [rng.randint(-9, 9) or 1 for _ in range(n)]


def solve_zero_dimensional(basis, gens, aux) -> list[AlgebraicPoints] | None:
    """The solutions of a zero-dimensional system as :class:`AlgebraicPoints`, one per
    irreducible factor of the minimal polynomial of a separating form; None when no
    separating form was found.

    ``basis`` is a Groebner basis (degree reverse lexicographic) in the variables
    ``aux + gens``; the points give the coordinates ``gens`` (``aux``, an auxiliary
    variable such as the saturation variable, is eliminated with the others).
    """
    if not gens:
        return [AlgebraicPoints.rational({})]
    variables = list(aux) + list(gens)
    if list(basis.gens) != variables:
        raise SolverError("enumerate: internal error: a Groebner basis in the wrong variables")
    radical_added = False
    for attempt, c in enumerate(_separators(len(gens))):
        if is_one(basis):
            return []
        quotient = Quotient(basis, variables)
        if attempt >= 2 and not radical_added:
            extra = [quotient.minimal_polynomial(v).sqf_part().as_expr() for v in variables]
            basis = sympy.groebner(list(basis.exprs) + extra, *variables, order="grevlex",
                                   domain=sympy.QQ)
            radical_added = True
            if is_one(basis):
                return []
            quotient = Quotient(basis, variables)
        shaped = quotient.shape(dict(zip(gens, c)), gens)
        if shaped is None:
            continue
        f, coords = shaped
        points = []
        for phi, _ in f.factor()[1]:
            phi = phi / phi.coeffs()[-1]
            points.append(AlgebraicPoints(phi, {g: reduce_mod(coords[g], phi) for g in gens}))
        return points
    return None


class Quotient:
    """The quotient ring Q[x]/I of a zero-dimensional ideal, on its standard monomials."""

    def __init__(self, basis, variables):
        self.groebner = basis
        self.variables = list(variables)
        nv = len(variables)
        leads = [p.monoms(order="grevlex")[0] for p in basis.polys]

        def standard(m):
            return not any(all(a >= b for a, b in zip(m, lead)) for lead in leads)

        zero = (0,) * nv
        self.monomials = [zero]
        self.index = {zero: 0}
        k = 0
        while k < len(self.monomials):
            m = self.monomials[k]
            k += 1
            for j in range(nv):
                up = m[:j] + (m[j] + 1,) + m[j + 1:]
                if up not in self.index and standard(up):
                    self.index[up] = len(self.monomials)
                    self.monomials.append(up)
        self.dimension = len(self.monomials)
        self._matrices = {}

    def normal_form(self, monomial) -> list:
        """The coordinates of a monomial's normal form on the standard monomials."""
        out = [flint.fmpq(0)] * self.dimension
        if monomial in self.index:
            out[self.index[monomial]] = flint.fmpq(1)
            return out
        expr = sympy.Mul(*[v ** e for v, e in zip(self.variables, monomial)])
        remainder = self.groebner.reduce(expr)[1]
        if remainder != 0:
            for m, c in sympy.Poly(remainder, *self.variables, domain=sympy.QQ).terms():
                c = sympy.Rational(c)
                out[self.index[m]] = flint.fmpq(int(c.p), int(c.q))
        return out

    def multiplication(self, v) -> flint.fmpq_mat:
        """The matrix of multiplication by the variable ``v``."""
        if v not in self._matrices:
            j = self.variables.index(v)
            d = self.dimension
            cols = [self.normal_form(m[:j] + (m[j] + 1,) + m[j + 1:]) for m in self.monomials]
            self._matrices[v] = flint.fmpq_mat(d, d, [cols[c][r] for r in range(d) for c in range(d)])
        return self._matrices[v]

    def _krylov(self, matrix) -> tuple[list, int]:
        """1, M 1, M^2 1, ... until dependent; the vectors and the rank reached."""
        d = self.dimension
        v = flint.fmpq_mat(d, 1, [1] + [0] * (d - 1))
        vectors = [v]
        for _ in range(d):
            v = matrix * v
            vectors.append(v)
            if _rank(vectors) < len(vectors):
                break
        return vectors, len(vectors) - 1

    def minimal_polynomial(self, v) -> sympy.Poly:
        """The monic generator of I intersected with Q[v]."""
        vectors, k = self._krylov(self.multiplication(v))
        a = _combination(vectors[:k], vectors[k])
        coeffs = [-x for x in a] + [flint.fmpq(1)]
        return sympy_poly(flint.fmpq_poly(coeffs), v)

    def shape(self, weights: dict, gens):
        """``(f, {x: g})`` with ``f(tau) = 0`` and ``x = g(tau)`` when
        ``tau = sum(w_x * x)`` generates the quotient (the shape lemma); None otherwise."""
        d = self.dimension
        matrix = flint.fmpq_mat(d, d)
        for g, w in weights.items():
            matrix = matrix + self.multiplication(g) * w
        vectors, k = self._krylov(matrix)
        if k < d:
            return None
        a = _combination(vectors[:d], vectors[d])
        f = flint.fmpq_poly([-x for x in a] + [flint.fmpq(1)])
        coords = {}
        for g in gens:
            j = self.variables.index(g)
            unit = tuple(1 if i == j else 0 for i in range(len(self.variables)))
            target = flint.fmpq_mat(d, 1, self.normal_form(unit))
            coords[g] = flint.fmpq_poly(_combination(vectors[:d], target))
        return f, coords


def _rank(vectors) -> int:
    d = vectors[0].nrows()
    m = flint.fmpq_mat(d, len(vectors), [vectors[c][r, 0] for r in range(d) for c in range(len(vectors))])
    return m.rank()


def _combination(vectors, target) -> list:
    """Coefficients ``a`` with ``sum(a[j] * vectors[j]) == target`` (the vectors
    independent, the target in their span)."""
    d = vectors[0].nrows()
    k = len(vectors)
    m = flint.fmpq_mat(d, k, [vectors[c][r, 0] for r in range(d) for c in range(k)])
    # the normal equations of an injective map: exact, and the solution is unique
    mt = m.transpose()
    x = (mt * m).solve(mt * target)
    return [x[j, 0] for j in range(k)]
