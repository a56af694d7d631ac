"""Completion of sequence-form equilibria at the sets the players' own plans exclude.

The convention is the one of :mod:`solver.forms.extensive.completion` ("own moves
tremble"): at an information set that its mover's own plan excludes, he takes the first
action that is optimal given the other player's behaviour and his own later choices
(completed first, deepest first), with the belief of Bayes' rule given chance and the
other player, or, where those never reach the set, the limit belief of the fewest
trembles.  :func:`~solver.forms.extensive.completion.completion` computes it on any
profile, node by node with fractions; this module computes the *same* choices from a
pair of exact realisation plans, far faster on large two-player trees:

* At an excluded set that the other player and chance reach (``rho(I) > 0``), the
  belief weighs each node by its reach ``rho(h)``, which is the other's plan at the
  node's sequence times chance; weighting the continuation values by ``rho(h)``
  instead of ``rho(h) / rho(I)`` changes no comparison, so the choice is the
  best-response choice of the sequence-form pass that certifies the plans
  (:func:`solver.algorithms.sequence_certificate.certify_plans`).  It does not depend
  on what the other does at the sets *his* plan excludes: reaching those from such a
  node takes one of his moves of probability 0.
* At the remaining sets (``rho(I) = 0``: only a tremble of the other player or of
  chance leads there) the beliefs and continuation values are computed node by node
  as the completion module does, on the subtrees of those sets only, and the rounds
  over the players are repeated as there until a round changes nothing, since these
  choices do depend on the other's completed choices.

Both kinds of set are processed in the completion module's order (deepest own depth
first, then by set id), so the result is the profile it would return.
"""
from __future__ import annotations

from fractions import Fraction

from solver.forms.extensive.game import DECISION, TERMINAL

__all__ = ["complete_plans"]

ZERO, ONE = Fraction(0), Fraction(1)


def _tremble_belief(game, nodes, flat, i, kind, who, gid, parent, pact):
    """The completion module's belief at nodes of player i's set, up to a positive
    factor: per node, the number ``k`` of zero-probability moves of chance and the
    other player on its path and the product ``q`` of their positive probabilities;
    the nodes of least ``k``, weighted by ``q`` (not divided by the total: the choice
    compares expected values under the belief, and a positive factor changes no
    comparison)."""
    kq = {}
    for h in nodes:
        # q's numerator and denominator multiplied separately: one gcd per node
        k, qn, qd, c = 0, 1, 1, h
        while parent[c] >= 0:
            p = parent[c]
            if not (kind[p] == DECISION and who[p] == i):
                x = (flat[gid[p]] if kind[p] == DECISION else game.chance_probabilities(p))[pact[c]]
                if x:
                    if x != 1:
                        qn *= x.numerator
                        qd *= x.denominator
                else:
                    k += 1
            c = p
        kq[h] = (k, Fraction(qn, qd))
    kmin = min(k for k, _ in kq.values())
    return {h: q for h, (k, q) in kq.items() if k == kmin}


def _value(game, top, flat, i, kind, gid, kids, memo):
    """Player i's expected payoff from node ``top`` on, following ``flat`` (moves of
    probability 0 ignored), memoised; iterative post-order."""
    stack = [(top, False)]
    while stack:
        h, done = stack.pop()
        if h in memo:
            continue
        if kind[h] == TERMINAL:
            memo[h] = Fraction(game.payoffs(h)[i])
            continue
        probs = flat[gid[h]] if kind[h] == DECISION else game.chance_probabilities(h)
        live = [(x, c) for x, c in zip(probs, kids[h]) if x]
        if not done:
            stack.append((h, True))
            stack.extend((c, False) for _, c in live if c not in memo)
            continue
        memo[h] = sum((x * memo[c] for x, c in live), Fraction(0))
    return memo[top]


def complete_plans(sf, plans, choices, flat, *, max_rounds: int = 20) -> bool:
    """Complete ``flat`` (behaviour by global set id, a list, changed in place) at the
    sets the players' own plans exclude.

    Parameters
    ----------
    sf : SequenceForm
    plans : pair of IntegerPlan
        The (normalised) realisation plans the behaviour was read from.
    choices : pair of lists
        Per player and set, the first optimal action of his sequence-form best
        response to the other's plan.
    flat : list of tuples
        The behaviour, with any filler at the excluded sets.
    max_rounds : int
        As in :func:`solver.forms.extensive.completion.completion`.

    Returns
    -------
    bool
        Whether the rounds settled (see the completion module).
    """
    game = sf.game
    kind = game.node_kind.tolist()
    who = game.node_player.tolist()
    gid = game.node_infoset.tolist()
    parent = game.node_parent.tolist()
    pact = game.node_parent_action.tolist()
    kids = game.child_lists()
    alive = sf.node_chance.tolist()
    base = [0, len(game.infosets[0])]
    todo: dict[int, list[int]] = {}
    reached_by_others: dict[int, bool] = {}
    for i in range(2):
        X, Y = plans[i].numerators, plans[1 - i].numerators
        other = sf.node_sequences[1 - i].tolist()
        par = sf.parent_sequence[i].tolist()
        sets = [k for k in range(len(game.infosets[i])) if X[par[k]] == 0]
        if not sets:
            continue
        depth = {}
        for k in sets:
            s = game.infosets[i][k]
            h, d = s.nodes[0], 0
            while parent[h] >= 0:
                p = parent[h]
                d += kind[p] == DECISION and who[p] == i
                h = p
            depth[k] = d
            reached_by_others[base[i] + k] = any(alive[h] and Y[other[h]] for h in s.nodes)
        todo[i] = [base[i] + k for k in sorted(sets, key=lambda k: (-depth[k], k))]
    if not todo:
        return True
    rounds, settled = 0, False
    # a player's pass depends on the other's behaviour only (his own deeper sets come
    # first in the pass, and beliefs skip his own moves): when the other has not
    # changed since the player's last pass, repeating it would change nothing
    step, passed, changed_at = 0, {}, {0: 0, 1: 0}
    while not settled and rounds < max_rounds:
        rounds += 1
        changed = []
        for i, gids in todo.items():
            step += 1
            if i in passed and changed_at[1 - i] < passed[i]:
                changed.append(False)
                continue
            passed[i] = step
            memo: dict[int, Fraction] = {}
            moved = False
            for g in gids:
                s = game.infoset(g)
                m = len(s.actions)
                if reached_by_others[g]:
                    a = choices[i][g - base[i]]
                else:
                    mu = _tremble_belief(game, s.nodes, flat, i, kind, who, gid, parent, pact)
                    value = [sum((x * _value(game, kids[h][b], flat, i, kind, gid, kids, memo)
                                  for h, x in mu.items()), Fraction(0)) for b in range(m)]
                    best = max(value)
                    a = next(b for b, v in enumerate(value) if v >= best)
                pure = tuple(ONE if b == a else ZERO for b in range(m))
                if pure != tuple(flat[g]):
                    flat[g] = pure
                    moved = True
            if moved:
                changed_at[i] = step
            changed.append(moved)
        settled = len(todo) == 1 or not any(changed)
    return settled
