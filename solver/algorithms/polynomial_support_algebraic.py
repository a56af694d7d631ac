"""Real algebraic numbers for polynomial support enumeration: exact signs, exact values
and a decimal view.

The solutions of a zero-dimensional system come out of
:mod:`solver.algorithms.polynomial_support_exact` in *shape* form: an irreducible
polynomial :math:`\\varphi(\\tau)` over the rationals and, for each unknown
:math:`x_k`, a polynomial :math:`g_k(\\tau)`, so that the solutions are
:math:`x = g(\\alpha)` for the roots :math:`\\alpha` of :math:`\\varphi` (a *rational
univariate representation*, Rouillier 1999).  Every quantity the certificate of an
equilibrium needs (a probability, a payoff difference) is then a polynomial
:math:`h(\\tau)` reduced modulo :math:`\\varphi`.

* :math:`h(\\alpha) = 0` exactly when the remainder is the zero polynomial
  (:math:`\\varphi` is irreducible, so it divides every polynomial vanishing at one
  of its roots).
* Otherwise the sign of :math:`h(\\alpha)` is found by evaluating *h* in exact
  rational interval arithmetic on an isolating interval of :math:`\\alpha`, refined
  until the enclosure excludes 0 (:meth:`RealRoot.sign`); this terminates because
  :math:`h(\\alpha) \\ne 0`.
* The exact value of :math:`h(\\alpha)` is a root of its minimal polynomial, a factor
  of the characteristic polynomial of multiplication by *h* in
  :math:`\\mathbb{Q}[\\tau]/\\varphi` (which is a power of it); the root is identified
  by interval refinement (:func:`algebraic_value`).  sympy gives it by radicals for
  degree 2, otherwise as ``CRootOf(p, k)``, the *k*-th real root (from 0, in
  increasing order) of *p*.

References: F. Rouillier, "Solving zero-dimensional systems through the rational
univariate representation", *Applicable Algebra in Engineering, Communication and
Computing* 9 (1999) 433-461; H. Cohen, *A Course in Computational Algebraic Number
Theory*, Springer, 1993, section 4.3 (characteristic and minimal polynomials).
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint
import sympy

from solver.errors import SolverError

__all__ = [
    "DECIMAL_DIGITS",
    "OUTPUT_VARIABLE",
    "AlgebraicPoints",
    "RealRoot",
    "algebraic_value",
    "decimal_text",
    "interval_horner",
    "reduce_mod",
    "sympy_poly",
    "to_fraction",
    "value_at",
]

#: Significant digits of the decimal view of an algebraic number.
DECIMAL_DIGITS = 30

_T = sympy.Symbol("t_")                 # the separating element tau
#: The variable of the minimal polynomials shown to the user.
OUTPUT_VARIABLE = sympy.Symbol("x")


# ---------------------------------------------------------------------- flint helpers
def reduce_mod(p: flint.fmpq_poly, phi: flint.fmpq_poly) -> flint.fmpq_poly:
    """``p`` modulo ``phi``."""
    return p % phi if p.degree() >= phi.degree() else p


def sympy_poly(p: flint.fmpq_poly, var) -> sympy.Poly:
    """A flint polynomial as a sympy one in ``var``."""
    coeffs = [sympy.Rational(int(c.p), int(c.q)) for c in reversed(p.coeffs())]
    return sympy.Poly(coeffs or [0], var, domain=sympy.QQ)


def to_fraction(q) -> Fraction:
    """A flint (or sympy) rational as a Fraction."""
    return Fraction(int(q.p), int(q.q))


def value_at(p: flint.fmpq_poly, alpha: Fraction) -> Fraction:
    """``p(alpha)`` for a rational ``alpha``, exactly (Horner)."""
    total = Fraction(0)
    for c in reversed(p.coeffs()):
        total = total * alpha + to_fraction(c)
    return total


def interval_horner(coeffs: Sequence[Fraction], a: Fraction, b: Fraction) -> tuple[Fraction, Fraction]:
    """An interval holding ``sum(coeffs[k] * x**k)`` for every ``x`` in ``[a, b]``
    (Horner's scheme in exact interval arithmetic)."""
    lo = hi = Fraction(0)
    for c in reversed(coeffs):
        products = (lo * a, lo * b, hi * a, hi * b)
        lo, hi = min(products) + c, max(products) + c
    return lo, hi


# ---------------------------------------------------------------------- points and roots
class AlgebraicPoints:
    """Solutions ``x = g(alpha)``, ``alpha`` running over the real roots of an
    irreducible ``phi``: ``coords`` maps each unknown to its ``g`` (a flint
    polynomial reduced mod ``phi``)."""

    def __init__(self, phi: flint.fmpq_poly, coords: dict):
        self.phi = phi
        self.coords = coords

    @classmethod
    def rational(cls, values: dict) -> AlgebraicPoints:
        """The single point with these rational coordinates (``phi = tau``)."""
        phi = flint.fmpq_poly([0, 1])
        return cls(phi, {g: flint.fmpq_poly([flint.fmpq(v.numerator, v.denominator)])
                         for g, v in values.items()})

    def coordinate(self, g) -> flint.fmpq_poly:
        return self.coords[g]

    def real_roots(self) -> list[RealRoot]:
        """The real roots of ``phi``, in increasing order, each isolated exactly."""
        phi = self.phi
        if phi.degree() == 1:
            c0, c1 = phi.coeffs()
            r = -to_fraction(c0) / to_fraction(c1)
            return [RealRoot(phi, None, r, r)]
        sp = sympy_poly(phi, _T)
        return [RealRoot(phi, sp, to_fraction(a), to_fraction(b))
                for (a, b), _ in sorted(sp.intervals(), key=lambda iv: iv[0][0])]


class RealRoot:
    """A real root ``alpha`` of an irreducible ``phi``, held by a rational isolating
    interval ``[lo, hi]`` (a single point when ``alpha`` is rational)."""

    def __init__(self, phi, sympy_phi, lo: Fraction, hi: Fraction):
        self.phi = phi
        self.sympy_phi = sympy_phi
        self.lo, self.hi = lo, hi

    def rational(self) -> Fraction:
        if self.lo != self.hi:
            raise SolverError("enumerate: internal error: an irrational root read as a rational")
        return self.lo

    def refine(self) -> None:
        """Shrink the isolating interval about a million times."""
        if self.lo == self.hi:
            return
        eps = (self.hi - self.lo) / 2 ** 20
        a, b = self.sympy_phi.refine_root(sympy.Rational(self.lo.numerator, self.lo.denominator),
                                          sympy.Rational(self.hi.numerator, self.hi.denominator),
                                          eps=sympy.Rational(eps.numerator, eps.denominator))
        self.lo, self.hi = to_fraction(a), to_fraction(b)

    def enclose(self, h: flint.fmpq_poly) -> tuple[Fraction, Fraction]:
        """An interval holding ``h(alpha)``, by exact interval arithmetic."""
        return interval_horner([to_fraction(c) for c in h.coeffs()], self.lo, self.hi)

    def sign(self, h: flint.fmpq_poly) -> int:
        """The sign of ``h(alpha)``, exactly."""
        h = reduce_mod(h, self.phi)
        if h.is_zero():
            return 0
        if h.degree() == 0:
            return 1 if h.coeffs()[0] > 0 else -1
        while True:
            lo, hi = self.enclose(h)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            if self.lo == self.hi:
                return 0 if lo == hi == 0 else (1 if lo > 0 else -1)
            self.refine()


# ---------------------------------------------------------------------- exact values
def algebraic_value(h: flint.fmpq_poly, phi: flint.fmpq_poly, root: RealRoot) -> tuple[Any, str]:
    """``h(alpha)`` as a Fraction or an exact sympy number (radicals or ``CRootOf``),
    with the text of its minimal polynomial in ``x``."""
    h = reduce_mod(h, phi)
    if h.degree() <= 0:
        v = to_fraction(h.coeffs()[0]) if h.degree() == 0 else Fraction(0)
        return v, _linear_text(v)
    d = phi.degree()
    # the matrix of multiplication by h on the basis 1, tau, ..., tau^(d-1)
    cols = []
    power = flint.fmpq_poly([1])
    for _ in range(d):
        col = reduce_mod(h * power, phi).coeffs()
        cols.append(list(col) + [flint.fmpq(0)] * (d - len(col)))
        power = reduce_mod(power * flint.fmpq_poly([0, 1]), phi)
    matrix = flint.fmpq_mat(d, d, [cols[c][r] for r in range(d) for c in range(d)])
    minimal = next((q for q, _ in matrix.charpoly().factor()[1]
                    if _compose_mod(q, h, phi).is_zero()), None)
    if minimal is None:  # pragma: no cover - the characteristic polynomial is a power of it
        raise SolverError("enumerate: internal error: no minimal polynomial found")
    if minimal.degree() == 1:
        c0, c1 = minimal.coeffs()
        v = -to_fraction(c0) / to_fraction(c1)
        return v, _linear_text(v)
    sp = sympy_poly(minimal, OUTPUT_VARIABLE)
    intervals = sorted((to_fraction(a), to_fraction(b)) for (a, b), _ in sp.intervals())
    while True:
        lo, hi = root.enclose(h)
        hits = [k for k, (a, b) in enumerate(intervals) if not (hi < a or b < lo)]
        if len(hits) == 1:
            index = hits[0]
            break
        root.refine()
    return sympy.rootof(sp.as_expr(), index, radicals=True), str(sp.as_expr())


def _linear_text(v: Fraction) -> str:
    return f"x - {v}" if v >= 0 else f"x + {-v}"


def _compose_mod(q: flint.fmpq_poly, h: flint.fmpq_poly, phi: flint.fmpq_poly) -> flint.fmpq_poly:
    """``q(h(tau))`` modulo ``phi``."""
    out = flint.fmpq_poly([])
    for c in reversed(q.coeffs()):
        out = reduce_mod(out * h + flint.fmpq_poly([c]), phi)
    return out


def decimal_text(v) -> str:
    """``DECIMAL_DIGITS`` significant digits of an exact number (Fraction or sympy)."""
    if isinstance(v, Fraction):
        return str(sympy.N(sympy.Rational(v.numerator, v.denominator), DECIMAL_DIGITS))
    return str(sympy.N(v, DECIMAL_DIGITS))
