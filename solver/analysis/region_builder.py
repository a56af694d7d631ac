"""The state of one region map: the game solved point by point, each point's outcome,
and the candidate curves read from the comparisons of every regime met
(:mod:`solver.analysis.region`)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy

from solver.analysis.comparisons import expression_text
from solver.analysis.decisive import decisive_comparisons
from solver.analysis.parameter_points import node_label, solve_at
from solver.analysis.path import path_moves
from solver.analysis.region_curves import Curve, centres, curves_of, evaluate_float, pieces
from solver.analysis.region_text import short_expression
from solver.errors import SolverLimitError
from solver.numbers import sympify_number

__all__ = ["Point", "Builder"]


@dataclass
class Point:
    """A solved point: its solution, its outcome (``signature``) and its choices at every
    information set (``regime``)."""

    solution: Any
    signature: tuple
    regime: tuple


class Builder:
    """The state of one map: solutions by point, candidate curves, cells."""

    def __init__(self, game, names, ranges, fixed, current, method, options, outcome,
                 grid, resolution, depth):
        self.game = game
        self.names = names
        self.ranges = ranges
        self.fixed = fixed
        self.current = current
        self.method = method
        self.options = options
        self.outcome = outcome
        self.sa, self.sb = sympy.Symbol(names[0]), sympy.Symbol(names[1])
        self.g2 = game.substitute(dict(fixed)) if fixed else game
        self.fixed_subs = {sympy.Symbol(k): sympify_number(v) for k, v in fixed.items()}
        self.points: dict = {}
        self.curves: dict = {}
        self.regimes: set = set()
        self.not_polynomial: list[str] = []
        self.limit_note: str | None = None
        self.depth = depth
        (la, ha), (lb, hb) = ranges
        self.fine_a, self.fine_b = centres(la, ha, resolution), centres(lb, hb, resolution)
        self.X, self.Y = np.meshgrid([float(x) for x in self.fine_a],
                                     [float(y) for y in self.fine_b])
        self.coarse_a, self.coarse_b = centres(la, ha, grid), centres(lb, hb, grid)
        self.float_values: dict = {}

    # ------------------------------------------------------------ solving
    def solve(self, pa, pb) -> Point:
        key = (pa, pb)
        if key in self.points:
            return self.points[key]
        concrete = self.g2.substitute({self.names[0]: pa, self.names[1]: pb})
        sol = solve_at(concrete, self.method, self.options)
        values = {**self.game.parameters, **dict(self.fixed), self.names[0]: pa,
                  self.names[1]: pb}
        values = {k: values[k] for k in sorted(self.game.symbols)}
        sol = replace(sol, extra={**dict(sol.extra), "parametric_game": self.game,
                                  "parameter_values": values})
        pt = Point(sol, self._signature(sol, self.outcome), self._signature(sol, "choices"))
        self.points[key] = pt
        return pt

    def _signature(self, sol, outcome) -> tuple:
        game = sol.game
        per_eq = []
        for k, eq in enumerate(sol.equilibria):
            if game.form == "normal":
                per_eq.append(tuple((p, "the table", "+".join(sup))
                                    for p, sup in zip(game.players, eq.support)))
            elif outcome == "path":
                per_eq.append(tuple((m.player, m.at, "+".join(m.probabilities))
                                    for m in path_moves(sol, equilibrium=k)))
            else:
                items = []
                for i, sets in enumerate(game.infosets):
                    for s in sets:
                        probs = eq.profile.probabilities[i][s.index]
                        items.append((game.players[i], s.label or node_label(game, s.nodes[0]),
                                      "+".join(a for a, p in zip(s.actions, probs) if p > 0)))
                per_eq.append(tuple(items))
        return tuple(sorted(set(per_eq)))

    # ------------------------------------------------------------ curves
    def learn(self, pt: Point) -> None:
        """Add the candidate curves of a point's comparisons (once per regime)."""
        if pt.regime in self.regimes:
            return
        self.regimes.add(pt.regime)
        sol = pt.solution
        if sol.game.form == "normal":
            self._learn_table(sol)
            return
        for k in range(len(sol.equilibria)):
            try:
                comparisons = decisive_comparisons(sol, self.game, equilibrium=k,
                                                   depth=self.depth)
            except SolverLimitError as exc:
                self.limit_note = str(exc)
                return
            for c in comparisons:
                diff = (sympy.sympify(c.chosen_expression)
                        - sympy.sympify(c.alternative_expression)).subs(self.fixed_subs)
                where = "" if c.at == c.player else f" at {c.at}"
                sides = sorted([(c.chosen, short_expression(c.chosen_expression)),
                                (c.alternative, short_expression(c.alternative_expression))])
                context = "" if c.on_path or not c.context else f" ({c.context})"
                text = (f"{c.player}{where}{context} is indifferent between {sides[0][0]} "
                        f"({sides[0][1]}) and {sides[1][0]} ({sides[1][1]})")
                self._add(diff, text, (c.player, c.at, tuple(sides)), c.on_path)

    def _learn_table(self, sol) -> None:
        game = self.g2
        tensor = game.payoff_tensor
        count = 0
        for i, name in enumerate(game.players):
            T = np.moveaxis(tensor[i], i, 0)
            others = [game.strategies[j] for j in range(game.n_players) if j != i]
            for s, s2 in itertools.combinations(range(T.shape[0]), 2):
                for o, (x, y) in zip(itertools.product(*others), zip(T[s].flat, T[s2].flat)):
                    count += 1
                    if count > 20000:
                        break
                    against = ", ".join(o)
                    text = (f"{name} is indifferent between {game.strategies[i][s]} and "
                            f"{game.strategies[i][s2]} against {against}")
                    self._add(sympify_number(x) - sympify_number(y), text)
        if game.n_players == 2:
            for eq in sol.equilibria:
                sup = tuple(tuple(k for k, p in enumerate(pr) if p > 0)
                            for pr in eq.probabilities)
                if all(len(x) == 1 for x in sup):
                    continue
                self._learn_mixed(tensor, sup)

    def _learn_mixed(self, tensor, sup) -> None:
        """Where the mixed equilibrium on support ``sup`` appears or disappears: its
        probabilities (rational functions of the levers, from the indifference
        equations) reach 0, or an unused strategy becomes as good."""
        game = self.g2
        for i in range(2):
            j = 1 - i
            M = tensor[i] if i == 0 else tensor[i].T
            y = sympy.symbols(f"y0:{len(sup[j])}", cls=sympy.Dummy)
            v = sympy.Dummy("v")
            eqs = [sum(sympify_number(M[r, c]) * y[k] for k, c in enumerate(sup[j])) - v
                   for r in sup[i]]
            eqs.append(sum(y) - 1)
            sols = sympy.solve(eqs, list(y) + [v], dict=True)
            if len(sols) != 1 or any(s not in sols[0] for s in list(y) + [v]):
                continue
            sol = sols[0]
            mix = ", ".join(game.strategies[j][c] for c in sup[j])
            cause = (f"the mixed equilibrium in which {game.players[j]} mixes {mix} appears "
                     f"or disappears")
            for k in range(len(sup[j])):
                self._add(sol[y[k]], cause)
            for r in range(M.shape[0]):
                if r not in sup[i]:
                    self._add(sum(sympify_number(M[r, c]) * sol[y[k]]
                                  for k, c in enumerate(sup[j])) - sol[v], cause)

    def _add(self, diff, cause: str, key=None, on_path: bool = True) -> None:
        diff = sympy.sympify(diff)
        polys = self._polys(diff)
        if polys is None and diff.atoms(sympy.Function):
            # a game may keep its own max/min functions (unevaluated until numbers come);
            # they print as sympy's and read back as sympy's
            names = {str(x): x for x in diff.free_symbols}
            try:
                polys = self._polys(sympy.parse_expr(sympy.sstr(diff), local_dict=names))
            except (SyntaxError, TypeError, ValueError, sympy.SympifyError):
                polys = None
        if polys is None:
            text = expression_text(diff)
            if text not in self.not_polynomial:
                self.not_polynomial.append(text)
            return
        which = cause if key is None else key
        for p in polys:
            curve = self.curves.get(p.as_expr())
            if curve is None:
                curve = self.curves[p.as_expr()] = Curve(p)
            if which not in curve.causes or (on_path and not curve.causes[which][1]):
                curve.causes[which] = (cause, on_path)

    def _polys(self, diff):
        """The candidate curves of one comparison, or None when it is not piecewise
        rational in the levers."""
        split = pieces(diff)
        if split is None:
            return None
        polys = []
        for part in split:
            found = curves_of(part, self.sa, self.sb)
            if found is None:
                return None
            polys += found
        return polys

    def values(self, curve):
        if curve.expr not in self.float_values:
            self.float_values[curve.expr] = evaluate_float(curve.expr, self.sa, self.sb,
                                                            self.X, self.Y)
        return self.float_values[curve.expr]

    def positive(self, curve):
        """Where a curve is positive on the evaluation grid (points within rounding of
        it count as not positive)."""
        v = self.values(curve)
        tol = 1e-12 * (1 + float(np.nanmax(np.abs(v))))
        return v > tol

    def relevant(self) -> list[Curve]:
        out = []
        for c in self.curves.values():
            v = self.values(c)
            if np.nanmin(v) < 0 < np.nanmax(v):
                out.append(c)
        return sorted(out, key=lambda c: str(c.expr))
