"""The cells of a region map: the candidate curves cut the map into cells, each solved
once at an exact point, until no new curve appears; neighbouring cells with different
outcomes give the boundaries, each confirmed by solving on either side
(:mod:`solver.analysis.region`)."""
from __future__ import annotations

import numpy as np
import sympy

from solver.analysis.exact_roots import SymbolicLimit, exact_or_float, rational_between, real_roots
from solver.analysis.region_builder import Builder
from solver.analysis.region_records import Boundary, Region
from solver.analysis.region_text import outcome_text, point_text
from solver.numbers import sympify_number

__all__ = ["find_cells", "exact_map", "order_regions", "region_labels", "widen", "MAX_CELLS",
           "MAX_ROUNDS"]

#: Most cells solved before the map gives up the exact conditions for the grid.
MAX_CELLS = 400
#: Most rounds of "solve the new cells, read their comparisons".
MAX_ROUNDS = 8

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def region_labels(count: int) -> list[str]:
    """The regions' labels: ``"A"``, ``"B"``, ..., ``"Z"``, then ``"R27"``, ``"R28"``, ..."""
    return [_LETTERS[k] if k < 26 else f"R{k + 1}" for k in range(count)]


def widen(e):
    """A mask widened by one point in each direction."""
    wide = e.copy()
    wide[1:, :] |= e[:-1, :]
    wide[:-1, :] |= e[1:, :]
    wide[:, 1:] |= e[:, :-1]
    wide[:, :-1] |= e[:, 1:]
    return wide


def find_cells(bld: Builder):
    """Cut the map by the candidate curves and solve each cell once, learning the new
    cells' comparisons, until no new curve appears; then check against the grid.
    Returns ``(cells, problem)``: cells are ``(curves, keys, inverse, reps, table)``."""
    R = len(bld.fine_a)
    for _ in range(MAX_ROUNDS):
        curves = bld.relevant()
        before = set(bld.curves)
        if curves:
            K = np.stack([bld.positive(c).ravel() for c in curves], axis=1)
        else:
            K = np.zeros((R * R, 0), dtype=bool)
        keys, inverse = np.unique(K, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        if len(keys) > MAX_CELLS:
            return None, (f"the candidate curves cut the map into {len(keys)} cells, more than "
                          f"{MAX_CELLS}; the map shows the solved grid")
        reps = {}
        for ci, key in enumerate(keys):
            rep = _representative(bld, curves, key, np.nonzero(inverse == ci)[0], R)
            if rep is None:
                continue
            reps[tuple(bool(x) for x in key)] = rep
            bld.learn(bld.solve(*rep))
        if set(bld.curves) != before and {c.expr for c in bld.relevant()} != {
                c.expr for c in curves}:
            continue
        # the check grid: every solved point must be in a cell with its outcome
        table = {k: bld.solve(*rep).signature for k, rep in reps.items()}
        bad = []
        for pb in bld.coarse_b:
            for pa in bld.coarse_a:
                signs = tuple(c.sign(pa, pb) for c in curves)
                if 0 in signs:
                    continue
                key = tuple(s > 0 for s in signs)
                if key not in table:
                    reps[key] = (pa, pb)
                    table[key] = bld.solve(pa, pb).signature
                elif table[key] != bld.solve(pa, pb).signature:
                    bad.append((pa, pb))
        if bad:
            pa, pb = bad[0]
            return None, (f"the exact conditions do not explain the outcome solved at "
                          f"{point_text(bld.names, (pa, pb))} ({len(bad)} grid point"
                          f"{'s' if len(bad) != 1 else ''}); the map shows the solved grid")
        return (curves, keys, inverse, reps, table), None
    return None, "the candidate curves kept growing; the map shows the solved grid"


def _representative(bld, curves, key, members, R):
    """An exact point of a cell (signs checked exactly), near the middle of its points."""
    ys, xs = np.divmod(members, R)
    cy, cx = ys.mean(), xs.mean()
    order = np.argsort((ys - cy) ** 2 + (xs - cx) ** 2)
    tries = list(order[:5]) + list(order[np.linspace(0, len(order) - 1, min(len(order), 15),
                                                     dtype=int)])
    for k in tries:
        pa, pb = bld.fine_a[xs[k]], bld.fine_b[ys[k]]
        if all((c.sign(pa, pb) > 0) == bool(s) and c.sign(pa, pb) != 0
               for c, s in zip(curves, key)):
            return pa, pb
    return None


def order_regions(bld, signatures, counts):
    """The outcomes in the order of their labels: the current point's first, then by area."""
    current_sig = bld.solve(*bld.current).signature if bld.current is not None else None
    return sorted(signatures, key=lambda s: (s != current_sig, -counts[s], outcome_text(s)))


def exact_map(bld: Builder, cells, notes):
    """The regions, the picture's grid, the confirmed boundaries, the cell table and the
    curves of a map whose cells the exact conditions explain."""
    curves, keys, inverse, reps, table = cells
    R = len(bld.fine_a)
    cell_sig = [table.get(tuple(bool(x) for x in key)) for key in keys]
    counts: dict = {}
    for ci, sig in enumerate(cell_sig):
        if sig is not None:
            counts[sig] = counts.get(sig, 0) + int(np.sum(inverse == ci))
    for sig in set(table.values()):
        counts.setdefault(sig, 0)
    order = order_regions(bld, list(counts), counts)
    index = {s: k for k, s in enumerate(order)}
    labels = region_labels(len(order))
    grid = np.array([index[s] if s is not None else -1 for s in cell_sig])[inverse].reshape(R, R)

    # boundaries: neighbouring points of the evaluation grid in different regions
    K = np.stack([bld.positive(c) for c in curves], axis=2) if curves else None
    samples: dict = {}
    if K is not None:
        for axis in (1, 0):
            g0 = grid[:, :-1] if axis == 1 else grid[:-1, :]
            g1 = grid[:, 1:] if axis == 1 else grid[1:, :]
            k0 = K[:, :-1, :] if axis == 1 else K[:-1, :, :]
            k1 = K[:, 1:, :] if axis == 1 else K[1:, :, :]
            differ = k0 != k1
            change = (g0 != g1) & (g0 >= 0) & (g1 >= 0) & differ.any(axis=2)
            for y, x in zip(*np.nonzero(change)):
                y1, x1 = (y, x + 1) if axis == 1 else (y + 1, x)
                pair = (int(g0[y, x]), int(g1[y, x]))
                diffs = tuple(int(k) for k in np.nonzero(differ[y, x])[0])
                samples.setdefault(frozenset(pair), []).append(
                    (pair, (bld.fine_a[x], bld.fine_b[y]), (bld.fine_a[x1], bld.fine_b[y1]),
                     diffs, (y, x, y1, x1)))
    confirmed: dict = {}
    drawn: dict = {}

    def record(c, pair, points, items):
        confirmed.setdefault(c, []).append((pair, points))
        band = drawn.setdefault(c, np.zeros(grid.shape, dtype=bool))
        for item in items:
            y0, x0, y1, x1 = item[4]
            band[y0, x0] = band[y1, x1] = True

    for which, items in sorted(samples.items(), key=lambda kv: sorted(kv[0])):
        done = set()
        single: dict = {}
        for item in items:
            if len(item[3]) == 1:
                single.setdefault(item[3][0], []).append(item)
        for c, group in sorted(single.items()):
            hit = _confirm_single(bld, curves, c, group, order)
            if hit is not None:
                record(c, hit[0], hit[1], group)
                done.add(c)
        multi = [item for item in items if len(item[3]) > 1 and not set(item[3]) & done]
        for item in _spread(multi, 4):
            if set(item[3]) & done:
                continue
            for c, pair, points in _locate(bld, curves, item, order):
                record(c, pair, points, [m for m in multi if c in m[3]])
                done.add(c)
        if not done and len(items) > 3:       # (a few samples: regions touching at a corner)
            a, b = sorted(which)
            notes.append(f"the change between {labels[a]} and {labels[b]} was not located "
                         f"exactly (pass a larger resolution)")
    grid = _fill_unknown(grid)
    boundaries, bands = [], []
    touching: dict = {}
    for c, items in sorted(confirmed.items(), key=lambda kv: min(min(p) for p, _ in kv[1])):
        between = tuple(sorted({tuple(sorted((labels[p[0]], labels[p[1]]))) for p, _ in items}))
        for p, _ in items:
            touching.setdefault(p[0], set()).add(c)
            touching.setdefault(p[1], set()).add(c)
        boundaries.append(Boundary(curves[c].relation(), curves[c].expr, between,
                                   curves[c].cause_texts, tuple(pts for _, pts in items[:1])))
        bands.append(widen(drawn[c]))

    regions = []
    total = R * R
    for k, sig in enumerate(order):
        mask = grid == k
        cs = sorted(touching.get(k, ()))
        conditions, exact_mask = [], np.ones_like(mask)
        for c in cs:
            positive = bld.positive(curves[c])
            inside = positive[mask]
            if len(inside) and inside.all():
                conditions.append(curves[c].side(True))
                exact_mask &= positive
            elif len(inside) and not inside.any():
                conditions.append(curves[c].side(False))
                exact_mask &= ~positive
        described = bool(conditions) and len(conditions) == len(cs) and bool(
            np.array_equal(exact_mask, mask))
        rep = next((reps[key] for key, s in table.items() if s == sig), None)
        regions.append(Region(labels[k], sig, outcome_text(sig), rep,
                              float(mask.sum()) / total,
                              tuple(curves[c].relation() for c in cs), tuple(conditions),
                              described or (not cs and len(order) == 1)))
    label_table = {key: labels[index[s]] for key, s in table.items()}
    plot_grid = (np.array([float(x) for x in bld.fine_a]), np.array([float(y) for y in bld.fine_b]),
                 grid, tuple(bands))
    return tuple(regions), plot_grid, tuple(boundaries), label_table, curves


def _spread(items, n):
    """At most ``n`` items, spread over the list (the middle one first)."""
    if len(items) <= n:
        return list(items)
    picks = dict.fromkeys([len(items) // 2] + [round(k * (len(items) - 1) / (n - 1))
                                                 for k in range(n)])
    return [items[k] for k in list(picks)[:n]]


def _confirm_single(bld, curves, c, group, order):
    """Solve either side of curve ``c`` at a few neighbouring points where it alone
    changes sign: ``(pair, (p0, p1))`` when the outcomes are the two regions'."""
    for pair, p0, p1, _, _ in _spread(group, 5):
        # a grid point on the curve itself (a tie): step a quarter further out
        if curves[c].sign(*p0) == 0:
            p0 = (p0[0] + (p0[0] - p1[0]) / 4, p0[1] + (p0[1] - p1[1]) / 4)
        if curves[c].sign(*p1) == 0:
            p1 = (p1[0] + (p1[0] - p0[0]) / 4, p1[1] + (p1[1] - p0[1]) / 4)
        if not _one_change(curves, c, p0, p1):
            continue
        if bld.solve(*p0).signature == order[pair[0]] and \
                bld.solve(*p1).signature == order[pair[1]]:
            return pair, (p0, p1)
    return None


def _locate(bld, curves, item, order):
    """Where, between two neighbouring points on which several curves change sign,
    the outcome changes: solve between consecutive exact crossings.  Yields
    ``(curve, pair, (q0, q1))`` for a change from one region of the pair to the other
    at a crossing of one curve only."""
    pair, p0, p1, diffs, _ = item
    t = sympy.Dummy("t")
    line = {bld.sa: sympify_number(p0[0]) + t * sympify_number(p1[0] - p0[0]),
            bld.sb: sympify_number(p0[1]) + t * sympify_number(p1[1] - p0[1])}
    crossings = []
    for c in diffs:
        try:
            roots = real_roots(curves[c].expr.subs(line), t, 0, 1, include_hi=False) or []
        except SymbolicLimit:
            return
        crossings += [(r, c) for r in set(roots)]
    crossings.sort(key=lambda rc: sympy.N(rc[0], 40))
    edges = [sympy.Integer(0)] + [r for r, _ in crossings] + [sympy.Integer(1)]

    def at(s):
        s = exact_or_float(s)
        return (p0[0] + s * (p1[0] - p0[0]), p0[1] + s * (p1[1] - p0[1]))
    points, sigs = [], []
    for k in range(len(edges) - 1):
        if edges[k] == edges[k + 1]:
            points.append(None)
            sigs.append(None)
            continue
        q = at(rational_between(edges[k], edges[k + 1]))
        points.append(q)
        sigs.append(bld.solve(*q).signature)
    wanted = {order[pair[0]], order[pair[1]]}
    for k, (r, c) in enumerate(crossings):
        same_root = [c2 for r2, c2 in crossings if r2 == r]
        if len(same_root) != 1 or sigs[k] is None or sigs[k + 1] is None:
            continue
        if sigs[k] != sigs[k + 1] and {sigs[k], sigs[k + 1]} == wanted:
            ordered = pair if sigs[k] == order[pair[0]] else (pair[1], pair[0])
            yield c, ordered, (points[k], points[k + 1])


def _fill_unknown(grid):
    """Points of the evaluation grid in no known cell take a neighbour's region (for
    the picture)."""
    grid = grid.copy()
    for _ in range(grid.shape[0] + grid.shape[1]):
        unknown = grid < 0
        if not unknown.any() or unknown.all():
            break
        for here, there in (((slice(None), slice(1, None)), (slice(None), slice(None, -1))),
                            ((slice(None), slice(None, -1)), (slice(None), slice(1, None))),
                            ((slice(1, None), slice(None)), (slice(None, -1), slice(None))),
                            ((slice(None, -1), slice(None)), (slice(1, None), slice(None)))):
            target, source = grid[here], grid[there]
            take = (target < 0) & (source >= 0)
            target[take] = source[take]
    return grid


def _one_change(curves, c, p0, p1) -> bool:
    """True when, exactly, curve ``c`` alone changes sign between two points (and
    neither point lies on a curve)."""
    for k, curve in enumerate(curves):
        s0, s1 = curve.sign(*p0), curve.sign(*p1)
        if s0 == 0 or s1 == 0 or ((s0 != s1) != (k == c)):
            return False
    return True
