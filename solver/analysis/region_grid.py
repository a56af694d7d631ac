"""The fallback region map: regions from the solved check grid, when the exact
conditions do not explain it; the polynomial curves that separate neighbouring grid
points are still confirmed and reported (:mod:`solver.analysis.region`)."""
from __future__ import annotations

import numpy as np
import sympy

from solver.analysis.exact_roots import SymbolicLimit, exact_or_float, rational_between, real_roots
from solver.analysis.region_builder import Builder
from solver.analysis.region_cells import order_regions, region_labels, widen
from solver.analysis.region_records import Boundary, Region
from solver.analysis.region_text import outcome_text
from solver.numbers import sympify_number

__all__ = ["grid_map"]


def grid_map(bld: Builder, notes):
    """The fallback: regions from the solved check grid; polynomial curves that
    separate neighbouring grid points are still confirmed and reported."""
    ca, cb = bld.coarse_a, bld.coarse_b
    sigs = [[bld.solve(pa, pb).signature for pa in ca] for pb in cb]
    counts: dict = {}
    for row in sigs:
        for s in row:
            counts[s] = counts.get(s, 0) + 1
    order = order_regions(bld, list(counts), counts)
    index = {s: k for k, s in enumerate(order)}
    labels = region_labels(len(order))
    coarse = np.array([[index[s] for s in row] for row in sigs])
    # upsample to the evaluation grid by the nearest solved point
    R = len(bld.fine_a)
    n = len(ca)
    ix = np.minimum((np.arange(R) * n) // R, n - 1)
    iy = np.minimum((np.arange(len(bld.fine_b)) * len(cb)) // len(bld.fine_b), len(cb) - 1)
    grid = coarse[np.ix_(iy, ix)]
    curves = bld.relevant()
    confirmed: dict = {}
    for axis in (1, 0):
        for y in range(len(cb) - (axis == 0)):
            for x in range(n - (axis == 1)):
                x1, y1 = (x + 1, y) if axis == 1 else (x, y + 1)
                if coarse[y, x] == coarse[y1, x1]:
                    continue
                p0, p1 = (ca[x], cb[y]), (ca[x1], cb[y1])
                changed = [k for k, c in enumerate(curves)
                           if c.sign(*p0) * c.sign(*p1) < 0]
                if len(changed) != 1:
                    continue
                k = changed[0]
                hit = _crossing(bld, curves[k], p0, p1)
                if hit is None:
                    continue
                q0, q1 = hit
                s0, s1 = bld.solve(*q0).signature, bld.solve(*q1).signature
                if s0 == sigs[y][x] and s1 == sigs[y1][x1]:
                    pair = tuple(sorted((labels[coarse[y, x]], labels[coarse[y1, x1]])))
                    confirmed.setdefault(k, {}).setdefault(pair, (q0, q1))
    boundaries = tuple(Boundary(curves[k].relation(), curves[k].expr, tuple(sorted(pairs)),
                                curves[k].cause_texts, tuple(pairs.values())[:1])
                       for k, pairs in sorted(confirmed.items()))
    regions = []
    for k, sig in enumerate(order):
        rep = next((p for (p, pt) in bld.points.items() if pt.signature == sig
                    and p[0] in ca and p[1] in cb), None)
        bnds = tuple(bd.relation for bd in boundaries
                     if any(labels[k] in pair for pair in bd.between))
        regions.append(Region(labels[k], sig, outcome_text(sig), rep,
                              float((coarse == k).sum()) / coarse.size, bnds, (), False))
    band = _edge_band(grid)
    plot_grid = (np.array([float(x) for x in bld.fine_a]), np.array([float(y) for y in bld.fine_b]),
                 grid, tuple(band for _ in boundaries))
    return tuple(regions), plot_grid, boundaries, None, curves


def _crossing(bld, curve, p0, p1):
    """Exact points just either side of where ``curve`` crosses the segment p0-p1."""
    t = sympy.Dummy("t")
    a = sympify_number(p0[0]) + t * sympify_number(p1[0] - p0[0])
    b = sympify_number(p0[1]) + t * sympify_number(p1[1] - p0[1])
    try:
        roots = real_roots(curve.expr.subs({bld.sa: a, bld.sb: b}), t, 0, 1, include_hi=False)
    except SymbolicLimit:
        return None
    if not roots or len(set(roots)) != 1:
        return None
    r = roots[0]
    lo, hi = rational_between(0, r), rational_between(r, 1)

    def at(s):
        s = exact_or_float(s)
        return (p0[0] + s * (p1[0] - p0[0]), p0[1] + s * (p1[1] - p0[1]))
    return at(lo), at(hi)


def _edge_band(grid):
    """Points next to a change of region (4-neighbours), widened by one point."""
    e = np.zeros(grid.shape, dtype=bool)
    dx = grid[:, 1:] != grid[:, :-1]
    dy = grid[1:, :] != grid[:-1, :]
    e[:, 1:] |= dx
    e[:, :-1] |= dx
    e[1:, :] |= dy
    e[:-1, :] |= dy
    return widen(e)
