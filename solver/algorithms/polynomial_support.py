"""All Nash equilibria of a small game of any number of players, by support enumeration
with the polynomial systems solved exactly.

In an equilibrium in which player *i* plays exactly the strategies of a support
:math:`S_i` with positive probability, every strategy of :math:`S_i` earns him the
same expected payoff and no other strategy earns more.  For a fixed support profile
:math:`S = (S_1, \\dots, S_n)` the equalities are a square system of polynomial
equations in the probabilities (multilinear: player *i*'s are linear in each other
player's mixed strategy), and the equilibria with support exactly *S* are its real
solutions that are positive on *S* and satisfy the inequalities (McKelvey and
McLennan 1996, section 6, the method of Gambit's ``enumpoly``; Datta 2010 solves the
systems with Groebner bases, as is done here).  With three or more players the
solutions may be irrational: they are found and certified here in exact arithmetic,
as real algebraic numbers.
"""
from __future__ import annotations

import itertools
import math
import random
import time
from fractions import Fraction
from typing import Any, Sequence

import flint
import numpy as np
import sympy

from solver.errors import GameError, InvalidGameError, SolverError, SolverLimitError
from solver.forms.profiles import Equilibrium, MixedProfile, Solution, certify
from solver.numbers import lcm_of_denominators

__all__ = [
    "polynomial_support_enumeration",
    "DEFAULT_MAX_SUPPORTS",
    "DECIMAL_DIGITS",
    "FALLBACK_DIGITS",
    "FALLBACK_TOLERANCE",
]

#: Default limit on the number of support profiles, prod(2**m_i - 1): 343 for a
#: 3x3x3 game, 3375 for 4x4x4, 2401 for 3x3x3x3.
DEFAULT_MAX_SUPPORTS = 5_000

#: Significant digits of the decimal view of an algebraic number.
DECIMAL_DIGITS = 30

#: Working precision (digits) and relative tolerance of the numerical fallback, used
#: only when a system cannot be brought to the exact form described in the notes.
FALLBACK_DIGITS = 60
FALLBACK_TOLERANCE = 1e-30

#: Boxes the exclusion search of one positive-dimensional solution set may visit.
_BOX_BUDGET = 400
#: Box centres tried, and samples kept, per positive-dimensional solution set.
_SAMPLE_TRIES = 12
_SAMPLES_KEPT = 3
#: Sets of ties tried for the vertices of one positive-dimensional solution set.
_VERTEX_TRIES = 60
#: Separating linear forms tried before the numerical fallback.
_SEPARATOR_TRIES = 6

_T = sympy.Symbol("t_")      # the separating element
_W = sympy.Symbol("w_")      # 1 / (product of the support probabilities)
_X = sympy.Symbol("x")       # the variable of minimal polynomials in the output


def polynomial_support_enumeration(game, *, max_supports: int = DEFAULT_MAX_SUPPORTS,
                                   time_limit: float | None = None) -> Solution:
    """All Nash equilibria of a small normal-form game, exactly, for any number of players.

    Parameters
    ----------
    game : NormalFormGame
        A concrete game (no free parameters).  Exact payoffs are used as they are;
        float payoffs are converted exactly to rationals, the game is solved
        exactly for those rationals, and the profiles are reported as floats,
        certified with the float tolerance (a note says so).
    max_supports : int, optional
        Largest number of support profiles, :math:`\\prod_i (2^{m_i} - 1)`, the
        search may face (default :data:`DEFAULT_MAX_SUPPORTS`, 5000; a 3x3x3 game
        has 343).  A larger game raises :class:`SolverLimitError` before any work.
    time_limit : float, optional
        Seconds.  Checked before each support profile (one polynomial system is
        never interrupted); when exceeded, :class:`SolverLimitError` is raised.

    Returns
    -------
    Solution
        Method ``"enumerate"``.  ``complete=True`` when every support profile was
        searched and every solution set met was finite (or held no equilibrium):
        the equilibria listed are then *all* the Nash equilibria of the game.
        Equilibria are sorted by the size of their support.

        Probabilities are Fractions when rational.  An irrational probability
        (or payoff) is an exact sympy number: radicals for degree 2
        (``1/2 - sqrt(3)/6``), otherwise ``CRootOf(p, k)``, the *k*-th real root
        (from 0, in increasing order) of its minimal polynomial *p* over the
        rationals.  Such equilibria are certified exactly too (``exact=True``,
        regret exactly 0).  ``extra["algebraic"]`` maps the index of each
        equilibrium with an irrational coordinate to its decimal view
        (``DECIMAL_DIGITS`` digits) and the minimal polynomials.

        ``extra`` also holds ``"supports"`` (support profiles of the game),
        ``"pruned"`` (excluded by conditional dominance), ``"systems"`` (polynomial
        systems solved), ``"continua"`` (positive-dimensional solution sets that
        may hold equilibria, with their samples) and ``"seconds"``.
        ``degenerate`` is True when a tie or a continuum was seen, else None.

    Raises
    ------
    SolverLimitError
        When the game has more than ``max_supports`` support profiles, or the
        search runs past ``time_limit`` seconds.
    InvalidGameError
        For an extensive-form game or a game with free parameters.

    Notes
    -----
    Write :math:`\\sigma_i(s)` for the probability of *s* and, for each support
    profile *S*, eliminate :math:`\\sigma_i(s_i^0) = 1 - \\sum_{s \\in S_i
    \\setminus s_i^0} \\sigma_i(s)` for the first strategy :math:`s_i^0` of each
    :math:`S_i`.  The unknowns are the other probabilities on the supports,
    :math:`\\sum_i (|S_i| - 1)` of them, and so are the equations

    .. math::

        u_i(s, \\sigma_{-i}) - u_i(s_i^0, \\sigma_{-i}) = 0, \\qquad
        s \\in S_i \\setminus \\{s_i^0\\},

    where :math:`u_i(s, \\sigma_{-i}) = \\sum_{t \\in S_{-i}} u_i(s, t)
    \\prod_{j \\ne i} \\sigma_j(t_j)`.

    *Search and pruning.*  Support profiles are taken by total size, then by
    balance (Porter, Nudelman and Shoham 2008).  A profile is skipped when some
    :math:`s \\in S_i` is *conditionally dominated*: another strategy :math:`s'`
    of player *i* does at least as well against every :math:`t \\in S_{-i}` and
    better against one.  In an equilibrium with these supports every such *t*
    has positive probability, so :math:`s'` would earn strictly more than *s*.
    (This is Porter et al.'s conditional strict dominance, extended to the weak
    case that exact supports allow.)

    *Exact solution.*  A Groebner basis (degree reverse lexicographic) of the
    equations decides whether the complex solution set is empty, finite or
    infinite.  When it is finite, a separating linear form
    :math:`\\tau = \\sum_k c_k x_k` (small integer *c*) is added and the basis is
    converted to lexicographic order with :math:`\\tau` last (FGLM); when that
    basis has the *shape* :math:`\\{x_k - g_k(\\tau), f(\\tau)\\}` (shape lemma;
    otherwise the ideal is made radical by Seidenberg's lemma and another *c*
    tried) every solution is :math:`x = g(\\alpha)` for a real root
    :math:`\\alpha` of an irreducible factor :math:`\\varphi` of *f*.  Every
    quantity the certificate needs (a probability, a payoff difference) is then
    a polynomial :math:`h(\\tau)` reduced modulo :math:`\\varphi`: it is zero
    exactly when the remainder is 0, and otherwise its sign is found by
    evaluating *h* in exact rational interval arithmetic on an isolating
    interval of :math:`\\alpha`, refined until the result excludes 0.  So an
    irrational equilibrium is certified exactly, like a rational one
    (:func:`solver.forms.profiles.certify` certifies the rational ones).  The
    value shown for a coordinate is :math:`h(\\alpha)` as a root of its minimal
    polynomial (the characteristic polynomial of multiplication by *h* in
    :math:`\\mathbb{Q}[\\tau]/\\varphi` is a power of it), the root being
    identified by interval refinement.

    *Degenerate games.*  When the solution set of a support's equations is
    infinite, it is first restricted to positive probabilities (saturation by
    their product).  If it is still infinite, a box search over the unknowns
    tries to prove that it holds no equilibrium: all the functions involved are
    affine in each unknown, so their extremes over a box are at its vertices,
    and a box is excluded when some indifference equation has a constant sign
    on it, some outside strategy is strictly better on it, or some probability
    is not positive on it.  If the search cannot exclude every box, the support
    may carry a continuum of equilibria: a note says so, samples found by
    fixing the free unknowns at box centres are listed (each certified), and
    ``complete`` is False.

    *Fallback.*  If no separating form gives the shape after
    ``_SEPARATOR_TRIES`` attempts (never seen in practice), the system is solved
    by :func:`sympy.solve_poly_system`, evaluated at ``FALLBACK_DIGITS`` digits,
    and the profiles are certified to a regret of at most
    ``FALLBACK_TOLERANCE`` times the payoff range; they are reported as floats
    with ``exact=False``, and a note says so.

    Gambit's ``enumpoly`` solves the same systems numerically (by subdivision
    and Newton's method) and, in pygambit 16.7, misses the totally mixed
    equilibrium of some three-player games; exact solution misses none.

    References
    ----------
    R. D. McKelvey and A. McLennan, "Computation of equilibria in finite games",
    in *Handbook of Computational Economics*, vol. 1, ch. 2, section 6,
    Elsevier, 1996.

    R. S. Datta, "Finding all Nash equilibria of a finite game using polynomial
    algebra", *Economic Theory* 42 (2010) 55-96.

    R. Porter, E. Nudelman and Y. Shoham, "Simple search methods for finding a
    Nash equilibrium", *Games and Economic Behavior* 63 (2008) 642-662.

    A. Seidenberg, "Constructions in algebra", *Transactions of the AMS* 197
    (1974) 273-313 (radical of a zero-dimensional ideal).

    J.-C. Faugere, P. Gianni, D. Lazard and T. Mora, "Efficient computation of
    zero-dimensional Groebner bases by change of ordering", *Journal of Symbolic
    Computation* 16 (1993) 329-344 (FGLM).

    Examples
    --------
    >>> from solver import NormalFormGame
    >>> import numpy as np
    >>> pay = np.zeros((3, 2, 2, 2), dtype=int)
    >>> for a, b, c in np.ndindex(2, 2, 2):
    ...     for i, v in enumerate((a, b, c)):
    ...         pay[i, a, b, c] = int(((a, b, c).count(v)) >= 2)
    >>> sol = polynomial_support_enumeration(NormalFormGame(list(pay)))
    >>> len(sol), sol.complete
    (3, True)
    >>> sol[2].probabilities
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    started = time.monotonic()
    if getattr(game, "form", None) != "normal":
        raise InvalidGameError("polynomial support enumeration needs a normal-form game")
    game.require_concrete()
    if isinstance(max_supports, bool) or not isinstance(max_supports, int) or max_supports < 1:
        raise GameError(f"enumerate: max_supports must be a positive integer, got {max_supports!r}")
    if time_limit is not None and (isinstance(time_limit, bool) or not time_limit > 0):
        raise GameError(f"enumerate: time_limit must be a positive number of seconds, got {time_limit!r}")
    shape = game.shape
    total = math.prod(2 ** m - 1 for m in shape)
    size = "x".join(map(str, shape))
    if total > max_supports:
        raise SolverLimitError(
            f"enumerate: the {size} game has {total} support profiles, more than max_supports="
            f"{max_supports}; pass max_supports={total} (or more) to "
            "polynomial_support_enumeration or to solve(game, 'enumerate', max_supports=...) "
            "to search them all, or use method 'pure' for the pure equilibria")
    tables, scales = _integer_tables(game)
    search = _Search(game, tables, scales)
    supports = _support_profiles(shape)
    for k, sigma in enumerate(supports):
        if time_limit is not None and time.monotonic() - started > time_limit:
            raise SolverLimitError(
                f"enumerate: the {size} game was not solved within time_limit={time_limit} s "
                f"({k} of {total} support profiles searched); pass a larger time_limit (or "
                "time_limit=None) to polynomial_support_enumeration or to "
                "solve(game, 'enumerate', time_limit=...)")
        search.support(sigma)
    return search.solution(total, time.monotonic() - started)


# ---------------------------------------------------------------------- the search
class _Search:
    """The state of one enumeration: the equilibria found and what was seen."""

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
        if _conditionally_dominated(self.tables, sigma):
            self.pruned += 1
            return
        system = _System(self.tables, sigma)
        if not system.gens:
            # a pure profile: the single point, no equations
            self._accept_points(system, [_Point.rational({})])
            return
        self.systems += 1
        equations = [e for e in system.equations if not e.is_zero]
        grevlex = _groebner(equations, system.gens) if equations else None
        if grevlex is not None and _is_one(grevlex):
            return
        if grevlex is not None and grevlex.is_zero_dimensional:
            self._solve_finite(system, grevlex, system.gens, [])
            return
        # infinite: drop the components on which some support probability vanishes
        saturated = _groebner(equations + [system.saturation()], [_W] + system.gens)
        if _is_one(saturated):
            return
        if saturated.is_zero_dimensional:
            self._solve_finite(system, saturated, system.gens, [_W])
            return
        self._continuum(system, saturated)

    def _solve_finite(self, system, basis, gens, aux, fixed=None) -> list:
        points = _solve_zero_dimensional(basis, gens, aux)
        if points is None:
            self._fallback(system, list(basis.exprs), gens, aux, fixed)
            return []
        return self._accept_points(system, points, fixed)

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
        probs = system.probabilities_at(point, fixed)      # per player, fmpq_poly mod phi
        for i, S in enumerate(system.sigma):
            for s in S:
                if root.sign(probs[i][s]) <= 0:
                    return None
        values = system.values_at(probs, point.phi)        # u_i(s), fmpq_poly mod phi
        tie = False
        for i, S in enumerate(system.sigma):
            base = values[i][S[0]]
            for s in range(len(values[i])):
                diff = _reduce(values[i][s] - base, point.phi)
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
        key = system.key
        if point.phi.degree() == 1:
            alpha = root.rational()
            exact_probs = tuple(tuple(_value_at(p, alpha) for p in pr) for pr in probs)
            for _, known, _ in self.found:
                if known.probabilities == exact_probs:
                    return known
        if point.phi.degree() == 1:
            alpha = root.rational()
            exact_probs = [[_value_at(p, alpha) for p in pr] for pr in probs]
            eq = self._certify_rational(exact_probs)
            self.found.append((key, eq, None))
            return eq
        # irrational: exact numbers from minimal polynomials
        game = self.game
        prob_pairs = [[_algebraic(p, point.phi, root) for p in pr] for pr in probs]
        pay_pairs = [_algebraic(values[i][S[0]] * _inverse(self.scales[i]), point.phi, root)
                     for i, S in enumerate(system.sigma)]
        prob_values = [[v for v, _ in pr] for pr in prob_pairs]
        payoffs = [v for v, _ in pay_pairs]
        info = {
            "decimal": {
                "strategies": [[_decimal(v) for v in pr] for pr in prob_values],
                "payoffs": [_decimal(v) for v in payoffs],
            },
            "minimal_polynomials": {
                "strategies": [[text for _, text in pr] for pr in prob_pairs],
                "payoffs": [text for _, text in pay_pairs],
            },
            "certificate": "exact: signs decided by interval refinement of an isolating "
                           "interval of a root of " + str(_sympy_poly(point.phi, _X).as_expr()),
        }
        if not game.exact:
            eq = certify(game, [[float(v) for v in pr] for pr in prob_values])
            self.found.append((key, eq, info))
            return eq
        profile = MixedProfile(game.players, game.strategies,
                               tuple(tuple(pr) for pr in prob_values))
        eq = Equilibrium(profile, tuple(payoffs), (Fraction(0),) * game.n_players, True)
        self.found.append((key, eq, info))
        return eq

    def _certify_rational(self, probs):
        if self.game.exact:
            return certify(self.game, probs)
        return certify(self.game, [[float(p) for p in pr] for pr in probs])

    # -- positive-dimensional solution sets
    def _continuum(self, system, saturated) -> None:
        dimension, free = _independent_set(saturated, system.gens)
        excluded, leaves = _exclude_boxes(system)
        if excluded:
            return
        before = len(self.found)
        # vertices: where, in addition, some outside strategies do as well (ties)
        saturation = system.saturation()
        outside = system.deviations()
        tried = 0
        for r in range(1, dimension + 1):
            for combo in itertools.combinations(outside, r):
                if tried >= _VERTEX_TRIES:
                    break
                tried += 1
                polys = [e for e in system.equations if not e.is_zero] + list(combo) + [saturation]
                basis = _groebner(polys, [_W] + system.gens)
                if _is_one(basis) or not basis.is_zero_dimensional:
                    continue
                self._solve_finite(system, basis, system.gens, [_W])
        vertices = len(self.found) - before
        # samples: fix the free unknowns at the centres of boxes the search kept
        picks = _spread(sorted(leaves), _SAMPLE_TRIES)
        seen = set()
        samples = 0
        for box in picks:
            if samples >= _SAMPLES_KEPT:
                break
            fixed = {g: (box[k][0] + box[k][1]) / 2 for k, g in enumerate(system.gens) if g in free}
            key = tuple(sorted((str(g), v) for g, v in fixed.items()))
            if key in seen:
                continue
            seen.add(key)
            subs = {g: sympy.Rational(v.numerator, v.denominator) for g, v in fixed.items()}
            rest = [g for g in system.gens if g not in fixed]
            polys = [sympy.expand(e.as_expr().subs(subs)) for e in system.equations]
            polys = [q for q in polys if q != 0]
            polys.append(sympy.expand(saturation.as_expr().subs(subs)))
            basis = _groebner(polys, [_W] + rest)
            if _is_one(basis) or not basis.is_zero_dimensional:
                continue
            samples += len(self._solve_finite(system, basis, rest, [_W], fixed))
        self.continua.append({"support": system.key, "dimension": dimension,
                              "description": system.describe(self.game),
                              "vertices": [self.found[k][1] for k in range(before, before + vertices)],
                              "samples": [self.found[k][1] for k in range(before + vertices,
                                                                          len(self.found))]})

    def _fallback(self, system, polys, gens, aux, fixed) -> None:
        """Numerical solution to FALLBACK_DIGITS digits, certified to FALLBACK_TOLERANCE."""
        game = self.game
        self.fallback.append(system.describe(game))
        try:
            solutions = sympy.solve_poly_system(polys, *(list(aux) + list(gens)))
        except (NotImplementedError, sympy.PolynomialError):
            solutions = None
        if solutions is None:
            self.fallback[-1] += " (not solved)"
            return
        eps = sympy.Float(10, FALLBACK_DIGITS) ** (-(FALLBACK_DIGITS // 2))
        for sol in solutions:
            vals = dict(zip(list(aux) + list(gens), sol))
            point = {}
            ok = True
            for g in gens:
                v = sympy.N(vals[g], FALLBACK_DIGITS)
                re, im = v.as_real_imag()
                if abs(im) > eps:
                    ok = False
                    break
                point[g] = re
            if not ok:
                continue
            if fixed:
                point.update({g: sympy.Rational(v.numerator, v.denominator) for g, v in fixed.items()})
            eq = self._check_numeric(system, point)
            if eq is not None:
                self.found.append((system.key, eq, None))

    def _check_numeric(self, system, point):
        game = self.game
        probs = system.numeric_probabilities(point)
        scale_free = [[sympy.N(p, FALLBACK_DIGITS) for p in pr] for pr in probs]
        for i, S in enumerate(system.sigma):
            if any(scale_free[i][s] <= 0 for s in S):
                return None
        values = system.numeric_values(scale_free)
        span = game.payoff_range
        regrets, payoffs = [], []
        for i, S in enumerate(system.sigma):
            unscale = sympy.Rational(self.scales[i].denominator, self.scales[i].numerator)
            expected = sum(scale_free[i][s] * values[i][s] for s in S) * unscale
            best = max(values[i]) * unscale
            r = best - expected
            if r > FALLBACK_TOLERANCE * span:
                return None
            regrets.append(max(float(r), 0.0))
            payoffs.append(float(expected))
        profile = MixedProfile(game.players, game.strategies,
                               tuple(tuple(float(p) for p in pr) for pr in scale_free))
        return Equilibrium(profile, tuple(payoffs), tuple(regrets), False)

    # -- the result
    def solution(self, total: int, seconds: float) -> Solution:
        game = self.game
        order = sorted(range(len(self.found)),
                       key=lambda k: (_size(self.found[k][0]), self.found[k][0],
                                      [float(p) for pr in self.found[k][1].probabilities for p in pr]))
        equilibria = tuple(self.found[k][1] for k in order)
        algebraic = {new: self.found[k][2] for new, k in enumerate(order) if self.found[k][2]}
        position = {id(e): k for k, e in enumerate(equilibria)}
        exact_certified = game.exact and not self.fallback
        complete = not self.continua and not any(f.endswith("(not solved)") for f in self.fallback)
        notes = [
            f"polynomial support enumeration (McKelvey and McLennan 1996, section 6; Datta 2010): "
            f"{total} support profiles, {self.pruned} excluded by conditional dominance, "
            f"{self.systems} polynomial systems solved exactly over the rationals"]
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
                f"are certified to a regret of at most {FALLBACK_TOLERANCE:g} times the payoff "
                "range, not exactly")
        if not game.exact:
            notes.append("float payoffs were converted exactly to rationals and the game solved "
                         "exactly; probabilities are reported as floats")
        degenerate = True if (self.ties or self.continua) else None
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
                        degenerate=degenerate, equilibria=equilibria, notes=tuple(notes),
                        extra=extra)


def _spread(items: list, count: int) -> list:
    """Up to ``count`` items, the middle one first, then the quartiles, the octiles..."""
    n = len(items)
    order, seen = [], set()
    denominator = 2
    while len(order) < min(count, n) and denominator <= 2 * n:
        for k in range(1, denominator, 2):
            j = min(n - 1, k * n // denominator)
            if j not in seen:
                seen.add(j)
                order.append(j)
        denominator *= 2
    return [items[j] for j in order[:count]]


def _size(key) -> int:
    return sum(len(s) for s in key)


# ---------------------------------------------------------------------- payoffs, supports
def _integer_tables(game) -> tuple[list[np.ndarray], list[Fraction]]:
    """Each player's payoffs times a positive integer scale, as arrays of Python ints."""
    if game.exact:
        ints, scales = game.integer_payoffs
        return [np.asarray(a, dtype=object) for a in ints], [Fraction(s) for s in scales]
    floats = game.float_payoffs
    tables, scales = [], []
    for i in range(game.n_players):
        exact = [Fraction(float(v)) for v in floats[i].flat]
        d = lcm_of_denominators(exact)
        tables.append(np.array([int(v * d) for v in exact], dtype=object).reshape(game.shape))
        scales.append(Fraction(d))
    return tables, scales


def _subsets(m: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, m + 1) for c in itertools.combinations(range(m), k)]


def _support_profiles(shape) -> list[tuple[tuple[int, ...], ...]]:
    """All support profiles, smallest total first, then most balanced (Porter et al. 2008)."""
    profiles = list(itertools.product(*[_subsets(m) for m in shape]))
    profiles.sort(key=lambda s: (sum(map(len, s)), max(map(len, s)) - min(map(len, s)),
                                 tuple(map(len, s)), s))
    return profiles


def _conditionally_dominated(tables, sigma) -> bool:
    """True when some support strategy is weakly dominated against the others' supports
    (at least as bad against every profile of their supports, worse against one)."""
    n = len(sigma)
    for i in range(n):
        t = tables[i]
        for j in range(n):
            if j != i:
                t = np.take(t, sigma[j], axis=j)
        rows = np.moveaxis(t, i, 0).reshape(t.shape[i], -1)
        for s in sigma[i]:
            diff = rows - rows[s]
            ge = np.array([all(v >= 0 for v in row) for row in diff])
            gt = np.array([any(v > 0 for v in row) for row in diff])
            if (ge & gt).any():
                return True
    return False


# ---------------------------------------------------------------------- one system
class _System:
    """The indifference equations of one support profile."""

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
        # opponents' support profiles, per player
        self.others = []
        for i in range(n):
            others = [j for j in range(n) if j != i]
            combos = list(itertools.product(*[sigma[j] for j in others]))
            self.others.append((others, combos))
        self._equations = None

    @property
    def equations(self) -> list[sympy.Poly]:
        if self._equations is None:
            gens = self.gens
            one = sympy.Poly(1, *gens, domain=sympy.QQ)
            probs = []
            for i, S in enumerate(self.sigma):
                pr = {}
                rest = [sympy.Poly(self.var[(i, s)], *gens, domain=sympy.QQ) for s in S[1:]]
                pr[S[0]] = one - sum(rest, 0 * one)
                for s, p in zip(S[1:], rest):
                    pr[s] = p
                probs.append(pr)
            self._poly_probs = probs
            eqs = []
            for i, S in enumerate(self.sigma):
                values = {s: self._utility(i, s, probs, one) for s in S}
                for s in S[1:]:
                    eqs.append(values[s] - values[S[0]])
            self._equations = eqs
        return self._equations

    def _utility(self, i, s, probs, one):
        others, combos = self.others[i]
        total = 0 * one
        table = self.tables[i]
        for combo in combos:
            idx = [0] * len(self.sigma)
            idx[i] = s
            for j, tj in zip(others, combo):
                idx[j] = tj
            a = table[tuple(idx)]
            if a == 0:
                continue
            term = one * int(a)
            for j, tj in zip(others, combo):
                term = term * probs[j][tj]
            total = total + term
        return total

    def saturation(self) -> sympy.Poly:
        """w * (product of all support probabilities) - 1."""
        self.equations
        gens = [_W] + self.gens
        prod = sympy.Poly(_W, *gens, domain=sympy.QQ)
        for i, S in enumerate(self.sigma):
            if len(S) == 1:
                continue
            for s in S:
                prod = prod * sympy.Poly(self._poly_probs[i][s].as_expr(), *gens, domain=sympy.QQ)
        return prod - 1

    def deviations(self) -> list[sympy.Poly]:
        """u_i(s') - u_i(s_i^0) for every strategy s' outside a support, in the gens."""
        self.equations
        gens = self.gens
        one = sympy.Poly(1, *gens, domain=sympy.QQ)
        out = []
        for i, S in enumerate(self.sigma):
            base = self._utility(i, S[0], self._poly_probs, one)
            for s in range(self.tables[i].shape[i]):
                if s not in S:
                    out.append(self._utility(i, s, self._poly_probs, one) - base)
        return [d for d in out if not d.is_zero]

    def describe(self, game) -> str:
        return "(" + "; ".join(
            f"{game.players[i]}: {', '.join(game.strategies[i][s] for s in S)}"
            for i, S in enumerate(self.sigma)) + ")"

    # -- values at an exact point
    def probabilities_at(self, point, fixed=None) -> list[list[flint.fmpq_poly]]:
        """Per player and strategy, the probability as a polynomial in tau mod phi."""
        fixed = fixed or {}
        out = []
        for i, S in enumerate(self.sigma):
            m = self.tables[i].shape[i]
            pr = [flint.fmpq_poly([])] * m
            rest = flint.fmpq_poly([])
            for s in S[1:]:
                g = self.var[(i, s)]
                if g in fixed:
                    v = fixed[g]
                    p = flint.fmpq_poly([flint.fmpq(v.numerator, v.denominator)])
                else:
                    p = point.coordinate(g)
                pr[s] = p
                rest = rest + p
            pr[S[0]] = flint.fmpq_poly([1]) - rest
            out.append(pr)
        return out

    def values_at(self, probs, phi) -> list[list[flint.fmpq_poly]]:
        """u_i(s, sigma_-i) for every player and every strategy, mod phi (scaled payoffs)."""
        values = []
        for i in range(len(self.sigma)):
            others, combos = self.others[i]
            table = self.tables[i]
            weights = []
            for combo in combos:
                w = flint.fmpq_poly([1])
                for j, tj in zip(others, combo):
                    w = _reduce(w * probs[j][tj], phi)
                weights.append(w)
            row = []
            for s in range(table.shape[i]):
                total = flint.fmpq_poly([])
                for combo, w in zip(combos, weights):
                    idx = [0] * len(self.sigma)
                    idx[i] = s
                    for j, tj in zip(others, combo):
                        idx[j] = tj
                    a = table[tuple(idx)]
                    if a:
                        total = total + w * int(a)
                row.append(_reduce(total, phi))
            values.append(row)
        return values

    # -- numerical values (fallback)
    def numeric_probabilities(self, point: dict) -> list[list[Any]]:
        out = []
        for i, S in enumerate(self.sigma):
            m = self.tables[i].shape[i]
            pr = [sympy.Integer(0)] * m
            rest = sympy.Integer(0)
            for s in S[1:]:
                pr[s] = point[self.var[(i, s)]]
                rest += pr[s]
            pr[S[0]] = 1 - rest
            out.append(pr)
        return out

    def numeric_values(self, probs) -> list[list[Any]]:
        values = []
        for i in range(len(self.sigma)):
            others, combos = self.others[i]
            table = self.tables[i]
            row = []
            for s in range(table.shape[i]):
                total = 0
                for combo in combos:
                    idx = [0] * len(self.sigma)
                    idx[i] = s
                    w = 1
                    for j, tj in zip(others, combo):
                        idx[j] = tj
                        w = w * probs[j][tj]
                    total = total + int(table[tuple(idx)]) * w
                row.append(total)
            values.append(row)
        return values

    # -- values at a rational point (box search)
    def rational_values(self, x: dict) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
        probs = []
        for i, S in enumerate(self.sigma):
            m = self.tables[i].shape[i]
            pr = [Fraction(0)] * m
            rest = Fraction(0)
            for s in S[1:]:
                pr[s] = x[self.var[(i, s)]]
                rest += pr[s]
            pr[S[0]] = 1 - rest
            probs.append(pr)
        values = []
        for i in range(len(self.sigma)):
            others, combos = self.others[i]
            table = self.tables[i]
            weights = []
            for combo in combos:
                w = Fraction(1)
                for j, tj in zip(others, combo):
                    w *= probs[j][tj]
                weights.append(w)
            row = []
            for s in range(table.shape[i]):
                total = Fraction(0)
                for combo, w in zip(combos, weights):
                    idx = [0] * len(self.sigma)
                    idx[i] = s
                    for j, tj in zip(others, combo):
                        idx[j] = tj
                    total += int(table[tuple(idx)]) * w
                row.append(total)
            values.append(row)
        return probs, values


# ---------------------------------------------------------------------- Groebner bases
def _groebner(polys, gens):
    exprs = [p.as_expr() if isinstance(p, sympy.Poly) else p for p in polys]
    return sympy.groebner(exprs, *gens, order="grevlex", domain=sympy.QQ)


def _is_one(basis) -> bool:
    return len(basis.exprs) == 1 and basis.exprs[0] == 1


def _independent_set(basis, gens) -> tuple[int, list]:
    """Dimension and a maximal independent set of variables (among ``gens``) of the
    ideal with this degree-reverse-lexicographic basis (the saturation variable aside)."""
    all_gens = list(basis.gens)
    leads = []
    for p in basis.polys:
        lm = p.monoms(order="grevlex")[0]
        leads.append({all_gens[k] for k, e in enumerate(lm) if e})
    best: list = []
    for r in range(len(gens), 0, -1):
        for subset in itertools.combinations(gens, r):
            chosen = set(subset)
            if all(not lead <= chosen for lead in leads):
                best = list(subset)
                break
        if best:
            break
    return len(best), best


def _separators(n: int):
    yield [k + 1 for k in range(n)]
    rng = random.Random(1996)
    for _ in range(_SEPARATOR_TRIES - 1):
        yield [rng.randint(-9, 9) or 1 for _ in range(n)]


def _solve_zero_dimensional(polys, gens, aux):  # polys: a GroebnerBasis
    """The solutions of a zero-dimensional system as points x = g(alpha), one list entry per
    irreducible factor phi of the minimal polynomial of a separating form; None when no
    separating form was found.

    ``polys`` is a Groebner basis (degree reverse lexicographic, variables ``aux + gens``).
    The quotient ring Q[x]/I is a vector space of finite dimension D; multiplication by
    tau = c.x is a D x D matrix M.  When the vectors 1, tau, ..., tau^(D-1) are independent
    (I radical and tau separating, the shape lemma), tau^D and each x_k are combinations
    of them: f(tau) = 0 and x_k = g_k(tau).  Otherwise I is replaced by its radical
    (Seidenberg's lemma: add the squarefree part of the minimal polynomial of each
    variable) and other forms are tried.
    """
    if not gens:
        return [_Point.rational({})]
    variables = list(aux) + list(gens)
    basis = polys
    if list(basis.gens) != variables:
        raise SolverError("enumerate: internal error: a Groebner basis in the wrong variables")
    radical_added = False
    for attempt, c in enumerate(_separators(len(gens))):
        if _is_one(basis):
            return []
        quotient = _Quotient(basis, variables)
        if attempt >= 2 and not radical_added:
            extra = [quotient.minimal_polynomial(v).sqf_part().as_expr() for v in variables]
            basis = sympy.groebner(list(basis.exprs) + extra, *variables, order="grevlex",
                                   domain=sympy.QQ)
            radical_added = True
            if _is_one(basis):
                return []
            quotient = _Quotient(basis, variables)
        shaped = quotient.shape(dict(zip(gens, c)), gens)
        if shaped is None:
            continue
        f, coords = shaped
        points = []
        for phi, _ in f.factor()[1]:
            phi = phi / phi.coeffs()[-1]
            points.append(_Point(phi, {g: _reduce(coords[g], phi) for g in gens}))
        return points
    return None


class _Quotient:
    """The quotient ring Q[x]/I of a zero-dimensional ideal, by its standard monomials."""

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
        if monomial in self.index:
            out = [flint.fmpq(0)] * self.dimension
            out[self.index[monomial]] = flint.fmpq(1)
            return out
        expr = sympy.Mul(*[v ** e for v, e in zip(self.variables, monomial)])
        remainder = self.groebner.reduce(expr)[1]
        out = [flint.fmpq(0)] * self.dimension
        if remainder != 0:
            for m, c in sympy.Poly(remainder, *self.variables, domain=sympy.QQ).terms():
                c = sympy.Rational(c)
                out[self.index[m]] = flint.fmpq(int(c.p), int(c.q))
        return out

    def multiplication(self, v) -> flint.fmpq_mat:
        """The matrix of multiplication by the variable v."""
        if v not in self._matrices:
            j = self.variables.index(v)
            d = self.dimension
            cols = [self.normal_form(m[:j] + (m[j] + 1,) + m[j + 1:]) for m in self.monomials]
            self._matrices[v] = flint.fmpq_mat(d, d, [cols[c][r] for r in range(d) for c in range(d)])
        return self._matrices[v]

    def _krylov(self, matrix) -> tuple[list, int]:
        """1, M 1, M^2 1, ... until dependent; returns the vectors and the rank reached."""
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
        return _sympy_poly(flint.fmpq_poly(coeffs), v)

    def shape(self, weights: dict, gens):
        """(f, {x: g}) with f(tau) = 0 and x = g(tau) when tau = sum w_x x generates the
        quotient (the shape lemma); None otherwise."""
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
    """Coefficients a with sum a_j vectors[j] = target (the vectors independent)."""
    d = vectors[0].nrows()
    k = len(vectors)
    m = flint.fmpq_mat(d, k, [vectors[c][r, 0] for r in range(d) for c in range(k)])
    # least squares is exact here: the normal equations of an injective map
    mt = m.transpose()
    x = (mt * m).solve(mt * target)
    return [x[j, 0] for j in range(k)]


def _flint_poly(coeffs: dict) -> flint.fmpq_poly:
    if not coeffs:
        return flint.fmpq_poly([])
    deg = max(coeffs)
    out = [flint.fmpq(0)] * (deg + 1)
    for e, c in coeffs.items():
        c = sympy.Rational(c)
        out[e] = flint.fmpq(int(c.p), int(c.q))
    return flint.fmpq_poly(out)


def _reduce(p: flint.fmpq_poly, phi: flint.fmpq_poly) -> flint.fmpq_poly:
    return p % phi if p.degree() >= phi.degree() else p


def _sympy_poly(p: flint.fmpq_poly, var) -> sympy.Poly:
    coeffs = [sympy.Rational(int(c.p), int(c.q)) for c in reversed(p.coeffs())]
    return sympy.Poly(coeffs or [0], var, domain=sympy.QQ)


def _to_fraction(q) -> Fraction:
    return Fraction(int(q.p), int(q.q)) if isinstance(q, flint.fmpq) else Fraction(int(q.p), int(q.q))


def _value_at(p: flint.fmpq_poly, alpha: Fraction) -> Fraction:
    total = Fraction(0)
    for c in reversed(p.coeffs()):
        total = total * alpha + _to_fraction(c)
    return total


# ---------------------------------------------------------------------- algebraic points
class _Point:
    """Solutions x = g(alpha), alpha running over the real roots of an irreducible phi."""

    def __init__(self, phi: flint.fmpq_poly, coords: dict):
        self.phi = phi
        self.coords = coords

    @classmethod
    def rational(cls, values: dict) -> "_Point":
        """The single point with these rational coordinates (phi = tau)."""
        phi = flint.fmpq_poly([0, 1])
        return cls(phi, {g: flint.fmpq_poly([flint.fmpq(v.numerator, v.denominator)])
                         for g, v in values.items()})

    def coordinate(self, g) -> flint.fmpq_poly:
        return self.coords[g]

    def real_roots(self) -> list["_Root"]:
        phi = self.phi
        if phi.degree() == 1:
            c0, c1 = phi.coeffs()
            r = -_to_fraction(c0) / _to_fraction(c1)
            return [_Root(phi, None, r, r)]
        sp = _sympy_poly(phi, _T)
        out = []
        for (a, b), _ in sorted(sp.intervals(), key=lambda iv: iv[0][0]):
            out.append(_Root(phi, sp, Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))))
        return out


class _Root:
    """A real root alpha of an irreducible phi, held by a rational isolating interval."""

    def __init__(self, phi, sympy_phi, lo: Fraction, hi: Fraction):
        self.phi = phi
        self.sympy_phi = sympy_phi
        self.lo, self.hi = lo, hi
        self.index = None

    def rational(self) -> Fraction:
        assert self.lo == self.hi
        return self.lo

    def refine(self) -> None:
        if self.lo == self.hi:
            return
        eps = (self.hi - self.lo) / 2 ** 20
        a, b = self.sympy_phi.refine_root(sympy.Rational(self.lo.numerator, self.lo.denominator),
                                          sympy.Rational(self.hi.numerator, self.hi.denominator),
                                          eps=sympy.Rational(eps.numerator, eps.denominator))
        self.lo, self.hi = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))

    def enclose(self, h: flint.fmpq_poly) -> tuple[Fraction, Fraction]:
        """An interval holding h(alpha), by exact interval arithmetic."""
        return _interval_horner([_to_fraction(c) for c in h.coeffs()], self.lo, self.hi)

    def sign(self, h: flint.fmpq_poly) -> int:
        """The sign of h(alpha), exactly (h is reduced mod phi, which is irreducible)."""
        h = _reduce(h, self.phi)
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


def _interval_horner(coeffs: Sequence[Fraction], a: Fraction, b: Fraction) -> tuple[Fraction, Fraction]:
    lo = hi = Fraction(0)
    for c in reversed(coeffs):
        products = (lo * a, lo * b, hi * a, hi * b)
        lo, hi = min(products) + c, max(products) + c
    return lo, hi


def _algebraic(h: flint.fmpq_poly, phi: flint.fmpq_poly, root: _Root) -> tuple[Any, str]:
    """h(alpha) as a Fraction or an exact sympy number (radicals or CRootOf), with the
    text of its minimal polynomial in x."""
    h = _reduce(h, phi)
    if h.degree() <= 0:
        v = _to_fraction(h.coeffs()[0]) if h.degree() == 0 else Fraction(0)
        return v, _linear_text(v)
    d = phi.degree()
    # the matrix of multiplication by h on the basis 1, tau, ..., tau^(d-1)
    cols = []
    power = flint.fmpq_poly([1])
    for _ in range(d):
        col = _reduce(h * power, phi).coeffs()
        cols.append(list(col) + [flint.fmpq(0)] * (d - len(col)))
        power = _reduce(power * flint.fmpq_poly([0, 1]), phi)
    matrix = flint.fmpq_mat(d, d, [cols[c][r] for r in range(d) for c in range(d)])
    factors = matrix.charpoly().factor()[1]
    minimal = None
    for q, _ in factors:
        if _compose_mod(q, h, phi).is_zero():
            minimal = q
            break
    if minimal is None:  # pragma: no cover - the characteristic polynomial is a power of it
        raise SolverError("enumerate: internal error: no minimal polynomial found")
    if minimal.degree() == 1:
        c0, c1 = minimal.coeffs()
        v = -_to_fraction(c0) / _to_fraction(c1)
        return v, _linear_text(v)
    sp = _sympy_poly(minimal, _X)
    intervals = sorted((Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q)))
                       for (a, b), _ in sp.intervals())
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
    out = flint.fmpq_poly([])
    for c in reversed(q.coeffs()):
        out = _reduce(out * h + flint.fmpq_poly([c]), phi)
    return out


def _inverse(scale: Fraction) -> flint.fmpq:
    return flint.fmpq(scale.denominator, scale.numerator)


def _decimal(v) -> str:
    if isinstance(v, Fraction):
        return str(sympy.N(sympy.Rational(v.numerator, v.denominator), DECIMAL_DIGITS))
    return str(sympy.N(v, DECIMAL_DIGITS))


# ---------------------------------------------------------------------- box exclusion
def _exclude_boxes(system) -> tuple[bool, list]:
    """Try to prove that no point of the open box (0, 1)^k satisfies the equations, the
    equilibrium inequalities and positivity; returns (proved, boxes left)."""
    gens = system.gens
    k = len(gens)
    start = tuple((Fraction(0), Fraction(1)) for _ in range(k))
    queue = [(start, 0)]
    left = []
    visited = 0
    while queue:
        box, depth = queue.pop(0)
        visited += 1
        if visited > _BOX_BUDGET:
            left.append(box)
            left.extend(b for b, _ in queue)
            return False, left
        if _box_excluded(system, box):
            continue
        axis = depth % k
        a, b = box[axis]
        mid = (a + b) / 2
        for half in ((a, mid), (mid, b)):
            queue.append((box[:axis] + (half,) + box[axis + 1:], depth + 1))
    return True, []


def _box_excluded(system, box) -> bool:
    gens = system.gens
    k = len(gens)
    corners = list(itertools.product((0, 1), repeat=k))
    table = {}
    for corner in corners:
        x = {g: box[j][corner[j]] for j, g in enumerate(gens)}
        table[corner] = system.rational_values(x)
    # the faces whose relative interior meets the open box (0, 1)^k
    choices = []
    for j in range(k):
        ends = [e for e in (0, 1) if 0 < box[j][e] < 1]
        choices.append(ends if ends else [None])
    faces = list(itertools.product(*choices))

    def positive(f) -> bool:
        """f >= 0 on the box and > 0 on every face meeting the open box (f affine in
        each variable, so a convex combination of its corner values)."""
        vals = {c: f(table[c]) for c in corners}
        if any(v < 0 for v in vals.values()):
            return False
        for face in faces:
            if not any(vals[c] > 0 for c in corners
                       if all(e is None or c[j] == e for j, e in enumerate(face))):
                return False
        return True

    for i, S in enumerate(system.sigma):
        base = S[0]
        m = system.tables[i].shape[i]
        # a probability that is nowhere positive on the box
        if all(table[c][0][i][base] <= 0 for c in corners):
            return True
        for s in range(m):
            if s == base:
                continue
            diff = (lambda tv, i=i, s=s: tv[1][i][s] - tv[1][i][base])
            if s in S:
                if positive(diff) or positive(lambda tv, d=diff: -d(tv)):
                    return True
            elif positive(diff):
                return True
    return False
