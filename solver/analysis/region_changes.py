"""The smallest changes of the levers that make a player take a chosen action: each
lever alone, both by the same share of their ranges, and the nearest point of the
region where the choice holds; every move confirmed by solving
(:mod:`solver.analysis.region`)."""
from __future__ import annotations

import itertools
import math
from dataclasses import replace
from fractions import Fraction

import numpy as np
import sympy

from solver.analysis.comparison_flips import choice_at
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.exact_roots import SymbolicLimit, exact_or_float, rational_between, real_roots
from solver.analysis.region_builder import Builder
from solver.analysis.region_records import Move, SmallestChange
from solver.errors import SolverLimitError
from solver.numbers import format_number, sympify_number

__all__ = ["ChangeFinder", "default_targets", "holds", "BISECTIONS", "MAX_NEAREST_DEGREE",
           "NEAR"]

#: Halvings of the bracket when a grid map locates a change along a line.
BISECTIONS = 20
#: Largest total degree of a curve whose nearest point is computed by resultants.
MAX_NEAREST_DEGREE = 6
#: Radius (in units of the ranges) of the circle around a candidate nearest point
#: on which the target region is looked for.
NEAR = Fraction(1, 10 ** 6)


def holds(solution, player, at, action) -> bool:
    """True when ``player`` takes ``action`` at ``at`` in every equilibrium of ``solution``."""
    if not solution.equilibria:
        return False
    return all(action in part.split("+")
               for part in choice_at(solution, player, at).split(" / "))


def default_targets(bld: Builder, current):
    """The alternatives of the decisions on the current path whose comparisons
    involve a lever."""
    pt = bld.solve(*current)
    sol = pt.solution
    out = []
    if not sol.equilibria:
        return out
    try:
        comparisons = decisive_comparisons(sol, bld.game, depth=0)
    except SolverLimitError:
        return out
    for c in comparisons:
        if not c.on_path or c.kind != "best response":
            continue
        diff = (sympy.sympify(c.chosen_expression)
                - sympy.sympify(c.alternative_expression)).subs(bld.fixed_subs)
        if not (diff.has(bld.sa) or diff.has(bld.sb)):
            continue
        if any((p, at) == (c.player, c.at) for p, at, _ in out):
            continue
        out.append((c.player, c.at, c.alternative))
    return out


class ChangeFinder:
    """The smallest changes of the levers from the current point of one map, one target
    choice at a time (:meth:`smallest`)."""

    def __init__(self, bld: Builder, curves, cells):
        self.bld = bld
        self.curves = curves
        self.cells = cells
        self.exact = cells is not None
        self.table = cells[4] if cells is not None else None
        self.reps = {}
        self.target_curves: dict = {}
        (la, ha), (lb, hb) = bld.ranges
        self.box = (la, ha, lb, hb)
        self.span = (ha - la, hb - lb)

    # ---------------------------------------------------------- predicates
    def curves_for(self, target) -> list:
        """The curves across which the target choice changes between neighbouring
        points of the evaluation grid (all candidate curves on a grid map)."""
        if target in self.target_curves:
            return self.target_curves[target]
        found = list(self.curves)
        if self.cells is not None and self.curves:
            curves, keys, inverse, reps, _ = self.cells
            R = len(self.bld.fine_a)
            known = []
            for key in keys:
                rep = reps.get(tuple(bool(x) for x in key))
                known.append(-1 if rep is None else int(self.holds_solved(rep, target)))
            P = np.array(known)[inverse].reshape(R, R)
            K = np.stack([self.bld.positive(c) for c in curves], axis=2)
            used = np.zeros(len(curves), dtype=bool)
            for sl0, sl1 in (((slice(None), slice(None, -1)), (slice(None), slice(1, None))),
                             ((slice(None, -1), slice(None)), (slice(1, None), slice(None)))):
                change = (P[sl0] != P[sl1]) & (P[sl0] >= 0) & (P[sl1] >= 0)
                used |= (K[sl0] != K[sl1])[change].any(axis=0)
            if used.any():
                found = [c for c, u in zip(curves, used) if u]
        self.target_curves[target] = found
        return found

    def holds_solved(self, point, target) -> bool:
        return holds(self.bld.solve(*point).solution, *target)

    def holds_fast(self, point, target) -> bool:
        """From the exact cell of a point when the map is exact, else by solving."""
        if self.exact and self.table is not None:
            signs = tuple(c.sign(*point) for c in self.curves)
            if 0 not in signs:
                key = tuple(s > 0 for s in signs)
                if key in self.reps:
                    return holds(self.bld.solve(*self.reps[key]).solution, *target)
        return self.holds_solved(point, target)

    # ---------------------------------------------------------- moves along a line
    def along(self, target, direction):
        """The first point along ``current + t*direction`` (t > 0) beyond which the
        target holds: ``(t, confirmed point or None, exact)``, or None.

        Exact maps look only at the roots of the candidate curves on the line;
        grid maps also scan the line and locate a change by exact bisection (the
        simplest rational in the final bracket; not exact)."""
        bld = self.bld
        a0, b0 = bld.current
        da, db = direction
        la, ha, lb, hb = self.box
        limits = []
        for x0, d, lo, hi in ((a0, da, la, ha), (b0, db, lb, hb)):
            if d > 0:
                limits.append((hi - x0) / d)
            elif d < 0:
                limits.append((lo - x0) / d)
        T = min(limits)
        if T <= 0:
            return None

        def point(s):
            s = exact_or_float(s)
            return (a0 + s * da, b0 + s * db)
        found = self._along_roots(target, point, direction, T)
        if not self.exact:
            scanned = self._along_scan(target, point, T)
            if scanned is not None and (found is None or scanned[0] < float(
                    sympy.N(found[0], 30))):
                found = (scanned[0], scanned[1], False)
        return found

    def _along_roots(self, target, point, direction, T):
        bld = self.bld
        a0, b0 = bld.current
        t = sympy.Dummy("t")
        line = {bld.sa: sympify_number(a0) + t * sympify_number(direction[0]),
                bld.sb: sympify_number(b0) + t * sympify_number(direction[1])}
        roots = set()
        for c in self.curves_for(target):
            try:
                found = real_roots(c.expr.subs(line), t, 0, sympify_number(T), include_hi=False)
            except SymbolicLimit:
                found = None
            roots.update(found or [])
        edges = [sympy.Integer(0)] + sorted(roots, key=lambda r: sympy.N(r, 40)) + \
            [sympify_number(T)]
        for k in range(1, len(edges) - 1):
            mid = point(rational_between(edges[k], edges[k + 1]))
            if self.holds_solved(mid, target):
                before = point(rational_between(edges[k - 1], edges[k]))
                ok = not self.holds_solved(before, target)
                return edges[k], (mid if ok else None), True
        return None

    def _along_scan(self, target, point, T):
        n = 2 * len(self.bld.coarse_a)
        previous = Fraction(0)
        for k in range(1, n + 1):
            s = T * Fraction(k, n)
            if self.holds_solved(point(s), target):
                lo, hi = previous, s
                for _ in range(BISECTIONS):
                    mid = (lo + hi) / 2
                    if self.holds_solved(point(mid), target):
                        hi = mid
                    else:
                        lo = mid
                return _simplest_between(lo, hi), point(hi)
            previous = s
        return None

    # ---------------------------------------------------------- the nearest point
    def nearest(self, target):
        """The nearest point (in units of the ranges) of the target region's closure:
        (u, v, confirmed point) with u, v the normalised changes, or None."""
        bld = self.bld
        a0, b0 = bld.current
        Ra, Rb = self.span
        u, v = sympy.Dummy("u"), sympy.Dummy("v")
        to_uv = {bld.sa: sympify_number(a0) + sympify_number(Ra) * u,
                 bld.sb: sympify_number(b0) + sympify_number(Rb) * v}
        la, ha, lb, hb = self.box
        ulo, uhi = sympify_number((la - a0) / Ra), sympify_number((ha - a0) / Ra)
        vlo, vhi = sympify_number((lb - b0) / Rb), sympify_number((hb - b0) / Rb)
        polys = []
        for c in self.curves_for(target):
            P = sympy.Poly(sympy.expand(c.expr.subs(to_uv)), u, v)
            if P.total_degree() >= 1:
                polys.append(P)
        candidates = []
        for P in polys:
            if P.total_degree() <= MAX_NEAREST_DEGREE:
                G = sympy.Poly(u * P.diff(v).as_expr() - v * P.diff(u).as_expr(), u, v)
                candidates += self._solve_pair(P, G, u, v, (ulo, uhi, vlo, vhi))
            for fixed_u in (ulo, uhi):
                for r in self._roots(P.as_expr().subs(u, fixed_u), v, vlo, vhi):
                    candidates.append((fixed_u, r))
            for fixed_v in (vlo, vhi):
                for r in self._roots(P.as_expr().subs(v, fixed_v), u, ulo, uhi):
                    candidates.append((r, fixed_v))
        for P, Q in itertools.combinations(polys, 2):
            if P.total_degree() * Q.total_degree() <= MAX_NEAREST_DEGREE ** 2:
                candidates += self._solve_pair(P, Q, u, v, (ulo, uhi, vlo, vhi))
        scored = []
        for cu, cv in candidates:
            fu, fv = float(sympy.N(cu, 30)), float(sympy.N(cv, 30))
            scored.append((math.hypot(fu, fv), cu, cv, fu, fv))
        scored.sort(key=lambda x: x[0])
        for d, cu, cv, fu, fv in scored[:40]:
            hit = self._near_target(fu, fv, target)
            if hit is not None:
                return cu, cv, d, hit
        return None

    def _roots(self, expr, x, lo, hi):
        try:
            return real_roots(expr, x, lo, hi, include_lo=True) or []
        except SymbolicLimit:
            return []

    def _solve_pair(self, P, Q, u, v, box):
        """Real common zeros of two polynomials in the box, exact (by resultants)."""
        ulo, uhi, vlo, vhi = box
        try:
            ru = sympy.Poly(sympy.resultant(P.as_expr(), Q.as_expr(), v), u)
            rv = sympy.Poly(sympy.resultant(P.as_expr(), Q.as_expr(), u), v)
        except (sympy.PolynomialError, sympy.polys.polyerrors.PolificationFailed):
            return []
        if ru.is_zero or rv.is_zero:
            return []
        us = self._roots(ru.as_expr(), u, ulo, uhi) if ru.degree() > 0 else []
        vs = self._roots(rv.as_expr(), v, vlo, vhi) if rv.degree() > 0 else []
        if ru.degree() <= 0 or rv.degree() <= 0:
            return []
        out = []
        scale = 1 + max(abs(float(c)) for c in P.coeffs())
        for x in us:
            for y in vs:
                px = P.as_expr().subs({u: x, v: y})
                qx = Q.as_expr().subs({u: x, v: y})
                if abs(complex(sympy.N(px, 40))) < 1e-25 * scale and \
                        abs(complex(sympy.N(qx, 40))) < 1e-25 * (1 + scale):
                    out.append((x, y))
        return out

    def _near_target(self, fu, fv, target):
        """A point within NEAR of (fu, fv) (normalised) where the target holds, checked
        by solving; None if there is none."""
        a0, b0 = self.bld.current
        Ra, Rb = self.span
        la, ha, lb, hb = self.box
        r = float(NEAR)
        norm = math.hypot(fu, fv)
        dirs = [(fu / norm, fv / norm)] if norm > 0 else []
        dirs += [(math.cos(2 * math.pi * k / 12), math.sin(2 * math.pi * k / 12))
                 for k in range(12)]
        for cx, cy in dirs:
            pa = a0 + Ra * Fraction(repr(fu + r * cx)).limit_denominator(10 ** 9)
            pb = b0 + Rb * Fraction(repr(fv + r * cy)).limit_denominator(10 ** 9)
            if not (la <= pa <= ha and lb <= pb <= hb):
                continue
            if self.holds_fast((pa, pb), target) and self.holds_solved((pa, pb), target):
                return pa, pb
        return None

    # ---------------------------------------------------------- all moves
    def smallest(self, target) -> SmallestChange:
        bld = self.bld
        if self.exact and self.table is not None and not self.reps:
            # one exact point per cell, to read predicates without solving
            for (pa, pb) in list(bld.points):
                signs = tuple(c.sign(pa, pb) for c in self.curves)
                if 0 not in signs:
                    self.reps.setdefault(tuple(s > 0 for s in signs), (pa, pb))
        player, at, action = target
        if self.holds_solved(bld.current, target):
            return SmallestChange(player, at, action, True)
        a0, b0 = bld.current
        Ra, Rb = self.span
        moves, unreachable = [], []
        alone = []
        for k, name in enumerate(bld.names):
            best = None
            for sign in (1, -1):
                found = self.along(target, (sign, 0) if k == 0 else (0, sign))
                if found is None:
                    continue
                t, confirmed, exact = found
                size = _float(t) / float(self.span[k])
                if best is None or size < best[0]:
                    best = (size, sign, t, confirmed, exact)
            if best is None:
                lo, hi = bld.ranges[k]
                unreachable.append(f"{name} alone cannot do it within [{format_number(lo)}, "
                                   f"{format_number(hi)}].")
                continue
            size, sign, t, confirmed, exact = best
            delta = _as_fraction_or_sympy(sign * sympify_number(t))
            change = (delta, 0) if k == 0 else (0, delta)
            alone.append(Move("alone", change, (_add(a0, change[0]), _add(b0, change[1])),
                              size, None, confirmed, exact))
        moves += sorted(alone, key=lambda m: m.distance)
        best = None
        for sa, sb in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
            found = self.along(target, (sa * Ra, sb * Rb))
            if found is not None and (best is None or _float(found[0]) < _float(best[0][0])):
                best = (found, sa, sb)
        if best is not None:
            (t, confirmed, exact), sa, sb = best
            t = sympify_number(t)
            change = (_as_fraction_or_sympy(sa * sympify_number(Ra) * t),
                      _as_fraction_or_sympy(sb * sympify_number(Rb) * t))
            moves.append(Move("together", change, (_add(a0, change[0]), _add(b0, change[1])),
                              _float(t) * math.sqrt(2), _as_fraction_or_sympy(t), confirmed,
                              exact))
        near = self.nearest(target) if self.exact else None
        if near is not None:
            cu, cv, d, confirmed = near
            change = (_as_fraction_or_sympy(Ra * cu), _as_fraction_or_sympy(Rb * cv))
            best_known = min((m.distance for m in moves), default=math.inf)
            if d <= best_known + 1e-12:
                moves.append(Move("nearest", change, (_add(a0, change[0]), _add(b0, change[1])),
                                  d, None, confirmed))
            else:   # pragma: no cover - a move along a line is on the closure too
                m = min(moves, key=lambda m: m.distance)
                moves.append(replace(m, kind="nearest", share=None))
        elif not self.exact and moves:
            unreachable.append("(The nearest point is not computed on a grid map.)")
        return SmallestChange(player, at, action, False, tuple(moves), tuple(unreachable))


def _float(x) -> float:
    return float(sympy.N(sympify_number(x), 30)) if not isinstance(x, float) else x


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The fraction with the smallest denominator in ``(lo, hi]`` (Stern-Brocot)."""
    if lo >= hi:
        return hi
    q = 1
    while True:
        p = math.floor(lo * q) + 1
        if Fraction(p, q) <= hi:
            return Fraction(p, q)
        q += 1


def _add(x, d):
    """``x + d``, exact: a Fraction when both are rational, else a sympy number."""
    if isinstance(d, sympy.Basic) or isinstance(x, sympy.Basic):
        return _as_fraction_or_sympy(sympify_number(x) + sympify_number(d))
    return x + d


def _as_fraction_or_sympy(x):
    x = sympy.nsimplify(x) if isinstance(x, sympy.Float) else x
    return exact_or_float(x) if isinstance(x, sympy.Basic) else x
