"""Thresholds on a grid, located exactly: normal forms and trees that are not of
perfect information.

The game is solved on a grid, and a change of the equilibrium *signature* (each
player's supports across the equilibria, or each information set's supports)
between neighbouring points is located exactly.  For normal forms the candidates
are the roots of the payoff comparisons ``u_i(s, o) - u_i(s', o)`` and, for two
players, of the indifference conditions of each mixed equilibrium (the mixed
probabilities are rational functions of *t*, solved exactly as in a 2x2 game);
between candidates the signature is constant, so it is sampled once in each piece
(the comparative statics of support enumeration: Nisan et al. 2007, sec. 3.3).  A
change no candidate explains is located by exact bisection, then the simplest
rational in the final bracket (Stern-Brocot), kept only if solving just below and
just above it confirms the change.

Used by :func:`solver.analysis.parametric.thresholds`.
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import sympy

from solver.analysis.exact_roots import SymbolicLimit, exact_or_float, rational_between, real_roots
from solver.analysis.parameter_points import at_value, node_label, solve_at
from solver.analysis.threshold_records import Threshold
from solver.numbers import sympify_number

__all__ = ["grid_thresholds"]


def _signature(game, solution) -> dict:
    """key -> (player, at, text): each player's (or information set's) supports across
    the equilibria; key ``"joint"``: the support profiles of the equilibria together."""
    out = {}
    joint = set()
    if game.form == "normal":
        for i, name in enumerate(game.players):
            sups = {e.support[i] for e in solution.equilibria}
            out[i] = (name, "strategy choice", _render(sups, game.strategies[i]))
        for e in solution.equilibria:
            joint.add(tuple("+".join(s) for s in e.support))
    else:
        per_eq = [[] for _ in solution.equilibria]
        for i, sets in enumerate(game.infosets):
            for s in sets:
                sups = set()
                for k, e in enumerate(solution.equilibria):
                    pr = e.profile.probabilities[i][s.index]
                    sup = tuple(a for a, p in zip(s.actions, pr) if p > 0)
                    sups.add(sup)
                    per_eq[k].append("+".join(sup))
                at = s.label or node_label(game, s.nodes[0])
                out[(i, s.index)] = (game.players[i], at, _render(sups, s.actions))
        joint = {tuple(x) for x in per_eq}
    out["joint"] = (", ".join(game.players), "equilibria",
                    " / ".join("(" + ", ".join(j) + ")" for j in sorted(joint)) or "none")
    return out


def _render(supports, labels) -> str:
    order = {a: k for k, a in enumerate(labels)}
    keyed = sorted(supports, key=lambda s: (len(s), [order[a] for a in s]))
    return " / ".join("+".join(s) for s in keyed) if keyed else "none"


def _nf_candidates(g1, t, lo, hi, solutions):
    """Roots of payoff comparisons and of the mixed equilibria's indifference conditions."""
    found = set()
    tensor = g1.payoff_tensor
    n = g1.n_players
    count = 0
    for i in range(n):
        T = np.moveaxis(tensor[i], i, 0)
        for s, s2 in itertools.combinations(range(T.shape[0]), 2):
            for a, b in zip(T[s].flat, T[s2].flat):
                count += 1
                if count > 20_000:
                    break
                d = sympify_number(a) - sympify_number(b)
                try:
                    found.update(real_roots(d, t, lo, hi, include_lo=True) or [])
                except SymbolicLimit:
                    pass
    if n == 2:
        seen = set()
        for sol in solutions:
            for e in sol.equilibria:
                sup = tuple(tuple(k for k, p in enumerate(pr) if p > 0) for pr in e.probabilities)
                if sup not in seen and not all(len(x) == 1 for x in sup):
                    seen.add(sup)
                    found.update(_indifference_roots(tensor, sup, t, lo, hi))
    return sorted(found, key=lambda r: sympy.N(r, 40))


def _indifference_roots(tensor, sup, t, lo, hi):
    """Where the mixed equilibrium on support ``sup`` appears or disappears."""
    out = set()
    for i in range(2):
        j = 1 - i
        M = tensor[i] if i == 0 else tensor[i].T       # rows: i's strategies, columns: j's
        y = sympy.symbols(f"_y0:{len(sup[j])}")
        v = sympy.Symbol("_v")
        eqs = [sum(sympify_number(M[r, c]) * y[k] for k, c in enumerate(sup[j])) - v for r in sup[i]]
        eqs.append(sum(y) - 1)
        sol = sympy.solve(eqs, list(y) + [v], dict=True)
        if len(sol) != 1 or any(s not in sol[0] for s in list(y) + [v]):
            continue
        sol = sol[0]
        exprs = [sol[s] for s in y]
        exprs += [sum(sympify_number(M[r, c]) * sol[y[k]] for k, c in enumerate(sup[j])) - sol[v]
                  for r in range(M.shape[0]) if r not in sup[i]]
        for ex in exprs:
            try:
                out.update(real_roots(ex, t, lo, hi, include_lo=True) or [])
            except SymbolicLimit:
                pass
    return out


#: The grid avoids simple rationals (where thresholds tend to lie): its points are
#: offset by this irrational-looking fraction of a step.
_OFFSET = sympy.Rational(3819660113, 10 ** 10)
#: Largest number of payoff-comparison roots used to refine the grid of a normal form.
_MAX_REFINE = 200


def grid_thresholds(g1, t, lo, hi, method, options, grid):
    """Thresholds found on a grid of ``grid`` points in ``(lo, hi)`` and located
    exactly; ``(records, notes)``.  Works for any game with one free symbol ``t``."""
    param = str(t)
    cache: dict = {}

    def sig(x):
        key = sympy.sympify(x)
        if key not in cache:
            sol = solve_at(at_value(g1, param, key), method, options)
            cache[key] = (_signature(g1, sol), sol)
        return cache[key][0]

    h = hi - lo
    pts = ([lo + h * _OFFSET / 10 ** 6] + [lo + h * (k + _OFFSET) / grid for k in range(grid)]
           + [hi - h * _OFFSET / 10 ** 6])
    if g1.form == "normal":
        # a regime narrower than a grid step is not missed: sample once between every two
        # values at which some payoff comparison changes sign (when there are not too many)
        crit = _nf_candidates(g1, t, lo, hi, [])
        if len(crit) <= _MAX_REFINE:
            ends = sorted(set(crit) | {lo, hi}, key=lambda r: sympy.N(r, 40))
            pts = sorted(set(pts) | {rational_between(x, y) for x, y in zip(ends, ends[1:])},
                         key=lambda r: sympy.N(r, 40))
    sigs = [sig(x) for x in pts]
    recs: list[Threshold] = []
    notes: list[str] = []
    for a, b, sa, sb in zip(pts, pts[1:], sigs, sigs[1:]):
        if sa == sb:
            continue
        cands: set = set()
        samples = [a, b]
        if g1.form == "normal":
            # exact critical values; the mixed equilibria met on each new piece may add more
            sols = [cache[a][1], cache[b][1]]
            for _ in range(4):
                new = set(_nf_candidates(g1, t, a, b, sols)) - cands
                if not new:
                    break
                cands |= new
                ends = sorted(cands | {a, b}, key=lambda r: sympy.N(r, 40))
                samples = [a] + [rational_between(x, y) for x, y in zip(ends, ends[1:])] + [b]
                sols = [cache[m][1] for m in samples if sig(m) is not None]
        for x, y in zip(samples, samples[1:]):
            if sig(x) == sig(y):
                continue
            inner = [c for c in cands if x < c < y]
            if len(inner) == 1:
                recs += _records(inner[0], sig(x), sig(y))
            else:
                for r, before, after, exact in _locate(sig, x, y):
                    if not exact:
                        notes.append(f"a change near {param} = {float(r):.12g} was located by "
                                     "bisection only (no exact value confirmed)")
                    recs += _records(r, before, after)
    out, seen = [], set()
    for r in recs:
        key = (r.value, r.player, r.at, r.from_, r.to)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out, notes


def _records(value, before: dict, after: dict) -> list[Threshold]:
    """One record per player (or information set) whose supports change; a change of
    the equilibria that shows in no single player's supports gets one joint record."""
    v = exact_or_float(sympy.sympify(value))
    out = [Threshold(v, before[k][0], before[k][1], before[k][2], after[k][2])
           for k in before if k != "joint" and before[k] != after.get(k)]
    if not out and before["joint"] != after["joint"]:
        out.append(Threshold(v, before["joint"][0], "equilibria", before["joint"][2],
                             after["joint"][2]))
    return out


def _simplest_between(a: Fraction, b: Fraction) -> Fraction:
    """The fraction with the smallest denominator in the closed interval [a, b] (Stern-Brocot)."""
    if a > b:
        a, b = b, a
    fl = math.floor(a)
    if fl == a or math.floor(b) > fl:
        return Fraction(math.ceil(a))
    inner = _simplest_between(1 / (b - fl), 1 / (a - fl))
    return fl + 1 / inner


def _locate(sig, x, y, depth: int = 0):
    """Changes of signature in (x, y), by exact bisection then rational reconstruction.

    Returns ``(value, signature before, signature after, exact)`` per change.  A
    third regime met inside splits the search in two.
    """
    sx, sy = sig(x), sig(y)
    a, b = x, y
    width = (y - x) * sympy.Rational(1, 2 ** 40)
    while b - a > width:
        m = (a + b) / 2
        sm = sig(m)
        if sm == sx:
            a = m
        elif sm == sy:
            b = m
        elif depth < 8:
            return _locate(sig, x, m, depth + 1) + _locate(sig, m, y, depth + 1)
        else:   # pragma: no cover - more than 2^8 regimes in one grid step
            b, sy = m, sm
    fa, fb = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
    r = _simplest_between(fa, fb)
    rr = sympy.Rational(r.numerator, r.denominator)
    tiny = sympy.Rational(fb - fa) / 2 ** 20
    if sig(rr - tiny) == sx and sig(rr + tiny) == sy:
        return [(rr, sx, sy, True)]
    return [((a + b) / 2, sx, sy, False)]
