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

from ..errors import InvalidGameError, SolverError
from ..numbers import sympify_number
from . import parametric
from .parametric import (_DECISION, _TERMINAL, Threshold, _at, _at_label, _between,
                         _out_number, _roots, _solve, _TooHard)

__all__ = ["tree_thresholds"]


def _tree_choices(game, solution) -> tuple[dict[int, int], dict[int, str]]:
    """Per decision node: the index of the action taken in the first equilibrium,
    and the text of the mover's optimal actions there (``"DV / Enhanced"`` on a tie)."""
    eq = solution.equilibria[0]
    out, shown = {}, {}
    kind = game.node_kind.tolist()
    for h in range(game.n_nodes):
        if kind[h] == _DECISION:
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
        if kind[h] == _TERMINAL:
            val[h] = tuple(sympify_number(x) for x in g1.payoffs(h))
        elif kind[h] == _DECISION:
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
                rts = _roots(val[k][i] - mine, t, lo, hi, include_hi=include_hi)
                if rts is None:
                    raise _TooHard(f"the values at node {g1.node_name(h)} are not rational "
                                   f"functions of {t}")
                found.update(rts)
    return sorted(found, key=lambda r: sympy.N(r, 40))


def _regime_right_of(g1, t, x, bound, method, options):
    """The choices that hold on an interval just right of ``x`` (and a point in it)."""
    q = _between(x, bound)
    for _ in range(80):
        sol = _solve(_at(g1, str(t), q), method, options)
        choice, shown = _tree_choices(g1, sol)
        inside = _tree_candidates(g1, choice, t, x, q)
        if not inside:
            return choice, shown, q
        q = _between(x, inside[0])
    raise SolverError(f"thresholds: could not find the choices just right of {t} = {x}")


def tree_thresholds(g1, t, lo, hi, method, options):
    """Thresholds of a tree of perfect information with one free symbol ``t``, swept
    from ``lo`` to ``hi`` regime by regime; ``(records, notes)``.

    Raises ``_TooHard`` when the tree is too large or a value difference is not a
    rational function of ``t`` (the caller then uses the grid).
    """
    n_dec = int((g1.node_kind == _DECISION).sum())
    limit = parametric.SYMBOLIC_MAX_NODES
    if n_dec > limit:
        raise _TooHard(f"{n_dec} decision nodes, more than SYMBOLIC_MAX_NODES={limit}")
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
        _, below = _tree_choices(g1, _solve(_at(g1, str(t), _between(q, r)), method, options))
        bound = cands[1] if len(cands) > 1 else hi
        try:
            choice_after, after, q_after = _regime_right_of(g1, t, r, bound, method, options)
        except InvalidGameError as exc:     # pragma: no cover - a value outside the game's domain
            notes.append(f"could not check {t} = {r} from above: {exc}")
            break
        flipped = sorted((h for h in below if below[h] != after[h]), key=lambda h: -depth[h])
        for h in flipped:
            recs.append(Threshold(_out_number(r), g1.players[int(g1.node_player[h])],
                                  _at_label(g1, h), below[h], after[h]))
        cur, choice, q = r, choice_after, q_after
    return recs, notes
