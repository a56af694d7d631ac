"""Exact optima and equilibria in behaviour strategies, for trees of any recall.

Each player's expected payoff is a polynomial in the behaviour probabilities
(:func:`solver.algorithms.behavior_polynomials.payoff_polynomials`), and each of his
behaviour strategies is a point of a product of simplices, one per information set.

**A best reply** (:func:`maximise_on_simplices`).  A polynomial is largest on a
product of simplices at a point that lies inside some *face* (a choice of the
actions used at each set) and is a critical point of the polynomial restricted to
that face.  So every face is visited: the probability of the first action used at
each set is eliminated (``x_0 = 1 - sum of the others``), the gradient in the
remaining probabilities is set to zero and the system solved exactly
(:mod:`solver.algorithms.polynomial_systems`); the largest value at the critical
points found, vertices included, is the maximum.  A face on which the polynomial
does not depend on one of its probabilities is skipped: its critical points repeat,
with the same values, on the smaller face without that action.  When no set is met
twice on a play the polynomial is multilinear and its maximum is at a vertex, a
pure strategy (:func:`best_value` then compares the pure strategies only).

**Equilibria** (:func:`behavior_equilibria`).  A behaviour profile is a Nash
equilibrium in behaviour strategies when no player has a behaviour strategy that
pays him more.  Its necessary first-order (Karush-Kuhn-Tucker) conditions say that
at each of player *i*'s sets, the partial derivatives ``d u_i / d x[I, a]`` are equal
on the actions used and no larger on the others.  Without absent-mindedness these
are exactly the equilibrium conditions of the *agent form* (one agent per set, with
its owner's payoff; Kuhn 1953, Selten 1975); with it they are Piccione and
Rubinstein's "modified multi-selves" consistency.  Every support profile is solved,
like Gambit's ``enumpoly`` solves the agent form (McKelvey and McLennan 1996), and
each solution is then checked *globally*: its owner's best behaviour reply, computed
as above, must pay no more.  The profiles that pass are all the behaviour-strategy
equilibria when every system met had finitely many solutions; otherwise the list is
marked incomplete.  An empty complete list proves that the tree has no equilibrium in
behaviour strategies, as Wichardt (2008) showed can happen without perfect recall.

References
----------
Kuhn, H. W. (1953), "Extensive games and the problem of information".
McKelvey, R. D. and McLennan, A. (1996), "Computation of equilibria in finite
games", *Handbook of Computational Economics* I, 87-142.
Piccione, M. and Rubinstein, A. (1997), "On the interpretation of decision problems
with imperfect recall", *Games and Economic Behavior* 20, 3-24.
Wichardt, P. C. (2008), "Existence of Nash equilibria in finite extensive form games
with imperfect recall: a counterexample", *Games and Economic Behavior* 63, 366-369.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import prod
from typing import Any, Sequence

import sympy

from solver.algorithms.behavior_polynomials import (
    absent_minded_players,
    behavior_symbols,
    payoff_polynomials,
    sign,
)
from solver.algorithms.limits import Deadline
from solver.algorithms.polynomial_systems import real_solutions, univariate_feasible
from solver.errors import InvalidGameError, SolverLimitError
from solver.forms.extensive.behavior import BehaviorProfile, TreeEquilibrium

__all__ = ["Optimum", "maximise_on_simplices", "best_value", "BehaviorEquilibria",
           "behavior_equilibria", "exact_value", "DEFAULT_MAX_FACES", "DEFAULT_MAX_SUPPORTS"]

#: Largest number of faces :func:`maximise_on_simplices` visits.
DEFAULT_MAX_FACES = 4096
#: Largest number of support profiles :func:`behavior_equilibria` solves.
DEFAULT_MAX_SUPPORTS = 4096


def exact_value(x: Any) -> Any:
    """A sympy rational as a Fraction; other exact numbers unchanged."""
    x = sympy.sympify(x)
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    return x


def _subsets(m: int):
    return [c for r in range(1, m + 1) for c in itertools.combinations(range(m), r)]


def _face(blocks, supports):
    """Substitution for a face: unused actions 0, the first used one 1 - the others."""
    subs, free = {}, []
    for b, S in zip(blocks, supports):
        for k, v in enumerate(b):
            if k not in S:
                subs[v] = sympy.Integer(0)
        others = [b[k] for k in S[1:]]
        subs[b[S[0]]] = 1 - sum(others, sympy.Integer(0))
        free.extend(others)
    return subs, free


def _point(blocks, subs, found) -> dict:
    out = {}
    for b in blocks:
        for v in b:
            out[v] = sympy.expand(subs[v].xreplace(found)) if v in subs else found[v]
    return out


@dataclass(frozen=True)
class Optimum:
    """The maximum of a polynomial on a product of simplices.

    Attributes
    ----------
    value : Fraction or sympy number
        The maximum, exact.
    points : tuple of dict
        The maximisers found (variable -> exact probability): every one when
        ``complete`` and the maximisers are finitely many.
    complete : bool
        False when some face had infinitely many critical points (the value is then
        the largest found, a lower bound).
    faces : int
        Faces visited.
    """

    value: Any
    points: tuple[dict, ...]
    complete: bool
    faces: int


def maximise_on_simplices(f, blocks: Sequence[Sequence[sympy.Symbol]], *,
                          max_faces: int = DEFAULT_MAX_FACES) -> Optimum:
    """Exact maximum of the polynomial ``f`` over a product of simplices.

    Parameters
    ----------
    f : sympy.Expr
        A polynomial with rational coefficients in the symbols of ``blocks``.
    blocks : sequence of sequences of Symbol
        The probabilities of each simplex (one information set's actions).
    max_faces : int
        Largest number of faces, ``prod(2**m - 1)``; more raise SolverLimitError.

    Examples
    --------
    The absent-minded driver: continue with probability ``p`` at both intersections.

    >>> p, e = sympy.symbols("p e", real=True)
    >>> best = maximise_on_simplices(4 * p * e + p * p, [(p, e)])
    >>> best.value, best.points[0][p]
    (Fraction(4, 3), 2/3)
    """
    faces = prod(2 ** len(b) - 1 for b in blocks)
    if faces > max_faces:
        raise SolverLimitError(f"maximising over behaviour strategies visits {faces} faces, more "
                               f"than max_faces={max_faces}; pass a larger max_faces")
    f = sympy.expand(f)
    candidates, complete = [], True
    for supports in itertools.product(*(_subsets(len(b)) for b in blocks)):
        subs, free = _face(blocks, supports)
        g = sympy.expand(f.xreplace(subs))
        if any(v not in g.free_symbols for v in free):
            continue            # its critical points repeat on a smaller face
        found = real_solutions([sympy.diff(g, v) for v in free], free)
        complete = complete and found.finite
        for pt in found.points:
            full = _point(blocks, subs, pt)
            if all(sign(full[b[k]]) > 0 for b, S in zip(blocks, supports) for k in S):
                candidates.append((g.xreplace(pt), full))
    best = candidates[0][0]
    for value, _ in candidates[1:]:
        if sign(value - best) > 0:
            best = value
    points = []
    for value, pt in candidates:
        if sign(value - best) == 0 and pt not in points:
            points.append(pt)
    return Optimum(exact_value(best), tuple(points), complete, faces)


def _multilinear(f, blocks) -> bool:
    poly = sympy.Poly(f, *[v for b in blocks for v in b]) if f.free_symbols else None
    if poly is None:
        return True
    cut = list(itertools.accumulate(len(b) for b in blocks))
    for monom in poly.monoms():
        start = 0
        for end in cut:
            if sum(monom[start:end]) > 1:
                return False
            start = end
    return True


def best_value(f, blocks: Sequence[Sequence[sympy.Symbol]], *,
               max_faces: int = DEFAULT_MAX_FACES) -> tuple[Any, bool]:
    """The maximum of ``f`` over the product of simplices, and whether it is certain.

    A multilinear ``f`` (no block's probabilities multiplied together) is maximised at
    a vertex, so only the pure choices are compared; otherwise
    :func:`maximise_on_simplices` runs.
    """
    f = sympy.expand(f)
    if _multilinear(f, blocks):
        best = None
        for choice in itertools.product(*(range(len(b)) for b in blocks)):
            value = f.xreplace({v: sympy.Integer(int(k == c)) for b, c in zip(blocks, choice)
                                for k, v in enumerate(b)})
            if best is None or sign(value - best) > 0:
                best = value
        return best, True
    opt = maximise_on_simplices(f, blocks, max_faces=max_faces)
    return opt.value, opt.complete


@dataclass(frozen=True)
class BehaviorEquilibria:
    """The Nash equilibria of a tree in behaviour strategies (any recall).

    Attributes
    ----------
    equilibria : tuple of TreeEquilibrium
        Each certified: no player's best behaviour strategy pays more (regret 0).
    complete : bool
        True when these are all of them (every system met had finitely many
        solutions); an empty complete tuple proves that there is none.
    supports : int
        Support profiles solved.
    continua : int
        Support profiles whose first-order points formed a continuum (or could not be
        solved exactly): each makes the list incomplete.
    absent_minded : tuple of str
        The players who can meet one of their sets twice on a play.
    """

    equilibria: tuple
    complete: bool
    supports: int
    continua: int
    absent_minded: tuple[str, ...]


def behavior_equilibria(game, *, max_supports: int = DEFAULT_MAX_SUPPORTS,
                        time_limit: float | None = None,
                        method: str = "auto") -> BehaviorEquilibria:
    """Every Nash equilibrium of a small tree in behaviour strategies, exactly.

    Parameters
    ----------
    game : ExtensiveFormGame
        An exact concrete tree, with or without perfect recall.
    max_supports : int
        Largest number of support profiles (``prod over all information sets of
        2**m - 1``); more raise :class:`SolverLimitError`.
    time_limit : float, optional
        Seconds, checked between support profiles.
    method : str
        The name of the :func:`solver.solve` method that asked, for the messages of
        the limits.

    Returns
    -------
    BehaviorEquilibria
    """
    game.require_concrete()
    if not game.exact:
        raise InvalidGameError("behaviour equilibria without perfect recall are computed for "
                               "exact games; give the payoffs as integers, fractions or decimal "
                               "strings")
    deadline = Deadline(time_limit, method)
    symbols = behavior_symbols(game)
    owner = _owners(game)
    polys = payoff_polynomials(game, symbols)
    count = prod(2 ** len(b) - 1 for b in symbols)
    if count > max_supports:
        raise SolverLimitError(f"behaviour equilibria: {count} support profiles, more than "
                               f"max_supports={max_supports}; pass a larger max_supports to "
                               f"solve(game, {method!r}, max_supports=...)")
    own_blocks = [[symbols[g] for g in range(len(symbols)) if owner[g] == i]
                  for i in range(game.n_players)]
    grads = {v: sympy.diff(polys[owner[g]], v) for g, b in enumerate(symbols) for v in b}
    found, continua, complete = [], 0, True
    for supports in itertools.product(*(_subsets(len(b)) for b in symbols)):
        deadline.check("solving the first-order conditions")
        subs, free = _face(symbols, supports)
        eqs, slack = [], []
        for b, S in zip(symbols, supports):
            base = grads[b[S[0]]].xreplace(subs)
            eqs += [sympy.expand(grads[b[k]].xreplace(subs) - base) for k in S[1:]]
            slack += [sympy.expand(base - grads[b[k]].xreplace(subs))
                      for k in range(len(b)) if k not in S]
        unknowns = [v for v in free if any(v in e.free_symbols for e in eqs)]
        params = [v for v in free if v not in unknowns]
        sols = real_solutions(eqs, unknowns)
        if not sols.finite or len(params) > 1:
            continua += 1
            complete = False
            continue
        for pt in sols.points:
            positive = [sympy.expand(subs[b[k]].xreplace(pt)) if b[k] in subs
                        else pt.get(b[k], b[k]) for b, S in zip(symbols, supports) for k in S]
            weak = [sympy.expand(s.xreplace(pt)) for s in slack]
            if params:
                ok, t = univariate_feasible(positive, weak, params[0])
                if ok is not False:
                    continua += 1
                    complete = False
                if not ok:
                    continue
                pt = {**pt, params[0]: t}
                positive = [p.xreplace(pt) for p in positive]
                weak = [w.xreplace(pt) for w in weak]
            elif not (all(sign(p) > 0 for p in positive) and all(sign(w) >= 0 for w in weak)):
                continue
            found.append(_point(symbols, subs, pt))
    equilibria = []
    for point in found:
        eq = _certified(game, symbols, own_blocks, polys, point)
        if eq is not None and all(eq.profile != e.profile for e in equilibria):
            equilibria.append(eq)
    return BehaviorEquilibria(tuple(equilibria), complete, count, continua,
                              tuple(game.players[i] for i in absent_minded_players(game)))


def _owners(game) -> list[int]:
    out = []
    for i, sets in enumerate(game.infosets):
        out.extend([i] * len(sets))
    return out


def _certified(game, symbols, own_blocks, polys, point):
    """The point as a TreeEquilibrium if no player's best behaviour reply pays more."""
    payoffs, regrets = [], []
    for i, f in enumerate(polys):
        mine = {v for b in own_blocks[i] for v in b}
        others = {v: x for v, x in point.items() if v not in mine}
        value = sympy.expand(f.xreplace(point))
        best, _ = best_value(f.xreplace(others), own_blocks[i])
        regret = sympy.expand(best - value)
        if sign(regret) != 0:
            return None
        payoffs.append(exact_value(value))
        regrets.append(Fraction(0))
    probs, g = [], 0
    for sets in game.infosets:
        row = []
        for _ in sets:
            row.append(tuple(exact_value(point[v]) for v in symbols[g]))
            g += 1
        probs.append(tuple(row))
    profile = BehaviorProfile.for_game(game, tuple(probs))
    return TreeEquilibrium(profile, tuple(payoffs), tuple(regrets), True)
