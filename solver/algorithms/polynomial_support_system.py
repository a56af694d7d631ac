"""The indifference equations of one support profile of a normal-form game.

For a support profile :math:`S = (S_1, \\dots, S_n)` write :math:`\\sigma_i(s)` for
the probability of *s* and eliminate :math:`\\sigma_i(s_i^0) = 1 - \\sum_{s \\in S_i
\\setminus s_i^0} \\sigma_i(s)` for the first strategy :math:`s_i^0` of each
:math:`S_i`.  The unknowns are the other probabilities on the supports,
:math:`\\sum_i (|S_i| - 1)` of them, and so are the equations

.. math::

    u_i(s, \\sigma_{-i}) - u_i(s_i^0, \\sigma_{-i}) = 0, \\qquad
    s \\in S_i \\setminus \\{s_i^0\\},

where :math:`u_i(s, \\sigma_{-i}) = \\sum_{t \\in S_{-i}} u_i(s, t) \\prod_{j \\ne i}
\\sigma_j(t_j)`.  Player *i*'s equations do not involve his own unknowns and are
affine in each other player's: the system is *multilinear* (McKelvey and McLennan
1996, section 6).  The payoffs are integers (each player's scaled by a positive
integer, which changes no equilibrium), so the coefficients are too.

:class:`SupportSystem` builds the equations as sympy polynomials and evaluates the
probabilities and the payoffs of every strategy at a point of three kinds: an
algebraic point (flint polynomials in the separating element modulo its minimal
polynomial), a rational point (Fractions, for the box search of
:mod:`solver.algorithms.polynomial_support_continua`), or numbers of any other kind
(:mod:`solver.algorithms.polynomial_support_fallback`).

Reference: R. D. McKelvey and A. McLennan, "Computation of equilibria in finite
games", in *Handbook of Computational Economics*, vol. 1, ch. 2, Elsevier, 1996.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import flint
import sympy

from solver.algorithms.polynomial_support_algebraic import reduce_mod

__all__ = ["SATURATION_VARIABLE", "SupportSystem"]

#: The auxiliary unknown w of the saturation ``w * (product of probabilities) = 1``.
SATURATION_VARIABLE = sympy.Symbol("w_")


class SupportSystem:
    """The indifference equations of the support profile ``sigma`` (a tuple, per
    player, of strategy indices in increasing order) for the integer payoff
    ``tables`` (one array per player)."""

    def __init__(self, tables, sigma):
        self.tables = tables
        self.sigma = sigma
        self.key = tuple(sigma)
        n = len(sigma)
        self.gens: list[sympy.Symbol] = []
        self.var: dict[tuple[int, int], sympy.Symbol] = {}
        for i, S in enumerate(sigma):
            for s in S[1:]:
                g = sympy.Symbol(f"p{i}_{s}")
                self.var[(i, s)] = g
                self.gens.append(g)
        # per player: the other players and their support profiles
        self.others = []
        for i in range(n):
            others = [j for j in range(n) if j != i]
            self.others.append((others, list(itertools.product(*[sigma[j] for j in others]))))
        self._equations = None
        self._poly_probs = None

    def strategy_counts(self) -> list[int]:
        return [self.tables[i].shape[i] for i in range(len(self.sigma))]

    # -- the polynomials
    def _polynomial_probabilities(self) -> list[dict]:
        if self._poly_probs is None:
            gens = self.gens
            one = sympy.Poly(1, *gens, domain=sympy.QQ)
            probs = []
            for i, S in enumerate(self.sigma):
                rest = [sympy.Poly(self.var[(i, s)], *gens, domain=sympy.QQ) for s in S[1:]]
                pr = {S[0]: one - sum(rest, 0 * one)}
                pr.update(zip(S[1:], rest))
                probs.append(pr)
            self._poly_probs = probs
        return self._poly_probs

    def _utility(self, i: int, s: int) -> sympy.Poly:
        """u_i(s, sigma_-i) as a polynomial in the unknowns."""
        probs = self._polynomial_probabilities()
        one = sympy.Poly(1, *self.gens, domain=sympy.QQ)
        others, combos = self.others[i]
        total = 0 * one
        for combo in combos:
            a = self.tables[i][self._cell(i, s, others, combo)]
            if a == 0:
                continue
            term = one * int(a)
            for j, tj in zip(others, combo):
                term = term * probs[j][tj]
            total = total + term
        return total

    @property
    def equations(self) -> list[sympy.Poly]:
        """u_i(s) - u_i(s_i^0) for every player i and s in S_i other than s_i^0."""
        if self._equations is None:
            eqs = []
            for i, S in enumerate(self.sigma):
                base = self._utility(i, S[0])
                eqs.extend(self._utility(i, s) - base for s in S[1:])
            self._equations = eqs
        return self._equations

    def saturation(self) -> sympy.Poly:
        """w * (product of all support probabilities of mixing players) - 1, in
        ``[w] + gens``: adding it drops the solutions where one of them vanishes."""
        probs = self._polynomial_probabilities()
        gens = [SATURATION_VARIABLE] + self.gens
        prod = sympy.Poly(SATURATION_VARIABLE, *gens, domain=sympy.QQ)
        for i, S in enumerate(self.sigma):
            if len(S) > 1:
                for s in S:
                    prod = prod * sympy.Poly(probs[i][s].as_expr(), *gens, domain=sympy.QQ)
        return prod - 1

    def deviations(self) -> list[sympy.Poly]:
        """u_i(s') - u_i(s_i^0) for every strategy s' outside a support (the nonzero ones)."""
        out = []
        for i, S in enumerate(self.sigma):
            base = self._utility(i, S[0])
            out.extend(self._utility(i, s) - base
                       for s in range(self.tables[i].shape[i]) if s not in S)
        return [d for d in out if not d.is_zero]

    def describe(self, game) -> str:
        """The support profile in words: ``(Player 1: A, B; Player 2: C; ...)``."""
        return "(" + "; ".join(
            f"{game.players[i]}: {', '.join(game.strategies[i][s] for s in S)}"
            for i, S in enumerate(self.sigma)) + ")"

    # -- values at a point
    def _cell(self, i, s, others, combo) -> tuple:
        idx = [0] * len(self.sigma)
        idx[i] = s
        for j, tj in zip(others, combo):
            idx[j] = tj
        return tuple(idx)

    def probabilities(self, value: Callable[[Any], Any], zero, one) -> list[list[Any]]:
        """Per player and strategy, the probability, ``value(g)`` giving each unknown."""
        out = []
        for i, S in enumerate(self.sigma):
            pr = [zero] * self.tables[i].shape[i]
            rest = zero
            for s in S[1:]:
                pr[s] = value(self.var[(i, s)])
                rest = rest + pr[s]
            pr[S[0]] = one - rest
            out.append(pr)
        return out

    def values(self, probs, one, reduce: Callable[[Any], Any] = lambda x: x) -> list[list[Any]]:
        """u_i(s, sigma_-i) for every player and every strategy (scaled payoffs), in the
        arithmetic of ``probs`` (``reduce`` applied after each product)."""
        values = []
        for i in range(len(self.sigma)):
            others, combos = self.others[i]
            weights = []
            for combo in combos:
                w = one
                for j, tj in zip(others, combo):
                    w = reduce(w * probs[j][tj])
                weights.append(w)
            row = []
            for s in range(self.tables[i].shape[i]):
                total = one - one
                for combo, w in zip(combos, weights):
                    a = self.tables[i][self._cell(i, s, others, combo)]
                    if a:
                        total = total + w * int(a)
                row.append(reduce(total))
            values.append(row)
        return values

    def probabilities_at(self, point, fixed=None) -> list[list[flint.fmpq_poly]]:
        """At algebraic points: each probability as a polynomial in tau mod phi.
        ``fixed`` gives rational values to some unknowns."""
        fixed = fixed or {}

        def value(g):
            if g in fixed:
                v = fixed[g]
                return flint.fmpq_poly([flint.fmpq(v.numerator, v.denominator)])
            return point.coordinate(g)

        return self.probabilities(value, flint.fmpq_poly([]), flint.fmpq_poly([1]))

    def values_at(self, probs, phi) -> list[list[flint.fmpq_poly]]:
        """At algebraic points: u_i(s) for every player and strategy, mod phi."""
        return self.values(probs, flint.fmpq_poly([1]), lambda p: reduce_mod(p, phi))

    def rational_values(self, x: dict) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
        """At a rational point ``x`` (unknown -> Fraction): probabilities and values."""
        probs = self.probabilities(lambda g: x[g], Fraction(0), Fraction(1))
        return probs, self.values(probs, Fraction(1))
