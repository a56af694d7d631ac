"""Thresholds of trees of perfect information, by symbolic backward induction.

Solve at a point and keep the equilibrium's choice at every decision node (a
*regime*).  With the parameter *t* kept as a sympy symbol, the continuation value
of every action at every node under that regime is a rational function of *t*;
the regime stays subgame perfect until some difference ``value(alternative) -
value(chosen)`` of a mover changes sign, so the candidate thresholds are the real
roots (and poles) of these differences.  The smallest is checked by solving just
below and just above it; every choice that really changes there is recorded, and
the sweep goes on from there with the new regime.  This is the comparative statics
of backward induction (Osborne and Rubinstein 1994, sec. 6.2).

Used by :func:`solver.analysis.parametric.thresholds`.
"""
from __future__ import annotations

from typing import Any

import sympy

from solver.analysis.exact_roots import SymbolicLimit, exact_or_float, rational_between, real_roots
from solver.analysis.parameter_points import at_value, node_label, solve_at
from solver.analysis.threshold_records import Threshold
from solver.errors import InvalidGameError, SolverError
from solver.forms.extensive.nodes import DECISION, TERMINAL
from solver.numbers import sympify_number

#: Symbolic backward induction is used for trees with at most this many decision
#: nodes (and value differences of at most
#: :data:`~solver.analysis.exact_roots.SYMBOLIC_MAX_DEGREE`); others go to the grid.
SYMBOLIC_MAX_NODES = 2000

__all__ = ["tree_thresholds"]


def _tree_choices(game, solution) -> tuple[dict[int, int], dict[int, str]]:
    """Per decision node: the index of the action taken in the first equilibrium,
    and the text of the mover's optimal actions there (``"DV / Enhanced"`` on a tie)."""
    eq = solution.equilibria[0]
    out, shown = {}, {}
    kind = game.node_kind.tolist()
    for h in range(game.n_nodes):
        if kind[h] == DECISION:
            s = game.infoset(int(game.node_infoset[h]))
            pr = eq.profile.probabilities[s.player][s.index]
            out[h] = max(range(len(pr)), key=lambda a: pr[a])
            shown[h] = game.actions(h)[out[h]]
    for step in solution.trace:
        if getattr(step, "node", None) in out and len(getattr(step, "chosen", ())) > 1:
            acts = game.actions(step.node)
            shown[step.node] = " / ".join(a for a in acts if a in step.chosen)
    return out, shown


def _symbolic_values(g1, choice):
    """Per node, the payoff vector (sympy) that follows it under the choices ``choice``."""
    kind = g1.node_kind.tolist()
    kids = g1.child_lists()
    val: list[Any] = [None] * g1.n_nodes
    for h in range(g1.n_nodes - 1, -1, -1):
        if kind[h] == TERMINAL:
            val[h] = tuple(sympify_number(x) for x in g1.payoffs(h))
        elif kind[h] == DECISION:
            val[h] = val[kids[h][choice[h]]]
        else:
            probs = [sympify_number(p) for p in g1.chance_probabilities(h)]
            val[h] = tuple(sympy.expand(sum(p * val[c][i] for p, c in zip(probs, kids[h])))
                           for i in range(g1.n_players))
    return val


def _tree_candidates(g1, choice, t, lo, hi, include_hi=True):
    """Roots (and poles) in (lo, hi] of every mover's value differences under ``choice``."""
    val = _symbolic_values(g1, choice)
    kids = g1.child_lists()
    who = g1.node_player.tolist()
    found = set()
    for h, c in choice.items():
        i = who[h]
        mine = val[kids[h][c]][i]
        for a, k in enumerate(kids[h]):
            if a != c:
                rts = real_roots(val[k][i] - mine, t, lo, hi, include_hi=include_hi)
                if rts is None:
                    raise SymbolicLimit(f"the values at node {g1.node_name(h)} are not rational "
                                   f"functions of {t}")
                found.update(rts)
    return sorted(found, key=lambda r: sympy.N(r, 40))


def _regime_right_of(g1, t, x, bound, method, options):
    """The choices that hold on an interval just right of ``x`` (and a point in it)."""
    q = rational_between(x, bound)
    for _ in range(80):
        sol = solve_at(at_value(g1, str(t), q), method, options)
        choice, shown = _tree_choices(g1, sol)
        inside = _tree_candidates(g1, choice, t, x, q)
        if not inside:
            return choice, shown, q
        q = rational_between(x, inside[0])
    raise SolverError(f"thresholds: could not find the choices just right of {t} = {x}")


def tree_thresholds(g1, t, lo, hi, method, options):
    """Thresholds of a tree of perfect information with one free symbol ``t``, swept
    from ``lo`` to ``hi`` regime by regime; ``(records, notes)``.

    Raises ``SymbolicLimit`` when the tree is too large or a value difference is not a
    rational function of ``t`` (the caller then uses the grid).
    """
    n_dec = int((g1.node_kind == DECISION).sum())
    limit = SYMBOLIC_MAX_NODES
    if n_dec > limit:
        raise SymbolicLimit(f"{n_dec} decision nodes, more than SYMBOLIC_MAX_NODES={limit}")
    depth = {}
    par = g1.node_parent.tolist()
    for h in range(g1.n_nodes):
        depth[h] = depth[par[h]] + 1 if h else 0
    choice, _, q = _regime_right_of(g1, t, lo, hi, method, options)
    cur = lo
    recs: list[Threshold] = []
    notes: list[str] = []
    for _ in range(10_000):
        cands = _tree_candidates(g1, choice, t, cur, hi, include_hi=False)
        if not cands:
            break
        r = cands[0]
        _, below = _tree_choices(g1, solve_at(at_value(g1, str(t), rational_between(q, r)), method, options))
        bound = cands[1] if len(cands) > 1 else hi
        try:
            choice_after, after, q_after = _regime_right_of(g1, t, r, bound, method, options)
        except InvalidGameError as exc:     # pragma: no cover - a value outside the game's domain
            notes.append(f"could not check {t} = {r} from above: {exc}")
            break
        flipped = sorted((h for h in below if below[h] != after[h]), key=lambda h: -depth[h])
        for h in flipped:
            recs.append(Threshold(exact_or_float(r), g1.players[int(g1.node_player[h])],
                                  node_label(g1, h), below[h], after[h]))
        cur, choice, q = r, choice_after, q_after
    return recs, notes
