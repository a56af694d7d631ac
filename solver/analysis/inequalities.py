"""Exact solution sets of rational inequalities ``f(t) >= 0`` in one variable.

An equilibrium condition of a repeated game is a rational function of the discount
factor (:mod:`solver.analysis.repeated_thresholds`), and the set of values where it
holds is a finite union of intervals whose ends are real algebraic numbers.  This
module finds that set exactly, for several conditions at once, by a one-dimensional
cylindrical decomposition (Collins 1975; Basu, Pollack and Roy 2006, *Algorithms in
Real Algebraic Geometry*, ch. 5):

1. write each ``f_j = N_j / D_j`` in lowest terms and factor ``N_j`` and ``D_j`` into
   irreducible polynomials over the rationals;
2. isolate the real roots of every factor in the range (sympy's exact real-root
   isolation; rational roots are Fractions, irrational ones algebraic numbers);
3. the roots cut the range into open cells on which no ``f_j`` changes sign: the sign
   on a cell is the sign at an exact rational point inside it;
4. at a root, ``f_j`` is 0 when the root's factor divides ``N_j`` (the condition holds,
   weakly), undefined when it divides ``D_j`` (it fails), and otherwise has the sign of
   the neighbouring cells.

Nothing is decided in floating point: floats only *order* distinct algebraic numbers,
at 50 digits.

>>> import sympy
>>> t = sympy.Symbol("t")
>>> one, both = solve_inequalities([2*t - 1, 1 - t**2 - t], t, 0, 1)
>>> str(one[0]), str(both)
('[1/2, 1)', '[1/2, -1/2 + sqrt(5)/2 (0.618)]')
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import sympy

from solver.errors import GameError, SolverLimitError
from solver.numbers import format_number

__all__ = ["Interval", "IntervalSet", "solve_inequalities", "exact_text", "MAX_DEGREE"]

#: Largest degree of a factor whose roots are isolated.
MAX_DEGREE = 60
_DIGITS = 50


def _exact(x):
    """A sympy number as a Fraction when rational, else kept algebraic."""
    x = sympy.sympify(x)
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    return x


def exact_text(x: Any) -> str:
    """``"1/2"``; ``"-1/2 + sqrt(5)/2 (0.618)"`` for an algebraic number, and for a root
    without radicals ``"the root near 0.6823 of x**3 + x - 1 = 0"``."""
    if isinstance(x, (Fraction, int)):
        return format_number(Fraction(x))
    x = sympy.sympify(x)
    if x.is_Rational:
        return format_number(Fraction(int(x.p), int(x.q)))
    approx = f"{float(sympy.N(x, 15)):.4g}"
    if isinstance(x, sympy.CRootOf):
        return f"the root near {approx} of {x.poly.as_expr()} = 0"
    return f"{x} ({approx})"


@dataclass(frozen=True)
class Interval:
    """An interval of the real line with exact ends, each closed or open."""

    low: Any
    high: Any
    low_closed: bool
    high_closed: bool

    @property
    def point(self) -> bool:
        return self.low_closed and self.high_closed and self.low == self.high

    def __str__(self) -> str:
        if self.point:
            return "{" + exact_text(self.low) + "}"
        return (("[" if self.low_closed else "(") + exact_text(self.low) + ", "
                + exact_text(self.high) + ("]" if self.high_closed else ")"))

    def contains(self, x) -> bool:
        x = sympy.sympify(x)
        lo, hi = sympy.sympify(self.low), sympy.sympify(self.high)
        return bool((lo <= x if self.low_closed else lo < x)
                    and (x <= hi if self.high_closed else x < hi))

    def to_dict(self) -> dict:
        return {"low": _json(self.low), "high": _json(self.high),
                "low_closed": self.low_closed, "high_closed": self.high_closed}


def _json(x):
    if isinstance(x, Fraction):
        return format_number(x)
    return str(x)


@dataclass(frozen=True)
class IntervalSet:
    """A finite union of disjoint intervals, in increasing order, inside a range."""

    intervals: tuple[Interval, ...]
    variable: str = "t"

    @property
    def empty(self) -> bool:
        return not self.intervals

    @property
    def lower(self):
        """The infimum (None when empty)."""
        return self.intervals[0].low if self.intervals else None

    @property
    def upper(self):
        """The supremum (None when empty)."""
        return self.intervals[-1].high if self.intervals else None

    def contains(self, x) -> bool:
        return any(i.contains(x) for i in self.intervals)

    def __str__(self) -> str:
        if not self.intervals:
            return "empty"
        return " or ".join(str(i) for i in self.intervals)

    def to_dict(self) -> list:
        return [i.to_dict() for i in self.intervals]


def _parts(expr, t):
    """Numerator and denominator polynomials of ``expr`` in lowest terms."""
    expr = sympy.cancel(sympy.together(sympy.sympify(expr)))
    num, den = sympy.fraction(expr)
    try:
        n, d = sympy.Poly(num, t, domain="QQ"), sympy.Poly(den, t, domain="QQ")
    except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
        raise GameError(f"the condition {expr} is not a rational function of {t} with "
                        "rational coefficients (give values to the other parameters)") from None
    return n, d


def _factors(poly):
    return [f for f, _ in poly.factor_list()[1] if f.degree() > 0]


def _divides(factor, poly) -> bool:
    return not poly.is_zero and poly.rem(factor).is_zero


def _sign_at(n, d, x) -> int:
    """Sign of ``n/d`` at the rational ``x`` (0 where it is 0, None at a pole)."""
    dv = d.eval(x)
    if dv == 0:
        return None
    v = n.eval(x) / dv
    return int(bool(v > 0)) - int(bool(v < 0))


def solve_inequalities(exprs: Sequence[Any], t, low, high, *, low_open: bool = True,
                       high_open: bool = True) -> tuple[tuple[IntervalSet, ...], IntervalSet]:
    """Where each ``expr >= 0`` holds, and where all hold, for ``t`` in a range.

    Parameters
    ----------
    exprs : sequence of sympy expressions
        Rational functions of ``t`` with rational coefficients.
    t : sympy.Symbol
    low, high : rational
        The range; ``low_open``/``high_open`` say whether its ends are excluded
        (default: the open interval, as for a discount factor in (0, 1)).

    Returns
    -------
    (per_expression, all) : tuple of IntervalSet, IntervalSet

    Raises
    ------
    GameError
        For an expression that is not such a rational function.
    SolverLimitError
        For a factor of degree above :data:`MAX_DEGREE`.
    """
    lo, hi = sympy.Rational(str(Fraction(low))), sympy.Rational(str(Fraction(high)))
    parts = [_parts(e, t) for e in exprs]
    points = {}
    for n, d in parts:
        for f in _factors(n) + _factors(d):
            if f.degree() > MAX_DEGREE:
                raise SolverLimitError(f"a condition has a factor of degree {f.degree()} in "
                                       f"{t}, above MAX_DEGREE = {MAX_DEGREE}")
            f = f.monic()
            for k, r in enumerate(f.real_roots()):
                if lo < r < hi:
                    points.setdefault((str(f.as_expr()), k), (r, f))
    ordered = sorted(points.values(), key=lambda rf: sympy.N(rf[0], _DIGITS))
    cuts = [lo] + [r for r, _ in ordered] + [hi]
    # the pieces of the range, in order: the low end, cell 0, root 0, cell 1, ..., the high
    # end; each as (kind, value or (a, b)), with every condition's membership
    pieces: list[tuple[str, Any, Any]] = []
    member: list[list[bool]] = []
    inside: list[bool] = []             # the piece belongs to the range

    def end(x, is_open):
        member.append([not is_open and (s := _sign_at(n, d, x)) is not None and s >= 0
                       for n, d in parts])
        pieces.append(("point", x, x))
        inside.append(not is_open)

    end(lo, low_open)
    for c in range(len(cuts) - 1):
        x = _between(cuts[c], cuts[c + 1])
        member.append([_sign_at(n, d, x) >= 0 for n, d in parts])
        pieces.append(("cell", cuts[c], cuts[c + 1]))
        inside.append(True)
        if c + 1 < len(cuts) - 1:
            r, f = ordered[c]
            row = []
            for j, (n, d) in enumerate(parts):
                if _divides(f, d):
                    row.append(False)          # a pole: undefined
                elif _divides(f, n):
                    row.append(True)           # a root: equality, the weak inequality holds
                else:
                    row.append(member[-1][j])  # no sign change here
            member.append(row)
            pieces.append(("point", r, r))
            inside.append(True)
    end(hi, high_open)
    name = str(t)
    singles = tuple(_union([m[j] for m in member], pieces, name) for j in range(len(parts)))
    return singles, _union([all(m) and i for m, i in zip(member, inside)], pieces, name)


def _between(a, b):
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a.is_Rational and b.is_Rational:
        return (a + b) / 2
    m = sympy.Rational(str(sympy.N((a + b) / 2, _DIGITS)))
    if not a < m < b:                  # pragma: no cover - 50 digits separate these roots
        raise GameError(f"cannot separate {a} and {b}")
    return m


def _union(flags, pieces, name) -> IntervalSet:
    """Merge runs of consecutive member pieces into intervals."""
    out = []
    k = 0
    while k < len(pieces):
        if not flags[k]:
            k += 1
            continue
        first = k
        while k + 1 < len(pieces) and flags[k + 1]:
            k += 1
        a, b = pieces[first], pieces[k]
        out.append(Interval(_exact(a[1]), _exact(b[2]), a[0] == "point", b[0] == "point"))
        k += 1
    return IntervalSet(tuple(out), name)
