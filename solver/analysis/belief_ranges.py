"""Beliefs that support the play at an unreached information set of two nodes.

Off the path Bayes' rule fixes no belief, so a (weak) perfect Bayesian
equilibrium only asks for *some* belief under which the mover's continuation is
optimal (Gibbons 1992, *Game Theory for Applied Economists*, sec. 4.1).  At a set of two nodes the expected value of each of
the mover's pure continuation plans is linear in the belief *mu* on the first
node, so the beliefs under which the played continuation is as good as every plan
form an interval, intersected exactly over the plans.  When the interval is empty
the belief with the smallest largest gain from deviating is returned instead (a
kink of the upper envelope of the lines).

Used by :func:`solver.analysis.beliefs.perfect_bayesian`.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solver.forms.extensive.game import DECISION, TERMINAL

__all__ = ["BeliefRange", "two_node_range"]


@dataclass(frozen=True)
class BeliefRange:
    """The beliefs on an unreached two-node set that support the play:
    the probability of ``node`` lies in ``[low, high]`` (the other node has the rest)."""

    infoset: int
    node: int
    low: Any
    high: Any


def _continuation_plans(game, g, limit):
    """Pure continuation plans of the mover from set g: dicts {set: action}; None past limit."""
    i = game.infoset(g).player
    kind, who = game.node_kind.tolist(), game.node_player.tolist()
    gid, parent, pact = game.node_infoset.tolist(), game.node_parent.tolist(), \
        game.node_parent_action.tolist()
    below: dict = {}
    for s in game.infosets[i]:
        h = s.nodes[0]
        while parent[h] >= 0:
            p = parent[h]
            if kind[p] == DECISION and who[p] == i:
                below.setdefault((gid[p], pact[h]), []).append(gid[s.nodes[0]])
                break
            h = p
    def expand(t):
        out = []
        for a in range(len(game.infoset(t).actions)):
            alts = [{t: a}]
            for u in below.get((t, a), ()):
                alts = [{**x, **y} for x in alts for y in expand(u)]
                if len(alts) > limit:
                    raise OverflowError
            out.extend(alts)
        return out

    try:
        plans = expand(g)
    except OverflowError:
        return None
    return plans if len(plans) <= limit else None


def _plan_value(ctx, h, i, plan):
    """Mover i's expected payoff from node h when he follows ``plan`` and the others the profile."""
    kind, gid, kids, move = ctx.kind, ctx.gid, ctx.kids, ctx.move
    pay = ctx.game.path_payoffs
    total, stack = 0, [(h, 1)]
    while stack:
        v, p = stack.pop()
        if kind[v] == TERMINAL:
            total += p * pay[v][i]
        elif kind[v] == DECISION and gid[v] in plan:
            stack.append((kids[v][plan[gid[v]]], p))
        else:
            for q, c in zip(move[v], kids[v]):
                if q:
                    stack.append((c, p * q))
    return total


def two_node_range(ctx, g, limit):
    """Beliefs on the first node of a two-node set that support the play.

    ``ctx`` is the checking context of :mod:`solver.analysis.beliefs` (the profile's
    move probabilities and node values).  Returns ``(BeliefRange, None)``; or ``(None, mu)`` with the belief ``mu`` on the
    first node at which the mover's gain from deviating is smallest, when no belief
    supports the play; or None when he has more than ``limit`` continuation plans.
    """
    s = ctx.game.infoset(g)
    i, (h1, h2) = s.player, s.nodes
    plans = _continuation_plans(ctx.game, g, limit)
    if plans is None:
        return None
    a0, b0 = Fraction(ctx.V[h1][i]), Fraction(ctx.V[h2][i])
    lines = []    # gain of each plan over the play, as (gain at mu=1, gain at mu=0)
    low, high = Fraction(0), Fraction(1)
    for plan in plans:
        d1 = Fraction(_plan_value(ctx, h1, i, plan)) - a0
        d0 = Fraction(_plan_value(ctx, h2, i, plan)) - b0
        lines.append((d1, d0))
        # the gain mu*d1 + (1-mu)*d0 must be <= 0
        slope = d1 - d0
        if slope > 0:
            high = min(high, -d0 / slope)
        elif slope < 0:
            low = max(low, -d0 / slope)
        elif d0 > 0:
            low, high = Fraction(1), Fraction(0)
    if low <= high:
        return BeliefRange(g, h1, low, high), None
    # no supporting belief: the smallest worst gain is at a kink of the upper envelope
    cands = {Fraction(0), Fraction(1)}
    if len(lines) <= 60:
        for (p1, p0), (q1, q0) in itertools.combinations(lines, 2):
            den = (p1 - p0) - (q1 - q0)
            if den:
                mu = (q0 - p0) / den
                if 0 <= mu <= 1:
                    cands.add(mu)
    best = min(sorted(cands), key=lambda mu: max(mu * d1 + (1 - mu) * d0 for d1, d0 in lines))
    return None, best
