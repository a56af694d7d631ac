"""One run of polynomial support enumeration: each support profile's system solved,
each real solution certified, and the result assembled.

For a support profile the indifference equations
(:class:`~solver.algorithms.polynomial_support_system.SupportSystem`) get a Groebner
basis (degree reverse lexicographic).  The basis decides whether the complex
solution set is empty, finite or infinite:

* empty: no equilibrium has these supports;
* finite: it is solved exactly
  (:func:`~solver.algorithms.polynomial_support_exact.solve_zero_dimensional`) and each
  real solution is checked;
* infinite: the components on which a support probability vanishes are dropped by
  saturation (they belong to smaller supports); if the rest is finite it is solved as
  above, otherwise it goes to
  :func:`~solver.algorithms.polynomial_support_continua.explore_continuum`.

A real solution is an equilibrium when every support probability is positive, every
outside strategy earns no more than the support strategies, and the indifferences
hold: all decided exactly, in the arithmetic of
:mod:`solver.algorithms.polynomial_support_algebraic`.  Rational equilibria are then
certified again by :func:`solver.forms.profiles.certify`; irrational ones carry their
exact certificate (regret exactly 0) with a decimal view and their minimal
polynomials.
"""
from __future__ import annotations

from fractions import Fraction

import flint

from solver.algorithms.polynomial_support_algebraic import (
    OUTPUT_VARIABLE,
    AlgebraicPoints,
    algebraic_value,
    decimal_text,
    reduce_mod,
    sympy_poly,
    value_at,
)
from solver.algorithms.polynomial_support_continua import explore_continuum
from solver.algorithms.polynomial_support_exact import groebner, is_one, solve_zero_dimensional
from solver.algorithms.polynomial_support_fallback import (
    FALLBACK_DIGITS,
    FALLBACK_TOLERANCE,
    numeric_equilibria,
)
from solver.algorithms.polynomial_support_profiles import conditionally_dominated
from solver.algorithms.polynomial_support_system import SATURATION_VARIABLE, SupportSystem
from solver.errors import SolverError
from solver.forms.profiles import Equilibrium, MixedProfile, Solution, certify

__all__ = ["SupportSearch"]


class SupportSearch:
    """The state of one enumeration: the equilibria found and what was seen.

    ``found`` holds ``(support key, equilibrium, algebraic info or None)``.
    """

    def __init__(self, game, tables, scales):
        self.game = game
        self.tables = tables
        self.scales = scales
        self.found: list[tuple[tuple, Equilibrium, dict | None]] = []
        self.pruned = 0
        self.systems = 0
        self.ties = False
        self.continua: list[dict] = []
        self.fallback: list[str] = []

    # -- one support profile
    def support(self, sigma) -> None:
        """Search the support profile ``sigma`` (a tuple, per player, of strategy
        indices), unless it is conditionally dominated."""
        if conditionally_dominated(self.tables, sigma):
            self.pruned += 1
            return
        system = SupportSystem(self.tables, sigma)
        if not system.gens:
            # a pure profile: the single point, no equations
            self._accept_points(system, [AlgebraicPoints.rational({})])
            return
        self.systems += 1
        w = SATURATION_VARIABLE
        equations = [e for e in system.equations if not e.is_zero]
        basis = groebner(equations, system.gens) if equations else None
        if basis is not None and is_one(basis):
            return
        if basis is not None and basis.is_zero_dimensional:
            self._solve_finite(system, basis, system.gens, [])
            return
        # infinite: drop the components on which some support probability vanishes
        saturated = groebner(equations + [system.saturation()], [w] + system.gens)
        if is_one(saturated):
            return
        if saturated.is_zero_dimensional:
            self._solve_finite(system, saturated, system.gens, [w])
            return
        continuum = explore_continuum(
            system, saturated,
            lambda b, gens, fixed: self._solve_finite(system, b, gens, [w], fixed))
        if continuum is not None:
            continuum.update(support=system.key, description=system.describe(self.game))
            self.continua.append(continuum)

    def _solve_finite(self, system, basis, gens, aux, fixed=None) -> list:
        points = solve_zero_dimensional(basis, gens, aux)
        if points is None:
            return self._fallback(system, list(basis.exprs), gens, aux, fixed)
        accepted = []
        for point in points:
            accepted.extend(self._accept_points(system, [point], fixed))
        return accepted

    def _accept_points(self, system, points, fixed=None) -> list:
        accepted = []
        for point in points:
            for root in point.real_roots():
                found = self._check(system, point, root, fixed)
                if found is not None:
                    accepted.append(found)
        return accepted

    # -- the certificate of one real solution
    def _check(self, system, point, root, fixed):
        phi = point.phi
        probs = system.probabilities_at(point, fixed)      # per player, fmpq_poly mod phi
        for i, S in enumerate(system.sigma):
            if any(root.sign(probs[i][s]) <= 0 for s in S):
                return None
        values = system.values_at(probs, phi)              # u_i(s), fmpq_poly mod phi
        tie = False
        for i, S in enumerate(system.sigma):
            base = values[i][S[0]]
            for s in range(len(values[i])):
                diff = reduce_mod(values[i][s] - base, phi)
                if s in S:
                    if not diff.is_zero():
                        raise SolverError(
                            f"enumerate: internal error: a solution of the indifference "
                            f"equations of support {system.describe(self.game)} is not indifferent")
                    continue
                sign = root.sign(diff)
                if sign > 0:
                    return None
                tie = tie or sign == 0
        self.ties = self.ties or tie
        if phi.degree() == 1:
            alpha = root.rational()
            exact = tuple(tuple(value_at(p, alpha) for p in pr) for pr in probs)
            for _, known, _ in self.found:
                if known.probabilities == exact:
                    return known
            eq = self._certify_rational([list(pr) for pr in exact])
            self.found.append((system.key, eq, None))
            return eq
        return self._irrational(system, probs, values, phi, root)

    def _irrational(self, system, probs, values, phi, root):
        """An irrational equilibrium as exact numbers from minimal polynomials."""
        game = self.game
        prob_pairs = [[algebraic_value(p, phi, root) for p in pr] for pr in probs]
        pay_pairs = [algebraic_value(values[i][S[0]] * _inverse(self.scales[i]), phi, root)
                     for i, S in enumerate(system.sigma)]
        prob_values = [[v for v, _ in pr] for pr in prob_pairs]
        payoffs = [v for v, _ in pay_pairs]
        decimals = [[decimal_text(v) for v in pr] for pr in prob_values]
        for key, known, info in self.found:
            if key == system.key and info is not None and info["decimal"]["strategies"] == decimals:
                return known            # met again (a vertex of a continuum tied twice)
        info = {
            "decimal": {"strategies": decimals, "payoffs": [decimal_text(v) for v in payoffs]},
            "minimal_polynomials": {
                "strategies": [[text for _, text in pr] for pr in prob_pairs],
                "payoffs": [text for _, text in pay_pairs],
            },
            "certificate": "exact: signs decided by interval refinement of an isolating "
                           "interval of a root of " + str(sympy_poly(phi, OUTPUT_VARIABLE).as_expr()),
        }
        if not game.exact:
            eq = certify(game, [[float(v) for v in pr] for pr in prob_values])
        else:
            profile = MixedProfile(game.players, game.strategies,
                                   tuple(tuple(pr) for pr in prob_values))
            eq = Equilibrium(profile, tuple(payoffs), (Fraction(0),) * game.n_players, True)
        self.found.append((system.key, eq, info))
        return eq

    def _certify_rational(self, probs):
        if self.game.exact:
            return certify(self.game, probs)
        return certify(self.game, [[float(p) for p in pr] for pr in probs])

    def _fallback(self, system, polys, gens, aux, fixed) -> list:
        """Numerical solution to FALLBACK_DIGITS digits, certified to FALLBACK_TOLERANCE."""
        self.fallback.append(system.describe(self.game))
        found = numeric_equilibria(self.game, system, self.scales, polys, gens, aux, fixed)
        if found is None:
            self.fallback[-1] += " (not solved)"
            return []
        self.found.extend((system.key, eq, None) for eq in found)
        return found

    # -- the result
    def solution(self, total: int, seconds: float) -> Solution:
        """The Solution: equilibria sorted by support size, notes, ``extra``."""
        game = self.game
        order = sorted(range(len(self.found)),
                       key=lambda k: (sum(len(s) for s in self.found[k][0]), self.found[k][0],
                                      [float(p) for pr in self.found[k][1].probabilities for p in pr]))
        equilibria = tuple(self.found[k][1] for k in order)
        algebraic = {new: self.found[k][2] for new, k in enumerate(order) if self.found[k][2]}
        position = {id(e): k for k, e in enumerate(equilibria)}
        exact_certified = game.exact and not self.fallback
        complete = not self.continua and not any(f.endswith("(not solved)") for f in self.fallback)
        notes = [
            (f"polynomial support enumeration (McKelvey and McLennan 1996, section 6; Datta 2010): "
             f"{total} support profiles, {self.pruned} excluded by conditional dominance, "
             f"{self.systems} polynomial system{'' if self.systems == 1 else 's'} solved "
             "exactly over the rationals")]
        if complete:
            notes.append("every support profile was searched and every solution set was finite: "
                         "the list is complete")
        if algebraic:
            notes.append(
                f"{len(algebraic)} equilibri{'um has' if len(algebraic) == 1 else 'a have'} "
                "irrational probabilities, given exactly as algebraic numbers (radicals, or "
                "CRootOf(p, k): the k-th real root, from 0, of p) and certified exactly; "
                "extra['algebraic'] has their decimal values")
        for c in self.continua:
            nv, ns = len(c["vertices"]), len(c["samples"])
            notes.append(
                f"support {c['description']}: the indifference equations have a "
                f"{c['dimension']}-dimensional solution set (the game is degenerate) that may "
                f"hold a continuum of equilibria; listed from it: {nv} "
                f"{'vertex' if nv == 1 else 'vertices'} (where an outside strategy ties) and {ns} "
                f"sample{'' if ns == 1 else 's'}; the list is not complete")
        for f in self.fallback:
            notes.append(
                f"support {f}: solved numerically at {FALLBACK_DIGITS} digits; its equilibria "
                f"are certified to a regret of at most {FALLBACK_TOLERANCE:g} times each player's "
                "own payoff range, not exactly")
        if not game.exact:
            notes.append("float payoffs were converted exactly to rationals and the game solved "
                         "exactly; probabilities are reported as floats")
        extra = {
            "supports": total, "pruned": self.pruned, "systems": self.systems,
            "algebraic": algebraic,
            "continua": [{"support": c["support"], "dimension": c["dimension"],
                          "vertices": [position[id(e)] for e in c["vertices"]],
                          "samples": [position[id(e)] for e in c["samples"]]}
                         for c in self.continua],
            "seconds": seconds,
        }
        if self.fallback:
            extra["tolerance"] = FALLBACK_TOLERANCE
        return Solution(game=game, method="enumerate", exact=exact_certified, complete=complete,
                        degenerate=True if (self.ties or self.continua) else None,
                        equilibria=equilibria, notes=tuple(notes), extra=extra)


def _inverse(scale: Fraction) -> flint.fmpq:
    return flint.fmpq(scale.denominator, scale.numerator)
