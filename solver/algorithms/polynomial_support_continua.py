"""Positive-dimensional solution sets in polynomial support enumeration: proving that
one holds no equilibrium, or reporting that it may hold a continuum.

In a degenerate game the indifference equations of a support profile may have
infinitely many solutions even after the components on which a support probability
vanishes are removed (saturation).  Two things are then tried.

*Exclusion.*  A box search over the unknowns tries to prove that the set holds no
equilibrium (:func:`exclude_boxes`).  Every function involved (a probability, a payoff
difference) is affine in each unknown, so on a box it is a convex combination of its
values at the corners (multilinear interpolation), and its extremes over the box are
at corners.  Each box is first narrowed by the equations (:func:`contract`); it is
excluded when some probability is nowhere positive on it, some indifference equation
has a constant nonzero sign on it, or some strategy outside the supports is strictly
better on it.  Boxes are halved along their widest side, up to ``BOX_BUDGET`` boxes.

*Description.*  If the set holds an equilibrium, or the search cannot exclude every
box, the set may carry a continuum of equilibria.  Listed from it, each certified:
its *vertices*, where in addition as many outside strategies tie as the set has
dimensions (a finite system, solved exactly); and a few *samples*, where the free
unknowns (a maximal independent set of the Groebner basis) are fixed at rational
points: those of a grid first, then the centres of boxes the search kept.  An
equilibrium found among the vertices or at the grid ends the box search before it
starts (no box holding it can be excluded).  The caller then marks its list
incomplete.

References: D. Cox, J. Little and D. O'Shea, *Ideals, Varieties, and Algorithms*,
4th ed., Springer, 2015, ch. 9 (dimension and independent sets); L. Jaulin,
M. Kieffer, O. Didrit and E. Walter, *Applied Interval Analysis*, Springer, 2001,
ch. 4 (contractors); R. D. McKelvey and A. McLennan, "Computation of equilibria in
finite games", *Handbook of Computational Economics*, vol. 1, 1996, section 6.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

import sympy

from solver.algorithms.polynomial_support_exact import groebner, is_one
from solver.algorithms.polynomial_support_system import SATURATION_VARIABLE

__all__ = ["BOX_BUDGET", "contract", "exclude_boxes", "explore_continuum", "independent_set"]

#: Boxes the exclusion search of one positive-dimensional solution set may visit.
BOX_BUDGET = 400
#: Box centres tried, and samples kept, per positive-dimensional solution set.
_SAMPLE_TRIES = 12
_SAMPLES_KEPT = 3
#: Sets of ties tried for the vertices of one positive-dimensional solution set.
_VERTEX_TRIES = 60


def explore_continuum(system, saturated, solve: Callable) -> dict | None:
    """None when the box search proves that the positive-dimensional solution set with
    basis ``saturated`` (in ``[w] + system.gens``) holds no equilibrium; otherwise
    ``{"dimension", "vertices", "samples"}``, the equilibria listed from it.

    ``solve(basis, gens, fixed)`` solves a zero-dimensional system (basis in
    ``[w] + gens``; ``fixed`` gives the other unknowns rational values) and returns the
    equilibria it certifies.  Vertices and samples at a grid of points are sought
    first: an equilibrium found there lies in the open box, so the box search could
    not exclude the set and is skipped.
    """
    dimension, free = independent_set(saturated, system.gens)
    vertices = _vertices(system, dimension, solve)
    samples = _samples(system, free, _grid(len(free)), solve)
    if not vertices and not samples:
        excluded, leaves = exclude_boxes(system)
        if excluded:
            return None
        centres = [tuple((a + b) / 2 for k, (a, b) in enumerate(box) if system.gens[k] in free)
                   for box in _spread(sorted(leaves), _SAMPLE_TRIES)]
        samples = _samples(system, free, centres, solve)
    return {"dimension": dimension, "vertices": _distinct(vertices),
            "samples": _distinct([e for e in samples if all(e is not v for v in vertices)])}


def _vertices(system, dimension: int, solve: Callable) -> list:
    """Equilibria where, besides the indifferences, up to ``dimension`` outside
    strategies tie with the support (finite systems, solved exactly)."""
    w = SATURATION_VARIABLE
    saturation = system.saturation()
    equations = [e for e in system.equations if not e.is_zero]
    outside = system.deviations()
    vertices: list = []
    tried = 0
    for r in range(1, dimension + 1):
        for combo in itertools.combinations(outside, r):
            if tried >= _VERTEX_TRIES:
                return vertices
            tried += 1
            basis = groebner(equations + list(combo) + [saturation], [w] + system.gens)
            if is_one(basis) or not basis.is_zero_dimensional:
                continue
            vertices.extend(solve(basis, system.gens, None))
    return vertices


def _grid(k: int) -> list[tuple]:
    """Points of (0, 1)^k to fix the free unknowns at: the centre, then points on the
    grid of quarters, then of eighths (at most ``_SAMPLE_TRIES``)."""
    levels = ([Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 4), Fraction(3, 4)],
              [Fraction(j, 8) for j in (4, 2, 6, 1, 3, 5, 7)])
    points: dict = {}
    for values in levels:
        for p in itertools.product(values, repeat=k):
            if len(points) >= _SAMPLE_TRIES:
                return list(points)
            points.setdefault(p, None)
    return list(points)


def _samples(system, free: list, points: list, solve: Callable) -> list:
    """Equilibria with the free unknowns fixed at each point (up to ``_SAMPLES_KEPT``
    points that give some)."""
    w = SATURATION_VARIABLE
    saturation = system.saturation()
    rest = [g for g in system.gens if g not in free]
    samples: list = []
    kept = 0
    for point in dict.fromkeys(points):
        if kept >= _SAMPLES_KEPT:
            break
        fixed = dict(zip(free, point))
        subs = {g: sympy.Rational(v.numerator, v.denominator) for g, v in fixed.items()}
        polys = [sympy.expand(e.as_expr().subs(subs)) for e in system.equations]
        polys = [q for q in polys if q != 0]
        polys.append(sympy.expand(saturation.as_expr().subs(subs)))
        basis = groebner(polys, [w] + rest)
        if is_one(basis) or not basis.is_zero_dimensional:
            continue
        found = solve(basis, rest, fixed)
        samples.extend(found)
        kept += bool(found)
    return samples


def _distinct(items: list) -> list:
    out: list = []
    for x in items:
        if all(x is not y for y in out):
            out.append(x)
    return out


def independent_set(basis, gens) -> tuple[int, list]:
    """Dimension and a maximal independent set of variables (among ``gens``) of the
    ideal with this degree-reverse-lexicographic basis: a largest set of variables no
    leading monomial is made of (Cox, Little and O'Shea, ch. 9, section 3)."""
    all_gens = list(basis.gens)
    leads = []
    for p in basis.polys:
        lm = p.monoms(order="grevlex")[0]
        leads.append({all_gens[k] for k, e in enumerate(lm) if e})
    for r in range(len(gens), 0, -1):
        for subset in itertools.combinations(gens, r):
            chosen = set(subset)
            if all(not lead <= chosen for lead in leads):
                return r, list(subset)
    return 0, []


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


def exclude_boxes(system) -> tuple[bool, list]:
    """Try to prove that no point of the open box (0, 1)^k satisfies the equations, the
    equilibrium inequalities and positivity; returns (proved, boxes left).

    Each box is first narrowed by the equations (:func:`contract`), then tested, then
    halved along its widest side."""
    k = len(system.gens)
    queue = [tuple((Fraction(0), Fraction(1)) for _ in range(k))]
    visited = 0
    while queue:
        box = queue.pop(0)
        visited += 1
        if visited > BOX_BUDGET:
            return False, [box] + queue
        box = contract(system, box)
        if box is None or _box_excluded(system, box):
            continue
        axis = max(range(k), key=lambda j: box[j][1] - box[j][0])
        a, b = box[axis]
        if a == b:           # a single point that could not be excluded
            return False, [box] + queue
        mid = (a + b) / 2
        for half in ((a, mid), (mid, b)):
            queue.append(box[:axis] + (half,) + box[axis + 1:])
    return True, []


def _corner_table(system, box) -> dict:
    gens = system.gens
    return {corner: system.rational_values({g: box[j][corner[j]] for j, g in enumerate(gens)})
            for corner in itertools.product((0, 1), repeat=len(gens))}


def contract(system, box, rounds: int = 3):
    """The box narrowed to a box holding every solution of the indifference equations
    that the box holds, or None when it holds none in the open box (0, 1)^k.

    A contractor of interval analysis (Jaulin, Kieffer, Didrit and Walter 2001, ch. 4): an
    equation is affine in each unknown x of another player, ``a + b x = 0`` with ``a``
    and ``b`` multilinear in the other unknowns, so their ranges over the box are
    spanned by corner values (exactly); where the range of ``b`` excludes 0,
    ``x = -a / b`` lies in the interval quotient of the ranges, and x's interval is
    cut to it."""
    gens = system.gens
    owner = [next(i for (i, s), g2 in system.var.items() if g2 == g) for g in gens]
    equations = [(i, s, S[0]) for i, S in enumerate(system.sigma) for s in S[1:]]
    for _ in range(rounds):
        shrunk = False
        for j in range(len(gens)):
            wide = box[:j] + ((Fraction(0), Fraction(1)),) + box[j + 1:]
            table = _corner_table(system, wide)
            lo, hi = box[j]
            for i, s, base in equations:
                if owner[j] == i:
                    continue
                a_vals, b_vals = [], []
                for corner, (_, values) in table.items():
                    if corner[j] == 0:
                        up = corner[:j] + (1,) + corner[j + 1:]
                        a = values[i][s] - values[i][base]
                        a_vals.append(a)
                        b_vals.append(table[up][1][i][s] - table[up][1][i][base] - a)
                bmin, bmax = min(b_vals), max(b_vals)
                if bmin <= 0 <= bmax:
                    continue
                ends = [-a / b for a in (min(a_vals), max(a_vals)) for b in (bmin, bmax)]
                lo, hi = max(lo, min(ends)), min(hi, max(ends))
                if lo > hi or hi <= 0 or lo >= 1:
                    return None
            width = box[j][1] - box[j][0]
            if (lo, hi) != box[j]:
                shrunk = shrunk or (hi - lo) < width * 9 / 10
                box = box[:j] + ((lo, hi),) + box[j + 1:]
        if not shrunk:
            break
    return box


def _box_excluded(system, box) -> bool:
    k = len(system.gens)
    corners = list(itertools.product((0, 1), repeat=k))
    table = _corner_table(system, box)
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
        # a probability that is nowhere positive on the box
        if all(table[c][0][i][base] <= 0 for c in corners):
            return True
        for s in range(system.tables[i].shape[i]):
            if s == base:
                continue
            diff = (lambda tv, i=i, s=s, base=base: tv[1][i][s] - tv[1][i][base])
            if s in S:
                if positive(diff) or positive(lambda tv, d=diff: -d(tv)):
                    return True
            elif positive(diff):
                return True
    return False
