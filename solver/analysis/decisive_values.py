"""The symbolic values behind an equilibrium's choices, and their comparisons.

For :mod:`solver.analysis.decisive`.  In a table, the value of each of a player's
pure strategies is his expected payoff against the others' equilibrium mix, with
the payoffs of the parametric game (the best response condition; for a mixed
equilibrium also the indifference equations, Gibbons 1992, *Game Theory for
Applied Economists*, sec. 1.3.A).  In a tree, the value of an action at an
information set is the expected payoff of the play that follows it under the
profile, written with the parametric game's payoffs and chance probabilities and
averaged with the mover's beliefs (Bayes' rule, symbolic); the deviations to the
best alternatives are followed to a given depth (the threats and promises of
Gibbons 1992, sec. 2.1-2.2).
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from solver.analysis.comparisons import Comparison, evaluate, expression_text
from solver.forms.extensive.behavior import move_probabilities
from solver.forms.extensive.game import CHANCE, DECISION, TERMINAL
from solver.numbers import format_number, is_sympy

__all__ = ["normal_comparisons", "tree_comparisons"]


def _tidy(expr: Any, max_ops: int = 40) -> Any:
    """The shortest of an expression, its expansion (``(1 - pi)*u + pi*u`` becomes ``u``)
    and, with fractions, its cancelled form; only for expressions small enough to do
    this cheaply."""
    if not is_sympy(expr) or not expr.free_symbols:
        return expr
    import sympy

    if sympy.count_ops(expr) > max_ops:
        return expr
    forms = [expr, sympy.expand(expr)]
    if any(a.is_Pow and a.exp < 0 for a in sympy.preorder_traversal(expr)):
        forms.append(sympy.factor(sympy.cancel(expr)))     # beliefs: ratios of reaches
    return min(forms, key=lambda e: len(expression_text(e)))


class _Values:
    """The arithmetic of the values: sympy for a parametric game, plain numbers
    (Fractions or floats) for a concrete one, which then never imports sympy."""

    def __init__(self, pg):
        self.sympy = None
        if getattr(pg, "parametric", False):
            import sympy
            self.sympy = sympy
        self.one = Fraction(1) if self.sympy is None else self.sympy.Integer(1)

    def lift(self, x: Any) -> Any:
        """A number or expression in this arithmetic (exact for Fractions)."""
        sympy = self.sympy
        if sympy is None or isinstance(x, sympy.Basic):
            return x
        if isinstance(x, Fraction):
            return sympy.Rational(x.numerator, x.denominator)
        return sympy.sympify(x)

    def add(self, terms) -> Any:
        """The sum of the terms (sympy keeps it unevaluated in its own order)."""
        terms = list(terms)
        if self.sympy is not None:
            return self.sympy.Add(*terms)
        return sum(terms[1:], terms[0]) if terms else Fraction(0)


def _best_alternatives(values: list, used: list[int]) -> list[int]:
    """The unused options tied at the best unused value."""
    rest = [a for a in range(len(values)) if a not in used]
    if not rest:
        return []
    top = max(values[a] for a in rest)
    return [a for a in rest if values[a] == top]


def _comparisons_at(player, at, labels, exprs, values, used, on_path, context):
    """The comparisons of one decision: indifference among the used options, then the
    first used option against each best alternative."""
    a0 = used[0]
    out = [Comparison(player, at, labels[a0], labels[b], exprs[a0], exprs[b], values[a0],
                      values[b], on_path, context, "indifference") for b in used[1:]]
    out += [Comparison(player, at, labels[a0], labels[b], exprs[a0], exprs[b], values[a0],
                       values[b], on_path, context) for b in _best_alternatives(values, used)]
    return out


# ---------------------------------------------------------------------- normal form
def normal_comparisons(game, pg, eq, subs) -> tuple[Comparison, ...]:
    """Each player's comparisons in a table: the value of each of his strategies
    against the others' equilibrium mix, symbolically (``pg``'s payoffs), with the
    strategy he uses against his best deviation and the other strategies he uses."""
    T = pg.payoff_tensor
    probs = eq.probabilities
    v = _Values(pg)
    out = []
    for i, name in enumerate(game.players):
        others = [j for j in range(game.n_players) if j != i]
        supports = [[k for k, p in enumerate(probs[j]) if p] for j in others]
        exprs = []
        for k in range(game.shape[i]):
            terms = []
            for prof in itertools.product(*supports):
                cell = list(prof)
                cell.insert(i, k)
                w = 1
                for j, kj in zip(others, prof):
                    w = w * probs[j][kj]
                terms.append(v.lift(w) * v.lift(T[(i, *cell)]))
            exprs.append(_tidy(v.add(terms)))
        values = [evaluate(e, subs) for e in exprs]
        used = [k for k, p in enumerate(probs[i]) if p]
        context = "against " + "; ".join(
            f"{game.players[j]}'s " + _mix_text(game.strategies[j], probs[j]) for j in others)
        out += _comparisons_at(name, "the table", game.strategies[i], exprs, values, used,
                              True, context)
    return tuple(out)


def _mix_text(labels, probs) -> str:
    played = [(l, p) for l, p in zip(labels, probs) if p]
    if len(played) == 1:
        return played[0][0]
    return "mix " + ", ".join(f"{format_number(p)} {l}" for l, p in played)


# ---------------------------------------------------------------------- trees
def tree_comparisons(game, pg, eq, subs, depth: int) -> tuple[Comparison, ...]:
    """The comparisons at the information sets play reaches, then (to ``depth``
    deviations) at those that the best alternatives lead to; values are symbolic
    expected payoffs under the profile, weighted by symbolic Bayes beliefs."""
    move = move_probabilities(game, eq.profile)
    kind = game.node_kind.tolist()
    kids = game.child_lists()
    gid = game.node_infoset.tolist()
    memo: dict[int, tuple] = {}
    v = _Values(pg)

    def prob(h, a):
        return v.lift(pg.chance_probabilities(h)[a] if kind[h] == CHANCE else move[h][a])

    def value(h: int) -> tuple:
        """Symbolic expected payoffs of node h when everyone follows the profile below it."""
        if h in memo:
            return memo[h]
        order, stack = [], [h]
        while stack:                      # children first, without deep recursion
            n = stack.pop()
            if n in memo:
                continue
            order.append(n)
            if kind[n] != TERMINAL:
                stack.extend(k for a, k in enumerate(kids[n]) if move[n][a] and k not in memo)
        for n in reversed(order):
            if kind[n] == TERMINAL:
                memo[n] = tuple(v.lift(x) for x in pg.payoffs(n))
            else:
                terms = [[prob(n, a) * x for x in memo[k]]
                         for a, k in enumerate(kids[n]) if move[n][a]]
                memo[n] = tuple(v.add(col) for col in zip(*terms))
        return memo[h]

    def label(g: int) -> str:
        s = game.infoset(g)
        h = s.nodes[0]
        return s.label or game.label(h) or ("after " + ", ".join(game.path(h)) if
                                           game.path(h) else "the start")

    out: list[Comparison] = []
    seen: set = set()

    def walk(starts: dict, on_path: bool, context: str, left: int) -> None:
        groups: dict[int, dict[int, Any]] = {}
        stack = list(reversed(list(starts.items())))
        while stack:                      # pre-order, along moves with positive probability
            h, r = stack.pop()
            if kind[h] == TERMINAL:
                continue
            if kind[h] == DECISION:
                groups.setdefault(gid[h], {})[h] = r
            stack.extend((kids[h][a], r * prob(h, a))
                         for a in reversed(range(len(kids[h]))) if move[h][a])
        deviations = []
        for g, reach in groups.items():
            s = game.infoset(g)
            total = v.add(reach.values())
            belief = {h: (1 if len(reach) == 1 else r / total) for h, r in reach.items()}
            exprs = [_tidy(v.add(b * value(kids[h][a])[s.player]
                                 for h, b in belief.items()))
                     for a in range(len(s.actions))]
            values = [evaluate(e, subs) for e in exprs]
            h0 = s.nodes[0]
            used = [a for a, p in enumerate(move[h0]) if p]
            found = _comparisons_at(game.players[s.player], label(g), s.actions, exprs, values,
                                    used, on_path, context)
            for c in found:
                key = (g, c.chosen, c.alternative)
                if key not in seen:
                    seen.add(key)
                    out.append(c)
            if left > 0:
                for b in _best_alternatives(values, used):
                    where = f"if {game.players[s.player]} chose {s.actions[b]} at {label(g)}"
                    deviations.append(({kids[h][b]: r for h, r in reach.items()}, where))
        for new_starts, where in deviations:
            walk(new_starts, False, where, left - 1)

    walk({game.root: v.one}, True, "", depth)
    return tuple(out)
