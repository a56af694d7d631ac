"""The best-response pass over a player's information sets (imperfect information).

Weight every node by ``rho_-i(h)``, the probability that chance and the *other*
players reach it; then treat player *i*'s information sets from the deepest (most
own moves above it) to the shallowest, choosing at each the action whose
continuation has the largest ``sum over nodes h of the set of W(child of h)``.
``W`` of a terminal is ``rho_-i * payoff``, of a node of chance or another player
the sum over its children, and of *i*'s own node the ``W`` of the child chosen
there.  With perfect recall the order is well defined and the choices form a best
response in behaviour strategies (Osborne and Rubinstein 1994, ch. 11; von Stengel
1996, sec. 3).  :func:`solver.forms.extensive.behavior.best_response` uses it when some set of the
player has several nodes; :mod:`solver.analysis.beliefs` uses ``W`` with weights
from a belief instead of ``rho_-i``.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from solver.forms.extensive.game import DECISION, TERMINAL

__all__ = ["own_sets_pass"]


def own_sets_pass(game, move, i: int) -> tuple[Any, tuple[int, ...]]:
    """Player i's best-response value (not converted: int, Fraction or float) and his
    action index at each of his information sets, against the move probabilities
    ``move`` (per node, as :func:`solver.forms.extensive.behavior.move_probabilities` gives them).
    Ties go to the first action.

    Exact games are computed with python-flint's C rationals (``fmpq``), several
    times faster than :class:`fractions.Fraction` on the long sums of this pass;
    the value is returned as a Fraction.
    """
    exact = game.exact
    q = fmpq = None
    if exact:
        q, fmpq = _flint_rational()
        move = _flint_rows(move, q)
    sets = game.infosets[i]
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    gid = game.node_infoset.tolist()
    kids = game.child_lists()
    pay = game.path_payoffs
    N = game.n_nodes
    rho = [1] * N          # probability that chance and the others reach h
    depth = [0] * N        # number of the player's own moves above h
    for h in range(1, N):
        p = parent[h]
        own = kind[p] == DECISION and who[p] == i
        rho[h] = rho[p] if own or not rho[p] else rho[p] * move[p][pact[h]]
        depth[h] = depth[p] + own
    offset = sum(len(s) for s in game.infosets[:i])
    chosen: dict[int, int] = {}
    W: dict[int, Any] = {}

    def evaluate(top: int):
        return own_choice_weight(top, W, rho, pay, i, kind, who, gid, kids, chosen,
                                  payoff=q)

    for s in sorted(sets, key=lambda s: -depth[s.nodes[0]]):
        totals = [sum(evaluate(kids[h][a]) for h in s.nodes) for a in range(len(s.actions))]
        best = max(range(len(totals)), key=lambda a: (totals[a], -a))
        chosen[offset + s.index] = best
    value = evaluate(0)
    if fmpq is not None and isinstance(value, fmpq):
        value = Fraction(int(value.p), int(value.q))
    return value, tuple(chosen[offset + s.index] for s in sets)


def _flint_rational():
    """The conversion of a Fraction to a flint rational (ints stay ints: flint mixes them
    natively), and flint's rational type.  python-flint is imported here, by the first
    exact tree only."""
    from flint import fmpq

    def q(x):
        return fmpq(x.numerator, x.denominator) if isinstance(x, Fraction) else x
    return q, fmpq


def _flint_rows(move, q):
    """The per-node probability tuples with Fractions turned into flint rationals
    (tuples shared between nodes are converted once)."""
    memo: dict = {}
    out = []
    for row in move:
        if row is None:
            out.append(None)
            continue
        conv = memo.get(id(row))
        if conv is None:
            conv = memo[id(row)] = tuple(q(x) for x in row)
        out.append(conv)
    return out


def own_choice_weight(top: int, W: dict, rho, pay, i: int, kind, who, gid, kids,
                      chosen: dict, payoff=None) -> Any:
    """``W(top)`` of the best-response pass (see the module docstring), memoised in ``W``.

    ``W`` of a terminal is ``rho * payoff of i``; of player i's own node, the ``W`` of
    the child that ``chosen`` (global information-set id -> action index) picks; of
    any other node, the sum over its children.  Iterative post-order, so deep trees
    do not hit Python's recursion limit.  ``payoff``, if given, converts a terminal's
    payoff to the arithmetic of ``rho`` (e.g. to flint rationals).
    """
    stack = [top]
    while stack:
        v = stack[-1]
        if v in W:
            stack.pop()
            continue
        if kind[v] == TERMINAL:
            u = pay[v][i]
            W[v] = rho[v] * (payoff(u) if payoff else u) if rho[v] else 0
            stack.pop()
            continue
        nxt = [kids[v][chosen[gid[v]]]] if kind[v] == DECISION and who[v] == i else kids[v]
        pending = [c for c in nxt if c not in W]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        W[v] = sum(W[c] for c in nxt)
    return W[top]
