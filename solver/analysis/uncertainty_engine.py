"""The engine that solves chunks of draws of one game: known regimes first, on all
draws at once, then a proposal by backward induction in floats, then exact solves
(with a cache of identical draws) that become new regimes.

See "Speed: solving once symbolically" in :mod:`solver.analysis.uncertainty`.
"""
from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from solver.analysis.beliefs import realization_probabilities
from solver.analysis.parameter_points import solve_at
from solver.analysis.uncertainty_compiler import compile_numpy
from solver.analysis.uncertainty_records import DrawRecords, layout_of
from solver.analysis.uncertainty_regimes import Regime
from solver.errors import GameError
from solver.forms.extensive.nodes import CHANCE, DECISION, TERMINAL
from solver.numbers import sympify_number

__all__ = ["Engine", "MAX_SYMBOLIC_NODES", "CACHE_SIZE"]

#: Largest tree (nodes) solved symbolically for the regime shortcut.
MAX_SYMBOLIC_NODES = 5000

#: Most distinct draws remembered per worker for the identical-draw cache.
CACHE_SIZE = 50_000


def _sequential(game) -> bool:
    """True when every subgame without smaller subgames, as
    :func:`solver.algorithms.subgames.subgame_perfect` cuts the tree, is of perfect
    information or has a single mover: there, strict comparisons at every set
    determine the solver's (unique) equilibrium."""
    if game.is_perfect_information:
        return True
    ok, _ = game.perfect_recall()
    if not ok:
        return False
    from solver.algorithms.subgames import proper_subgames
    N = game.n_nodes
    kind = game.node_kind.tolist()
    gid = game.node_infoset.tolist()
    parent = game.node_parent.tolist()
    who = game.node_player.tolist()
    pi = [kind[h] != DECISION or len(game.infoset(gid[h]).nodes) == 1 for h in range(N)]
    for h in range(N - 1, 0, -1):
        pi[parent[h]] = pi[parent[h]] and pi[h]
    droots = {r for r in proper_subgames(game) if r == 0 or not pi[parent[r]]}
    top = [0] * N
    movers: dict[int, set] = {}
    for h in range(N):
        top[h] = h if h in droots else top[parent[h]]
        if kind[h] == DECISION:
            movers.setdefault(top[h], set()).add(who[h])
    return all(pi[r] or len(movers.get(r, ())) <= 1 for r in droots)


class Engine:
    """Solves draws of one game: known regimes first (vectorised), exactly otherwise."""

    def __init__(self, game, names: tuple[str, ...], method: str, shortcut: bool):
        self.game, self.names, self.method = game, tuple(names), method
        self.symbols = [sympy.Symbol(n) for n in self.names]
        self.layout = layout_of(game)
        self.cache: OrderedDict = OrderedDict()
        self.regimes: dict[tuple, Regime | None] = {}
        self.regime_list: list[Regime] = []
        self.shortcut = bool(shortcut) and self._eligible()
        if self.shortcut:
            self._prepare_symbolic()

    # -------------------------------------------------------------- set-up
    def _eligible(self) -> bool:
        g = self.game
        return (g.form == "extensive" and self.method in ("auto", "spe") and g.exact
                and g.n_nodes <= MAX_SYMBOLIC_NODES and g.n_nodes > 0 and _sequential(g))

    def _prepare_symbolic(self) -> None:
        g = self.game
        N = g.n_nodes
        self.kind = g.node_kind.tolist()
        self.kids = g.child_lists()
        self.gid = g.node_infoset.tolist()
        self.parent = g.node_parent.tolist()
        self.pact = g.node_parent_action.tolist()
        self.pay: list[Any] = [None] * N
        self.chance: dict[int, tuple] = {}
        for h in range(N):
            if self.kind[h] == TERMINAL:
                self.pay[h] = tuple(sympify_number(x) for x in g.payoffs(h))
            elif self.kind[h] == CHANCE:
                self.chance[h] = tuple(sympify_number(p) for p in g.chance_probabilities(h))
        # Nature's weight of each node from the root of its subgame piece (beliefs up to a factor)
        from solver.algorithms.subgames import proper_subgames
        roots = set(proper_subgames(g)) if not g.is_perfect_information else set()
        self.cw: list[Any] = [sympy.Integer(1)] * N
        for h in range(1, N):
            p = self.parent[h]
            if h in roots:
                continue
            self.cw[h] = self.cw[p] * self.chance[p][self.pact[h]] if self.kind[p] == CHANCE \
                else self.cw[p]
        # the proposal: every terminal payoff, chance probability and weight, in floats
        self.terminals = [h for h in range(N) if self.kind[h] == TERMINAL]
        self.chance_nodes = sorted(self.chance)
        multi = [h for nodes in self.layout.set_nodes if len(nodes) > 1 for h in nodes]
        self.weighted = multi
        flat = [x for h in self.terminals for x in self.pay[h]]
        flat += [q for h in self.chance_nodes for q in self.chance[h]]
        flat += [self.cw[h] for h in multi]
        self.numbers_fn = compile_numpy(self.symbols, flat)
        depth = [0] * N
        for h in range(1, N):
            depth[h] = depth[self.parent[h]] + 1
        # a set's choice depends only on sets whose nodes lie below its nodes, all
        # deeper than its shallowest node (perfect recall): deepest sets first
        self.set_order = sorted(range(len(self.layout.set_nodes)),
                                key=lambda s: -min(depth[h] for h in self.layout.set_nodes[s]))
        end = list(range(N))
        for h in range(N - 1, 0, -1):
            end[self.parent[h]] = max(end[self.parent[h]], end[h])
        self.end = end
        first = list(range(N))                 # the first terminal of each subtree
        for h in range(N - 1, -1, -1):
            if self.kind[h] != TERMINAL:
                first[h] = first[self.kids[h][0]]
        self.first_terminal = first

    def relative_value(self, top: int, sigma, i: int, base):
        """Player ``i``'s value of node ``top`` under ``sigma``, with ``base`` taken off
        every terminal payoff (sympy cancels shared terms of flat sums exactly)."""
        V: dict[int, Any] = {}
        kind, kids = self.kind, self.kids
        for u in range(self.end[top], top - 1, -1):
            if kind[u] == TERMINAL:
                V[u] = sympy.Add(self.pay[u][i], -base)
            elif kind[u] == DECISION:
                V[u] = V[kids[u][sigma[self.gid[u]]]]
            else:
                V[u] = sympy.Add(*[p * V[c] for p, c in zip(self.chance[u], kids[u])])
        return V[top]

    def propose(self, cols: list, n: int) -> np.ndarray:
        """Each draw's choices by backward induction in floats (a *proposal*: a regime
        is used only where its exact-structure comparisons hold with a margin)."""
        g = self.game
        P = g.n_players
        with np.errstate(all="ignore"):
            vals = [np.broadcast_to(np.asarray(v, dtype=float), (n,))
                    for v in self.numbers_fn(*cols)]
        it = iter(vals)
        V: dict[int, np.ndarray] = {h: np.stack([next(it) for _ in range(P)])
                                    for h in self.terminals}
        prob = {h: [next(it) for _ in self.kids[h]] for h in self.chance_nodes}
        weight = {h: next(it) for h in self.weighted}
        choice: dict[int, np.ndarray] = {}
        kind, kids, gid = self.kind, self.kids, self.gid

        def ensure(top: int) -> None:
            for u in range(self.end[top], top - 1, -1):
                if u in V:
                    continue
                if kind[u] == CHANCE:
                    V[u] = sum(q * V[c] for q, c in zip(prob[u], kids[u]))
                else:
                    pick = choice[gid[u]]
                    V[u] = np.choose(pick, [V[c] for c in kids[u]]) if len(kids[u]) > 1 \
                        else V[kids[u][0]]

        with np.errstate(all="ignore"):
            for s in self.set_order:
                nodes = self.layout.set_nodes[s]
                i = int(g.node_player[nodes[0]])
                for h in nodes:
                    for c in kids[h]:
                        ensure(c)
                if len(nodes) == 1:
                    table = np.stack([V[c][i] for c in kids[nodes[0]]])
                else:
                    table = np.stack([sum(weight[h] * V[kids[h][a]][i] for h in nodes)
                                      for a in range(len(kids[nodes[0]]))])
                choice[s] = np.argmax(np.nan_to_num(table, nan=-np.inf), axis=0)
        out = np.zeros((n, len(self.layout.set_nodes)), np.int16)
        for s, c in choice.items():
            out[:, s] = c
        return out

    # -------------------------------------------------------------- exact solving
    def _values(self, row) -> dict[str, Fraction]:
        return {name: Fraction(float(x)) for name, x in zip(self.names, row)}

    def exact(self, row) -> tuple[tuple, tuple | None]:
        """The record of one draw solved exactly, and its regime key (or None)."""
        values = self._values(row)
        try:
            g = self.game.substitute(values) if values else self.game
            sol = solve_at(g, self.method, {})
        except GameError as e:
            shown = ", ".join(f"{k}={float(v)!r}" for k, v in values.items())
            raise type(e)(f"at the draw {shown}: {e}") from e
        lay = self.layout
        n_sets = len(lay.sets)
        act = np.full(n_sets, -2, np.int16)
        on_path = np.zeros(n_sets, bool)
        outcome = np.zeros(len(lay.outcomes))
        eqs = sol.equilibria
        if not eqs:
            return (act, on_path, outcome, 0), None
        eq = eqs[0]
        if lay.form == "normal":
            probs = eq.probabilities
            for i, pr in enumerate(probs):
                act[i] = _pure_index(pr)
            on_path[:] = True
            if lay.outcomes:
                outcome[:] = [float(v) for v in _exact_joint(probs)]
            return (act, on_path, outcome, len(eqs)), None
        prof = eq.profile
        for s, pr in enumerate(prof.flat()):
            act[s] = _pure_index(pr)
        reach = realization_probabilities(g, prof)
        for s, nodes in enumerate(lay.set_nodes):
            on_path[s] = any(reach[h] > 0 for h in nodes)
        sums: list[Any] = [0] * len(lay.outcomes)
        for h, k in lay.terminal_outcome:
            sums[k] += reach[h]
        outcome[:] = [float(v) for v in sums]
        key = None
        if self.shortcut and sol.complete:
            sigmas = [tuple(_pure_index(pr) for pr in e.profile.flat()) for e in eqs]
            if all(a >= 0 for sig in sigmas for a in sig):
                key = (True, tuple(sigmas))
        return (act, on_path, outcome, len(eqs)), key

    # -------------------------------------------------------------- a chunk of draws
    def _apply(self, regime: Regime, cols, todo, rec: DrawRecords) -> None:
        idx = np.flatnonzero(todo)
        if not len(idx):
            return
        if regime.never:
            return
        try:
            ok, outcome, on_path = regime.evaluate([c[idx] for c in cols], len(idx))
        except Exception:            # pragma: no cover - numpy cannot evaluate the expressions
            return
        sel = idx[ok]
        if not len(sel):
            return
        rec.act[sel] = regime.sigma
        rec.on_path[sel] = on_path[ok]
        rec.outcome[sel] = outcome[ok]
        rec.n_equilibria[sel] = regime.n
        rec.by_regime += len(sel)
        todo[sel] = False

    def add_regime(self, key: tuple) -> Regime | None:
        """The regime of ``key = (listed, sigmas)``, built on first use; ``listed``
        says whether ``sigmas`` is a list the solver gave (else a proposal)."""
        if key not in self.regimes:
            try:
                r = Regime(self, key[1], key[0])
            except Exception:          # pragma: no cover - an expression numpy cannot evaluate
                r = None
            self.regimes[key] = r
            if r is not None:
                self.regime_list.append(r)
        return self.regimes[key]

    def process(self, draws: np.ndarray) -> DrawRecords:
        """The records of a chunk of draws (rows: draws, columns: ``names``)."""
        n = len(draws)
        lay = self.layout
        rec = DrawRecords.empty(n, len(lay.sets), len(lay.outcomes))
        todo = np.ones(n, bool)
        cols = [np.ascontiguousarray(draws[:, j], dtype=float) for j in range(len(self.names))]
        for regime in self.regime_list:
            self._apply(regime, cols, todo, rec)
        if self.shortcut and todo.any():
            idx = np.flatnonzero(todo)
            try:
                proposed = self.propose([c[idx] for c in cols], len(idx))
            except Exception:        # pragma: no cover - numpy cannot evaluate the payoffs
                proposed = np.zeros((0, len(lay.sets)), np.int16)
            for row in np.unique(proposed, axis=0):
                key = (False, (tuple(int(a) for a in row),))
                if key not in self.regimes:
                    regime = self.add_regime(key)
                    if regime is not None:
                        self._apply(regime, cols, todo, rec)
        start = 0
        while True:
            left = np.flatnonzero(todo[start:])
            if not len(left):
                break
            j = start + int(left[0])
            start = j
            bkey = draws[j].tobytes()
            got = self.cache.get(bkey)
            if got is not None:
                self.cache.move_to_end(bkey)
                rec.cached += 1
            else:
                got, key = self.exact(draws[j])
                rec.exact += 1
                self.cache[bkey] = got
                if len(self.cache) > CACHE_SIZE:
                    self.cache.popitem(last=False)
                if key is not None and key not in self.regimes:
                    regime = self.add_regime(key)
                    if regime is not None:
                        self._apply(regime, cols, todo, rec)
                        if not todo[j]:        # recorded through its new regime
                            continue
            a, p, o, m = got
            rec.act[j], rec.on_path[j], rec.outcome[j], rec.n_equilibria[j] = a, p, o, m
            todo[j] = False
        return rec


def _pure_index(pr) -> int:
    """The action taken with probability one, or -1 for a mixed choice."""
    for a, p in enumerate(pr):
        if p == 1:
            return a
    return -1


def _exact_joint(probs) -> list:
    """Exact probability of every cell of a table (row-major), from the players' mixes."""
    out = [Fraction(1)]
    for pr in probs:
        out = [x * p for x in out for p in pr]
    return out

