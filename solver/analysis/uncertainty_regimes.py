"""Regimes: lists of pure equilibria whose comparisons, compiled once, decide on all
draws at once whether the solver would list exactly those equilibria there.

See "Speed: solving once symbolically" in :mod:`solver.analysis.uncertainty`.  A
regime reads the symbolic tree of an :class:`~solver.analysis.uncertainty_engine.Engine`
(its payoffs, Nature's probabilities and weights, and the game's layout).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from solver.analysis.uncertainty_compiler import UNIT_ROUNDOFF, compile_numpy
from solver.forms.extensive.nodes import CHANCE, DECISION, TERMINAL

__all__ = ["Regime", "SAFETY", "MAX_EXPAND_OPS"]

#: A known regime is used for a draw only when every chosen action beats every
#: alternative by more than ``SAFETY`` times the bound on the rounding error of the
#: two values' floating-point evaluation (a running error bound, first order).
SAFETY = 8.0

#: Largest difference of two values (sympy operations) expanded symbolically to see
#: whether the two are identically tied.
MAX_EXPAND_OPS = 20000

#: Two fixed points (values of the varied parameters) at which a regime's comparisons
#: are evaluated once, to find the few that may be identically zero.
_PROBES = (0.3819660112501051, 0.6180339887498949)


def _identically_zero(expr) -> bool:
    """Whether an expression is zero for every parameter value.

    First its exact value at one rational point (nonzero there: not identically
    zero); then sympy's expansion, and for a rational function the cancelled
    fraction.  Large expressions that pass the first test count as not zero (the
    safe answer: a regime then demands a strict comparison)."""
    if not isinstance(expr, sympy.Basic):
        return expr == 0
    names = sorted(expr.free_symbols, key=str)
    point = {sym: sympy.Rational(2 * k + 3, 4 * k + 11) for k, sym in enumerate(names)}
    try:
        at = expr.xreplace(point)
        if at.is_number and at.is_zero is False:
            return False
    except (ArithmeticError, TypeError, ValueError):   # pragma: no cover - a pole there
        pass
    if sympy.count_ops(expr) > MAX_EXPAND_OPS:
        return False
    d = sympy.expand(expr)
    if d == 0:
        return True
    if any(a.is_Pow and a.exp.is_negative for a in sympy.preorder_traversal(d)):
        return sympy.cancel(d) == 0
    return False


class Regime:
    """The equilibria listed at some draw, all pure, with their comparisons compiled.

    ``sigmas`` holds each listed equilibrium's action index per information set, in
    the solver's order (one for a draw with a unique equilibrium).  The regime
    *holds* at a draw when, for every listed equilibrium, at every set, the chosen
    action beats every other action by more than the margin, or is tied with it
    identically (the same expression, e.g. two routes to the same war payoff);
    then the solver lists the same equilibria there.

    ``engine`` is the :class:`~solver.analysis.uncertainty_engine.Engine` whose
    symbolic tree (payoffs, Nature's probabilities and weights, layout) the regime
    reads; ``listed`` says whether ``sigmas`` is a list the solver gave (else a
    proposal).
    """

    def __init__(self, engine, sigmas: tuple[tuple[int, ...], ...], listed: bool):
        g = engine.game
        N = g.n_nodes
        kind, kids = engine.kind, engine.kids
        gid, parent, pact = engine.gid, engine.parent, engine.pact
        chosen, other = [], []
        self.where: list[tuple] = []       # (sigma, set, chosen, alternative) per comparison
        for sigma in sigmas:
            V: list[Any] = [None] * N
            for h in range(N - 1, -1, -1):        # pre-order: children after their parent
                if kind[h] == TERMINAL:
                    V[h] = engine.pay[h]
                elif kind[h] == DECISION:
                    V[h] = V[kids[h][sigma[gid[h]]]]
                else:
                    probs = engine.chance[h]
                    V[h] = tuple(sympy.Add(*[p * V[c][i] for p, c in zip(probs, kids[h])])
                                 for i in range(g.n_players))
            for s, nodes in enumerate(engine.layout.set_nodes):
                i = int(g.node_player[nodes[0]])
                a0 = sigma[s]
                for b in range(len(engine.layout.sets[s][2])):
                    if b == a0:
                        continue
                    self.where.append((sigma, s, a0, b))
                    if len(nodes) == 1:
                        chosen.append(V[kids[nodes[0]][a0]][i])
                        other.append(V[kids[nodes[0]][b]][i])
                    else:                      # weighted by Nature's probabilities (beliefs)
                        chosen.append(sympy.Add(*[engine.cw[h] * V[kids[h][a0]][i] for h in nodes]))
                        other.append(sympy.Add(*[engine.cw[h] * V[kids[h][b]][i] for h in nodes]))
        first = sigmas[0]
        R: list[Any] = [sympy.Integer(1)] + [sympy.Integer(0)] * (N - 1)
        for h in range(1, N):
            p = parent[h]
            if R[p] == 0:
                continue
            if kind[p] == CHANCE:
                R[h] = R[p] * engine.chance[p][pact[h]]
            elif pact[h] == first[gid[p]]:
                R[h] = R[p]
        outcome = [sympy.Integer(0)] * len(engine.layout.outcomes)
        for h, k in engine.layout.terminal_outcome:
            outcome[k] = outcome[k] + R[h]
        reach = [sympy.Add(*[R[h] for h in nodes]) for nodes in engine.layout.set_nodes]
        self.sigma = np.array(first, np.int16)
        self.n = len(sigmas)
        self.k = len(outcome)
        # comparisons that vanish at both probes may be identical ties: check exactly
        probe_fn = compile_numpy(engine.symbols, [c - a for c, a in zip(chosen, other)])
        cols = [np.array([_PROBES[0], _PROBES[1]]) if j % 2 == 0 else
                np.array([_PROBES[1], _PROBES[0]]) for j in range(len(engine.symbols))]
        with np.errstate(all="ignore"):
            d = [np.broadcast_to(np.asarray(v, dtype=float), (2,)) for v in probe_fn(*cols)]
        keep = [j for j in range(len(chosen))
                if (np.abs(d[j]) > 1e-6).any() and np.isfinite(d[j]).all()
                or not _identically_zero(chosen[j] - other[j])]
        # an identical tie is allowed only in a list the solver gave (it lists, or breaks,
        # the tie itself); a proposed regime with one can never hold
        self.never = not listed and len(keep) < len(chosen)
        self.m = len(keep)
        self.engine = engine
        self.where = [self.where[j] for j in keep]
        self.refined: dict[int, Any] = {}  # comparisons relative to a baseline, on need
        exprs = [chosen[j] for j in keep] + [other[j] for j in keep] + outcome + reach
        self.fn = compile_numpy(engine.symbols, exprs, errors=True)

    def _refined(self, j: int):
        """Comparison ``j`` written relative to a baseline, compiled with an error bound,
        made on first need.

        In a game whose payoffs are totals over many periods, two actions late in the
        tree are worth nearly the same total, and their difference is lost in
        rounding.  Every terminal payoff below a node of the set is taken relative to
        the first terminal payoff below that node (sympy cancels the shared terms of
        the two sums exactly; Nature's probabilities add up to one, so the difference
        of the two values is unchanged), and the comparison is evaluated on that scale.
        """
        got = self.refined.get(j)
        if got is None:
            eng = self.engine
            sigma, s, a0, b = self.where[j]
            nodes = eng.layout.set_nodes[s]
            i = int(eng.game.node_player[nodes[0]])
            terms = []
            for h in nodes:
                base = eng.pay[eng.first_terminal[h]][i]
                w = eng.cw[h] if len(nodes) > 1 else sympy.Integer(1)
                terms.append(w * (eng.relative_value(eng.kids[h][a0], sigma, i, base)
                                  - eng.relative_value(eng.kids[h][b], sigma, i, base)))
            got = self.refined[j] = compile_numpy(eng.symbols, [sympy.Add(*terms)], errors=True)
        return got

    def evaluate(self, cols: list, n: int):
        """Per draw: whether the regime holds, the outcome probabilities, the sets reached.

        It holds where every kept difference *chosen - alternative* exceeds
        ``SAFETY`` times its rounding-error bound (and the rounding of the
        subtraction), every comparison inside a piecewise payoff is decided, and
        every set's probability of being reached is decided positive or exactly 0.
        """
        with np.errstate(all="ignore"):
            vals, errs, decided = self.fn(*cols)
            V = [np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in vals]
            E = [np.broadcast_to(np.asarray(e, dtype=float), (n,)) for e in errs]
            ok = np.broadcast_to(np.asarray(decided, dtype=bool), (n,)).copy()
            m, k = self.m, self.k
            outcome = np.column_stack(V[2 * m:2 * m + k]) if k else np.zeros((n, 0))
            reach, rerr = V[2 * m + k:], E[2 * m + k:]
            for r, e in zip(reach, rerr):
                ok &= (r > SAFETY * e) | ((r == 0) & (e == 0))
            on_path = np.column_stack(reach) > 0 if reach else np.zeros((n, 0), bool)
            ok &= np.isfinite(outcome).all(axis=1)
            for j in range(m):
                c, a = V[j], V[m + j]
                strict = (c - a) > SAFETY * (E[j] + E[m + j]
                                             + UNIT_ROUNDOFF * (np.abs(c) + np.abs(a)))
                again = np.flatnonzero(ok & ~strict)
                if len(again):
                    # a difference of nearly equal totals (payoffs summed over many
                    # periods): evaluate it relative to a baseline, shared terms cancelled
                    dv, de, dd = self._refined(j)(*[col[again] for col in cols])
                    v = np.broadcast_to(np.asarray(dv[0], dtype=float), (len(again),))
                    e = np.broadcast_to(np.asarray(de[0], dtype=float), (len(again),))
                    strict[again] = np.asarray(dd, dtype=bool) & (
                        v > SAFETY * (e + UNIT_ROUNDOFF * np.abs(v)))
                ok &= strict
        return ok, outcome, on_path

